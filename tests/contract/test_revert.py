"""Undo on both stores: any recorded write can be reverted, the revert is itself a
recorded write, access is decided inside it, and stale history is a Conflict."""

from __future__ import annotations

import pytest

from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.model import Account, Influence, Interaction, Relationship, Stakeholder
from graph.store import GraphStore
from graph.users import User, UserRole
from tests.factories import small_org


def test_undoing_a_delete_brings_back_the_person_and_what_went_with_them(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    before = store.account_graph(acme)
    report = store.acting_as("liu").delete(Stakeholder, acme, ("li",))
    gone = store.account_graph(acme)
    # li had two influence links, a relationship, an assessment, a report (sun) and
    # shared an interaction with sun
    assert len(gone.influences) == 1 and len(gone.relationships) == 1
    assert gone.assessments == () and gone.stakeholder_by_id["sun"].reports_to is None
    assert gone.interactions[0].stakeholders == ("sun",)

    undo = store.acting_as("wu").revert(acme, report.version or 0)
    assert store.account_graph(acme) == before
    assert (undo.created, undo.updated, undo.deleted) == (5, 2, 0)
    last = [c for c in store.history(acme) if c.version == undo.version]
    assert {c.actor for c in last} == {"wu"}
    assert {(c.kind, c.action) for c in last} >= {
        ("stakeholders", "created"),
        ("influences", "created"),
        ("interactions", "updated"),
    }


def test_undoing_an_update_restores_the_fields_and_a_creation_removes_it(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    zhou = store.get(Stakeholder, acme, ("zhou",))
    changed = store.upsert(
        Stakeholder.model_validate({**zhou.model_dump(), "stance": "supporter", "title": "Chair"})
    )
    added = store.upsert(
        Influence(account_id=acme, source="chen", target="wang", weight=0.3, kind="advice")
    )
    store.revert(acme, changed.version or 0)
    assert store.get(Stakeholder, acme, ("zhou",)) == zhou
    store.revert(acme, added.version or 0)
    assert ("chen", "wang") not in {i.key for i in store.list(Influence, acme)}


def test_undoing_an_account_change_puts_its_fields_back(store: GraphStore, acme: str) -> None:
    account = store.get_account(acme)
    renamed = store.upsert_account(account.model_copy(update={"name": "Acme Group"}))
    store.revert(acme, renamed.version or 0)
    assert store.get_account(acme).name == account.name


def test_stale_history_is_a_conflict_and_nothing_is_written(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    zhou = store.get(Stakeholder, acme, ("zhou",))
    first = store.upsert(zhou.model_copy(update={"title": "Chair"}))
    store.upsert(zhou.model_copy(update={"title": "President"}))
    version = store.account_version(acme)
    with pytest.raises(Conflict, match="'zhou' has changed since"):
        store.revert(acme, first.version or 0)
    assert store.account_version(acme) == version

    # a later write hangs on what the undo would remove
    made = store.upsert(Stakeholder(account_id=acme, id="ma", name="马"))
    store.upsert(Relationship(account_id=acme, member="rep-1", stakeholder="ma", strength=2))
    with pytest.raises(Conflict, match="would break"):
        store.revert(acme, made.version or 0)
    assert "ma" in store.account_graph(acme).stakeholder_by_id


def test_what_cannot_be_undone_says_why(store: GraphStore, acme: str) -> None:
    with pytest.raises(NotFound, match="no recorded change at version 999"):
        store.revert(acme, 999)
    created = store.history(acme)[0]
    with pytest.raises(InvalidInput, match="delete the account instead"):
        store.revert(acme, created.version)


def test_a_user_who_may_not_write_the_account_cannot_undo_on_it(
    store: GraphStore, acme: str
) -> None:
    store.upsert_account(Account(id=acme, name="Acme", owner="liu"))
    report = store.bulk_upsert(small_org(acme))
    stranger = User(id="zhao", role=UserRole.manager)  # may read it, not change it
    with pytest.raises(Forbidden):
        store.acting_as(stranger).revert(acme, report.version or 0)
    assert len(store.list(Interaction, acme)) == 1
