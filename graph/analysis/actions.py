"""Recommended actions: where to spend the team's next week.

Each candidate move is a concrete relationship to create or refresh; its
expected coverage change is computed, not guessed: the relationship is applied
to a copy of the account and coverage recomputed (power does not depend on our
relationships, so it is reused). Candidates:

- `introduction` — for every unknown key person or powerful opponent with a warm
  route of two or more hops: the route's first team member gets a relationship of
  `proposed_strength`, contacted today; the explanation names the people the
  route runs through. Without any route, the team member with the most
  relationships reaches out directly (strength `proposed_strength` − 1).
- `deepen` — the same gaps where the route is a direct but weak relationship:
  strength + 1 (at least `proposed_strength`), contacted today.
- `recontact` — every stale relationship: contacted today, same strength.
- `second_contact` — every key person (power ≥ key_power) known by exactly one
  team member: a second member at `proposed_strength`. It rarely raises coverage
  (coverage takes the warmest contact) but protects it: `coverage_protected` is
  the coverage that would be lost if the first member left, minus what would be
  lost with the second contact in place.
- `identify_role` — every missing decision maker, economic buyer or coach.

Ranking: by expected_coverage_change + protection_weight (0.5) · coverage_protected, best first
(ties: power of the person concerned, then id); `identify_role` moves, which
change no number, come after every move that does.
"""

from __future__ import annotations

import networkx as nx

from graph.analysis.coverage import best_contacts, decayed_warmth, pair_warmth
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import warm_paths
from graph.analysis.results import Action, CoverageResult, ProposedRelationship
from graph.model import AccountGraph, Relationship


def with_relationship(graph: AccountGraph, proposal: ProposedRelationship) -> AccountGraph:
    """The graph with `proposal` applied (replacing any relationship of the same pair)."""
    rel = Relationship(
        account_id=graph.account.id,
        member=proposal.member,
        stakeholder=proposal.stakeholder,
        strength=proposal.strength,
        last_contact=proposal.last_contact,
    )
    others = (r for r in graph.relationships if r.key != rel.key)
    return graph.replace(Relationship, [*others, rel])


class LocalCoverage:
    """Coverage changes from one relationship, computed locally.

    Changing relationship (m, i) only changes i's warmth, so the change in
    coverage is power(i) · (new warmth(i) − warmth(i)) / Σ power: the same
    formula as `coverage_score`, without recomputing everyone.
    """

    def __init__(
        self, graph: AccountGraph, power: dict[str, float], params: AnalysisParams
    ) -> None:
        self.power = power
        self.total = sum(power.values())
        self.params = params
        self.by_person: dict[str, dict[str, float]] = {}
        for (member, pid), warmth in pair_warmth(graph, params).items():
            self.by_person.setdefault(pid, {})[member] = warmth

    def warmth(
        self, pid: str, *, set_pair: tuple[str, float] | None = None, drop: str | None = None
    ) -> float:
        pairs = dict(self.by_person.get(pid, {}))
        if set_pair is not None:
            pairs[set_pair[0]] = set_pair[1]
        if drop is not None:
            pairs.pop(drop, None)
        return max(pairs.values(), default=0.0)

    def share(self, pid: str, warmth: float) -> float:
        return self.power.get(pid, 0.0) * warmth / self.total if self.total > 0 else 0.0

    def proposal_warmth(self, proposal: ProposedRelationship) -> float:
        return decayed_warmth(proposal.strength, proposal.last_contact, self.params)

    def gain(self, proposal: ProposedRelationship) -> float:
        pid = proposal.stakeholder
        new = self.proposal_warmth(proposal)
        return self.share(pid, self.warmth(pid, set_pair=(proposal.member, new))) - self.share(
            pid, self.warmth(pid)
        )


def recommended_actions(
    graph: AccountGraph,
    power: dict[str, float],
    result: CoverageResult,
    params: AnalysisParams,
    *,
    informs: nx.DiGraph | None = None,
) -> list[Action]:
    """Ranked next moves (module docstring); at most `action_count`."""
    if not graph.members:
        return [_identify(role.value) for role in result.missing_roles][: params.action_count]
    people, members = graph.stakeholder_by_id, graph.member_by_id
    today = params.as_of
    local = LocalCoverage(graph, power, params)
    current = {r.key: r for r in graph.relationships}
    busiest = max(sorted(members), key=lambda m: sum(r.member == m for r in graph.relationships))
    candidates: list[Action] = []

    targets = sorted(
        {
            g.stakeholder
            for g in result.gaps
            if g.kind in ("unknown_key_person", "opponent") and g.stakeholder
        },
        key=lambda pid: (-power[pid], pid),
    )
    routes = warm_paths(graph, targets, params, informs=informs)
    for pid in targets:
        person, route = people[pid], routes[pid]
        label = f"{person.name} ({person.title or 'no title'}, {person.stance.value}, power {power[pid]:.2f})"
        if len(route.hops) == 1:
            member = route.hops[0].source
            old = current[(member, pid)].strength
            proposal = ProposedRelationship(
                member=member,
                stakeholder=pid,
                strength=min(5, max(old + 1, params.proposed_strength)),
                last_contact=today,
            )
            change = local.gain(proposal)
            text = (
                f"deepen {members[member].name}'s relationship with {label}: strength {old} → "
                f"{proposal.strength}, coverage {change:+.2f}"
            )
            candidates.append(
                Action(
                    kind="deepen",
                    stakeholder=pid,
                    explanation=text,
                    expected_coverage_change=change,
                    proposal=proposal,
                )
            )
            continue
        if route.hops:
            member = route.hops[0].source
            proposal = ProposedRelationship(
                member=member,
                stakeholder=pid,
                strength=params.proposed_strength,
                last_contact=today,
            )
            change = local.gain(proposal)
            via = " → ".join(people[hop.target].name for hop in route.hops[:-1])
            text = (
                f"{members[member].name} to reach {label} through {via} "
                f"(route strength {route.strength:.2f}): coverage {change:+.2f}"
            )
        else:
            proposal = ProposedRelationship(
                member=busiest,
                stakeholder=pid,
                strength=max(1, params.proposed_strength - 1),
                last_contact=today,
            )
            change = local.gain(proposal)
            text = (
                f"no warm route to {label}: {members[busiest].name} to reach out directly, "
                f"coverage {change:+.2f}"
            )
        candidates.append(
            Action(
                kind="introduction",
                stakeholder=pid,
                explanation=text,
                expected_coverage_change=change,
                proposal=proposal,
            )
        )

    contacts = best_contacts(graph, params)
    for gap in result.gaps:
        if gap.kind != "stale" or gap.stakeholder is None:
            continue
        contact = contacts[gap.stakeholder]
        proposal = ProposedRelationship(
            member=contact.member,
            stakeholder=gap.stakeholder,
            strength=contact.strength,
            last_contact=today,
        )
        change = local.gain(proposal)
        candidates.append(
            Action(
                kind="recontact",
                stakeholder=gap.stakeholder,
                expected_coverage_change=change,
                proposal=proposal,
                explanation=f"re-contact {people[gap.stakeholder].name}: {gap.explanation.split(': ', 1)[-1]}; "
                f"coverage {change:+.2f}",
            )
        )

    known_by: dict[str, list[Relationship]] = {}
    for rel in graph.relationships:
        if rel.strength > 0:
            known_by.setdefault(rel.stakeholder, []).append(rel)
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        if power[pid] < params.key_power or len(known_by.get(pid, [])) != 1 or len(members) < 2:
            continue
        holder = known_by[pid][0].member
        second = next(
            m for m in sorted(members, key=lambda m: (m == holder, m != busiest, m)) if m != holder
        )
        proposal = ProposedRelationship(
            member=second, stakeholder=pid, strength=params.proposed_strength, last_contact=today
        )
        change = local.gain(proposal)
        new = local.proposal_warmth(proposal)
        # Coverage lost if `holder` left: today, and with the second contact in place.
        lost_now = local.share(pid, local.warmth(pid)) - local.share(
            pid, local.warmth(pid, drop=holder)
        )
        with_second = local.warmth(pid, set_pair=(second, new))
        without_holder = local.warmth(pid, set_pair=(second, new), drop=holder)
        lost_then = local.share(pid, with_second) - local.share(pid, without_holder)
        protected = lost_now - lost_then
        if protected <= 1e-9 and change <= 1e-9:
            continue
        candidates.append(
            Action(
                kind="second_contact",
                stakeholder=pid,
                expected_coverage_change=change,
                coverage_protected=protected,
                proposal=proposal,
                explanation=f"second contact for {people[pid].name} (power {power[pid]:.2f}): only "
                f"{members[holder].name} knows them; {members[second].name} would protect {protected:.2f} "
                f"coverage, coverage {change:+.2f}",
            )
        )

    def value(action: Action) -> float:
        return (
            action.expected_coverage_change + params.protection_weight * action.coverage_protected
        )

    ranked = sorted(
        candidates,
        key=lambda a: (
            -round(value(a), 12),
            -power.get(a.stakeholder or "", 0.0),
            a.stakeholder or "",
        ),
    )
    ranked += [_identify(role.value) for role in result.missing_roles]
    return ranked[: params.action_count]


def _identify(role: str) -> Action:
    label = role.replace("_", " ")
    return Action(
        kind="identify_role",
        stakeholder=None,
        expected_coverage_change=0.0,
        explanation=f"identify the {label}: ask your coach who holds that role",
    )
