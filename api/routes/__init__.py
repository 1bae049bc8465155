"""The JSON API under /api/v1 (DESIGN.md, "Interfaces"), one module per resource:
wiring only — each route parses, authorises and calls a use case or a store verb.

Concurrency (If-Match / ETag) is described in api/routes/common.py.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import accounts, analysis, deals, entities, exports, history, imports, users
from api.schemas import ERROR_RESPONSES

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
for _module in (users, accounts, entities, analysis, deals, history, exports, imports):
    router.include_router(_module.router)
