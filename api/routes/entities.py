"""List, create, read, replace and delete each kind of entity inside an account.

One set of five routes per kind (`ACCOUNT_ENTITIES`), made by `entity_routes`. An
entity's key comes from its URL through a key dependency of the kind's key shape
(`/stakeholders/{id}`, `/influences/{source}/{target}`,
`/relationships/{member}/{stakeholder}`, `/committee/{deal}/{stakeholder}` …); bodies are the kind's declared input
models (api/schemas.py).

This module does not use `from __future__ import annotations`: the handlers are
defined per kind inside `entity_routes`, and FastAPI reads their annotations
(the kind's body model, held in a local variable) as the objects they are.
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Response
from pydantic import BaseModel

from api.auth import readable_account, writable_account
from api.deps import StoreDep, UserDep
from api.routes.common import AccountPath, IfMatch, Limit, Offset, etag, expected_version
from api.schemas import ENTITY_INPUTS, ENTITY_UPDATES, Page, key_fields, page_of
from graph.errors import InvalidInput, validated
from graph.model import ACCOUNT_ENTITIES, Entity, normal_id
from graph.store import GraphStore
from graph.store.base import WriteMode, entity_not_found
from graph.users import User

router = APIRouter()

KeyPart = Annotated[str, Path(min_length=1, max_length=300)]


def _in_normal_form(part: str) -> str:
    """A key from the URL exactly as ids are stored (graph/model.py `ID_RULE`): a part
    that normalises to another id (` chen-jie `) would otherwise write over that one
    while reads of the same URL answer 404."""
    try:
        normal = normal_id(part)
    except ValueError as error:
        raise InvalidInput([f"id {part!r} in the URL: {error}"]) from error
    if normal != part:
        raise InvalidInput([f"id {part!r} in the URL is written {normal!r}: use that"])
    return part


def key_dependency(kind: type[Entity]) -> Callable[..., tuple[str, ...]]:
    """The dependency that reads `kind`'s key from its URL: one path parameter per key
    field (api/schemas.py `key_fields`: `{id}`, `{source}/{target}`, `{deal}/{stakeholder}` …),
    each in the normal form ids are stored in."""
    fields = key_fields(kind)

    def key(**parts: str) -> tuple[str, ...]:
        return tuple(_in_normal_form(parts[field]) for field in fields)

    # FastAPI reads the path parameters from the signature.
    key.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(field, inspect.Parameter.KEYWORD_ONLY, annotation=KeyPart)
            for field in fields
        ]
    )
    return key


def entity_routes(kind: type[Entity]) -> None:
    """The five routes of one entity kind, on `router`."""
    collection = kind.collection
    name = collection[:-1]
    base = f"/accounts/{{account_id}}/{collection}"
    item = base + "".join(f"/{{{key}}}" for key in key_fields(kind))
    Key = Annotated[tuple[str, ...], Depends(key_dependency(kind))]
    Input = Annotated[ENTITY_INPUTS[kind], Body()]  # type: ignore[valid-type]
    Update = Annotated[ENTITY_UPDATES[kind], Body()]  # type: ignore[valid-type]

    def operation(verb: str, noun: str = name) -> dict[str, Any]:
        return {"tags": [collection], "operation_id": f"{verb}_{noun}"}

    @router.get(
        base,
        summary=f"List {collection}",
        response_model=Page[kind],  # type: ignore[valid-type]
        **operation("list", collection),
    )
    def list_items(
        store: StoreDep,
        user: UserDep,
        account_id: AccountPath,
        response: Response,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> Page[Any]:
        readable_account(store, user, account_id)
        graph, version = store.versioned_graph(account_id)
        etag(response, version)
        return page_of(list(graph.entities(kind)), offset=offset, limit=limit)

    @router.post(
        base,
        summary=f"Create a {name} (409 if it exists)",
        status_code=201,
        response_model=kind,
        **operation("create"),
    )
    def create_item(
        store: StoreDep,
        user: UserDep,
        account_id: AccountPath,
        response: Response,
        body: Input,
        if_match: IfMatch = None,
    ) -> Entity:
        return _save(store, user, account_id, response, kind, _fields(body), if_match, "create")

    @router.get(item, summary=f"Read a {name}", response_model=kind, **operation("get"))
    def get_item(
        store: StoreDep, user: UserDep, account_id: AccountPath, response: Response, key: Key
    ) -> Entity:
        readable_account(store, user, account_id)
        graph, version = store.versioned_graph(account_id)
        found = next((entity for entity in graph.entities(kind) if entity.key == key), None)
        if found is None:
            raise entity_not_found(kind, account_id, key)
        etag(response, version)
        return found

    @router.put(
        item, summary=f"Create or replace a {name}", response_model=kind, **operation("put")
    )
    def put_item(
        store: StoreDep,
        user: UserDep,
        account_id: AccountPath,
        response: Response,
        key: Key,
        body: Update,
        if_match: IfMatch = None,
    ) -> Entity:
        named = dict(zip(key_fields(kind), key, strict=True))
        fields = {**_fields(body), **named}
        return _save(store, user, account_id, response, kind, fields, if_match, "upsert")

    @router.delete(
        item,
        summary=f"Delete a {name} (and what hangs on it)",
        status_code=204,
        response_class=Response,
        **operation("delete"),
    )
    def delete_item(
        store: StoreDep,
        user: UserDep,
        account_id: AccountPath,
        key: Key,
        if_match: IfMatch = None,
    ) -> Response:
        writable_account(store, user, account_id)
        report = store.delete(kind, account_id, key, expected_version=expected_version(if_match))
        answer = Response(status_code=204)
        etag(answer, report.version)
        return answer


def _fields(body: BaseModel) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True)


def _save(
    store: GraphStore,
    user: User,
    account_id: str,
    response: Response,
    kind: type[Entity],
    fields: dict[str, Any],
    if_match: str | None,
    mode: WriteMode,
) -> Entity:
    """Write one entity of `kind` from `fields` into an account the caller may change."""
    writable_account(store, user, account_id)
    entity = validated(kind, {**fields, "account_id": account_id})
    report = store.upsert(entity, mode=mode, expected_version=expected_version(if_match))
    etag(response, report.version)
    return entity


for _kind in ACCOUNT_ENTITIES:
    entity_routes(_kind)
