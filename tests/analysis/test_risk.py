"""Churn early warning: each signal on a small hand-computed account, with its evidence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.account import analyze_account
from graph.analysis.health import account_health, person_health
from graph.analysis.params import AnalysisParams
from graph.analysis.power import power_scores
from graph.analysis.purchases import purchase_history
from graph.analysis.results import Risk
from graph.model import (
    Account,
    AccountGraph,
    Assessment,
    Interaction,
    Order,
    Relationship,
    TeamMember,
    Ticket,
)
from tests.factories import account_graph, person

TODAY = date(2026, 11, 23)
# These accounts specify trend signals (scores, orders, tickets, departures); where
# their team stands is not their subject, so the relationship-position signals of
# issue 20 (tested in test_guidance.py) are left out here.
PARAMS = AnalysisParams(as_of=TODAY, relationship_signals=False)
WITH_POSITION = AnalysisParams(as_of=TODAY)


def risk_of(graph: AccountGraph, **options: object) -> Risk:
    return analyze_account(graph, PARAMS, **options).health.risk  # type: ignore[arg-type]


def orders_every(days: int, start: date, end: date, amount: float = 1000.0) -> list[Order]:
    """One order every `days` days from `start` up to `end`."""
    found, day = [], start
    while day <= end:
        found.append(Order(account_id="a", date=day, amount=amount, product="licence"))
        day += timedelta(days=days)
    return found


def trust(day: date, score: int, who: str = "ceo") -> Assessment:
    return Assessment(account_id="a", date=day, stakeholder=who, trust=score)


def slipping_account(*, slipping: bool) -> AccountGraph:
    """A CEO and a CFO. Over the year before TODAY the client ordered twice a
    month; in the slipping version the last two quarters bring one order every
    ~5 weeks, and trust falls from 4 (2026-Q2) to 2 (2026-Q4)."""
    window = timedelta(days=182)
    steady = orders_every(15, TODAY - 2 * window + timedelta(days=1), TODAY - window)
    recent = (
        orders_every(38, TODAY - window + timedelta(days=1), TODAY)
        if slipping
        else orders_every(15, TODAY - window + timedelta(days=1), TODAY)
    )
    return account_graph(
        stakeholders=(
            person("a", "ceo", "Zhou Min", roles="decision_maker", seniority="executive"),
            person("a", "cfo", "Wang Wei", roles="economic_buyer", seniority="executive"),
        ),
        orders=tuple(steady + recent),
        assessments=(
            trust(date(2026, 5, 12), 4),
            trust(date(2026, 5, 12), 4, "cfo"),
            trust(date(2026, 11, 2), 2 if slipping else 4),
            trust(date(2026, 11, 2), 2 if slipping else 4, "cfo"),
        ),
    )


def test_falling_orders_and_trust_over_two_quarters_flag_the_account_with_evidence() -> None:
    graph = slipping_account(slipping=True)
    history = purchase_history(graph, PARAMS)
    # By hand: 12 orders in (TODAY−364, TODAY−182] every 15 days from day 1;
    # 5 in the last 182 days every 38 days. A month is 182/30.44 = 5.979 of a window.
    assert (history.previous_orders, history.recent_orders) == (13, 5)
    assert history.previous_per_month == pytest.approx(13 / (182 / 30.44))
    assert history.recent_per_month == pytest.approx(5 / (182 / 30.44))
    risk = risk_of(graph)
    assert risk.level == "high"
    by_kind = {s.kind: s for s in risk.signals}
    assert set(by_kind) >= {"order_frequency_drop", "order_value_drop", "dimension_drop"}
    orders = by_kind["order_frequency_drop"]
    # 13 → 5 orders is a 62% fall: past 40% (medium), short of 70% (high).
    assert orders.level == "medium"
    assert orders.explanation == (
        "order frequency fell from 2.2 to 0.8 a month over the last two quarters "
        "(13 orders before, 5 since)"
    )
    assert orders.evidence["orders_before"] == 13 and orders.evidence["orders_after"] == 5
    falling_trust = by_kind["dimension_drop"]
    assert falling_trust.level == "high"  # 4 → 2 is two whole points
    assert (
        falling_trust.explanation == "trust fell from 4.0 to 2.0 (of 5) between 2026-Q2 and 2026-Q4"
    )
    assert falling_trust.evidence == {
        "dimension": "trust",
        "from": "2026-Q2",
        "to": "2026-Q4",
        "before": 4.0,
        "after": 2.0,
    }
    # The level is explained by the signals behind it.
    assert risk.explanation.startswith("high, ")
    for signal in risk.signals:
        assert signal.explanation in risk.explanation


def test_an_account_whose_numbers_hold_is_not_at_risk() -> None:
    risk = risk_of(slipping_account(slipping=False))
    assert risk.level == "low" and risk.signals == []
    assert risk.explanation == "low: no churn signals"


def test_a_marked_drop_between_quarters_is_a_high_risk_with_evidence() -> None:
    graph = account_graph(
        stakeholders=(person("a", "x", roles="decision_maker"),),
        assessments=(
            Assessment(account_id="a", date=date(2026, 5, 10), stakeholder="x", trust=5, loyalty=5),
            Assessment(account_id="a", date=date(2026, 8, 10), stakeholder="x", trust=2, loyalty=2),
        ),
    )
    health, _ = account_health(graph, power_scores(graph, PARAMS), PARAMS)
    assert health.by_period == {"2026-Q2": 100.0, "2026-Q3": 25.0}
    assert health.trend == pytest.approx(-75.0)
    assert health.dimensions["trust"] == {"2026-Q2": 5.0, "2026-Q3": 2.0}
    risk = risk_of(graph)
    assert risk.level == "high"
    kinds = [s.kind for s in risk.signals]
    assert "health_drop" in kinds and "key_person_cooling" in kinds
    drop = next(s for s in risk.signals if s.kind == "health_drop")
    assert drop.evidence["from"] == "2026-Q2"


def test_steady_scores_are_low_risk() -> None:
    graph = account_graph(
        stakeholders=(person("a", "x"),),
        assessments=(trust(date(2026, 5, 10), 4, "x"), trust(date(2026, 8, 10), 4, "x")),
    )
    analysis = analyze_account(graph, PARAMS)
    assert analysis.health.risk.level == "low" and analysis.health.trend == 0.0


def test_scored_interviews_and_focus_groups_count_as_measurements() -> None:
    # A focus group with both people scoring trust 5 and communication 3 → mean 4 → 75;
    # no interaction member, but the event itself is 0 days old → recency 100.
    # Health = 0.7·75 + 0.3·100 = 82.5 for each participant.
    graph = account_graph(
        stakeholders=(person("a", "x"), person("a", "y")),
        interactions=(
            Interaction(
                account_id="a",
                date=TODAY,
                stakeholders=("x", "y"),
                type="focus_group",
                note="both want faster support",
                trust=5,
                communication=3,
            ),
        ),
    )
    health = person_health(graph, PARAMS)
    assert health == {"x": pytest.approx(82.5), "y": pytest.approx(82.5)}


def test_one_severe_ticket_is_medium_and_a_critical_one_high() -> None:
    people = (person("a", "x"),)
    high = Ticket(account_id="a", id="T-1", date=TODAY - timedelta(days=40), severity="high")
    closed = Ticket(
        account_id="a", id="T-0", date=date(2026, 1, 1), severity="critical", status="closed"
    )
    risk = risk_of(account_graph(stakeholders=people, tickets=(high, closed)))
    (signal,) = risk.signals
    assert (signal.kind, signal.level) == ("severe_tickets_open", "medium")
    assert signal.explanation == "1 severe ticket is open; the oldest, T-1, for 40 days"
    critical = Ticket(account_id="a", id="T-2", date=TODAY, severity="critical", subject="outage")
    risk = risk_of(account_graph(stakeholders=people, tickets=(high, critical)))
    assert risk.level == "high"
    assert risk.signals[0].evidence == {
        "open_severe": 2,
        "critical": 1,
        "oldest": "T-1",
        "oldest_days": 40,
    }


def test_our_strongest_contact_leaving_is_high_and_a_coach_leaving_medium() -> None:
    members = (TeamMember(account_id="a", id="m", name="Our Rep"),)
    people = (
        person("a", "x", "Li Na", status="left"),
        person("a", "y", "Sun Hao", roles="coach", status="left"),
        person("a", "z", "Qian Li"),
    )
    relationships = (
        Relationship(account_id="a", member="m", stakeholder="x", strength=5, last_contact=TODAY),
        Relationship(account_id="a", member="m", stakeholder="z", strength=3, last_contact=TODAY),
    )
    risk = risk_of(account_graph(stakeholders=people, members=members, relationships=relationships))
    left = {s.evidence["stakeholder"]: (s.level, s.explanation) for s in risk.signals}
    assert left == {
        "x": ("high", "Li Na (our strongest relationship here, strength 5) has left the client"),
        "y": ("medium", "Sun Hao (our coach) has left the client"),
    }


def test_a_key_person_we_have_not_touched_for_a_quarter_is_cooling() -> None:
    members = (TeamMember(account_id="a", id="m", name="Our Rep"),)
    people = (person("a", "ceo", "Zhou Min", roles="decision_maker", seniority="executive"),)
    old = TODAY - timedelta(days=120)
    rel = Relationship(account_id="a", member="m", stakeholder="ceo", strength=4, last_contact=old)
    risk = risk_of(account_graph(stakeholders=people, members=members, relationships=(rel,)))
    (signal,) = risk.signals
    # warmth = 4/5 · 0.5^(120/90) = 0.3175
    assert signal.kind == "key_relationship_cooling"
    assert signal.explanation == (
        "Zhou Min (power 1.00): 120 days since our last touch (Our Rep, strength 4), "
        "warmth down to 0.32"
    )


def test_opponents_gaining_power_against_the_baseline() -> None:
    people = (
        person("a", "ceo", "Zhou Min", roles="decision_maker", seniority="executive"),
        person("a", "cto", "Li Na", roles="technical_evaluator", seniority="senior"),
    )
    then = account_graph(stakeholders=people)
    now = account_graph(
        stakeholders=(
            people[0],
            person(
                "a",
                "cto",
                "Li Na",
                roles="technical_evaluator",
                seniority="senior",
                stance="opponent",
            ),
        )
    )
    assert risk_of(now).signals == []  # without a baseline it is not judged
    (signal,) = risk_of(now, baseline=then).signals
    power = power_scores(now, PARAMS)
    share = power["cto"] / (power["cto"] + power["ceo"])
    assert signal.kind == "opponents_gaining"
    assert signal.evidence["share_before"] == 0.0
    assert signal.evidence["share_after"] == pytest.approx(round(share, 3))
    assert "Li Na" in signal.explanation
    assert risk_of(now, baseline=now).signals == []


def test_three_medium_signals_together_make_a_high_risk() -> None:
    members = (TeamMember(account_id="a", id="m", name="Our Rep"),)
    people = (
        person("a", "ceo", "Zhou Min", roles="decision_maker", seniority="executive"),
        person("a", "coach", "Sun Hao", roles="coach", status="left"),
    )
    old = TODAY - timedelta(days=120)
    relationships = (
        Relationship(account_id="a", member="m", stakeholder="ceo", strength=4, last_contact=old),
        Relationship(account_id="a", member="m", stakeholder="coach", strength=3),
    )
    ticket = Ticket(account_id="a", id="T-1", date=TODAY, severity="high")
    risk = risk_of(
        account_graph(
            stakeholders=people, members=members, relationships=relationships, tickets=(ticket,)
        )
    )
    assert [s.level for s in risk.signals] == ["medium"] * 3
    assert risk.level == "high"
    assert risk.explanation.startswith("high (3 medium signals together), 3 signals: ")


_LEVEL = {"low": 0, "medium": 1, "high": 2}


@settings(max_examples=60, deadline=None)
@given(
    severities=st.lists(st.sampled_from(["low", "medium", "high", "critical"]), max_size=5),
    extra=st.sampled_from(["low", "medium", "high", "critical"]),
    days=st.integers(min_value=0, max_value=400),
)
def test_another_open_ticket_never_lowers_the_risk(
    severities: list[str], extra: str, days: int
) -> None:
    people = (person("a", "x"),)
    tickets = tuple(
        Ticket(account_id="a", id=f"T-{i}", date=TODAY - timedelta(days=i), severity=s)
        for i, s in enumerate(severities)
    )
    before = risk_of(account_graph(stakeholders=people, tickets=tickets))
    more = (
        *tickets,
        Ticket(account_id="a", id="T-x", date=TODAY - timedelta(days=days), severity=extra),
    )
    after = risk_of(account_graph(stakeholders=people, tickets=more))
    assert _LEVEL[after.level] >= _LEVEL[before.level]
    assert len(after.signals) >= len(before.signals)


@pytest.mark.parametrize("seed", range(6))
def test_the_portfolio_row_is_the_full_analysis_row(seed: int) -> None:
    from graph.analysis.portfolio import portfolio, portfolio_row, row_of
    from tests.data.generator import organisation
    from tests.factories import graph_of

    graph = graph_of(organisation("acme", 40, seed=seed), Account(id="acme", name="Acme"))
    baseline = graph_of(organisation("acme", 40, seed=seed + 100), Account(id="acme", name="Acme"))
    quick = portfolio_row(graph, WITH_POSITION, baseline=baseline)
    assert quick == row_of(analyze_account(graph, WITH_POSITION, baseline=baseline))
    assert quick.stakeholders == len([p for p in graph.stakeholders if p.status.value == "active"])
    overview = portfolio([quick])
    assert overview.reps[0].accounts == 1


def test_the_portfolio_puts_the_riskiest_account_first_with_its_dimensions() -> None:
    from graph.analysis.portfolio import portfolio, portfolio_row

    rows = [
        portfolio_row(slipping_account(slipping=False), PARAMS),
        portfolio_row(
            slipping_account(slipping=True).model_copy(
                update={"account": Account(id="b", name="B")}
            ),
            PARAMS,
        ),
    ]
    ranked = portfolio(rows).accounts
    assert [r.risk for r in ranked] == ["high", "low"]
    assert ranked[0].trust == 2.0 and ranked[1].trust == 4.0
    assert ranked[0].satisfaction is None
    assert "order_frequency_drop" in ranked[0].risk_signals
