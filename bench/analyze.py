"""Benchmark: `analyze` latency per account size, beside reading the account's graph.

    .venv/bin/python -m bench.analyze [--sizes 50,500,5000] [--repeat 7] [--output bench/results/analyze.json]

For each size it stores a generated organisation in a fresh SQLite store, then
times, in the same run, reading the account graph and analysing it; it reports
median and p95 and the ratio analyse/read. It asserts nothing about time: the
numbers are recorded, and compared side by side.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.results import reference_ms, stamp, write_result
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Account
from graph.store.sqlite import SQLiteStore
from tests.data.generator import organisation


def _times(work: object, repeat: int) -> list[float]:
    work()  # type: ignore[operator]  # warm-up: first-call imports and caches are not the steady state
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return samples


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000,
    }


def run(sizes: list[int], repeat: int) -> dict[str, object]:
    params = AnalysisParams(as_of=date(2026, 11, 23))
    results = []
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        for size in sizes:
            account = f"org-{size}"
            store.upsert_account(Account(id=account, name=f"Org {size}"))
            bundle = organisation(account, size)
            store.bulk_upsert(bundle)
            graph = store.account_graph(account)
            read = _summary(_times(lambda a=account: store.account_graph(a), repeat))
            # A fresh copy each time: the graph's cached indexes (people by id, last
            # touches) belong to the analysis of a graph just read, as in the API.
            analyse = _summary(
                _times(lambda g=graph: analyze_account(g.model_copy(), params), repeat)
            )
            row = {
                "stakeholders": size,
                "reference_ms": reference_ms(),
                "influence_links": len(bundle.influences),
                "read": read,
                "analyze": analyse,
                "analyze_over_read": analyse["median_ms"] / read["median_ms"],
            }
            results.append(row)
            print(
                f"{size:>6} people {len(bundle.influences):>6} links | read {read['median_ms']:8.1f} ms | "
                f"analyze median {analyse['median_ms']:8.1f} ms p95 {analyse['p95_ms']:8.1f} ms | "
                f"analyze/read {row['analyze_over_read']:.2f} | machine reference {row['reference_ms']:.1f} ms",
                flush=True,
            )
    return {**stamp(), "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, default=Path("bench/results/analyze.json"))
    args = parser.parse_args()
    document = run([int(s) for s in args.sizes.split(",")], args.repeat)
    write_result(args.output, document)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
