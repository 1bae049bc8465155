"""`stakegraph import` on files in the shapes real tools write (issue 17): exit codes,
what a dry run would write, one-line errors with row and column, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import GraphStore
from tests.cli.test_cli import run

CASES = Path(__file__).resolve().parents[3] / "shared" / "cases"
needs_cases = pytest.mark.skipif(not CASES.is_dir(), reason="no ../shared/cases beside the repo")


def import_dry_run(tmp_path: Path, path: Path) -> subprocess.CompletedProcess[str]:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "api",
            "--store",
            url,
            "import",
            str(path),
            "--account",
            "acme",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


@needs_cases
@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("files/01-wps-dimension-a1.xlsx", 3),
        ("files/02-merged-department.xlsx", 4),
        ("files/03-title-row-above-header.xlsx", 2),
        ("files/04-linkedin-connections.csv", 2),
        ("files/06a-salesforce-report-15char.csv", 3),
        ("files/06b-salesforce-dataloader-18char.csv", 3),
        ("files/07-salesforce-reportsto-email.csv", 2),
        ("files/09-yed-orgchart-groups.graphml", 5),  # 3 people, 2 links: the group is no one
        ("files/10-gephi-export-weights.graphml", 6),  # 3 people, 3 links
        ("files/11-zh-excel-dates", 6),  # 2 people, 1 member, 2 relationships, 1 visit
        ("files/17-salesforce-opportunity-contact-roles.csv", 7),  # 2 people, 2 deals, 3 seats
        ("hostile/ten_dimA1B3.xlsx", 10),
    ],
)
def test_each_shared_file_imports_in_a_dry_run(tmp_path: Path, name: str, written: int) -> None:
    done = import_dry_run(tmp_path, CASES / name)
    assert done.returncode == 0, done.stderr
    assert f"would write {written} new, 0 updated" in done.stdout
    assert "Traceback" not in done.stderr


@needs_cases
def test_the_billion_laughs_sheet_is_one_line_exit_1(tmp_path: Path) -> None:
    done = import_dry_run(tmp_path, CASES / "hostile" / "lol_sheet.xlsx")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("stakegraph: lol_sheet.xlsx: ") and "entities" in lines[0]
    assert lines[1:] == ["stakegraph: nothing was written (1 problem)"]


def test_an_unknown_manager_is_named_by_row_and_column_with_the_other_problems(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "stakeholders.csv").write_text("编号,姓名,直属领导,最近联系\na,Ann,,\nb,Bo,zed,\n")
    (folder / "relationships.csv").write_text(
        "member,stakeholder,strength,last_contact\nme,a,3,03/05/2024\n"
    )
    done = import_dry_run(tmp_path, folder)
    assert done.returncode == 1
    assert "relationships.csv row 2, column last_contact: '03/05/2024' is ambiguous" in done.stderr
    (folder / "relationships.csv").unlink()
    done = import_dry_run(tmp_path, folder)
    assert done.returncode == 1
    assert (
        "stakegraph: stakeholders.csv row 3, column 直属领导: 'zed' is not a stakeholder "
        "in this import or in the account"
    ) in done.stderr
    assert "Traceback" not in done.stderr


def test_a_salesforce_report_then_data_loader_updates_the_same_people(
    store: GraphStore, tmp_path: Path
) -> None:
    report = tmp_path / "report.csv"
    report.write_text(
        "Contact ID,First Name,Last Name,Title,Account Name,Reports To\n"
        "0035g00000AbCdE,Hua,Li,CEO,Example,\n"
        "0035g00000AbCdF,Qiang,Zhou,CIO,Example,Hua Li\n"
    )
    loader = tmp_path / "loader.csv"
    loader.write_text(
        "ID,ACCOUNTID,FIRSTNAME,LASTNAME,TITLE,REPORTSTOID,EMAIL\n"
        "0035g00000AbCdEAAV,001x,Hua,Li,CEO,,hua@example.com\n"
        "0035g00000AbCdFAAV,001x,Qiang,Zhou,CTO,0035g00000AbCdEAAV,q@example.com\n"
    )
    first = run(store, "import", str(report), "--account", "acme")
    assert first.returncode == 0, first.stderr
    assert "2 new" in first.stdout
    second = run(store, "import", str(loader), "--account", "acme")
    assert second.returncode == 0, second.stderr
    assert "0 new, 2 updated" in second.stdout
    people = {p.id: p for p in store.account_graph("acme").stakeholders}
    assert set(people) == {"0035g00000AbCdEAAV", "0035g00000AbCdFAAV"}
    zhou = people["0035g00000AbCdFAAV"]
    assert (zhou.title, zhou.reports_to, zhou.email) == (
        "CTO",
        "0035g00000AbCdEAAV",
        "q@example.com",
    )
