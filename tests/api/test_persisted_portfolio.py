"""The portfolio's rows persisted per account version (api/services/portfolio_rows.py):
a new process reads them instead of the graphs, recomputes only what changed since,
and computes many missing rows in a process pool with the same result as serially."""

from __future__ import annotations

from datetime import date

import pytest

from api.services.analysis import AnalysisCache, portfolio_of
from api.services.portfolio_rows import (
    PARALLEL_MIN_ACCOUNTS,
    ROW_RESULT,
    baseline_graph,
    compute_rows,
    params_fingerprint,
    pool_size,
)
from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import PortfolioRow, portfolio_row
from graph.model import Account, Relationship
from graph.store import GraphStore, SavedResult
from graph.store.sqlite import SQLiteStore
from tests.factories import small_org

PARAMS = AnalysisParams(as_of=date(2026, 11, 23))


def _fill(store: GraphStore, count: int) -> list[str]:
    ids = [f"acct-{index:03d}" for index in range(count)]
    for account_id in ids:
        store.bulk_upsert(small_org(account_id), create=Account(id=account_id, name=account_id))
    return ids


def _mark_persisted_row(store: GraphStore, account_id: str, name: str) -> None:
    """Rewrite the persisted row (same version) so a reader of it can be told apart."""
    fingerprint = params_fingerprint(PARAMS, ROW_RESULT)
    saved = store.saved_results(ROW_RESULT, fingerprint)[account_id]
    row = PortfolioRow.model_validate_json(saved.data).model_copy(update={"name": name})
    store.save_results(
        ROW_RESULT,
        fingerprint,
        [SavedResult(account_id=account_id, version=saved.version, data=row.model_dump_json())],
    )


def _names(store: GraphStore) -> dict[str, str]:
    """The portfolio as a restarted process sees it: a new store and an empty cache."""
    reopen = store.reopener()
    assert reopen is not None
    other = reopen()
    try:
        return {row.account: row.name for row in portfolio_of(other, PARAMS, AnalysisCache()).accounts}
    finally:
        other.close()


def test_a_restarted_process_reads_the_persisted_rows_and_recomputes_only_a_changed_account(
    store: GraphStore,
) -> None:
    _fill(store, 3)
    first = portfolio_of(store, PARAMS, AnalysisCache())
    assert len(first.accounts) == 3
    for account_id in ("acct-000", "acct-001"):
        _mark_persisted_row(store, account_id, "read from the store")
    assert _names(store) == {
        "acct-000": "read from the store",
        "acct-001": "read from the store",
        "acct-002": "acct-002",
    }
    store.upsert(Relationship(account_id="acct-001", member="rep-1", stakeholder="zhou", strength=5))
    assert _names(store) == {
        "acct-000": "read from the store",
        "acct-001": "acct-001",  # its row was stale: computed again from its graph
        "acct-002": "acct-002",
    }


def test_rows_of_other_parameters_are_not_read(sqlite_store: SQLiteStore) -> None:
    _fill(sqlite_store, 1)
    portfolio_of(sqlite_store, PARAMS, AnalysisCache())
    _mark_persisted_row(sqlite_store, "acct-000", "read from the store")
    chinese = PARAMS.model_copy(update={"lang": "zh"})
    assert params_fingerprint(chinese, ROW_RESULT) != params_fingerprint(PARAMS, ROW_RESULT)
    assert portfolio_of(sqlite_store, chinese, AnalysisCache()).accounts[0].name == "acct-000"


def test_the_pool_computes_and_persists_the_same_rows_as_a_serial_computation(
    sqlite_store: SQLiteStore,
) -> None:
    ids = _fill(sqlite_store, PARALLEL_MIN_ACCOUNTS)
    seen: list[tuple[int, int]] = []
    pooled = compute_rows(
        sqlite_store, ids, PARAMS, workers=2, progress=lambda done, total: seen.append((done, total))
    )
    expected = {}
    for account_id in ids:
        graph, version = sqlite_store.versioned_graph(account_id)
        baseline = baseline_graph(sqlite_store, account_id, graph, PARAMS)
        expected[account_id] = (version, portfolio_row(graph, PARAMS, baseline=baseline))
    assert pooled == expected
    saved = sqlite_store.saved_results(ROW_RESULT, params_fingerprint(PARAMS, ROW_RESULT))
    assert {a: (r.version, PortfolioRow.model_validate_json(r.data)) for a, r in saved.items()} == (
        expected
    )
    assert len(seen) > 1 and seen[-1] == (len(ids), len(ids))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_an_account_deleted_before_its_row_is_computed_has_none(
    sqlite_store: SQLiteStore,
) -> None:
    _fill(sqlite_store, 2)
    sqlite_store.delete_account("acct-001")
    assert set(compute_rows(sqlite_store, ["acct-000", "acct-001"], PARAMS)) == {"acct-000"}


@pytest.mark.parametrize(
    ("rows", "workers", "size"),
    [
        (PARALLEL_MIN_ACCOUNTS - 1, 2, 1),
        (PARALLEL_MIN_ACCOUNTS, 1, 1),
        (PARALLEL_MIN_ACCOUNTS, 2, 2),
        (5_000, 8, 8),
    ],
)
def test_the_pool_is_sized_to_the_machine_and_not_used_for_a_few_rows(
    rows: int, workers: int, size: int
) -> None:
    assert pool_size(rows, workers) == size
