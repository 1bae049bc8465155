"""Benchmark: HTTP API throughput and latency under concurrent clients.

    .venv/bin/python -m bench.api [--clients 32] [--seconds 10] [--workers 1,2]
        [--output bench/results/api.json]

Starts `stakegraph serve --workers N` for each N of `--workers` in turn (embedded
SQLite store with the demo account) and drives it over loopback with `--clients` concurrent HTTP/1.1
connections from a separate load-generating process: `bench/loadgen` (Go, built
on the fly) when `go` is installed, so the client spends little of the two cores
the server needs; else this process itself (httpx, asyncio: measured here, it
saturated its own core at about 200 requests/s while the server idled 40% of the
time). The result records which one ran.

- a cached analysis: `GET /api/v1/accounts/demo/analysis` (analysed once, then
  served from the per-version cache);
- a write: `PUT /api/v1/accounts/demo/stakeholders/{id}` changing a title (each
  write takes the account's lock, is recorded in history and bumps the version).

Reports requests/s and p50/p99 latency for each, per worker count, side by side in
one run. Nothing is asserted about time; issue 23's target (2 workers: cached analysis
≥ 300 req/s with p99 < 100 ms) is recorded as met / not met.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.results import stamp, write_result
from tests.workers import RunningServer, cpu_ticks, serve_workers


def _cli(store: str, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "api", "--store", store, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


async def _load(
    url: str, token: str, clients: int, seconds: float, write: bool
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=url, headers=headers, limits=limits, timeout=30
    ) as client:

        async def worker(number: int) -> None:
            nonlocal errors
            count = 0
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                if write:
                    answer = await client.put(
                        "/api/v1/accounts/demo/stakeholders/he-ying",
                        json={"name": "何颖", "title": f"Analyst {number}-{count}"},
                    )
                else:
                    answer = await client.get("/api/v1/accounts/demo/analysis")
                latencies.append(time.perf_counter() - start)
                errors += answer.status_code >= 400
                count += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "requests_per_s": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
    }


LOADGEN = Path(__file__).parent / "loadgen"


def _go_loadgen(folder: str) -> str | None:
    """The Go load generator, built into `folder`; None without a Go toolchain."""
    go = shutil.which("go")
    if go is None:
        return None
    binary = str(Path(folder) / "loadgen")
    subprocess.run(  # noqa: S603 - the machine's go, our own source
        [go, "build", "-o", binary, "."], cwd=LOADGEN, check=True, capture_output=True
    )
    return binary


def _go_load(
    binary: str, url: str, token: str, clients: int, seconds: float, write: bool
) -> dict[str, float]:
    args = [binary, "-url", url, "-token", token, "-clients", str(clients)]
    args += ["-seconds", str(seconds)] + (["-write"] if write else [])
    done = subprocess.run(args, capture_output=True, text=True, check=True)  # noqa: S603
    result: dict[str, float] = json.loads(done.stdout)
    return result


CACHED_RPS = 300.0
"""Issue 23: the cached analysis at 32 clients with 2 workers serves ≥ 300 requests/s …"""
CACHED_P99_MS = 100.0
"""… with p99 under 100 ms."""
TARGET_WORKERS = 2


def _warm(server: RunningServer, token: str) -> None:
    """Every worker has the analysis cached (asked over fresh connections, which the
    kernel spreads over the workers) and has finished starting: until the server's
    processes use under 5% of a core for half a second."""
    headers = {"Authorization": f"Bearer {token}"}
    pids = [server.pid, *server.worker_pids()]
    for _ in range(8 * len(pids)):
        httpx.get(f"{server.url}/api/v1/accounts/demo/analysis", headers=headers, timeout=60)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        before = sum(cpu_ticks(pid) for pid in pids)
        time.sleep(0.5)
        if sum(cpu_ticks(pid) for pid in pids) - before < 3:  # ticks of 10 ms
            return

def run(clients: int, seconds: float, workers: list[int]) -> dict[str, object]:
    by_workers: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        store = f"sqlite:///{folder}/api.db"
        _cli(store, "demo")
        # `user add` prints the token on its first line, then the sign-in link
        token = _cli(store, "user", "add", "bench", "--role", "admin").splitlines()[0].strip()
        binary = _go_loadgen(folder)
        for count in workers:
            with serve_workers(store, Path(folder) / f"serve-{count}", workers=count) as server:
                _warm(server, token)
                url = server.url
                if binary is not None:
                    cached = _go_load(binary, url, token, clients, seconds, write=False)
                    writes = _go_load(binary, url, token, clients, seconds, write=True)
                else:
                    cached = asyncio.run(_load(url, token, clients, seconds, write=False))
                    writes = asyncio.run(_load(url, token, clients, seconds, write=True))
            by_workers[str(count)] = {"cached_analysis": cached, "write": writes}
    target = by_workers.get(str(TARGET_WORKERS), {}).get("cached_analysis")
    return {
        "benchmark": "api",
        **stamp(),
        "clients": clients,
        "seconds": seconds,
        "load_generator": "bench/loadgen (Go)" if binary is not None else "httpx (Python)",
        "by_workers": by_workers,
        "targets_met": {}
        if target is None
        else {
            "cached_2_workers_rps": target["requests_per_s"] >= CACHED_RPS,
            "cached_2_workers_p99": target["p99_ms"] < CACHED_P99_MS,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", default="1,2", help="worker counts, one run each")
    parser.add_argument("--output", default="bench/results/api.json")
    args = parser.parse_args()
    workers = [int(count) for count in args.workers.split(",")]
    result = run(args.clients, args.seconds, workers)
    write_result(args.output, result)
    by_workers = result["by_workers"]
    assert isinstance(by_workers, dict)
    for count, rows in by_workers.items():
        for name, row in rows.items():
            print(
                f"{count} worker(s) {name:16} {row['requests_per_s']:7.0f} req/s  "
                f"p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms  "
                f"({row['requests']} requests, {row['errors']} errors, {result['clients']} clients)"
            )


if __name__ == "__main__":
    main()
