"""The API takes a person by a unique name as well as by id: `paths?to=` and `whatif`;
a wrong name is 404 with the closest names, a shared one 422 listing the ids."""

from __future__ import annotations

from tests.api.conftest import Api

A = "/api/v1/accounts"


def test_paths_and_whatif_take_a_unique_name(api: Api) -> None:
    by_id = api.get("rep-1", f"{A}/acme/paths", params={"to": "li"})
    by_name = api.get("rep-1", f"{A}/acme/paths", params={"to": "李娜"})
    assert by_name.status_code == 200 and by_name.json() == by_id.json()
    removed = api.post("rep-1", f"{A}/acme/whatif", json={"remove": "李娜"})
    assert removed.status_code == 200 and removed.json()["removed"] == "li"
    wrong = api.get("rep-1", f"{A}/acme/paths", params={"to": "李那"})
    assert wrong.status_code == 404 and "李娜 (id 'li')" in wrong.text
    api.post("rep-1", f"{A}/acme/stakeholders", json={"id": "li-2", "name": "李娜"})
    shared = api.get("rep-1", f"{A}/acme/paths", params={"to": "李娜"})
    assert shared.status_code == 422 and "'li', 'li-2'" in shared.text
