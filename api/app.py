"""The FastAPI application: the JSON API under /api/v1 and the web pages at /.

`create_app` takes the `Settings` (read from the environment once, here, when
none are given) and fills `app.state` once (store, analysis cache, bad-token
counts, pending uploads; the last two are kept in the store, so workers share
them), which `api/deps.py` hands to routes and pages. The
routes live in `api/routes/` (JSON) and `api/web/` (pages). Every error of ours
becomes one JSON (or page) answer with a plain message, in this one place:

| error | status |
|---|---|
| Unauthenticated | 401 (with `WWW-Authenticate: Bearer`) |
| Forbidden | 403 |
| NotFound | 404 |
| Conflict (e.g. a stale `If-Match`) | 409 |
| InvalidInput (models built from input raise it too), request validation | 422, naming each field |
| TooLarge (the store refused a write for its size) | 413 |
| TooManyAttempts (bad tokens) | 429 (with `Retry-After`) |
| StoreUnavailable (Neo4j down) | 503 |

JSON error bodies are `{"error": "one line", "problems": ["…", …]}`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import StoredFailedAttempts, TooManyAttempts
from api.routes import router
from api.services.analysis import AnalysisCache
from api.services.pending import PendingUploads
from api.settings import Settings
from api.uploads import BodyLimit, remove_stale_upload_folders
from api.web import router as web_router
from api.web.render import error_page, language, static_files
from graph.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    StakegraphError,
    StoreUnavailable,
    TooLarge,
    Unauthenticated,
    stored_data_message,
)
from graph.i18n import Language, translate
from graph.store import GraphStore, open_store

log = logging.getLogger("stakegraph")

STATUS: list[tuple[type[StakegraphError], int]] = [
    (Unauthenticated, 401),
    (Forbidden, 403),
    (NotFound, 404),
    (Conflict, 409),
    (InvalidInput, 422),
    (TooLarge, 413),
    (TooManyAttempts, 429),
    (StoreUnavailable, 503),
]


def status_of(error: StakegraphError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def error_response(
    status: int, message: str, problems: list[str] | None = None, *, lang: Language = "en"
) -> JSONResponse:
    """The JSON error body, in `lang` (`?lang=zh`, else Accept-Language)."""
    shown = [translate(lang, problem) for problem in problems or [message]]
    return JSONResponse(
        {"error": translate(lang, message), "problems": shown}, status_code=status
    )


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


def create_app(settings: Settings | None = None, *, store: GraphStore | None = None) -> FastAPI:
    """The app on `store` (or the store `settings` name, opened at start-up)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        remove_stale_upload_folders()  # left by a server that crashed
        if owned:
            _share_store(
                app,
                settings,
                open_store(
                    settings.store,
                    user=settings.neo4j_user,
                    password=settings.neo4j_password,
                    database=settings.neo4j_database,
                ),
            )
        # Expired uploads only: the others may be waiting for another worker's confirm.
        app.state.pending_uploads.prune()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="stakegraph",
        version="1",
        summary="Map a client's decision chain: stakeholders, influence, buying roles, coverage.",
        lifespan=lifespan,
        docs_url="/docs",
        openapi_url="/api/v1/openapi.json",
    )
    if store is not None:  # tests hand a store in; TestClient without `with` skips lifespan
        _share_store(app, settings, store)
    app.state.settings = settings
    app.add_middleware(
        BodyLimit, limit=settings.max_request_bytes, upload_limit=settings.max_upload_bytes
    )
    app.state.cache = AnalysisCache()

    @app.exception_handler(StakegraphError)
    async def stakegraph_error(request: Request, error: StakegraphError) -> Response:
        status = status_of(error)
        if _wants_html(request):
            return error_page(request, status, str(error))
        problems = error.problems if isinstance(error, InvalidInput) else None
        response = error_response(status, str(error), problems, lang=language(request))
        if isinstance(error, Unauthenticated):
            response.headers["WWW-Authenticate"] = "Bearer"
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after)
        if isinstance(error, StoreUnavailable):
            log.warning("store unavailable: %s", error)
        return response

    @app.exception_handler(ValidationError)
    async def stored_data_invalid(request: Request, error: ValidationError) -> Response:
        # Input is validated into InvalidInput where it enters (graph.errors.validated);
        # a ValidationError reaching here is data read back from the store that no
        # longer validates (a direct database edit): the store cannot serve it.
        message = stored_data_message(error)
        log.warning("%s", message)
        if _wants_html(request):
            return error_page(request, 503, message)
        return error_response(503, message, lang=language(request))

    @app.exception_handler(RequestValidationError)
    async def request_invalid(request: Request, error: RequestValidationError) -> Response:
        problems = [_validation_line(item) for item in error.errors()]
        if _wants_html(request):  # a page's form: a page, never JSON
            return error_page(request, 422, problems[0] if problems else "invalid request")
        return error_response(
            422, problems[0] if problems else "invalid request", problems, lang=language(request)
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = str(error.detail) if error.detail else "error"
        if _wants_html(request):
            return error_page(request, error.status_code, message)
        return error_response(error.status_code, message, lang=language(request))

    app.include_router(router)
    app.include_router(web_router)
    app.mount("/static", static_files(), name="static")
    return app


def _share_store(app: FastAPI, settings: Settings, store: GraphStore) -> None:
    """The store, and the state every worker shares through it."""
    app.state.store = store
    app.state.failures = StoredFailedAttempts(
        store,
        settings.max_failures,
        settings.failure_window_s,
        total_limit=settings.max_failures_total,
    )
    app.state.pending_uploads = PendingUploads(
        store, settings.upload_folder, ttl=settings.pending_upload_ttl_s
    )


def app_from_environment() -> FastAPI:
    """The app on the settings of the environment: the factory each worker of
    `serve --workers N` calls (uvicorn imports it by name in every worker process)."""
    return create_app(Settings())


def _validation_line(item: dict[str, Any]) -> str:
    location = [
        str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "header")
    ]
    message = str(item.get("msg", "is invalid")).removeprefix("Value error, ")
    if item.get("type") == "missing":
        message = "is required"
    elif item.get("type") == "extra_forbidden":
        message = "is not a known field"
    return f"{'.'.join(location) or 'request'}: {message}"
