"""Uploads through the HTTP API: a damaged file is a 422 naming it (never a 500), nothing
is written, the body limit holds while the body arrives, and no upload folder outlives
its request or a crash."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import MAX_REQUEST_BYTES, MAX_UPLOAD_BYTES
from api.uploads import (
    BodyLimit,
    remove_stale_upload_folders,
    upload_folder,
)
from graph.store.sqlite import SQLiteStore
from importers.archive import MAX_EXPANDED_BYTES
from importers.report import RowError
from tests.api.conftest import Api
from tests.hostile import SAMPLES, SHARED, SHARED_CASES, write_samples

A = "/api/v1/accounts"


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temporary folder, for this test only."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


CASES = [(name, SAMPLES[name][1]) for name in SAMPLES] + [
    (name, f"{name}: {SHARED[name]}") for name in SHARED
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_a_damaged_upload_is_a_422_naming_it_and_nothing_is_written(
    api: Api, samples: dict[str, Path], private_tmp: Path, name: str, expected: str
) -> None:
    path = samples.get(name) or SHARED_CASES / name
    tmp = api.tmp or private_tmp  # where the server makes its upload folders
    folders = set(tmp.iterdir())
    before = api.store.versioned_graph("acme")
    answer = api.post(
        "rep-1", f"{A}/acme/import", files={"file": (name, path.read_bytes(), "application/zip")}
    )
    assert answer.status_code == 422, answer.text
    first = str(RowError.model_validate(answer.json()["errors"][0]))
    assert expected in first
    assert answer.json()["written"] is False
    assert api.store.versioned_graph("acme") == before
    # into a new account: not even the account is created
    fresh = api.post(
        "rep-1", f"{A}/fresh/import", files={"file": (name, path.read_bytes(), "text/csv")}
    )
    assert fresh.status_code == 422
    assert api.get("rep-1", f"{A}/fresh").status_code == 404
    assert set(tmp.iterdir()) == folders  # the upload's folder went with the request


def _post(
    app: object, headers: list[tuple[bytes, bytes]], chunks: int
) -> tuple[int, list[dict[str, object]]]:
    """POST to the import route straight through ASGI, the body in `chunks` chunks of
    64 KiB as a server hands them over; (chunks the app asked for, messages it sent)."""
    path = f"{A}/acme/import"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"content-type", b"multipart/form-data; boundary=b"), *headers],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    pulled = 0
    sent: list[dict[str, object]] = []

    head = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += 1
        chunk = (head if pulled == 1 else b"") + b"x" * (65536 - (len(head) if pulled == 1 else 0))
        return {"type": "http.request", "body": chunk, "more_body": pulled < chunks}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    return pulled, sent


def test_the_body_limit_stops_reading_as_soon_as_it_is_passed(
    sqlite_store: SQLiteStore,
) -> None:
    app = BodyLimit(create_app(store=sqlite_store), limit=2**20)
    # chunked (no Content-Length to go by), 64 MB if it were all read
    pulled, sent = _post(app, [], chunks=1000)
    assert pulled == 17  # 16 chunks fill the megabyte; the 17th passes it
    assert sent[0]["status"] == 413
    body = b"".join(m.get("body", b"") for m in sent)  # type: ignore[misc]
    assert json.loads(body)["error"] == (
        "the request is larger than 1 MB; files up to 200 MB can be uploaded"
    )


def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(
    sqlite_store: SQLiteStore,
) -> None:
    app = create_app(store=sqlite_store)  # with its own limit, MAX_REQUEST_BYTES
    declared = [(b"content-length", str(MAX_REQUEST_BYTES + 1).encode())]
    pulled, sent = _post(app, declared, chunks=4000)
    assert pulled == 0
    assert sent[0]["status"] == 413


def test_the_limits_agree() -> None:
    """A zip may expand to less than the largest file one may upload as it is."""
    assert MAX_EXPANDED_BYTES == 64 * 2**20 < MAX_UPLOAD_BYTES == 200 * 2**20
    assert MAX_REQUEST_BYTES == MAX_UPLOAD_BYTES + 2**20


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_upload_folders_of_dead_or_old_processes_are_removed_at_start(
    private_tmp: Path, sqlite_store: SQLiteStore
) -> None:
    dead = private_tmp / f"stakegraph-upload-{_dead_pid()}-abc"
    mine = private_tmp / f"stakegraph-pending-{os.getpid()}-def"  # a previous us (pid reused)
    living = private_tmp / "stakegraph-upload-1-ghi"  # pid 1 is always running
    old = private_tmp / "stakegraph-pending-1-jkl"
    other = private_tmp / "someone-elses"
    for folder in (dead, mine, living, old, other):
        folder.mkdir()
        (folder / "people.csv").write_text("id,name\n", encoding="utf-8")
    day_and_more = time.time() - 25 * 3600
    os.utime(old, (day_and_more, day_and_more))
    app = create_app(store=sqlite_store)
    with TestClient(app):  # the server starts: its lifespan cleans up
        pass
    assert sorted(p.name for p in private_tmp.iterdir()) == [other.name, living.name]
    assert remove_stale_upload_folders(private_tmp) == 0


def test_an_upload_folder_says_whose_it_is(private_tmp: Path) -> None:
    folder = upload_folder("upload")
    assert folder.parent == private_tmp
    assert folder.name.startswith(f"stakegraph-upload-{os.getpid()}-")
