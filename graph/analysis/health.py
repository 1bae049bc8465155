"""Relationship health (关系衡量): per person and per account, with trend and risk.

Formulas
--------
Assessment score of one assessment: the mean of its given scores (1..5) mapped
to 0..100, i.e. (mean − 1)/4 · 100.

Person health, 0..100:

    health(i) = s · A(i) + (1 − s) · R(i)      s = assessment_share (0.7)

A(i) is the score of i's latest assessment (the mean when several share that
date); R(i) = 100 · 0.5^(days since our last interaction with i / half_life).
With only one of A, R, health is that one; with neither it is unknown (None).

Account health is the power-weighted mean person health over people with a
health. By period: per calendar quarter, the power-weighted mean assessment
score of the people assessed in it. Trend is the latest quarter minus the one
before (points).

Risk signals (each carries its evidence):
- `health_drop` high when trend ≤ −risk_drop_high, medium when ≤ −risk_drop_medium;
- `low_health` medium when account health < risk_low_health;
- `key_person_cooling` medium when someone with power ≥ key_power scored at
  least key_person_drop (15) points lower in their latest assessment than in
  the one before.
The account's level is the highest of its signals (low with none).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import fmean

from graph.analysis.params import AnalysisParams
from graph.analysis.results import HealthResult, Risk, RiskLevel, RiskSignal
from graph.model import AccountGraph, Assessment

_LEVEL_ORDER: dict[RiskLevel, int] = {"low": 0, "medium": 1, "high": 2}


def assessment_score(assessment: Assessment) -> float:
    """(mean of the given 1..5 scores − 1)/4 · 100."""
    scores = (
        assessment.trust,
        assessment.satisfaction,
        assessment.communication,
        assessment.loyalty,
    )
    given = [score for score in scores if score is not None]
    return (sum(given) / len(given) - 1.0) / 4.0 * 100.0


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _by_person_and_date(graph: AccountGraph) -> dict[str, dict[date, list[float]]]:
    scores: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for assessment in graph.assessments:
        scores[assessment.stakeholder][assessment.date].append(assessment_score(assessment))
    return scores


def person_health(graph: AccountGraph, params: AnalysisParams) -> dict[str, float | None]:
    """Health of every stakeholder, 0..100 or None (module docstring)."""
    assessed = _by_person_and_date(graph)
    last_seen: dict[str, date] = {}
    for event in graph.interactions:
        if event.date > params.as_of:
            continue
        for pid in event.stakeholders:
            if pid not in last_seen or last_seen[pid] < event.date:
                last_seen[pid] = event.date
    health: dict[str, float | None] = {}
    for person in graph.stakeholders:
        dated = {d: v for d, v in assessed.get(person.id, {}).items() if d <= params.as_of}
        a = fmean(dated[max(dated)]) if dated else None
        seen = last_seen.get(person.id)
        r = 100.0 * 0.5 ** ((params.as_of - seen).days / params.half_life_days) if seen else None
        if a is not None and r is not None:
            health[person.id] = params.assessment_share * a + (1 - params.assessment_share) * r
        else:
            health[person.id] = a if a is not None else r
    return health


def _weighted(values: dict[str, float], power: dict[str, float]) -> float | None:
    weights = {pid: power[pid] for pid in values if pid in power}
    total = sum(weights.values())
    if total <= 0:
        return None
    return sum(values[pid] * w for pid, w in weights.items()) / total


def account_health(
    graph: AccountGraph, power: dict[str, float], params: AnalysisParams
) -> tuple[HealthResult, dict[str, float | None]]:
    """Account health, trend, risk; and every person's health."""
    people = person_health(graph, params)
    known = {pid: h for pid, h in people.items() if h is not None}
    score = _weighted(known, power)

    periods: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for assessment in graph.assessments:
        if assessment.date <= params.as_of:
            periods[quarter(assessment.date)][assessment.stakeholder].append(
                assessment_score(assessment)
            )
    by_period: dict[str, float] = {}
    for label in sorted(periods):
        value = _weighted({pid: fmean(v) for pid, v in periods[label].items()}, power)
        if value is not None:
            by_period[label] = value
    labels = list(by_period)
    trend = by_period[labels[-1]] - by_period[labels[-2]] if len(labels) >= 2 else None

    signals: list[RiskSignal] = []
    if trend is not None and trend <= -params.risk_drop_medium:
        level: RiskLevel = "high" if trend <= -params.risk_drop_high else "medium"
        signals.append(
            RiskSignal(
                kind="health_drop",
                level=level,
                explanation=f"relationship scores fell {abs(trend):.0f} points from {labels[-2]} "
                f"({by_period[labels[-2]]:.0f}) to {labels[-1]} ({by_period[labels[-1]]:.0f})",
                evidence={
                    "from": labels[-2],
                    "to": labels[-1],
                    "before": round(by_period[labels[-2]], 1),
                    "after": round(by_period[labels[-1]], 1),
                },
            )
        )
    if score is not None and score < params.risk_low_health:
        signals.append(
            RiskSignal(
                kind="low_health",
                level="medium",
                explanation=f"account health is {score:.0f}/100, below {params.risk_low_health:.0f}",
                evidence={"health": round(score, 1), "threshold": params.risk_low_health},
            )
        )
    assessed = _by_person_and_date(graph)
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        if power[pid] < params.key_power:
            continue
        dated = sorted(d for d in assessed.get(pid, {}) if d <= params.as_of)
        if len(dated) < 2:
            continue
        before, after = fmean(assessed[pid][dated[-2]]), fmean(assessed[pid][dated[-1]])
        if before - after >= params.key_person_drop:
            name = graph.stakeholder_by_id[pid].name
            signals.append(
                RiskSignal(
                    kind="key_person_cooling",
                    level="medium",
                    explanation=f"{name} (power {power[pid]:.2f}) scored {after:.0f} on {dated[-1]}, "
                    f"down from {before:.0f} on {dated[-2]}",
                    evidence={
                        "stakeholder": pid,
                        "before": round(before, 1),
                        "after": round(after, 1),
                        "date": dated[-1].isoformat(),
                    },
                )
            )
    level_now: RiskLevel = max(
        (s.level for s in signals), key=lambda lv: _LEVEL_ORDER[lv], default="low"
    )
    return HealthResult(
        score=score, trend=trend, by_period=by_period, risk=Risk(level=level_now, signals=signals)
    ), people
