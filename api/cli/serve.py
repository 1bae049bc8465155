"""`serve`: the web app and the HTTP API under uvicorn, behind the proxies named, in
one process or `--workers N` (each builds the app with `api.app:app_from_environment`;
what they share lives in the store: docs/scaling.md)."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.cli.common import app, context, echo
from api.services.users import FIRST_ADMIN, first_admin_token
from api.settings import hand_to_workers

if TYPE_CHECKING:
    import uvicorn


WORKER_APP = "api.app:app_from_environment"
"""The factory each worker process calls to build its app."""


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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Worker processes (uvicorn) sharing the port; bad-token counts and "
            "pending uploads are kept in the store, so any worker answers any request",
        ),
    ] = 1,
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
    shown = f"{workers} workers" if workers > 1 else "one process"
    echo(
        f"serving {description} on http://{host}:{port}/ ({shown}; API docs at /docs); "
        "Ctrl-C stops"
    )
    if workers == 1:
        uvicorn.Server(
            server_config(
                create_app(settings), host=host, port=port, forwarded_allow_ips=forwarded_allow_ips
            )
        ).run()
        return
    from uvicorn.supervisors import Multiprocess

    hand_to_workers(settings)
    config = server_config(
        WORKER_APP, host=host, port=port, forwarded_allow_ips=forwarded_allow_ips, workers=workers
    )
    Multiprocess(config, sockets=[tcp_socket(config.bind_socket())]).run()


def tcp_socket(sock: socket.socket) -> socket.socket:
    """The listening socket, saying it is TCP. uvicorn binds it with protocol 0 and the
    workers' accepted connections inherit that, so asyncio, which turns Nagle's
    algorithm off only on sockets whose protocol is TCP, left it on: a response written
    in two parts (head, body) then waited for the client's delayed ACK, 40 ms on each
    request (measured: 46 ms for /api/v1/me with 2 workers against 1.2 ms with one)."""
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return sock
    return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())


def server_config(
    app: Any, *, host: str, port: int, forwarded_allow_ips: str = "", workers: int = 1
) -> uvicorn.Config:
    """How `serve` runs the app: proxy headers are read only from the proxies named.
    With several workers, `app` is the import string of a factory (uvicorn imports it
    in each worker process)."""
    import uvicorn

    trusted = forwarded_allow_ips.strip()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        workers=workers,
        factory=isinstance(app, str),
        log_level="warning",
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
    )
