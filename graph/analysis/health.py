"""Relationship health (关系衡量): per person and per account, by period and dimension.

Measurements
------------
A measurement is an assessment, or an interaction that carries scores (an
interview, focus group or survey with trust, satisfaction, communication or
loyalty 1..5): a scored interaction measures each stakeholder in it.

Formulas
--------
Score of one measurement: the mean of its given scores (1..5) mapped to 0..100,
i.e. (mean − 1)/4 · 100.

Person health, 0..100:

    health(i) = s · A(i) + (1 − s) · R(i)      s = assessment_share (0.7)

A(i) is the score of i's latest measurement (the mean when several share that
date); R(i) = 100 · 0.5^(days since our last interaction with i / half_life).
With only one of A, R, health is that one; with neither it is unknown (None).

Account health is the power-weighted mean person health over people with a
health. By period: per calendar quarter, the power-weighted mean measurement
score of the people measured in it. Trend is the latest quarter minus the one
before (points). Per dimension (trust, satisfaction, communication, loyalty):
per quarter, the power-weighted mean of that dimension's 1..5 answers of the
people who gave one (a person measured twice in a quarter counts by their mean).

The risk signals built on these numbers are in `graph/analysis/risk.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from statistics import fmean
from typing import NamedTuple

from graph.analysis.params import AnalysisParams
from graph.analysis.results import HealthResult
from graph.model import SCORE_FIELDS, AccountGraph, Assessment, Interaction


class Measurement(NamedTuple):
    stakeholder: str
    date: date
    scores: dict[str, int]
    """Dimension → 1..5, only the dimensions given."""


def measurements(graph: AccountGraph, as_of: date) -> list[Measurement]:
    """Every assessment, and every scored interaction once per stakeholder in it,
    up to `as_of`."""
    found: list[Measurement] = []
    items: list[Assessment | Interaction] = [*graph.assessments, *graph.interactions]
    for item in items:
        if item.date > as_of:
            continue
        scores = {name: getattr(item, name) for name in SCORE_FIELDS}
        given = {name: value for name, value in scores.items() if value is not None}
        if not given:
            continue
        people = (item.stakeholder,) if isinstance(item, Assessment) else item.stakeholders
        found.extend(Measurement(pid, item.date, given) for pid in people)
    return found


def measurement_score(scores: dict[str, int]) -> float:
    """(mean of the given 1..5 scores − 1)/4 · 100."""
    return (sum(scores.values()) / len(scores) - 1.0) / 4.0 * 100.0


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def scores_by_person_and_date(
    found_measurements: Iterable[Measurement],
) -> dict[str, dict[date, list[float]]]:
    """Stakeholder → date → the scores (0..100) of their measurements that day."""
    scores: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for found in found_measurements:
        scores[found.stakeholder][found.date].append(measurement_score(found.scores))
    return scores


def person_health(
    graph: AccountGraph, params: AnalysisParams, found: list[Measurement] | None = None
) -> dict[str, float | None]:
    """Health of every stakeholder, 0..100 or None (module docstring). `found` may pass
    the graph's measurements up to the analysis date, already collected."""
    found = measurements(graph, params.as_of) if found is None else found
    assessed = scores_by_person_and_date(found)
    last_seen: dict[str, date] = {}
    for event in graph.interactions:
        if event.date > params.as_of:
            continue
        for pid in event.stakeholders:
            if pid not in last_seen or last_seen[pid] < event.date:
                last_seen[pid] = event.date
    health: dict[str, float | None] = {}
    for person in graph.stakeholders:
        dated = assessed.get(person.id, {})
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
    """Account health, trend, quarters and dimensions; and every person's health.
    The result's risk is left low: `graph/analysis/risk.py` judges it."""
    found = measurements(graph, params.as_of)
    people = person_health(graph, params, found)
    known = {pid: h for pid, h in people.items() if h is not None}
    score = _weighted(known, power)

    overall: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    per_dimension: dict[str, dict[str, dict[str, list[int]]]] = {
        name: defaultdict(lambda: defaultdict(list)) for name in SCORE_FIELDS
    }
    for item in found:
        label = quarter(item.date)
        overall[label][item.stakeholder].append(measurement_score(item.scores))
        for name, value in item.scores.items():
            per_dimension[name][label][item.stakeholder].append(value)
    by_period = _weighted_periods(overall, power)
    dimensions = {
        name: _weighted_periods(periods, power) for name, periods in per_dimension.items()
    }
    labels = list(by_period)
    trend = by_period[labels[-1]] - by_period[labels[-2]] if len(labels) >= 2 else None
    return HealthResult(
        score=score, trend=trend, by_period=by_period, dimensions=dimensions
    ), people


def _weighted_periods(
    periods: dict[str, dict[str, list[float]]] | dict[str, dict[str, list[int]]],
    power: dict[str, float],
) -> dict[str, float]:
    """Quarter → power-weighted mean over the people measured in it (each by their mean)."""
    result: dict[str, float] = {}
    for label in sorted(periods):
        value = _weighted({pid: fmean(v) for pid, v in periods[label].items()}, power)
        if value is not None:
            result[label] = value
    return result
