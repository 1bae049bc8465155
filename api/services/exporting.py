"""Export use cases on a stored account: the report (analysed with its history) and
the survey to send. The file formats themselves are visualize/exports.py's."""

from __future__ import annotations

from api.services.analysis import analysis_of
from graph.analysis.params import AnalysisParams
from graph.model import AccountGraph
from graph.store import GraphStore
from graph.vocabulary import Language
from importers.survey import SurveyFormat, survey_document
from visualize.exports import Export, ReportFormat, report_file

SURVEY_MEDIA_TYPES = {
    SurveyFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SurveyFormat.csv: "text/csv; charset=utf-8",
}


def account_report(
    store: GraphStore,
    account_id: str,
    format: ReportFormat,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
    chromium: str | None = None,
) -> Export:
    """The account relationship report (visualize/report.py), analysed with its history."""
    # The analysis explains itself in the report's language.
    params = (params or AnalysisParams()).model_copy(update={"lang": lang})
    graph = store.account_graph(account_id)
    analysis = analysis_of(store, account_id, params, graph)
    return report_file(graph, analysis, format, params=params, lang=lang, chromium=chromium)


def survey_export(
    graph: AccountGraph,
    format: SurveyFormat,
    *,
    lang: Language = "en",
    stakeholders: list[str] | None = None,
    supplier: str | None = None,
) -> tuple[Export, int]:
    """The relationship survey to send (importers/survey.py), and how many people it asks."""
    data, people = survey_document(
        graph, format, lang=lang, stakeholders=stakeholders or None, supplier=supplier
    )
    name = f"{graph.account.id}-survey.{format.value}"
    return Export(data, SURVEY_MEDIA_TYPES[format], name), people
