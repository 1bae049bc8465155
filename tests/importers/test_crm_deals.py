"""Salesforce's "Opportunities with Contact Roles" report and HubSpot's deals export with
associated contacts: what lands is deals on our ladder, each contact's seat with their
role in that deal, the contacts, and the owners as team members."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.services.importing import import_file
from graph.model import Account, CommitteeMember, Deal
from graph.store import GraphStore
from importers.crm import salesforce_id
from importers.formats import ImportFormat, read_import
from importers.opportunities import _amount

CRM = Path(__file__).resolve().parents[1] / "data" / "crm"
SALESFORCE = CRM / "salesforce_opportunities_with_contact_roles.csv"
HUBSPOT = CRM / "hubspot_deals_with_contacts.csv"

HIS, CT, PACS = (salesforce_id(f"0065g00000Opp0{n}") for n in (1, 2, 3))
WANG, LI, ZHOU = (salesforce_id(f"0035g00000AbCd{c}") for c in "EFG")


def test_a_salesforce_opportunities_with_contact_roles_report_becomes_deals_and_seats() -> None:
    result = read_import(SALESFORCE, account_id="h")
    assert [str(e) for e in result.report.errors] == []
    bundle = result.bundle
    assert bundle is not None
    assert "read as a salesforce deals with contact roles export" in " ".join(
        result.report.warnings
    )
    deals = {deal.id: deal for deal in bundle.deals}
    assert deals == {
        HIS: Deal(
            account_id="h",
            id=HIS,
            name="HIS upgrade",
            stage="solution",
            amount=2_400_000,
            currency="CNY",
            expected_close=date(2027, 3, 31),
            owner="Liu Yang",
        ),
        CT: Deal(
            account_id="h",
            id=CT,
            name="CT tender",
            stage="tender",
            amount=800_000,
            currency="USD",
            expected_close=date(2026, 12, 20),
            owner="Liu Yang",
        ),
        PACS: Deal(
            account_id="h",
            id=PACS,
            name="PACS 2025",
            stage="contract",
            status="lost",
            amount=500_000,
            currency="CNY",
            expected_close=date(2025, 6, 30),
            owner="Chen Jie",
        ),
    }
    seats = {seat.key: seat for seat in bundle.committee}
    assert seats == {
        (HIS, WANG): CommitteeMember(
            account_id="h",
            deal=HIS,
            stakeholder=WANG,
            roles="decision_maker",
            notes="primary contact",
        ),
        (HIS, LI): CommitteeMember(
            account_id="h", deal=HIS, stakeholder=LI, roles="technical_evaluator"
        ),
        (CT, LI): CommitteeMember(account_id="h", deal=CT, stakeholder=LI, roles="user"),
        (CT, ZHOU): CommitteeMember(
            account_id="h",
            deal=CT,
            stakeholder=ZHOU,
            roles="economic_buyer",
            notes="primary contact",
        ),
        (PACS, ZHOU): CommitteeMember(
            account_id="h", deal=PACS, stakeholder=ZHOU, roles="initiator", notes="primary contact"
        ),
    }
    people = {person.id: person for person in bundle.stakeholders}
    # Li Na is evaluator on one deal and user on the other: both at the account level.
    assert [str(r) for r in people[LI].roles] == ["technical_evaluator", "user"]
    assert (people[WANG].name, people[WANG].email, people[WANG].title) == (
        "王伟",
        "wang@hospital.cn",
        "院长",
    )
    assert sorted(member.id for member in bundle.members) == ["Chen Jie", "Liu Yang"]


def test_a_hubspot_deals_export_with_associated_contacts_becomes_deals_and_seats() -> None:
    result = read_import(HUBSPOT, account_id="h", format=ImportFormat.hubspot)
    assert [str(e) for e in result.report.errors] == []
    bundle = result.bundle
    assert bundle is not None
    stages = {d.id: (d.name, d.stage, d.status, d.amount, d.owner) for d in bundle.deals}
    assert stages == {
        "9001": ("Hospital HIS", "solution", "open", 2_400_000, "Liu Yang"),
        "9002": ("Lab analyser", "budget", "open", 350_000, "Liu Yang"),
        "9003": ("Old contract", "contract", "won", 90_000, None),
    }
    seats = {seat.key: (seat.roles, seat.stance) for seat in bundle.committee}
    assert seats == {
        ("9001", "101"): (("decision_maker",), None),
        ("9001", "102"): ((), "opponent"),
        ("9002", "101"): (("economic_buyer",), None),
        ("9003", "103"): (("user", "coach"), "champion"),
    }
    people = {p.id: (p.name, p.email) for p in bundle.stakeholders}
    assert people == {
        "101": ("Wang Fang", "fw@hospital.cn"),
        "102": ("Chen Jie", "cj@hospital.cn"),
        "103": ("Liu Ying", "ly@hospital.cn"),
    }
    assert [m.id for m in bundle.members] == ["Liu Yang"]


def test_an_unreadable_amount_and_date_are_named_by_row_and_column(tmp_path: Path) -> None:
    text = SALESFORCE.read_text(encoding="utf-8").replace('"CNY 500,000.00"', '"lots"')
    text = text.replace('"6/30/2025"', '"06/07/2025"')
    path = tmp_path / "report.csv"
    path.write_text(text, encoding="utf-8")
    result = read_import(path, account_id="h")
    assert result.bundle is None
    lines = [str(e) for e in result.report.errors]
    assert [line.split(":")[0] for line in lines] == [
        "report.csv row 6, column Close Date",
        "report.csv row 6, column Amount",
    ]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_importing_both_crm_files_into_one_account_stores_every_deal(
    store: GraphStore,
) -> None:
    account = Account(id="h", name="华东医院")
    for path in (SALESFORCE, HUBSPOT):
        report = import_file(store, path, account_id="h", new_account=account)
        assert [str(e) for e in report.errors] == [] and report.written
    graph = store.account_graph("h")
    assert len(graph.deals) == 6 and len(graph.committee) == 9
    assert {d.status for d in graph.deals} == {"open", "won", "lost"}


def test_a_deals_export_without_contacts_brings_the_deals_alone(tmp_path: Path) -> None:
    path = tmp_path / "deals.csv"
    path.write_text(
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Deal owner\n"
        "9001,Hospital HIS,Contract Sent,2400000,2027-03-31,Liu Yang\n",
        encoding="utf-8",
    )
    result = read_import(path, account_id="h")
    assert [str(e) for e in result.report.errors] == []
    assert result.bundle is not None
    assert [(d.id, d.stage, d.owner) for d in result.bundle.deals] == [
        ("9001", "contract", "Liu Yang")
    ]
    assert result.bundle.stakeholders == () and result.bundle.committee == ()


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("USD 1,200.00", ("1200.00", "USD")),
        ("1 200 EUR", ("1200", "EUR")),
        ("¥ 3,000,000", ("3000000", "")),
        ("about a million", ("about a million", "")),
    ],
)
def test_an_amount_cell_is_read_or_left_as_written(cell: str, read: tuple[str, str]) -> None:
    assert _amount(cell) == read


def test_a_long_unreadable_amount_fails_at_once_and_is_left_for_the_validator() -> None:
    # The pattern used to backtrack on white space: 240 spaces took 44 s; 5,000 would not end.
    cell = "USD" + " " * 5_000 + "x"
    assert _amount(cell) == (cell.strip(), "")
