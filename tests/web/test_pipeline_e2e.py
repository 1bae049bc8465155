"""The pipeline page and a deal's page in headless Chromium, in English and Chinese,
against a live server on SQLite holding two hospitals (one with its deals closed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graph.model import Account, Deal
from graph.store.sqlite import SQLiteStore
from graph.users import User, UserRole, new_token, token_hash
from tests.factories import bundle_of, hospital
from tests.web.test_web_e2e import LiveServer, serving


@pytest.fixture
def deals_server(tmp_path: Path) -> Iterator[LiveServer]:
    store = SQLiteStore(tmp_path / "deals.db")
    tokens = {"boss": new_token(), "rep-2": new_token()}
    store.add_user(User(id="boss", name="boss", role=UserRole.manager), token_hash(tokens["boss"]))
    store.add_user(User(id="rep-2", name="rep-2", role=UserRole.rep), token_hash(tokens["rep-2"]))
    renhe = hospital("renhe")
    store.bulk_upsert(bundle_of(renhe), create=Account(id="renhe", name="仁和医院", owner="rep-1"))
    # 协和: the same hospital, its IT system won and its CT tender lost today
    xiehe = hospital("xiehe")
    outcome = {"his": "won", "ct": "lost"}
    xiehe = xiehe.replace(
        Deal,
        [
            Deal.model_validate({**d.model_dump(), "status": outcome[d.id], "closed_on": date.today()})
            for d in xiehe.deals
        ],
    )
    store.bulk_upsert(bundle_of(xiehe), create=Account(id="xiehe", name="协和医院", owner="rep-1"))
    yield from serving(store, tokens)


def test_pipeline_page_in_both_languages_sorted_by_qualification(
    chromium: Any, deals_server: LiveServer
) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{deals_server.url}/signin#token={deals_server.tokens['boss']}")
    page.wait_for_url(f"{deals_server.url}/")
    page.click("nav >> text=Pipeline")
    page.wait_for_url(f"{deals_server.url}/pipeline")
    rows = page.locator("#pipeline tbody tr")
    # renhe's two open deals: his 6/8 = 75% before ct 3.5/8 = 44%
    assert [rows.nth(i).get_attribute("data-deal") for i in range(rows.count())] == ["his", "ct"]
    qualifications = page.locator("#pipeline tbody tr td:nth-child(6)").all_inner_texts()
    assert [q.strip() for q in qualifications] == ["75%", "44%"]
    # the deal's owner by name (m1 is 刘洋 on the account's team)
    assert page.locator("#pipeline tbody tr td:nth-child(3)").all_inner_texts() == ["刘洋", "刘洋"]
    assert page.get_attribute("th[aria-sort=descending] a", "data-sort") == "qualification"
    # closed deals at close, from the history of 协和 (written today, closed today)
    closed = page.inner_text("#closed")
    assert "the map as it was" in closed and "won" in closed and "lost" in closed
    assert "yes" in page.inner_text("#predictive")  # won at 75% > lost at 44%
    page.screenshot(path="/tmp/pipeline-en.png", full_page=True)

    # sort by amount without JavaScript: a link
    page.click("#pipeline th a[data-sort=amount]")
    page.wait_for_url(f"{deals_server.url}/pipeline?sort=amount")
    assert page.locator("#pipeline tbody tr").first.get_attribute("data-deal") == "ct"

    # Chinese
    page.goto(f"{deals_server.url}/pipeline?lang=zh")
    assert page.inner_text("h1") == "商机漏斗"
    header = page.inner_text("#pipeline thead")
    assert "资格评分" in header and "决策机构覆盖率" in header
    assert page.locator("#pipeline tbody tr").first.get_attribute("data-deal") == "his"
    assert "方案" in page.inner_text("#pipeline tbody tr >> nth=0")
    page.screenshot(path="/tmp/pipeline-zh.png", full_page=True)

    # a deal's page: committee, bodies with coverage, the scorecard
    page.click("#pipeline a >> text=64排CT设备采购")
    page.wait_for_url(f"{deals_server.url}/accounts/renhe/deals/ct")
    assert "评标委员会 7 名成员中我方认识 2 名" in page.inner_text("#bodies")
    assert page.get_attribute("#scorecard tr[data-element=economic_buyer]", "data-status") == "partial"
    assert "钱丽 是审批者" in page.inner_text("#scorecard")
    assert page.locator("#committee tbody tr").first.get_attribute("data-person") == "wang"
    page.screenshot(path="/tmp/deal-zh.png", full_page=True)
    assert errors == []


def test_a_rep_sees_no_deals_of_accounts_they_do_not_work_on(
    chromium: Any, deals_server: LiveServer
) -> None:
    page = chromium.new_page()
    page.goto(f"{deals_server.url}/signin#token={deals_server.tokens['rep-2']}")
    page.wait_for_url(f"{deals_server.url}/")
    page.goto(f"{deals_server.url}/pipeline")
    assert page.locator("#pipeline").count() == 0
    assert page.goto(f"{deals_server.url}/accounts/renhe/deals/ct").status == 404


def test_the_account_page_lists_its_deals_linking_to_each_deal(
    chromium: Any, deals_server: LiveServer
) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{deals_server.url}/signin#token={deals_server.tokens['boss']}")
    page.wait_for_url(f"{deals_server.url}/")
    page.goto(f"{deals_server.url}/accounts/renhe?lang=en")
    rows = page.locator("#deals tbody tr")
    assert sorted(rows.nth(i).get_attribute("data-deal") or "" for i in range(rows.count())) == [
        "ct",
        "his",
    ]
    page.click("#deals a >> text=智慧医院信息系统")
    page.wait_for_url(f"{deals_server.url}/accounts/renhe/deals/his")
    # his: zhao decides (2.27 is the largest prior), sun is the champion: met
    assert page.locator("#committee tbody tr").first.get_attribute("data-person") == "zhao"
    assert page.get_attribute("#scorecard tr[data-element=metrics]", "data-status") == "met"
    assert "we know 2 of 3 members of 院长办公会" in page.inner_text("#bodies")
    page.screenshot(path="/tmp/deal-en.png", full_page=True)


def test_the_deal_page_embeds_the_map_of_that_deal(chromium: Any, deals_server: LiveServer) -> None:
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{deals_server.url}/signin#token={deals_server.tokens['boss']}")
    page.wait_for_url(f"{deals_server.url}/")
    page.goto(f"{deals_server.url}/accounts/renhe/deals/ct?lang=zh")
    page.wait_for_selector("#deal-map")
    frame = next(f for f in page.frames if "/map?" in f.url)
    assert "deal=ct" in frame.url
    frame.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert frame.inner_text("#sg-title") == "仁和医院 · 64排CT设备采购"
    assert frame.evaluate("() => window.stakegraphMap.groups.map(g => g.label)") == [
        "院长办公会 · 已知 2/3",
        "评标委员会 · 已知 2/7",
    ]
    # the committee and the bodies' members drawn in full, sun and zhou faded
    opacity = frame.evaluate(
        "() => Object.fromEntries(window.stakegraphMap.nodes.get().map(n => [n.id, n.opacity]))"
    )
    assert [node for node, value in sorted(opacity.items()) if value < 1] == [
        "stakeholder:sun",
        "stakeholder:zhou",
    ]
    assert "决策机构（已知成员 / 席位）" in frame.inner_text("#sg-filter-layers")
    page.locator("#deal-map").scroll_into_view_if_needed()
    page.locator("#deal-map").screenshot(path="/tmp/deal-page-map-zh.png")

    # the account page's map shows a deal picked without JavaScript (a GET form)
    page.goto(f"{deals_server.url}/accounts/renhe?lang=en")
    assert page.locator("#map-frame").get_attribute("src") == "/accounts/renhe/map?lang=en"
    page.select_option("#map-deal select", "his")
    page.click("#map-deal button")
    page.wait_for_url(f"{deals_server.url}/accounts/renhe?lang=en&deal=his")
    assert page.locator("#map-frame").get_attribute("src") == "/accounts/renhe/map?lang=en&deal=his"
    frame = next(f for f in page.frames if "/map?" in f.url)
    frame.wait_for_selector("body[data-ready=true]", timeout=30_000)
    assert frame.inner_text("#sg-title") == "仁和医院 · 智慧医院信息系统"
    page.locator("#map-deal").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/account-deal-map-en.png")
    assert frame.evaluate("() => window.stakegraphMap.groups.map(g => g.label)") == [
        "院长办公会 · 2/3 known"
    ]
    page.goto(f"{deals_server.url}/accounts/renhe?deal=nope")
    assert page.locator("#map-frame").get_attribute("src") == "/accounts/renhe/map?lang=en"
    assert errors == []
