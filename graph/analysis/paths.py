"""Paths through the organisation: the decision chain and warm introductions.

Decision chain
--------------
Layer 0 holds the active decision makers and economic buyers. Layer k holds the
people not yet placed who influence (or report to) someone in layer k−1, found
by a breadth-first walk backwards along influence and reporting links; each
person appears once, so cycles end the walk. Each layer is sorted by power.

Warm path
---------
The best introduction route from any team member to a target stakeholder: the
path that maximises the product of hop strengths, i.e. the shortest path with
cost −log(strength) per hop (Dijkstra from all team members at once). Hops:
- team member → stakeholder: the relationship's warmth (coverage.py);
- stakeholder ↔ stakeholder: an influence link's weight (either direction: an
  adviser can introduce us to whom they advise and vice versa), or
  `introduction_via_reporting` along a reporting line.
No route is an answer (`hops == []`), not an error.
"""

from __future__ import annotations

import heapq
import itertools
import math

import networkx as nx

from graph.analysis.coverage import pair_warmth
from graph.analysis.params import AnalysisParams
from graph.analysis.power import listening_graph
from graph.analysis.results import DecisionChain, Hop, HopKind, WarmPath
from graph.model import AccountGraph
from graph.vocabulary import Role

CHAIN_ROLES = (Role.decision_maker, Role.economic_buyer)


def decision_chain(
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    *,
    informs: nx.DiGraph | None = None,
) -> DecisionChain:
    """Ordered layers of who feeds whom, ending at the decision makers (module docstring)."""
    informs = listening_graph(graph, params) if informs is None else informs
    people = graph.stakeholder_by_id
    first = [pid for pid in power if any(role in CHAIN_ROLES for role in people[pid].roles)]
    if not first:
        return DecisionChain(
            layers=[], explanation="no decision maker or economic buyer identified, so no chain yet"
        )
    placed = set(first)
    layers = [first]
    while True:
        feeders = {
            source
            for target in layers[-1]
            for source in informs.predecessors(target)
            if source not in placed
        }
        if not feeders:
            break
        placed |= feeders
        layers.append(sorted(feeders))
    ordered = [sorted(layer, key=lambda pid: (-power[pid], pid)) for layer in layers]
    names = ", ".join(people[pid].name for pid in ordered[0])
    feeding = len(placed) - len(ordered[0])
    explanation = (
        f"{feeding} {'person' if feeding == 1 else 'people'} in {len(ordered) - 1} "
        f"{'layer' if len(ordered) == 2 else 'layers'} feed the decision of {names}"
        if len(ordered) > 1
        else f"nobody is recorded as influencing {names}"
    )
    return DecisionChain(layers=ordered, explanation=explanation)


Edge = tuple[float, HopKind]  # (strength, kind)


def introduction_graph(
    graph: AccountGraph, params: AnalysisParams, *, informs: nx.DiGraph | None = None
) -> dict[str, dict[str, Edge]]:
    """Hops a route may take: node → {next node: (strength, kind)}; nodes are
    `m:ID` for team members and `s:ID` for stakeholders. The strongest hop wins."""
    informs = listening_graph(graph, params) if informs is None else informs
    active = set(informs.nodes)
    routes: dict[str, dict[str, Edge]] = {}

    def offer(source: str, target: str, strength: float, kind: HopKind) -> None:
        if strength <= 0:
            return
        hops = routes.setdefault(source, {})
        if target not in hops or hops[target][0] < strength:
            hops[target] = (strength, kind)

    for person in sorted(graph.stakeholders, key=lambda p: p.id):
        if person.id in active and person.reports_to in active:
            manager = f"s:{person.reports_to}"
            offer(f"s:{person.id}", manager, params.introduction_via_reporting, "reports_to")
            offer(manager, f"s:{person.id}", params.introduction_via_reporting, "reports_to")
    for link in sorted(graph.influences, key=lambda link: link.key):
        if link.source in active and link.target in active:
            offer(f"s:{link.source}", f"s:{link.target}", link.weight, "influence")
            offer(f"s:{link.target}", f"s:{link.source}", link.weight, "influence")
    for (member, stakeholder), warmth in sorted(pair_warmth(graph, params).items()):
        if stakeholder in active:
            offer(f"m:{member}", f"s:{stakeholder}", warmth, "relationship")
    return routes


def _strongest_routes(routes: dict[str, dict[str, Edge]]) -> dict[str, str | None]:
    """Dijkstra from every team member at once on cost −log(strength): node → the node
    before it on its best route (None for a team member). Equal costs are settled by
    node id, then by the id of the node before, so routes are the same every run."""
    parent: dict[str, str | None] = {}
    queue: list[tuple[float, str, str]] = [
        (0.0, node, "") for node in sorted(routes) if node[0] == "m"
    ]
    heapq.heapify(queue)
    while queue:
        cost, node, via = heapq.heappop(queue)
        if node in parent:
            continue
        parent[node] = via or None
        for nxt, (strength, _) in routes.get(node, {}).items():
            if nxt not in parent:
                heapq.heappush(queue, (cost - math.log(strength), nxt, node))
    return parent


def _route_to(parent: dict[str, str | None], node: str) -> list[str]:
    path = [node]
    while (before := parent[path[-1]]) is not None:
        path.append(before)
    return path[::-1]


def warm_paths(
    graph: AccountGraph,
    targets: list[str],
    params: AnalysisParams,
    *,
    informs: nx.DiGraph | None = None,
) -> dict[str, WarmPath]:
    """The best route to each target, from one multi-source Dijkstra run."""
    routes = introduction_graph(graph, params, informs=informs)
    parent = _strongest_routes(routes)
    people, members = graph.stakeholder_by_id, graph.member_by_id
    results: dict[str, WarmPath] = {}
    for target in targets:
        nodes = _route_to(parent, f"s:{target}") if f"s:{target}" in parent else None
        name = people[target].name if target in people else target
        if not nodes:
            results[target] = WarmPath(
                target=target,
                hops=[],
                strength=0.0,
                explanation=f"no route from our team to {name}: no relationship or link reaches them",
            )
            continue
        # model_construct: built from validated data, and made for every candidate target
        hops = [
            Hop.model_construct(
                source=a[2:], target=b[2:], kind=routes[a][b][1], strength=routes[a][b][0]
            )
            for a, b in itertools.pairwise(nodes)
        ]
        strength = math.prod(hop.strength for hop in hops)
        chain = [members[hops[0].source].name if hops[0].source in members else hops[0].source]
        chain += [people[hop.target].name for hop in hops]
        results[target] = WarmPath.model_construct(
            target=target,
            hops=hops,
            strength=strength,
            explanation=" → ".join(chain) + f" (strength {strength:.2f})",
        )
    return results


def warm_path(graph: AccountGraph, target: str, params: AnalysisParams | None = None) -> WarmPath:
    """The best introduction route to `target` (module docstring)."""
    return warm_paths(graph, [target], params or AnalysisParams())[target]
