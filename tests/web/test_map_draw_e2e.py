"""On the account page in real Chromium, in English and Chinese: a click on a person on
the map opens their card; in draw mode two clicks on the map fill the influence form
(and a team member and a person the relationship form), which saves the link, and
the map shows it. Only the map's own frame is listened to."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from graph.model import Influence, Relationship
from tests.web.test_web_e2e import LiveServer, live_server, rep_on_acme  # noqa: F401 - the fixture

WORDS = {
    "en": {
        "pick_target": "Now click the person Sun Hao (sun) influences.",
        "picked": "Sun Hao (sun) → 周敏 (zhou)",
    },
    "zh": {
        "pick_target": "再点击受 Sun Hao (sun) 影响的人。",
        "picked": "Sun Hao (sun) → 周敏 (zhou)",
    },
}


def _map_frame(page: Any) -> Any:
    page.locator("#map-frame").scroll_into_view_if_needed()
    frame = page.locator("#map-frame").element_handle().content_frame()
    frame.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    return frame


def _click_node(page: Any, node: str) -> None:
    """Click a node with the real mouse, where vis-network drew it inside the frame."""
    inside = _map_frame(page).evaluate(
        """(id) => { const n = window.stakegraphMap.network;
                     const p = n.canvasToDOM(n.getPosition(id));
                     const b = document.getElementById('sg-map').getBoundingClientRect();
                     return {x: p.x + b.left, y: p.y + b.top}; }""",
        node,
    )
    frame_box = page.locator("#map-frame").bounding_box()
    page.mouse.click(frame_box["x"] + inside["x"], frame_box["y"] + inside["y"])


def _until_filled(page: Any, selector: str) -> None:
    """The map's message arrives asynchronously: wait until it has filled the field
    (polled from here: the page's CSP forbids the eval wait_for_function uses)."""
    expect(page.locator(selector)).not_to_have_value("")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_rep_draws_an_influence_link_and_a_relationship_on_the_map(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811 - the imported fixture
    lang: str,
) -> None:
    words = WORDS[lang]
    store = live_server.store
    page, errors = rep_on_acme(chromium, live_server)
    page.goto(f"{live_server.url}/accounts/acme?lang={lang}")
    page.locator("#map-frame").scroll_into_view_if_needed()

    # a message from anywhere but the map's frame is ignored
    page.evaluate("window.postMessage({type: 'stakegraph:pick', node: 'stakeholder:li'}, '*')")
    page.wait_for_timeout(300)
    assert page.url.endswith("/accounts/acme?lang=" + lang)

    # draw: sun influences zhou
    page.click("#draw-influence")
    assert page.get_attribute("#draw-influence", "aria-pressed") == "true"
    _click_node(page, "stakeholder:sun")
    expect(page.locator("#draw-status")).to_contain_text(words["pick_target"])
    _click_node(page, "stakeholder:zhou")
    _until_filled(page, "#form-influence select[name=target]")
    form = page.locator("#form-influence")
    assert form.locator("select[name=source]").input_value() == "sun"
    assert form.locator("select[name=target]").input_value() == "zhou"
    assert words["picked"] in page.inner_text("#draw-status")
    assert page.evaluate("document.activeElement.name") == "weight"
    page.keyboard.press("Control+A")
    page.keyboard.type("0.7")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"saved=influence"))
    saved = store.get(Influence, "acme", ("sun", "zhou"))
    assert saved is not None and saved.weight == 0.7
    drawn = _map_frame(page).evaluate(
        """() => window.stakegraphMap.edges.get({filter: e =>
             e.from === 'stakeholder:sun' && e.to === 'stakeholder:zhou' && e.kind === 'influence'}).length"""
    )
    assert drawn == 1

    # draw: our engineer (a team member on the map) knows chen
    page.locator("#map-frame").scroll_into_view_if_needed()
    page.click("#draw-relationship")
    _click_node(page, "member:se-1")
    _click_node(page, "stakeholder:chen")
    _until_filled(page, "#form-relationship select[name=stakeholder]")
    relation = page.locator("#form-relationship")
    assert relation.locator("select[name=member]").input_value() == "se-1"
    assert relation.locator("select[name=stakeholder]").input_value() == "chen"
    relation.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"saved=relationship"))
    assert store.get(Relationship, "acme", ("se-1", "chen")) is not None

    # keyboard: the draw buttons are buttons, and Esc stops drawing
    page.focus("#draw-influence")
    page.keyboard.press("Enter")
    assert page.get_attribute("#draw-influence", "aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert page.get_attribute("#draw-influence", "aria-pressed") == "false"
    assert page.inner_text("#draw-status") == ""

    # outside draw mode a click on a person opens their card
    page.locator("#map-frame").scroll_into_view_if_needed()
    _click_node(page, "stakeholder:li")
    page.wait_for_url(re.compile(r"/accounts/acme/people/li$"))
    assert errors == []
    page.close()
