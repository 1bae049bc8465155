"""History on both stores: every write recorded with who and before/after; the map as of
a moment; what changed between two moments."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from api.services.analysis import analysis_of
from api.services.history import analysis_at, changes_between, graph_at
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Account, Influence, Relationship, Stakeholder
from graph.store import GraphStore
from tests.factories import small_org


def _tick() -> datetime:
    time.sleep(0.002)
    moment = datetime.now(UTC)
    time.sleep(0.002)
    return moment


def test_every_kind_of_change_is_recorded_with_who_before_and_after(
    store: GraphStore, acme: str
) -> None:
    liu = store.acting_as("liu")
    liu.bulk_upsert(small_org(acme))
    zhou = store.get(Stakeholder, acme, ("zhou",))
    store.acting_as("boss").upsert(
        Stakeholder.model_validate({**zhou.model_dump(), "stance": "supporter"})
    )
    liu.delete(Influence, acme, ("sun", "li"))
    changes = store.history(acme)
    assert [c.version for c in changes] == sorted(c.version for c in changes)
    first = changes[0]
    assert (first.kind, first.action, first.actor) == (
        "accounts",
        "created",
        "system",
    )  # the acme fixture
    created = [c for c in changes if c.actor == "liu" and c.action == "created"]
    assert {c.kind for c in created} == {
        "stakeholders",
        "members",
        "influences",
        "relationships",
        "interactions",
        "assessments",
        "orders",
        "tickets",
    }
    [stance] = [c for c in changes if c.actor == "boss"]
    assert (stance.kind, stance.key, stance.action) == ("stakeholders", ["zhou"], "updated")
    assert (stance.before or {})["stance"] == "skeptic" and (stance.after or {})[
        "stance"
    ] == "supporter"
    [deleted] = [c for c in changes if c.action == "deleted"]
    assert (deleted.kind, deleted.key, deleted.actor, deleted.after) == (
        "influences",
        ["sun", "li"],
        "liu",
        None,
    )
    assert (deleted.before or {})["weight"] == 0.7
    # each change carries the version its write produced
    assert stance.version == store.account_version(acme) - 1 == deleted.version - 1
    since = store.history(acme, since=stance.at)
    assert [c.action for c in since] == ["deleted"]


def test_a_creation_is_listed_with_the_entity_as_it_was_created(
    store: GraphStore, acme: str
) -> None:
    """Creations are stored by key alone; the listed history still shows what was
    created, not what the entity became later."""
    store.bulk_upsert(small_org(acme))
    zhou = store.get(Stakeholder, acme, ("zhou",))
    store.upsert(Stakeholder.model_validate({**zhou.model_dump(), "stance": "supporter"}))
    store.delete(Influence, acme, ("sun", "li"))
    created = {
        (c.kind, tuple(c.key)): c.after for c in store.history(acme) if c.action == "created"
    }
    assert created[("stakeholders", ("zhou",))] == zhou.model_dump(mode="json")  # later updated
    assert (created[("influences", ("sun", "li"))] or {})["weight"] == 0.7  # later deleted
    li = store.get(Stakeholder, acme, ("li",))
    assert created[("stakeholders", ("li",))] == li.model_dump(mode="json")  # unchanged since
    compact = store.history(acme, undo_only=True)
    assert all(c.after is None for c in compact if c.action == "created" and c.kind != "accounts")


def test_as_of_reproduces_the_earlier_account_and_analysis_exactly(
    store: GraphStore, acme: str
) -> None:
    store.bulk_upsert(small_org(acme))
    then = _tick()
    graph_then = store.account_graph(acme)
    analysis_then = analyze_account(graph_then, AnalysisParams(as_of=then.date()))
    store.upsert(Relationship(account_id=acme, member="rep-1", stakeholder="zhou", strength=5))
    store.delete(Stakeholder, acme, ("chen",))
    wang = store.get(Stakeholder, acme, ("wang",))
    store.upsert(
        Stakeholder.model_validate(
            {**wang.model_dump(), "title": "Chairman", "roles": "decision_maker"}
        )
    )
    assert store.account_graph(acme) != graph_then
    assert graph_at(store, acme, then) == graph_then
    assert analysis_at(store, acme, then) == analysis_then
    # before the account had anything in it
    assert graph_at(store, acme, datetime(2000, 1, 1, tzinfo=UTC)).stakeholders == ()


def test_diff_lists_exactly_the_seeded_changes(store: GraphStore, acme: str) -> None:
    store.bulk_upsert(small_org(acme))
    start = _tick()
    zhou = store.get(Stakeholder, acme, ("zhou",))
    store.upsert(Stakeholder.model_validate({**zhou.model_dump(), "stance": "supporter"}))
    store.upsert(Stakeholder(account_id=acme, id="new", name="新人", title="CTO"))
    store.delete(Stakeholder, acme, ("chen",))
    store.upsert(Relationship(account_id=acme, member="rep-1", stakeholder="zhou", strength=5))
    end = _tick()
    changes = changes_between(store, acme, start, end)
    people = [
        s for s in changes.changes if not s.startswith(("coverage", "gap", "relationship health"))
    ]
    relationship = [s for s in people if "relationship" in s]
    assert sorted(s for s in people if s not in relationship) == sorted(
        [
            "新人 joined the map (CTO)",
            "Chen O'Brien was removed from the map",
            "周敏's stance changed from skeptic to supporter",
        ]
    )
    # strength 5 with no date counts as 180 days old: 5/5 · 0.5^(180/90) = 0.25
    assert relationship == ["Our Rep's relationship with 周敏 warmed from 0.00 to 0.25"]
    assert changes.coverage_after > changes.coverage_before
    assert any(g.stakeholder == "zhou" for g in changes.gaps_closed)
    # nothing changed in an empty window
    quiet = changes_between(store, acme, end, _tick())
    assert [s for s in quiet.changes if not s.startswith(("coverage", "relationship health"))] == []


def test_opponents_gaining_power_is_judged_against_the_account_a_quarter_ago(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The account was mapped in May (its writes are stamped then); today Li Na, the
    # head of IT, turned into an opponent.
    may = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    monkeypatch.setattr("graph.store.base._now", lambda: may)
    store.upsert_account(Account(id="mayco", name="May Co"))
    store.bulk_upsert(small_org("mayco"))
    monkeypatch.undo()
    assert store.history_start("mayco") == may
    li = store.get(Stakeholder, "mayco", ("li",))
    store.upsert(Stakeholder.model_validate({**li.model_dump(), "stance": "opponent"}))
    today = AnalysisParams(as_of=datetime.now(UTC).date())
    analysis = analysis_of(store, "mayco", today)
    gaining = [s for s in analysis.health.risk.signals if s.kind == "opponents_gaining"]
    assert len(gaining) == 1, analysis.health.risk.signals
    power = {p.id: p.power for p in analysis.stakeholders}
    # a quarter ago only zhou (a skeptic) was against us; now li too
    then = analyze_account(graph_at(store, "mayco", may), today).stakeholders
    share_before = sum(p.power for p in then if p.id == "zhou") / sum(p.power for p in then)
    share_after = (power["zhou"] + power["li"]) / sum(power.values())
    assert gaining[0].evidence["share_before"] == pytest.approx(round(share_before, 3))
    assert gaining[0].evidence["share_after"] == pytest.approx(round(share_after, 3))
    assert "李娜" in gaining[0].explanation
    # An account younger than the baseline is not judged on it: nothing to compare with.
    store.upsert_account(Account(id="young", name="Young Co"))
    store.bulk_upsert(small_org("young"))
    li = store.get(Stakeholder, "young", ("li",))
    store.upsert(Stakeholder.model_validate({**li.model_dump(), "stance": "opponent"}))
    young = analysis_of(store, "young", today)
    assert [s for s in young.health.risk.signals if s.kind == "opponents_gaining"] == []
