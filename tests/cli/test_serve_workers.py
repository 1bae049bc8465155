"""`stakegraph serve --workers 2` on a free loopback port (SQLite in tmp): a web
import checked by one request and confirmed by another finds its upload whichever
worker answers, and bad tokens from one address meet one limit across workers.
Every request opens its own connection, so the kernel hands them to either worker."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.model import Account
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 8
MAX_FAILURES = 10


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    database = tmp_path / "stakegraph.db"
    token = new_token()
    store = SQLiteStore(database)
    store.add_user(User(id="rep-1", name="Rep", role=UserRole.rep), token_hash(token))
    store.upsert_account(Account(id="acme", name="Acme", owner="rep-1", team=("rep-1",)))
    store.close()
    port = _free_port()
    log = tmp_path / "serve.log"  # a file, not a pipe nobody drains
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        "STAKEGRAPH_STORE": f"sqlite:///{tmp_path / 'not-this.db'}",  # --store wins
        "STAKEGRAPH_UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "STAKEGRAPH_MAX_FAILURES": str(MAX_FAILURES),
    }
    log_file = log.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api",
            "--store",
            f"sqlite:///{database}",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s for both workers to start
            try:
                if httpx.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text(errors="replace")
            time.sleep(0.1)
        else:
            pytest.fail("the server did not start in 30 s")
        yield base, token
        assert not (tmp_path / "not-this.db").exists()  # the workers used --store's
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        log_file.close()


def _request(
    base: str, method: str, path: str, *, cookies: dict[str, str] | None = None, **kwargs: object
) -> httpx.Response:
    """A request on a fresh connection (no keep-alive), so either worker may answer."""
    with httpx.Client(base_url=base, timeout=30, cookies=cookies) as client:
        return client.request(method, path, **kwargs)  # type: ignore[arg-type]


def test_a_checked_import_is_confirmed_whichever_worker_answers(
    server: tuple[str, str],
) -> None:
    base, token = server
    cookies = {"stakegraph_token": token}
    headers = {"Accept": "text/html", "Origin": base}
    for round_ in range(ROUNDS):
        csv = f"id,name\np{round_},Person {round_}\n".encode()
        checked = _request(
            base,
            "POST",
            "/import",
            data={"account": "acme"},
            files={"file": ("stakeholders.csv", csv, "text/csv")},
            headers=headers,
            cookies=cookies,
        )
        assert checked.status_code == 200, checked.text
        match = re.search(r'name="upload" value="([^"]+)"', checked.text)
        assert match is not None, checked.text
        confirmed = _request(
            base,
            "POST",
            "/import/confirm",
            data={"upload": match.group(1)},
            headers=headers,
            cookies=cookies,
            follow_redirects=False,
        )
        assert confirmed.status_code == 303, confirmed.text
    people = _request(
        base,
        "GET",
        "/api/v1/accounts/acme/stakeholders",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert people.status_code == 200, people.text
    assert {person["id"] for person in people.json()["items"]} >= {f"p{i}" for i in range(ROUNDS)}


def test_bad_tokens_from_one_address_meet_one_limit_across_workers(
    server: tuple[str, str],
) -> None:
    base, token = server
    statuses = [
        _request(
            base, "GET", "/api/v1/accounts", headers={"Authorization": "Bearer wrong"}
        ).status_code
        for _ in range(2 * MAX_FAILURES)
    ]
    assert statuses == [401] * MAX_FAILURES + [429] * MAX_FAILURES
    ok = _request(base, "GET", "/api/v1/accounts", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200  # a valid token is never refused
