"""Uploads the web's import page has checked and that wait for the user's confirmation."""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from importers.formats import ImportFormat


@dataclass(frozen=True)
class PendingUpload:
    user: str
    account_id: str
    folder: Path
    path: Path
    created: float
    format: ImportFormat = ImportFormat.auto


class PendingUploads:
    """Checked uploads by a random id, each removed (folder and all) when taken, when
    older than `ttl` seconds, or when the server stops. Thread-safe; `clock` is
    injectable for tests (default `time.monotonic`)."""

    def __init__(self, *, ttl: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._clock = clock
        self._waiting: dict[str, PendingUpload] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._waiting)

    def _expire(self) -> None:
        now = self._clock()
        for key, upload in list(self._waiting.items()):
            if now - upload.created > self._ttl:
                shutil.rmtree(upload.folder, ignore_errors=True)
                del self._waiting[key]

    def add(
        self, *, user: str, account_id: str, folder: Path, path: Path, format: ImportFormat
    ) -> str:
        """Keep a checked upload; the id that confirms it."""
        upload_id = secrets.token_urlsafe(16)
        with self._lock:
            self._expire()
            self._waiting[upload_id] = PendingUpload(
                user, account_id, folder, path, self._clock(), format
            )
        return upload_id

    def get(self, upload_id: str, *, user: str) -> PendingUpload | None:
        """The upload `upload_id` if `user` made it and it has not expired."""
        with self._lock:
            self._expire()
            found = self._waiting.get(upload_id)
        return found if found is not None and found.user == user else None

    def discard(self, upload_id: str) -> None:
        """Forget the upload and remove its folder (it was imported, or failed to)."""
        with self._lock:
            found = self._waiting.pop(upload_id, None)
        if found is not None:
            shutil.rmtree(found.folder, ignore_errors=True)

    def clear(self) -> None:
        """Remove every waiting upload (the server stops)."""
        with self._lock:
            waiting, self._waiting = list(self._waiting.values()), {}
        for upload in waiting:
            shutil.rmtree(upload.folder, ignore_errors=True)
