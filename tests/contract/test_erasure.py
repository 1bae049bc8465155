"""Erasing a person's personal data (PIPL art. 47, GDPR art. 17) on both stores: after
`erase_stakeholder`, no value of theirs is anywhere in the store (the raw SQLite file
and its WAL; every node and relationship property on Neo4j) or in a new backup, while
their influence links and our relationships with them remain."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from api.services.analysis import analysis_of
from graph.analysis.params import AnalysisParams
from graph.backup import backup_document
from graph.erasure import MARKER, erase_person
from graph.errors import NotFound
from graph.history import ERASURE_KIND, graph_as_of
from graph.model import (
    AccountBundle,
    Assessment,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
)
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from tests.factories import graph_of, person, small_org

# The person, known by their name (a stakeholders file without an id column).
OLD_NAME = "Zhou Weiming"
NAME = "周伟明"
OLD_TITLE = "Chief Sustainability Officer North"
TITLE = "Executive Vice President Green Grid"
EMAIL = "weiming.zhou@acme-example.cn"
PHONE = "+86 138 0013 8777"
NOTES = "Prefers morning calls; daughter studies in Lyon"
PRIORITIES = "wants the carbon dashboard before the board review"
SURVEY_COMMENT = "Response times were slow in March, otherwise fine"

AT = datetime(2026, 11, 29, tzinfo=UTC)

PERSONAL = (OLD_NAME, NAME, OLD_TITLE, TITLE, EMAIL, PHONE, NOTES, PRIORITIES, SURVEY_COMMENT)
"""Every value of the person the store ever held (the id is OLD_NAME)."""


SOLO_ASSESSMENT = Assessment(
    account_id="acme", date=date(2026, 11, 5), stakeholder=OLD_NAME, member="rep-1", loyalty=5
)
SAME_DAY_SURVEYS = tuple(
    Interaction(
        account_id="acme",
        date=date(2026, 11, 6),
        stakeholders=(OLD_NAME,),
        type="survey",
        note=note,
        satisfaction=3,
    )
    for note in ("first answer", "second answer")
)
HASHED_IDS = (SOLO_ASSESSMENT.id, *(survey.id for survey in SAME_DAY_SURVEYS))
"""Ids hashed from content that held the person (their id as a name, their notes)."""


def _seed(store: GraphStore, account: str) -> None:
    store.bulk_upsert(small_org(account))
    first = person(
        account,
        OLD_NAME,
        title=OLD_TITLE,
        email=EMAIL,
        phone=PHONE,
        notes=NOTES,
        priorities=PRIORITIES,
        seniority="executive",
        roles="decision_maker",
        stance="supporter",
        reports_to="zhou",
    )
    store.upsert(first)
    # history now holds the old name and title as before-values
    store.upsert(first.model_copy(update={"name": NAME, "title": TITLE}))
    store.bulk_upsert(
        AccountBundle(
            account_id=account,
            stakeholders=(
                person(account, "wang", "王伟", reports_to=OLD_NAME, notes=f"ask {EMAIL} first"),
            ),
            influences=(
                Influence(account_id=account, source=OLD_NAME, target="zhou", weight=0.8),
                Influence(account_id=account, source="li", target=OLD_NAME, weight=0.4),
            ),
            relationships=(
                Relationship(
                    account_id=account,
                    member="rep-1",
                    stakeholder=OLD_NAME,
                    strength=4,
                    last_contact=date(2026, 11, 1),
                ),
            ),
            interactions=(
                Interaction(
                    account_id=account,
                    id="survey-1",
                    date=date(2026, 11, 2),
                    stakeholders=(OLD_NAME,),
                    type="survey",
                    note=SURVEY_COMMENT,
                    trust=4,
                ),
                *SAME_DAY_SURVEYS,
                Interaction(
                    account_id=account,
                    id="lunch-1",
                    date=date(2026, 11, 3),
                    member="rep-1",
                    stakeholders=(OLD_NAME, "li"),
                    type="meal",
                    note=f"{NAME} and Li agreed the pilot; call {PHONE}",
                ),
            ),
            assessments=(
                SOLO_ASSESSMENT,
                Assessment(
                    account_id=account,
                    id="as-1",
                    date=date(2026, 11, 4),
                    stakeholder=OLD_NAME,
                    member="rep-1",
                    trust=4,
                ),
            ),
            orders=(
                Order(
                    account_id=account,
                    id="PO-9",
                    date=date(2026, 5, 1),
                    amount=5000.0,
                    product=f"Dashboard for {OLD_NAME}",
                    stakeholder=OLD_NAME,
                ),
            ),
        )
    )


def _leaks(text: str) -> list[str]:
    """The person's values found in `text`, raw or as JSON would escape them."""
    return [
        value
        for value in (*PERSONAL, *HASHED_IDS)
        if value in text or json.dumps(value)[1:-1] in text or value.lower() in text.lower()
    ]


def _sqlite_bytes(store: SQLiteStore) -> str:
    data = b"".join(
        path.read_bytes() for path in (store.path, Path(f"{store.path}-wal")) if path.exists()
    )
    return data.decode("utf-8", errors="replace")


def _neo4j_properties(store: Neo4jStore) -> str:
    nodes, _, _ = store._driver.execute_query("MATCH (n) RETURN properties(n) AS p")
    edges, _, _ = store._driver.execute_query("MATCH ()-[r]->() RETURN properties(r) AS p")
    return "\n".join(repr(record["p"]) for record in [*nodes, *edges])


def test_the_seeded_values_are_found_before_the_erasure(store: GraphStore, acme: str) -> None:
    """The search below can fail: before erasing, it finds every value of the person."""
    _seed(store, acme)
    found = json.dumps(backup_document(store), ensure_ascii=False)
    everything = sorted((*PERSONAL, *HASHED_IDS))
    assert sorted(_leaks(found)) == everything
    if isinstance(store, SQLiteStore):
        store.close()  # the file is complete once the WAL is read alongside it
        assert sorted(_leaks(_sqlite_bytes(store))) == everything
    if isinstance(store, Neo4jStore):
        # Neo4j holds history as JSON text in properties: the old name and title are there
        assert sorted(_leaks(_neo4j_properties(store))) == everything


def test_after_an_erasure_nothing_of_the_person_is_left_anywhere(
    store: GraphStore, acme: str
) -> None:
    _seed(store, acme)
    before = store.account_graph(acme)
    report = store.acting_as("dpo").erase_stakeholder(acme, OLD_NAME)
    new_id = report.stakeholder
    assert new_id.startswith("erased-") and len(new_id) == len("erased-") + 4
    assert report.actor == "dpo"
    assert report.notes_cleared >= 1  # the survey comment, now and in history

    # nowhere in the store, nor in a backup made now
    assert _leaks(json.dumps(backup_document(store), ensure_ascii=False)) == []
    if isinstance(store, SQLiteStore):
        assert _leaks(_sqlite_bytes(store)) == []
    if isinstance(store, Neo4jStore):
        assert _leaks(_neo4j_properties(store)) == []

    graph = store.account_graph(acme)
    erased = graph.stakeholder_by_id[new_id]
    assert OLD_NAME not in graph.stakeholder_by_id
    assert (erased.name, erased.title, erased.email, erased.phone, erased.notes) == (
        f"erased {new_id.removeprefix('erased-')}",
        "",
        "",
        "",
        "",
    )
    assert (erased.priorities, erased.roles, erased.stance, erased.reports_to) == (
        "",
        ("decision_maker",),
        "supporter",
        "zhou",
    )
    # every link to them remains, re-keyed
    assert graph.stakeholder_by_id["wang"].reports_to == new_id
    assert {(i.source, i.target, i.weight) for i in graph.influences} - {
        (i.source, i.target, i.weight) for i in before.influences
    } == {(new_id, "zhou", 0.8), ("li", new_id, 0.4)}
    assert len(graph.influences) == len(before.influences)
    assert [(r.member, r.strength) for r in graph.relationships if r.stakeholder == new_id] == [
        ("rep-1", 4)
    ]
    interactions = {i.id: i for i in graph.interactions}
    assert interactions["survey-1"].stakeholders == (new_id,)
    assert interactions["survey-1"].note == ""  # a comment about them alone
    assert interactions["survey-1"].trust == 4  # the measurement stays
    assert set(interactions["lunch-1"].stakeholders) == {new_id, "li"}
    assert interactions["lunch-1"].note == f"{MARKER} and Li agreed the pilot; call {MARKER}"
    assert graph.stakeholder_by_id["wang"].notes == f"ask {MARKER} first"
    assert [a.stakeholder for a in graph.assessments if a.id == "as-1"] == [new_id]
    # ids hashed from the person's content are hashed again from the erased content
    rehashed = Assessment(
        account_id=acme, date=date(2026, 11, 5), stakeholder=new_id, member="rep-1", loyalty=5
    ).id
    assert [a.loyalty for a in graph.assessments if a.id == rehashed] == [5]
    surveys = sorted(i.id for i in graph.interactions if i.date == date(2026, 11, 6))
    first = Interaction(
        account_id=acme, date=date(2026, 11, 6), stakeholders=(new_id,), type="survey"
    ).id
    assert surveys == [first, f"{first}-2"]  # both notes emptied: numbered apart
    order = next(o for o in graph.orders if o.id == "PO-9")
    assert (order.stakeholder, order.product) == (new_id, f"Dashboard for {MARKER}")

    # the analysis still runs and still sees them as a decision maker with our relationship
    analysis = analysis_of(store, acme, AnalysisParams())
    assert new_id in analysis.key_decision_makers
    assert analysis.coverage.warmth[new_id] > 0

    # one audit record: who and when, no personal data
    history = store.history(acme)
    audits = [c for c in history if c.kind == ERASURE_KIND]
    assert len(audits) == 1
    assert (audits[0].actor, audits[0].key, audits[0].action) == ("dpo", [new_id], "erased")
    assert audits[0].version == store.account_version(acme) == report.version
    assert _leaks(audits[0].model_dump_json()) == []
    # history still replays: the account before they were renamed, without them
    first_write = min(c.at for c in history if c.kind == "stakeholders" and c.key == [new_id])
    earlier = graph_as_of(graph, history, first_write)
    assert earlier.stakeholder_by_id[new_id].name == erased.name
    assert earlier.stakeholder_by_id[new_id].title == ""


def test_erasing_someone_unknown_is_not_found_and_changes_nothing(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    version = store.account_version(acme)
    with pytest.raises(NotFound, match="stakeholder 'nobody' does not exist in account 'acme'"):
        store.erase_stakeholder(acme, "nobody")
    with pytest.raises(NotFound, match="account 'ghost' does not exist"):
        store.erase_stakeholder("ghost", "zhou")
    assert store.account_version(acme) == version


def test_a_person_deleted_earlier_is_still_erased_from_history(
    store: GraphStore, acme: str
) -> None:
    store.upsert(person(acme, "gone", NAME, email=EMAIL))
    store.delete(Stakeholder, acme, ("gone",))
    report = store.erase_stakeholder(acme, "gone")
    history = store.history(acme)
    assert [c.key for c in history if c.kind == "stakeholders"] == [
        [report.stakeholder],
        [report.stakeholder],
    ]
    assert _leaks(json.dumps([c.model_dump(mode="json") for c in history])) == []


def test_erase_person_is_pure_and_masks_every_name_the_person_had() -> None:
    graph = graph_of(
        AccountBundle(
            account_id="a",
            stakeholders=(
                person("a", "p1", "李明", phone="138-0013-8000"),
                person("a", "p2", "Other", notes="李明 said: call 13800138000"),
            ),
        )
    )
    first = graph.model_dump()
    result = erase_person(graph, [], "p1", version=2, at=AT, actor="x", suffix="abcd")
    assert graph.model_dump() == first  # the input is untouched
    assert result.graph.stakeholder_by_id["erased-abcd"].name == "erased abcd"
    # "p1" is too short to be searched for in text; name and both phone forms are
    assert result.graph.stakeholder_by_id["p2"].notes == f"{MARKER} said: call {MARKER}"
    assert result.report.texts_masked == 2
    assert [c.kind for c in result.history] == [ERASURE_KIND]


SEAT_NOTES = "Golf on Saturdays with the vendor's CEO"
SEAT_PAIN = "His bonus depends on the go-live date"
TIE_NOTE = "Classmate of the rival's sales director at Tsinghua"


def test_erasing_a_person_clears_what_deals_say_about_them_and_keeps_their_seats(
    store: GraphStore, acme: str
) -> None:
    from graph.model import CommitteeMember, CompetitorTie, DecisionBody, Supervision
    from tests.deal_samples import deal_org

    store.bulk_upsert(deal_org(acme))
    store.upsert(person(acme, OLD_NAME, email=EMAIL, roles="decision_maker"))
    store.bulk_upsert(
        AccountBundle(
            account_id=acme,
            committee=(
                CommitteeMember(
                    account_id=acme,
                    deal="his",
                    stakeholder=OLD_NAME,
                    roles="economic_buyer",
                    stance="supporter",
                    notes=SEAT_NOTES,
                    pain=SEAT_PAIN,
                ),
                CommitteeMember(
                    account_id=acme, deal="ct", stakeholder="li", notes=f"reports to {OLD_NAME}"
                ),
            ),
            bodies=(
                DecisionBody(
                    account_id=acme,
                    id="eval",
                    name="评标委员会",
                    members=("wang", OLD_NAME),
                    chair=OLD_NAME,
                    size=7,
                ),
            ),
            supervisions=(Supervision(account_id=acme, leader=OLD_NAME, stakeholder="li"),),
            competitor_ties=(
                CompetitorTie(
                    account_id=acme,
                    competitor="rival",
                    stakeholder=OLD_NAME,
                    strength=5,
                    note=TIE_NOTE,
                ),
            ),
        )
    )
    report = store.erase_stakeholder(acme, OLD_NAME)
    new_id = report.stakeholder
    assert (
        report.notes_cleared == 3
    )  # seat notes, seat pain, tie note (no history kept them before)
    graph = store.account_graph(acme)
    seats = {(c.deal, c.stakeholder): c for c in graph.committee}
    seat = seats[("his", new_id)]
    assert (seat.roles, seat.stance, seat.notes, seat.pain) == (
        ("economic_buyer",),
        "supporter",
        "",
        "",
    )
    assert seats[("ct", "li")].notes == f"reports to {MARKER}"
    body = next(b for b in graph.bodies if b.id == "eval")
    assert (body.members, body.chair, body.size) == (("wang", new_id), new_id, 7)
    assert {(s.leader, s.stakeholder) for s in graph.supervisions} == {
        ("wang", "li"),
        (new_id, "li"),
    }
    tie = next(t for t in graph.competitor_ties if t.stakeholder == new_id)
    assert (tie.competitor, tie.strength, tie.note) == ("rival", 5, "")
    texts = [*PERSONAL, SEAT_NOTES, SEAT_PAIN, TIE_NOTE]
    backup = json.dumps(backup_document(store), ensure_ascii=False)
    stored = (
        _sqlite_bytes(store) if isinstance(store, SQLiteStore) else _neo4j_properties(store)  # type: ignore[arg-type]
    )
    assert [text for text in texts if text in backup or text in stored] == []
