"""Mail archives as `Activity` records, from their headers alone.

Read: an `.mbox` file (Thunderbird, Apple Mail, Gmail's Takeout), a folder of
`.eml` files (searched recursively), or a `.zip` of them (checked member by
member before anything is expanded: importers/archive.py). Of each message only
the header block is parsed (`email.parser.BytesHeaderParser`, addresses by
`email.utils.getaddresses`, encoded names and subjects by `email.header`), and only From,
To, Cc, Date, Message-ID and, when subjects are kept, Subject are looked at.
Bodies are never parsed nor kept: an mbox message is read up to its first
empty line, a loose .eml file likewise; a zip member is decompressed whole (the
zip's checksums need that) and cut at its first empty line.

A message without a Message-ID is keyed by a hash of its From, Date, To and Cc.
A message without a readable Date is skipped and counted. A file that is not an
mbox (it must start with a `From ` line), a damaged zip, or a folder without any
.eml file is one error line naming it, and nothing is written.
"""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Iterator
from datetime import date
from email import policy
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from importers.activity import Activity, Participant, normal_address
from importers.archive import Budget, check_members, open_zip, read_member
from importers.report import BundleError

MAX_HEADER_BYTES = 256 * 1024
"""A header block larger than this is cut (real ones are a few KB; a long Cc list ~50 KB)."""

_PARSER = BytesHeaderParser(policy=policy.compat32)
"""The raw header values, read by `email.utils` below: `policy.default`'s structured
headers cost 0.4 ms a message (4 of the 10 s budget for 10,000 messages), for
nothing we use."""


class Undated(ValueError):
    """A message whose Date header is missing or unreadable: skipped and counted."""


def read_mail(path: Path) -> Iterator[Activity | Undated]:
    """The messages at `path` (mbox, folder or zip of .eml), one record each; a
    message without a usable date is yielded as `Undated` (the caller counts it)."""
    if path.is_dir():
        yield from _folder(path)
    elif path.suffix.lower() == ".zip":
        yield from _zip(path)
    elif path.suffix.lower() == ".eml":
        with path.open("rb") as stream:
            yield _message(_head(stream), where=path.name)
    else:
        yield from _mbox(path)


def _head(stream: IO[bytes] | Any) -> bytes:
    """The header block of the message in `stream`, read line by line up to the first empty line."""
    lines = []
    size = 0
    for line in stream:
        if line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > MAX_HEADER_BYTES:
            break
        lines.append(line)
    return b"".join(lines)


def _cut(data: bytes) -> bytes:
    for separator in (b"\r\n\r\n", b"\n\n"):
        end = data.find(separator)
        if end >= 0:
            return data[: end + len(separator) // 2]
    return data[:MAX_HEADER_BYTES]


def _mbox(path: Path) -> Iterator[Activity | Undated]:
    with path.open("rb") as stream:
        start = stream.read(5)
    if start != b"From ":
        raise BundleError(
            f"{path.name}: not an mbox file (an mbox starts with a 'From ' line; "
            "for single messages use .eml files, a folder or a .zip of them)"
        )
    box = mailbox.mbox(path, create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            with box.get_file(key) as stream:  # past the mbox "From " separator line
                yield _message(_head(stream), where=f"{path.name} message {number}")
    finally:
        box.close()


def _folder(path: Path) -> Iterator[Activity | Undated]:
    files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())
    if not files:
        raise BundleError(f"{path.name}: no .eml files in this folder")
    for file in files:
        with file.open("rb") as stream:
            yield _message(_head(stream), where=str(file.relative_to(path)))


def _zip(path: Path) -> Iterator[Activity | Undated]:
    with open_zip(path) as archive:
        members = [
            info
            for info in check_members(archive.infolist())
            if not info.is_dir() and info.filename.lower().endswith(".eml")
        ]
        if not members:
            raise BundleError(f"{path.name}: no .eml files in this zip")
        budget = Budget()
        for info in sorted(members, key=lambda member: member.filename):
            data = read_member(archive, info, budget)
            yield _message(_cut(data), where=info.filename)


def _text(value: str) -> str:
    """A header value with its encoded words (`=?utf-8?b?…?=`) decoded."""
    if "=?" not in value:
        return value.strip()
    try:
        return str(make_header(decode_header(value))).strip()
    except (HeaderParseError, LookupError, UnicodeDecodeError, ValueError):
        return value.strip()


def _participants(message: Message, *names: str) -> list[Participant]:
    values = [str(v) for name in names for v in message.get_all(name) or ()]
    return [
        Participant(address=normal_address(address), name=_text(name))
        for name, address in getaddresses(values)
        if "@" in address
    ]


def _message(head: bytes, *, where: str) -> Activity | Undated:
    message = _PARSER.parsebytes(head)
    try:
        when = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return Undated(where)
    senders = _participants(message, "From")
    recipients = _participants(message, "To", "Cc")
    message_id = str(message.get("Message-ID", "") or "").strip()
    if not message_id:
        message_id = (
            "no-id:"
            + hashlib.sha256(
                "|".join(
                    [
                        when.isoformat(),
                        *(p.address for p in senders),
                        *(p.address for p in recipients),
                    ]
                ).encode()
            ).hexdigest()[:24]
        )
    day: date = when.date()  # in the sender's own offset, as the Date header says it
    return Activity(
        key=message_id,
        kind="email",
        day=day,
        participants=tuple(recipients),
        sender=senders[0] if senders else None,
        subject=_text(str(message.get("Subject", "") or "")),
    )
