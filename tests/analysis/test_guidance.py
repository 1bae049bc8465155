"""Issue 20: analyses a rep can act on from day one, on small hand-built accounts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from graph.analysis.account import analyze_account
from graph.analysis.coverage import LOGGED_STRENGTH, coverage, ties
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import warm_path
from graph.analysis.power import power_scores
from graph.analysis.results import RiskSignal
from graph.model import AccountGraph, Influence, Interaction, Relationship, TeamMember
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


# --- relationship position in risk (item 2) ----------------------------------------------------


def kinds(graph: AccountGraph) -> dict[str, RiskSignal]:
    risk = analyze_account(graph, PARAMS).health.risk
    return {s.kind: s for s in risk.signals}


def covered_account(**changes: object) -> AccountGraph:
    """Boss (decision maker, executive), Cfo (economic buyer, executive) and Coach
    (senior supporter, our coach); m knows Boss, n knows Cfo and Coach, all at
    strength 4 today (warmth 0.8). No links, so power is the prior over the top prior:
    boss 0.05 + 1.0 + 1.0 = 2.05 → 1, cfo 0.05 + 0.9 + 1.0 = 1.95 → 0.951,
    coach 0.05 + 0.2 + 0.7 = 0.95 → 0.463. Coverage shares: boss 2.05/4.95 = 41%,
    n's 2.90/4.95 = 59% < 70%: not single-threaded; coverage 0.8 ≥ 25%."""
    fields: dict[str, object] = {
        "stakeholders": (BOSS, CFO, COACH),
        "members": (rep("m"), rep("n")),
        "relationships": (rel("m", "boss", 4), rel("n", "cfo", 4), rel("n", "coach", 4)),
    }
    fields.update(changes)
    return account_graph(**fields)


BOSS = person("a", "boss", "Boss", roles="decision_maker", seniority="executive")
CFO = person("a", "cfo", "Cfo", roles="economic_buyer", seniority="executive")
COACH = person("a", "coach", "Coach", roles="coach", seniority="senior", stance="supporter")
POSITION = {
    "key_people_unknown",
    "opponent_unworked",
    "no_coach",
    "single_threaded",
    "low_coverage",
}


def test_a_well_covered_account_has_no_position_signal() -> None:
    found = kinds(covered_account())
    assert POSITION.isdisjoint(found), found


def test_key_people_nobody_knows_are_a_signal_high_when_it_is_all_of_them() -> None:
    graph = covered_account(relationships=(rel("n", "coach", 4),))
    signal = kinds(graph)["key_people_unknown"]
    assert signal.level == "high"
    assert signal.evidence == {"unknown": 2, "key_people": 2, "stakeholders": "boss;cfo"}
    assert signal.explanation == (
        "2 of 2 key people have no relationship with our team: Boss (1.00), Cfo (0.95)"
    )
    one = covered_account(relationships=(rel("m", "boss", 4), rel("n", "coach", 4)))
    assert kinds(one)["key_people_unknown"].level == "medium"


def test_a_powerful_opponent_nobody_works_is_a_signal_and_working_them_ends_it() -> None:
    people = (BOSS, CFO.model_copy(update={"stance": CFO.stance.__class__("opponent")}), COACH)
    unworked = covered_account(
        stakeholders=people, relationships=(rel("m", "boss", 4), rel("n", "coach", 4))
    )
    signal = kinds(unworked)["opponent_unworked"]
    assert signal.evidence == {"unworked": 1, "stakeholders": "cfo", "strongest_power": 0.951}
    assert signal.level == "medium"
    assert signal.explanation == (
        "1 powerful skeptic or opponent nobody on our team works: "
        "Cfo (opponent, power 0.95, warmth 0.00)"
    )
    assert "opponent_unworked" not in kinds(covered_account(stakeholders=people))


def test_no_coach_or_a_coach_nobody_knows_is_a_signal() -> None:
    no_coach = covered_account(
        stakeholders=(BOSS, CFO), relationships=(rel("m", "boss", 4), rel("n", "cfo", 4))
    )
    assert kinds(no_coach)["no_coach"].explanation.startswith("no coach")
    unknown_coach = covered_account(relationships=(rel("m", "boss", 4), rel("n", "cfo", 4)))
    signal = kinds(unknown_coach)["no_coach"]
    assert signal.evidence == {"coaches": "coach"}
    assert "no relationship with our coach Coach" in signal.explanation


def test_single_threading_is_a_signal() -> None:
    # Only m knows anyone: m carries 100% of coverage ≥ 70%.
    graph = covered_account(
        relationships=(rel("m", "boss", 4), rel("m", "cfo", 4), rel("m", "coach", 4))
    )
    signal = kinds(graph)["single_threaded"]
    assert signal.evidence == {"member": "m", "stakeholder": None}
    assert "one team member, M, carries 100% of coverage" in signal.explanation


def test_coverage_below_a_quarter_is_a_signal() -> None:
    # Everyone at strength 2 today: warmth 0.4 each, coverage 40% ≥ 25%: no signal.
    # At strength 1: warmth 0.2, coverage 20% < 25%: signal.
    def at(strength: int) -> AccountGraph:
        return covered_account(
            relationships=(
                rel("m", "boss", strength),
                rel("n", "cfo", strength),
                rel("n", "coach", strength),
            )
        )

    assert "low_coverage" not in kinds(at(2))
    signal = kinds(at(1))["low_coverage"]
    assert signal.evidence == {"coverage": 0.2, "threshold": 0.25}
    assert signal.explanation.startswith("coverage is 20%, below 25%")


def test_health_states_its_basis_and_a_thin_one_is_flagged() -> None:
    # One interaction with Coach (prior 0.95 of 4.95 = 19% of power): health measured
    # on 1 of 3 people, 19% < 50%: thin. With Boss too: (2.05 + 0.95)/4.95 = 61%.
    graph = covered_account(interactions=(met("n", "coach", 0),))
    health = analyze_account(graph, PARAMS).health
    assert health.score == pytest.approx(100.0)
    assert health.basis is not None and health.basis.thin
    assert health.basis.power_share == pytest.approx(0.95 / 4.95)
    assert health.basis.explanation == "measured on 1 of 3 people; 19% of power"
    from graph.analysis.portfolio import portfolio_row

    row = portfolio_row(graph, PARAMS)
    assert row.health_thin and row.health_explanation == health.basis.explanation
    assert row.coverage == pytest.approx(0.8)
    both = covered_account(interactions=(met("n", "coach", 0), met("m", "boss", 0)))
    basis = analyze_account(both, PARAMS).health.basis
    assert basis is not None and not basis.thin
    assert basis.power_share == pytest.approx(3.0 / 4.95)


# --- guidance on a new account (item 1) ----------------------------------------------------------


def new_account(owner: str | None = "liu") -> AccountGraph:
    """A freshly imported account: five people, nobody on our team knows anyone yet."""
    from graph.model import Account

    graph = account_graph(
        stakeholders=(
            person(
                "a",
                "dm",
                "Director",
                roles="decision_maker",
                seniority="executive",
                stance="skeptic",
            ),
            person("a", "eb", "Finance", roles="economic_buyer", seniority="executive"),
            person("a", "it", "IT Head", seniority="senior", stance="supporter", reports_to="dm"),
            person("a", "eng", "Engineer", seniority="staff", stance="supporter", reports_to="it"),
            person("a", "clerk", "Clerk", seniority="junior"),
        )
    )
    return graph.model_copy(update={"account": Account(id="a", name="A", owner=owner)})


def test_a_new_account_gets_three_concrete_actions_owned_by_the_account_owner() -> None:
    analysis = analyze_account(new_account(), PARAMS)
    concrete = [a for a in analysis.actions if a.proposal is not None]
    assert len(concrete) >= 3
    assert {a.proposal.member for a in concrete if a.proposal} == {"liu"}
    assert all(a.expected_coverage_change > 0 for a in concrete)
    # The most powerful people first: Director (decision maker) then Finance.
    assert [a.stakeholder for a in concrete[:2]] == ["dm", "eb"]
    first = next(a for a in concrete if a.kind == "first_meeting")
    assert "meet" in first.explanation and "liu to own the contact" in first.explanation
    coach = next(a for a in analysis.actions if a.kind == "identify_role")
    # IT Head is one reporting line from the Director, Engineer two.
    assert coach.explanation == (
        "no coach yet: candidates are the supporters closest to the decision makers: "
        "IT Head and Engineer"
    )
    assert analysis.health.risk.level == "high"
    assert {"key_people_unknown", "no_coach", "low_coverage"} <= {
        s.kind for s in analysis.health.risk.signals
    }
    assert all(a.explanation for a in analysis.actions)


def test_a_new_account_reads_in_chinese_too() -> None:
    analysis = analyze_account(new_account(), PARAMS.model_copy(update={"lang": "zh"}))
    first = next(a for a in analysis.actions if a.kind == "first_meeting")
    assert first.explanation.startswith("优先拜会")
    coach = next(a for a in analysis.actions if a.kind == "identify_role")
    assert coach.explanation == "尚无教练：候选人是离决策者最近的支持者：IT Head和Engineer"


def test_with_nobody_to_act_the_actions_say_why() -> None:
    actions = analyze_account(new_account(owner=None), PARAMS).actions
    assert actions[-1].kind == "no_action"
    assert "nobody on our team or as owner" in actions[-1].explanation


# --- introduction routes people would take (item 4) --------------------------------------------


def hospital(*, peer: bool) -> AccountGraph:
    """m knows the president well (5/5 today: warmth 1.0); the department head
    (middle) reports to the president. With `peer`, m also knows a fellow department
    head (middle, supporter) at 3/5 today (0.6), who advises the target (0.5)."""
    people = [
        person("a", "pres", "President", seniority="executive", stance="supporter"),
        person("a", "head", "Head", seniority="middle", reports_to="pres"),
    ]
    relationships = [rel("m", "pres", 5)]
    influences = []
    if peer:
        people.append(person("a", "peer", "Peer", seniority="middle", stance="supporter"))
        relationships.append(rel("m", "peer", 3))
        influences.append(Influence(account_id="a", source="peer", target="head", weight=0.5))
    return account_graph(
        stakeholders=tuple(people),
        members=(rep("m"),),
        relationships=tuple(relationships),
        influences=tuple(influences),
    )


def test_the_only_route_up_through_the_president_is_poor_and_a_direct_approach_is_proposed() -> (
    None
):
    # Via the president: warmth 1.0 × reporting 0.6 × detour penalty 0.3 (executive is
    # 2 levels above middle) = 0.18 < 0.2: poor.
    route = warm_path(hospital(peer=False), "head", PARAMS)
    assert route.poor and route.strength == pytest.approx(0.18)
    assert route.hops[0].factor == pytest.approx(0.3)
    assert route.hops[0].explanation == (
        "M knows President (warmth 1.00) [2 levels above Head: ×0.30]"
    )
    assert route.explanation.endswith("approach Head directly instead")
    action = next(
        a for a in analyze_account(hospital(peer=False), PARAMS).actions if a.stakeholder == "head"
    )
    assert action.explanation.startswith("only a poor route to Head")
    assert (
        "2 levels above Head" in action.explanation
        and "approach them directly" in action.explanation
    )
    assert action.proposal is not None and action.proposal.strength == 2


def test_a_peer_route_beats_the_detour_through_the_president() -> None:
    # Peer: 0.6 × 0.5 × 1 (supporter, same level) = 0.30 > 0.18 via the president.
    route = warm_path(hospital(peer=True), "head", PARAMS)
    assert [h.target for h in route.hops] == ["peer", "head"]
    assert route.strength == pytest.approx(0.30) and not route.poor
    assert route.hops[1].explanation == "Peer advises Head (0.50)"


def test_routes_keep_to_the_hop_limit_and_prefer_supporters_over_opponents() -> None:
    # A chain m → a → b → c → d: d is 4 hops away, beyond the default 3.
    chain = account_graph(
        stakeholders=tuple(person("a", x, stance="supporter") for x in "abcd"),
        members=(rep("m"),),
        relationships=(rel("m", "a", 5),),
        influences=tuple(
            Influence(account_id="a", source=x, target=y, weight=1.0)
            for x, y in (("a", "b"), ("b", "c"), ("c", "d"))
        ),
    )
    assert warm_path(chain, "c", PARAMS).hops and not warm_path(chain, "d", PARAMS).hops
    assert "within 3 hops" in warm_path(chain, "d", PARAMS).explanation
    assert warm_path(chain, "d", PARAMS.model_copy(update={"max_hops": 4})).hops
    # Two equal routes to t, one through an opponent (×0.25), one through a supporter.
    both = account_graph(
        stakeholders=(
            person("a", "foe", stance="opponent"),
            person("a", "ally", stance="supporter"),
            person("a", "t"),
        ),
        members=(rep("m"),),
        relationships=(rel("m", "foe", 5), rel("m", "ally", 5)),
        influences=(
            Influence(account_id="a", source="foe", target="t", weight=1.0),
            Influence(account_id="a", source="ally", target="t", weight=1.0),
        ),
    )
    assert [h.target for h in warm_path(both, "t", PARAMS).hops] == ["ally", "t"]


def test_relationship_position_signals_count_once_towards_a_high_risk() -> None:
    """A thinly known account shows several position signals (unknown key people, an
    unworked opponent, no coach, low coverage): each is listed, but together they are
    one situation, so they alone leave the account at medium. A third, independent
    worry (here an open severe ticket plus a falling dimension would be two more)
    is what makes a pattern."""
    graph = account_graph(
        stakeholders=(
            person("a", "boss", "Boss", roles="decision_maker", seniority="executive"),
            person(
                "a", "cfo", "CFO", roles="economic_buyer", seniority="executive", stance="opponent"
            ),
            person("a", "clerk", "Clerk", seniority="staff"),
        ),
        members=(rep(),),
        relationships=(rel("m", "boss", 1, days_ago=200),),  # the boss barely
    )
    risk = analyze_account(graph, PARAMS).health.risk
    kinds = {signal.kind: signal.level for signal in risk.signals}
    assert kinds["key_people_unknown"] == "medium"  # the boss is known: not every key person
    assert {"opponent_unworked", "no_coach", "low_coverage"} <= set(kinds)
    assert all(level == "medium" for level in kinds.values())
    assert risk.level == "medium"
