"""The web pages keep the API's access rules: another rep's account does not exist for
a rep on any page, a manager gets no edit forms and cannot post them, and a page
never answers 500 for bad input."""

from __future__ import annotations

from graph.model import Stakeholder
from tests.api.conftest import Api


def _as(api: Api, user: str) -> None:
    api.client.cookies.clear()
    answer = api.client.post("/signin", data={"token": api.tokens[user]}, follow_redirects=False)
    assert answer.status_code == 303


def test_pages_need_a_sign_in(api: Api) -> None:
    api.client.cookies.clear()
    for url in ("/", "/portfolio", "/accounts/acme", "/import"):
        answer = api.client.get(url, headers={"Accept": "text/html"}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/signin", url
    bad = api.client.post("/signin", data={"token": "nope"})
    assert bad.status_code == 401
    assert "not valid" in bad.text


def test_another_reps_account_is_not_found_on_every_page(api: Api) -> None:
    _as(api, "rep-2")
    before = api.store.versioned_graph("acme")
    html = {"Accept": "text/html"}
    for url in ("/accounts/acme", "/accounts/acme/map"):
        assert api.client.get(url, headers=html).status_code == 404, url
    form = {"member": "rep-1", "stakeholder": "zhou", "strength": "5", "version": ""}
    assert (
        api.client.post("/accounts/acme/forms/relationship", data=form, headers=html).status_code
        == 404
    )
    upload = api.client.post(
        "/import",
        data={"account": "acme"},
        files={"file": ("p.csv", b"id,name\nx,X\n", "text/csv")},
        headers=html,
    )
    assert upload.status_code == 404
    assert api.store.versioned_graph("acme") == before
    listing = api.client.get("/", headers=html).text
    assert "Acme" not in listing and "Globex" in listing
    assert "Acme" not in api.client.get("/portfolio", headers=html).text


def test_a_manager_reads_but_cannot_post_forms(api: Api) -> None:
    _as(api, "boss")
    html = {"Accept": "text/html"}
    page = api.client.get("/accounts/acme", headers=html)
    assert page.status_code == 200 and "form-relationship" not in page.text
    refused = api.client.post(
        "/accounts/acme/forms/stakeholder", data={"name": "Intruder", "version": ""}, headers=html
    )
    assert refused.status_code == 403
    assert [p.id for p in api.store.list(Stakeholder, "acme")].count("Intruder") == 0


def test_forms_report_bad_input_in_the_page(api: Api) -> None:
    _as(api, "rep-1")
    html = {"Accept": "text/html"}
    bad = api.client.post(
        "/accounts/acme/forms/relationship",
        data={"member": "rep-1", "stakeholder": "zhou", "strength": "nine", "version": ""},
        headers=html,
    )
    assert bad.status_code == 422
    assert "strength" in bad.text
    version = api.store.account_version("acme")
    stale = api.client.post(
        "/accounts/acme/forms/stakeholder",
        data={"name": "New Person", "version": str(version - 1)},
        headers=html,
    )
    assert stale.status_code == 409
    assert "Someone changed this account" in stale.text
    assert (
        api.client.post("/accounts/acme/forms/nonsense", data={}, headers=html).status_code == 404
    )


def test_a_form_posted_from_another_site_is_refused(api: Api) -> None:
    _as(api, "rep-1")
    answer = api.client.post(
        "/accounts/acme/forms/stakeholder",
        data={"name": "Forged", "version": ""},
        headers={"Origin": "https://evil.example", "Accept": "text/html"},
    )
    assert answer.status_code == 403
    assert "Forged" not in [p.id for p in api.store.list(Stakeholder, "acme")]


def test_a_focus_group_form_records_every_participant_and_its_scores(api: Api) -> None:
    from graph.model import Interaction

    _as(api, "rep-1")
    html = {"Accept": "text/html", "Origin": "http://testserver"}
    form = {
        "version": "",
        "date": "2026-11-12",
        "member": "rep-1",
        "stakeholders": ["li", "sun"],
        "type": "focus_group",
        "sentiment": "0",
        "note": "want faster support",
        "trust": "4",
        "satisfaction": "",
        "communication": "2",
        "loyalty": "",
    }
    answer = api.client.post(
        "/accounts/acme/forms/interaction", data=form, headers=html, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    (found,) = [i for i in api.store.list(Interaction, "acme") if i.type.value == "focus_group"]
    assert found.stakeholders == ("li", "sun")
    assert (found.trust, found.satisfaction, found.communication) == (4, None, 2)
    page = api.client.get("/accounts/acme", headers=html).text
    assert 'name="stakeholders" multiple' in page
