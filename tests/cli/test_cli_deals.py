"""`analyze --deal` and `pipeline` as a user runs them, on a SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from graph.store.sqlite import SQLiteStore
from tests.factories import bundle_of, hospital


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", "--store", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "deals.db"
    store = SQLiteStore(path)
    graph = hospital()
    store.bulk_upsert(bundle_of(graph), create=graph.account)
    store.close()
    return path


def test_pipeline_json_lists_every_open_deal_with_its_stage_and_score(db: Path) -> None:
    done = run(db, "pipeline", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)["open"]
    assert {(r["deal"], r["stage"]) for r in rows} == {("his", "solution"), ("ct", "evaluation")}
    # ct: met 1 (decision process) + partial 5 · 0.5 = 3.5 / 8
    assert next(r for r in rows if r["deal"] == "ct")["qualification"] == pytest.approx(0.4375)
    assert all(0.0 <= r["qualification"] <= 1.0 for r in rows)
    text = run(db, "pipeline", "--lang", "zh")
    assert text.returncode == 0 and "64排CT设备采购" in text.stdout and "资格" in text.stdout


def test_analyze_a_deal_by_name_in_both_languages(db: Path) -> None:
    done = run(db, "analyze", "renhe", "--deal", "64排CT设备采购", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["deal"]["id"] == "ct"
    assert [p["id"] for p in document["people"]][:3] == ["wang", "qian", "li"]
    zh = run(db, "analyze", "renhe", "--deal", "ct", "--lang", "zh")
    assert "评标委员会 7 名成员中我方认识 2 名" in zh.stdout
    assert "审批者" in zh.stdout


def test_unknown_deal_and_bad_sort_are_one_line_errors(db: Path) -> None:
    missing = run(db, "analyze", "renhe", "--deal", "nope")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "stakegraph: no deal 'nope' in account 'renhe'"
    bad = run(db, "pipeline", "--sort", "colour")
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1


def test_analyze_a_deal_as_it_was(db: Path) -> None:
    # Everything was written today: at the end of today the deal is as it is now;
    # the analysis is judged on that day.
    today = date.today().isoformat()
    done = run(db, "analyze", "renhe", "--deal", "ct", "--as-of", today, "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["as_of"] == today
    before = run(db, "analyze", "renhe", "--deal", "ct", "--as-of", "2001-01-01")
    assert before.returncode == 1  # the account had no deal then
    assert before.stderr.startswith("stakegraph: ") and len(before.stderr.splitlines()) == 1


def test_export_the_map_of_one_deal(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "ct.html"
    done = run(db, "export", "renhe", "--format", "html", "--deal", "64排CT设备采购",
               "--output", str(target), "--lang", "zh")
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert '"deal":"ct"' in html and "评标委员会 · 已知 2/7" in html
    svg = run(db, "export", "renhe", "--format", "svg", "--deal", "his", "--output", "-")
    assert svg.returncode == 0 and "院长办公会 · 2/3 known" in svg.stdout
    assert "评标委员会" not in svg.stdout  # it decides the CT tender only
    wrong = run(db, "export", "renhe", "--format", "csv", "--deal", "ct",
                "--output", str(tmp_path / "bundle"))
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == "stakegraph: --deal: only the maps (html, svg, png) show one deal"
