"""Node positions for influence maps, computed in Python so the browser draws at once.

Two layouts of the same nodes (ids as in `visualize.formats`):

- **influence**: each connected group of people (influence links, reporting lines
  and our relationships) gets a force-directed layout (igraph's
  Fruchterman–Reingold; the grid variant above `GRID_ABOVE` nodes) scaled so a
  median link is `SPACING` long; the groups are then packed in rows, largest
  first, and people nobody is linked to sit in a grid after them. (Laid out
  together, a few isolated people drift far out, the map is fitted to them and
  every label shrinks.)
- **org_chart**: top-down reporting tree (Reingold–Tilford), several roots side by
  side; our team members in a row above the client's people, competitors in a row
  below them.

Competitors are nodes like our team members (`competitor:ID`). Besides influence,
reporting and our relationships, 分管 lines, competitors' ties and decision bodies
pull people together in the influence layout: a body links its chair (or first
member) to each other member, so its members sit near each other and the group
drawn around them stays small.

Both pass through `remove_overlaps`, which pushes apart any two nodes whose
footprints (shape plus the label below it, `Footprint`) overlap, so no label
covers another label or another node at zoom 1.

The layout is deterministic: nodes are taken in id order whatever order the store
returned them in, force layouts start from a circle, and igraph's random numbers
come from a generator seeded with `SEED` — the same account gives byte-identical
positions on every run and every machine.

Why igraph and not NetworkX: for a 1,000-person account NetworkX's
`spring_layout` took 3.8 s here, igraph's grid Fruchterman–Reingold 0.15 s.
"""

from __future__ import annotations

import math
import random
import statistics
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

import igraph as ig
import numpy as np
from scipy.spatial import cKDTree

from graph.model import AccountGraph
from visualize.formats import competitor_node, member_node, stakeholder_node

Point = tuple[float, float]

SPACING = 110.0
"""Pixels between neighbouring nodes (org chart: between siblings; levels are 1.4× that)."""
GRID_ABOVE = 300
"""Above this many nodes the force layout uses its grid approximation (O(n) per step)."""
GAP = 8.0
"""Pixels kept free between two nodes' footprints."""
SEED = 19
"""Seed of the random numbers igraph's layouts draw."""
OVERLAP_ROUNDS = 60
"""At most this many sweeps of `remove_overlaps`: maps up to a few hundred people
settle well within them; at 1,000 a few dozen near-touches may remain (bench/map.py
counts the labels that still overlap in the browser)."""


@dataclass(frozen=True)
class Footprint:
    """The room a node takes around its centre at zoom 1, in pixels: half its width
    (shape or label, whichever is wider), and how far it reaches above and below the
    centre (the label hangs below the shape)."""

    half_width: float
    above: float
    below: float


def text_width(text: str, font_px: float) -> float:
    """A generous estimate of `text`'s width in pixels at `font_px`: wide (CJK)
    characters 1 em, others 0.62 em (Noto Sans averages about 0.55 em)."""
    return font_px * sum(
        1.0 if unicodedata.east_asian_width(char) in "WF" else 0.62 for char in text
    )


@dataclass(frozen=True)
class MapLayout:
    influence: dict[str, Point]
    org_chart: dict[str, Point]
    labels_above: frozenset[str] = frozenset()
    """Nodes whose label the influence layout puts above the shape, where fewer of
    their own links cross it (`label_sides`); in the org chart every label is below."""
    group_anchors: Mapping[str, str] = field(default_factory=dict)
    """Decision body id → the member above whom the influence layout keeps room for
    the body's label (`group_label_room`)."""


def default_footprints(graph: AccountGraph) -> dict[str, Footprint]:
    """Footprints of 10-px nodes with their names below in 16-px type."""
    names = {stakeholder_node(p.id): p.name for p in graph.stakeholders}
    names |= {member_node(m.id): m.name for m in graph.members}
    names |= {competitor_node(c.id): c.name for c in graph.competitors}
    return {
        node: Footprint(max(10.0, text_width(name, 16) / 2), 10.0, 10.0 + 26.0)
        for node, name in names.items()
    }


def map_layout(graph: AccountGraph, footprints: Mapping[str, Footprint] | None = None) -> MapLayout:
    """Both layouts of the account's stakeholders and team members, with no two
    `footprints` (default: `default_footprints`) overlapping."""
    footprints = footprints or default_footprints(graph)
    with _seeded():
        # each group is cleared before packing, and packing keeps groups apart
        influence = influence_layout(graph, footprints)
        above = label_sides(graph, influence, footprints)
        flipped = {
            node: Footprint(f.half_width, f.below, f.above) if node in above else f
            for node, f in footprints.items()
        }
        if above:
            influence = remove_overlaps(influence, flipped)
        anchors = group_anchors(graph, influence, flipped)
        if anchors:
            influence = remove_overlaps(influence, group_label_room(graph, anchors, flipped))
        return MapLayout(
            influence=influence,
            org_chart=remove_overlaps(org_chart_layout(graph), footprints, horizontal_only=True),
            labels_above=frozenset(above),
            group_anchors=anchors,
        )


GROUP_LABEL_PX = 15.0
"""Size of a decision body's label, drawn above its group."""
GROUP_LABEL_ROOM = 2.6 * GROUP_LABEL_PX
"""Pixels above a group's topmost member kept free for the group's label."""


def group_anchors(
    graph: AccountGraph, positions: Mapping[str, Point], footprints: Mapping[str, Footprint]
) -> dict[str, str]:
    """Body id → its topmost member on the map (whose footprint reaches highest; ties
    by id), above whom its label goes."""
    anchors = {}
    for body in sorted(graph.bodies, key=lambda body: body.id):
        members = [stakeholder_node(pid) for pid in sorted(set(body.members))]
        members = [node for node in members if node in positions]
        if members:
            anchors[body.id] = min(
                members, key=lambda n: (positions[n][1] - footprints[n].above, n)
            )
    return anchors


def group_label_room(
    graph: AccountGraph, anchors: Mapping[str, str], footprints: Mapping[str, Footprint]
) -> dict[str, Footprint]:
    """`footprints` with each body's anchor (`group_anchors`) reaching
    `GROUP_LABEL_ROOM` further up and at least as wide as the body's label (its name
    and "· 2/7 known"), so no one else stands where the label is drawn."""
    room = dict(footprints)
    for body in graph.bodies:
        if body.id not in anchors:
            continue
        anchor = anchors[body.id]
        width = text_width(body.name, GROUP_LABEL_PX) + 8 * GROUP_LABEL_PX
        f = room[anchor]
        room[anchor] = Footprint(max(f.half_width, width / 2), f.above + GROUP_LABEL_ROOM, f.below)
    return room


LABEL_GAP = 7.0
"""Pixels between a shape and the label below (or above) it."""


def label_sides(
    graph: AccountGraph, positions: Mapping[str, Point], footprints: Mapping[str, Footprint]
) -> set[str]:
    """The people whose label goes above their shape: those more of whose own links
    (influence, reporting, relationships) would cross the label below than above.
    A link crosses the label below when it leaves the node downward and is still
    within the label's half width when it reaches the label's top edge (the shape's
    radius is `footprint.above`, the label's half width at most `half_width`)."""
    index = {node: i for i, node in enumerate(sorted(positions))}
    nodes = sorted(positions)
    crossings = {node: [0, 0] for node in nodes}  # below, above
    for a, b in _links(graph, index):
        for one, other in ((nodes[a], nodes[b]), (nodes[b], nodes[a])):
            (x1, y1), (x2, y2) = positions[one], positions[other]
            dx, dy = x2 - x1, y2 - y1
            reach = footprints[one].above + LABEL_GAP
            if abs(dy) > reach and abs(dx * reach / dy) < footprints[one].half_width:
                crossings[one][0 if dy > 0 else 1] += 1
    return {
        node
        for node, (below, above) in crossings.items()
        if above < below and not node.startswith(("member:", "competitor:"))
    }


@contextmanager
def _seeded() -> Iterator[None]:
    ig.set_random_number_generator(random.Random(SEED))  # noqa: S311 - a layout, not a secret
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def _node_ids(graph: AccountGraph) -> list[str]:
    return (
        sorted(stakeholder_node(p.id) for p in graph.stakeholders)
        + sorted(member_node(m.id) for m in graph.members)
        + sorted(competitor_node(c.id) for c in graph.competitors)
    )


def _links(graph: AccountGraph, index: Mapping[str, int]) -> list[tuple[int, int]]:
    edges = {
        (index[stakeholder_node(link.source)], index[stakeholder_node(link.target)])
        for link in graph.influences
    }
    edges |= {
        (index[stakeholder_node(line.stakeholder)], index[stakeholder_node(line.manager)])
        for line in graph.reporting_lines
    }
    edges |= {
        (index[member_node(rel.member)], index[stakeholder_node(rel.stakeholder)])
        for rel in graph.relationships
    }
    pairs = [(stakeholder_node(s.leader), stakeholder_node(s.stakeholder)) for s in graph.supervisions]
    pairs += [
        (competitor_node(tie.competitor), stakeholder_node(tie.stakeholder))
        for tie in graph.competitor_ties
    ]
    for body in graph.bodies:
        members = sorted(set(body.members))
        hub = body.chair or (members[0] if members else "")
        pairs += [(stakeholder_node(hub), stakeholder_node(m)) for m in members if m != hub]
    edges |= {(index[a], index[b]) for a, b in pairs if a in index and b in index}
    return sorted((a, b) for a, b in edges if a != b)


def influence_layout(
    graph: AccountGraph, footprints: Mapping[str, Footprint] | None = None
) -> dict[str, Point]:
    """Linked groups laid out by force and packed in rows, isolated people in a grid."""
    footprints = footprints or default_footprints(graph)
    nodes = _node_ids(graph)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    network = ig.Graph(n=len(nodes), edges=_links(graph, index))
    blocks: list[dict[str, Point]] = []
    alone: list[str] = []
    for members in network.connected_components(mode="weak"):
        if len(members) == 1:
            alone.append(nodes[members[0]])
        else:
            block = _force_block(network.induced_subgraph(members), [nodes[i] for i in members])
            blocks.append(_roomy(block, footprints))
    blocks = [remove_overlaps(block, footprints) for block in blocks]
    blocks.sort(key=lambda block: (-len(block), min(block)))
    if alone:
        blocks.append(_grid_block(alone, footprints))
    return _packed(blocks, footprints)


def _force_block(network: ig.Graph, nodes: list[str]) -> dict[str, Point]:
    count = len(nodes)
    # A circle of radius √n, the spread igraph's own random start has: from a unit
    # circle every node shares one grid cell and the grid variant is 7× slower.
    radius = math.sqrt(count)
    start = [
        [radius * math.cos(2 * math.pi * i / count), radius * math.sin(2 * math.pi * i / count)]
        for i in range(count)
    ]
    coords = network.layout_fruchterman_reingold(
        seed=start, niter=500, grid=count > GRID_ABOVE
    ).coords
    lengths = [math.dist(coords[a], coords[b]) for a, b in network.get_edgelist()]
    factor = SPACING / (statistics.median(lengths) or 1.0)
    return {node: (x * factor, y * factor) for node, (x, y) in zip(nodes, coords, strict=True)}


ROOM = 5.0
"""A force-laid group of more than `ROOMY_ABOVE` people is stretched until its bounding
box is at least this many times the area its footprints cover: a large group is
denser in the middle than `remove_overlaps` can clear in its sweeps."""
ROOMY_ABOVE = 50


def _roomy(block: dict[str, Point], footprints: Mapping[str, Footprint]) -> dict[str, Point]:
    if len(block) <= ROOMY_ABOVE:
        return block
    covered = sum(
        2 * footprints[n].half_width * (footprints[n].above + footprints[n].below) for n in block
    )
    left, top, right, bottom = _bounds(block, footprints)
    factor = max(1.0, math.sqrt(ROOM * covered / ((right - left) * (bottom - top))))
    return {node: (x * factor, y * factor) for node, (x, y) in block.items()}


def _grid_block(nodes: list[str], footprints: Mapping[str, Footprint]) -> dict[str, Point]:
    columns = max(1, math.ceil(math.sqrt(len(nodes) * 2)))
    width = max(2 * footprints[n].half_width for n in nodes) + GAP
    height = max(footprints[n].above + footprints[n].below for n in nodes) + GAP
    return {node: ((i % columns) * width, (i // columns) * height) for i, node in enumerate(nodes)}


def _bounds(
    block: Mapping[str, Point], footprints: Mapping[str, Footprint]
) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a block's footprints."""
    return (
        min(x - footprints[n].half_width for n, (x, _) in block.items()),
        min(y - footprints[n].above for n, (_, y) in block.items()),
        max(x + footprints[n].half_width for n, (x, _) in block.items()),
        max(y + footprints[n].below for n, (_, y) in block.items()),
    )


def _packed(
    blocks: list[dict[str, Point]], footprints: Mapping[str, Footprint]
) -> dict[str, Point]:
    """Blocks left to right in rows about as wide as the whole is tall × 1.6, centred on 0, 0."""
    sized = [(block, _bounds(block, footprints)) for block in blocks]
    area = sum((r - left) * (b - t) for _, (left, t, r, b) in sized)
    row_width = max(max(r - left for _, (left, _t, r, _b) in sized), math.sqrt(area * 1.6))
    placed: dict[str, Point] = {}
    x = y = row_height = 0.0
    for block, (left, top, right, bottom) in sized:
        if x > 0 and x + right - left > row_width:
            x, y, row_height = 0.0, y + row_height + 2 * GAP, 0.0
        for node, (nx, ny) in block.items():
            placed[node] = (nx - left + x, ny - top + y)
        x += right - left + 2 * GAP
        row_height = max(row_height, bottom - top)
    left, top, right, bottom = _bounds(placed, footprints)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return {node: (round(px - cx, 1), round(py - cy, 1)) for node, (px, py) in placed.items()}


def remove_overlaps(
    positions: Mapping[str, Point],
    footprints: Mapping[str, Footprint],
    *,
    horizontal_only: bool = False,
) -> dict[str, Point]:
    """Positions moved so no two footprints (plus `GAP`) overlap: in each sweep every
    overlapping pair is pushed apart, half each, along the axis where it overlaps
    less (only sideways with `horizontal_only`), all pairs at once, until a sweep
    finds none or after `OVERLAP_ROUNDS` sweeps. Candidate pairs come from a k-d
    tree, so a sweep costs O(n log n). Deterministic."""
    nodes = sorted(positions)
    if len(nodes) < 2:
        return {n: positions[n] for n in nodes}
    xy = np.array([positions[n] for n in nodes], dtype=float)
    half = np.array([footprints[n].half_width for n in nodes]) + GAP / 2
    above = np.array([footprints[n].above for n in nodes]) + GAP / 2
    below = np.array([footprints[n].below for n in nodes]) + GAP / 2
    reach = 2 * max(half.max(), above.max(), below.max())
    for _ in range(OVERLAP_ROUNDS):
        pairs = cKDTree(xy).query_pairs(r=reach, p=np.inf, output_type="ndarray")
        if len(pairs) == 0:
            break
        first, second = pairs[:, 0], pairs[:, 1]
        x, y = xy[:, 0], xy[:, 1]
        dx = half[first] + half[second] - np.abs(x[second] - x[first])
        first_up = (y[first] < y[second]) | ((y[first] == y[second]) & (first < second))
        upper = np.where(first_up, first, second)
        lower = np.where(first_up, second, first)
        dy = below[upper] + above[lower] - (y[lower] - y[upper])
        hit = (dx > 0) & (dy > 0)
        if not hit.any():
            break
        sideways = hit & ((dx <= dy) | horizontal_only)
        upward = hit & ~sideways
        first_left = (x[first] < x[second]) | ((x[first] == x[second]) & (first < second))
        left = np.where(first_left, first, second)
        right = np.where(first_left, second, first)
        shift = np.zeros_like(xy)
        push = dx[sideways] / 2 + 0.05
        np.add.at(shift[:, 0], left[sideways], -push)
        np.add.at(shift[:, 0], right[sideways], push)
        push = dy[upward] / 2 + 0.05
        np.add.at(shift[:, 1], upper[upward], -push)
        np.add.at(shift[:, 1], lower[upward], push)
        xy += shift
    return {
        n: (round(float(px), 1), round(float(py), 1)) for n, (px, py) in zip(nodes, xy, strict=True)
    }


def org_chart_layout(graph: AccountGraph) -> dict[str, Point]:
    """Reporting trees side by side; people with neither manager nor reports in rows
    below them (in one row, 14 unlinked people made a strip too long to read)."""
    people = sorted(p.id for p in graph.stakeholders)
    positions: dict[str, Point] = {}
    lines = sorted((line.manager, line.stakeholder) for line in graph.reporting_lines)
    in_trees = sorted({pid for line in lines for pid in line})
    alone = [pid for pid in people if pid not in set(in_trees)]
    bottom = -1.0
    if in_trees:
        index = {pid: i for i, pid in enumerate(in_trees)}
        edges = [(index[manager], index[report]) for manager, report in lines]
        managed = {child for _, child in edges}
        roots = [i for i in range(len(in_trees)) if i not in managed]
        tree = ig.Graph(n=len(in_trees), edges=edges, directed=True)
        coords = tree.layout_reingold_tilford(mode="out", root=roots).coords
        centre = (min(c[0] for c in coords) + max(c[0] for c in coords)) / 2
        for pid, (x, y) in zip(in_trees, coords, strict=True):
            positions[stakeholder_node(pid)] = (
                round((x - centre) * SPACING, 1),
                round(y * SPACING * 1.4, 1),
            )
        bottom = max(c[1] for c in coords)
    columns = max(4, math.ceil(math.sqrt(len(alone) * 2)))
    for i, pid in enumerate(alone):
        row, column = divmod(i, columns)
        in_row = min(columns, len(alone) - row * columns)
        positions[stakeholder_node(pid)] = (
            round((column - (in_row - 1) / 2) * SPACING * 1.6, 1),
            round((bottom + 1 + row) * SPACING * 1.4, 1),
        )
    members = sorted(m.id for m in graph.members)
    for i, mid in enumerate(members):
        offset = (i - (len(members) - 1) / 2) * SPACING
        positions[member_node(mid)] = (round(offset, 1), -SPACING * 1.4)
    rivals = sorted(c.id for c in graph.competitors)
    lowest = max((y for _, y in positions.values()), default=0.0)
    for i, cid in enumerate(rivals):
        offset = (i - (len(rivals) - 1) / 2) * SPACING * 1.6
        positions[competitor_node(cid)] = (round(offset, 1), round(lowest + SPACING * 1.4, 1))
    return positions
