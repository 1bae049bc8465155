"""The account page's "Account" form: name, tier, industry, region, owner and team, written
through the store acting for the user, so only the owner, a manager on the team or an
admin changes the owner (refused on the form, in the page's language, with 403)."""

from __future__ import annotations

from tests.api.conftest import Api

HTML = {"Accept": "text/html"}


def _as(api: Api, user: str) -> None:
    api.client.cookies.clear()
    answer = api.client.post("/signin", data={"token": api.tokens[user]}, follow_redirects=False)
    assert answer.status_code == 303


def _settings(api: Api, account_id: str = "acme", **changes: str | list[str]) -> dict[str, object]:
    account = api.store.get_account(account_id)
    data: dict[str, object] = {
        "version": str(api.store.account_version(account_id)),
        "name": account.name,
        "tier": account.tier.value,
        "industry": account.industry,
        "region": account.region,
        "owner": account.owner or "",
        "team": list(account.team),
    }
    data.update(changes)
    return data


def _post(
    api: Api, data: dict[str, object], path: str = "/accounts/acme/forms/account", **headers: str
):  # type: ignore[no-untyped-def]
    return api.client.post(path, data=data, headers={**HTML, **headers}, follow_redirects=False)


def test_the_owner_names_the_account_and_sets_its_team(api: Api) -> None:
    _as(api, "rep-1")
    page = api.client.get("/accounts/acme", headers=HTML).text
    form = page.split('id="form-account"')[1].split("</form>")[0]
    assert 'value="Acme 集团"' in form
    assert '<option value="rep-1" selected>' in form
    assert 'value="se-1" checked' in form
    assert 'id="owner-hint"' not in form
    # a rep is offered themselves, the owner and the team, not every user
    assert 'value="rep-2"' not in form and 'value="boss"' not in form

    done = _post(
        api,
        _settings(api, name="Acme Group", tier="key", region="华东", team=["rep-1", "se-1"]),
    )
    assert (done.status_code, done.headers["location"]) == (
        303,
        "/accounts/acme?saved=account#form-account",
    )
    account = api.store.get_account("acme")
    assert (account.name, account.tier.value, account.region, account.owner) == (
        "Acme Group",
        "key",
        "华东",
        "rep-1",
    )
    assert account.team == ("rep-1", "se-1")


def test_a_team_member_cannot_change_the_owner_through_the_form(api: Api) -> None:
    _as(api, "se-1")
    page = api.client.get("/accounts/acme", headers=HTML).text
    assert 'id="owner-hint"' in page

    refused = _post(api, _settings(api, owner="se-1"))
    assert refused.status_code == 403
    assert "only the owner, a manager on the team or an admin can change" in refused.text
    assert 'id="form-account"' in refused.text  # shown on the form, not a bare error page
    chinese = _post(api, _settings(api, owner=""), path="/accounts/acme/forms/account?lang=zh")
    assert chinese.status_code == 403
    assert "只有负责人、团队中的经理或管理员可以更换这个客户的负责人" in chinese.text
    assert api.store.get_account("acme").owner == "rep-1"

    # the other fields are theirs to change
    renamed = _post(api, _settings(api, industry="制造"))
    assert renamed.status_code == 303
    assert api.store.get_account("acme").industry == "制造"


def test_the_form_refuses_stale_pages_foreign_origins_and_bad_fields(api: Api) -> None:
    _as(api, "rep-1")
    stale = _post(api, _settings(api, name="Old page", version="1"))
    assert stale.status_code == 409
    assert api.store.get_account("acme").name == "Acme 集团"
    foreign = _post(api, _settings(api, name="Evil"), Origin="http://evil.example")
    assert foreign.status_code == 403
    assert api.store.get_account("acme").name == "Acme 集团"
    empty = _post(api, _settings(api, name=""))
    assert empty.status_code == 422
    _as(api, "rep-2")  # not on acme: the account does not exist for them
    assert _post(api, _settings(api, owner="rep-2")).status_code == 404
    _as(api, "boss")  # a manager not on the team reads but does not change
    assert _post(api, _settings(api, owner="boss")).status_code == 403
    assert api.store.get_account("acme").owner == "rep-1"


def test_an_owner_hands_the_account_over_and_an_admin_picks_from_every_user(api: Api) -> None:
    _as(api, "admin")
    form = api.client.get("/accounts/globex", headers=HTML).text.split('id="form-account"')[1]
    for user_id in ("admin", "boss", "rep-1", "rep-2", "se-1"):
        assert f'<option value="{user_id}"' in form
    _as(api, "rep-2")
    handed = _post(
        api, _settings(api, "globex", owner="rep-1", team=[]), path="/accounts/globex/forms/account"
    )
    assert (handed.status_code, handed.headers["location"]) == (303, "/?saved=account")
    assert api.store.get_account("globex").owner == "rep-1"
    assert api.client.get("/accounts/globex", headers=HTML).status_code == 404
