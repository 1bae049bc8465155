"""The whole analysis of one account: the `analyze --json` document of DESIGN.md."""

from __future__ import annotations

from graph.analysis.actions import recommended_actions
from graph.analysis.activity import activity_strengths, with_derived_relationships
from graph.analysis.centrality import brokers
from graph.analysis.coverage import coverage
from graph.analysis.health import account_health, measurements
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import decision_chain
from graph.analysis.power import (
    hidden_influencers,
    key_decision_makers,
    listening_graph,
    power_explanation,
    power_scores,
    rank_by_power,
)
from graph.analysis.purchases import purchase_history
from graph.analysis.results import AccountAnalysis, AccountSummaryOut, PersonResult
from graph.analysis.risk import churn_risk
from graph.model import AccountGraph


def analyze_account(
    graph: AccountGraph,
    params: AnalysisParams | None = None,
    *,
    baseline: AccountGraph | None = None,
) -> AccountAnalysis:
    """Power, key people, brokers, chain, coverage, health, churn risk, purchases
    and actions for one account. `baseline` is the account as it was
    `params.baseline_days` earlier (from its history), for the signals that
    compare with the past; without it they are not judged."""
    params = params or AnalysisParams()
    from_activity = activity_strengths(
        graph, as_of=params.as_of, half_life_days=params.half_life_days, lang=params.lang
    )
    # Where no strength was entered, the one measured from activity stands in.
    graph = with_derived_relationships(graph, from_activity)
    informs = listening_graph(graph, params)
    power = power_scores(graph, params, informs=informs)
    broker_ids, between = brokers(informs, power, params)
    covered = coverage(graph, power, params)
    measured = measurements(graph, params.as_of)
    health, person_health = account_health(graph, power, params, measured)
    purchases = purchase_history(graph, params)
    risk = churn_risk(
        graph,
        power,
        health,
        params,
        purchases=purchases,
        baseline=baseline,
        baseline_power=None if baseline is None else power_scores(baseline, params),
        measured=measured,
        covered=covered,
    )
    health = health.model_copy(update={"risk": risk})
    people = graph.stakeholder_by_id
    ranked = rank_by_power(power)
    stakeholders = [
        PersonResult(
            id=pid,
            name=people[pid].name,
            title=people[pid].title,
            power=power[pid],
            rank=position,
            roles=list(people[pid].roles),
            stance=people[pid].stance,
            warmth=covered.warmth[pid],
            betweenness=between.get(pid, 0.0),
            health=person_health.get(pid),
            explanation=power_explanation(graph, informs, power, pid, params.lang),
        )
        for position, pid in enumerate(ranked, start=1)
    ]
    account = graph.account
    return AccountAnalysis(
        account=AccountSummaryOut(
            id=account.id, name=account.name, owner=account.owner, tier=account.tier.value
        ),
        as_of=params.as_of,
        stakeholders=stakeholders,
        key_decision_makers=key_decision_makers(power, params),
        brokers=broker_ids,
        hidden_influencers=hidden_influencers(graph, power, params),
        decision_chain=decision_chain(graph, power, params, informs=informs),
        coverage=covered,
        health=health,
        purchases=purchases,
        actions=recommended_actions(graph, power, covered, params, informs=informs),
        activity=from_activity,
    )
