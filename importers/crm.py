"""Contacts exported from Salesforce, HubSpot and LinkedIn, turned into the canonical stakeholders file.

A CRM export is recognised by its header (`--format auto`) or named
(`--format salesforce|hubspot`); its rows become rows of `stakeholders.csv`
with the same row numbers, so the usual report points at the user's own file,
and every error names the column as it is written there (`Buying Role`, not
`roles`). Every column that is not read is listed as skipped in the report.

Columns read (any other is listed as skipped):

- id: Salesforce `Id`, `Contact ID`; HubSpot `Record ID`, `Contact ID`; LinkedIn
  has none (the name is the id);
- name: `FirstName` + `LastName`, `First Name` + `Last Name` (all three), or
  `Name`, `Full Name`, `Contact Name`;
- title: `Title`, `Job Title` (HubSpot), `Position` (LinkedIn); department:
  `Department`;
- reports_to (the manager): `ReportsToId`, `Reports To`, `ReportsTo.Id`,
  `ReportsTo.Email`, `ReportsTo.Name`, `Reports To: Full Name`,
  `Reports To: Email` (Salesforce reports and Bulk API relationship columns);
  `Reports To (Record ID)`, `Manager Record ID`, `Manager Email`,
  `Associated Contact ID` (HubSpot);
- email: `Email`, `Email Address`; phone: `Phone`, `MobilePhone`, `Phone Number`,
  `Mobile Phone Number`;
- roles (and the stance they imply): `Role`, `Contact Role`, `Buying Role`;
  stance: `Stance`.

A manager is found by id, else by a name or an email that only one person in
the file has (`importers/bundle.py`), so a relationship column of any of these
kinds resolves.

**Salesforce ids** come as 15 characters (reports, the UI: case-sensitive) or
18 (the API, Data Loader: the 15 plus 3 characters that encode the case of the
first 15). Both are one record: every 15- or 18-character Salesforce id is
stored in its 18-character form, computed from its first 15 characters
(`salesforce_id`), so importing a report and then a Data Loader file updates
the same people.

**One contact on several rows** (an "Opportunities with Contact Roles" report
lists a contact once per opportunity) is one person with the union of the
roles of its rows (`merge_contact_rows`).

Names: given and family name are joined with a space, except that a family
name and a given name both in Chinese characters are written family name first
with no space (王 + 伟 → 王伟), as Chinese names are written.

Role values (several separated by `;`), covering every default Salesforce
contact role and every HubSpot buying role: Decision Maker → decision maker;
Economic Buyer, Economic Decision Maker and Budget Holder → economic buyer;
Evaluator, Technical Buyer and Technical Evaluator → technical evaluator;
Business User and End User → user; Influencer → influencer; Gatekeeper and
Legal & Compliance → gatekeeper; Executive Sponsor → initiator (the executive
who sponsors the project); Champion → coach, and stance champion; Blocker →
stance opponent; Other → no role. Any other value goes through the roles
vocabulary (`graph/vocabulary.py`: Chinese labels too) and, when unknown, is
reported with the closest allowed values. A stance column, when present, wins
over what the roles imply.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from graph.model import split_people
from importers.aliases import fold_header


class CrmFormat(StrEnum):
    salesforce = "salesforce"
    hubspot = "hubspot"
    linkedin = "linkedin"


_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "contactid", "contact id", "record id", "contact_id"),
    "first": ("firstname", "first name"),
    "last": ("lastname", "last name"),
    "name": ("name", "full name", "contact name"),
    "title": ("title", "job title", "position"),
    "department": ("department",),
    "reports_to": (
        "reportstoid",
        "reports to",
        "reports to id",
        "reportsto",
        "reportsto.id",
        "reportsto.email",
        "reportsto.name",
        "reports to: full name",
        "reports to: name",
        "reports to: email",
        "reports to: contact id",
        "reports to name",
        "reports to email",
        "reports to (record id)",
        "reports to record id",
        "manager record id",
        "manager email",
        "manager name",
        "associated contact id",
        "associated contact ids",
    ),
    "email": ("email", "email address"),
    "phone": ("phone", "phone number", "mobilephone", "mobile phone", "mobile phone number"),
    "role": ("role", "contact role", "buying role", "buying roles", "buying committee role"),
    "stance": ("stance",),
}
_LOOKUP = {fold_header(alias): field for field, aliases in _FIELDS.items() for alias in aliases}

_SALESFORCE_MARKS = {
    "opportunity name",
    "opportunity owner",
    "firstname",
    "lastname",
    "accountid",
    "reportstoid",
    "contact id",
    "account name",
}
_HUBSPOT_MARKS = {
    "deal name",
    "deal stage",
    "record id",
    "buying role",
    "associated company",
    "lifecycle stage",
    "contact owner",
}
_LINKEDIN_MARKS = {"connected on", "url", "position", "company", "email address"}

ROLE_VALUES: dict[str, tuple[tuple[str, ...], str | None]] = {
    # folded CRM value → (stakegraph roles, stance it implies)
    "decision maker": (("decision_maker",), None),
    "economic buyer": (("economic_buyer",), None),
    "economic decision maker": (("economic_buyer",), None),
    "budget holder": (("economic_buyer",), None),
    "evaluator": (("technical_evaluator",), None),
    "technical buyer": (("technical_evaluator",), None),
    "technical evaluator": (("technical_evaluator",), None),
    "business user": (("user",), None),
    "end user": (("user",), None),
    "influencer": (("influencer",), None),
    "gatekeeper": (("gatekeeper",), None),
    "legal & compliance": (("gatekeeper",), None),
    "legal and compliance": (("gatekeeper",), None),
    "executive sponsor": (("initiator",), None),
    "champion": (("coach",), "champion"),
    "blocker": ((), "opponent"),
    "other": ((), None),
}

_CJK = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


def _fold_value(value: str) -> str:
    return " ".join(value.strip().lower().replace("_", " ").split())


def detect(header: Iterable[str]) -> CrmFormat | None:
    """The CRM a header comes from, or None for anything else (e.g. our own bundle)."""
    folded = {fold_header(title) for title in header}
    first_last = {fold_header("first name"), fold_header("last name")} <= folded
    linkedin = len(folded & {fold_header(m) for m in _LINKEDIN_MARKS}) >= 2
    crm = folded & {fold_header(m) for m in _HUBSPOT_MARKS | _SALESFORCE_MARKS}
    if first_last and linkedin and not crm:
        return CrmFormat.linkedin
    if folded & {fold_header(m) for m in _HUBSPOT_MARKS}:
        return CrmFormat.hubspot
    marks = {fold_header(m) for m in _SALESFORCE_MARKS}
    if len(folded & marks) >= 2:
        return CrmFormat.salesforce
    return None


def crm_field(title: str) -> str | None:
    """The contact field (`name`, `role`, `email` …) a CRM export's column holds, or None."""
    return _LOOKUP.get(fold_header(title))


def known_header(title: str) -> bool:
    """Whether `title` is a column some CRM export names (to find the header row)."""
    return fold_header(title) in _LOOKUP


def full_name(first: str, last: str) -> str:
    first, last = first.strip(), last.strip()
    if _CJK.match(first) and _CJK.match(last):
        return last + first
    return " ".join(part for part in (first, last) if part)


def roles_and_stance(value: str) -> tuple[str, str | None]:
    """`"Champion; End User"` → (`"coach;user"`, `"champion"`). Unknown values pass through
    unchanged, so the stakeholder validator names them with the allowed values."""
    roles: list[str] = []
    stance: str | None = None
    for part in split_people(value):
        mapped = ROLE_VALUES.get(_fold_value(part))
        if mapped is None:
            roles.append(part)
            continue
        roles.extend(role for role in mapped[0] if role not in roles)
        stance = mapped[1] or stance
    return ";".join(roles), stance


_SALESFORCE_ID = re.compile(r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$")
_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def salesforce_checksum(id15: str) -> str:
    """The 3 characters Salesforce appends to a 15-character id: for each block of 5
    characters, the letter of `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345` whose index has bit
    i set when character i of the block is an upper-case letter."""
    suffix = ""
    for start in (0, 5, 10):
        bits = sum(1 << i for i, char in enumerate(id15[start : start + 5]) if "A" <= char <= "Z")
        suffix += _CHECKSUM_ALPHABET[bits]
    return suffix


def salesforce_id(value: str) -> str:
    """A Salesforce record id in its canonical 18-character form: `0035g00000AbCdE` and
    `0035g00000AbCdEAAV` (or `…aav`) both give `0035g00000AbCdEAAV`. Anything that is not
    a 15-character id or an 18-character one with a valid checksum comes back unchanged."""
    text = value.strip()
    if not _SALESFORCE_ID.match(text):
        return value
    checksum = salesforce_checksum(text[:15])
    if len(text) == 18 and text[15:].upper() != checksum:
        return value
    return text[:15] + checksum


CANONICAL_HEADER = [
    "id",
    "name",
    "title",
    "department",
    "reports_to",
    "email",
    "phone",
    "roles",
    "stance",
]


@dataclass(frozen=True)
class CrmReading:
    """How to read one export: its rows as canonical stakeholders rows."""

    header: list[str]
    """The canonical header (`CANONICAL_HEADER`)."""
    convert: Callable[[list[str]], list[str]]
    """One row of the export → one canonical row."""
    written: dict[str, str]
    """Canonical column → the column(s) as written in the file, for messages."""
    skipped: list[str]
    """The export's columns that are not read."""


def crm_reading(export: CrmFormat, header: list[str]) -> CrmReading:
    """How to turn rows under `header` (a `export` file) into canonical stakeholders rows."""
    positions: dict[str, int] = {}
    skipped: list[str] = []
    for index, title in enumerate(header):
        field = _LOOKUP.get(fold_header(title))
        if field is not None and field not in positions:
            positions[field] = index
        elif title.strip():
            skipped.append(title.strip())
    written = {
        field: header[index].strip()
        for field, index in positions.items()
        if field not in ("first", "last", "role")
    }
    if "name" not in written and ("first" in positions or "last" in positions):
        written["name"] = " + ".join(
            header[positions[part]].strip() for part in ("first", "last") if part in positions
        )
    if "role" in positions:
        written["roles"] = header[positions["role"]].strip()
        written.setdefault("stance", header[positions["role"]].strip())
    canonical_id = salesforce_id if export is CrmFormat.salesforce else (lambda text: text)

    def cell(cells: list[str], field: str) -> str:
        index = positions.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def convert(cells: list[str]) -> list[str]:
        name = cell(cells, "name") or full_name(cell(cells, "first"), cell(cells, "last"))
        roles, implied = roles_and_stance(cell(cells, "role"))
        reports_to = cell(cells, "reports_to")
        return [
            canonical_id(cell(cells, "id")),
            name,
            cell(cells, "title"),
            cell(cells, "department"),
            canonical_id(reports_to) if reports_to else "",
            cell(cells, "email"),
            cell(cells, "phone"),
            roles,
            cell(cells, "stance") or implied or "",
        ]

    return CrmReading(list(CANONICAL_HEADER), convert, written, skipped)


def merge_contact_rows(
    rows: list[tuple[int, dict[str, str]]],
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """One contact on several rows (by id, else by name) as one row: the first row's
    number, the union of the roles, each other column from the first row that has it.
    Returns the rows and a warning per contact whose rows disagree on a column."""
    merged: dict[str, tuple[int, dict[str, str]]] = {}
    notes: list[str] = []
    for number, values in rows:
        key = values.get("id") or values.get("name") or f"row {number}"
        if key not in merged:
            merged[key] = (number, dict(values))
            continue
        first_number, first = merged[key]
        for column, value in values.items():
            if column == "roles":
                known = split_people(first.get("roles", ""))
                extra = [role for role in split_people(value) if role not in known]
                first["roles"] = ";".join([*known, *extra])
            elif column not in first:
                first[column] = value
            elif first[column] != value:
                notes.append(
                    f"row {number} repeats {key!r} of row {first_number} with {column} "
                    f"{value!r} (kept {first[column]!r})"
                )
    return list(merged.values()), notes
