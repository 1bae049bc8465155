"""Change history: every write recorded with who, when, what, before and after.

Each write to an account (one transaction, one new account version) records one
`Change` per entity it created, updated or deleted — and one for the account's
own fields — in the same transaction, so history and data never disagree.

`graph_as_of` replays history backwards: starting from the current graph, every
change made after the moment asked for is undone (its `before` put back, or the
entity removed if it did not exist). Undoing is exact because each change holds
the whole entity before and after.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import BaseModel

from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountGraph,
    Entity,
    KindDiff,
)

KIND_BY_COLLECTION: dict[str, type[Entity]] = {kind.collection: kind for kind in ACCOUNT_ENTITIES}


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

    @property
    def action(self) -> str:
        if self.before is None:
            return "created"
        return "deleted" if self.after is None else "updated"


def cli_actor() -> str:
    """Who a command-line write is recorded as: `$STAKEGRAPH_ACTOR`, else `cli:` + login."""
    configured = os.environ.get("STAKEGRAPH_ACTOR")
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
    return Change(
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
) -> list[Change]:
    """The history records of one write, from its diff against the graph before it."""
    account_id = old.account.id
    changes: list[Change] = []
    for kind in ACCOUNT_ENTITIES:
        before = {entity.key: entity for entity in old.entities(kind)}
        pairs: list[tuple[tuple[str, ...], Entity | None, Entity | None]] = [
            (entity.key, before.get(entity.key), entity) for entity in diffs[kind].upserts
        ]
        pairs += [(key, before[key], None) for key in diffs[kind].deletes]
        changes += [
            _change(
                kind.collection,
                key,
                was,
                now,
                account_id=account_id,
                version=version,
                at=at,
                actor=actor,
            )
            for key, was, now in pairs
        ]
    return changes


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


def graph_as_of(current: AccountGraph, history: Iterable[Change], when: datetime) -> AccountGraph:
    """The account as it was at `when`, by undoing every later change (newest first)."""
    later = sorted(
        (change for change in history if change.at > when),
        key=lambda change: (change.version, change.at),
        reverse=True,
    )
    entities: dict[str, dict[tuple[str, ...], Entity]] = {
        kind.collection: {entity.key: entity for entity in current.entities(kind)}
        for kind in ACCOUNT_ENTITIES
    }
    account = current.account
    for change in later:
        if change.kind == Account.collection:
            if change.before is not None:
                account = Account.model_validate(change.before)
            continue
        kind = KIND_BY_COLLECTION[change.kind]
        key = tuple(change.key)
        if change.before is None:
            entities[change.kind].pop(key, None)
        else:
            entities[change.kind][key] = kind.model_validate(change.before)
    return AccountGraph.model_validate(
        {"account": account, **{name: tuple(items.values()) for name, items in entities.items()}}
    ).sorted()
