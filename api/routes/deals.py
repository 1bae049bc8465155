"""Deals: a deal's analysis and the pipeline (the deals themselves are entities:
api/routes/entities.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.auth import readable_versioned_account
from api.deps import CacheDep, StoreDep, UserDep
from api.routes.common import AccountPath, LangQuery, json_document
from api.services.deals import deal_analysis_json, pipeline_for
from graph.analysis.params import AnalysisParams
from graph.analysis.pipeline import Pipeline, SortKey
from graph.analysis.results import DealAnalysis

router = APIRouter(tags=["deals"])

DealPath = Annotated[
    str, Path(description="Deal id (or a unique deal name)", min_length=1, max_length=300)
]


@router.get("/accounts/{account_id}/deals/{deal}/analysis", response_model=DealAnalysis)
def deal_analysis(
    store: StoreDep,
    user: UserDep,
    cache: CacheDep,
    account_id: AccountPath,
    deal: DealPath,
    lang: LangQuery = "en",
) -> Response:
    """The `analyze --deal --json` document: the buying committee's power and coverage,
    decision bodies, competitor exposure, gaps, actions and the MEDDPICC scorecard."""
    _, version = readable_versioned_account(store, user, account_id)
    document = deal_analysis_json(
        store, account_id, deal, AnalysisParams(lang=lang), cache, version=version
    )
    return json_document(document, version)


@router.get("/pipeline", response_model=Pipeline)
def pipeline(
    store: StoreDep,
    user: UserDep,
    cache: CacheDep,
    lang: LangQuery = "en",
    sort: Annotated[SortKey, Query(description="Sort open deals by this")] = "qualification",
) -> Pipeline:
    """Open deals across the accounts the caller may read, with qualification, coverage
    and exposure; closed deals' figures at close against their outcome."""
    return pipeline_for(store, user, AnalysisParams(lang=lang), cache, sort=sort)
