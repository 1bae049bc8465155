"""People by name: an id or a unique name finds a person; a name two people share
is ambiguous; a wrong name suggests the closest; lists sort naturally."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from graph.errors import InvalidInput, NotFound
from graph.history import Change
from graph.model import Stakeholder, merge_bundle
from graph.names import (
    entity_label,
    field_in_words,
    named_in,
    names_by_id,
    names_in_history,
    natural_key,
    person_or_member_id,
    same_name,
    stakeholder_id,
)
from tests.factories import graph_of, small_org


def test_an_id_or_a_unique_name_finds_the_person() -> None:
    graph = graph_of(small_org("acme"))
    zhou = graph.stakeholder_by_id["zhou"]
    assert stakeholder_id(graph, "zhou") == "zhou"
    assert stakeholder_id(graph, f"  {zhou.name.upper()} ") == "zhou"
    member = graph.members[0]
    assert person_or_member_id(graph, member.name) == member.id


def test_a_shared_name_is_ambiguous_and_lists_the_ids() -> None:
    graph = graph_of(small_org("acme"))
    zhou = graph.stakeholder_by_id["zhou"]
    twin = Stakeholder(account_id="acme", id="zhou-2", name=zhou.name)
    graph = merge_bundle(graph, small_org("acme").model_copy(update={"stakeholders": (twin,)}))
    assert same_name(graph, zhou.name) == ["zhou", "zhou-2"]
    with pytest.raises(InvalidInput, match=r"ambiguous.*'zhou', 'zhou-2'"):
        stakeholder_id(graph, zhou.name)


def test_a_wrong_name_suggests_the_closest_names() -> None:
    graph = graph_of(small_org("acme"))
    zhou = graph.stakeholder_by_id["zhou"]
    with pytest.raises(NotFound, match=f"did you mean {zhou.name} \\(id 'zhou'\\)"):
        stakeholder_id(graph, zhou.name[:-1] + "x")


def test_natural_order_puts_2_before_10() -> None:
    assert sorted(["10", "2", "1", "b", "A"], key=natural_key) == ["1", "2", "10", "A", "b"]
    assert sorted(["p10", "p2"], key=natural_key) == ["p2", "p10"]


def test_messages_and_history_call_people_by_name_and_tell_namesakes_apart() -> None:
    graph = graph_of(small_org("acme"))
    twin = Stakeholder(account_id="acme", id="zhou-2", name="周敏")
    graph = merge_bundle(graph, small_org("acme").model_copy(update={"stakeholders": (twin,)}))
    gone = {"id": "ma", "name": "马超", "account_id": "acme"}  # a deleted person's record
    names = names_by_id(graph, gone, None)
    assert (names["li"], names["ma"], names["rep-1"]) == ("李娜", "马超", "Our Rep")
    assert (names["zhou"], names["zhou-2"]) == ("周敏 (zhou)", "周敏 (zhou-2)")
    assert named_in("'li' cannot influence themself; 'x' is nobody", names) == (
        "李娜 cannot influence themself; 'x' is nobody"
    )
    assert entity_label("influences", ["li", "zhou"], None, names) == "李娜 → 周敏 (zhou)"
    assert entity_label("stakeholders", ["ma"], gone, names) == "马超"
    assert entity_label("orders", ["o-1"], {"date": "2026-03-02", "product": "Licence"}, names) == (
        "2026-03-02 · Licence"
    )
    assert field_in_words("stakeholders", "stance", "supporter", names, lang="zh") == "支持者"
    assert field_in_words("stakeholders", "reports_to", "zhou-2", names) == "周敏 (zhou-2)"
    assert field_in_words("tickets", "status", "open", names, lang="zh") == "未解决"
    assert field_in_words("stakeholders", "roles", [], names) == "—"


def test_history_names_deleted_people_and_ignores_the_accounts_own_record() -> None:
    graph = graph_of(small_org("acme"))
    at = datetime(2026, 11, 1, tzinfo=UTC)
    account = Change(
        account_id="acme",
        version=1,
        at=at,
        actor="x",
        kind="accounts",
        key=["acme"],
        before=None,
        after={"id": "acme", "name": "李娜"},
    )
    gone = Change(
        account_id="acme",
        version=2,
        at=at,
        actor="x",
        kind="stakeholders",
        key=["ma"],
        before={"id": "ma", "name": "马超"},
        after=None,
    )
    names = names_in_history(graph, [account, gone])
    assert (names["li"], names["ma"]) == ("李娜", "马超")  # not "李娜 (li)": no namesake
    assert "acme" not in names
