"""Activity in the browser (issue 22), in real Chromium: a rep imports a calendar on
the import page, adds a person the calendar met but the map lacks with one click,
and reads on a person's card the strength measured from the meetings beside the
one entered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.model import Account
from tests.importers import activity_files as files
from tests.web.test_web_e2e import LiveServer, live_server  # noqa: F401 - the fixture

WORDS = {
    "en": {
        "candidates": "People we met who are not on the map",
        "measured": "Measured from activity",
    },
    "zh": {"candidates": "见过但尚未在关系图上的人", "measured": "根据往来记录测算"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_calendar_import_offers_the_people_met_and_the_card_shows_measured_strength(
    chromium: Any,
    live_server: LiveServer,  # noqa: F811
    tmp_path: Path,
    lang: str,
) -> None:
    store = live_server.store
    store.bulk_upsert(files.people(), create=Account(id=files.ACCOUNT, name="Acme", owner="rep-1"))
    calendar = tmp_path / "google.ics"
    calendar.write_text(files.GOOGLE_ICS, encoding="utf-8")
    words = WORDS[lang]

    context = chromium.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/signin#token={live_server.tokens['rep-1']}")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/import?account={files.ACCOUNT}&lang={lang}")
    page.select_option("#import-format", "calendar")
    page.set_input_files("#file", str(calendar))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#candidates")
    assert words["candidates"] in page.inner_text("#import-report")
    row = page.locator("#candidates tbody tr")
    assert row.count() == 1
    assert files.CHEN in row.inner_text() and "4" in row.inner_text()
    page.click("#confirm-import")
    page.wait_for_url(f"{live_server.url}/accounts/{files.ACCOUNT}?saved=import")

    # the one-click add of the candidate, from the report of a second check
    page.goto(f"{live_server.url}/import?account={files.ACCOUNT}&lang={lang}")
    page.select_option("#import-format", "calendar")
    page.set_input_files("#file", str(calendar))
    page.click("#import-form button[type=submit]")
    with context.expect_page() as added:
        page.click("#candidates .add-candidate")
    added.value.wait_for_load_state()
    people = {p.email: p for p in store.account_graph(files.ACCOUNT).stakeholders}
    assert people[files.CHEN].name == "Chen"

    # Sun Hao was met in the calendar and has no entered relationship: the card shows
    # the strength measured from the meetings, and "—" for what was entered
    page.goto(f"{live_server.url}/accounts/{files.ACCOUNT}/people/sun?lang={lang}")
    assert words["measured"] in page.inner_text("main")
    measured = page.inner_text("#person-activity")
    assert "—" in measured
    context.close()
