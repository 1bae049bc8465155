"""Contacts exported from Salesforce and HubSpot, turned into the canonical stakeholders file.

A CRM export is recognised by its header (`--format auto`) or named
(`--format salesforce|hubspot`); its rows become rows of `stakeholders.csv`
with the same row numbers, so the usual report points at the user's own file.

| canonical | Salesforce (API name / report label) | HubSpot |
|---|---|---|
| id | Id, Contact ID | Record ID, Contact ID |
| name | FirstName + LastName, First Name + Last Name, Name, Full Name | First Name + Last Name |
| title | Title | Job Title |
| department | Department | Department |
| reports_to | ReportsToId, Reports To (id or unique name) | — |
| email, phone | Email, Phone / MobilePhone | Email, Phone Number / Mobile Phone Number |
| roles, stance | Role, Contact Role, Buying Role (see below) | Buying Role |

Names: given and family name are joined with a space, except that a family
name and a given name both in Chinese characters are written family name first
with no space (王 + 伟 → 王伟), as Chinese names are written.

Role values (several separated by `;`): Decision Maker → decision maker;
Economic Buyer and Budget Holder → economic buyer; Evaluator, Technical Buyer
and Technical Evaluator → technical evaluator; Business User and End User →
user; Influencer → influencer; Gatekeeper and Legal & Compliance → gatekeeper;
Executive Sponsor → initiator (the executive who sponsors the project);
Champion → coach, and stance champion; Blocker → stance opponent; Other → no
role. A stance column, when present, wins over what the roles imply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import StrEnum

from graph.model import split_people
from importers.aliases import fold_header


class CrmFormat(StrEnum):
    salesforce = "salesforce"
    hubspot = "hubspot"


_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "contactid", "contact id", "record id", "contact_id"),
    "first": ("firstname", "first name"),
    "last": ("lastname", "last name"),
    "name": ("name", "full name", "contact name"),
    "title": ("title", "job title"),
    "department": ("department",),
    "reports_to": ("reportstoid", "reports to", "reports to id", "reportsto"),
    "email": ("email", "email address"),
    "phone": ("phone", "phone number", "mobilephone", "mobile phone", "mobile phone number"),
    "role": ("role", "contact role", "buying role", "buying roles", "buying committee role"),
    "stance": ("stance",),
}
_LOOKUP = {fold_header(alias): field for field, aliases in _FIELDS.items() for alias in aliases}

_SALESFORCE_MARKS = {
    "firstname",
    "lastname",
    "accountid",
    "reportstoid",
    "contact id",
    "account name",
}
_HUBSPOT_MARKS = {
    "record id",
    "buying role",
    "associated company",
    "lifecycle stage",
    "contact owner",
}

ROLE_VALUES: dict[str, tuple[tuple[str, ...], str | None]] = {
    # folded CRM value → (stakegraph roles, stance it implies)
    "decision maker": (("decision_maker",), None),
    "economic buyer": (("economic_buyer",), None),
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
    if folded & {fold_header(m) for m in _HUBSPOT_MARKS}:
        return CrmFormat.hubspot
    marks = {fold_header(m) for m in _SALESFORCE_MARKS}
    if len(folded & marks) >= 2:
        return CrmFormat.salesforce
    return None


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


def to_stakeholder_rows(
    header: list[str], rows: Iterable[list[str]]
) -> tuple[list[str], Iterator[list[str]]]:
    """The export's header and rows as canonical stakeholders rows (unknown columns dropped)."""
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        field = _LOOKUP.get(fold_header(title))
        if field is not None and field not in positions:
            positions[field] = index

    def cell(cells: list[str], field: str) -> str:
        index = positions.get(field)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def convert() -> Iterator[list[str]]:
        for cells in rows:
            name = cell(cells, "name") or full_name(cell(cells, "first"), cell(cells, "last"))
            roles, implied = roles_and_stance(cell(cells, "role"))
            yield [
                cell(cells, "id"),
                name,
                cell(cells, "title"),
                cell(cells, "department"),
                cell(cells, "reports_to"),
                cell(cells, "email"),
                cell(cells, "phone"),
                roles,
                cell(cells, "stance") or implied or "",
            ]

    return list(CANONICAL_HEADER), convert()
