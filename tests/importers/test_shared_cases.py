"""The shared example files (`../shared/cases/`, issue 17) read as their README says.

Case 12 (spaces normalised at the boundary) and the damaged zips and JSON belong to
the other half of issue 17 and are tested with that work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.model import AccountBundle, Stakeholder
from graph.vocabulary import Role, Stance
from importers.formats import ImportResult, read_import

CASES = Path(__file__).resolve().parents[3] / "shared" / "cases"
pytestmark = pytest.mark.skipif(not CASES.is_dir(), reason="no ../shared/cases beside the repo")


def read(name: str) -> ImportResult:
    folder = "hostile" if name in ("lol_sheet.xlsx", "ten_dimA1B3.xlsx") else "files"
    return read_import(CASES / folder / name, account_id="acme")


def people(bundle: AccountBundle | None) -> dict[str, Stakeholder]:
    assert bundle is not None
    return {p.name: p for p in bundle.stakeholders}


def test_01_a_wps_workbook_declaring_a1_gives_all_three_people_with_every_column() -> None:
    result = read("01-wps-dimension-a1.xlsx")
    assert result.report.errors == []
    found = people(result.bundle)
    assert set(found) == {"赵建国", "钱晓峰", "孙丽"}
    sun = found["孙丽"]
    assert (sun.title, sun.department, sun.reports_to) == ("采购经理", "采购部", "赵建国")
    assert (sun.roles, sun.stance) == ((Role.procurement,), Stance.opponent)
    assert (found["赵建国"].roles, found["赵建国"].stance) == (
        (Role.decision_maker,),
        Stance.supporter,
    )


def test_02_the_merged_department_reaches_every_person_in_its_range() -> None:
    result = read("02-merged-department.xlsx")
    found = people(result.bundle)
    assert {name: p.department for name, p in found.items()} == {
        "周海涛": "财务部",
        "吴敏": "财务部",
        "郑凯": "财务部",
        "王芳": "信息中心",
    }
    assert any("merged cells B2:B4" in warning for warning in result.report.warnings)


def test_03_the_header_is_found_on_row_2() -> None:
    result = read("03-title-row-above-header.xlsx")
    assert result.report.errors == []
    found = people(result.bundle)
    assert set(found) == {"冯伟", "陈静"}
    assert (found["陈静"].reports_to, found["冯伟"].stance) == ("冯伟", Stance.supporter)
    assert any("header found on row 2" in warning for warning in result.report.warnings)


def test_04_linkedin_connections_are_two_people_named_first_last_with_position_as_title() -> None:
    result = read("04-linkedin-connections.csv")
    assert result.report.errors == []
    found = people(result.bundle)
    assert {name: p.title for name, p in found.items()} == {
        "Mei Lin": "Head of IT",
        "Tom Baker": "CFO",
    }


def test_06_a_salesforce_report_and_a_data_loader_file_are_the_same_three_records() -> None:
    report, loader = (
        read("06a-salesforce-report-15char.csv"),
        read("06b-salesforce-dataloader-18char.csv"),
    )
    assert report.bundle is not None and loader.bundle is not None
    assert (
        [p.id for p in report.bundle.stakeholders]
        == [p.id for p in loader.bundle.stakeholders]
        == [
            "0035g00000AbCdEAAV",
            "0035g00000AbCdFAAV",
            "0035g00000xYzaBAAS",
        ]
    )
    assert [p.reports_to for p in report.bundle.stakeholders] == [
        p.reports_to for p in loader.bundle.stakeholders
    ]


def test_07_the_manager_named_by_email_is_kept_and_the_unused_column_is_listed() -> None:
    result = read("07-salesforce-reportsto-email.csv")
    assert result.report.errors == []
    assert people(result.bundle)["Qiang Zhou"].reports_to == "Hua Li"
    assert "skipped columns not used by stakegraph: 'Account.Name'" in "\n".join(
        result.report.warnings
    )


def test_09_the_yed_group_is_a_department_and_labels_are_name_and_title() -> None:
    result = read("09-yed-orgchart-groups.graphml")
    assert result.report.errors == []
    found = people(result.bundle)
    assert set(found) == {"唐国强", "邓丽", "许刚"}
    assert (found["唐国强"].title, found["邓丽"].title) == ("总经理", "信息中心主任")
    assert found["邓丽"].department == found["许刚"].department == "信息中心"


def test_10_gephi_weights_are_mapped_onto_0_1_with_a_warning() -> None:
    result = read("10-gephi-export-weights.graphml")
    assert result.bundle is not None
    weights = {(i.source, i.target): i.weight for i in result.bundle.influences}
    assert weights == {("2", "1"): 1.0, ("3", "2"): round(3 / 14, 6), ("3", "1"): round(1 / 14, 6)}
    assert any("divided by the largest (14)" in warning for warning in result.report.warnings)


def test_11_chinese_excel_dates_read_as_excel_shows_them() -> None:
    result = read_import(CASES / "files" / "11-zh-excel-dates", account_id="acme")
    assert result.bundle is not None, result.report.errors
    assert [r.last_contact for r in result.bundle.relationships] == [
        date(2024, 3, 5),
        date(2024, 3, 12),
    ]
    assert [i.date for i in result.bundle.interactions] == [date(2024, 3, 5)]


def test_17_every_default_role_maps_and_two_rows_are_one_person_with_both_roles() -> None:
    result = read("17-salesforce-opportunity-contact-roles.csv")
    assert result.report.errors == []
    found = people(result.bundle)
    assert set(found) == {"Hong Xu", "Bin Tang"}
    assert found["Hong Xu"].roles == (Role.economic_buyer,)
    assert found["Bin Tang"].roles == (Role.decision_maker, Role.technical_evaluator)


def test_hostile_billion_laughs_sheet_is_one_line_and_nothing() -> None:
    result = read("lol_sheet.xlsx")
    assert result.bundle is None
    [error] = result.report.errors
    assert str(error).startswith("lol_sheet.xlsx: ") and "\n" not in str(error)
    assert "entities" in error.message


def test_hostile_ten_people_in_a_sheet_declaring_a1_b3_all_come_in_with_all_columns() -> None:
    result = read("ten_dimA1B3.xlsx")
    found = people(result.bundle)
    assert len(found) == 10
    assert all(p.title == "T" for p in found.values())
