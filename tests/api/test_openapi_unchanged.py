"""The OpenAPI document is the API's contract with users' scripts: it changes only on
purpose.

`fixtures/openapi.json` is the document as last agreed. Reshaping api/ (issue 18)
was proved not to change it (the document of commit 8234fa9, modulo three schema
renames; see this file's history); since then, features that add fields (the
health basis, activity strengths, import candidates) regenerated it. A change that
is meant regenerates it too, and the diff shows up in review:

    .venv/bin/python -m tests.api.test_openapi_unchanged
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from api.app import create_app
from graph.store.sqlite import SQLiteStore

AGREED = Path(__file__).parent / "fixtures" / "openapi.json"


def current_document() -> Any:
    return json.loads(json.dumps(create_app(store=SQLiteStore(":memory:")).openapi()))


def test_the_openapi_document_is_the_agreed_one() -> None:
    agreed = json.loads(AGREED.read_text(encoding="utf-8"))
    now = current_document()
    assert sorted(now["paths"]) == sorted(agreed["paths"])
    for path, operations in agreed["paths"].items():
        assert now["paths"][path] == operations, path
    assert sorted(now["components"]["schemas"]) == sorted(agreed["components"]["schemas"])
    for name, schema in agreed["components"]["schemas"].items():
        assert now["components"]["schemas"][name] == schema, name
    assert now == agreed


if __name__ == "__main__":
    AGREED.write_text(
        json.dumps(current_document(), indent=1, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {AGREED}")
