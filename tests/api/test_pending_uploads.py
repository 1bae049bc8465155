"""Checked uploads waiting for the user's confirmation (the web's import page): the
record in the store, the file under the upload folder, so any worker finds it."""

from __future__ import annotations

from pathlib import Path

from api.services.pending import PendingUploads
from graph.store.sqlite import SQLiteStore
from importers.formats import ImportFormat


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _upload(tmp_path: Path, name: str) -> tuple[Path, Path]:
    folder = tmp_path / "tmp" / name
    folder.mkdir(parents=True)
    path = folder / "people.csv"
    path.write_text("id,name\n", encoding="utf-8")
    return folder, path


def _add(pending: PendingUploads, tmp_path: Path, name: str, user: str = "rep-1") -> str:
    folder, path = _upload(tmp_path, name)
    return pending.add(
        user=user, account_id="acme", folder=folder, path=path, format=ImportFormat.survey
    )


def _pending(tmp_path: Path, clock: Clock | None = None) -> PendingUploads:
    store = SQLiteStore(tmp_path / "s.db")
    return PendingUploads(store, tmp_path / "uploads", ttl=60, clock=clock or Clock())


def test_an_upload_is_found_only_by_whoever_made_it_under_the_upload_folder(
    tmp_path: Path,
) -> None:
    pending = _pending(tmp_path)
    upload = _add(pending, tmp_path, "a")
    assert pending.get(upload, user="rep-2") is None
    found = pending.get(upload, user="rep-1")
    assert found is not None and found.account_id == "acme"
    assert found.format is ImportFormat.survey
    assert found.path.read_text(encoding="utf-8") == "id,name\n"
    assert found.folder.parent == tmp_path / "uploads"
    assert not (tmp_path / "tmp" / "a").exists()  # moved, not copied


def test_another_worker_on_the_same_store_and_folder_finds_it(tmp_path: Path) -> None:
    upload = _add(_pending(tmp_path), tmp_path, "a")
    other = _pending(tmp_path)  # a second process: its own connection, same data
    found = other.get(upload, user="rep-1")
    assert found is not None and found.path.exists()
    other.discard(upload)
    assert not found.folder.exists() and _pending(tmp_path).get(upload, user="rep-1") is None


def test_an_expired_upload_is_gone_with_its_folder(tmp_path: Path) -> None:
    clock = Clock()
    pending = _pending(tmp_path, clock)
    upload = _add(pending, tmp_path, "a")
    found = pending.get(upload, user="rep-1")
    assert found is not None
    clock.now += 61
    assert pending.get(upload, user="rep-1") is None
    _add(pending, tmp_path, "b")  # a write prunes what expired
    assert not found.folder.exists()
    clock.now += 61
    assert pending.prune() == 1
    assert list((tmp_path / "uploads").iterdir()) == []


def test_discarding_an_unknown_id_removes_nothing(tmp_path: Path) -> None:
    pending = _pending(tmp_path)
    upload = _add(pending, tmp_path, "a")
    pending.discard("../../etc")
    pending.discard(upload + "x")
    assert pending.get(upload, user="rep-1") is not None


def test_of_two_confirmations_only_one_claims_the_upload(tmp_path: Path) -> None:
    """Two tabs (or two workers) confirming one checked upload: the file is imported
    once; the second finds nothing to import."""
    pending = _pending(tmp_path)
    other = _pending(tmp_path)  # another worker on the same store and folder
    upload_id = _add(pending, tmp_path, "people.csv")
    assert other.claim(upload_id, user="rep-2") is None  # not theirs
    first = pending.claim(upload_id, user="rep-1")
    second = other.claim(upload_id, user="rep-1")
    assert first is not None and first.path.is_file()
    assert second is None
    pending.release(first)
    assert not first.folder.exists()
