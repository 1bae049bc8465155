"""Server state every worker shares, in the store: pending web uploads and bad-token
counts, each with expiry by an explicit `now` (no sleeps)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from graph.store import GraphStore, PendingRecord


def _record(upload_id: str, *, created: float = 1000.0, ttl: float = 60.0) -> PendingRecord:
    return PendingRecord(
        id=upload_id,
        user="rep-1",
        account_id="acme",
        format="auto",
        created=created,
        expires=created + ttl,
        path=f"pending-{upload_id}/people.csv",
    )


def test_a_pending_upload_is_kept_until_taken(store: GraphStore) -> None:
    assert store.add_pending_upload(_record("a"), now=1000.0) == []
    found = store.pending_upload("a", now=1010.0)
    assert found == _record("a")
    assert store.take_pending_upload("a") == _record("a")
    assert store.pending_upload("a", now=1010.0) is None
    assert store.take_pending_upload("a") is None  # taken once only


def test_an_expired_pending_upload_is_not_found_and_pruned_on_write(store: GraphStore) -> None:
    store.add_pending_upload(_record("old", created=1000.0), now=1000.0)
    assert store.pending_upload("old", now=1059.0) is not None
    assert store.pending_upload("old", now=1060.0) is None
    pruned = store.add_pending_upload(_record("new", created=1070.0), now=1070.0)
    assert [record.id for record in pruned] == ["old"]
    assert store.take_pending_upload("old") is None
    assert store.expire_pending_uploads(now=2000.0) == [_record("new", created=1070.0)]
    assert store.pending_upload("missing", now=0.0) is None


def _fail(store: GraphStore, address: str, now: float) -> bool:
    return store.count_failed_token(address, now=now, window=60.0, limit=3, total_limit=5).recorded


def test_bad_tokens_per_address_meet_the_limit_until_the_window_passes(
    store: GraphStore,
) -> None:
    assert [_fail(store, "10.0.0.1", 100.0 + i) for i in range(5)] == [True] * 3 + [False] * 2
    count = store.count_failed_token("10.0.0.1", now=110.0, window=60.0, limit=3, total_limit=5)
    assert (count.address, count.address_oldest, count.recorded) == (3, 100.0, False)
    assert _fail(store, "10.0.0.2", 110.0)  # another address is not limited by this one
    assert _fail(store, "10.0.0.1", 160.5)  # the first failure (at 100) has expired


def test_bad_tokens_from_everyone_meet_the_total_and_expired_ones_are_pruned(
    store: GraphStore,
) -> None:
    for i in range(5):
        assert _fail(store, f"192.0.2.{i}", 100.0)
    count = store.count_failed_token("198.51.100.1", now=120.0, window=60.0, limit=3, total_limit=5)
    assert (count.address, count.total, count.total_oldest, count.recorded) == (0, 5, 100.0, False)
    after = store.count_failed_token("198.51.100.1", now=161.0, window=60.0, limit=3, total_limit=5)
    assert (after.total, after.recorded) == (0, True)  # all five pruned; this one counted


def test_concurrent_bad_tokens_never_pass_the_limit(store: GraphStore) -> None:
    def fail(attempt: int) -> bool:
        return store.count_failed_token(
            "10.0.0.9", now=500.0 + attempt / 100, window=60.0, limit=5, total_limit=100
        ).recorded

    with ThreadPoolExecutor(max_workers=4) as pool:
        recorded = list(pool.map(fail, range(16)))
    assert recorded.count(True) == 5
