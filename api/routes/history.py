"""An account's recorded changes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.auth import readable_account
from api.deps import StoreDep, UserDep
from api.routes.common import AccountPath
from graph.history import Change, moment

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
