"""What changed on an account between two moments, each change in a sentence.

Compares the account as it was at `from` with the account at `to` (both rebuilt
from history by `graph.history.graph_as_of`) and their analyses, each computed
as of its own date: people who joined or left; stance and buying-role changes;
relationships that warmed or cooled by at least `WARMTH_STEP`; coverage and
health before and after; gaps that opened or closed (a gap is the same gap when
its kind, person and member match, as in what-if).
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
from graph.vocabulary import Language, Role, Status

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
