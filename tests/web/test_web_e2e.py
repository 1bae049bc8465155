"""End to end in headless Chromium against a live server (uvicorn on loopback, SQLite store):
a rep's day and a manager's portfolio review, through the pages people use."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.app import create_app
from graph.model import Account
from graph.store import GraphStore
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.data.generator import organisation
from tests.factories import graph_of, small_org
from tests.workers import WORKERS, free_port
from visualize.formats import bundle_zip


@dataclass
class LiveServer:
    url: str
    store: GraphStore
    tokens: dict[str, str]


# In-process on SQLite; against live workers (tests/workers.py) on both stores.
SERVED_STORES = ["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)] if WORKERS else ["sqlite"]


@pytest.fixture(params=SERVED_STORES)
def live_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    store: GraphStore = (
        request.getfixturevalue(f"{request.param}_store")
        if WORKERS
        else SQLiteStore(tmp_path / "web.db")
    )
    tokens = {}
    for user_id, role in {"rep-1": UserRole.rep, "boss": UserRole.manager}.items():
        tokens[user_id] = new_token()
        store.add_user(User(id=user_id, name=user_id, role=role), token_hash(tokens[user_id]))
    # the manager's portfolio: accounts of several reps at different risk levels
    for account_id, owner, bundle in (
        ("north", "rep-7", organisation("north", 40, seed=1)),
        ("south", "rep-8", small_org("south")),
        ("east", "rep-9", organisation("east", 25, seed=2)),
    ):
        store.upsert_account(Account(id=account_id, name=account_id.title(), owner=owner))
        store.bulk_upsert(bundle)
    if WORKERS:
        served = request.getfixturevalue("worker_server")(store)
        yield LiveServer(url=served.url, store=store, tokens=tokens)
        return
    yield from serving(store, tokens)


def serving(store: GraphStore, tokens: dict[str, str]) -> Iterator[LiveServer]:
    """The app on `store`, served by uvicorn on a free loopback port until resumed."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield LiveServer(url=f"http://127.0.0.1:{port}", store=store, tokens=tokens)
    server.should_exit = True
    thread.join(timeout=10)



def rep_on_acme(chromium: Any, live_server: LiveServer, *, width: int = 1400) -> tuple[Any, list[str]]:
    """Rep `rep-1` signed in through the sign-in link, owning the small organisation
    `acme`: the page, and the list its script errors land in."""
    live_server.store.upsert_account(Account(id="acme", name="Acme", owner="rep-1"))
    live_server.store.bulk_upsert(small_org("acme"))
    page = chromium.new_page(viewport={"width": width, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    return page, errors

def _percent(text: str) -> int:
    match = re.search(r"(\d+)%", text)
    assert match, text
    return int(match.group(1))


def test_a_reps_day(chromium: Any, live_server: LiveServer, tmp_path: Path) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # sign in with the link `serve` / `user add` gives (token in the fragment)
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    assert "#token" not in page.url
    # a rep sees none of the other reps' accounts
    assert page.locator("#accounts").count() == 0

    # import a bundle: check, read the report, confirm
    bundle = tmp_path / "acme.zip"
    bundle.write_bytes(bundle_zip(graph_of(small_org("acme"))))
    page.click("text=Import")
    page.fill("#account", "acme")
    page.set_input_files("#file", str(bundle))
    page.click("#import-form button[type=submit]")
    report = page.inner_text("#import-report")
    assert "Ready to import" in report
    # 5 people, 2 of our team, 3 influence links, 2 relationships, 1 interaction,
    # 1 assessment, 2 orders, 1 ticket
    assert "17 rows: 17 new, 0 updated, 0 unchanged" in report
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/accounts/acme"))
    assert page.is_visible("#saved")

    # read the gaps: the CEO (skeptic, decision maker) is barely known
    gaps = page.locator("#gaps li").all_inner_texts()
    assert any("周敏" in gap and "barely known" in gap for gap in gaps), gaps
    before = _percent(page.inner_text("#coverage"))

    # the embedded map draws
    frame = page.frame_locator("iframe.map")
    frame.locator("body[data-ready=true]").wait_for(timeout=20_000)

    # add a relationship with the CEO and see coverage rise
    form = page.locator("#form-relationship")
    form.locator("select[name=member]").select_option("rep-1")
    form.locator("select[name=stakeholder]").select_option("zhou")
    form.locator("input[name=strength]").fill("4")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"saved=relationship"))
    after = _percent(page.inner_text("#coverage"))
    assert after > before, (before, after)
    assert not any(
        "周敏" in gap and "barely known" in gap
        for gap in page.locator("#gaps li").all_inner_texts()
    )

    # a bad entry is refused with the reason, and nothing is saved
    form = page.locator("#form-influence")
    form.locator("select[name=source]").select_option("zhou")
    form.locator("select[name=target]").select_option("zhou")
    form.locator("button[type=submit]").click()
    assert "cannot influence themself" in page.inner_text("#form-influence .error")
    assert errors == []
    page.close()


def test_a_quarterly_review_survey_out_and_back_then_the_report(
    chromium: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    live_server.store.upsert_account(Account(id="acme", name="Acme", owner="rep-1"))
    live_server.store.bulk_upsert(small_org("acme"))
    page = chromium.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/accounts/acme")
    with page.expect_download() as download:
        page.click("#survey-xlsx")
    survey = tmp_path / "survey.xlsx"
    download.value.save_as(survey)
    # the client answers: Li trusts us (5, 5), the rest 3
    workbook = load_workbook(survey)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=6):
            if row[1].value != "li":
                continue
            row[5].value = {"T1": 5, "T2": 5, "date": "2026-11-20", "comment": "good pilot"}.get(
                row[3].value, 3
            )
    workbook.save(survey)
    page.click("text=Import")
    page.fill("#account", "acme")
    page.set_input_files("#file", str(survey))
    page.select_option("#import-format", "survey")
    page.click("#import-form button[type=submit]")
    assert "2 new" in page.inner_text("#import-report")
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/accounts/acme"))
    stored = [a for a in live_server.store.account_graph("acme").assessments if a.trust == 5]
    assert [(a.stakeholder, str(a.date), a.satisfaction) for a in stored] == [
        ("li", "2026-11-20", 3)
    ]
    with page.expect_download() as download:
        page.click("#report-pdf")
    report = tmp_path / "report.pdf"
    download.value.save_as(report)
    assert report.read_bytes().startswith(b"%PDF-")
    page.goto(f"{live_server.url}/portfolio?sort=trust&order=desc")
    first = page.locator("#portfolio tbody tr").first
    assert first.get_attribute("data-account") == "acme"
    assert first.locator("td[data-dimension=trust]").inner_text() == "5.0"
    page.close()


RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def test_a_manager_sorts_the_portfolio_by_risk(chromium: Any, live_server: LiveServer) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['boss']}")
    page.wait_for_url(f"{live_server.url}/")
    page.click("nav >> text=Portfolio")
    page.click("#portfolio a[data-sort=name]")
    names = page.locator("#portfolio tbody tr td:first-child").all_inner_texts()
    assert names == ["East", "North", "South"]
    page.click("#portfolio a[data-sort=risk]")
    risks = [row.get_attribute("data-risk") for row in page.locator("#portfolio tbody tr").all()]
    assert len(set(risks)) >= 2, risks  # the fixture holds accounts at different risk levels
    assert risks == sorted(risks, key=RISK_ORDER.__getitem__)
    page.click("#portfolio a[data-sort=risk]")  # again: the other way round
    reversed_risks = [
        row.get_attribute("data-risk") for row in page.locator("#portfolio tbody tr").all()
    ]
    assert reversed_risks == sorted(risks, key=RISK_ORDER.__getitem__, reverse=True)
    # a manager reads an account but gets no edit forms
    page.click("#portfolio a >> text=South")
    assert page.locator("#form-relationship").count() == 0
    assert "can read this account but not change it" in page.inner_text("main")
    page.close()


def test_chinese_pages(chromium: Any, live_server: LiveServer) -> None:
    page = chromium.new_page(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['boss']}")
    page.wait_for_url(f"{live_server.url}/")
    assert page.inner_text("nav").startswith("客户")
    # the analysis explains itself in Chinese too: gaps, actions, risk
    page.goto(f"{live_server.url}/accounts/south")
    gaps = page.locator("li.gap").all_inner_texts()
    assert gaps and all(re.search(r"[\u4e00-\u9fff]", gap) for gap in gaps), gaps
    assert not any(re.search(r"\b(power|coverage|identified)\b", gap) for gap in gaps), gaps
    page.goto(f"{live_server.url}/accounts/south?lang=en")
    assert any(
        "power" in gap or "identified" in gap for gap in page.locator("li.gap").all_inner_texts()
    )
    page.goto(f"{live_server.url}/portfolio?lang=en")
    assert "Portfolio" in page.inner_text("h1")
    page.close()
