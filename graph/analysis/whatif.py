"""What-if: the account as it would be without someone, and what that costs.

Removing a stakeholder (they left the client) recomputes power without them and
their links; removing a team member (they left us) drops their relationships.
Coverage before and after and the gaps that open or close are compared; a gap is
the same gap when its kind, person and member match.
"""

from __future__ import annotations

from graph.analysis import wording
from graph.analysis.coverage import coverage
from graph.analysis.params import AnalysisParams
from graph.analysis.power import power_scores
from graph.analysis.results import Gap, WhatIf
from graph.errors import NotFound
from graph.model import AccountGraph, without_member, without_stakeholder


def gap_key(gap: Gap) -> tuple[str, str | None, str | None, str]:
    # Missing-role gaps differ only by the role, which the explanation names.
    return (
        gap.kind,
        gap.stakeholder,
        gap.member,
        gap.explanation if gap.kind == "missing_role" else "",
    )


def what_if_removed(
    graph: AccountGraph,
    *,
    stakeholder: str | None = None,
    member: str | None = None,
    params: AnalysisParams | None = None,
) -> WhatIf:
    """Coverage and gaps before and after removing one stakeholder or one team member."""
    params = params or AnalysisParams()
    if (stakeholder is None) == (member is None):
        raise ValueError("remove exactly one of stakeholder or member")
    if stakeholder is not None:
        if stakeholder not in graph.stakeholder_by_id:
            raise NotFound(
                f"no stakeholder or team member {stakeholder!r} in account {graph.account.id!r}"
            )
        after_graph, removed, kind = (
            without_stakeholder(graph, stakeholder),
            stakeholder,
            "stakeholder",
        )
        name = graph.stakeholder_by_id[stakeholder].name
    else:
        assert member is not None
        if member not in graph.member_by_id:
            raise NotFound(
                f"no stakeholder or team member {member!r} in account {graph.account.id!r}"
            )
        after_graph, removed, kind = without_member(graph, member), member, "member"
        name = graph.member_by_id[member].name
    before = coverage(graph, power_scores(graph, params), params)
    after = coverage(after_graph, power_scores(after_graph, params), params)
    before_keys = {gap_key(g) for g in before.gaps}
    after_keys = {gap_key(g) for g in after.gaps}
    opened = [g for g in after.gaps if gap_key(g) not in before_keys]
    closed = [g for g in before.gaps if gap_key(g) not in after_keys]
    change = after.score - before.score
    explanation = wording.say(
        params.lang,
        "what_if",
        name=name,
        before=before.score,
        after=after.score,
        change=change,
        opened=len(opened),
        closed=len(closed),
    )
    return WhatIf(
        removed=removed,
        removed_kind=kind,
        coverage_before=before.score,
        coverage_after=after.score,
        gaps_opened=opened,
        gaps_closed=closed,
        explanation=explanation,
    )
