"""The JSON API on both stores: every route, every role, and the 401/403/404/409/422 paths."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest

from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.model import Assessment, Interaction, Stakeholder
from graph.vocabulary import Role, Stance
from tests.api.conftest import Api
from tests.factories import graph_of, small_org
from visualize.formats import bundle_zip

A = "/api/v1/accounts"


def _item_paths(api: Api) -> dict[str, str]:
    interaction = api.store.list(Interaction, "acme")[0].id
    assessment = api.store.list(Assessment, "acme")[0].id
    # in an order where deleting one does not cascade to a later one
    return {
        "influences": "wang/zhou",
        "relationships": "rep-1/sun",
        "interactions": interaction,
        "assessments": assessment,
        "orders": "PO-1",
        "tickets": "T-7",
        "members": "rep-1",
        "stakeholders": "zhou",
    }


NEW_ENTITIES: dict[str, dict[str, Any]] = {
    "stakeholders": {"id": "new", "name": "新人", "roles": ["coach"], "stance": "supporter"},
    "members": {"id": "rep-9", "name": "New Rep", "role": "rep"},
    "influences": {"source": "chen", "target": "sun", "weight": 0.3},
    "relationships": {"member": "se-1", "stakeholder": "zhou", "strength": 2},
    "interactions": {
        "date": "2026-11-01",
        "member": "rep-1",
        "stakeholders": ["zhou"],
        "note": "call",
    },
    "assessments": {"date": "2026-11-01", "stakeholder": "zhou", "trust": 3},
    "orders": {"id": "PO-2", "date": "2026-11-02", "amount": 5000, "product": "Training"},
    "tickets": {"date": "2026-11-03", "severity": "critical", "subject": "Outage"},
}

UPDATES: dict[str, dict[str, Any]] = {
    "stakeholders": {"name": "周敏", "title": "Chairman"},
    "members": {"name": "Our Rep", "role": "manager"},
    "influences": {"weight": 0.95},
    "relationships": {"strength": 5, "last_contact": "2026-11-20"},
    "interactions": {
        "date": "2026-10-01",
        "member": "rep-1",
        "stakeholders": ["sun"],
        "note": "edited",
    },
    "assessments": {"date": "2026-09-30", "stakeholder": "li", "member": "se-1", "trust": 5},
    "orders": {"date": "2026-03-02", "amount": 125000, "stakeholder": "wang"},
    "tickets": {"date": "2026-10-12", "severity": "high", "status": "closed"},
}


def _every_route(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, url, request kwargs) for every route that touches account acme."""
    items = _item_paths(api)
    routes: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", f"{A}/acme", {}),
        (
            "PUT",
            f"{A}/acme",
            {"json": {"name": "renamed", "owner": "rep-1", "team": ["rep-1", "se-1"]}},
        ),
        ("GET", f"{A}/acme/analysis", {}),
        ("GET", f"{A}/acme/history", {}),
        ("GET", f"{A}/acme/paths", {"params": {"to": "zhou"}}),
        ("POST", f"{A}/acme/whatif", {"json": {"remove": "zhou"}}),
        ("GET", f"{A}/acme/export", {"params": {"format": "json"}}),
        ("GET", f"{A}/acme/report", {"params": {"format": "html", "lang": "zh"}}),
        ("GET", f"{A}/acme/survey", {"params": {"format": "csv", "stakeholder": ["li"]}}),
        (
            "POST",
            f"{A}/acme/import",
            {
                "files": {
                    "file": ("b.zip", bundle_zip(graph_of(small_org("acme"))), "application/zip")
                }
            },
        ),
    ]
    for collection, key in items.items():
        routes += [
            ("GET", f"{A}/acme/{collection}", {}),
            ("POST", f"{A}/acme/{collection}", {"json": NEW_ENTITIES[collection]}),
            ("GET", f"{A}/acme/{collection}/{key}", {}),
            ("PUT", f"{A}/acme/{collection}/{key}", {"json": UPDATES[collection]}),
            ("DELETE", f"{A}/acme/{collection}/{key}", {}),
        ]
    routes.append(("DELETE", f"{A}/acme", {}))
    return routes


def _call(api: Api, user: str, method: str, url: str, kwargs: dict[str, Any]) -> Any:
    return api.client.request(method, url, headers=api.headers(user), **kwargs)


def test_no_token_or_a_bad_one_is_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        answer = api.client.get(f"{A}", headers=headers)
        assert answer.status_code == 401
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert answer.json()["error"]


def test_repeated_bad_tokens_are_slowed_down(api: Api) -> None:
    for _ in range(10):
        assert api.client.get(A, headers={"Authorization": "Bearer wrong"}).status_code == 401
    blocked = api.client.get(A, headers={"Authorization": "Bearer wrong"})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) >= 1
    # someone else's failures from the same address never lock out a valid token
    assert api.get("admin", A).status_code == 200
    assert api.client.get(A, headers={"Authorization": "Bearer wrong"}).status_code == 429


def test_me(api: Api) -> None:
    assert api.get("se-1", "/api/v1/me").json() == {
        "id": "se-1",
        "name": "Se-1",
        "role": "rep",
        "active": True,
    }


def test_admin_can_use_every_route(api: Api) -> None:
    for method, url, kwargs in _every_route(api):
        answer = _call(api, "admin", method, url, kwargs)
        assert answer.status_code < 300, (method, url, answer.status_code, answer.text)


def test_team_member_rep_can_use_every_route_but_deleting_the_account(api: Api) -> None:
    for method, url, kwargs in _every_route(api):
        answer = _call(api, "se-1", method, url, kwargs)
        if (method, url) == ("DELETE", f"{A}/acme"):
            # deleting is the owner's (or a manager on the team's, or an admin's): a team
            # member who could delete it could re-create the id as their own
            assert answer.status_code == 403, answer.text
            assert "may delete" in answer.json()["error"]
            continue
        assert answer.status_code < 300, (method, url, answer.status_code, answer.text)


def test_another_reps_account_does_not_exist_for_them_on_any_route(api: Api) -> None:
    before = api.store.versioned_graph("acme")
    for method, url, kwargs in _every_route(api):
        answer = _call(api, "rep-2", method, url, kwargs)
        assert answer.status_code == 404, (method, url, answer.status_code, answer.text)
        assert "acme" in answer.json()["error"]
    assert api.store.versioned_graph("acme") == before
    assert [a["account"]["id"] for a in api.get("rep-2", A).json()["items"]] == ["globex"]
    assert [r["account"] for r in api.get("rep-2", "/api/v1/portfolio").json()["accounts"]] == [
        "globex"
    ]


def test_manager_reads_everything_and_changes_only_their_own(api: Api) -> None:
    before = api.store.versioned_graph("acme")
    for method, url, kwargs in _every_route(api):
        answer = _call(api, "boss", method, url, kwargs)
        reads = method == "GET" or url.endswith("/whatif")
        if reads:
            assert answer.status_code == 200, (method, url, answer.text)
        else:
            assert answer.status_code == 403, (method, url, answer.status_code, answer.text)
    assert api.store.versioned_graph("acme") == before
    assert len(api.get("boss", A).json()["items"]) == 3
    own = api.put("boss", f"{A}/bossco/stakeholders/ceo", json={"name": "CEO"})
    assert own.status_code == 200


def test_creating_accounts(api: Api) -> None:
    made = api.post("rep-2", A, json={"id": "initech", "name": "Initech"})
    assert made.status_code == 201
    assert made.json()["account"]["owner"] == "rep-2"
    assert made.headers["ETag"] == '"1"'
    assert api.post("rep-2", A, json={"id": "initech", "name": "again"}).status_code == 409
    # a rep cannot create an account for someone else
    other = api.post("rep-2", A, json={"id": "hooli", "name": "Hooli", "owner": "rep-1"})
    assert other.status_code == 403
    bad = api.post("admin", A, json={"id": "x", "name": "", "tier": "gold"})
    assert bad.status_code == 422
    problems = " ".join(bad.json()["problems"])
    assert "name" in problems and "tier" in problems


def test_if_match_refuses_a_stale_write(api: Api) -> None:
    read = api.get("rep-1", f"{A}/acme/stakeholders/zhou")
    version = read.headers["ETag"]
    first = api.put(
        "rep-1",
        f"{A}/acme/stakeholders/zhou",
        json={"name": "周敏", "title": "Chair"},
        extra_headers={"If-Match": version},
    )
    assert first.status_code == 200
    assert int(first.headers["ETag"].strip('"')) == int(version.strip('"')) + 1
    second = api.put(
        "se-1",
        f"{A}/acme/stakeholders/zhou",
        json={"name": "周敏", "title": "CEO"},
        extra_headers={"If-Match": version},
    )
    assert second.status_code == 409
    assert "changed since version" in second.json()["error"]
    assert api.store.get(Stakeholder, "acme", ("zhou",)).title == "Chair"
    stale_delete = api.delete(
        "se-1", f"{A}/acme/stakeholders/zhou", extra_headers={"If-Match": version}
    )
    assert stale_delete.status_code == 409
    garbage = api.put(
        "se-1",
        f"{A}/acme/stakeholders/zhou",
        json={"name": "x"},
        extra_headers={"If-Match": "yesterday"},
    )
    assert garbage.status_code == 422


def test_validation_errors_name_the_field(api: Api) -> None:
    answer = api.post(
        "rep-1",
        f"{A}/acme/relationships",
        json={"member": "rep-1", "stakeholder": "zhou", "strength": 9},
    )
    assert answer.status_code == 422
    assert answer.json()["problems"] == ["strength: Input should be less than or equal to 5"]
    unknown = api.post("rep-1", f"{A}/acme/influences", json={"source": "zhou", "target": "nobody"})
    assert unknown.status_code == 422
    assert "nobody" in unknown.json()["error"]
    self_link = api.post("rep-1", f"{A}/acme/influences", json={"source": "zhou", "target": "zhou"})
    assert self_link.status_code == 422
    assert "cannot influence themself" in self_link.json()["error"]
    extra = api.post("rep-1", f"{A}/acme/stakeholders", json={"name": "x", "shoe_size": 42})
    assert extra.json()["problems"] == ["shoe_size: is not a known field"]
    cycle = api.put(
        "rep-1", f"{A}/acme/stakeholders/zhou", json={"name": "周敏", "reports_to": "sun"}
    )
    assert cycle.status_code == 422
    assert "→" in cycle.json()["error"]


def test_not_found(api: Api) -> None:
    assert api.get("admin", f"{A}/nope").status_code == 404
    assert api.get("admin", f"{A}/acme/stakeholders/nobody").status_code == 404
    assert api.delete("admin", f"{A}/acme/influences/zhou/sun").status_code == 404
    assert api.get("admin", f"{A}/acme/paths", params={"to": "nobody"}).status_code == 404
    assert api.post("admin", f"{A}/acme/whatif", json={"remove": "nobody"}).status_code == 404
    assert api.get("admin", "/api/v1/nothing-here").status_code == 404


def test_paging(api: Api) -> None:
    page = api.get("rep-1", f"{A}/acme/stakeholders", params={"offset": 1, "limit": 2}).json()
    assert page["total"] == 5
    assert [p["id"] for p in page["items"]] == ["li", "sun"]
    assert api.get("rep-1", f"{A}/acme/stakeholders", params={"limit": 0}).status_code == 422


def test_analysis_is_the_cli_document(api: Api) -> None:
    doc = api.get("rep-1", f"{A}/acme/analysis").json()
    for key in (
        "account",
        "stakeholders",
        "key_decision_makers",
        "brokers",
        "hidden_influencers",
        "decision_chain",
        "coverage",
        "health",
        "actions",
    ):
        assert key in doc
    assert doc == analyze_account(api.store.account_graph("acme")).model_dump(mode="json")
    # ?lang=zh: the same numbers, explained in Chinese (and cached apart from English)
    chinese = api.get("rep-1", f"{A}/acme/analysis", params={"lang": "zh"}).json()
    assert chinese == analyze_account(
        api.store.account_graph("acme"), AnalysisParams(lang="zh")
    ).model_dump(mode="json")
    assert chinese["coverage"]["score"] == doc["coverage"]["score"]
    assert chinese["stakeholders"][0]["explanation"].startswith("影响力")
    assert doc["stakeholders"][0]["explanation"].startswith("power")
    assert api.get("rep-1", f"{A}/acme/analysis", params={"lang": "fr"}).status_code == 422


def test_import_upload_is_all_or_nothing(api: Api) -> None:
    good = "id,name,title\nnew1,新人一,Analyst\nnew2,新人二,Analyst\n"
    answer = api.post(
        "rep-1", f"{A}/acme/import", files={"file": ("people.csv", good.encode(), "text/csv")}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 2 and answer.json()["written"] is True
    bad = "id,name,stance\nnew3,Ok,neutral\nnew4,Bad,furious\n"
    before = api.store.versioned_graph("acme")
    refused = api.post(
        "rep-1", f"{A}/acme/import", files={"file": ("people.csv", bad.encode(), "text/csv")}
    )
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert (
        errors[0]["file"] == "people.csv"
        and errors[0]["row"] == 3
        and errors[0]["column"] == "stance"
    )
    assert api.store.versioned_graph("acme") == before
    wrong = api.post(
        "rep-1",
        f"{A}/acme/import",
        files={"file": ("notes.exe", b"MZ", "application/octet-stream")},
    )
    assert wrong.status_code == 422
    # importing into a new account creates it for the caller
    made = api.post(
        "rep-2", f"{A}/newco/import", files={"file": ("p.csv", good.encode(), "text/csv")}
    )
    assert made.status_code == 200
    assert api.store.get_account("newco").owner == "rep-2"


@pytest.mark.parametrize(
    ("format", "media", "magic"),
    [
        ("html", "text/html", b"<!DOCTYPE html>"),
        ("svg", "image/svg+xml", b"<svg"),
        ("graphml", "application/graphml+xml", b"<?xml"),
        ("gexf", "application/gexf+xml", b"<?xml"),
        ("json", "application/json", b"{"),
        ("csv", "application/zip", b"PK"),
        ("cypher", "text/plain", b"//"),
    ],
)
def test_export_formats(api: Api, format: str, media: str, magic: bytes) -> None:
    answer = api.get("rep-1", f"{A}/acme/export", params={"format": format})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(media)
    assert answer.content.startswith(magic)
    assert "attachment" in answer.headers["content-disposition"]
    if format == "csv":
        assert "stakeholders.csv" in zipfile.ZipFile(io.BytesIO(answer.content)).namelist()


def test_unknown_export_format_is_422(api: Api) -> None:
    assert api.get("rep-1", f"{A}/acme/export", params={"format": "docx"}).status_code == 422


def test_openapi_document_lists_every_route(api: Api) -> None:
    paths = api.client.get("/api/v1/openapi.json").json()["paths"]
    for collection in (
        "stakeholders",
        "members",
        "influences",
        "relationships",
        "interactions",
        "assessments",
        "orders",
        "tickets",
    ):
        assert f"/api/v1/accounts/{{account_id}}/{collection}" in paths
    assert "/api/v1/accounts/{account_id}/influences/{source}/{target}" in paths
    assert api.client.get("/docs").status_code == 200


def test_put_keeps_the_fields_it_does_not_carry(api: Api) -> None:
    answer = api.put(
        "rep-1", f"{A}/acme/stakeholders/zhou", json={"name": "周敏", "title": "Chair"}
    )
    assert answer.status_code == 200
    stored = api.store.get(Stakeholder, "acme", ("zhou",))
    assert stored.title == "Chair"
    assert stored.roles == (Role.decision_maker,) and stored.stance is Stance.skeptic  # untouched


def test_a_survey_downloaded_filled_in_and_uploaded_becomes_assessments(api: Api) -> None:
    answer = api.get("rep-1", f"{A}/acme/survey", params={"format": "csv", "stakeholder": "li"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"), newline="")))
    assert {row[1] for row in rows[1:]} == {"li"}
    for row in rows[1:]:
        row[5] = {"date": "2026-11-20", "comment": "more roadmap sessions"}.get(row[3], "4")
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    upload = {"file": ("survey.csv", buffer.getvalue().encode(), "text/csv")}
    done = api.client.post(
        f"{A}/acme/import",
        params={"format": "survey"},
        files=upload,
        headers=api.headers("rep-1"),
    )
    assert done.status_code == 200, done.text
    assert done.json()["created"] == 2
    stored = [a for a in api.store.list(Assessment, "acme") if str(a.date) == "2026-11-20"]
    assert [(a.stakeholder, a.trust, a.loyalty) for a in stored] == [("li", 4, 4)]
    rows[2][5] = "7"
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    bad = api.client.post(
        f"{A}/acme/import",
        params={"format": "survey"},
        files={"file": ("survey.csv", buffer.getvalue().encode(), "text/csv")},
        headers=api.headers("rep-1"),
    )
    assert bad.status_code == 422
    assert [(e["row"], e["column"]) for e in bad.json()["errors"]] == [(3, "answer")]


def test_the_report_comes_as_html_or_pdf(api: Api) -> None:
    html = api.get("boss", f"{A}/acme/report")
    assert html.status_code == 200 and html.content.startswith(b"<!DOCTYPE html>")
    assert b"Account relationship report" in html.content
    pdf = api.get("rep-1", f"{A}/acme/report", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert api.get("rep-1", f"{A}/acme/report", params={"format": "docx"}).status_code == 422
