"""docs/analysis.md states every formula and default: it must match the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_docs_analysis_md_is_rendered_from_the_current_code() -> None:
    spec = importlib.util.spec_from_file_location(
        "render", ROOT / "scripts" / "render_analysis_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    assert "half_life_days" in expected and "PageRank" in expected
    assert (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8") == expected, (
        "docs/analysis.md is stale: run .venv/bin/python scripts/render_analysis_docs.py"
    )
