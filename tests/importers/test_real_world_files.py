"""Files in the shapes real tools and offices write (issue 17), on samples made here.

Each test builds its own file of a kind (a WPS workbook with a wrong declared
range, a merged department, a report with a footer, an .xls, an .ods, a
Salesforce report then a Data Loader file …) and checks what a user expects.
The shared example files are read in `test_shared_cases.py`.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import xlwt
from openpyxl import Workbook

from graph.model import AccountBundle, Influence, ReportsTo, Stakeholder
from graph.vocabulary import Role, Seniority, Stance
from importers.crm import salesforce_checksum, salesforce_id
from importers.dates import parse_date
from importers.formats import read_import
from tests.factories import graph_of, person
from visualize.formats import graphml_text, node_link

PEOPLE = [
    ["姓名", "职务", "部门", "上级", "角色", "态度"],
    ["赵一", "总经理", "总经办", "", "决策者", "支持者"],
    ["钱二", "CIO", "信息中心", "赵一", "技术评估者", "中立"],
    ["孙三", "采购经理", "采购部", "赵一", "采购", "反对者"],
]


def _xlsx(path: Path, rows: list[list[object]], *, title: str = "名单", extra: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for number in range(extra):
        workbook.create_sheet(f"Sheet{number + 2}")
    workbook.save(path)
    return path


def _patch_sheet(path: Path, change: object) -> None:
    """Rewrite the first worksheet's XML in the .xlsx at `path` with `change(xml)`."""
    with zipfile.ZipFile(path) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    members[name] = change(members[name].decode()).encode()  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in members.items():
            target.writestr(member, data)


def _by_name(bundle: AccountBundle | None) -> dict[str, Stakeholder]:
    assert bundle is not None
    return {p.name: p for p in bundle.stakeholders}


def _warnings(result: object) -> str:
    return "\n".join(result.report.warnings)  # type: ignore[attr-defined]


# --- spreadsheets as people see them ------------------------------------------------


@pytest.mark.parametrize("declared", ["A1", "A1:B3", "A1:A1"])
def test_every_cell_is_read_whatever_range_the_sheet_declares(
    tmp_path: Path, declared: str
) -> None:
    path = _xlsx(tmp_path / "wps.xlsx", PEOPLE)  # type: ignore[arg-type]
    _patch_sheet(
        path, lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{declared}"', xml)
    )
    with zipfile.ZipFile(path) as archive:
        assert f'<dimension ref="{declared}"' in archive.read("xl/worksheets/sheet1.xml").decode()
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert set(people) == {"赵一", "钱二", "孙三"}
    sun = people["孙三"]
    assert (sun.title, sun.department, sun.reports_to) == ("采购经理", "采购部", "赵一")
    assert (sun.roles, sun.stance) == ((Role.procurement,), Stance.opponent)


def test_a_merged_department_reaches_every_row_of_its_range_with_a_warning(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [
        ["姓名", "部门", "职务"],
        ["甲", "财务部", "总监"],
        ["乙", None, "会计"],
        ["丙", None, "出纳"],
        ["丁", "IT", "主任"],
    ]:
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    result = read_import(path, account_id="acme")
    people = _by_name(result.bundle)
    assert [people[n].department for n in ("甲", "乙", "丙", "丁")] == [
        "财务部",
        "财务部",
        "财务部",
        "IT",
    ]
    assert "merged cells B2:B4 read as '财务部'" in _warnings(result)


def test_the_header_is_found_below_title_rows_and_errors_keep_the_sheets_row_numbers(
    tmp_path: Path,
) -> None:
    rows: list[list[object]] = [
        ["某某局 决策链梳理（内部）"],
        [],
        ["导出时间：2024-03-05"],
        ["姓名", "职务", "态度"],
        ["甲", "局长", "支持"],
        ["乙", "处长", "很难说"],
    ]
    path = _xlsx(tmp_path / "titled.xlsx", rows)
    result = read_import(path, account_id="acme")
    assert "header found on row 4 (rows above it skipped)" in _warnings(result)
    [error] = result.report.errors
    assert (error.row, error.column) == (6, "态度")


def test_a_csv_with_a_notes_block_above_the_header(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        'Notes:\n"exported for the team, please check the titles"\n\nname,title\nAnn,CEO\n'
    )
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert _by_name(result.bundle)["Ann"].title == "CEO"
    assert "header found on row 4" in _warnings(result)


SALESFORCE_FOOTER = """Contact ID,First Name,Last Name,Title,Account Name
0031x00000Ab001,Ann,Lee,CEO,Example
0031x00000Ab002,Bo,Wu,CFO,Example

"Example Contacts Report"
"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."
"Confidential Information - Do Not Distribute"
"Generated By:  Some One  3/5/2024 10:15 AM"
"Example Inc."
"""


def test_a_reports_footer_is_skipped_with_a_warning_not_read_as_people(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text(SALESFORCE_FOOTER)
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert set(_by_name(result.bundle)) == {"Ann Lee", "Bo Wu"}
    assert (
        "rows 5-9 skipped as the report's footer, not people ('Example Contacts Report' …)"
        in _warnings(result)
    )


def test_a_trailer_line_right_after_the_data_is_a_footer_too(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,title\nAnn,CEO\nBo,CFO\n机密 内部资料 请勿外传\n")
    result = read_import(path, account_id="acme")
    assert set(_by_name(result.bundle)) == {"Ann", "Bo"}
    assert "row 4 skipped as the report's footer" in _warnings(result)


def test_a_last_person_with_only_a_name_is_still_a_person(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,title\nAnn,CEO\nBo,\n")
    assert set(_by_name(read_import(path, account_id="acme").bundle)) == {"Ann", "Bo"}
    one_column = tmp_path / "names.csv"
    one_column.write_text("name\nAnn\n\nConfidential\n")
    # a one-column list has no footer to tell apart: every row is a person
    assert set(_by_name(read_import(one_column, account_id="acme").bundle)) == {
        "Ann",
        "Confidential",
    }


def test_empty_default_sheets_do_not_make_a_list_a_broken_bundle(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "list.xlsx", PEOPLE, title="Sheet1", extra=2)  # type: ignore[arg-type]
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert len(_by_name(result.bundle)) == 3


def _xls(path: Path, rows: list[list[object]]) -> Path:
    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("联系人")
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value, dated if isinstance(value, date) else xlwt.Style.default_style)
    workbook.save(str(path))
    return path


def _ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice and WPS write its parts."""
    table_rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>'
            for cell in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="联系人">{table_rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_legacy_and_open_spreadsheets_import_like_xlsx(tmp_path: Path, kind: str) -> None:
    path = (
        _xls(tmp_path / "list.xls", PEOPLE)  # type: ignore[arg-type]
        if kind == "xls"
        else _ods(tmp_path / "list.ods", PEOPLE)
    )
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert set(people) == {"赵一", "钱二", "孙三"}
    assert (people["钱二"].reports_to, people["钱二"].roles) == (
        "赵一",
        (Role.technical_evaluator,),
    )


def test_an_xls_bundle_with_a_date_cell_and_a_merged_range(tmp_path: Path) -> None:
    workbook = xlwt.Workbook()
    people = workbook.add_sheet("stakeholders")
    for c, title in enumerate(["id", "name", "department"]):
        people.write(0, c, title)
    for r, (pid, name) in enumerate([("a", "Ann"), ("b", "Bo")], start=1):
        people.write(r, 0, pid)
        people.write(r, 1, name)
    people.write_merge(1, 2, 2, 2, "IT")
    team = workbook.add_sheet("team")
    team.write(0, 0, "id")
    team.write(0, 1, "name")
    team.write(1, 0, "me")
    team.write(1, 1, "Me")
    links = workbook.add_sheet("relationships")
    for c, title in enumerate(["member", "stakeholder", "strength", "last_contact"]):
        links.write(0, c, title)
    for c, value in enumerate(["me", "a", 3]):
        links.write(1, c, value)
    links.write(1, 3, datetime(2024, 3, 5, 14, 30), xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM"))
    path = tmp_path / "bundle.xls"
    workbook.save(str(path))
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    assert [p.department for p in result.bundle.stakeholders] == ["IT", "IT"]
    assert result.bundle.relationships[0].last_contact == date(2024, 3, 5)
    assert "merged cells C2:C3" in _warnings(result)


def test_a_worksheet_with_an_entity_bomb_is_one_line_and_nothing(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "bomb.xlsx", [["name"], ["x"]])
    doctype = (
        '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )

    def bomb(xml: str) -> str:
        declaration = re.match(r"<\?xml[^>]*\?>", xml)
        at = declaration.end() if declaration else 0
        cell = r'<c r="A2" t="inlineStr"><is><t>&c;</t></is></c>'
        body = re.sub(r'<c r="A2"[^>]*>.*?</c>', cell, xml[at:], count=1)
        return xml[:at] + doctype + body

    _patch_sheet(path, bomb)
    with zipfile.ZipFile(path) as archive:
        text = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<!DOCTYPE" in text and "<t>&c;</t>" in text
    result = read_import(path, account_id="acme")
    assert result.bundle is None
    [error] = result.report.errors
    assert "\n" not in str(error)
    assert str(error).startswith("bomb.xlsx: ")


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2024年12月31号", date(2024, 12, 31)),
        ("45356", date(2024, 3, 5)),  # Excel's serial: 45356 days after 1899-12-30
        ("45356.604", date(2024, 3, 5)),  # … and 14:30 that day
        ("61", date(1900, 3, 1)),
        ("2024-03-05T14:30:00", date(2024, 3, 5)),
        ("2024/3/5 14:30", date(2024, 3, 5)),
        ("5 Mar 2024", date(2024, 3, 5)),
        ("March 5, 2024", date(2024, 3, 5)),
        ("25/12/2024", date(2024, 12, 25)),
        ("12/25/2024", date(2024, 12, 25)),
        ("05/05/2024", date(2024, 5, 5)),
    ],
)
def test_dates_in_the_shapes_offices_write(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_an_ambiguous_date_is_refused_saying_which_orders_are_read() -> None:
    with pytest.raises(
        ValueError, match=r"'03/05/2024' is ambiguous \(3 May or 5 March\?\): write it year first"
    ):
        parse_date("03/05/2024")
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("2024-02-30")
    with pytest.raises(ValueError, match="is not a date"):
        parse_date("next week")


def test_dates_in_a_bundle_and_the_ambiguous_one_named_by_row_and_column(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "stakeholders.csv").write_text("姓名\n黄磊\n林娜\n", encoding="gbk")
    (folder / "team.csv").write_text("姓名\n刘洋\n", encoding="gbk")
    (folder / "relationships.csv").write_text(
        "我方人员,客户联系人,关系强度,最近联系\n刘洋,黄磊,3,2024.3.5\n刘洋,林娜,2,03/05/2024\n",
        encoding="gbk",
    )
    (folder / "interactions.csv").write_text(
        "日期,我方人员,客户联系人\n45356,刘洋,黄磊\n", encoding="gbk"
    )
    result = read_import(folder, account_id="acme")
    [error] = result.report.errors
    assert (error.file, error.row, error.column) == ("relationships.csv", 3, "最近联系")
    assert "ambiguous" in error.message and "2024/3/5" in error.message
    (folder / "relationships.csv").write_text(
        "我方人员,客户联系人,关系强度,最近联系\n刘洋,黄磊,3,2024.3.5\n刘洋,林娜,2,2024年3月12日\n",
        encoding="gbk",
    )
    result = read_import(folder, account_id="acme")
    assert result.bundle is not None
    assert [r.last_contact for r in result.bundle.relationships] == [
        date(2024, 3, 5),
        date(2024, 3, 12),
    ]
    assert result.bundle.interactions[0].date == date(2024, 3, 5)


def test_a_visit_at_half_past_two_in_a_workbook_is_a_date(tmp_path: Path) -> None:
    workbook = Workbook()
    people = workbook.active
    assert people is not None
    people.title = "stakeholders"
    people.append(["name"])
    people.append(["Ann"])
    visits = workbook.create_sheet("interactions")
    visits.append(["date", "stakeholders", "type"])
    visits.append([datetime(2024, 3, 5, 14, 30), "Ann", "visit"])
    path = tmp_path / "visits.xlsx"
    workbook.save(path)
    result = read_import(path, account_id="acme")
    assert result.bundle is not None, result.report.errors
    assert result.bundle.interactions[0].date == date(2024, 3, 5)


# --- vocabulary as 政企 teams write it ---------------------------------------------------


def test_government_and_enterprise_words_for_seniority_roles_stance_and_headers(
    tmp_path: Path,
) -> None:
    path = tmp_path / "名单.csv"
    path.write_text(
        "姓名,处室,直属领导,职级,采购角色,对我方态度,分管领导\n"
        "甲,局办,,局领导,审批,拥护,\n"
        "乙,信息处,甲,处级,技术评估,强烈支持,甲\n"
        "丙,信息处,乙,科级,使用部门,不明,\n"
        "丁,采购处,甲,基层,采购负责人,待定,\n",
        encoding="utf-8",
    )
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert [people[n].seniority for n in "甲乙丙丁"] == [
        Seniority.executive,
        Seniority.senior,
        Seniority.middle,
        Seniority.junior,
    ]
    assert [people[n].roles for n in "甲乙丙丁"] == [
        (Role.economic_buyer,),
        (Role.technical_evaluator,),
        (Role.user,),
        (Role.procurement,),
    ]
    assert [people[n].stance for n in "甲乙丙丁"] == [
        Stance.champion,
        Stance.champion,
        Stance.neutral,
        Stance.neutral,
    ]
    assert (people["乙"].department, people["乙"].reports_to) == ("信息处", "甲")
    assert (
        "column '分管领导' is not read: a leader in charge (分管) is not the line manager"
        in _warnings(result)
    )


def test_an_unknown_value_gets_the_closest_allowed_ones(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,stance,roles\nAnn,强力支持,decision maker\nBo,neutral,Economic Byer\n")
    errors = read_import(path, account_id="acme").report.errors
    assert [(e.row, e.column) for e in errors] == [(2, "stance"), (3, "roles")]
    assert "did you mean supporter (支持) or champion (强烈支持)?" in errors[0].message
    assert (
        "did you mean economic_buyer or technical_evaluator (technical buyer)?" in errors[1].message
    )


def test_a_header_that_looks_like_a_known_one_is_named_in_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,Departmnet,上级领导姓名\nAnn,IT,\n")
    warnings = _warnings(read_import(path, account_id="acme"))
    assert "column 'Departmnet' is not read: did you mean department?" in warnings
    assert "column '上级领导姓名' is not read: did you mean 上级领导 (reports_to)?" in warnings


def test_every_problem_of_every_file_at_once_in_the_columns_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "stakeholders.csv").write_text("编号,姓名,态度\na,Ann,很难说\nb,,中立\n")
    (folder / "influence.csv").write_text("影响者,被影响者,权重\na,b,2\n")
    (folder / "team.csv").write_text("id,name,角色\nme,Me,wizard\n")
    errors = [
        (e.file, e.row, e.column) for e in read_import(folder, account_id="acme").report.errors
    ]
    assert sorted(errors, key=str) == sorted(
        [
            ("stakeholders.csv", 2, "态度"),
            ("stakeholders.csv", 3, "姓名"),
            ("influence.csv", 2, "权重"),
            ("team.csv", 2, "角色"),
        ],
        key=str,
    )


# --- CRM exports --------------------------------------------------------------------------


def test_the_salesforce_checksum_computed_by_hand() -> None:
    # 0035g | 00000 | AbCdE: no capitals, none, A C E (bits 0, 2, 4 = 21 → V)
    assert salesforce_checksum("0035g00000AbCdE") == "AAV"
    # 00100 | 00000 | 00ABC: bits 2, 3, 4 = 28 → "2"
    assert salesforce_checksum("001000000000ABC") == "AA2"
    # ABCDE | abcde | aBcDe: 31 → "5", 0 → A, bits 1 and 3 = 10 → K
    assert salesforce_checksum("ABCDEabcdeaBcDe") == "5AK"
    assert salesforce_id("0035g00000AbCdE") == "0035g00000AbCdEAAV"
    assert salesforce_id("0035g00000AbCdEaav") == "0035g00000AbCdEAAV"
    assert salesforce_id("0035g00000AbCdEAA1") == "0035g00000AbCdEAA1"  # not a checksum: as given
    assert salesforce_id("C-1") == "C-1"


def test_relationship_columns_name_the_manager_and_unused_columns_are_listed(
    tmp_path: Path,
) -> None:
    for header in ("ReportsTo.Email", "ReportsTo.Name", "Reports To: Full Name"):
        manager = "ann@example.com" if "Email" in header else "Ann Lee"
        path = tmp_path / "bulk.csv"
        path.write_text(
            f"FirstName,LastName,Email,{header},Account.Name,LeadSource\n"
            f"Ann,Lee,ann@example.com,,Example,Web\nBo,Wu,bo@example.com,{manager},Example,Web\n"
        )
        result = read_import(path, account_id="acme", format="salesforce")  # type: ignore[arg-type]
        assert result.report.errors == []
        assert _by_name(result.bundle)["Bo Wu"].reports_to == "Ann Lee", header
        assert "skipped columns not used by stakegraph: 'Account.Name', 'LeadSource'" in _warnings(
            result
        )


SALESFORCE_ROLES = [
    ("Business User", (Role.user,)),
    ("Decision Maker", (Role.decision_maker,)),
    ("Economic Buyer", (Role.economic_buyer,)),
    ("Economic Decision Maker", (Role.economic_buyer,)),
    ("Evaluator", (Role.technical_evaluator,)),
    ("Executive Sponsor", (Role.initiator,)),
    ("Influencer", (Role.influencer,)),
    ("Technical Buyer", (Role.technical_evaluator,)),
    ("Other", ()),
]


def test_every_default_salesforce_contact_role_maps_and_one_contact_is_one_person(
    tmp_path: Path,
) -> None:
    lines = ["Opportunity Name,Contact ID,First Name,Last Name,Account Name,Role,Primary"]
    for index, (role, _) in enumerate(SALESFORCE_ROLES):
        lines.append(f"Deal,0035g0000000{index:03d},P{index},X,Example,{role},0")
    lines.append("Renewal,0035g0000000000,P0,X,Example,Decision Maker,1")
    path = tmp_path / "roles.csv"
    path.write_text("\n".join(lines) + "\n")
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert len(people) == len(SALESFORCE_ROLES)
    for index, (_, roles) in enumerate(SALESFORCE_ROLES[1:], start=1):
        assert people[f"P{index} X"].roles == roles
    assert people["P0 X"].roles == (Role.decision_maker, Role.user)  # both of its rows
    assert people["P0 X"].id == "0035g0000000000AAA"


@pytest.mark.parametrize(
    ("value", "roles", "stance"),
    [
        ("BLOCKER", (), Stance.opponent),
        ("BUDGET_HOLDER", (Role.economic_buyer,), Stance.neutral),
        ("CHAMPION", (Role.coach,), Stance.champion),
        ("DECISION_MAKER", (Role.decision_maker,), Stance.neutral),
        ("END_USER", (Role.user,), Stance.neutral),
        ("EXECUTIVE_SPONSOR", (Role.initiator,), Stance.neutral),
        ("INFLUENCER", (Role.influencer,), Stance.neutral),
        ("LEGAL_AND_COMPLIANCE", (Role.gatekeeper,), Stance.neutral),
        ("OTHER", (), Stance.neutral),
    ],
)
def test_every_hubspot_buying_role_maps(
    tmp_path: Path, value: str, roles: tuple[Role, ...], stance: Stance
) -> None:
    path = tmp_path / "hubspot.csv"
    path.write_text(f"Record ID,First Name,Last Name,Buying Role\n7,Ann,Lee,{value}\n")
    result = read_import(path, account_id="acme")
    person_ = _by_name(result.bundle)["Ann Lee"]
    assert (person_.roles, person_.stance) == (roles, stance)


def test_linkedin_connections_read_as_people(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        'Notes:\n"Some email addresses may be missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Wei,Zhang,https://example.com/in/wz,wz@example.com,Example,CTO,01 Feb 2024\n"
        "伟,王,https://example.com/in/ww,,Example,总监,02 Feb 2024\n"
    )
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert set(people) == {"Wei Zhang", "王伟"}
    assert (people["Wei Zhang"].title, people["Wei Zhang"].email) == ("CTO", "wz@example.com")
    assert "read as a linkedin contacts export" in _warnings(result)


# --- GraphML from yEd and Gephi, and our own --------------------------------------------

YED_GROUPS = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="node" id="d7" attr.name="DEPARTMENT" attr.type="string"/>
  <key for="edge" id="d9" attr.name="Weight" attr.type="double"/>
  <graph edgedefault="directed" id="G">
    <node id="boss"><data key="d6"><y:ShapeNode><y:NodeLabel>Ann Lee
CEO</y:NodeLabel></y:ShapeNode></data></node>
    <node id="g" yfiles.foldertype="group">
      <data key="d6"><y:ProxyAutoBoundsNode><y:Realizers><y:GroupNode>
        <y:NodeLabel>Finance</y:NodeLabel></y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
      <graph edgedefault="directed" id="g:">
        <node id="g::a"><data key="d6"><y:ShapeNode><y:NodeLabel>Bo Wu
CFO</y:NodeLabel></y:ShapeNode></data></node>
        <node id="g::b"><data key="d7">Treasury</data>
          <data key="d6"><y:ShapeNode><y:NodeLabel>Cy Ng</y:NodeLabel></y:ShapeNode></data></node>
      </graph>
    </node>
    <edge id="e0" source="g::a" target="boss"><data key="d9">40</data></edge>
    <edge id="e1" source="g::b" target="g::a"><data key="d9">10</data></edge>
    <edge id="e2" source="g" target="boss"/>
  </graph>
</graphml>
"""


def test_a_yed_chart_with_a_department_box_and_weights_on_its_own_scale(tmp_path: Path) -> None:
    path = tmp_path / "chart.graphml"
    path.write_text(YED_GROUPS, encoding="utf-8")
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    people = _by_name(result.bundle)
    assert set(people) == {"Ann Lee", "Bo Wu", "Cy Ng"}  # the Finance box is not a person
    assert (people["Ann Lee"].title, people["Bo Wu"].title) == ("CEO", "CFO")
    assert (people["Bo Wu"].department, people["Cy Ng"].department) == ("Finance", "Treasury")
    assert result.bundle is not None
    weights = {(i.source, i.target): i.weight for i in result.bundle.influences}
    assert weights == {("g::a", "boss"): 1.0, ("g::b", "g::a"): 0.25}  # 40 and 10, over 40
    warnings = _warnings(result)
    assert "group nodes read as departments, not people: Finance" in warnings
    assert "edge 'g' → 'Ann Lee' skipped: it joins a group" in warnings
    assert (
        "edge weights run from 10 to 40, outside 0..1: each was divided by the largest (40)"
        in warnings
    )


def _account(parallel: bool) -> AccountBundle:
    people = (
        person("a", "x", "王伟", title="CEO"),
        person("a", "y", "Ann", reports_to="x" if parallel else None),
    )
    links = (Influence(account_id="a", source="y", target="x", weight=0.3, kind="trust"),)
    return AccountBundle(account_id="a", stakeholders=people, influences=links)


@pytest.mark.parametrize("parallel", [False, True])
def test_our_graphml_export_reads_back_exactly(tmp_path: Path, parallel: bool) -> None:
    bundle = _account(parallel)
    graph = graph_of(bundle)
    text = graphml_text(graph)
    assert ('edge source="stakeholder:y" target="stakeholder:x" id="1"' in text) is parallel
    path = tmp_path / "a.graphml"
    path.write_text(text, encoding="utf-8")
    result = read_import(path, account_id="a")
    assert result.report.errors == []
    assert result.bundle is not None
    assert graph_of(result.bundle, graph.account) == graph
    line = ReportsTo(account_id="a", stakeholder="y", manager="x")
    assert (line in graph.reporting_lines) is parallel


def test_duplicate_ids_in_node_link_json_are_reported_like_csv_rows(tmp_path: Path) -> None:
    document = node_link(graph_of(_account(False)))
    document["nodes"].append(dict(document["nodes"][0], name="Someone else"))
    path = tmp_path / "a.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = read_import(path, account_id="a")
    assert result.bundle is None
    [error] = result.report.errors
    assert str(error) == "a.json: nodes[2]: duplicate stakeholder 'x' (first at nodes[0])"


def test_workbook_reading_is_independent_of_openpyxl_read_only_mode(tmp_path: Path) -> None:
    """The regression itself: openpyxl in read-only mode reads 1 column of a sheet that
    declares A1 (what WPS writes); our reader reads all of them."""
    from openpyxl import load_workbook

    path = _xlsx(tmp_path / "wps.xlsx", PEOPLE)  # type: ignore[arg-type]
    _patch_sheet(path, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml))
    sheet = load_workbook(path, read_only=True).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [["姓名"]]  # type: ignore[union-attr]
    assert len(_by_name(read_import(path, account_id="acme").bundle)) == 3
