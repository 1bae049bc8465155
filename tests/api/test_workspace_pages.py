"""The history page, undo and the cards for links, relationships and team members,
over HTTP on both stores: who may undo, what bad input answers (one line, never a
500), names isolated in <bdi> on the pages, and the API's revert."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from graph.model import ACCOUNT_ENTITIES, AccountBundle, Influence, Stakeholder
from tests.api.conftest import Api
from tests.factories import hostile_org

HTML = {"Accept": "text/html"}


def _as(api: Api, user: str) -> None:
    api.client.cookies.clear()
    answer = api.client.post("/signin", data={"token": api.tokens[user]}, follow_redirects=False)
    assert answer.status_code == 303


def test_names_on_pages_are_isolated_so_bidi_text_cannot_reorder_the_page(api: Api) -> None:
    api.store.upsert(Stakeholder(account_id="acme", id="ali", name="علي حسن", title="مدير"))
    api.store.upsert(Influence(account_id="acme", source="ali", target="zhou", weight=0.4))
    _as(api, "rep-1")
    card = api.client.get("/accounts/acme/people/ali", headers=HTML).text
    assert '<h1 id="person-name"><bdi>علي حسن</bdi></h1>' in card
    assert "<bdi>علي حسن</bdi> → <bdi>周敏</bdi>" in card
    link = api.client.get("/accounts/acme/influences/ali/zhou", headers=HTML).text
    assert "<bdi>علي حسن</bdi> → <bdi>周敏</bdi>" in link
    history = api.client.get("/accounts/acme/history?lang=en", headers=HTML).text
    assert "Added influence link: <bdi>علي حسن → 周敏</bdi>" in history
    deleting = api.client.get("/accounts/acme/people/ali/delete", headers=HTML).text
    assert "Delete <bdi>علي حسن</bdi>?" in deleting


def test_only_someone_who_may_change_the_account_is_offered_or_allowed_an_undo(api: Api) -> None:
    version = api.store.account_version("acme")
    _as(api, "boss")  # a manager, not on acme's team: may read it, not change it
    page = api.client.get("/accounts/acme/history", headers=HTML)
    assert page.status_code == 200 and "form.undo" not in page.text
    assert 'class="inline undo"' not in page.text
    refused = api.client.post(f"/accounts/acme/history/{version}/undo", headers=HTML)
    assert refused.status_code == 403 and "<h1>" in refused.text
    assert api.store.account_version("acme") == version


def test_an_undo_that_cannot_be_done_says_why_in_the_pages_language(api: Api) -> None:
    _as(api, "rep-1")
    bad = api.client.post("/accounts/acme/history/abc/undo?lang=zh", headers=HTML)
    assert bad.status_code == 404 and "此客户的变更记录中没有这条变更。" in bad.text
    missing = api.client.post("/accounts/acme/history/999999/undo?lang=en", headers=HTML)
    assert missing.status_code == 404 and "There is no such change" in missing.text
    first = api.store.history("acme")[0].version  # the account's creation
    refused = api.client.post(f"/accounts/acme/history/{first}/undo?lang=en", headers=HTML)
    assert refused.status_code == 422 and "cannot be undone" in refused.text

    zhou = api.store.get(Stakeholder, "acme", ("zhou",))
    early = api.store.upsert(zhou.model_copy(update={"title": "Chair"}))
    api.store.upsert(zhou.model_copy(update={"title": "President"}))
    stale = api.client.post(f"/accounts/acme/history/{early.version}/undo?lang=zh", headers=HTML)
    assert stale.status_code == 409 and "未撤销" in stale.text
    assert api.store.get(Stakeholder, "acme", ("zhou",)).title == "President"


def test_a_card_edit_with_a_bad_value_answers_one_line_and_writes_nothing(api: Api) -> None:
    _as(api, "rep-1")
    version = api.store.account_version("acme")
    answer = api.client.post(
        "/accounts/acme/influences/wang/zhou",
        data={"version": str(version), "weight": "7", "kind": "authority"},
        headers=HTML,
    )
    assert answer.status_code == 422 and 'id="card-error"' in answer.text
    assert api.store.get(Influence, "acme", ("wang", "zhou")).weight == 0.9
    stale = api.client.post(
        "/accounts/acme/relationships/rep-1/sun",
        data={"version": str(version - 1), "strength": "1"},
        headers=HTML,
    )
    assert stale.status_code == 409
    assert api.client.get("/accounts/acme/influences/zhou/nobody", headers=HTML).status_code == 404
    unchanged = api.client.post(
        "/accounts/acme/members/se-1",
        data={"version": str(version), "name": "Our Engineer", "role": "presales"},
        headers=HTML,
        follow_redirects=False,
    )
    assert unchanged.status_code == 303 and api.store.account_version("acme") == version


def test_the_api_reverts_a_write_and_answers_409_for_stale_history(api: Api) -> None:
    report = api.store.delete(Influence, "acme", ("sun", "li"))
    answer = api.post("rep-1", f"/api/v1/accounts/acme/history/{report.version}/revert")
    assert answer.status_code == 200, answer.text
    assert answer.json()["created"] == 1
    assert answer.headers["ETag"] == f'"{answer.json()["version"]}"'
    assert ("sun", "li") in {i.key for i in api.store.list(Influence, "acme")}
    again = api.post("rep-1", f"/api/v1/accounts/acme/history/{report.version}/revert")
    assert again.status_code == 409 and "has changed since" in again.json()["error"]
    stranger = api.post("rep-2", f"/api/v1/accounts/acme/history/{report.version}/revert")
    assert stranger.status_code == 404


def test_the_import_page_offers_the_template_in_its_language(api: Api) -> None:
    _as(api, "rep-1")
    page = api.client.get("/import?lang=zh", headers=HTML).text
    assert 'href="/import/template?lang=zh"' in page and "下载导入模板" in page
    answer = api.client.get("/import/template?lang=zh")
    assert answer.status_code == 200
    assert answer.headers["Content-Disposition"].endswith('"stakegraph-template-zh.xlsx"')
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames[0] == "联系人"
    api.client.cookies.clear()
    assert api.client.get("/import/template", follow_redirects=False).status_code in (303, 401)


def test_an_import_form_without_a_file_answers_the_page_in_its_language(api: Api) -> None:
    _as(api, "rep-1")
    bare = api.client.post("/import?lang=zh", data={"account": "acme"}, headers=HTML)
    assert bare.status_code == 422 and bare.headers["content-type"].startswith("text/html")
    assert '<p class="error" role="alert" id="import-error">请选择要导入的文件。</p>' in bare.text
    # what a browser sends when nothing was chosen: an empty file part without a name
    empty = api.client.post(
        "/import?lang=en",
        data={"account": "acme"},
        files={"file": ("", b"", "application/octet-stream")},
        headers=HTML,
    )
    assert empty.status_code == 422 and "Choose a file to import." in empty.text
    nameless = api.client.post(
        "/import?lang=en",
        data={"account": " "},
        files={"file": ("people.csv", b"id,name\na,Ann\n", "text/csv")},
        headers=HTML,
    )
    assert nameless.status_code == 422 and "Give the account to import into" in nameless.text


def test_a_form_error_names_people_not_their_ids(api: Api) -> None:
    _as(api, "rep-1")
    answer = api.client.post(
        "/accounts/acme/forms/influence",
        data={"version": str(api.store.account_version("acme")), "source": "li", "target": "li"},
        headers=HTML,
    )
    assert answer.status_code == 422
    assert "李娜 cannot influence themself" in answer.text and "'li'" not in answer.text


def test_hostile_names_and_notes_stay_text_on_the_new_pages(api: Api) -> None:
    graph = hostile_org("evil")
    api.store.upsert_account(graph.account.model_copy(update={"owner": "rep-1"}))
    entities = {kind.collection: graph.entities(kind) for kind in ACCOUNT_ENTITIES}
    api.store.bulk_upsert(AccountBundle.model_validate({"account_id": "evil", **entities}))
    api.store.delete(Stakeholder, "evil", ("chen",))  # a delete in the history, names from it
    _as(api, "rep-1")
    pages = [
        "/accounts/evil/history",
        "/accounts/evil/members/rep-1",
        "/accounts/evil/members/rep-1/delete",
        "/accounts/evil/influences/wang/zhou",
        "/accounts/evil/relationships/rep-1/sun/delete",
        "/accounts/evil",
    ]
    for path in pages:
        answer = api.client.get(path, headers=HTML)
        assert answer.status_code == 200, path
        for raw in ("<img src=x", "<svg onload", "<script>window", 'href="javascript:'):
            assert raw not in answer.text, (path, raw)
        assert "&lt;img src=x" in answer.text, path  # the text is there, escaped


def test_a_team_member_cannot_undo_a_team_change_and_is_told_why(api: Api) -> None:
    account = api.store.get_account("acme")
    added = api.store.upsert_account(account.model_copy(update={"team": (*account.team, "boss")}))
    _as(api, "se-1")  # on the team, not the owner: may not rewrite the team
    refused = api.client.post(f"/accounts/acme/history/{added.version}/undo?lang=zh", headers=HTML)
    assert refused.status_code == 403 and "只有负责人、团队中的经理或管理员" in refused.text
    assert "boss" in api.store.get_account("acme").team
    _as(api, "rep-1")  # the owner may
    undone = api.client.post(
        f"/accounts/acme/history/{added.version}/undo", headers=HTML, follow_redirects=False
    )
    assert undone.status_code == 303
    assert api.store.get_account("acme").team == account.team


def test_every_write_is_reachable_on_the_history_pages_however_many_there_are(api: Api) -> None:
    zhou = api.store.get(Stakeholder, "acme", ("zhou",))
    for n in range(105):
        api.store.upsert(zhou.model_copy(update={"title": f"CEO {n}"}))
    versions = sorted({c.version for c in api.store.history("acme")}, reverse=True)
    assert len(versions) == 107  # the account's creation, the import, 105 title changes
    _as(api, "rep-1")
    first = api.client.get("/accounts/acme/history", headers=HTML).text
    shown = re.findall(r'data-version="(\d+)"', first)
    assert [int(v) for v in shown] == versions[:100]
    older = re.search(r'href="(/accounts/acme/history\?before=\d+)" id="older"', first)
    assert older is not None
    second = api.client.get(older.group(1), headers=HTML).text
    assert [int(v) for v in re.findall(r'data-version="(\d+)"', second)] == versions[100:]
    assert 'id="older"' not in second
