"""What breaks the domain's rules in what a store holds (`stakegraph check`)."""

from __future__ import annotations

from pydantic import ValidationError

from graph.errors import describe_validation_error
from graph.model import graph_problems
from graph.store import GraphStore


def integrity_problems(store: GraphStore) -> dict[str, list[str]]:
    """Per account, what breaks the rules in what is stored: dangling references,
    reporting cycles, an entity stored twice, data that no longer validates. Writes
    through stakegraph cannot cause these; direct edits of the database can."""
    found: dict[str, list[str]] = store.storage_problems()
    for summary in store.list_accounts():
        account_id = summary.account.id
        try:
            problems = graph_problems(store.account_graph(account_id))
        except ValidationError as error:
            problems = [
                f"stored data is invalid: {line}" for line in describe_validation_error(error)
            ]
        if problems:
            found[account_id] = [*found.get(account_id, []), *problems]
    return found
