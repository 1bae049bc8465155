"""Calendar exports as `Activity` records: iCalendar (.ics) and Outlook's CSV.

- **iCalendar** (Outlook "Save calendar", Google Calendar export, Apple, Feishu,
  DingTalk): parsed by `icalendar`; recurring events (RRULE, RDATE, EXDATE and
  moved occurrences with RECURRENCE-ID) expanded within the date window by
  `recurring-ical-events`. An occurrence's day is its start in its own time zone
  (a 09:00 Shanghai meeting is on its Shanghai day); an all-day event is on its
  first day. Cancelled events and attendees who declined are left out. The key
  of an occurrence is its UID and its RECURRENCE-ID (the original start), so a
  moved occurrence keeps its identity.
- **Outlook CSV** (File › Open & Export › Import/Export › Export to a file ›
  Comma Separated Values): `Subject, Start Date, Start Time, …, Meeting Organizer,
  Required Attendees, Optional Attendees, …`; attendees are names or addresses
  separated by `;`. It has no UID, so the key is a hash of the subject, start,
  organiser and attendees. Dates such as `3/5/2026` are read in the order the
  whole file proves (a day above 12 anywhere), else month first as Outlook's
  US English export writes them; year-first dates are read as such.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from importers.activity import Activity, Participant, normal_address
from importers.bundle import decode_text
from importers.dates import parse_date
from importers.report import BundleError

MAX_CALENDAR_BYTES = 64 * 1024 * 1024
"""The largest calendar file read (a busy ten-year Outlook calendar is ~20 MB)."""
MAX_OCCURRENCES = 200_000
"""Occurrences read from one file at most (a daily rule over a long window stays far below)."""

OUTLOOK_COLUMNS = {
    "subject": ("subject", "主题"),
    "start_date": ("start date", "开始日期"),
    "start_time": ("start time", "开始时间"),
    "organizer": ("meeting organizer", "会议组织者"),
    "required": ("required attendees", "必需的与会者"),
    "optional": ("optional attendees", "可选的与会者"),
}
"""Outlook's column names (English and Chinese Outlook) → what they hold."""


def read_calendar(path: Path, *, since: date, until: date) -> list[Activity]:
    """The activity in the calendar file at `path` (.ics or Outlook .csv) between
    `since` and `until` (inclusive); BundleError with one line saying where it is broken."""
    data = _read_bytes(path)
    if path.suffix.lower() == ".csv" or not data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(
        b"BEGIN"
    ):
        if path.suffix.lower() in (".ics", ".ical", ".ifb", ".icalendar"):
            raise BundleError(
                f"{path.name}: not an iCalendar file (it should start with BEGIN:VCALENDAR)"
            )
        return list(_outlook_csv(path.name, data))
    return list(_ics(path.name, data, since, until))


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise BundleError(
            f"{path.name}: a calendar import reads one .ics or .csv file, not a folder"
        )
    size = path.stat().st_size
    if size > MAX_CALENDAR_BYTES:
        raise BundleError(
            f"{path.name}: {size / 2**20:,.0f} MB is more than a calendar file stakegraph reads "
            f"({MAX_CALENDAR_BYTES // 2**20} MB); export a shorter date range"
        )
    return path.read_bytes()


NEWLINE = b"\n"


def _where(data: bytes, message: str) -> str:
    """` (line N)` when the library's message quotes a line of the file."""
    quoted = re.search(r"'([^']{3,})'", message)
    if quoted:
        needle = quoted.group(1).encode(errors="replace")
        position = data.find(needle)
        if position >= 0:
            return f" at line {data.count(NEWLINE, 0, position) + 1}"
    return ""


def _ics(name: str, data: bytes, since: date, until: date) -> Iterator[Activity]:
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as error:
        reason = str(error).splitlines()[0][:200]
        raise BundleError(
            f"{name}: not a readable iCalendar file{_where(data, reason)} ({reason})"
        ) from error
    if not calendars or data.count(b"END:VCALENDAR") < data.count(b"BEGIN:VCALENDAR"):
        raise BundleError(
            f"{name}: not a readable iCalendar file (cut short: a BEGIN:VCALENDAR without "
            "its END:VCALENDAR); export the calendar again"
        )
    count = 0
    for calendar in calendars:
        try:
            occurrences = recurring_ical_events.of(calendar).between(
                since, until + timedelta(days=1)
            )
            for event in occurrences:
                count += 1
                if count > MAX_OCCURRENCES:
                    raise BundleError(
                        f"{name}: more than {MAX_OCCURRENCES:,} occurrences in the window; "
                        "import a shorter window (--since, --until)"
                    )
                yield _event(event)
        except BundleError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            raise BundleError(f"{name}: a broken event{_where(data, reason)} ({reason})") from error


def _day(value: Any) -> date:
    moment = value.dt if hasattr(value, "dt") else value
    if isinstance(moment, datetime):
        return moment.date()  # in the event's own time zone, as its attendees saw it
    if isinstance(moment, date):
        return moment
    raise ValueError(f"a start that is not a date: {moment!r}")


def _addresses(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _participant(value: Any) -> Participant:
    params = getattr(value, "params", {}) or {}
    address = normal_address(str(value))
    return Participant(address=address if "@" in address else "", name=str(params.get("CN", "")))


def _event(event: Any) -> Activity:
    uid = str(event.get("UID", ""))
    start = event.get("DTSTART")
    if start is None:
        raise ValueError(f"event {uid or '(no UID)'!r} has no DTSTART")
    occurrence = event.get("RECURRENCE-ID") or start
    day = _day(start)
    organizer = event.get("ORGANIZER")
    attendees = [
        _participant(attendee)
        for attendee in _addresses(event.get("ATTENDEE"))
        if str(getattr(attendee, "params", {}).get("PARTSTAT", "")).upper() != "DECLINED"
    ]
    status = str(event.get("STATUS", "")).upper()
    key_moment = occurrence.dt if hasattr(occurrence, "dt") else occurrence
    if not uid:
        uid = (
            "no-uid:"
            + hashlib.sha256(
                f"{event.get('SUMMARY', '')}|{key_moment}|{[a.address for a in attendees]}".encode()
            ).hexdigest()[:20]
        )
    return Activity(
        key=f"{uid}@{key_moment.isoformat() if hasattr(key_moment, 'isoformat') else key_moment}",
        kind="meeting",
        day=day,
        participants=tuple(attendees),
        sender=_participant(organizer) if organizer is not None else None,
        subject=str(event.get("SUMMARY", "")),
        cancelled=status == "CANCELLED",
    )


def _column(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for position, cell in enumerate(header):
        text = cell.strip().lstrip("\ufeff").casefold()
        for column, names in OUTLOOK_COLUMNS.items():
            if text in names and column not in found:
                found[column] = position
    return found


SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def _slash_order(values: list[str]) -> str:
    """`dmy` when some date's first number is above 12, else `mdy` (Outlook en-US)."""
    for value in values:
        match = SLASH_DATE.match(value)
        if match and int(match.group(1)) > 12:
            return "dmy"
    return "mdy"


def _outlook_date(value: str, order: str) -> date:
    match = SLASH_DATE.match(value)
    if match:
        first, second, year = (int(part) for part in match.groups())
        month, day = (first, second) if order == "mdy" else (second, first)
        return date(year, month, day)
    return parse_date(value)


def _people(text: str) -> list[Participant]:
    people = []
    for part in re.split(r"[;；]", text):
        part = part.strip()
        if not part:
            continue
        name, address = getaddresses([part])[0] if "@" in part else (part, "")
        address = normal_address(address)
        people.append(Participant(address=address, name=name.strip().strip('"')))
    return people


def _outlook_csv(name: str, data: bytes) -> Iterator[Activity]:
    text = decode_text(data, name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise BundleError(f"{name}: not a readable CSV file ({error})") from error
    if not rows:
        raise BundleError(f"{name}: is empty")
    columns = _column(rows[0])
    missing = [c for c in ("subject", "start_date") if c not in columns]
    if missing or not ({"required", "optional", "organizer"} & set(columns)):
        raise BundleError(
            f"{name}: not an Outlook calendar export (expected the columns Subject, Start Date, "
            "Meeting Organizer, Required Attendees, Optional Attendees)"
        )

    def cell(row: list[str], column: str) -> str:
        position = columns.get(column)
        return row[position].strip() if position is not None and position < len(row) else ""

    order = _slash_order([cell(row, "start_date") for row in rows[1:]])
    for number, row in enumerate(rows[1:], start=2):
        if not any(part.strip() for part in row):
            continue
        try:
            day = _outlook_date(cell(row, "start_date"), order)
        except ValueError as error:
            raise BundleError(f"{name} row {number}, column Start Date: {error}") from error
        organizer = _people(cell(row, "organizer"))
        attendees = _people(cell(row, "required")) + _people(cell(row, "optional"))
        subject = cell(row, "subject")
        digest = hashlib.sha256(
            "|".join(
                [
                    subject,
                    day.isoformat(),
                    cell(row, "start_time"),
                    cell(row, "organizer"),
                    cell(row, "required"),
                    cell(row, "optional"),
                ]
            ).encode()
        ).hexdigest()[:24]
        yield Activity(
            key=f"outlook-csv:{digest}",
            kind="meeting",
            day=day,
            participants=tuple(attendees),
            sender=organizer[0] if organizer else None,
            subject=subject,
        )
