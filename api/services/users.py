"""User use cases beyond the store's own verbs: the first admin of a new server."""

from __future__ import annotations

from graph.store import GraphStore
from graph.users import User, UserRole, new_token, token_hash

FIRST_ADMIN = User(id="admin", name="Administrator", role=UserRole.admin)


def first_admin_token(store: GraphStore) -> str | None:
    """On a store without an admin (a new one, or one holding only the demo's rep),
    create `FIRST_ADMIN` and return their new token (to print once); None when the
    store has an admin already, or a user with the first admin's id."""
    users = store.list_users()
    if any(user.role is UserRole.admin or user.id == FIRST_ADMIN.id for user in users):
        return None
    token = new_token()
    store.add_user(FIRST_ADMIN, token_hash(token))
    return token
