"""What the JSON API reads and answers, declared by purpose: `…Input` (create),
`…Update` (replace, the key being in the URL), `…Out` (answers), `Page`, `ErrorBody`.

Entities answer as themselves (`Stakeholder`, `Influence`, … from graph/model.py).
Their input models are built from the domain models with `create_model`, here and
only here: each is "the entity's fields without `account_id` (and, for updates,
without its key)", and writing them out by hand would copy every field's type,
constraint and description from graph/model.py into a second place that drifts.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, create_model

from graph.model import (
    ACCOUNT_ENTITIES,
    Account,
    CommitteeMember,
    CompetitorTie,
    Entity,
    Influence,
    Relationship,
    Supervision,
)
from graph.users import UserRole

T = TypeVar("T")


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
"""The error answers every route may give, documented once for all."""


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


def page_of(items: list[T], *, offset: int, limit: int) -> Page[T]:
    """The slice `offset`…`offset + limit` of `items`, with their total."""
    return Page(items=items[offset : offset + limit], total=len(items), offset=offset, limit=limit)


class VersionedAccount(BaseModel):
    account: Account
    version: int


# An account in the list, with its version and entity counts. (No docstring: it would
# become the schema's description, and the OpenAPI document is kept as it was.)
class AccountListItemOut(BaseModel):
    account: Account
    version: int
    counts: dict[str, int]


class WhatIfRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    remove: str = Field(min_length=1, description="Stakeholder or team member id")


class UserUpdate(BaseModel):
    """Any of: a new role; deactivate (`active: false`, every session ends at once) or
    reactivate; `owner`, who takes over the accounts the user owns (required when
    deactivating someone who owns accounts)."""

    model_config = ConfigDict(extra="forbid")
    role: UserRole | None = None
    active: bool | None = None
    owner: Annotated[str | None, Field(min_length=1, max_length=200)] = None


def _fields_of(model: type[BaseModel], *, without: tuple[str, ...]) -> dict[str, Any]:
    return {
        name: (info.annotation, info)
        for name, info in model.model_fields.items()
        if name not in without
    }


AccountInput: type[BaseModel] = create_model(
    "AccountInput", __config__=ConfigDict(extra="forbid"), **_fields_of(Account, without=())
)
AccountUpdate: type[BaseModel] = create_model(
    "AccountUpdate", __config__=ConfigDict(extra="forbid"), **_fields_of(Account, without=("id",))
)

KEY_FIELDS: dict[type[Entity], tuple[str, ...]] = {
    Influence: ("source", "target"),
    Relationship: ("member", "stakeholder"),
    CommitteeMember: ("deal", "stakeholder"),
    Supervision: ("leader", "stakeholder"),
    CompetitorTie: ("competitor", "stakeholder"),
}
"""Fields that make up an entity's key in its URL; `id` for the others."""


def key_fields(kind: type[Entity]) -> tuple[str, ...]:
    return KEY_FIELDS.get(kind, ("id",))


def _entity_input(kind: type[Entity], *, without: tuple[str, ...]) -> type[BaseModel]:
    fields = _fields_of(kind, without=("account_id", *without))
    if "_default_id" in kind.__pydantic_decorators__.model_validators and "id" in fields:
        # Optional here: without one, the model takes the name as the id (people,
        # team members, deals, competitors, bodies: graph/model.py `_id_defaults_to_name`).
        fields["id"] = (str | None, Field(None, description="Defaults to the name"))
    suffix = "Update" if without else "Input"
    return create_model(f"{kind.__name__}{suffix}", __config__=ConfigDict(extra="forbid"), **fields)


ENTITY_INPUTS: dict[type[Entity], type[BaseModel]] = {
    kind: _entity_input(kind, without=()) for kind in ACCOUNT_ENTITIES
}
"""Per entity kind, the body that creates one (`StakeholderInput`, …)."""
ENTITY_UPDATES: dict[type[Entity], type[BaseModel]] = {
    kind: _entity_input(kind, without=key_fields(kind)) for kind in ACCOUNT_ENTITIES
}
"""Per entity kind, the body that replaces one at its key (`StakeholderUpdate`, …)."""
