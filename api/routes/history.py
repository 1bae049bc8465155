"""An account's recorded changes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.auth import readable_account, writable_account
from api.deps import StoreDep, UserDep
from api.routes.common import AccountPath, etag
from graph.history import Change, moment
from graph.model import WriteReport

router = APIRouter(tags=["history"])


@router.get("/accounts/{account_id}/history", response_model=list[Change])
def history(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    since: Annotated[datetime | None, Query(description="Only changes after this moment")] = None,
) -> list[Change]:
    """Every recorded change to the account: when, who, what, before and after."""
    readable_account(store, user, account_id)
    return store.history(account_id, None if since is None else moment(since))


@router.post("/accounts/{account_id}/history/{version}/revert", response_model=WriteReport)
def revert(
    store: StoreDep,
    user: UserDep,
    account_id: AccountPath,
    version: Annotated[int, Path(ge=1, description="The version the write to undo produced")],
    response: Response,
) -> WriteReport:
    """Undo one recorded write (all the changes that share its `version`): what it
    created is deleted, what it deleted re-created, what it updated restored. The
    undo is recorded as a change of its own. 409 when something it touched has
    changed since; 422 for an erasure or the account's creation."""
    writable_account(store, user, account_id)
    report = store.revert(account_id, version)
    etag(response, report.version)
    return report
