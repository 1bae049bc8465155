"""Portfolio: coverage, health, gaps and risk across accounts, and per rep.

Pure aggregation of per-account analyses. Per account: coverage, health, churn
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

from graph.analysis.results import AccountAnalysis, RiskLevel

_RISK_ORDER: dict[RiskLevel, int] = {"high": 0, "medium": 1, "low": 2}


class PortfolioRow(BaseModel):
    account: str
    name: str
    owner: str | None
    coverage: float
    health: float | None
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


def _latest(periods: dict[str, float]) -> float | None:
    return periods[max(periods)] if periods else None


def portfolio(analyses: list[AccountAnalysis]) -> Portfolio:
    """One row per account and one summary per owner (module docstring)."""
    rows = [
        PortfolioRow(
            account=a.account.id,
            name=a.account.name,
            owner=a.account.owner,
            coverage=a.coverage.score,
            health=a.health.score,
            risk=a.health.risk.level,
            risk_explanation=a.health.risk.explanation,
            risk_signals=[s.kind for s in a.health.risk.signals],
            trust=_latest(a.health.dimensions.get("trust", {})),
            satisfaction=_latest(a.health.dimensions.get("satisfaction", {})),
            communication=_latest(a.health.dimensions.get("communication", {})),
            loyalty=_latest(a.health.dimensions.get("loyalty", {})),
            single_threaded=a.coverage.single_threaded,
            gaps=dict(sorted(Counter(g.kind for g in a.coverage.gaps).items())),
            stakeholders=len(a.stakeholders),
        )
        for a in analyses
    ]
    rows.sort(key=lambda r: (_RISK_ORDER[r.risk], r.coverage, r.account))
    reps = []
    for owner in sorted({r.owner or "(no owner)" for r in rows}):
        mine = [r for r in rows if (r.owner or "(no owner)") == owner]
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
