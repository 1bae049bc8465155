"""Every benchmark target of issue 23 with met / not met, from bench/results/*.json.

    .venv/bin/python -m bench.summary [--results bench/results]

`make bench` runs it last. Each line names the target, the figures it was judged on
(with the figures measured beside them in the same run) and the result file's date; a
target whose result file is missing, or older than the figure it needs, is "not
measured". The verdicts are the benchmarks' own (`targets_met`, `target_met`), so the
thresholds live in one place each: bench/portfolio.py, bench/api.py, bench/importing.py.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Document = dict[str, Any]


@dataclass(frozen=True)
class Target:
    name: str
    source: str
    """The result file's name under the results folder, without `.json`."""
    judge: Callable[[Document], tuple[bool, str]]
    """(met, the figures) from the result document; KeyError when it lacks them."""


def _portfolio(key: str) -> Callable[[Document], tuple[bool, str]]:
    def judge(result: Document) -> tuple[bool, str]:
        timings = result["portfolio_s"]
        size = f"{result['accounts']:,} accounts / {result['stakeholders']:,} people"
        figures = {
            "restart_within_2x_cached": f"restart {timings['after_restart']:.3f} s = "
            f"{timings['after_restart'] / timings['cached']:.1f}× cached "
            f"{timings['cached']:.3f} s",
            "restart_under_1s": f"restart {timings['after_restart']:.3f} s",
            "cold_pool_under_10s": f"cold: pool of {result['pool_workers']} "
            f"{timings['cold_pool']:.1f} s, serial {timings['cold_serial']:.1f} s",
        }
        return bool(result["targets_met"][key]), f"{figures[key]} ({size})"

    return judge


def _api(key: str) -> Callable[[Document], tuple[bool, str]]:
    def judge(result: Document) -> tuple[bool, str]:
        runs = result["by_workers"]
        figures = "; ".join(
            f"{count} worker{'s' if count != '1' else ''}: "
            f"{run['cached_analysis']['requests_per_s']:,.0f} req/s, "
            f"p99 {run['cached_analysis']['p99_ms']:.0f} ms"
            for count, run in sorted(runs.items())
        )
        return bool(result["targets_met"][key]), f"{figures} ({result['clients']} clients)"

    return judge


def _import(result: Document) -> tuple[bool, str]:
    ratio = result["results"]["neo4j_against_naive"]

    def rate(name: str) -> str:
        return f"{ratio[name]['rows_per_s']:,.0f} rows/s"

    return bool(ratio["target_met"]), (
        f"{ratio['over_naive']:.1f}×: stakegraph {rate('stakegraph')}, naive {rate('naive')}, "
        f"LOAD CSV {rate('load_csv')} ({ratio['bundle']['rows']:,} rows)"
    )


TARGETS = [
    Target("portfolio: first call after a restart ≤ 2× cached", "portfolio",
           _portfolio("restart_within_2x_cached")),
    Target("portfolio: first call after a restart < 1 s", "portfolio",
           _portfolio("restart_under_1s")),
    Target("portfolio: cold (no rows) < 10 s with the pool", "portfolio",
           _portfolio("cold_pool_under_10s")),
    Target("cached analysis, 2 workers, 32 clients: ≥ 300 req/s", "api",
           _api("cached_2_workers_rps")),
    Target("cached analysis, 2 workers, 32 clients: p99 < 100 ms", "api",
           _api("cached_2_workers_p99")),
    Target("Neo4j import of the 60,000-row bundle ≥ 30× naive", "importing", _import),
]


def verdicts(results: Path) -> list[tuple[str, str, str, str]]:
    """(target, met / not met / not measured, figures, date of the result) per target."""
    lines = []
    for target in TARGETS:
        path = results / f"{target.source}.json"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            met, figures = target.judge(document)
        except FileNotFoundError:
            lines.append((target.name, "not measured", f"no {path}", "—"))
            continue
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            lines.append((target.name, "not measured", f"{path} predates it", "—"))
            continue
        lines.append((target.name, "met" if met else "NOT met", figures, document["date"]))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--results", default="bench/results")
    args = parser.parse_args()
    lines = verdicts(Path(args.results))
    width = max(len(name) for name, *_ in lines)
    print(f"\nissue 23's targets ({args.results}):")
    for name, verdict, figures, day in lines:
        print(f"  {name:<{width}}  {verdict:<12}  {figures}  [{day}]")


if __name__ == "__main__":
    main()
