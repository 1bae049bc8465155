"""Accounts: list, create, read, replace, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response

from api.auth import check_new_account, readable_account, writable_account
from api.deps import CacheDep, StoreDep, UserDep
from api.routes.common import AccountPath, IfMatch, Limit, Offset, etag, expected_version
from api.schemas import (
    AccountInput,
    AccountListItemOut,
    AccountUpdate,
    Page,
    VersionedAccount,
    page_of,
)
from graph.errors import validated
from graph.model import Account
from graph.users import can_read

router = APIRouter(tags=["accounts"])


@router.get("/accounts", response_model=Page[AccountListItemOut])
def list_accounts(
    store: StoreDep, user: UserDep, offset: Offset = 0, limit: Limit = 100
) -> Page[AccountListItemOut]:
    """Accounts the caller may read, by id, with their versions and entity counts."""
    visible = [
        AccountListItemOut(account=s.account, version=s.version, counts=s.counts)
        for s in store.list_accounts()
        if can_read(user, s.account)
    ]
    return page_of(visible, offset=offset, limit=limit)


@router.post("/accounts", status_code=201, response_model=VersionedAccount)
def create_account(
    store: StoreDep,
    user: UserDep,
    response: Response,
    body: Annotated[AccountInput, Body()],
) -> VersionedAccount:
    """Create an account. Without an owner, the caller owns it. 409 if the id is taken."""
    fields = body.model_dump(exclude_unset=True)
    fields.setdefault("owner", user.id)
    account = validated(Account, fields)
    check_new_account(user, account)
    report = store.upsert_account(account, mode="create")
    etag(response, report.version)
    return VersionedAccount(account=account, version=report.version or 1)


@router.get("/accounts/{account_id}", response_model=VersionedAccount)
def get_account(
    store: StoreDep, user: UserDep, account_id: AccountPath, response: Response
) -> VersionedAccount:
    account = readable_account(store, user, account_id)
    version = store.account_version(account_id)
    etag(response, version)
    return VersionedAccount(account=account, version=version)


@router.put("/accounts/{account_id}", response_model=VersionedAccount)
def update_account(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    response: Response,
    body: Annotated[AccountUpdate, Body()],
    if_match: IfMatch = None,
) -> VersionedAccount:
    """Replace the account's own fields (name, owner, team, …)."""
    writable_account(store, user, account_id)
    fields = body.model_dump(exclude_unset=True)
    account = validated(Account, {**fields, "id": account_id})
    report = store.upsert_account(
        account, mode="update", expected_version=expected_version(if_match)
    )
    etag(response, report.version)
    return VersionedAccount(account=account, version=report.version or 0)


@router.delete("/accounts/{account_id}", status_code=204)
def delete_account(
    store: StoreDep,
    user: UserDep,
    cache: CacheDep,
    account_id: AccountPath,
    if_match: IfMatch = None,
) -> Response:
    """Delete the account and everything in it (the owner, a manager on its team or an
    admin; 409 when `If-Match` names an older version)."""
    writable_account(store, user, account_id)
    store.delete_account(account_id, expected_version=expected_version(if_match))
    cache.forget(account_id)
    return Response(status_code=204)
