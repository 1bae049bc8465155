"""The account relationship report: one document for a quarterly account review.

HTML (self-contained: the map and charts are inline SVG, no script, no network)
or PDF (that HTML printed by headless Chromium on A4 landscape pages). Sections:
the summary (coverage, health, churn risk and why), the influence map, the four
relationship dimensions and health by quarter, orders by quarter, the risk
signals, key people, coverage gaps, recommended actions, what interviews,
focus groups and surveys found, and a page per open deal (its buying committee
with their roles and stance in the deal, its decision bodies with their
coverage, and its MEDDPICC scorecard: graph/analysis/deals.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from graph import i18n
from graph.analysis import wording
from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.i18n import Words
from graph.model import SCORE_FIELDS, AccountGraph
from graph.vocabulary import DealStatus, Language, display_label
from visualize.browser import chromium_page
from visualize.charts import Series, bar_chart, line_chart
from visualize.deal_text import amount
from visualize.html import template_environment
from visualize.picture import influence_map_svg
from visualize.scene import FINDING_TYPES

DIMENSION_COLOURS = {
    "trust": "#0072B2",
    "satisfaction": "#E69F00",
    "communication": "#009E73",
    "loyalty": "#CC79A7",
}
HEALTH_COLOUR = "#332288"
ORDERS_COLOUR = "#56B4E9"
VALUE_COLOUR = "#117733"
FINDINGS_SHOWN = 10
PEOPLE_SHOWN = 12
ACTIONS_SHOWN = 8

REPORT_TEXT: dict[Language, Words] = i18n.table("report")
"""The report's words: the catalogue's `report.<key>` texts (graph/locale)."""

@dataclass(frozen=True)
class Finding:
    date: str
    type: str
    people: str
    note: str
    scores: str


def _findings(graph: AccountGraph, lang: Language) -> list[Finding]:
    people = graph.stakeholder_by_id
    found = [
        event
        for event in graph.interactions
        if event.type in FINDING_TYPES
        and (event.note or any(getattr(event, s) for s in SCORE_FIELDS))
    ]
    found.sort(key=lambda e: (e.date, e.id), reverse=True)
    text = REPORT_TEXT[lang]
    return [
        Finding(
            date=event.date.isoformat(),
            type=display_label(event.type, lang),
            people=", ".join(people[p].name if p in people else p for p in event.stakeholders),
            note=event.note,
            scores=" · ".join(
                f"{text[name]} {getattr(event, name)}"
                for name in SCORE_FIELDS
                if getattr(event, name) is not None
            ),
        )
        for event in found[:FINDINGS_SHOWN]
    ]


def report_context(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
) -> dict[str, Any]:
    """Everything the report template shows; SVG pictures are built by ElementTree,
    so they are safe to place as markup (user text in them is escaped text)."""
    text = REPORT_TEXT[lang]
    deal_params = (params or AnalysisParams(as_of=analysis.as_of)).model_copy(update={"lang": lang})
    health = analysis.health
    dimensions = [
        Series(text[name], DIMENSION_COLOURS[name], health.dimensions.get(name, {}))
        for name in SCORE_FIELDS
    ]
    purchases = analysis.purchases
    charts = {
        "dimensions": line_chart(
            text["dimensions"],
            dimensions,
            low=1,
            high=5,
            ticks=[1, 2, 3, 4, 5],
            css_class="dimensions",
            empty=text["no_data"],
        ),
        "health": line_chart(
            text["health_chart"],
            [Series(text["health_label"], HEALTH_COLOUR, health.by_period)],
            low=0,
            high=100,
            ticks=[0, 25, 50, 75, 100],
            css_class="health",
            empty=text["no_data"],
        ),
        "orders": bar_chart(
            text["orders_chart"],
            {q: float(p.orders) for q, p in purchases.by_period.items()},
            colour=ORDERS_COLOUR,
            label=text["orders_label"],
            css_class="orders",
            empty=text["no_data"],
        ),
        "value": bar_chart(
            text["value_chart"],
            {q: p.value for q, p in purchases.by_period.items()},
            colour=VALUE_COLOUR,
            label=text["value_label"],
            css_class="value",
            empty=text["no_data"],
        ),
    }
    people = graph.stakeholder_by_id
    key = [p for p in analysis.stakeholders if p.id in people][:PEOPLE_SHOWN]
    latest = {name: periods[max(periods)] for name, periods in health.dimensions.items() if periods}
    return {
        "lang": lang,
        "t": text,
        "analysis": analysis,
        "account": graph.account,
        "map_svg": Markup(influence_map_svg(graph, analysis, params=params, lang=lang)),  # noqa: S704 - ElementTree output
        "charts": {name: Markup(svg) for name, svg in charts.items()},  # noqa: S704 - ElementTree output
        "latest": latest,
        "dimension_names": SCORE_FIELDS,
        "people": key,
        "label": lambda value: display_label(value, lang),
        "actions": analysis.actions[:ACTIONS_SHOWN],
        "findings": _findings(graph, lang),
        "deals": [
            analyze_deal(graph, deal.id, deal_params)
            for deal in sorted(graph.deals, key=lambda deal: deal.id)
            if deal.status is DealStatus.open
        ],
        "amount": amount,
        "element_name": lambda element: wording.meddpicc(lang, element),
    }


def account_report_html(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
) -> str:
    """The report as one self-contained HTML document."""
    template = template_environment(lang).get_template("account_report.html")
    return template.render(report_context(graph, analysis, params=params, lang=lang))


def html_to_pdf(html: str, *, chromium: str | None = None) -> bytes:
    """Print our HTML to PDF (A4 landscape, as its CSS asks) in headless Chromium
    (`chromium`: its binary), in a thread of its own (Playwright's sync API refuses a
    thread with an event loop)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_print_pdf, html, chromium).result()


def _print_pdf(html: str, chromium: str | None) -> bytes:
    with chromium_page(width=1123, height=794, executable=chromium) as page:
        page.set_content(html, wait_until="load")
        page.emulate_media(media="print")
        pdf: bytes = page.pdf(prefer_css_page_size=True, print_background=True)
        return pdf
