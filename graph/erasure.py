"""Erasing a person's personal data (PIPL art. 47, GDPR art. 17), as a pure function.

`erase_person(graph, history, stakeholder_id, …)` returns the account graph and its
history with one stakeholder's personal data gone everywhere it was held:

- **their record**: `name` becomes a neutral placeholder (``erased 1a2b``);
  `title`, `email`, `phone`, `notes` and `priorities` become empty. Department,
  seniority, buying roles, stance and status stay: they describe the position in
  the decision, not the person, and the analyses need them.
- **their id**: ids are often the person's name (a stakeholders file without an id
  column uses names as ids), so the person always gets a neutral id
  (``erased-1a2b``) and every reference follows: reporting lines, influence links,
  our relationships, interactions, assessments, orders, committee seats, decision
  bodies, 分管 lines, competitor ties, and history's keys. Their
  influence links and our relationships with them stay, so the analysis still runs.
- **what was written about them alone**: the note of every interaction whose only
  participant is them (a survey's comment, a meeting note) becomes empty.
- **what was written about them in a deal**: the `notes` and `pain` of their seats on
  buying committees and the `note` of a competitor's tie with them become empty; the
  seats (roles, stance), their places on decision bodies (as member or chair), their
  分管 lines and the ties' strengths stay, under the neutral id.
- **their activity** (meetings and messages imported from calendars and mail,
  graph/analysis/activity.py): their addresses were never stored (only the ids
  of the people matched), and the interactions' ids are hashes of the event UID
  or Message-ID; the subject kept as the note of any such interaction they
  took part in becomes empty, and they stay in it only as the neutral id, so the
  count and dates of contacts with "someone in this position" remain for the
  analysis while nothing says who it was or what was discussed.
- **ids made from them**: an interaction, assessment, order or ticket given without
  an id has one hashed from its content (graph/model.py), which held the person's id
  or a note about them; such an entity gets the id its erased content hashes to
  (numbered when two now hash alike), in the graph and in history's keys.
- **mentions elsewhere**: every occurrence of any name, email or phone they ever had
  (current or in history), and of their old id when it can identify them, inside any
  other text of the account and its history is replaced by `MARKER`.
- **history**: every record's before and after values and keys are rewritten the
  same way, walking parsed JSON values (never the raw JSON text), so what an
  earlier moment looked like can still be replayed, without them.

The result carries one audit record (a `Change` of kind `ERASURE_KIND`) saying that an
erasure happened, by whom, when, and what the person's neutral id is, and nothing of
their data. graph/ knows nothing of stores: `GraphStore.erase_stakeholder`
writes the result in one transaction.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.analysis.activity import ACTIVITY_PREFIXES
from graph.errors import NotFound
from graph.history import ERASURE_KIND, KIND_BY_COLLECTION, Change
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountGraph,
    Assessment,
    Entity,
    Interaction,
    Order,
    Stakeholder,
    Ticket,
)

ERASED_FIELDS: tuple[str, ...] = ("name", "title", "email", "phone", "notes", "priorities")
"""A stakeholder's personal fields: emptied, or for `name` replaced by a placeholder."""

MARKER = "[erased]"
"""What replaces a mention of the erased person inside another text."""

MIN_NEEDLE = 2
"""Shortest name, email or phone searched for in other texts (李明 has two characters)."""

MIN_ID_NEEDLE = 4
"""Shortest old id searched for in other texts: short ASCII ids (`li`, `ceo`) occur inside
ordinary words. An id in a script without case (Chinese names) is searched from
`MIN_NEEDLE` characters."""

MIN_PHONE_DIGITS = 7
"""A phone number is also searched for as its bare digits when it has at least this many."""

STRUCTURAL_FIELDS = frozenset(
    {
        # references and ids: rewritten by `_rekey`, never masked
        "id",
        "account_id",
        "source",
        "target",
        "member",
        "stakeholder",
        "stakeholders",
        "reports_to",
        "owner",
        "team",
        # vocabulary values and dates: never a person's data, must stay valid
        "date",
        "last_contact",
        "type",
        "kind",
        "stance",
        "status",
        "roles",
        "seniority",
        "tier",
        "role",
        "severity",
        # deals: references to deals, competitors and people, stages and figures
        "deal",
        "deals",
        "leader",
        "members",
        "chair",
        "competitor",
        "competitors",
        "stage",
        "stages",
        "currency",
        "expected_close",
        "closed_on",
    }
)
"""Fields of an entity that hold ids, vocabulary values or dates, not free text."""

REFERENCES: dict[str, tuple[str, ...]] = {
    "stakeholders": ("reports_to",),
    "influences": ("source", "target"),
    "relationships": ("stakeholder",),
    "interactions": ("stakeholders",),
    "assessments": ("stakeholder",),
    "orders": ("stakeholder",),
    "committee": ("stakeholder",),
    "bodies": ("members", "chair"),
    "supervisions": ("leader", "stakeholder"),
    "competitor_ties": ("stakeholder",),
}
"""Per entity collection, the fields that name a stakeholder by id."""

NOTES_ABOUT_THEM: dict[str, tuple[str, ...]] = {
    "committee": ("notes", "pain"),
    "competitor_ties": ("note",),
}
"""Per collection of entities about one stakeholder (`stakeholder`), the texts written
about that person: emptied when they are erased."""

STAKEHOLDER_KEY_POSITIONS: dict[str, tuple[int, ...]] = {
    "stakeholders": (0,),
    "influences": (0, 1),
    "relationships": (1,),
    "committee": (1,),
    "supervisions": (0, 1),
    "competitor_ties": (1,),
}
"""Per collection, which parts of an entity's key are stakeholder ids."""


class ErasureReport(BaseModel):
    """What an erasure did: counts only, and the person's new neutral id."""

    account_id: str
    stakeholder: str
    """The neutral id the person has now."""
    version: int
    at: datetime
    actor: str
    history_records_rewritten: int
    notes_cleared: int
    texts_masked: int


@dataclass(frozen=True)
class Erasure:
    graph: AccountGraph
    history: list[Change]
    """The whole rewritten history, oldest first, ending with the audit record."""
    report: ErasureReport


@dataclass
class _Counts:
    notes_cleared: int = 0
    texts_masked: int = 0


def _needles(records: Iterable[dict[str, Any]], stakeholder_id: str) -> list[str]:
    """Every name, email and phone the person had, and their id when it can identify them."""
    found: set[str] = set()
    for record in records:
        for field in ("name", "email", "phone"):
            value = str(record.get(field) or "").strip()
            if len(value) >= MIN_NEEDLE:
                found.add(value)
            if field == "phone":
                digits = re.sub(r"\D", "", value)
                if len(digits) >= MIN_PHONE_DIGITS:
                    found.add(digits)
    if len(stakeholder_id) >= MIN_ID_NEEDLE or (
        len(stakeholder_id) >= MIN_NEEDLE and not stakeholder_id.isascii()
    ):
        found.add(stakeholder_id)
    return sorted(found, key=lambda text: (-len(text), text))  # longest first


def _neutral_suffix(taken: set[str]) -> str:
    while True:
        suffix = secrets.token_hex(2)
        if f"erased-{suffix}" not in taken:
            return suffix


DERIVED_ID_KINDS: dict[str, type[Entity]] = {
    kind.collection: kind for kind in (Interaction, Assessment, Order, Ticket)
}
"""Kinds whose id, when none was given, is a hash of their content (graph/model.py):
content that held the person (their id, a note) must not survive as its hash."""


def _derived_id(kind: type[Entity], values: dict[str, Any]) -> str | None:
    """The id `kind` derives from these values, or None when they are not valid."""
    try:
        return kind.model_validate({**values, "id": ""}).key[0]
    except ValidationError:
        return None


class _Eraser:
    def __init__(self, old_id: str, new_id: str, placeholder: str, needles: list[str]) -> None:
        self.old_id = old_id
        self.new_id = new_id
        self.placeholder = placeholder
        self.pattern = (
            re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE) if needles else None
        )
        self.counts = _Counts()
        self.new_ids: dict[tuple[str, str], str] = {}
        """(collection, id) → new id, for entities whose id was derived from erased content."""

    def rederive_ids(self, records: Iterable[tuple[str, dict[str, Any]]]) -> None:
        """Plan new ids for every entity among `records` whose id is the hash of content
        the erasure changes; a new id that another entity has gets a numbered suffix."""
        probe = _Eraser(self.old_id, self.new_id, self.placeholder, [])
        probe.pattern = self.pattern
        records = [(c, v) for c, v in records if c in DERIVED_ID_KINDS]
        taken = {(collection, str(values.get("id"))) for collection, values in records}
        for collection, values in records:
            kind, old = DERIVED_ID_KINDS[collection], str(values.get("id"))
            if (collection, old) in self.new_ids or _derived_id(kind, values) != old:
                continue
            erased = probe.values(collection, values)
            new = None if erased is None else _derived_id(kind, erased)
            if new is None or new == old:
                continue
            candidate, n = new, 1
            while (collection, candidate) in taken:
                n += 1
                candidate = f"{new}-{n}"
            taken.add((collection, candidate))
            self.new_ids[(collection, old)] = candidate

    def _mask(self, value: Any) -> Any:
        """Every mention replaced by MARKER, inside strings at any depth of a JSON value."""
        if isinstance(value, str) and self.pattern is not None:
            masked, count = self.pattern.subn(MARKER, value)
            self.counts.texts_masked += count
            return masked
        if isinstance(value, list):
            return [self._mask(item) for item in value]
        if isinstance(value, dict):
            return {key: self._mask(item) for key, item in value.items()}
        return value

    def _ref(self, value: Any) -> Any:
        if value == self.old_id:
            return self.new_id
        if isinstance(value, list):
            return [self.new_id if item == self.old_id else item for item in value]
        return value

    def key(self, collection: str, key: list[str]) -> list[str]:
        if collection in DERIVED_ID_KINDS and len(key) == 1:
            return [self.new_ids.get((collection, key[0]), key[0])]
        positions = STAKEHOLDER_KEY_POSITIONS.get(collection, ())
        return [
            self.new_id if i in positions and part == self.old_id else part
            for i, part in enumerate(key)
        ]

    def values(self, collection: str, data: dict[str, Any] | None) -> dict[str, Any] | None:
        """One entity's values (parsed JSON) without the person."""
        if data is None:
            return None
        result = dict(data)
        renamed = self.new_ids.get((collection, str(result.get("id"))))
        if renamed is not None:
            result["id"] = renamed
        if collection == Stakeholder.collection and result.get("id") == self.old_id:
            result["id"] = self.new_id
            for field in ERASED_FIELDS:
                if field in result:
                    result[field] = ""
            result["name"] = self.placeholder
        for field in REFERENCES.get(collection, ()):
            if field in result:
                result[field] = self._ref(result[field])
        if (
            collection == "interactions"
            and result.get("note")
            and (
                result.get("stakeholders") == [self.new_id]
                or (
                    self.new_id in (result.get("stakeholders") or ())
                    and str(result.get("id", "")).startswith(ACTIVITY_PREFIXES)
                )
            )
        ):
            result["note"] = ""
            self.counts.notes_cleared += 1
        if result.get("stakeholder") == self.new_id:
            for field in NOTES_ABOUT_THEM.get(collection, ()):
                if result.get(field):
                    result[field] = ""
                    self.counts.notes_cleared += 1
        for field, value in result.items():
            if field not in STRUCTURAL_FIELDS:
                result[field] = self._mask(value)
        if collection == Stakeholder.collection and result.get("id") == self.new_id:
            result["name"] = self.placeholder  # never masked into "[erased]"
        return result


def erase_person(
    graph: AccountGraph,
    history: Iterable[Change],
    stakeholder_id: str,
    *,
    version: int,
    at: datetime,
    actor: str,
    suffix: str | None = None,
) -> Erasure:
    """`graph` and its `history` without stakeholder `stakeholder_id`'s personal data
    (module docstring), and the audit record of it. `version` is the account version
    the erasure writes; `suffix` (4 hex digits, random by default) names the person's
    neutral id ``erased-SUFFIX`` and placeholder name ``erased SUFFIX``.

    Raises NotFound when neither the graph nor its history holds that stakeholder.
    """
    history = list(history)
    account_id = graph.account.id
    own_records: list[dict[str, Any]] = [
        values
        for change in history
        if change.kind == Stakeholder.collection and change.key == [stakeholder_id]
        for values in (change.before, change.after)
        if values is not None
    ]
    current = graph.stakeholder_by_id.get(stakeholder_id)
    if current is not None:
        own_records.append(current.model_dump(mode="json"))
    elif not any(
        change.kind == Stakeholder.collection and change.key == [stakeholder_id]
        for change in history
    ):
        raise NotFound(f"stakeholder {stakeholder_id!r} does not exist in account {account_id!r}")

    taken = {person.id for person in graph.stakeholders} | {
        change.key[0] for change in history if change.kind == Stakeholder.collection and change.key
    }
    suffix = suffix or _neutral_suffix(taken)
    eraser = _Eraser(
        stakeholder_id,
        f"erased-{suffix}",
        f"erased {suffix}",
        _needles(own_records, stakeholder_id),
    )

    eraser.rederive_ids(
        [
            *(
                (kind.collection, entity.model_dump(mode="json"))
                for kind in DERIVED_ID_KINDS.values()
                for entity in graph.entities(kind)
            ),
            *(
                (change.kind, values)
                for change in history
                for values in (change.before, change.after)
                if values is not None
            ),
        ]
    )
    account_values = eraser.values(Account.collection, graph.account.model_dump(mode="json"))
    updates: dict[str, Any] = {"account": Account.model_validate(account_values)}
    for kind in ACCOUNT_ENTITIES:
        erased = []
        for entity in graph.entities(kind):
            values = entity.model_dump(mode="json")
            changed = eraser.values(kind.collection, values)
            erased.append(entity if changed == values else kind.model_validate(changed))
        updates[kind.collection] = tuple(erased)
    new_graph = AccountGraph.model_validate(updates).sorted()

    rewritten = 0
    new_history: list[Change] = []
    for change in history:
        if change.kind not in KIND_BY_COLLECTION and change.kind != Account.collection:
            new_history.append(change)  # an earlier erasure's record holds no personal data
            continue
        key = eraser.key(change.kind, change.key)
        before = eraser.values(change.kind, change.before)
        after = eraser.values(change.kind, change.after)
        if (key, before, after) != (change.key, change.before, change.after):
            rewritten += 1
            change = Change.model_construct(
                **{**dict(change), "key": key, "before": before, "after": after}
            )
        new_history.append(change)

    report = ErasureReport(
        account_id=account_id,
        stakeholder=eraser.new_id,
        version=version,
        at=at,
        actor=actor,
        history_records_rewritten=rewritten,
        notes_cleared=eraser.counts.notes_cleared,
        texts_masked=eraser.counts.texts_masked,
    )
    audit = Change(
        account_id=account_id,
        version=version,
        at=at,
        actor=actor,
        kind=ERASURE_KIND,
        key=[eraser.new_id],
        before=None,
        after={
            "stakeholder": eraser.new_id,
            "erased": list(ERASED_FIELDS),
            "history_records_rewritten": rewritten,
            "notes_cleared": eraser.counts.notes_cleared,
            "texts_masked": eraser.counts.texts_masked,
        },
    )
    return Erasure(graph=new_graph, history=[*new_history, audit], report=report)
