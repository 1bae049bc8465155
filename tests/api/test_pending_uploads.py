"""Checked uploads waiting for the user's confirmation (the web's import page)."""

from __future__ import annotations

from pathlib import Path

from api.services.pending import PendingUploads
from importers.formats import ImportFormat


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _upload(tmp_path: Path, name: str) -> tuple[Path, Path]:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "people.csv"
    path.write_text("id,name\n", encoding="utf-8")
    return folder, path


def _add(pending: PendingUploads, tmp_path: Path, name: str, user: str = "rep-1") -> str:
    folder, path = _upload(tmp_path, name)
    return pending.add(
        user=user, account_id="acme", folder=folder, path=path, format=ImportFormat.auto
    )


def test_an_upload_is_found_only_by_whoever_made_it(tmp_path: Path) -> None:
    pending = PendingUploads(ttl=60)
    upload = _add(pending, tmp_path, "a")
    assert pending.get(upload, user="rep-2") is None
    found = pending.get(upload, user="rep-1")
    assert found is not None and found.account_id == "acme"


def test_an_expired_upload_is_gone_with_its_folder(tmp_path: Path) -> None:
    clock = Clock()
    pending = PendingUploads(ttl=60, clock=clock)
    upload = _add(pending, tmp_path, "a")
    clock.now = 61
    assert pending.get(upload, user="rep-1") is None
    assert not (tmp_path / "a").exists()
    assert len(pending) == 0


def test_a_taken_upload_and_all_at_shutdown_are_removed(tmp_path: Path) -> None:
    pending = PendingUploads(ttl=60)
    first, _ = _add(pending, tmp_path, "a"), _add(pending, tmp_path, "b")
    pending.discard(first)
    assert not (tmp_path / "a").exists() and len(pending) == 1
    pending.clear()
    assert not (tmp_path / "b").exists() and len(pending) == 0
