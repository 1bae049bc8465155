"""Deal use cases: a stored deal analysed (cached in this process and persisted in the
store for the account version, like the account's analysis), the account's deals,
and the pipeline of the accounts a user may read, closed deals judged at close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import TypeAdapter

from api.services.analysis import AnalysisCache
from api.services.history import graph_at
from api.services.portfolio_rows import params_fingerprint
from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.analysis.pipeline import AtClose, Pipeline, PipelineRow, deal_rows, pipeline
from graph.analysis.results import DealAnalysis
from graph.history import graph_as_of, moment
from graph.model import Account, AccountGraph
from graph.names import deal_id
from graph.store import GraphStore, SavedResult
from graph.users import User, can_read
from graph.vocabulary import DealStatus

DEAL_RESULT = "deal"
"""The kind of a persisted deal analysis (`GraphStore.saved_results`)."""
PIPELINE_RESULT = "pipeline"
"""The kind of an account's persisted pipeline rows."""
ROWS = TypeAdapter(list[PipelineRow])
"""An account's pipeline rows as the JSON they are persisted in."""


def deal_analysis_of(
    store: GraphStore,
    account_id: str,
    reference: str,
    params: AnalysisParams,
    *,
    when: datetime | None = None,
) -> DealAnalysis:
    """`analyze_deal` of the stored account's deal `reference` (an id or a unique name);
    with `when`, of the account as it was then (from its history), judged on that day."""
    graph = graph_at(store, account_id, when)
    if when is not None:
        params = params.model_copy(update={"as_of": when.date()})
    return analyze_deal(graph, deal_id(graph, reference), params)


def deal_analysis_json(
    store: GraphStore,
    account_id: str,
    reference: str,
    params: AnalysisParams,
    cache: AnalysisCache,
    *,
    version: int,
) -> bytes:
    """The deal's analysis as its JSON document, for the account at `version`: from this
    process's cache, else the store's persisted results, else computed (and persisted)."""
    def fingerprint_of(deal: str) -> str:
        return params_fingerprint(params, f"{DEAL_RESULT}\n{deal}")

    fingerprint = fingerprint_of(reference)

    def compute() -> tuple[int, bytes]:
        saved = store.saved_results(DEAL_RESULT, fingerprint, account_id=account_id).get(account_id)
        if saved is not None and saved.version == version:
            return version, saved.data.encode()
        graph, read_version = store.versioned_graph(account_id)
        resolved = deal_id(graph, reference)
        document = analyze_deal(graph, resolved, params).model_dump_json()
        # Stored under the deal's id, never the URL's spelling of its name: one row per
        # deal, however many ways readers name it (a name is found again by computing).
        store.save_results(
            DEAL_RESULT,
            fingerprint_of(resolved),
            [SavedResult(account_id=account_id, version=read_version, data=document)],
        )
        return read_version, document.encode()

    return cache.result(account_id, fingerprint, version=version, compute=compute)


def cached_deal_analysis(
    store: GraphStore,
    account_id: str,
    reference: str,
    params: AnalysisParams,
    cache: AnalysisCache,
    *,
    version: int,
) -> DealAnalysis:
    """The deal's analysis for the account at `version`, from this process's cache or
    computed (the pages': they need the model, whose warmth the JSON leaves out)."""

    def compute() -> tuple[int, DealAnalysis]:
        graph, read_version = store.versioned_graph(account_id)
        return read_version, analyze_deal(graph, deal_id(graph, reference), params)

    key = "model\n" + params_fingerprint(params, f"{DEAL_RESULT}\n{reference}")
    return cache.result(account_id, key, version=version, compute=compute)


def graphs_at_close(
    store: GraphStore, account_id: str, graph: AccountGraph
) -> dict[str, tuple[AccountGraph, AtClose]]:
    """Closed deal id → the account at the end of its `closed_on`, rebuilt from history,
    for the deals whose account history reaches back that far and that existed then
    (the others are judged on the current graph: graph/analysis/pipeline.py)."""
    closed = [d for d in graph.deals if d.status is not DealStatus.open and d.closed_on]
    start = store.history_start(account_id)
    if not closed or start is None:
        return {}
    moments = {deal.id: moment(deal.closed_on) for deal in closed if deal.closed_on}
    reachable = {did: then for did, then in moments.items() if then >= start}
    if not reachable:
        return {}
    history = store.history(account_id, since=min(reachable.values()), undo_only=True)
    found: dict[str, tuple[AccountGraph, AtClose]] = {}
    for did, then in reachable.items():
        past = graph_as_of(graph, history, then) if history else graph
        if any(deal.id == did for deal in past.deals):
            found[did] = (past, "history")
    return found


def account_rows(
    store: GraphStore,
    account_id: str,
    params: AnalysisParams,
    cache: AnalysisCache,
    *,
    version: int,
) -> list[PipelineRow]:
    """The account's pipeline rows for `version`: cached, persisted, or computed."""
    fingerprint = params_fingerprint(params, PIPELINE_RESULT)

    def compute() -> tuple[int, list[PipelineRow]]:
        saved = store.saved_results(PIPELINE_RESULT, fingerprint, account_id=account_id)
        found = saved.get(account_id)
        if found is not None and found.version == version:
            return version, ROWS.validate_json(found.data)
        graph, read_version = store.versioned_graph(account_id)
        rows = deal_rows(graph, params, at_close=graphs_at_close(store, account_id, graph))
        data = ROWS.dump_json(rows).decode()
        store.save_results(
            PIPELINE_RESULT,
            fingerprint,
            [SavedResult(account_id=account_id, version=read_version, data=data)],
        )
        return read_version, rows

    return cache.result(account_id, fingerprint, version=version, compute=compute)


def pipeline_of(
    store: GraphStore,
    params: AnalysisParams,
    cache: AnalysisCache | None = None,
    *,
    visible: Callable[[Account], bool] | None = None,
    sort: str = "qualification",
) -> Pipeline:
    """The pipeline over every account in the store (or those `visible` accepts)."""
    cache = cache or AnalysisCache()
    rows: list[PipelineRow] = []
    for summary in store.list_accounts():
        if visible is not None and not visible(summary.account):
            continue
        if summary.counts.get("deals", 1) == 0:
            continue  # nothing to read
        rows += account_rows(store, summary.account.id, params, cache, version=summary.version)
    return pipeline(rows, sort=sort)


def pipeline_for(
    store: GraphStore, user: User, params: AnalysisParams, cache: AnalysisCache, *, sort: str
) -> Pipeline:
    """The pipeline of the accounts `user` may read (the portfolio's rule)."""
    return pipeline_of(
        store, params, cache, visible=lambda account: can_read(user, account), sort=sort
    )
