"""Churn early warning: the signals that an account is slipping, each with its evidence.

Every signal is a sentence built from the data, a level (medium or high) and
the numbers behind it. Thresholds are `AnalysisParams` fields (defaults in
brackets); all can be overridden per call.

Signals
-------
- `health_drop`: account health (health.py) fell between the two latest
  measured quarters by ≥ risk_drop_medium (7) points: medium; ≥ risk_drop_high
  (15): high.
- `low_health`: account health < risk_low_health (50): medium.
- `dimension_drop`: trust, satisfaction, communication or loyalty (power-weighted
  quarter means on the 1..5 scale) fell between the two latest quarters in
  which that dimension was measured by ≥ dimension_drop_medium (0.5): medium;
  ≥ dimension_drop_high (1.0): high. One signal per falling dimension.
- `key_person_cooling`: someone with power ≥ key_power scored ≥ key_person_drop
  (15) points lower in their latest measurement than in the one before: medium.
- `key_relationship_cooling`: someone with power ≥ key_power whom we know at
  least as a working relationship (strength ≥ 3) has not been touched for
  ≥ stale_days (90): medium.
- `key_contact_left`: a stakeholder who left while we held a relationship of
  strength ≥ key_contact_strength (4) with them, or who was our coach: medium;
  high when they were our strongest relationship at the account.
- `opponents_gaining`: the share of total power held by skeptics and opponents
  rose by ≥ opponent_gain (0.10) against the account as it was baseline_days
  (91) ago (needs that baseline, rebuilt from history): medium.
- `order_frequency_drop`: with ≥ order_min_previous (2) orders in the earlier
  window (purchases.py), orders a month fell by ≥ order_drop_medium (40%):
  medium; by ≥ order_drop_high (70%): high.
- `order_value_drop`: the same on the windows' total order value.
- `severe_tickets_open`: open tickets of severity high or critical: one is
  medium; ≥ severe_tickets_high (3), or any critical one, high.

Relationship position (with `relationship_signals`, on by default): where the
team stands matters as much as trends. A new account nobody knows is at risk.
- `key_people_unknown`: people with power ≥ key_power with whom nobody on our
  team has any relationship or logged contact (warmth 0): medium; high when that
  is every key person.
- `opponent_unworked`: skeptics or opponents with power ≥ opponent_power whom we
  barely know (warmth < low_warmth): medium, one signal naming them all.
- `no_coach`: no active coach recorded, or coaches recorded but none with any
  relationship with our team: medium.
- `single_threaded`: one team member or one contact carries most of the
  coverage (coverage.py): medium.
- `low_coverage`: account coverage below low_coverage (25%), with anyone to
  cover: medium.

The account's level is the highest of its signals, raised to high when
≥ escalate_mediums (3) medium signals come together (each alone is a worry,
together a pattern); the relationship-position signals count once among them,
since they describe one situation from several sides and usually come together
(else every account the team barely knows would read high, and a portfolio
sorted by risk would tell a manager nothing). Low with no signal.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.analysis import wording
from graph.analysis.coverage import best_contacts, coverage
from graph.analysis.health import Measurements, measurements
from graph.analysis.params import AnalysisParams
from graph.analysis.purchases import purchase_history
from graph.analysis.results import (
    CoverageResult,
    HealthResult,
    PurchaseHistory,
    Risk,
    RiskLevel,
    RiskSignal,
)
from graph.model import SCORE_FIELDS, AccountGraph
from graph.vocabulary import Role, Stance, Status, TicketSeverity

_LEVEL_ORDER: dict[RiskLevel, int] = {"low": 0, "medium": 1, "high": 2}
_AGAINST = (Stance.skeptic, Stance.opponent)


def churn_risk(
    graph: AccountGraph,
    power: dict[str, float],
    health: HealthResult,
    params: AnalysisParams,
    *,
    purchases: PurchaseHistory | None = None,
    baseline_power: dict[str, float] | None = None,
    baseline: AccountGraph | None = None,
    measured: Measurements | None = None,
    covered: CoverageResult | None = None,
) -> Risk:
    """Every churn signal of the account, most severe first, and the level they
    make (module docstring). `baseline` is the account `baseline_days` ago, with
    its power in `baseline_power`; without it, `opponents_gaining` is not judged.
    `purchases`, `measured` and `covered` may pass what the caller already computed."""
    purchases = purchases or purchase_history(graph, params)
    measured = measurements(graph, params.as_of) if measured is None else measured
    signals = [
        *_health_signals(health, params),
        *_dimension_signals(health, params),
        *_key_person_signals(graph, power, measured, params),
        *_cooling_signals(graph, power, params),
        *_departure_signals(graph, params),
        *_order_signals(purchases, params),
        *_ticket_signals(graph, purchases, params),
    ]
    if baseline is not None and baseline_power is not None:
        signals.extend(_opponent_signals(graph, power, baseline, baseline_power, params))
    if params.relationship_signals:
        covered = coverage(graph, power, params) if covered is None else covered
        signals.extend(_position_signals(graph, power, covered, params))
    signals.sort(key=lambda s: -_LEVEL_ORDER[s.level])
    return _judged(signals, params)


POSITION_KINDS = frozenset(
    {"key_people_unknown", "opponent_unworked", "no_coach", "single_threaded", "low_coverage"}
)
"""Signals of the relationship position, which count once towards escalation."""


def _judged(signals: list[RiskSignal], params: AnalysisParams) -> Risk:
    lang = params.lang
    if not signals:
        return Risk(level="low", signals=[], explanation=wording.say(lang, "risk_none"))
    level: RiskLevel = max((s.level for s in signals), key=lambda lv: _LEVEL_ORDER[lv])
    # The relationship-position signals describe one situation (the team barely knows
    # the account) from several sides and usually come together: they count once.
    mediums = sum(s.level == "medium" and s.kind not in POSITION_KINDS for s in signals) + any(
        s.level == "medium" and s.kind in POSITION_KINDS for s in signals
    )
    reason = ""
    if level == "medium" and mediums >= params.escalate_mediums:
        level = "high"
        reason = wording.say(lang, "risk_escalated", n=mediums)
    explanation = wording.say(
        lang,
        "risk",
        level=wording.risk_level(lang, level),
        reason=reason,
        n=len(signals),
        listed=wording.separator(lang, "clauses").join(s.explanation for s in signals),
    )
    return Risk(level=level, signals=signals, explanation=explanation)


def _health_signals(health: HealthResult, params: AnalysisParams) -> Iterator[RiskSignal]:
    labels = list(health.by_period)
    trend = health.trend
    if trend is not None and trend <= -params.risk_drop_medium:
        before, after = health.by_period[labels[-2]], health.by_period[labels[-1]]
        yield RiskSignal(
            kind="health_drop",
            level="high" if trend <= -params.risk_drop_high else "medium",
            explanation=wording.say(
                params.lang,
                "health_drop",
                drop=abs(trend),
                a=labels[-2],
                before=before,
                b=labels[-1],
                after=after,
            ),
            evidence={
                "from": labels[-2],
                "to": labels[-1],
                "before": round(before, 1),
                "after": round(after, 1),
            },
        )
    if health.score is not None and health.score < params.risk_low_health:
        yield RiskSignal(
            kind="low_health",
            level="medium",
            explanation=wording.say(
                params.lang, "low_health", health=health.score, threshold=params.risk_low_health
            ),
            evidence={"health": round(health.score, 1), "threshold": params.risk_low_health},
        )


def _dimension_signals(health: HealthResult, params: AnalysisParams) -> Iterator[RiskSignal]:
    for name in SCORE_FIELDS:
        periods = health.dimensions.get(name, {})
        labels = list(periods)
        if len(labels) < 2:
            continue
        before, after = periods[labels[-2]], periods[labels[-1]]
        drop = before - after
        if drop < params.dimension_drop_medium:
            continue
        yield RiskSignal(
            kind="dimension_drop",
            level="high" if drop >= params.dimension_drop_high else "medium",
            explanation=wording.say(
                params.lang,
                "dimension_drop",
                dimension=wording.dimension(params.lang, name),
                before=before,
                after=after,
                a=labels[-2],
                b=labels[-1],
            ),
            evidence={
                "dimension": name,
                "from": labels[-2],
                "to": labels[-1],
                "before": round(before, 2),
                "after": round(after, 2),
            },
        )


def _key_person_signals(
    graph: AccountGraph, power: dict[str, float], measured: Measurements, params: AnalysisParams
) -> Iterator[RiskSignal]:
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        if power[pid] < params.key_power:
            continue
        scores = measured.by_person.get(pid, {})
        if len(scores) < 2:
            continue
        dated = sorted(scores)
        before = sum(scores[dated[-2]]) / len(scores[dated[-2]])
        after = sum(scores[dated[-1]]) / len(scores[dated[-1]])
        if before - after >= params.key_person_drop:
            name = graph.stakeholder_by_id[pid].name
            yield RiskSignal(
                kind="key_person_cooling",
                level="medium",
                explanation=wording.say(
                    params.lang,
                    "key_person_cooling",
                    name=name,
                    power=power[pid],
                    after=after,
                    day=dated[-1],
                    before=before,
                    earlier=dated[-2],
                ),
                evidence={
                    "stakeholder": pid,
                    "before": round(before, 1),
                    "after": round(after, 1),
                    "date": dated[-1].isoformat(),
                },
            )


def _cooling_signals(
    graph: AccountGraph, power: dict[str, float], params: AnalysisParams
) -> Iterator[RiskSignal]:
    contacts = best_contacts(graph, params)
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        contact = contacts.get(pid)
        if power[pid] < params.key_power or contact is None or contact.strength < 3:
            continue
        if contact.last_touch is None:
            continue
        age = (params.as_of - contact.last_touch).days
        if age < params.stale_days:
            continue
        member = graph.member_name(contact.member)
        yield RiskSignal(
            kind="key_relationship_cooling",
            level="medium",
            explanation=wording.say(
                params.lang,
                "key_relationship_cooling",
                name=graph.stakeholder_by_id[pid].name,
                power=power[pid],
                age=age,
                member=member,
                strength=contact.strength,
                warmth=contact.warmth,
            ),
            evidence={
                "stakeholder": pid,
                "days": age,
                "last_touch": contact.last_touch.isoformat(),
                "warmth": round(contact.warmth, 3),
            },
        )


def _departure_signals(graph: AccountGraph, params: AnalysisParams) -> Iterator[RiskSignal]:
    strongest: dict[str, int] = {}
    for rel in graph.relationships:
        strongest[rel.stakeholder] = max(strongest.get(rel.stakeholder, 0), rel.strength)
    top = max(strongest.values(), default=0)
    for person in sorted(graph.stakeholders, key=lambda p: p.id):
        if person.status is not Status.left:
            continue
        strength = strongest.get(person.id, 0)
        coach = Role.coach in person.roles
        if strength < params.key_contact_strength and not coach:
            continue
        was_strongest = strength > 0 and strength == top
        what = []
        if coach:
            what.append(wording.say(params.lang, "our_coach"))
        if was_strongest:
            what.append(wording.say(params.lang, "our_strongest", strength=strength))
        elif strength:
            what.append(wording.say(params.lang, "relationship_strength", strength=strength))
        yield RiskSignal(
            kind="key_contact_left",
            level="high" if was_strongest else "medium",
            explanation=wording.say(
                params.lang,
                "contact_left",
                name=person.name,
                what=wording.separator(params.lang, "clauses").join(what),
            ),
            evidence={"stakeholder": person.id, "strength": strength, "coach": str(coach).lower()},
        )


def _against_share(graph: AccountGraph, power: dict[str, float]) -> float:
    total = sum(power.values())
    if total <= 0:
        return 0.0
    people = graph.stakeholder_by_id
    return sum(p for pid, p in power.items() if people[pid].stance in _AGAINST) / total


def _opponent_signals(
    graph: AccountGraph,
    power: dict[str, float],
    baseline: AccountGraph,
    baseline_power: dict[str, float],
    params: AnalysisParams,
) -> Iterator[RiskSignal]:
    if not baseline_power:
        return  # the account had nobody then: nothing to compare with
    before, after = _against_share(baseline, baseline_power), _against_share(graph, power)
    if after - before < params.opponent_gain:
        return
    people = graph.stakeholder_by_id
    against = sorted(
        (pid for pid in power if people[pid].stance in _AGAINST), key=lambda i: (-power[i], i)
    )
    names = wording.separator(params.lang, "list").join(
        wording.say(params.lang, "name_power", name=people[pid].name, power=power[pid])
        for pid in against[:3]
    )
    yield RiskSignal(
        kind="opponents_gaining",
        level="medium",
        explanation=wording.say(
            params.lang,
            "opponents_gaining",
            after=after,
            before=before,
            days=params.baseline_days,
            names=names,
        ),
        evidence={
            "share_before": round(before, 3),
            "share_after": round(after, 3),
            "days": params.baseline_days,
        },
    )


def _drop_level(before: float, after: float, params: AnalysisParams) -> RiskLevel | None:
    if before <= 0:
        return None
    fall = (before - after) / before
    if fall >= params.order_drop_high:
        return "high"
    if fall >= params.order_drop_medium:
        return "medium"
    return None


def _order_signals(purchases: PurchaseHistory, params: AnalysisParams) -> Iterator[RiskSignal]:
    if purchases.previous_orders < params.order_min_previous:
        return
    span = (
        wording.say(params.lang, "two_quarters")
        if params.order_window_days == 182
        else wording.say(params.lang, "last_days", days=params.order_window_days)
    )
    level = _drop_level(purchases.previous_per_month, purchases.recent_per_month, params)
    if level is not None:
        yield RiskSignal(
            kind="order_frequency_drop",
            level=level,
            explanation=wording.say(
                params.lang,
                "order_frequency_drop",
                before=purchases.previous_per_month,
                after=purchases.recent_per_month,
                span=span,
                n_before=purchases.previous_orders,
                n_after=purchases.recent_orders,
            ),
            evidence={
                "before_per_month": round(purchases.previous_per_month, 2),
                "after_per_month": round(purchases.recent_per_month, 2),
                "orders_before": purchases.previous_orders,
                "orders_after": purchases.recent_orders,
                "window_days": params.order_window_days,
            },
        )
    level = _drop_level(purchases.previous_value, purchases.recent_value, params)
    if level is not None:
        fall = 1 - purchases.recent_value / purchases.previous_value
        yield RiskSignal(
            kind="order_value_drop",
            level=level,
            explanation=wording.say(
                params.lang,
                "order_value_drop",
                fall=fall,
                before=purchases.previous_value,
                after=purchases.recent_value,
                span=span,
            ),
            evidence={
                "before": round(purchases.previous_value, 2),
                "after": round(purchases.recent_value, 2),
                "window_days": params.order_window_days,
            },
        )


def _ticket_signals(
    graph: AccountGraph, purchases: PurchaseHistory, params: AnalysisParams
) -> Iterator[RiskSignal]:
    severe = purchases.open_severe_tickets
    if not severe:
        return
    tickets = {t.id: t for t in graph.tickets}
    oldest = tickets[severe[0]]
    critical = [tid for tid in severe if tickets[tid].severity is TicketSeverity.critical]
    level: RiskLevel = "high" if critical or len(severe) >= params.severe_tickets_high else "medium"
    age = (params.as_of - oldest.date).days
    lang = params.lang
    yield RiskSignal(
        kind="severe_tickets_open",
        level=level,
        explanation=wording.say(
            lang,
            "severe_tickets",
            n=len(severe),
            critical=wording.say(lang, "critical_tickets", n=len(critical)) if critical else "",
            oldest=oldest.id,
            subject=wording.say(lang, "ticket_subject", subject=oldest.subject)
            if oldest.subject
            else "",
            age=age,
        ),
        evidence={
            "open_severe": len(severe),
            "critical": len(critical),
            "oldest": oldest.id,
            "oldest_days": age,
        },
    )


def _position_signals(
    graph: AccountGraph, power: dict[str, float], covered: CoverageResult, params: AnalysisParams
) -> Iterator[RiskSignal]:
    """Where our team stands (module docstring, "Relationship position")."""
    if not power:
        return
    lang, people, warmth = params.lang, graph.stakeholder_by_id, covered.warmth
    ranked = sorted(power, key=lambda i: (-power[i], i))
    key = [pid for pid in ranked if power[pid] >= params.key_power]
    unknown = [pid for pid in key if warmth.get(pid, 0.0) <= 0.0]
    if unknown:
        names = wording.separator(lang, "list").join(
            wording.say(lang, "name_power", name=people[pid].name, power=power[pid])
            for pid in unknown[:3]
        )
        more = wording.say(lang, "and_more", n=len(unknown) - 3) if len(unknown) > 3 else ""
        yield RiskSignal(
            kind="key_people_unknown",
            level="high" if len(unknown) == len(key) else "medium",
            explanation=wording.say(
                lang, "key_people_unknown", n=len(unknown), total=len(key), names=names + more
            ),
            evidence={
                "unknown": len(unknown),
                "key_people": len(key),
                "stakeholders": ";".join(unknown),
            },
        )
    unworked = [
        pid
        for pid in ranked
        if people[pid].stance.score < 0
        and power[pid] >= params.opponent_power
        and warmth.get(pid, 0.0) < params.low_warmth
    ]
    if unworked:
        listed = wording.separator(lang, "list").join(
            wording.say(
                lang,
                "name_stance_power",
                name=people[pid].name,
                stance=wording.label(lang, people[pid].stance),
                power=power[pid],
                warmth=warmth.get(pid, 0.0),
            )
            for pid in unworked
        )
        yield RiskSignal(
            kind="opponent_unworked",
            level="medium",
            explanation=wording.say(lang, "opponent_unworked", n=len(unworked), names=listed),
            evidence={
                "unworked": len(unworked),
                "stakeholders": ";".join(unworked),
                "strongest_power": round(power[unworked[0]], 3),
            },
        )
    coaches = [pid for pid in ranked if Role.coach in people[pid].roles]
    if not coaches or all(warmth.get(pid, 0.0) <= 0.0 for pid in coaches):
        names = wording.separator(lang, "list").join(people[pid].name for pid in coaches)
        yield RiskSignal(
            kind="no_coach",
            level="medium",
            explanation=wording.say(lang, "coach_not_known", names=names)
            if coaches
            else wording.say(lang, "no_coach"),
            evidence={"coaches": ";".join(coaches)},
        )
    single = next((g for g in covered.gaps if g.kind == "single_threaded"), None)
    if single is not None:
        yield RiskSignal(
            kind="single_threaded",
            level="medium",
            explanation=wording.say(lang, "single_threaded_risk", detail=single.explanation),
            evidence={"member": single.member, "stakeholder": single.stakeholder},
        )
    if covered.score < params.low_coverage:
        yield RiskSignal(
            kind="low_coverage",
            level="medium",
            explanation=wording.say(
                lang, "low_coverage", coverage=covered.score, threshold=params.low_coverage
            ),
            evidence={"coverage": round(covered.score, 3), "threshold": params.low_coverage},
        )
