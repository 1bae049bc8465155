"""The exported HTML map in a real headless Chromium with the network cut off."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.account import analyze_account
from graph.model import AccountGraph
from tests.data.generator import organisation
from tests.factories import HOSTILE_TEXTS, graph_of, hostile_org, small_org
from visualize.html import influence_map_html, script_json
from visualize.picture import influence_map_svg, svg_to_png


def _open_map(page: Any, tmp_path: Path, graph: AccountGraph, *, lang: str = "en") -> str:
    html = influence_map_html(graph, analyze_account(graph), lang=lang)  # type: ignore[arg-type]
    path = tmp_path / "map.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    return html


def _hover(page: Any, node_id: str) -> str:
    """Move the real mouse onto a node and return the hover card's text: its
    heading, then one line per fact (read with textContent, so exactly as given)."""
    point = page.evaluate(
        """(id) => {
            const m = window.stakegraphMap;
            m.network.focus(id, {scale: 1.0, animation: false});
            const p = m.network.canvasToDOM(m.network.getPosition(id));
            const box = document.getElementById('sg-map').getBoundingClientRect();
            return {x: p.x + box.left, y: p.y + box.top};
        }""",
        node_id,
    )
    page.mouse.move(1, 1)
    page.mouse.move(point["x"], point["y"], steps=3)
    page.wait_for_selector("#sg-card", state="visible", timeout=5_000)
    return "\n".join(
        page.evaluate(
            """() => [document.querySelector('#sg-card h2').textContent,
                      ...[...document.querySelectorAll('#sg-card li')].map(li => li.textContent)]"""
        )
    )


def _heading(card: str) -> str:
    return card.split("\n", 1)[0]


def _drawn(page: Any) -> dict[str, int]:
    return dict(
        page.evaluate(
            """() => ({nodes: window.stakegraphMap.network.body.nodeIndices.length,
                     edges: window.stakegraphMap.network.body.edgeIndices.length})"""
        )
    )


def test_map_draws_every_node_and_edge_offline(offline_page: Any, tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    html = _open_map(offline_page, tmp_path, graph)
    assert _drawn(offline_page) == {"nodes": 7, "edges": 9}
    assert offline_page.blocked_requests == []
    assert offline_page.page_errors == []
    # nothing in the file points outside it
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=""", html, re.I)
    assert "@import" not in html


def test_hover_card_shows_the_persons_facts(offline_page: Any, tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    analysis = analyze_account(graph)
    _open_map(offline_page, tmp_path, graph)
    card = _hover(offline_page, "stakeholder:zhou")
    zhou = next(p for p in analysis.stakeholders if p.id == "zhou")
    assert _heading(card) == "周敏"
    assert "CEO" in card
    assert "decision maker" in card
    assert "Stance: skeptic" in card
    assert f"power: {zhou.power:.2f}" in card
    gaps = [g.explanation for g in analysis.coverage.gaps if g.stakeholder == "zhou"]
    assert gaps, "the sample's CEO is a high-power skeptic nobody knows: it has gaps"
    for gap in gaps:
        assert gap in card


def test_an_interview_finding_sits_on_the_card_of_each_person_in_it(
    offline_page: Any, tmp_path: Path
) -> None:
    from graph.model import Interaction

    graph = graph_of(small_org("acme"))
    interview = Interaction(
        account_id="acme",
        date=date(2026, 11, 12),
        member="rep-1",
        stakeholders=("li", "sun"),
        type="focus_group",
        note="<b>wants</b> faster support",
        trust=4,
    )
    graph = graph.replace(Interaction, (*graph.interactions, interview))
    _open_map(offline_page, tmp_path, graph)
    for person in ("li", "sun"):
        card = _hover(offline_page, f"stakeholder:{person}")
        assert "2026-11-12 focus group: <b>wants</b> faster support" in card
        assert "health:" in card
    assert "focus group" not in _hover(offline_page, "stakeholder:zhou")


def test_hostile_text_runs_nothing_and_shows_as_text(offline_page: Any, tmp_path: Path) -> None:
    graph = hostile_org("acme")
    _open_map(offline_page, tmp_path, graph)
    assert _drawn(offline_page)["nodes"] == len(graph.stakeholders) + len(graph.members)
    for person in graph.stakeholders:
        card = _hover(offline_page, f"stakeholder:{person.id}")
        assert _heading(card) == person.name
        assert person.title in card
    for member in graph.members:
        assert _heading(_hover(offline_page, f"member:{member.id}")) == member.name
    assert offline_page.evaluate("document.title") == graph.account.name
    assert offline_page.inner_text("#sg-title") == graph.account.name
    assert offline_page.evaluate("window.__pwned") is None
    assert offline_page.dialogs == []
    assert offline_page.page_errors == []
    assert offline_page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0


def test_filters_and_org_chart_layout(offline_page: Any, tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    _open_map(offline_page, tmp_path, graph)
    assert offline_page.get_attribute("body", "data-shown") == "5"
    # untick "skeptic": zhou (the only skeptic) disappears
    offline_page.uncheck("#sg-filter-stance input[value=skeptic]")
    assert offline_page.get_attribute("body", "data-shown") == "4"
    assert (
        offline_page.evaluate("window.stakegraphMap.nodes.get('stakeholder:zhou').hidden") is True
    )
    offline_page.check("#sg-filter-stance input[value=skeptic]")
    # untick "procurement": chen (procurement only) disappears, li (two roles) stays
    offline_page.uncheck("#sg-filter-roles input[value=procurement]")
    assert offline_page.get_attribute("body", "data-shown") == "4"
    assert (
        offline_page.evaluate("window.stakegraphMap.nodes.get('stakeholder:chen').hidden") is True
    )
    offline_page.check("#sg-filter-roles input[value=procurement]")
    # the org chart puts the CEO above the people reporting to them
    offline_page.click("#sg-layout-org")
    y = offline_page.evaluate(
        """() => Object.fromEntries(['zhou', 'wang', 'li', 'sun'].map(id =>
             [id, window.stakegraphMap.network.getPosition('stakeholder:' + id).y]))"""
    )
    assert y["zhou"] < y["wang"] == y["li"] < y["sun"]
    assert offline_page.get_attribute("#sg-layout-org", "aria-pressed") == "true"


def test_chinese_labels(offline_page: Any, tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    _open_map(offline_page, tmp_path, graph, lang="zh")
    assert offline_page.inner_text("#sg-layout-org") == "组织架构"
    assert "决策者" in _hover(offline_page, "stakeholder:zhou")
    assert offline_page.get_attribute("html", "lang") == "zh"


def test_a_thousand_person_map_opens(offline_page: Any, tmp_path: Path) -> None:
    graph = graph_of(organisation("big", 1000))
    _open_map(offline_page, tmp_path, graph)
    drawn = _drawn(offline_page)
    assert drawn["nodes"] == len(graph.stakeholders) + len(graph.members)
    assert drawn["edges"] == (
        len(graph.influences) + len(graph.reporting_lines) + len(graph.relationships)
    )
    assert offline_page.page_errors == []


@settings(max_examples=300)
@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_script_json_cannot_close_a_script_block(value: Any) -> None:
    import json

    text = str(script_json(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_png_is_a_full_hd_picture_of_the_map(tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    png = svg_to_png(influence_map_svg(graph, analyze_account(graph), lang="zh"))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1920, 1080)
    assert len(png) > 20_000  # a blank 1920×1080 PNG is a few kB


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_is_never_raw_in_the_html(tmp_path: Path, text: str) -> None:
    graph = hostile_org("acme")
    html = influence_map_html(graph, analyze_account(graph))
    if "<" in text:
        assert text not in html
