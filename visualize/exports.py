"""Export format dispatch: an account as a file in the format a user asked for.

One function, `export_account`, renders every format the CLI's `export` and the
API's `/export` offer, with its media type and file name; `report_file` does the
same for the relationship report. The callers only write or send the bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from graph.analysis.account import analyze_account
from graph.analysis.deals import analyze_deal
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.errors import InvalidInput
from graph.model import AccountGraph
from graph.names import deal_id
from graph.vocabulary import Language
from visualize.cypher import cypher_script
from visualize.formats import bundle_zip, gexf_text, graphml_text, node_link
from visualize.html import influence_map_html
from visualize.picture import influence_map_svg, svg_to_png
from visualize.report import account_report_html, html_to_pdf


class ExportFormat(StrEnum):
    html = "html"
    svg = "svg"
    png = "png"
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    cypher = "cypher"


EXPORT_MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.html: "text/html; charset=utf-8",
    ExportFormat.svg: "image/svg+xml",
    ExportFormat.png: "image/png",
    ExportFormat.graphml: "application/graphml+xml",
    ExportFormat.gexf: "application/gexf+xml",
    ExportFormat.json: "application/json",
    ExportFormat.csv: "application/zip",
    ExportFormat.cypher: "text/plain; charset=utf-8",
}
EXPORT_SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.csv: ".zip",
    ExportFormat.cypher: ".cypher",
}
ANALYSED_FORMATS = (
    ExportFormat.html,
    ExportFormat.svg,
    ExportFormat.png,
    ExportFormat.graphml,
    ExportFormat.gexf,
)
"""Formats that carry analysis results (power, warmth, gaps) beside the data."""
DEAL_FORMATS = (ExportFormat.html, ExportFormat.svg, ExportFormat.png)
"""Formats that can show one deal (`export_account(deal=...)`): the maps."""


@dataclass(frozen=True)
class Export:
    """A file to write or send: its bytes, media type and suggested name."""

    data: bytes
    media_type: str
    filename: str


def export_account(
    graph: AccountGraph,
    format: ExportFormat,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
    chromium: str | None = None,
    deal: str | None = None,
) -> Export:
    """The account in `format` (the CSV bundle comes as one `.zip`); `chromium` is the
    browser binary PNG rendering uses (default: Debian's). A map (`DEAL_FORMATS`) can
    show one `deal` (an id or a unique name): its committee, bodies and competitors."""
    # The analysis explains itself in the export's language.
    params = (params or AnalysisParams()).model_copy(update={"lang": lang})
    if deal is not None and format not in DEAL_FORMATS:
        raise InvalidInput(
            [f"--deal: only the maps ({', '.join(f.value for f in DEAL_FORMATS)}) show one deal"]
        )
    analysis = analyze_account(graph, params) if format in ANALYSED_FORMATS else None
    shown = None if deal is None else analyze_deal(graph, deal_id(graph, deal), params)
    data: bytes
    if format is ExportFormat.html:
        assert analysis is not None
        data = influence_map_html(
            graph, analysis, params=params, lang=lang, deal_analysis=shown
        ).encode()
    elif format in (ExportFormat.svg, ExportFormat.png):
        assert analysis is not None
        svg = influence_map_svg(graph, analysis, params=params, lang=lang, deal_analysis=shown)
        data = svg_to_png(svg, chromium=chromium) if format is ExportFormat.png else svg.encode()
    elif format is ExportFormat.graphml:
        data = graphml_text(graph, analysis).encode()
    elif format is ExportFormat.gexf:
        data = gexf_text(graph, analysis).encode()
    elif format is ExportFormat.json:
        data = (json.dumps(node_link(graph), ensure_ascii=False, indent=2) + "\n").encode()
    elif format is ExportFormat.csv:
        data = bundle_zip(graph, lang=lang)
    else:
        data = cypher_script(graph).encode()
    suffix = EXPORT_SUFFIXES.get(format, f".{format.value}")
    stem = graph.account.id if shown is None else f"{graph.account.id}-{shown.deal.id}"
    return Export(data=data, media_type=EXPORT_MEDIA_TYPES[format], filename=f"{stem}{suffix}")


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


def report_file(
    graph: AccountGraph,
    analysis: AccountAnalysis,
    format: ReportFormat,
    *,
    params: AnalysisParams,
    lang: Language = "en",
    chromium: str | None = None,
) -> Export:
    """The account relationship report (visualize/report.py) as HTML or PDF."""
    html = account_report_html(graph, analysis, params=params, lang=lang)
    account_id = graph.account.id
    if format is ReportFormat.pdf:
        return Export(
            html_to_pdf(html, chromium=chromium), "application/pdf", f"{account_id}-report.pdf"
        )
    return Export(html.encode(), "text/html; charset=utf-8", f"{account_id}-report.html")
