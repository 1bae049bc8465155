"""Stores: the `GraphStore` base class (graph/store/base.py) and its backends, chosen by URL.

- `sqlite:///path/to/file.db` (or a plain path ending in `.db`): the embedded default.
- `neo4j://host:7687`, `bolt://host:7687` and their `+s`/`+ssc` variants: Neo4j,
  with credentials from the URL (`neo4j://user:password@host`) or passed in.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import InvalidInput
from graph.store.base import AccountSummary, FailureCount, GraphStore, PendingRecord, SavedResult

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

__all__ = [
    "NEO4J_SCHEMES",
    "AccountSummary",
    "FailureCount",
    "GraphStore",
    "PendingRecord",
    "SavedResult",
    "open_store",
]


def open_store(
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> GraphStore:
    """Open the store `url` names; raises `StoreUnavailable` if it cannot be reached."""
    scheme, _, rest = url.partition("://")
    if scheme == "sqlite" and rest:
        from graph.store.sqlite import SQLiteStore

        # sqlite:///relative.db and sqlite:////abs/path.db, as SQLAlchemy spells them.
        return SQLiteStore(Path(rest[1:] if rest.startswith("/") else rest))
    if scheme in NEO4J_SCHEMES:
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore(url, user=user, password=password, database=database)
    if not rest and url.endswith((".db", ".sqlite", ".sqlite3")):
        from graph.store.sqlite import SQLiteStore

        return SQLiteStore(Path(url))
    raise InvalidInput(
        [f"store URL {url!r} is not understood: use sqlite:///path/to/file.db or neo4j://host:7687"]
    )
