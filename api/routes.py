"""The JSON API under /api/v1 (DESIGN.md, "Interfaces"): wiring only.

Concurrency: every account has a version, bumped by every write to it. Reads of
an account or anything in it answer `ETag: "VERSION"`; a write may send
`If-Match: "VERSION"` and is refused with 409 when the account has moved on
(checked inside the write's transaction, so two writers cannot both pass).
"""

from __future__ import annotations

import inspect
import re
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Any, Generic, TypeVar

from fastapi import (
    APIRouter,
    Body,
    Depends,
    File,
    Header,
    Path,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, create_model

from api import services
from api.auth import (
    COOKIE,
    account_if_exists,
    authenticate,
    check_new_account,
    check_same_origin,
    readable_account,
    readable_versioned_account,
    writable_account,
)
from api.services import ExportFormat
from api.uploads import MAX_UPLOAD_BYTES, upload_folder
from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import Portfolio
from graph.analysis.results import AccountAnalysis, WarmPath, WhatIf
from graph.erasure import ErasureReport
from graph.errors import Forbidden, InvalidInput
from graph.history import Change, moment
from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    Entity,
    Influence,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graph.store import GraphStore
from graph.store.base import entity_not_found
from graph.users import Offboarding, User, UserRole, can_read
from graph.vocabulary import Language
from importers.formats import ImportFormat
from importers.report import ImportReport
from importers.survey import SurveyFormat


class ErrorBody(BaseModel):
    """Every error answer: one line to show, and every problem found (validation lists several)."""

    error: str
    problems: list[str]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No token, or one that matches no user"},
    403: {"model": ErrorBody, "description": "Visible to the caller, but not theirs to change"},
    404: {
        "model": ErrorBody,
        "description": "No such account or entity (or not visible to the caller)",
    },
    409: {
        "model": ErrorBody,
        "description": "Conflict: exists already, or If-Match names an old version",
    },
    422: {"model": ErrorBody, "description": "Invalid input; each problem names its field"},
    429: {
        "model": ErrorBody,
        "description": "Too many bad tokens from this address; see Retry-After",
    },
    503: {"model": ErrorBody, "description": "The store is unavailable (e.g. Neo4j down)"},
}

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
_bearer = HTTPBearer(auto_error=False, description="The token `stakegraph user add` printed")

UPLOAD_SUFFIXES = (
    ".csv", ".tsv", ".txt", ".zip", ".xlsx", ".xlsm", ".xls", ".ods", ".json", ".graphml"
)


def _base_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def same_origin(request: Request) -> None:
    """`check_same_origin` for this request."""
    check_same_origin(
        method=request.method,
        origin=request.headers.get("origin"),
        referer=request.headers.get("referer"),
        host=request.url.netloc,
    )


def request_user(request: Request, bearer: str | None = None) -> User:
    """The caller: by the bearer token when one is sent, else by the sign-in cookie,
    which may change nothing from another origin (api/auth.py)."""
    token = bearer
    if token is None:
        token = request.cookies.get(COOKIE)
        if token:
            same_origin(request)
    client = request.client.host if request.client else "unknown"
    return authenticate(
        _base_store(request), token, client=client, failures=request.app.state.failures
    )


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    return request_user(request, credentials.credentials if credentials else None)


def store_of(user: Annotated[User, Depends(current_user)], request: Request) -> GraphStore:
    """The store, recording this request's writes in history as made by the caller."""
    return _base_store(request).acting_as(user)


StoreDep = Annotated[GraphStore, Depends(store_of)]
UserDep = Annotated[User, Depends(current_user)]
AccountPath = Annotated[str, Path(description="Account id", min_length=1, max_length=200)]
LangQuery = Annotated[Language, Query(description="Language of the explanations: en or zh")]
IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        description='The account version this change is based on, as its ETag gave it ("3")',
    ),
]

_VERSION = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names; None without one (or with `*`)."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _VERSION.match(if_match)
    if match is None:
        raise InvalidInput([f'If-Match: expected an account version such as "3", got {if_match!r}'])
    return int(match.group(1))


def etag(response: Response, version: int | None) -> None:
    if version is not None:
        response.headers["ETag"] = f'"{version}"'


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


class VersionedAccount(BaseModel):
    account: Account
    version: int


class AccountSummaryOut(BaseModel):
    account: Account
    version: int
    counts: dict[str, int]


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    remove: str = Field(min_length=1, description="Stakeholder or team member id")


# --- me, accounts ------------------------------------------------------------


@router.get("/me", response_model=User, tags=["users"])
def me(user: UserDep) -> User:
    """The user the token belongs to."""
    return user


@router.get("/accounts", response_model=Page[AccountSummaryOut], tags=["accounts"])
def list_accounts(
    store: StoreDep,
    user: UserDep,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Page[AccountSummaryOut]:
    """Accounts the caller may read, by id, with their versions and entity counts."""
    visible = [
        AccountSummaryOut(account=s.account, version=s.version, counts=s.counts)
        for s in store.list_accounts()
        if can_read(user, s.account)
    ]
    return Page(
        items=visible[offset : offset + limit], total=len(visible), offset=offset, limit=limit
    )


AccountInput = create_model(
    "AccountInput",
    __config__=ConfigDict(extra="forbid"),
    **{name: (info.annotation, info) for name, info in Account.model_fields.items()},  # type: ignore[call-overload]
)
AccountUpdate = create_model(
    "AccountUpdate",
    __config__=ConfigDict(extra="forbid"),
    **{
        name: (info.annotation, info) for name, info in Account.model_fields.items() if name != "id"
    },  # type: ignore[call-overload]
)


@router.post("/accounts", status_code=201, response_model=VersionedAccount, tags=["accounts"])
def create_account(
    store: StoreDep,
    user: UserDep,
    response: Response,
    body: Annotated[AccountInput, Body()],
) -> VersionedAccount:
    """Create an account. Without an owner, the caller owns it. 409 if the id is taken."""
    fields = body.model_dump(exclude_unset=True)
    fields.setdefault("owner", user.id)
    account = Account.model_validate(fields)
    check_new_account(user, account)
    report = store.upsert_account(account, mode="create")
    etag(response, report.version)
    return VersionedAccount(account=account, version=report.version or 1)


@router.get("/accounts/{account_id}", response_model=VersionedAccount, tags=["accounts"])
def get_account(
    store: StoreDep, user: UserDep, account_id: AccountPath, response: Response
) -> VersionedAccount:
    account = readable_account(store, user, account_id)
    version = store.account_version(account_id)
    etag(response, version)
    return VersionedAccount(account=account, version=version)


@router.put("/accounts/{account_id}", response_model=VersionedAccount, tags=["accounts"])
def update_account(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    response: Response,
    body: Annotated[AccountUpdate, Body()],
    if_match: IfMatch = None,
) -> VersionedAccount:
    """Replace the account's own fields (name, owner, team, …)."""
    writable_account(store, user, account_id)
    account = Account.model_validate({**body.model_dump(exclude_unset=True), "id": account_id})
    report = store.upsert_account(
        account, mode="update", expected_version=expected_version(if_match)
    )
    etag(response, report.version)
    return VersionedAccount(account=account, version=report.version or 0)


@router.delete("/accounts/{account_id}", status_code=204, tags=["accounts"])
def delete_account(
    request: Request, store: StoreDep, user: UserDep, account_id: AccountPath
) -> Response:
    """Delete the account and everything in it."""
    writable_account(store, user, account_id)
    store.delete_account(account_id)
    request.app.state.cache.forget(account_id)
    return Response(status_code=204)


# --- entities inside an account ------------------------------------------------

KEY_FIELDS: dict[type[Entity], tuple[str, ...]] = {
    Influence: ("source", "target"),
    Relationship: ("member", "stakeholder"),
}
"""Fields that make up an entity's key in its URL; `id` for the others."""


def _input_model(kind: type[Entity], *, without: tuple[str, ...]) -> type[BaseModel]:
    fields: dict[str, Any] = {
        name: (info.annotation, info)
        for name, info in kind.model_fields.items()
        if name != "account_id" and name not in without
    }
    if kind in (Stakeholder, TeamMember) and "id" in fields:
        # Optional here: without one, the model takes the person's name as their id.
        fields["id"] = (str | None, Field(None, description="Defaults to the name"))
    suffix = "Input" if not without else "Update"
    return create_model(f"{kind.__name__}{suffix}", __config__=ConfigDict(extra="forbid"), **fields)


def _param(name: str, annotation: Any, default: Any = inspect.Parameter.empty) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default
    )


def _entity_routes(kind: type[Entity]) -> None:
    """List, create, read, replace and delete for one entity kind, keyed in the URL as
    `KEY_FIELDS` says. The handlers take the key as keyword arguments; their
    signatures are set explicitly so FastAPI documents and validates each key."""
    keys = KEY_FIELDS.get(kind, ("id",))
    collection = kind.collection
    name = collection[:-1]
    base = f"/accounts/{{account_id}}/{collection}"
    item = base + "".join(f"/{{{key}}}" for key in keys)
    common = [
        _param("store", StoreDep),
        _param("user", UserDep),
        _param("account_id", AccountPath),
        _param("response", Response),
    ]
    key_params = [_param(key, Annotated[str, Path(min_length=1, max_length=300)]) for key in keys]
    if_match = _param("if_match", IfMatch, None)

    def register(
        path: str,
        method: str,
        handler: Callable[..., Any],
        params: list[inspect.Parameter],
        summary: str,
        **options: Any,
    ) -> None:
        handler.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        router.add_api_route(
            path,
            handler,
            methods=[method],
            tags=[collection],
            summary=summary,
            operation_id=f"{handler.__name__.split('_')[0]}_{collection if path == base and method == 'GET' else name}",
            **options,
        )

    def list_items(
        *,
        store: GraphStore,
        user: User,
        account_id: str,
        response: Response,
        offset: int,
        limit: int,
    ) -> Page[Any]:
        readable_account(store, user, account_id)
        graph, version = store.versioned_graph(account_id)
        etag(response, version)
        items = list(graph.entities(kind))
        return Page(
            items=items[offset : offset + limit], total=len(items), offset=offset, limit=limit
        )

    def create_item(
        *,
        store: GraphStore,
        user: User,
        account_id: str,
        response: Response,
        body: BaseModel,
        if_match: str | None,
    ) -> Entity:
        writable_account(store, user, account_id)
        entity = kind.model_validate(
            {**body.model_dump(exclude_unset=True), "account_id": account_id}
        )
        report = store.upsert(entity, mode="create", expected_version=expected_version(if_match))
        etag(response, report.version)
        return entity

    def get_item(
        *, store: GraphStore, user: User, account_id: str, response: Response, **key: str
    ) -> Entity:
        readable_account(store, user, account_id)
        graph, version = store.versioned_graph(account_id)
        wanted = tuple(key[k] for k in keys)
        found = next((entity for entity in graph.entities(kind) if entity.key == wanted), None)
        if found is None:
            raise entity_not_found(kind, account_id, wanted)
        etag(response, version)
        return found

    def put_item(
        *,
        store: GraphStore,
        user: User,
        account_id: str,
        response: Response,
        body: BaseModel,
        if_match: str | None,
        **key: str,
    ) -> Entity:
        writable_account(store, user, account_id)
        entity = kind.model_validate(
            {**body.model_dump(exclude_unset=True), **key, "account_id": account_id}
        )
        report = store.upsert(entity, expected_version=expected_version(if_match))
        etag(response, report.version)
        return entity

    def delete_item(
        *,
        store: GraphStore,
        user: User,
        account_id: str,
        response: Response,
        if_match: str | None,
        **key: str,
    ) -> Response:
        writable_account(store, user, account_id)
        wanted = tuple(key[k] for k in keys)
        report = store.delete(kind, account_id, wanted, expected_version=expected_version(if_match))
        answer = Response(status_code=204)
        etag(answer, report.version)
        return answer

    paging = [
        _param("offset", Annotated[int, Query(ge=0)], 0),
        _param("limit", Annotated[int, Query(ge=1, le=1000)], 100),
    ]
    create_body = _param("body", Annotated[_input_model(kind, without=()), Body()])
    update_body = _param("body", Annotated[_input_model(kind, without=keys), Body()])
    page_model = Page[kind]  # type: ignore[valid-type]
    register(
        base, "GET", list_items, [*common, *paging], f"List {collection}", response_model=page_model
    )
    register(
        base,
        "POST",
        create_item,
        [*common, create_body, if_match],
        f"Create a {name} (409 if it exists)",
        status_code=201,
        response_model=kind,
    )
    register(item, "GET", get_item, [*common, *key_params], f"Read a {name}", response_model=kind)
    register(
        item,
        "PUT",
        put_item,
        [*common, *key_params, update_body, if_match],
        f"Create or replace a {name}",
        response_model=kind,
    )
    register(
        item,
        "DELETE",
        delete_item,
        [*common, *key_params, if_match],
        f"Delete a {name} (and what hangs on it)",
        status_code=204,
        response_class=Response,
    )


for _kind in ACCOUNT_ENTITIES:
    _entity_routes(_kind)


# --- analyses, import, export, portfolio -------------------------------------------


@router.get("/accounts/{account_id}/analysis", response_model=AccountAnalysis, tags=["analysis"])
def analysis(
    request: Request,
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    lang: LangQuery = "en",
) -> Response:
    """The `analyze --json` document: power, key people, chain, coverage, health, actions."""
    _, version = readable_versioned_account(store, user, account_id)
    document: bytes = request.app.state.cache.analysis_json(
        store, account_id, AnalysisParams(lang=lang), version=version
    )
    # Already serialised from the validated model: sent as it is, not validated again.
    answer = Response(document, media_type="application/json")
    etag(answer, version)
    return answer


@router.get("/accounts/{account_id}/history", response_model=list[Change], tags=["history"])
def history(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    since: Annotated[datetime | None, Query(description="Only changes after this moment")] = None,
) -> list[Change]:
    """Every recorded change to the account: when, who, what, before and after."""
    readable_account(store, user, account_id)
    return store.history(account_id, None if since is None else moment(since))


@router.get("/accounts/{account_id}/paths", response_model=WarmPath, tags=["analysis"])
def paths(
    request: Request,
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    to: Annotated[str, Query(min_length=1, description="Stakeholder id to reach")],
    lang: LangQuery = "en",
) -> WarmPath:
    """The warmest introduction route from our team to a stakeholder ("no route" is an answer)."""
    readable_account(store, user, account_id)
    return services.path_to(store.account_graph(account_id), to, AnalysisParams(lang=lang))


@router.post("/accounts/{account_id}/whatif", response_model=WhatIf, tags=["analysis"])
def whatif(
    request: Request,
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    body: WhatIfRequest,
    lang: LangQuery = "en",
) -> WhatIf:
    """Coverage and gaps if a stakeholder or a team member left (nothing is changed)."""
    readable_account(store, user, account_id)
    return services.what_if(store.account_graph(account_id), body.remove, AnalysisParams(lang=lang))


@router.get(
    "/accounts/{account_id}/export",
    tags=["export"],
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}, "description": "The file"}},
)
def export(
    request: Request,
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    format: ExportFormat,
    lang: Language = "en",
) -> Response:
    """The account as an influence map (html, svg, png) or data (graphml, gexf, json, csv zip, cypher)."""
    readable_account(store, user, account_id)
    return _download(
        services.export_account(
            store.account_graph(account_id), format, params=AnalysisParams(), lang=lang
        )
    )


def _download(exported: services.Export) -> Response:
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )


@router.get(
    "/accounts/{account_id}/report",
    tags=["export"],
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}, "text/html": {}}, "description": "The report"}
    },
)
def report(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    format: services.ReportFormat = services.ReportFormat.html,
    lang: Language = "en",
) -> Response:
    """The account relationship report for a quarterly review (html or pdf)."""
    readable_account(store, user, account_id)
    return _download(services.account_report(store, account_id, format, lang=lang))


@router.get(
    "/accounts/{account_id}/survey",
    tags=["export"],
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
    exported, _ = services.survey_export(
        store.account_graph(account_id),
        format,
        lang=lang,
        stakeholders=stakeholder,
        supplier=supplier,
    )
    return _download(exported)


def save_upload(upload: UploadFile, folder: FilePath) -> FilePath:
    """The upload in `folder`, under a safe name with its original suffix; 422 if too big
    or of a kind no importer reads."""
    original = FilePath((upload.filename or "upload.csv").replace("\\", "/")).name
    suffix = FilePath(original).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput([f"{original!r}: expected one of {', '.join(UPLOAD_SUFFIXES)}"])
    # Reports name the file as the user knows it; only the characters are made safe.
    stem = re.sub(r"[^\w.\- ]", "_", FilePath(original).stem)[:100].strip(". ") or "upload"
    target = folder / f"{stem}{suffix}"
    size = 0
    with target.open("wb") as stream:
        while chunk := upload.file.read(1024 * 1024):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise InvalidInput(
                    [f"{upload.filename!r} is larger than {MAX_UPLOAD_BYTES // 2**20} MB"]
                )
            stream.write(chunk)
    return target


def import_saved_file(
    store: GraphStore,
    user: User,
    account_id: str,
    path: FilePath,
    *,
    dry_run: bool,
    version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
) -> ImportReport:
    """Import a file into `account_id`: an account the caller may change, or a new one
    they will own (created in the import's transaction)."""
    new_account = None
    if account_if_exists(store, user, account_id) is None:
        new_account = Account(id=account_id, name=account_id, owner=user.id)
        check_new_account(user, new_account)
    return services.import_bundle(
        store,
        path,
        account_id=account_id,
        dry_run=dry_run,
        new_account=new_account,
        expected_version=version,
        format=format,
    )


def import_upload(
    store: GraphStore,
    user: User,
    account_id: str,
    upload: UploadFile,
    *,
    dry_run: bool,
    version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
) -> ImportReport:
    """Import an uploaded file (kept only for the length of the call)."""
    folder = upload_folder("upload")
    try:
        path = save_upload(upload, folder)
        return import_saved_file(
            store, user, account_id, path, dry_run=dry_run, version=version, format=format
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.post("/accounts/{account_id}/import", response_model=ImportReport, tags=["import"])
def import_file(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    response: Response,
    file: Annotated[
        UploadFile,
        File(
            description="A bundle (.csv, .zip, .xlsx, .xls, .ods), a CRM contacts export, node-link "
            ".json, or a filled-in survey (.xlsx, .csv; with format=survey)"
        ),
    ],
    dry_run: Annotated[bool, Query(description="Validate and count, write nothing")] = False,
    format: Annotated[ImportFormat, Query(description="How to read the file")] = (
        ImportFormat.auto
    ),
    if_match: IfMatch = None,
) -> ImportReport:
    """Import a bundle: all rows or none; the report lists every bad row (422 when any)."""
    report = import_upload(
        store,
        user,
        account_id,
        file,
        dry_run=dry_run,
        version=expected_version(if_match),
        format=format,
    )
    if report.errors:
        response.status_code = 422
    return report


@router.get("/portfolio", response_model=Portfolio, tags=["analysis"])
def portfolio(
    request: Request, store: StoreDep, user: UserDep, lang: LangQuery = "en"
) -> Portfolio:
    """Coverage, health and risk across the accounts the caller may read, riskiest first."""
    return services.portfolio_of(
        store,
        AnalysisParams(lang=lang),
        request.app.state.cache,
        visible=lambda a: can_read(user, a),
    )


# --- users (admins): offboarding, and erasure of a person's data ------------------------


def admin_only(user: UserDep) -> User:
    """The caller, if an admin; 403 otherwise (the user routes are documented, not secret)."""
    if user.role is not UserRole.admin:
        raise Forbidden(f"{user.id} may not manage users: only an admin may")
    return user


AdminDep = Annotated[User, Depends(admin_only)]
UserPath = Annotated[str, Path(description="User id", min_length=1, max_length=200)]


class UserUpdate(BaseModel):
    """Any of: a new role; deactivate (`active: false`, every session ends at once) or
    reactivate; `owner`, who takes over the accounts the user owns (required when
    deactivating someone who owns accounts)."""

    model_config = ConfigDict(extra="forbid")
    role: UserRole | None = None
    active: bool | None = None
    owner: Annotated[str | None, Field(min_length=1, max_length=200)] = None


@router.get("/users", response_model=list[User], tags=["users"])
def list_users(store: StoreDep, admin: AdminDep) -> list[User]:
    """Every user with role and whether they are active (admins only; never tokens)."""
    return store.list_users()


@router.patch("/users/{user_id}", response_model=Offboarding, tags=["users"])
def update_user(
    store: StoreDep, admin: AdminDep, user_id: UserPath, body: Annotated[UserUpdate, Body()]
) -> Offboarding:
    """Change a user's role or active flag and hand their accounts to `owner`, in one step.
    409 names the accounts when a user who owns some is deactivated without an owner."""
    return store.change_user(user_id, role=body.role, active=body.active, new_owner=body.owner)


@router.delete("/users/{user_id}", response_model=Offboarding, tags=["users"])
def delete_user(
    store: StoreDep,
    admin: AdminDep,
    user_id: UserPath,
    owner: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Who takes over their accounts"),
    ] = None,
) -> Offboarding:
    """Delete a user: their accounts go to `owner`, and they leave every account's team."""
    return store.delete_user(user_id, new_owner=owner)


@router.post(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}/erase",
    response_model=ErasureReport,
    tags=["stakeholders"],
)
def erase_stakeholder(
    request: Request,
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    stakeholder_id: Annotated[str, Path(min_length=1, max_length=300)],
) -> ErasureReport:
    """Erase a stakeholder's personal data everywhere, history included (PIPL art. 47,
    GDPR art. 17); their links stay under the neutral id the answer gives. Admins only
    (404 to whoever cannot see the account, 403 to others). Cannot be undone; backups
    made before still hold the person."""
    readable_account(store, user, account_id)
    admin_only(user)
    report = store.erase_stakeholder(account_id, stakeholder_id)
    request.app.state.cache.forget_account(account_id)
    return report
