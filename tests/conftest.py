"""Fixtures shared by every test: real stores only, never mocks.

The Neo4j store is the real server `scripts/neo4j.sh start` runs (or any server
named by STAKEGRAPH_TEST_NEO4J_URL). When it is not running, Neo4j tests are
skipped on a developer's machine with a message saying how to start it, but
*fail* under CI (CI=true) or STAKEGRAPH_REQUIRE_NEO4J=1, which the README's test
command sets: the suite that users rely on never passes by skipping Neo4j.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from graph.errors import StakegraphError, StoreUnavailable
from graph.model import Account
from graph.store import GraphStore
from graph.store.neo4j import Neo4jStore
from graph.store.sqlite import SQLiteStore
from tests.workers import WORKERS, RunningServer, serve_workers
from visualize.browser import CHROMIUM_FLAGS, chromium_path

# CI explores the same examples every run (a red CI names a reproducible case);
# developers' runs explore new ones, which is how the bugs so far were found.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

NEO4J_URL = os.environ.get("STAKEGRAPH_TEST_NEO4J_URL", "neo4j://127.0.0.1:7687")
NEO4J_USER = os.environ.get("NEO4J_USER", "neo4j")
NEO4J_PASSWORD = os.environ.get("NEO4J_PASSWORD", "stakegraph-dev")
REQUIRE_NEO4J = os.environ.get("CI") == "true" or os.environ.get("STAKEGRAPH_REQUIRE_NEO4J") == "1"


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jStore]:
    try:
        store = Neo4jStore(NEO4J_URL, user=NEO4J_USER, password=NEO4J_PASSWORD)
    except StoreUnavailable as error:
        message = f"{error} (start it with scripts/neo4j.sh start)"
        if REQUIRE_NEO4J:
            pytest.fail(f"Neo4j is required here but unavailable: {message}", pytrace=False)
        pytest.skip(message)
    yield store
    store.close()


def empty_neo4j(store: Neo4jStore, *, keep_versions: bool = False) -> Neo4jStore:
    """Every account, user and piece of shared state gone; with `keep_versions`, each
    deleted account's last version stays (a live server's caches are keyed by it), as
    `delete_account` leaves it. In Cypher, not through `list_accounts`: the database
    is shared, and another branch's tests may have left accounts this one's model
    cannot read."""
    if keep_versions:
        store._driver.execute_query(
            "MATCH (a:Account) MERGE (r:RetiredAccount {id: a.id}) "
            "SET r.version = CASE WHEN r.version > a.version THEN r.version ELSE a.version END"
        )
    labels = ["Account", "User", "PendingUpload", "FailedToken"]
    labels += [] if keep_versions else ["RetiredAccount"]
    store._driver.execute_query(
        "MATCH (n) WHERE n.account_id IS NOT NULL OR any(label IN labels(n) WHERE label IN $labels) "
        "DETACH DELETE n",
        labels=labels,
    )
    return store


def empty_sqlite(store: SQLiteStore) -> SQLiteStore:
    """Like `empty_neo4j(keep_versions=True)` for the session's SQLite file of a live server."""
    for summary in store.list_accounts():
        store.delete_account(summary.account.id)
    with store._connection() as connection:
        connection.executescript(
            "DELETE FROM users; DELETE FROM pending_uploads; DELETE FROM failed_tokens;"
        )
    return store


@pytest.fixture
def neo4j_store(neo4j_server: Neo4jStore) -> Neo4jStore:
    return empty_neo4j(neo4j_server, keep_versions=WORKERS > 0)


@pytest.fixture(scope="session")
def served_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path_factory.mktemp("served") / "stakegraph.db")
    yield store
    store.close()


@pytest.fixture
def sqlite_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteStore]:
    """A new SQLite file; against live workers, the session's file (which they serve), emptied."""
    if WORKERS:
        yield empty_sqlite(request.getfixturevalue("served_sqlite"))
        return
    store = SQLiteStore(tmp_path / "stakegraph.db")
    yield store
    store.close()


@pytest.fixture(scope="session")
def worker_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[GraphStore], RunningServer]]:
    """`serve --workers STAKEGRAPH_TEST_WORKERS` per store (the session's SQLite file, the
    test Neo4j database), started on first use: `worker_server(store)`."""

    running: dict[str, RunningServer] = {}
    with ExitStack() as stack:

        def server_for(store: GraphStore) -> RunningServer:
            kind = "sqlite" if isinstance(store, SQLiteStore) else "neo4j"
            if kind not in running:
                url = f"sqlite:///{store.path}" if isinstance(store, SQLiteStore) else NEO4J_URL
                running[kind] = stack.enter_context(
                    serve_workers(
                        url,
                        tmp_path_factory.mktemp(f"workers-{kind}"),
                        workers=WORKERS,
                        env={"NEO4J_USER": NEO4J_USER, "NEO4J_PASSWORD": NEO4J_PASSWORD},
                    )
                )
            return running[kind]

        yield server_for


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each test that takes `store` runs once on SQLite and once on the real Neo4j."""
    name = "sqlite_store" if request.param == "sqlite" else "neo4j_store"
    result: GraphStore = request.getfixturevalue(name)
    return result


@pytest.fixture
def acme(store: GraphStore) -> str:
    store.upsert_account(Account(id="acme", name="Acme 集团", owner="rep-1", team=("rep-1",)))
    return "acme"


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium through Playwright (scripts/browser.sh installs it).

    Never skipped: a missing browser fails the browser tests with how to get one.
    """
    from playwright.sync_api import sync_playwright

    try:
        executable = chromium_path(os.environ.get("STAKEGRAPH_CHROMIUM"))
    except StakegraphError as error:
        pytest.fail(str(error), pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_FLAGS))
        yield browser
        browser.close()


@pytest.fixture
def offline_page(chromium: Any) -> Iterator[Any]:
    """A fresh page with the network cut off: any request but file:// and data: is
    aborted and recorded in `page.blocked_requests`; script dialogs are recorded in
    `page.dialogs` (and dismissed)."""
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.blocked_requests = []
    page.dialogs = []
    page.page_errors = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(("file:", "data:", "about:")):
            request_route.continue_()
        else:
            page.blocked_requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.page_errors.append(str(error)))
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line saying how the tests against the real Neo4j went, so a skipped
    Neo4j run can never pass unnoticed."""
    counts: dict[str, int] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if "neo4j" in getattr(report, "keywords", {}):
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts:
        terminalreporter.write_line(
            "Neo4j store tests: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.items())
        )
