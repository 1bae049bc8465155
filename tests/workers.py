"""A live `stakegraph serve --workers N` for tests, and the switch that runs the API and
web suites against it instead of an in-process app.

`STAKEGRAPH_TEST_WORKERS=2` (scripts/test.sh sets it for a second run of the access,
import and web suites) makes the `api` fixture (tests/api/conftest.py) and the web
tests' `live_server` talk over real HTTP to one 2-worker server per store: a SQLite
file of the session, or the test Neo4j database. Each test still starts on an emptied
store, as in-process; what differs is only that the server is other processes:

- accounts are emptied with `delete_account`, which keeps each id's last version, so a
  worker's analysis cache (keyed by account and version) never serves a previous
  test's document for a re-created id, exactly as in production;
- each test's HTTP client speaks from a loopback address of its own (127.0.x.y), so
  the bad-token counts one test makes, in the store and in a worker's memory, never
  meet another's;
- requests keep the in-process host name (`http://testserver`; the transport
  connects to the server's port), so Origin checks and links read the same.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
WORKERS = int(os.environ.get("STAKEGRAPH_TEST_WORKERS") or 0)
"""Worker processes of the server the API and web suites run against; 0: in-process."""
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class RunningServer:
    """A `serve --workers N` subprocess: its URL, its supervisor's pid, its log and the
    temporary folder its workers use."""

    url: str
    port: int
    pid: int
    log: Path
    tmp: Path

    def worker_pids(self) -> list[int]:
        """The pids of the supervisor's live worker processes (from /proc)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        # the spawn start method's resource tracker is a child too, but serves no port
        return [pid for pid in pids if b"resource_tracker" not in _cmdline(pid)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b"resource_tracker"  # gone: not a worker either


def cpu_ticks(pid: int) -> int:
    """CPU time a process has used (user + system), in clock ticks of 10 ms; 0 once gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


@contextmanager
def serve_workers(
    store_url: str, folder: Path, *, workers: int = 2, env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """Run `python -m api --store STORE_URL serve --workers N` from this checkout on a
    free loopback port until the block ends (SIGTERM to its process group, SIGKILL after
    20 s). The workers' TMPDIR and upload folder are under `folder`; their output goes
    to `folder/serve.log`, which a failure to start shows."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "tmp"
    tmp.mkdir(exist_ok=True)
    port = free_port()
    log = folder / "serve.log"  # a file, not a pipe nobody drains
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's packages, not the installed ones
        "PYTHONUNBUFFERED": "1",
        "TMPDIR": str(tmp),
        "STAKEGRAPH_UPLOAD_FOLDER": str(folder / "uploads"),
        **(env or {}),
    }
    environment.pop("STAKEGRAPH_TEST_WORKERS", None)
    command = [sys.executable, "-m", "api", "--store", store_url, "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            start_new_session=True,
        )
        server = RunningServer(f"http://127.0.0.1:{port}", port, process.pid, log, tmp)
        try:
            _wait_until_serving(server, process, workers)
            yield server
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def _wait_until_serving(server: RunningServer, process: subprocess.Popen[bytes], workers: int) -> None:
    """Until the OpenAPI document answers and every worker has started (each worker
    binds nothing itself, so a first answer proves only one; one worker is the server)."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.log.read_text(errors='replace')}")
        try:
            answered = httpx.get(f"{server.url}/api/v1/openapi.json", timeout=2).status_code
        except httpx.TransportError:
            answered = 0
        if answered == 200 and (workers == 1 or len(server.worker_pids()) >= workers):
            return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not start in {START_TIMEOUT_S:.0f} s")


class Loopback(httpx.HTTPTransport):
    """Sends every request to 127.0.0.1:PORT whatever host its URL names (the Host
    header keeps that name), from the loopback address given."""

    def __init__(self, port: int, local_address: str) -> None:
        super().__init__(local_address=local_address)
        self._port = port

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        named = request.url
        request.url = named.copy_with(scheme="http", host="127.0.0.1", port=self._port)
        try:
            return super().handle_request(request)
        finally:
            request.url = named  # cookies are kept for, and sent to, the host named


_addresses = itertools.count(256)  # 127.0.1.0 on: the browser tests speak from 127.0.0.1


def client_of(server: RunningServer) -> httpx.Client:
    """An HTTP client like Starlette's TestClient (base http://testserver, following
    redirects) on `server`, from a loopback address no other client of the session has."""
    n = next(_addresses)
    address = f"127.0.{n // 254}.{n % 254 + 1}"
    return httpx.Client(
        base_url="http://testserver",
        transport=Loopback(server.port, address),
        follow_redirects=True,
        timeout=120,
    )
