"""Analyses on small hand-computed graphs, and the invariants users rely on."""

from __future__ import annotations

import random
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.account import analyze_account
from graph.analysis.centrality import betweenness, brokers
from graph.analysis.coverage import coverage
from graph.analysis.health import person_health
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import decision_chain, warm_path
from graph.analysis.power import listening_graph, power_scores
from graph.analysis.results import ProposedRelationship
from graph.analysis.whatif import what_if_removed
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountGraph,
    Assessment,
    Influence,
    Interaction,
    Relationship,
    TeamMember,
    merge_bundle,
)
from graph.vocabulary import Role
from tests.factories import account_graph, person, small_org

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


def influence(source: str, target: str, weight: float) -> Influence:
    return Influence(account_id="a", source=source, target=target, weight=weight)


def small() -> AccountGraph:
    return merge_bundle(AccountGraph(account=Account(id="a", name="A")), small_org("a"))


# --- power ---------------------------------------------------------------------------


def test_with_no_roles_seniority_or_links_everyone_has_equal_power() -> None:
    graph = account_graph(stakeholders=(person("a", "x"), person("a", "y"), person("a", "z")))
    assert power_scores(graph, PARAMS) == {"x": 1.0, "y": 1.0, "z": 1.0}


def test_power_of_a_listener_is_two_thirds_of_their_full_adviser_by_hand() -> None:
    # A → B with weight 1, equal priors, alpha 0.5. Solving the PageRank equations
    # (docstring of power.py) by hand: p(A) = 6/13, p(B) = 4/13, so power(B) = 2/3.
    graph = account_graph(
        stakeholders=(person("a", "A"), person("a", "B")), influences=(influence("A", "B", 1.0),)
    )
    power = power_scores(graph, PARAMS)
    assert power["A"] == pytest.approx(1.0)
    assert power["B"] == pytest.approx(2 / 3, abs=1e-9)


def test_prior_alone_ranks_a_decision_maker_above_staff() -> None:
    # Priors: 0.05 + 1.0 (decision maker) = 1.05; 0.05 + 0.15 (staff) = 0.20.
    graph = account_graph(
        stakeholders=(
            person("a", "dm", roles="decision_maker"),
            person("a", "st", seniority="staff"),
        )
    )
    power = power_scores(graph, PARAMS)
    assert power["dm"] == 1.0
    assert power["st"] == pytest.approx(0.20 / 1.05)


def test_an_account_where_everyone_listens_fully_still_has_power() -> None:
    # Found by hypothesis: with every listener's links summing to ≥ 1, nothing
    # returns to the prior, and the analysis must still work.
    graph = account_graph(
        stakeholders=(
            person("a", "x", roles="decision_maker"),
            person("a", "y", seniority="senior"),
        ),
        influences=(influence("x", "y", 1.0), influence("y", "x", 1.0)),
    )
    power = power_scores(graph, PARAMS)
    assert max(power.values()) == 1.0 and set(power) == {"x", "y"}


def test_people_who_left_have_no_power() -> None:
    graph = account_graph(stakeholders=(person("a", "x"), person("a", "gone", status="left")))
    assert set(power_scores(graph, PARAMS)) == {"x"}


def random_org(seed: int, size: int) -> AccountGraph:
    rng = random.Random(seed)
    roles = [None, "decision_maker", "economic_buyer", "influencer", "user", "coach"]
    levels = [None, "executive", "senior", "middle", "junior", "staff"]
    people = tuple(
        person(
            "a",
            f"p{i}",
            roles=rng.choice(roles) or "",
            seniority=rng.choice(levels),
            reports_to=f"p{rng.randrange(i)}" if i and rng.random() < 0.8 else None,
        )
        for i in range(size)
    )
    links = {}
    for _ in range(size * 2):
        a, b = rng.sample(range(size), 2) if size > 1 else (0, 0)
        if a != b:
            links[(a, b)] = influence(f"p{a}", f"p{b}", round(rng.uniform(0.05, 1.0), 2))
    members = tuple(rep(f"m{k}") for k in range(3))
    relationships = tuple(
        rel(f"m{rng.randrange(3)}", f"p{i}", rng.randint(0, 5), rng.choice([None, 0, 30, 200]))
        for i in rng.sample(range(size), size // 2)
    )
    unique = {r.key: r for r in relationships}
    return account_graph(
        stakeholders=people,
        influences=tuple(links.values()),
        members=members,
        relationships=tuple(unique.values()),
    )


orgs = st.builds(random_org, st.integers(0, 10_000), st.integers(2, 25))


@settings(max_examples=60, deadline=None)
@given(orgs)
def test_power_is_in_unit_range_with_a_top_of_one_and_deterministic(graph: AccountGraph) -> None:
    power = power_scores(graph, PARAMS)
    assert all(0.0 <= value <= 1.0 for value in power.values())
    assert max(power.values()) == pytest.approx(1.0)
    shuffled = graph.model_copy(
        update={
            "stakeholders": tuple(reversed(graph.stakeholders)),
            "influences": tuple(reversed(graph.influences)),
        }
    )
    assert power_scores(shuffled, PARAMS) == power


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.randoms(use_true_random=False))
def test_the_whole_analysis_does_not_depend_on_the_order_entities_are_listed_in(
    seed: int, shuffler: random.Random
) -> None:
    """Two stores, or two reads, may list the same entities in another order; every
    number of the analysis must come out the same, to the last bit."""
    from tests.data.generator import organisation
    from tests.factories import graph_of

    graph = graph_of(organisation("o", 60, seed=seed))
    update: dict[str, tuple[object, ...]] = {}
    for kind in ACCOUNT_ENTITIES:
        items = list(graph.entities(kind))
        shuffler.shuffle(items)
        update[kind.collection] = tuple(items)
    shuffled = graph.model_copy(update=update)
    params = AnalysisParams(as_of=date(2026, 11, 23))
    assert analyze_account(shuffled, params) == analyze_account(graph, params)


@settings(max_examples=60, deadline=None)
@given(orgs, st.data())
def test_adding_influence_toward_a_decision_maker_never_lowers_the_source(
    graph: AccountGraph, data: st.DataObject
) -> None:
    ids = sorted(graph.stakeholder_by_id)
    target = data.draw(st.sampled_from(ids))
    source = data.draw(st.sampled_from([i for i in ids if i != target]))
    graph = graph.model_copy(
        update={
            "stakeholders": tuple(
                p.model_copy(update={"roles": (Role.decision_maker,)}) if p.id == target else p
                for p in graph.stakeholders
            )
        }
    )
    before = power_scores(graph, PARAMS)[source]
    others = [i for i in graph.influences if i.key != (source, target)]
    weight = data.draw(st.floats(0.05, 1.0))
    after_graph = graph.model_copy(
        update={"influences": (*others, influence(source, target, weight))}
    )
    existing = next((i.weight for i in graph.influences if i.key == (source, target)), 0.0)
    if weight >= existing:
        assert power_scores(after_graph, PARAMS)[source] >= before - 1e-9


# --- brokers -----------------------------------------------------------------------------


def test_the_person_in_the_middle_of_a_chain_is_the_broker() -> None:
    # a → b → c: the only path from a to c runs through b. Directed normalisation
    # (n−1)(n−2) = 2 ordered pairs other than b's own; b is on 1 of them: 1/2.
    assert betweenness(["a", "b", "c"], [("a", "b"), ("b", "c")]) == {
        "a": 0.0,
        "b": 0.5,
        "c": 0.0,
    }


def test_someone_everyone_advises_and_who_advises_nobody_is_not_a_broker() -> None:
    # Issue 20: a manager who receives advice from a and c passes none on, so no
    # directed path runs through them; on the undirected graph they scored 1.0.
    assert betweenness(["a", "b", "c"], [("a", "b"), ("c", "b")]) == {
        "a": 0.0,
        "b": 0.0,
        "c": 0.0,
    }
    assert betweenness(["a", "b", "c"], [("a", "b"), ("c", "b")], directed=False)["b"] == 1.0


def test_brokers_follow_networkx_directed_betweenness() -> None:
    # NetworkX's directed betweenness_centrality is the reference, on a random
    # organisation's influence and reporting lines (as they point: toward the listener).
    graph = random_org(3, 40)
    informs = listening_graph(graph, PARAMS)
    reference = nx.DiGraph()
    reference.add_nodes_from(informs.people)
    reference.add_edges_from(informs.links)
    expected = nx.betweenness_centrality(reference, normalized=True)
    _, scores = brokers(informs, power_scores(graph, PARAMS), PARAMS)
    assert set(scores) == set(expected)
    for pid, value in expected.items():
        assert scores[pid] == pytest.approx(value, abs=1e-12)
    assert expected != nx.betweenness_centrality(reference.to_undirected(), normalized=True)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 40), st.booleans())
def test_igraph_and_networkx_give_the_same_betweenness(
    seed: int, size: int, directed: bool
) -> None:
    graph = nx.gnm_random_graph(size, size * 2, seed=seed, directed=directed)
    graph = nx.relabel_nodes(graph, {n: f"n{n}" for n in graph.nodes})
    people, links = list(graph.nodes), list(graph.edges)
    reference = betweenness(people, links, backend="networkx", directed=directed)
    compiled = betweenness(people, links, backend="igraph", directed=directed)
    assert set(reference) == set(compiled)
    for node in reference:
        assert compiled[node] == pytest.approx(reference[node], abs=1e-9)


# --- decision chain and warm paths ------------------------------------------------------


def test_decision_chain_layers_follow_influence_and_reporting_back_from_the_deciders() -> None:
    graph = small()
    chain = decision_chain(graph, power_scores(graph, PARAMS), PARAMS)
    assert [sorted(layer) for layer in chain.layers] == [["wang", "zhou"], ["chen", "li"], ["sun"]]


def test_no_decider_means_no_chain_and_says_so() -> None:
    graph = account_graph(stakeholders=(person("a", "x"),))
    chain = decision_chain(graph, power_scores(graph, PARAMS), PARAMS)
    assert chain.layers == [] and "no decision maker" in chain.explanation


def test_warm_path_prefers_the_stronger_product_by_hand() -> None:
    # m knows s1 well (5/5 today → 1.0) and s2 slightly (1/5 today → 0.2);
    # s1 (a supporter: intermediary factor 1) influences s2 with 0.5:
    # via s1 = 1.0 × 0.5 × 1 = 0.5 beats direct 0.2.
    graph = account_graph(
        stakeholders=(person("a", "s1", stance="supporter"), person("a", "s2")),
        members=(rep("m"),),
        influences=(influence("s1", "s2", 0.5),),
        relationships=(rel("m", "s1", 5), rel("m", "s2", 1)),
    )
    route = warm_path(graph, "s2", PARAMS)
    assert [(h.source, h.target, h.kind) for h in route.hops] == [
        ("m", "s1", "relationship"),
        ("s1", "s2", "influence"),
    ]
    assert route.strength == pytest.approx(0.5)


def test_no_route_is_an_answer_not_an_error() -> None:
    graph = account_graph(
        stakeholders=(person("a", "x"), person("a", "island")),
        members=(rep(),),
        relationships=(rel("m", "x", 3),),
    )
    route = warm_path(graph, "island", PARAMS)
    assert route.hops == [] and route.strength == 0 and "no route" in route.explanation


# --- coverage -------------------------------------------------------------------------------


def test_warmth_halves_after_the_half_life_and_coverage_is_power_weighted() -> None:
    # Power: A = 1, B = 2/3 (hand-computed above). m knows B at 5/5, 90 days ago:
    # warmth 0.5. Coverage = (2/3 · 0.5) / (1 + 2/3) = 0.2.
    graph = account_graph(
        stakeholders=(person("a", "A"), person("a", "B")),
        influences=(influence("A", "B", 1.0),),
        members=(rep(),),
        relationships=(rel("m", "B", 5, days_ago=90),),
    )
    result = coverage(graph, power_scores(graph, PARAMS), PARAMS)
    assert result.warmth == pytest.approx({"A": 0.0, "B": 0.5})
    assert result.score == pytest.approx(0.2)


def test_an_interaction_after_the_last_contact_date_refreshes_warmth() -> None:
    graph = account_graph(
        stakeholders=(person("a", "x"),),
        members=(rep(),),
        relationships=(rel("m", "x", 5, days_ago=180),),
        interactions=(Interaction(account_id="a", date=TODAY, member="m", stakeholders=("x",)),),
    )
    assert coverage(graph, power_scores(graph, PARAMS), PARAMS).warmth["x"] == pytest.approx(1.0)


def test_gaps_name_missing_roles_opponents_unknown_key_people_and_stale_contacts() -> None:
    graph = account_graph(
        stakeholders=(
            person(
                "a",
                "boss",
                "Boss",
                roles="decision_maker",
                seniority="executive",
                stance="opponent",
            ),
            person("a", "old", "Old Friend", seniority="staff"),
        ),
        members=(rep(),),
        relationships=(rel("m", "old", 4, days_ago=120),),
    )
    result = coverage(graph, power_scores(graph, PARAMS), PARAMS)
    kinds = {(g.kind, g.stakeholder) for g in result.gaps}
    assert ("unknown_key_person", "boss") in kinds
    assert ("opponent", "boss") in kinds
    assert ("stale", "old") in kinds
    assert [r.value for r in result.missing_roles] == ["economic_buyer", "coach"]
    assert result.single_threaded
    stale = next(g for g in result.gaps if g.kind == "stale")
    assert stale.explanation == "Old Friend: 120 days since the last touch (M, strength 4)"


@settings(max_examples=60, deadline=None)
@given(orgs, st.data())
def test_raising_a_relationship_never_lowers_coverage(
    graph: AccountGraph, data: st.DataObject
) -> None:
    if not graph.relationships:
        return
    chosen = data.draw(st.sampled_from(graph.relationships))
    stronger = chosen.model_copy(
        update={"strength": min(5, chosen.strength + data.draw(st.integers(1, 5)))}
    )
    power = power_scores(graph, PARAMS)
    after = graph.replace(
        Relationship, [r for r in graph.relationships if r.key != chosen.key] + [stronger]
    )
    assert coverage(after, power, PARAMS).score >= coverage(graph, power, PARAMS).score - 1e-12


@settings(max_examples=60, deadline=None)
@given(orgs, st.sampled_from(["m0", "m1", "m2"]))
def test_removing_a_team_member_never_raises_coverage(graph: AccountGraph, member: str) -> None:
    outcome = what_if_removed(graph, member=member, params=PARAMS)
    assert outcome.coverage_after <= outcome.coverage_before + 1e-12


def test_removing_the_only_contact_of_a_person_costs_exactly_their_share() -> None:
    # rep-1 is the only one who knows sun; se-1 knows li. Without rep-1,
    # coverage loses exactly sun's power × warmth / Σ power.
    graph = small()
    power = power_scores(graph, PARAMS)
    before = coverage(graph, power, PARAMS)
    outcome = what_if_removed(graph, member="rep-1", params=PARAMS)
    expected_loss = power["sun"] * before.warmth["sun"] / sum(power.values())
    assert outcome.coverage_before - outcome.coverage_after == pytest.approx(expected_loss)
    assert "without Our Rep" in outcome.explanation


# --- health ------------------------------------------------------------------------------------


def test_person_health_mixes_latest_assessment_and_recency_by_hand() -> None:
    # Assessment all 4s → (4−1)/4·100 = 75; last interaction 90 days ago → 50.
    # Health = 0.7·75 + 0.3·50 = 67.5.
    graph = account_graph(
        stakeholders=(person("a", "x"),),
        assessments=(
            Assessment(
                account_id="a",
                date=TODAY - timedelta(days=30),
                stakeholder="x",
                trust=4,
                satisfaction=4,
                communication=4,
                loyalty=4,
            ),
        ),
        interactions=(
            Interaction(account_id="a", date=TODAY - timedelta(days=90), stakeholders=("x",)),
        ),
    )
    assert person_health(graph, PARAMS)["x"] == pytest.approx(67.5)


def with_relationship(graph: AccountGraph, proposal: ProposedRelationship) -> AccountGraph:
    """The graph with `proposal` applied (replacing any relationship of the same pair)."""
    rel = Relationship(
        account_id=graph.account.id,
        member=proposal.member,
        stakeholder=proposal.stakeholder,
        strength=proposal.strength,
        last_contact=proposal.last_contact,
    )
    others = (r for r in graph.relationships if r.key != rel.key)
    return graph.replace(Relationship, [*others, rel])



# --- actions and the whole document ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_applying_the_top_action_raises_coverage_by_the_amount_predicted(seed: int) -> None:
    graph = random_org(seed, 30)
    analysis = analyze_account(graph, PARAMS)
    top = next(a for a in analysis.actions if a.proposal is not None)
    after = analyze_account(with_relationship(graph, top.proposal), PARAMS)
    assert after.coverage.score - analysis.coverage.score == pytest.approx(
        top.expected_coverage_change, abs=1e-12
    )
    assert top.expected_coverage_change > 0 or top.coverage_protected > 0


def test_the_analysis_document_has_every_field_design_md_promises() -> None:
    document = analyze_account(small(), PARAMS).model_dump(mode="json")
    assert {
        "account",
        "stakeholders",
        "key_decision_makers",
        "brokers",
        "hidden_influencers",
        "decision_chain",
        "coverage",
        "health",
        "actions",
    } <= set(document)
    assert {"id", "name", "power", "rank", "roles", "stance", "warmth"} <= set(
        document["stakeholders"][0]
    )
    assert {"score", "gaps", "missing_roles", "single_threaded"} <= set(document["coverage"])
    assert {"stakeholder", "kind", "explanation"} <= set(document["coverage"]["gaps"][0])
    assert {"score", "trend", "risk"} <= set(document["health"])
    assert {"level", "signals"} <= set(document["health"]["risk"])
    assert {"kind", "explanation", "expected_coverage_change"} <= set(document["actions"][0])
    assert document["decision_chain"]["layers"][0]


def test_every_person_gets_an_explanation_naming_what_it_rests_on() -> None:
    analysis = analyze_account(small(), PARAMS)
    wang = next(p for p in analysis.stakeholders if p.id == "wang")
    assert wang.explanation.startswith(f"power {wang.power:.2f}: economic buyer, executive")
    assert "周敏" in wang.explanation


def test_an_empty_account_analyses_without_error() -> None:
    analysis = analyze_account(account_graph(), PARAMS)
    assert analysis.stakeholders == [] and analysis.coverage.score == 0.0
