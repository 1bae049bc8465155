"""Dates as Chinese and Western offices type them, read into one `date`.

Accepted (a time after the date is allowed and dropped: a visit at 14:30 is a
visit on that day):

| shape | example |
|---|---|
| ISO, year first with `-`, `/` or `.` | `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024-03-05T14:30:00`, `2024/3/5 14:30` |
| Chinese | `2024年3月5日`, `2024年3月5号` |
| Excel serial number (a date cell saved as a number, or pasted as one) | `45356` (= 2024-03-05), `45356.6` |
| month by name | `5 Mar 2024`, `05 March 2024`, `Mar 5, 2024`, `March 5 2024` |
| day or month first, only when it cannot be anything else | `25/12/2024` (day 25), `12/25/2024` |

Refused with a message that says which orders are accepted: `03/05/2024`,
where the day and the month could each be either (5 March or 3 May). Excel
serials are taken between 1 (1900-01-01) and 2958465 (9999-12-31), counted as
Excel does from 1899-12-30 (its phantom 29 February 1900 included, so serials
after 60 are right).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's (Windows) serial dates, so that 45356 is 2024-03-05."""
MAX_EXCEL_SERIAL = 2_958_465

ACCEPTED = "year first (2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日), an Excel date, or 5 Mar 2024"

_TIME = r"(?:[ T]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?\s*(?:[aApP][mM])?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})" + _TIME + "$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + r"(?:\s*.*)?$")
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})" + _TIME + "$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[ \-]([A-Za-z]+)\.?[ \-,]+(\d{4})" + _TIME + "$")
_MONTH_NAME_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME + "$")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from error


def parse_date(text: str) -> date:
    """The date `text` stands for; ValueError with a one-line reason otherwise."""
    value = text.strip()
    if match := _YEAR_FIRST.match(value) or _CHINESE.match(value):
        return _make(int(match[1]), int(match[2]), int(match[3]), value)
    if _SERIAL.match(value):
        serial = float(value)
        if 1 <= serial <= MAX_EXCEL_SERIAL:
            return EXCEL_EPOCH + timedelta(days=int(serial))
        raise ValueError(f"{value!r} is not a date: write it {ACCEPTED}")
    if match := _DAY_MONTH_NAME.match(value):
        month = _MONTHS.get(match[2].lower())
        if month is not None:
            return _make(int(match[3]), month, int(match[1]), value)
    if match := _MONTH_NAME_DAY.match(value):
        month = _MONTHS.get(match[1].lower())
        if month is not None:
            return _make(int(match[3]), month, int(match[2]), value)
    if match := _YEAR_LAST.match(value):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        if first > 12 >= second:
            return _make(year, second, first, value)
        if second > 12 >= first:
            return _make(year, first, second, value)
        if first != second:
            raise ValueError(
                f"{value!r} is ambiguous ({first} {_name(second)} or {second} {_name(first)}?): "
                f"write it {ACCEPTED}"
            )
        return _make(year, first, second, value)
    raise ValueError(f"{value!r} is not a date: write it {ACCEPTED}")


def _name(month: int) -> str:
    return date(2000, month, 1).strftime("%B") if 1 <= month <= 12 else str(month)
