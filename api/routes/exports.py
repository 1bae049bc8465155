"""Files of an account: exports, the relationship report, the survey to send."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth import readable_account
from api.deps import SettingsDep, StoreDep, UserDep
from api.routes.common import AccountPath, download
from api.services.exporting import account_report, survey_export
from graph.analysis.params import AnalysisParams
from graph.vocabulary import Language
from importers.survey import SurveyFormat
from visualize.exports import ExportFormat, ReportFormat, export_account

router = APIRouter(tags=["export"])


@router.get(
    "/accounts/{account_id}/export",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file"}},
)
def export(
    store: StoreDep,
    user: UserDep,
    settings: SettingsDep,
    account_id: AccountPath,
    format: ExportFormat,
    lang: Language = "en",
    deal: Annotated[str | None, Query(max_length=300)] = None,
) -> Response:
    """The account as an influence map (html, svg, png) or data (graphml, gexf, json, csv zip,
    cypher); `deal` (an id or a unique name) makes a map show that deal."""
    readable_account(store, user, account_id)
    graph = store.account_graph(account_id)
    return download(
        export_account(
            graph,
            format,
            params=AnalysisParams(),
            lang=lang,
            chromium=settings.chromium,
            deal=deal,
        )
    )


@router.get(
    "/accounts/{account_id}/report",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "text/html": {}}, "description": "The report"}
    },
)
def report(
    store: StoreDep,
    user: UserDep,
    settings: SettingsDep,
    account_id: AccountPath,
    format: ReportFormat = ReportFormat.html,
    lang: Language = "en",
) -> Response:
    """The account relationship report for a quarterly review (html or pdf)."""
    readable_account(store, user, account_id)
    return download(
        account_report(store, account_id, format, lang=lang, chromium=settings.chromium)
    )


@router.get(
    "/accounts/{account_id}/survey",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The survey"}},
)
def survey(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    format: SurveyFormat = SurveyFormat.xlsx,
    lang: Language = "en",
    stakeholder: Annotated[list[str] | None, Query(max_length=500)] = None,
    supplier: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The relationship survey to send, one questionnaire per stakeholder (all active
    ones, or those named); filled in, it imports back with `format=survey`."""
    readable_account(store, user, account_id)
    exported, _ = survey_export(
        store.account_graph(account_id),
        format,
        lang=lang,
        stakeholders=stakeholder,
        supplier=supplier,
    )
    return download(exported)
