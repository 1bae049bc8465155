"""Uploads the web's import page has checked and that wait for the user's confirmation.

Shared by every worker: the record (who, which account, which format, when, where)
is in the store (`GraphStore.add_pending_upload`), the file in a private folder
`pending-ID/` under the configured upload folder (`STAKEGRAPH_UPLOAD_FOLDER`), so the
confirmation may reach another worker than the check. With workers on several
machines that folder must be shared storage (docs/scaling.md)."""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from graph.store import GraphStore, PendingRecord
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
    """Checked uploads by a random id, each removed (folder and all) when taken or when
    older than `ttl` seconds (expired ones are pruned whenever one is added, and at
    start). `clock` gives wall-clock seconds, which every worker agrees on (injectable
    for tests; default `time.time`)."""

    def __init__(
        self,
        store: GraphStore,
        folder: Path,
        *,
        ttl: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._root = folder
        self._ttl = ttl
        self._clock = clock

    def _folder_of(self, record: PendingRecord) -> Path:
        return self._root / PurePosixPath(record.path).parts[0]

    def _remove(self, records: Iterable[PendingRecord]) -> int:
        removed = 0
        for record in records:
            shutil.rmtree(self._folder_of(record), ignore_errors=True)
            removed += 1
        return removed

    def add(
        self, *, user: str, account_id: str, folder: Path, path: Path, format: ImportFormat
    ) -> str:
        """Keep a checked upload (its `folder` moves under the upload folder); the id
        that confirms it."""
        upload_id = secrets.token_urlsafe(16)
        self._root.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = self._root / f"pending-{upload_id}"
        shutil.move(folder, target)
        now = self._clock()
        record = PendingRecord(
            id=upload_id,
            user=user,
            account_id=account_id,
            format=format.value,
            created=now,
            expires=now + self._ttl,
            path=str(PurePosixPath(target.name, *path.relative_to(folder).parts)),
        )
        try:
            expired = self._store.add_pending_upload(record, now=now)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._remove(expired)
        return upload_id

    def get(self, upload_id: str, *, user: str) -> PendingUpload | None:
        """The upload `upload_id` if `user` made it and it has not expired."""
        record = self._store.pending_upload(upload_id, now=self._clock())
        if record is None or record.user != user:
            return None
        return PendingUpload(
            record.user,
            record.account_id,
            self._folder_of(record),
            self._root / PurePosixPath(record.path),
            record.created,
            ImportFormat(record.format),
        )

    def claim(self, upload_id: str, *, user: str) -> PendingUpload | None:
        """Take the upload `upload_id` of `user` for importing: its record goes in one
        store transaction, so of two confirmations at once (two tabs, two workers) only
        one gets it and the file is imported once. `release` removes its folder after."""
        found = self.get(upload_id, user=user)
        if found is None or self._store.take_pending_upload(upload_id) is None:
            return None
        return found

    def release(self, upload: PendingUpload) -> None:
        """Remove a claimed upload's folder (it was imported, or failed to)."""
        shutil.rmtree(upload.folder, ignore_errors=True)

    def discard(self, upload_id: str) -> None:
        """Forget the upload and remove its folder (it was imported, or failed to)."""
        record = self._store.take_pending_upload(upload_id)
        if record is not None:
            self._remove([record])

    def prune(self) -> int:
        """Remove the expired uploads (records and folders); how many."""
        return self._remove(self._store.expire_pending_uploads(now=self._clock()))
