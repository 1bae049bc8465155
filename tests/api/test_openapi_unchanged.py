"""The OpenAPI document is the API's contract: reshaping api/ must not change it.

`fixtures/openapi-before.json` is the document as the branch `api-shape` found it
(commit 8234fa9). The document now must equal it, except for the schema renames
listed in `RENAMED` (each one a schema that gained a declared name).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.app import create_app
from graph.store.sqlite import SQLiteStore

BEFORE = Path(__file__).parent / "fixtures" / "openapi-before.json"

RENAMED: dict[str, str] = {
    # api/schemas.py declares the account list's item as `AccountListItemOut`; before,
    # it shared its class name with graph/analysis/results.py's `AccountSummaryOut`,
    # so both were named by module path.
    "api__routes__AccountSummaryOut": "AccountListItemOut",
    "Page_AccountSummaryOut_": "Page_AccountListItemOut_",
    "graph__analysis__results__AccountSummaryOut": "AccountSummaryOut",
}
"""Schema name before → after."""
RETITLED: dict[tuple[str, str], str] = {
    ("AccountListItemOut", "AccountSummaryOut"): "AccountListItemOut",
    ("Page_AccountListItemOut_", "Page[AccountSummaryOut]"): "Page[AccountListItemOut]",
}
"""(schema, title before) → title after: a renamed class's schema carries its new name."""


def _renamed(document: Any) -> Any:
    """`document` with every schema name (and `$ref` to it) renamed as `RENAMED` says."""
    if isinstance(document, dict):
        renamed = {}
        for key, value in document.items():
            if key == "$ref" and isinstance(value, str):
                prefix, _, name = value.rpartition("/")
                value = f"{prefix}/{RENAMED.get(name, name)}"
            renamed[key] = _renamed(value)
        schemas = renamed.get("components", {}).get("schemas")
        if isinstance(schemas, dict):
            renamed["components"]["schemas"] = {
                RENAMED.get(name, name): schema for name, schema in schemas.items()
            }
            for name, schema in renamed["components"]["schemas"].items():
                title = RETITLED.get((name, schema.get("title", "")))
                if title is not None:
                    schema["title"] = title
        return renamed
    if isinstance(document, list):
        return [_renamed(item) for item in document]
    return document


def test_the_openapi_document_is_unchanged_but_for_named_schemas() -> None:
    before = _renamed(json.loads(BEFORE.read_text(encoding="utf-8")))
    now = json.loads(json.dumps(create_app(store=SQLiteStore(":memory:")).openapi()))
    assert sorted(now["components"]["schemas"]) == sorted(before["components"]["schemas"])
    assert sorted(now["paths"]) == sorted(before["paths"])
    for path, operations in before["paths"].items():
        assert now["paths"][path] == operations, path
    for name, schema in before["components"]["schemas"].items():
        assert now["components"]["schemas"][name] == schema, name
    assert now == before
