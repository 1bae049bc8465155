"""Small, explicit sample organisations for tests (what they hold is visible here)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import (
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
