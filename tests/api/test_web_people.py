"""A person's card in the web app: edit writes only what changed, adding an existing
name offers that person, delete lists what goes and then removes it; the card keeps
the pages' access and same-origin rules."""

from __future__ import annotations

from graph.model import Influence, Relationship, Stakeholder
from tests.api.conftest import Api

HTML = {"Accept": "text/html"}


def _as(api: Api, user: str) -> None:
    api.client.cookies.clear()
    answer = api.client.post("/signin", data={"token": api.tokens[user]}, follow_redirects=False)
    assert answer.status_code == 303


def _card_form(api: Api, person_id: str) -> dict[str, str | list[str]]:
    """What the card's form posts when the rep changes nothing."""
    li = api.store.get(Stakeholder, "acme", (person_id,))
    return {
        "version": str(api.store.account_version("acme")),
        "roles_shown": "1",
        "name": li.name,
        "title": li.title,
        "department": li.department,
        "seniority": li.seniority.value if li.seniority else "",
        "stance": li.stance.value,
        "status": li.status.value,
        "reports_to": li.reports_to or "",
        "email": li.email,
        "phone": li.phone,
        "notes": li.notes,
        "priorities": li.priorities,
        "roles": [role.value for role in li.roles],
    }


def test_editing_a_title_on_the_card_changes_that_field_only(api: Api) -> None:
    _as(api, "rep-1")
    card = api.client.get("/accounts/acme/people/li", headers=HTML)
    assert card.status_code == 200 and "Head of IT" in card.text and 'id="form-person"' in card.text
    before = api.store.get(Stakeholder, "acme", ("li",))
    form = {**_card_form(api, "li"), "title": "CIO"}
    saved = api.client.post("/accounts/acme/people/li", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=1")
    after = api.store.get(Stakeholder, "acme", ("li",))
    assert after == before.model_copy(update={"title": "CIO"})
    change = api.store.history("acme")[-1]
    assert change.kind == "stakeholders" and change.key == ["li"]
    assert change.before and change.after
    assert [k for k in change.after if change.after[k] != change.before.get(k)] == ["title"]
    # an unchanged form writes nothing
    version = api.store.account_version("acme")
    api.client.post("/accounts/acme/people/li", data=_card_form(api, "li"))
    assert api.store.account_version("acme") == version


def test_adding_an_existing_name_offers_that_person(api: Api) -> None:
    _as(api, "rep-1")
    people = api.store.list(Stakeholder, "acme")
    offered = api.client.post(
        "/accounts/acme/forms/stakeholder", data={"name": "李娜", "version": ""}, headers=HTML
    )
    assert offered.status_code == 409
    assert "A person named <bdi>李娜</bdi> exists" in offered.text and "/accounts/acme/people/li" in offered.text
    same_id = api.client.post(
        "/accounts/acme/forms/stakeholder",
        data={"name": "Someone Else", "id": "zhou", "version": ""},
        headers=HTML,
    )
    assert same_id.status_code == 409 and "/accounts/acme/people/zhou" in same_id.text
    assert api.store.list(Stakeholder, "acme") == people
    # a different id adds the namesake
    added = api.client.post(
        "/accounts/acme/forms/stakeholder",
        data={"name": "李娜", "id": "li-2", "version": ""},
        follow_redirects=False,
    )
    assert added.status_code == 303
    assert len(api.store.list(Stakeholder, "acme")) == len(people) + 1


def test_deleting_a_person_lists_what_goes_then_removes_it(api: Api) -> None:
    _as(api, "rep-1")
    confirm = api.client.get("/accounts/acme/people/li/delete", headers=HTML)
    assert confirm.status_code == 200
    assert "influence links" in confirm.text and "Sun Hao" in confirm.text  # li's report
    assert api.store.get(Stakeholder, "acme", ("li",))  # nothing deleted yet
    version = api.store.account_version("acme")
    done = api.client.post(
        "/accounts/acme/people/li/delete", data={"version": str(version)}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "li" not in [p.id for p in api.store.list(Stakeholder, "acme")]
    assert all("li" not in (i.source, i.target) for i in api.store.list(Influence, "acme"))
    assert all(r.stakeholder != "li" for r in api.store.list(Relationship, "acme"))
    assert api.store.get(Stakeholder, "acme", ("sun",)).reports_to is None


def test_the_card_keeps_the_access_and_origin_rules(api: Api) -> None:
    _as(api, "boss")
    card = api.client.get("/accounts/acme/people/li", headers=HTML)
    assert card.status_code == 200 and "form-person" not in card.text
    refused = api.client.post("/accounts/acme/people/li/delete", data={}, headers=HTML)
    assert refused.status_code == 403
    _as(api, "rep-2")
    assert api.client.get("/accounts/acme/people/li", headers=HTML).status_code == 404
    _as(api, "rep-1")
    forged = api.client.post(
        "/accounts/acme/people/li/delete",
        data={},
        headers={"Origin": "https://evil.example", "Accept": "text/html"},
    )
    assert forged.status_code == 403
    assert api.client.get("/accounts/acme/people/nobody", headers=HTML).status_code == 404
    assert api.store.get(Stakeholder, "acme", ("li",))


def test_a_bad_edit_is_refused_in_the_card_and_nothing_is_written(api: Api) -> None:
    _as(api, "rep-1")
    before = api.store.account_graph("acme")
    # sun reports to li: li reporting to sun would close a loop
    loop = {**_card_form(api, "li"), "reports_to": "sun"}
    refused = api.client.post("/accounts/acme/people/li", data=loop, headers=HTML)
    assert refused.status_code == 422 and 'class="error"' in refused.text
    stale = {**_card_form(api, "li"), "title": "CIO", "version": "1"}
    assert api.client.post("/accounts/acme/people/li", data=stale, headers=HTML).status_code == 409
    assert api.store.account_graph("acme") == before


def test_saving_a_person_whose_id_holds_url_characters_returns_to_their_card() -> None:
    from api.web.people import _card_path

    assert _card_path("acme", "a?b #1") == "/accounts/acme/people/a%3Fb%20%231"


def test_deleting_a_person_lists_their_seats_bodies_lines_and_ties(api: Api) -> None:
    from tests.deal_samples import deals_of

    api.store.bulk_upsert(deals_of("acme"))
    _as(api, "rep-1")
    confirm = api.client.get("/accounts/acme/people/wang/delete", headers=HTML)
    assert confirm.status_code == 200
    text = confirm.text
    assert "seats on buying committees: 1 (<bdi>CT 设备招标</bdi>)" in text
    assert "places on decision bodies (the seats stay counted): <bdi>评标委员会</bdi>; <bdi>院长办公会</bdi>" in text
    assert "分管 lines (in charge of, or under): <bdi>王伟</bdi> → <bdi>李娜</bdi>" in text
    assert "competitors&#39; ties with them: 1" in text
    zh = api.client.get("/accounts/acme/people/wang/delete?lang=zh", headers=HTML)
    assert "采购决策小组席位: 1 (<bdi>CT 设备招标</bdi>)" in zh.text
