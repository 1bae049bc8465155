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
health. Its basis says how many active people have a health and what share of
the power they hold; below `thin_health_share` (50%) the basis is thin and the
score is not the account's health figure (pages show the basis instead; a rep
who surveyed two friendly people of fourteen must not read "84, healthy").
By period: per calendar quarter, the power-weighted mean measurement
score of the people measured in it. Trend is the latest quarter minus the one
before (points). Per dimension (trust, satisfaction, communication, loyalty):
per quarter, the power-weighted mean of that dimension's 1..5 answers of the
people who gave one (a person measured twice in a quarter counts by their mean).

The risk signals built on these numbers are in `graph/analysis/risk.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from math import fsum
from typing import NamedTuple

from graph.analysis import wording
from graph.analysis.params import AnalysisParams
from graph.analysis.results import HealthBasis, HealthResult
from graph.model import SCORE_FIELDS, AccountGraph, Assessment, Interaction


class Measurement(NamedTuple):
    stakeholder: str
    date: date
    scores: dict[str, int]
    """Dimension → 1..5, only the dimensions given."""
    score: float
    """`measurement_score(scores)`, 0..100."""


def measurement_score(scores: dict[str, int]) -> float:
    """(mean of the given 1..5 scores − 1)/4 · 100."""
    return (sum(scores.values()) / len(scores) - 1.0) / 4.0 * 100.0


@dataclass(frozen=True)
class Measurements:
    """Every assessment, and every scored interaction once per stakeholder in it, up
    to one date; collected once per analysis, read by health and by risk."""

    found: list[Measurement]
    by_person: dict[str, dict[date, list[float]]]
    """Stakeholder → date → the scores (0..100) of their measurements that day."""


def measurements(graph: AccountGraph, as_of: date) -> Measurements:
    """The graph's measurements up to `as_of` (class docstring)."""
    found: list[Measurement] = []
    items: list[Assessment | Interaction] = [*graph.assessments, *graph.interactions]
    for item in items:
        if item.date > as_of:
            continue
        given = {name: value for name in SCORE_FIELDS if (value := getattr(item, name)) is not None}
        if not given:
            continue
        score = measurement_score(given)
        people = (item.stakeholder,) if isinstance(item, Assessment) else item.stakeholders
        found.extend(Measurement(pid, item.date, given, score) for pid in people)
    by_person: dict[str, dict[date, list[float]]] = {}
    for each in found:
        by_person.setdefault(each.stakeholder, {}).setdefault(each.date, []).append(each.score)
    return Measurements(found=found, by_person=by_person)


def _mean(values: list[float] | list[int]) -> float:
    # math.fsum: exact, so the result does not depend on the order the store returned
    # measurements in (statistics.fmean is exact too, but cost 1 ms per 500 people here).
    return fsum(values) / len(values)


def quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def person_health(
    graph: AccountGraph, params: AnalysisParams, measured: Measurements | None = None
) -> dict[str, float | None]:
    """Health of every stakeholder, 0..100 or None (module docstring). `measured` may
    pass `measurements(graph, params.as_of)`, already collected."""
    measured = measurements(graph, params.as_of) if measured is None else measured
    assessed = measured.by_person
    last_seen: dict[str, date] = {}
    for event in graph.interactions:
        if event.date > params.as_of:
            continue
        for pid in event.stakeholders:
            if pid not in last_seen or last_seen[pid] < event.date:
                last_seen[pid] = event.date
    health: dict[str, float | None] = {}
    for person in graph.stakeholders:
        dated = assessed.get(person.id)
        a = _mean(dated[max(dated)]) if dated else None
        seen = last_seen.get(person.id)
        r = 100.0 * 0.5 ** ((params.as_of - seen).days / params.half_life_days) if seen else None
        if a is not None and r is not None:
            health[person.id] = params.assessment_share * a + (1 - params.assessment_share) * r
        else:
            health[person.id] = a if a is not None else r
    return health


def _weighted(values: dict[str, float], power: dict[str, float]) -> float | None:
    weights = {pid: power[pid] for pid in values if pid in power}
    total = fsum(weights.values())
    if total <= 0:
        return None
    return fsum(values[pid] * w for pid, w in weights.items()) / total


def account_health(
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    measured: Measurements | None = None,
) -> tuple[HealthResult, dict[str, float | None]]:
    """Account health, trend, quarters and dimensions; and every person's health.
    The result's risk is left low: `graph/analysis/risk.py` judges it. `measured`
    may pass `measurements(graph, params.as_of)`, already collected."""
    measured = measurements(graph, params.as_of) if measured is None else measured
    people = person_health(graph, params, measured)
    known = {pid: h for pid, h in people.items() if h is not None}
    score = _weighted(known, power)
    basis = health_basis(known, power, params)

    overall: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    per_dimension: dict[str, dict[str, dict[str, list[int]]]] = {
        name: defaultdict(lambda: defaultdict(list)) for name in SCORE_FIELDS
    }
    for item in measured.found:
        label = quarter(item.date)
        overall[label][item.stakeholder].append(item.score)
        for name, value in item.scores.items():
            per_dimension[name][label][item.stakeholder].append(value)
    by_period = _weighted_periods(overall, power)
    dimensions = {
        name: _weighted_periods(periods, power) for name, periods in per_dimension.items()
    }
    labels = list(by_period)
    trend = by_period[labels[-1]] - by_period[labels[-2]] if len(labels) >= 2 else None
    return HealthResult(
        score=score, basis=basis, trend=trend, by_period=by_period, dimensions=dimensions
    ), people


def health_basis(
    known: dict[str, float], power: dict[str, float], params: AnalysisParams
) -> HealthBasis:
    """How many active people (those in `power`) have a health, and their share of power."""
    measured = [pid for pid in power if pid in known]
    total = fsum(power.values())
    share = fsum(power[pid] for pid in measured) / total if total > 0 else 0.0
    return HealthBasis(
        measured=len(measured),
        people=len(power),
        power_share=share,
        thin=share < params.thin_health_share,
        explanation=wording.say(
            params.lang, "health_basis", n=len(measured), total=len(power), share=share
        ),
    )


def _weighted_periods(
    periods: dict[str, dict[str, list[float]]] | dict[str, dict[str, list[int]]],
    power: dict[str, float],
) -> dict[str, float]:
    """Quarter → power-weighted mean over the people measured in it (each by their mean)."""
    result: dict[str, float] = {}
    for label in sorted(periods):
        value = _weighted({pid: _mean(v) for pid, v in periods[label].items()}, power)
        if value is not None:
            result[label] = value
    return result
