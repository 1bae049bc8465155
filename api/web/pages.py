"""Web pages for people: sign-in, accounts, portfolio, an account with its map.

Server-rendered Jinja templates (autoescaped: user text is never markup), a few
lines of JavaScript only for the sign-in link and table sorting. The pages use
the same dependencies, use cases and access rules as the JSON API; the session is
the API token in an HttpOnly, SameSite=Strict cookie, so form posts from other
sites carry no credentials (and are refused by an Origin check as well).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import COOKIE, authenticate, readable_account
from api.deps import (
    BaseStoreDep,
    CacheDep,
    FailuresDep,
    PageStoreDep,
    PageUserDep,
    SettingsDep,
    client_address,
    same_origin,
)
from api.services.analysis import portfolio_for, warm_paths_to_cold_key_people
from api.services.deals import cached_deal_analysis
from api.web.render import page_params, render
from graph.analysis.deals import stage_label
from graph.analysis.portfolio import PortfolioRow
from graph.errors import Unauthenticated
from graph.model import SCORE_FIELDS, Account, Stakeholder
from graph.names import names_by_id, natural_key
from graph.store import GraphStore
from graph.users import User, UserRole, can_write, may_change_owner, token_hash
from graph.vocabulary import (
    InfluenceKind,
    InteractionType,
    MemberRole,
    Role,
    Seniority,
    Stance,
    Tier,
)
from visualize.deal_text import amount
from visualize.html import influence_map_html
from visualize.scene import UI_TEXT as MAP_TEXT

router = APIRouter(include_in_schema=False)

# --- sign-in ---------------------------------------------------------------------


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> HTMLResponse:
    return render(request, "signin.html", {"user": None, "error": None})


@router.post("/signin", dependencies=[Depends(same_origin)])
def signin(
    request: Request,
    store: BaseStoreDep,
    failures: FailuresDep,
    settings: SettingsDep,
    token: Annotated[str, Form()],
    switch: Annotated[str, Form()] = "",
) -> Response:
    """Sign in with a token. When the browser is signed in as someone else, ask first
    (`switch=yes` confirms): a link carrying another person's token must not quietly
    move a rep's work into that person's accounts."""
    token = token.strip()
    try:
        user = authenticate(store, token, client=client_address(request), failures=failures)
    except Unauthenticated as error:
        return render(request, "signin.html", {"user": None, "error": str(error)}, status=401)
    signed_in = request.cookies.get(COOKIE)
    current = store.user_for_token(token_hash(signed_in)) if signed_in else None
    if current is not None and current.id != user.id and switch != "yes":
        page = render(
            request,
            "signin.html",
            {"user": None, "error": None, "switch": {"from": current, "to": user, "token": token}},
            status=409,
        )
        page.headers["Cache-Control"] = "no-store"
        return page
    answer = RedirectResponse("/", status_code=303)
    answer.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=settings.session_days * 86400,
    )
    return answer


@router.post("/signout", dependencies=[Depends(same_origin)])
def signout() -> Response:
    answer = RedirectResponse("/signin", status_code=303)
    answer.delete_cookie(COOKIE)
    return answer


# --- accounts and portfolio ---------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def accounts_page(
    request: Request, user: PageUserDep, store: PageStoreDep, cache: CacheDep
) -> HTMLResponse:
    result = portfolio_for(store, user, page_params(request), cache)
    # the signed-in user's own accounts first ("my accounts"), then the rest by name
    rows = sorted(result.accounts, key=lambda row: (row.owner != user.id, row.name.lower()))
    return render(
        request, "accounts.html", {"user": user, "rows": rows, "user_names": user_names(store)}
    )


def user_names(store: GraphStore) -> dict[str, str]:
    """Each user's name by id (their id when they gave none): pages show owners by name."""
    return {known.id: known.name or known.id for known in store.list_users()}


def _dimension_key(name: str) -> Callable[[PortfolioRow], float]:
    # Unmeasured dimensions sort below every score.
    def key(row: PortfolioRow) -> float:
        value: float | None = getattr(row, name)
        return -1.0 if value is None else value

    return key


SORT_KEYS: dict[str, Callable[[PortfolioRow], Any]] = {
    "name": lambda row: row.name.lower(),
    "owner": lambda row: row.owner or "",
    "coverage": lambda row: row.coverage,
    "health": lambda row: -1.0 if row.health is None else row.health,
    "risk": lambda row: {"high": 0, "medium": 1, "low": 2}[row.risk],
    "people": lambda row: row.stakeholders,
    **{name: _dimension_key(name) for name in SCORE_FIELDS},
}


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    sort: str = "risk",
    order: str = "asc",
) -> HTMLResponse:
    result = portfolio_for(store, user, page_params(request), cache)
    key = SORT_KEYS.get(sort, SORT_KEYS["risk"])
    rows = sorted(result.accounts, key=key, reverse=order == "desc")
    return render(
        request,
        "portfolio.html",
        {
            "user": user,
            "rows": rows,
            "reps": result.reps,
            "sort": sort if sort in SORT_KEYS else "risk",
            "dimensions": SCORE_FIELDS,
            "order": order,
            "user_names": user_names(store),
        },
    )


# --- one account ---------------------------------------------------------------------


@dataclass
class FormState:
    kind: str | None = None
    error: str | None = None
    values: dict[str, str] | None = None
    existing: tuple[Stakeholder, str] | None = None
    """A person the "add" form would have duplicated or overwritten, and by what."""


@dataclass(frozen=True)
class Choice:
    """A user the owner select and team boxes offer."""

    id: str
    label: str


def user_choices(store: GraphStore, user: User, account: Account) -> list[Choice]:
    """Whom the form offers as owner or team member. Admins and managers may list every
    user, so they are offered every active one; a rep is offered themselves, the
    current owner and the team. Ids already on the account are always offered (an owner
    who is only a team member's id, or a deactivated user), so saving keeps them."""
    users = {u.id: u for u in store.list_users()}
    if user.role in (UserRole.admin, UserRole.manager):
        wanted = {u.id for u in users.values() if u.active}
    else:
        wanted = {user.id}
    wanted |= set(account.team) | ({account.owner} if account.owner else set())
    choices = []
    for user_id in wanted:
        known = users.get(user_id)
        label = f"{known.name} ({user_id})" if known is not None and known.name else user_id
        choices.append(Choice(id=user_id, label=label))
    return sorted(choices, key=lambda choice: natural_key(choice.label))


def account_context(
    request: Request, user: User, store: BaseStoreDep, cache: CacheDep, account_id: str
) -> dict[str, Any]:
    """What the account page shows (also re-shown, with its error, after a bad form)."""
    account = readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    params = page_params(request)
    analysis = cache.analysis(store, account_id, params, version=version)
    return {
        "user": user,
        "account": account,
        "version": version,
        "graph": graph,
        "analysis": analysis,
        "people": graph.stakeholder_by_id,
        "members": graph.member_by_id,
        "people_by_name": sorted(graph.stakeholders, key=lambda p: natural_key(p.name)),
        "members_by_name": sorted(graph.members, key=lambda m: natural_key(m.name)),
        "names": names_by_id(graph),
        # the signed-in user's own team member (TeamMember.user): the forms' default "us"
        "my_member": getattr(graph.member_of_user(user.id), "id", ""),
        "paths": warm_paths_to_cold_key_people(graph, analysis, params),
        "deals": sorted(graph.deals, key=lambda deal: (deal.status != "open", natural_key(deal.name))),
        # ?deal= shows that deal's map in the frame (an id of this account's deals only)
        "map_deal": next(
            (deal.id for deal in graph.deals if deal.id == request.query_params.get("deal")), None
        ),
        "stage_label": lambda stage: stage_label(stage, params.lang),
        "amount": amount,
        "editable": can_write(user, account),
        "may_change_owner": may_change_owner(user, account),
        "user_choices": user_choices(store, user, account),
        "user_names": user_names(store),
        "tiers": list(Tier),
        "roles": list(Role),
        "stances": list(Stance),
        "seniorities": list(Seniority),
        "influence_kinds": list(InfluenceKind),
        "interaction_types": list(InteractionType),
        "member_roles": list(MemberRole),
        "today": date.today().isoformat(),
        "form": FormState(),
        "saved": request.query_params.get("saved"),
        "map_text": MAP_TEXT[params.lang],
    }


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    request: Request, user: PageUserDep, store: PageStoreDep, cache: CacheDep, account_id: str
) -> HTMLResponse:
    context = account_context(request, user, store, cache, account_id)
    return render(request, "account.html", context)


@router.get("/accounts/{account_id}/map", response_class=HTMLResponse)
def account_map(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
    deal: Annotated[str | None, Query(max_length=300)] = None,
) -> HTMLResponse:
    """The account's map, or with `deal` (an id or a unique name) that deal's."""
    readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    params = page_params(request)
    analysis = cache.analysis(store, account_id, params, version=version)
    shown = (
        None
        if deal is None
        else cached_deal_analysis(store, account_id, deal, params, cache, version=version)
    )
    page = HTMLResponse(
        influence_map_html(graph, analysis, params=params, lang=params.lang, deal_analysis=shown)
    )
    # The map runs its own inline script and needs nothing else from anywhere.
    page.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'self'"
    )
    return page
