"""The web app for people at `/`: pages, the account page's forms, import, users.

Each module has its own router; `router` gathers them for `create_app`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web import admin, cards, deals, forms, history, imports, owners, pages, people

router = APIRouter(include_in_schema=False)
# owners: before forms/{kind}
for _module in (pages, deals, owners, forms, people, cards, history, imports, admin):
    router.include_router(_module.router)
