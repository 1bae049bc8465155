"""schemathesis against the app's own OpenAPI document: no 5xx, no response off-schema.

A bounded number of generated requests per operation (`MAX_EXAMPLES`), on both
stores, signed in as an admin (who may call every operation) over a populated
account. One test per operation, so a failure names it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from api.app import create_app
from api.auth import FailedAttempts
from graph.store.sqlite import SQLiteStore
from tests.api.conftest import Api

MAX_EXAMPLES = 30


def _operations() -> list[str]:
    # The document does not depend on the store's contents; a throwaway file store (an
    # in-memory SQLite is one database per connection, and the app's start-up reads it
    # from another thread).
    app = create_app(store=SQLiteStore(Path(tempfile.mkdtemp()) / "schema.db"))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return [result.ok().label for result in schema.get_all_operations()]


OPERATIONS = _operations()


def test_every_operation_is_exercised() -> None:
    assert len(OPERATIONS) >= 40  # 6 kinds × 5 + accounts, analysis, import, export, portfolio


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_never_fails_and_keeps_its_schema(api: Api, label: str) -> None:
    # schemathesis replays each request with a bad token (401 expected); dozens from one
    # address would rightly meet the bad-token limit (429), tested in test_api.py.
    api.client.app.state.failures = FailedAttempts(limit=100_000, total_limit=100_000)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", api.client.app)
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == label)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        if (case.query or {}).get("format") == "png":
            case.query = {**case.query, "format": "svg"}  # PNGs are covered by the browser tests
        # Every check but one: positive_data_acceptance expects any schema-valid body to be
        # accepted, but a schema cannot say "target must be a stakeholder of this account"
        # or "no reporting cycles"; those 422s are the domain's rules working.
        case.call_and_validate(
            headers=api.headers("admin"), excluded_checks=[checks.positive_data_acceptance]
        )

    check()
