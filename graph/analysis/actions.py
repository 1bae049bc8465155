"""Recommended actions: where to spend the team's next week.

Each candidate move is a concrete relationship to create or refresh; its
expected coverage change is computed, not guessed: the relationship is applied
to a copy of the account and coverage recomputed (power does not depend on our
relationships, so it is reused). Candidates:

- `introduction` — for every unknown key person or powerful opponent (in a deal's
  analysis also every unknown member of a body deciding now: deals.py) with a warm
  route of two or more hops: the route's first team member gets a relationship of
  `proposed_strength`, contacted today; the explanation names the people the
  route runs through. Without any route of at most `max_hops` hops, or with only a
  poor one (paths.py), the default member (below) reaches out directly (strength
  `proposed_strength` − 1), and the sentence says why.
- `deepen` — the same gaps where the route is a direct but weak relationship:
  strength + 1 (at least `proposed_strength`), contacted today.
- `recontact` — every stale relationship: contacted today, same strength.
- `second_contact` — every key person (power ≥ key_power) known by exactly one
  team member: a second member at `proposed_strength`. It rarely raises coverage
  (coverage takes the warmest contact) but protects it: `coverage_protected` is
  the coverage that would be lost if the first member left, minus what would be
  lost with the second contact in place.
- `first_meeting` — on an account the team barely knows (coverage below
  `low_coverage`, 25%), the `first_meetings` (3) most powerful people nobody
  knows, beyond the gaps above: who to meet first and why (their roles, or their
  power; their stance: hear an opponent's objections early, win a supporter as an
  ally), owned by the default member, at strength `proposed_strength` − 1.
- `identify_role` — every missing decision maker, economic buyer or coach, with
  candidates (`role_candidates`): for a coach, the supporters closest to the
  decision makers; for the others, the most powerful people.
- `no_action` — when nothing above can be proposed while gaps are open, one
  action saying why (no team member or owner on the account; or gaps that need
  another team member).

The default member — who reaches out directly and owns a first meeting — is the
account owner when they are on the team, else the team member with the most
relationships, else the account owner (a user not yet entered as a team member).

Ranking: by expected_coverage_change + protection_weight (0.5) · coverage_protected, best first
(ties: power of the person concerned, then id); `identify_role` moves, which
change no number, come after every move that does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from graph.analysis import wording
from graph.analysis.coverage import (
    best_contacts,
    decayed_warmth,
    pair_warmth,
    stale_detail,
    ties,
)
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import introduction_routes
from graph.analysis.power import ListeningGraph, listening_graph
from graph.analysis.results import Action, ActionKind, CoverageResult, ProposedRelationship
from graph.model import AccountGraph, Stakeholder
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
    informs = listening_graph(graph, params) if informs is None else informs
    identify = [_identify(role, graph, power, params, informs) for role in result.missing_roles]
    people, members = graph.stakeholder_by_id, graph.member_by_id
    known = ties(graph, params)
    relationships_of = Counter(t.member for t in known)
    busiest = max(sorted(members), key=lambda m: relationships_of[m]) if members else None
    owner = graph.account.owner
    # Who reaches out directly: the account owner when on the team, else the busiest
    # team member, else the owner (a user not yet entered as a team member).
    default = owner if owner in members else busiest or owner
    if default is None:
        moves = identify
        if power:
            moves.append(_no_action(wording.say(lang, "no_action_team")))
        return moves[: params.action_count]
    local = LocalCoverage(graph, power, params)
    rank = {pid: i for i, pid in enumerate(sorted(power, key=lambda i: (-power[i], i)), 1)}
    strength_of = {(t.member, t.stakeholder): t.strength for t in known}
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

    def direct_approach(kind: ActionKind, sentence: str, pid: str) -> _Candidate:
        """`default` meets `pid` directly (no route, or nobody knows them yet): a
        first contact one step below the proposed strength, and why this person."""
        strength = max(1, params.proposed_strength - 1)
        change = local.gain(default, pid, strength)
        return _Candidate(
            kind,
            pid,
            default,
            strength,
            change,
            wording.say(
                lang,
                sentence,
                label=label(pid),
                why=_why_first(people[pid], rank[pid], len(power), lang),
                member=graph.member_name(default),
                change=change,
            ),
        )

    targets = sorted(
        {
            g.stakeholder
            for g in result.gaps
            # body_coverage: a member of a body deciding a deal now (graph/analysis/deals.py)
            if g.kind in ("unknown_key_person", "opponent", "body_coverage") and g.stakeholder
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
        elif nodes and routes is not None and routes.is_poor(nodes):
            strength = max(1, params.proposed_strength - 1)
            change = local.gain(default, pid, strength)
            detail = routes.path(graph, pid, lang)
            candidates.append(
                _Candidate(
                    "introduction",
                    pid,
                    default,
                    strength,
                    change,
                    wording.say(
                        lang,
                        "poor_route_action",
                        label=label(pid),
                        via=" → ".join(people[node[2:]].name for node in nodes[1:-1]),
                        strength=detail.strength,
                        why=wording.separator(lang, "clauses").join(
                            hop.explanation for hop in detail.hops
                        ),
                        member=graph.member_name(default),
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
            candidates.append(direct_approach("introduction", "no_route_action", pid))

    if result.score < params.low_coverage and params.first_meetings:
        chosen = set(targets)
        fresh = [
            pid
            for pid in sorted(power, key=lambda i: (-power[i], i))
            if pid not in chosen and result.warmth.get(pid, 0.0) <= 0.0
        ][: params.first_meetings]
        for pid in fresh:
            candidates.append(direct_approach("first_meeting", "first_meeting", pid))

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
    for tie in known:
        if tie.strength > 0:
            known_by.setdefault(tie.stakeholder, []).append(tie.member)
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
    kept += identify
    if not kept and result.gaps:
        kinds = sorted({gap.kind for gap in result.gaps})
        kept.append(
            _no_action(
                wording.say(
                    lang, "no_action_gaps", kinds=wording.separator(lang, "list").join(kinds)
                )
            )
        )
    return kept[: params.action_count]


def _no_action(explanation: str) -> Action:
    return Action(
        kind="no_action", stakeholder=None, expected_coverage_change=0.0, explanation=explanation
    )


def _why_first(person: Stakeholder, rank: int, people: int, lang: Language) -> str:
    """Why meet this person first: their roles (or their rank by power), and their stance."""
    reasons = [
        wording.separator(lang, "list").join(wording.label(lang, role) for role in person.roles)
        if person.roles
        else wording.say(lang, "why_power", rank=rank, n=people)
    ]
    if person.stance.score < 0:
        reasons.append(wording.say(lang, "why_against"))
    elif person.stance.score > 0:
        reasons.append(wording.say(lang, "why_for"))
    return wording.separator(lang, "list").join(reasons)


def role_candidates(
    role: Role,
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    informs: ListeningGraph,
) -> list[str]:
    """Who might hold a missing role, best first, at most `role_candidates`.

    - coach: supporters and champions, closest first to a decision maker or economic
      buyer (fewest influence or reporting links, either way), then by power;
    - decision maker or economic buyer: the most powerful people not holding the
      other of those two roles.
    """
    people = graph.stakeholder_by_id
    by_power = sorted(power, key=lambda i: (-power[i], i))
    if role is not Role.coach:
        other = {Role.decision_maker, Role.economic_buyer} - {role}
        found = [pid for pid in by_power if not other & set(people[pid].roles)]
        return found[: params.role_candidates]
    near: dict[str, set[str]] = {pid: set() for pid in power}
    for source, target in informs.links:
        # A deal's people are some of the account's: links reaching past them do not count.
        if source in near and target in near:
            near[source].add(target)
            near[target].add(source)
    chain = [
        pid
        for pid in by_power
        if {Role.decision_maker, Role.economic_buyer} & set(people[pid].roles)
    ]
    distance = {pid: 0 for pid in chain}
    frontier = list(chain)
    while frontier:
        step = []
        for pid in frontier:
            for other_pid in sorted(near[pid]):
                if other_pid not in distance:
                    distance[other_pid] = distance[pid] + 1
                    step.append(other_pid)
        frontier = step
    supporters = [pid for pid in power if people[pid].stance.score > 0]
    supporters.sort(key=lambda i: (distance.get(i, len(power) + 1), -power[i], i))
    return supporters[: params.role_candidates]


def _identify(
    role: Role,
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    informs: ListeningGraph,
) -> Action:
    lang = params.lang
    found = role_candidates(role, graph, power, params, informs)
    if found:
        names = wording.names(lang, [graph.stakeholder_by_id[pid].name for pid in found])
        which = wording.say(
            lang, "candidates_coach" if role is Role.coach else "candidates_powerful"
        )
        explanation = wording.say(
            lang,
            "identify_role_candidates",
            role=wording.label(lang, role),
            which=which,
            names=names,
        )
    else:
        explanation = wording.say(lang, "identify_role", role=wording.label(lang, role))
    return Action(
        kind="identify_role",
        stakeholder=found[0] if found else None,
        expected_coverage_change=0.0,
        explanation=explanation,
    )
