"""Deal pages: the pipeline for managers (`/pipeline`) and one deal of an account
(`/accounts/{id}/deals/{deal}`: its committee, bodies and scorecard). Sorting is a
link (`?sort=`), so it works without JavaScript."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.auth import readable_versioned_account
from api.deps import CacheDep, PageStoreDep, PageUserDep
from api.services.deals import cached_deal_analysis, pipeline_for
from api.web.render import page_params, render
from graph.analysis import wording
from graph.analysis.pipeline import SORT_KEYS
from graph.vocabulary import DealStatus
from visualize.deal_text import amount

router = APIRouter(include_in_schema=False)

COLUMNS = ("qualification", "amount", "coverage", "body_coverage", "exposure", "stage", "close")
"""The open-deals table's sortable columns, in order (graph/analysis/pipeline.py)."""


@router.get("/pipeline", response_class=HTMLResponse)
def pipeline_page(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    sort: str = "qualification",
) -> HTMLResponse:
    params = page_params(request)
    chosen = sort if sort in SORT_KEYS else "qualification"
    overview = pipeline_for(store, user, params, cache, sort=chosen)
    return render(
        request,
        "pipeline.html",
        {
            "user": user,
            "pipeline": overview,
            "sort": chosen,
            "columns": COLUMNS,
            "amount": amount,
            "outcome_status": {"won": DealStatus.won, "lost": DealStatus.lost},
        },
    )


@router.get("/accounts/{account_id}/deals/{deal}", response_class=HTMLResponse)
def deal_page(
    request: Request,
    account_id: str,
    deal: str,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
) -> HTMLResponse:
    _, version = readable_versioned_account(store, user, account_id)
    params = page_params(request)
    analysis = cached_deal_analysis(store, account_id, deal, params, cache, version=version)
    lang = params.lang
    return render(
        request,
        "deal.html",
        {
            "user": user,
            "analysis": analysis,
            "amount": amount,
            "element_name": lambda element: wording.meddpicc(lang, element),
            "status_name": lambda status: wording.score_status(lang, status),
        },
    )
