"""The embedded store: one SQLite file (stdlib, WAL), zero set-up.

Each entity kind has a table keyed by `(account_id, key)` holding the entity as
JSON, so what is written is exactly what pydantic reads back. Writers take
`BEGIN IMMEDIATE`, which serialises them; readers are never blocked (WAL).
Cross-entity rules are enforced by the shared write path in `base.py`.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from graph.errors import Conflict, StoreUnavailable
from graph.history import Change, changes_of_record, stored_records
from graph.model import ACCOUNT_ENTITIES, Account, AccountGraph, Entity, KindDiff
from graph.store.base import (
    KEPT_RESULTS,
    AccountSummary,
    GraphStore,
    PendingRecord,
    SavedResult,
)
from graph.users import User

T = TypeVar("T")

SCHEMA_VERSION = 3
"""2: the `analyses` table (results persisted per account version); 3: the tables
of deals (`competitors`, `deals`, `committee`, `bodies`, `supervisions`,
`competitor_ties`). A file of an older version gets the new tables on open (each
is `CREATE TABLE IF NOT EXISTS`) and its version raised; an older stakegraph, which
would neither delete these with their account nor back them up, refuses the file."""
BUSY_TIMEOUT_MS = 30_000
SCRUB_ATTEMPTS = 50
"""Tries (0.1 s apart) to truncate the WAL after an erasure while other readers finish."""

# Table names are the entity kinds' fixed collection names, never user text.
_TABLES = {kind: kind.collection for kind in ACCOUNT_ENTITIES}
_SCHEMA = "\n".join(
    [
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);",
        "CREATE TABLE IF NOT EXISTS history ("
        " account_id TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (account_id, version, seq)) WITHOUT ROWID;",
        "CREATE TABLE IF NOT EXISTS users ("
        " id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, data TEXT NOT NULL);",
        "CREATE TABLE IF NOT EXISTS accounts ("
        " id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);",
        "CREATE TABLE IF NOT EXISTS analyses ("
        " account_id TEXT NOT NULL, kind TEXT NOT NULL, params TEXT NOT NULL,"
        " version INTEGER NOT NULL, saved_at REAL NOT NULL, data TEXT NOT NULL,"
        " PRIMARY KEY (kind, params, account_id)) WITHOUT ROWID;",
        "CREATE INDEX IF NOT EXISTS analyses_of_account ON analyses (account_id);",
        "CREATE TABLE IF NOT EXISTS pending_uploads ("
        " id TEXT PRIMARY KEY, expires REAL NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;",
        "CREATE INDEX IF NOT EXISTS pending_uploads_expiry ON pending_uploads (expires);",
        "CREATE TABLE IF NOT EXISTS failed_tokens (address TEXT NOT NULL, at REAL NOT NULL);",
        "CREATE INDEX IF NOT EXISTS failed_tokens_at ON failed_tokens (at);",
        "CREATE INDEX IF NOT EXISTS failed_tokens_address ON failed_tokens (address, at);",
        "CREATE TABLE IF NOT EXISTS retired_accounts ("
        " id TEXT PRIMARY KEY, version INTEGER NOT NULL) WITHOUT ROWID;",
        *(
            f"CREATE TABLE IF NOT EXISTS {table} ("
            " account_id TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,"
            " PRIMARY KEY (account_id, key)) WITHOUT ROWID;"
            for table in _TABLES.values()
        ),
    ]
)
_SELECT = {kind: f"SELECT data FROM {t} WHERE account_id = ?" for kind, t in _TABLES.items()}  # noqa: S608
_UPSERT = {
    kind: f"INSERT INTO {t} (account_id, key, data) VALUES (?, ?, ?) "  # noqa: S608
    "ON CONFLICT (account_id, key) DO UPDATE SET data = excluded.data"
    for kind, t in _TABLES.items()
}
_DELETE = {kind: f"DELETE FROM {t} WHERE account_id = ? AND key = ?" for kind, t in _TABLES.items()}  # noqa: S608
_DELETE_ALL = {kind: f"DELETE FROM {t} WHERE account_id = ?" for kind, t in _TABLES.items()}  # noqa: S608
_COUNT = {
    kind: f"SELECT account_id, count(*) FROM {t} GROUP BY account_id"  # noqa: S608
    for kind, t in _TABLES.items()
}


def _key_text(key: tuple[str, ...]) -> str:
    return json.dumps(list(key), ensure_ascii=False)


class SQLiteStore(GraphStore):
    """A store in one SQLite file; safe for many threads and processes at once."""

    def __init__(self, path: str | Path) -> None:
        self._path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open_connections: list[sqlite3.Connection] = []
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(f"cannot create the folder for {self._path}: {error}") from error
        with self._connection() as conn:
            self._migrate(conn)

    @property
    def description(self) -> str:
        return f"SQLite store {self._path}"

    @property
    def path(self) -> Path:
        return self._path

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            row = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
            if row is None:
                conn.execute(
                    "INSERT INTO meta (name, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreUnavailable(
                    f"{self._path} was written by a newer stakegraph (schema {row[0]}); upgrade stakegraph"
                )
            elif int(row[0]) < SCHEMA_VERSION:
                conn.execute(
                    "UPDATE meta SET value = ? WHERE name = 'schema_version'",
                    (str(SCHEMA_VERSION),),
                )
        except sqlite3.DatabaseError as error:
            raise StoreUnavailable(f"{self._path} is not a usable SQLite store: {error}") from error

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # One connection per thread, kept between transactions: opening one (and its
        # pragmas) cost as much as a cached API answer. Threads never share one, and
        # a connection that saw an error is closed rather than reused.
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = self._open()
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._open_connections.append(conn)
        try:
            yield conn
        except sqlite3.Error:
            self._discard(conn)
            raise

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self._path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,  # closed by `close()` from another thread
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            raise StoreUnavailable(f"cannot open {self._path}: {error}") from error
        return conn

    def _discard(self, conn: sqlite3.Connection) -> None:
        if getattr(self._local, "conn", None) is conn:
            self._local.conn = None
        with self._lock:
            if conn in self._open_connections:
                self._open_connections.remove(conn)
        conn.close()

    @contextmanager
    def _sqlite_errors(self) -> Iterator[None]:
        """Every error of sqlite3 in a transaction as one of ours, in this one place (as
        httpx's `map_httpcore_exceptions` does): a broken constraint → Conflict; a
        locked, full, unreadable or damaged file, or anything else → StoreUnavailable."""
        try:
            yield
        except sqlite3.IntegrityError as error:
            raise Conflict(f"{self._path} refused the write: {error}") from error
        except sqlite3.Error as error:
            raise StoreUnavailable(f"{self._path}: {error}") from error

    def _run(self, work: Callable[[sqlite3.Connection], T], *, begin: str) -> T:
        # The connection (inside) discards itself on a sqlite3 error before it is mapped.
        with self._sqlite_errors(), self._connection() as conn:
            conn.execute(begin)
            try:
                result = work(conn)
                conn.execute("COMMIT")
                return result
            except BaseException:
                self._rollback(conn)
                raise

    def _rollback(self, conn: sqlite3.Connection) -> None:
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            self._discard(conn)

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        return self._run(work, begin="BEGIN IMMEDIATE")

    def _read_transaction(self, work: Callable[[Any], T]) -> T:
        return self._run(work, begin="BEGIN")

    def _load_account(self, tx: sqlite3.Connection, account_id: str) -> tuple[Account, int] | None:
        row = tx.execute(
            "SELECT data, version FROM accounts WHERE id = ?", (account_id,)
        ).fetchone()
        if row is None:
            return None
        return Account.model_validate_json(row[0]), int(row[1])

    def _save_account(self, tx: sqlite3.Connection, account: Account, *, version: int) -> None:
        tx.execute(
            "INSERT INTO accounts (id, version, data) VALUES (?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, data = excluded.data",
            (account.id, version, account.model_dump_json()),
        )

    def _retired_version(self, tx: sqlite3.Connection, account_id: str) -> int:
        row = tx.execute(
            "SELECT version FROM retired_accounts WHERE id = ?", (account_id,)
        ).fetchone()
        return 0 if row is None else int(row[0])

    def _retire_account(self, tx: sqlite3.Connection, account_id: str, version: int) -> None:
        tx.execute(
            "INSERT INTO retired_accounts (id, version) VALUES (?, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = max(version, excluded.version)",
            (account_id, version),
        )

    def _lock_account(self, tx: sqlite3.Connection, account_id: str) -> bool:
        # BEGIN IMMEDIATE already holds the database's write lock.
        cursor = tx.execute("UPDATE accounts SET version = version + 1 WHERE id = ?", (account_id,))
        return cursor.rowcount == 1

    def _load_graph(self, tx: sqlite3.Connection, account: Account) -> AccountGraph:
        kinds = {
            kind.collection: tuple(
                kind.model_validate_json(row[0]) for row in tx.execute(_SELECT[kind], (account.id,))
            )
            for kind in ACCOUNT_ENTITIES
        }
        return AccountGraph.model_validate({"account": account, **kinds})

    def _write_diff(
        self, tx: sqlite3.Connection, account_id: str, diffs: Mapping[type[Entity], KindDiff]
    ) -> None:
        for kind, diff in diffs.items():
            if diff.deletes:
                tx.executemany(
                    _DELETE[kind], ((account_id, _key_text(key)) for key in diff.deletes)
                )
            if diff.upserts:
                tx.executemany(
                    _UPSERT[kind],
                    (
                        (account_id, _key_text(entity.key), entity.model_dump_json())
                        for entity in diff.upserts
                    ),
                )

    def _delete_account(self, tx: sqlite3.Connection, account_id: str) -> bool:
        for kind in ACCOUNT_ENTITIES:
            tx.execute(_DELETE_ALL[kind], (account_id,))
        tx.execute("DELETE FROM history WHERE account_id = ?", (account_id,))
        return tx.execute("DELETE FROM accounts WHERE id = ?", (account_id,)).rowcount == 1

    def _summaries(self, tx: sqlite3.Connection) -> list[AccountSummary]:
        counts: dict[str, dict[str, int]] = {}
        for kind in ACCOUNT_ENTITIES:
            for account_id, count in tx.execute(_COUNT[kind]):
                counts.setdefault(account_id, {})[kind.collection] = int(count)
        return [
            AccountSummary(
                account=Account.model_validate_json(data),
                version=int(version),
                counts={
                    kind.collection: counts.get(account_id, {}).get(kind.collection, 0)
                    for kind in ACCOUNT_ENTITIES
                },
            )
            for account_id, version, data in tx.execute("SELECT id, version, data FROM accounts")
        ]

    def _save_results(
        self,
        tx: sqlite3.Connection,
        *,
        kind: str,
        params: str,
        results: Sequence[SavedResult],
        at: float,
    ) -> int:
        # BEGIN IMMEDIATE holds the write lock: the versions read here cannot move.
        written = 0
        for result in results:
            current = tx.execute(
                "SELECT version FROM accounts WHERE id = ?", (result.account_id,)
            ).fetchone()
            if current is None or int(current[0]) != result.version:
                continue
            tx.execute(
                "INSERT INTO analyses (account_id, kind, params, version, saved_at, data) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, params, account_id) DO UPDATE SET "
                "version = excluded.version, saved_at = excluded.saved_at, data = excluded.data",
                (result.account_id, kind, params, result.version, at, result.data),
            )
            tx.execute(
                "DELETE FROM analyses WHERE account_id = ? AND (version < ? OR (kind = ? AND "
                "params NOT IN (SELECT params FROM analyses WHERE account_id = ? AND kind = ? "
                "ORDER BY saved_at DESC, params LIMIT ?)))",
                (result.account_id, result.version, kind, result.account_id, kind, KEPT_RESULTS),
            )
            written += 1
        return written

    def _load_results(
        self, tx: sqlite3.Connection, *, kind: str, params: str, account_id: str | None
    ) -> list[SavedResult]:
        if account_id is None:
            rows = tx.execute(
                "SELECT account_id, version, data FROM analyses WHERE kind = ? AND params = ?",
                (kind, params),
            )
        else:
            rows = tx.execute(
                "SELECT account_id, version, data FROM analyses "
                "WHERE kind = ? AND params = ? AND account_id = ?",
                (kind, params, account_id),
            )
        return [SavedResult(account_id=a, version=int(v), data=d) for a, v, d in rows]

    def _delete_results(self, tx: sqlite3.Connection, account_id: str) -> None:
        tx.execute("DELETE FROM analyses WHERE account_id = ?", (account_id,))

    def _save_pending(self, tx: sqlite3.Connection, record: PendingRecord) -> None:
        tx.execute(
            "INSERT INTO pending_uploads (id, expires, data) VALUES (?, ?, ?)",
            (record.id, record.expires, record.model_dump_json()),
        )

    def _load_pending(self, tx: sqlite3.Connection, upload_id: str) -> PendingRecord | None:
        row = tx.execute("SELECT data FROM pending_uploads WHERE id = ?", (upload_id,)).fetchone()
        return None if row is None else PendingRecord.model_validate_json(row[0])

    def _delete_pending(self, tx: sqlite3.Connection, upload_id: str) -> None:
        tx.execute("DELETE FROM pending_uploads WHERE id = ?", (upload_id,))

    def _expired_pending(self, tx: sqlite3.Connection, now: float) -> list[PendingRecord]:
        rows = tx.execute(
            "DELETE FROM pending_uploads WHERE expires <= ? RETURNING data", (now,)
        ).fetchall()
        return [PendingRecord.model_validate_json(row[0]) for row in rows]

    def _lock_failures(self, tx: sqlite3.Connection) -> None:
        pass  # BEGIN IMMEDIATE already holds the database's write lock.

    def _prune_failures(self, tx: sqlite3.Connection, before: float) -> None:
        tx.execute("DELETE FROM failed_tokens WHERE at <= ?", (before,))

    def _failure_stats(
        self, tx: sqlite3.Connection, address: str
    ) -> tuple[int, float | None, int, float | None]:
        mine, my_oldest = tx.execute(
            "SELECT count(*), min(at) FROM failed_tokens WHERE address = ?", (address,)
        ).fetchone()
        everyone, oldest = tx.execute("SELECT count(*), min(at) FROM failed_tokens").fetchone()
        return int(mine), my_oldest, int(everyone), oldest

    def _add_failure(self, tx: sqlite3.Connection, address: str, at: float) -> None:
        tx.execute("INSERT INTO failed_tokens (address, at) VALUES (?, ?)", (address, at))

    def reopener(self) -> Callable[[], GraphStore]:
        return functools.partial(SQLiteStore, self._path)

    def _write_history(self, tx: sqlite3.Connection, changes: Iterable[Change]) -> None:
        tx.executemany(
            "INSERT INTO history (account_id, version, seq, data) VALUES (?, ?, ?, ?)",
            (
                (record.account_id, record.version, seq, record.model_dump_json())
                for seq, record in enumerate(stored_records(changes))
            ),
        )

    def _load_history(self, tx: sqlite3.Connection, account_id: str) -> list[Change]:
        rows = tx.execute(
            "SELECT data FROM history WHERE account_id = ? ORDER BY version, seq", (account_id,)
        )
        return [change for row in rows for change in changes_of_record(row[0])]

    def _load_first_change(self, tx: sqlite3.Connection, account_id: str) -> Change | None:
        row = tx.execute(
            "SELECT data FROM history WHERE account_id = ? ORDER BY version, seq LIMIT 1",
            (account_id,),
        ).fetchone()
        return None if row is None else changes_of_record(row[0])[0]

    def _load_user(
        self, tx: sqlite3.Connection, *, user_id: str | None = None, token_hash: str | None = None
    ) -> User | None:
        if user_id is not None:
            row = tx.execute("SELECT data FROM users WHERE id = ?", (user_id,)).fetchone()
        else:
            row = tx.execute(
                "SELECT data FROM users WHERE token_hash = ?", (token_hash,)
            ).fetchone()
        return None if row is None else User.model_validate_json(row[0])

    def _save_user(self, tx: sqlite3.Connection, user: User, token_hash: str) -> None:
        tx.execute(
            "INSERT INTO users (id, token_hash, data) VALUES (?, ?, ?) ON CONFLICT (id) "
            "DO UPDATE SET token_hash = excluded.token_hash, data = excluded.data",
            (user.id, token_hash, user.model_dump_json()),
        )

    def _load_users(self, tx: sqlite3.Connection) -> list[tuple[User, str]]:
        return [
            (User.model_validate_json(row[0]), row[1])
            for row in tx.execute("SELECT data, token_hash FROM users")
        ]

    def _update_user(self, tx: sqlite3.Connection, user: User) -> None:
        tx.execute("UPDATE users SET data = ? WHERE id = ?", (user.model_dump_json(), user.id))

    def _delete_user(self, tx: sqlite3.Connection, user_id: str) -> None:
        tx.execute("DELETE FROM users WHERE id = ?", (user_id,))

    def _replace_history(
        self, tx: sqlite3.Connection, account_id: str, changes: Iterable[Change]
    ) -> None:
        tx.execute("DELETE FROM history WHERE account_id = ?", (account_id,))
        self._write_history(tx, changes)

    def _erase_transaction(self, work: Callable[[Any], T]) -> T:
        """An erasure with `secure_delete` on (freed cells are overwritten with zeros),
        then `VACUUM` (rebuilds the file: no free page or stale b-tree divider keeps
        what earlier writes left behind) and a truncating WAL checkpoint (the WAL's
        older frames held the person's pages)."""
        with self._connection() as conn:
            conn.execute("PRAGMA secure_delete = ON")
            try:
                result = self._write_transaction(work)
                self._scrub(conn)
            finally:
                if getattr(self._local, "conn", None) is conn:
                    conn.execute("PRAGMA secure_delete = OFF")
        return result

    def _scrub(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("VACUUM")
            for _ in range(SCRUB_ATTEMPTS):
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy:
                    return
                time.sleep(0.1)
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"{self._path}: the erasure was written, but the file could not be compacted "
                f"({error}); run the erasure again when no other program writes to the store"
            ) from error
        raise StoreUnavailable(
            f"{self._path}: the erasure was written, but readers kept the old pages in the WAL "
            "file; run the erasure again when the store is idle"
        )

    def close(self) -> None:
        """Close every thread's connection (a later call opens a new one)."""
        with self._lock:
            connections, self._open_connections = self._open_connections, []
        self._local = threading.local()
        for conn in connections:
            conn.close()
