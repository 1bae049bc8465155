"""Settings: every environment variable and limit stakegraph reads, in one place.

`Settings()` is read once at start-up (by `create_app` and by the CLI's callback)
and handed down as arguments; no other module reads the environment. A bad value
fails at once with pydantic's message naming the variable.

| variable | field | default |
|---|---|---|
| STAKEGRAPH_STORE | store | sqlite in `$XDG_DATA_HOME/stakegraph/` |
| NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE | neo4j_* | from the URL |
| STAKEGRAPH_ACTOR | actor | `cli:` + login name (who CLI writes are recorded as) |
| STAKEGRAPH_CHROMIUM | chromium | Debian's chromium (PNG, PDF) |
| STAKEGRAPH_MAX_UPLOAD_BYTES | max_upload_bytes | 200 MiB |
| STAKEGRAPH_MAX_FILE_BYTES | max_file_bytes | 512 MiB |
| STAKEGRAPH_SESSION_DAYS | session_days | 30 |
| STAKEGRAPH_UPLOAD_TTL_S | pending_upload_ttl_s | 3600 |
| STAKEGRAPH_UPLOAD_FOLDER | upload_folder | `stakegraph-uploads` in the temp folder (shared storage: docs/scaling.md) |
| STAKEGRAPH_MAX_FAILURES, …_TOTAL, …_WINDOW_S | bad-token limits | 10, 1000, 60 s |
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from importers.archive import MAX_FILE_BYTES

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
"""The largest file one may upload. What a zip or workbook may expand to is capped
separately and lower (importers/archive.py, 64 MB)."""
MULTIPART_FRAMING_BYTES = 1024 * 1024
"""Room in a request body for the multipart framing and form fields around an upload."""
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + MULTIPART_FRAMING_BYTES
"""The largest request body: an upload and its multipart framing and form fields."""
SESSION_DAYS = 30
"""How long the sign-in cookie lasts."""
LANGUAGE_COOKIE_DAYS = 365
"""How long the pages remember a chosen language."""
PENDING_UPLOAD_TTL_S = 3600.0
"""How long a checked upload waits on the server for the user's confirmation."""
MAX_FAILURES = 10
"""Bad tokens one client address may send within `FAILURE_WINDOW_S`."""
MAX_FAILURES_TOTAL = 1_000
"""Bad tokens all addresses together may send within `FAILURE_WINDOW_S`."""
FAILURE_WINDOW_S = 60.0
MAX_TRACKED_ADDRESSES = 10_000
"""Addresses whose failures are remembered at once (least recent forgotten first)."""


def default_store_url() -> str:
    """The embedded store in the user's data folder (XDG), so every command finds it."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'stakegraph' / 'stakegraph.db'}"


def default_upload_folder() -> Path:
    """Where checked web uploads wait: one folder every worker of this machine sees."""
    return Path(tempfile.gettempdir()) / "stakegraph-uploads"


class Settings(BaseSettings):
    """Everything configurable, from the environment (CLI flags override some fields)."""

    model_config = SettingsConfigDict(extra="ignore")

    store: str = Field(default_factory=default_store_url, validation_alias="STAKEGRAPH_STORE")
    neo4j_user: str | None = Field(default=None, validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")
    actor: str | None = Field(default=None, validation_alias="STAKEGRAPH_ACTOR")
    chromium: str | None = Field(default=None, validation_alias="STAKEGRAPH_CHROMIUM")
    max_upload_bytes: int = Field(
        default=MAX_UPLOAD_BYTES, gt=0, validation_alias="STAKEGRAPH_MAX_UPLOAD_BYTES"
    )
    max_file_bytes: int = Field(
        default=MAX_FILE_BYTES, gt=0, validation_alias="STAKEGRAPH_MAX_FILE_BYTES"
    )
    session_days: int = Field(default=SESSION_DAYS, gt=0, validation_alias="STAKEGRAPH_SESSION_DAYS")
    pending_upload_ttl_s: float = Field(
        default=PENDING_UPLOAD_TTL_S, gt=0, validation_alias="STAKEGRAPH_UPLOAD_TTL_S"
    )
    upload_folder: Path = Field(
        default_factory=default_upload_folder, validation_alias="STAKEGRAPH_UPLOAD_FOLDER"
    )
    max_failures: int = Field(default=MAX_FAILURES, gt=0, validation_alias="STAKEGRAPH_MAX_FAILURES")
    max_failures_total: int = Field(
        default=MAX_FAILURES_TOTAL, gt=0, validation_alias="STAKEGRAPH_MAX_FAILURES_TOTAL"
    )
    failure_window_s: float = Field(
        default=FAILURE_WINDOW_S, gt=0, validation_alias="STAKEGRAPH_FAILURE_WINDOW_S"
    )

    @property
    def max_request_bytes(self) -> int:
        """The largest request body: an upload and its multipart framing."""
        return self.max_upload_bytes + MULTIPART_FRAMING_BYTES


def hand_to_workers(settings: Settings) -> None:
    """Put what a CLI flag may have changed (the store URL) into the environment, which
    `serve --workers N`'s worker processes inherit and read with `Settings()`."""
    os.environ["STAKEGRAPH_STORE"] = settings.store
