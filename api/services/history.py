"""History use cases: an account as it was, analysed then, and what changed between
two moments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from api.services.analysis import analysis_of
from graph.analysis.changes import AccountChanges, account_changes
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.errors import InvalidInput
from graph.history import ERASURE_KIND, Change, graph_as_of, moment
from graph.model import AccountGraph
from graph.names import entity_label, field_in_words, names_in_history
from graph.store import GraphStore
from graph.vocabulary import Language


def graph_at(store: GraphStore, account_id: str, when: datetime | None) -> AccountGraph:
    """The account now, or as it was at `when` (rebuilt from its history)."""
    current = store.account_graph(account_id)
    if when is None:
        return current
    return graph_as_of(current, store.history(account_id, undo_only=True), when)


def analysis_at(
    store: GraphStore, account_id: str, when: datetime | None, *, lang: Language = "en"
) -> AccountAnalysis:
    """`analyze` now, or exactly as it was at `when` (the graph then, judged on that day)."""
    params = (
        AnalysisParams(lang=lang) if when is None else AnalysisParams(as_of=when.date(), lang=lang)
    )
    return analysis_of(store, account_id, params, graph_at(store, account_id, when))


def changes_between(
    store: GraphStore,
    account_id: str,
    since: datetime,
    until: datetime,
    *,
    lang: Language = "en",
    names: tuple[str, str] = ("since", "until"),
) -> AccountChanges:
    """What changed in the account between `since` and `until`; `names` are what the
    caller calls the two moments, for the error when they are the wrong way round."""
    if until < since:
        raise InvalidInput(
            [f"{names[1]} ({until.isoformat()}) is before {names[0]} ({since.isoformat()})"]
        )
    return account_changes(
        graph_at(store, account_id, since),
        graph_at(store, account_id, until),
        since=since,
        until=until,
        lang=lang,
    )


def parse_moment(text: str, option: str) -> datetime:
    """`text` as a moment (a date or an ISO-8601 timestamp); `option` names it in the error."""
    try:
        return moment(text)
    except ValueError as error:
        raise InvalidInput([f"{option}: {error}"]) from error


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class EntityChange:
    kind: str
    """The entity's collection (`stakeholders` …), `accounts` or `erasures`."""
    action: str
    """created, updated, deleted or erased."""
    label: str
    """The entity in words (graph.names.entity_label), names not ids."""
    fields: tuple[FieldChange, ...]
    """For an update, each field that changed, values in words."""


@dataclass(frozen=True)
class Write:
    """One recorded write: the changes that share an account version."""

    version: int
    at: datetime
    actor: str
    """The user's name (or id), or `cli:NAME`."""
    changes: tuple[EntityChange, ...]
    more: int
    """Changes of this write not listed (an import creates thousands)."""
    undoable: bool
    """False for an erasure and the account's creation."""


def recent_writes(
    store: GraphStore,
    account_id: str,
    *,
    lang: Language = "en",
    limit: int = 50,
    per_write: int = 20,
    before: int | None = None,
) -> list[Write]:
    """The account's last `limit` writes (of those before version `before`, when given:
    the next page), newest first, each with up to `per_write` of its changes described
    in words: people and members by name (from the account now,
    or from the history records of those since deleted), users by name, stances and
    other codes by their label in `lang`."""
    graph = store.account_graph(account_id)
    changes = store.history(account_id)
    names = names_in_history(graph, changes)
    users = {user.id: user.name or user.id for user in store.list_users()}
    writes = []
    grouped = [
        list(group)
        for version, group in groupby(changes, key=lambda c: c.version)
        if before is None or version < before
    ]
    for write in reversed(grouped[-limit:]):
        described = tuple(_described(c, names, users, lang) for c in write[:per_write])
        first = write[0]
        creation_only = all(c.kind == "accounts" and c.before is None for c in write)
        writes.append(
            Write(
                version=first.version,
                at=first.at,
                actor=users.get(first.actor, first.actor),
                changes=described,
                more=len(write) - len(described),
                undoable=not creation_only and all(c.kind != ERASURE_KIND for c in write),
            )
        )
    return writes


def _described(
    change: Change, names: dict[str, str], users: dict[str, str], lang: Language
) -> EntityChange:
    record = change.after if change.after is not None else change.before
    fields: tuple[FieldChange, ...] = ()
    if change.before is not None and change.after is not None:
        before, after = change.before, change.after
        fields = tuple(
            FieldChange(
                field=name,
                before=field_in_words(
                    change.kind, name, before.get(name), names, lang=lang, users=users
                ),
                after=field_in_words(
                    change.kind, name, after.get(name), names, lang=lang, users=users
                ),
            )
            for name in after
            if before.get(name) != after.get(name)
        )
    return EntityChange(
        kind=change.kind,
        action=change.action,
        label=entity_label(change.kind, change.key, record, names),
        fields=fields,
    )
