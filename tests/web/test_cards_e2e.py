"""Cards for team members, influence links and relationships in real Chromium, in
English and Chinese: opened from a person's card and from the account page's lists,
pre-filled, an edit writes only the field changed, and a delete lists what it
removes, then confirms."""

from __future__ import annotations

import re
from typing import Any

import pytest

from graph.model import Influence, Relationship, TeamMember
from tests.web.test_web_e2e import LiveServer, live_server, rep_on_acme  # noqa: F401 - the fixture

WORDS = {
    "en": {
        "delete_member": "Delete Our Engineer?",
        "keeps": "0 interactions and 1 assessments stay",
    },
    "zh": {"delete_member": "删除 Our Engineer？", "keeps": "0 条互动和 1 条关系评估保留"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rep_edits_and_deletes_links_relationships_and_team_members(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    store = live_server.store
    page, errors = rep_on_acme(chromium, live_server, width=1300)

    # an influence link's card from the person's card: change the weight only
    page.goto(f"{live_server.url}/accounts/acme/people/sun?lang={lang}")
    page.locator("a.influence-card", has_text="李娜").click()
    page.wait_for_url(re.compile(r"/accounts/acme/influences/sun/li$"))
    form = page.locator("#form-card")
    assert form.locator("input[name=weight]").input_value() == "0.7"
    assert form.locator("select[name=kind]").input_value() == "trust"
    form.locator("input[name=weight]").fill("0.4")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/influences/sun/li\?saved=1"))
    assert page.inner_text("#card-weight") == "0.4"
    assert store.get(Influence, "acme", ("sun", "li")).kind == "trust"
    change = store.history("acme")[-1]
    assert change.before and change.after
    assert [k for k in change.after if change.after[k] != change.before.get(k)] == ["weight"]

    # a relationship's card from the account page's list: strength only
    page.goto(f"{live_server.url}/accounts/acme")
    page.click("#all-relationships summary")
    page.locator("#all-relationships a", has_text="Our Rep").click()
    page.wait_for_url(re.compile(r"/accounts/acme/relationships/rep-1/sun$"))
    form = page.locator("#form-card")
    assert form.locator("input[name=last_contact]").input_value() == "2026-10-01"
    form.locator("input[name=strength]").fill("5")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?saved=1"))
    saved = store.get(Relationship, "acme", ("rep-1", "sun"))
    assert (saved.strength, str(saved.last_contact)) == (5, "2026-10-01")

    # a team member's card: linked to the user who is them, then deleted
    page.goto(f"{live_server.url}/accounts/acme")
    page.click("#all-members summary")
    page.locator("#all-members a", has_text="Our Engineer").click()
    page.wait_for_url(re.compile(r"/accounts/acme/members/se-1$"))
    form = page.locator("#form-card")
    assert form.locator("select[name=role]").input_value() == "presales"
    form.locator("select[name=user]").select_option("rep-1")  # a rep is offered themselves
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"\?saved=1"))
    member = store.get(TeamMember, "acme", ("se-1",))
    assert (member.user, member.role, member.name) == ("rep-1", "presales", "Our Engineer")

    page.screenshot(path=f"/tmp/member-card-{lang}.png", full_page=True)
    page.click("#delete-card")
    assert page.inner_text("h1") == WORDS[lang]["delete_member"]
    removes = page.inner_text("#delete-removes")
    assert "李娜" in removes  # their one relationship, by the person's name
    assert WORDS[lang]["keeps"] in removes
    page.click("#confirm-delete button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/acme\?saved=delete"))
    graph = store.account_graph("acme")
    assert "se-1" not in graph.member_by_id
    assert ("se-1", "li") not in {r.key for r in graph.relationships}
    assert graph.assessments[0].member is None
    assert errors == []
    page.close()
