"""A person's card: their fields, roles, stance, our relationships, interactions,
assessments, the gaps and actions that concern them; edit (only the fields that
changed are written, so nothing the form did not touch resets) and delete (after
a page that lists what goes with them)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import readable_account, writable_account
from api.deps import CacheDep, PageStoreDep, PageUserDep, same_origin
from api.web.render import form_error_text, form_version, page_params, render
from graph.errors import Conflict, InvalidInput, NotFound, validated
from graph.model import AccountGraph, Stakeholder
from graph.names import names_by_id, natural_key
from graph.store import GraphStore
from graph.users import User, can_write
from graph.vocabulary import Role, Seniority, Stance, Status

router = APIRouter(include_in_schema=False)

EDITABLE_FIELDS = (
    "name",
    "title",
    "department",
    "seniority",
    "stance",
    "status",
    "reports_to",
    "email",
    "phone",
    "notes",
    "priorities",
    "roles",
)
"""The stakeholder fields the card's form edits (id and account are the person's key)."""


def shown_values(person: Stakeholder) -> dict[str, str]:
    """A person's editable fields as the form shows them (enums by value, None as "")."""
    return {
        "name": person.name,
        "title": person.title,
        "department": person.department,
        "seniority": person.seniority.value if person.seniority else "",
        "stance": person.stance.value,
        "status": person.status.value,
        "reports_to": person.reports_to or "",
        "email": person.email,
        "phone": person.phone,
        "notes": person.notes,
        "priorities": person.priorities,
        "roles": ";".join(role.value for role in person.roles),
    }


def changed_fields(person: Stakeholder, values: dict[str, str]) -> dict[str, str]:
    """The submitted fields whose value differs from the stored one; a field the form
    did not send is left alone."""
    shown = shown_values(person)
    changes: dict[str, str] = {}
    for name in EDITABLE_FIELDS:
        if name not in values:
            continue
        new, old = values[name].strip(), shown[name]
        same = (
            set(filter(None, new.split(";"))) == set(filter(None, old.split(";")))
            if name == "roles"
            else new == old
        )
        if not same:
            changes[name] = new
    return changes


def _person(graph: AccountGraph, person_id: str) -> Stakeholder:
    person = graph.stakeholder_by_id.get(person_id)
    if person is None:
        raise NotFound(f"no stakeholder {person_id!r} in account {graph.account.id!r}")
    return person


def card_context(
    request: Request,
    user: User,
    store: GraphStore,
    cache: CacheDep,
    account_id: str,
    person_id: str,
) -> dict[str, Any]:
    """What a person's card shows."""
    account = readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    person = _person(graph, person_id)
    analysis = cache.analysis(store, account_id, page_params(request), version=version)
    return {
        "user": user,
        "account": account,
        "version": version,
        "person": person,
        "graph": graph,
        "result": next((p for p in analysis.stakeholders if p.id == person_id), None),
        "people": graph.stakeholder_by_id,
        "members": graph.member_by_id,
        "my_member": getattr(graph.member_of_user(user.id), "id", ""),
        "others": sorted(
            (p for p in graph.stakeholders if p.id != person_id), key=lambda p: natural_key(p.name)
        ),
        "reports": [p for p in graph.stakeholders if p.reports_to == person_id],
        "influences": [i for i in graph.influences if person_id in (i.source, i.target)],
        "relationships": [r for r in graph.relationships if r.stakeholder == person_id],
        "activity": [a for a in analysis.activity.strengths if a.stakeholder == person_id],
        "interactions": [e for e in graph.interactions if person_id in e.stakeholders],
        "assessments": [a for a in graph.assessments if a.stakeholder == person_id],
        "gaps": [g for g in analysis.coverage.gaps if g.stakeholder == person_id],
        "actions": [a for a in analysis.actions if a.stakeholder == person_id],
        "editable": can_write(user, account),
        "roles": list(Role),
        "stances": list(Stance),
        "seniorities": list(Seniority),
        "statuses": list(Status),
        "values": shown_values(person),
        "error": None,
        "saved": request.query_params.get("saved"),
    }


def _card_path(account_id: str, person_id: str) -> str:
    # Ids may hold '?', '#', '%' or spaces: each is one percent-encoded path segment.
    return f"/accounts/{quote(account_id, safe='')}/people/{quote(person_id, safe='')}"


@router.get("/accounts/{account_id}/people/{person_id}", response_class=HTMLResponse)
def person_card(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
    person_id: str,
) -> HTMLResponse:
    context = card_context(request, user, store, cache, account_id, person_id)
    return render(request, "person.html", context)


@router.post(
    "/accounts/{account_id}/people/{person_id}",
    response_class=HTMLResponse,
    dependencies=[Depends(same_origin)],
)
async def edit_person(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
    person_id: str,
) -> Response:
    """Write only what the rep changed, against the version the form was read at."""
    writable_account(store, user, account_id)
    form = await request.form()
    values = {key: str(value) for key, value in form.multi_items() if isinstance(value, str)}
    if "roles_shown" in values:  # unticked boxes send nothing: the form showed the roles
        values["roles"] = ";".join(str(v) for v in form.getlist("roles"))
    graph, _ = store.versioned_graph(account_id)
    person = _person(graph, person_id)
    changes = changed_fields(person, values)
    if changes:
        try:
            expected = form_version(values.get("version"))
            entity = validated(
                Stakeholder,
                {"account_id": account_id, "id": person_id, "name": person.name, **changes},
            )
            store.upsert(entity, mode="update", expected_version=expected)
        except (InvalidInput, Conflict, ValueError) as error:
            context = card_context(request, user, store, cache, account_id, person_id)
            context["values"] = {**context["values"], **values}
            context["error"] = form_error_text(request, error, names_by_id(graph))
            status = 409 if isinstance(error, Conflict) else 422
            return render(request, "person.html", context, status=status)
    return RedirectResponse(_card_path(account_id, person_id) + "?saved=1", status_code=303)


@router.get("/accounts/{account_id}/people/{person_id}/delete", response_class=HTMLResponse)
def confirm_delete(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    cache: CacheDep,
    account_id: str,
    person_id: str,
) -> HTMLResponse:
    """What deleting this person removes, and a button to confirm."""
    writable_account(store, user, account_id)
    context = card_context(request, user, store, cache, account_id, person_id)
    context["alone_in"] = [e for e in context["interactions"] if len(e.stakeholders) == 1]
    graph: AccountGraph = context["graph"]
    deals = {deal.id: deal.name for deal in graph.deals}
    context["seats"] = [
        deals.get(seat.deal, seat.deal) for seat in graph.committee if seat.stakeholder == person_id
    ]
    context["bodies"] = [body.name for body in graph.bodies if person_id in body.members]
    context["lines"] = [
        line for line in graph.supervisions if person_id in (line.leader, line.stakeholder)
    ]
    context["ties"] = [tie for tie in graph.competitor_ties if tie.stakeholder == person_id]
    return render(request, "person_delete.html", context)


@router.post("/accounts/{account_id}/people/{person_id}/delete", dependencies=[Depends(same_origin)])
async def delete_person(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    account_id: str,
    person_id: str,
) -> Response:
    writable_account(store, user, account_id)
    form = await request.form()
    version = str(form.get("version") or "")
    try:
        store.delete(
            Stakeholder,
            account_id,
            (person_id,),
            expected_version=form_version(version),
        )
    except Conflict as error:
        return render(
            request,
            "error.html",
            {"status": 409, "message": form_error_text(request, error), "user": user},
            status=409,
        )
    return RedirectResponse(f"/accounts/{account_id}?saved=delete", status_code=303)
