"""Who is asking, and what they may see: tokens in, a `User` and access checks out.

A request carries its token as `Authorization: Bearer TOKEN` (scripts) or in the
`stakegraph_token` cookie (the web pages, set by the sign-in page). The store
holds only SHA-256 hashes, so the token is hashed and looked up. Repeated bad
tokens from one client are slowed down: after `MAX_FAILURES` within
`FAILURE_WINDOW_S` seconds every request from it answers 429 until the window
has passed. Tokens never appear in logs: the sign-in link carries the token in
the URL fragment, which browsers do not send to the server.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from graph.errors import (
    Forbidden,
    NotFound,
    StakegraphError,
    Unauthenticated,
    account_not_found,
)
from graph.model import Account
from graph.store import GraphStore
from graph.users import User, can_read, can_write, token_hash

COOKIE = "stakegraph_token"
MAX_FAILURES = 10
FAILURE_WINDOW_S = 60.0


class TooManyAttempts(StakegraphError):
    """Too many bad tokens from one client; `retry_after` seconds until it may try again."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"too many failed sign-ins from this address; try again in {retry_after} s"
        )


class FailedAttempts:
    """Bad-token timestamps per client address (in memory: one server process)."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW_S) -> None:
        self._limit = limit
        self._window = window
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._seen[client]
        while times and now - times[0] > self._window:
            times.popleft()
        return times

    def check(self, client: str) -> None:
        with self._lock:
            now = time.monotonic()
            times = self._recent(client, now)
            if len(times) >= self._limit:
                raise TooManyAttempts(max(1, int(self._window - (now - times[0])) + 1))

    def record(self, client: str) -> None:
        with self._lock:
            self._recent(client, time.monotonic()).append(time.monotonic())


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def authenticate(
    store: GraphStore, token: str | None, *, client: str, failures: FailedAttempts
) -> User:
    """The user holding `token`; Unauthenticated (and a recorded failure) otherwise."""
    failures.check(client)
    if not token:
        raise Unauthenticated("sign in: send Authorization: Bearer TOKEN (stakegraph user add)")
    user = store.user_for_token(token_hash(token))
    if user is None:
        failures.record(client)
        raise Unauthenticated("this token is not valid (it may have been replaced)")
    return user


def readable_versioned_account(
    store: GraphStore, user: User, account_id: str
) -> tuple[Account, int]:
    """The account and its version (one read) if `user` may read it; NotFound otherwise,
    exactly as for a missing one."""
    account, version = store.versioned_account(account_id)
    if not can_read(user, account):
        raise account_not_found(account_id)
    return account, version


def readable_account(store: GraphStore, user: User, account_id: str) -> Account:
    return readable_versioned_account(store, user, account_id)[0]


def writable_account(store: GraphStore, user: User, account_id: str) -> Account:
    """The account if `user` may change it; NotFound if they may not even see it, else Forbidden."""
    account = readable_account(store, user, account_id)
    if not can_write(user, account):
        raise Forbidden(f"{user.id} may read account {account_id!r} but not change it")
    return account


def check_new_account(user: User, account: Account) -> None:
    """Anyone may create an account they work on; only an admin one for others."""
    if not can_write(user, account):
        raise Forbidden(
            f"{user.id} may only create accounts they own or are on the team of "
            f"(set owner to {user.id!r})"
        )


def account_if_exists(store: GraphStore, user: User, account_id: str) -> Account | None:
    """The account if it exists and `user` may change it; None if there is no such account.

    (Account ids are global, so creating one whose id a rep cannot see answers 404,
    as reading it would.)
    """
    try:
        store.get_account(account_id)
    except NotFound:
        return None
    return writable_account(store, user, account_id)
