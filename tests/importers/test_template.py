"""The import template: a sheet per bundle file, headers in the chosen language (names
the importer accepts), drop-down lists of the allowed values, an example row; written
by `stakegraph template` and imported back to exactly its example."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from api.services.importing import import_file
from graph.model import Account
from graph.store.sqlite import SQLiteStore
from graph.vocabulary import Language
from importers.aliases import fold_header, header_map
from importers.bundle import read_bundle
from importers.template import example_bundle, template_xlsx
from tests.cli.test_cli import run
from tests.factories import graph_of


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_template_imports_back_to_its_example_without_a_warning(
    tmp_path: Path, lang: Language
) -> None:
    path = tmp_path / f"template-{lang}.xlsx"
    path.write_bytes(template_xlsx(lang))
    result = read_bundle(path, account_id="example")
    assert (result.report.errors, result.report.warnings) == ([], [])
    assert result.bundle == example_bundle(lang)

    store = SQLiteStore(tmp_path / "store.db")
    report = import_file(
        store, path, account_id="example", new_account=Account(id="example", name="Example")
    )
    assert report.errors == [] and report.created == 15  # 2 people + 1 of each of the 13 other kinds
    assert store.account_graph("example") == graph_of(
        example_bundle(lang), Account(id="example", name="Example")
    )
    store.close()


def test_chinese_headers_sheets_and_drop_downs_are_the_words_the_importer_reads(
    tmp_path: Path,
) -> None:
    workbook = load_workbook(_written(tmp_path, "zh"))
    assert workbook.sheetnames == [
        "联系人",
        "影响关系",
        "我方团队",
        "我方关系",
        "互动",
        "关系评估",
        "订单",
        "工单",
        "竞争对手",
        "商机",
        "采购决策小组",
        "决策机构",
        "分管",
        "竞争对手关系",
    ]
    people = workbook["联系人"]
    headers = [cell.value for cell in people[1]]
    assert headers[:3] == ["编号", "姓名", "职务"] and "态度" in headers
    assert all(fold_header(h) in header_map("stakeholders") for h in headers)
    assert [cell.value for cell in people[2]][1:3] == ["张建国", "总经理"]
    lists = {str(v.sqref).split(":")[0]: v for v in people.data_validations.dataValidation}
    stance = lists[f"{chr(ord('A') + headers.index('态度'))}2"]
    assert stance.formula1 == '"拥护者,支持者,中立,怀疑者,反对者"' and stance.showErrorMessage
    roles = lists[f"{chr(ord('A') + headers.index('角色'))}2"]
    assert "决策者" in roles.formula1 and not roles.showErrorMessage  # several, ';'-separated
    tickets = workbook["工单"]
    assert [cell.value for cell in tickets[2]][2:4] == ["高", "未解决"]


def test_the_cli_writes_the_template_and_refuses_another_suffix(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    done = run(sqlite_store, "template", "--output", str(tmp_path / "t.xlsx"), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert load_workbook(tmp_path / "t.xlsx").sheetnames[0] == "联系人"
    refused = run(sqlite_store, "template", "--output", str(tmp_path / "t.csv"))
    assert refused.returncode == 1
    assert refused.stderr == "stakegraph: t.csv: the template is written as .xlsx\n"


def _written(tmp_path: Path, lang: Language) -> Path:
    path = tmp_path / f"template-{lang}.xlsx"
    path.write_bytes(template_xlsx(lang))
    return path
