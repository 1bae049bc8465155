"""Write docs/analysis.md from the analyses' docstrings and AnalysisParams.

The formulas live once, next to the code; this renders them for people.
`tests/analysis/test_docs.py` fails when the page is out of date:
run `.venv/bin/python scripts/render_analysis_docs.py` after changing one.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import sys
from pathlib import Path

from graph.analysis import (
    actions,
    activity,
    centrality,
    coverage,
    deals,
    health,
    params,
    paths,
    pipeline,
    portfolio,
    power,
    purchases,
    risk,
    whatif,
)

MODULES = [
    ("Power", power),
    ("Brokers", centrality),
    ("Decision chain and warm paths", paths),
    ("Coverage and gaps", coverage),
    ("What-if", whatif),
    ("Relationship health", health),
    ("Purchase and service history", purchases),
    ("Churn early warning", risk),
    ("Recommended actions", actions),
    ("Portfolio", portfolio),
    ("Relationship strength from activity", activity),
    ("Deals: committees, decision bodies, competitors and MEDDPICC", deals),
    ("Pipeline", pipeline),
]


def parameter_table() -> str:
    """Every AnalysisParams field with its default and the reason in its docstring."""
    tree = ast.parse(inspect.getsource(params.AnalysisParams))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if isinstance(node, ast.AnnAssign) and isinstance(following, ast.Expr):
            docs[node.target.id] = " ".join(str(following.value.value).split())  # type: ignore[attr-defined]
    rows = ["| parameter | default | meaning |", "|---|---|---|"]
    for name, field in params.AnalysisParams.model_fields.items():
        default = "today" if name == "as_of" else repr(field.default)
        rows.append(f"| `{name}` | {default} | {docs.get(name, '')} |")
    return "\n".join(rows)


def render() -> str:
    parts = [
        "# How stakegraph analyses an account",
        "",
        "Generated from the docstrings in `graph/analysis/` by `scripts/render_analysis_docs.py`;",
        "edit those, not this page. Every parameter can be overridden per call (`AnalysisParams`).",
        "",
        "## Parameters and defaults",
        "",
        parameter_table(),
        "",
        "Role priors: " + ", ".join(f"{r.value} {v}" for r, v in params.ROLE_PRIOR.items()) + ".",
        "Seniority priors: "
        + ", ".join(f"{s.value} {v}" for s, v in params.SENIORITY_PRIOR.items())
        + ".",
    ]
    for title, module in MODULES:
        parts += ["", f"## {title}", "", inspect.cleandoc(module.__doc__ or "")]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "analysis.md"
    target.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
