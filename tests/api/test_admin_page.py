"""The admin's users page: only admins see it (404 to others), its forms change roles,
deactivate, reactivate and delete with a new owner, refuse posts from other sites, and
read in English and Chinese."""

from __future__ import annotations

from graph.users import token_hash
from tests.api.conftest import Api

HTML = {"Accept": "text/html"}


def _as(api: Api, user: str) -> None:
    api.client.cookies.clear()
    answer = api.client.post("/signin", data={"token": api.tokens[user]}, follow_redirects=False)
    assert answer.status_code == 303


def _post(api: Api, path: str, data: dict[str, str] | None = None, **headers: str):  # type: ignore[no-untyped-def]
    return api.client.post(
        path, data=data or {}, headers={**HTML, **headers}, follow_redirects=False
    )


def test_the_users_page_does_not_exist_for_anyone_but_an_admin(api: Api) -> None:
    api.client.cookies.clear()
    anonymous = api.client.get("/admin/users", headers=HTML, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/signin")
    for user in ("boss", "rep-1"):
        _as(api, user)
        assert api.client.get("/admin/users", headers=HTML).status_code == 404
        assert _post(api, "/admin/users/rep-2/role", {"role": "admin"}).status_code == 404
        assert "/admin/users" not in api.client.get("/", headers=HTML).text
    assert api.get("rep-2", "/api/v1/me").json()["role"] == "rep"


def test_an_admin_sees_every_user_in_both_languages(api: Api) -> None:
    _as(api, "admin")
    page = api.client.get("/admin/users", headers=HTML)
    assert page.status_code == 200
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    for user_id in ("admin", "boss", "rep-1", "rep-2", "se-1"):
        assert f'data-user="{user_id}"' in page.text
    assert 'href="/admin/users"' in api.client.get("/", headers=HTML).text
    assert "Deactivate" in page.text and "new owner…" in page.text
    chinese = api.client.get("/admin/users?lang=zh", headers=HTML)
    for word in ("用户", "停用", "删除", "修改角色", "新负责人…", "销售"):
        assert word in chinese.text
    assert "Deactivate" not in chinese.text


def test_an_admin_offboards_a_rep_through_the_forms(api: Api) -> None:
    _as(api, "admin")
    refused = _post(api, "/admin/users/rep-1/deactivate")
    assert refused.status_code == 409
    assert "user &#39;rep-1&#39; owns accounts &#39;acme&#39;" in refused.text
    assert api.get("rep-1", "/api/v1/me").status_code == 200

    foreign = _post(
        api, "/admin/users/rep-1/deactivate", {"owner": "se-1"}, Origin="http://evil.example"
    )
    assert foreign.status_code == 403
    assert api.get("rep-1", "/api/v1/me").status_code == 200

    done = _post(api, "/admin/users/rep-1/deactivate", {"owner": "se-1"})
    assert (done.status_code, done.headers["location"]) == (303, "/admin/users?done=deactivate")
    assert api.get("rep-1", "/api/v1/me").status_code == 401
    assert api.get("se-1", "/api/v1/accounts/acme").json()["account"]["owner"] == "se-1"
    page = api.client.get("/admin/users?done=deactivate", headers=HTML).text
    row = page.split('data-user="rep-1"')[1].split("</tr>")[0]
    assert '<td class="status">inactive</td>' in row
    assert 'action="/admin/users/rep-1/activate"' in row

    assert _post(api, "/admin/users/rep-1/activate").status_code == 303
    assert api.get("rep-1", "/api/v1/me").status_code == 200

    assert _post(api, "/admin/users/rep-2/role", {"role": "manager"}).status_code == 303
    assert api.get("rep-2", "/api/v1/me").json()["role"] == "manager"
    bad = _post(api, "/admin/users/rep-2/role", {"role": "king"})
    assert bad.status_code == 422 and "expected admin, manager or rep" in bad.text

    deleted = _post(api, "/admin/users/rep-2/delete", {"owner": "boss"})
    assert deleted.status_code == 303
    assert api.get("boss", "/api/v1/accounts/globex").json()["account"]["owner"] == "boss"
    assert _post(api, "/admin/users/rep-2/delete").status_code == 404
    assert _post(api, "/admin/users/boss/promote").status_code == 404


def test_an_admin_adds_a_user_whose_sign_in_link_is_shown_once(api: Api) -> None:
    import re

    _as(api, "admin")
    page = api.client.get("/admin/users?lang=zh", headers=HTML).text
    assert 'id="form-add-user"' in page and "添加用户" in page
    foreign = _post(api, "/admin/users", {"id": "liu"}, Origin="http://evil.example")
    assert foreign.status_code == 403
    added = _post(api, "/admin/users", {"id": "liu", "name": "刘洋", "role": "rep"})
    assert added.status_code == 200
    assert added.headers["Cache-Control"] == "no-store"
    found = re.search(r'id="sign-in-link" readonly size="80" value="([^"]+)"', added.text)
    assert found is not None
    link = found.group(1)
    assert link.startswith("http://testserver/signin#token=")
    token = link.split("#token=")[1]
    assert 'data-user="liu"' in added.text
    assert 'id="sign-in-link"' not in api.client.get("/admin/users", headers=HTML).text

    taken = _post(api, "/admin/users", {"id": "liu"})
    assert taken.status_code == 409 and "already exists" in taken.text
    bad = _post(api, "/admin/users", {"id": "x", "role": "king"})
    assert bad.status_code == 422
    _as(api, "rep-1")
    assert _post(api, "/admin/users", {"id": "sneaky"}).status_code == 404

    api.client.cookies.clear()
    signed_in = api.client.post("/signin", data={"token": token}, headers=HTML)
    assert signed_in.status_code == 200
    assert api.store.user_for_token(token_hash(token)) is not None
