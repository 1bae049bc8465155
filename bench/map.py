"""Benchmark: opening a large influence map in headless Chromium, beside pyvis's stock way.

    .venv/bin/python -m bench.map [--sizes 1000] [--repeat 3] [--naive-cap 60] [--output bench/results/map.json]

For each size it writes our map of a generated organisation and measures, with
the network cut off: the time to render the HTML in Python, the file's size, the
time from navigation until vis-network has drawn the map, and until the page
answers a hover (mouse moved onto a person → their card shown). It also counts,
in the browser, the labels that overlap another label or another node at zoom 1
(boxes as vis-network measured them when drawing), the (link, label) pairs where a
link passes through a label, and the size names open at,
on those maps and on the three readability cases of tests/data/maps.py (the
demo, a 14-person hospital with no reporting lines, a 300-person account). In the same run
it opens the same graph as pyvis's stock output (its template, physics on, no
positions) and measures the time until its physics has stabilised, capped at
`--naive-cap` seconds, and reports the ratio. Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pyvis.network import Network

from bench.results import stamp, write_result
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Account, AccountGraph, merge_bundle
from tests.data.generator import organisation
from tests.data.maps import (
    demo_graph,
    hospital_graph,
    label_collisions,
    large_graph,
    links_crossing_labels,
)
from visualize.browser import chromium_page
from visualize.html import influence_map_html
from visualize.scene import FONT_PX

READABILITY = (
    "label_pairs_overlapping",
    "labels_over_nodes",
    "links_crossing_labels",
    "opening_label_px",
)


def _graph(size: int) -> AccountGraph:
    bundle = organisation("map", size)
    return merge_bundle(AccountGraph(account=Account(id="map", name=f"Map {size}")), bundle)


def _open_ours(page: Any, path: Path) -> dict[str, float]:
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    drawn = time.perf_counter() - start
    node = page.evaluate(
        "window.stakegraphMap.nodes.getIds({filter: n => n.kind === 'stakeholder'})[0]"
    )
    point = page.evaluate(
        """(id) => { const m = window.stakegraphMap;
                     m.network.focus(id, {animation: false});
                     const p = m.network.canvasToDOM(m.network.getPosition(id));
                     const b = document.getElementById('sg-map').getBoundingClientRect();
                     return {x: p.x + b.left, y: p.y + b.top}; }""",
        node,
    )
    page.mouse.move(1, 1)
    page.mouse.move(point["x"], point["y"], steps=3)
    page.wait_for_selector("#sg-card", state="visible", timeout=60_000)
    interactive = time.perf_counter() - start
    page.evaluate("window.stakegraphMap.network.fit({animation: false})")  # as it opened
    page.reload()
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    return {"drawn_s": drawn, "interactive_s": interactive, **_readability(page)}


def _readability(page: Any) -> dict[str, float]:
    """Label collisions at zoom 1 and the on-screen size of names as the map opens."""
    scale = page.evaluate("window.stakegraphMap.network.getScale()")
    found = label_collisions(page)
    return {
        "label_pairs_overlapping": len(found["labels"]),
        "labels_over_nodes": len(found["over_nodes"]),
        "links_crossing_labels": links_crossing_labels(page),
        "opening_label_px": round(FONT_PX * scale, 1),
    }


def readability_rows(params: AnalysisParams) -> list[dict[str, object]]:
    """The readability figures of the three cases of tests/data/maps.py."""
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, graph in (
            ("demo", demo_graph()),
            ("hospital", hospital_graph()),
            ("300 people", large_graph(300)),
        ):
            path = Path(folder) / "map.html"
            html = influence_map_html(graph, analyze_account(graph, params), params=params)
            path.write_text(html, encoding="utf-8")
            with chromium_page(width=1600, height=1000) as page:
                page.goto(path.as_uri())
                page.wait_for_selector("body[data-ready=true]", timeout=120_000)
                rows.append(
                    {"map": name, "stakeholders": len(graph.stakeholders), **_readability(page)}
                )
    return rows


def _open_stock(page: Any, path: Path, cap_s: float) -> float | None:
    """Seconds until pyvis's stock page has stabilised, or None if not within the cap."""
    page.add_init_script(
        "window.__stable = false; document.addEventListener('DOMContentLoaded', () => {"
        " const wait = setInterval(() => { if (window.network) { clearInterval(wait);"
        " window.network.once('stabilizationIterationsDone', () => { window.__stable = true; }); } }, 5); });"
    )
    start = time.perf_counter()
    page.goto(path.as_uri())
    try:
        page.wait_for_function("window.__stable === true", timeout=cap_s * 1000, polling=100)
    except PlaywrightTimeout:  # the cap was reached
        return None
    return time.perf_counter() - start


def _stock_html(graph: AccountGraph) -> str:
    """The graph as a pyvis user would write it: stock template, physics on, no positions."""
    net = Network(directed=True, cdn_resources="in_line")
    for person in graph.stakeholders:
        net.add_node(person.id, label=person.name, title=person.title)
    for link in graph.influences:
        net.add_edge(link.source, link.target, value=link.weight)
    for line in graph.reporting_lines:
        net.add_edge(line.stakeholder, line.manager)
    return str(net.generate_html())


def run(sizes: list[int], repeat: int, naive_cap: float) -> dict[str, object]:
    params = AnalysisParams(as_of=date(2026, 11, 23))
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            graph = _graph(size)
            analysis = analyze_account(graph, params)
            start = time.perf_counter()
            html = influence_map_html(graph, analysis, params=params)
            render_s = time.perf_counter() - start
            ours = Path(folder) / f"ours-{size}.html"
            ours.write_text(html, encoding="utf-8")
            samples = []
            for _ in range(repeat):
                with chromium_page(width=1600, height=1000) as page:
                    samples.append(_open_ours(page, ours))
            stock = Path(folder) / f"stock-{size}.html"
            stock.write_text(_stock_html(graph), encoding="utf-8")
            with chromium_page(width=1600, height=1000) as page:
                stock_s = _open_stock(page, stock, naive_cap)
            drawn = statistics.median(s["drawn_s"] for s in samples)
            rows.append(
                {
                    "stakeholders": size,
                    "links": len(graph.influences)
                    + len(graph.reporting_lines)
                    + len(graph.relationships),
                    "render_html_s": render_s,
                    "file_bytes": len(html.encode()),
                    "drawn_s_median": drawn,
                    "interactive_s_median": statistics.median(s["interactive_s"] for s in samples),
                    "stock_pyvis_stabilised_s": stock_s,
                    "stock_cap_s": naive_cap,
                    "stock_over_ours": (stock_s if stock_s is not None else naive_cap) / drawn,
                    **{key: samples[0][key] for key in READABILITY},
                }
            )
    return {
        "benchmark": "map",
        **stamp(),
        "repeat": repeat,
        "results": rows,
        "readability": readability_rows(params),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--naive-cap", type=float, default=60.0)
    parser.add_argument("--output", default="bench/results/map.json")
    args = parser.parse_args()
    result = run([int(s) for s in args.sizes.split(",")], args.repeat, args.naive_cap)
    write_result(args.output, result)
    print("people  links  render  file     drawn   interactive  stock pyvis stabilised")
    for row in result["results"]:  # type: ignore[attr-defined]
        stock = row["stock_pyvis_stabilised_s"]
        stock_text = (
            f"{stock:.1f} s" if stock is not None else f"> {row['stock_cap_s']:.0f} s (cap)"
        )
        print(
            f"{row['stakeholders']:>6} {row['links']:>6} {row['render_html_s']:>6.2f}s "
            f"{row['file_bytes'] / 1e6:>5.2f} MB {row['drawn_s_median']:>6.2f}s {row['interactive_s_median']:>9.2f}s"
            f"   {stock_text}  (≥ {row['stock_over_ours']:.0f}× ours)"
        )
    print(
        "\nlabels at zoom 1, counted in Chromium      overlapping  over nodes  links across  names open at"
    )
    readability = [
        {"map": f"{row['stakeholders']} people", **row}
        for row in result["results"]  # type: ignore[attr-defined]
    ] + result["readability"]  # type: ignore[operator]
    for row in readability:
        print(
            f"{row['map']:<40} {row['label_pairs_overlapping']:>11} {row['labels_over_nodes']:>11}"
            f" {row['links_crossing_labels']:>13} {row['opening_label_px']:>10.1f} px"
        )


if __name__ == "__main__":
    main()
