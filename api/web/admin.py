"""The users page (admins): add users (their sign-in link is shown once), change
roles, deactivate, reactivate, delete, handing accounts over. To anyone but an admin the page does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import BaseStoreDep, PageUserDep, same_origin
from api.web.render import language, render
from graph import i18n
from graph.errors import Conflict, InvalidInput, NotFound, validated
from graph.store import GraphStore
from graph.users import User, UserRole, new_token, token_hash

router = APIRouter(include_in_schema=False)


def page_admin(user: PageUserDep) -> User:
    """The signed-in admin; to anyone else the users page does not exist (404)."""
    if user.role is not UserRole.admin:
        raise NotFound("no such page")
    return user


PageAdminDep = Annotated[User, Depends(page_admin)]


@dataclass
class UserRow:
    user: User
    owns: list[str]


def _users_page(
    request: Request,
    store: GraphStore,
    admin: User,
    *,
    error: str | None = None,
    status: int = 200,
    added: tuple[User, str] | None = None,
) -> HTMLResponse:
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
            "added": added,
        },
        status=status,
    )


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request, admin: PageAdminDep, store: BaseStoreDep) -> HTMLResponse:
    return _users_page(request, store, admin)


def sign_in_link(request: Request, token: str) -> str:
    """This server's sign-in page with the token in the fragment, which browsers never
    send, so no log records it."""
    return f"{str(request.base_url).rstrip('/')}/signin#token={token}"


@router.post("/admin/users", response_class=HTMLResponse, dependencies=[Depends(same_origin)])
async def add_user_form(request: Request, admin: PageAdminDep, store: BaseStoreDep) -> Response:
    """Add a user and show their sign-in link on this answer only (it is not stored:
    only the token's hash is, and the page is not cached)."""
    form = await request.form()
    fields = {key: str(form.get(key) or "").strip() for key in ("id", "name", "role")}
    token = new_token()
    try:
        user = validated(User, {**fields, "role": fields["role"] or "rep"})
        store.add_user(user, token_hash(token))
    except (Conflict, InvalidInput) as error:
        problems = error.problems if isinstance(error, InvalidInput) else [str(error)]
        message = "; ".join(i18n.translate(language(request), problem) for problem in problems)
        status = 409 if isinstance(error, Conflict) else 422
        return _users_page(request, store, admin, error=message, status=status)
    page = _users_page(request, store, admin, added=(user, sign_in_link(request, token)))
    page.headers["Cache-Control"] = "no-store"
    return page


USER_ACTIONS = ("role", "deactivate", "activate", "delete")


@router.post(
    "/admin/users/{user_id}/{action}",
    response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
async def change_user_form(
    request: Request, admin: PageAdminDep, store: BaseStoreDep, user_id: str, action: str
) -> Response:
    if action not in USER_ACTIONS:
        raise NotFound(f"no form {action!r}")
    acting = store.acting_as(admin)
    form = await request.form()
    owner = str(form.get("owner") or "").strip() or None
    try:
        if action == "role":
            role = str(form.get("role") or "")
            if role not in UserRole.__members__:
                raise InvalidInput([f"role: expected admin, manager or rep, got {role!r}"])
            acting.change_user(user_id, role=UserRole(role))
        elif action == "deactivate":
            acting.change_user(user_id, active=False, new_owner=owner)
        elif action == "activate":
            acting.change_user(user_id, active=True)
        else:
            acting.delete_user(user_id, new_owner=owner)
    except (Conflict, InvalidInput, NotFound) as error:
        problems = error.problems if isinstance(error, InvalidInput) else [str(error)]
        message = "; ".join(i18n.translate(language(request), problem) for problem in problems)
        status = 409 if isinstance(error, Conflict) else 404 if isinstance(error, NotFound) else 422
        return _users_page(request, store, admin, error=message, status=status)
    return RedirectResponse(f"/admin/users?done={action}", status_code=303)
