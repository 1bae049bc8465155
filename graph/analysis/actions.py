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

from collections import Counter
from dataclasses import dataclass
from datetime import date

from graph.analysis import wording
from graph.analysis.coverage import best_contacts, decayed_warmth, pair_warmth, stale_detail
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import introduction_routes
from graph.analysis.power import ListeningGraph
from graph.analysis.results import Action, ActionKind, CoverageResult, ProposedRelationship
from graph.model import AccountGraph
from graph.vocabulary import Language, Role


class LocalCoverage:
    """Coverage changes from one relationship, computed locally.

    Changing relationship (m, i) only changes i's warmth, so the change in
    coverage is power(i) · (new warmth(i) − warmth(i)) / Σ power: the same
    formula as `coverage_score`, without recomputing everyone. Every proposal is
    contacted on `as_of`.
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

    def proposal_warmth(self, strength: int) -> float:
        return decayed_warmth(strength, self.params.as_of, self.params)

    def gain(self, member: str, pid: str, strength: int) -> float:
        new = self.proposal_warmth(strength)
        return self.share(pid, self.warmth(pid, set_pair=(member, new))) - self.share(
            pid, self.warmth(pid)
        )


@dataclass(frozen=True)
class _Candidate:
    """A move before it becomes an `Action`, which only the kept moves do (an account
    can have hundreds of candidates)."""

    kind: ActionKind
    stakeholder: str
    member: str
    strength: int
    change: float
    explanation: str
    protected: float = 0.0

    def action(self, today: date) -> Action:
        return Action(
            kind=self.kind,
            stakeholder=self.stakeholder,
            explanation=self.explanation,
            expected_coverage_change=self.change,
            coverage_protected=self.protected,
            proposal=ProposedRelationship(
                member=self.member,
                stakeholder=self.stakeholder,
                strength=self.strength,
                last_contact=today,
            ),
        )


def recommended_actions(
    graph: AccountGraph,
    power: dict[str, float],
    result: CoverageResult,
    params: AnalysisParams,
    *,
    informs: ListeningGraph | None = None,
) -> list[Action]:
    """Ranked next moves (module docstring); at most `action_count`."""
    lang = params.lang
    if not graph.members:
        return [_identify(role, lang) for role in result.missing_roles][: params.action_count]
    people, members = graph.stakeholder_by_id, graph.member_by_id
    local = LocalCoverage(graph, power, params)
    strength_of = {(r.member, r.stakeholder): r.strength for r in graph.relationships}
    relationships_of = Counter(r.member for r in graph.relationships)
    busiest = max(sorted(members), key=lambda m: relationships_of[m])
    candidates: list[_Candidate] = []

    def label(pid: str) -> str:
        person = people[pid]
        return wording.say(
            lang,
            "person_label",
            name=person.name,
            title=person.title or wording.say(lang, "no_title"),
            stance=wording.label(lang, person.stance),
            power=power[pid],
        )

    targets = sorted(
        {
            g.stakeholder
            for g in result.gaps
            if g.kind in ("unknown_key_person", "opponent") and g.stakeholder
        },
        key=lambda pid: (-power[pid], pid),
    )
    routes = introduction_routes(graph, params, informs=informs) if targets else None
    for pid in targets:
        nodes = routes.nodes_to(pid) if routes is not None else []
        if len(nodes) == 2:
            member = nodes[0][2:]
            old = strength_of[(member, pid)]
            new = min(5, max(old + 1, params.proposed_strength))
            change = local.gain(member, pid, new)
            candidates.append(
                _Candidate(
                    "deepen",
                    pid,
                    member,
                    new,
                    change,
                    wording.say(
                        lang,
                        "deepen",
                        member=members[member].name,
                        label=label(pid),
                        old=old,
                        new=new,
                        change=change,
                    ),
                )
            )
        elif nodes and routes is not None:
            member = nodes[0][2:]
            change = local.gain(member, pid, params.proposed_strength)
            route_strength = routes.strength(nodes)
            candidates.append(
                _Candidate(
                    "introduction",
                    pid,
                    member,
                    params.proposed_strength,
                    change,
                    wording.say(
                        lang,
                        "introduction",
                        member=members[member].name,
                        label=label(pid),
                        via=" → ".join(people[node[2:]].name for node in nodes[1:-1]),
                        strength=route_strength,
                        change=change,
                    ),
                )
            )
        else:
            strength = max(1, params.proposed_strength - 1)
            change = local.gain(busiest, pid, strength)
            candidates.append(
                _Candidate(
                    "introduction",
                    pid,
                    busiest,
                    strength,
                    change,
                    wording.say(
                        lang,
                        "no_route_action",
                        label=label(pid),
                        member=members[busiest].name,
                        change=change,
                    ),
                )
            )

    contacts = best_contacts(graph, params)
    for gap in result.gaps:
        if gap.kind != "stale" or gap.stakeholder is None:
            continue
        contact = contacts[gap.stakeholder]
        change = local.gain(contact.member, gap.stakeholder, contact.strength)
        candidates.append(
            _Candidate(
                "recontact",
                gap.stakeholder,
                contact.member,
                contact.strength,
                change,
                wording.say(
                    lang,
                    "recontact",
                    name=people[gap.stakeholder].name,
                    detail=stale_detail(contact, graph.member_name(contact.member), params),
                    change=change,
                ),
            )
        )

    known_by: dict[str, list[str]] = {}
    for rel in graph.relationships:
        if rel.strength > 0:
            known_by.setdefault(rel.stakeholder, []).append(rel.member)
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        if power[pid] < params.key_power or len(known_by.get(pid, [])) != 1 or len(members) < 2:
            continue
        holder = known_by[pid][0]
        second = next(
            m for m in sorted(members, key=lambda m: (m == holder, m != busiest, m)) if m != holder
        )
        change = local.gain(second, pid, params.proposed_strength)
        new_warmth = local.proposal_warmth(params.proposed_strength)
        # Coverage lost if `holder` left: today, and with the second contact in place.
        lost_now = local.share(pid, local.warmth(pid)) - local.share(
            pid, local.warmth(pid, drop=holder)
        )
        with_second = local.warmth(pid, set_pair=(second, new_warmth))
        without_holder = local.warmth(pid, set_pair=(second, new_warmth), drop=holder)
        lost_then = local.share(pid, with_second) - local.share(pid, without_holder)
        protected = lost_now - lost_then
        if protected <= 1e-9 and change <= 1e-9:
            continue
        candidates.append(
            _Candidate(
                "second_contact",
                pid,
                second,
                params.proposed_strength,
                change,
                wording.say(
                    lang,
                    "second_contact",
                    name=people[pid].name,
                    power=power[pid],
                    holder=members[holder].name,
                    second=members[second].name,
                    protected=protected,
                    change=change,
                ),
                protected,
            )
        )

    ranked = sorted(
        candidates,
        key=lambda c: (
            -round(c.change + params.protection_weight * c.protected, 12),
            -power.get(c.stakeholder, 0.0),
            c.stakeholder,
        ),
    )
    kept = [candidate.action(params.as_of) for candidate in ranked[: params.action_count]]
    kept += [_identify(role, lang) for role in result.missing_roles]
    return kept[: params.action_count]


def _identify(role: Role, lang: Language) -> Action:
    return Action(
        kind="identify_role",
        stakeholder=None,
        expected_coverage_change=0.0,
        explanation=wording.say(lang, "identify_role", role=wording.label(lang, role)),
    )
