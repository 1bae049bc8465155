"""Portfolio rows computed from stored accounts: serially for a few, in a process pool
sized to the machine for many, and persisted in the store for the account version
they were computed at (`GraphStore.save_results`), so any process (another worker, a
restarted server, the CLI) reads them instead of reading and analysing the graphs."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import timedelta
from multiprocessing import get_context

from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import PortfolioRow, portfolio_row
from graph.errors import NotFound
from graph.history import graph_as_of, moment
from graph.model import AccountGraph
from graph.store import GraphStore, SavedResult

ROW_RESULT = "row"
"""The kind of a persisted portfolio row (`GraphStore.saved_results`)."""

RESULTS_REVISION = "1"
"""Part of every parameters' fingerprint: raise it when a formula or a result's fields
change, so results persisted by an older stakegraph are no longer read."""

PARALLEL_MIN_ACCOUNTS = 300
"""Below this many rows to compute, a pool costs more to start than it saves: they are
computed here, serially. From bench.portfolio at 200 accounts × 50 people on two
cores: serially 1.02 s (c = 5.1 ms a row), with a pool of 2 1.21 s, so starting the
pool (fresh interpreters importing the analyses, opening the store) costs s ≈ 0.7 s
and a pool of 2 wins from N·c/2 + s < N·c, N > 2·s/c ≈ 275 rows. (CPU time at 600
accounts agrees: each pool process spends about 0.6 s starting, c ≈ 5.9 ms.) It only
wins on cores nothing else is using."""

CHUNKS_PER_WORKER = 4
"""Accounts are handed to the pool in this many chunks per worker (progress moves in
steps of a chunk; a slow chunk does not leave the other workers idle for long)."""

SAVE_EVERY = 100
"""Rows computed serially are persisted in batches of this many (one transaction each)."""

Progress = Callable[[int, int], None]
"""Called with (rows computed, rows to compute) as the computation goes."""


def params_fingerprint(params: AnalysisParams, kind: str) -> str:
    """What a persisted result was computed with: the parameters (analysis date and
    language included), the kind of result and `RESULTS_REVISION`, hashed."""
    text = f"{RESULTS_REVISION}\n{kind}\n{params.model_dump_json()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def baseline_graph(
    store: GraphStore, account_id: str, graph: AccountGraph, params: AnalysisParams
) -> AccountGraph | None:
    """The account as it was `params.baseline_days` before the analysis date, rebuilt
    from the changes since then; None when its history starts later (no account to
    compare with) or nothing changed since (the same graph)."""
    then = moment(params.as_of - timedelta(days=params.baseline_days))
    start = store.history_start(account_id)
    if start is None or start > then:
        return None  # read one change, not the whole history of a young account
    later = store.history(account_id, since=then, undo_only=True)
    if not later:
        return None
    return graph_as_of(graph, later, then)


def _row_of_stored(
    store: GraphStore, account_id: str, params: AnalysisParams
) -> tuple[int, PortfolioRow] | None:
    try:
        graph, version = store.versioned_graph(account_id)
        baseline = baseline_graph(store, account_id, graph, params)
    except NotFound:
        return None  # deleted since the portfolio listed it
    return version, portfolio_row(graph, params, baseline=baseline)


def _persist(
    store: GraphStore, fingerprint: str, rows: Sequence[tuple[str, int, PortfolioRow]]
) -> None:
    store.save_results(
        ROW_RESULT,
        fingerprint,
        [
            SavedResult(account_id=account_id, version=version, data=row.model_dump_json())
            for account_id, version, row in rows
        ],
    )


def _compute_and_persist(
    store: GraphStore, account_ids: Sequence[str], params: AnalysisParams
) -> list[tuple[str, int, PortfolioRow]]:
    computed = []
    for account_id in account_ids:
        found = _row_of_stored(store, account_id, params)
        if found is not None:
            computed.append((account_id, *found))
    _persist(store, params_fingerprint(params, ROW_RESULT), computed)
    return computed


def _worker_chunk(
    reopen: Callable[[], GraphStore], account_ids: list[str], params_json: str
) -> list[tuple[str, int, str]]:
    """In a pool process: open a store of its own, compute and persist the chunk's rows."""
    store = reopen()
    try:
        params = AnalysisParams.model_validate_json(params_json)
        computed = _compute_and_persist(store, account_ids, params)
    finally:
        store.close()
    return [(account_id, version, row.model_dump_json()) for account_id, version, row in computed]


def pool_size(rows: int, workers: int | None = None) -> int:
    """Processes for computing `rows` rows: the machine's cores (or `workers`), 1 (no
    pool) below `PARALLEL_MIN_ACCOUNTS` rows or on one core."""
    size = (os.cpu_count() or 1) if workers is None else workers
    return 1 if rows < PARALLEL_MIN_ACCOUNTS else max(1, min(size, rows))


def compute_rows(
    store: GraphStore,
    account_ids: Sequence[str],
    params: AnalysisParams,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> dict[str, tuple[int, PortfolioRow]]:
    """The rows of `account_ids` by account, each with the version it was computed at,
    persisted in the store as they are computed. In `pool_size` processes when there
    are many (each opens its own store: `GraphStore.reopener`), chunked by account;
    serially otherwise. An account deleted meanwhile has no row."""
    total = len(account_ids)
    size = pool_size(total, workers)
    reopen = store.reopener()
    done = 0
    found: dict[str, tuple[int, PortfolioRow]] = {}
    if size == 1 or reopen is None:
        for start in range(0, total, SAVE_EVERY):
            chunk = account_ids[start : start + SAVE_EVERY]
            for account_id, version, row in _compute_and_persist(store, chunk, params):
                found[account_id] = (version, row)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        return found
    chunk_size = math.ceil(total / (size * CHUNKS_PER_WORKER))
    chunks = [list(account_ids[i : i + chunk_size]) for i in range(0, total, chunk_size)]
    # spawn, not fork: the server's threads and the Neo4j driver's sockets must not be
    # copied into the workers.
    with ProcessPoolExecutor(max_workers=size, mp_context=get_context("spawn")) as pool:
        futures = {
            pool.submit(_worker_chunk, reopen, chunk, params.model_dump_json()): len(chunk)
            for chunk in chunks
        }
        for future in as_completed(futures):
            for account_id, version, data in future.result():
                found[account_id] = (version, PortfolioRow.model_validate_json(data))
            done += futures[future]
            if progress is not None:
                progress(done, total)
    return found
