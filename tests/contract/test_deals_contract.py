"""Deals, buying committees, decision bodies, 分管 lines and competitor ties: the
store contract on SQLite and on the real Neo4j server."""

from __future__ import annotations

import pytest

from api.services.history import graph_at
from graph.errors import InvalidInput
from graph.model import (
    Account,
    AccountBundle,
    CommitteeMember,
    Competitor,
    CompetitorTie,
    Deal,
    DecisionBody,
    Entity,
    Stakeholder,
    Supervision,
    TeamMember,
)
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.vocabulary import Role, Stance
from tests.contract.test_history import _tick
from tests.deal_samples import DEAL_KINDS, deal_org, deals_of
from tests.factories import small_org


def test_deals_and_everything_on_them_round_trip_exactly(store: GraphStore, acme: str) -> None:
    report = store.bulk_upsert(deal_org(acme))
    assert report.created == deal_org(acme).size
    graph = store.account_graph(acme)
    for kind in DEAL_KINDS:
        expected = tuple(sorted(deals_of(acme).entities(kind), key=lambda e: e.key))
        assert graph.entities(kind) == expected, kind.collection
    # Order inside a list is kept: the body's members as given, not as stored edges.
    assert graph.bodies[0].members == ("wang", "li")
    assert graph.deals[0].competitors == ("rival", "other")
    again = store.bulk_upsert(deal_org(acme))
    assert (again.created, again.updated) == (0, 0)


def test_list_accounts_counts_the_deal_kinds(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(deal_org(acme))
    [summary] = store.list_accounts()
    assert {kind.collection: summary.counts[kind.collection] for kind in DEAL_KINDS} == {
        "competitors": 2,
        "deals": 2,
        "committee": 4,
        "bodies": 2,
        "supervisions": 1,
        "competitor_ties": 1,
    }


ONE_OF_EACH: list[Entity] = [
    Competitor(account_id="acme", id="third", name="Third Co"),
    Deal(account_id="acme", id="lab", name="检验科 LIS", stage="立项", amount=90_000),
    CommitteeMember(account_id="acme", deal="his", stakeholder="sun", roles="user;coach"),
    DecisionBody(account_id="acme", id="party", name="党委会", kind="党委会", members=("zhou",)),
    Supervision(account_id="acme", leader="zhou", stakeholder="chen", area="采购"),
    CompetitorTie(account_id="acme", competitor="other", stakeholder="li", strength=2),
]


@pytest.mark.parametrize("entity", ONE_OF_EACH, ids=lambda e: type(e).collection)
def test_each_deal_kind_can_be_upserted_read_and_deleted(
    store: GraphStore, acme: str, entity: Entity
) -> None:
    store.bulk_upsert(deal_org(acme))
    kind = type(entity)
    assert store.upsert(entity).created == 1
    assert store.get(kind, acme, entity.key) == entity
    assert store.delete(kind, acme, entity.key).deleted >= 1
    assert entity not in store.list(kind, acme)


def test_a_committee_seat_and_a_body_are_updated_in_place(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(deal_org(acme))
    store.upsert(
        CommitteeMember(account_id=acme, deal="his", stakeholder="li", roles="decision_maker")
    )
    seat = store.get(CommitteeMember, acme, ("his", "li"))
    # Fields a write sets replace the stored ones; the rest keep their values.
    assert seat.roles == (Role.decision_maker,)
    assert seat.stance is Stance.supporter and seat.pain == "旧系统宕机"
    store.upsert(
        DecisionBody(
            account_id=acme, id="eval", name="评标委员会", members=("li", "chen"), chair="chen"
        )
    )
    body = store.get(DecisionBody, acme, ("eval",))
    assert (body.members, body.chair, body.size, body.deals) == (("li", "chen"), "chen", 7, ("ct",))


def test_deleting_a_stakeholder_takes_them_off_committees_bodies_lines_and_ties(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(deal_org(acme))
    store.delete(Stakeholder, acme, ("wang",))
    graph = store.account_graph(acme)
    assert [(c.deal, c.stakeholder) for c in graph.committee] == [
        ("ct", "li"),
        ("his", "li"),
        ("his", "zhou"),
    ]
    bodies = {body.id: body for body in graph.bodies}
    # The chair's seat stays counted (7 seats, one unknown more), the chair is unknown.
    assert (bodies["eval"].members, bodies["eval"].chair, bodies["eval"].size) == (("li",), None, 7)
    # A body without a size keeps its seat count: 2 seats, 1 known.
    assert (bodies["office"].members, bodies["office"].size) == (("zhou",), 2)
    assert graph.supervisions == () and graph.competitor_ties == ()
    assert len(graph.deals) == 2


def test_deleting_a_deal_takes_its_committee_and_bodies_stop_naming_it(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(deal_org(acme))
    store.delete(Deal, acme, ("ct",))
    graph = store.account_graph(acme)
    assert [d.id for d in graph.deals] == ["his"]
    assert {c.deal for c in graph.committee} == {"his"}
    assert {b.id: b.deals for b in graph.bodies} == {"eval": (), "office": ()}


def test_deleting_a_competitor_takes_its_ties_and_deals_stop_naming_it(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(deal_org(acme))
    store.delete(Competitor, acme, ("rival",))
    graph = store.account_graph(acme)
    assert graph.competitor_ties == ()
    assert {d.id: d.competitors for d in graph.deals} == {"ct": ("other",), "his": ()}


def test_a_team_member_who_leaves_no_longer_owns_their_deals(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(deal_org(acme))
    store.delete(TeamMember, acme, ("rep-1",))
    assert store.get(Deal, acme, ("his",)).owner is None


def test_broken_deal_references_are_refused_each_named_and_nothing_written(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(deal_org(acme))
    before = store.account_graph(acme)
    bad = AccountBundle(
        account_id=acme,
        deals=(Deal(account_id=acme, id="x", name="X", stage="谈判中", competitors="ghost-co"),),
        committee=(CommitteeMember(account_id=acme, deal="nodeal", stakeholder="li"),),
        supervisions=(Supervision(account_id=acme, leader="zhou", stakeholder="nobody"),),
        competitor_ties=(
            CompetitorTie(account_id=acme, competitor="rival", stakeholder="ghost", strength=1),
        ),
    )
    with pytest.raises(InvalidInput) as caught:
        store.bulk_upsert(bad)
    text = "\n".join(caught.value.problems)
    assert "deal 'x': stage '谈判中' is not one of the account's stages" in text
    assert "deal 'x': competitor 'ghost-co' is not a competitor" in text
    assert "committee of 'nodeal': 'nodeal' is not a deal" in text
    assert "'nobody' is not a stakeholder" in text
    assert "'ghost' is not a stakeholder" in text
    assert store.account_graph(acme) == before


def test_an_account_with_its_own_stage_ladder_keeps_it_and_its_deals_stages(
    store: GraphStore,
) -> None:
    store.upsert_account(Account(id="gov", name="某局", stages="立项 → 谈判中 → 签约"))
    assert store.get_account("gov").stages == ("initiation", "谈判中", "contract")
    store.upsert(Deal(account_id="gov", id="d", name="D", stage="谈判中"))
    assert store.get(Deal, "gov", ("d",)).stage == "谈判中"


def test_history_records_deal_changes_and_replays_the_map_as_it_was(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(deal_org(acme))
    before = _tick()
    store.acting_as("liu").upsert(
        Deal.model_validate({**store.get(Deal, acme, ("his",)).model_dump(), "stage": "预算"})
    )
    store.delete(Competitor, acme, ("other",))
    changes = [c for c in store.history(acme) if c.at > before]
    assert {(c.kind, tuple(c.key), c.action, c.actor) for c in changes} == {
        ("deals", ("his",), "updated", "liu"),
        ("competitors", ("other",), "deleted", "system"),
        ("deals", ("ct",), "updated", "system"),
    }
    then = graph_at(store, acme, before)
    assert {d.id: d.stage for d in then.deals} == {"his": "solution", "ct": "evaluation"}
    assert [c.id for c in then.competitors] == ["other", "rival"]
    assert then == store.account_graph(acme).model_copy(
        update={"deals": then.deals, "competitors": then.competitors}
    )


@pytest.mark.neo4j
def test_neo4j_draws_deal_edges_that_follow_every_change(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    store.upsert_account(Account(id="acme", name="Acme"))
    store.bulk_upsert(deal_org("acme"))
    store.upsert(
        DecisionBody(
            account_id="acme", id="eval", name="评标委员会", members=("li", "chen"), chair="chen"
        )
    )
    store.delete(Competitor, "acme", ("other",))
    records, _, _ = store._driver.execute_query(
        "MATCH (a {account_id: 'acme'})-[r]->(b {account_id: 'acme'}) "
        "WHERE type(r) IN ['ON_COMMITTEE', 'MEMBER_OF', 'CHAIRS', 'DECIDES', 'SUPERVISES', "
        "'TIES_TO', 'OWNED_BY', 'AGAINST'] "
        "RETURN type(r) AS type, a.id AS source, b.id AS target ORDER BY type, source, target"
    )
    assert [(r["type"], r["source"], r["target"]) for r in records] == [
        ("AGAINST", "ct", "rival"),
        ("AGAINST", "his", "rival"),
        ("CHAIRS", "chen", "eval"),
        ("DECIDES", "eval", "ct"),
        ("MEMBER_OF", "chen", "eval"),
        ("MEMBER_OF", "li", "eval"),
        ("MEMBER_OF", "wang", "office"),
        ("MEMBER_OF", "zhou", "office"),
        ("ON_COMMITTEE", "li", "ct"),
        ("ON_COMMITTEE", "li", "his"),
        ("ON_COMMITTEE", "wang", "ct"),
        ("ON_COMMITTEE", "zhou", "his"),
        ("OWNED_BY", "his", "rep-1"),
        ("SUPERVISES", "wang", "li"),
        ("TIES_TO", "rival", "wang"),
    ]


@pytest.mark.neo4j
def test_both_stores_hold_the_same_deals_after_the_same_writes(
    sqlite_store: GraphStore, neo4j_store: GraphStore
) -> None:
    graphs = []
    for backend in (sqlite_store, neo4j_store):
        backend.upsert_account(Account(id="acme", name="Acme"))
        backend.bulk_upsert(deal_org("acme"))
        backend.delete(Stakeholder, "acme", ("li",))
        backend.delete(Deal, "acme", ("his",))
        graphs.append(backend.account_graph("acme"))
    assert graphs[0] == graphs[1]
    assert small_org("acme").size > 0


def test_a_new_stage_ladder_must_keep_every_stage_in_use(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(deal_org(acme))
    account = store.get_account(acme)
    with pytest.raises(InvalidInput) as caught:
        store.upsert_account(account.model_copy(update={"stages": ("initiation", "solution")}))
    assert caught.value.problems == [
        "deal 'ct': stage 'evaluation' is not one of the account's stages (initiation, solution)",
        "body 'eval': stage 'evaluation' is not one of the account's stages (initiation, solution)",
    ]
    assert store.get_account(acme) == account
    ladder = ("initiation", "solution", "evaluation", "谈判中")
    assert store.upsert_account(account.model_copy(update={"stages": ladder})).updated == 1
    assert store.get_account(acme).stage_ladder == ladder
