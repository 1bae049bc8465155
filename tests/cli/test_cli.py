"""The `stakegraph` command as a user runs it: exit codes, one-line errors, nothing half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from tests.conftest import NEO4J_PASSWORD, NEO4J_URL, NEO4J_USER


def store_url(store: GraphStore) -> str:
    if isinstance(store, SQLiteStore):
        return f"sqlite:///{store.path}"
    assert isinstance(store, Neo4jStore)
    return NEO4J_URL


def run(store: GraphStore, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_USER": NEO4J_USER, "NEO4J_PASSWORD": NEO4J_PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "api", "--store", store_url(store), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def bundle(folder: Path, stakeholders: str, influence: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stakeholders.csv").write_text(stakeholders, encoding="utf-8")
    if influence is not None:
        (folder / "influence.csv").write_text(influence, encoding="utf-8")
    return folder


def test_import_then_export_json(store: GraphStore, tmp_path: Path) -> None:
    path = bundle(
        tmp_path / "b",
        "id,name,角色\nzw,张伟,决策者\nln,李娜,教练\n",
        "source,target,weight\nln,zw,0.7\n",
    )
    done = run(store, "import", str(path), "--account", "acme")
    assert done.returncode == 0, done.stderr
    assert "3 new" in done.stdout
    out = tmp_path / "acme.json"
    done = run(store, "export", "acme", "--format", "json", "--output", str(out))
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    names = {node["name"] for node in document["nodes"]}
    assert names == {"张伟", "李娜"}
    assert document["links"] == [
        {
            "account_id": "acme",
            "source": "stakeholder:ln",
            "target": "stakeholder:zw",
            "weight": 0.7,
            "kind": "advice",
            "type": "influences",
        }
    ]


def test_import_with_a_bad_row_writes_nothing_and_names_row_and_column(
    store: GraphStore, tmp_path: Path
) -> None:
    good = bundle(tmp_path / "good", "id,name\na,Ann\n")
    assert run(store, "import", str(good), "--account", "acme").returncode == 0
    before = store.account_graph("acme")
    bad = bundle(tmp_path / "bad", "id,name,stance\nb,Bo,neutral\nc,Cy,很支持\nd,Di,opponent\n")
    done = run(store, "import", str(bad), "--account", "acme")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(
        "stakegraph: stakeholders.csv row 3, column stance: '很支持' is not a stance"
    )
    assert "nothing was written" in done.stderr
    assert store.account_graph("acme") == before


def test_a_bad_reference_across_files_writes_nothing_not_even_the_new_account(
    store: GraphStore, tmp_path: Path
) -> None:
    bad = bundle(tmp_path / "bad", "id,name\na,Ann\n", "source,target\na,ghost\n")
    done = run(store, "import", str(bad), "--account", "fresh")
    assert done.returncode == 1
    assert "'ghost' is not a stakeholder" in done.stderr
    assert [s.account.id for s in store.list_accounts()] == []


def test_dry_run_reports_counts_and_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    path = bundle(tmp_path / "b", "id,name\na,Ann\nb,Bo\n")
    done = run(store, "import", str(path), "--account", "acme", "--dry-run", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["created"], report["written"], report["errors"]) == (2, False, [])
    assert store.list_accounts() == []


def test_unknown_account_is_exit_1_with_one_line(store: GraphStore, tmp_path: Path) -> None:
    done = run(store, "export", "nope", "--format", "json", "--output", str(tmp_path / "x.json"))
    assert done.returncode == 1
    assert done.stderr.strip() == "stakegraph: account 'nope' does not exist"
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    "args",
    [["import"], ["export", "acme", "--format", "pdf", "--output", "x"], ["no-such-command"]],
)
def test_usage_errors_exit_2(sqlite_store: SQLiteStore, args: list[str]) -> None:
    assert run(sqlite_store, *args).returncode == 2


def test_an_unreachable_neo4j_is_one_line_exit_1(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api", "--store", "neo4j://127.0.0.1:1", "accounts"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("stakegraph: Neo4j at neo4j://127.0.0.1:1 is unavailable")
    assert len(done.stderr.strip().splitlines()) == 1


def test_demo_loads_and_reloads_without_changes(sqlite_store: SQLiteStore) -> None:
    first = run(sqlite_store, "demo")
    assert first.returncode == 0, first.stderr
    again = run(sqlite_store, "demo")
    assert "0 new, 0 updated, 48 unchanged" in again.stdout
    listed = run(sqlite_store, "accounts")
    assert "12 stakeholders" in listed.stdout


def test_analyze_prints_key_people_gaps_and_five_actions(sqlite_store: SQLiteStore) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    done = run(sqlite_store, "analyze", "demo")
    assert done.returncode == 0, done.stderr
    assert "key people" in done.stdout and "gaps:" in done.stdout
    actions = done.stdout.split("top actions:")[1].strip().splitlines()
    assert len(actions) == 5 and actions[0].startswith("1. ")


def test_analyze_json_path_whatif_and_portfolio(sqlite_store: SQLiteStore) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    document = json.loads(run(sqlite_store, "analyze", "demo", "--json").stdout)
    assert document["key_decision_makers"][0] == document["stakeholders"][0]["id"]
    route = json.loads(run(sqlite_store, "path", "demo", "--to", "qian-li", "--json").stdout)
    assert route["hops"][0]["kind"] == "relationship" and route["hops"][-1]["target"] == "qian-li"
    outcome = json.loads(
        run(sqlite_store, "whatif", "demo", "--remove", "rep-liu", "--json").stdout
    )
    assert outcome["coverage_after"] < outcome["coverage_before"]
    overview = json.loads(run(sqlite_store, "portfolio", "--json").stdout)
    assert [row["account"] for row in overview["accounts"]] == ["demo"]
    missing = run(sqlite_store, "path", "demo", "--to", "nobody")
    assert missing.returncode == 1 and "no stakeholder 'nobody'" in missing.stderr


def test_import_warns_on_stderr_about_what_it_skipped(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    path = bundle(tmp_path / "b", "id,name,wechat\na,Ann,ann\n")
    (path / "tickets.csv").write_text("date,severity,status\n", encoding="utf-8")
    done = run(sqlite_store, "import", str(path), "--account", "acme")
    assert done.returncode == 0, done.stderr
    assert "stakegraph: warning: stakeholders.csv: skipped unknown columns 'wechat'" in done.stderr
    assert (
        "stakegraph: warning: tickets.csv: skipped, this version does not import it yet"
        in done.stderr
    )
