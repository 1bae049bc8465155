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
from collections.abc import Iterable

from graph.errors import InvalidInput, NotFound
from graph.model import AccountGraph

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
