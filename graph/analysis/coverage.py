"""Coverage: how well our team knows the people who matter, and where it does not.

Formulas
--------
Warmth of member m toward stakeholder i, on `as_of`:

    warmth(m, i) = strength(m, i)/5 · 0.5^(days(m, i) / half_life_days)

days(m, i) counts from the later of the relationship's `last_contact` and the
last interaction of m with i (`undated_age_days` when neither is known). A
stakeholder's warmth is the best over our team; nobody → 0.

Contact that counts: an interaction of a contact kind (`CONTACT_TYPES`: meeting,
visit, call, email, event, meal, interview, focus group; not a survey, which is
sent rather than held) logged by member m with stakeholder i, dated on or before
`as_of`, refreshes the recency of m's relationship with i. When m has no
relationship with i entered, the pair counts as `LOGGED_STRENGTH` (2,
"acquainted") from that interaction's date: a visit makes the person known. This
is computed in the analysis, never written to the store, and an entered
relationship keeps the strength the user gave it (only its recency is
refreshed).

Account coverage is the power-weighted mean warmth over active stakeholders:

    coverage = Σ_i power(i) · warmth(i) / Σ_i power(i)        (0 with no one)

Gaps, each with an explanation:
- `unknown_key_person`: power ≥ key_power and warmth < low_warmth;
- `opponent`: a skeptic or opponent with power ≥ opponent_power;
- `missing_role`: no active decision maker, economic buyer or coach recorded;
- `single_threaded`: one team member carries ≥ single_member_share of coverage
  (Σ power·warmth over the people they are the warmest contact for), or one
  contact carries ≥ single_contact_share;
- `stale`: our warmest relationship with someone is a working one (strength ≥ 3)
  whose last known touch is ≥ stale_days ago (undated relationships are not
  judged stale; they already count as `undated_age_days` old).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from graph.analysis import wording
from graph.analysis.activity import LOGGED_STRENGTH
from graph.analysis.params import AnalysisParams
from graph.analysis.results import CoverageResult, Gap
from graph.model import AccountGraph
from graph.vocabulary import InteractionType, Role

REQUIRED_ROLES = (Role.decision_maker, Role.economic_buyer, Role.coach)

CONTACT_TYPES = frozenset(InteractionType) - {InteractionType.survey}
"""Interaction kinds in which a team member and a stakeholder were in contact."""



@dataclass(frozen=True)
class Tie:
    """A member↔stakeholder pair as warmth reads it: an entered relationship, or one
    implied by logged interactions (`logged`, strength `LOGGED_STRENGTH`)."""

    member: str
    stakeholder: str
    strength: int
    last_touch: date | None
    logged: bool = False


def ties(graph: AccountGraph, params: AnalysisParams) -> list[Tie]:
    """Every entered relationship with its latest touch, then every pair met in a
    contact interaction up to `as_of` without an entered relationship, sorted by
    (member, stakeholder) (module docstring)."""
    touches = graph.last_touches
    found = {
        (rel.member, rel.stakeholder): Tie(
            rel.member, rel.stakeholder, rel.strength, touches.get((rel.member, rel.stakeholder))
        )
        for rel in graph.relationships
    }
    logged: dict[tuple[str, str], date] = {}
    for event in graph.interactions:
        if event.member is None or event.date > params.as_of or event.type not in CONTACT_TYPES:
            continue
        for pid in event.stakeholders:
            key = (event.member, pid)
            if key not in found and (key not in logged or logged[key] < event.date):
                logged[key] = event.date
    for (member, pid), day in logged.items():
        found[(member, pid)] = Tie(member, pid, LOGGED_STRENGTH, day, logged=True)
    return [found[key] for key in sorted(found)]


@dataclass(frozen=True)
class Contact:
    """Our best relationship with one stakeholder."""

    member: str
    strength: int
    last_touch: date | None
    warmth: float


def decayed_warmth(strength: int, last_touch: date | None, params: AnalysisParams) -> float:
    """strength/5 · 0.5^(days/half_life), days since `last_touch` (module docstring)."""
    days = (
        max(0, (params.as_of - last_touch).days)
        if last_touch is not None
        else params.undated_age_days
    )
    return float(strength / 5.0 * 0.5 ** (days / params.half_life_days))


def pair_warmth(graph: AccountGraph, params: AnalysisParams) -> dict[tuple[str, str], float]:
    """(member, stakeholder) → warmth of that pair's tie (`ties`)."""
    return {
        (tie.member, tie.stakeholder): decayed_warmth(tie.strength, tie.last_touch, params)
        for tie in ties(graph, params)
    }


def best_contacts(graph: AccountGraph, params: AnalysisParams) -> dict[str, Contact]:
    """For each stakeholder we know, our warmest tie (`ties`; equal warmth: member id)."""
    best: dict[str, Contact] = {}
    for tie in sorted(ties(graph, params), key=lambda t: (t.stakeholder, t.member)):
        warmth = decayed_warmth(tie.strength, tie.last_touch, params)
        contact = Contact(tie.member, tie.strength, tie.last_touch, warmth)
        current = best.get(tie.stakeholder)
        if current is None or contact.warmth > current.warmth:
            best[tie.stakeholder] = contact
    return best


def coverage_score(power: dict[str, float], warmth: dict[str, float]) -> float:
    """Σ power·warmth / Σ power over `power`'s people (0 when nobody has power)."""
    total = sum(power.values())
    if total <= 0:
        return 0.0
    return sum(p * warmth.get(pid, 0.0) for pid, p in power.items()) / total


def _days(since: date | None, params: AnalysisParams) -> str:
    if since is None:
        return wording.say(params.lang, "never_recorded")
    return wording.say(params.lang, "days_ago", n=(params.as_of - since).days)


def stale_detail(contact: Contact, member: str, params: AnalysisParams) -> str:
    """`140 days since the last touch (Our Rep, strength 4)`: a stale gap's reason."""
    assert contact.last_touch is not None  # only dated contacts are judged stale
    return wording.say(
        params.lang,
        "stale_detail",
        age=(params.as_of - contact.last_touch).days,
        member=member,
        strength=contact.strength,
    )


def coverage(
    graph: AccountGraph,
    power: dict[str, float],
    params: AnalysisParams,
    *,
    required_roles: Sequence[Role] = REQUIRED_ROLES,
) -> CoverageResult:
    """Coverage score and gaps (module docstring); `power` from `power_scores`.
    `required_roles` are the roles whose absence is a gap (a deal's stage has its own)."""
    contacts = {pid: c for pid, c in best_contacts(graph, params).items() if pid in power}
    warmth = {pid: contacts[pid].warmth if pid in contacts else 0.0 for pid in power}
    score = coverage_score(power, warmth)
    people = graph.stakeholder_by_id
    lang = params.lang
    gaps: list[Gap] = []
    for pid in sorted(power, key=lambda i: (-power[i], i)):
        person, contact = people[pid], contacts.get(pid)
        if power[pid] >= params.key_power and warmth[pid] < params.low_warmth:
            known = (
                wording.say(
                    lang,
                    "best_relationship",
                    strength=contact.strength,
                    member=graph.member_name(contact.member),
                    since=_days(contact.last_touch, params),
                    warmth=contact.warmth,
                )
                if contact
                else wording.say(lang, "nobody_knows")
            )
            gaps.append(
                Gap(
                    kind="unknown_key_person",
                    stakeholder=pid,
                    power=power[pid],
                    explanation=wording.say(
                        lang, "unknown_key_person", name=person.name, power=power[pid], known=known
                    ),
                )
            )
        if person.stance.score < 0 and power[pid] >= params.opponent_power:
            gaps.append(
                Gap(
                    kind="opponent",
                    stakeholder=pid,
                    power=power[pid],
                    explanation=wording.say(
                        lang,
                        "opponent",
                        name=person.name,
                        article="an" if person.stance.value[0] == "o" else "a",
                        stance=wording.label(lang, person.stance),
                        power=power[pid],
                    ),
                )
            )
        if contact and contact.strength >= 3 and contact.last_touch is not None:
            age = (params.as_of - contact.last_touch).days
            if age >= params.stale_days:
                gaps.append(
                    Gap(
                        kind="stale",
                        stakeholder=pid,
                        power=power[pid],
                        explanation=wording.say(
                            lang,
                            "stale",
                            name=person.name,
                            detail=stale_detail(contact, graph.member_name(contact.member), params),
                        ),
                    )
                )

    present = {role for pid in power for role in people[pid].roles}
    missing = [role for role in required_roles if role not in present]
    for role in missing:
        gaps.append(
            Gap(
                kind="missing_role",
                stakeholder=None,
                power=0.0,
                explanation=wording.say(lang, "missing_role", role=wording.label(lang, role)),
            )
        )

    single = _single_threading(graph, power, warmth, contacts, params)
    if single is not None:
        gaps.append(single)
    return CoverageResult(
        score=score,
        warmth=warmth,
        gaps=gaps,
        missing_roles=missing,
        single_threaded=single is not None,
    )


def _single_threading(
    graph: AccountGraph,
    power: dict[str, float],
    warmth: dict[str, float],
    contacts: dict[str, Contact],
    params: AnalysisParams,
) -> Gap | None:
    weighted = {pid: power[pid] * warmth[pid] for pid in power}
    total = sum(weighted.values())
    if total <= 0:
        return None
    by_member: dict[str, float] = {}
    for pid, contact in contacts.items():
        by_member[contact.member] = by_member.get(contact.member, 0.0) + weighted[pid]
    member, member_part = max(sorted(by_member.items()), key=lambda kv: kv[1])
    if member_part / total >= params.single_member_share:
        who = graph.member_name(member)
        return Gap(
            kind="single_threaded",
            stakeholder=None,
            member=member,
            power=0.0,
            explanation=wording.say(
                params.lang, "single_member", who=who, share=member_part / total
            ),
        )
    contact_id, contact_part = max(sorted(weighted.items()), key=lambda kv: kv[1])
    if contact_part / total >= params.single_contact_share:
        name = graph.stakeholder_by_id[contact_id].name
        return Gap(
            kind="single_threaded",
            stakeholder=contact_id,
            power=power[contact_id],
            explanation=wording.say(
                params.lang, "single_contact", name=name, share=contact_part / total
            ),
        )
    return None
