"""Small, explicit sample organisations for tests (what they hold is visible here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    AccountBundle,
    AccountGraph,
    Assessment,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
    TeamMember,
    Ticket,
    merge_bundle,
)


def person(account: str, id: str, name: str | None = None, **fields: object) -> Stakeholder:
    return Stakeholder.model_validate(
        {"account_id": account, "id": id, "name": name or id, **fields}
    )


def small_org(account: str) -> AccountBundle:
    """A five-person buying committee, two of our team, every kind of entity.

    zhou (CEO, decision maker) ← wang (CFO, economic buyer) ← li (IT head, evaluator)
    li ← sun (engineer, user, our coach); chen (procurement) reports to wang.
    """
    return AccountBundle(
        account_id=account,
        stakeholders=(
            person(
                account,
                "zhou",
                "周敏",
                title="CEO",
                seniority="executive",
                roles="decision_maker",
                stance="skeptic",
            ),
            person(
                account,
                "wang",
                "王伟",
                title="CFO",
                seniority="executive",
                roles="economic_buyer",
                reports_to="zhou",
            ),
            person(
                account,
                "li",
                "李娜",
                title="Head of IT",
                seniority="senior",
                roles="technical_evaluator;influencer",
                stance="supporter",
                reports_to="zhou",
            ),
            person(
                account,
                "sun",
                "Sun Hao",
                title="Engineer",
                seniority="staff",
                roles="user;coach",
                stance="champion",
                reports_to="li",
            ),
            person(
                account,
                "chen",
                "Chen O'Brien",
                title="Buyer",
                seniority="middle",
                roles="procurement",
                reports_to="wang",
            ),
        ),
        members=(
            TeamMember(account_id=account, id="rep-1", name="Our Rep", role="rep"),
            TeamMember(account_id=account, id="se-1", name="Our Engineer", role="presales"),
        ),
        influences=(
            Influence(
                account_id=account, source="wang", target="zhou", weight=0.9, kind="authority"
            ),
            Influence(account_id=account, source="li", target="zhou", weight=0.6, kind="advice"),
            Influence(account_id=account, source="sun", target="li", weight=0.7, kind="trust"),
        ),
        relationships=(
            Relationship(
                account_id=account,
                member="rep-1",
                stakeholder="sun",
                strength=4,
                last_contact=date(2026, 10, 1),
            ),
            Relationship(
                account_id=account,
                member="se-1",
                stakeholder="li",
                strength=3,
                last_contact=date(2026, 9, 15),
            ),
        ),
        interactions=(
            Interaction(
                account_id=account,
                date=date(2026, 10, 1),
                member="rep-1",
                stakeholders=("sun", "li"),
                type="meeting",
                sentiment=1,
                note="demo went well",
            ),
        ),
        assessments=(
            Assessment(
                account_id=account,
                date=date(2026, 9, 30),
                stakeholder="li",
                member="se-1",
                trust=4,
                satisfaction=3,
                communication=4,
                loyalty=3,
            ),
        ),
        orders=(
            Order(
                account_id=account,
                id="PO-1",
                date=date(2026, 3, 2),
                amount=120000.0,
                product="Platform licence",
                stakeholder="wang",
            ),
            Order(account_id=account, date=date(2026, 9, 1), amount=8000.5, product="Support"),
        ),
        tickets=(
            Ticket(
                account_id=account,
                id="T-7",
                date=date(2026, 10, 12),
                severity="high",
                status="open",
                subject="Nightly sync fails",
            ),
        ),
    )


def account_graph(**kinds: object) -> AccountGraph:
    """Account `a` holding exactly the entities given (`stakeholders=…`, `orders=…`)."""
    return AccountGraph.model_validate({"account": Account(id="a", name="A"), **kinds})


def graph_of(bundle: AccountBundle, account: Account | None = None) -> AccountGraph:
    """The account graph a store would hold after importing `bundle` into a new account."""
    account = account or Account(id=bundle.account_id, name=f"Account {bundle.account_id}")
    return merge_bundle(AccountGraph(account=account), bundle).sorted()


HOSTILE_TEXTS = (
    "<img src=x onerror=\"window.__pwned='img'\">",
    "</script><script>window.__pwned='script'</script>",
    "\"><svg onload=window.__pwned='svg'>",
    "<a href=\"javascript:window.__pwned='href'\">href</a>",
    "{{ 7*7 }} ${account} $rows $account '; MATCH (n) DETACH DELETE n //",
    "x\\' \u2028 \\u003c !--<!-- ]]> &amp; &lt;b&gt;",
)
"""Text that would run script, break out of JSON, a template or a Cypher literal
if any view treated it as markup or code."""


def hostile_org(account: str) -> AccountGraph:
    """`small_org` with every piece of user text replaced by hostile text."""
    texts = iter(HOSTILE_TEXTS * 20)
    bundle = small_org(account)

    def hostile(entity: Any, fields: tuple[str, ...]) -> Any:
        # Validated, so the text is what the model stores (graph/text.py normalises it).
        updates = {name: f"{next(texts)} {entity.key[0]}" for name in fields}
        return type(entity).model_validate({**entity.model_dump(), **updates})

    hostile_bundle = bundle.model_copy(
        update={
            "stakeholders": tuple(
                hostile(p, ("name", "title", "department", "email", "phone", "notes", "priorities"))
                for p in bundle.stakeholders
            ),
            "members": tuple(hostile(m, ("name", "email")) for m in bundle.members),
            "interactions": tuple(hostile(i, ("note",)) for i in bundle.interactions),
            "orders": tuple(hostile(o, ("product",)) for o in bundle.orders),
            "tickets": tuple(hostile(t, ("subject",)) for t in bundle.tickets),
        }
    )
    return graph_of(hostile_bundle, Account(id=account, name=HOSTILE_TEXTS[0]))


HOSPITAL_DAY = date(2026, 11, 23)
"""The day `hospital()`'s relationships are dated from (its tests analyse on it)."""


def hospital(account: str = "renhe") -> AccountGraph:
    """仁和医院 with two deals, hand-computable (tests/analysis/test_deals.py).

    No influence links and no reporting lines: the one link is a 分管 line, zhao
    (副院长) 分管 sun (信息科). Deals: `his` (智慧医院信息系统, at 方案) and `ct`
    (64排CT, at 评标, decided by the 7-seat 评标委员会 `pb`, of which li, chen and
    zheng are known). The 院长办公会 `exec` (wang chairs, zhao, qian) decides every
    deal at its kind's stages (立项, 预算, 合同). li is the user on `his` and the
    decision maker on `ct`; the competitor 华信科技 is close to li (4/5) and wu (2/5).
    """
    day = HOSPITAL_DAY

    def ago(days: int) -> date:
        return date.fromordinal(day.toordinal() - days)

    people = (
        person(account, "wang", "王院长", title="院长", seniority="executive", roles="decision_maker"),
        person(account, "qian", "钱丽", title="总会计师", seniority="senior", roles="economic_buyer"),
        person(account, "zhao", "赵副院长", title="副院长", seniority="senior", stance="supporter"),
        person(
            account, "sun", "孙主任", title="信息科主任", seniority="senior",
            roles="technical_evaluator", stance="champion",
        ),
        person(account, "li", "李主任", title="设备科主任", seniority="middle", roles="technical_evaluator"),
        person(account, "zhou", "周护士长", title="护士长", seniority="junior", roles="user", stance="supporter"),
        person(account, "wu", "吴干事", title="采购办", seniority="junior", roles="procurement"),
        person(account, "zheng", "郑教授", title="评标专家"),
        person(account, "chen", "陈医生", title="放射科医生", seniority="middle", roles="user"),
    )
    graph = AccountGraph.model_validate(
        {
            "account": Account(id=account, name="仁和医院", owner="m1"),
            "stakeholders": people,
            "members": (
                TeamMember(account_id=account, id="m1", name="刘洋"),
                TeamMember(account_id=account, id="m2", name="陈工", role="presales"),
            ),
            "relationships": tuple(
                Relationship(
                    account_id=account, member=m, stakeholder=s, strength=k, last_contact=ago(d)
                )
                for m, s, k, d in (
                    ("m1", "sun", 4, 10),
                    ("m1", "qian", 1, 200),
                    ("m2", "li", 3, 30),
                    ("m2", "chen", 2, 20),
                    ("m1", "zhao", 3, 40),
                    ("m1", "wang", 2, 100),
                )
            ),
            "supervisions": (
                {"account_id": account, "leader": "zhao", "stakeholder": "sun", "area": "信息化"},
            ),
            "competitors": ({"account_id": account, "id": "rival", "name": "华信科技"},),
            "competitor_ties": (
                {"account_id": account, "competitor": "rival", "stakeholder": "li", "strength": 4},
                {"account_id": account, "competitor": "rival", "stakeholder": "wu", "strength": 2},
            ),
            "deals": (
                {
                    "account_id": account, "id": "his", "name": "智慧医院信息系统", "stage": "方案",
                    "amount": 3_000_000, "owner": "m1", "competitors": "rival",
                    "metrics": "门诊等候时间缩短30%", "decision_criteria": "支持电子病历五级评审",
                    "pain": "门诊排队时间长",
                },
                {
                    "account_id": account, "id": "ct", "name": "64排CT设备采购", "stage": "评标",
                    "amount": 8_000_000, "owner": "m1", "competitors": "rival",
                    "metrics": "提高检查效率", "decision_process": "院长办公会审议评标结果后定标",
                },
            ),
            "committee": tuple(
                {"account_id": account, "deal": deal, "stakeholder": who, **seat}
                for deal, who, seat in (
                    ("his", "zhao", {"roles": "decision_maker"}),
                    ("his", "qian", {}),
                    ("his", "sun", {"roles": "technical_evaluator;coach", "pain": "旧系统频繁宕机"}),
                    ("his", "li", {"roles": "user"}),
                    ("his", "zhou", {}),
                    ("ct", "wang", {}),
                    ("ct", "qian", {}),
                    ("ct", "li", {"roles": "decision_maker"}),
                    ("ct", "chen", {"pain": "现有CT排期两周"}),
                    ("ct", "wu", {}),
                )
            ),
            "bodies": (
                {
                    "account_id": account, "id": "pb", "name": "评标委员会", "kind": "评标委员会",
                    "members": "li;chen;zheng", "chair": "li", "size": 7, "stages": "评标",
                    "deals": "ct",
                },
                {
                    "account_id": account, "id": "exec", "name": "院长办公会", "kind": "院长办公会",
                    "members": "wang;zhao;qian", "chair": "wang",
                },
            ),
        }
    )
    return graph.sorted()


def bundle_of(graph: AccountGraph) -> AccountBundle:
    """Everything `graph` holds, as one bundle to write into a store."""
    return AccountBundle(
        account_id=graph.account.id,
        **{kind.collection: graph.entities(kind) for kind in ACCOUNT_ENTITIES},
    )
