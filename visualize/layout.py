"""Node positions for influence maps, computed in Python so the browser draws at once.

Two layouts of the same nodes (ids as in `visualize.formats`):

- **influence**: a force-directed layout (igraph's Fruchterman–Reingold; the grid
  variant above `GRID_ABOVE` nodes) over influence links, reporting lines and our
  relationships, so people who talk to each other sit together. It starts from
  a circle, so the same graph always gets the same picture.
- **org_chart**: top-down reporting tree (Reingold–Tilford), several roots side by
  side; our team members in a row above the client's people.

Why igraph and not NetworkX: for a 1,000-person account NetworkX's
`spring_layout` took 3.8 s here, igraph's grid Fruchterman–Reingold 0.15 s.
Both layouts are scaled to pixels so that about `SPACING` separates neighbours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import igraph as ig

from graph.model import AccountGraph
from visualize.formats import member_node, stakeholder_node

Point = tuple[float, float]

SPACING = 110.0
"""Pixels between neighbouring nodes (org chart: between siblings; levels are 1.4× that)."""
GRID_ABOVE = 300
"""Above this many nodes the force layout uses its grid approximation (O(n) per step)."""


@dataclass(frozen=True)
class MapLayout:
    influence: dict[str, Point]
    org_chart: dict[str, Point]


def map_layout(graph: AccountGraph) -> MapLayout:
    """Both layouts of the account's stakeholders and team members."""
    return MapLayout(influence=influence_layout(graph), org_chart=org_chart_layout(graph))


def _node_ids(graph: AccountGraph) -> list[str]:
    return [stakeholder_node(p.id) for p in graph.stakeholders] + [
        member_node(m.id) for m in graph.members
    ]


def influence_layout(graph: AccountGraph) -> dict[str, Point]:
    nodes = _node_ids(graph)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
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
    network = ig.Graph(n=len(nodes), edges=sorted(edges))
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
    return _scaled(nodes, coords, target=SPACING * math.sqrt(count) * 2.0)


def _scaled(nodes: list[str], coords: list[list[float]], *, target: float) -> dict[str, Point]:
    """Centre the points and stretch the larger side to `target` pixels."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    width = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = target / width
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        node: (round((x - cx) * factor, 1), round((y - cy) * factor, 1))
        for node, (x, y) in zip(nodes, coords, strict=True)
    }


def org_chart_layout(graph: AccountGraph) -> dict[str, Point]:
    people = [p.id for p in graph.stakeholders]
    positions: dict[str, Point] = {}
    if people:
        index = {pid: i for i, pid in enumerate(people)}
        lines = [(index[line.manager], index[line.stakeholder]) for line in graph.reporting_lines]
        managed = {child for _, child in lines}
        roots = [i for i in range(len(people)) if i not in managed]
        tree = ig.Graph(n=len(people), edges=lines, directed=True)
        coords = tree.layout_reingold_tilford(mode="out", root=roots).coords
        min_x = min(c[0] for c in coords)
        max_x = max(c[0] for c in coords)
        centre = (min_x + max_x) / 2
        for pid, (x, y) in zip(people, coords, strict=True):
            positions[stakeholder_node(pid)] = (
                round((x - centre) * SPACING, 1),
                round(y * SPACING * 1.4, 1),
            )
    members = [m.id for m in graph.members]
    for i, mid in enumerate(members):
        offset = (i - (len(members) - 1) / 2) * SPACING
        positions[member_node(mid)] = (round(offset, 1), -SPACING * 1.4)
    return positions
