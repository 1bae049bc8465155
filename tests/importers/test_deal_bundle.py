"""Deals in the import bundle: deals.csv, committee.csv, bodies.csv, supervises.csv (分管),
competitors.csv and competitor_ties.csv, with Chinese headers, as CSV files and as
sheets of one workbook; references by id or unique name; bad rows named."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from api.services.importing import import_file
from graph.model import (
    Account,
    AccountBundle,
    CommitteeMember,
    Competitor,
    CompetitorTie,
    Deal,
    DecisionBody,
    Supervision,
)
from graph.store import GraphStore
from importers.bundle import read_bundle
from tests.deal_samples import DEAL_KINDS

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "deals_zh"

EXPECTED = AccountBundle(
    account_id="h",
    competitors=(
        Competitor(account_id="h", name="对手科技", notes="现有供应商"),
        Competitor(account_id="h", name="某医疗", notes="CT 厂商"),
    ),
    deals=(
        Deal(
            account_id="h",
            id="his",
            name="医院信息系统",
            stage="solution",
            amount=2_400_000,
            currency="CNY",
            expected_close=date(2027, 3, 31),
            status="open",
            owner="王销售",
            competitors=("对手科技",),
            pain="挂号排队太长",
        ),
        Deal(
            account_id="h",
            id="ct",
            name="CT 设备招标",
            stage="evaluation",
            amount=8_000_000,
            expected_close=date(2026, 12, 20),
            status="open",
            competitors=("对手科技", "某医疗"),
        ),
    ),
    committee=(
        CommitteeMember(
            account_id="h",
            deal="his",
            stakeholder="李娜",
            roles="decision_maker",
            stance="supporter",
            notes="要 HL7 接口",
        ),
        CommitteeMember(account_id="h", deal="his", stakeholder="张院长", roles="decision_maker"),
        CommitteeMember(
            account_id="h", deal="ct", stakeholder="李娜", roles="user", stance="skeptic"
        ),
        CommitteeMember(
            account_id="h",
            deal="ct",
            stakeholder="赵敏",
            roles="procurement;gatekeeper",
            stance="neutral",
            notes="负责招标文件",
        ),
    ),
    bodies=(
        DecisionBody(
            account_id="h",
            name="评标委员会",
            kind="evaluation_committee",
            members=("赵敏", "李娜"),
            chair="赵敏",
            size=7,
            stages=("evaluation",),
            deals=("ct",),
        ),
        DecisionBody(
            account_id="h",
            name="院长办公会",
            kind="executive_meeting",
            members=("张院长", "钱丽"),
            chair="张院长",
            stages=("initiation", "budget"),
        ),
    ),
    supervisions=(
        Supervision(account_id="h", leader="钱丽", stakeholder="李娜", area="信息化"),
        Supervision(account_id="h", leader="钱丽", stakeholder="赵敏", area="设备采购"),
    ),
    competitor_ties=(
        CompetitorTie(
            account_id="h", competitor="对手科技", stakeholder="钱丽", strength=4, note="老同学"
        ),
    ),
)


def _deal_kinds(bundle: AccountBundle | None) -> dict[str, tuple[object, ...]]:
    assert bundle is not None
    return {kind.collection: bundle.entities(kind) for kind in DEAL_KINDS}


def test_the_chinese_deal_files_read_into_exactly_the_expected_entities() -> None:
    result = read_bundle(SAMPLE, account_id="h")
    assert [str(e) for e in result.report.errors] == []
    assert result.report.warnings == []
    # The committee names its deals by name (医院信息系统 → his), people by name.
    assert _deal_kinds(result.bundle) == _deal_kinds(EXPECTED)


def test_the_same_files_as_sheets_of_one_workbook_read_the_same(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for path in sorted(SAMPLE.glob("*.csv")):
        sheet = workbook.create_sheet(path.stem)
        for line in path.read_text(encoding="utf-8").splitlines():
            sheet.append(line.split(","))
    workbook.save(tmp_path / "医院.xlsx")
    result = read_bundle(tmp_path / "医院.xlsx", account_id="h")
    assert [str(e) for e in result.report.errors] == []
    assert _deal_kinds(result.bundle) == _deal_kinds(EXPECTED)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_bad_deal_rows_are_each_named_by_file_row_and_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "deals.csv").write_text(
        "编号,商机/项目,阶段,金额,币种,预计成交日期\n"
        "his,医院信息系统,方案,两百万,CNY,2027/3/31\n"
        "ct,CT 设备招标,评标,100,yuan,明年\n",
        encoding="utf-8",
    )
    (folder / "competitor_ties.csv").write_text(
        "竞争对手,干系人,关系强度\n对手科技,钱丽,9\n", encoding="utf-8"
    )
    (folder / "bodies.csv").write_text(
        "机构,成员,主任,席位数\n评标委员会,赵敏;李娜,孙浩,1\n", encoding="utf-8"
    )
    result = read_bundle(folder, account_id="h")
    assert result.bundle is None
    lines = [str(error) for error in result.report.errors]
    assert lines == [
        "bodies.csv row 2: chair '孙浩' is not one of the members",
        "competitor_ties.csv row 2, column 关系强度: Input should be less than or equal to 5",
        "deals.csv row 2, column 金额: Input should be a valid number, unable to parse string as a number",
        "deals.csv row 3, column 预计成交日期: '明年' is not a date: write it year first "
        "(2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日), an Excel date, or 5 Mar 2024",
        "deals.csv row 3, column 币种: 'yuan' is not a currency: use a 3-letter code such as CNY",
    ]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_committee_file_alone_joins_deals_already_stored_and_names_the_unknown_one(
    store: GraphStore, tmp_path: Path
) -> None:
    report = import_file(store, SAMPLE, account_id="h", new_account=Account(id="h", name="医院"))
    assert report.errors == [] and report.written
    graph = store.account_graph("h")
    assert {d.id for d in graph.deals} == {"his", "ct"}
    assert len(graph.committee) == 4 and len(graph.bodies) == 2
    later = tmp_path / "later"
    later.mkdir()
    (later / "stakeholders.csv").write_text("姓名\n孙浩\n", encoding="utf-8")
    (later / "committee.csv").write_text(
        "商机,姓名,角色\nhis,孙浩,教练\n没有的项目,孙浩,使用者\n", encoding="utf-8"
    )
    refused = import_file(store, later, account_id="h")
    assert [str(e) for e in refused.errors] == [
        "committee.csv row 3, column 商机: '没有的项目' is not a deal in this import or in the account"
    ]
    (later / "committee.csv").write_text("商机,姓名,角色\nhis,孙浩,教练\n", encoding="utf-8")
    assert import_file(store, later, account_id="h").errors == []
    assert ("his", "孙浩") in {seat.key for seat in store.account_graph("h").committee}


def test_the_demo_account_holds_two_deals_a_bid_committee_a_line_and_a_rival() -> None:
    demo = Path(__file__).resolve().parents[2] / "importers" / "demo"
    result = read_bundle(demo, account_id="demo")
    assert result.report.errors == [] and result.bundle is not None
    bundle = result.bundle
    assert {(d.id, d.stage, d.owner) for d in bundle.deals} == {
        ("dispatch", "solution", "rep-liu"),
        ("meters", "evaluation", "rep-liu"),
    }
    [body] = bundle.bodies
    assert (body.kind, body.members, body.chair, body.seats) == (
        "evaluation_committee",
        ("wu-jun", "chen-jie"),
        "wu-jun",
        7,
    )
    seats = {seat.key: seat.roles for seat in bundle.committee}
    # 孙浩 evaluates the dispatch system and uses the meters.
    assert seats[("dispatch", "sun-hao")] == ("technical_evaluator",)
    assert seats[("meters", "sun-hao")] == ("user",)
    assert [(s.leader, s.stakeholder) for s in bundle.supervisions] == [("zhou-min", "sun-hao")]
    assert [(t.competitor, t.stakeholder, t.strength) for t in bundle.competitor_ties] == [
        ("incumbent", "zhou-min", 4)
    ]
