"""An API client per store, with users of every role and their tokens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.model import Account
from graph.store import GraphStore
from graph.users import User, UserRole, new_token, token_hash
from tests.factories import small_org
from tests.workers import WORKERS, RunningServer, client_of


@dataclass
class Api:
    client: httpx.Client  # a TestClient in-process; over HTTP to live workers (tests/workers.py)
    store: GraphStore
    tokens: dict[str, str]
    tmp: Path | None = None
    """The live server's temporary folder (where it makes upload folders); None in-process."""

    def headers(self, user: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[user]}", **extra}

    def get(self, user: str, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(url, headers=self.headers(user), **kwargs)

    def post(self, user: str, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.post(url, headers=self.headers(user), **kwargs)

    def put(self, user: str, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = self.headers(user, **kwargs.pop("extra_headers", {}))  # type: ignore[arg-type]
        return self.client.put(url, headers=headers, **kwargs)

    def delete(self, user: str, url: str, **kwargs: object):  # type: ignore[no-untyped-def]
        headers = self.headers(user, **kwargs.pop("extra_headers", {}))  # type: ignore[arg-type]
        return self.client.delete(url, headers=headers, **kwargs)


USERS = {
    "admin": UserRole.admin,
    "boss": UserRole.manager,
    "rep-1": UserRole.rep,  # owns acme
    "rep-2": UserRole.rep,  # owns globex; on no team of acme
    "se-1": UserRole.rep,  # on acme's team
}


@pytest.fixture
def api(request: pytest.FixtureRequest, store: GraphStore) -> Iterator[Api]:
    tokens = {}
    for user_id, role in USERS.items():
        tokens[user_id] = new_token()
        store.add_user(
            User(id=user_id, name=user_id.title(), role=role), token_hash(tokens[user_id])
        )
    store.upsert_account(
        Account(id="acme", name="Acme 集团", owner="rep-1", team=("rep-1", "se-1"))
    )
    store.bulk_upsert(small_org("acme"))
    store.upsert_account(Account(id="globex", name="Globex", owner="rep-2"))
    store.upsert_account(Account(id="bossco", name="Boss Co", owner="boss"))
    if WORKERS:
        server_for: Callable[[GraphStore], RunningServer] = request.getfixturevalue("worker_server")
        server = server_for(store)
        with client_of(server) as client:
            yield Api(client=client, store=store, tokens=tokens, tmp=server.tmp)
        return
    app = create_app(store=store)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(client=client, store=store, tokens=tokens)
