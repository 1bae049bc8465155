"""Cards for team members, influence links and relationships, like a person's card
(api/web/people.py): their fields and what hangs on them, an edit form pre-filled
with the current values that writes only the fields changed, and a delete that
first lists what it removes.

One set of routes serves the three kinds; `CARDS` says, per kind, where its card
lives (`/accounts/{account}/members/{id}`, `/influences/{source}/{target}`,
`/relationships/{member}/{stakeholder}`: ids hold no '/'), which fields the form
edits and how. Writes go through the store acting for the signed-in user, against
the account version the form was read at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.auth import readable_account, writable_account
from api.deps import PageStoreDep, PageUserDep, same_origin
from api.web.pages import user_choices
from api.web.render import form_error_text, form_version, render
from graph.errors import Conflict, InvalidInput, NotFound, validated
from graph.model import AccountGraph, Entity, Influence, Relationship, TeamMember
from graph.names import names_by_id
from graph.store import GraphStore
from graph.users import User, can_write
from graph.vocabulary import InfluenceKind, MemberRole

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class CardField:
    """One field the card shows and its form edits."""

    name: str
    input: str = "text"
    """`text`, `number`, `date`, `select` (from `choices`) or `user` (a user id)."""
    choices: type[StrEnum] | None = None
    bounds: tuple[str, str, str] | None = None
    """A number's min, max and step."""


@dataclass(frozen=True)
class CardKind:
    kind: type[Entity]
    segment: str
    """The card's path segment after the account: the entity's collection."""
    key: tuple[str, ...]
    """The fields that make the entity's key, in path order (not editable)."""
    fields: tuple[CardField, ...]


CARDS: dict[str, CardKind] = {
    card.segment: card
    for card in (
        CardKind(
            TeamMember,
            "members",
            ("id",),
            (
                CardField("name"),
                CardField("role", "select", MemberRole),
                CardField("email"),
                CardField("user", "user"),
            ),
        ),
        CardKind(
            Influence,
            "influences",
            ("source", "target"),
            (
                CardField("weight", "number", bounds=("0", "1", "0.05")),
                CardField("kind", "select", InfluenceKind),
            ),
        ),
        CardKind(
            Relationship,
            "relationships",
            ("member", "stakeholder"),
            (
                CardField("strength", "number", bounds=("0", "5", "1")),
                CardField("last_contact", "date"),
            ),
        ),
    )
}


def form_value(value: object) -> str:
    """A field's value as a form shows it: enums by value, None as "", dates in ISO
    form, a whole-number float without ".0", a tuple joined by ";"."""
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ";".join(form_value(item) for item in value)
    return str(value)


def changed_values(
    entity: Entity, names: tuple[str, ...], values: dict[str, str]
) -> dict[str, str]:
    """The submitted fields among `names` whose value differs from the stored one; a
    field the form did not send is left alone."""
    return {
        name: values[name].strip()
        for name in names
        if name in values and values[name].strip() != form_value(getattr(entity, name))
    }


def card_path(account_id: str, card: CardKind, key: tuple[str, ...]) -> str:
    # Each id is one percent-encoded path segment ('?', '#', '%' and spaces included).
    parts = "/".join(quote(part, safe="") for part in key)
    return f"/accounts/{quote(account_id, safe='')}/{card.segment}/{parts}"


def _entity(graph: AccountGraph, card: CardKind, key: tuple[str, ...]) -> Entity:
    for entity in graph.entities(card.kind):
        if entity.key == key:
            return entity
    shown = " → ".join(key)
    raise NotFound(f"no {card.kind.collection[:-1]} {shown!r} in account {graph.account.id!r}")


def card_context(
    request: Request, user: User, store: GraphStore, account_id: str, card: CardKind
) -> dict[str, Any]:
    """What a card shows: the entity, its fields, what hangs on it (for a member:
    their relationships, interactions and assessments), and names for every id."""
    account = readable_account(store, user, account_id)
    graph, version = store.versioned_graph(account_id)
    key = tuple(str(request.path_params[name]) for name in card.key)
    entity = _entity(graph, card, key)
    member_id = key[0] if card.kind is TeamMember else None
    return {
        "user": user,
        "account": account,
        "version": version,
        "card": card,
        "entity": entity,
        "path": card_path(account_id, card, key),
        "names": names_by_id(graph),
        "values": {field.name: form_value(getattr(entity, field.name)) for field in card.fields},
        "relationships": [r for r in graph.relationships if r.member == member_id],
        "interactions": [e for e in graph.interactions if e.member == member_id],
        "assessments": [a for a in graph.assessments if a.member == member_id],
        # whom the member may be linked to: the users the account form offers
        "users": user_choices(store, user, account) if card.kind is TeamMember else [],
        "editable": can_write(user, account),
        "error": None,
        "saved": request.query_params.get("saved"),
    }


def _routes(card: CardKind) -> None:
    keys = "/".join("{" + name + "}" for name in card.key)
    path = f"/accounts/{{account_id}}/{card.segment}/{keys}"

    def show(request: Request, user: PageUserDep, store: PageStoreDep, account_id: str) -> Response:
        return render(request, "card.html", card_context(request, user, store, account_id, card))

    async def edit(
        request: Request, user: PageUserDep, store: PageStoreDep, account_id: str
    ) -> Response:
        """Write only what the rep changed, against the version the form was read at."""
        writable_account(store, user, account_id)
        form = await request.form()
        values = {k: str(v) for k, v in form.multi_items() if isinstance(v, str)}
        context = card_context(request, user, store, account_id, card)
        entity: Entity = context["entity"]
        changes = changed_values(entity, tuple(field.name for field in card.fields), values)
        if changes:
            # The key and the required fields at their stored values, then the changes:
            # merged by the fields set, nothing else is written.
            required = {
                name: getattr(entity, name)
                for name, info in card.kind.model_fields.items()
                if info.is_required()
            }
            try:
                expected = form_version(values.get("version"))
                changed = validated(card.kind, {**required, **changes})
                store.upsert(changed, mode="update", expected_version=expected)
            except (InvalidInput, Conflict, ValueError) as error:
                context["values"] = {**context["values"], **changes}
                context["error"] = form_error_text(request, error, context["names"])
                status = 409 if isinstance(error, Conflict) else 422
                return render(request, "card.html", context, status=status)
        return RedirectResponse(context["path"] + "?saved=1", status_code=303)

    def confirm(
        request: Request, user: PageUserDep, store: PageStoreDep, account_id: str
    ) -> Response:
        """What deleting this removes, and a button to confirm."""
        writable_account(store, user, account_id)
        context = card_context(request, user, store, account_id, card)
        return render(request, "card_delete.html", context)

    async def delete(
        request: Request, user: PageUserDep, store: PageStoreDep, account_id: str
    ) -> Response:
        writable_account(store, user, account_id)
        form = await request.form()
        key = tuple(str(request.path_params[name]) for name in card.key)
        try:
            store.delete(
                card.kind,
                account_id,
                key,
                expected_version=form_version(str(form.get("version") or "")),
            )
        except (Conflict, InvalidInput) as error:
            message = {"status": 409, "message": form_error_text(request, error), "user": user}
            return render(request, "error.html", message, status=409)
        return RedirectResponse(
            f"/accounts/{quote(account_id, safe='')}?saved=delete", status_code=303
        )

    pages: list[tuple[str, Callable[..., Any], str, list[Any]]] = [
        (path + "/delete", confirm, "GET", []),
        (path + "/delete", delete, "POST", [Depends(same_origin)]),
        (path, show, "GET", []),
        (path, edit, "POST", [Depends(same_origin)]),
    ]
    for route, endpoint, method, dependencies in pages:
        router.add_api_route(
            route,
            endpoint,
            methods=[method],
            response_class=HTMLResponse,
            dependencies=dependencies,
            name=f"{card.segment}_{endpoint.__name__}_{method.lower()}",
        )


for _card in CARDS.values():
    _routes(_card)
