"""Analysis results persisted per account version, on both stores: written for the
version they were computed at, read by any process (a second store over the same
data), stale after a write, gone with their account and with an erasure, and kept
apart per parameters' fingerprint."""

from __future__ import annotations

from graph.model import Account, Relationship
from graph.store import GraphStore
from graph.store.base import KEPT_RESULTS, SavedResult
from tests.factories import small_org

ROW = "row"


def _account(store: GraphStore, account_id: str = "acme") -> int:
    store.bulk_upsert(small_org(account_id), create=Account(id=account_id, name=account_id))
    return store.account_version(account_id)


def test_a_saved_result_is_read_back_by_another_store_over_the_same_data(
    store: GraphStore,
) -> None:
    version = _account(store)
    written = store.save_results(
        ROW, "p1", [SavedResult(account_id="acme", version=version, data='{"coverage": 0.5}')]
    )
    assert written == 1
    reopen = store.reopener()
    assert reopen is not None
    other = reopen()
    try:
        assert other.saved_results(ROW, "p1") == {
            "acme": SavedResult(account_id="acme", version=version, data='{"coverage": 0.5}')
        }
        assert set(other.saved_results(ROW, "p1", account_id="acme")) == {"acme"}
        assert other.saved_results(ROW, "p1", account_id="other") == {}
    finally:
        other.close()


def test_a_result_is_not_written_for_a_version_the_account_has_left(store: GraphStore) -> None:
    version = _account(store)
    store.upsert(Relationship(account_id="acme", member="rep-1", stakeholder="zhou", strength=5))
    written = store.save_results(
        ROW, "p1", [SavedResult(account_id="acme", version=version, data="{}")]
    )
    assert written == 0
    assert store.saved_results(ROW, "p1") == {}


def test_a_result_for_an_account_that_does_not_exist_is_not_written(store: GraphStore) -> None:
    assert store.save_results(ROW, "p1", [SavedResult(account_id="nope", version=1, data="{}")]) == 0
    assert store.saved_results(ROW, "p1") == {}


def test_a_write_makes_the_saved_result_stale_and_the_next_save_replaces_it(
    store: GraphStore,
) -> None:
    version = _account(store)
    store.save_results(ROW, "p1", [SavedResult(account_id="acme", version=version, data="old")])
    store.save_results(ROW, "p2", [SavedResult(account_id="acme", version=version, data="old2")])
    store.upsert(Relationship(account_id="acme", member="rep-1", stakeholder="zhou", strength=5))
    now = store.account_version("acme")
    assert store.saved_results(ROW, "p1")["acme"].version == version != now
    store.save_results(ROW, "p1", [SavedResult(account_id="acme", version=now, data="new")])
    assert store.saved_results(ROW, "p1")["acme"] == SavedResult(
        account_id="acme", version=now, data="new"
    )
    # Results of an older version can never be used again: dropped on the next save.
    assert store.saved_results(ROW, "p2") == {}


def test_two_parameter_fingerprints_and_two_kinds_are_kept_apart(store: GraphStore) -> None:
    version = _account(store)
    _account(store, "beta")
    beta = store.account_version("beta")
    store.save_results(
        ROW,
        "en",
        [
            SavedResult(account_id="acme", version=version, data="acme-en"),
            SavedResult(account_id="beta", version=beta, data="beta-en"),
        ],
    )
    store.save_results(ROW, "zh", [SavedResult(account_id="acme", version=version, data="acme-zh")])
    store.save_results(
        "analysis", "en", [SavedResult(account_id="acme", version=version, data="full")]
    )
    assert {k: r.data for k, r in store.saved_results(ROW, "en").items()} == {
        "acme": "acme-en",
        "beta": "beta-en",
    }
    assert {k: r.data for k, r in store.saved_results(ROW, "zh").items()} == {"acme": "acme-zh"}
    assert store.saved_results("analysis", "en")["acme"].data == "full"


def test_only_the_latest_results_of_an_unchanged_account_are_kept(store: GraphStore) -> None:
    version = _account(store)
    for day in range(KEPT_RESULTS + 3):
        store.save_results(
            ROW, f"day-{day:02d}", [SavedResult(account_id="acme", version=version, data="{}")]
        )
    kept = [day for day in range(KEPT_RESULTS + 3) if store.saved_results(ROW, f"day-{day:02d}")]
    assert kept == list(range(3, KEPT_RESULTS + 3))


def test_deleting_an_account_deletes_its_results_and_a_recreated_one_has_none(
    store: GraphStore,
) -> None:
    version = _account(store)
    _account(store, "beta")
    beta = store.account_version("beta")
    store.save_results(
        ROW,
        "p1",
        [
            SavedResult(account_id="acme", version=version, data="{}"),
            SavedResult(account_id="beta", version=beta, data="{}"),
        ],
    )
    store.delete_account("acme")
    assert set(store.saved_results(ROW, "p1")) == {"beta"}
    _account(store)
    assert set(store.saved_results(ROW, "p1")) == {"beta"}


def test_an_erasure_deletes_the_results_that_still_name_the_person(store: GraphStore) -> None:
    version = _account(store)
    store.save_results(
        ROW, "p1", [SavedResult(account_id="acme", version=version, data='{"name": "周敏"}')]
    )
    store.erase_stakeholder("acme", "zhou")
    assert store.saved_results(ROW, "p1") == {}
    # Computed before the erasure, saved after it: refused (the version moved on).
    written = store.save_results(
        ROW, "p1", [SavedResult(account_id="acme", version=version, data='{"name": "周敏"}')]
    )
    assert written == 0
    assert store.saved_results(ROW, "p1") == {}
