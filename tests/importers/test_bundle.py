"""Reading the canonical bundle: what reps type in their spreadsheets comes in, bad rows are named."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.vocabulary import Role, Stance
from importers.bundle import read_bundle

HEADER = "id,name,title,department,seniority,roles,stance,reports_to,email,phone,status,notes\n"


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_folder_bundle_reads_every_file(tmp_path: Path) -> None:
    write(
        tmp_path,
        "stakeholders.csv",
        HEADER + "a,Ann,CEO,,executive,decision_maker,neutral,,,,,\n"
        "b,Bo,CFO,,executive,economic_buyer,skeptic,a,,,,\n",
    )
    write(tmp_path, "influence.csv", "source,target,weight,kind\nb,a,0.8,authority\n")
    write(tmp_path, "team.csv", "id,name,role,email\nr1,Rep One,rep,\n")
    write(
        tmp_path,
        "relationships.csv",
        "member,stakeholder,strength,last_contact\nr1,a,3,2026-10-01\n",
    )
    result = read_bundle(tmp_path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    assert [p.id for p in result.bundle.stakeholders] == ["a", "b"]
    assert result.bundle.stakeholders[1].reports_to == "a"
    assert result.bundle.influences[0].weight == 0.8
    assert result.bundle.relationships[0].strength == 3
    assert result.report.rows == 5


def test_chinese_headers_and_values_in_a_gbk_file(tmp_path: Path) -> None:
    text = (
        "姓名,职务,部门,上级,角色,态度,级别\n"
        "张伟,总经理,总经办,,决策者,中立,高管\n"
        "李娜,架构师,信息中心,张伟,技术把关;教练,支持者,中层\n"
    )
    path = write(tmp_path, "客户名单.csv", text, encoding="gbk")
    result = read_bundle(path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    zhang, li = sorted(result.bundle.stakeholders, key=lambda p: p.name != "张伟")
    assert zhang.id == "张伟" and zhang.roles == (Role.decision_maker,)
    # 上级 names the manager by name; with no id column the name is the id.
    assert li.reports_to == "张伟"
    assert li.roles == (Role.technical_evaluator, Role.coach)
    assert li.stance is Stance.supporter


def test_utf8_bom_semicolons_and_quoted_newlines(tmp_path: Path) -> None:
    text = '\ufeffid;name;notes\nx;"O\'Brien, Pat";"line one\nline two"\ny;Zoë;\n'
    path = write(tmp_path, "stakeholders.csv", text)
    result = read_bundle(path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    assert result.bundle.stakeholders[0].name == "O'Brien, Pat"
    assert result.bundle.stakeholders[0].notes == "line one\nline two"


def test_every_bad_row_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    write(
        tmp_path,
        "stakeholders.csv",
        "id,name,态度,seniority\na,Ann,很支持,executive\nb,Bo,neutral,boss\nc,,neutral,\n",
    )
    result = read_bundle(tmp_path, account_id="acme")
    assert result.bundle is None
    lines = [str(error) for error in result.report.errors]
    assert lines[0].startswith(
        "stakeholders.csv row 2, column 态度: '很支持' is not a stance: "
        "did you mean supporter (支持)? use one of champion"
    )
    assert lines[1].startswith(
        "stakeholders.csv row 3, column seniority: 'boss' is not a seniority"
    )
    assert lines[2].startswith("stakeholders.csv row 4, column name:")
    assert len(lines) == 3


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", "id,name\na,Ann\nb,Bo\na,Another Ann\n")
    result = read_bundle(tmp_path, account_id="acme")
    assert [str(e) for e in result.report.errors] == [
        "stakeholders.csv row 4: duplicate 'a' (first on row 2)"
    ]


def test_a_folder_without_stakeholders_csv_says_what_it_found(tmp_path: Path) -> None:
    write(tmp_path, "people.csv", "id,name\na,Ann\n")
    result = read_bundle(tmp_path, account_id="acme")
    assert "has no stakeholders.csv" in str(result.report.errors[0])
    assert "people.csv" in str(result.report.errors[0])


def test_a_zip_bundle_is_read_and_a_path_escape_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "bundle.zip"
    with zipfile.ZipFile(good, "w") as archive:
        archive.writestr("export/stakeholders.csv", "id,name\na,Ann\n")
        archive.writestr("export/influence.csv", "source,target\na,a2\n")
    result = read_bundle(good, account_id="acme")
    assert result.report.errors == [] and result.bundle is not None
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../stakeholders.csv", "id,name\na,Ann\n")
    assert "path outside the bundle" in str(read_bundle(evil, account_id="acme").report.errors[0])


def test_binary_garbage_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "stakeholders.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert "not a text file" in str(read_bundle(path, account_id="acme").report.errors[0])


def test_formula_cells_are_kept_as_plain_text(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", 'id,name,notes\na,Ann,"=HYPERLINK(""http://x"",""y"")"\n')
    result = read_bundle(tmp_path, account_id="acme")
    assert result.bundle is not None
    assert result.bundle.stakeholders[0].notes == '=HYPERLINK("http://x","y")'


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=600) | st.text(max_size=600).map(str.encode))
def test_no_input_crashes_the_reader(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "stakeholders.csv"
    path.write_bytes(data)
    result = read_bundle(path, account_id="acme")
    # Either a valid bundle or at least one located error: never an exception, never both.
    assert (result.bundle is None) == bool(result.report.errors)


@pytest.mark.parametrize("name", ["demo"])
def test_the_shipped_demo_bundle_is_valid(name: str) -> None:
    folder = Path(__file__).resolve().parents[2] / "importers" / name
    result = read_bundle(folder, account_id="demo")
    assert result.report.errors == []
    assert result.bundle is not None and len(result.bundle.stakeholders) == 12


def test_skipped_columns_and_files_are_reported_as_warnings(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", "id,name,微信,Favourite colour\na,Ann,ann_wx,blue\n")
    write(tmp_path, "people.csv", "id,name\nb,Bo\n")
    result = read_bundle(tmp_path, account_id="acme")
    assert result.report.errors == [] and result.bundle is not None
    assert result.report.warnings == [
        "people.csv: skipped, not a bundle file (expected stakeholders.csv, influence.csv, team.csv, "
        "relationships.csv, interactions.csv, assessments.csv, orders.csv, tickets.csv, "
        "competitors.csv, deals.csv, committee.csv, bodies.csv, supervises.csv, competitor_ties.csv)",
        "stakeholders.csv: skipped unknown columns '微信', 'Favourite colour'",
    ]


def test_interaction_participants_may_be_named_with_any_list_separator(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", "id,name\nzw,张伟\nln,李娜\n")
    write(tmp_path, "interactions.csv", "date,stakeholders,type\n2026-10-01,张伟、李娜,拜访\n")
    result = read_bundle(tmp_path, account_id="acme")
    assert result.bundle is not None
    assert result.bundle.interactions[0].stakeholders == ("zw", "ln")


def test_orders_and_tickets_read_with_chinese_headers_and_values(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", "姓名,职务\n王伟,CFO\n李娜,Head of IT\n")
    write(
        tmp_path,
        "orders.csv",
        "订单号,下单日期,金额,产品,签约人\nPO-9,2026-05-04,120000,平台许可,王伟\n,2026-08-01,800.5,服务,\n",
    )
    write(
        tmp_path,
        "tickets.csv",
        "工单号,日期,严重程度,状态,标题\nT-1,2026-10-02,紧急,处理中,同步失败\nT-2,2026-06-01,低,已解决,\n",
    )
    result = read_bundle(tmp_path, account_id="acme")
    assert result.report.errors == [] and result.bundle is not None
    orders = {o.id: o for o in result.bundle.orders}
    assert orders["PO-9"].amount == 120000.0 and orders["PO-9"].stakeholder == "王伟"
    assert orders["PO-9"].product == "平台许可"
    (derived,) = [o for o in result.bundle.orders if o.id != "PO-9"]
    assert derived.id.startswith("o-") and derived.stakeholder is None and derived.amount == 800.5
    tickets = {t.id: (t.severity.value, t.status.value, t.subject) for t in result.bundle.tickets}
    assert tickets == {"T-1": ("critical", "open", "同步失败"), "T-2": ("low", "closed", "")}


def test_bad_order_and_ticket_rows_are_named_by_row_and_column(tmp_path: Path) -> None:
    write(tmp_path, "stakeholders.csv", "id,name\na,Ann\n")
    write(tmp_path, "orders.csv", "date,amount\n2026-05-04,-5\nnot a date,10\n")
    write(tmp_path, "tickets.csv", "date,severity\n2026-05-04,apocalyptic\n")
    result = read_bundle(tmp_path, account_id="acme")
    assert result.bundle is None
    located = {(e.file, e.row, e.column) for e in result.report.errors}
    assert located == {
        ("orders.csv", 2, "amount"),
        ("orders.csv", 3, "date"),
        ("tickets.csv", 2, "severity"),
    }
    (severity,) = [e for e in result.report.errors if e.column == "severity"]
    assert "low, medium, high, critical" in severity.message
