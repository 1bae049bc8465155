"""The Neo4j store (server, cluster or Aura) through the official driver.

Graph shape, as a Cypher user sees it:

    (:User {id, name, role, token_hash})
    (:Change {account_id, version, seq, data})   (history; data is a change, or the keys
                                                  one write created, as JSON: graph/history.py)
    (:Analysis {account_id, kind, params, version, saved_at, data})   (an analysis result
                                                  persisted for one account version)
    (:PendingUpload {id, expires, data})         (a web upload checked, awaiting confirmation)
    (:FailedToken {address, at}), (:FailedTokenLock {id: "all"})   (bad tokens in the window)
    (:Account {id, name, …, version})
    (:Stakeholder {account_id, id, name, …})-[:REPORTS_TO]->(:Stakeholder)
    (:Stakeholder)-[:INFLUENCES {weight, kind}]->(:Stakeholder)
    (:TeamMember {account_id, id, …})-[:RELATES_TO {strength, last_contact}]->(:Stakeholder)
    (:Interaction {account_id, id, date, …})-[:WITH]->(:Stakeholder)
    (:Assessment {account_id, id, date, …})-[:OF]->(:Stakeholder)
    (:Order {account_id, id, date, amount, …})-[:PLACED_BY]->(:Stakeholder)   (edge when known)
    (:Ticket {account_id, id, date, severity, status, subject})
    (:Competitor {account_id, id, name, notes})-[:TIES_TO {strength, note}]->(:Stakeholder)
    (:Deal {account_id, id, name, stage, amount, currency, expected_close, status,
            owner, competitors, …})-[:OWNED_BY]->(:TeamMember), -[:AGAINST]->(:Competitor)
    (:Stakeholder)-[:ON_COMMITTEE {roles, stance, notes, pain}]->(:Deal)   (a seat on
                                                  a deal's buying committee)
    (:DecisionBody {account_id, id, name, kind, members, chair, size, stages, deals})
    (:Stakeholder)-[:MEMBER_OF]->(:DecisionBody), (:Stakeholder)-[:CHAIRS]->(:DecisionBody),
    (:DecisionBody)-[:DECIDES]->(:Deal)
    (:Stakeholder)-[:SUPERVISES {area}]->(:Stakeholder)   (分管: in charge of, not line manager)

A committee seat is an edge, not a node: it is keyed by (deal, stakeholder), has no
identity of its own and nothing hangs on it, as `INFLUENCES` and `RELATES_TO`. A deal's
owner and competitors and a body's members, chair and deals are kept as the node's
properties (the order given is kept; that is what is read back) and drawn as the
edges above on every write, for queries that walk them.

Every node carries `account_id`, uniqueness constraints hold `(account_id, id)`,
and every query matches on `$account`, so nothing of one account is reachable
from another. All values travel as parameters; writes are `UNWIND $rows` batches
inside one managed transaction per operation (retried by the driver on
transient errors), and the whole account graph is read in one query.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, LiteralString, TypeVar
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph.errors import Conflict, CreatedMeanwhile, StoreUnavailable, TooLarge
from graph.history import Change, changes_of_record, stored_records
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountGraph,
    Entity,
    KindDiff,
    Stakeholder,
)
from graph.store.base import (
    KEPT_RESULTS,
    AccountSummary,
    GraphStore,
    PendingRecord,
    SavedResult,
)
from graph.store.cypher import (
    CONSTRAINTS,
    CREATE,
    CREATE_REPORTS_TO,
    DELETE,
    DELETE_ACCOUNT_NODES,
    DELETE_ORDER,
    DELETE_RESULTS,
    DRAWN_EDGES,
    FOREIGN_EDGES,
    LOAD_RESULTS,
    READ_GRAPH,
    SAVE_RESULTS,
    SET_REPORTS_TO,
    SUMMARIES,
    UPSERT,
    USER_FIELDS,
    entity_properties,
)
from graph.users import User

T = TypeVar("T")

RETRY_SECONDS = 8.0
"""How long a read or write keeps retrying while Neo4j is unreachable or restarting."""

BATCH_SIZE = 5_000
"""Rows per `UNWIND` statement; all batches of one write share one transaction."""


def _from_neo4j(value: Any) -> Any:
    if isinstance(value, neo4j.time.Date):
        return date(value.year, value.month, value.day)
    if isinstance(value, list):
        return [_from_neo4j(item) for item in value]
    if isinstance(value, dict):
        return {key: _from_neo4j(item) for key, item in value.items() if item is not None}
    return value


def _account_and_version(node: dict[str, Any]) -> tuple[Account, int]:
    """An :Account node's properties: the account, and the write version stored beside it."""
    props = _from_neo4j(node)
    version = int(props.pop("version"))
    return Account.model_validate(props), version


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    """`items` in lists of BATCH_SIZE, drawn as they come (a generator is never listed whole)."""
    rest = iter(items)
    while batch := list(itertools.islice(rest, BATCH_SIZE)):
        yield batch


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def redact(url: str) -> str:
    """The URL without any password it carries."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Neo4jStore(GraphStore):
    """A store on a Neo4j 5 server, cluster or Aura; one driver per store."""

    def __init__(
        self,
        url: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        parts = urlsplit(url)
        user = parts.username or user or "neo4j"
        password = parts.password or password
        host = f"{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
        bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
        self._url = redact(url)
        self._database = database
        self._reopen = functools.partial(
            Neo4jStore, url, user=user, password=password, database=database
        )
        auth = (user, password) if password is not None else None
        try:
            with self._driver_errors(opening=True):
                self._connect(bare, auth)
        except StoreUnavailable:
            self._close_quietly()
            raise

    def _connect(self, bare_url: str, auth: tuple[str, str] | None) -> None:
        # The server's hints ("label does not exist yet") are noise on a fresh database.
        self._driver = GraphDatabase.driver(
            bare_url,
            auth=auth,
            notifications_min_severity="OFF",
            # Managed transactions retry through a restart this long; a longer outage
            # is reported (503 in the API) instead of hanging requests for the 30 s default.
            max_transaction_retry_time=RETRY_SECONDS,
            connection_timeout=RETRY_SECONDS,
        )
        self._driver.verify_connectivity()
        for statement in CONSTRAINTS:
            self._driver.execute_query(statement, database_=self._database)
        # The node bad-token counts lock, made once here so no two first counts race to.
        self._driver.execute_query("MERGE (:FailedTokenLock {id: 'all'})", database_=self._database)

    @contextmanager
    def _driver_errors(self, *, opening: bool = False) -> Iterator[None]:
        """Every error of the driver as one of ours, in this one place (as httpx's
        `map_httpcore_exceptions` does): unreachable, restarting or refusing
        credentials → StoreUnavailable; a uniqueness constraint → Conflict; out of
        transaction memory → TooLarge; anything else the server or driver refuses →
        StoreUnavailable naming it. `opening`: also a bad URL (ValueError)."""
        try:
            yield
        except (ServiceUnavailable, SessionExpired, AuthError) as error:
            raise self._unavailable(error) from error
        except ConstraintError as error:
            raise Conflict(
                f"Neo4j at {self._url} refused the write: {_first_line(error)}"
            ) from error
        except Neo4jError as error:
            if error.code and "MemoryPoolOutOfMemoryError" in error.code:
                raise TooLarge(
                    f"Neo4j at {self._url} refused the write: it needs more transaction memory "
                    "than dbms.memory.transaction.total.max allows; raise that setting (or the "
                    "server's heap) or import the data in smaller files. Nothing was written."
                ) from error
            if opening:
                raise self._unavailable(error) from error
            raise StoreUnavailable(
                f"Neo4j at {self._url} refused the request: {_first_line(error)}"
            ) from error
        except (ConfigurationError, DriverError, OSError) as error:
            raise self._unavailable(error) from error
        except ValueError as error:
            if not opening:
                raise
            raise self._unavailable(error) from error

    @property
    def description(self) -> str:
        return f"Neo4j store {self._url}"

    def _unavailable(self, error: Exception) -> StoreUnavailable:
        if isinstance(error, AuthError):
            return StoreUnavailable(
                f"Neo4j at {self._url} refused the credentials: set NEO4J_USER and NEO4J_PASSWORD"
            )
        return StoreUnavailable(f"Neo4j at {self._url} is unavailable: {_first_line(error)}")

    def _close_quietly(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()

    def _session(self, mode: str) -> neo4j.Session:
        return self._driver.session(database=self._database, default_access_mode=mode)

    def _write_transaction(self, work: Callable[[Any], T]) -> T:
        with self._driver_errors(), self._session(neo4j.WRITE_ACCESS) as session:
            return session.execute_write(work)

    def _read_transaction(self, work: Callable[[Any], T]) -> T:
        with self._driver_errors(), self._session(neo4j.READ_ACCESS) as session:
            return session.execute_read(work)

    def _load_account(self, tx: ManagedTransaction, account_id: str) -> tuple[Account, int] | None:
        record = tx.run(
            "MATCH (a:Account {id: $account}) RETURN a {.*} AS account", account=account_id
        ).single()
        return None if record is None else _account_and_version(record["account"])

    def _save_account(self, tx: ManagedTransaction, account: Account, *, version: int) -> None:
        tx.run(
            "MERGE (a:Account {id: $account}) SET a = $props",
            account=account.id,
            props={**entity_properties(account), "version": version},
        ).consume()

    def _create_account(self, tx: ManagedTransaction, account: Account, *, version: int) -> None:
        # CREATE, not MERGE: a writer that created the account since this transaction
        # read it makes the uniqueness constraint refuse, rather than being overwritten.
        try:
            tx.run(
                "CREATE (a:Account) SET a = $props",
                props={**entity_properties(account), "version": version},
            ).consume()
        except ConstraintError as error:
            raise CreatedMeanwhile(f"account {account.id!r} was created meanwhile") from error

    def _retired_version(self, tx: ManagedTransaction, account_id: str) -> int:
        record = tx.run(
            "MATCH (r:RetiredAccount {id: $account}) RETURN r.version AS version",
            account=account_id,
        ).single()
        return 0 if record is None else int(record["version"])

    def _retire_account(self, tx: ManagedTransaction, account_id: str, version: int) -> None:
        tx.run(
            "MERGE (r:RetiredAccount {id: $account}) "
            "SET r.version = CASE WHEN r.version > $version THEN r.version ELSE $version END",
            account=account_id,
            version=version,
        ).consume()

    def _lock_account(self, tx: ManagedTransaction, account_id: str) -> bool:
        # Writing the node takes its exclusive lock until commit: concurrent
        # writers to one account queue here instead of interleaving.
        record = tx.run(
            "MATCH (a:Account {id: $account}) SET a.version = a.version + 1 RETURN a.version",
            account=account_id,
        ).single()
        return record is not None

    def _load_graph(self, tx: ManagedTransaction, account: Account) -> AccountGraph:
        record = tx.run(READ_GRAPH, account=account.id).single()
        if record is None:
            return AccountGraph(account=account)
        data = _from_neo4j(record.data())
        data.pop("account")
        return AccountGraph.model_validate({"account": account, **data})

    def _write_diff(
        self, tx: ManagedTransaction, account_id: str, diffs: Mapping[type[Entity], KindDiff]
    ) -> None:
        for kind in DELETE_ORDER:
            keys = [list(key) for key in diffs[kind].deletes]
            for key_batch in _batches(keys):
                tx.run(DELETE[kind], account=account_id, keys=key_batch).consume()
        for kind in ACCOUNT_ENTITIES:
            diff = diffs[kind]
            # The diff lists new entities first: those are CREATEd (no lookup of an
            # existing node or edge), the changed ones MERGEd.
            for entities, statements in (
                (diff.upserts[: diff.created], CREATE[kind]),
                (diff.upserts[diff.created :], UPSERT[kind]),
            ):
                rows = [{"props": entity_properties(entity)} for entity in entities]
                for row in rows:
                    # Reporting lines are edges, written below once every node exists.
                    row["props"].pop("reports_to", None)
                for statement in statements:
                    for row_batch in _batches(rows):
                        tx.run(statement, account=account_id, rows=row_batch).consume()
            if kind is Stakeholder:
                for entities, statement in (
                    (diff.upserts[: diff.created], CREATE_REPORTS_TO),
                    (diff.upserts[diff.created :], SET_REPORTS_TO),
                ):
                    lines = [
                        {"id": person.id, "reports_to": person.reports_to}
                        for person in entities
                        if isinstance(person, Stakeholder)
                    ]
                    for line_batch in _batches(lines):
                        tx.run(statement, account=account_id, rows=line_batch).consume()

    def _delete_account(self, tx: ManagedTransaction, account_id: str) -> bool:
        for statement in DELETE_ACCOUNT_NODES:
            tx.run(statement, account=account_id).consume()
        record = tx.run(
            "MATCH (a:Account {id: $account}) DELETE a RETURN count(a) AS deleted",
            account=account_id,
        ).single()
        return record is not None and int(record["deleted"]) == 1

    def _summaries(self, tx: ManagedTransaction) -> list[AccountSummary]:
        summaries = []
        for record in tx.run(SUMMARIES):
            account, version = _account_and_version(record["account"])
            summaries.append(
                AccountSummary(
                    account=account,
                    version=version,
                    counts={
                        kind.collection: int(record[kind.collection]) for kind in ACCOUNT_ENTITIES
                    },
                )
            )
        return summaries

    def _write_history(self, tx: ManagedTransaction, changes: Iterable[Change]) -> None:
        rows = (
            {
                "account_id": record.account_id,
                "version": record.version,
                "seq": seq,
                "data": record.model_dump_json(),
            }
            for seq, record in enumerate(stored_records(changes))
        )
        # In batches as they come: an import's records are never all held at once.
        for batch in _batches(rows):
            tx.run("UNWIND $rows AS row CREATE (c:Change) SET c = row", rows=batch).consume()

    def _load_history(self, tx: ManagedTransaction, account_id: str) -> list[Change]:
        records = tx.run(
            "MATCH (c:Change {account_id: $account}) RETURN c.data AS data ORDER BY c.version, c.seq",
            account=account_id,
        )
        return [change for record in records for change in changes_of_record(record["data"])]

    def _load_first_change(self, tx: ManagedTransaction, account_id: str) -> Change | None:
        record = tx.run(
            "MATCH (c:Change {account_id: $account}) RETURN c.data AS data "
            "ORDER BY c.version, c.seq LIMIT 1",
            account=account_id,
        ).single()
        return None if record is None else changes_of_record(record["data"])[0]

    def _load_user(
        self, tx: ManagedTransaction, *, user_id: str | None = None, token_hash: str | None = None
    ) -> User | None:
        if user_id is not None:
            query: LiteralString = "MATCH (u:User {id: $value}) RETURN " + USER_FIELDS + " AS user"
            value = user_id
        else:
            query = "MATCH (u:User {token_hash: $value}) RETURN " + USER_FIELDS + " AS user"
            value = token_hash or ""
        record = tx.run(query, value=value).single()
        return None if record is None else User.model_validate(record["user"])

    def _save_user(self, tx: ManagedTransaction, user: User, token_hash: str) -> None:
        tx.run(
            "MERGE (u:User {id: $id}) SET u += $props",
            id=user.id,
            props={**user.model_dump(mode="json"), "token_hash": token_hash},
        ).consume()

    def _load_users(self, tx: ManagedTransaction) -> list[tuple[User, str]]:
        return [
            (User.model_validate(record["user"]), record["hash"])
            for record in tx.run(
                "MATCH (u:User) RETURN " + USER_FIELDS + " AS user, u.token_hash AS hash"
            )
        ]

    def _update_user(self, tx: ManagedTransaction, user: User) -> None:
        tx.run(
            "MATCH (u:User {id: $id}) SET u += $props",
            id=user.id,
            props=user.model_dump(mode="json"),
        ).consume()

    def _delete_user(self, tx: ManagedTransaction, user_id: str) -> None:
        tx.run("MATCH (u:User {id: $id}) DETACH DELETE u", id=user_id).consume()

    def _replace_history(
        self, tx: ManagedTransaction, account_id: str, changes: Iterable[Change]
    ) -> None:
        tx.run("MATCH (c:Change {account_id: $account}) DELETE c", account=account_id).consume()
        self._write_history(tx, changes)

    def _save_results(
        self,
        tx: ManagedTransaction,
        *,
        kind: str,
        params: str,
        results: Sequence[SavedResult],
        at: float,
    ) -> int:
        written = 0
        for batch in _batches(results):
            record = tx.run(
                SAVE_RESULTS,
                rows=[result.model_dump() for result in batch],
                kind=kind,
                params=params,
                at=at,
                kept=KEPT_RESULTS,
            ).single()
            written += 0 if record is None else int(record["written"])
        return written

    def _load_results(
        self, tx: ManagedTransaction, *, kind: str, params: str, account_id: str | None
    ) -> list[SavedResult]:
        return [
            SavedResult.model_validate(record.data())
            for record in tx.run(LOAD_RESULTS, kind=kind, params=params, account=account_id)
        ]

    def _delete_results(self, tx: ManagedTransaction, account_id: str) -> None:
        tx.run(DELETE_RESULTS, account=account_id).consume()

    def _save_pending(self, tx: ManagedTransaction, record: PendingRecord) -> None:
        tx.run(
            "CREATE (:PendingUpload {id: $id, expires: $expires, data: $data})",
            id=record.id,
            expires=record.expires,
            data=record.model_dump_json(),
        ).consume()

    def _load_pending(self, tx: ManagedTransaction, upload_id: str) -> PendingRecord | None:
        record = tx.run(
            "MATCH (p:PendingUpload {id: $id}) RETURN p.data AS data", id=upload_id
        ).single()
        return None if record is None else PendingRecord.model_validate_json(record["data"])

    def _delete_pending(self, tx: ManagedTransaction, upload_id: str) -> None:
        tx.run("MATCH (p:PendingUpload {id: $id}) DELETE p", id=upload_id).consume()

    def _expired_pending(self, tx: ManagedTransaction, now: float) -> list[PendingRecord]:
        result = tx.run(
            "MATCH (p:PendingUpload) WHERE p.expires <= $now "
            "WITH p, p.data AS data DELETE p RETURN data",
            now=now,
        )
        return [PendingRecord.model_validate_json(record["data"]) for record in result]

    def _lock_failures(self, tx: ManagedTransaction) -> None:
        # Writing one node takes its write lock: concurrent counts wait their turn.
        tx.run("MERGE (l:FailedTokenLock {id: 'all'}) SET l.taken = timestamp()").consume()

    def _prune_failures(self, tx: ManagedTransaction, before: float) -> None:
        tx.run("MATCH (f:FailedToken) WHERE f.at <= $before DELETE f", before=before).consume()

    def _failure_stats(
        self, tx: ManagedTransaction, address: str
    ) -> tuple[int, float | None, int, float | None]:
        record = tx.run(
            "OPTIONAL MATCH (f:FailedToken) "
            "WITH count(f) AS everyone, min(f.at) AS oldest "
            "OPTIONAL MATCH (m:FailedToken {address: $address}) "
            "RETURN everyone, oldest, count(m) AS mine, min(m.at) AS my_oldest",
            address=address,
        ).single()
        assert record is not None  # aggregation always returns a row
        return int(record["mine"]), record["my_oldest"], int(record["everyone"]), record["oldest"]

    def _add_failure(self, tx: ManagedTransaction, address: str, at: float) -> None:
        tx.run(
            "CREATE (:FailedToken {address: $address, at: $at})", address=address, at=at
        ).consume()

    def reopener(self) -> Callable[[], GraphStore]:
        return self._reopen

    def storage_problems(self) -> dict[str, list[str]]:
        """Edges joining two accounts' nodes: every query matches on one account, so
        such an edge is invisible to stakegraph and breaks account isolation. And a
        deal's or body's edges that disagree with its properties (an edge drawn or
        deleted by hand): stakegraph reads the properties, a Cypher user the edges."""
        with self._driver_errors():
            records, _, _ = self._driver.execute_query(
                FOREIGN_EDGES, database_=self._database, routing_=neo4j.RoutingControl.READ
            )
            drawn, _, _ = self._driver.execute_query(
                DRAWN_EDGES, database_=self._database, routing_=neo4j.RoutingControl.READ
            )
        found: dict[str, list[str]] = {}
        for record in records:
            found.setdefault(record["account"], []).append(
                f"{record['type']} edge from {record['kind']} {record['id']!r} to "
                f"{record['other_kind']} {record['other_id']!r} of account {record['other_account']!r}"
            )
        for record in drawn:
            for edge, stored in sorted(record["stored"].items()):
                ids, edges = set(stored), set(record["drawn"][edge])
                found.setdefault(record["account"], []).extend(
                    [
                        *(
                            f"{record['kind']} {record['id']!r}: {edge} edge with {ref!r} "
                            "is not in its properties (stakegraph does not see it)"
                            for ref in sorted(edges - ids)
                        ),
                        *(
                            f"{record['kind']} {record['id']!r}: names {ref!r} but no {edge} "
                            "edge joins them"
                            for ref in sorted(ids - edges)
                        ),
                    ]
                )
        return {account: problems for account, problems in found.items() if problems}

    def close(self) -> None:
        self._driver.close()
