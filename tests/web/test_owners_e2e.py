"""Owners and users in headless Chromium: an admin adds a rep on the users page, makes
them an account's owner on the account page, and the rep signs in through the link the
page showed once and finds the account in their list."""

from __future__ import annotations

from typing import Any

from graph.users import User, UserRole, new_token, token_hash
from tests.web.test_web_e2e import LiveServer, live_server  # noqa: F401 - the fixture


def test_an_admin_adds_a_rep_and_gives_them_an_account(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the fixture imported above
) -> None:
    admin_token = new_token()
    live_server.store.add_user(User(id="root", role=UserRole.admin), token_hash(admin_token))

    admin = chromium.new_context().new_page()
    errors: list[str] = []
    admin.on("pageerror", lambda error: errors.append(str(error)))
    admin.goto(f"{live_server.url}/signin#token={admin_token}")
    admin.wait_for_url(f"{live_server.url}/")
    admin.click("text=Users")
    admin.wait_for_url(f"{live_server.url}/admin/users")
    form = admin.locator("#form-add-user")
    form.locator("input[name=id]").fill("liu")
    form.locator("input[name=name]").fill("刘洋")
    form.locator("select[name=role]").select_option("rep")
    form.locator("button").click()
    admin.wait_for_selector("#user-added")
    link = admin.locator("#sign-in-link").input_value()
    assert link.startswith(f"{live_server.url}/signin#token=")
    assert admin.locator('tr[data-user="liu"]').count() == 1

    admin.goto(f"{live_server.url}/accounts/north")
    settings = admin.locator("#form-account")
    settings.locator("#account-owner").select_option("liu")
    settings.locator('input[name="team"][value="liu"]').check()
    settings.locator("button").click()
    admin.wait_for_selector("#saved")
    assert live_server.store.get_account("north").owner == "liu"
    assert "liu" in live_server.store.get_account("north").team
    assert errors == []

    rep = chromium.new_context().new_page()
    rep.goto(link)
    rep.wait_for_url(f"{live_server.url}/")
    listed = rep.locator("#accounts").inner_text()
    assert "North" in listed
    assert "South" not in listed and "East" not in listed
    rep.click("text=North")
    rep.wait_for_url(f"{live_server.url}/accounts/north")
    assert rep.locator("#account-owner").input_value() == "liu"
