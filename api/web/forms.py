"""The account page's forms: add or change a stakeholder, an influence link, a
relationship, an interaction, an assessment (a new team member on the way)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import writable_account
from api.deps import CacheDep, PageStoreDep, PageUserDep, same_origin
from api.web.pages import FormState, account_context
from api.web.render import form_error_text, form_version, render
from graph.errors import Conflict, InvalidInput, NotFound, validated
from graph.model import (
    AccountBundle,
    AccountGraph,
    Assessment,
    Entity,
    Influence,
    Interaction,
    Relationship,
    Stakeholder,
    TeamMember,
)
from graph.names import same_name

router = APIRouter(include_in_schema=False)

FORM_KINDS: dict[str, type[Entity]] = {
    "stakeholder": Stakeholder,
    "influence": Influence,
    "relationship": Relationship,
    "interaction": Interaction,
    "assessment": Assessment,
}


def form_entities(kind: type[Entity], account_id: str, values: dict[str, str]) -> list[Entity]:
    """The entities one form creates: the form's own, plus a new team member if one was named."""
    fields = {
        key: value
        for key, value in values.items()
        if value.strip() and key not in ("version", "new_member")
    }
    entities: list[Entity] = []
    new_member = values.get("new_member", "").strip()
    if new_member and kind in (Relationship, Interaction, Assessment):
        member = validated(
            TeamMember, {"account_id": account_id, "id": new_member, "name": new_member}
        )
        entities.append(member)
        fields["member"] = member.id
    entities.append(validated(kind, {**fields, "account_id": account_id}))
    return entities


@router.post(
    "/accounts/{account_id}/forms/{kind}",
    response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
async def submit_form(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
    kind: str,
) -> Response:
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
        expected = form_version(values.get("version"))
        entities = form_entities(entity_kind, account_id, values)
        if kind == "stakeholder":
            offer = _existing_person(store.account_graph(account_id), entities[-1], values)
            if offer is not None:
                context = account_context(request, user, store, cache, account_id)
                context["form"] = FormState(kind=kind, values=values, existing=offer)
                return render(request, "account.html", context, status=409)
        grouped: dict[str, list[Entity]] = {}
        for entity in entities:
            grouped.setdefault(entity.collection, []).append(entity)
        bundle = validated(AccountBundle, {"account_id": account_id, **grouped})
        store.bulk_upsert(bundle, expected_version=expected)
    except (InvalidInput, Conflict, ValueError) as error:
        context = account_context(request, user, store, cache, account_id)
        message = form_error_text(request, error, context["names"])
        context["form"] = FormState(kind=kind, error=message, values=values)
        status = 409 if isinstance(error, Conflict) else 422
        return render(request, "account.html", context, status=status)
    return RedirectResponse(f"/accounts/{account_id}?saved={kind}#form-{kind}", status_code=303)


def _existing_person(
    graph: AccountGraph, new: Entity, values: dict[str, str]
) -> tuple[Stakeholder, str] | None:
    """The person an "add" would silently overwrite or duplicate, and why (`name` or
    `id`): the form offers them instead."""
    if not values.get("id", "").strip():
        named = same_name(graph, values.get("name", ""))
        if named:
            return graph.stakeholder_by_id[named[0]], "name"
    existing = graph.stakeholder_by_id.get(getattr(new, "id", ""))
    return (existing, "id") if existing is not None else None
