"""The layer rules of DESIGN.md, checked on the source: who may import whom, and
who may read the environment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN: dict[str, tuple[str, ...]] = {
    "graph": ("fastapi", "starlette", "pyvis", "api", "importers", "visualize"),
    "importers": ("fastapi", "starlette", "api", "visualize", "graph.store"),
    "visualize": ("fastapi", "starlette", "api", "importers", "graph.store.neo4j",
                  "graph.store.sqlite", "graph.store.base", "neo4j", "sqlite3"),
}
"""Package → modules it must not import (nor anything under them)."""


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_only_what_its_layer_may(package: str) -> None:
    broken = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(package)
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[package])
    ]
    assert broken == []


def test_only_the_settings_read_the_environment() -> None:
    readers = [
        str(path.relative_to(ROOT))
        for package in ("graph", "importers", "visualize", "api")
        for path in _sources(package)
        if "os.environ" in path.read_text(encoding="utf-8")
        or "getenv" in path.read_text(encoding="utf-8")
    ]
    assert readers == ["api/settings.py"]


def test_no_api_module_is_a_grab_bag() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _sources("api")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
