"""The JSON API's CRUD for deals, committees, bodies, 分管 lines, competitors and their
ties, on both stores: keys in the URL, cascades, history and the trust rules."""

from __future__ import annotations

from tests.api.conftest import Api

BASE = "/api/v1/accounts/acme"


def _create(api: Api, collection: str, body: dict[str, object]) -> dict[str, object]:
    answer = api.post("rep-1", f"{BASE}/{collection}", json=body)
    assert answer.status_code == 201, answer.text
    result: dict[str, object] = answer.json()
    return result


def test_a_deal_with_its_committee_body_line_and_competitor_is_built_through_the_api(
    api: Api,
) -> None:
    assert _create(api, "competitors", {"name": "对手科技"})["id"] == "对手科技"
    deal = _create(
        api,
        "deals",
        {
            "id": "his",
            "name": "医院信息系统",
            "stage": "方案",
            "amount": 2400000,
            "currency": "人民币",
            "status": "进行中",
            "owner": "rep-1",
            "competitors": "对手科技",
        },
    )
    assert (deal["stage"], deal["currency"], deal["status"], deal["competitors"]) == (
        "solution",
        "CNY",
        "open",
        ["对手科技"],
    )
    seat = _create(
        api,
        "committee",
        {"deal": "his", "stakeholder": "li", "roles": "决策者", "stance": "支持", "pain": "宕机"},
    )
    assert (seat["roles"], seat["stance"]) == (["decision_maker"], "supporter")
    body = _create(
        api,
        "bodies",
        {
            "name": "评标委员会",
            "kind": "评标委员会",
            "members": "wang; li",
            "chair": "wang",
            "size": 7,
        },
    )
    assert (body["id"], body["kind"], body["members"]) == (
        "评标委员会",
        "evaluation_committee",
        ["wang", "li"],
    )
    _create(api, "supervisions", {"leader": "wang", "stakeholder": "li", "area": "信息化"})
    _create(
        api, "competitor_ties", {"competitor": "对手科技", "stakeholder": "wang", "strength": 4}
    )

    got = api.get("se-1", f"{BASE}/committee/his/li")
    assert got.status_code == 200 and got.json()["pain"] == "宕机"
    replaced = api.put("rep-1", f"{BASE}/committee/his/li", json={"roles": ["user"]})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["roles"] == ["user"]
    assert api.get("rep-1", f"{BASE}/supervisions/wang/li").json()["area"] == "信息化"
    listed = api.get("boss", f"{BASE}/competitor_ties").json()
    assert [(t["competitor"], t["stakeholder"], t["strength"]) for t in listed["items"]] == [
        ("对手科技", "wang", 4)
    ]

    # Deleting the competitor takes its tie and the deal stops naming it.
    assert api.delete("rep-1", f"{BASE}/competitors/对手科技").status_code == 204
    assert api.get("rep-1", f"{BASE}/deals/his").json()["competitors"] == []
    assert api.get("rep-1", f"{BASE}/competitor_ties").json()["total"] == 0
    # Deleting the deal takes its committee.
    assert api.delete("rep-1", f"{BASE}/deals/his").status_code == 204
    assert api.get("rep-1", f"{BASE}/committee/his/li").status_code == 404

    kinds = {c["kind"] for c in api.get("rep-1", f"{BASE}/history").json()}
    assert {
        "competitors",
        "deals",
        "committee",
        "bodies",
        "supervisions",
        "competitor_ties",
    } <= kinds


def test_bad_deal_input_is_one_line_per_problem_naming_the_field(api: Api) -> None:
    answer = api.post(
        "rep-1", f"{BASE}/deals", json={"name": "X", "stage": "", "currency": "yuan", "amount": -1}
    )
    assert answer.status_code == 422
    text = "\n".join(answer.json()["problems"])
    assert "stage" in text and "currency" in text and "amount" in text
    ghost = api.post("rep-1", f"{BASE}/committee", json={"deal": "none", "stakeholder": "li"})
    assert ghost.status_code == 422
    assert ghost.json()["problems"] == ["committee of 'none': 'none' is not a deal"]
    body = api.post(
        "rep-1", f"{BASE}/bodies", json={"name": "党委会", "members": ["zhou"], "chair": "li"}
    )
    assert body.status_code == 422 and "chair 'li' is not one of the members" in body.text
    assert api.store.account_graph("acme").deals == ()


def test_other_reps_cannot_see_or_change_deals(api: Api) -> None:
    _create(api, "deals", {"id": "d", "name": "D"})
    assert api.get("rep-2", f"{BASE}/deals/d").status_code == 404
    assert api.post("rep-2", f"{BASE}/deals", json={"id": "e", "name": "E"}).status_code == 404
    assert api.delete("boss", f"{BASE}/deals/d").status_code == 403


def test_an_update_naming_some_fields_cannot_leave_a_body_broken(api: Api) -> None:
    # The update is merged into the stored body without the model's own check, so the
    # merged body is checked again: a chair off the members, or fewer seats than members,
    # once made the account unreadable (503 on every later read and write).
    body = _create(
        api, "bodies", {"id": "board", "name": "党委会", "members": ["li", "zhou"], "chair": "li", "size": 2}
    )
    assert body["chair"] == "li"
    no_chair = api.put("rep-1", f"{BASE}/bodies/board", json={"name": "党委会", "members": ["zhou"]})
    assert no_chair.status_code == 422
    assert no_chair.json()["problems"] == ["body 'board': chair 'li' is not one of the members"]
    too_few = api.put("rep-1", f"{BASE}/bodies/board", json={"name": "党委会", "size": 1})
    assert too_few.status_code == 422
    assert "size 1 is less than the 2 members" in too_few.text
    kept = api.store.account_graph("acme").bodies
    assert [(b.members, b.chair, b.size) for b in kept] == [(("li", "zhou"), "li", 2)]
    assert api.get("rep-1", f"{BASE}/bodies/board").status_code == 200
