"""Deal analysis on the hand-built hospital (tests/factories.py `hospital`), by hand.

How the powers are computed by hand. The hospital has no influence links and no
reporting lines; its one link is the 分管 line zhao → sun (weight 0.4). With alpha
0.5, every node but sun is dangling, so PageRank gives every person x ∝ t(i) (their
prior share), and zhao, whose view sun listens to, also gets alpha · 0.4 · x(sun):

    x(zhao) ∝ t(zhao) + 0.5 · 0.4 · t(sun) = t(zhao) + 0.2 · t(sun)

so power(i) = s(i) / max s, with s(i) = prior(i) (+ 0.2 · prior(sun) for zhao), and
prior(i) = 0.05 + role + seniority + Σ_bodies share of the votes (body_prior 1.0).
Role priors: decision maker 1.0, economic buyer 0.9, technical evaluator 0.6, user
0.3, procurement 0.4; seniority: executive 1.0, senior 0.7, middle 0.45, junior 0.25.

Votes: 院长办公会 `exec` (3 seats, wang chairs with 2 votes): 4 votes, wang 2/4 =
0.5, zhao and qian 1/4 = 0.25. 评标委员会 `pb` (7 seats, the chair votes like any
member): li, chen, zheng 1/7 each.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.account import analyze_account
from graph.analysis.deals import analyze_deal, body_coverage_of, stage_roles, vote_shares
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import decision_chain
from graph.analysis.power import power_scores
from graph.errors import InvalidInput, NotFound
from graph.model import (
    Account,
    CommitteeMember,
    Deal,
    DecisionBody,
    Relationship,
    Supervision,
)
from graph.names import deal_id
from graph.vocabulary import BodyKind, Role, Stance
from tests.factories import HOSPITAL_DAY, account_graph, hospital, person

PARAMS = AnalysisParams(as_of=HOSPITAL_DAY)


def warmth(strength: int, days: int) -> float:
    """strength/5 · 0.5^(days/90): coverage.py's formula, for the hand arithmetic."""
    return strength / 5 * 0.5 ** (days / 90)


# --- 分管 ----------------------------------------------------------------------------


def test_a_supervised_head_has_five_sixths_of_the_leaders_power_by_hand() -> None:
    # L 分管 S, equal priors, alpha 0.5. Flow S → L 0.4, S → prior node 0.6; L and the
    # prior node dangle. Solving: x(S) = 0.4, x(L) = 0.48, x(prior) = 0.12, so
    # power(S) = 0.4 / 0.48 = 5/6.
    graph = account_graph(
        stakeholders=(person("a", "L"), person("a", "S")),
        supervisions=(Supervision(account_id="a", leader="L", stakeholder="S"),),
    )
    power = power_scores(graph, PARAMS)
    assert power["L"] == pytest.approx(1.0)
    assert power["S"] == pytest.approx(5 / 6, abs=1e-9)
    # Without the 分管 line they are equal: the line is what lifts the leader.
    assert power_scores(graph.model_copy(update={"supervisions": ()}), PARAMS)["S"] == 1.0


def test_a_supervising_leader_feeds_the_decision_chain() -> None:
    # S decides; L 分管 S's area, so L's view shapes S's: layer 1.
    graph = account_graph(
        stakeholders=(person("a", "L"), person("a", "S", roles="decision_maker")),
        supervisions=(Supervision(account_id="a", leader="L", stakeholder="S", area="信息化"),),
    )
    assert decision_chain(graph, power_scores(graph, PARAMS), PARAMS).layers == [["S"], ["L"]]


# --- the committee's power -------------------------------------------------------------


def test_committee_power_ranking_of_the_it_system_at_solution() -> None:
    # his, at 方案. Seats: zhao decision maker, qian (economic buyer, as at the
    # account), sun technical evaluator + coach, li user, zhou (user). exec decides at
    # 合同 later on, so it counts; pb decides only ct. Off the committee: no roles.
    #   zhao 0.05 + 1.0 + 0.7 + 0.25 (exec) = 2.00, + 0.2 · prior(sun) 1.35 = 2.27
    #   qian 0.05 + 0.9 + 0.7 + 0.25 = 1.90        wang 0.05 + 1.0 (executive) + 0.5 = 1.55
    #   sun  0.05 + 0.6 + 0.7 = 1.35               li   0.05 + 0.3 + 0.45 = 0.80
    #   zhou 0.05 + 0.3 + 0.25 = 0.60
    analysis = analyze_deal(hospital(), "his", PARAMS)
    assert [(p.id, p.rank) for p in analysis.people] == [
        ("zhao", 1), ("qian", 2), ("wang", 3), ("sun", 4), ("li", 5), ("zhou", 6)
    ]
    power = {p.id: p.power for p in analysis.people}
    expected = {"zhao": 2.27, "qian": 1.90, "wang": 1.55, "sun": 1.35, "li": 0.80, "zhou": 0.60}
    for pid, score in expected.items():
        assert power[pid] == pytest.approx(score / 2.27, abs=1e-9), pid
    # wang sits on exec but not on the committee: a deal person without a role.
    wang = next(p for p in analysis.people if p.id == "wang")
    assert (wang.on_committee, wang.bodies, wang.roles) == (False, ["exec"], [])
    assert analysis.stage_roles == [Role.technical_evaluator, Role.user, Role.influencer, Role.coach]
    assert analysis.coverage.missing_roles == [Role.influencer]


def test_committee_power_ranking_of_the_ct_tender_at_evaluation() -> None:
    # ct, at 评标. Seats: wang (decision maker as at the account), qian, li decision
    # maker, chen user, wu procurement. pb (1/7 each) and exec both decide.
    #   wang  0.05 + 1.0 + 1.0 + 0.5 = 2.55        qian 0.05 + 0.9 + 0.7 + 0.25 = 1.90
    #   li    0.05 + 1.0 + 0.45 + 1/7 = 1.642857   zhao 0.05 + 0.7 + 0.25 = 1.00,
    #         + 0.2 · prior(sun) (0.05 + 0.7, no role off the committee) = 1.15
    #   chen  0.05 + 0.3 + 0.45 + 1/7 = 0.942857   wu   0.05 + 0.4 + 0.25 = 0.70
    #   zheng 0.05 + 1/7 = 0.192857
    analysis = analyze_deal(hospital(), "ct", PARAMS)
    assert [p.id for p in analysis.people] == ["wang", "qian", "li", "zhao", "chen", "wu", "zheng"]
    power = {p.id: p.power for p in analysis.people}
    seventh = 1 / 7
    expected = {
        "wang": 2.55,
        "qian": 1.90,
        "li": 1.5 + seventh,
        "zhao": 1.15,
        "chen": 0.8 + seventh,
        "wu": 0.70,
        "zheng": 0.05 + seventh,
    }
    for pid, score in expected.items():
        assert power[pid] == pytest.approx(score / 2.55, abs=1e-9), pid
    assert analysis.coverage.missing_roles == [Role.technical_evaluator, Role.coach]


def test_the_same_person_decides_one_deal_and_uses_the_other() -> None:
    graph = hospital()
    his, ct = analyze_deal(graph, "his", PARAMS), analyze_deal(graph, "ct", PARAMS)
    li_his = next(p for p in his.people if p.id == "li")
    li_ct = next(p for p in ct.people if p.id == "li")
    assert (li_his.roles, li_his.rank) == ([Role.user], 5)
    assert (li_ct.roles, li_ct.rank) == ([Role.decision_maker], 3)
    # 0.80 / 2.27 as a user; (1.5 + 1/7) / 2.55 as the decision maker on the 评标委员会
    assert li_his.power == pytest.approx(0.80 / 2.27, abs=1e-9)
    assert li_ct.power == pytest.approx((1.5 + 1 / 7) / 2.55, abs=1e-9)
    assert "14%" in li_ct.explanation  # 1/7 of the votes of 评标委员会


# --- coverage, bodies, competitors -------------------------------------------------------


def test_committee_coverage_of_the_ct_tender_by_hand() -> None:
    # coverage = Σ s·warmth / Σ s over the deal's people (s as above, /2.55 cancels)
    seventh = 1 / 7
    s = {
        "wang": 2.55, "qian": 1.90, "li": 1.5 + seventh, "zhao": 1.15,
        "chen": 0.8 + seventh, "wu": 0.70, "zheng": 0.05 + seventh,
    }
    w = {
        "wang": warmth(2, 100), "qian": warmth(1, 200), "li": warmth(3, 30),
        "zhao": warmth(3, 40), "chen": warmth(2, 20), "wu": 0.0, "zheng": 0.0,
    }
    expected = sum(s[p] * w[p] for p in s) / sum(s.values())  # ≈ 0.2386
    analysis = analyze_deal(hospital(), "ct", PARAMS)
    assert analysis.coverage.score == pytest.approx(expected, abs=1e-9)
    assert analysis.coverage.score == pytest.approx(0.2386, abs=1e-4)


def test_we_know_two_of_seven_members_of_the_evaluation_committee() -> None:
    analysis = analyze_deal(hospital(), "ct", PARAMS)
    bodies = {body.id: body for body in analysis.bodies}
    pb = bodies["pb"]
    # li (strength 3) and chen (2) are known (≥ 2); zheng nobody knows: 2 / 7 seats.
    assert pb.known == ["chen", "li"]
    assert pb.coverage == pytest.approx(2 / 7)
    assert pb.explanation == "we know 2 of 7 members of 评标委员会"
    assert pb.decides_now and not bodies["exec"].decides_now
    assert pb.votes == pytest.approx({"li": 1 / 7, "chen": 1 / 7, "zheng": 1 / 7})
    # exec: wang (2) and zhao (3) known, qian (1) not: 2 of 3; the deal: (2 + 2) / (7 + 3).
    assert bodies["exec"].coverage == pytest.approx(2 / 3)
    assert analysis.body_coverage == pytest.approx(0.4)
    assert bodies["exec"].stages == ["initiation", "budget", "contract"]  # by its kind
    # pb decides now at 2/7 < 50%: zheng, on the map but unknown, and the 7 − 3 = 4
    # seats nobody on the map holds; exec (2/3) decides later: no gap.
    gaps = [gap for gap in analysis.coverage.gaps if gap.kind == "body_coverage"]
    assert [(gap.stakeholder, gap.explanation) for gap in gaps] == [
        (
            "zheng",
            "郑教授 sits on 评标委员会, which decides at this stage, and nobody on our team "
            "knows them (we know 2 of 7 members of 评标委员会)",
        ),
        (None, "4 of the 7 seats of 评标委员会 are not on the map: ask your coach who holds them"),
    ]
    # ... and the actions propose reaching zheng (no route: the deal's owner directly)
    reach = [a for a in analysis.actions if a.stakeholder == "zheng"]
    assert [(a.kind, a.proposal and a.proposal.member) for a in reach] == [("introduction", "m1")]
    zh = analyze_deal(hospital(), "ct", PARAMS.model_copy(update={"lang": "zh"}))
    assert zh.bodies[1].explanation == "评标委员会 7 名成员中我方认识 2 名"


def test_chair_votes_twice_except_on_an_evaluation_committee() -> None:
    board = DecisionBody(
        account_id="a", id="b", name="党委会", kind="党委会", members="a;b", chair="a", size=5
    )
    # 5 seats, chair 2 votes: 6 votes; a 2/6, b 1/6 (three unknown seats hold 3/6)
    assert vote_shares(board, PARAMS) == pytest.approx({"a": 2 / 6, "b": 1 / 6})
    panel = board.model_copy(update={"kind": BodyKind.evaluation_committee})
    assert vote_shares(panel, PARAMS) == pytest.approx({"a": 1 / 5, "b": 1 / 5})
    assert body_coverage_of(board, {"a": 2, "b": 1}, PARAMS) == (["a"], 1 / 5)


def test_the_competitors_coach_is_flagged_by_power_in_the_deal() -> None:
    ct = analyze_deal(hospital(), "ct", PARAMS)
    li, wu = ct.competition.flags
    # li: power (1.5 + 1/7)/2.55 = 0.6443, tie 4 → weight 0.6443 · 4/5 = 0.5154, the coach
    assert (li.stakeholder, li.enemy_coach, li.strength) == ("li", True, 4)
    assert li.weight == pytest.approx((1.5 + 1 / 7) / 2.55 * 0.8, abs=1e-9)
    # wu: 0.70/2.55 · 2/5 = 0.1098, not a coach
    assert (wu.stakeholder, wu.enemy_coach) == ("wu", False)
    assert wu.weight == pytest.approx(0.70 / 2.55 * 0.4, abs=1e-9)
    # exposure = (1.642857 · 0.8 + 0.70 · 0.4) / Σ s (9.078571) = 0.17561
    total = 2.55 + 1.90 + 1.5 + 1 / 7 + 1.15 + 0.8 + 1 / 7 + 0.70 + 0.05 + 1 / 7
    assert ct.competition.exposure == pytest.approx(
        ((1.5 + 1 / 7) * 0.8 + 0.70 * 0.4) / total, abs=1e-9
    )
    assert [g.stakeholder for g in ct.coverage.gaps if g.kind == "enemy_coach"] == ["li"]
    # On the IT system li is a user with power 0.80/2.27 = 0.35 < 0.5: flagged, no gap.
    his = analyze_deal(hospital(), "his", PARAMS)
    assert his.competition.flags[0].enemy_coach
    assert not [g for g in his.coverage.gaps if g.kind == "enemy_coach"]


# --- the scorecard -----------------------------------------------------------------------


def test_scorecard_of_the_it_system_every_element() -> None:
    card = analyze_deal(hospital(), "his", PARAMS).scorecard
    by = {e.element: e for e in card.elements}
    assert [e.element for e in card.elements] == [
        "metrics", "economic_buyer", "decision_criteria", "decision_process",
        "paper_process", "identified_pain", "champion", "competition",
    ]
    assert (by["metrics"].status, by["metrics"].evidence) == ("met", {"text": "门诊等候时间缩短30%"})
    assert by["economic_buyer"].status == "partial"
    assert by["economic_buyer"].explanation == (
        "partial: 钱丽 is the economic buyer; our best relationship is 1/5, 200 days ago"
    )
    assert by["economic_buyer"].evidence == {
        "stakeholder": "qian", "power": pytest.approx(1.90 / 2.27), "strength": 1,
        "days_since_contact": 200,
    }
    assert by["decision_criteria"].status == "met"
    # no text, but the map shows who decides (zhao, and exec later on)
    assert by["decision_process"].status == "partial"
    assert by["decision_process"].evidence["decision_makers"] == ["zhao"]
    assert by["decision_process"].evidence["bodies"] == ["exec"]
    assert by["paper_process"].status == "missing"  # no text, nobody in procurement
    assert (by["identified_pain"].status, by["identified_pain"].evidence["felt_by"]) == (
        "met", ["sun"]
    )
    # sun: champion, power 1.35/2.27 = 0.595 ≥ 0.5, strength 4 touched 10 days ago
    assert (by["champion"].status, by["champion"].evidence["stakeholder"]) == ("met", "sun")
    # exposure 0.64/8.47 = 0.0756 ≤ our coverage 0.3247, no key enemy coach
    assert by["competition"].status == "met"
    assert by["competition"].evidence["exposure"] == pytest.approx(0.8 * 0.8 / 8.47, abs=1e-9)
    # met 5 (metrics, criteria, pain, champion, competition) + partial 2 · 0.5 = 6 / 8
    assert card.score == pytest.approx(0.75)


def test_scorecard_of_the_ct_tender_every_element() -> None:
    card = analyze_deal(hospital(), "ct", PARAMS).scorecard
    by = {e.element: e for e in card.elements}
    assert by["metrics"].status == "partial"  # 提高检查效率: no figure
    assert by["economic_buyer"].status == "partial"
    assert by["decision_criteria"].status == "missing"
    assert by["decision_process"].status == "met"
    assert by["decision_process"].evidence == {
        "text": "院长办公会审议评标结果后定标",
        "decision_makers": ["wang", "li"],
        "bodies": ["exec", "pb"],
    }
    assert by["paper_process"].status == "partial"
    assert by["paper_process"].evidence == {"text": None, "procurement": ["wu"]}
    assert by["identified_pain"].status == "partial"  # chen feels it, the deal does not say
    assert by["champion"].status == "missing"  # sun and zhou are not on this deal
    assert by["competition"].status == "partial"  # li is the competitor's coach
    assert by["competition"].evidence["enemy_coaches"] == ["li"]
    # met 1 + partial 5 · 0.5 = 3.5 / 8
    assert card.score == pytest.approx(0.4375)
    zh = analyze_deal(hospital(), "ct", PARAMS.model_copy(update={"lang": "zh"})).scorecard
    assert zh.elements[1].explanation == "部分满足：钱丽 是审批者；我方最好的关系为 1/5，200 天前"


def test_metrics_with_a_figure_are_met_and_empty_fields_are_missing_not_guessed() -> None:
    graph = hospital()
    bare = graph.model_copy(
        update={
            "deals": tuple(
                d.model_copy(update={"metrics": "", "pain": "", "decision_criteria": ""})
                for d in graph.deals
            ),
            "committee": tuple(s.model_copy(update={"pain": ""}) for s in graph.committee),
        }
    )
    by = {e.element: e.status for e in analyze_deal(bare, "his", PARAMS).scorecard.elements}
    assert (by["metrics"], by["identified_pain"], by["decision_criteria"]) == (
        "missing", "missing", "missing"
    )


def test_unknown_deal_is_not_found_naming_the_account() -> None:
    with pytest.raises(NotFound, match="no deal 'nope' in account 'renhe'"):
        analyze_deal(hospital(), "nope", PARAMS)


def test_a_custom_ladder_stage_counts_every_role() -> None:
    assert stage_roles("院内论证") == tuple(Role)
    assert stage_roles("evaluation") == (Role.technical_evaluator, Role.procurement, Role.coach)


def test_a_deal_without_committee_is_the_account_as_it_is() -> None:
    graph = hospital()
    graph = graph.model_copy(update={"committee": (), "bodies": ()})
    analysis = analyze_deal(graph, "his", PARAMS)
    assert not analysis.committee_recorded
    account = analyze_account(graph, PARAMS)
    assert {p.id: p.power for p in analysis.people} == pytest.approx(
        {p.id: p.power for p in account.stakeholders}
    )


# --- invariants ----------------------------------------------------------------------------

STANCES = st.sampled_from(list(Stance))
ROLES = st.lists(st.sampled_from(list(Role)), max_size=3, unique=True)
PEOPLE = ["wang", "qian", "zhao", "sun", "li", "zhou", "wu", "zheng", "chen"]


@settings(max_examples=25, deadline=None)
@given(
    seats=st.lists(
        st.tuples(st.sampled_from(["his", "ct"]), st.sampled_from(PEOPLE), ROLES, STANCES),
        max_size=6,
    ),
    lang=st.sampled_from(["en", "zh"]),
)
def test_scores_in_range_and_seats_never_change_the_account_analysis(
    seats: list[tuple[str, str, list[Role], Stance]], lang: str
) -> None:
    graph = hospital()
    params = PARAMS.model_copy(update={"lang": lang})
    before = analyze_account(graph, params).model_dump()
    extra = {
        (deal, who): CommitteeMember(
            account_id="renhe", deal=deal, stakeholder=who, roles=tuple(roles), stance=stance
        )
        for deal, who, roles, stance in seats
    }
    current = {s.key: s for s in graph.committee}
    current.update(extra)
    changed = graph.replace(CommitteeMember, current.values())
    assert analyze_account(changed, params).model_dump() == before
    for deal in ("his", "ct"):
        analysis = analyze_deal(changed, deal, params)
        assert 0.0 <= analysis.scorecard.score <= 1.0
        assert 0.0 <= analysis.coverage.score <= 1.0
        assert 0.0 <= analysis.competition.exposure <= 1.0
        assert all(0.0 <= p.power <= 1.0 for p in analysis.people)
        assert all(0.0 <= b.coverage <= 1.0 for b in analysis.bodies)
        assert analysis.body_coverage is None or 0.0 <= analysis.body_coverage <= 1.0


@settings(max_examples=25, deadline=None)
@given(
    member=st.sampled_from(["m1", "m2"]),
    who=st.sampled_from(PEOPLE),
    strength=st.integers(1, 5),
    days=st.integers(0, 400),
)
def test_adding_a_relationship_never_lowers_coverage(
    member: str, who: str, strength: int, days: int
) -> None:
    graph = hospital()
    before = {deal: analyze_deal(graph, deal, PARAMS) for deal in ("his", "ct")}
    current = {r.key: r for r in graph.relationships}
    if (member, who) in current:
        return  # a new relationship, not a change of one
    current[(member, who)] = Relationship(
        account_id="renhe",
        member=member,
        stakeholder=who,
        strength=strength,
        last_contact=HOSPITAL_DAY - timedelta(days=days),
    )
    after_graph = graph.replace(Relationship, current.values())
    for deal, old in before.items():
        new = analyze_deal(after_graph, deal, PARAMS)
        assert new.coverage.score >= old.coverage.score - 1e-12
        assert (new.body_coverage or 0.0) >= (old.body_coverage or 0.0)
        for a, b in zip(old.bodies, new.bodies, strict=True):
            assert b.coverage >= a.coverage


def test_account_owner_is_kept_when_the_deal_has_none() -> None:
    graph = hospital()
    graph = graph.model_copy(
        update={
            "account": Account(id="renhe", name="仁和医院", owner="m2"),
            "deals": tuple(d.model_copy(update={"owner": None}) for d in graph.deals),
        }
    )
    assert analyze_deal(graph, "his", PARAMS).account.owner == "m2"
    assert date(2026, 11, 23) == HOSPITAL_DAY


def test_a_deal_by_name_and_an_ambiguous_deal_name() -> None:
    graph = hospital()
    assert deal_id(graph, "64排CT设备采购") == "ct"
    twin = graph.deals[0].model_copy(update={"id": "ct2"})
    doubled = graph.replace(Deal, [*graph.deals, twin])
    with pytest.raises(InvalidInput, match="several deals have that name"):
        deal_id(doubled, twin.name)


def test_a_seat_stance_overrides_the_account_for_that_deal_only() -> None:
    graph = hospital()
    seats = [
        s.model_copy(update={"stance": Stance.opponent}) if s.key == ("ct", "qian") else s
        for s in graph.committee
    ]
    graph = graph.replace(CommitteeMember, seats)
    # qian: an opponent on ct (power 1.90/2.55 = 0.745 ≥ opponent_power 0.4), neutral elsewhere
    ct = analyze_deal(graph, "ct", PARAMS)
    assert [g.stakeholder for g in ct.coverage.gaps if g.kind == "opponent"] == ["qian"]
    his = analyze_deal(graph, "his", PARAMS)
    assert not [g for g in his.coverage.gaps if g.kind == "opponent"]
    account = analyze_account(graph, PARAMS)
    assert not [g for g in account.coverage.gaps if g.kind == "opponent"]
    assert next(p for p in ct.people if p.id == "qian").stance is Stance.opponent


def test_on_an_accounts_own_ladder_every_role_counts_and_bodies_decide_throughout() -> None:
    graph = hospital()
    ladder = Account(
        id="renhe", name="仁和医院", owner="m1", stages=("立项", "院内论证", "招标", "评标")
    )
    assert ladder.stage_ladder == ("initiation", "院内论证", "tender", "evaluation")
    deals = [d.model_copy(update={"stage": "院内论证"}) if d.id == "his" else d for d in graph.deals]
    graph = graph.model_copy(update={"account": ladder}).replace(Deal, deals)
    analysis = analyze_deal(graph, "his", PARAMS)
    assert analysis.stage_roles == list(Role)
    assert analysis.deal.stage_label == "院内论证"
    # exec (executive meeting) decides at 立项 and 合同 by its kind: on this ladder only
    # 立项 is there, which is past; so exec no longer decides his.
    assert [b.id for b in analysis.bodies] == []
    # his people: the committee alone (zhao decision maker, qian economic buyer, sun
    # technical evaluator and coach, li and zhou users); every other role is a gap
    assert analysis.coverage.missing_roles == [
        Role.influencer, Role.gatekeeper, Role.procurement, Role.initiator
    ]


def test_a_champion_we_barely_know_is_partial_and_says_why() -> None:
    graph = hospital()
    graph = graph.replace(
        Relationship,
        [r.model_copy(update={"strength": 2}) if r.stakeholder == "sun" else r for r in graph.relationships],
    )
    # sun still has power 1.35/2.27 = 0.595 ≥ 0.5, but 2/5 < qualified_strength 3
    card = {e.element: e for e in analyze_deal(graph, "his", PARAMS).scorecard.elements}
    assert card["champion"].status == "partial"
    assert card["champion"].explanation == (
        "partial: 孙主任 supports us but our best relationship is 2/5, 10 days ago"
    )
    assert card["champion"].evidence["strength"] == 2
