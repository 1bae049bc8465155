"""Deals, committees, bodies, 分管 lines and competitors on `small_org`'s people
(tests/factories.py), for the store contract, imports and exports."""

from __future__ import annotations

from datetime import date

from graph.model import (
    AccountBundle,
    CommitteeMember,
    Competitor,
    CompetitorTie,
    Deal,
    DecisionBody,
    Supervision,
)
from tests.factories import HOSTILE_TEXTS, small_org


def deals_of(account: str) -> AccountBundle:
    """Two deals (an IT system at 方案, an equipment tender at 评标), their
    committees (li is technical evaluator on one and user on the other), a 评标委员会
    of 7 seats of which 2 are known, one 分管 line and a competitor close to wang.
    The bundle holds only these kinds; `small_org` holds the people."""
    return AccountBundle(
        account_id=account,
        competitors=(
            Competitor(account_id=account, id="rival", name="对手科技", notes="incumbent"),
            Competitor(account_id=account, id="other", name="Other Ltd"),
        ),
        deals=(
            Deal(
                account_id=account,
                id="his",
                name="医院信息系统",
                stage="方案",
                amount=2_400_000.0,
                expected_close=date(2027, 3, 31),
                owner="rep-1",
                competitors=("rival",),
                pain="挂号排队太长",
            ),
            Deal(
                account_id=account,
                id="ct",
                name="CT 设备招标",
                stage="评标",
                amount=8_000_000.5,
                currency="USD",
                status="open",
                competitors=("rival", "other"),
                paper_process="公开招标 → 合同会签",
            ),
        ),
        committee=(
            CommitteeMember(
                account_id=account,
                deal="his",
                stakeholder="li",
                roles="technical_evaluator",
                stance="supporter",
                notes="wants HL7",
                pain="旧系统宕机",
            ),
            CommitteeMember(
                account_id=account, deal="his", stakeholder="zhou", roles="decision_maker"
            ),
            CommitteeMember(
                account_id=account, deal="ct", stakeholder="li", roles="user", stance="skeptic"
            ),
            CommitteeMember(account_id=account, deal="ct", stakeholder="wang"),
        ),
        bodies=(
            DecisionBody(
                account_id=account,
                id="eval",
                name="评标委员会",
                kind="评标委员会",
                members=("wang", "li"),
                chair="wang",
                size=7,
                stages=("评标",),
                deals=("ct",),
            ),
            DecisionBody(
                account_id=account,
                id="office",
                name="院长办公会",
                kind="executive_meeting",
                members=("zhou", "wang"),
            ),
        ),
        supervisions=(
            Supervision(account_id=account, leader="wang", stakeholder="li", area="信息化"),
        ),
        competitor_ties=(
            CompetitorTie(
                account_id=account,
                competitor="rival",
                stakeholder="wang",
                strength=4,
                note="老同学",
            ),
        ),
    )


def deal_org(account: str) -> AccountBundle:
    """`small_org` with `deals_of` in one bundle."""
    people, deals = small_org(account), deals_of(account)
    return people.model_copy(update={kind.collection: deals.entities(kind) for kind in DEAL_KINDS})


DEAL_KINDS = (Competitor, Deal, CommitteeMember, DecisionBody, Supervision, CompetitorTie)
"""The kinds issue 21 added, in the order they are written."""


def hostile_deal_org(account: str) -> AccountBundle:
    """`deal_org` with the text of every deal kind replaced by hostile text
    (tests/factories.py `HOSTILE_TEXTS`): markup, template, Cypher and formula bait."""
    texts = iter(HOSTILE_TEXTS * 20)
    fields = {
        Competitor: ("name", "notes"),
        Deal: ("name", "pain", "metrics", "paper_process"),
        CommitteeMember: ("notes", "pain"),
        DecisionBody: ("name",),
        Supervision: ("area",),
        CompetitorTie: ("note",),
    }
    bundle = deal_org(account)
    return bundle.model_copy(
        update={
            kind.collection: tuple(
                kind.model_validate(
                    {
                        **entity.model_dump(),
                        **{name: f"=1+1 {next(texts)}" for name in fields[kind]},
                    }
                )
                for entity in bundle.entities(kind)
            )
            for kind in DEAL_KINDS
        }
    )
