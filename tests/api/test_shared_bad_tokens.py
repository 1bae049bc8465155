"""Bad tokens counted in the store: two workers (two stores on one file, two
counters) keep one limit together, and a valid token is never refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.auth import StoredFailedAttempts, TooManyAttempts, authenticate
from graph.errors import Unauthenticated
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _workers(tmp_path: Path, clock: Clock, **limits: int) -> list[StoredFailedAttempts]:
    return [
        StoredFailedAttempts(SQLiteStore(tmp_path / "s.db"), window=60, clock=clock, **limits)
        for _ in range(2)
    ]


def test_two_workers_together_meet_one_limit_per_address(tmp_path: Path) -> None:
    clock = Clock()
    workers = _workers(tmp_path, clock, limit=10, total_limit=1000)
    for attempt in range(10):
        workers[attempt % 2].fail("10.0.0.1")
    for worker in workers:
        with pytest.raises(TooManyAttempts) as refused:
            worker.fail("10.0.0.1")
        assert 1 <= refused.value.retry_after <= 61
    workers[0].fail("10.0.0.2")  # another address is not limited
    clock.now += 61
    workers[1].fail("10.0.0.1")  # the window has passed (remembered refusals too)


def test_two_workers_together_meet_the_total(tmp_path: Path) -> None:
    clock = Clock()
    workers = _workers(tmp_path, clock, limit=10, total_limit=6)
    for attempt in range(6):
        workers[attempt % 2].fail(f"192.0.2.{attempt}")
    with pytest.raises(TooManyAttempts, match="to this server"):
        workers[1].fail("198.51.100.1")


def test_a_valid_token_is_never_refused_for_bad_ones(tmp_path: Path) -> None:
    clock = Clock()
    store = SQLiteStore(tmp_path / "s.db")
    token = new_token()
    store.add_user(User(id="rep-1", name="Rep", role=UserRole.rep), token_hash(token))
    failures = StoredFailedAttempts(store, limit=2, total_limit=2, window=60, clock=clock)
    for _ in range(2):
        with pytest.raises(Unauthenticated):
            authenticate(store, "wrong", client="10.0.0.1", failures=failures)
    with pytest.raises(TooManyAttempts):
        authenticate(store, "wrong", client="10.0.0.1", failures=failures)
    assert authenticate(store, token, client="10.0.0.1", failures=failures).id == "rep-1"
