"""Errors in the reader's language: `?lang=zh` or Accept-Language on the JSON API, the
page's language on the pages; English stays as it was."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from graph.model import Account
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash


def _client(store: SQLiteStore) -> tuple[TestClient, dict[str, str]]:
    token = new_token()
    store.add_user(User(id="boss", name="Boss", role=UserRole.admin), token_hash(token))
    store.upsert_account(Account(id="acme", name="Acme"))
    client = TestClient(create_app(store=store), raise_server_exceptions=False)
    return client, {"Authorization": f"Bearer {token}"}


def test_api_errors_follow_lang_or_accept_language(sqlite_store: SQLiteStore) -> None:
    client, auth = _client(sqlite_store)
    missing = client.get("/api/v1/accounts/nope?lang=zh", headers=auth)
    assert missing.status_code == 404
    assert missing.json() == {"error": "客户 'nope' 不存在", "problems": ["客户 'nope' 不存在"]}
    bad = client.post(
        "/api/v1/accounts/acme/stakeholders",
        json={"title": "CFO", "stance": "frend"},
        headers={**auth, "Accept-Language": "zh-CN,zh;q=0.9"},
    )
    assert bad.status_code == 422
    assert bad.json()["problems"] == [
        "姓名：必填",
        "态度：'frend' 不是有效的态度：是否想填 支持者？可选：拥护者, 支持者, 中立, 怀疑者, 反对者",
    ]
    english = client.get("/api/v1/accounts/nope", headers=auth)
    assert english.json()["error"] == "account 'nope' does not exist"
