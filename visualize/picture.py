"""The influence map as a picture for slides and reports: SVG, and PNG made from it.

The SVG is drawn from the same `visualize.scene` as the interactive map, on a
1920×1080 canvas: title and coverage at the top, the map fitted into the left
part, the legend on the right. It is built with ElementTree, so every name and
title is XML text, never markup. Text asks for Noto Sans CJK (Debian's
`fonts-noto-cjk`), falling back to the viewer's sans-serif: CJK names render
wherever a CJK font is installed, as on every Chinese-language system.

The PNG is that SVG rendered by headless Chromium (`visualize.browser`) at
1920×1080, so the picture and the SVG cannot drift apart.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis, DealAnalysis
from graph.model import AccountGraph
from graph.vocabulary import Language
from visualize.browser import chromium_page
from visualize.layout import text_width
from visualize.scene import (
    BODY_FILL,
    BODY_TEXT,
    DEAL_BORDER,
    GAP_BORDER,
    SUPERVISION_DASHES,
    UI_TEXT,
    Scene,
    SceneNode,
    account_scene,
    legend,
)

WIDTH, HEIGHT = 1920, 1080
HEADER = 90
LEGEND_WIDTH = 400
MARGIN = 40
FONT = "'Noto Sans CJK SC', 'Noto Sans CJK', 'Noto Sans', 'Microsoft YaHei', sans-serif"
SVG_NS = "http://www.w3.org/2000/svg"
LABEL_PX = 14


def _el(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, tag, attributes)


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _polygon(cx: float, cy: float, r: float, shape: str) -> list[tuple[float, float]]:
    if shape == "star":
        return [
            (
                cx + (r if i % 2 == 0 else r * 0.45) * math.sin(math.pi * i / 5),
                cy - (r if i % 2 == 0 else r * 0.45) * math.cos(math.pi * i / 5),
            )
            for i in range(10)
        ]
    if shape == "diamond":
        return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    if shape == "triangle":
        return [(cx, cy - r), (cx + r, cy + r * 0.8), (cx - r, cy + r * 0.8)]
    if shape == "triangleDown":
        return [(cx, cy + r), (cx + r, cy - r * 0.8), (cx - r, cy - r * 0.8)]
    if shape in ("hexagon", "pentagon"):
        corners = 6 if shape == "hexagon" else 5
        turn = math.pi / 6 if shape == "hexagon" else 0.0
        return [
            (
                cx + r * math.sin(2 * math.pi * i / corners + turn),
                cy - r * math.cos(2 * math.pi * i / corners + turn),
            )
            for i in range(corners)
        ]
    return [(cx - r, cy - r), (cx + r, cy - r), (cx + r, cy + r), (cx - r, cy + r)]  # square


def _shape(parent: ET.Element, node: SceneNode, cx: float, cy: float, r: float) -> None:
    style = {
        "fill": node.fill,
        "stroke": GAP_BORDER if node.has_gap else DEAL_BORDER if node.in_deal else "#222222",
        "stroke-width": "4" if node.has_gap else "3" if node.in_deal else "1",
        "opacity": "0.45" if node.faded else "1",
    }
    if node.shape == "ellipse":
        width = max(40.0, text_width(node.label, LABEL_PX) + 24)
        _el(parent, "ellipse", cx=_fmt(cx), cy=_fmt(cy), rx=_fmt(width / 2), ry="14", **style)
    elif node.shape == "box":
        width = max(40.0, text_width(node.label, LABEL_PX) + 16)
        _el(
            parent,
            "rect",
            x=_fmt(cx - width / 2),
            y=_fmt(cy - 12),
            width=_fmt(width),
            height="24",
            rx="4",
            **style,
        )
    else:
        _outline(parent, node.shape, cx, cy, r, style)


def _outline(
    parent: ET.Element, shape: str, cx: float, cy: float, r: float, style: dict[str, str]
) -> None:
    """A dot or polygon `shape` of radius `r` around cx, cy."""
    if shape == "dot":
        _el(parent, "circle", cx=_fmt(cx), cy=_fmt(cy), r=_fmt(r), **style)
    else:
        points = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in _polygon(cx, cy, r, shape))
        _el(parent, "polygon", points=points, **style)


def _text(parent: ET.Element, x: float, y: float, content: str, **attrs: str) -> ET.Element:
    element = _el(parent, "text", x=_fmt(x), y=_fmt(y), **attrs)
    element.text = content
    return element


def _label(parent: ET.Element, x: float, y: float, node: SceneNode) -> None:
    """A person's name below their shape, its stance glyph after it, on a white halo
    so a link passing under it does not cross the letters."""
    halo = {"stroke": "#ffffff", "stroke-width": "4", "paint-order": "stroke"}
    text = _text(
        parent, x, y, node.label, **{"font-size": str(LABEL_PX), "text-anchor": "middle", **halo}
    )
    if node.glyph:
        _el(text, "tspan", **{"font-weight": "bold"}).text = f" {node.glyph}"


def _label_box(
    node: SceneNode, cx: float, cy: float, radius: float, *, above: bool = False
) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a node's label (members: their box) on the picture:
    below the shape, or `above` it."""
    inside = node.kind in ("member", "competitor")
    half = text_width(node.drawn_label, LABEL_PX) / 2 + (12 if inside else 0)
    if inside:
        return cx - half, cy - 12, cx + half, cy + 12
    height = LABEL_PX * 1.4
    if above:
        return cx - half, cy - radius - 2 - height, cx + half, cy - radius - 2
    return cx - half, cy + radius + 2, cx + half, cy + radius + 2 + height


def _fit(
    scene: Scene,
    positions: dict[str, tuple[float, float]],
    area: tuple[float, float, float, float],
    above: frozenset[str],
) -> tuple[float, float, float, float]:
    """scale, radius scale, x offset, y offset that fit every node *with its label*
    into `area` (left, top, right, bottom), at most 1.5× the layout's size: the
    largest scale whose drawn extent fits, found by bisection (the extent grows
    with the scale)."""
    if not positions:
        return 1.0, 1.0, 0.0, 0.0
    left, top, right, bottom = area

    def extent(scale: float) -> tuple[float, float, float, float]:
        radius_scale = min(max(scale, 0.3), 1.2)
        boxes = [
            _label_box(node, x * scale, y * scale, node.size * radius_scale, above=node.id in above)
            for node in scene.nodes
            for x, y in [positions[node.id]]
        ]
        boxes += [
            (x * scale - r, y * scale - r, x * scale + r, y * scale + r)
            for node in scene.nodes
            for (x, y), r in [(positions[node.id], node.size * radius_scale)]
        ]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def fits(scale: float) -> bool:
        x0, y0, x1, y1 = extent(scale)
        return x1 - x0 <= right - left and y1 - y0 <= bottom - top

    low, high = 0.0, 1.5
    if fits(high):
        low = high
    else:
        for _ in range(30):
            middle = (low + high) / 2
            low, high = (middle, high) if fits(middle) else (low, middle)
    x0, y0, x1, y1 = extent(low)
    offset_x = left + (right - left - (x1 - x0)) / 2 - x0
    offset_y = top + (bottom - top - (y1 - y0)) / 2 - y0
    return low, min(max(low, 0.3), 1.2), offset_x, offset_y


def _labelled(
    scene: Scene,
    at: Callable[[str], tuple[float, float]],
    sizes: dict[str, float],
    above: frozenset[str],
) -> set[str]:
    """The people whose names are printed: the most powerful first, each only if its
    label would not overlap a label already placed or a team member's box (a crowded
    picture names its key people rather than overprinting everyone)."""
    placed: list[tuple[float, float, float, float]] = []
    chosen: set[str] = set()
    ordered = sorted(scene.nodes, key=lambda n: (n.kind == "stakeholder", -n.size, n.id))
    for node in ordered:
        box = _label_box(node, *at(node.id), sizes[node.id], above=node.id in above)
        if node.kind != "stakeholder" or not any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in placed
        ):
            placed.append(box)
            chosen.add(node.id)
    return chosen


def scene_svg(scene: Scene, *, layout: str = "influence") -> str:
    """The scene as a 1920×1080 SVG document (`layout`: `influence` or `org_chart`)."""
    ET.register_namespace("", SVG_NS)
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "font-family": FONT,
        },
    )
    defs = _el(svg, "defs")
    for kind, colour in {(e.kind, e.colour) for e in scene.edges if e.arrow}:
        marker = _el(
            defs,
            "marker",
            id=f"arrow-{kind}",
            viewBox="0 0 10 10",
            refX="10",
            refY="5",
            markerWidth="6",
            markerHeight="6",
            orient="auto-start-reverse",
            markerUnits="userSpaceOnUse" if kind == "reports_to" else "strokeWidth",
        )
        _el(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=colour)
    _el(svg, "rect", x="0", y="0", width=str(WIDTH), height=str(HEIGHT), fill="#ffffff")
    text = scene.text
    _text(svg, MARGIN, 50, scene.title, **{"font-size": "30", "font-weight": "bold"})
    people = sum(1 for node in scene.nodes if node.kind == "stakeholder")
    _text(
        svg,
        MARGIN,
        80,
        f"{people} {text['people']} · {text['coverage']} {round(scene.coverage * 100)}%",
        **{"font-size": "18", "fill": "#444444"},
    )

    positions = scene.positions(layout)
    # a group's label stands above its topmost member: room for it above the map
    group_room = 2 * LABEL_PX if scene.groups else 0
    area = (MARGIN, HEADER + MARGIN + group_room, WIDTH - LEGEND_WIDTH - MARGIN, HEIGHT - MARGIN)
    above = scene.layout.labels_above if layout == "influence" else frozenset()
    scale, radius_scale, offset_x, offset_y = _fit(scene, positions, area, above)

    def at(node_id: str) -> tuple[float, float]:
        x, y = positions[node_id]
        return offset_x + x * scale, offset_y + y * scale

    sizes = {node.id: node.size * radius_scale for node in scene.nodes}
    if layout == "influence":  # the org chart does not keep a body's members together
        _groups(svg, scene, at, sizes, above)
    edges = _el(svg, "g", id="edges")
    for edge in scene.edges:
        (x1, y1), (x2, y2) = at(edge.source), at(edge.target)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        shorten = sizes[edge.target] + 2 if edge.arrow else 0.0
        x2e, y2e = x2 - (x2 - x1) * shorten / length, y2 - (y2 - y1) * shorten / length
        attrs = {
            "x1": _fmt(x1),
            "y1": _fmt(y1),
            "x2": _fmt(x2e),
            "y2": _fmt(y2e),
            "stroke": edge.colour,
            "stroke-width": _fmt(edge.width * min(radius_scale, 1.0)),
            "class": edge.kind,
        }
        if edge.dashes:
            attrs["stroke-dasharray"] = " ".join(str(d) for d in edge.dashes)
        if edge.arrow:
            attrs["marker-end"] = f"url(#arrow-{edge.kind})"
        if edge.faded:
            attrs["opacity"] = "0.25"  # the arrowhead too
        _el(edges, "line", **attrs)
    nodes = _el(svg, "g", id="nodes")
    labelled = _labelled(scene, at, sizes, above)
    for node in scene.nodes:
        cx, cy = at(node.id)
        group = _el(nodes, "g", **{"class": node.kind})
        # every name is in the picture: as a tooltip where there is no room to print it
        _el(group, "title").text = node.label
        _shape(group, node, cx, cy, sizes[node.id])
        if node.kind != "stakeholder":
            _text(
                group,
                cx,
                cy + 5,
                node.label,
                **{"font-size": str(LABEL_PX), "text-anchor": "middle"},
            )
        elif node.id in labelled:
            top = _label_box(node, cx, cy, sizes[node.id], above=node.id in above)[1]
            _label(group, cx, top + LABEL_PX, node)
    _legend(svg, scene.lang, scene.extras)
    return ET.tostring(svg, encoding="unicode", xml_declaration=False) + "\n"


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The corners of the convex hull of `points`, counter-clockwise from the lowest x
    (Andrew's monotone chain); one or two points are their own hull."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def half(chain: list[tuple[float, float]]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for p in chain:
            while len(out) >= 2 and (
                (out[-1][0] - out[-2][0]) * (p[1] - out[-2][1])
                - (out[-1][1] - out[-2][1]) * (p[0] - out[-2][0])
            ) <= 0:
                out.pop()
            out.append(p)
        return out[:-1]

    return half(ordered) + half(ordered[::-1])


def _groups(
    svg: ET.Element,
    scene: Scene,
    at: Callable[[str], tuple[float, float]],
    sizes: dict[str, float],
    above: frozenset[str],
) -> None:
    """Each decision body as a rounded hull behind its members (the hull stroked with a
    pen as wide as the padding), its label above it, as on the interactive map."""
    layer = _el(svg, "g", id="groups")
    for group in scene.groups:
        if not group.members:
            continue
        points = [at(node) for node in group.members]
        pad = max(sizes[node] for node in group.members) + 12
        corners = convex_hull(points)
        path = "M " + " L ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in corners) + " Z"
        _el(
            layer,
            "path",
            d=path,
            fill=BODY_FILL,
            stroke=BODY_FILL,
            **{"stroke-width": _fmt(2 * pad), "stroke-linejoin": "round", "stroke-linecap": "round"},
        )
        # above the anchor's shape (or its name printed above it), where the layout
        # kept room (visualize/layout.py group_label_room)
        anchor = group.anchor if group.anchor in group.members else group.members[0]
        x, y = at(anchor)
        label = _text(
            layer,
            x,
            y - sizes[anchor] - (LABEL_PX * 1.4 + 6 if anchor in above else 6) - 6,
            group.label,
            **{
                "font-size": str(LABEL_PX + 1),
                "font-weight": "bold",
                "text-anchor": "middle",
                "fill": BODY_TEXT,
                "stroke": "#ffffff",
                "stroke-width": "4",
                "paint-order": "stroke",
                "class": "group-label",
            },
        )
        label.set("data-body", group.id)


def _legend(svg: ET.Element, lang: Language, extras: frozenset[str] = frozenset()) -> None:
    entries = legend(lang, extras)
    x0 = WIDTH - LEGEND_WIDTH
    box = _el(svg, "g", id="legend")
    _el(
        box,
        "rect",
        x=str(x0),
        y=str(HEADER),
        width=str(LEGEND_WIDTH - MARGIN // 2),
        height=str(HEIGHT - HEADER - MARGIN),
        fill="#fafafa",
        stroke="#cccccc",
    )
    y = HEADER + 36
    _text(box, x0 + 16, y, UI_TEXT[lang]["legend"], **{"font-size": "20", "font-weight": "bold"})
    label_style = {"font-size": "16"}
    for stance in entries["stances"]:
        y += 30
        _el(
            box,
            "circle",
            cx=str(x0 + 28),
            cy=str(y - 5),
            r="9",
            fill=stance["colour"],
            stroke="#222222",
        )
        _text(box, x0 + 48, y, f"{stance['label']} {stance['glyph']}".strip(), **label_style)
    y += 30
    _el(
        box,
        "rect",
        x=str(x0 + 18),
        y=str(y - 14),
        width="20",
        height="18",
        fill=entries["member"]["colour"],
        stroke="#222222",
    )
    _text(box, x0 + 48, y, entries["member"]["label"], **label_style)
    y += 30
    _el(
        box,
        "circle",
        cx=str(x0 + 28),
        cy=str(y - 5),
        r="8",
        fill="none",
        stroke=entries["gap"]["colour"],
        **{"stroke-width": "3"},
    )
    _text(box, x0 + 48, y, entries["gap"]["label"], **label_style)
    for edge in entries["edges"]:
        y += 30
        line = {"stroke": edge["colour"], "stroke-width": "3"}
        if edge["kind"] == "reports_to":
            line["stroke-dasharray"] = "6 6"
        _el(box, "line", x1=str(x0 + 14), y1=str(y - 5), x2=str(x0 + 42), y2=str(y - 5), **line)
        _text(box, x0 + 48, y, edge["label"], **{"font-size": "14"})
    for layer in entries["layers"]:
        y += 30
        if layer["value"] == "supervises":
            _el(
                box,
                "line",
                x1=str(x0 + 14),
                y1=str(y - 5),
                x2=str(x0 + 42),
                y2=str(y - 5),
                stroke=layer["colour"],
                **{
                    "stroke-width": "3",
                    "stroke-dasharray": " ".join(str(d) for d in SUPERVISION_DASHES),
                },
            )
        elif layer["value"] == "competitor":
            _el(box, "ellipse", cx=str(x0 + 28), cy=str(y - 5), rx="13", ry="8", stroke="#222222",
                fill=layer["colour"])
        else:
            _el(box, "rect", x=str(x0 + 14), y=str(y - 14), width="28", height="18", rx="5",
                fill=layer["colour"], stroke=BODY_TEXT)
        _text(box, x0 + 48, y, layer["label"], **{"font-size": "14"})
    y += 16
    for role in entries["roles"]:
        if role["shape"] == "dot" and role["value"]:
            continue  # roles without a shape of their own are dots, like "no role"
        y += 26
        # drawn, not a character: ⬟ and ⬢ are missing from many fonts
        _outline(box, role["shape"], x0 + 28, y - 5, 8, {"fill": "#555555"})
        _text(box, x0 + 48, y, role["label"], **label_style)


def influence_map_svg(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
    layout: str = "influence",
    deal_analysis: DealAnalysis | None = None,
) -> str:
    """The account's map (or, with `deal_analysis`, one deal's) as an SVG picture."""
    scene = account_scene(graph, analysis, params=params, lang=lang, deal_analysis=deal_analysis)
    return scene_svg(scene, layout=layout)


def svg_to_png(svg: str, *, chromium: str | None = None) -> bytes:
    """Render an SVG of ours to a 1920×1080 PNG in headless Chromium (`chromium`: its
    binary, default Debian's; api/settings.py reads STAKEGRAPH_CHROMIUM).

    Playwright's sync API refuses to run on a thread with an event loop (a web
    server's, a test's browser session), so the rendering gets a thread of its own.
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_render_png, svg, chromium).result()


def _render_png(svg: str, chromium: str | None) -> bytes:
    with chromium_page(width=WIDTH, height=HEIGHT, executable=chromium) as page:
        page.set_content(
            '<!DOCTYPE html><html><body style="margin:0">' + svg + "</body></html>",
            wait_until="load",
        )
        png: bytes = page.screenshot(
            type="png", clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT}
        )
        return png
