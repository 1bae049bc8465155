"""Settings, read once at start-up from the environment (and CLI flags)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_store_url() -> str:
    """The embedded store in the user's data folder (XDG), so every command finds it."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'stakegraph' / 'stakegraph.db'}"


class Settings(BaseSettings):
    """`STAKEGRAPH_STORE` picks the store; Neo4j credentials come from `NEO4J_*`."""

    model_config = SettingsConfigDict(extra="ignore")

    store: str = Field(default_factory=default_store_url, validation_alias="STAKEGRAPH_STORE")
    neo4j_user: str | None = Field(default=None, validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(default=None, validation_alias="NEO4J_DATABASE")
