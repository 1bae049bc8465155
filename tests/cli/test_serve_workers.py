"""`stakegraph serve --workers 2` on a free loopback port: a web import checked by one
request and confirmed by another finds its upload whichever worker answers, bad tokens
from one address meet one limit across workers, and a worker killed mid-request loses
no acknowledged write while the other serves on (both stores). Every request opens its
own connection, so the kernel hands them to either worker."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api.cli.serve import WORKER_APP, server_config, tcp_socket
from graph.errors import NotFound
from graph.integrity import integrity_problems
from graph.model import Account
from graph.store import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.conftest import NEO4J_PASSWORD, NEO4J_URL, NEO4J_USER
from tests.workers import RunningServer, free_port, serve_workers

ROUNDS = 8
MAX_FAILURES = 10


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    database = tmp_path / "stakegraph.db"
    token = new_token()
    store = SQLiteStore(database)
    store.add_user(User(id="rep-1", name="Rep", role=UserRole.rep), token_hash(token))
    store.upsert_account(Account(id="acme", name="Acme", owner="rep-1", team=("rep-1",)))
    store.close()
    env = {
        "STAKEGRAPH_STORE": f"sqlite:///{tmp_path / 'not-this.db'}",  # --store wins
        "STAKEGRAPH_MAX_FAILURES": str(MAX_FAILURES),
    }
    with serve_workers(f"sqlite:///{database}", tmp_path / "serve", env=env) as running:
        yield running.url, token
    assert not (tmp_path / "not-this.db").exists()  # the workers used --store's


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


PEOPLE_PER_IMPORT = 120
IMPORTS = 64
CLIENTS = 4


def _people_csv(number: int) -> bytes:
    rows = "".join(f"p{i},Person {number}-{i}\n" for i in range(PEOPLE_PER_IMPORT))
    return f"id,name\n{rows}".encode()


def _import(base: str, token: str, number: int) -> bool:
    """Import a new account of PEOPLE_PER_IMPORT people; True when the server said it
    was written (2xx), False when the connection broke or the server refused."""
    try:
        answer = _request(
            base,
            "POST",
            f"/api/v1/accounts/killed-{number}/import",
            headers={"Authorization": f"Bearer {token}"},
            files={"file": ("people.csv", _people_csv(number), "text/csv")},
        )
    except httpx.TransportError:
        return False
    return answer.is_success


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[GraphStore, str]]:
    """An emptied store and the URL its workers open it by."""
    if request.param == "sqlite":
        store: GraphStore = SQLiteStore(tmp_path / "killed.db")
        yield store, f"sqlite:///{tmp_path / 'killed.db'}"
        store.close()
    else:
        yield request.getfixturevalue("neo4j_store"), NEO4J_URL


def _open_connections(pid: int, port: int) -> int:
    """Established TCP connections on `port` that process `pid` holds: requests it is
    answering (every request of the stream comes on a connection of its own)."""
    try:
        sockets = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return 0
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            established = state == "01"
            count += established and local_port == port and f"socket:[{inode}]" in sockets
    return count


def _answering(server: RunningServer) -> int:
    """A worker in the middle of a request (not one still starting up)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for pid in server.worker_pids():
            if _open_connections(pid, server.port):
                return pid
        time.sleep(0.005)
    raise AssertionError("no worker was answering a request for 10 s")


def _kill_a_worker_until_a_request_is_cut(server: RunningServer, outcomes: list[bool]) -> int:
    """SIGKILL a worker while imports are in flight, again after uvicorn replaced it,
    until one request got no answer (up to 5 kills); the number of kills."""
    for kills in range(1, 6):
        while sum(outcomes) < 4 * kills:  # some written before each kill
            assert len(outcomes) < IMPORTS, "the stream ended before a request was cut"
            time.sleep(0.02)
        os.kill(_answering(server), signal.SIGKILL)
        deadline = time.monotonic() + 30
        while len(server.worker_pids()) < 2:  # the supervisor starts another
            assert time.monotonic() < deadline, "uvicorn did not replace the killed worker"
            time.sleep(0.1)
        if outcomes.count(False):
            return kills
    return kills


def test_a_worker_killed_mid_request_loses_no_acknowledged_write_and_the_other_serves_on(
    served_store: tuple[GraphStore, str], tmp_path: Path
) -> None:
    store, url = served_store
    token = new_token()
    store.add_user(User(id="ops", name="Ops", role=UserRole.admin), token_hash(token))
    env = {"NEO4J_USER": NEO4J_USER, "NEO4J_PASSWORD": NEO4J_PASSWORD}
    with serve_workers(url, tmp_path / "serve", env=env) as server:
        outcomes: list[bool] = []
        written: dict[int, bool] = {}

        def one(number: int) -> None:
            written[number] = _import(server.url, token, number)
            outcomes.append(written[number])

        with ThreadPoolExecutor(CLIENTS) as clients:
            stream = [clients.submit(one, number) for number in range(IMPORTS)]
            kills = _kill_a_worker_until_a_request_is_cut(server, outcomes)
            for future in stream:
                future.result()
        # the server serves on: every worker answers a read, and a new write lands
        assert len(server.worker_pids()) == 2
        assert _import(server.url, token, IMPORTS)
    cut = [number for number, ok in written.items() if not ok]
    assert cut, f"no request was in flight in {kills} kills"
    assert len(cut) < IMPORTS // 2  # the other worker went on serving
    for number, ok in [*written.items(), (IMPORTS, True)]:
        account = f"killed-{number}"
        try:
            people = len(store.account_graph(account).stakeholders)
        except NotFound:
            people = 0
        if ok:  # acknowledged: all there
            assert people == PEOPLE_PER_IMPORT, (account, people)
        else:  # cut: all there or nothing
            assert people in (0, PEOPLE_PER_IMPORT), (account, people)
    assert integrity_problems(store) == {}


def _nodelay_of_an_accepted_connection(listening: socket.socket) -> int:
    """TCP_NODELAY of a connection accepted by an asyncio server on `listening`, as a
    uvicorn worker accepts them."""

    async def accept_one() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(connected, sock=listening)
        host, port = listening.getsockname()[:2]
        _, writer = await asyncio.open_connection(host, port)
        result = await asyncio.wait_for(accepted, 10)
        writer.close()
        server.close()
        return result

    # a thread of its own: the browser tests' Playwright keeps a loop running in this one
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(accept_one())).result()


def test_workers_answer_without_waiting_for_delayed_acks() -> None:
    """uvicorn binds the workers' socket with protocol 0, so asyncio left Nagle's
    algorithm on for their connections (40 ms a request); `tcp_socket` says it is TCP."""
    config = server_config(WORKER_APP, host="127.0.0.1", port=free_port(), workers=2)
    assert _nodelay_of_an_accepted_connection(config.bind_socket()) == 0  # uvicorn's own
    assert _nodelay_of_an_accepted_connection(tcp_socket(config.bind_socket())) != 0
