"""The store contract: every test runs on SQLite and on the real Neo4j server."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from graph.errors import InvalidInput, NotFound
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountBundle,
    Assessment,
    Entity,
    Influence,
    Interaction,
    Relationship,
    Stakeholder,
    TeamMember,
    id_from_name,
)
from graph.store import GraphStore
from graph.vocabulary import Role, Stance
from tests.factories import person, small_org

# --- accounts -----------------------------------------------------------------


def test_new_account_is_created_then_unchanged_then_updated(store: GraphStore) -> None:
    account = Account(id="globex", name="Globex", tier="strategic", team=("rep-1", "rep-2"))
    assert store.upsert_account(account).created == 1
    assert store.upsert_account(account).unchanged == 1
    renamed = account.model_copy(update={"name": "Globex Holdings"})
    assert store.upsert_account(renamed).updated == 1
    assert store.get_account("globex") == renamed


def test_unknown_account_is_not_found_everywhere(store: GraphStore) -> None:
    with pytest.raises(NotFound, match="'nope'"):
        store.get_account("nope")
    with pytest.raises(NotFound):
        store.account_graph("nope")
    with pytest.raises(NotFound):
        store.bulk_upsert(small_org("nope"))
    with pytest.raises(NotFound):
        store.delete_account("nope")


def test_list_accounts_counts_every_kind(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    store.upsert_account(Account(id="empty", name="Empty Co"))
    summaries = {s.account.id: s for s in store.list_accounts()}
    assert summaries[acme].counts == {
        "stakeholders": 5,
        "members": 2,
        "influences": 3,
        "relationships": 2,
        "interactions": 1,
        "assessments": 1,
        "orders": 2,
        "tickets": 1,
        "competitors": 0,
        "deals": 0,
        "committee": 0,
        "bodies": 0,
        "supervisions": 0,
        "competitor_ties": 0,
    }
    assert set(summaries["empty"].counts.values()) == {0}
    assert [s.account.id for s in store.list_accounts()] == ["acme", "empty"]


def test_every_write_bumps_the_account_version(store: GraphStore, acme: str) -> None:
    before = store.account_version(acme)
    store.bulk_upsert(small_org(acme))
    assert store.account_version(acme) == before + 1


def test_deleting_an_account_deletes_everything_in_it(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    store.delete_account(acme)
    assert acme not in [s.account.id for s in store.list_accounts()]
    store.upsert_account(Account(id=acme, name="Acme again"))
    assert store.account_graph(acme).stakeholders == ()


# --- entities -----------------------------------------------------------------


def test_bulk_upsert_round_trips_every_kind_exactly(store: GraphStore, acme: str) -> None:
    bundle = small_org(acme)
    report = store.bulk_upsert(bundle)
    assert report.created == bundle.size
    graph = store.account_graph(acme)
    for kind in ACCOUNT_ENTITIES:
        assert graph.entities(kind) == tuple(sorted(bundle.entities(kind), key=lambda e: e.key))


def test_importing_the_same_bundle_twice_changes_nothing(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    report = store.bulk_upsert(small_org(acme))
    assert (report.created, report.updated, report.unchanged) == (0, 0, small_org(acme).size)


def test_an_edited_bundle_updates_exactly_what_changed(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    edited = AccountBundle(
        account_id=acme,
        stakeholders=(
            person(acme, "zhou", "周敏", stance="supporter"),
            person(acme, "new", "New Person"),
        ),
    )
    report = store.bulk_upsert(edited)
    assert report.by_kind["stakeholders"] == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "deleted": 0,
    }
    zhou = store.get(Stakeholder, acme, ("zhou",))
    assert zhou.stance is Stance.supporter
    # Fields the edit did not mention keep their stored values.
    assert zhou.title == "CEO"
    assert zhou.roles == (Role.decision_maker,)


ONE_OF_EACH: list[Entity] = [
    person("acme", "solo", "Solo", title="CTO", roles="decision_maker;coach"),
    TeamMember(account_id="acme", id="am-9", name="Account Manager", role="manager"),
    Influence(account_id="acme", source="sun", target="zhou", weight=0.25, kind="trust"),
    Relationship(account_id="acme", member="rep-1", stakeholder="zhou", strength=1),
    Interaction(
        account_id="acme",
        date=date(2026, 11, 2),
        member="se-1",
        stakeholders=("zhou",),
        type="call",
        sentiment=-1,
    ),
    Assessment(account_id="acme", date=date(2026, 11, 3), stakeholder="zhou", trust=2, loyalty=1),
]


@pytest.mark.parametrize("entity", ONE_OF_EACH, ids=lambda e: type(e).collection)
def test_each_kind_can_be_upserted_read_listed_and_deleted(
    store: GraphStore, acme: str, entity: Entity
) -> None:
    store.bulk_upsert(small_org(acme))
    kind = type(entity)
    assert store.upsert(entity).created == 1
    assert store.get(kind, acme, entity.key) == entity
    assert entity in store.list(kind, acme)
    assert store.delete(kind, acme, entity.key).deleted >= 1
    with pytest.raises(NotFound):
        store.get(kind, acme, entity.key)
    with pytest.raises(NotFound):
        store.delete(kind, acme, entity.key)


def test_deleting_a_stakeholder_removes_their_edges_and_orphans_their_reports(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    store.delete(Stakeholder, acme, ("li",))
    graph = store.account_graph(acme)
    assert "li" not in graph.stakeholder_by_id
    assert graph.stakeholder_by_id["sun"].reports_to is None
    assert all("li" not in (i.source, i.target) for i in graph.influences)
    assert [r.stakeholder for r in graph.relationships] == ["sun"]
    assert graph.interactions[0].stakeholders == ("sun",)
    assert graph.assessments == ()


def test_deleting_a_team_member_removes_their_relationships(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    store.delete(TeamMember, acme, ("rep-1",))
    graph = store.account_graph(acme)
    assert [r.member for r in graph.relationships] == ["se-1"]
    assert graph.interactions[0].member is None


# --- all or nothing --------------------------------------------------------------


def test_a_bad_row_in_the_middle_of_a_bulk_write_leaves_the_store_as_it_was(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    before, version = store.account_graph(acme), store.account_version(acme)
    bad = AccountBundle(
        account_id=acme,
        stakeholders=tuple(person(acme, f"p{i}", f"Person {i}") for i in range(50)),
        influences=(
            Influence(account_id=acme, source="p1", target="p2"),
            Influence(account_id=acme, source="p3", target="ghost"),
            Influence(account_id=acme, source="p4", target="p5"),
        ),
    )
    with pytest.raises(InvalidInput, match="ghost"):
        store.bulk_upsert(bad)
    assert store.account_graph(acme) == before
    assert store.account_version(acme) == version


def test_a_reporting_cycle_is_refused_naming_the_cycle(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    before = store.account_graph(acme)
    with pytest.raises(InvalidInput, match=r"cycle: li → sun → li|cycle: sun → li → sun"):
        store.upsert(person(acme, "li", "李娜", reports_to="sun"))
    assert store.account_graph(acme) == before


def test_every_problem_of_a_bad_bundle_is_reported(store: GraphStore, acme: str) -> None:
    bad = AccountBundle(
        account_id=acme,
        stakeholders=(person(acme, "a", reports_to="nobody"),),
        relationships=(
            Relationship(account_id=acme, member="stranger", stakeholder="a", strength=2),
        ),
    )
    with pytest.raises(InvalidInput) as caught:
        store.bulk_upsert(bad)
    text = "\n".join(caught.value.problems)
    assert "'nobody' is not a stakeholder" in text
    assert "'stranger' is not a team member" in text


# --- isolation ----------------------------------------------------------------------


def test_accounts_are_isolated(store: GraphStore, acme: str) -> None:
    store.upsert_account(Account(id="globex", name="Globex"))
    store.bulk_upsert(small_org(acme))
    store.bulk_upsert(
        AccountBundle(account_id="globex", stakeholders=(person("globex", "zhou", "Another Zhou"),))
    )
    assert store.get(Stakeholder, acme, ("zhou",)).name == "周敏"
    assert store.get(Stakeholder, "globex", ("zhou",)).name == "Another Zhou"
    # A link may not reach into another account, even to an id that exists there.
    with pytest.raises(InvalidInput, match="'li' is not a stakeholder"):
        store.upsert(Influence(account_id="globex", source="zhou", target="li"))
    store.delete_account("globex")
    assert len(store.account_graph(acme).stakeholders) == 5


def test_an_entity_of_another_account_is_refused(store: GraphStore, acme: str) -> None:
    store.upsert_account(Account(id="globex", name="Globex"))
    sneaky = AccountBundle(account_id=acme, stakeholders=(person("globex", "x", "X"),))
    with pytest.raises(InvalidInput, match="belongs to account 'globex'"):
        store.bulk_upsert(sneaky)


# --- text and concurrency -------------------------------------------------------------

HOSTILE_NAMES = [
    "张伟",
    "O'Brien",
    'Say "hi"',
    "Ünïcødé 👩‍💼🚀",
    "back\\slash",
    "{curly} $param `tick`",
    "<script>alert(1)</script>",
    "Robert'); DROP TABLE stakeholders;--",
    "MATCH (n) DETACH DELETE n //",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_names_round_trip_exactly(store: GraphStore, acme: str, name: str) -> None:
    # Known by their name as an id, made URL-safe ('/' and '\\' become '-').
    store.upsert(
        Stakeholder.model_validate(
            {"account_id": acme, "name": name, "notes": f"line one\nline two {name}"}
        )
    )
    stored = store.get(Stakeholder, acme, (id_from_name(name),))
    assert stored.name == name
    assert stored.notes == f"line one\nline two {name}"


text_without_controls = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40
).filter(lambda s: s.strip() == s and s.strip())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=text_without_controls, title=st.text(max_size=60).map(str.strip))
def test_any_printable_text_round_trips(
    store: GraphStore, acme: str, name: str, title: str
) -> None:
    """Any text is stored exactly as the model normalised it, or refused at input with
    an error naming its field (control characters, graph/text.py)."""
    try:
        entity = person(acme, "x", name, title=title)
    except ValidationError as error:
        assert {str(item["loc"][0]) for item in error.errors()} <= {"name", "title"}
        assert "control character" in str(error) or "surrogate" in str(error)
        return
    store.upsert(entity)
    assert store.get(Stakeholder, acme, ("x",)) == entity


def test_two_concurrent_writers_lose_nothing(store: GraphStore, acme: str) -> None:
    errors: list[BaseException] = []

    def writer(prefix: str) -> None:
        try:
            for i in range(15):
                store.upsert(person(acme, f"{prefix}-{i}", f"{prefix} {i}"))
        except BaseException as error:  # reported below, so a failing thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    ids = set(store.account_graph(acme).stakeholder_by_id)
    assert ids == {f"{p}-{i}" for p in ("a", "b") for i in range(15)}


@pytest.mark.neo4j
def test_both_stores_hold_the_same_graph_for_the_same_data(
    sqlite_store: GraphStore, neo4j_store: GraphStore
) -> None:
    graphs = []
    for backend in (sqlite_store, neo4j_store):
        backend.upsert_account(Account(id="acme", name="Acme"))
        backend.bulk_upsert(small_org("acme"))
        backend.delete(Stakeholder, "acme", ("chen",))
        graphs.append(backend.account_graph("acme"))
    assert graphs[0] == graphs[1]


def test_analysis_of_a_stored_account_equals_the_analysis_of_the_data(
    store: GraphStore, acme: str
) -> None:
    from datetime import date

    from graph.analysis.account import analyze_account
    from graph.analysis.params import AnalysisParams
    from graph.model import AccountGraph, merge_bundle

    store.bulk_upsert(small_org(acme))
    params = AnalysisParams(as_of=date(2026, 11, 23))
    in_memory = merge_bundle(AccountGraph(account=store.get_account(acme)), small_org(acme))
    assert analyze_account(store.account_graph(acme), params) == analyze_account(in_memory, params)
