"""Paths through the organisation: the decision chain and warm introductions.

Decision chain
--------------
Layer 0 holds the active decision makers and economic buyers. Layer k holds the
people not yet placed who influence (or report to, or 分管) someone in layer
k−1, found by a breadth-first walk backwards along influence, reporting and 分管
links (the listening graph, power.py); each
person appears once, so cycles end the walk. Each layer is sorted by power.

Warm path
---------
The best introduction route from any team member to a target stakeholder, of at
most `max_hops` (3) hops, the one that maximises

    strength(route) = Π hop strengths · Π factor(intermediary)

Hops (the undirected view: introductions pass either way):
- team member → stakeholder: the pair's warmth (coverage.py);
- stakeholder ↔ stakeholder: an influence link's weight (either direction: an
  adviser can introduce us to whom they advise and vice versa), or
  `introduction_via_reporting` along a reporting line.
Every stakeholder on the route before the target is an intermediary, with

    factor = INTERMEDIARY_STANCE[stance]      (supporter 1 … opponent 0.25)
             · senior_detour_penalty (0.3)     when ≥ senior_detour_levels (2)
                                               levels above the target

(our team's end has no rank: a detour counts against the person sought), so a
peer who supports us beats a route up through the president. Found per target by
a hop-limited Bellman-Ford backward from it (k rounds for k hops; a cycle never
helps, as every strength and factor is ≤ 1); equal strengths go to the smaller
node id. Each hop carries its sentence ("A advises B (0.50)", with its factor's
reason). A best route weaker than `poor_route` (0.2) is `poor`: its explanation
says so and proposes a direct approach, and actions treat it as no route. No
route is an answer (`hops == []`), not an error.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter

from graph.analysis import wording
from graph.analysis.coverage import pair_warmth
from graph.analysis.params import INTERMEDIARY_STANCE, AnalysisParams
from graph.analysis.power import ListeningGraph, listening_graph
from graph.analysis.results import AccountAnalysis, DecisionChain, Hop, HopKind, WarmPath
from graph.model import AccountGraph, Stakeholder
from graph.vocabulary import Language, Role, Seniority

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
            k=layer_count,
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


_LEVEL = {level: i for i, level in enumerate(Seniority)}
"""Seniority as a number, executive 0 … staff 4 (SENIORITY_PRIOR's order)."""


@dataclass(frozen=True)
class IntroductionRoutes:
    """The introduction graph of an account and the parameters that judge its routes;
    each target's route is found when asked for (module docstring) and kept."""

    hops: dict[str, dict[str, Edge]]
    graph: AccountGraph
    params: AnalysisParams
    found: dict[str, tuple[list[str], float]] = field(default_factory=dict)

    @cached_property
    def incoming(self) -> dict[str, list[tuple[str, float]]]:
        into: dict[str, list[tuple[str, float]]] = {}
        for source in sorted(self.hops):
            for target, (strength, _) in sorted(self.hops[source].items()):
                into.setdefault(target, []).append((source, strength))
        return into

    @cached_property
    def advice(self) -> set[tuple[str, str]]:
        """(source, target) of every influence link, to say which way a hop runs."""
        return {(link.source, link.target) for link in self.graph.influences}

    def factor(self, node: str, target: str) -> float:
        """Penalty on passing through stakeholder `node` on the way to `target`."""
        people = self.graph.stakeholder_by_id
        person, sought = people[node[2:]], people[target[2:]]
        value = INTERMEDIARY_STANCE[person.stance]
        if self.detour_levels(person, sought) >= self.params.senior_detour_levels:
            value *= self.params.senior_detour_penalty
        return value

    @staticmethod
    def detour_levels(person: Stakeholder, sought: Stakeholder) -> int:
        if person.seniority is None or sought.seniority is None:
            return 0
        return _LEVEL[sought.seniority] - _LEVEL[person.seniority]

    def _search(self, target: str) -> tuple[list[str], float]:
        """Hop-limited search backward from `target`: best[v] is the strongest route
        from v to the target in at most k hops after round k (Bellman-Ford, k ≤ max_hops)."""
        goal = f"s:{target}"
        best: dict[str, tuple[float, str | None]] = {goal: (1.0, None)}
        rounds = [dict(best)]
        changed = [goal]
        for _ in range(self.params.max_hops):
            previous, current = rounds[-1], dict(rounds[-1])
            improved = set()
            # Only a node whose best improved in the last round can improve another.
            for node in sorted(changed):
                if node[0] == "m":
                    continue  # a team member is where a route starts
                value = previous[node][0] * (1.0 if node == goal else self.factor(node, goal))
                for before, strength in self.incoming.get(node, []):
                    candidate = strength * value
                    held = current.get(before)
                    if held is None or candidate > held[0] + 1e-15:
                        current[before] = (candidate, node)
                        improved.add(before)
            rounds.append(current)
            changed = list(improved)
        final = rounds[-1]
        members = sorted((n for n in final if n[0] == "m"), key=lambda n: (-final[n][0], n))
        if not members:
            return [], 0.0
        start = members[0]
        nodes, level = [start], len(rounds) - 1
        while nodes[-1] != goal:
            nxt = rounds[level][nodes[-1]][1]
            assert nxt is not None
            nodes.append(nxt)
            level -= 1
        return nodes, final[start][0]

    def route(self, target: str) -> tuple[list[str], float]:
        """Node ids from a team member to `target` and the route's strength; ([], 0) when
        no route of at most `max_hops` hops exists."""
        if target not in self.found:
            if target not in self.graph.stakeholder_by_id:
                return [], 0.0
            self.found[target] = self._search(target)
        return self.found[target]

    def nodes_to(self, target: str) -> list[str]:
        """Node ids from a team member to stakeholder `target`; [] when no route."""
        return self.route(target)[0]

    def strength(self, nodes: list[str]) -> float:
        """The strength of the route `nodes`: hop strengths times intermediaries' factors."""
        if not nodes:
            return 0.0
        goal = nodes[-1]
        value = math.prod(self.hops[a][b][0] for a, b in itertools.pairwise(nodes))
        return value * math.prod(self.factor(node, goal) for node in nodes[1:-1])

    def is_poor(self, nodes: list[str]) -> bool:
        return bool(nodes) and self.strength(nodes) < self.params.poor_route

    def _hop_text(self, a: str, b: str, goal: str, lang: Language) -> tuple[str, float]:
        people = self.graph.stakeholder_by_id
        strength, kind = self.hops[a][b]
        if kind == "relationship":
            text = wording.say(
                lang,
                "hop_knows",
                member=self.graph.member_name(a[2:]),
                name=people[b[2:]].name,
                warmth=strength,
            )
        elif kind == "reports_to":
            upward = people[a[2:]].reports_to == b[2:]
            text = wording.say(
                lang,
                "hop_reports_to" if upward else "hop_manages",
                a=people[a[2:]].name,
                b=people[b[2:]].name,
            )
        else:
            forward = (a[2:], b[2:]) in self.advice
            text = wording.say(
                lang,
                "hop_advises" if forward else "hop_advised_by",
                a=people[a[2:]].name,
                b=people[b[2:]].name,
                weight=strength,
            )
        if b == goal:
            return text, 1.0
        factor = self.factor(b, goal)
        person, sought = people[b[2:]], people[goal[2:]]
        notes = []
        if INTERMEDIARY_STANCE[person.stance] < 1.0:
            notes.append(
                wording.say(
                    lang,
                    "hop_stance",
                    stance=wording.label(lang, person.stance),
                    factor=INTERMEDIARY_STANCE[person.stance],
                )
            )
        levels = self.detour_levels(person, sought)
        if levels >= self.params.senior_detour_levels:
            notes.append(
                wording.say(
                    lang,
                    "hop_detour",
                    n=levels,
                    name=sought.name,
                    factor=self.params.senior_detour_penalty,
                )
            )
        if notes:
            text += wording.say(
                lang, "hop_notes", notes=wording.separator(lang, "list").join(notes)
            )
        return text, factor

    def path(self, graph: AccountGraph, target: str, lang: Language = "en") -> WarmPath:
        """The route to `target` as the API's `WarmPath`, hops and explanation included."""
        people = graph.stakeholder_by_id
        nodes = self.nodes_to(target)
        name = people[target].name if target in people else target
        if not nodes:
            return WarmPath(
                target=target,
                hops=[],
                strength=0.0,
                explanation=wording.say(lang, "no_route", name=name, hops=self.params.max_hops),
            )
        hops = []
        for a, b in itertools.pairwise(nodes):
            text, factor = self._hop_text(a, b, nodes[-1], lang)
            hops.append(
                Hop(
                    source=a[2:],
                    target=b[2:],
                    kind=self.hops[a][b][1],
                    strength=self.hops[a][b][0],
                    factor=factor,
                    explanation=text,
                )
            )
        strength = self.strength(nodes)
        chain = [graph.member_name(hops[0].source)]
        chain += [people[hop.target].name for hop in hops]
        route = wording.say(lang, "route", chain=" → ".join(chain), strength=strength)
        poor = strength < self.params.poor_route
        explanation = (
            wording.say(
                lang,
                "poor_route",
                route=route,
                threshold=self.params.poor_route,
                name=name,
                why=wording.separator(lang, "clauses").join(h.explanation for h in hops),
            )
            if poor
            else route
        )
        return WarmPath(
            target=target, hops=hops, strength=strength, poor=poor, explanation=explanation
        )


def introduction_routes(
    graph: AccountGraph, params: AnalysisParams, *, informs: ListeningGraph | None = None
) -> IntroductionRoutes:
    """The introduction routes from our team (module docstring)."""
    hops = introduction_graph(graph, params, informs=informs)
    return IntroductionRoutes(hops=hops, graph=graph, params=params)


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
