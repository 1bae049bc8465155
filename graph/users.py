"""Users, their API tokens, and who may read or change which account.

Access rules (DESIGN.md, "Users and access"):

- an **admin** reads and changes everything;
- a **manager** reads every account and changes only accounts they own or are
  on the team of;
- a **rep** reads and changes only accounts they own or are on the team of; to a
  rep every other account does not exist (the API answers 404, so existence
  does not leak);
- anyone may create an account they own or are on the team of; creating an id
  that an account the caller may not see already has answers 404 as well;
- the **owner** and the **team** change, and the account is deleted, only by
  the owner, a manager who works on the account, or an admin: a team member
  cannot take the account, drop its owner, or delete it to re-create its id;
- an account's new owner and new team members are existing, active users.

`authorise_write` applies these rules; the stores call it inside the write's
transaction, on the account as it is at that moment, so a check made earlier
(say before a long upload was read) cannot be outrun by a competing write.

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

from graph.errors import Forbidden, account_id_unavailable, account_not_found
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


def may_change_owner(user: User, account: Account) -> bool:
    """The owner, a manager who works on the account, or an admin."""
    return (
        user.role is UserRole.admin
        or account.owner == user.id
        or (user.role is UserRole.manager and works_on(user, account))
    )


def authorise_write(
    user: User,
    stored: Account | None,
    *,
    new: Account | None = None,
    creating: bool = False,
    deleting: bool = False,
) -> None:
    """Raise unless `user` may make this write to an account.

    `stored` is the account as the write's transaction sees it (None: it does not
    exist); `new` is what its own fields become (an account update or creation);
    `creating` says the caller meant to create it, `deleting` to delete it.

    Raises `NotFound` when the caller may not see `stored` (with the "id cannot be
    used" wording when they meant to create it), `Forbidden` when they may see but
    not change it, may not create `new` as given, or without `may_change_owner`
    change its owner or team or delete it (a team member who could delete the
    account could re-create its id as their own: a take-over by other means).
    """
    if stored is None:
        if new is not None and not can_write(user, new):
            raise Forbidden(
                f"{user.id} may only create accounts they own or are on the team of "
                f"(set owner to {user.id!r})"
            )
        return
    if not can_read(user, stored):
        raise account_id_unavailable(stored.id) if creating else account_not_found(stored.id)
    if not can_write(user, stored):
        raise Forbidden(f"{user.id} may read account {stored.id!r} but not change it")
    if may_change_owner(user, stored):
        return
    if deleting:
        raise Forbidden(
            f"only the owner ({stored.owner}), a manager on the team or an admin may delete "
            f"account {stored.id!r}"
        )
    if new is not None and new.owner != stored.owner:
        raise Forbidden(
            f"only the owner ({stored.owner}), a manager on the team or an admin may change "
            f"the owner of account {stored.id!r}"
        )
    if new is not None and set(new.team) != set(stored.team):
        raise Forbidden(
            f"only the owner ({stored.owner}), a manager on the team or an admin may change "
            f"the team of account {stored.id!r}"
        )
