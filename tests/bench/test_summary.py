"""`make bench`'s last table: every issue-23 target with met / not met from the result
files, "not measured" when a file is missing or older than the figure."""

from __future__ import annotations

import json
from pathlib import Path

from bench.summary import verdicts


def test_each_target_is_judged_from_its_file_or_said_to_be_unmeasured(tmp_path: Path) -> None:
    portfolio = {
        "date": "2026-11-29",
        "accounts": 2000,
        "stakeholders": 100000,
        "pool_workers": 2,
        "portfolio_s": {"cold_serial": 13.0, "cold_pool": 8.0, "after_restart": 0.3, "cached": 0.1},
        "targets_met": {
            "restart_within_2x_cached": False,
            "restart_under_1s": True,
            "cold_pool_under_10s": True,
        },
    }
    (tmp_path / "portfolio.json").write_text(json.dumps(portfolio))
    (tmp_path / "importing.json").write_text(json.dumps({"date": "2026-11-23", "results": {}}))
    lines = {name: (verdict, figures) for name, verdict, figures, _ in verdicts(tmp_path)}
    restart = lines["portfolio: first call after a restart ≤ 2× cached"]
    assert restart == (
        "NOT met",
        "restart 0.300 s = 3.0× cached 0.100 s (2,000 accounts / 100,000 people)",
    )
    assert lines["portfolio: first call after a restart < 1 s"][0] == "met"
    assert lines["portfolio: cold (no rows) < 10 s with the pool"] == (
        "met",
        "cold: pool of 2 8.0 s, serial 13.0 s (2,000 accounts / 100,000 people)",
    )
    assert lines["cached analysis, 2 workers, 32 clients: ≥ 300 req/s"] == (
        "not measured",
        f"no {tmp_path / 'api.json'}",
    )
    assert lines["Neo4j import of the 60,000-row bundle ≥ 30× naive"] == (
        "not measured",
        f"{tmp_path / 'importing.json'} predates it",
    )
