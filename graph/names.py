"""People by name: what a user types (an id or a name) resolved to one person's id,
and the natural order of names in lists.

A reference matches an id exactly first (ids are what scripts pass), then a name,
ignoring case and surrounding spaces. A name several people share is ambiguous
(the error lists their ids); a reference that matches nothing suggests the
closest names (difflib's ratio, at most `SUGGESTIONS`).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.history import Change
from graph.model import AccountGraph, Stakeholder, TeamMember
from graph.vocabulary import (
    InfluenceKind,
    InteractionType,
    Language,
    MemberRole,
    Role,
    Seniority,
    Stance,
    Status,
    TicketSeverity,
    TicketStatus,
    Tier,
    display_label,
)

SUGGESTIONS = 3
"""How many close names a failed look-up suggests."""

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders embedded numbers by value: 1, 2, 10 (not 1, 10, 2)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _DIGITS.split(text.casefold())
        if part
    )


def _resolve(
    reference: str,
    people: Iterable[tuple[str, str]],
    what: str,
    account: str,
    *,
    many: str = "people",
) -> str:
    pool = list(people)
    wanted = reference.strip()
    if any(person_id == wanted for person_id, _ in pool):
        return wanted
    named = [person_id for person_id, name in pool if name.casefold() == wanted.casefold()]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(repr(person_id) for person_id in sorted(named, key=natural_key))
        raise InvalidInput(
            [
                f"{wanted!r} is ambiguous in account {account!r}: several {many} have that name "
                f"(ids {ids}); give an id"
            ]
        )
    names = {name: person_id for person_id, name in pool}
    close = difflib.get_close_matches(wanted, list(names), n=SUGGESTIONS, cutoff=0.4)
    hint = (
        "; did you mean " + ", ".join(f"{name} (id {names[name]!r})" for name in close) + "?"
        if close
        else ""
    )
    shown = wanted if len(wanted) <= 80 else wanted[:77] + "…"  # never echo 100 KB back
    raise NotFound(f"no {what} {shown!r} in account {account!r}{hint}")


def stakeholder_id(graph: AccountGraph, reference: str) -> str:
    """The id of the stakeholder `reference` names (an id or a unique name)."""
    people = ((p.id, p.name) for p in graph.stakeholders)
    return _resolve(reference, people, "stakeholder", graph.account.id)


def person_or_member_id(graph: AccountGraph, reference: str) -> str:
    """The id of the stakeholder or team member `reference` names (what-if removes either)."""
    people = [(p.id, p.name) for p in graph.stakeholders] + [(m.id, m.name) for m in graph.members]
    return _resolve(reference, people, "stakeholder or team member", graph.account.id)


def same_name(graph: AccountGraph, name: str) -> list[str]:
    """Ids of the stakeholders called `name` (ignoring case and surrounding spaces)."""
    wanted = name.strip().casefold()
    return [p.id for p in graph.stakeholders if p.name.casefold() == wanted]


def deal_id(graph: AccountGraph, reference: str) -> str:
    """The id of the deal `reference` names (an id or a unique name)."""
    deals = ((deal.id, deal.name) for deal in graph.deals)
    return _resolve(reference, deals, "deal", graph.account.id, many="deals")

_QUOTED = re.compile(r"'([^'\n]{1,200})'")


def named_in(text: str, names: Mapping[str, str]) -> str:
    """`text` (a message) with each quoted id of a person or member it names replaced by
    their name: `'12' cannot influence themself` → `张三 cannot influence themself`.
    Quoted text that is nobody's id is left as it is."""
    return _QUOTED.sub(lambda found: names.get(found.group(1), found.group(0)), text)


def names_by_id(graph: AccountGraph, *recorded: Mapping[str, Any] | None) -> dict[str, str]:
    """How to call each person and team member in a message: their name, or "name (id)"
    when several share it; people gone from `graph` are named from `recorded` entity
    records (history's before/after), so a deleted person is still called by name."""
    found: dict[str, str] = {}
    for record in recorded:
        if record and isinstance(record.get("id"), str) and isinstance(record.get("name"), str):
            found[record["id"]] = record["name"]
    found.update({person.id: person.name for person in graph.stakeholders})
    found.update({member.id: member.name for member in graph.members})
    shared = Counter(name.casefold() for name in found.values())
    return {
        ident: f"{name} ({ident})" if shared[name.casefold()] > 1 else name
        for ident, name in found.items()
    }


def names_in_history(graph: AccountGraph, changes: Iterable[Change]) -> dict[str, str]:
    """`names_by_id` for an account and its recorded `changes`: people and team members
    deleted since are named by their records (an account's own record names no one)."""
    people = (Stakeholder.collection, TeamMember.collection)
    records = (
        record
        for change in changes
        if change.kind in people
        for record in (change.before, change.after)
    )
    return names_by_id(graph, *records)


def entity_label(
    kind: str, key: Sequence[str], fields: Mapping[str, Any] | None, names: Mapping[str, str]
) -> str:
    """One entity in a user's words: a person or member by name, a link by the names of
    its ends, an interaction or assessment by date and who; the id only where nothing
    else names it. `kind` is the entity's collection; `fields` its record, if known."""
    data = fields or {}

    def who(ident: object) -> str:
        return names.get(str(ident), str(ident))

    if kind in ("stakeholders", "members"):
        return names.get(key[0]) or str(data.get("name") or key[0])
    if kind in ("influences", "relationships"):
        return f"{who(key[0])} → {who(key[1])}"
    if kind == "interactions" and data:
        people = ", ".join(who(ident) for ident in data.get("stakeholders", ()))
        return f"{data.get('date', '')} · {people}"
    if kind == "assessments" and data:
        return f"{data.get('date', '')} · {who(data.get('stakeholder', ''))}"
    if kind == "orders" and data.get("product"):
        return f"{data.get('date', '')} · {data['product']}"
    if kind == "tickets" and data.get("subject"):
        return str(data["subject"])
    if kind == "accounts":
        return str(data.get("name") or key[0])
    return "/".join(key)


_CODED: dict[str, type[StrEnum]] = {
    "stance": Stance,
    "seniority": Seniority,
    "roles": Role,
    "kind": InfluenceKind,
    "type": InteractionType,
    "role": MemberRole,
    "tier": Tier,
    "severity": TicketSeverity,
}
"""Fields whose values are codes, and the vocabulary that labels them (`status` is a
stakeholder's `Status` or a ticket's `TicketStatus`)."""

_PEOPLE_FIELDS = ("reports_to", "source", "target", "member", "stakeholder", "stakeholders")


def field_in_words(
    kind: str,
    field: str,
    value: Any,
    names: Mapping[str, str],
    *,
    lang: Language = "en",
    users: Mapping[str, str] | None = None,
) -> str:
    """A recorded field value (JSON: a string, number, list or None) as a person reads
    it: codes by their label in `lang`, people and members by `names`, an account's
    owner and team by `users` (name by user id); "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    enum = TicketStatus if (kind, field) == ("tickets", "status") else _CODED.get(field)
    if enum is None and field == "status":
        enum = Status
    words = []
    for item in value if isinstance(value, list) else [value]:
        text = str(item)
        if enum is not None and text in enum._value2member_map_:
            words.append(display_label(enum(text), lang))
        elif field in ("owner", "team"):
            words.append((users or {}).get(text, text))
        elif field in _PEOPLE_FIELDS:
            words.append(names.get(text, text))
        else:
            words.append(text)
    return ", ".join(words)
