"""Benchmark: the manager's portfolio over many accounts, first call and after one change.

    .venv/bin/python -m bench.portfolio [--accounts 2000] [--people 50] [--output bench/results/portfolio.json]

Fills a SQLite store with `--accounts` generated accounts of `--people` each
(2,000 × 50 = 100,000 stakeholders by default), then, in one process as the web
app holds it, times the portfolio report: the first call (every account read and
analysed), a second call with nothing changed (every account's version read, no
analysis), and a call after one account changed (that one analysed again).
Nothing is asserted about time; the ratios show what the per-version cache buys.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from api.services.analysis import AnalysisCache, portfolio_of
from bench.results import stamp, write_result
from graph.analysis.params import AnalysisParams
from graph.model import Account, Relationship
from graph.store.sqlite import SQLiteStore
from tests.data.generator import organisation


def run(accounts: int, people: int) -> dict[str, object]:
    params = AnalysisParams(as_of=date(2026, 11, 23))
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "portfolio.db")
        start = time.perf_counter()
        links = 0
        for index in range(accounts):
            account = f"acct-{index:05d}"
            bundle = organisation(account, people, seed=index)
            links += len(bundle.influences)
            store.bulk_upsert(
                bundle,
                create=Account(id=account, name=f"Account {index}", owner=f"rep-{index % 40}"),
            )
        fill = time.perf_counter() - start
        cache = AnalysisCache()
        timings = {}
        for label in ("first", "unchanged"):
            start = time.perf_counter()
            report = portfolio_of(store, params, cache)
            timings[label] = time.perf_counter() - start
        store.upsert(
            Relationship(account_id="acct-00000", member="t0", stakeholder="p1", strength=5)
        )
        start = time.perf_counter()
        report = portfolio_of(store, params, cache)
        timings["after_one_change"] = time.perf_counter() - start
    return {
        "benchmark": "portfolio",
        **stamp(),
        "accounts": accounts,
        "stakeholders": accounts * people,
        "influence_links": links,
        "fill_s": fill,
        "portfolio_s": timings,
        "first_over_after_change": timings["first"] / timings["after_one_change"],
        "rows": len(report.accounts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--output", default="bench/results/portfolio.json")
    args = parser.parse_args()
    result = run(args.accounts, args.people)
    write_result(args.output, result)
    timings = result["portfolio_s"]
    assert isinstance(timings, dict)
    print(
        f"{result['accounts']:,} accounts, {result['stakeholders']:,} stakeholders, "
        f"{result['influence_links']:,} links (filled in {result['fill_s']:.0f} s)"
    )
    print(
        f"portfolio: first {timings['first']:.1f} s, unchanged {timings['unchanged']:.2f} s, "
        f"after one change {timings['after_one_change']:.2f} s "
        f"({result['first_over_after_change']:.0f}× faster than the first)"
    )


if __name__ == "__main__":
    main()
