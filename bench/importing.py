"""Benchmark: bulk import rows/s into SQLite and Neo4j, beside the naive way, and peak memory.

    .venv/bin/python -m bench.importing [--people 100000] [--links-per-person 3.3]
        [--naive-rows 2000] [--memory-people 20000] [--ratio-people 11000]
        [--stores sqlite,neo4j] [--output bench/results/importing.json]

A generated organisation is written as a CSV bundle; each store imports it
through stakegraph (`stakegraph import`: read, validate, one transaction) in a
child process of its own, so its time and peak memory (max RSS) are its alone.
In the same run, the naive way a user would write it — one `MERGE` per row
through the driver, each its own transaction — loads the first `--naive-rows`
stakeholders and influence links into Neo4j; the ratio of rows/s is reported.
Issue 8's memory target is for a 100,000-row import: a second bundle of
`--memory-people` people (20,000 make 108,606 rows) is imported into each store
for it (0 skips it).
Issue 23's target, Neo4j through stakegraph ≥ 30× the naive way, is measured on a
bundle of `--ratio-people` people (11,000 make about 60,000 rows), side by side with
the naive way and with Neo4j's own `LOAD CSV` of the same bundle's people and
influence links (one transaction, as ours; the files served to the server over HTTP
from this process).
Neo4j is the local server (scripts/neo4j.sh start) or STAKEGRAPH_TEST_NEO4J_URL.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from bench.results import stamp, write_result

NEO4J_URL = os.environ.get("STAKEGRAPH_TEST_NEO4J_URL", "neo4j://127.0.0.1:7687")
NEO4J_USER = os.environ.get("NEO4J_USER", "neo4j")
NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD", "stakegraph-dev")
ACCOUNT = "bench-import"


def write_bundle(folder: Path, people: int, links_per_person: float) -> dict[str, int]:
    from graph.model import Account, AccountGraph, merge_bundle
    from tests.data.generator import organisation
    from visualize.formats import bundle_files

    bundle = organisation(ACCOUNT, people, links_per_person=links_per_person)
    graph = merge_bundle(AccountGraph(account=Account(id=ACCOUNT, name="Import benchmark")), bundle)
    for name, text in bundle_files(graph).items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return {
        "stakeholders": len(graph.stakeholders),
        "influences": len(graph.influences),
        "rows": graph.size,
    }


def _one(store_url: str, folder: str) -> None:
    """Child process: import the bundle once and print time and max RSS as JSON."""
    from api.services.importing import import_file as import_bundle
    from graph.errors import NotFound
    from graph.store import open_store

    store = open_store(store_url, user=NEO4J_USER, password=NEO4J_PASSWORD)
    try:
        with contextlib.suppress(NotFound):  # left by an interrupted run
            store.delete_account(ACCOUNT)
        start = time.perf_counter()
        report = import_bundle(store, Path(folder), account_id=ACCOUNT)
        seconds = time.perf_counter() - start
        if report.errors:
            raise SystemExit(f"import failed: {report.errors[0]}")
        store.delete_account(ACCOUNT)
    finally:
        store.close()
    print(json.dumps({"seconds": seconds, "rows": report.rows, "max_rss_mib": _peak_rss_mib()}))


def _peak_rss_mib() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux
    carries ru_maxrss across exec, so a child started by a big parent reported the
    parent's size (every import measured 1,151 MiB, whatever it held)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(store_url: str, folder: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.importing", "--one", store_url, str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"importing into {store_url} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    result["rows_per_s"] = result["rows"] / result["seconds"]
    return result


def naive_neo4j(folder: Path, rows: int) -> dict[str, float]:
    """One MERGE per row, each in its own transaction, as a first script would do it."""
    import csv

    from neo4j import GraphDatabase

    people = list(csv.DictReader((folder / "stakeholders.csv").open(encoding="utf-8-sig")))[:rows]
    ids = {p["id"] for p in people}
    links = [
        row
        for row in csv.DictReader((folder / "influence.csv").open(encoding="utf-8-sig"))
        if row["source"] in ids and row["target"] in ids
    ][:rows]
    account = "bench-naive"
    with GraphDatabase.driver(NEO4J_URL, auth=(NEO4J_USER, NEO4J_PASSWORD)) as driver:
        driver.execute_query("MATCH (n {account_id: $a}) DETACH DELETE n", a=account)
        start = time.perf_counter()
        with driver.session() as session:
            for person in people:
                session.run(
                    "MERGE (s:Stakeholder {account_id: $a, id: $id}) SET s.name = $name, s.title = $title",
                    a=account,
                    id=person["id"],
                    name=person["name"],
                    title=person["title"],
                ).consume()
            for link in links:
                session.run(
                    "MATCH (x:Stakeholder {account_id: $a, id: $s}), (y:Stakeholder {account_id: $a, id: $t}) "
                    "MERGE (x)-[r:INFLUENCES]->(y) SET r.weight = toFloat($w)",
                    a=account,
                    s=link["source"],
                    t=link["target"],
                    w=link["weight"],
                ).consume()
        seconds = time.perf_counter() - start
        driver.execute_query("MATCH (n {account_id: $a}) DETACH DELETE n", a=account)
    total = len(people) + len(links)
    return {"rows": total, "seconds": seconds, "rows_per_s": total / seconds}


TARGET_OVER_NAIVE = 30.0
"""Issue 23: a Neo4j import through stakegraph runs ≥ 30× the naive way's rows/s."""


@contextlib.contextmanager
def _served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on a loopback port, for LOAD CSV: its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def load_csv_neo4j(folder: Path) -> dict[str, float]:
    """The bundle's people and influence links through Neo4j's LOAD CSV, in one
    transaction: what the server's own bulk path does with the same rows."""
    from neo4j import GraphDatabase

    account = "bench-load-csv"
    people = (
        "LOAD CSV WITH HEADERS FROM $url AS row "
        "CREATE (:Stakeholder {account_id: $a, id: row.id, name: row.name, title: row.title})"
    )
    links = (
        "LOAD CSV WITH HEADERS FROM $url AS row "
        "MATCH (x:Stakeholder {account_id: $a, id: row.source}) "
        "MATCH (y:Stakeholder {account_id: $a, id: row.target}) "
        "CREATE (x)-[:INFLUENCES {weight: toFloat(row.weight)}]->(y)"
    )
    clear = "MATCH (n {account_id: $a}) DETACH DELETE n"
    # the server warns that the files come over plain HTTP: from this process, here
    with _served(folder) as base, GraphDatabase.driver(
        NEO4J_URL, auth=(NEO4J_USER, NEO4J_PASSWORD), notifications_min_severity="OFF"
    ) as driver:
        driver.execute_query(clear, a=account)
        start = time.perf_counter()
        with driver.session() as session, session.begin_transaction() as tx:
            made = tx.run(people, url=f"{base}/stakeholders.csv", a=account).consume()
            linked = tx.run(links, url=f"{base}/influence.csv", a=account).consume()
            tx.commit()
        seconds = time.perf_counter() - start
        driver.execute_query(clear, a=account)
    total = made.counters.nodes_created + linked.counters.relationships_created
    return {"rows": total, "seconds": seconds, "rows_per_s": total / seconds}


def neo4j_against_naive(work: Path, people: int, links_per_person: float, naive_rows: int) -> dict[str, object]:
    """Issue 23's side-by-side run on a bundle of `people` people: stakegraph's import,
    the naive way and LOAD CSV, and the ratios."""
    folder = work / "ratio-bundle"
    folder.mkdir()
    shape = write_bundle(folder, people, links_per_person)
    ours = _measure(NEO4J_URL, folder)
    naive = naive_neo4j(folder, naive_rows)
    load_csv = load_csv_neo4j(folder)
    over_naive = ours["rows_per_s"] / naive["rows_per_s"]
    return {
        "bundle": shape,
        "stakegraph": ours,
        "naive": naive,
        "load_csv": load_csv,
        "over_naive": over_naive,
        "load_csv_over_naive": load_csv["rows_per_s"] / naive["rows_per_s"],
        "target_met": over_naive >= TARGET_OVER_NAIVE,
    }


def upload_memory(people: list[int], links_per_person: float, output: str) -> None:
    """Peak memory of importing a zipped bundle (as uploaded) into SQLite, against the
    zip's size and what it expands to: the figures behind the README's bound."""
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for count in people:
            folder = Path(work) / f"bundle-{count}"
            folder.mkdir()
            shape = write_bundle(folder, count, links_per_person)
            upload = Path(work) / f"bundle-{count}.zip"
            with zipfile.ZipFile(upload, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(folder.iterdir()):
                    archive.write(file, file.name)
            expanded = sum(file.stat().st_size for file in folder.iterdir())
            measured = _measure(f"sqlite:///{work}/upload-{count}.db", upload)
            rows.append(
                {
                    "people": count,
                    "rows": shape["rows"],
                    "zip_mib": upload.stat().st_size / 2**20,
                    "expanded_mib": expanded / 2**20,
                    **measured,
                }
            )
            print(
                f"{count:>7,} people  {shape['rows']:>8,} rows  zip {rows[-1]['zip_mib']:6.1f} MiB  "
                f"expanded {rows[-1]['expanded_mib']:6.1f} MiB  peak {measured['max_rss_mib']:7.0f} MiB"
                f"  {measured['seconds']:.1f} s"
            )
    write_result(output, {"benchmark": "upload_memory", **stamp(), "results": rows})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--links-per-person", type=float, default=3.3)
    parser.add_argument("--naive-rows", type=int, default=2_000)
    parser.add_argument("--memory-people", type=int, default=20_000)
    parser.add_argument("--ratio-people", type=int, default=11_000)
    parser.add_argument("--stores", default="sqlite,neo4j")
    parser.add_argument("--output", default="bench/results/importing.json")
    parser.add_argument(
        "--upload-people",
        default="",
        help="only measure peak memory vs zipped upload size for these sizes (e.g. 2000,20000)",
    )
    parser.add_argument("--one", nargs=2, metavar=("STORE_URL", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _one(*args.one)
        return
    if args.upload_people:
        sizes = [int(n) for n in args.upload_people.split(",")]
        upload_memory(sizes, args.links_per_person, "bench/results/upload_memory.json")
        return
    stores = args.stores.split(",")
    if "neo4j" in stores and "STAKEGRAPH_TEST_NEO4J_URL" not in os.environ:
        # The local server of scripts/neo4j.sh: started if it is not running (a no-op if it is).
        script = Path(__file__).resolve().parents[1] / "scripts" / "neo4j.sh"
        subprocess.run([str(script), "start"], check=True)  # noqa: S603 - the project's own script
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "bundle"
        folder.mkdir()
        shape = write_bundle(folder, args.people, args.links_per_person)
        results: dict[str, object] = {}
        if "sqlite" in stores:
            results["sqlite"] = _measure(f"sqlite:///{work}/bench.db", folder)
        if "neo4j" in stores:
            results["neo4j"] = _measure(NEO4J_URL, folder)
            if args.ratio_people:
                ratio = neo4j_against_naive(
                    Path(work), args.ratio_people, args.links_per_person, args.naive_rows
                )
                results["neo4j_against_naive"] = ratio
                naive = ratio["naive"]
                assert isinstance(naive, dict)
                results["neo4j_naive"] = naive
                results["neo4j_over_naive"] = results["neo4j"]["rows_per_s"] / naive["rows_per_s"]  # type: ignore[index]
        if args.memory_people:
            small = Path(work) / "memory-bundle"
            small.mkdir()
            write_bundle(small, args.memory_people, args.links_per_person)
            for name in stores:
                url = f"sqlite:///{work}/memory.db" if name == "sqlite" else NEO4J_URL
                results[f"{name}_memory_bundle"] = _measure(url, small)
    document = {
        "benchmark": "importing",
        **stamp(),
        "bundle": shape,
        "results": results,
    }
    write_result(args.output, document)
    print(
        f"bundle: {shape['stakeholders']:,} stakeholders, "
        f"{shape['influences']:,} influence links, {shape['rows']:,} rows"
    )
    for name in (
        "sqlite",
        "neo4j",
        "neo4j_naive",
        "sqlite_memory_bundle",
        "neo4j_memory_bundle",
    ):
        if name in results:
            row = results[name]
            memory = f", peak {row['max_rss_mib']:.0f} MiB" if "max_rss_mib" in row else ""  # type: ignore[operator]
            print(  # type: ignore[index]
                f"{name:20} {row['rows']:>9,} rows in {row['seconds']:7.1f} s "
                f"= {row['rows_per_s']:>9,.0f} rows/s{memory}"
            )
    if "neo4j_over_naive" in results:
        print(f"neo4j through stakegraph / naive MERGE per row: {results['neo4j_over_naive']:.0f}×")
    ratio = results.get("neo4j_against_naive")
    if isinstance(ratio, dict):
        print(f"issue 23, a {ratio['bundle']['rows']:,}-row bundle into Neo4j, side by side:")
        for name in ("stakegraph", "naive", "load_csv"):
            row = ratio[name]
            print(
                f"  {name:12} {row['rows']:>9,} rows in {row['seconds']:7.2f} s "
                f"= {row['rows_per_s']:>9,.0f} rows/s"
            )
        verdict = "met" if ratio["target_met"] else "NOT met"
        print(
            f"  stakegraph / naive {ratio['over_naive']:.1f}× (target ≥ {TARGET_OVER_NAIVE:.0f}×: "
            f"{verdict}); LOAD CSV / naive {ratio['load_csv_over_naive']:.1f}×"
        )


if __name__ == "__main__":
    main()
