"""The account relationship report: rendered in headless Chromium, and as a PDF whose
pages, turned into pictures, show the map and the charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PIL import Image

from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Account, AccountGraph, Deal
from graph.vocabulary import DealStatus, Stance
from importers.bundle import read_bundle
from tests.factories import HOSPITAL_DAY, HOSTILE_TEXTS, graph_of, hospital, hostile_org
from visualize.report import DIMENSION_COLOURS, ORDERS_COLOUR, account_report_html, html_to_pdf
from visualize.scene import STANCE_COLOURS

PARAMS = AnalysisParams(as_of=date(2026, 11, 23))
DEMO = Path(__file__).resolve().parents[2] / "importers" / "demo"


def demo_graph() -> AccountGraph:
    bundle = read_bundle(DEMO, account_id="demo").bundle
    assert bundle is not None
    return graph_of(bundle, Account(id="demo", name="East China Energy", owner="rep-liu"))


def _open(page: Any, tmp_path: Path, html: str) -> None:
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_html_report_renders_the_map_charts_and_signals_in_chromium(
    offline_page: Any, tmp_path: Path, lang: str
) -> None:
    graph = demo_graph()
    analysis = analyze_account(graph, PARAMS)
    _open(offline_page, tmp_path, account_report_html(graph, analysis, params=PARAMS, lang=lang))  # type: ignore[arg-type]
    drawn = offline_page.evaluate(
        """() => {
            const size = el => { const b = el.getBoundingClientRect(); return [b.width, b.height]; };
            return {
              map: size(document.querySelector('#map svg')),
              charts: [...document.querySelectorAll('svg.chart')].map(svg =>
                  [svg.getAttribute('class'), ...size(svg)]),
              lines: document.querySelectorAll('svg.dimensions polyline').length,
              bars: document.querySelectorAll('svg.orders rect.bar').length,
              people: document.querySelectorAll('#people tbody tr').length,
              signals: [...document.querySelectorAll('#signals li')].map(li => li.textContent),
              nodes: document.querySelectorAll('#map svg g').length,
            };
        }"""
    )
    assert drawn["map"][0] > 600 and drawn["map"][1] > 300
    assert [c[0] for c in drawn["charts"]] == [
        "chart dimensions",
        "chart health",
        "chart orders",
        "chart value",
    ]
    assert all(width > 300 and height > 120 for _, width, height in drawn["charts"])
    # Four dimensions measured in three quarters: four lines; orders in five quarters.
    assert drawn["lines"] == 4
    assert drawn["bars"] == len(analysis.purchases.by_period) == 5
    assert drawn["people"] == 12
    assert [s.split(" ", 1)[1] for s in drawn["signals"]] == [
        s.explanation for s in analysis.health.risk.signals
    ]
    assert offline_page.blocked_requests == [] and offline_page.page_errors == []


def test_hostile_text_in_the_report_stays_text(offline_page: Any, tmp_path: Path) -> None:
    graph = hostile_org("acme")
    html = account_report_html(graph, analyze_account(graph, PARAMS), params=PARAMS)
    _open(offline_page, tmp_path, html)
    assert offline_page.evaluate("() => window.__pwned") is None
    assert offline_page.dialogs == []
    assert offline_page.evaluate("() => document.querySelectorAll('script, img, a').length") == 0
    shown = offline_page.evaluate("() => document.body.textContent")
    assert HOSTILE_TEXTS[0] in shown  # the account name, as text


def _pixels_near(image: Image.Image, colour: str, tolerance: int = 18) -> int:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    rgb = image.convert("RGB")
    return sum(
        count
        for count, pixel in (rgb.getcolors(maxcolors=1 << 24) or [])
        if all(abs(a - b) <= tolerance for a, b in zip(pixel, target, strict=True))
    )


def test_the_pdf_pages_turn_into_pictures_that_show_the_map_and_the_charts(
    tmp_path: Path,
) -> None:
    graph = demo_graph()
    params = PARAMS.model_copy(update={"lang": "zh"})  # a Chinese report explains in Chinese
    analysis = analyze_account(graph, params)
    pdf_bytes = html_to_pdf(account_report_html(graph, analysis, params=params, lang="zh"))
    assert pdf_bytes.startswith(b"%PDF-")
    document = pdfium.PdfDocument(pdf_bytes)
    assert len(document) >= 3
    pages = [document[i].render(scale=1.5).to_pil() for i in range(len(document))]
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    width, height = pages[0].size
    assert width > height  # A4 landscape
    # Page 1: the summary and the map — the map's stance fills and our team's boxes.
    assert "影响力地图" in texts[0] and "流失风险" in texts[0]
    # (colours the summary above the map does not use)
    for stance in ("skeptic", "opponent", "supporter"):
        assert _pixels_near(pages[0], STANCE_COLOURS[Stance(stance)]) > 300, stance
    # Page 2: the trend charts — each dimension's line and the order bars.
    assert "各季度关系维度" in texts[1] and "各季度订单数" in texts[1]
    for colour in DIMENSION_COLOURS.values():
        assert _pixels_near(pages[1], colour) > 100, colour
    assert _pixels_near(pages[1], ORDERS_COLOUR) > 2_000
    for number, page in enumerate(pages):
        page.save(tmp_path / f"page-{number + 1}.png")
    assert (tmp_path / "page-2.png").stat().st_size > 20_000



def test_the_report_has_a_page_per_open_deal_with_committee_bodies_and_scorecard() -> None:
    graph = hospital()
    # ct closed: only his gets a page
    graph = graph.replace(
        Deal,
        [
            d.model_copy(update={"status": DealStatus.lost, "closed_on": date(2026, 11, 1)})
            if d.id == "ct"
            else d
            for d in graph.deals
        ],
    )
    params = AnalysisParams(as_of=HOSPITAL_DAY, lang="zh")
    html = account_report_html(graph, analyze_account(graph, params), params=params, lang="zh")
    assert html.count('class="page deal"') == 1
    assert 'data-deal="his"' in html and 'data-deal="ct"' not in html
    assert "院长办公会 3 名成员中我方认识 2 名" in html
    assert "资格评分: 75%" in html  # 6/8 (tests/analysis/test_deals.py)
    assert "钱丽 是审批者；我方最好的关系为 1/5，200 天前" in html
