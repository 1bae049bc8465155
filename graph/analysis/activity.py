"""Relationship strength measured from activity, and who knows whom across the team.

Every member↔stakeholder pair with interactions gets a **derived strength**
on the relationship scale (0 none … 5 advocate), from three of the dimensions
Granovetter (1973, "The Strength of Weak Ties", *American Journal of
Sociology* 78(6)) names for tie strength — the amount of time, the intensity
and the reciprocity of a tie — measured the way Gilbert & Karahalios (2009,
"Predicting Tie Strength with Social Media", CHI '09) found most predictive:
frequency of contact, days since the last contact, and whether both sides
write.

Formula, for member m and stakeholder s on the analysis date `as_of`, over the
interactions of m that include s in the last `window_days`:

    F = Σ_i  w(type_i) · 0.5 ^ (age_i / H)        contact, decayed by recency
    I = 1 − exp(−F / F0)                          intensity, 0..1, saturating
    Q = min(a, b) / max(a, b)                     reciprocity, 0..1
    derived = 5 · I · (1 − R + R · Q)             on the 0..5 scale

- `age_i` is the days from the interaction to `as_of`; H is the half-life of
  warmth (`AnalysisParams.half_life_days`, 90 days), so the recency of contact
  weighs as it does in coverage.
- `w`: a meeting, visit, meal, event, interview or focus group 1.0; a call
  0.75; an email 0.25 (a message is a lighter touch than a meeting); a survey 0.
- F0 = 4: about four fresh meetings give I = 0.63; a weekly meeting held all
  year gives F ≈ 17.9 and I ≈ 0.99.
- reciprocity counts a = messages m wrote to the meeting's people plus
  meetings, b = messages the stakeholder side wrote to m plus meetings (a
  meeting goes both ways). Who wrote is read from an imported message's id
  (`MAIL_FROM_MEMBER`, `MAIL_FROM_STAKEHOLDER`; importers/activity.py); a
  typed-in interaction counts as a meeting. Without any message Q = 1.
- R = 0.4: a tie where only we write keeps 60 % of its strength.

The derived strength stands beside the entered one (`ActivityStrength`); it is
used where no strength was entered (a pair with interactions and no
relationship), and a difference of `DISAGREEMENT` or more is flagged with a
suggestion. Pairs whose only interactions are older than the window are not
measured.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from graph.analysis import wording
from graph.model import AccountGraph, Interaction, Relationship
from graph.vocabulary import InteractionType, Language

LOGGED_STRENGTH = 2
"""Strength of a pair known only from logged interactions: 'acquainted' (the
relationship scale: 1 aware, 2 acquainted, 3 working). One meeting makes people
acquainted; a working relationship is the user's judgement to enter."""


CALENDAR_PREFIX = "cal-"
"""Id prefix of interactions imported from a calendar."""
MAIL_PREFIX = "mail-"
"""Id prefix of interactions imported from mail where neither side of the pair wrote."""
MAIL_FROM_MEMBER = "mail-out-"
"""Id prefix of a message our team member wrote."""
MAIL_FROM_STAKEHOLDER = "mail-in-"
"""Id prefix of a message a stakeholder wrote to our team member."""
ACTIVITY_PREFIXES = (CALENDAR_PREFIX, MAIL_PREFIX)
"""Ids that mark an interaction imported from activity (calendar or mail)."""

TYPE_WEIGHTS: dict[InteractionType, float] = {
    InteractionType.meeting: 1.0,
    InteractionType.visit: 1.0,
    InteractionType.meal: 1.0,
    InteractionType.event: 1.0,
    InteractionType.interview: 1.0,
    InteractionType.focus_group: 1.0,
    InteractionType.call: 0.75,
    InteractionType.email: 0.25,
    InteractionType.survey: 0.0,
}
"""How much one interaction of each type counts towards contact (F)."""
SATURATION = 4.0
"""F0: the decayed contact at which intensity reaches 1 − 1/e (0.63)."""
RECIPROCITY_WEIGHT = 0.4
"""R: the share of the strength that depends on both sides writing."""
WINDOW_DAYS = 365
"""Only interactions of the last year count."""
DISAGREEMENT = 2.0
"""Entered and derived strengths this far apart (on 0..5) are flagged."""


def is_activity(event: Interaction) -> bool:
    """Whether the interaction was imported from a calendar or a mail archive."""
    return event.id.startswith(ACTIVITY_PREFIXES)


class ActivityStrength(BaseModel):
    """A member↔stakeholder pair as activity measures it, beside what was entered."""

    member: str
    stakeholder: str
    derived: float
    """0..5, one decimal (module docstring)."""
    entered: int | None
    """The relationship's strength as entered; None when no relationship was entered."""
    interactions: int
    """Interactions in the window."""
    last_contact: date
    written_by_member: int
    written_by_stakeholder: int
    suggestion: str | None = None
    """Set when entered and derived differ by `DISAGREEMENT` or more."""


class WhoKnowsWhom(BaseModel):
    """For one stakeholder, our team members by derived strength, strongest first."""

    stakeholder: str
    members: list[str]
    strengths: list[float]


class ActivityResult(BaseModel):
    """The `activity` part of the analysis document."""

    strengths: list[ActivityStrength]
    """Every measured pair, strongest first."""
    who_knows_whom: list[WhoKnowsWhom]
    """Stakeholders with activity, the best-known first."""


@dataclass
class _Tally:
    contact: float = 0.0
    count: int = 0
    last: date | None = None
    mine: int = 0
    theirs: int = 0
    both: int = 0
    mails: int = 0


def derived_strength(
    *, contact: float, written_by_member: int, written_by_stakeholder: int, mutual: int
) -> float:
    """5 · I · (1 − R + R · Q) of the module docstring, from the decayed contact F,
    the messages each side wrote and the meetings (`mutual`, counted on both sides)."""
    intensity = 1.0 - math.exp(-contact / SATURATION)
    a, b = written_by_member + mutual, written_by_stakeholder + mutual
    reciprocity = 1.0 if max(a, b) == 0 else min(a, b) / max(a, b)
    return 5.0 * intensity * (1.0 - RECIPROCITY_WEIGHT + RECIPROCITY_WEIGHT * reciprocity)


def activity_strengths(
    graph: AccountGraph,
    *,
    as_of: date,
    half_life_days: float = 90.0,
    window_days: int = WINDOW_DAYS,
    lang: Language = "en",
) -> ActivityResult:
    """The derived strength of every pair with interactions in the window, and who
    knows whom (module docstring has the formula)."""
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    for event in graph.interactions:
        if event.member is None or event.date > as_of:
            continue
        age = (as_of - event.date).days
        if age > window_days:
            continue
        weight = TYPE_WEIGHTS.get(event.type, 1.0) * 0.5 ** (age / half_life_days)
        for person in event.stakeholders:
            tally = tallies[(event.member, person)]
            tally.contact += weight
            tally.count += 1
            tally.last = event.date if tally.last is None else max(tally.last, event.date)
            if event.type is InteractionType.email:
                tally.mails += 1
                if event.id.startswith(MAIL_FROM_MEMBER):
                    tally.mine += 1
                elif event.id.startswith(MAIL_FROM_STAKEHOLDER):
                    tally.theirs += 1
            elif TYPE_WEIGHTS.get(event.type, 1.0) > 0:
                tally.both += 1
    entered = {rel.key: rel.strength for rel in graph.relationships}
    strengths = []
    for (member, person), tally in tallies.items():
        assert tally.last is not None
        value = round(
            derived_strength(
                contact=tally.contact,
                written_by_member=tally.mine,
                written_by_stakeholder=tally.theirs,
                mutual=tally.both,
            ),
            1,
        )
        given = entered.get((member, person))
        suggestion = None
        if given is not None and abs(value - given) >= DISAGREEMENT:
            suggestion = wording.say(
                lang,
                "activity_disagrees",
                member=graph.member_name(member),
                name=_name(graph, person),
                entered=given,
                derived=value,
                count=tally.count,
                direction=wording.say(
                    lang,
                    "activity_higher" if value > given else "activity_lower",
                    suggested=round(value),
                ),
            )
        strengths.append(
            ActivityStrength(
                member=member,
                stakeholder=person,
                derived=value,
                entered=given,
                interactions=tally.count,
                last_contact=tally.last,
                written_by_member=tally.mine,
                written_by_stakeholder=tally.theirs,
                suggestion=suggestion,
            )
        )
    strengths.sort(key=lambda s: (-s.derived, s.stakeholder, s.member))
    by_person: dict[str, list[ActivityStrength]] = defaultdict(list)
    for item in strengths:
        by_person[item.stakeholder].append(item)
    who = [
        WhoKnowsWhom(
            stakeholder=person,
            members=[item.member for item in items],
            strengths=[item.derived for item in items],
        )
        for person, items in by_person.items()
    ]
    who.sort(key=lambda w: (-w.strengths[0], w.stakeholder))
    return ActivityResult(strengths=strengths, who_knows_whom=who)


def _name(graph: AccountGraph, person: str) -> str:
    found = graph.stakeholder_by_id.get(person)
    return person if found is None else found.name


def with_derived_relationships(graph: AccountGraph, measured: ActivityResult) -> AccountGraph:
    """`graph` with a relationship for every measured pair that has none entered:
    strength the derived one rounded, but at least `LOGGED_STRENGTH` (2, acquainted:
    one logged contact makes people acquainted, graph/analysis/coverage.py), last
    contact the latest interaction. Pairs without any contact that counts (derived
    0: surveys only) are left out. Entered relationships are never changed."""
    added = [
        Relationship(
            account_id=graph.account.id,
            member=item.member,
            stakeholder=item.stakeholder,
            strength=max(round(item.derived), LOGGED_STRENGTH),
            last_contact=item.last_contact,
        )
        for item in measured.strengths
        if item.entered is None
        and item.derived > 0
        and item.member in graph.member_by_id
        and item.stakeholder in graph.stakeholder_by_id
    ]
    if not added:
        return graph
    return graph.replace(Relationship, [*graph.relationships, *added])
