"""The demo belongs to a real user: `stakegraph demo` adds the rep liu (刘洋) without
printing a token unless asked, links the demo's team member rep-liu to them, and
liu, signed in through the link `demo --sign-in-link` printed, sees the demo account
as theirs in real Chromium; `serve` afterwards still creates the first admin."""

from __future__ import annotations

from typing import Any

from api.services.importing import DEMO_REP, load_demo
from api.services.users import FIRST_ADMIN, first_admin_token
from graph.users import UserRole, new_token, token_hash
from tests.cli.test_cli import run
from tests.web.test_web_e2e import LiveServer, live_server  # noqa: F401 - the fixture


def test_demo_prints_the_reps_sign_in_link_only_when_asked(live_server: LiveServer) -> None:  # noqa: F811
    quiet = run(live_server.store, "demo")
    assert quiet.returncode == 0, quiet.stderr
    assert "#token=" not in quiet.stdout and "stakegraph user token liu" in quiet.stdout
    liu = next(u for u in live_server.store.list_users() if u.id == "liu")
    assert (liu.name, liu.role) == ("刘洋", UserRole.rep)
    asked = run(live_server.store, "demo", "--sign-in-link", "--port", "8123")
    token = asked.stdout.splitlines()[0]
    assert f"http://127.0.0.1:8123/signin#token={token}" in asked.stdout
    assert live_server.store.user_for_token(token_hash(token)) == liu


def test_the_demo_rep_signs_in_and_sees_the_demo_account_as_theirs(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the imported fixture
) -> None:
    store = live_server.store
    load_demo(store)
    graph = store.account_graph("demo")
    assert store.get_account("demo").owner == "liu"
    assert graph.member_of_user("liu") == graph.member_by_id["rep-liu"]
    token = new_token()
    store.set_token(DEMO_REP.id, token_hash(token))

    page = chromium.new_page()
    page.goto(f"{live_server.url}/signin#token={token}")
    page.wait_for_url(f"{live_server.url}/")
    mine = page.locator('#accounts tr[data-mine="1"]')
    assert mine.count() == 1 and mine.get_attribute("data-account") == "demo"
    assert page.locator("#accounts tbody tr").count() == 1  # a rep sees only their own
    page.goto(f"{live_server.url}/portfolio?lang=zh")
    assert page.locator('#reps tr[data-mine="1"]').inner_text().startswith("我")
    page.goto(f"{live_server.url}/accounts/demo?lang=en")
    assert page.inner_text("#owner") == "you"
    # the team member who is liu is "us" on the forms and on a person's card
    assert page.locator("#form-relationship select[name=member]").input_value() == "rep-liu"
    assert page.locator("#form-interaction select[name=member]").input_value() == "rep-liu"
    page.goto(f"{live_server.url}/accounts/demo/people/li-na")
    assert "刘洋 (you)" in page.inner_text("#person-relationships")
    page.close()

    # the manager sees the owner by name
    boss = chromium.new_page()
    boss.goto(f"{live_server.url}/signin#token={live_server.tokens['boss']}")
    boss.wait_for_url(f"{live_server.url}/")
    assert "刘洋" in boss.locator('#accounts tr[data-account="demo"]').inner_text()
    boss.close()

    # the store holds users, but no admin yet: serve still creates the first one
    assert first_admin_token(store) is not None
    assert any(u.id == FIRST_ADMIN.id for u in store.list_users())
    assert first_admin_token(store) is None
