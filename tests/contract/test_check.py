"""`stakegraph check` finds what direct edits of the database broke, on both stores."""

from __future__ import annotations

import json
import sqlite3

import pytest

from graph.integrity import integrity_problems
from graph.model import Account
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from tests.factories import small_org


@pytest.fixture
def filled(store: GraphStore) -> GraphStore:
    store.upsert_account(Account(id="acme", name="Acme"))
    store.bulk_upsert(small_org("acme"))
    store.upsert_account(Account(id="clean", name="Clean"))
    store.bulk_upsert(small_org("clean"))
    return store


def _break(store: GraphStore) -> None:
    """Behind stakegraph's back: a dangling relationship, a reporting cycle, a person twice."""
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            db.execute(
                "INSERT INTO relationships (account_id, key, data) VALUES (?, ?, ?)",
                (
                    "acme",
                    json.dumps(["rep-1", "ghost"]),
                    json.dumps(
                        {
                            "account_id": "acme",
                            "member": "rep-1",
                            "stakeholder": "ghost",
                            "strength": 3,
                        }
                    ),
                ),
            )
            row = db.execute(
                "SELECT data FROM stakeholders WHERE account_id = 'acme' AND key = ?",
                (json.dumps(["zhou"]),),
            ).fetchone()
            zhou = json.loads(row[0]) | {"reports_to": "sun"}
            db.execute(
                "UPDATE stakeholders SET data = ? WHERE account_id = 'acme' AND key = ?",
                (json.dumps(zhou), json.dumps(["zhou"])),
            )
        return
    assert isinstance(store, Neo4jStore)
    driver = store._driver  # a user's own Cypher session
    driver.execute_query(
        "MATCH (z:Stakeholder {account_id: 'acme', id: 'zhou'}), (s:Stakeholder {account_id: 'acme', id: 'sun'}) "
        "CREATE (z)-[:REPORTS_TO]->(s)"
    )
    driver.execute_query(
        "MATCH (t:TeamMember {account_id: 'acme', id: 'rep-1'}), (o:Stakeholder {account_id: 'clean', id: 'wang'}) "
        "CREATE (t)-[:RELATES_TO {strength: 3}]->(o)"
    )


def test_a_clean_store_has_no_problems(filled: GraphStore) -> None:
    assert integrity_problems(filled) == {}


def test_direct_edits_are_found_and_named(filled: GraphStore) -> None:
    _break(filled)
    problems = integrity_problems(filled)
    assert list(problems) == ["acme"]  # the other account is untouched
    text = "\n".join(problems["acme"])
    assert "reporting lines form a cycle" in text and "zhou" in text and "sun" in text
    if isinstance(filled, SQLiteStore):
        assert "stakeholder 'ghost' is not a stakeholder" in text
    else:
        # an edge into another account's person: read as a relationship with someone not here
        assert (
            "RELATES_TO edge from TeamMember 'rep-1' to Stakeholder 'wang' of account 'clean'"
            in text
        )


def _invalidate_a_person(store: GraphStore) -> None:
    """Behind stakegraph's back: a person whose id can never be a URL segment."""
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            row = db.execute(
                "SELECT data FROM stakeholders WHERE account_id = 'acme' AND key = ?",
                (json.dumps(["zhou"]),),
            ).fetchone()
            db.execute(
                "UPDATE stakeholders SET data = ? WHERE account_id = 'acme' AND key = ?",
                (json.dumps(json.loads(row[0]) | {"id": ".."}), json.dumps(["zhou"])),
            )
        return
    assert isinstance(store, Neo4jStore)
    store._driver.execute_query(
        "MATCH (z:Stakeholder {account_id: 'acme', id: 'zhou'}) SET z.id = '..'"
    )


def test_stored_data_that_no_longer_validates_is_one_line_never_a_500(
    filled: GraphStore, tmp_path: object
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from graph.users import User, UserRole, new_token, token_hash

    token = new_token()
    filled.add_user(User(id="root", role=UserRole.admin), token_hash(token))
    _invalidate_a_person(filled)
    assert "acme" in integrity_problems(filled)
    with TestClient(create_app(store=filled), raise_server_exceptions=False) as client:
        answer = client.get(
            "/api/v1/accounts/acme/analysis", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 503
        assert "no longer validates" in answer.json()["error"]
        assert "stakegraph check" in answer.json()["error"]
        clean = client.get(
            "/api/v1/accounts/clean/analysis", headers={"Authorization": f"Bearer {token}"}
        )
        assert clean.status_code == 200  # the other account is served as before


def test_deals_are_checked_and_hand_drawn_neo4j_edges_are_found(store: GraphStore) -> None:
    from tests.deal_samples import deal_org

    store.upsert_account(Account(id="acme", name="Acme"))
    store.bulk_upsert(deal_org("acme"))
    assert integrity_problems(store) == {}
    if isinstance(store, SQLiteStore):
        with sqlite3.connect(store.path) as db:
            db.execute(
                "INSERT INTO committee (account_id, key, data) VALUES (?, ?, ?)",
                (
                    "acme",
                    json.dumps(["gone", "li"]),
                    json.dumps({"account_id": "acme", "deal": "gone", "stakeholder": "li"}),
                ),
            )
        assert integrity_problems(store) == {"acme": ["committee of 'gone': 'gone' is not a deal"]}
        return
    assert isinstance(store, Neo4jStore)
    store._driver.execute_query(
        "MATCH (s:Stakeholder {account_id: 'acme', id: 'chen'}), "
        "(b:DecisionBody {account_id: 'acme', id: 'eval'}) CREATE (s)-[:MEMBER_OF]->(b)"
    )
    store._driver.execute_query(
        "MATCH (:Deal {account_id: 'acme', id: 'his'})-[r:OWNED_BY]->() DELETE r"
    )
    assert integrity_problems(store) == {
        "acme": [
            "deal 'his': names 'rep-1' but no OWNED_BY edge joins them",
            "body 'eval': MEMBER_OF edge with 'chen' is not in its properties "
            "(stakegraph does not see it)",
        ]
    }
