"""A rep edits people on the account page in real Chromium, in English and Chinese:
a title changed on a person's card changes nothing else, adding a name that exists
offers that person, a delete goes through a page that lists what it removes, and
the import page offers the formats it reads."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.model import Stakeholder
from tests.web.test_web_e2e import LiveServer, live_server, rep_on_acme  # noqa: F401 - the fixture

WORDS = {
    "en": {
        "exists": "A person named 李娜 exists",
        "delete": "Delete Chen O'Brien?",
        "deleted": "Deleted.",
        "calendar": "Calendar",
        "kinds": ".mbox",
    },
    "zh": {
        "exists": "已有名为 李娜 的联系人",
        "delete": "删除 Chen O'Brien？",
        "deleted": "已删除。",
        "calendar": "日历",
        "kinds": "领英",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rep_edits_adds_and_deletes_people_without_damage(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    words = WORDS[lang]
    store = live_server.store
    page, errors = rep_on_acme(chromium, live_server)
    page.goto(f"{live_server.url}/accounts/acme?lang={lang}")

    # a person's card opens from the key-people table; edit the title only
    before = store.get(Stakeholder, "acme", ("li",))
    page.locator("#key-people table a", has_text="李娜").click()
    page.wait_for_url(re.compile(r"/accounts/acme/people/li$"))
    form = page.locator("#form-person")
    assert form.locator("select[name=stance]").input_value() == "supporter"
    form.locator("input[name=title]").fill("CIO")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/people/li\?saved=1"))
    assert page.inner_text("#person-title") == "CIO"
    assert store.get(Stakeholder, "acme", ("li",)) == before.model_copy(update={"title": "CIO"})
    change = store.history("acme")[-1]
    assert change.before and change.after
    assert [k for k in change.after if change.after[k] != change.before.get(k)] == ["title"]

    # adding a name that exists offers that person, and saves nothing
    count = len(store.list(Stakeholder, "acme"))
    page.goto(f"{live_server.url}/accounts/acme")
    adding = page.locator("#form-stakeholder")
    adding.locator("input[name=name]").fill("李娜")
    adding.locator("button[type=submit]").click()
    assert words["exists"] in page.inner_text("#person-exists")
    assert len(store.list(Stakeholder, "acme")) == count
    page.click("#edit-existing")
    page.wait_for_url(re.compile(r"/accounts/acme/people/li$"))

    # delete a person through the confirmation page
    page.goto(f"{live_server.url}/accounts/acme/people/chen")
    page.click("#delete-person")
    assert page.inner_text("h1") == words["delete"]
    assert page.is_visible("#delete-removes")
    assert store.get(Stakeholder, "acme", ("chen",))
    page.click("#confirm-delete button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/acme\?saved=delete"))
    assert page.inner_text("#saved") == words["deleted"]
    assert "chen" not in [p.id for p in store.list(Stakeholder, "acme")]

    # the import page says what it reads and offers the formats
    page.goto(f"{live_server.url}/import")
    assert words["kinds"] in page.inner_text("#file-kinds")
    options = page.locator("#import-format option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "auto",
        "survey",
        "calendar",
        "email",
    ]
    assert words["calendar"] in options.nth(2).inner_text()
    assert errors == []
    page.close()
