"""The account page's "Account" form: name, tier, industry, region, owner and team.

It writes through the store acting for the signed-in user (`upsert_account` in
"update" mode), so `authorise_write` decides in the write's own transaction who
may change the owner: the owner, a manager on the team or an admin. A refusal is
shown on the form, in the page's language, with status 403.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import writable_account
from api.deps import CacheDep, PageStoreDep, PageUserDep, same_origin
from api.web.pages import FormState, account_context
from api.web.render import form_version, language, render
from api.web.text import TEXT
from graph.errors import Conflict, Forbidden, InvalidInput, validated
from graph.model import Account
from graph.users import can_read

router = APIRouter(include_in_schema=False)


@router.post(
    "/accounts/{account_id}/forms/account",
    response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
async def account_form(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
) -> Response:
    current = writable_account(store, user, account_id)
    form = await request.form()
    values = {key: str(value) for key, value in form.multi_items() if isinstance(value, str)}
    team = [str(member) for member in form.getlist("team") if str(member).strip()]
    values["team"] = ";".join(team)
    fields = {
        "id": account_id,
        "name": values.get("name", ""),
        "tier": values.get("tier", "") or "standard",
        "industry": values.get("industry", ""),
        "region": values.get("region", ""),
        "owner": values.get("owner", "").strip() or None,
        "team": tuple(dict.fromkeys(team)),
    }
    words = TEXT[language(request)]
    try:
        expected = form_version(values.get("version"))
        account = validated(Account, fields)
        store.upsert_account(account, mode="update", expected_version=expected)
    except (InvalidInput, Conflict, Forbidden, ValueError) as error:
        if isinstance(error, Forbidden):
            changed_owner = fields["owner"] != current.owner
            message = words["owner_refused"] if changed_owner else str(error)
            status = 403
        elif isinstance(error, Conflict):
            message, status = words["conflict"], 409
        elif isinstance(error, InvalidInput):
            message, status = "; ".join(error.problems), 422
        else:
            message, status = str(error), 422
        context = account_context(request, user, store, cache, account_id)
        context["form"] = FormState(kind="account", error=message, values=values)
        return render(request, "account.html", context, status=status)
    if not can_read(user, account):  # a rep who handed the account over
        return RedirectResponse("/?saved=account", status_code=303)
    return RedirectResponse(f"/accounts/{account_id}?saved=account#form-account", status_code=303)
