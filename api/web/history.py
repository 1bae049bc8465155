"""An account's history page: every recorded write, newest first, in words (names,
not ids), each with an Undo button.

An undo writes through the store acting for the signed-in user
(`GraphStore.revert`), so whether they may change the account is decided inside
the write's own transaction; the undo is itself a recorded write. Stale history (a
later write changed what the undo would put back) answers the page again with one
line in the page's language and status 409.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import readable_account, writable_account
from api.deps import PageStoreDep, PageUserDep, same_origin
from api.services.history import recent_writes
from api.web.render import language, render
from api.web.text import TEXT
from graph.errors import Conflict, Forbidden, InvalidInput, NotFound
from graph.store import GraphStore
from graph.users import User, can_write

router = APIRouter(include_in_schema=False)

SHOWN_WRITES = 100
"""How many of the latest writes the page lists."""


def _history_page(
    request: Request,
    user: User,
    store: GraphStore,
    account_id: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    account = readable_account(store, user, account_id)
    lang = language(request)
    older = request.query_params.get("before", "")
    before = int(older) if older.isascii() and older.isdigit() and len(older) <= 18 else None
    writes = recent_writes(store, account_id, lang=lang, limit=SHOWN_WRITES, before=before)
    context = {
        "user": user,
        "account": account,
        "writes": writes,
        # the next page: the writes before the oldest shown, if this page is full
        "older": writes[-1].version if len(writes) == SHOWN_WRITES else None,
        "editable": can_write(user, account),
        "error": error,
        "saved": request.query_params.get("saved"),
    }
    return render(request, "history.html", context, status=status)


@router.get("/accounts/{account_id}/history", response_class=HTMLResponse)
def history_page(
    request: Request, user: PageUserDep, store: PageStoreDep, account_id: str
) -> HTMLResponse:
    return _history_page(request, user, store, account_id)


@router.post(
    "/accounts/{account_id}/history/{version}/undo",
    response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
def undo(
    request: Request, user: PageUserDep, store: PageStoreDep, account_id: str, version: str
) -> Response:
    writable_account(store, user, account_id)
    words = TEXT[language(request)]
    if not (version.isascii() and version.isdigit() and len(version) <= 18):
        return _history_page(
            request, user, store, account_id, error=words["undo_missing"], status=404
        )
    try:
        store.revert(account_id, int(version))
    except NotFound:
        return _history_page(
            request, user, store, account_id, error=words["undo_missing"], status=404
        )
    except Conflict:
        return _history_page(
            request, user, store, account_id, error=words["undo_stale"], status=409
        )
    except Forbidden:  # e.g. putting back an owner only the owner or a manager may set
        return _history_page(
            request, user, store, account_id, error=words["undo_forbidden"], status=403
        )
    except InvalidInput:
        return _history_page(
            request, user, store, account_id, error=words["undo_refused"], status=422
        )
    path = f"/accounts/{quote(account_id, safe='')}/history?saved=undo"
    return RedirectResponse(path, status_code=303)
