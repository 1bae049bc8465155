"""What a request needs, as FastAPI dependencies: the settings, the store, the caches,
and who is asking. The JSON routes and the pages both use these; nothing else reads
`request.app.state` (create_app fills it once, at start-up).

Who is asking (api/auth.py has the rules):
- `current_user` (JSON API): the Bearer token when one is sent, else the sign-in
  cookie, which may change nothing from another origin;
- `page_user` (pages): the sign-in cookie only, with the same origin rule.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth import COOKIE, BadTokens, authenticate, check_same_origin
from api.services.analysis import AnalysisCache
from api.services.pending import PendingUploads
from api.settings import Settings
from graph.errors import Forbidden
from graph.store import GraphStore
from graph.users import User, UserRole

_bearer = HTTPBearer(auto_error=False, description="The token `stakegraph user add` printed")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> GraphStore:
    """The store itself (not acting for anyone): for reads before sign-in."""
    store: GraphStore = request.app.state.store
    return store


def get_cache(request: Request) -> AnalysisCache:
    cache: AnalysisCache = request.app.state.cache
    return cache


def get_failures(request: Request) -> BadTokens:
    failures: BadTokens = request.app.state.failures
    return failures


def get_pending_uploads(request: Request) -> PendingUploads:
    pending: PendingUploads = request.app.state.pending_uploads
    return pending


SettingsDep = Annotated[Settings, Depends(get_settings)]
BaseStoreDep = Annotated[GraphStore, Depends(get_store)]
CacheDep = Annotated[AnalysisCache, Depends(get_cache)]
FailuresDep = Annotated[BadTokens, Depends(get_failures)]
PendingDep = Annotated[PendingUploads, Depends(get_pending_uploads)]


def client_address(request: Request) -> str:
    """The address bad tokens are counted under (the peer, or a trusted proxy's word)."""
    return request.client.host if request.client else "unknown"


def same_origin(request: Request) -> None:
    """`check_same_origin` for this request."""
    check_same_origin(
        method=request.method,
        origin=request.headers.get("origin"),
        referer=request.headers.get("referer"),
        host=request.url.netloc,
    )


def request_user(
    request: Request, store: GraphStore, failures: BadTokens, bearer: str | None = None
) -> User:
    """The caller: by the bearer token when one is sent, else by the sign-in cookie,
    which may change nothing from another origin (api/auth.py)."""
    token = bearer
    if token is None:
        token = request.cookies.get(COOKIE)
        if token:
            same_origin(request)
    return authenticate(store, token, client=client_address(request), failures=failures)


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    store: BaseStoreDep,
    failures: FailuresDep,
) -> User:
    """The JSON API's caller (Bearer header, else cookie)."""
    return request_user(request, store, failures, credentials.credentials if credentials else None)


def page_user(request: Request, store: BaseStoreDep, failures: FailuresDep) -> User:
    """The pages' caller (the sign-in cookie)."""
    return request_user(request, store, failures)


UserDep = Annotated[User, Depends(current_user)]
PageUserDep = Annotated[User, Depends(page_user)]


def store_of(user: UserDep, store: BaseStoreDep) -> GraphStore:
    """The store, recording this request's writes in history as made by the caller."""
    return store.acting_as(user)


def page_store_of(user: PageUserDep, store: BaseStoreDep) -> GraphStore:
    return store.acting_as(user)


StoreDep = Annotated[GraphStore, Depends(store_of)]
PageStoreDep = Annotated[GraphStore, Depends(page_store_of)]


def admin_only(user: UserDep) -> User:
    """The caller, if an admin; 403 otherwise (the user routes are documented, not secret)."""
    check_admin(user)
    return user


def check_admin(user: User, *, action: str = "manage users") -> None:
    """Forbidden unless `user` is an admin; the message names what they tried."""
    if user.role is not UserRole.admin:
        raise Forbidden(f"{user.id} may not {action}: only an admin may")


AdminDep = Annotated[User, Depends(admin_only)]
