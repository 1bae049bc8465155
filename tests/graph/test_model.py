"""Domain rules a rep relies on, checked on plain model objects (no store)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from graph.errors import describe_validation_error
from graph.model import (
    Account,
    AccountGraph,
    Assessment,
    Influence,
    Interaction,
    Relationship,
    Stakeholder,
    TeamMember,
    graph_problems,
    merge_bundle,
    reporting_cycle,
    without_stakeholder,
)
from graph.vocabulary import InteractionType, Role, Seniority, Stance
from tests.factories import person, small_org


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("决策者", Role.decision_maker),
        ("拍板人", Role.decision_maker),
        ("Decision Maker", Role.decision_maker),
        ("ECONOMIC-BUYER", Role.economic_buyer),
        ("内线", Role.coach),
        ("守门人", Role.gatekeeper),
    ],
)
def test_roles_accept_english_and_chinese_labels(typed: str, expected: Role) -> None:
    assert person("a", "x", roles=typed).roles == (expected,)


def test_roles_split_on_common_separators_and_deduplicate() -> None:
    assert person("a", "x", roles="教练; user、coach").roles == (Role.user, Role.coach)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("支持者", Stance.supporter),
        ("反对者", Stance.opponent),
        ("+2", Stance.champion),
        ("-1", Stance.skeptic),
    ],
)
def test_stance_accepts_labels_and_scores(typed: str, expected: Stance) -> None:
    assert person("a", "x", stance=typed).stance is expected


def test_stance_scores_run_from_plus_two_to_minus_two() -> None:
    assert [s.score for s in Stance] == [2, 1, 0, -1, -2]


def test_an_unknown_stance_names_every_allowed_value_in_one_line() -> None:
    with pytest.raises(ValidationError) as caught:
        person("a", "x", stance="很支持")
    (line,) = describe_validation_error(caught.value, where="row 14")
    assert line == (
        "row 14: stance: '很支持' is not a stance: did you mean supporter (支持)? "
        "use one of champion, supporter, neutral, "
        "skeptic, opponent (or 拥护者, 支持者, 中立, 怀疑者, 反对者)"
    )


def test_an_unknown_role_is_refused() -> None:
    with pytest.raises(ValidationError, match="'boss' is not a role"):
        person("a", "x", roles="boss")


def test_seniority_and_interaction_types_accept_chinese() -> None:
    assert person("a", "x", seniority="高管").seniority is Seniority.executive
    event = Interaction(account_id="a", date="2026-01-05", stakeholders="x", type="宴请")
    assert event.type is InteractionType.meal


@pytest.mark.parametrize(
    "build",
    [
        lambda: Influence(account_id="a", source="x", target="x"),
        lambda: Influence(account_id="a", source="x", target="y", weight=1.5),
        lambda: Influence(account_id="a", source="x", target="y", weight=float("nan")),
        lambda: Relationship(account_id="a", member="m", stakeholder="x", strength=6),
        lambda: Interaction(account_id="a", date="2026-01-01", stakeholders=(), type="call"),
        lambda: Interaction(account_id="a", date="2026-01-01", stakeholders="x", sentiment=3),
        lambda: Assessment(account_id="a", date="2026-01-01", stakeholder="x", trust=0),
        lambda: Assessment(account_id="a", date="2026-01-01", stakeholder="x"),
        lambda: person("a", "x", reports_to="x"),
        lambda: Stakeholder(account_id="a", id=" ", name=" "),
        lambda: Stakeholder(account_id="a", id="x", name="   "),
        lambda: Account(id="Bad Id!", name="x"),
        lambda: person("a", "x", unknown_field="y"),
    ],
    ids=[
        "self-influence",
        "weight>1",
        "weight-nan",
        "strength>5",
        "interaction-without-people",
        "sentiment>2",
        "score<1",
        "assessment-without-scores",
        "own-manager",
        "empty-id",
        "empty-name",
        "bad-account-id",
        "unknown-field",
    ],
)
def test_out_of_range_values_are_refused(build: object) -> None:
    with pytest.raises(ValidationError):
        build()  # type: ignore[operator]


def test_a_person_without_an_id_is_known_by_their_name() -> None:
    assert Stakeholder(account_id="a", name=" 张伟 ").id == "张伟"
    assert Stakeholder(account_id="a", id="", name="Li Na").id == "Li Na"
    assert TeamMember(account_id="a", id=None, name="Our Rep").id == "Our Rep"
    assert Stakeholder(account_id="a", id="zw", name="张伟").id == "zw"


def test_interaction_without_id_gets_a_stable_content_id() -> None:
    first = Interaction(account_id="a", date="2026-01-01", stakeholders="x;y", note="lunch")
    again = Interaction(account_id="a", date="2026-01-01", stakeholders=("x", "y"), note="lunch")
    other = Interaction(account_id="a", date="2026-01-02", stakeholders=("x", "y"), note="lunch")
    assert first.id == again.id != other.id


def test_reporting_cycle_is_named_in_order() -> None:
    people = [
        person("a", "x", reports_to="y"),
        person("a", "y", reports_to="z"),
        person("a", "z", reports_to="x"),
    ]
    assert reporting_cycle(people) == ["x", "y", "z", "x"]


def test_a_tree_has_no_reporting_cycle() -> None:
    assert reporting_cycle(small_org("a").stakeholders) is None


@given(st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=12))
def test_reporting_lines_pointing_only_upward_never_form_a_cycle(managers: list[int]) -> None:
    # Person i reports to someone with a smaller number: always a forest.
    people = [
        person("a", str(i), reports_to=str(m % i) if i and m % (i + 1) else None)
        for i, m in enumerate(managers)
    ]
    assert reporting_cycle(people) is None


@given(st.integers(min_value=2, max_value=15))
def test_a_ring_of_any_length_is_found(size: int) -> None:
    people = [person("a", str(i), reports_to=str((i + 1) % size)) for i in range(size)]
    cycle = reporting_cycle(people)
    assert cycle is not None and len(cycle) == size + 1 and cycle[0] == cycle[-1]


def test_graph_problems_name_the_missing_reference() -> None:
    graph = AccountGraph(
        account=Account(id="a", name="A"),
        stakeholders=(person("a", "x"),),
        influences=(Influence(account_id="a", source="x", target="ghost"),),
    )
    assert graph_problems(graph) == ["influence 'x' → 'ghost': target 'ghost' is not a stakeholder"]


def test_merge_updates_only_the_fields_given() -> None:
    graph = merge_bundle(AccountGraph(account=Account(id="a", name="A")), small_org("a"))
    update = small_org("a").model_copy(
        update={"stakeholders": (person("a", "zhou", "周敏", stance="champion"),)}
    )
    merged = merge_bundle(graph, update)
    zhou = merged.stakeholder_by_id["zhou"]
    assert zhou.stance is Stance.champion and zhou.title == "CEO"


def test_a_copy_without_a_person_does_not_answer_from_the_original_index() -> None:
    graph = merge_bundle(AccountGraph(account=Account(id="a", name="A")), small_org("a"))
    assert "li" in graph.stakeholder_by_id  # fills the cached index
    without = without_stakeholder(graph, "li")
    assert "li" not in without.stakeholder_by_id
    dangling = without.model_copy(
        update={
            "influences": (
                *without.influences,
                Influence(account_id="a", source="sun", target="li"),
            )
        }
    )
    assert graph_problems(dangling) == ["influence 'sun' → 'li': target 'li' is not a stakeholder"]
