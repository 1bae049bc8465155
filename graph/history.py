"""Change history: every write recorded with who, when, what, before and after.

Each write to an account (one transaction, one new account version) records one
`Change` per entity it created, updated or deleted — and one for the account's
own fields — in the same transaction, so history and data never disagree.

`graph_as_of` replays history backwards: starting from the current graph, every
change made after the moment asked for is undone (its `before` put back, or the
entity removed if it did not exist). Undoing is exact because each change holds
the whole entity before it.

A creation is recorded compactly, by its key alone: its `after` is the entity as
the next change to it found it (that change's `before`), or as it is now, and
`with_creations_filled` puts it back when history is listed. An import creates
hundreds of thousands of entities at once; dumping each one again into its
history record took a third of the import's time and most of its memory.

Stored, the creations of one write are grouped: one `CreatedKeys` record per
kind and up to `CREATED_PER_RECORD` keys (`stored_records`), read back as one
compact `Change` each (`changes_of_record`). A record per created entity had
cost a quarter of a Neo4j import's time, a node each.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel

from graph.errors import Conflict, InvalidInput
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountGraph,
    Entity,
    KindDiff,
    graph_problems,
)

KIND_BY_COLLECTION: dict[str, type[Entity]] = {kind.collection: kind for kind in ACCOUNT_ENTITIES}

ERASURE_KIND = "erasures"
"""The kind of the audit record an erasure of a person's data leaves (graph/erasure.py):
who erased, when, and the neutral id the person now has; never any of their data."""


class Change(BaseModel):
    account_id: str
    version: int
    """The account version this write produced: changes of one write share it."""
    at: datetime
    actor: str
    """A user id (API, web), or `cli:NAME` for the command line."""
    kind: str
    """`accounts` or an entity collection (`stakeholders`, `influences` …)."""
    key: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    """None for a deletion; also None, as stored, for a creation of an account entity
    (module docstring), until `with_creations_filled` fills it in."""

    @property
    def action(self) -> str:
        if self.kind == ERASURE_KIND:
            return "erased"
        if self.before is None:
            return "created"
        return "deleted" if self.after is None else "updated"


class CreatedKeys(BaseModel):
    """How the compact creations of one write and kind are stored (module docstring)."""

    account_id: str
    version: int
    at: datetime
    actor: str
    kind: str
    created: list[list[str]]
    """The keys of the entities created."""


CREATED_PER_RECORD = 5_000
"""Keys per stored `CreatedKeys` record: one Neo4j property of a few hundred kB at most."""


def stored_records(
    changes: Iterable[Change], per_record: int = CREATED_PER_RECORD
) -> Iterator[Change | CreatedKeys]:
    """`changes` in the form they are stored: runs of compact creations of one write
    and kind grouped into `CreatedKeys` of up to `per_record` keys, every other change
    as it is. Lazy, like `changes`."""
    group: CreatedKeys | None = None
    for change in changes:
        if is_compact_creation(change):
            if group is not None and (
                group.kind != change.kind
                or group.version != change.version
                or len(group.created) >= per_record
            ):
                yield group
                group = None
            if group is None:
                group = CreatedKeys(
                    account_id=change.account_id,
                    version=change.version,
                    at=change.at,
                    actor=change.actor,
                    kind=change.kind,
                    created=[],
                )
            group.created.append(change.key)
            continue
        if group is not None:
            yield group
            group = None
        yield change
    if group is not None:
        yield group


def changes_of_record(data: str) -> list[Change]:
    """The changes one stored record (its JSON text) holds: a `Change`, or the
    compact creations of a `CreatedKeys`."""
    record = json.loads(data)
    if "created" not in record:
        return [Change.model_validate(record)]
    grouped = CreatedKeys.model_validate(record)
    return [
        Change.model_construct(
            account_id=grouped.account_id,
            version=grouped.version,
            at=grouped.at,
            actor=grouped.actor,
            kind=grouped.kind,
            key=key,
            before=None,
            after=None,
        )
        for key in grouped.created
    ]


def cli_actor(configured: str | None = None) -> str:
    """Who a command-line write is recorded as: `configured` (`STAKEGRAPH_ACTOR`, read by
    api/settings.py), else `cli:` + login."""
    if configured:
        return configured
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _change(
    kind: str,
    key: tuple[str, ...],
    before: BaseModel | None,
    after: BaseModel | None,
    *,
    account_id: str,
    version: int,
    at: datetime,
    actor: str,
) -> Change:
    # model_construct: every value is built here from validated models
    return Change.model_construct(
        account_id=account_id,
        version=version,
        at=at,
        actor=actor,
        kind=kind,
        key=list(key),
        before=None if before is None else before.model_dump(mode="json"),
        after=None if after is None else after.model_dump(mode="json"),
    )


def changes_of_write(
    old: AccountGraph,
    diffs: dict[type[Entity], KindDiff],
    *,
    version: int,
    at: datetime,
    actor: str,
) -> Iterator[Change]:
    """The history records of one write, from its diff against the graph before it,
    one at a time: a store writes them as they come, never holding all of an
    import's records at once."""
    account_id = old.account.id
    for kind in ACCOUNT_ENTITIES:
        before = {entity.key: entity for entity in old.entities(kind)}
        for entity in diffs[kind].upserts:
            was = before.get(entity.key)
            # A creation is recorded by its key alone (module docstring).
            yield _change(
                kind.collection,
                entity.key,
                was,
                None if was is None else entity,
                account_id=account_id,
                version=version,
                at=at,
                actor=actor,
            )
        for key in diffs[kind].deletes:
            yield _change(
                kind.collection,
                key,
                before[key],
                None,
                account_id=account_id,
                version=version,
                at=at,
                actor=actor,
            )


def account_change(
    before: Account | None, after: Account, *, version: int, at: datetime, actor: str
) -> Change:
    return _change(
        Account.collection,
        after.key,
        before,
        after,
        account_id=after.id,
        version=version,
        at=at,
        actor=actor,
    )


def is_compact_creation(change: Change) -> bool:
    return change.kind in KIND_BY_COLLECTION and change.before is None and change.after is None


def with_creations_filled(changes: list[Change], current: AccountGraph) -> list[Change]:
    """`changes` (the account's whole history, oldest first) with every compact
    creation's `after` filled in: the `before` of the next change to the same
    entity, or the entity in `current` when nothing changed it since."""
    now = {
        (kind.collection, entity.key): entity
        for kind in ACCOUNT_ENTITIES
        for entity in current.entities(kind)
    }
    next_before: dict[tuple[str, tuple[str, ...]], dict[str, Any] | None] = {}
    filled: list[Change] = []
    for change in reversed(changes):
        ident = (change.kind, tuple(change.key))
        if is_compact_creation(change):
            if ident in next_before:
                after = next_before[ident]
            else:
                entity = now.get(ident)
                after = None if entity is None else entity.model_dump(mode="json")
            change = change.model_copy(update={"after": after})
        next_before[ident] = change.before
        filled.append(change)
    return filled[::-1]


def moment(when: str | date | datetime) -> datetime:
    """A date (its end: 23:59:59.999999 UTC) or an ISO-8601 timestamp (UTC if naive)."""
    if isinstance(when, str):
        text = when.strip()
        try:
            when = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError as error:
            raise ValueError(
                f"{text!r} is not a date (2026-11-23) or an ISO-8601 timestamp"
            ) from error
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.combine(when, time.max, tzinfo=UTC)


def _entities_by_key(graph: AccountGraph) -> dict[str, dict[tuple[str, ...], Entity]]:
    return {
        kind.collection: {entity.key: entity for entity in graph.entities(kind)}
        for kind in ACCOUNT_ENTITIES
    }


def _graph_of(account: Account, entities: dict[str, dict[tuple[str, ...], Entity]]) -> AccountGraph:
    return AccountGraph.model_validate(
        {"account": account, **{name: tuple(items.values()) for name, items in entities.items()}}
    ).sorted()


def graph_as_of(current: AccountGraph, history: Iterable[Change], when: datetime) -> AccountGraph:
    """The account as it was at `when`, by undoing every later change (newest first)."""
    later = sorted(
        (change for change in history if change.at > when),
        key=lambda change: (change.version, change.at),
        reverse=True,
    )
    entities = _entities_by_key(current)
    account = current.account
    for change in later:
        if change.kind == Account.collection:
            if change.before is not None:
                account = Account.model_validate(change.before)
            continue
        if change.kind not in KIND_BY_COLLECTION:
            continue  # an erasure's audit record: the erasure rewrote history itself
        kind = KIND_BY_COLLECTION[change.kind]
        key = tuple(change.key)
        if change.before is None:
            entities[change.kind].pop(key, None)
        else:
            entities[change.kind][key] = kind.model_validate(change.before)
    return _graph_of(account, entities)


def reverted(current: AccountGraph, write: Iterable[Change]) -> AccountGraph:
    """`current` with one recorded write undone: every entity the write touched put
    back as the write found it (a creation removed, a deletion re-created, an update's
    fields restored), everything else left alone.

    `write` is the entity changes of that write, creations filled in
    (`with_creations_filled`; the account's own fields are not entities and are put
    back by `Account` writes, see `GraphStore.revert`). Conflict, naming the first
    entity, when one is no longer as the write left it (a later write changed it:
    undo that one first), or when putting things back would break a reference (a
    later write hangs on what the undo removes); InvalidInput for an erasure, whose
    data is gone on purpose.
    """
    entities = _entities_by_key(current)
    for change in write:
        if change.kind == ERASURE_KIND:
            raise InvalidInput(["an erasure of a person's data cannot be undone"])
        kind = KIND_BY_COLLECTION.get(change.kind)
        if kind is None:
            continue
        key = tuple(change.key)
        now = entities[change.kind].get(key)
        left = None if change.after is None else kind.model_validate(change.after)
        if now != left:
            raise Conflict(
                f"{change.kind[:-1]} {'/'.join(key)!r} has changed since "
                f"(version {change.version}): undo the later changes first"
            )
        if change.before is None:
            del entities[change.kind][key]
        else:
            entities[change.kind][key] = kind.model_validate(change.before)
    graph = _graph_of(current.account, entities)
    problems = graph_problems(graph)
    if problems:
        raise Conflict(f"undoing this would break what later changes added: {problems[0]}")
    return graph
