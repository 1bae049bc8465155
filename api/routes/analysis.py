"""Analyses: the `analyze --json` document, warm paths, what-ifs, the portfolio."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.auth import readable_account, readable_versioned_account
from api.deps import CacheDep, StoreDep, UserDep
from api.routes.common import AccountPath, LangQuery, json_document
from api.schemas import WhatIfRequest
from api.services.analysis import path_to, portfolio_for, what_if
from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import Portfolio
from graph.analysis.results import AccountAnalysis, WarmPath, WhatIf
from graph.names import person_or_member_id, stakeholder_id

router = APIRouter(tags=["analysis"])


@router.get("/accounts/{account_id}/analysis", response_model=AccountAnalysis)
def analysis(
    store: StoreDep, user: UserDep, cache: CacheDep, account_id: AccountPath, lang: LangQuery = "en"
) -> Response:
    """The `analyze --json` document: power, key people, chain, coverage, health, actions."""
    _, version = readable_versioned_account(store, user, account_id)
    document = cache.analysis_json(store, account_id, AnalysisParams(lang=lang), version=version)
    return json_document(document, version)


@router.get("/accounts/{account_id}/paths", response_model=WarmPath)
def paths(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    # A unique name works as well as an id (graph/names.py); the description stays as the
    # OpenAPI contract fixes it (tests/api/test_openapi_unchanged.py).
    to: Annotated[str, Query(min_length=1, description="Stakeholder id to reach")],
    lang: LangQuery = "en",
) -> WarmPath:
    """The warmest introduction route from our team to a stakeholder ("no route" is an answer)."""
    readable_account(store, user, account_id)
    graph = store.account_graph(account_id)
    return path_to(graph, stakeholder_id(graph, to), AnalysisParams(lang=lang))


@router.post("/accounts/{account_id}/whatif", response_model=WhatIf)
def whatif(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    body: WhatIfRequest,
    lang: LangQuery = "en",
) -> WhatIf:
    """Coverage and gaps if a stakeholder or a team member left (nothing is changed)."""
    readable_account(store, user, account_id)
    graph = store.account_graph(account_id)
    return what_if(graph, person_or_member_id(graph, body.remove), AnalysisParams(lang=lang))


@router.get("/portfolio", response_model=Portfolio)
def portfolio(store: StoreDep, user: UserDep, cache: CacheDep, lang: LangQuery = "en") -> Portfolio:
    """Coverage, health and risk across the accounts the caller may read, riskiest first."""
    return portfolio_for(store, user, AnalysisParams(lang=lang), cache)
