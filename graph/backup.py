"""The backup document: everything in a store as one portable JSON document, and back.

`stakegraph backup` writes it and `stakegraph restore` reads it, into an empty
store of either kind (how data moves between SQLite and Neo4j). Format:

    {"format": "stakegraph-backup", "version": 1,
     "users": [{...User, "token_hash": "…"}],
     "accounts": [{"account": {...}, "version": N, "history": [...Change],
                   "stakeholders": [...], "influences": [...], …}]}
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from graph.errors import InvalidInput, describe_validation_error
from graph.history import Change
from graph.model import ACCOUNT_ENTITIES, AccountGraph, graph_problems
from graph.store import GraphStore
from graph.users import User

BACKUP_FORMAT = "stakegraph-backup"
BACKUP_VERSION = 1


def backup_document(store: GraphStore) -> dict[str, Any]:
    """Everything in the store as one portable JSON document: users (with token hashes,
    so tokens keep working), and every account with its version and entities."""
    accounts = []
    for summary in store.list_accounts():
        graph, version = store.versioned_graph(summary.account.id)
        accounts.append(
            {
                "account": graph.account.model_dump(mode="json"),
                "version": version,
                "history": [
                    change.model_dump(mode="json") for change in store.history(graph.account.id)
                ],
                **{
                    kind.collection: [
                        entity.model_dump(mode="json") for entity in graph.entities(kind)
                    ]
                    for kind in ACCOUNT_ENTITIES
                },
            }
        )
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "users": [
            {**user.model_dump(mode="json"), "token_hash": digest}
            for user, digest in store.users_with_token_hashes()
        ],
        "accounts": accounts,
    }


def restore_document(store: GraphStore, document: Any) -> tuple[int, int]:
    """Restore a backup into an empty store; (users, accounts) restored.

    Everything is validated before anything is written, so a damaged backup
    writes nothing; a store that holds accounts or users is refused.
    """
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput(['not a stakegraph backup (no "format": "stakegraph-backup")'])
    if document.get("version") != BACKUP_VERSION:
        raise InvalidInput(
            [f"backup version {document.get('version')!r} is not one this stakegraph reads"]
        )
    existing_accounts, existing_users = len(store.list_accounts()), len(store.list_users())
    if existing_accounts or existing_users:
        raise InvalidInput(
            [
                f"restore needs an empty store; {store.description} holds {existing_accounts} accounts "
                f"and {existing_users} users"
            ]
        )
    try:
        users = [
            (
                User.model_validate({k: v for k, v in row.items() if k != "token_hash"}),
                str(row["token_hash"]),
            )
            for row in document.get("users", [])
        ]
        graphs = [
            (
                AccountGraph.model_validate(
                    {k: v for k, v in row.items() if k not in ("version", "history")}
                ),
                int(row["version"]),
                [Change.model_validate(change) for change in row.get("history", [])],
            )
            for row in document.get("accounts", [])
        ]
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, ValidationError):
            raise InvalidInput(
                [f"backup: {line}" for line in describe_validation_error(error)]
            ) from error
        raise InvalidInput([f"backup is damaged: {error!r}"]) from error
    problems = [
        f"account {graph.account.id!r}: {p}"
        for graph, _, _ in graphs
        for p in graph_problems(graph)
    ]
    if problems:
        raise InvalidInput(problems)
    for user, digest in users:
        store.add_user(user, digest)
    for graph, version, history in graphs:
        store.restore_account(graph, version, history)
    return len(users), len(graphs)
