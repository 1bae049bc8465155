"""Deterministic, realistic client organisations for tests and benchmarks (seedable).

Lives under tests/ so the tests need nothing from bench/; bench/ imports it from here.

An organisation of N people: a reporting tree under one executive (departments
of 5–40 people, each with a head), buying roles and seniority in plausible
proportions, influence links mostly inside departments with a few
cross-department bridges (about 2.8 links per person), our team's relationships
skewed toward a few contacts (so single-threading happens), and interactions and
assessments, orders and service tickets over two years (a quarter of accounts
slowing their orders lately). Names mix Chinese and English.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from graph.model import (
    AccountBundle,
    Assessment,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
    TeamMember,
    Ticket,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
ENGLISH = [
    "Smith",
    "Chen",
    "O'Brien",
    "García",
    "Müller",
    "Nguyen",
    "Kim",
    "Patel",
    "Rossi",
    "Novak",
]
DEPARTMENTS = [
    "信息中心",
    "财务部",
    "采购部",
    "运营部",
    "法务部",
    "Engineering",
    "Sales",
    "HR",
    "安全部",
    "战略部",
]


def organisation(
    account_id: str,
    size: int,
    *,
    seed: int = 7,
    as_of: date = date(2026, 11, 23),
    links_per_person: float = 2.8,
) -> AccountBundle:
    """A bundle of `size` stakeholders with team, links, relationships and history."""
    rng = random.Random(seed)

    def name(i: int) -> str:
        if rng.random() < 0.8:
            return (
                rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
            )
        return f"{chr(65 + i % 26)}. {rng.choice(ENGLISH)}"

    people: list[Stakeholder] = [
        Stakeholder(
            account_id=account_id,
            id="p0",
            name=name(0),
            title="CEO",
            seniority="executive",
            roles=("decision_maker",),
            stance="neutral",
            department="总经理办公室",
        )
    ]
    department_of = {"p0": "总经理办公室"}
    heads: list[str] = []
    i = 1
    while i < size:
        department = f"{rng.choice(DEPARTMENTS)}-{len(heads)}"
        head = f"p{i}"
        heads.append(head)
        roles = rng.choice([("economic_buyer",), ("technical_evaluator",), ("influencer",), ()])
        people.append(
            Stakeholder(
                account_id=account_id,
                id=head,
                name=name(i),
                title="Head",
                department=department,
                seniority="executive" if rng.random() < 0.3 else "senior",
                roles=roles,
                stance=rng.choice(["champion", "supporter", "neutral", "skeptic", "opponent"]),
                reports_to="p0",
            )
        )
        department_of[head] = department
        i += 1
        members_here = [head]
        for _ in range(rng.randint(5, 40)):
            if i >= size:
                break
            pid = f"p{i}"
            boss = rng.choice(members_here[:8])
            level = rng.choices(["middle", "junior", "staff"], weights=[3, 3, 4])[0]
            roles = rng.choices(
                [
                    (),
                    ("user",),
                    ("influencer",),
                    ("technical_evaluator",),
                    ("coach",),
                    ("gatekeeper",),
                    ("procurement",),
                ],
                weights=[40, 25, 8, 8, 3, 3, 3],
            )[0]
            people.append(
                Stakeholder(
                    account_id=account_id,
                    id=pid,
                    name=name(i),
                    department=department,
                    seniority=level,
                    roles=roles,
                    reports_to=boss,
                    stance=rng.choices(
                        ["champion", "supporter", "neutral", "skeptic", "opponent"],
                        weights=[1, 3, 6, 2, 1],
                    )[0],
                )
            )
            department_of[pid] = department
            members_here.append(pid)
            i += 1
    by_department: dict[str, list[str]] = {}
    for person in people:
        by_department.setdefault(department_of[person.id], []).append(person.id)
    links: dict[tuple[str, str], Influence] = {}
    ids = [p.id for p in people]
    for _ in range(int(size * links_per_person)):
        source = rng.choice(ids)
        pool = by_department[department_of[source]] if rng.random() < 0.9 else ids
        target = rng.choice(pool)
        if source != target:
            links[(source, target)] = Influence(
                account_id=account_id,
                source=source,
                target=target,
                weight=round(rng.uniform(0.1, 1.0), 2),
                kind=rng.choice(["advice", "trust", "authority"]),
            )
    team = [
        TeamMember(account_id=account_id, id=f"t{k}", name=f"Team {k}", role=role)
        for k, role in enumerate(["rep", "presales", "executive", "service", "rep"])
    ]
    relationships: dict[tuple[str, str], Relationship] = {}
    known = rng.sample(ids, max(1, size // 5))
    for pid in known:
        member = rng.choices(team, weights=[8, 3, 1, 2, 1])[0].id  # the lead rep carries most
        relationships[(member, pid)] = Relationship(
            account_id=account_id,
            member=member,
            stakeholder=pid,
            strength=rng.randint(1, 5),
            last_contact=as_of - timedelta(days=rng.randint(0, 400)),
        )
    interactions = [
        Interaction(
            account_id=account_id,
            date=as_of - timedelta(days=rng.randint(0, 730)),
            member=rel.member,
            stakeholders=(rel.stakeholder,),
            type=rng.choice(["meeting", "visit", "call", "email", "meal"]),
            sentiment=rng.randint(-2, 2),
            note=f"touch {n}",
        )
        for n, rel in enumerate(rng.choices(list(relationships.values()), k=len(relationships) * 2))
    ]
    assessments = {}
    for rel in list(relationships.values())[: max(1, len(relationships) // 2)]:
        for quarter in range(8):
            day = as_of - timedelta(days=91 * quarter + 5)
            item = Assessment(
                account_id=account_id,
                date=day,
                stakeholder=rel.stakeholder,
                member=rel.member,
                trust=rng.randint(1, 5),
                satisfaction=rng.randint(1, 5),
                communication=rng.randint(1, 5),
                loyalty=rng.randint(1, 5),
            )
            assessments[item.id] = item
    # Purchase history over two years: a steady rhythm of 1–3 orders a month; in
    # one account of four the last two quarters slow to a third of it.
    rhythm = rng.uniform(1.0, 3.0)
    slowing = rng.random() < 0.25
    orders = []
    for day_back in range(730, -1, -1):
        rate = rhythm / 30.44 * (0.33 if slowing and day_back < 182 else 1.0)
        if rng.random() < rate:
            orders.append(
                Order(
                    account_id=account_id,
                    id=f"PO-{len(orders) + 1:05d}",
                    date=as_of - timedelta(days=day_back),
                    amount=round(rng.uniform(2_000, 80_000), 2),
                    product=rng.choice(["licence", "support", "training", "hardware"]),
                    stakeholder=rng.choice(ids),
                )
            )
    tickets = [
        Ticket(
            account_id=account_id,
            id=f"T-{k + 1:04d}",
            date=as_of - timedelta(days=rng.randint(0, 365)),
            severity=rng.choices(["low", "medium", "high", "critical"], weights=[5, 4, 2, 1])[0],
            status="open" if rng.random() < 0.15 else "closed",
            subject=f"ticket {k + 1}",
        )
        for k in range(rng.randint(0, max(1, size // 10)))
    ]
    return AccountBundle(
        account_id=account_id,
        stakeholders=tuple(people),
        members=tuple(team),
        influences=tuple(links.values()),
        relationships=tuple(relationships.values()),
        interactions=tuple({e.id: e for e in interactions}.values()),
        assessments=tuple(assessments.values()),
        orders=tuple(orders),
        tickets=tuple(tickets),
    )
