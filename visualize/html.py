"""The interactive influence map: one self-contained HTML file, drawn with pyvis.

pyvis builds the vis-network nodes, edges and options; our own template
(`templates/influence_map.html`) replaces pyvis's stock one because that one
links Bootstrap from a CDN and, once a hover title contains `href`, fills its
popup with `innerHTML` (script injection). Ours:

- inlines vis-network (shipped inside the pyvis package) and everything else, so
  the file works with no network;
- carries all data as JSON in `<script type="application/json">` blocks, with
  `<`, `>` and `&` escaped so no text can close the block, and builds every hover
  card, legend entry and filter from DOM text nodes (`textContent`): user text is
  never parsed as markup;
- gives vis-network node positions computed in Python (`visualize.layout`) with
  physics off, so a 1,000-person map is drawn in about a second.

What it shows is `visualize.scene`; here it becomes vis-network data. Buttons
switch between the influence layout and the org chart, and filter by role and
stance; hovering a person or a link shows its card. Decision bodies are drawn
on the canvas before the network (vis-network's `beforeDrawing`): a rounded hull
around the members' current positions with the body's label above it, so it
follows any dragging; in the influence layout only, which keeps a body's members
together (in the org chart a hull would cover people outside the body).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

from graph import i18n
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis, DealAnalysis
from graph.model import AccountGraph
from graph.vocabulary import Language
from visualize.scene import (
    BODY_FILL,
    BODY_TEXT,
    DEAL_BORDER,
    FONT_PX,
    GAP_BORDER,
    MIN_LABEL_PX,
    Scene,
    account_scene,
    legend,
)

TEMPLATES = Path(__file__).parent / "templates"
FADED_LABEL = "#9A9A9A"
"""The names of people outside the deal a map shows."""

MAP_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": True},
    "edges": {"smooth": False, "selectionWidth": 2},
    "nodes": {
        "font": {
            "size": FONT_PX,
            "face": "Noto Sans CJK SC, Noto Sans, sans-serif",
            # a white halo keeps a name readable where a link passes under it
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
        },
        # zoomed out further, names are not drawn rather than drawn unreadably small
        "scaling": {"label": {"drawThreshold": MIN_LABEL_PX}},
    },
    "layout": {"improvedLayout": False},
}


def shape_image(shape: str, fill: str, border: str, border_width: float) -> str:
    """A `data:` SVG of a shape vis-network has no built-in for (`pentagon`), filled
    and outlined like the built-in ones; vis-network draws it as an image node with
    its label below, like every other person."""
    points = " ".join(
        f"{50 + 46 * math.sin(2 * math.pi * i / 5):.1f},{54 - 46 * math.cos(2 * math.pi * i / 5):.1f}"
        for i in range(5)
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<polygon points="{points}" fill="{fill}" stroke="{border}" '
        f'stroke-width="{border_width * 2.5:.1f}" stroke-linejoin="round"/></svg>'
    )
    return "data:image/svg+xml," + quote(svg)


def script_json(value: Any) -> Markup:
    """JSON safe inside `<script>`: no `<`, `>` or `&` can end the block or open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704 - every markup character is escaped above


@cache
def _vis_network_js() -> Markup:
    library = resources.files("pyvis") / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    text = library.read_text(encoding="utf-8")
    if "</script" in text.lower():  # would end our inline block early
        raise RuntimeError("the bundled vis-network cannot be inlined safely")
    return Markup(text)  # noqa: S704 - a trusted library shipped with pyvis


def install_translations(env: Environment, lang: Language) -> None:
    """Add the Jinja i18n extension to `env` with the catalogue's translations in `lang`:
    `{{ pgettext("page.save", "Save") }}` and `{% trans %}` read graph/locale, as the
    `t.<key>` lookups of our templates do."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(lang), newstyle=True
    )


def template_environment(lang: Language = "en") -> Environment:
    """Our templates, autoescaped, with the JSON filters and the Jinja i18n extension
    reading the translation catalogue in `lang` (graph/i18n.py)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install_translations(env, lang)
    env.filters["script_json"] = script_json
    env.filters["script_json_text"] = lambda text: script_json(json.loads(text))
    env.globals["vis_network_js"] = _vis_network_js()
    return env


def scene_network(scene: Scene) -> Network:
    """The pyvis network of a scene: nodes at their influence-layout positions, edges, options."""
    influence = scene.positions("influence")
    org_chart = scene.positions("org_chart")
    net = Network(directed=True, height="100%", width="100%", cdn_resources="in_line")
    for node in scene.nodes:
        x, y = influence[node.id]
        border = GAP_BORDER if node.has_gap else DEAL_BORDER if node.in_deal else "#222222"
        border_width = 4 if node.has_gap else 3 if node.in_deal else 1
        # vis-network draws a label about 12 px below the shape; one the layout put
        # above moves up by the shape, both gaps and the label's height
        vadjust = -(2 * node.size + 34) if node.id in scene.layout.labels_above else 0
        # on a deal's map the names of people outside it fade with their shapes
        faded_label = node.faded and scene.deal is not None
        drawn = (
            {
                "shape": "image",
                "image": shape_image(node.shape, node.fill, border, border_width),
            }
            if node.shape == "pentagon"
            else {"shape": node.shape}
        )
        net.add_node(
            node.id,
            label=node.drawn_label,
            **drawn,
            size=node.size,
            x=x,
            y=y,
            color={
                "background": node.fill,
                "border": border,
                "highlight": {"background": node.fill, "border": "#000000"},
            },
            borderWidth=border_width,
            opacity=0.45 if node.faded else 1.0,
            kind=node.kind,
            roles=node.roles,
            stance=node.stance,
            font={"vadjust": vadjust, **({"color": FADED_LABEL} if faded_label else {})},
            label_colour=FADED_LABEL if faded_label else None,
            influence_vadjust=vadjust,
            influence_xy=list(influence[node.id]),
            org_xy=list(org_chart[node.id]),
            card=asdict(node.card),
        )
    for edge in scene.edges:
        net.add_edge(
            edge.source,
            edge.target,
            kind=edge.kind,
            width=edge.width,
            color={"color": edge.colour, "opacity": 0.25} if edge.faded else edge.colour,
            dashes=edge.dashes or False,
            arrows={
                "to": {
                    "enabled": edge.arrow,
                    "scaleFactor": 1.0 if edge.kind == "influence" else 0.5,
                    **({"type": "vee"} if edge.kind == "supervises" else {}),
                }
            },
            card=asdict(edge.card) if edge.card else None,
        )
    net.set_options(json.dumps(MAP_OPTIONS))
    return net


def influence_map_html(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
    deal_analysis: DealAnalysis | None = None,
) -> str:
    """The account's interactive influence map as one self-contained HTML document;
    with `deal_analysis`, the map of that deal (`visualize.scene`)."""
    scene = account_scene(graph, analysis, params=params, lang=lang, deal_analysis=deal_analysis)
    net = scene_network(scene)
    # pyvis renders through its own Environment; ours adds autoescaping and the filters.
    net.templateEnv = template_environment(lang)
    net.path = "influence_map.html"
    net.heading = {
        "lang": lang,
        "title": scene.title,
        "coverage": scene.coverage,
        "text": scene.text,
        "legend": legend(lang, scene.extras),
        "min_scale": MIN_LABEL_PX / FONT_PX,
        "deal": scene.deal,
        "groups": [asdict(group) for group in scene.groups],
        "group_style": {"fill": BODY_FILL, "text": BODY_TEXT},
    }
    html: str = net.generate_html(name="map.html")
    return html
