"""The trust boundary, attack by attack (issue 16): what one user holds never reaches
another through caches, races, ids, creation answers or ownership changes.

Each test reproduces an attack that worked before the boundary was fixed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from api.auth import FailedAttempts, TooManyAttempts
from api.services.analysis import AnalysisCache
from api.services.importing import import_file
from graph.analysis.params import AnalysisParams
from graph.errors import NotFound
from graph.model import ACCOUNT_ENTITIES, Account, Stakeholder
from graph.store import GraphStore
from graph.users import User, UserRole, new_token, token_hash
from tests.api.conftest import Api
from tests.factories import person, small_org

STAKEHOLDERS = "id,name\nsecret-1,Alice Secret\nsecret-2,Bob Secret\n"


def _upload(api: Api, user: str, account: str, text: str = STAKEHOLDERS):  # type: ignore[no-untyped-def]
    return api.post(
        user,
        f"/api/v1/accounts/{account}/import",
        files={"file": ("people.csv", text.encode(), "text/csv")},
    )


# --- caches cannot outlive or cross what they describe ----------------------------------


def test_a_deleted_accounts_analysis_is_not_served_to_whoever_recreates_its_id(api: Api) -> None:
    assert _upload(api, "rep-1", "shared-id").status_code == 200
    first = api.get("rep-1", "/api/v1/accounts/shared-id/analysis").json()
    assert {p["name"] for p in first["stakeholders"]} == {"Alice Secret", "Bob Secret"}
    assert api.get("boss", "/api/v1/portfolio").status_code == 200  # caches rep-1's row
    assert api.delete("rep-1", "/api/v1/accounts/shared-id").status_code == 204

    assert (
        _upload(api, "rep-2", "shared-id", "id,name\nmine,Rep Two's Contact\n").status_code == 200
    )
    again = api.get("rep-2", "/api/v1/accounts/shared-id/analysis").json()
    assert [p["name"] for p in again["stakeholders"]] == ["Rep Two's Contact"]
    assert again["account"]["owner"] == "rep-2"
    rows = {row["account"]: row for row in api.get("boss", "/api/v1/portfolio").json()["accounts"]}
    assert rows["shared-id"]["owner"] == "rep-2"
    assert rows["shared-id"]["stakeholders"] == 1


def test_versions_of_an_account_id_continue_after_it_is_deleted(
    store: GraphStore,
) -> None:
    store.upsert_account(Account(id="acme", name="Acme"))
    store.bulk_upsert(small_org("acme"))
    last = store.account_version("acme")
    store.delete_account("acme")
    report = store.upsert_account(Account(id="acme", name="Acme again"))
    assert report.version == last + 1
    store.upsert(person("acme", "p1", "New Person"))
    assert store.account_version("acme") == last + 2


def test_analysis_cache_and_failed_attempts_stay_bounded() -> None:
    """30 days of daily analyses in two languages, 1,000 client addresses failing:
    memory is bounded by the caches' sizes, and expired addresses are forgotten."""
    from tests.factories import graph_of

    class OneAccount:  # the smallest store the cache needs: one account, never changing
        graph = graph_of(small_org("acme"))

        def versioned_graph(self, account_id: str):  # type: ignore[no-untyped-def]
            return self.graph, 1

        def account_version(self, account_id: str) -> int:
            return 1

        def history_start(self, account_id: str) -> None:
            return None

        def saved_results(self, kind: str, params: str, **kwargs: object) -> dict[str, object]:
            return {}  # nothing persisted: every analysis is computed here

        def save_results(self, kind: str, params: str, results: object) -> int:
            return 0

    cache = AnalysisCache(analyses=8, rows=8)
    start = date(2026, 1, 1)
    for day in range(30):
        for lang in ("en", "zh"):
            params = AnalysisParams(as_of=start + timedelta(days=day), lang=lang)
            cache.analysis(OneAccount(), "acme", params, version=1)  # type: ignore[arg-type]
            cache.row(OneAccount(), "acme", params, version=1)  # type: ignore[arg-type]
    assert len(cache) <= 16

    now = [0.0]
    failures = FailedAttempts(
        limit=10, window=60, tracked=100, total_limit=10**6, clock=lambda: now[0]
    )
    for address in range(1_000):
        failures.record(f"10.0.{address // 256}.{address % 256}")
        now[0] += 0.01
    assert len(failures) <= 100
    now[0] += 61
    assert len(failures) == 0


def test_failures_from_many_addresses_meet_a_global_limit() -> None:
    now = [0.0]
    failures = FailedAttempts(limit=10, window=60, total_limit=50, clock=lambda: now[0])
    for address in range(50):
        failures.check(f"192.0.2.{address}")
        failures.record(f"192.0.2.{address}")
    with pytest.raises(TooManyAttempts, match="to this server"):
        failures.check("198.51.100.1")  # a fresh address, yet over the total
    now[0] += 61
    failures.check("198.51.100.1")


# --- access decided inside the write -------------------------------------------------------


def test_an_import_cannot_write_into_an_account_created_meanwhile(
    store: GraphStore, tmp_path: Path
) -> None:
    """Rep A's upload is read while rep B creates the same id: A's write must not land
    in B's account (it used to: access was decided before the file was read)."""
    rep_a = User(id="rep-a", role=UserRole.rep)
    rep_b = User(id="rep-b", role=UserRole.rep)
    for rep in (rep_a, rep_b):
        store.add_user(rep, token_hash(new_token()))
    csv = tmp_path / "people.csv"
    csv.write_text("id,name\n" + "".join(f"p{i},Person {i}\n" for i in range(50)), "utf-8")

    def rep_b_creates_it_meanwhile(stage: str, count: int) -> None:
        if stage == "writing":
            store.acting_as(rep_b).upsert_account(
                Account(id="contested", name="B's private account", owner="rep-b"), mode="create"
            )

    with pytest.raises(NotFound, match="cannot be used"):
        import_file(
            store.acting_as(rep_a),
            csv,
            account_id="contested",
            new_account=Account(id="contested", name="contested", owner="rep-a"),
            progress=rep_b_creates_it_meanwhile,
        )
    account, _ = store.versioned_account("contested")
    assert account.owner == "rep-b"
    assert store.account_graph("contested").stakeholders == ()


def test_creating_an_id_someone_else_holds_answers_as_reading_it_does(api: Api) -> None:
    hidden = api.post("rep-1", "/api/v1/accounts", json={"id": "globex", "name": "Mine"})
    assert hidden.status_code == 404
    assert api.get("rep-1", "/api/v1/accounts/globex").status_code == 404
    assert "globex" in hidden.json()["error"]
    assert "Globex" not in hidden.text and "rep-2" not in hidden.text
    visible = api.post("rep-1", "/api/v1/accounts", json={"id": "acme", "name": "Again"})
    assert visible.status_code == 409  # the caller sees acme: nothing to hide
    # an import into the hidden id is refused the same way, and writes nothing
    assert _upload(api, "rep-1", "globex").status_code == 404
    assert api.store.account_graph("globex").stakeholders == ()


def test_a_team_member_cannot_take_the_account_or_drop_its_owner(api: Api) -> None:
    grab = api.put(
        "se-1",
        "/api/v1/accounts/acme",
        json={"name": "Acme 集团", "owner": "se-1", "team": ["se-1"]},
    )
    assert grab.status_code == 403
    assert api.store.get_account("acme").owner == "rep-1"
    # the team member may still edit the account's other fields
    renamed = api.put(
        "se-1",
        "/api/v1/accounts/acme",
        json={"name": "Acme Group", "owner": "rep-1", "team": ["rep-1", "se-1"]},
    )
    assert renamed.status_code == 200
    # the owner hands it over; an admin may too
    handed = api.put(
        "rep-1",
        "/api/v1/accounts/acme",
        json={"name": "Acme Group", "owner": "se-1", "team": ["rep-1", "se-1"]},
    )
    assert handed.status_code == 200
    assert api.store.get_account("acme").owner == "se-1"


def test_a_manager_on_the_team_may_reassign_the_owner(api: Api) -> None:
    api.put(
        "admin",
        "/api/v1/accounts/acme",
        json={"name": "Acme", "owner": "rep-1", "team": ["rep-1", "se-1", "boss"]},
    )
    moved = api.put(
        "boss",
        "/api/v1/accounts/acme",
        json={"name": "Acme", "owner": "se-1", "team": ["rep-1", "se-1", "boss"]},
    )
    assert moved.status_code == 200


# --- ids that are safe in a URL path segment ------------------------------------------------

BAD_IDS = ["..", ".", "a/b", "a\\b", "nul\x00here", "esc\x1b[2J", "x" * 100_000]


@pytest.mark.parametrize("kind", ACCOUNT_ENTITIES, ids=lambda kind: kind.collection)
@pytest.mark.parametrize(
    "bad", BAD_IDS, ids=["dotdot", "dot", "slash", "backslash", "nul", "esc", "long"]
)
def test_no_entity_takes_an_id_that_cannot_be_a_url_segment(api: Api, kind: type, bad: str) -> None:
    body = {
        "stakeholders": {"id": bad, "name": "X"},
        "members": {"id": bad, "name": "X"},
        "influences": {"source": bad, "target": "cfo"},
        "relationships": {"member": bad, "stakeholder": "cfo", "strength": 3},
        "interactions": {"id": bad, "date": "2026-01-05", "stakeholders": ["cfo"]},
        "assessments": {"id": bad, "date": "2026-01-05", "stakeholder": "cfo", "trust": 4},
        "orders": {"id": bad, "date": "2026-01-05", "amount": 10},
        "tickets": {"id": bad, "date": "2026-01-05"},
        "competitors": {"id": bad, "name": "X"},
        "deals": {"id": bad, "name": "X"},
        "committee": {"deal": bad, "stakeholder": "cfo"},
        "bodies": {"id": bad, "name": "X"},
        "supervisions": {"leader": bad, "stakeholder": "cfo"},
        "competitor_ties": {"competitor": bad, "stakeholder": "cfo", "strength": 3},
    }[kind.collection]
    answer = api.post("rep-1", f"/api/v1/accounts/acme/{kind.collection}", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["problems"]


def test_deleting_a_person_called_dotdot_cannot_delete_the_account(api: Api) -> None:
    # A client resolves ".../stakeholders/.." to the account's own URL before sending;
    # so no stakeholder may be called "..", and the account survives.
    with pytest.raises(ValueError, match="must not be"):
        Stakeholder(account_id="acme", id="..", name="Dot Dot")
    answer = api.delete("rep-1", "/api/v1/accounts/acme/stakeholders/%2E%2E")
    assert answer.status_code == 422  # no id can be "..": refused, naming it
    assert api.store.account_graph("acme").stakeholders


def test_a_name_with_a_slash_becomes_a_url_safe_id(api: Api) -> None:
    made = api.post("rep-1", "/api/v1/accounts/acme/stakeholders", json={"name": "IT/信息中心主任"})
    assert made.status_code == 201, made.text
    assert made.json()["id"] == "IT-信息中心主任"
    assert api.get("rep-1", "/api/v1/accounts/acme/stakeholders/IT-信息中心主任").status_code == 200


# --- one authentication rule per surface ----------------------------------------------------


def test_the_cookie_changes_nothing_from_another_origin(api: Api) -> None:
    cookies = {"stakegraph_token": api.tokens["rep-1"]}
    api.client.cookies.update(cookies)
    try:
        for origin in ("http://127.0.0.1:9999", "null", "http://evil.example"):
            answer = api.client.post(
                "/api/v1/accounts/acme/import",
                files={"file": ("p.csv", STAKEHOLDERS.encode(), "text/csv")},
                headers={"Origin": origin},
            )
            assert answer.status_code == 403, origin
        sneaky = api.client.delete(
            "/api/v1/accounts/acme", headers={"Referer": "http://127.0.0.1:9999/x"}
        )
        assert sneaky.status_code == 403
        # reading a download by cookie still works (the pages link to it)
        assert api.client.get("/api/v1/accounts/acme/export?format=json").status_code == 200
        same = api.client.post(
            "/api/v1/accounts/acme/stakeholders",
            json={"id": "new-1", "name": "New"},
            headers={"Origin": "http://testserver"},
        )
        assert same.status_code == 201
    finally:
        api.client.cookies.clear()
    assert "secret-1" not in api.store.account_graph("acme").stakeholder_by_id


# --- sign-in -------------------------------------------------------------------------------


def test_a_sign_in_link_of_another_user_asks_before_switching(api: Api) -> None:
    client = api.client
    first = client.post("/signin", data={"token": api.tokens["rep-1"]}, follow_redirects=False)
    assert first.status_code == 303
    asked = client.post("/signin", data={"token": api.tokens["rep-2"]}, follow_redirects=False)
    assert asked.status_code == 409
    assert "Rep-1" in asked.text and "Rep-2" in asked.text
    assert client.cookies.get("stakegraph_token") == api.tokens["rep-1"]  # not switched
    assert asked.headers["Cache-Control"] == "no-store"
    switched = client.post(
        "/signin", data={"token": api.tokens["rep-2"], "switch": "yes"}, follow_redirects=False
    )
    assert switched.status_code == 303
    assert client.cookies.get("stakegraph_token") == api.tokens["rep-2"]
    client.cookies.clear()


def test_an_account_name_with_terminal_escapes_is_refused_at_input(api: Api) -> None:
    """ESC/OSC sequences once reached an admin's terminal through `stakegraph accounts`;
    control characters are now refused where text enters (graph/text.py), and the CLI
    escapes what it prints besides (tests/cli)."""
    answer = api.post(
        "rep-1", "/api/v1/accounts", json={"id": "esc", "name": "Acme\x1b]0;pwned\x07\x1b[2J"}
    )
    assert answer.status_code == 422
    assert answer.json()["problems"][0].startswith("name: contains the control character U+001B")


def test_a_team_member_cannot_delete_the_account_to_take_its_id(api: Api) -> None:
    """Found by an attack review: deleting was any team member's, and re-creating the id
    made them its owner, the owner's data gone."""
    assert api.delete("se-1", "/api/v1/accounts/acme").status_code == 403
    assert api.store.get_account("acme").owner == "rep-1"
    assert api.store.account_graph("acme").stakeholders  # nothing lost


def test_deleting_an_account_honours_if_match(api: Api) -> None:
    version = api.store.account_version("acme")
    stale = api.delete("rep-1", "/api/v1/accounts/acme", extra_headers={"If-Match": '"1"'})
    assert version != 1 and stale.status_code == 409
    assert api.store.get_account("acme")
    fresh = api.delete(
        "rep-1", "/api/v1/accounts/acme", extra_headers={"If-Match": f'"{version}"'}
    )
    assert fresh.status_code == 204


def test_owners_and_team_members_are_active_users(api: Api) -> None:
    """A typo would orphan an account and hand it to whoever later got that id; a
    deactivated user would own it again on reactivation."""
    body = {"name": "Acme", "owner": "ghost", "team": ["rep-1", "se-1"]}
    typo = api.put("rep-1", "/api/v1/accounts/acme", json=body)
    assert typo.status_code == 422
    assert "'ghost' is not a user" in typo.json()["error"]
    api.store.change_user("rep-2", active=False, new_owner="admin")
    gone = api.put(
        "rep-1",
        "/api/v1/accounts/acme",
        json={"name": "Acme", "owner": "rep-1", "team": ["rep-1", "se-1", "rep-2"]},
    )
    assert gone.status_code == 422 and "deactivated" in gone.json()["error"]
    assert api.store.get_account("acme").owner == "rep-1"
    assert api.store.get_account("acme").team == ("rep-1", "se-1")


def test_a_team_member_cannot_rewrite_the_team(api: Api) -> None:
    emptied = api.put(
        "se-1", "/api/v1/accounts/acme", json={"name": "Acme", "owner": "rep-1", "team": []}
    )
    assert emptied.status_code == 403 and "team" in emptied.json()["error"]
    assert api.store.get_account("acme").team == ("rep-1", "se-1")


def test_an_id_in_the_url_must_be_written_as_it_is_stored(api: Api) -> None:
    """Found by an attack review: PUT …/stakeholders/%20zhou%20 wrote over `zhou` (the
    model trims the id) while GET and DELETE of the same URL answered 404."""
    before = api.store.get(Stakeholder, "acme", ("zhou",))
    answer = api.put("rep-1", "/api/v1/accounts/acme/stakeholders/%20zhou%20", json={"name": "n"})
    assert answer.status_code == 422 and "'zhou'" in answer.json()["error"]
    assert api.store.get(Stakeholder, "acme", ("zhou",)) == before
    bidi = api.put("rep-1", "/api/v1/accounts/acme/stakeholders/%E2%80%AE", json={"name": "n"})
    assert bidi.status_code == 422


def test_rough_edges_an_attack_review_found_answer_in_one_plain_line(api: Api) -> None:
    long = api.post("rep-1", "/api/v1/accounts/acme/whatif", json={"remove": "x" * 100_000})
    assert long.status_code == 404 and len(long.text) < 1_000  # the id is not echoed whole
    erase = api.post("boss", "/api/v1/accounts/acme/stakeholders/zhou/erase")
    assert erase.status_code == 403
    assert "may not erase a person's personal data: only an admin may" in erase.json()["error"]
    padded = api.post(
        "rep-1",
        "/api/v1/accounts/acme%E2%80%8B/import?dry_run=true",  # a pasted zero-width space
        files={"file": ("p.csv", b"id,name\nnew-1,New\n", "text/csv")},
    )
    assert padded.status_code == 200 and not padded.json()["errors"]
    api.client.cookies.set("stakegraph_token", api.tokens["rep-1"])
    try:
        form = api.client.post(
            "/accounts/acme/forms/stakeholder",
            data={"name": "Someone New", "version": "\u0661"},  # an Arabic-Indic digit one
            headers={"Origin": "http://testserver"},
        )
    finally:
        api.client.cookies.clear()
    assert form.status_code == 422
    assert "version: expected the page&#39;s account version" in form.text
    assert "invalid literal" not in form.text
