"""Deals: one purchase's buying committee, its decision bodies, its competitors and its
qualification (MEDDPICC), read from the account's map.

The deal's graph
----------------
A deal is decided by its buying committee (`CommitteeMember`) and the decision
bodies that decide it (`DecisionBody`). Its analysis runs the account's analyses
(power, coverage, actions) on the account's graph as this deal sees it:

- a committee member's roles and stance are the seat's when the seat gives them,
  else the person's at the account;
- everybody else keeps their seniority, stance and every link (influence,
  reporting, 分管), so people off the committee still influence through the
  account's graph, but holds no buying role in this deal (a role is a role in
  one purchase; put them on the committee to give them one);
- a deal with neither a committee nor a deciding body is analysed on the
  account's people as they are (`committee_recorded` false).

The deal's people are its committee and the known members of its deciding
bodies; coverage, gaps and actions are over them, and the deal's owner (when
set) is the team member who reaches out directly.

Decision bodies
---------------
A body decides a deal when it names the deal (or names none) and decides at the
deal's current stage or a later one (a body whose stages are past has decided).
It decides at the stages it names; one that names none decides at the stages
its kind decides at in the stage table below (every stage for `other`, and on
an account's own ladder, which the table does not know).

A body decides collectively (Gartner / CEB, "The Challenger Customer", 2015: a
purchase is a consensus of a buying group, not one person's call; in Chinese
public bodies, 民主集中制 and the 三重一大 rule put major purchases before the
党委会 or the 院长办公会). Its votes: one per seat, the chair `chair_votes` (2),
except in an evaluation committee, where the chair votes like any member
(评标委员会和评标方法暂行规定, 第九条: 评标委员会负责人与其他成员有同等的表决权).
Seats nobody on the map holds (`size` above the members known) keep their votes.

    share_B(i) = votes_B(i) / (seats_B − 1 + chair_votes)   (with a chair)
               = 1 / seats_B                                  (without)

The body as a whole holds the prior of a decision maker (`body_prior`, 1.0), so
a member's prior in the deal gains

    extra(i) = Σ_B body_prior · share_B(i)

over the bodies deciding the deal, and power flows from there as usual
(graph/analysis/power.py). Body coverage is first-class:

    coverage_B = |{members with our strongest relationship ≥ known_strength}| / seats_B

("we know 2 of 7 members of 评标委员会"; the strongest relationship, whatever its
age: a new weak one must not make a known member unknown), and over the deal,
Σ known / Σ seats of its deciding bodies. A body deciding at the current stage with coverage below
`low_body_coverage` (50%) opens `body_coverage` gaps: one per member on the map
nobody on our team knows (the actions propose reaching them, as for an unknown
key person), and one for the seats nobody on the map holds (ask who holds them).

Stage table
-----------
Which roles matter at which stage of the default ladder (`DealStage`); a coach
matters at every stage. Missing ones are the deal's `missing_role` gaps. A stage
of an account's own ladder that is not in the table counts every role.

| stage | roles | bodies that decide there (mtg.: meeting) |
|---|---|---|
| initiation 立项 | initiator, decision maker, economic buyer | party committee, executive mtg., board |
| requirements 需求 | initiator, user, technical evaluator | — |
| solution 方案 | technical evaluator, user, influencer | — |
| budget 预算 | economic buyer, decision maker | party committee, executive mtg., board |
| tender 招标 | procurement, technical evaluator, gatekeeper | procurement group |
| evaluation 评标 | technical evaluator, procurement | evaluation committee |
| contract 合同 | decision maker, economic buyer, procurement, gatekeeper | executive mtg., procurement group, board |
| acceptance 验收 | user, technical evaluator | — |

The ladder follows 政府采购法 and 招标投标法: 立项 and 预算 are approved by the
leadership collectively (三重一大); the 采购领导小组 approves the procurement
method and the tender documents, whose technical parameters the technical
evaluators write; the 评标委员会 scores the bids (招标投标法 第三十七条); the
contract is approved by the 院长办公会 or the board and signed through
procurement and legal; the users and the technical side accept the delivery.

Competitors
-----------
The competitors judged are the deal's (`Deal.competitors`), or every competitor
at the account when the deal names none. Every tie of theirs (`CompetitorTie`,
strength 1..5) to an active person is flagged with its weight power(i) ·
strength/5; a tie of `enemy_coach_strength` (4, trusted) or more makes the
person the enemy's coach, a gap (`enemy_coach`) when they are one of the deal's
people with power ≥ key_power. Exposure mirrors our coverage (undated: ties
carry no contact date):

    exposure = Σ_i power(i) · max_c strength(c, i)/5 / Σ_i power(i)   over the deal's people

Qualification scorecard (MEDDPICC)
-----------------------------------
MEDDPICC (Jack Napoli and Dick Dunkel's MEDDIC at PTC, 1996, with paper process
and competition added since) asks eight questions of a deal. The map answers
the ones about people; the ones it cannot know are read from text fields on the
deal (`metrics`, `decision_criteria`, `pain`, `decision_process`,
`paper_process`) and the committee (`CommitteeMember.pain`), never guessed.
"Qualified" below means our best relationship is ≥ `qualified_strength` (3,
working) and touched within `stale_days` (90). Each element is met, partial or
missing:

- metrics: met when `Deal.metrics` states a figure (a digit or %); partial
  when it has text without one; missing when empty;
- economic buyer: missing when none of the deal's people is an economic buyer
  in the deal; met when one is qualified; partial otherwise (the best-known one
  is named with our best relationship and its age);
- decision criteria: met when `Deal.decision_criteria` is written; missing
  otherwise;
- decision process: met when `Deal.decision_process` is written and the map
  shows who decides (a decision maker among the deal's people, or a deciding
  body); partial with one of the two; missing with neither;
- paper process: met when `Deal.paper_process` is written; partial when not,
  but a procurement person is among the deal's people (they can tell us);
  missing otherwise;
- identified pain: met when the deal's `pain` is written and at least one
  committee member's `pain` is; partial with one of the two; missing with
  neither;
- champion: a deal person who is a champion in the deal, or a coach with a
  supporting stance; met when one has power ≥ key_power and is qualified;
  partial when one exists but falls short; missing when none;
- competition: missing when the deal names no competitor; met when it does,
  no key person is the enemy's coach and exposure ≤ our coverage of the deal;
  partial otherwise.

    qualification = (met + 0.5 · partial) / 8        (0..1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import get_args

from graph.analysis import wording
from graph.analysis.actions import recommended_actions
from graph.analysis.activity import activity_strengths, with_derived_relationships
from graph.analysis.coverage import Contact, Tie, best_contacts, coverage, ties
from graph.analysis.params import AnalysisParams
from graph.analysis.power import (
    ListeningGraph,
    listening_graph,
    power_explanation,
    power_scores,
    rank_by_power,
)
from graph.analysis.results import (
    AccountSummaryOut,
    BodyResult,
    CompetitorExposure,
    CompetitorFlag,
    CoverageResult,
    DealAnalysis,
    DealSummaryOut,
    Gap,
    MeddpiccElement,
    Scorecard,
    ScoreElement,
    ScoreStatus,
    SeatResult,
)
from graph.errors import NotFound
from graph.model import AccountGraph, CommitteeMember, Deal, DecisionBody
from graph.vocabulary import BodyKind, DealStage, Language, Role, Stance

STAGE_ROLES: dict[DealStage, tuple[Role, ...]] = {
    DealStage.initiation: (Role.initiator, Role.decision_maker, Role.economic_buyer),
    DealStage.requirements: (Role.initiator, Role.user, Role.technical_evaluator),
    DealStage.solution: (Role.technical_evaluator, Role.user, Role.influencer),
    DealStage.budget: (Role.economic_buyer, Role.decision_maker),
    DealStage.tender: (Role.procurement, Role.technical_evaluator, Role.gatekeeper),
    DealStage.evaluation: (Role.technical_evaluator, Role.procurement),
    DealStage.contract: (
        Role.decision_maker,
        Role.economic_buyer,
        Role.procurement,
        Role.gatekeeper,
    ),
    DealStage.acceptance: (Role.user, Role.technical_evaluator),
}
"""The roles that matter at each stage of the default ladder (module docstring);
a coach matters at every stage."""

STAGE_BODIES: dict[DealStage, tuple[BodyKind, ...]] = {
    DealStage.initiation: (BodyKind.party_committee, BodyKind.executive_meeting, BodyKind.board),
    DealStage.requirements: (),
    DealStage.solution: (),
    DealStage.budget: (BodyKind.party_committee, BodyKind.executive_meeting, BodyKind.board),
    DealStage.tender: (BodyKind.procurement_group,),
    DealStage.evaluation: (BodyKind.evaluation_committee,),
    DealStage.contract: (
        BodyKind.executive_meeting,
        BodyKind.procurement_group,
        BodyKind.board,
    ),
    DealStage.acceptance: (),
}
"""The kinds of body that decide at each stage, for a body that names no stages."""

ELEMENTS: tuple[MeddpiccElement, ...] = get_args(MeddpiccElement)
"""The MEDDPICC elements, in the order of the acronym."""

STATUS_SCORE: dict[ScoreStatus, float] = {"met": 1.0, "partial": 0.5, "missing": 0.0}
"""What each status adds to the qualification score (then divided by 8)."""

_FIGURE = re.compile(r"[\d%％]")


def find_deal(graph: AccountGraph, deal_id: str) -> Deal:
    """The deal with id `deal_id`; NotFound naming the account otherwise."""
    for deal in graph.deals:
        if deal.id == deal_id:
            return deal
    raise NotFound(f"no deal {deal_id!r} in account {graph.account.id!r}")


def stage_roles(stage: str) -> tuple[Role, ...]:
    """The roles that matter at `stage` (STAGE_ROLES and the coach); every role for a
    stage the table does not know (an account's own ladder)."""
    try:
        known = DealStage(stage)
    except ValueError:
        return tuple(Role)
    return (*STAGE_ROLES[known], Role.coach)


def body_stages(body: DecisionBody, ladder: Sequence[str]) -> tuple[str, ...]:
    """The stages `body` decides at: its own, else its kind's (STAGE_BODIES) that are
    on the ladder, else every stage of the ladder."""
    if body.stages:
        return body.stages
    by_kind = tuple(
        stage.value
        for stage, kinds in STAGE_BODIES.items()
        if body.kind in kinds and stage.value in ladder
    )
    return by_kind or tuple(ladder)


def _position(ladder: Sequence[str], stage: str) -> int:
    return ladder.index(stage) if stage in ladder else 0


def deciding_bodies(graph: AccountGraph, deal: Deal) -> list[DecisionBody]:
    """The bodies that decide `deal` at its current stage or a later one, by id."""
    ladder = graph.account.stage_ladder
    now = _position(ladder, deal.stage)
    return sorted(
        (
            body
            for body in graph.bodies
            if (not body.deals or deal.id in body.deals)
            and any(_position(ladder, s) >= now for s in body_stages(body, ladder))
        ),
        key=lambda body: body.id,
    )


def vote_shares(body: DecisionBody, params: AnalysisParams) -> dict[str, float]:
    """Each known member's share of the body's votes (module docstring), 0..1."""
    chair_votes = 1.0 if body.kind == BodyKind.evaluation_committee else params.chair_votes
    total = body.seats - 1 + chair_votes if body.chair is not None else float(body.seats)
    members = dict.fromkeys(body.members)
    return {pid: (chair_votes if pid == body.chair else 1.0) / total for pid in sorted(members)}


def committee_of(graph: AccountGraph, deal_id: str) -> dict[str, CommitteeMember]:
    """The deal's committee seats by stakeholder id."""
    return {seat.stakeholder: seat for seat in graph.committee if seat.deal == deal_id}


def deal_graph(graph: AccountGraph, deal: Deal, *, recorded: bool) -> AccountGraph:
    """The account as `deal` sees it (module docstring): the seats' roles and stance,
    no roles off the committee (when `recorded`), the deal's owner as the account's."""
    seats = committee_of(graph, deal.id)
    people = graph.stakeholders
    if recorded:
        people = tuple(
            person.model_copy(
                update={
                    "roles": (seats[person.id].roles or person.roles) if person.id in seats else (),
                    "stance": (seats[person.id].stance or person.stance)
                    if person.id in seats
                    else person.stance,
                }
            )
            for person in people
        )
    account = graph.account
    if deal.owner is not None:
        account = account.model_copy(update={"owner": deal.owner})
    return graph.model_copy(update={"stakeholders": people, "account": account})


@dataclass(frozen=True)
class _Deal:
    """What every part of a deal's analysis reads."""

    graph: AccountGraph
    """The deal's graph (`deal_graph`)."""
    deal: Deal
    seats: dict[str, CommitteeMember]
    bodies: list[DecisionBody]
    power: dict[str, float]
    """Power in the deal of every active person."""
    people: dict[str, float]
    """Power of the deal's people."""
    contacts: dict[str, Contact]
    """Our warmest tie with each person (what 'our best relationship' names)."""
    ties: dict[str, list[Tie]]
    """Every tie of ours with each person."""
    params: AnalysisParams

    def strength(self, pid: str) -> int:
        contact = self.contacts.get(pid)
        return 0 if contact is None else contact.strength

    def strongest(self, pid: str) -> int:
        """Our strongest tie with `pid` (0 with none), whatever its age."""
        return max((tie.strength for tie in self.ties.get(pid, ())), default=0)

    def qualified(self, pid: str) -> bool:
        """A tie of ours with `pid` is ≥ qualified_strength and touched within stale_days."""
        return any(
            tie.strength >= self.params.qualified_strength
            and tie.last_touch is not None
            and (self.params.as_of - tie.last_touch).days < self.params.stale_days
            for tie in self.ties.get(pid, ())
        )

    def with_role(self, role: Role) -> list[str]:
        """The deal's people holding `role` in the deal, most powerful first."""
        people = self.graph.stakeholder_by_id
        return [pid for pid in rank_by_power(self.people) if role in people[pid].roles]

    def name(self, pid: str) -> str:
        return self.graph.stakeholder_by_id[pid].name


def analyze_deal(
    graph: AccountGraph, deal_id: str, params: AnalysisParams | None = None
) -> DealAnalysis:
    """Power, coverage, bodies, competitors, gaps, actions and the MEDDPICC scorecard of
    one deal (module docstring). NotFound when the account has no such deal."""
    params = params or AnalysisParams()
    deal = find_deal(graph, deal_id)
    lang = params.lang
    from_activity = activity_strengths(
        graph, as_of=params.as_of, half_life_days=params.half_life_days, lang=lang
    )
    graph = with_derived_relationships(graph, from_activity)
    bodies = deciding_bodies(graph, deal)
    seats = committee_of(graph, deal.id)
    recorded = bool(seats or bodies)
    seen = deal_graph(graph, deal, recorded=recorded)
    extra: dict[str, float] = {}
    for body in bodies:
        for pid, share in vote_shares(body, params).items():
            extra[pid] = extra.get(pid, 0.0) + params.body_prior * share
    informs = listening_graph(seen, params)
    power = power_scores(seen, params, informs=informs, extra_prior=extra)
    if recorded:
        members = set(seats) | {pid for body in bodies for pid in body.members}
        people = {pid: power[pid] for pid in sorted(members) if pid in power}
    else:
        people = dict(power)
    state = _Deal(
        graph=seen,
        deal=deal,
        seats=seats,
        bodies=bodies,
        power=power,
        people=people,
        contacts=best_contacts(seen, params),
        ties=_ties_by_person(seen, params),
        params=params,
    )
    required = stage_roles(deal.stage)
    covered = coverage(seen, people, params, required_roles=required)
    body_results = [_body_result(state, body) for body in bodies]
    competition = competitor_exposure(state)
    gaps = [*covered.gaps, *_body_gaps(state, body_results), *_enemy_gaps(state, competition)]
    covered = covered.model_copy(update={"gaps": gaps})
    seats_total = sum(body.seats for body in body_results)
    account = graph.account
    return DealAnalysis(
        account=AccountSummaryOut(
            id=account.id, name=account.name, owner=account.owner, tier=account.tier.value
        ),
        deal=deal_summary(deal, lang),
        as_of=params.as_of,
        committee_recorded=recorded,
        stage_roles=list(required),
        people=_seat_results(state, informs, covered),
        outside_influencers=[
            pid
            for pid in rank_by_power(power)
            if pid not in people and power[pid] >= params.key_power
        ],
        coverage=covered,
        bodies=body_results,
        body_coverage=(
            sum(len(body.known) for body in body_results) / seats_total if seats_total else None
        ),
        competition=competition,
        scorecard=scorecard(state, covered.score, competition),
        actions=recommended_actions(seen, people, covered, params, informs=informs),
    )


def _ties_by_person(graph: AccountGraph, params: AnalysisParams) -> dict[str, list[Tie]]:
    found: dict[str, list[Tie]] = {}
    for tie in ties(graph, params):
        found.setdefault(tie.stakeholder, []).append(tie)
    return found


def deal_summary(deal: Deal, lang: Language) -> DealSummaryOut:
    """The deal's own fields as the analysis shows them."""
    return DealSummaryOut(
        id=deal.id,
        name=deal.name,
        stage=deal.stage,
        stage_label=stage_label(deal.stage, lang),
        amount=deal.amount,
        currency=deal.currency,
        status=deal.status,
        owner=deal.owner,
        expected_close=deal.expected_close,
        closed_on=deal.closed_on,
        competitors=list(deal.competitors),
    )


def stage_label(stage: str, lang: Language) -> str:
    """方案 / solution for a default stage; an account's own stage as written."""
    try:
        return wording.label(lang, DealStage(stage))
    except ValueError:
        return stage


def _seat_results(
    state: _Deal, informs: ListeningGraph, covered: CoverageResult
) -> list[SeatResult]:
    """The deal's people, most powerful first, with what their power rests on."""
    lang = state.params.lang
    on_bodies: dict[str, list[str]] = {}
    shares: dict[str, list[str]] = {}
    for body in state.bodies:
        for pid, share in vote_shares(body, state.params).items():
            on_bodies.setdefault(pid, []).append(body.id)
            shares.setdefault(pid, []).append(
                wording.say(lang, "body_seat", body=body.name, share=share)
            )
    people = state.graph.stakeholder_by_id
    results = []
    for rank, pid in enumerate(rank_by_power(state.people), start=1):
        person = people[pid]
        seat = state.seats.get(pid)
        explanation = power_explanation(state.graph, informs, state.power, pid, lang)
        if pid in shares:
            explanation += wording.separator(lang, "clauses") + wording.separator(
                lang, "clauses"
            ).join(shares[pid])
        results.append(
            SeatResult(
                id=pid,
                name=person.name,
                title=person.title,
                power=state.power[pid],
                rank=rank,
                roles=list(person.roles),
                stance=person.stance,
                on_committee=seat is not None,
                bodies=on_bodies.get(pid, []),
                warmth=covered.warmth.get(pid, 0.0),
                pain=seat.pain if seat is not None else "",
                explanation=explanation,
            )
        )
    return results


def body_coverage_of(
    body: DecisionBody, strengths: dict[str, int], params: AnalysisParams
) -> tuple[list[str], float]:
    """(members we know, coverage_B = known / seats): `strengths` is our strongest
    relationship per stakeholder (the strongest, not the warmest: a new weak tie
    must not make a known member unknown)."""
    known = [
        pid for pid in sorted(set(body.members)) if strengths.get(pid, 0) >= params.known_strength
    ]
    return known, len(known) / body.seats if body.seats else 0.0


def known_members(graph: AccountGraph, params: AnalysisParams) -> dict[str, list[str]]:
    """Body id → the members we know, for every body of the account, whatever the deal:
    `body_coverage_of` with our strongest relationship per person, relationships
    derived from activity as in `analyze_deal`."""
    if not graph.bodies:
        return {}
    derived = with_derived_relationships(
        graph,
        activity_strengths(
            graph, as_of=params.as_of, half_life_days=params.half_life_days, lang=params.lang
        ),
    )
    strongest: dict[str, int] = {}
    for tie in ties(derived, params):
        strongest[tie.stakeholder] = max(strongest.get(tie.stakeholder, 0), tie.strength)
    return {body.id: body_coverage_of(body, strongest, params)[0] for body in graph.bodies}


def _body_result(state: _Deal, body: DecisionBody) -> BodyResult:
    ladder = state.graph.account.stage_ladder
    strengths = {pid: state.strongest(pid) for pid in body.members}
    known, share = body_coverage_of(body, strengths, state.params)
    stages = body_stages(body, ladder)
    return BodyResult(
        id=body.id,
        name=body.name,
        kind=body.kind,
        seats=body.seats,
        members=list(body.members),
        chair=body.chair,
        stages=list(stages),
        decides_now=state.deal.stage in stages,
        known=known,
        coverage=share,
        votes=vote_shares(body, state.params),
        explanation=wording.say(
            state.params.lang, "body_known", known=len(known), seats=body.seats, body=body.name
        ),
    )


def _body_gaps(state: _Deal, bodies: Iterable[BodyResult]) -> list[Gap]:
    """For each body deciding at this stage with coverage below `low_body_coverage`:
    a gap per member on the map we do not know (actions then propose reaching them),
    and one for the seats nobody on the map holds (ask who holds them)."""
    params = state.params
    gaps = []
    for body in bodies:
        if not body.decides_now or body.coverage >= params.low_body_coverage:
            continue
        for pid in sorted(body.members, key=lambda i: (-state.power.get(i, 0.0), i)):
            if pid in body.known or pid not in state.power:
                continue
            gaps.append(
                Gap(
                    kind="body_coverage",
                    stakeholder=pid,
                    power=state.power[pid],
                    explanation=wording.say(
                        params.lang,
                        "body_member_unknown",
                        name=state.name(pid),
                        body=body.name,
                        known=body.explanation,
                    ),
                )
            )
        unseen = body.seats - len(set(body.members))
        if unseen > 0:
            gaps.append(
                Gap(
                    kind="body_coverage",
                    stakeholder=None,
                    power=0.0,
                    explanation=wording.say(
                        params.lang,
                        "body_seats_unknown",
                        body=body.name,
                        n=unseen,
                        seats=body.seats,
                    ),
                )
            )
    return gaps


def competitor_exposure(state: _Deal) -> CompetitorExposure:
    """Flags and exposure of the deal's competitors (module docstring)."""
    graph, params = state.graph, state.params
    lang = params.lang
    rivals = list(state.deal.competitors) or sorted(c.id for c in graph.competitors)
    names = {c.id: c.name for c in graph.competitors}
    best: dict[str, int] = {}
    flags = []
    for tie in graph.competitor_ties:
        if tie.competitor not in rivals or tie.stakeholder not in state.power or tie.strength <= 0:
            continue
        power = state.power[tie.stakeholder]
        coach = tie.strength >= params.enemy_coach_strength
        best[tie.stakeholder] = max(best.get(tie.stakeholder, 0), tie.strength)
        flags.append(
            CompetitorFlag(
                stakeholder=tie.stakeholder,
                competitor=tie.competitor,
                strength=tie.strength,
                power=power,
                weight=power * tie.strength / 5,
                enemy_coach=coach,
                explanation=wording.say(
                    lang,
                    "enemy_coach" if coach else "competitor_tie",
                    name=state.name(tie.stakeholder),
                    power=power,
                    competitor=names.get(tie.competitor, tie.competitor),
                    strength=tie.strength,
                ),
            )
        )
    flags.sort(key=lambda f: (-round(f.weight, 12), f.stakeholder, f.competitor))
    total = sum(state.people.values())
    exposure = (
        sum(p * best.get(pid, 0) / 5 for pid, p in state.people.items()) / total
        if total > 0
        else 0.0
    )
    return CompetitorExposure(competitors=rivals, exposure=exposure, flags=flags)


def _enemy_coaches(state: _Deal, competition: CompetitorExposure) -> list[CompetitorFlag]:
    """Flags of key people (the deal's, power ≥ key_power) who are the enemy's coach."""
    return [
        flag
        for flag in competition.flags
        if flag.enemy_coach
        and flag.stakeholder in state.people
        and flag.power >= state.params.key_power
    ]


def _enemy_gaps(state: _Deal, competition: CompetitorExposure) -> list[Gap]:
    return [
        Gap(
            kind="enemy_coach",
            stakeholder=flag.stakeholder,
            power=flag.power,
            explanation=flag.explanation,
        )
        for flag in _enemy_coaches(state, competition)
    ]


# --- the scorecard --------------------------------------------------------------------


def _element(
    state: _Deal,
    element: MeddpiccElement,
    status: ScoreStatus,
    sentence: str,
    evidence: dict[str, str | float | int | list[str] | None],
    **values: object,
) -> ScoreElement:
    lang = state.params.lang
    return ScoreElement(
        element=element,
        status=status,
        evidence=evidence,
        explanation=wording.say(
            lang,
            "scorecard_line",
            status=wording.score_status(lang, status),
            detail=wording.say(lang, sentence, **values),
        ),
    )


def _relationship(state: _Deal, pid: str) -> str:
    """'our best relationship is 1/5, 200 days ago' (or that nobody has one)."""
    lang = state.params.lang
    contact = state.contacts.get(pid)
    if contact is None:
        return wording.say(lang, "nobody_knows")
    since = (
        wording.say(lang, "days_ago", n=(state.params.as_of - contact.last_touch).days)
        if contact.last_touch is not None
        else wording.say(lang, "never_recorded")
    )
    return wording.say(lang, "our_best", strength=contact.strength, since=since)


def _contact_evidence(state: _Deal, pid: str) -> dict[str, str | float | int | list[str] | None]:
    contact = state.contacts.get(pid)
    days = (
        (state.params.as_of - contact.last_touch).days
        if contact is not None and contact.last_touch is not None
        else None
    )
    return {
        "stakeholder": pid,
        "power": state.people.get(pid, state.power.get(pid, 0.0)),
        "strength": state.strength(pid),
        "days_since_contact": days,
    }


def _text_element(state: _Deal, element: MeddpiccElement, text: str) -> ScoreElement:
    if text:
        return _element(state, element, "met", f"{element}_met", {"text": text}, text=text)
    return _element(state, element, "missing", f"{element}_missing", {"text": None})


def _both_sources(
    state: _Deal,
    element: MeddpiccElement,
    *,
    text: str,
    found: bool,
    evidence: dict[str, str | float | int | list[str] | None],
    names: str,
) -> ScoreElement:
    """An element read from the deal's `text` and from what the map shows (`found`):
    met with both, partial with one, missing with neither."""
    if text and found:
        status: ScoreStatus = "met"
        case = "met"
    elif text or found:
        status, case = "partial", "text_only" if text else "map_only"
    else:
        status, case = "missing", "missing"
    return _element(state, element, status, f"{element}_{case}", evidence, text=text, names=names)


def scorecard(state: _Deal, our_coverage: float, competition: CompetitorExposure) -> Scorecard:
    """The eight MEDDPICC elements and the qualification score (module docstring)."""
    deal, lang = state.deal, state.params.lang
    listed = wording.separator(lang, "list")
    elements: list[ScoreElement] = []

    # metrics
    if not deal.metrics:
        elements.append(_element(state, "metrics", "missing", "metrics_missing", {"text": None}))
    elif _FIGURE.search(deal.metrics):
        elements.append(
            _element(
                state, "metrics", "met", "metrics_met", {"text": deal.metrics}, text=deal.metrics
            )
        )
    else:
        elements.append(
            _element(
                state,
                "metrics",
                "partial",
                "metrics_partial",
                {"text": deal.metrics},
                text=deal.metrics,
            )
        )

    # economic buyer: the best-known one (qualified first, then strength, then power)
    buyers = state.with_role(Role.economic_buyer)
    if not buyers:
        elements.append(
            _element(
                state, "economic_buyer", "missing", "economic_buyer_missing", {"stakeholder": None}
            )
        )
    else:
        buyer = min(
            buyers,
            key=lambda pid: (not state.qualified(pid), -state.strength(pid), buyers.index(pid)),
        )
        elements.append(
            _element(
                state,
                "economic_buyer",
                "met" if state.qualified(buyer) else "partial",
                "economic_buyer_found",
                _contact_evidence(state, buyer),
                name=state.name(buyer),
                relationship=_relationship(state, buyer),
            )
        )

    elements.append(_text_element(state, "decision_criteria", deal.decision_criteria))

    # decision process: the text, and who decides on the map
    deciders = [state.name(pid) for pid in state.with_role(Role.decision_maker)]
    deciders += [body.name for body in state.bodies]
    process_evidence: dict[str, str | float | int | list[str] | None] = {
        "text": deal.decision_process or None,
        "decision_makers": state.with_role(Role.decision_maker),
        "bodies": [body.id for body in state.bodies],
    }
    elements.append(
        _both_sources(
            state,
            "decision_process",
            text=deal.decision_process,
            found=bool(deciders),
            evidence=process_evidence,
            names=listed.join(deciders),
        )
    )

    # paper process
    buyers_office = state.with_role(Role.procurement)
    if deal.paper_process:
        elements.append(
            _element(
                state,
                "paper_process",
                "met",
                "paper_process_met",
                {"text": deal.paper_process, "procurement": buyers_office},
                text=deal.paper_process,
            )
        )
    elif buyers_office:
        elements.append(
            _element(
                state,
                "paper_process",
                "partial",
                "paper_process_ask",
                {"text": None, "procurement": buyers_office},
                names=listed.join(state.name(pid) for pid in buyers_office),
            )
        )
    else:
        elements.append(
            _element(
                state,
                "paper_process",
                "missing",
                "paper_process_missing",
                {"text": None, "procurement": []},
            )
        )

    # identified pain
    feeling = [
        pid for pid in rank_by_power(state.people) if pid in state.seats and state.seats[pid].pain
    ]
    pain_evidence: dict[str, str | float | int | list[str] | None] = {
        "text": deal.pain or None,
        "felt_by": feeling,
    }
    elements.append(
        _both_sources(
            state,
            "identified_pain",
            text=deal.pain,
            found=bool(feeling),
            evidence=pain_evidence,
            names=listed.join(state.name(pid) for pid in feeling),
        )
    )
    elements.append(_champion(state))
    elements.append(_competition(state, our_coverage, competition))
    score = sum(STATUS_SCORE[e.status] for e in elements) / len(ELEMENTS)
    return Scorecard(score=score, elements=elements)


def _champion(state: _Deal) -> ScoreElement:
    people = state.graph.stakeholder_by_id
    candidates = [
        pid
        for pid in rank_by_power(state.people)
        if people[pid].stance is Stance.champion
        or (Role.coach in people[pid].roles and people[pid].stance.score > 0)
    ]
    if not candidates:
        return _element(state, "champion", "missing", "champion_missing", {"stakeholder": None})
    key_power = state.params.key_power

    def met(pid: str) -> bool:
        return state.people[pid] >= key_power and state.qualified(pid)

    best = min(candidates, key=lambda pid: (not met(pid), candidates.index(pid)))
    lang = state.params.lang
    if met(best):
        why = ""
    elif state.people[best] < key_power:
        why = wording.say(lang, "champion_low_power", power=state.people[best], threshold=key_power)
    else:
        why = _relationship(state, best)
    return _element(
        state,
        "champion",
        "met" if met(best) else "partial",
        "champion_met" if met(best) else "champion_partial",
        _contact_evidence(state, best),
        name=state.name(best),
        power=state.people[best],
        relationship=_relationship(state, best),
        why=why,
    )


def _competition(
    state: _Deal, our_coverage: float, competition: CompetitorExposure
) -> ScoreElement:
    deal = state.deal
    if not deal.competitors:
        return _element(state, "competition", "missing", "competition_missing", {"competitors": []})
    lang = state.params.lang
    names = {c.id: c.name for c in state.graph.competitors}
    coaches = _enemy_coaches(state, competition)
    evidence: dict[str, str | float | int | list[str] | None] = {
        "competitors": list(deal.competitors),
        "exposure": competition.exposure,
        "coverage": our_coverage,
        "enemy_coaches": [flag.stakeholder for flag in coaches],
    }
    rivals = wording.separator(lang, "list").join(names.get(c, c) for c in deal.competitors)
    ahead = competition.exposure <= our_coverage and not coaches
    detail = wording.separator(lang, "clauses").join(flag.explanation for flag in coaches)
    return _element(
        state,
        "competition",
        "met" if ahead else "partial",
        "competition_found",
        evidence,
        rivals=rivals,
        exposure=competition.exposure,
        coverage=our_coverage,
        coaches=(wording.separator(lang, "clauses") + detail) if detail else "",
    )
