"""Calendar and mail exports become interactions (issue 22): counted by hand on
real-shaped files (tests/importers/activity_files.py), idempotent on both stores,
candidates listed, opted-out people never stored, bad files one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from api.services.importing import import_file
from graph.backup import backup_document
from graph.model import AccountGraph
from graph.store import GraphStore
from graph.store.sqlite import SQLiteStore
from importers.activity import ActivityOptions, addresses_of, normal_address, read_opt_out
from importers.formats import ImportFormat, read_import
from importers.report import BundleError, ImportReport
from tests.importers import activity_files as files

OPTIONS = ActivityOptions(since=files.SINCE, until=files.UNTIL)


def stored(store: GraphStore) -> AccountGraph:
    return store.account_graph(files.ACCOUNT)


def set_up(store: GraphStore) -> None:
    store.bulk_upsert(files.people(), create=files.account())


def run(
    store: GraphStore,
    path: Path,
    format: ImportFormat,
    options: ActivityOptions = OPTIONS,
    dry_run: bool = False,
) -> ImportReport:
    return import_file(
        store, path, account_id=files.ACCOUNT, format=format, activity=options, dry_run=dry_run
    )


def pairs(graph: AccountGraph) -> list[tuple[str, str | None, tuple[str, ...], str]]:
    return sorted((str(e.date), e.member, e.stakeholders, e.type) for e in graph.interactions)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


# --- calendars -------------------------------------------------------------------------


def test_an_outlook_calendar_gives_the_interactions_counted_by_hand(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    report = run(
        sqlite_store, write(tmp_path, "outlook.ics", files.OUTLOOK_ICS), ImportFormat.calendar
    )
    assert report.ok, report.errors
    graph = stored(sqlite_store)
    assert len(graph.interactions) == files.OUTLOOK_ICS_INTERACTIONS
    assert report.skipped == {"cancelled": 1, "internal (no known client person)": 1}
    steering = [e for e in graph.interactions if e.stakeholders == ("zhang",)]
    assert sorted({str(e.date) for e in steering}) == [
        "2026-09-07", "2026-09-14", "2026-09-28", "2026-10-05", "2026-10-12"
    ]  # fmt: skip
    assert {e.member for e in steering} == {"rep-1", "pre-2"}
    # 21:00 in New York on 6 October is 7 October in UTC: the meeting is on its own day.
    assert ("2026-10-06", "rep-1", ("li",), "meeting") in pairs(graph)
    assert all(e.type == "meeting" and e.note == "" for e in graph.interactions)


def test_a_google_calendar_expands_the_weekly_rule_with_its_exception_and_moved_day(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    report = run(
        sqlite_store, write(tmp_path, "google.ics", files.GOOGLE_ICS), ImportFormat.calendar
    )
    assert report.ok, report.errors
    assert pairs(stored(sqlite_store)) == [
        ("2026-10-01", "pre-2", ("li",), "meeting"),
        ("2026-10-12", "rep-1", ("sun",), "meeting"),  # all day; Li declined
        ("2026-10-16", "pre-2", ("li",), "meeting"),  # the 15th moved to Friday
        ("2026-10-22", "pre-2", ("li",), "meeting"),
        ("2026-10-29", "pre-2", ("li",), "meeting"),
    ]
    assert len(stored(sqlite_store).interactions) == files.GOOGLE_ICS_INTERACTIONS
    assert report.skipped == {}  # the 2025 meeting: not expanded, outside the window


def test_an_outlook_csv_export_matches_attendees_by_name_or_address(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    report = run(
        sqlite_store, write(tmp_path, "calendar.csv", files.OUTLOOK_CSV), ImportFormat.calendar
    )
    assert report.ok, report.errors
    assert pairs(stored(sqlite_store)) == [
        ("2026-10-09", "rep-1", ("li", "zhang"), "meeting"),
        ("2026-10-10", "rep-1", ("sun",), "meeting"),
    ]
    assert [c.address for c in report.candidates] == [files.WANG]


def test_the_window_bounds_what_is_read(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    set_up(sqlite_store)
    path = write(tmp_path, "outlook.ics", files.OUTLOOK_ICS)
    run(
        sqlite_store,
        path,
        ImportFormat.calendar,
        ActivityOptions(since=date(2026, 10, 1), until=files.UNTIL),
    )
    # the steering meeting of 5 and 12 October × 2 members, kick-off, evening call
    assert len(stored(sqlite_store).interactions) == 6


def test_subjects_are_kept_only_when_asked(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    set_up(sqlite_store)
    path = write(tmp_path, "google.ics", files.GOOGLE_ICS)
    run(
        sqlite_store,
        path,
        ImportFormat.calendar,
        ActivityOptions(since=files.SINCE, until=files.UNTIL, keep_subjects=True),
    )
    assert "Site visit (two days)" in {e.note for e in stored(sqlite_store).interactions}


# --- mail ------------------------------------------------------------------------------


def test_an_mbox_with_replies_and_cc_gives_the_interactions_counted_by_hand(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    mbox = files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages())
    opt_out = write(tmp_path, "opt-out.txt", files.OPT_OUT_LIST)
    options = ActivityOptions(since=files.SINCE, until=files.UNTIL, opt_out=read_opt_out(opt_out))
    report = run(sqlite_store, mbox, ImportFormat.email, options)
    assert report.ok, report.errors
    graph = stored(sqlite_store)
    assert len(graph.interactions) == files.MBOX_INTERACTIONS
    assert pairs(graph) == [
        ("2026-10-01", "rep-1", ("li", "zhang"), "email"),
        ("2026-10-02", "pre-2", ("li",), "email"),
        ("2026-10-02", "rep-1", ("li",), "email"),
        ("2026-10-04", "rep-1", ("li",), "email"),
        ("2026-10-05", "rep-1", ("li",), "email"),
        ("2026-10-06", "rep-1", ("zhang",), "email"),
    ]
    ids = {(e.date.day, e.member): e.id for e in graph.interactions}
    assert ids[(1, "rep-1")].startswith("mail-out-")  # rep-1 wrote it
    assert ids[(2, "rep-1")].startswith("mail-in-")  # Li wrote it
    assert ids[(4, "rep-1")].startswith("mail-") and "-in-" not in ids[(4, "rep-1")]
    assert report.skipped == {
        "duplicate (same UID or Message-ID)": 1,
        "internal (no known client person)": 2,
    }
    assert "1 messages without a readable Date: skipped" in report.warnings
    assert [(c.address, c.name, c.count) for c in report.candidates] == [(files.CHEN, "陈晨", 1)]
    # The entered relationship's recency follows the latest message (was 2025-12-01).
    (rel,) = graph.relationships
    assert (rel.strength, rel.last_contact) == (2, date(2026, 10, 5))


def test_a_zip_of_eml_files_is_read_and_its_other_files_ignored(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    archive = files.write_eml_zip(tmp_path / "export.zip", files.eml_messages())
    report = run(sqlite_store, archive, ImportFormat.email)
    assert report.ok, report.errors
    assert pairs(stored(sqlite_store)) == [
        ("2026-10-11", "pre-2", ("zhang",), "email"),
        ("2026-10-12", "pre-2", ("sun", "zhang"), "email"),
        ("2026-10-13", "pre-2", ("sun",), "email"),
        ("2026-10-13", "rep-1", ("sun",), "email"),
    ]
    assert len(stored(sqlite_store).interactions) == files.EML_ZIP_INTERACTIONS


def test_a_folder_of_eml_files_is_read(sqlite_store: SQLiteStore, tmp_path: Path) -> None:
    set_up(sqlite_store)
    folder = tmp_path / "mail"
    (folder / "sub").mkdir(parents=True)
    for number, message in enumerate(files.eml_messages()):
        (folder / "sub" / f"{number}.eml").write_bytes(message.as_bytes())
    report = run(sqlite_store, folder, ImportFormat.email)
    assert report.ok, report.errors
    assert len(stored(sqlite_store).interactions) == files.EML_ZIP_INTERACTIONS


def test_reimporting_every_file_changes_nothing_on_both_stores(
    store: GraphStore, tmp_path: Path
) -> None:
    set_up(store)
    inputs = [
        (write(tmp_path, "outlook.ics", files.OUTLOOK_ICS), ImportFormat.calendar),
        (write(tmp_path, "google.ics", files.GOOGLE_ICS), ImportFormat.calendar),
        (write(tmp_path, "calendar.csv", files.OUTLOOK_CSV), ImportFormat.calendar),
        (files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages()), ImportFormat.email),
        (files.write_eml_zip(tmp_path / "eml.zip", files.eml_messages()), ImportFormat.email),
    ]
    for path, format in inputs:
        assert run(store, path, format).ok
    before = stored(store)
    expected = (
        files.OUTLOOK_ICS_INTERACTIONS
        + files.GOOGLE_ICS_INTERACTIONS
        + files.OUTLOOK_CSV_INTERACTIONS
        + files.MBOX_INTERACTIONS
        + files.EML_ZIP_INTERACTIONS
    )
    assert len(before.interactions) == expected
    for path, format in inputs:
        report = run(store, path, format)
        assert (report.created, report.updated) == (0, 0), path.name
    assert stored(store) == before


# --- candidates and privacy ------------------------------------------------------------


def test_unknown_client_addresses_are_listed_with_counts_and_whom_we_met_them_with(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    report = run(
        sqlite_store, write(tmp_path, "google.ics", files.GOOGLE_ICS), ImportFormat.calendar
    )
    (chen,) = report.candidates
    assert (chen.address, chen.name, chen.count, chen.members) == (
        files.CHEN, "Chen", 4, ["pre-2"]
    )  # fmt: skip
    assert chen.last_seen == date(2026, 10, 29)
    assert any(
        "not on the map: Chen <chen@client.example>, met 4 times" in w for w in report.warnings
    )
    document = json.loads(report.model_dump_json())
    assert document["candidates"][0]["address"] == files.CHEN


def test_a_given_domain_makes_its_addresses_candidates(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    set_up(sqlite_store)
    mbox = files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages())
    options = ActivityOptions(since=files.SINCE, until=files.UNTIL, domains=("vendor.example",))
    report = run(sqlite_store, mbox, ImportFormat.email, options, dry_run=True)
    assert {c.address for c in report.candidates} == {
        files.CHEN, files.OPTED_OUT, "news@vendor.example"
    }  # fmt: skip


def test_opted_out_people_never_reach_the_store_nor_the_report(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.db"
    store = SQLiteStore(path)
    try:
        set_up(store)
        mbox = files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages())
        opt_out = read_opt_out(write(tmp_path, "opt-out.txt", files.OPT_OUT_LIST))
        options = ActivityOptions(
            since=files.SINCE, until=files.UNTIL, opt_out=opt_out, keep_subjects=True
        )
        report = run(store, mbox, ImportFormat.email, options)
        assert report.ok
        assert "Private matter" not in {e.note for e in stored(store).interactions}
        assert "Proposal" in {e.note for e in stored(store).interactions}
    finally:
        store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("store.db*"))
    for secret in (
        files.OPTED_OUT,
        "Private",
        files.OPTED_OUT_DOMAIN,
        "Counsel",
        files.BODY_SECRET,
    ):
        assert secret.encode() not in raw
    assert files.OPTED_OUT not in report.model_dump_json()
    assert files.OPTED_OUT_DOMAIN not in report.model_dump_json()


def test_addresses_are_compared_in_their_normal_form() -> None:
    assert normal_address("  <MailTo:Li.Wei@Client.Example> ") == "li.wei@client.example"
    assert addresses_of("a@x.cn; B@Y.cn,c@z.cn  d@w.cn") == ["a@x.cn", "b@y.cn", "c@z.cn", "d@w.cn"]


def test_an_address_two_people_share_matches_neither(tmp_path: Path) -> None:
    bundle = files.people()
    shared = bundle.model_copy(
        update={
            "stakeholders": (
                *bundle.stakeholders,
                bundle.stakeholders[0].model_copy(update={"id": "li-2", "name": "Li Wei 2"}),
            )
        }
    )
    graph = AccountGraph(
        account=files.account(), **{k: getattr(shared, k) for k in ("stakeholders", "members")}
    )
    result = read_import(
        write(tmp_path, "google.ics", files.GOOGLE_ICS),
        account_id=files.ACCOUNT,
        format=ImportFormat.calendar,
        known=graph,
        activity=OPTIONS,
    )
    assert result.bundle is not None
    assert all("li" not in e.stakeholders for e in result.bundle.interactions)
    assert (
        f"{files.LI} is the address of more than one person: not matched" in result.report.warnings
    )


# --- bad input -------------------------------------------------------------------------


BROKEN = [
    (
        "broken.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line is not a property\r\nEND:VCALENDAR\r\n",
        ImportFormat.calendar,
        "broken.ics: not a readable iCalendar file at line 3",
    ),
    (
        "cut.ics",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n",
        ImportFormat.calendar,
        "cut.ics: not a readable iCalendar file",
    ),
    (
        "bad-date.ics",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:2026XX\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        ImportFormat.calendar,
        "bad-date.ics: ",
    ),
    ("notes.ics", "just some notes\n", ImportFormat.calendar, "notes.ics: not an iCalendar file"),
    (
        "people.csv",
        "name,email\nLi,li@x.cn\n",
        ImportFormat.calendar,
        "people.csv: not an Outlook calendar export",
    ),
    (
        "Inbox.mbox",
        "Subject: no separator line\n\nbody\n",
        ImportFormat.email,
        "Inbox.mbox: not an mbox file",
    ),
    (
        "mail.zip",
        "PK\x03\x04 not really a zip",
        ImportFormat.email,
        "mail.zip: is not a readable zip file",
    ),
]


@pytest.mark.parametrize(("name", "text", "format", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_one_line_saying_where_and_nothing_is_written(
    sqlite_store: SQLiteStore,
    tmp_path: Path,
    name: str,
    text: str,
    format: ImportFormat,
    expected: str,
) -> None:
    set_up(sqlite_store)
    version = sqlite_store.account_graph(files.ACCOUNT)
    report = run(sqlite_store, write(tmp_path, name, text), format)
    assert not report.ok and not report.written
    (error,) = report.errors
    assert str(error).startswith(expected), str(error)
    assert "\n" not in str(error) and "Traceback" not in str(error)
    assert stored(sqlite_store) == version


def test_an_opt_out_list_with_a_bad_line_names_it(tmp_path: Path) -> None:
    path = write(tmp_path, "opt-out.txt", "ok@x.cn\nnot an address\n")
    with pytest.raises(BundleError, match=r"opt-out.txt line 2: 'not an address'"):
        read_opt_out(path)


def test_erasing_a_person_takes_their_activity_with_them_on_both_stores(
    store: GraphStore, tmp_path: Path
) -> None:
    set_up(store)
    mbox = files.write_mbox(tmp_path / "Inbox.mbox", files.mail_messages())
    options = ActivityOptions(since=files.SINCE, until=files.UNTIL, keep_subjects=True)
    assert run(store, mbox, ImportFormat.email, options).ok
    assert "Re: Proposal" in {e.note for e in stored(store).interactions}
    erased = store.erase_stakeholder(files.ACCOUNT, "li").stakeholder
    graph = stored(store)
    theirs = [e for e in graph.interactions if erased in e.stakeholders]
    assert len(theirs) == 5 and all(e.note == "" for e in theirs)
    # Zhang's own message keeps its subject; nothing of Li's remains anywhere.
    assert {e.note for e in graph.interactions if erased not in e.stakeholders} == {"Proposal"}
    everything = json.dumps(backup_document(store), ensure_ascii=False).lower()
    everything += json.dumps(
        [c.model_dump(mode="json") for c in store.history(files.ACCOUNT)], ensure_ascii=False
    ).lower()
    for trace in (files.LI, "li wei", "re: proposal", "intro 介绍", '"li"'):
        assert trace not in everything, trace
