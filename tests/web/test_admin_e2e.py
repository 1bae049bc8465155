"""An admin offboards a rep in headless Chromium: the rep's open session ends on its
next page load, and their account changes hands."""

from __future__ import annotations

from typing import Any

from graph.model import Account
from graph.users import User, UserRole, new_token, token_hash
from tests.web.test_web_e2e import LiveServer, live_server  # noqa: F401 - the fixture


def test_an_admin_deactivates_a_rep_whose_open_session_then_ends(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the fixture imported above
) -> None:
    admin_token = new_token()
    live_server.store.add_user(User(id="root", role=UserRole.admin), token_hash(admin_token))
    live_server.store.upsert_account(Account(id="acme", name="Acme", owner="rep-1"))

    rep = chromium.new_context().new_page()
    rep.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    rep.wait_for_url(f"{live_server.url}/")
    assert rep.locator("#accounts").inner_text().count("Acme") == 1

    admin = chromium.new_context().new_page()
    errors: list[str] = []
    admin.on("pageerror", lambda error: errors.append(str(error)))
    admin.goto(f"{live_server.url}/signin#token={admin_token}")
    admin.wait_for_url(f"{live_server.url}/")
    admin.click("text=Users")
    admin.wait_for_url(f"{live_server.url}/admin/users")
    row = admin.locator('tr[data-user="rep-1"]')
    assert row.locator("td.status").inner_text() == "active"
    row.locator("form.deactivate select[name=owner]").select_option("boss")
    row.locator("form.deactivate button").click()
    admin.wait_for_url(f"{live_server.url}/admin/users?done=deactivate")
    row = admin.locator('tr[data-user="rep-1"]')
    assert row.locator("td.status").inner_text() == "inactive"
    assert admin.locator('tr[data-user="boss"] td').nth(4).inner_text() == "acme"
    assert errors == []

    rep.reload()
    rep.wait_for_url(f"{live_server.url}/signin")
    assert live_server.store.get_account("acme").owner == "boss"
