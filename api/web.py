"""Web pages for people: sign-in, accounts, an account with its map, import, portfolio.

Server-rendered Jinja templates (autoescaped: user text is never markup), a few
lines of JavaScript only for the sign-in link and table sorting. The pages use
the same services and access rules as the JSON API; the session is the API
token in an HttpOnly, SameSite=Strict cookie, so form posts from other sites
carry no credentials (and are refused by an Origin check as well).

Language: `?lang=zh|en` (remembered in a cookie), else the browser's
Accept-Language, else English.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api import services
from api.auth import (
    COOKIE,
    authenticate,
    readable_account,
    writable_account,
)
from api.routes import import_saved_file, request_user, same_origin, save_upload
from api.uploads import upload_folder
from graph.analysis.params import AnalysisParams
from graph.analysis.portfolio import PortfolioRow
from graph.analysis.results import AccountAnalysis
from graph.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    Unauthenticated,
    validation_problems,
)
from graph.model import (
    SCORE_FIELDS,
    Account,
    AccountBundle,
    Assessment,
    Entity,
    Influence,
    Interaction,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graph.store import GraphStore
from graph.users import User, UserRole, can_read, can_write, token_hash
from graph.vocabulary import (
    InfluenceKind,
    InteractionType,
    Language,
    MemberRole,
    Role,
    Seniority,
    Stance,
    display_label,
)
from importers.formats import ImportFormat
from visualize.html import influence_map_html

HERE = Path(__file__).parent
router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")
LANG_COOKIE = "stakegraph_lang"
PENDING_UPLOAD_TTL_S = 3600

TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "accounts": "Accounts",
        "portfolio": "Portfolio",
        "import": "Import",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "token": "Token",
        "token_help": "Paste the token `stakegraph user add` printed, or open the sign-in link it gave.",
        "switch_question": "You are signed in as {current}. This sign-in link is for {new}.",
        "switch_yes": "Sign in as {new}",
        "switch_no": "Stay signed in as {current}",
        "account": "Account",
        "owner": "Owner",
        "tier": "Tier",
        "people": "People",
        "coverage": "Coverage",
        "health": "Health",
        "risk": "Risk",
        "single_threaded": "Single-threaded",
        "no_accounts": "No accounts yet. Import a bundle to create one.",
        "key_people": "Key people",
        "rank": "#",
        "name": "Name",
        "title": "Title",
        "roles": "Roles",
        "stance": "Stance",
        "power": "Power",
        "warmth": "Warmth",
        "gaps": "Gaps",
        "no_gaps": "No gaps.",
        "actions": "Next actions",
        "warm_paths": "Warm paths to key people",
        "no_route": "no route",
        "add": "Add",
        "save": "Save",
        "add_stakeholder": "Add or update a stakeholder",
        "add_influence": "Add an influence link",
        "add_relationship": "Add or update a relationship",
        "add_interaction": "Record an interaction",
        "add_assessment": "Record an assessment",
        "map": "Influence map",
        "open_map": "Open the map on its own",
        "review": "Account review",
        "report": "Relationship report",
        "survey": "Survey to send",
        "is_survey": "This is a filled-in relationship survey",
        "participants": "Stakeholders (several for a focus group)",
        "found_scores": "Scores found (interviews, focus groups, surveys; optional)",
        "export": "Export",
        "saved": "Saved.",
        "conflict": (
            "Someone changed this account while you were editing. "
            "Your change was not saved; check the page and try again."
        ),
        "file": "File",
        "check": "Check",
        "confirm_import": "Import these rows",
        "import_ok": "Ready to import",
        "import_bad": "Nothing was imported: fix these rows and upload again.",
        "rows": "rows",
        "created": "new",
        "updated": "updated",
        "unchanged": "unchanged",
        "warnings": "Warnings",
        "reps": "Reps",
        "accounts_n": "Accounts",
        "high_risk": "High risk",
        "mean_coverage": "Mean coverage",
        "source": "Influencer",
        "target": "Influenced",
        "weight": "Weight (0–1)",
        "kind": "Kind",
        "member": "Our team member",
        "stakeholder": "Stakeholder",
        "strength": "Strength (0–5)",
        "last_contact": "Last contact",
        "date": "Date",
        "type": "Type",
        "sentiment": "Sentiment (−2…+2)",
        "note": "Note",
        "trust": "Trust",
        "satisfaction": "Satisfaction",
        "communication": "Communication",
        "loyalty": "Loyalty",
        "department": "Department",
        "seniority": "Seniority",
        "reports_to": "Reports to",
        "id": "Id",
        "member_role": "Role",
        "new_member": "or a new team member",
        "error": "Error",
        "back": "Back to accounts",
        "read_only": "You can read this account but not change it.",
        "choose": "—",
    },
    "zh": {
        "accounts": "客户",
        "portfolio": "客户组合",
        "import": "导入",
        "sign_in": "登录",
        "sign_out": "退出",
        "token": "令牌",
        "token_help": "粘贴 `stakegraph user add` 输出的令牌，或打开它给出的登录链接。",
        "switch_question": "您当前以 {current} 的身份登录。这个登录链接属于 {new}。",
        "switch_yes": "以 {new} 的身份登录",
        "switch_no": "继续以 {current} 的身份使用",
        "account": "客户",
        "owner": "负责人",
        "tier": "级别",
        "people": "人数",
        "coverage": "覆盖度",
        "health": "健康度",
        "risk": "风险",
        "single_threaded": "单线联系",
        "no_accounts": "还没有客户。导入一个数据包即可创建。",
        "key_people": "关键人物",
        "rank": "#",
        "name": "姓名",
        "title": "职务",
        "roles": "角色",
        "stance": "态度",
        "power": "权力",
        "warmth": "关系温度",
        "gaps": "覆盖缺口",
        "no_gaps": "没有缺口。",
        "actions": "下一步行动",
        "warm_paths": "通往关键人物的引荐路径",
        "no_route": "无路径",
        "add": "添加",
        "save": "保存",
        "add_stakeholder": "添加或修改联系人",
        "add_influence": "添加影响关系",
        "add_relationship": "添加或修改我方关系",
        "add_interaction": "记录一次互动",
        "add_assessment": "记录一次关系评估",
        "map": "影响力地图",
        "open_map": "单独打开地图",
        "review": "客户复盘",
        "report": "客户关系报告",
        "survey": "待发放问卷",
        "is_survey": "这是填写好的客户关系问卷",
        "participants": "客户联系人（焦点小组可多选）",
        "found_scores": "调研得分（访谈、焦点小组、问卷；选填）",
        "export": "导出",
        "saved": "已保存。",
        "conflict": "在您编辑期间有人修改了这个客户，您的修改没有保存；请查看页面后重试。",
        "file": "文件",
        "check": "检查",
        "confirm_import": "导入这些行",
        "import_ok": "可以导入",
        "import_bad": "没有导入任何数据：请修正这些行后重新上传。",
        "rows": "行",
        "created": "新增",
        "updated": "更新",
        "unchanged": "未变",
        "warnings": "提示",
        "reps": "销售",
        "accounts_n": "客户数",
        "high_risk": "高风险",
        "mean_coverage": "平均覆盖度",
        "source": "影响者",
        "target": "被影响者",
        "weight": "权重 (0–1)",
        "kind": "类型",
        "member": "我方人员",
        "stakeholder": "客户联系人",
        "strength": "关系强度 (0–5)",
        "last_contact": "上次联系",
        "date": "日期",
        "type": "类型",
        "sentiment": "情绪 (−2…+2)",
        "note": "备注",
        "trust": "信任",
        "satisfaction": "满意度",
        "communication": "沟通",
        "loyalty": "忠诚度",
        "department": "部门",
        "seniority": "级别",
        "reports_to": "上级",
        "id": "编号",
        "member_role": "岗位",
        "new_member": "或新的我方人员",
        "error": "错误",
        "back": "返回客户列表",
        "read_only": "您可以查看这个客户，但不能修改。",
        "choose": "—",
    },
}


def static_files() -> StaticFiles:
    return StaticFiles(directory=HERE / "static")


def language(request: Request) -> Language:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in ("en", "zh"):
        return asked  # type: ignore[return-value]
    accept = request.headers.get("accept-language", "").lower()
    first = accept.split(",")[0].strip()
    return "zh" if first.startswith("zh") else "en"


def _store(request: Request, user: User | None = None) -> GraphStore:
    """The store; with `user`, one that records writes in history as made by them."""
    store: GraphStore = request.app.state.store
    return store if user is None else store.acting_as(user)


def _user(request: Request) -> User:
    return request_user(request)


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    lang = language(request)
    page = templates.TemplateResponse(
        request,
        name,
        {
            "t": TEXT[lang],
            "lang": lang,
            "label": lambda value: display_label(value, lang),
            "percent": lambda value: "—" if value is None else f"{round(value * 100)}%",
            **context,
        },
        status_code=status,
    )
    if request.query_params.get("lang") in ("en", "zh"):
        page.set_cookie(LANG_COOKIE, lang, samesite="strict", httponly=True, max_age=365 * 86400)
    page.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    )
    page.headers["X-Content-Type-Options"] = "nosniff"
    page.headers["Referrer-Policy"] = "same-origin"
    return page


def error_page(request: Request, status: int, message: str) -> Response:
    if status == 401:
        return RedirectResponse("/signin", status_code=303)
    return render(
        request, "error.html", {"status": status, "message": message, "user": None}, status=status
    )


# --- sign-in ---------------------------------------------------------------------


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request) -> HTMLResponse:
    return render(request, "signin.html", {"user": None, "error": None})


def _signed_in_as(request: Request) -> User | None:
    """Whoever this browser's cookie signs in now (None: nobody, or a dead token)."""
    token = request.cookies.get(COOKIE)
    return _store(request).user_for_token(token_hash(token)) if token else None


@router.post("/signin")
def signin(
    request: Request, token: Annotated[str, Form()], switch: Annotated[str, Form()] = ""
) -> Response:
    """Sign in with a token. When the browser is signed in as someone else, ask first
    (`switch=yes` confirms): a link carrying another person's token must not quietly
    move a rep's work into that person's accounts."""
    same_origin(request)
    client = request.client.host if request.client else "unknown"
    token = token.strip()
    try:
        user = authenticate(
            _store(request), token, client=client, failures=request.app.state.failures
        )
    except Unauthenticated as error:
        return render(request, "signin.html", {"user": None, "error": str(error)}, status=401)
    current = _signed_in_as(request)
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
        max_age=30 * 86400,
    )
    return answer


@router.post("/signout")
def signout(request: Request) -> Response:
    same_origin(request)
    answer = RedirectResponse("/signin", status_code=303)
    answer.delete_cookie(COOKIE)
    return answer


# --- accounts and portfolio ---------------------------------------------------------


def _params(request: Request) -> AnalysisParams:
    """The analysis parameters of a page: the defaults, explained in the page's language."""
    return AnalysisParams(lang=language(request))


@router.get("/", response_class=HTMLResponse)
def accounts_page(request: Request) -> HTMLResponse:
    user = _user(request)
    store = _store(request, user)
    result = services.portfolio_of(
        store, _params(request), request.app.state.cache, visible=lambda a: can_read(user, a)
    )
    rows = sorted(result.accounts, key=lambda row: row.name.lower())
    return render(request, "accounts.html", {"user": user, "rows": rows})


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
def portfolio_page(request: Request, sort: str = "risk", order: str = "asc") -> HTMLResponse:
    user = _user(request)
    store = _store(request, user)
    result = services.portfolio_of(
        store, _params(request), request.app.state.cache, visible=lambda a: can_read(user, a)
    )
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
        },
    )


# --- one account ---------------------------------------------------------------------


@dataclass
class FormState:
    kind: str | None = None
    error: str | None = None
    values: dict[str, str] | None = None


def _account_context(request: Request, user: User, account_id: str) -> dict[str, Any]:
    store = _store(request)
    account = readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    params = _params(request)
    analysis: AccountAnalysis = request.app.state.cache.analysis(
        store, account_id, params, version=version
    )
    people = graph.stakeholder_by_id
    targets = [
        pid for pid in analysis.key_decision_makers if analysis.coverage.warmth.get(pid, 0.0) < 0.5
    ][:3]
    paths = [services.path_to(graph, pid, params) for pid in targets]
    return {
        "user": user,
        "account": account,
        "version": version,
        "graph": graph,
        "analysis": analysis,
        "people": people,
        "members": graph.member_by_id,
        "paths": paths,
        "editable": can_write(user, account),
        "roles": list(Role),
        "stances": list(Stance),
        "seniorities": list(Seniority),
        "influence_kinds": list(InfluenceKind),
        "interaction_types": list(InteractionType),
        "member_roles": list(MemberRole),
        "today": date.today().isoformat(),
        "form": FormState(),
        "saved": request.query_params.get("saved"),
    }


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: str) -> HTMLResponse:
    user = _user(request)
    return render(request, "account.html", _account_context(request, user, account_id))


@router.get("/accounts/{account_id}/map", response_class=HTMLResponse)
def account_map(request: Request, account_id: str) -> HTMLResponse:
    user = _user(request)
    store = _store(request, user)
    readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    params = _params(request)
    analysis = request.app.state.cache.analysis(store, account_id, params, version=version)
    page = HTMLResponse(influence_map_html(graph, analysis, params=params, lang=params.lang))
    # The map runs its own inline script and needs nothing else from anywhere.
    page.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        "frame-ancestors 'self'"
    )
    return page


FORM_KINDS: dict[str, type[Entity]] = {
    "stakeholder": Stakeholder,
    "influence": Influence,
    "relationship": Relationship,
    "interaction": Interaction,
    "assessment": Assessment,
}


def _form_entity(kind: type[Entity], account_id: str, values: dict[str, str]) -> list[Entity]:
    """The entities one form creates: the form's own, plus a new team member if one was named."""
    fields = {
        key: value
        for key, value in values.items()
        if value.strip() and key not in ("version", "new_member")
    }
    entities: list[Entity] = []
    new_member = values.get("new_member", "").strip()
    if new_member and kind in (Relationship, Interaction, Assessment):
        member = TeamMember.model_validate(
            {"account_id": account_id, "id": new_member, "name": new_member}
        )
        entities.append(member)
        fields["member"] = member.id
    entities.append(kind.model_validate({**fields, "account_id": account_id}))
    return entities


@router.post("/accounts/{account_id}/forms/{kind}", response_class=HTMLResponse)
async def submit_form(request: Request, account_id: str, kind: str) -> Response:
    same_origin(request)
    user = _user(request)
    store = _store(request, user)
    entity_kind = FORM_KINDS.get(kind)
    if entity_kind is None:
        raise NotFound(f"no form {kind!r}")
    writable_account(store, user, account_id)
    form = await request.form()
    values = {key: str(value) for key, value in form.multi_items() if isinstance(value, str)}
    if kind == "stakeholder":
        values["roles"] = ";".join(str(v) for v in form.getlist("roles"))
    if kind == "interaction":  # a focus group has several participants
        values["stakeholders"] = ";".join(str(v) for v in form.getlist("stakeholders"))
    try:
        expected = int(values.get("version", "")) if values.get("version") else None
        entities = _form_entity(entity_kind, account_id, values)
        grouped: dict[str, list[Entity]] = {}
        for entity in entities:
            grouped.setdefault(entity.collection, []).append(entity)
        bundle = AccountBundle.model_validate({"account_id": account_id, **grouped})
        store.bulk_upsert(bundle, expected_version=expected)
    except (ValidationError, InvalidInput, Conflict, ValueError) as error:
        message = _form_error(request, error)
        context = _account_context(request, user, account_id)
        context["form"] = FormState(kind=kind, error=message, values=values)
        return render(
            request, "account.html", context, status=409 if isinstance(error, Conflict) else 422
        )
    return RedirectResponse(f"/accounts/{account_id}?saved={kind}#form-{kind}", status_code=303)


def _form_error(request: Request, error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(f"{field}: {message}" for field, message in validation_problems(error))
    if isinstance(error, Conflict):
        return TEXT[language(request)]["conflict"]
    if isinstance(error, InvalidInput):
        return "; ".join(error.problems)
    return str(error)


# --- import ---------------------------------------------------------------------------


@dataclass
class PendingUpload:
    user: str
    account_id: str
    folder: Path
    path: Path
    created: float
    format: ImportFormat = ImportFormat.auto


def _pending(request: Request) -> dict[str, PendingUpload]:
    pending: dict[str, PendingUpload] | None = getattr(request.app.state, "pending_uploads", None)
    if pending is None:
        pending = {}
        request.app.state.pending_uploads = pending
    now = time.monotonic()
    for key, upload in list(pending.items()):
        if now - upload.created > PENDING_UPLOAD_TTL_S:
            shutil.rmtree(upload.folder, ignore_errors=True)
            del pending[key]
    return pending


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, account: str = "") -> HTMLResponse:
    user = _user(request)
    return render(
        request,
        "import.html",
        {"user": user, "account_id": account, "report": None, "upload": None},
    )


@router.post("/import", response_class=HTMLResponse)
def import_check(
    request: Request,
    account: Annotated[str, Form()],
    file: UploadFile,
    survey: Annotated[str, Form()] = "",
) -> Response:
    """Step 1: upload and dry-run; the file waits server-side for the confirmation."""
    format = ImportFormat.survey if survey else ImportFormat.auto
    same_origin(request)
    user = _user(request)
    store = _store(request, user)
    account_id = Account(id=account, name=account).id  # normalised and checked
    folder = upload_folder("pending")
    try:
        path = save_upload(file, folder)
        report = import_saved_file(store, user, account_id, path, dry_run=True, format=format)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    upload_id = None
    if report.errors:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        upload_id = secrets.token_urlsafe(16)
        _pending(request)[upload_id] = PendingUpload(
            user.id, account_id, folder, path, time.monotonic(), format
        )
    return render(
        request,
        "import.html",
        {
            "user": user,
            "account_id": account_id,
            "report": report,
            "upload": upload_id,
            "filename": file.filename,
        },
        status=422 if report.errors else 200,
    )


@router.post("/import/confirm")
def import_confirm(request: Request, upload: Annotated[str, Form()]) -> Response:
    """Step 2: import the checked file for real, then show the account."""
    same_origin(request)
    user = _user(request)
    store = _store(request, user)
    pending = _pending(request).get(upload)
    if pending is None or pending.user != user.id:
        raise NotFound("this upload has expired; upload the file again")
    try:
        report = import_saved_file(
            store, user, pending.account_id, pending.path, dry_run=False, format=pending.format
        )
    finally:
        shutil.rmtree(pending.folder, ignore_errors=True)
        _pending(request).pop(upload, None)
    if report.errors:
        return render(
            request,
            "import.html",
            {"user": user, "account_id": pending.account_id, "report": report, "upload": None},
            status=422,
        )
    return RedirectResponse(f"/accounts/{pending.account_id}?saved=import", status_code=303)


# --- users (admins): offboarding --------------------------------------------------------

TEXT["en"].update(
    {
        "users": "Users",
        "users_help": (
            "Deactivating or deleting a user ends every session of theirs at once; "
            "the accounts they own go to the new owner you pick."
        ),
        "user_role": "Role",
        "role_admin": "admin",
        "role_manager": "manager",
        "role_rep": "rep",
        "status": "Status",
        "active": "active",
        "inactive": "inactive",
        "owns": "Owns",
        "change_role": "Change role",
        "deactivate": "Deactivate",
        "activate": "Activate",
        "delete": "Delete",
        "new_owner": "new owner…",
    }
)
TEXT["zh"].update(
    {
        "users": "用户",
        "users_help": "停用或删除用户会立即结束其所有登录会话；其负责的客户转给您选择的新负责人。",
        "user_role": "角色",
        "role_admin": "管理员",
        "role_manager": "经理",
        "role_rep": "销售",
        "status": "状态",
        "active": "启用",
        "inactive": "已停用",
        "owns": "负责的客户",
        "change_role": "修改角色",
        "deactivate": "停用",
        "activate": "启用",
        "delete": "删除",
        "new_owner": "新负责人…",
    }
)


@dataclass
class UserRow:
    user: User
    owns: list[str]


def _admin(request: Request) -> User:
    """The signed-in admin; to anyone else the users page does not exist (404)."""
    user = _user(request)
    if user.role is not UserRole.admin:
        raise NotFound("no such page")
    return user


def _users_page(
    request: Request, admin: User, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    store = _store(request)
    users = store.list_users()
    owned: dict[str, list[str]] = {}
    for summary in store.list_accounts():
        if summary.account.owner:
            owned.setdefault(summary.account.owner, []).append(summary.account.id)
    return render(
        request,
        "users.html",
        {
            "user": admin,
            "rows": [UserRow(user=u, owns=owned.get(u.id, [])) for u in users],
            "heirs": [u for u in users if u.active],
            "roles": list(UserRole),
            "error": error,
            "done": request.query_params.get("done"),
        },
        status=status,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request) -> HTMLResponse:
    return _users_page(request, _admin(request))


USER_ACTIONS = ("role", "deactivate", "activate", "delete")


@router.post("/admin/users/{user_id}/{action}", response_class=HTMLResponse)
async def change_user_form(request: Request, user_id: str, action: str) -> Response:
    same_origin(request)
    admin = _admin(request)
    if action not in USER_ACTIONS:
        raise NotFound(f"no form {action!r}")
    store = _store(request, admin)
    form = await request.form()
    owner = str(form.get("owner") or "").strip() or None
    try:
        if action == "role":
            role = str(form.get("role") or "")
            if role not in UserRole.__members__:
                raise InvalidInput([f"role: expected admin, manager or rep, got {role!r}"])
            store.change_user(user_id, role=UserRole(role))
        elif action == "deactivate":
            store.change_user(user_id, active=False, new_owner=owner)
        elif action == "activate":
            store.change_user(user_id, active=True)
        else:
            store.delete_user(user_id, new_owner=owner)
    except (Conflict, InvalidInput, NotFound) as error:
        message = "; ".join(error.problems) if isinstance(error, InvalidInput) else str(error)
        status = 409 if isinstance(error, Conflict) else 404 if isinstance(error, NotFound) else 422
        return _users_page(request, admin, error=message, status=status)
    return RedirectResponse(f"/admin/users?done={action}", status_code=303)
