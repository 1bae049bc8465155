"""Commands that look after the store and its users: backup, restore, check, user …,
forget (erasure of a person's data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import AsJson, app, context, echo, print_json, say
from api.cli.files import write_output
from api.cli.serve import sign_in_link
from graph.backup import backup_document, restore_document
from graph.errors import InvalidInput, validated
from graph.integrity import integrity_problems
from graph.users import User, UserRole, new_token, token_hash


@app.command("backup")
def backup_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", help="File to write (JSON)")],
) -> None:
    """Write every account and user of the store to one portable file."""
    with context(ctx).store() as store:
        document = backup_document(store)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_output(output, text.encode("utf-8"))
    say(f"wrote {output}: {len(document['accounts'])} accounts, {len(document['users'])} users")


@app.command("restore")
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file `stakegraph backup` wrote")],
) -> None:
    """Restore a backup into an empty store (SQLite or Neo4j): how you move between them."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput([f"cannot read {path}: {error.strerror or error}"]) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput([f"{path} is not a stakegraph backup: {error}"]) from error
    with context(ctx).store() as store:
        users, accounts = restore_document(store, document)
        description = store.description
    echo(f"restored {accounts} accounts and {users} users into {description}")


@app.command("check")
def check_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Find what breaks the rules in the store (direct database edits): dangling links,
    reporting cycles, entities stored twice. Exit 1 when anything is found."""
    with context(ctx).store() as store:
        problems = integrity_problems(store)
        accounts = len(store.list_accounts())
    if as_json:
        print_json(problems)
    else:
        for account_id, lines in problems.items():
            for line in lines:
                echo(f"{account_id}: {line}")
        if not problems:
            echo(f"checked {accounts} accounts: no problems")
    if problems:
        raise typer.Exit(1)


LinkHost = Annotated[
    str, typer.Option("--host", help="Host the sign-in link names (as given to `serve`)")
]
LinkPort = Annotated[int, typer.Option("--port", help="Port the sign-in link names")]


def print_token(token: str, host: str, port: int) -> None:
    """The bare token on its own line (scripts read the first line), then the link."""
    echo(token)
    echo(sign_in_link(host, port, token))


user_app = typer.Typer(help="Users who sign in to the web app and API.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add_command(
    ctx: typer.Context,
    user_id: Annotated[
        str, typer.Argument(metavar="ID", help="User id (may equal a team member id)")
    ],
    role: Annotated[UserRole, typer.Option("--role", help="admin, manager or rep")] = UserRole.rep,
    name: Annotated[str, typer.Option("--name", help="Display name")] = "",
    host: LinkHost = "127.0.0.1",
    port: LinkPort = 8000,
) -> None:
    """Add a user and print their token and sign-in link, once (only the token's hash is
    stored). The first line of standard output is the bare token, for scripts; the
    second is the link to open in a browser."""
    token = new_token()
    with context(ctx).store() as store:
        user = validated(User, {"id": user_id, "name": name, "role": role})
        store.add_user(user, token_hash(token))
    print_token(token, host, port)
    say(
        f"user {user_id!r} ({role.value}) added; the lines above are their token and "
        "sign-in link, shown only now"
    )


@user_app.command("token")
def user_token_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    host: LinkHost = "127.0.0.1",
    port: LinkPort = 8000,
) -> None:
    """Give a user a new token (the old one stops working) and print it once: the bare
    token on the first line, the sign-in link on the second."""
    token = new_token()
    with context(ctx).store() as store:
        store.set_token(user_id, token_hash(token))
    print_token(token, host, port)
    say(f"new token for {user_id!r}; the old one no longer works")


@user_app.command("list")
def user_list_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Users and their roles (never their tokens)."""
    with context(ctx).store() as store:
        users = store.list_users()
    if as_json:
        print_json([user.model_dump(mode="json") for user in users])
        return
    for user in users:
        status = "active" if user.active else "inactive"
        echo(f"{user.id}\t{user.role.value}\t{user.name}\t{status}")


NewOwner = Annotated[
    str | None,
    typer.Option("--owner", help="User who takes over the accounts this user owns"),
]


def say_handed_over(transferred: list[str], new_owner: str | None) -> None:
    if transferred:
        say(f"accounts {', '.join(transferred)} now belong to {new_owner!r}")


@user_app.command("deactivate")
def user_deactivate_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    owner: NewOwner = None,
) -> None:
    """Deactivate a user: every session of theirs ends at once; their accounts go to --owner."""
    with context(ctx).store() as store:
        done = store.change_user(user_id, active=False, new_owner=owner)
    echo(f"user {user_id!r} deactivated: their token no longer works")
    say_handed_over(done.transferred, owner)


@user_app.command("activate")
def user_activate_command(
    ctx: typer.Context, user_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Reactivate a user: their token works again (accounts handed over stay handed over)."""
    with context(ctx).store() as store:
        store.change_user(user_id, active=True)
    echo(f"user {user_id!r} is active again")


@user_app.command("delete")
def user_delete_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    owner: NewOwner = None,
) -> None:
    """Delete a user: their accounts go to --owner, and they leave every account's team."""
    with context(ctx).store() as store:
        done = store.delete_user(user_id, new_owner=owner)
    echo(f"user {user_id!r} deleted")
    say_handed_over(done.transferred, owner)


@user_app.command("role")
def user_role_command(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(metavar="ID")],
    role: Annotated[UserRole, typer.Argument(metavar="ROLE", help="admin, manager or rep")],
) -> None:
    """Change a user's role (from their next request on)."""
    with context(ctx).store() as store:
        store.change_user(user_id, role=role)
    echo(f"user {user_id!r} is now {role.value}")


@app.command("forget")
def forget_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="Account id")],
    stakeholder: Annotated[str, typer.Argument(help="Stakeholder id")],
) -> None:
    """Erase a stakeholder's personal data everywhere in the store, history included
    (PIPL art. 47, GDPR art. 17); their links stay under a neutral id. Cannot be undone."""
    with context(ctx).store() as store:
        report = store.erase_stakeholder(account, stakeholder)
    echo(
        f"erased the personal data of stakeholder {stakeholder!r} in account {account!r}: "
        f"they are now {report.stakeholder!r} ({report.history_records_rewritten} history "
        f"records rewritten, {report.notes_cleared} notes cleared, {report.texts_masked} "
        "mentions masked)"
    )
    say(
        "stakegraph: warning: backups made before now still hold this person: delete them, "
        "or replace them with a new `stakegraph backup`"
    )
