"""Issue 20: analyses a rep can act on from day one, on small hand-built accounts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.analysis.account import analyze_account
from graph.analysis.coverage import LOGGED_STRENGTH, coverage, ties
from graph.analysis.params import AnalysisParams
from graph.analysis.power import power_scores
from graph.model import AccountGraph, Interaction, Relationship, TeamMember
from graph.vocabulary import InteractionType
from tests.factories import account_graph, person

TODAY = date(2026, 11, 23)
PARAMS = AnalysisParams(as_of=TODAY)


def rep(member: str = "m") -> TeamMember:
    return TeamMember(account_id="a", id=member, name=member.upper())


def rel(member: str, stakeholder: str, strength: int, days_ago: int | None = 0) -> Relationship:
    contact = TODAY - timedelta(days=days_ago) if days_ago is not None else None
    return Relationship(
        account_id="a",
        member=member,
        stakeholder=stakeholder,
        strength=strength,
        last_contact=contact,
    )


def met(member: str, who: str, days_ago: int, kind: str = "visit") -> Interaction:
    return Interaction(
        account_id="a",
        date=TODAY - timedelta(days=days_ago),
        member=member,
        stakeholders=(who,),
        type=InteractionType(kind),
    )


# --- contact that counts (item 3) -------------------------------------------------------------


def boss_account(*extra: Interaction, relationships: tuple[Relationship, ...] = ()) -> AccountGraph:
    return account_graph(
        stakeholders=(
            person("a", "boss", "Boss", roles="decision_maker", seniority="executive"),
            person("a", "clerk", "Clerk", seniority="staff"),
        ),
        members=(rep(),),
        relationships=relationships,
        interactions=extra,
    )


def test_a_logged_visit_makes_an_unknown_person_acquainted_and_ends_the_introduction() -> None:
    before = analyze_account(boss_account(), PARAMS)
    assert any(a.kind == "introduction" and a.stakeholder == "boss" for a in before.actions)
    after = analyze_account(boss_account(met("m", "boss", 10)), PARAMS)
    # strength 2 ("acquainted") / 5 = 0.4, visited 10 days ago: 0.4 · 0.5^(10/90) = 0.37035
    boss = next(p for p in after.stakeholders if p.id == "boss")
    assert boss.warmth == pytest.approx(0.4 * 0.5 ** (10 / 90))
    assert boss.warmth == pytest.approx(0.37035, abs=1e-5)
    assert not any(a.kind == "introduction" and a.stakeholder == "boss" for a in after.actions)
    assert LOGGED_STRENGTH == 2


def test_an_entered_strength_stays_the_users_and_only_its_recency_is_refreshed() -> None:
    # Entered 1/5 ("aware") half a year ago; a visit 10 days ago refreshes recency only:
    # warmth 1/5 · 0.5^(10/90), not the 2/5 a logged-only pair would get.
    graph = boss_account(met("m", "boss", 10), relationships=(rel("m", "boss", 1, 180),))
    (tie,) = [t for t in ties(graph, PARAMS) if t.stakeholder == "boss"]
    assert (tie.strength, tie.logged, tie.last_touch) == (1, False, TODAY - timedelta(days=10))
    warmth = coverage(graph, power_scores(graph, PARAMS), PARAMS).warmth["boss"]
    assert warmth == pytest.approx(0.2 * 0.5 ** (10 / 90))
    assert graph.relationships[0].strength == 1  # nothing written back


def test_a_survey_is_not_contact_and_a_future_meeting_does_not_count_yet() -> None:
    graph = boss_account(met("m", "boss", 5, "survey"), met("m", "clerk", -7, "meeting"))
    assert ties(graph, PARAMS) == []
