"""A deal's analysis and the pipeline over HTTP, on SQLite (the Neo4j store does not
carry deals yet): the account analysis's access rules, caching and persistence."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.services.deals import DEAL_RESULT
from graph.model import Account, Deal, DecisionBody
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.factories import HOSTILE_TEXTS, bundle_of, hospital


class Client:
    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def get(self, user: str, url: str):  # type: ignore[no-untyped-def]
        return self.client.get(url, headers={"Authorization": f"Bearer {self.tokens[user]}"})


@pytest.fixture
def api(sqlite_store: SQLiteStore) -> Iterator[Client]:
    tokens = {}
    for user_id, role in {"rep-1": UserRole.rep, "rep-2": UserRole.rep, "boss": UserRole.manager}.items():
        tokens[user_id] = new_token()
        sqlite_store.add_user(User(id=user_id, name=user_id, role=role), token_hash(tokens[user_id]))
    graph = hospital()
    account = Account(id="renhe", name="仁和医院", owner="rep-1", team=("rep-1",))
    sqlite_store.bulk_upsert(bundle_of(graph), create=account)
    sqlite_store.upsert_account(Account(id="globex", name="Globex", owner="rep-2"))
    with TestClient(create_app(store=sqlite_store), raise_server_exceptions=False) as client:
        yield Client(client, tokens)


def test_deal_analysis_by_id_and_by_name(api: Client) -> None:
    answer = api.get("rep-1", "/api/v1/accounts/renhe/deals/ct/analysis")
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["deal"]["stage"] == "evaluation"
    pb = next(body for body in document["bodies"] if body["id"] == "pb")
    assert (pb["known"], pb["seats"]) == (["chen", "li"], 7)  # 2 of 7
    assert [flag["stakeholder"] for flag in document["competition"]["flags"]] == ["li", "wu"]
    assert answer.headers["ETag"] == '"1"'  # one write created it
    by_name = api.get("rep-1", "/api/v1/accounts/renhe/deals/" + quote("64排CT设备采购") + "/analysis?lang=zh")
    assert by_name.status_code == 200
    assert by_name.json()["bodies"][1]["explanation"] == "评标委员会 7 名成员中我方认识 2 名"


def test_deal_analysis_is_persisted_for_the_account_version(
    api: Client, sqlite_store: SQLiteStore
) -> None:
    first = api.get("rep-1", "/api/v1/accounts/renhe/deals/his/analysis").content
    saved = [
        result
        for kind in (DEAL_RESULT,)
        for result in sqlite_store.saved_results(kind, _fingerprint("his")).values()
    ]
    assert [(r.account_id, r.version) for r in saved] == [("renhe", 1)]
    assert api.get("rep-1", "/api/v1/accounts/renhe/deals/his/analysis").content == first


def _fingerprint(deal: str) -> str:
    from api.services.portfolio_rows import params_fingerprint
    from graph.analysis.params import AnalysisParams

    return params_fingerprint(AnalysisParams(lang="en"), f"{DEAL_RESULT}\n{deal}")


def test_others_cannot_see_the_deal_and_unknown_deals_are_one_line(api: Client) -> None:
    assert api.get("rep-2", "/api/v1/accounts/renhe/deals/ct/analysis").status_code == 404
    assert api.get("boss", "/api/v1/accounts/renhe/deals/ct/analysis").status_code == 200
    missing = api.get("rep-1", "/api/v1/accounts/renhe/deals/nope/analysis")
    assert missing.status_code == 404
    assert missing.json()["error"] == "no deal 'nope' in account 'renhe'"


def test_a_deals_map_is_exported_and_only_maps_take_a_deal(api: Client) -> None:
    html = api.get("rep-1", "/api/v1/accounts/renhe/export?format=html&deal=ct")
    assert html.status_code == 200, html.text
    assert '"deal":"ct"' in html.text and "评标委员会 · 2/7 known" in html.text
    assert "renhe-ct.html" in html.headers["content-disposition"]
    data = api.get("rep-1", "/api/v1/accounts/renhe/export?format=json&deal=ct")
    assert data.status_code == 422
    assert data.json()["error"] == "--deal: only the maps (html, svg, png) show one deal"
    assert api.get("rep-1", "/api/v1/accounts/renhe/export?format=html&deal=nope").status_code == 404
    assert api.get("rep-2", "/api/v1/accounts/renhe/export?format=html&deal=ct").status_code == 404


def test_pipeline_lists_the_readable_open_deals_by_qualification(api: Client) -> None:
    overview = api.get("rep-1", "/api/v1/pipeline").json()
    # his: 6/8 = 0.75 (at most its champion's recency moves it: never below ct's 3.5/8)
    assert [(row["deal"], row["stage"]) for row in overview["open"]] == [
        ("his", "solution"),
        ("ct", "evaluation"),
    ]
    assert overview["open"][1]["qualification"] == pytest.approx(0.4375)
    assert overview["open"][1]["body_coverage"] == pytest.approx(0.4)
    assert [s["stage"] for s in overview["stages"]] == ["solution", "evaluation"]
    assert api.get("rep-2", "/api/v1/pipeline").json()["open"] == []
    by_amount = api.get("rep-1", "/api/v1/pipeline?sort=amount").json()
    assert [row["deal"] for row in by_amount["open"]] == ["ct", "his"]  # 8,000,000 first
    bad = api.get("rep-1", "/api/v1/pipeline?sort=colour")
    assert bad.status_code == 422


def test_hostile_deal_text_stays_text_on_every_deal_page(sqlite_store: SQLiteStore) -> None:
    graph = hospital()
    evil = HOSTILE_TEXTS[0]  # <img src=x onerror=…>
    graph = graph.replace(Deal, [d.model_copy(update={"name": evil, "metrics": evil}) for d in graph.deals])
    graph = graph.replace(
        DecisionBody, [b.model_copy(update={"name": HOSTILE_TEXTS[2]}) for b in graph.bodies]
    )
    token = new_token()
    sqlite_store.add_user(User(id="boss", name="boss", role=UserRole.manager), token_hash(token))
    sqlite_store.bulk_upsert(bundle_of(graph), create=Account(id="renhe", name="仁和医院"))
    with TestClient(create_app(store=sqlite_store), raise_server_exceptions=False) as client:
        assert client.post("/signin", data={"token": token}, follow_redirects=False).status_code == 303
        for url in ("/pipeline", "/accounts/renhe/deals/ct", "/accounts/renhe"):
            page = client.get(url, headers={"Accept": "text/html"})
            assert page.status_code == 200, url
            assert "<img src=x" not in page.text and "<svg onload" not in page.text, url
            assert "&lt;img src=x" in page.text, url
        deal_map = client.get("/accounts/renhe/map?deal=ct", headers={"Accept": "text/html"})
        assert deal_map.status_code == 200
        assert "<img src=x" not in deal_map.text and "<svg onload" not in deal_map.text
        assert "\\u003cimg src=x" in deal_map.text  # the deal's name, as JSON text
        missing = client.get("/accounts/renhe/deals/" + quote("<b>x</b>"), headers={"Accept": "text/html"})
        assert missing.status_code == 404 and "<b>x</b>" not in missing.text
