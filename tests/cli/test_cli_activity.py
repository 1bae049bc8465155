"""`stakegraph import FILE --format calendar|email` from the command line: options,
the report (skipped counts, candidates), a broken file as one line, and the
derived strength in `analyze --json`."""

from __future__ import annotations

import json
from pathlib import Path

from graph.store.sqlite import SQLiteStore
from tests.cli.test_cli import run
from tests.importers import activity_files as files

WINDOW = ("--since", "2026-01-01", "--until", "2026-11-29")


def test_a_calendar_import_prints_what_it_skipped_and_whom_we_met_off_the_map(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    sqlite_store.bulk_upsert(files.people(), create=files.account())
    calendar = tmp_path / "google.ics"
    calendar.write_text(files.GOOGLE_ICS, encoding="utf-8")
    done = run(
        sqlite_store, "import", str(calendar), "--account", "acme", "--format", "calendar", *WINDOW
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 5 new" in done.stdout
    assert (
        "stakegraph: warning: not on the map: Chen <chen@client.example>, met 4 times "
        "with Presales Two"  # the team member by name
        in done.stderr
    )
    again = run(
        sqlite_store,
        "import",
        str(calendar),
        "--account",
        "acme",
        "--format",
        "calendar",
        *WINDOW,
        "--json",
    )
    report = json.loads(again.stdout)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 5)
    assert report["candidates"][0]["address"] == files.CHEN
    analysis = json.loads(run(sqlite_store, "analyze", "acme", "--json").stdout)
    assert {(s["member"], s["stakeholder"]) for s in analysis["activity"]["strengths"]} == {
        ("pre-2", "li"),
        ("rep-1", "sun"),
    }


def test_mail_with_an_opt_out_file_and_a_domain(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    sqlite_store.bulk_upsert(files.people(), create=files.account())
    mbox = files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages())
    opt_out = tmp_path / "opt-out.txt"
    opt_out.write_text(files.OPT_OUT_LIST, encoding="utf-8")
    done = run(
        sqlite_store, "import", str(mbox), "--account", "acme", "--format", "email", *WINDOW,
        "--opt-out", str(opt_out), "--domain", "vendor.example", "--json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["created"], report["updated"]) == (files.MBOX_INTERACTIONS, 1)  # recency
    assert {c["address"] for c in report["candidates"]} == {files.CHEN, "news@vendor.example"}
    assert files.OPTED_OUT not in done.stdout


def test_a_broken_calendar_is_one_line_and_exit_1(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ics"
    broken.write_text("BEGIN:VCALENDAR\r\nnot a property\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    done = run(sqlite_store, "import", str(broken), "--account", "acme", "--format", "calendar")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "stakegraph: broken.ics: not a readable iCalendar file at line 2 "
        "(Content line could not be parsed into parts: 'not a property': Invalid content line)",
        "stakegraph: nothing was written (1 problem)",
    ]


def test_a_bad_option_is_one_line(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    opt_out = tmp_path / "opt-out.txt"
    opt_out.write_text("nobody\n", encoding="utf-8")
    done = run(
        sqlite_store, "import", str(tmp_path), "--account", "acme", "--format", "email",
        "--opt-out", str(opt_out),
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "stakegraph: opt-out.txt line 1: 'nobody' is not an address or a domain"
    ]
