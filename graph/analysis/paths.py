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
from dataclasses import dataclass
from operator import attrgetter

from graph.analysis import wording
from graph.analysis.coverage import pair_warmth
from graph.analysis.params import AnalysisParams
from graph.analysis.power import ListeningGraph, listening_graph
from graph.analysis.results import AccountAnalysis, DecisionChain, Hop, HopKind, WarmPath
from graph.model import AccountGraph
from graph.vocabulary import Language, Role

CHAIN_ROLES = (Role.decision_maker, Role.economic_buyer)


def decision_chain(
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    *,
    informs: ListeningGraph | None = None,
) -> DecisionChain:
    """Ordered layers of who feeds whom, ending at the decision makers (module docstring)."""
    informs = listening_graph(graph, params) if informs is None else informs
    people = graph.stakeholder_by_id
    first = [pid for pid in power if any(role in CHAIN_ROLES for role in people[pid].roles)]
    if not first:
        return DecisionChain(layers=[], explanation=wording.say(params.lang, "no_chain"))
    placed = set(first)
    layers = [first]
    while True:
        feeders = {
            source
            for target in layers[-1]
            for source in informs.advisers[target]
            if source not in placed
        }
        if not feeders:
            break
        placed |= feeders
        layers.append(sorted(feeders))
    ordered = [sorted(layer, key=lambda pid: (-power[pid], pid)) for layer in layers]
    lang = params.lang
    names = wording.separator(lang, "list").join(people[pid].name for pid in ordered[0])
    feeding, layer_count = len(placed) - len(ordered[0]), len(ordered) - 1
    explanation = (
        wording.say(
            lang,
            "chain",
            n=feeding,
            n_people=wording.plural(feeding, "person", "people"),
            k=layer_count,
            k_layers=wording.plural(layer_count, "layer", "layers"),
            names=names,
        )
        if len(ordered) > 1
        else wording.say(lang, "chain_alone", names=names)
    )
    return DecisionChain(layers=ordered, explanation=explanation)


Edge = tuple[float, HopKind]  # (strength, kind)


def introduction_graph(
    graph: AccountGraph, params: AnalysisParams, *, informs: ListeningGraph | None = None
) -> dict[str, dict[str, Edge]]:
    """Hops a route may take: node → {next node: (strength, kind)}; nodes are
    `m:ID` for team members and `s:ID` for stakeholders. The strongest hop wins;
    on equal strength the first offered (reporting lines, then links by key)."""
    informs = listening_graph(graph, params) if informs is None else informs
    node = {pid: f"s:{pid}" for pid in informs.people}
    routes: dict[str, dict[str, Edge]] = {}

    def offer(source: str, target: str, strength: float, kind: HopKind) -> None:
        hops = routes.get(source)
        if hops is None:
            routes[source] = {target: (strength, kind)}
        elif target not in hops or hops[target][0] < strength:
            hops[target] = (strength, kind)

    via_reporting = params.introduction_via_reporting
    if via_reporting > 0:
        for person in sorted(graph.stakeholders, key=attrgetter("id")):
            if person.id in node and person.reports_to in node:
                below, manager = node[person.id], node[person.reports_to]
                offer(below, manager, via_reporting, "reports_to")
                offer(manager, below, via_reporting, "reports_to")
    for link in sorted(graph.influences, key=attrgetter("source", "target")):
        if link.source in node and link.target in node and link.weight > 0:
            source, target = node[link.source], node[link.target]
            offer(source, target, link.weight, "influence")
            offer(target, source, link.weight, "influence")
    for (member, stakeholder), warmth in sorted(pair_warmth(graph, params).items()):
        if stakeholder in node and warmth > 0:
            offer(f"m:{member}", node[stakeholder], warmth, "relationship")
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
    log = math.log
    while queue:
        cost, node, via = heapq.heappop(queue)
        if node in parent:
            continue
        parent[node] = via or None
        for nxt, (strength, _) in routes.get(node, {}).items():
            if nxt not in parent:
                heapq.heappush(queue, (cost - log(strength), nxt, node))
    return parent


@dataclass(frozen=True)
class IntroductionRoutes:
    """The strongest route from our team to every stakeholder it reaches, from one
    multi-source Dijkstra run. Routes are read as node lists (`m:ID`, `s:ID`, …) and
    made into `WarmPath` documents only for the targets that are shown."""

    hops: dict[str, dict[str, Edge]]
    parent: dict[str, str | None]

    def nodes_to(self, target: str) -> list[str]:
        """Node ids from a team member to stakeholder `target`; [] when no route."""
        node = f"s:{target}"
        if node not in self.parent:
            return []
        path = [node]
        while (before := self.parent[path[-1]]) is not None:
            path.append(before)
        return path[::-1]

    def strength(self, nodes: list[str]) -> float:
        """The product of the hop strengths along `nodes`."""
        return math.prod(self.hops[a][b][0] for a, b in itertools.pairwise(nodes))

    def path(self, graph: AccountGraph, target: str, lang: Language = "en") -> WarmPath:
        """The route to `target` as the API's `WarmPath`, hops and explanation included."""
        people = graph.stakeholder_by_id
        nodes = self.nodes_to(target)
        if not nodes:
            name = people[target].name if target in people else target
            return WarmPath(
                target=target,
                hops=[],
                strength=0.0,
                explanation=wording.say(lang, "no_route", name=name),
            )
        hops = [
            Hop(source=a[2:], target=b[2:], kind=self.hops[a][b][1], strength=self.hops[a][b][0])
            for a, b in itertools.pairwise(nodes)
        ]
        strength = self.strength(nodes)
        first = hops[0].source
        chain = [graph.member_name(first)]
        chain += [people[hop.target].name for hop in hops]
        return WarmPath(
            target=target,
            hops=hops,
            strength=strength,
            explanation=wording.say(lang, "route", chain=" → ".join(chain), strength=strength),
        )


def introduction_routes(
    graph: AccountGraph, params: AnalysisParams, *, informs: ListeningGraph | None = None
) -> IntroductionRoutes:
    """The best introduction routes from our team (module docstring)."""
    hops = introduction_graph(graph, params, informs=informs)
    return IntroductionRoutes(hops=hops, parent=_strongest_routes(hops))


def warm_path(graph: AccountGraph, target: str, params: AnalysisParams | None = None) -> WarmPath:
    """The best introduction route to `target` (module docstring)."""
    params = params or AnalysisParams()
    return introduction_routes(graph, params).path(graph, target, params.lang)


def cold_key_people(analysis: AccountAnalysis, params: AnalysisParams | None = None) -> list[str]:
    """The key decision-makers (best first) whose warmth is below `params.cold_warmth`,
    at most `params.cold_key_people` of them: whom a warm introduction would help most."""
    params = params or AnalysisParams()
    cold = [
        pid
        for pid in analysis.key_decision_makers
        if analysis.coverage.warmth.get(pid, 0.0) < params.cold_warmth
    ]
    return cold[: params.cold_key_people]
