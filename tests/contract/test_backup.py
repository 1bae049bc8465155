"""Backup and restore: SQLite → real Neo4j → backup again gives the same document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.analysis.account import analyze_account
from graph.backup import backup_document, restore_document
from graph.errors import InvalidInput
from graph.model import Account
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.deal_samples import deal_org
from tests.factories import hostile_org, small_org


def _fill(store: GraphStore) -> str:
    token = new_token()
    store.add_user(User(id="liu", name="刘洋", role=UserRole.rep), token_hash(token))
    store.add_user(User(id="boss", role=UserRole.manager), token_hash(new_token()))
    store.upsert_account(Account(id="acme", name="Acme 集团", owner="liu", team=("liu",)))
    store.bulk_upsert(deal_org("acme"))
    hostile = hostile_org("hostile")
    store.upsert_account(hostile.account)
    store.bulk_upsert(
        small_org("hostile").model_copy(update={"stakeholders": hostile.stakeholders})
    )
    store.upsert_account(Account(id="empty", name="Nothing yet", stages="立项 → 谈判中 → 签约"))
    return token


@pytest.mark.neo4j
def test_sqlite_backup_restores_into_neo4j_exactly(
    sqlite_store: SQLiteStore, neo4j_store: Neo4jStore
) -> None:
    token = _fill(sqlite_store)
    first = backup_document(sqlite_store)
    assert restore_document(neo4j_store, json.loads(json.dumps(first))) == (2, 3)
    second = backup_document(neo4j_store)
    assert second == first
    for account in ("acme", "hostile", "empty"):
        assert sqlite_store.account_version(account) == neo4j_store.account_version(account)
        assert analyze_account(neo4j_store.account_graph(account)) == analyze_account(
            sqlite_store.account_graph(account)
        )
    # tokens keep working after the move
    assert neo4j_store.user_for_token(token_hash(token)) == User(id="liu", name="刘洋", role="rep")


def test_restore_needs_an_empty_store_and_a_sound_backup(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    _fill(sqlite_store)
    document = backup_document(sqlite_store)
    with pytest.raises(InvalidInput, match="restore needs an empty store"):
        restore_document(sqlite_store, document)
    empty = SQLiteStore(tmp_path / "empty.db")
    damaged = json.loads(json.dumps(document))
    damaged["accounts"][0]["influences"][0]["target"] = "nobody"
    with pytest.raises(InvalidInput, match="nobody"):
        restore_document(empty, damaged)
    assert empty.list_accounts() == [] and empty.list_users() == []  # nothing was written
    with pytest.raises(InvalidInput, match="not a stakegraph backup"):
        restore_document(empty, {"accounts": []})
