"""Offboarding on both stores: deactivating, reactivating, deleting users and changing
their roles; the accounts they own change hands in the same transaction."""

from __future__ import annotations

import pytest

from graph.backup import backup_document, restore_document
from graph.errors import Conflict, InvalidInput, NotFound
from graph.model import Account, TeamMember
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.factories import small_org


@pytest.fixture
def people(store: GraphStore) -> dict[str, str]:
    """admin, a manager and two reps; rep-1 owns acme and initech and is on globex's team."""
    tokens = {}
    for user_id, role in {
        "admin": UserRole.admin,
        "boss": UserRole.manager,
        "rep-1": UserRole.rep,
        "rep-2": UserRole.rep,
    }.items():
        tokens[user_id] = new_token()
        store.add_user(User(id=user_id, role=role), token_hash(tokens[user_id]))
    store.upsert_account(Account(id="acme", name="Acme", owner="rep-1", team=("rep-1", "se-1")))
    store.bulk_upsert(small_org("acme"))  # its team members include rep-1
    store.upsert_account(Account(id="initech", name="Initech", owner="rep-1"))
    store.upsert_account(Account(id="globex", name="Globex", owner="rep-2", team=("rep-1",)))
    return tokens


def test_deactivating_an_owner_needs_a_new_owner_and_changes_nothing_without_one(
    store: GraphStore, people: dict[str, str]
) -> None:
    versions = {a: store.account_version(a) for a in ("acme", "initech", "globex")}
    with pytest.raises(
        Conflict, match=r"^user 'rep-1' owns accounts 'acme', 'initech': name a new owner for them$"
    ):
        store.change_user("rep-1", active=False)
    assert store.user_for_token(token_hash(people["rep-1"])) == User(id="rep-1", role="rep")
    assert {a: store.account_version(a) for a in versions} == versions
    assert store.get_account("acme").owner == "rep-1"


def test_a_deactivated_user_is_signed_out_and_their_accounts_change_hands(
    store: GraphStore, people: dict[str, str]
) -> None:
    acme_version = store.account_version("acme")
    globex_version = store.account_version("globex")
    done = store.acting_as("admin").change_user("rep-1", active=False, new_owner="rep-2")
    assert done.transferred == ["acme", "initech"]
    assert done.user == User(id="rep-1", role="rep", active=False)
    assert store.user_for_token(token_hash(people["rep-1"])) is None
    assert [(u.id, u.active) for u in store.list_users()] == [
        ("admin", True),
        ("boss", True),
        ("rep-1", False),
        ("rep-2", True),
    ]
    acme = store.get_account("acme")
    assert (acme.owner, acme.team) == ("rep-2", ("rep-1", "se-1"))  # kept on the team
    assert store.get_account("initech").owner == "rep-2"
    assert store.account_version("acme") == acme_version + 1
    assert store.account_version("globex") == globex_version  # not theirs: untouched
    change = store.history("acme")[-1]
    assert (change.kind, change.actor, change.before, change.after) == (
        "accounts",
        "admin",
        {**change.before, "owner": "rep-1"},  # type: ignore[dict-item]
        {**change.before, "owner": "rep-2"},  # type: ignore[dict-item]
    )
    # reactivated, the same token works again; ownership stays with rep-2
    store.change_user("rep-1", active=True)
    assert store.user_for_token(token_hash(people["rep-1"])) == User(id="rep-1", role="rep")
    assert store.get_account("acme").owner == "rep-2"


def test_deleting_a_user_hands_over_their_accounts_and_takes_them_off_teams(
    store: GraphStore, people: dict[str, str]
) -> None:
    with pytest.raises(Conflict, match="owns accounts 'acme', 'initech'"):
        store.delete_user("rep-1")
    done = store.delete_user("rep-1", new_owner="boss")
    assert (done.user, done.transferred) == (None, ["acme", "initech"])
    assert store.user_for_token(token_hash(people["rep-1"])) is None
    assert [u.id for u in store.list_users()] == ["admin", "boss", "rep-2"]
    assert (store.get_account("acme").owner, store.get_account("acme").team) == ("boss", ("se-1",))
    assert store.get_account("globex").team == ()
    # our team member with the same id keeps their relationships in the account
    assert "rep-1" in {m.id for m in store.list(TeamMember, "acme")}
    with pytest.raises(NotFound, match="user 'rep-1' does not exist"):
        store.delete_user("rep-1")


def test_a_user_who_owns_nothing_is_deleted_without_a_new_owner(
    store: GraphStore, people: dict[str, str]
) -> None:
    store.delete_user("boss")
    assert [u.id for u in store.list_users()] == ["admin", "rep-1", "rep-2"]


def test_roles_change_and_one_active_admin_always_remains(
    store: GraphStore, people: dict[str, str]
) -> None:
    assert store.change_user("rep-2", role=UserRole.manager).user == User(
        id="rep-2", role="manager"
    )
    assert store.user_for_token(token_hash(people["rep-2"])) == User(id="rep-2", role="manager")
    for attempt in (
        lambda: store.change_user("admin", role=UserRole.rep),
        lambda: store.change_user("admin", active=False),
        lambda: store.delete_user("admin"),
    ):
        with pytest.raises(Conflict, match="that would leave no active admin"):
            attempt()
    assert store.user_for_token(token_hash(people["admin"])) == User(id="admin", role="admin")
    store.change_user("boss", role=UserRole.admin)
    store.change_user("admin", active=False)
    assert store.user_for_token(token_hash(people["admin"])) is None


def test_the_new_owner_must_be_another_active_user(
    store: GraphStore, people: dict[str, str]
) -> None:
    with pytest.raises(NotFound, match="user 'ghost' \\(the new owner\\) does not exist"):
        store.change_user("rep-1", active=False, new_owner="ghost")
    store.change_user("rep-2", active=False, new_owner="boss")
    with pytest.raises(InvalidInput):
        store.change_user("rep-1", active=False, new_owner="rep-2")
    with pytest.raises(InvalidInput):
        store.delete_user("rep-1", new_owner="rep-1")
    with pytest.raises(NotFound, match="user 'nobody' does not exist"):
        store.change_user("nobody", role=UserRole.rep)
    assert store.get_account("acme").owner == "rep-1"


def test_users_stored_before_the_active_flag_read_as_active(store: GraphStore) -> None:
    token = new_token()
    if isinstance(store, SQLiteStore):
        with store._connection() as conn:
            conn.execute(
                "INSERT INTO users (id, token_hash, data) VALUES (?, ?, ?)",
                ("old", token_hash(token), '{"id": "old", "name": "", "role": "rep"}'),
            )
    else:
        assert isinstance(store, Neo4jStore)
        store._driver.execute_query(
            "CREATE (:User {id: 'old', name: '', role: 'rep', token_hash: $hash})",
            hash=token_hash(token),
        )
    assert store.user_for_token(token_hash(token)) == User(id="old", role="rep", active=True)


def test_backups_keep_the_flag_and_older_backups_restore_as_active(
    sqlite_store: SQLiteStore,
) -> None:
    sqlite_store.add_user(User(id="admin", role=UserRole.admin), token_hash(new_token()))
    sqlite_store.add_user(User(id="gone", active=False), token_hash(new_token()))
    document = backup_document(sqlite_store)
    assert [(u["id"], u["active"]) for u in document["users"]] == [
        ("admin", True),
        ("gone", False),
    ]
    older = {
        **document,
        "users": [{k: v for k, v in u.items() if k != "active"} for u in document["users"]],
    }
    for backup, expected in ((document, [True, False]), (older, [True, True])):
        target = SQLiteStore(sqlite_store.path.with_name(f"restored-{expected[1]}.db"))
        restore_document(target, backup)
        assert [u.active for u in target.list_users()] == expected
        target.close()
