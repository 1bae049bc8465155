"""Spreadsheets and CRM exports, as reps and admins actually hand them over."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from graph.vocabulary import Role, Stance
from importers.crm import CrmFormat, detect, full_name, roles_and_stance
from importers.formats import ImportFormat, read_import
from tests.factories import graph_of, hostile_org
from visualize.formats import bundle_files


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_bundle_with_chinese_headers_dates_and_numbers(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "客户.xlsx",
        {
            "stakeholders": [
                ["编号", "姓名", "职务", "角色", "态度", "上级"],
                ["zw", "张伟", "总经理", "决策者", "中立", None],
                ["ln", "李娜", "CIO", "技术评估者;教练", "支持者", "zw"],
                [7, "Seven", None, None, None, "张伟"],  # a numeric id, a manager named by name
            ],
            "influence": [["source", "target", "weight"], ["ln", "zw", 0.8]],
            "team": [["id", "name", "role"], ["rep-1", "刘洋", "销售"]],
            "relationships": [
                ["member", "stakeholder", "strength", "last_contact"],
                ["rep-1", "ln", 4, datetime(2026, 10, 1)],
            ],
            "Notes": [["anything"]],
        },
    )
    result = read_import(path, account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    assert people["ln"].roles == (Role.technical_evaluator, Role.coach)
    assert people["7"].reports_to == "zw"
    assert result.bundle.influences[0].weight == 0.8
    assert result.bundle.relationships[0].last_contact == date(2026, 10, 1)
    assert any("Notes" in warning and "skipped" in warning for warning in result.report.warnings)


def test_xlsx_errors_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "bad.xlsx",
        {"stakeholders": [["id", "name", "stance"], ["a", "A", "neutral"], ["b", "B", "很支持"]]},
    )
    result = read_import(path, account_id="acme")
    assert result.bundle is None
    error = result.report.errors[0]
    assert (error.file, error.row, error.column) == ("bad.xlsx [stakeholders]", 3, "stance")
    assert "支持者" in error.message  # the allowed values, with their Chinese labels


def test_a_one_sheet_workbook_is_a_stakeholders_list(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "list.xlsx", {"Sheet1": [["姓名", "部门"], ["王芳", "财务部"]]})
    result = read_import(path, account_id="acme")
    assert result.bundle is not None
    assert result.bundle.stakeholders[0].department == "财务部"


def test_a_workbook_without_stakeholders_or_a_broken_one_is_one_clear_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "two.xlsx", {"team": [["id", "name"]], "misc": [["x"]]})
    messages = [str(e) for e in read_import(path, account_id="acme").report.errors]
    assert messages == [
        "two.xlsx: has no sheet named stakeholders (the one a bundle needs); found: team, misc"
    ]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 definitely not a workbook")
    [error] = read_import(broken, account_id="acme").report.errors
    assert "is not a readable .xlsx workbook" in str(error)


def test_xlsx_round_trip_of_every_kind(tmp_path: Path) -> None:
    graph = hostile_org("acme")
    sheets = {}
    for name, text in bundle_files(graph).items():
        sheets[name.removesuffix(".csv")] = list(csv.reader(io.StringIO(text)))
    path = _workbook(tmp_path / "acme.xlsx", sheets)
    result = read_import(path, account_id="acme", format=ImportFormat.xlsx)
    assert result.report.errors == []
    assert result.bundle is not None
    assert graph_of(result.bundle, graph.account) == graph


SALESFORCE_API = """Id,FirstName,LastName,Title,Department,AccountId,ReportsToId,Email,Phone,Role
0035g00000AbCdEAA1,伟,王,总经理,总经办,0015g00000XyZ,,wang@example.cn,+86 10 1234,Decision Maker
0035g00000AbCdEAA2,Na,Li,CIO,信息中心,0015g00000XyZ,0035g00000AbCdEAA1,li@example.cn,,Technical Buyer;Evaluator
0035g00000AbCdEAA3,Hao,Sun,Engineer,信息中心,0015g00000XyZ,0035g00000AbCdEAA2,,,Business User
0035g00000AbCdEAA4,Min,Zhou,CFO,财务部,0015g00000XyZ,0035g00000AbCdEAA1,,,Economic Buyer
0035g00000AbCdEAA5,Lei,Feng,Advisor,,0015g00000XyZ,,,,Executive Sponsor;Other
"""

SALESFORCE_REPORT = """Contact ID,First Name,Last Name,Title,Account Name,Reports To,Email,Contact Role
C-1,Wei,Wang,General Manager,华东能源,,w@example.cn,Decision Maker
C-2,Na,Li,CIO,华东能源,Wei Wang,l@example.cn,Champion
C-3,Jun,Wu,Procurement,华东能源,Wei Wang,,Gatekeeper
"""

HUBSPOT = """Record ID,First Name,Last Name,Job Title,Email,Associated Company,Buying Role,Lifecycle Stage
101,Fang,Wang,Head of Finance,fw@example.cn,East China Energy,Budget Holder,Opportunity
102,Jie,Chen,CISO,cj@example.cn,East China Energy,Blocker,Opportunity
103,Yang,Liu,Analyst,ly@example.cn,East China Energy,Champion;End User,Lead
104,Ying,He,Counsel,hy@example.cn,East China Energy,Legal & Compliance,Lead
105,Tom,Lee,Intern,tl@example.cn,East China Energy,,Lead
"""


def _csv(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_salesforce_api_export(tmp_path: Path) -> None:
    result = read_import(_csv(tmp_path, "contacts.csv", SALESFORCE_API), account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    wang = people["0035g00000AbCdEAA1"]
    assert (wang.name, wang.title, wang.roles) == ("王伟", "总经理", (Role.decision_maker,))
    li = people["0035g00000AbCdEAA2"]
    assert li.name == "Na Li" and li.reports_to == wang.id
    assert li.roles == (Role.technical_evaluator,)
    assert people["0035g00000AbCdEAA3"].roles == (Role.user,)
    assert people["0035g00000AbCdEAA4"].roles == (Role.economic_buyer,)
    assert people["0035g00000AbCdEAA5"].roles == (Role.initiator,)
    assert "read as a salesforce contacts export" in " ".join(result.report.warnings)


def test_salesforce_report_labels_with_managers_by_name(tmp_path: Path) -> None:
    result = read_import(_csv(tmp_path, "report.csv", SALESFORCE_REPORT), account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    assert people["C-2"].reports_to == "C-1"  # "Wei Wang" is a unique name
    assert (people["C-2"].roles, people["C-2"].stance) == ((Role.coach,), Stance.champion)
    assert people["C-3"].roles == (Role.gatekeeper,)


def test_hubspot_export_with_gbk_encoding(tmp_path: Path) -> None:
    text = HUBSPOT.replace("Head of Finance", "财务总监")
    result = read_import(
        _csv(tmp_path, "hubspot.csv", text, "gbk"), account_id="acme", format=ImportFormat.hubspot
    )
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    assert (people["101"].title, people["101"].roles) == ("财务总监", (Role.economic_buyer,))
    assert (people["102"].roles, people["102"].stance) == ((), Stance.opponent)
    assert (people["103"].roles, people["103"].stance) == ((Role.user, Role.coach), Stance.champion)
    assert people["104"].roles == (Role.gatekeeper,)
    assert (people["105"].roles, people["105"].stance) == ((), Stance.neutral)


def test_an_unknown_crm_role_is_reported_with_its_row(tmp_path: Path) -> None:
    text = HUBSPOT.replace("Legal & Compliance", "Chief Wizard")
    result = read_import(_csv(tmp_path, "hubspot.csv", text), account_id="acme")
    assert result.bundle is None
    [error] = result.report.errors
    assert (error.row, error.column) == (5, "Buying Role")  # the column as in the file
    assert "Chief Wizard" in error.message and "decision_maker" in error.message


def test_detection_leaves_our_own_bundle_alone() -> None:
    assert detect(["id", "name", "title", "reports_to"]) is None
    assert detect(["编号", "姓名", "上级"]) is None
    assert detect(["Id", "FirstName", "LastName", "AccountId"]) is CrmFormat.salesforce
    assert detect(["Record ID", "First Name"]) is CrmFormat.hubspot


def test_names_and_roles() -> None:
    assert full_name("伟", "王") == "王伟"
    assert full_name("Wei", "Wang") == "Wei Wang"
    assert full_name("", "Wang") == "Wang"
    assert roles_and_stance("Champion; End User") == ("coach;user", "champion")
    assert roles_and_stance("decision maker;DECISION MAKER") == ("decision_maker", None)
    assert roles_and_stance("") == ("", None)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.lists(
            st.text(max_size=20) | st.integers() | st.floats(allow_nan=False) | st.none(),
            max_size=6,
        ),
        max_size=8,
    )
)
def test_no_workbook_content_crashes_the_reader(tmp_path: Path, rows: list[list[object]]) -> None:
    illegal = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"}
    cleaned = [
        [c if not isinstance(c, str) else "".join(ch for ch in c if ch not in illegal) for c in row]
        for row in rows
    ]
    path = _workbook(
        tmp_path / "fuzz.xlsx", {"stakeholders": [["id", "name", "stance", "reports_to"], *cleaned]}
    )
    result = read_import(path, account_id="acme")
    assert (result.bundle is None) == bool(result.report.errors)


def test_graphml_from_stakegraph_reads_back_people_links_and_relationships(tmp_path: Path) -> None:
    from graph.analysis.account import analyze_account
    from visualize.formats import graphml_text

    graph = hostile_org("acme")
    path = tmp_path / "acme.graphml"
    path.write_text(graphml_text(graph, analyze_account(graph)), encoding="utf-8")
    result = read_import(path, account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    # GraphML holds the graph, not the history: interactions, assessments, orders and
    # tickets stay behind
    expected = graph.model_copy(
        update={"interactions": (), "assessments": (), "orders": (), "tickets": ()}
    )
    assert graph_of(result.bundle, graph.account) == expected


YED = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="node" id="d7" attr.name="title" attr.type="string"/>
  <key for="edge" id="d9" attr.name="weight" attr.type="double"/>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d7">总经理</data>
      <data key="d6"><y:ShapeNode><y:NodeLabel>张伟</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n1"><data key="d6"><y:ShapeNode><y:NodeLabel>李娜</y:NodeLabel></y:ShapeNode></data></node>
    <node id="n2"/>
    <edge id="e0" source="n1" target="n0"><data key="d9">0.8</data></edge>
    <edge id="e1" source="n2" target="n0"/>
  </graph>
</graphml>
"""


def test_a_map_drawn_in_yed(tmp_path: Path) -> None:
    path = tmp_path / "drawn.graphml"
    path.write_text(YED, encoding="utf-8")
    result = read_import(path, account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    assert (people["n0"].name, people["n0"].title) == ("张伟", "总经理")
    assert people["n1"].name == "李娜" and people["n2"].name == "n2"
    weights = {(link.source, link.target): link.weight for link in result.bundle.influences}
    assert weights == {("n1", "n0"): 0.8, ("n2", "n0"): 0.5}
    assert "every node read as a stakeholder" in result.report.warnings[0]


def test_bad_graphml_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text("<graphml><graph><node id='a'/>", encoding="utf-8")
    [error] = read_import(path, account_id="acme").report.errors
    assert str(error).startswith("bad.graphml: is not a GraphML file stakegraph can read")
    negative = YED.replace('<data key="d9">0.8</data>', '<data key="d9">-3</data>')
    path.write_text(negative, encoding="utf-8")
    [error] = read_import(path, account_id="acme").report.errors
    assert "edge '李娜' → '张伟': weight -3.0 is not a number from 0 up" in str(error)


def test_long_files_report_progress(tmp_path: Path) -> None:
    rows = "".join(f"p{i},Person {i}\n" for i in range(12_001))
    path = _csv(tmp_path, "big.csv", "id,name\n" + rows)
    seen: list[tuple[str, int]] = []
    result = read_import(path, account_id="acme", progress=lambda name, n: seen.append((name, n)))
    assert result.bundle is not None and len(result.bundle.stakeholders) == 12_001
    assert seen == [("big.csv", 4_999), ("big.csv", 9_999)]


def test_mixed_chinese_and_english_headers_in_one_file(tmp_path: Path) -> None:
    text = (
        "ID,姓名, Job_Title ,部门,Reports To,角色,Stance,邮箱\n"
        "zw,张伟,GM,总经办,,决策者,neutral,zw@example.cn\n"
        "ln,李娜,CIO,信息中心,zw,Coach,支持者,\n"
    )
    result = read_import(_csv(tmp_path, "mixed.csv", text), account_id="acme")
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    people = {p.id: p for p in result.bundle.stakeholders}
    assert (people["zw"].title, people["zw"].email, people["zw"].roles) == (
        "GM",
        "zw@example.cn",
        (Role.decision_maker,),
    )
    assert (people["ln"].reports_to, people["ln"].roles, people["ln"].stance) == (
        "zw",
        (Role.coach,),
        Stance.supporter,
    )
