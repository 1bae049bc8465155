"""The trust boundary in a real browser and a real server (issue 16): a page on another
origin of the same host cannot use a rep's session, a sign-in link works in an open
tab and never switches users silently, and X-Forwarded-For counts only from proxies."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.cli.serve import server_config
from graph.model import Account
from tests.web.test_web_e2e import LiveServer, live_server  # noqa: F401
from tests.workers import free_port

ATTACK = """<!DOCTYPE html><html><head><title>cat pictures</title></head><body><script>
const data = new FormData();
data.append("file", new Blob(["id,name\\nplanted,Planted By Another Site\\n"], {type: "text/csv"}),
            "people.csv");
fetch("TARGET/api/v1/accounts/mine/import", {
  method: "POST", body: data, credentials: "include", mode: "no-cors"})
  .then(() => { document.title = "sent"; }, () => { document.title = "sent"; });
</script></body></html>"""


@pytest.fixture
def other_origin(live_server: LiveServer) -> Iterator[str]:  # noqa: F811
    """A page on another port of the same host: the same *site* as the app."""
    page = ATTACK.replace("TARGET", live_server.url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_page_on_another_port_cannot_import_with_a_reps_cookie(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811
    other_origin: str,
) -> None:
    live_server.store.upsert_account(Account(id="mine", name="Mine", owner="rep-1"))
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(other_origin)
    page.wait_for_function("document.title === 'sent'")
    time.sleep(0.3)  # the request has been answered; let the server finish writing, if it would
    assert live_server.store.account_graph("mine").stakeholders == ()
    context.close()


def test_a_sign_in_link_pasted_into_an_open_tab_signs_in_and_asks_before_switching(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/signin")
    # pasting the link into this tab changes only the fragment: no reload happens
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    assert "rep-1" in page.inner_text("header")

    # a link carrying another user's token: asked first, nothing switched yet
    page.goto(f"{live_server.url}/signin")
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['boss']}")
    page.wait_for_selector("#switch-user")
    question = page.inner_text("#switch-user")
    assert "rep-1" in question and "boss" in question
    page.click("#switch-no")
    page.wait_for_url(f"{live_server.url}/")
    assert "rep-1" in page.inner_text("header")

    page.goto(f"{live_server.url}/signin#token={live_server.tokens['boss']}")
    page.wait_for_selector("#switch-user")
    page.click("#switch-yes")
    page.wait_for_url(f"{live_server.url}/")
    assert "boss" in page.inner_text("header")
    context.close()


def _serve(app: Any, forwarded_allow_ips: str) -> tuple[uvicorn.Server, threading.Thread, str]:
    port = free_port()
    server = uvicorn.Server(
        server_config(app, host="127.0.0.1", port=port, forwarded_allow_ips=forwarded_allow_ips)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_rotating_x_forwarded_for_does_not_escape_the_bad_token_limit(
    live_server: LiveServer,  # noqa: F811
    trusted: str,
) -> None:
    server, thread, url = _serve(create_app(store=live_server.store), trusted)
    try:
        codes = [
            httpx.get(
                f"{url}/api/v1/me",
                headers={"Authorization": "Bearer wrong", "X-Forwarded-For": f"203.0.113.{i}"},
            ).status_code
            for i in range(15)
        ]
        good = httpx.get(
            f"{url}/api/v1/me",
            headers={"Authorization": f"Bearer {live_server.tokens['rep-1']}"},
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    if trusted:  # behind a trusted proxy each client is counted by its own address
        assert codes == [401] * 15
    else:  # by default the header is ignored: one peer, one count
        assert codes == [401] * 10 + [429] * 5
    assert good.status_code == 200  # a valid token is never locked out
