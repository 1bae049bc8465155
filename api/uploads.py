"""The cost of an upload, bounded before and while it arrives.

- `BodyLimit`, an ASGI middleware, refuses a request body larger than
  the request limit (api/settings.py) while it arrives: at once when its `Content-Length` says
  so, else as soon as the bytes received pass the limit (a chunked body has no
  length). Nothing more is read, so a 700 MB upload never reaches the disk.
  The refusal is a 413 through the app's one error mapping (JSON for the API,
  a page for the web app).
- Uploads wait in folders named `stakegraph-upload-PID-…` or
  `stakegraph-pending-PID-…` under the system's temporary folder; each request
  removes its own. A server that crashed (or was killed) cannot, so
  `remove_stale_upload_folders` runs at every start and removes the folders of
  processes that are gone, and any older than a day.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.settings import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES

STALE_AFTER_S = 24 * 3600
_FOLDER = re.compile(r"^stakegraph-(upload|pending)-(\d+)-")


def _too_large(limit: int, upload_limit: int) -> HTTPException:
    return HTTPException(
        status_code=413,
        detail=f"the request is larger than {limit / 2**20:,.0f} MB; "
        f"files up to {upload_limit / 2**20:,.0f} MB can be uploaded",
    )


class BodyLimit:
    """ASGI middleware: at most `limit` bytes of request body, counted as they arrive
    (`upload_limit`, the largest file, is what the refusal names)."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int = MAX_REQUEST_BYTES,
        *,
        upload_limit: int = MAX_UPLOAD_BYTES,
    ) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        too_long = declared.isdigit() and int(declared) > self.limit
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            if too_long:
                raise _too_large(self.limit, self.upload_limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _too_large(self.limit, self.upload_limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except HTTPException as error:
            # Raised where no handler of the app saw it (the app maps it everywhere else).
            if started or error.status_code != 413:
                raise
            response = JSONResponse(
                {"error": error.detail, "problems": [error.detail]}, status_code=413
            )
            await response(scope, receive, send)


def upload_folder(kind: str) -> Path:
    """A new private folder for one upload (`kind`: upload or pending), named so a
    later start can tell whose it was."""
    return Path(tempfile.mkdtemp(prefix=f"stakegraph-{kind}-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_upload_folders(parent: Path | None = None, *, now: float | None = None) -> int:
    """Remove upload folders left by processes that are gone (or older than a day,
    whoever made them); the number removed. Run at server start."""
    parent = parent or Path(tempfile.gettempdir())
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(parent.iterdir())
    except OSError:
        return 0
    for entry in entries:
        match = _FOLDER.match(entry.name)
        if match is None or not entry.is_dir():
            continue
        pid = int(match.group(2))
        try:
            old = now - entry.stat().st_mtime > STALE_AFTER_S
        except OSError:
            continue
        # At start, a folder with our own pid is a previous process's (pids are reused).
        if old or pid == os.getpid() or not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
