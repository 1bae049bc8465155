"""What changed in the deals, in sentences (the diff between two moments)."""

from __future__ import annotations

from graph.analysis.changes import deal_changes
from graph.model import AccountGraph, CommitteeMember, CompetitorTie, Deal
from graph.vocabulary import DealStatus
from tests.deal_samples import deal_org
from tests.factories import graph_of


def _moved() -> tuple[AccountGraph, AccountGraph]:
    before = graph_of(deal_org("acme"))
    his = before.deals[1]
    ct = before.deals[0]
    after = before.replace(
        Deal,
        [
            his.model_copy(update={"stage": "budget"}),
            ct.model_copy(update={"status": DealStatus.won}),
            Deal(account_id="acme", id="lab", name="检验科 LIS", stage="立项"),
        ],
    )
    seats = [s for s in after.committee if s.key != ("ct", "wang")]
    seats.append(CommitteeMember(account_id="acme", deal="his", stakeholder="sun", roles="coach"))
    after = after.replace(CommitteeMember, seats)
    after = after.replace(
        CompetitorTie,
        [
            after.competitor_ties[0].model_copy(update={"strength": 2}),
            CompetitorTie(account_id="acme", competitor="other", stakeholder="li", strength=3),
        ],
    )
    return before, after


def test_deal_changes_are_said_in_english() -> None:
    before, after = _moved()
    assert deal_changes(before, after) == [
        "deal 检验科 LIS was added at initiation",
        "deal CT 设备招标 is now won",
        "deal 医院信息系统 moved from solution to budget",
        "Sun Hao joined the committee of 医院信息系统 (coach)",
        "王伟 left the committee of CT 设备招标",
        "Other Ltd's relationship with 李娜 went from 0 to 3 (of 5)",
        "对手科技's relationship with 王伟 went from 4 to 2 (of 5)",
    ]


def test_deal_changes_are_said_in_chinese_with_the_ladders_labels() -> None:
    before, after = _moved()
    said = deal_changes(before, after, "zh")
    assert said[:3] == [
        "新增商机 检验科 LIS（立项）",
        "商机 CT 设备招标 现为赢单",
        "商机 医院信息系统 从方案阶段推进到预算阶段",
    ]
    assert "王伟 离开商机 CT 设备招标 的采购决策小组" in said


def test_nothing_changed_says_nothing() -> None:
    graph = graph_of(deal_org("acme"))
    assert deal_changes(graph, graph) == []


def test_the_account_diff_includes_the_deal_sentences() -> None:
    from datetime import UTC, datetime

    from graph.analysis.changes import account_changes

    before, after = _moved()
    found = account_changes(
        before,
        after,
        since=datetime(2026, 9, 30, tzinfo=UTC),
        until=datetime(2026, 11, 23, tzinfo=UTC),
    )
    assert "deal 医院信息系统 moved from solution to budget" in found.changes
