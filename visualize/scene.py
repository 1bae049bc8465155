"""What an influence map shows, independent of how it is drawn (HTML or SVG).

`account_scene` turns an account graph and its analysis into nodes and edges
with every visual decision made once: size = power (10 px + 30 px × power);
fill = stance on a blue–orange diverging scale (blue for us, orange against,
dark for strong, light for mild: readable with red–green colour blindness), and a
glyph after the name (`STANCE_GLYPHS`: ++ + − −−) so the stance survives a
grey-scale print; shape = the most decisive buying role (`ROLE_SHAPES`, in order of
precedence, each role that matters its own shape); team members as yellow boxes;
influence as arrows whose width is 1 + 4 × weight; reporting lines dashed grey
toward the manager; our relationships blue, width 1 + 5 × warmth, dotted
below `COLD_WARMTH`; people with a coverage gap outlined in red; people who left
faded. Both renderers read the scene, so the picture for slides is the same map
as the interactive one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph import i18n
from graph.analysis.coverage import pair_warmth
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.i18n import Words
from graph.model import AccountGraph, Interaction, Stakeholder
from graph.vocabulary import (
    InteractionType,
    Language,
    MemberRole,
    Role,
    Stance,
    Status,
    display_label,
)
from visualize.formats import member_node, stakeholder_node
from visualize.layout import Footprint, MapLayout, Point, map_layout, text_width

STANCE_COLOURS: dict[Stance, str] = {
    # Blue–orange diverging: the blue–yellow axis survives protanopia and
    # deuteranopia; strong and mild stances differ in lightness (tests/visualize/
    # test_map_readable.py checks both with simulated colour blindness).
    Stance.champion: "#1F5C99",
    Stance.supporter: "#8FC1E3",
    Stance.neutral: "#F2F2F2",
    Stance.skeptic: "#F4B77A",
    Stance.opponent: "#A6400A",
}
STANCE_GLYPHS: dict[Stance, str] = {
    # Champion and opponent (supporter and skeptic) are about as light as each other:
    # in grey-scale only the glyph after the name tells them apart.
    Stance.champion: "++",
    Stance.supporter: "+",
    Stance.neutral: "",
    Stance.skeptic: "\u2212",
    Stance.opponent: "\u2212\u2212",
}
MEMBER_COLOUR = "#F0E442"
RELATIONSHIP_COLOUR = "#0072B2"
INFLUENCE_COLOUR = "#444444"
REPORTING_COLOUR = "#999999"
GAP_BORDER = "#CC0000"

ROLE_SHAPES: dict[Role, str] = {
    # In order of precedence: a person's most decisive role picks the shape.
    Role.decision_maker: "star",
    Role.economic_buyer: "diamond",
    Role.coach: "triangle",
    Role.gatekeeper: "square",
    Role.technical_evaluator: "triangleDown",
    Role.influencer: "hexagon",
    Role.user: "pentagon",
}
DEFAULT_SHAPE = "dot"
"""Procurement, initiator, or no role."""
SHAPE_SYMBOLS = {
    "star": "★",
    "diamond": "◆",
    "triangle": "▲",
    "square": "■",
    "triangleDown": "▼",
    "hexagon": "⬢",
    "pentagon": "⬟",
    "dot": "●",
}
FONT_PX = 16
"""Label size at zoom 1; the interactive map never draws a label smaller than
`MIN_LABEL_PX` on screen."""
MIN_LABEL_PX = 12
MEMBER_SHAPE = "box"
COLD_WARMTH = 0.25
"""Relationship edges below this warmth are drawn dotted."""

UI_TEXT: dict[Language, Words] = i18n.table("map")
"""The map's words: the catalogue's `map.<key>` texts (graph/locale)."""

def primary_role(person: Stakeholder) -> Role | None:
    for role in ROLE_SHAPES:
        if role in person.roles:
            return role
    return person.roles[0] if person.roles else None


def footprint(node: SceneNode) -> Footprint:
    """The room a node and its label take at zoom 1 (the label hangs about 7 px below
    the shape and is about 1.6 × `FONT_PX` tall; a team member's name is inside its box)."""
    width = text_width(node.drawn_label, FONT_PX)
    if node.kind == "member":
        return Footprint(half_width=width / 2 + 8, above=14, below=14)
    return Footprint(
        half_width=max(node.size, width / 2), above=node.size, below=node.size + 7 + 1.6 * FONT_PX
    )


def node_size(power: float) -> float:
    """Radius in pixels: 10 for no power, 40 for the most powerful person."""
    return round(10 + 30 * power, 1)


@dataclass(frozen=True)
class Card:
    """A hover card: a heading, lines of facts, and the person's gaps (shown in red)."""

    name: str
    lines: list[str]
    gaps: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SceneNode:
    id: str
    kind: str
    """`stakeholder` or `member`."""
    label: str
    shape: str
    fill: str
    size: float
    has_gap: bool
    faded: bool
    roles: list[str]
    stance: str | None
    card: Card
    glyph: str = ""
    """The stance glyph drawn after the label (`STANCE_GLYPHS`)."""

    @property
    def drawn_label(self) -> str:
        """The label as drawn: the name, then the stance glyph."""
        return f"{self.label} {self.glyph}" if self.glyph else self.label


@dataclass(frozen=True)
class SceneEdge:
    source: str
    target: str
    kind: str
    """`influence`, `reports_to` or `relationship`."""
    width: float
    colour: str
    dashes: list[int] | None
    arrow: bool
    card: Card | None


@dataclass(frozen=True)
class Scene:
    title: str
    coverage: float
    lang: Language
    nodes: list[SceneNode]
    edges: list[SceneEdge]
    layout: MapLayout

    @property
    def text(self) -> dict[str, str]:
        return UI_TEXT[self.lang].as_dict()

    def positions(self, name: str) -> dict[str, Point]:
        return self.layout.org_chart if name == "org_chart" else self.layout.influence


FINDING_TYPES = (InteractionType.interview, InteractionType.focus_group, InteractionType.survey)
"""Interactions whose notes are findings about the people in them (关系衡量)."""
FINDING_CHARS = 200


def latest_findings(graph: AccountGraph) -> dict[str, Interaction]:
    """Stakeholder → the latest interview, focus group or survey they took part in
    that left a note."""
    latest: dict[str, Interaction] = {}
    for event in sorted(graph.interactions, key=lambda e: (e.date, e.id)):
        if event.type in FINDING_TYPES and event.note:
            for pid in event.stakeholders:
                latest[pid] = event
    return latest


def _finding_line(event: Interaction | None, lang: Language) -> str:
    if event is None:
        return ""
    note = event.note if len(event.note) <= FINDING_CHARS else event.note[:FINDING_CHARS] + "…"
    return f"{event.date.isoformat()} {display_label(event.type, lang)}: {note}"


def account_scene(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
) -> Scene:
    """The map of one account (see the module docstring for the visual rules)."""
    params = params or AnalysisParams(as_of=analysis.as_of)
    results = {person.id: person for person in analysis.stakeholders}
    gaps: dict[str, list[str]] = defaultdict(list)
    for gap in analysis.coverage.gaps:
        if gap.stakeholder is not None:
            gaps[gap.stakeholder].append(gap.explanation)
    text = UI_TEXT[lang]
    findings = latest_findings(graph)
    nodes: list[SceneNode] = []
    for person in graph.stakeholders:
        result = results.get(person.id)
        power = result.power if result else 0.0
        warmth = analysis.coverage.warmth.get(person.id, 0.0)
        role = primary_role(person)
        active = person.status is Status.active
        facts = (
            " · ".join(part for part in (person.title, person.department) if part),
            ", ".join(display_label(r, lang) for r in person.roles),
            f"{text['stance']}: {display_label(person.stance, lang)}",
            f"{text['power']}: {power:.2f} · {text['warmth']}: {warmth:.2f}"
            + (
                f" · {text['health']}: {result.health:.0f}"
                if result and result.health is not None
                else ""
            ),
            result.explanation if result else "",
            _finding_line(findings.get(person.id), lang),
        )
        nodes.append(
            SceneNode(
                id=stakeholder_node(person.id),
                kind="stakeholder",
                label=person.name if active else f"{person.name} ({text['left']})",
                glyph=STANCE_GLYPHS[person.stance],
                shape=ROLE_SHAPES.get(role, DEFAULT_SHAPE) if role else DEFAULT_SHAPE,
                fill=STANCE_COLOURS[person.stance],
                size=node_size(power),
                has_gap=bool(gaps.get(person.id)),
                faded=not active,
                roles=[r.value for r in person.roles],
                stance=person.stance.value,
                card=Card(
                    name=person.name,
                    lines=[line for line in facts if line],
                    gaps=gaps.get(person.id, []),
                ),
            )
        )
    for member in graph.members:
        nodes.append(
            SceneNode(
                id=member_node(member.id),
                kind="member",
                label=member.name,
                shape=MEMBER_SHAPE,
                fill=MEMBER_COLOUR,
                size=node_size(0.0),
                has_gap=False,
                faded=False,
                roles=[],
                stance=None,
                card=Card(
                    name=member.name,
                    lines=[
                        line
                        for line in (
                            f"{text['member']} · {display_label(member.role, lang)}",
                            member.email,
                        )
                        if line
                    ],
                ),
            )
        )
    people = graph.stakeholder_by_id
    edges: list[SceneEdge] = [
        SceneEdge(
            source=stakeholder_node(link.source),
            target=stakeholder_node(link.target),
            kind="influence",
            width=round(1 + 4 * link.weight, 2),
            colour=INFLUENCE_COLOUR,
            dashes=None,
            arrow=True,
            card=Card(
                name=f"{people[link.source].name} → {people[link.target].name}",
                lines=[
                    f"{text['weight']}: {link.weight:.2f}",
                    f"{text['kind']}: {display_label(link.kind, lang)}",
                ],
            ),
        )
        for link in graph.influences
    ]
    edges += [
        SceneEdge(
            source=stakeholder_node(line.stakeholder),
            target=stakeholder_node(line.manager),
            kind="reports_to",
            width=1.0,
            colour=REPORTING_COLOUR,
            dashes=[6, 6],
            arrow=True,
            card=None,
        )
        for line in graph.reporting_lines
    ]
    warmth_of = pair_warmth(graph, params)
    members = graph.member_by_id
    for rel in graph.relationships:
        warmth = warmth_of.get((rel.member, rel.stakeholder), 0.0)
        edges.append(
            SceneEdge(
                source=member_node(rel.member),
                target=stakeholder_node(rel.stakeholder),
                kind="relationship",
                width=round(1 + 5 * warmth, 2),
                colour=RELATIONSHIP_COLOUR,
                dashes=[2, 4] if warmth < COLD_WARMTH else None,
                arrow=False,
                card=Card(
                    name=f"{members[rel.member].name} — {people[rel.stakeholder].name}",
                    lines=[
                        f"{text['strength']}: {rel.strength}/5 · {text['warmth']}: {warmth:.2f}",
                        f"{text['last_contact']}: {rel.last_contact or '—'}",
                    ],
                ),
            )
        )
    return Scene(
        title=graph.account.name,
        coverage=analysis.coverage.score,
        lang=lang,
        nodes=nodes,
        edges=edges,
        layout=map_layout(graph, {node.id: footprint(node) for node in nodes}),
    )


def legend(lang: Language) -> dict[str, Any]:
    """What the legend and the filters list, in the map's language."""
    text = UI_TEXT[lang]
    return {
        "stances": [
            {
                "value": s.value,
                "label": display_label(s, lang),
                "colour": STANCE_COLOURS[s],
                "glyph": STANCE_GLYPHS[s],
            }
            for s in Stance
        ],
        "roles": [
            {
                "value": r.value,
                "label": display_label(r, lang),
                "symbol": SHAPE_SYMBOLS[ROLE_SHAPES.get(r, DEFAULT_SHAPE)],
                "shape": ROLE_SHAPES.get(r, DEFAULT_SHAPE),
            }
            for r in Role
        ]
        + [
            {
                "value": "",
                "label": text["no_role"],
                "symbol": SHAPE_SYMBOLS[DEFAULT_SHAPE],
                "shape": DEFAULT_SHAPE,
            }
        ],
        "edges": [
            {"kind": "influence", "label": text["influence"], "colour": INFLUENCE_COLOUR},
            {"kind": "reports_to", "label": text["reports_to"], "colour": REPORTING_COLOUR},
            {"kind": "relationship", "label": text["relationship"], "colour": RELATIONSHIP_COLOUR},
        ],
        "member": {
            "label": f"{text['member']} ({display_label(MemberRole.rep, lang)}, …)",
            "colour": MEMBER_COLOUR,
        },
        "gap": {"label": text["gap"], "colour": GAP_BORDER},
    }
