"""Undo in real Chromium, in English and Chinese: a rep deletes a person from their
card, opens the account's history, sees the delete in names (not ids), undoes it,
and the person is back with the links, relationship and assessment the delete took;
undoing a change that a later one overtook says so in one line and writes nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.model import Stakeholder
from tests.web.test_web_e2e import LiveServer, live_server, rep_on_acme  # noqa: F401 - the fixture

WORDS = {
    "en": {
        "deleted": "Deleted person: 李娜",
        "report_line": "Reports to: 李娜 → —",
        "undone": "Undone.",
        "stale": "Not undone: something this change touched has changed since.",
    },
    "zh": {
        "deleted": "删除 联系人: 李娜",
        "report_line": "上级: 李娜 → —",
        "undone": "已撤销。",
        "stale": "未撤销：此变更涉及的数据之后又被修改过。",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rep_deletes_a_person_and_undoes_it_from_the_history(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    words = WORDS[lang]
    store = live_server.store
    page, errors = rep_on_acme(chromium, live_server, width=1300)
    before = store.account_graph("acme")

    page.goto(f"{live_server.url}/accounts/acme/people/li?lang={lang}")
    page.click("#delete-person")
    page.click("#confirm-delete button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/acme\?saved=delete"))
    gone = store.account_graph("acme")
    assert "li" not in gone.stakeholder_by_id
    assert len(gone.influences) == 1 and len(gone.relationships) == 1 and not gone.assessments

    page.click("#history-link")
    page.wait_for_url(re.compile(r"/accounts/acme/history$"))
    newest = page.locator("#history li.write").first
    text = newest.inner_text()
    assert words["deleted"] in text
    assert words["report_line"] in text  # sun's manager, by name
    assert "'li'" not in text
    page.screenshot(path=f"/tmp/history-{lang}.png", full_page=True)
    newest.locator("form.undo button").click()
    page.wait_for_url(re.compile(r"/history\?saved=undo"))
    assert words["undone"] in page.inner_text("#saved")
    assert store.account_graph("acme") == before

    # undoing the delete again: the person it removed is back, so it is stale now
    delete_write = page.locator("#history li.write").nth(1)
    assert words["deleted"] in delete_write.inner_text()
    version = store.account_version("acme")
    delete_write.locator("form.undo button").click()
    assert words["stale"] in page.inner_text("#undo-error")
    assert store.account_version("acme") == version
    assert store.get(Stakeholder, "acme", ("li",)).name == "李娜"
    assert errors == []
    page.close()
