"""Offboarding and erasure from the command line: one-line errors, exit codes, and a
backup made after `forget` that no longer holds the person."""

from __future__ import annotations

import json
from pathlib import Path

from graph.model import Account
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.cli.test_cli import run
from tests.factories import person, small_org


def test_user_commands_offboard_a_rep(sqlite_store: SQLiteStore) -> None:
    token = new_token()
    sqlite_store.add_user(User(id="admin", role=UserRole.admin), token_hash(new_token()))
    sqlite_store.add_user(User(id="liu", name="刘洋"), token_hash(token))
    sqlite_store.add_user(User(id="wu"), token_hash(new_token()))
    sqlite_store.upsert_account(Account(id="acme", name="Acme", owner="liu", team=("liu",)))

    refused = run(sqlite_store, "user", "deactivate", "liu")
    assert (refused.returncode, refused.stderr) == (
        1,
        "stakegraph: user 'liu' owns accounts 'acme': name a new owner for them\n",
    )
    done = run(sqlite_store, "user", "deactivate", "liu", "--owner", "wu")
    assert done.returncode == 0, done.stderr
    assert "accounts acme now belong to 'wu'" in done.stderr
    assert sqlite_store.user_for_token(token_hash(token)) is None
    assert sqlite_store.get_account("acme").owner == "wu"
    listed = run(sqlite_store, "user", "list")
    assert listed.stdout == "admin\tadmin\t\tactive\nliu\trep\t刘洋\tinactive\nwu\trep\t\tactive\n"

    assert run(sqlite_store, "user", "activate", "liu").returncode == 0
    assert sqlite_store.user_for_token(token_hash(token)) == User(id="liu", name="刘洋")
    assert run(sqlite_store, "user", "role", "liu", "manager").returncode == 0
    assert sqlite_store.user_for_token(token_hash(token)) == User(
        id="liu", name="刘洋", role="manager"
    )
    assert run(sqlite_store, "user", "role", "liu", "king").returncode == 2

    deleted = run(sqlite_store, "user", "delete", "liu")
    assert deleted.returncode == 0, deleted.stderr
    assert sqlite_store.get_account("acme").team == ()
    missing = run(sqlite_store, "user", "delete", "liu")
    assert (missing.returncode, missing.stderr) == (
        1,
        "stakegraph: user 'liu' does not exist\n",
    )
    last_admin = run(sqlite_store, "user", "deactivate", "admin")
    assert last_admin.returncode == 1
    assert "Traceback" not in last_admin.stderr
    assert "no active admin" in last_admin.stderr


def test_forget_then_backup_holds_nothing_of_the_person(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    sqlite_store.upsert_account(Account(id="acme", name="Acme"))
    sqlite_store.bulk_upsert(small_org("acme"))
    sqlite_store.upsert(
        person(
            "acme", "李雷", title="Deputy Director Q", email="lilei@example.cn", reports_to="zhou"
        )
    )
    done = run(sqlite_store, "forget", "acme", "李雷")
    assert done.returncode == 0, done.stderr
    assert "backups made before now still hold this person" in done.stderr
    new_id = next(
        p.id for p in sqlite_store.account_graph("acme").stakeholders if p.id.startswith("erased-")
    )
    assert f"they are now {new_id!r}" in done.stdout

    backup = tmp_path / "after.json"
    assert run(sqlite_store, "backup", "--output", str(backup)).returncode == 0
    text = backup.read_text(encoding="utf-8")
    json.loads(text)
    for value in ("李雷", "Deputy Director Q", "lilei@example.cn"):
        assert value not in text
    assert new_id in text
    history = run(sqlite_store, "history", "acme").stdout.splitlines()
    assert history[-1].endswith(f": erased the personal data of stakeholder {new_id!r}")
    assert "李雷" not in "\n".join(history)
    analysed = run(sqlite_store, "analyze", "acme", "--json")
    assert analysed.returncode == 0, analysed.stderr

    again = run(sqlite_store, "forget", "acme", "李雷")
    assert (again.returncode, again.stderr) == (
        1,
        "stakegraph: stakeholder '李雷' does not exist in account 'acme'\n",
    )


def test_user_add_prints_a_sign_in_link_that_signs_the_user_in(sqlite_store: SQLiteStore) -> None:
    from urllib.parse import urlsplit

    from fastapi.testclient import TestClient

    from api.app import create_app

    sqlite_store.upsert_account(Account(id="acme", name="Acme 集团", owner="liu"))
    done = run(sqlite_store, "user", "add", "liu", "--role", "rep", "--port", "8123")
    assert done.returncode == 0, done.stderr
    token, link = done.stdout.splitlines()  # the bare token stays on its own first line
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8123", "/signin")
    assert parts.fragment == f"token={token}"  # browsers never send the fragment

    with TestClient(create_app(store=sqlite_store)) as client:
        page = client.get(parts.path, headers={"Accept": "text/html"})
        assert page.status_code == 200 and 'name="token"' in page.text
        # what the sign-in page's script posts from the link's fragment
        signed_in = client.post("/signin", data={"token": parts.fragment.removeprefix("token=")})
        assert signed_in.status_code == 200 and "Acme 集团" in signed_in.text

    renewed = run(sqlite_store, "user", "token", "liu", "--host", "crm.example.cn", "--port", "80")
    assert renewed.returncode == 0, renewed.stderr
    new_token_, new_link = renewed.stdout.splitlines()
    assert new_link == f"http://crm.example.cn:80/signin#token={new_token_}"
    assert sqlite_store.user_for_token(token_hash(token)) is None
    assert sqlite_store.user_for_token(token_hash(new_token_)) is not None
