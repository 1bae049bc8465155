"""Users: who am I; for admins, offboarding and erasure of a person's data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query

from api.auth import readable_account
from api.deps import AdminDep, CacheDep, StoreDep, UserDep, check_admin
from api.routes.common import AccountPath
from api.schemas import UserUpdate
from graph.erasure import ErasureReport
from graph.users import Offboarding, User

router = APIRouter()

UserPath = Annotated[str, Path(description="User id", min_length=1, max_length=200)]


@router.get("/me", response_model=User, tags=["users"])
def me(user: UserDep) -> User:
    """The user the token belongs to."""
    return user


@router.get("/users", response_model=list[User], tags=["users"])
def list_users(store: StoreDep, admin: AdminDep) -> list[User]:
    """Every user with role and whether they are active (admins only; never tokens)."""
    return store.list_users()


@router.patch("/users/{user_id}", response_model=Offboarding, tags=["users"])
def update_user(
    store: StoreDep, admin: AdminDep, user_id: UserPath, body: Annotated[UserUpdate, Body()]
) -> Offboarding:
    """Change a user's role or active flag and hand their accounts to `owner`, in one step.
    409 names the accounts when a user who owns some is deactivated without an owner."""
    return store.change_user(user_id, role=body.role, active=body.active, new_owner=body.owner)


@router.delete("/users/{user_id}", response_model=Offboarding, tags=["users"])
def delete_user(
    store: StoreDep,
    admin: AdminDep,
    user_id: UserPath,
    owner: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Who takes over their accounts"),
    ] = None,
) -> Offboarding:
    """Delete a user: their accounts go to `owner`, and they leave every account's team."""
    return store.delete_user(user_id, new_owner=owner)


@router.post(
    "/accounts/{account_id}/stakeholders/{stakeholder_id}/erase",
    response_model=ErasureReport,
    tags=["stakeholders"],
)
def erase_stakeholder(
    store: StoreDep,
    user: UserDep,
    cache: CacheDep,
    account_id: AccountPath,
    stakeholder_id: Annotated[str, Path(min_length=1, max_length=300)],
) -> ErasureReport:
    """Erase a stakeholder's personal data everywhere, history included (PIPL art. 47,
    GDPR art. 17); their links stay under the neutral id the answer gives. Admins only
    (404 to whoever cannot see the account, 403 to others). Cannot be undone; backups
    made before still hold the person."""
    readable_account(store, user, account_id)
    check_admin(user, action="erase a person's personal data")
    report = store.erase_stakeholder(account_id, stakeholder_id)
    cache.forget(account_id)
    return report
