"""`serve`: the web app and the HTTP API under uvicorn, behind the proxies named."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.common import app, context, echo
from api.services.users import FIRST_ADMIN, first_admin_token

if TYPE_CHECKING:
    import uvicorn


def sign_in_link(host: str, port: int, token: str) -> str:
    """The token rides in the fragment: browsers never send it, so no log records it."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a comparison
    return f"http://{shown}:{port}/signin#token={token}"


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port")] = 8000,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            "--forwarded-allow-ips",
            help="Comma-separated addresses of reverse proxies whose X-Forwarded-For "
            "and X-Forwarded-Proto are trusted (default: none; '*' trusts every peer)",
        ),
    ] = "",
) -> None:
    """Run the web app and the HTTP API. On a store without users, creates an admin and
    prints a sign-in link.

    The client address (for the bad-token limit) is the connection's peer unless it is
    one of `--forwarded-allow-ips`: uvicorn's own default trusts X-Forwarded-For from
    127.0.0.1, which lets any local client pick the address it is counted under."""
    import uvicorn

    from api.app import create_app

    settings = context(ctx).settings
    with context(ctx).store() as store:
        token = first_admin_token(store)
        if token is not None:
            echo(
                f"created the first user, {FIRST_ADMIN.id!r}. Sign in at:\n"
                f"  {sign_in_link(host, port, token)}"
            )
        else:
            echo(
                f"open http://{host}:{port}/ and sign in with your token "
                "(stakegraph user token ID gives a user a new one)"
            )
        description = store.description
    echo(f"serving {description} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops")
    uvicorn.Server(
        server_config(
            create_app(settings),
            host=host,
            port=port,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    ).run()


def server_config(
    app: Any, *, host: str, port: int, forwarded_allow_ips: str = ""
) -> uvicorn.Config:
    """How `serve` runs the app: proxy headers are read only from the proxies named."""
    import uvicorn

    trusted = forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )
