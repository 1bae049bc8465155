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
faded. 分管 lines are green dash-dot arrows from the leader to the person whose
area they are in charge of (the area in the card); competitors are reddish-purple
ellipses (outside our blue and yellow), their ties reddish-purple lines of width
1 + strength; each decision body is a labelled group drawn behind its members
("评标委员会 · 2/7 known": members we know of its seats). Both renderers read the
scene, so the picture for slides is the same map as the interactive one.

With a deal (`deal_analysis`), the map shows that deal: its people (committee and
the members of the bodies deciding it) with their roles, stance and power in the
deal and a dark outline, everybody else and the links between them faded; only the
bodies deciding the deal and the deal's competitors. The layout stays the
account's (deterministic), on the graph the deal sees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from graph import i18n
from graph.analysis.coverage import pair_warmth
from graph.analysis.deals import known_members
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis, DealAnalysis, SeatResult
from graph.i18n import Words
from graph.model import AccountGraph, Interaction
from graph.vocabulary import (
    InteractionType,
    Language,
    MemberRole,
    Role,
    Stance,
    Status,
    display_label,
)
from visualize.formats import competitor_node, member_node, stakeholder_node
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
SUPERVISION_COLOUR = "#009E73"
"""分管 lines: Okabe–Ito bluish green, apart from grey reporting lines and our blue."""
SUPERVISION_DASHES = [10, 4, 2, 4]
"""Dash-dot, where reporting lines are evenly dashed."""
COMPETITOR_COLOUR = "#CC79A7"
"""Competitors and their ties: Okabe–Ito reddish purple, far from our team's colours."""
COMPETITOR_SHAPE = "ellipse"
BODY_FILL = "#ECE6F5"
"""The background of a decision body's group."""
BODY_TEXT = "#4B3A6B"
DEAL_BORDER = "#000000"
"""The outline of the people deciding the shown deal."""

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

def primary_role(roles: Sequence[Role]) -> Role | None:
    """The most decisive of `roles` (the order of `ROLE_SHAPES`)."""
    for role in ROLE_SHAPES:
        if role in roles:
            return role
    return roles[0] if roles else None


def footprint(node: SceneNode) -> Footprint:
    """The room a node and its label take at zoom 1 (the label hangs about 7 px below
    the shape and is about 1.6 × `FONT_PX` tall; a team member's name is inside its box)."""
    width = text_width(node.drawn_label, FONT_PX)
    if node.kind in ("member", "competitor"):
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
    """`stakeholder`, `member` or `competitor`."""
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
    in_deal: bool = False
    """One of the shown deal's people (drawn with a dark outline)."""

    @property
    def drawn_label(self) -> str:
        """The label as drawn: the name, then the stance glyph."""
        return f"{self.label} {self.glyph}" if self.glyph else self.label


@dataclass(frozen=True)
class SceneEdge:
    source: str
    target: str
    kind: str
    """`influence`, `reports_to`, `relationship`, `supervises` or `competitor_tie`."""
    width: float
    colour: str
    dashes: list[int] | None
    arrow: bool
    card: Card | None
    faded: bool = False
    """Between people outside the shown deal."""


@dataclass(frozen=True)
class SceneGroup:
    """A decision body drawn as a group behind its members."""

    id: str
    label: str
    """The body's name and how many of its seats we know: "评标委员会 · 2/7 known"."""
    members: list[str]
    """Node ids of its members on the map."""
    known: int
    seats: int
    anchor: str | None = None
    """The member above whom the label goes (`MapLayout.group_anchors`)."""


@dataclass(frozen=True)
class Scene:
    title: str
    coverage: float
    lang: Language
    nodes: list[SceneNode]
    edges: list[SceneEdge]
    layout: MapLayout
    groups: list[SceneGroup] = field(default_factory=list)
    deal: str | None = None
    """The id of the deal shown, None for the whole account."""

    @property
    def extras(self) -> frozenset[str]:
        """What the legend adds for this map: `supervises`, `competitor`, `body`."""
        found = {edge.kind for edge in self.edges if edge.kind == "supervises"}
        found |= {"competitor" for node in self.nodes if node.kind == "competitor"}
        return frozenset(found | ({"body"} if self.groups else set()))

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
    deal_analysis: DealAnalysis | None = None,
) -> Scene:
    """The map of one account, or of one of its deals with `deal_analysis` (see the
    module docstring for the visual rules)."""
    params = params or AnalysisParams(as_of=analysis.as_of)
    text = UI_TEXT[lang]
    drawn = graph if deal_analysis is None else _deal_view(graph, deal_analysis)
    results = {person.id: person for person in analysis.stakeholders}
    seats = {} if deal_analysis is None else {seat.id: seat for seat in deal_analysis.people}
    gaps: dict[str, list[str]] = defaultdict(list)
    coverage = analysis.coverage if deal_analysis is None else deal_analysis.coverage
    for gap in coverage.gaps:
        if gap.stakeholder is not None:
            gaps[gap.stakeholder].append(gap.explanation)
    findings = latest_findings(graph)
    nodes: list[SceneNode] = []
    for person in graph.stakeholders:
        result = results.get(person.id)
        seat = seats.get(person.id)
        roles = person.roles if seat is None else tuple(seat.roles)
        stance = person.stance if seat is None else seat.stance
        power = seat.power if seat else result.power if result else 0.0
        warmth = coverage.warmth.get(person.id, analysis.coverage.warmth.get(person.id, 0.0))
        role = primary_role(roles)
        active = person.status is Status.active
        facts = (
            _deal_line(deal_analysis, seat, text),
            " · ".join(part for part in (person.title, person.department) if part),
            ", ".join(display_label(r, lang) for r in roles),
            f"{text['stance']}: {display_label(stance, lang)}",
            f"{text['power']}: {power:.2f} · {text['warmth']}: {warmth:.2f}"
            + (
                f" · {text['health']}: {result.health:.0f}"
                if result and result.health is not None
                else ""
            ),
            seat.explanation if seat else result.explanation if result else "",
            _finding_line(findings.get(person.id), lang),
        )
        nodes.append(
            SceneNode(
                id=stakeholder_node(person.id),
                kind="stakeholder",
                label=person.name if active else f"{person.name} ({text['left']})",
                glyph=STANCE_GLYPHS[stance],
                shape=ROLE_SHAPES.get(role, DEFAULT_SHAPE) if role else DEFAULT_SHAPE,
                fill=STANCE_COLOURS[stance],
                size=node_size(power),
                has_gap=bool(gaps.get(person.id)),
                faded=not active or (deal_analysis is not None and seat is None),
                roles=[r.value for r in roles],
                stance=stance.value,
                card=Card(
                    name=person.name,
                    lines=[line for line in facts if line],
                    gaps=gaps.get(person.id, []),
                ),
                in_deal=seat is not None,
            )
        )
    nodes += [
        _named_node(
            member_node(member.id),
            "member",
            member.name,
            MEMBER_SHAPE,
            MEMBER_COLOUR,
            [f"{text['member']} · {display_label(member.role, lang)}", member.email],
        )
        for member in graph.members
    ]
    nodes += [
        _named_node(
            competitor_node(rival.id),
            "competitor",
            rival.name,
            COMPETITOR_SHAPE,
            COMPETITOR_COLOUR,
            [text["competitor"], rival.notes],
        )
        for rival in drawn.competitors
    ]
    edges = _edges(drawn, params, text, lang)
    if deal_analysis is not None:
        outside = {node.id for node in nodes if node.kind == "stakeholder" and not node.in_deal}
        edges = [
            replace(edge, faded=True) if {edge.source, edge.target} & outside else edge
            for edge in edges
        ]
    title = graph.account.name
    if deal_analysis is not None:
        title = f"{title} · {deal_analysis.deal.name}"
    layout = map_layout(drawn, {node.id: footprint(node) for node in nodes})
    return Scene(
        title=title,
        coverage=coverage.score,
        lang=lang,
        nodes=nodes,
        edges=edges,
        layout=layout,
        groups=_groups(drawn, params, text, deal_analysis, layout.group_anchors),
        deal=None if deal_analysis is None else deal_analysis.deal.id,
    )


def _named_node(
    node_id: str, kind: str, name: str, shape: str, fill: str, lines: Sequence[str]
) -> SceneNode:
    """A team member or a competitor: a shape with the name inside, of no power or
    stance, its card the non-empty `lines`."""
    return SceneNode(
        id=node_id,
        kind=kind,
        label=name,
        shape=shape,
        fill=fill,
        size=node_size(0.0),
        has_gap=False,
        faded=False,
        roles=[],
        stance=None,
        card=Card(name=name, lines=[line for line in lines if line]),
    )


def _deal_view(graph: AccountGraph, deal: DealAnalysis) -> AccountGraph:
    """The account with only what the deal map draws beside the people: the bodies
    deciding the deal, the deal's competitors and their ties."""
    rivals = set(deal.competition.competitors)
    deciding = {body.id for body in deal.bodies}
    return graph.model_copy(
        update={
            "competitors": tuple(c for c in graph.competitors if c.id in rivals),
            "competitor_ties": tuple(t for t in graph.competitor_ties if t.competitor in rivals),
            "bodies": tuple(b for b in graph.bodies if b.id in deciding),
        }
    )


def _deal_line(deal: DealAnalysis | None, seat: SeatResult | None, text: Words) -> str:
    """The first line of a person's card on a deal's map: their rank in the deal."""
    if deal is None:
        return ""
    if seat is None:
        return text["not_deciding"].format(deal=deal.deal.name)
    return text["deal_rank"].format(deal=deal.deal.name, rank=seat.rank, n=len(deal.people))


def _groups(
    graph: AccountGraph,
    params: AnalysisParams,
    text: Words,
    deal: DealAnalysis | None,
    anchors: Mapping[str, str],
) -> list[SceneGroup]:
    """A group per decision body drawn (the deal's deciding bodies on a deal's map)."""
    known = (
        known_members(graph, params)
        if deal is None
        else {body.id: body.known for body in deal.bodies}
    )
    people = graph.stakeholder_by_id
    return [
        SceneGroup(
            id=body.id,
            label=f"{body.name} · "
            + text["body_known"].format(known=len(known.get(body.id, [])), seats=body.seats),
            members=[stakeholder_node(pid) for pid in sorted(set(body.members)) if pid in people],
            known=len(known.get(body.id, [])),
            seats=body.seats,
            anchor=anchors.get(body.id),
        )
        for body in sorted(graph.bodies, key=lambda body: body.id)
    ]


def _edges(
    graph: AccountGraph, params: AnalysisParams, text: Words, lang: Language
) -> list[SceneEdge]:
    """Influence, reporting, our relationships, 分管 lines and competitors' ties."""
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
    edges += [
        SceneEdge(
            source=stakeholder_node(line.leader),
            target=stakeholder_node(line.stakeholder),
            kind="supervises",
            width=2.0,
            colour=SUPERVISION_COLOUR,
            dashes=SUPERVISION_DASHES,
            arrow=True,
            card=Card(
                name=f"{people[line.leader].name} → {people[line.stakeholder].name}",
                lines=[
                    f"{text['supervision']}: {line.area}" if line.area else text["supervision"]
                ],
            ),
        )
        for line in graph.supervisions
        if line.leader in people and line.stakeholder in people
    ]
    rivals = {rival.id: rival.name for rival in graph.competitors}
    edges += [
        SceneEdge(
            source=competitor_node(tie.competitor),
            target=stakeholder_node(tie.stakeholder),
            kind="competitor_tie",
            width=float(1 + tie.strength),
            colour=COMPETITOR_COLOUR,
            dashes=None,
            arrow=False,
            card=Card(
                name=f"{rivals[tie.competitor]} — {people[tie.stakeholder].name}",
                lines=[
                    line
                    for line in (
                        f"{text['competitor']}: {rivals[tie.competitor]}",
                        f"{text['strength']}: {tie.strength}/5",
                        tie.note,
                    )
                    if line
                ],
            ),
        )
        for tie in graph.competitor_ties
        if tie.competitor in rivals and tie.stakeholder in people
    ]
    return edges


def legend(lang: Language, extras: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What the legend and the filters list, in the map's language; `extras` (a
    scene's `Scene.extras`) adds 分管 lines, competitors and decision bodies, which
    the legend can also hide ("layers")."""
    text = UI_TEXT[lang]
    layers = [
        {"value": "supervises", "label": text["supervises"], "colour": SUPERVISION_COLOUR},
        {"value": "competitor", "label": text["competitor_tie"], "colour": COMPETITOR_COLOUR},
        {"value": "body", "label": text["body"], "colour": BODY_FILL},
    ]
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
        "layers": [layer for layer in layers if layer["value"] in extras],
    }
