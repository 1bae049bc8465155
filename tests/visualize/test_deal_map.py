"""分管 lines, competitors' ties and decision bodies on the influence map, and the map of
one deal (issue 21, item 8), on the hand-built hospital of tests/factories.py.

By hand (tests/analysis/test_deals.py has the powers): zhao 分管 sun (信息化);
华信科技 is tied to li (4/5) and wu (2/5); our strongest relationships are sun 4,
zhao 3, li 3, wang 2, chen 2, qian 1, and a member is known from strength 2
(`known_strength`), so the 评标委员会 (li, chen, zheng; 7 seats) is 2/7 known and the
院长办公会 (wang, zhao, qian) 2/3. The CT tender's people, by power in the deal:
wang, qian, li, zhao, chen, wu, zheng (committee and both deciding bodies); sun and
zhou do not decide it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.analysis.account import analyze_account
from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.errors import InvalidInput
from graph.vocabulary import Language
from tests.factories import HOSPITAL_DAY, graph_of, hospital, small_org
from visualize.exports import ExportFormat, export_account
from visualize.html import influence_map_html
from visualize.layout import GROUP_LABEL_PX, GROUP_LABEL_ROOM, Footprint, map_layout, text_width
from visualize.picture import convex_hull, influence_map_svg
from visualize.scene import (
    BODY_FILL,
    COMPETITOR_COLOUR,
    SUPERVISION_COLOUR,
    Scene,
    SceneEdge,
    SceneNode,
    account_scene,
    footprint,
    legend,
)

PARAMS = AnalysisParams(as_of=HOSPITAL_DAY)


def _scene(lang: Language = "en", deal: str | None = None) -> Scene:
    graph = hospital()
    params = PARAMS.model_copy(update={"lang": lang})
    shown = None if deal is None else analyze_deal(graph, deal, params)
    return account_scene(
        graph, analyze_account(graph, params), params=params, lang=lang, deal_analysis=shown
    )


def _node(scene: Scene, node_id: str) -> SceneNode:
    return next(node for node in scene.nodes if node.id == node_id)


def _edges(scene: Scene, kind: str) -> dict[tuple[str, str], SceneEdge]:
    return {(e.source, e.target): e for e in scene.edges if e.kind == kind}


def test_a_supervision_is_a_green_dash_dot_arrow_from_the_leader_naming_the_area() -> None:
    lines = _edges(_scene(), "supervises")
    assert list(lines) == [("stakeholder:zhao", "stakeholder:sun")]
    line = lines[("stakeholder:zhao", "stakeholder:sun")]
    assert (line.colour, line.dashes, line.arrow, line.width) == (
        SUPERVISION_COLOUR, [10, 4, 2, 4], True, 2.0
    )
    assert line.card is not None
    assert (line.card.name, line.card.lines) == ("赵副院长 → 孙主任", ["in charge of: 信息化"])
    zh = _edges(_scene("zh"), "supervises")[("stakeholder:zhao", "stakeholder:sun")]
    assert zh.card is not None and zh.card.lines == ["分管: 信息化"]
    # reporting lines stay grey and evenly dashed: the two never look alike
    assert SUPERVISION_COLOUR != "#999999"


def test_a_competitor_is_an_ellipse_of_its_own_colour_tied_by_width_of_strength() -> None:
    scene = _scene()
    rival = _node(scene, "competitor:rival")
    assert (rival.kind, rival.label, rival.shape, rival.fill) == (
        "competitor", "华信科技", "ellipse", COMPETITOR_COLOUR
    )
    ties = _edges(scene, "competitor_tie")
    # width 1 + strength: li 4/5 → 5, wu 2/5 → 3
    assert {pair: tie.width for pair, tie in ties.items()} == {
        ("competitor:rival", "stakeholder:li"): 5.0,
        ("competitor:rival", "stakeholder:wu"): 3.0,
    }
    li = ties[("competitor:rival", "stakeholder:li")]
    assert li.card is not None
    assert (li.card.name, li.card.lines) == ("华信科技 — 李主任", ["competitor: 华信科技", "strength: 4/5"])
    assert (li.colour, li.arrow) == (COMPETITOR_COLOUR, False)


def test_each_decision_body_is_a_group_labelled_with_members_known_of_seats() -> None:
    groups = {group.id: group for group in _scene().groups}
    assert groups["pb"].label == "评标委员会 · 2/7 known"
    assert groups["pb"].members == ["stakeholder:chen", "stakeholder:li", "stakeholder:zheng"]
    assert (groups["pb"].known, groups["pb"].seats) == (2, 7)
    assert groups["exec"].label == "院长办公会 · 2/3 known"
    assert [g.label for g in _scene("zh").groups] == ["院长办公会 · 已知 2/3", "评标委员会 · 已知 2/7"]


def test_the_legend_names_the_new_layers_in_both_languages() -> None:
    extras = _scene().extras
    assert extras == {"supervises", "competitor", "body"}
    assert [(layer["value"], layer["label"]) for layer in legend("en", extras)["layers"]] == [
        ("supervises", "in charge of (分管, dash-dot)"),
        ("competitor", "competitors and their ties (width = strength)"),
        ("body", "decision body (members we know / seats)"),
    ]
    assert [layer["label"] for layer in legend("zh", extras)["layers"]] == [
        "分管（点划线）",
        "竞争对手及其关系（线宽 = 强度）",
        "决策机构（已知成员 / 席位）",
    ]


def test_an_account_without_deals_draws_no_new_layer() -> None:
    graph = graph_of(small_org("acme"))
    scene = account_scene(graph, analyze_account(graph))
    assert (scene.groups, scene.extras, scene.deal) == ([], frozenset(), None)
    assert legend("en", scene.extras)["layers"] == []
    assert {node.kind for node in scene.nodes} == {"stakeholder", "member"}


def test_the_deal_map_shows_its_people_in_their_deal_roles_and_fades_the_rest() -> None:
    scene = _scene(deal="ct")
    assert scene.title == "仁和医院 · 64排CT设备采购"
    assert scene.deal == "ct"
    deciding = {"wang", "qian", "li", "zhao", "chen", "wu", "zheng"}
    for node in scene.nodes:
        if node.kind == "stakeholder":
            pid = node.id.split(":", 1)[1]
            assert (node.in_deal, node.faded) == (pid in deciding, pid not in deciding), pid
    # li is a technical evaluator at the account and the decision maker on the CT tender
    li = _node(scene, "stakeholder:li")
    assert (li.roles, li.shape) == (["decision_maker"], "star")
    assert li.card.lines[0] == "64排CT设备采购: rank 3 of 7 by power"
    assert _node(scene, "stakeholder:sun").card.lines[0] == "64排CT设备采购: not deciding"
    # on the IT system he is a user
    his_li = _node(_scene(deal="his"), "stakeholder:li")
    assert (his_li.roles, his_li.shape, his_li.in_deal) == (["user"], "pentagon", True)
    zh_li = _node(_scene("zh", deal="ct"), "stakeholder:li")
    assert zh_li.card.lines[0] == "64排CT设备采购：影响力第 3 名（共 7 人）"


def test_the_deal_map_draws_only_the_bodies_deciding_it_and_fades_links_outside_it() -> None:
    # the CT tender at 评标: pb decides it now, exec at 合同; the IT system at 方案:
    # only exec (pb names the CT tender alone)
    assert [g.id for g in _scene(deal="ct").groups] == ["exec", "pb"]
    assert [g.id for g in _scene(deal="his").groups] == ["exec"]
    # sun does not decide the CT tender: zhao's 分管 line to him is faded there
    ct_line = _edges(_scene(deal="ct"), "supervises")[("stakeholder:zhao", "stakeholder:sun")]
    his_line = _edges(_scene(deal="his"), "supervises")[("stakeholder:zhao", "stakeholder:sun")]
    assert (ct_line.faded, his_line.faded) == (True, False)
    assert set(_edges(_scene(deal="ct"), "competitor_tie")) == {
        ("competitor:rival", "stakeholder:li"),
        ("competitor:rival", "stakeholder:wu"),
    }


def test_the_layout_is_deterministic_and_places_competitors_in_both_layouts() -> None:
    first, second = _scene(deal="ct").layout, _scene(deal="ct").layout
    assert first == second
    assert "competitor:rival" in first.influence and "competitor:rival" in first.org_chart
    # the org chart puts competitors in a row below everyone else
    lowest = max(y for node, (_, y) in first.org_chart.items() if node != "competitor:rival")
    assert first.org_chart["competitor:rival"][1] > lowest
    assert map_layout(hospital()) == map_layout(hospital())


def test_convex_hull_by_hand() -> None:
    square = [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (1.0, 1.0)]
    assert convex_hull(square) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
    assert convex_hull([(1.0, 1.0), (1.0, 1.0)]) == [(1.0, 1.0)]


def test_the_picture_draws_groups_supervision_and_competitors() -> None:
    graph = hospital()
    params = PARAMS.model_copy(update={"lang": "zh"})
    shown = analyze_deal(graph, "ct", params)
    svg = influence_map_svg(
        graph, analyze_account(graph, params), params=params, lang="zh", deal_analysis=shown
    )
    assert svg.count(f'fill="{BODY_FILL}"') >= 3  # two hulls and the legend's swatch
    assert "评标委员会 · 已知 2/7" in svg and "院长办公会 · 已知 2/3" in svg
    assert 'class="supervises"' in svg and 'stroke-dasharray="10 4 2 4"' in svg
    assert "<ellipse" in svg and ">华信科技<" in svg
    assert "分管（点划线）" in svg and "决策机构（已知成员 / 席位）" in svg
    org_chart = influence_map_svg(
        graph, analyze_account(graph, params), params=params, lang="zh", deal_analysis=shown,
        layout="org_chart",
    )
    assert "评标委员会 · 已知 2/7" not in org_chart and "<ellipse" in org_chart


def test_export_takes_a_deal_for_maps_only() -> None:
    graph = hospital()
    exported = export_account(graph, ExportFormat.html, params=PARAMS, deal="64排CT设备采购")
    assert exported.filename == "renhe-ct.html"
    assert '"deal":"ct"' in exported.data.decode()
    with pytest.raises(InvalidInput, match="only the maps"):
        export_account(graph, ExportFormat.json, params=PARAMS, deal="ct")


def _pixel(page: Any, node_id: str, dx_sizes: float) -> list[int]:
    """The canvas colour `dx_sizes` node radii + 8 px to the right of a node's centre."""
    return list(
        page.evaluate(
            """([id, k]) => {
                const m = window.stakegraphMap;
                const size = m.nodes.get(id).size;
                const at = m.network.getPosition(id);
                const scale = m.network.getScale();
                const p = m.network.canvasToDOM({x: at.x + k * size + 8 / scale, y: at.y});
                const canvas = document.querySelector('#sg-map canvas');
                const ratio = canvas.width / canvas.getBoundingClientRect().width;
                const d = canvas.getContext('2d').getImageData(
                    Math.round(p.x * ratio), Math.round(p.y * ratio), 1, 1).data;
                return [d[0], d[1], d[2]];
            }""",
            [node_id, dx_sizes],
        )
    )


def test_the_deal_map_in_chromium_shows_the_committee_and_the_body_group(
    offline_page: Any, tmp_path: Path
) -> None:
    graph = hospital()
    shown = analyze_deal(graph, "ct", PARAMS)
    analysis = analyze_account(graph, PARAMS)
    html = influence_map_html(graph, analysis, params=PARAMS, deal_analysis=shown)
    path = tmp_path / "ct.html"
    path.write_text(html, encoding="utf-8")
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    page.screenshot(path="/tmp/deal-map-ct.png")
    assert page.evaluate("() => window.stakegraphMap.deal") == "ct"
    assert page.inner_text("#sg-title") == "仁和医院 · 64排CT设备采购"
    drawn = page.evaluate(
        """() => Object.fromEntries(window.stakegraphMap.nodes.get().map(
            n => [n.id, [n.opacity, n.borderWidth, n.shape]]))"""
    )
    # the deal's people outlined in black (3 px), li in red as the enemy's coach (a gap)
    assert drawn["stakeholder:zhao"] == [1, 3, "dot"]
    assert drawn["stakeholder:li"] == [1, 4, "star"]
    assert drawn["stakeholder:zhou"] == [0.45, 1, "image"]  # a user: the pentagon image
    assert drawn["stakeholder:sun"][0] == 0.45
    assert drawn["competitor:rival"][2] == "ellipse"
    # zheng has no drawn link: right of his shape is the 评标委员会's group fill,
    # and the plain canvas once the legend hides the bodies
    assert _pixel(page, "stakeholder:zheng", 1.0) == [0xEC, 0xE6, 0xF5]
    layers = page.locator("#sg-filter-layers")
    assert layers.is_visible()
    assert layers.inner_text().split("\n") == [
        "Show",
        "in charge of (分管, dash-dot)",
        "competitors and their ties (width = strength)",
        "decision body (members we know / seats)",
    ]
    page.uncheck("#sg-filter-layers input[value=body]")
    page.wait_for_timeout(100)
    assert _pixel(page, "stakeholder:zheng", 1.0) != [0xEC, 0xE6, 0xF5]
    page.uncheck("#sg-filter-layers input[value=competitor]")
    hidden = page.evaluate(
        """() => [window.stakegraphMap.nodes.get('competitor:rival').hidden,
                  window.stakegraphMap.edges.get({filter: e => e.kind === 'competitor_tie'})
                      .every(e => e.hidden)]"""
    )
    assert hidden == [True, True]
    page.check("#sg-filter-layers input[value=body]")
    page.check("#sg-filter-layers input[value=competitor]")
    page.wait_for_timeout(100)
    assert _pixel(page, "stakeholder:zheng", 1.0) == [0xEC, 0xE6, 0xF5]
    # the org chart places people by reporting line: no hulls there
    page.click("#sg-layout-org")
    page.wait_for_timeout(100)
    assert _pixel(page, "stakeholder:zheng", 1.0) != [0xEC, 0xE6, 0xF5]
    assert page.blocked_requests == [] and page.page_errors == []


@pytest.mark.parametrize("deal", [None, "his", "ct"])
def test_no_one_stands_where_a_body_label_is_drawn(deal: str | None) -> None:
    scene = _scene(deal=deal)
    at = scene.layout.influence
    boxes = {}
    for node in scene.nodes:
        f = footprint(node)
        if node.id in scene.layout.labels_above:
            f = Footprint(f.half_width, f.below, f.above)
        x, y = at[node.id]
        boxes[node.id] = (x - f.half_width, y - f.above, x + f.half_width, y + f.below)
    assert scene.groups
    for group in scene.groups:
        assert group.anchor in group.members
        left, top, right, _ = boxes[group.anchor]
        half = text_width(group.label, GROUP_LABEL_PX) / 2
        centre = (left + right) / 2
        label = (centre - half, top - GROUP_LABEL_ROOM, centre + half, top)
        for node, (x0, y0, x1, y1) in boxes.items():
            if node != group.anchor:
                overlaps = x0 < label[2] and label[0] < x1 and y0 < label[3] and label[1] < y1
                assert not overlaps, (group.id, node)
