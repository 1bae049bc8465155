"""Users and tokens, optimistic concurrency and write modes, on both stores."""

from __future__ import annotations

import pytest

from graph.errors import Conflict, NotFound
from graph.model import Account, Stakeholder
from graph.store import GraphStore
from graph.users import User, UserRole, can_read, can_write, new_token, token_hash
from tests.factories import person


def test_users_are_found_by_token_hash_only(store: GraphStore) -> None:
    token = new_token()
    store.add_user(User(id="liu", name="刘洋", role=UserRole.rep), token_hash(token))
    assert store.user_for_token(token_hash(token)) == User(id="liu", name="刘洋", role="rep")
    assert store.user_for_token(token) is None  # the token itself is not what is stored
    assert store.user_for_token(token_hash(token + "x")) is None
    with pytest.raises(Conflict, match="user 'liu' already exists"):
        store.add_user(User(id="liu"), token_hash(new_token()))
    fresh = new_token()
    store.set_token("liu", token_hash(fresh))
    assert store.user_for_token(token_hash(token)) is None
    assert store.user_for_token(token_hash(fresh)) is not None
    with pytest.raises(NotFound):
        store.set_token("nobody", token_hash(fresh))
    assert [u.id for u in store.list_users()] == ["liu"]


def test_a_write_based_on_an_old_version_is_refused(store: GraphStore, acme: str) -> None:
    version = store.account_version(acme)
    report = store.upsert(person(acme, "zhou"), expected_version=version)
    assert report.version == version + 1 == store.account_version(acme)
    with pytest.raises(Conflict, match=f"changed since version {version} "):
        store.upsert(person(acme, "wang"), expected_version=version)
    with pytest.raises(Conflict):
        store.delete(Stakeholder, acme, ("zhou",), expected_version=version)
    with pytest.raises(Conflict):
        store.upsert_account(Account(id=acme, name="renamed"), expected_version=version)
    # nothing of the refused writes landed, and the version did not move
    assert [p.id for p in store.list(Stakeholder, acme)] == ["zhou"]
    assert store.get_account(acme).name == "Acme 集团"
    assert store.account_version(acme) == version + 1


def test_write_modes(store: GraphStore, acme: str) -> None:
    store.upsert(person(acme, "zhou"), mode="create")
    with pytest.raises(Conflict, match="stakeholder 'zhou' already exists"):
        store.upsert(person(acme, "zhou", title="CEO"), mode="create")
    with pytest.raises(NotFound, match="stakeholder 'wang' does not exist"):
        store.upsert(person(acme, "wang"), mode="update")
    store.upsert(person(acme, "zhou", title="CEO"), mode="update")
    assert store.get(Stakeholder, acme, ("zhou",)).title == "CEO"
    with pytest.raises(Conflict, match="account 'acme' already exists"):
        store.upsert_account(Account(id=acme, name="again"), mode="create")
    with pytest.raises(NotFound):
        store.upsert_account(Account(id="other", name="x"), mode="update")


@pytest.mark.parametrize(
    ("role", "owner", "team", "read", "write"),
    [
        ("admin", None, (), True, True),
        ("manager", None, (), True, False),
        ("manager", "me", (), True, True),
        ("rep", None, (), False, False),
        ("rep", "me", (), True, True),
        ("rep", "someone", ("me",), True, True),
        ("rep", "someone", ("other",), False, False),
    ],
)
def test_access_rules(
    role: str, owner: str | None, team: tuple[str, ...], read: bool, write: bool
) -> None:
    user = User(id="me", role=role)
    account = Account(id="a", name="A", owner=owner, team=team)
    assert (can_read(user, account), can_write(user, account)) == (read, write)


def test_round_trip_store_json_export_import_into_a_new_account(
    store: GraphStore, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import json

    from api.services.importing import import_file as import_bundle
    from importers.formats import read_import
    from tests.factories import graph_of, hostile_org
    from visualize.formats import bundle_files, node_link

    original = hostile_org("first")
    folder = tmp_path / "bundle"
    folder.mkdir()
    for name, text in bundle_files(original).items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    report = import_bundle(store, folder, account_id="first")
    assert report.errors == []
    stored = store.account_graph("first")
    exported = tmp_path / "first.json"
    exported.write_text(json.dumps(node_link(stored), ensure_ascii=False), encoding="utf-8")
    assert import_bundle(store, exported, account_id="second").errors == []
    second = store.account_graph("second")
    # the same graph, account for account: only the account_id differs
    again = read_import(exported, account_id="first")
    assert again.bundle is not None
    assert graph_of(again.bundle, stored.account) == stored
    assert len(second.stakeholders) == len(original.stakeholders)
    assert {p.name for p in second.stakeholders} == {p.name for p in original.stakeholders}
    assert [
        (r.member, r.stakeholder, r.strength, r.last_contact) for r in second.relationships
    ] == [(r.member, r.stakeholder, r.strength, r.last_contact) for r in stored.relationships]


def test_concurrent_creations_of_one_account_never_overwrite_each_other(store: GraphStore) -> None:
    """Two reps import into the same new id at the same moment, twenty times over: one
    creates it, the other is refused (it cannot see the winner's account); never does
    the second overwrite the first's owner or write its people into it."""
    import threading

    from graph.errors import NotFound
    from graph.model import AccountBundle, Stakeholder
    from graph.users import User, UserRole

    reps = [User(id=f"rep-{n}", role=UserRole.rep) for n in (1, 2)]
    for round_ in range(20):
        account_id = f"race-{round_}"
        start = threading.Barrier(2)
        outcomes: dict[str, str] = {}

        def create(
            rep: User,
            account_id: str = account_id,
            start: threading.Barrier = start,
            outcomes: dict[str, str] = outcomes,
        ) -> None:
            bundle = AccountBundle(
                account_id=account_id,
                stakeholders=(Stakeholder(account_id=account_id, id=f"of-{rep.id}", name=rep.id),),
            )
            start.wait()
            try:
                store.acting_as(rep).bulk_upsert(
                    bundle, create=Account(id=account_id, name=account_id, owner=rep.id)
                )
                outcomes[rep.id] = "created"
            except NotFound:
                outcomes[rep.id] = "refused"

        threads = [threading.Thread(target=create, args=(rep,)) for rep in reps]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes.values()) == ["created", "refused"], outcomes
        winner = next(rep for rep, outcome in outcomes.items() if outcome == "created")
        assert store.get_account(account_id).owner == winner
        assert [p.id for p in store.account_graph(account_id).stakeholders] == [f"of-{winner}"]
