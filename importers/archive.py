"""Reading zip archives (bundles and .xlsx workbooks) at a bounded cost.

A zip can claim anything in its headers, so nothing is trusted:

- the declared sizes of the members read must add up to at most
  `MAX_EXPANDED_BYTES` (checked before anything is decompressed, so a zip that
  would expand to 1 GB is refused without expanding a byte), and no member may
  expand more than `MAX_RATIO` times its compressed size;
- while a member is read, its bytes are counted: more than it declared, or more
  than the budget left, stops the read (`zipfile` also checks each member's
  CRC-32 at its end, so a member that declared less than it holds is caught);
- damage (a bad CRC, a corrupt deflate stream, a cut-off file), an encrypted
  member and a compression method Python cannot read (Deflate64, which Windows
  Explorer writes for large folders) are each one `ArchiveError` line saying what
  is wrong and, where the user can fix it, how.

Peak memory of reading is the bytes kept (at most the budget) plus one chunk.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MAX_FILE_BYTES = 512 * 1024 * 1024
"""The default for the largest file any reader opens (a CSV, workbook, JSON or
GraphML file; `Settings.max_file_bytes` overrides it). Uploads are capped lower,
by the API (`Settings.max_upload_bytes`)."""
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
"""What one archive may expand to in total. Reading costs about 50 bytes of memory
per byte of bundle CSV (bench/importing.py --upload-people: 535 MiB peak for 8.4 MiB
of CSV, 216,245 rows), so 64 MB (1.6 million rows of the densest bundle, three times
the 550,000-row benchmark) keeps any zip's import near 3 GB, whatever its headers say."""
MAX_RATIO = 200
"""A member may expand at most this many times its compressed size (zip bombs;
real CSV and worksheet XML compress 5–20×)."""
CHUNK = 1024 * 1024

_RESAVE = (
    "re-save the zip with standard Deflate (7-Zip: Add to archive, Archive format zip, "
    "Compression method Deflate)"
)
_METHOD_NAMES = {
    9: "Deflate64",
    6: "Implode",
    1: "Shrink",
    93: "Zstandard",
    95: "XZ",
    98: "PPMd",
    99: "AES encryption",
}


class ArchiveError(ValueError):
    """The archive cannot be read safely; the message is one line saying why."""


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def check_members(
    infos: Iterable[zipfile.ZipInfo], *, limit: int = MAX_EXPANDED_BYTES
) -> list[zipfile.ZipInfo]:
    """The members, checked by their headers alone before anything is read: a
    method we can read, no encryption, declared sizes within `limit` and `MAX_RATIO`."""
    members = list(infos)
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise ArchiveError(
                f"{info.filename} is encrypted; save the zip again without a password"
            )
        if info.compress_type == 99:
            raise ArchiveError(
                f"{info.filename} is encrypted (AES); save the zip again without a password"
            )
        if info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
            raise ArchiveError(
                f"{info.filename} is compressed with {method}, which stakegraph cannot read; "
                + _RESAVE
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1024):
            raise ArchiveError(
                f"{info.filename} would expand {info.file_size / max(info.compress_size, 1):,.0f} "
                f"times ({_mib(info.file_size)}): too much to be a real file"
            )
        total += info.file_size
        if total > limit:
            raise ArchiveError(
                f"would expand to more than {_mib(limit)} (the most stakegraph reads from "
                f"one file); split it into smaller files"
            )
    return members


class Budget:
    """How many more expanded bytes an archive may yield, shared by its members."""

    def __init__(self, limit: int = MAX_EXPANDED_BYTES) -> None:
        self.limit = limit
        self.left = limit

    def take(self, size: int, member: str) -> None:
        self.left -= size
        if self.left < 0:
            raise ArchiveError(
                f"{member} expands beyond {_mib(self.limit)} in all (more than its "
                "header declares); the zip is damaged or crafted"
            )


def _damaged(member: str, error: BaseException) -> ArchiveError:
    if isinstance(error, zipfile.BadZipFile) and "CRC" in str(error):
        reason = "its CRC-32 checksum does not match its data"
    elif isinstance(error, zlib.error):
        reason = "its compressed data is corrupt"
    elif isinstance(error, EOFError):
        reason = "it is cut short"
    else:
        reason = str(error) or type(error).__name__
    return ArchiveError(
        f"{member} is damaged: {reason}; make the zip again from the original files"
    )


def read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, *, keep: bool = True
) -> bytes:
    """The member's bytes (or b"" when not `keep`: a check that it reads cleanly),
    counted against its declared size and the budget as they are decompressed."""
    check_members([info], limit=budget.limit)
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    raise ArchiveError(
                        f"{info.filename} holds more than the {info.file_size:,} bytes its "
                        "header declares; the zip is damaged or crafted"
                    )
                budget.take(len(chunk), info.filename)
                if keep:
                    parts.append(chunk)
    except ArchiveError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise _damaged(info.filename, error) from error
    except (NotImplementedError, RuntimeError) as error:  # method, encryption
        raise ArchiveError(f"{info.filename} cannot be read: {error}") from error
    return b"".join(parts)


def open_zip(path: Path) -> zipfile.ZipFile:
    """The archive at `path`, its central directory read; ArchiveError if it is not one."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveError(f"is not a readable zip file: {error}") from error


def verify_archive(path: Path, *, limit: int = MAX_EXPANDED_BYTES) -> None:
    """Check every member of the archive at `path` by decompressing it without
    keeping it (CRC, deflate stream, true sizes, budget), for readers such as
    openpyxl that would otherwise trust its headers; one chunk in memory at a time."""
    with open_zip(path) as archive:
        members = check_members(archive.infolist(), limit=limit)
        budget = Budget(limit)
        for info in members:
            read_member(archive, info, budget, keep=False)
