"""Deals with their contacts' roles, from Salesforce and HubSpot: one row per deal and
contact, read into deals, buying-committee seats, the contacts themselves and the deal
owners as team members.

Recognised inside a CRM contacts export (`importers/crm.py`) by its deal columns: a
Salesforce **"Opportunities with Contact Roles"** report (`Opportunity Name` with a
contact), or a **HubSpot deals export with associated contacts** (`Deal Name` and
`Deal Stage` with a contact). The contact columns are read as in a contacts export
(name from `Contact: Full Name`, `Full Name`, `First Name` + `Last Name`, or HubSpot's
`Associated Contact` written `Name (email)`; `Contact ID`, `Associated Contact IDs`;
`Title`, `Email`, `Phone`), so the contacts land as stakeholders with the same ids a
contacts export gives them. Every error points at the user's file, row and column.

Deal columns (any case or spacing):

| | Salesforce | HubSpot |
|---|---|---|
| id | `Opportunity ID` (stored in its 18-character form), else the name | `Record ID`, `Deal ID`, else the name |
| name | `Opportunity Name` | `Deal Name` |
| stage | `Stage` | `Deal Stage` (label or internal value) |
| amount | `Amount` (`USD 1,200.00`, `$1,200`, `¥1,200` read; a leading ISO code is the currency) | `Amount` |
| currency | `Opportunity Currency`, `Amount Currency` | `Currency`, `Deal Currency Code` |
| expected close | `Close Date` | `Close Date` |
| owner | `Opportunity Owner` | `Deal Owner` |
| role in the deal | `Contact Role`, `Role` | `Buying Role`, `Contact Role`, `Association Label` |
| primary | `Primary`, `Is Primary` | — |

**Stages** map onto the default ladder (`graph/vocabulary.py` `DealStage`), by what
the buyer has done at that stage; a closed deal is at the contract stage, won or lost. HubSpot's labels (Appointment
Scheduled, Decision Maker Bought-In …) are read as its internal values:

| Salesforce | HubSpot | stakegraph |
|---|---|---|
| Prospecting | appointmentscheduled | initiation 立项 |
| Qualification, Needs Analysis | qualifiedtobuy | requirements 需求 |
| Value Proposition, Id. Decision Makers, Perception Analysis | presentationscheduled | solution 方案 |
| — | decisionmakerboughtin | budget 预算 |
| Proposal/Price Quote | — | tender 招标 (the priced offer is the bid) |
| Negotiation/Review | contractsent (Contract Sent) | contract 合同 |
| Closed Won / Closed Lost | closedwon / closedlost | contract 合同, status won / lost |

Any other stage (a custom pipeline's) is kept as written: it must then be one of the
account's own stages (`Account.stages`), or the write names the deal and the stages
allowed.

**Roles** are the contact roles of `importers/crm.py` (`ROLE_VALUES`: Decision Maker,
Economic Buyer and Economic Decision Maker → economic buyer …, Evaluator and Technical
Buyer → technical evaluator, Business User → user, Executive Sponsor → initiator,
Influencer, Other → none; HubSpot's Champion → coach with stance champion, Blocker →
stance opponent): the seat's roles and stance in that deal. The person's
account-level roles stay the union of their roles in the file, as a contacts export
gives them. A primary contact's seat notes say so (`primary contact`).

**Owners** (`Opportunity Owner`, `Deal Owner`) are our people: each becomes a team
member known by their name (an existing team member of that id is left as it is).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from importers.aliases import fold_header
from importers.crm import (
    CrmFormat,
    CrmReading,
    crm_field,
    crm_reading,
    roles_and_stance,
    salesforce_id,
)

DealRows = list[tuple[int, dict[str, str]]]

_DEAL_COLUMNS: dict[CrmFormat, dict[str, tuple[str, ...]]] = {
    CrmFormat.salesforce: {
        "id": ("opportunity id", "opportunity: opportunity id", "opportunityid"),
        "name": ("opportunity name", "opportunity: opportunity name", "opportunity"),
        "stage": ("stage", "opportunity stage", "stagename"),
        "amount": ("amount", "opportunity amount"),
        "currency": ("opportunity currency", "amount currency", "currencyisocode"),
        "expected_close": ("close date", "closedate"),
        "owner": ("opportunity owner", "opportunity owner: full name", "owner name"),
        "primary": ("primary", "is primary", "isprimary"),
    },
    CrmFormat.hubspot: {
        "id": ("record id", "deal id"),
        "name": ("deal name", "dealname"),
        "stage": ("deal stage", "dealstage"),
        "amount": ("amount",),
        "currency": ("currency", "deal currency code"),
        "expected_close": ("close date", "closedate"),
        "owner": ("deal owner", "hubspot owner"),
        "role": ("association label",),
    },
}
"""Per CRM, deal column → the export's names for it (folded as headers are)."""

_CONTACT_COLUMNS: dict[str, str] = {
    "contact: full name": "full name",
    "contact full name": "full name",
    "contact: first name": "first name",
    "contact: last name": "last name",
    "contact: title": "title",
    "contact: email": "email",
    "contact: phone": "phone",
    "contact: contact id": "contact id",
    "associated contact ids": "contact id",
    "associated contact id": "contact id",
    "associated contact": "full name",
}
"""A deal export's names of contact columns → the contacts export's name (importers/crm.py)."""

STAGES: dict[str, tuple[str, str]] = {
    # folded CRM stage → (stakegraph stage, status)
    "prospecting": ("initiation", "open"),
    "qualification": ("requirements", "open"),
    "needs analysis": ("requirements", "open"),
    "value proposition": ("solution", "open"),
    "id. decision makers": ("solution", "open"),
    "id decision makers": ("solution", "open"),
    "perception analysis": ("solution", "open"),
    "proposal/price quote": ("tender", "open"),
    "negotiation/review": ("contract", "open"),
    "closed won": ("contract", "won"),
    "closed lost": ("contract", "lost"),
    "appointmentscheduled": ("initiation", "open"),
    "appointment scheduled": ("initiation", "open"),
    "qualifiedtobuy": ("requirements", "open"),
    "qualified to buy": ("requirements", "open"),
    "presentationscheduled": ("solution", "open"),
    "presentation scheduled": ("solution", "open"),
    "decisionmakerboughtin": ("budget", "open"),
    "decision maker bought-in": ("budget", "open"),
    "decision maker bought in": ("budget", "open"),
    "contractsent": ("contract", "open"),
    "contract sent": ("contract", "open"),
    "closedwon": ("contract", "won"),
    "closedlost": ("contract", "lost"),
}
"""Salesforce's default opportunity stages and HubSpot's default deal pipeline (internal
values and labels) on the default ladder (module docstring)."""

_AMOUNT = re.compile(r"([A-Za-z]{3})?[$¥￥€£]?([-+]?[\d,]*(?:\.\d*)?)([A-Za-z]{3})?")
r"""An amount with its white space removed: no two parts can match the same characters,
so a long unreadable cell fails at once (the pattern had `\s*` beside `[\d,\s]*`, and a
currency followed by 240 spaces took 44 s to fail)."""
_NAME_AND_EMAIL = re.compile(r"^(.*?)\s*\(([^()\s]+@[^()\s]+)\)\s*$")
_TRUE = {"1", "true", "yes", "y", "x", "✓", "是", "checked"}


def _stage(text: str) -> tuple[str, str | None]:
    """The stage and status a CRM stage stands for; an unknown stage as written."""
    folded = " ".join(text.strip().lower().split())
    mapped = STAGES.get(folded)
    return (mapped[0], mapped[1]) if mapped else (text.strip(), None)


def _amount(text: str) -> tuple[str, str]:
    """(`amount`, `currency`) of `USD 1,200.00`, `$1,200`, `1200`; as written when unread
    (the deal's validator then names the column)."""
    match = _AMOUNT.fullmatch("".join(text.split()))
    if match is None or not match[2].strip(" ,"):
        return text.strip(), ""
    number = match[2].replace(",", "")
    return number, (match[1] or match[3] or "").upper()


@dataclass
class OpportunityReading:
    """How to read a deal export: its contact columns as a contacts export, and the
    deals, committee seats and owners of its rows (`add` each raw row, then `tables`)."""

    contacts: CrmReading
    export: CrmFormat
    positions: dict[str, int]
    written: dict[str, str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def add(self, number: int, cells: list[str]) -> None:
        self.rows.append((number, cells))

    def _cell(self, cells: list[str], column: str) -> str:
        index = self.positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def tables(self) -> dict[str, tuple[dict[str, str], DealRows]]:
        """Per bundle file (`deals`, `committee`, `team`), the header as written in the
        export for each canonical column, and the rows with the export's row numbers."""
        canonical_id: Callable[[str], str] = (
            salesforce_id if self.export is CrmFormat.salesforce else (lambda text: text)
        )
        deals: dict[str, tuple[int, dict[str, str]]] = {}
        seats: DealRows = []
        owners: dict[str, tuple[int, dict[str, str]]] = {}
        for number, cells in self.rows:
            contact = self.contacts.convert(cells)
            person = contact[0] or contact[1]
            name = self._cell(cells, "name")
            deal_id = canonical_id(self._cell(cells, "id")) or name
            if not deal_id:
                continue
            if deal_id not in deals:
                deals[deal_id] = (number, self._deal(cells, deal_id, name))
            owner = self._cell(cells, "owner")
            if owner and owner not in owners:
                owners[owner] = (number, {"id": owner, "name": owner})
            if person:
                seats.append((number, self._seat(cells, deal_id, person)))
        team_headers = {
            "id": self.written.get("owner", "owner"),
            "name": self.written.get("owner", "owner"),
        }
        return {
            "deals": (self.written, list(deals.values())),
            "committee": (
                {
                    "deal": self.written.get("name", "deal"),
                    "stakeholder": self.contacts.written.get("name", "contact"),
                    "roles": self.written.get("role", "role"),
                    "stance": self.written.get("role", "role"),
                },
                seats,
            ),
            "team": (team_headers, list(owners.values())),
        }

    def _deal(self, cells: list[str], deal_id: str, name: str) -> dict[str, str]:
        values = {"id": deal_id, "name": name or deal_id}
        stage_text = self._cell(cells, "stage")
        if stage_text:
            values["stage"], status = _stage(stage_text)
            if status is not None:
                values["status"] = status
        amount, currency = _amount(self._cell(cells, "amount"))
        if amount:
            values["amount"] = amount
        currency = self._cell(cells, "currency") or currency
        if currency:
            values["currency"] = currency
        for column in ("expected_close", "owner"):
            if self._cell(cells, column):
                values[column] = self._cell(cells, column)
        return values

    def _seat(self, cells: list[str], deal_id: str, person: str) -> dict[str, str]:
        values = {"deal": deal_id, "stakeholder": person}
        roles, stance = roles_and_stance(self._cell(cells, "role"))
        if roles:
            values["roles"] = roles
        if stance:
            values["stance"] = stance
        if fold_header(self._cell(cells, "primary")) in _TRUE:
            values["notes"] = "primary contact"
        return values


def opportunity_reading(export: CrmFormat, header: list[str]) -> OpportunityReading | None:
    """How to read a deal export with this header, or None when it has no deal name
    column (a contacts export)."""
    names = {
        fold_header(alias): column
        for column, aliases in _DEAL_COLUMNS.get(export, {}).items()
        for alias in aliases
    }
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = names.get(fold_header(title))
        if column is not None and column not in positions:
            positions[column] = index
    if "name" not in positions:
        return None
    contact_header: list[str] = []
    renamed: dict[str, str] = {}
    for index, title in enumerate(header):
        if index in positions.values():
            contact_header.append("")  # a deal column, not the contact's
            continue
        new = _CONTACT_COLUMNS.get(_fold(title))
        if new is not None:
            renamed[new] = title.strip()
        contact_header.append(new or title)
    read = crm_reading(export, contact_header)
    # Messages name the columns as the user's file has them.
    contacts = CrmReading(
        read.header,
        _split_name_and_email(read),
        {
            column: " + ".join(renamed.get(part, part) for part in text.split(" + "))
            for column, text in read.written.items()
        },
        read.skipped,
    )
    written = {column: header[index].strip() for column, index in positions.items()}
    if "role" not in positions:
        at = next((i for i, title in enumerate(contact_header) if crm_field(title) == "role"), None)
        if at is not None:
            positions["role"], written["role"] = at, header[at].strip()
    return OpportunityReading(contacts, export, positions, written)


def _fold(title: str) -> str:
    return " ".join(title.strip().lower().split())


def _split_name_and_email(contacts: CrmReading) -> Callable[[list[str]], list[str]]:
    """The contacts conversion, with HubSpot's `Name (email)` cells split into both."""
    name_at = contacts.header.index("name")
    email_at = contacts.header.index("email")

    def convert(cells: list[str]) -> list[str]:
        row = contacts.convert(cells)
        match = _NAME_AND_EMAIL.match(row[name_at])
        if match is not None:
            row[name_at] = match[1]
            row[email_at] = row[email_at] or match[2]
        return row

    return convert
