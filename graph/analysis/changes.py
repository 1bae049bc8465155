"""What changed on an account between two moments, each change in a sentence.

Compares the account as it was at `from` with the account at `to` (both rebuilt
from history by `graph.history.graph_as_of`) and their analyses, each computed
as of its own date: people who joined or left; stance and buying-role changes;
relationships that warmed or cooled by at least `WARMTH_STEP`; coverage and
health before and after; gaps that opened or closed (a gap is the same gap when
its kind, person and member match, as in what-if); deals added, removed, moved to
another stage or closed (won, lost); people joining or leaving a deal's committee;
a competitor's tie with a person that appeared, went or changed strength.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from graph.analysis import wording
from graph.analysis.account import analyze_account
from graph.analysis.coverage import pair_warmth
from graph.analysis.params import AnalysisParams
from graph.analysis.results import Gap
from graph.analysis.whatif import gap_key
from graph.model import AccountGraph
from graph.vocabulary import DealStage, DealStatus, Language, Role, Status

WARMTH_STEP = 0.1
"""A relationship counts as warmed or cooled when its warmth moved at least this much."""


class AccountChanges(BaseModel):
    account: str
    since: datetime
    until: datetime
    changes: list[str]
    coverage_before: float
    coverage_after: float
    health_before: float | None
    health_after: float | None
    gaps_opened: list[Gap]
    gaps_closed: list[Gap]


def _score(value: float | None, lang: Language) -> str:
    return wording.say(lang, "not_measured") if value is None else f"{value:.0f}"


def _roles(roles: tuple[Role, ...], lang: Language) -> str:
    listed = wording.separator(lang, "list").join(wording.label(lang, role) for role in roles)
    return listed or wording.say(lang, "no_roles")


def _stage(stage: str, lang: Language) -> str:
    """A stage as a reader of `lang` says it: the default ladder's label (方案), else as written."""
    known = DealStage._value2member_map_.get(stage)
    return stage if known is None else wording.label(lang, DealStage(stage))


def deal_changes(before: AccountGraph, after: AccountGraph, lang: Language = "en") -> list[str]:
    """The sentences of what changed in the deals from `before` to `after`, in `lang`:
    deals added (with their stage), removed, moved to another stage, won or lost; seats
    taken or left on a committee; competitors' ties that appeared (from 0), went (to 0)
    or changed strength."""
    old_deals = {d.id: d for d in before.deals}
    new_deals = {d.id: d for d in after.deals}
    names = {d.id: d.name for d in (*before.deals, *after.deals)}
    people = {p.id: p.name for p in (*before.stakeholders, *after.stakeholders)}
    sentences: list[str] = []
    for deal_id in sorted(new_deals.keys() - old_deals.keys()):
        deal = new_deals[deal_id]
        sentences.append(wording.say(lang, "deal_added", deal=deal.name, stage=_stage(deal.stage, lang)))
    sentences += [
        wording.say(lang, "deal_removed", deal=old_deals[deal_id].name)
        for deal_id in sorted(old_deals.keys() - new_deals.keys())
    ]
    for deal_id in sorted(old_deals.keys() & new_deals.keys()):
        old, new = old_deals[deal_id], new_deals[deal_id]
        if old.stage != new.stage:
            sentences.append(
                wording.say(
                    lang,
                    "deal_moved",
                    deal=new.name,
                    before=_stage(old.stage, lang),
                    after=_stage(new.stage, lang),
                )
            )
        if old.status != new.status and new.status is not DealStatus.open:
            sentences.append(
                wording.say(lang, "deal_closed", deal=new.name, status=wording.label(lang, new.status))
            )
    old_seats = {seat.key: seat for seat in before.committee}
    new_seats = {seat.key: seat for seat in after.committee}
    for key in sorted(new_seats.keys() - old_seats.keys()):
        deal_id, person = key
        if deal_id in old_deals:  # a new deal's committee is said with the deal
            sentences.append(
                wording.say(
                    lang,
                    "seat_added",
                    name=people.get(person, person),
                    deal=names.get(deal_id, deal_id),
                    roles=_roles(new_seats[key].roles, lang),
                )
            )
    for key in sorted(old_seats.keys() - new_seats.keys()):
        deal_id, person = key
        if deal_id in new_deals:
            sentences.append(
                wording.say(
                    lang, "seat_removed", name=people.get(person, person), deal=names[deal_id]
                )
            )
    old_ties = {tie.key: tie.strength for tie in before.competitor_ties}
    new_ties = {tie.key: tie.strength for tie in after.competitor_ties}
    rivals = {c.id: c.name for c in (*before.competitors, *after.competitors)}
    for key in sorted(old_ties.keys() | new_ties.keys()):
        was, now = old_ties.get(key, 0), new_ties.get(key, 0)
        if was != now:
            rival, person = key
            sentences.append(
                wording.say(
                    lang,
                    "rival_tie",
                    rival=rivals.get(rival, rival),
                    name=people.get(person, person),
                    before=was,
                    after=now,
                )
            )
    return sentences


def account_changes(
    before: AccountGraph,
    after: AccountGraph,
    *,
    since: datetime,
    until: datetime,
    lang: Language = "en",
) -> AccountChanges:
    """The sentences and numbers of what changed from `before` (at `since`) to `after`,
    the sentences in `lang`."""
    old_people, new_people = before.stakeholder_by_id, after.stakeholder_by_id
    sentences: list[str] = []
    for pid in sorted(new_people.keys() - old_people.keys()):
        person = new_people[pid]
        title = person.title or wording.say(lang, "no_title")
        sentences.append(wording.say(lang, "joined", name=person.name, title=title))
    for pid in sorted(old_people.keys() - new_people.keys()):
        sentences.append(wording.say(lang, "removed", name=old_people[pid].name))
    for pid in sorted(old_people.keys() & new_people.keys()):
        old, new = old_people[pid], new_people[pid]
        if old.status is Status.active and new.status is Status.left:
            sentences.append(wording.say(lang, "left", name=new.name))
        if old.stance != new.stance:
            sentences.append(
                wording.say(
                    lang,
                    "stance_changed",
                    name=new.name,
                    before=wording.label(lang, old.stance),
                    after=wording.label(lang, new.stance),
                )
            )
        if old.roles != new.roles:
            sentences.append(
                wording.say(
                    lang,
                    "roles_changed",
                    name=new.name,
                    before=_roles(old.roles, lang),
                    after=_roles(new.roles, lang),
                )
            )
        if old.title != new.title and old.title and new.title:
            sentences.append(
                wording.say(lang, "title_changed", name=new.name, before=old.title, after=new.title)
            )
    sentences += deal_changes(before, after, lang)
    old_params = AnalysisParams(as_of=since.date(), lang=lang)
    new_params = AnalysisParams(as_of=until.date(), lang=lang)
    old_warmth, new_warmth = pair_warmth(before, old_params), pair_warmth(after, new_params)
    members = {**before.member_by_id, **after.member_by_id}
    people = {**old_people, **new_people}
    for pair in sorted(old_warmth.keys() | new_warmth.keys()):
        was, now = old_warmth.get(pair, 0.0), new_warmth.get(pair, 0.0)
        if abs(now - was) >= WARMTH_STEP:
            member, pid = pair
            sentences.append(
                wording.say(
                    lang,
                    "warmed" if now > was else "cooled",
                    who=members[member].name if member in members else member,
                    whom=people[pid].name if pid in people else pid,
                    before=was,
                    after=now,
                )
            )
    old_analysis = analyze_account(before, old_params)
    new_analysis = analyze_account(after, new_params)
    old_gaps = {gap_key(g): g for g in old_analysis.coverage.gaps}
    new_gaps = {gap_key(g): g for g in new_analysis.coverage.gaps}
    opened = [g for k, g in new_gaps.items() if k not in old_gaps]
    closed = [g for k, g in old_gaps.items() if k not in new_gaps]
    sentences.append(
        wording.say(
            lang,
            "coverage_went",
            before=old_analysis.coverage.score,
            after=new_analysis.coverage.score,
        )
    )
    if old_analysis.health.score is not None or new_analysis.health.score is not None:
        sentences.append(
            wording.say(
                lang,
                "health_went",
                before=_score(old_analysis.health.score, lang),
                after=_score(new_analysis.health.score, lang),
            )
        )
    sentences += [wording.say(lang, "gap_opened", gap=gap.explanation) for gap in opened]
    sentences += [wording.say(lang, "gap_closed", gap=gap.explanation) for gap in closed]
    return AccountChanges(
        account=after.account.id,
        since=since,
        until=until,
        changes=sentences,
        coverage_before=old_analysis.coverage.score,
        coverage_after=new_analysis.coverage.score,
        health_before=old_analysis.health.score,
        health_after=new_analysis.health.score,
        gaps_opened=opened,
        gaps_closed=closed,
    )
