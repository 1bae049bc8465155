"""An SQLite file of an earlier schema opens in this stakegraph, keeping its data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from graph.model import Account
from graph.store.sqlite import SCHEMA_VERSION, SQLiteStore
from tests.deal_samples import DEAL_KINDS, deal_org
from tests.factories import small_org


def _schema_2_file(path: Path) -> None:
    """A file as stakegraph wrote it at schema 2: every table but those of deals."""
    store = SQLiteStore(path)
    store.upsert_account(Account(id="acme", name="Acme"))
    store.bulk_upsert(small_org("acme"))
    store.close()
    with sqlite3.connect(path) as conn:
        for kind in DEAL_KINDS:
            conn.execute(f"DROP TABLE {kind.collection}")  # fixed names, not user text
        conn.execute("UPDATE meta SET value = '2' WHERE name = 'schema_version'")
    conn.close()


def test_a_schema_2_file_gains_the_deal_tables_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _schema_2_file(path)
    store = SQLiteStore(path)
    try:
        graph = store.account_graph("acme")
        assert len(graph.stakeholders) == 5 and graph.deals == ()
        report = store.bulk_upsert(deal_org("acme"))
        assert report.by_kind["deals"]["created"] == 2
        assert [d.id for d in store.account_graph("acme").deals] == ["ct", "his"]
    finally:
        store.close()
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    conn.close()
    assert version == (str(SCHEMA_VERSION),) == ("3",)
    assert {kind.collection for kind in DEAL_KINDS} <= tables
