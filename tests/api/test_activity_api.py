"""The API imports calendar and mail exports with `format=calendar|email` and the
default options; its report carries the skipped counts and the candidates."""

from __future__ import annotations

import re
from datetime import date

from tests.api.conftest import Api
from tests.importers import activity_files as files

A = "/api/v1/accounts"


def test_a_calendar_upload_becomes_interactions_and_lists_candidates(api: Api) -> None:
    api.store.bulk_upsert(files.people())
    today = date.today()  # inside the default window, whenever the test runs
    calendar = re.sub(
        r"\b10/\d+/2026\b", f"{today.month}/{today.day}/{today.year}", files.OUTLOOK_CSV
    ).encode()
    answer = api.post(
        "rep-1",
        f"{A}/acme/import",
        params={"format": "calendar"},
        files={"file": ("Calendar.csv", calendar, "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["skipped"] == {"internal (no known client person)": 1}
    assert [c["address"] for c in report["candidates"]] == [files.WANG]
    assert (report["rows"], report["created"]) == (3, files.OUTLOOK_CSV_INTERACTIONS)
