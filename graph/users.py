"""Users, their API tokens, and who may read or change which account.

Access rules (DESIGN.md, "Users and access"):

- an **admin** reads and changes everything;
- a **manager** reads every account and changes only accounts they own or are
  on the team of;
- a **rep** reads and changes only accounts they own or are on the team of; to a
  rep every other account does not exist (the API answers 404, so existence
  does not leak).

Tokens are 32 random bytes (URL-safe text) shown to the user once; the store
keeps only their SHA-256. A slow password hash buys nothing for 256-bit random
secrets, and SHA-256 lets the server find the user by the hash in one lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Account, Id

TOKEN_BYTES = 32


class UserRole(StrEnum):
    admin = "admin"
    manager = "manager"
    rep = "rep"


class User(BaseModel):
    """Someone who signs in. May share an id with a team member of an account."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    collection: ClassVar[str] = "users"

    id: Id
    name: Annotated[str, Field(max_length=300)] = ""
    role: UserRole = UserRole.rep
    active: bool = True
    """False once deactivated (offboarding): their token stops working at once, and
    stores and backups written before this field existed read as active."""


class Offboarding(BaseModel):
    """What changing or deleting a user did."""

    user: User | None
    """The user as they are now; None once deleted."""
    transferred: list[str] = []
    """Accounts whose owner became the new owner."""


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def works_on(user: User, account: Account) -> bool:
    """The user owns the account or is on its team."""
    return account.owner == user.id or user.id in account.team


def can_read(user: User, account: Account) -> bool:
    return user.role in (UserRole.admin, UserRole.manager) or works_on(user, account)


def can_write(user: User, account: Account) -> bool:
    return user.role is UserRole.admin or works_on(user, account)
