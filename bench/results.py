"""What every benchmark result file carries, and how it is written."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any


def reference_ms(repeat: int = 7) -> float:
    """Median time, in ms, of a fixed pure-Python workload (sorting 50,000 seeded
    tuples and indexing them in a dict): how fast the machine runs right now. This
    VM's speed drifts by up to 1.7× over minutes, so figures are only comparable
    beside the reference taken with them."""
    rng = random.Random(0)
    rows = [(rng.random(), f"id-{i}") for i in range(50_000)]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        index = {name: value for value, name in sorted(rows)}
        samples.append(time.perf_counter() - start)
        del index
    return statistics.median(samples) * 1000


def stamp() -> dict[str, Any]:
    """When and on what the numbers were taken: they mean nothing without it."""
    return {
        "date": date.today().isoformat(),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            "reference_ms": round(reference_ms(), 2),
        },
    }


def write_result(output: str | Path, document: dict[str, Any]) -> None:
    """The result as indented JSON at `output` (its folder created)."""
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
