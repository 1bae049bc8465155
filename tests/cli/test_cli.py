"""The `stakegraph` command as a user runs it: exit codes, one-line errors, nothing half-written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import Account, Stakeholder
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from graph.users import User, token_hash
from tests.conftest import NEO4J_PASSWORD, NEO4J_URL, NEO4J_USER


def store_url(store: GraphStore) -> str:
    if isinstance(store, SQLiteStore):
        return f"sqlite:///{store.path}"
    assert isinstance(store, Neo4jStore)
    return NEO4J_URL


def run(store: GraphStore, *args: str) -> subprocess.CompletedProcess[str]:
    return run_with(store, {}, *args)


def run_with(
    store: GraphStore, env: dict[str, str], *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api", "--store", store_url(store), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NEO4J_USER": NEO4J_USER, "NEO4J_PASSWORD": NEO4J_PASSWORD, **env},
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
    assert "\r" not in done.stderr  # no progress line when stderr is not a terminal
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
    assert "0 new, 0 updated, 81 unchanged" in again.stdout
    listed = run(sqlite_store, "accounts")
    assert "12 stakeholders" in listed.stdout


def test_analyze_prints_key_people_gaps_and_five_actions(sqlite_store: SQLiteStore) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    done = run(sqlite_store, "analyze", "demo")
    assert done.returncode == 0, done.stderr
    assert "key people" in done.stdout and "gaps:" in done.stdout
    actions = done.stdout.split("top actions:")[1].strip().splitlines()
    assert len(actions) == 5 and actions[0].startswith("1. ")


def test_analyze_in_chinese_prints_chinese_headings_and_sentences(
    sqlite_store: SQLiteStore,
) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    done = run(sqlite_store, "analyze", "demo", "--lang", "zh")
    assert done.returncode == 0, done.stderr
    assert "关键人物" in done.stdout and "缺口：" in done.stdout and "优先行动：" in done.stdout
    actions = done.stdout.split("优先行动：")[1].strip().splitlines()
    assert len(actions) == 5 and all("覆盖" in action for action in actions)
    route = run(sqlite_store, "path", "demo", "--to", "qian-li", "--lang", "zh")
    assert "（强度" in route.stdout
    wrong = run(sqlite_store, "analyze", "demo", "--lang", "fr")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr


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
    (path / "contracts.csv").write_text("date,amount\n", encoding="utf-8")
    done = run(sqlite_store, "import", str(path), "--account", "acme")
    assert done.returncode == 0, done.stderr
    assert "stakegraph: warning: stakeholders.csv: skipped unknown columns 'wechat'" in done.stderr
    assert "stakegraph: warning: contracts.csv: skipped, not a bundle file" in done.stderr


def test_export_every_format_and_csv_reimports(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    magic = {
        "html": b"<!DOCTYPE html>",
        "svg": b"<svg",
        "png": b"\x89PNG",
        "graphml": b"<?xml",
        "gexf": b"<?xml",
        "json": b"{",
        "cypher": b"//",
    }
    for format, start in magic.items():
        out = tmp_path / f"demo.{format}"
        done = run(
            sqlite_store, "export", "demo", "--format", format, "--output", str(out), "--lang", "zh"
        )
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(start), format
        assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # not private like a temp file
    folder = tmp_path / "bundle"
    assert (
        run(sqlite_store, "export", "demo", "--format", "csv", "--output", str(folder)).returncode
        == 0
    )
    again = run(sqlite_store, "import", str(folder), "--account", "demo")
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 updated" in again.stdout
    # a non-empty folder is not overwritten
    refused = run(sqlite_store, "export", "demo", "--format", "csv", "--output", str(folder))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "not empty" in refused.stderr


def test_user_add_prints_a_token_once_and_stores_only_its_hash(sqlite_store: SQLiteStore) -> None:
    done = run(sqlite_store, "user", "add", "liu", "--role", "rep", "--name", "刘洋")
    assert done.returncode == 0, done.stderr
    token, link = done.stdout.splitlines()
    assert len(token) >= 40
    assert link == f"http://127.0.0.1:8000/signin#token={token}"
    assert sqlite_store.user_for_token(token_hash(token)) == User(id="liu", name="刘洋", role="rep")
    files = [sqlite_store.path, Path(f"{sqlite_store.path}-wal")]
    raw = b"".join(path.read_bytes() for path in files if path.exists())
    assert token_hash(token).encode() in raw  # the hash is there (the check can see the file) …
    assert token.encode() not in raw  # … the token is not
    assert run(sqlite_store, "user", "add", "liu").returncode == 1
    listed = run(sqlite_store, "user", "list")
    assert listed.stdout == "liu\trep\t刘洋\tactive\n"
    assert token not in listed.stdout
    bad_role = run(sqlite_store, "user", "add", "x", "--role", "king")
    assert bad_role.returncode == 2


def test_serve_creates_the_first_admin_and_prints_a_working_sign_in_link(
    sqlite_store: SQLiteStore,
) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api",
            "--store",
            store_url(sqlite_store),
            "serve",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        lines = [server.stdout.readline() for _ in range(3)]
        link = next(line.strip() for line in lines if "/signin#token=" in line)
        assert link.startswith(f"http://127.0.0.1:{port}/signin#token=")
        token = link.split("#token=", 1)[1]
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/api/v1/me",
                    headers={"Authorization": f"Bearer {token}"},
                )
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "serve did not start listening"
                time.sleep(0.1)
        assert answer.json() == {
            "id": "admin",
            "name": "Administrator",
            "role": "admin",
            "active": True,
        }
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/me").status_code == 401
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert token not in stderr  # no log line carries the token


def test_check_exits_1_and_names_each_problem(sqlite_store: SQLiteStore) -> None:
    import sqlite3 as sqlite

    assert run(sqlite_store, "demo").returncode == 0
    clean = run(sqlite_store, "check")
    assert clean.returncode == 0 and clean.stdout == "checked 1 accounts: no problems\n"
    with sqlite.connect(sqlite_store.path) as db:
        db.execute(
            "DELETE FROM stakeholders WHERE account_id = 'demo' AND key = ?",
            (json.dumps(["zhao-gang"]),),
        )
    broken = run(sqlite_store, "check")
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert lines and all(line.startswith("demo: ") for line in lines)
    assert any("'zhao-gang' is not a stakeholder" in line for line in lines)


def test_backup_then_restore_into_a_new_store(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    backup = tmp_path / "backup.json"
    done = run(sqlite_store, "backup", "--output", str(backup))
    assert done.returncode == 0, done.stderr
    target = SQLiteStore(tmp_path / "moved.db")
    restored = run(target, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("restored 1 accounts and 1 users")  # the demo's rep liu
    assert target.account_graph("demo") == sqlite_store.account_graph("demo")
    again = run(target, "restore", str(backup))
    assert again.returncode == 1 and "restore needs an empty store" in again.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{nope", encoding="utf-8")
    bad = run(SQLiteStore(tmp_path / "third.db"), "restore", str(garbage))
    assert bad.returncode == 1 and bad.stderr.count("\n") == 1


def test_history_and_diff(sqlite_store: SQLiteStore) -> None:
    env_actor = {"STAKEGRAPH_ACTOR": "cli:tester"}
    assert run_with(sqlite_store, env_actor, "demo").returncode == 0
    history = run(sqlite_store, "history", "demo")
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert any("cli:tester: created stakeholder 赵刚" in line for line in lines)  # by name
    as_json = json.loads(run(sqlite_store, "history", "demo", "--json").stdout)
    assert {change["actor"] for change in as_json} == {"cli:tester"}
    diff = run(sqlite_store, "diff", "demo", "--from", "2000-01-01", "--to", "2999-01-01")
    assert diff.returncode == 0, diff.stderr
    assert "赵刚 joined the map (总经理 General Manager)" in diff.stdout
    before = run(sqlite_store, "analyze", "demo", "--as-of", "2000-01-01", "--json")
    assert json.loads(before.stdout)["stakeholders"] == []
    bad = run(sqlite_store, "diff", "demo", "--from", "last tuesday", "--to", "2026-01-01")
    assert bad.returncode == 1 and "--from: 'last tuesday' is not a date" in bad.stderr


def test_terminal_control_sequences_in_user_text_are_printed_escaped(
    store: GraphStore, tmp_path: Path
) -> None:
    """Text that would reorder a line, set the window title or clear the admin's screen.

    Control characters are refused at input (graph/text.py), so they reach the CLI in
    what it did not store: file names; bidi overrides are allowed text."""
    hostile = "Acme \u202eevil\u2066"
    store.upsert_account(Account(id="acme", name=hostile))
    listed = run(store, "accounts")
    assert listed.returncode == 0, listed.stderr
    assert "\u202e" not in listed.stdout and "\u2066" not in listed.stdout
    assert "Acme \\u202eevil\\u2066" in listed.stdout
    as_json = run(store, "accounts", "--json")
    assert "\u202e" not in as_json.stdout
    assert json.loads(as_json.stdout)[0]["account"]["name"] == hostile  # the same text

    named = tmp_path / "people\x1b]0;pwned\x07\x1b[2J.csv"
    named.write_text("id,name\na,\n", encoding="utf-8")  # a person without a name
    failed = run(store, "import", str(named), "--account", "acme")
    assert failed.returncode == 1
    assert "\x1b" not in failed.stderr and "\x07" not in failed.stderr
    assert "people\\u001b]0;pwned\\u0007\\u001b[2J.csv" in failed.stderr


def test_path_and_whatif_take_a_unique_name_and_suggest_close_ones(
    sqlite_store: SQLiteStore,
) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    by_id = json.loads(run(sqlite_store, "path", "demo", "--to", "qian-li", "--json").stdout)
    by_name = run(sqlite_store, "path", "demo", "--to", "钱丽", "--json")
    assert by_name.returncode == 0, by_name.stderr
    assert json.loads(by_name.stdout) == by_id
    removed = run(sqlite_store, "whatif", "demo", "--remove", "钱丽", "--json")
    assert removed.returncode == 0, removed.stderr
    assert json.loads(removed.stdout)["removed"] == "qian-li"
    wrong = run(sqlite_store, "path", "demo", "--to", "钱立")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "no stakeholder '钱立'" in wrong.stderr and "钱丽 (id 'qian-li')" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1


def test_analyze_and_portfolio_print_coverage_as_a_percent_and_json_keeps_a_share(
    sqlite_store: SQLiteStore,
) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    share = json.loads(run(sqlite_store, "analyze", "demo", "--json").stdout)["coverage"]["score"]
    assert 0 < share < 1
    report = run(sqlite_store, "analyze", "demo").stdout
    assert f"coverage {round(share * 100)}%" in report
    table = run(sqlite_store, "portfolio").stdout
    demo_row = next(line for line in table.splitlines() if line.startswith("demo "))
    assert demo_row.split()[1] == f"{round(share * 100)}%"
    assert "mean coverage " in table and re.search(r"mean coverage \d+%", table)


def test_portfolio_and_whatif_in_chinese_have_no_english_headings_or_codes(
    sqlite_store: SQLiteStore,
) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    table = run(sqlite_store, "portfolio", "--lang", "zh").stdout
    heading, demo_row = table.splitlines()[:2]
    assert heading.split()[:4] == ["客户", "覆盖率", "健康度", "风险"]
    level = json.loads(run(sqlite_store, "portfolio", "--json").stdout)["accounts"][0]["risk"]
    assert {"high": "高", "medium": "中", "low": "低"}[level] in demo_row.split()
    for english in ("account", "coverage", "rep ", " high risk", "single-threaded", " yes", " no"):
        assert english not in table
    assert "销售 liu：1 个客户" in table  # the demo's owner is the user liu
    removed = run(sqlite_store, "whatif", "demo", "--remove", "刘洋", "--lang", "zh").stdout
    assert "opens:" not in removed and "closes:" not in removed
    assert "  新增缺口：" in removed


def test_an_export_to_a_terminal_never_writes_raw_bytes_or_controls(
    sqlite_store: SQLiteStore,
) -> None:
    """Found by an attack review: `export --output -` on a terminal wrote PNG bytes (BEL,
    ESC …) and names with bidi overrides as they were. Into a pipe it stays exact."""
    import pty

    sqlite_store.upsert_account(Account(id="acme", name="Evil\u202eName"))

    def on_a_terminal(*args: str) -> tuple[int, bytes]:
        leader, follower = pty.openpty()
        done = subprocess.run(
            [sys.executable, "-m", "api", "--store", store_url(sqlite_store), *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        return done.returncode, shown + done.stderr

    code, shown = on_a_terminal("export", "acme", "--format", "png", "--output", "-")
    assert code == 1 and b"binary" in shown and b"\x89PNG" not in shown
    code, shown = on_a_terminal("export", "acme", "--format", "json", "--output", "-")
    assert code == 0 and "\u202e".encode() not in shown and b"\\u202e" in shown
    piped = subprocess.run(
        [sys.executable, "-m", "api", "--store", store_url(sqlite_store),
         "export", "acme", "--format", "json", "--output", "-"],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert json.loads(piped.stdout)["graph"]["account"]["name"] == "Evil\u202eName"


def test_undo_reverts_a_write_from_the_history_and_says_what_it_did(
    sqlite_store: SQLiteStore,
) -> None:
    assert run(sqlite_store, "demo").returncode == 0
    removed = sqlite_store.delete(Stakeholder, "demo", ("qian-li",))
    history = run(sqlite_store, "history", "demo").stdout
    assert f"v{removed.version} system: deleted stakeholder 钱丽" in history
    done = run(sqlite_store, "undo", "demo", str(removed.version))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"undid v{removed.version} of 'demo': ")
    assert "qian-li" in sqlite_store.account_graph("demo").stakeholder_by_id
    stale = run(sqlite_store, "undo", "demo", str(removed.version))
    assert stale.returncode == 1 and stale.stderr.count("\n") == 1
    assert "has changed since" in stale.stderr
