"""Pipeline: every deal across accounts, with the measures that qualify it, and whether
those measures predicted the deals already won or lost.

A row per deal (graph/analysis/deals.py for each figure): its stage and amount; its
qualification (the MEDDPICC scorecard's score, 0..1); committee coverage (our
power-weighted warmth over the deal's people, 0..1); body coverage (Σ known / Σ
seats over its deciding bodies, None without any); competitor exposure (0..1).

Open deals are analysed on the account as it is, on the analysis date. A closed
deal (won or lost) is analysed *at close*: on the account as it was at the end of
`closed_on` (rebuilt from its history when the history reaches back that far and
the deal existed then: `at_close` "history"), else on the account as it is now
(`at_close` "current"), judged on `closed_on` (on the analysis date without one).
The caller (the store's side) supplies those graphs; this module stays pure.

Open rows are sorted by `sort` (default qualification, best first; ties: amount,
largest first, then account and deal id). Stages list the open deals' count and
amount per stage, in the order of the default ladder, then other stages by name.
Against the outcome, closed deals are grouped by won and lost, each with its
count and mean qualification and coverage at close: when won deals closed with
higher figures than lost ones, the measures predict wins (`predictive` says so
for each measure; None until there is at least one of each).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from statistics import fmean
from typing import Any, Literal

from pydantic import BaseModel

from graph.analysis.deals import analyze_deal, stage_label
from graph.analysis.params import AnalysisParams
from graph.model import AccountGraph
from graph.vocabulary import DealStage, DealStatus

AtClose = Literal["history", "current"]
SortKey = Literal[
    "qualification", "amount", "coverage", "body_coverage", "exposure", "stage", "close", "account"
]
SORT_KEYS: tuple[str, ...] = (
    "qualification", "amount", "coverage", "body_coverage", "exposure", "stage", "close", "account"
)
"""What the pipeline can be sorted by (`?sort=`, `--sort`)."""


class PipelineRow(BaseModel):
    account: str
    account_name: str
    deal: str
    name: str
    stage: str
    stage_label: str
    stage_position: int
    """0-based position of the stage on the account's ladder."""
    amount: float | None
    currency: str
    status: DealStatus
    owner: str | None
    """The team member who leads the deal (id)."""
    owner_name: str | None
    """Their name (the id when they are not on the account's team)."""
    expected_close: date | None
    closed_on: date | None
    qualification: float
    """The scorecard's score, 0..1."""
    coverage: float
    """Committee coverage, 0..1."""
    body_coverage: float | None
    exposure: float
    """Competitor exposure, 0..1."""
    at_close: AtClose | None = None
    """For closed deals: the account the figures were computed on."""


class StageTotal(BaseModel):
    stage: str
    stage_label: str
    deals: int
    amount: float
    """Sum of the amounts given (deals without an amount count 0), across currencies."""


class OutcomeGroup(BaseModel):
    deals: int
    qualification: float | None
    """Mean qualification at close, 0..1; None without deals."""
    coverage: float | None
    """Mean committee coverage at close, 0..1; None without deals."""


class Outcomes(BaseModel):
    won: OutcomeGroup
    lost: OutcomeGroup
    predictive: dict[str, bool | None]
    """'qualification' / 'coverage' → won deals closed with the higher mean (None
    until there is a won and a lost deal)."""


class Pipeline(BaseModel):
    open: list[PipelineRow]
    stages: list[StageTotal]
    closed: list[PipelineRow]
    """Closed deals, most recently closed first."""
    outcomes: Outcomes
    sort: str


def deal_rows(
    graph: AccountGraph,
    params: AnalysisParams,
    *,
    at_close: Mapping[str, tuple[AccountGraph, AtClose]] | None = None,
) -> list[PipelineRow]:
    """A row per deal of the account, by deal id (module docstring); `at_close` maps a
    closed deal's id to the account as it was when it closed and where that came from
    (absent: the current graph)."""
    rows = []
    ladder = graph.account.stage_ladder
    for deal in sorted(graph.deals, key=lambda d: d.id):
        source: AtClose | None = None
        on, when = graph, params
        if deal.status is not DealStatus.open:
            on, source = (at_close or {}).get(deal.id, (graph, "current"))
            if deal.closed_on is not None:
                when = params.model_copy(update={"as_of": deal.closed_on})
        analysis = analyze_deal(on, deal.id, when)
        rows.append(
            PipelineRow(
                account=graph.account.id,
                account_name=graph.account.name,
                deal=deal.id,
                name=deal.name,
                stage=deal.stage,
                stage_label=stage_label(deal.stage, params.lang),
                stage_position=ladder.index(deal.stage) if deal.stage in ladder else 0,
                amount=deal.amount,
                currency=deal.currency,
                status=deal.status,
                owner=deal.owner,
                owner_name=None if deal.owner is None else graph.member_name(deal.owner),
                expected_close=deal.expected_close,
                closed_on=deal.closed_on,
                qualification=analysis.scorecard.score,
                coverage=analysis.coverage.score,
                body_coverage=analysis.body_coverage,
                exposure=analysis.competition.exposure,
                at_close=source,
            )
        )
    return rows


def _sort_key(sort: str) -> Callable[[PipelineRow], tuple[Any, ...]]:
    def key(row: PipelineRow) -> tuple[Any, ...]:
        tail = (row.account, row.deal)
        match sort:
            case "amount":
                return (-(row.amount or 0.0), *tail)
            case "coverage":
                return (-row.coverage, *tail)
            case "body_coverage":
                return (-(row.body_coverage if row.body_coverage is not None else -1.0), *tail)
            case "exposure":
                return (-row.exposure, *tail)
            case "stage":
                return (-row.stage_position, -(row.amount or 0.0), *tail)
            case "close":
                return (row.expected_close or date.max, *tail)
            case "account":
                return (row.account_name.casefold(), row.name.casefold(), *tail)
            case _:
                return (-round(row.qualification, 12), -(row.amount or 0.0), *tail)

    return key


def _group(rows: Sequence[PipelineRow]) -> OutcomeGroup:
    return OutcomeGroup(
        deals=len(rows),
        qualification=fmean(r.qualification for r in rows) if rows else None,
        coverage=fmean(r.coverage for r in rows) if rows else None,
    )


def pipeline(rows: Sequence[PipelineRow], *, sort: str = "qualification") -> Pipeline:
    """Open deals sorted by `sort`, stage totals, closed deals and outcomes (module
    docstring). An unknown `sort` sorts by qualification."""
    sort = sort if sort in SORT_KEYS else "qualification"
    open_rows = sorted(
        (r for r in rows if r.status is DealStatus.open),
        key=_sort_key(sort),
    )
    default = [stage.value for stage in DealStage]
    totals: dict[str, StageTotal] = {}
    for row in open_rows:
        total = totals.setdefault(
            row.stage,
            StageTotal(stage=row.stage, stage_label=row.stage_label, deals=0, amount=0.0),
        )
        total.deals += 1
        total.amount += row.amount or 0.0
    order = sorted(
        totals, key=lambda s: (default.index(s) if s in default else len(default), s)
    )
    closed = sorted(
        (r for r in rows if r.status is not DealStatus.open),
        key=lambda r: (r.closed_on or date.min, r.account, r.deal),
        reverse=True,
    )
    won = _group([r for r in closed if r.status is DealStatus.won])
    lost = _group([r for r in closed if r.status is DealStatus.lost])
    predictive: dict[str, bool | None] = {}
    for measure in ("qualification", "coverage"):
        a, b = getattr(won, measure), getattr(lost, measure)
        predictive[measure] = None if a is None or b is None else a > b
    return Pipeline(
        open=open_rows,
        stages=[totals[s] for s in order],
        closed=closed,
        outcomes=Outcomes(won=won, lost=lost, predictive=predictive),
        sort=sort,
    )
