"""Relationship strength measured from activity (graph/analysis/activity.py), with
values computed by hand from the formula in its docstring:

    F = Σ w · 0.5^(age/90),  I = 1 − exp(−F/4),  Q = min(a, b)/max(a, b),
    derived = 5 · I · (0.6 + 0.4 · Q)
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from graph.analysis.account import analyze_account
from graph.analysis.activity import activity_strengths, derived_strength
from graph.analysis.params import AnalysisParams
from graph.model import Interaction, Relationship, TeamMember
from tests.factories import account_graph, person

TODAY = date(2026, 11, 29)


def met(
    member: str, who: str, days_ago: int, *, id: str = "", type: str = "meeting"
) -> Interaction:
    return Interaction(
        account_id="a",
        id=id,
        date=TODAY - timedelta(days=days_ago),
        member=member,
        stakeholders=(who,),
        type=type,
        note=f"{id} {days_ago} {type}",
    )


def graph(*events: Interaction, relationships: tuple[Relationship, ...] = ()):  # type: ignore[no-untyped-def]
    return account_graph(
        stakeholders=(person("a", "li", "Li Wei"), person("a", "zhang", "Zhang Min")),
        members=(
            TeamMember(account_id="a", id="rep-1", name="Rep One"),
            TeamMember(account_id="a", id="pre-2", name="Presales Two"),
        ),
        interactions=events,
        relationships=relationships,
    )


def strengths(*events: Interaction, relationships: tuple[Relationship, ...] = (), lang: str = "en"):  # type: ignore[no-untyped-def]
    result = activity_strengths(
        graph(*events, relationships=relationships),
        as_of=TODAY,
        lang=lang,  # type: ignore[arg-type]
    )
    return {(s.member, s.stakeholder): s for s in result.strengths}, result


def test_two_meetings_today_give_five_times_one_minus_e_to_the_minus_half() -> None:
    found, _ = strengths(met("rep-1", "li", 0, id="x1"), met("rep-1", "li", 0, id="x2"))
    # F = 2, I = 1 − e^−0.5 = 0.3935, Q = 1: 5 × 0.3935 = 1.967
    assert found[("rep-1", "li")].derived == 2.0
    assert derived_strength(
        contact=2, written_by_member=0, written_by_stakeholder=0, mutual=2
    ) == pytest.approx(5 * (1 - math.exp(-0.5)))


def test_one_sided_mail_weighs_less_than_mail_both_ways() -> None:
    events = (
        *(met("rep-1", "li", 90, id=f"mail-out-{n}", type="email") for n in range(3)),
        met("rep-1", "li", 0, id="mail-in-1", type="email"),
    )
    found, _ = strengths(*events)
    # F = 3 × 0.25 × 0.5 + 0.25 = 0.625; I = 1 − e^−0.15625 = 0.14465
    # a = 3, b = 1: Q = 1/3; 5 × 0.14465 × (0.6 + 0.4/3) = 0.5304
    pair = found[("rep-1", "li")]
    assert (pair.derived, pair.written_by_member, pair.written_by_stakeholder) == (0.5, 3, 1)
    assert derived_strength(
        contact=0.625, written_by_member=3, written_by_stakeholder=1, mutual=0
    ) == pytest.approx(0.53040, abs=1e-4)


def test_a_weekly_meeting_all_year_is_close_to_advocate() -> None:
    found, _ = strengths(*(met("pre-2", "zhang", 7 * k, id=f"w{k}") for k in range(52)))
    contact = sum(0.5 ** (7 * k / 90) for k in range(52))  # (1 − r^52)/(1 − r), r = 0.5^(7/90): 17.90
    assert contact == pytest.approx(17.90, abs=0.01)
    assert found[("pre-2", "zhang")].derived == round(5 * (1 - math.exp(-contact / 4)), 1) == 4.9


def test_interactions_older_than_a_year_or_after_the_day_do_not_count() -> None:
    found, _ = strengths(met("rep-1", "li", 400, id="old"), met("rep-1", "li", -3, id="future"))
    assert found == {}


def test_a_strong_entered_strength_without_activity_to_back_it_is_flagged_in_both_languages() -> (
    None
):
    entered = (Relationship(account_id="a", member="rep-1", stakeholder="li", strength=5),)
    only = met("rep-1", "li", 200, id="one", type="email")
    found, _ = strengths(only, relationships=entered)
    # F = 0.25 × 0.5^(200/90) = 0.05358; I = 0.01330; Q = 1 (no direction): 0.0665
    pair = found[("rep-1", "li")]
    assert (pair.derived, pair.entered) == (0.1, 5)
    assert pair.suggestion == (
        "Rep One ↔ Li Wei: strength entered 5/5, measured from activity 0.1/5 (interaction "
        "count in the last year: 1); the relationship may have cooled: check it, or lower "
        "the entered strength to 0"
    )
    zh, _ = strengths(only, relationships=entered, lang="zh")
    assert zh[("rep-1", "li")].suggestion is not None
    assert "关系可能已经转冷" in zh[("rep-1", "li")].suggestion


def test_close_enough_strengths_are_not_flagged() -> None:
    entered = (Relationship(account_id="a", member="rep-1", stakeholder="li", strength=3),)
    found, _ = strengths(
        met("rep-1", "li", 0, id="x1"), met("rep-1", "li", 0, id="x2"), relationships=entered
    )
    assert found[("rep-1", "li")].suggestion is None  # 2.0 against 3


def test_who_knows_whom_lists_each_stakeholders_members_strongest_first() -> None:
    events = (
        *(met("pre-2", "zhang", 0, id=f"p{n}") for n in range(10)),
        met("rep-1", "zhang", 30, id="r1"),
        met("rep-1", "li", 0, id="r2"),
    )
    _, result = strengths(*events)
    assert [(w.stakeholder, w.members) for w in result.who_knows_whom] == [
        ("zhang", ["pre-2", "rep-1"]),
        ("li", ["rep-1"]),
    ]
    # 10 meetings today: I = 1 − e^−2.5 = 0.9179: 4.59
    assert result.who_knows_whom[0].strengths[0] == 4.6


def test_the_analysis_document_carries_it_and_uses_it_where_no_strength_was_entered() -> None:
    events = tuple(met("pre-2", "zhang", 0, id=f"p{n}") for n in range(10))
    params = AnalysisParams(as_of=TODAY)
    with_activity = analyze_account(graph(*events), params)
    without = analyze_account(graph(), params)
    document = with_activity.model_dump(mode="json")
    assert document["activity"]["strengths"][0] == {
        "member": "pre-2",
        "stakeholder": "zhang",
        "derived": 4.6,
        "entered": None,
        "interactions": 10,
        "last_contact": "2026-11-29",
        "written_by_member": 0,
        "written_by_stakeholder": 0,
        "suggestion": None,
    }
    warmth = {p.id: p.warmth for p in with_activity.stakeholders}
    assert warmth["zhang"] == pytest.approx(1.0)  # derived 4.6 → 5/5, contact today
    assert {p.id: p.warmth for p in without.stakeholders}["zhang"] == 0.0
