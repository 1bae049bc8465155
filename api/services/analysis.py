"""Analysis use cases: an account analysed with its history, cached by version (in
this process, and persisted in the store for every process); the portfolio; warm
paths and what-ifs of a stored account."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache

from api.services.portfolio_rows import (
    ROW_RESULT,
    Progress,
    baseline_graph,
    compute_rows,
    params_fingerprint,
)
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import cold_key_people, warm_path
from graph.analysis.portfolio import Portfolio, PortfolioRow, portfolio, portfolio_row, row_of
from graph.analysis.results import AccountAnalysis, WarmPath, WhatIf
from graph.analysis.whatif import what_if_removed
from graph.errors import NotFound
from graph.model import Account, AccountGraph
from graph.store import GraphStore, SavedResult
from graph.users import User, can_read

T = TypeVar("T")
ANALYSIS_RESULT = "analysis"
"""The kind of a persisted full analysis document (`GraphStore.saved_results`)."""


def analysis_of(
    store: GraphStore,
    account_id: str,
    params: AnalysisParams,
    graph: AccountGraph | None = None,
) -> AccountAnalysis:
    """`analyze_account` of the stored account (or of `graph`, its state at the
    analysis date), with the baseline its history gives."""
    graph = store.account_graph(account_id) if graph is None else graph
    return analyze_account(graph, params, baseline=baseline_graph(store, account_id, graph, params))


def stored_form(result: AccountAnalysis) -> tuple[str, bytes]:
    """(what the store keeps, the JSON document the API serves) of an analysis. The store
    keeps the per-person warmth on a first line (the document leaves it out, the pages
    and warm paths read it) and the document after it, byte for byte as served."""
    document = result.model_dump_json()
    return f"{json.dumps(result.coverage.warmth)}\n{document}", document.encode()


def from_stored_form(data: str) -> tuple[AccountAnalysis, bytes]:
    """The analysis and its JSON document back from `stored_form`'s text; ValueError
    (pydantic's ValidationError among them) when the text is not one."""
    warmth, document = data.split("\n", 1)
    parsed = json.loads(document)
    parsed["coverage"]["warmth"] = json.loads(warmth)
    return AccountAnalysis.model_validate(parsed), document.encode()


def _persisted_analysis(
    store: GraphStore, account_id: str, params: AnalysisParams, version: int
) -> tuple[AccountAnalysis, bytes] | None:
    """The analysis persisted for this account version and these parameters, if any
    process stored one (None too for one an older stakegraph wrote unreadably)."""
    fingerprint = params_fingerprint(params, ANALYSIS_RESULT)
    saved = store.saved_results(ANALYSIS_RESULT, fingerprint, account_id=account_id)
    found = saved.get(account_id)
    if found is None or found.version != version:
        return None  # none, or stale: the account was written since
    try:
        return from_stored_form(found.data)
    except (ValueError, KeyError, TypeError):
        return None  # computed again and written over


def _persist_analysis(
    store: GraphStore, account_id: str, params: AnalysisParams, version: int, data: str
) -> None:
    """Keep the analysis for the account version it was computed at (not written if
    the account has moved on since, `GraphStore.save_results`)."""
    fingerprint = params_fingerprint(params, ANALYSIS_RESULT)
    store.save_results(
        ANALYSIS_RESULT,
        fingerprint,
        [SavedResult(account_id=account_id, version=version, data=data)],
    )


ANALYSIS_CACHE_SIZE = 256
"""Full analyses kept in memory (the API's answers; a 500-person one is ~0.5 MB)."""
ROW_CACHE_SIZE = 20_000
"""Portfolio rows kept in memory (small: one per account, language and day)."""


class AnalysisCache:
    """Analyses keyed by account and its write version: an account nothing has
    changed is not analysed again (the portfolio of thousands of accounts), and its
    JSON is serialised once (the API's hottest answer).

    An entry is used only for the version it was computed at, and versions of an
    account id never repeat (a re-created account continues from the deleted one's
    last version), so an entry can describe nothing but that account as it was.
    Both tables are LRU caches of bounded size (their keys hold the analysis date
    and language, so old days fall out as new ones come); `forget` drops an
    account's entries when it is deleted. Thread-safe.
    """

    def __init__(
        self, *, analyses: int = ANALYSIS_CACHE_SIZE, rows: int = ROW_CACHE_SIZE
    ) -> None:
        self._entries: LRUCache[tuple[str, str], tuple[int, AccountAnalysis, bytes]] = (
            LRUCache(maxsize=analyses)
        )
        self._rows: LRUCache[tuple[str, str], tuple[int, PortfolioRow]] = LRUCache(maxsize=rows)
        self._results: LRUCache[tuple[str, str], tuple[int, Any]] = LRUCache(maxsize=analyses)
        self._lock = threading.Lock()
        self._params_json: tuple[AnalysisParams, str] | None = None

    def _key(self, account_id: str, params: AnalysisParams) -> tuple[str, str]:
        """(account, the parameters as JSON): the JSON made once for a run of calls with
        the same (frozen) parameters, not once per account of a portfolio."""
        last = self._params_json
        if last is None or last[0] is not params:
            last = self._params_json = (params, params.model_dump_json())
        return account_id, last[1]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries) + len(self._rows) + len(self._results)

    def forget(self, account_id: str) -> None:
        """Drop everything cached for `account_id`: it was deleted, or a person in it was
        erased (the old analyses still name them)."""
        with self._lock:
            for table in (self._entries, self._rows, self._results):
                for key in [key for key in table if key[0] == account_id]:
                    del table[key]

    def _get(self, table: LRUCache[tuple[str, str], Any], key: tuple[str, str]) -> Any:
        with self._lock:
            return table.get(key)

    def _put(self, table: LRUCache[tuple[str, str], Any], key: tuple[str, str], value: Any) -> None:
        with self._lock:
            table[key] = value

    def result(
        self, account_id: str, key: str, *, version: int, compute: Callable[[], tuple[int, T]]
    ) -> T:
        """Another result of the account (`key` names it and its parameters: a deal's
        analysis, its pipeline rows): cached for `version`, else `compute()`d, which
        answers the version it read and the result."""
        cached = self._get(self._results, (account_id, key))
        if cached is not None and cached[0] == version:
            found: T = cached[1]
            return found
        read_version, value = compute()
        self._put(self._results, (account_id, key), (read_version, value))
        return value

    def cached_row(
        self, account_id: str, params: AnalysisParams, *, version: int
    ) -> PortfolioRow | None:
        """The account's portfolio row for this version if this process has it (from
        its cached analysis, or a row computed or read before), else None."""
        key = self._key(account_id, params)
        analysed = self._get(self._entries, key)
        if analysed is not None and analysed[0] == version:
            return row_of(analysed[1])
        cached = self._get(self._rows, key)
        if cached is not None and cached[0] == version:
            found: PortfolioRow = cached[1]
            return found
        return None

    def remember_row(
        self, account_id: str, params: AnalysisParams, row: PortfolioRow, *, version: int
    ) -> None:
        self._put(self._rows, self._key(account_id, params), (version, row))

    def row(
        self, store: GraphStore, account_id: str, params: AnalysisParams, *, version: int
    ) -> PortfolioRow:
        """The account's portfolio row: from this process's cache when it has one for
        this version, else computed alone (`portfolio_row`, half an analysis)."""
        found = self.cached_row(account_id, params, version=version)
        if found is not None:
            return found
        graph, read_version = store.versioned_graph(account_id)
        found = portfolio_row(
            graph, params, baseline=baseline_graph(store, account_id, graph, params)
        )
        self.remember_row(account_id, params, found, version=read_version)
        return found

    def _entry(
        self, store: GraphStore, account_id: str, params: AnalysisParams, version: int | None
    ) -> tuple[int, AccountAnalysis, bytes]:
        """From this process's cache, else from the store (persisted by any process for
        this version), else computed and persisted."""
        version = store.account_version(account_id) if version is None else version
        key = self._key(account_id, params)
        cached = self._get(self._entries, key)
        if cached is not None and cached[0] == version:
            entry: tuple[int, AccountAnalysis, bytes] = cached
            return entry
        persisted = _persisted_analysis(store, account_id, params, version)
        if persisted is not None:
            entry = (version, *persisted)
        else:
            graph, read_version = store.versioned_graph(account_id)
            result = analysis_of(store, account_id, params, graph)
            data, document = stored_form(result)
            _persist_analysis(store, account_id, params, read_version, data)
            entry = (read_version, result, document)
        self._put(self._entries, key, entry)
        return entry

    def analysis(
        self,
        store: GraphStore,
        account_id: str,
        params: AnalysisParams,
        *,
        version: int | None = None,
    ) -> AccountAnalysis:
        return self._entry(store, account_id, params, version)[1]

    def analysis_json(
        self, store: GraphStore, account_id: str, params: AnalysisParams, *, version: int
    ) -> bytes:
        """The analysis as the JSON document, serialised once per version."""
        return self._entry(store, account_id, params, version)[2]


def portfolio_of(
    store: GraphStore,
    params: AnalysisParams,
    cache: AnalysisCache | None = None,
    *,
    visible: Callable[[Account], bool] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> Portfolio:
    """The portfolio over every account in the store (or those `visible` accepts).

    Each account's row comes from the first place that has it for the account's
    current version: this process's cache, the rows persisted in the store (written by
    any process, `ROW_RESULT`), or a computation, in a process pool when many are
    missing (`compute_rows`), whose rows are persisted for the next process."""
    cache = cache or AnalysisCache()
    summaries = [s for s in store.list_accounts() if visible is None or visible(s.account)]
    rows: dict[str, PortfolioRow] = {}
    missing: dict[str, int] = {}
    for summary in summaries:
        account_id = summary.account.id
        found = cache.cached_row(account_id, params, version=summary.version)
        if found is None:
            missing[account_id] = summary.version
        else:
            rows[account_id] = found
    if missing:
        saved = store.saved_results(ROW_RESULT, params_fingerprint(params, ROW_RESULT))
        for account_id, version in list(missing.items()):
            result = saved.get(account_id)
            if result is not None and result.version == version:
                row = PortfolioRow.model_validate_json(result.data)
                cache.remember_row(account_id, params, row, version=version)
                rows[account_id] = row
                del missing[account_id]
    if missing:
        computed = compute_rows(
            store, sorted(missing), params, progress=progress, workers=workers
        )
        for account_id, (version, row) in computed.items():
            cache.remember_row(account_id, params, row, version=version)
            rows[account_id] = row
    return portfolio([rows[s.account.id] for s in summaries if s.account.id in rows])


def portfolio_for(
    store: GraphStore, user: User, params: AnalysisParams, cache: AnalysisCache
) -> Portfolio:
    """The portfolio of the accounts `user` may read (the API's and the pages')."""
    return portfolio_of(store, params, cache, visible=lambda account: can_read(user, account))


def what_if(graph: AccountGraph, remove: str, params: AnalysisParams | None = None) -> WhatIf:
    """What-if for removing `remove`: a stakeholder if one has that id, else a team member."""
    if remove in graph.stakeholder_by_id:
        return what_if_removed(graph, stakeholder=remove, params=params)
    return what_if_removed(graph, member=remove, params=params)


def path_to(graph: AccountGraph, target: str, params: AnalysisParams | None = None) -> WarmPath:
    """The warm path to stakeholder `target`; NotFound if the account has no such person."""
    if target not in graph.stakeholder_by_id:
        raise NotFound(f"no stakeholder {target!r} in account {graph.account.id!r}")
    return warm_path(graph, target, params)


def warm_paths_to_cold_key_people(
    graph: AccountGraph, analysis: AccountAnalysis, params: AnalysisParams
) -> list[WarmPath]:
    """Warm paths to the key decision-makers we know least (`cold_key_people`)."""
    return [path_to(graph, pid, params) for pid in cold_key_people(analysis, params)]
