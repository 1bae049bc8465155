"""Portfolio: coverage, health, gaps and risk across accounts, and per rep.

A row is computed from the account graph alone with only what it shows: power,
coverage, health, purchases and churn risk (no brokers, chains, warm paths or
actions, which the full analysis adds): about half the cost of `analyze`, for
the same numbers (a test checks `portfolio_row` against `row_of(analyze_account)`).
Rows aggregate purely. Per account: coverage and health side by side, health
with its basis (`health_basis`: the share of power measured, `health_thin` below
`thin_health_share`, and the sentence "measured on 2 of 14 people; 12% of power"),
so a health of 84 on two friendly people never hides a coverage of 5%; churn
risk with the signals behind it, and the four relationship dimensions (trust,
satisfaction, communication, loyalty: the latest measured quarter's power-weighted
mean, 1..5, None when never measured). Per rep: the accounts they own, their
mean coverage, and how many of those accounts are at high or medium risk or
single-threaded. Rows are sorted by risk (high first), then coverage (lowest
first): where a manager should look first.
"""

from __future__ import annotations

from collections import Counter
from statistics import fmean

from pydantic import BaseModel

from graph.analysis.coverage import coverage
from graph.analysis.health import account_health, measurements
from graph.analysis.params import AnalysisParams
from graph.analysis.power import power_scores
from graph.analysis.purchases import purchase_history
from graph.analysis.results import AccountAnalysis, CoverageResult, HealthResult, RiskLevel
from graph.analysis.risk import churn_risk
from graph.model import AccountGraph

_RISK_ORDER: dict[RiskLevel, int] = {"high": 0, "medium": 1, "low": 2}


class PortfolioRow(BaseModel):
    account: str
    name: str
    owner: str | None
    coverage: float
    health: float | None
    health_basis: float
    """Share of power (0..1) the health was measured on."""
    health_thin: bool
    """The basis is thin (< thin_health_share): show `health_explanation`, not `health`
    alone, as the account's health."""
    health_explanation: str
    """What health rests on: 'measured on 2 of 14 people; 12% of power'."""
    risk: RiskLevel
    risk_explanation: str
    risk_signals: list[str]
    """Kinds of the account's churn signals, most severe first."""
    trust: float | None
    satisfaction: float | None
    communication: float | None
    loyalty: float | None
    single_threaded: bool
    gaps: dict[str, int]
    """Open gaps by kind."""
    stakeholders: int


class RepSummary(BaseModel):
    owner: str
    accounts: int
    mean_coverage: float
    high_risk: int
    medium_risk: int
    single_threaded: int


class Portfolio(BaseModel):
    accounts: list[PortfolioRow]
    reps: list[RepSummary]


NO_OWNER = "(no owner)"
"""The `RepSummary.owner` of accounts nobody owns (shown as the catalogue's `code.no_owner`)."""


def _latest(periods: dict[str, float]) -> float | None:
    return periods[max(periods)] if periods else None


def _row(
    account_id: str,
    name: str,
    owner: str | None,
    covered: CoverageResult,
    health: HealthResult,
    people: int,
) -> PortfolioRow:
    return PortfolioRow(
        account=account_id,
        name=name,
        owner=owner,
        coverage=covered.score,
        health=health.score,
        health_basis=health.basis.power_share if health.basis else 0.0,
        health_thin=health.basis.thin if health.basis else True,
        health_explanation=health.basis.explanation if health.basis else "",
        risk=health.risk.level,
        risk_explanation=health.risk.explanation,
        risk_signals=[s.kind for s in health.risk.signals],
        trust=_latest(health.dimensions.get("trust", {})),
        satisfaction=_latest(health.dimensions.get("satisfaction", {})),
        communication=_latest(health.dimensions.get("communication", {})),
        loyalty=_latest(health.dimensions.get("loyalty", {})),
        single_threaded=covered.single_threaded,
        gaps=dict(sorted(Counter(g.kind for g in covered.gaps).items())),
        stakeholders=people,
    )


def row_of(analysis: AccountAnalysis) -> PortfolioRow:
    """The portfolio row of a full analysis."""
    account = analysis.account
    return _row(
        account.id,
        account.name,
        account.owner,
        analysis.coverage,
        analysis.health,
        len(analysis.stakeholders),
    )


def portfolio_row(
    graph: AccountGraph, params: AnalysisParams, *, baseline: AccountGraph | None = None
) -> PortfolioRow:
    """One account's row, computing only what the row shows (module docstring)."""
    power = power_scores(graph, params)
    covered = coverage(graph, power, params)
    measured = measurements(graph, params.as_of)
    health, _ = account_health(graph, power, params, measured)
    risk = churn_risk(
        graph,
        power,
        health,
        params,
        purchases=purchase_history(graph, params),
        baseline=baseline,
        baseline_power=None if baseline is None else power_scores(baseline, params),
        measured=measured,
        covered=covered,
    )
    account = graph.account
    return _row(
        account.id,
        account.name,
        account.owner,
        covered,
        health.model_copy(update={"risk": risk}),
        len(power),
    )


def portfolio(rows: list[PortfolioRow]) -> Portfolio:
    """The rows sorted riskiest first, and one summary per owner (module docstring)."""
    rows = list(rows)
    rows.sort(key=lambda r: (_RISK_ORDER[r.risk], r.coverage, r.account))
    reps = []
    for owner in sorted({r.owner or NO_OWNER for r in rows}):
        mine = [r for r in rows if (r.owner or NO_OWNER) == owner]
        reps.append(
            RepSummary(
                owner=owner,
                accounts=len(mine),
                mean_coverage=fmean(r.coverage for r in mine),
                high_risk=sum(r.risk == "high" for r in mine),
                medium_risk=sum(r.risk == "medium" for r in mine),
                single_threaded=sum(r.single_threaded for r in mine),
            )
        )
    return Portfolio(accounts=rows, reps=reps)
