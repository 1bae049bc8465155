"""Who is asking, and what they may see: tokens in, a `User` and access checks out.

Two surfaces, one rule each:

- **Scripts** send `Authorization: Bearer TOKEN`; the JSON API under /api/v1
  authenticates a request by that header.
- **The pages** use the token kept in the `stakegraph_token` cookie (HttpOnly,
  SameSite=Strict), set by the sign-in page. The JSON API also accepts the cookie,
  because the pages link to its downloads (export, report, survey); with the
  cookie, a request that changes anything must come from our own pages: an
  `Origin` (else `Referer`) naming another origin is refused with 403
  (`check_same_origin`). SameSite does not cover this: another port of the same
  host, or a sibling subdomain, is the same *site*, and a multipart upload needs
  no preflight.

The store holds only SHA-256 hashes, so a token is hashed and looked up. Bad
tokens are counted per client address and in total (`FailedAttempts`): an
address with `max_failures` bad tokens within `failure_window_s` seconds, or a
server with `max_failures_total` from all addresses, answers 429 to further bad
tokens until the window has passed (the numbers are in api/settings.py); a valid
token is always accepted, so one client's failures never lock out another user
behind the same address. With `StoredFailedAttempts` (what the server uses) the
counts live in the store, so every worker counts against the same limits; the
in-memory `FailedAttempts` remains for one process (and its tests). The
client address is the TCP peer's, unless `serve --forwarded-allow-ips` names
the proxies whose `X-Forwarded-For` may be trusted (none by default). Tokens
never appear in logs: the sign-in link carries the token in the URL fragment,
which browsers do not send to the server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol
from urllib.parse import urlsplit

from cachetools import TTLCache

from api.settings import (
    FAILURE_WINDOW_S,
    MAX_FAILURES,
    MAX_FAILURES_TOTAL,
    MAX_TRACKED_ADDRESSES,
)
from graph.errors import (
    Forbidden,
    NotFound,
    StakegraphError,
    Unauthenticated,
    account_not_found,
)
from graph.model import Account
from graph.store import GraphStore
from graph.users import User, authorise_write, can_read, can_write, token_hash

COOKIE = "stakegraph_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TooManyAttempts(StakegraphError):
    """Too many bad tokens; `retry_after` seconds until it may try again."""

    def __init__(self, retry_after: int, *, everyone: bool = False) -> None:
        self.retry_after = retry_after
        where = "to this server" if everyone else "from this address"
        super().__init__(f"too many failed sign-ins {where}; try again in {retry_after} s")


class FailedAttempts:
    """Bad-token timestamps per client address and in total, in bounded memory.

    Per address: a TTL cache of at most `tracked` addresses, each entry expiring
    `window` seconds after its last failure; in total: the timestamps of the last
    `total_limit` failures. `clock` is injectable for tests (default
    `time.monotonic`)."""

    def __init__(
        self,
        limit: int = MAX_FAILURES,
        window: float = FAILURE_WINDOW_S,
        *,
        total_limit: int = MAX_FAILURES_TOTAL,
        tracked: int = MAX_TRACKED_ADDRESSES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._total_limit = total_limit
        self._window = window
        self._clock = clock
        self._seen: TTLCache[str, deque[float]] = TTLCache(
            maxsize=tracked, ttl=window, timer=clock
        )
        self._all: deque[float] = deque(maxlen=total_limit)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many addresses are remembered now."""
        with self._lock:
            self._seen.expire()
            return len(self._seen)

    def _retry_after(self, oldest: float, now: float) -> int:
        return max(1, int(self._window - (now - oldest)) + 1)

    def check(self, client: str) -> None:
        """Raise `TooManyAttempts` if `client`, or everyone together, is over the limit."""
        with self._lock:
            now = self._clock()
            times = self._seen.get(client)
            if times is not None:
                while times and now - times[0] > self._window:
                    times.popleft()
                if len(times) >= self._limit:
                    raise TooManyAttempts(self._retry_after(times[0], now))
            if len(self._all) >= self._total_limit and now - self._all[0] <= self._window:
                raise TooManyAttempts(self._retry_after(self._all[0], now), everyone=True)

    def record(self, client: str) -> None:
        with self._lock:
            now = self._clock()
            times = self._seen.get(client) or deque(maxlen=self._limit)
            times.append(now)
            self._seen[client] = times  # (re)sets its expiry
            self._all.append(now)

    def fail(self, client: str) -> None:
        """One bad token from `client`: TooManyAttempts if over a limit, else counted."""
        self.check(client)
        self.record(client)


class StoredFailedAttempts:
    """Bad tokens counted in the store (`GraphStore.count_failed_token`), so N workers
    together keep one limit per address and one in total; expired counts are pruned on
    every write, and a refused token is not counted, so the store keeps at most
    `total_limit` of them.

    In front, each process remembers refusals it has seen until they lift (bounded
    like `FailedAttempts`): while the store's count is at a limit it only falls when
    the oldest failure expires, so answering 429 from memory until then never lets
    through more than the store would, and spares the store a write per refused
    token. `clock` gives wall-clock seconds (default `time.time`)."""

    def __init__(
        self,
        store: GraphStore,
        limit: int = MAX_FAILURES,
        window: float = FAILURE_WINDOW_S,
        *,
        total_limit: int = MAX_FAILURES_TOTAL,
        tracked: int = MAX_TRACKED_ADDRESSES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._limit = limit
        self._total_limit = total_limit
        self._window = window
        self._clock = clock
        self._refused: TTLCache[str, float] = TTLCache(maxsize=tracked, ttl=window, timer=clock)
        self._everyone_until = 0.0
        self._lock = threading.Lock()

    def _remembered(self, client: str, now: float) -> None:
        with self._lock:
            until = self._refused.get(client)
            if until is not None and now < until:
                raise TooManyAttempts(max(1, int(until - now) + 1))
            if now < self._everyone_until:
                raise TooManyAttempts(max(1, int(self._everyone_until - now) + 1), everyone=True)

    def fail(self, client: str) -> None:
        """One bad token from `client`: TooManyAttempts if it, or everyone, is at the
        limit (this one then is not counted); else counted."""
        now = self._clock()
        self._remembered(client, now)
        count = self._store.count_failed_token(
            client, now=now, window=self._window, limit=self._limit, total_limit=self._total_limit
        )
        if count.recorded:
            return
        if count.address >= self._limit and count.address_oldest is not None:
            until = count.address_oldest + self._window
            with self._lock:
                self._refused[client] = until
            raise TooManyAttempts(max(1, int(until - now) + 1))
        until = (count.total_oldest or now) + self._window
        with self._lock:
            self._everyone_until = max(self._everyone_until, until)
        raise TooManyAttempts(max(1, int(until - now) + 1), everyone=True)


class BadTokens(Protocol):
    """What `authenticate` counts bad tokens with."""

    def fail(self, client: str) -> None: ...


def authenticate(
    store: GraphStore, token: str | None, *, client: str, failures: BadTokens
) -> User:
    """The user holding `token`; Unauthenticated (and a recorded failure) otherwise,
    or TooManyAttempts when bad tokens from `client` or from everyone are over the
    limit. A valid token is never refused for others' failures."""
    if not token:
        raise Unauthenticated("sign in: send Authorization: Bearer TOKEN (stakegraph user add)")
    user = store.user_for_token(token_hash(token))
    if user is not None:
        return user
    failures.fail(client)
    raise Unauthenticated("this token is not valid (it may have been replaced)")


def check_same_origin(*, method: str, origin: str | None, referer: str | None, host: str) -> None:
    """Refuse (Forbidden) a cookie-authenticated request that changes something and
    names another origin than `host` (`host[:port]` the request was sent to) in its
    `Origin` header, else its `Referer`. Browsers send `Origin` with every
    cross-origin POST, PUT, PATCH and DELETE; `Origin: null` (sandboxed frames,
    files) is another origin."""
    if method.upper() in SAFE_METHODS:
        return
    claimed = origin or referer
    if claimed is None:
        return
    if claimed == "null" or urlsplit(claimed).netloc != host:
        raise Forbidden("this request came from another site; sign-in cookies work only here")


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
    authorise_write(user, None, new=account)


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
