"""Damaged and hostile files made on the spot, one per kind, with what a user must be told.

Every zip is made with `zipfile` and then patched byte by byte where a real tool
(or an attacker) would differ, so each sample is exactly one kind of damage.
`SHARED` lists the shared cases (../shared/cases/hostile) of the same kinds.
"""

from __future__ import annotations

import io
import json
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

SHARED_CASES = Path(__file__).resolve().parents[2] / "shared" / "cases" / "hostile"

PEOPLE = "id,name,title\n" + "".join(f"p{i},Person {i},Engineer\n" for i in range(200))

SHARED: dict[str, str] = {
    "badcrc.zip": "stakeholders.csv is damaged: its CRC-32 checksum does not match its data",
    "baddeflate.zip": "stakeholders.csv is damaged: its compressed data is corrupt",
    "m9.zip": "stakeholders.csv is compressed with Deflate64, which stakegraph cannot read; "
    "re-save the zip with standard Deflate (7-Zip: Add to archive, Archive format zip, "
    "Compression method Deflate)",
    "deep.json": "is nested too deeply to be a node-link document",
    "types1.json": "interactions: expected a list of objects, not a number",
}
"""Shared hostile file → the message its one error line must carry."""


def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytearray:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return bytearray(buffer.getvalue())


def _headers(data: bytearray) -> tuple[list[int], list[int]]:
    """Offsets of every local file header and central directory header."""
    local = [i for i in range(len(data) - 3) if data[i : i + 4] == b"PK\x03\x04"]
    central = [i for i in range(len(data) - 3) if data[i : i + 4] == b"PK\x01\x02"]
    return local, central


def _patch_both(data: bytearray, *, local_at: int, central_at: int, fmt: str, value: int) -> None:
    local, central = _headers(data)
    for offset in local:
        struct.pack_into(fmt, data, offset + local_at, value)
    for offset in central:
        struct.pack_into(fmt, data, offset + central_at, value)


def bad_crc() -> bytes:
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    crc = zlib.crc32(PEOPLE.encode()) ^ 0x5A5A5A5A
    _patch_both(data, local_at=14, central_at=16, fmt="<I", value=crc)
    return bytes(data)


def corrupt_deflate() -> bytes:
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    start = _headers(data)[0][0]
    name_length, extra_length = struct.unpack_from("<HH", data, start + 26)
    # The first byte of the stream: final block of the reserved type 3, which no inflater reads.
    data[start + 30 + name_length + extra_length] = 0xFF
    return bytes(data)


def declared_huge() -> bytes:
    """Headers that declare a member of 1 GiB (more than may be read), real data small."""
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    _patch_both(data, local_at=22, central_at=24, fmt="<I", value=2**30)
    return bytes(data)


def declared_total() -> bytes:
    """Two members that each declare 120 MB, at a believable ratio: 240 MB in all."""
    noise = random.Random(17).randbytes(700_000)  # incompressible: stored as it is
    data = _zip({"stakeholders.csv": noise, "team.csv": noise}, method=zipfile.ZIP_STORED)
    _patch_both(data, local_at=22, central_at=24, fmt="<I", value=120 * 2**20)
    return bytes(data)


def declared_small() -> bytes:
    """Headers that declare 100 bytes for a member that holds more."""
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    _patch_both(data, local_at=22, central_at=24, fmt="<I", value=100)
    return bytes(data)


def encrypted_flag() -> bytes:
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    local, central = _headers(data)
    for offset in local:
        data[offset + 6] |= 0x01
    for offset in central:
        data[offset + 8] |= 0x01
    return bytes(data)


def deflate64() -> bytes:
    data = _zip({"stakeholders.csv": PEOPLE.encode()})
    _patch_both(data, local_at=8, central_at=10, fmt="<H", value=9)
    return bytes(data)


def ratio_bomb() -> bytes:
    """50 MB of spaces after a header: compresses a thousand times, more than any real file."""
    return bytes(_zip({"stakeholders.csv": b"id,name\n" + b" " * 50_000_000}))


def truncated_sheet_xml() -> bytes:
    """A workbook whose worksheet XML is cut off in the middle (zip itself intact)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "stakeholders"
    sheet.append(["id", "name"])
    for i in range(50):
        sheet.append([f"p{i}", f"Person {i}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(info.filename, data)
    return out.getvalue()


def xlsx_bad_crc() -> bytes:
    workbook = Workbook()
    workbook.active.append(["id", "name"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = bytearray(buffer.getvalue())
    _patch_both(data, local_at=14, central_at=16, fmt="<I", value=0x12345678)
    return bytes(data)


def _doc(**extra: object) -> bytes:
    document = {"nodes": [{"id": "stakeholder:a", "type": "stakeholder", "name": "Ann"}], **extra}
    return json.dumps(document).encode()


def deep_json() -> bytes:
    return b'{"nodes": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"


def many_digits_json() -> bytes:
    return _doc(orders=[]).replace(
        b"[]", b'[{"date": "2024-01-01", "amount": ' + b"9" * 5000 + b"}]"
    )


def nodes_not_a_list() -> bytes:
    return json.dumps({"nodes": {"a": 1}}).encode()


def links_a_string() -> bytes:
    return _doc(links="everyone")


def node_type_a_list() -> bytes:
    return json.dumps({"nodes": [{"id": "a", "type": ["stakeholder"], "name": "A"}]}).encode()


def not_an_object() -> bytes:
    return b"[1, 2, 3]"


def digits_cells() -> bytes:
    """A zip bundle whose relationship strength and order amount are 5,000-digit numbers."""
    return bytes(
        _zip(
            {
                "stakeholders.csv": b"id,name\na,Ann\n",
                "team.csv": b"id,name\nr,Rep\n",
                "relationships.csv": b"member,stakeholder,strength\nr,a," + b"7" * 5000 + b"\n",
                "orders.csv": b"date,amount\n2024-01-01," + b"9" * 5000 + b"\n",
            }
        )
    )


def huge_cell_csv() -> bytes:
    """A cell of 200,000 characters: more than the CSV reader takes in one field."""
    return b'id,name\na,"' + b"x" * 200_000 + b'"\n'


def long_name_csv() -> bytes:
    return b"id,name\na," + "张".encode() * 20_000 + b"\n"


SAMPLES: dict[str, tuple[Callable[[], bytes], str]] = {
    "badcrc.zip": (bad_crc, "stakeholders.csv is damaged: its CRC-32 checksum does not match"),
    "baddeflate.zip": (
        corrupt_deflate,
        "stakeholders.csv is damaged: its compressed data is corrupt",
    ),
    "declared-huge.zip": (
        declared_huge,
        "stakeholders.csv would expand 1,170,929 times (1,024 MB)",
    ),
    "declared-total.zip": (
        declared_total,
        "would expand to more than 64 MB (the most stakegraph reads from one file)",
    ),
    "declared-small.zip": (declared_small, "stakeholders.csv is damaged"),
    "encrypted.zip": (
        encrypted_flag,
        "stakeholders.csv is encrypted; save the zip again without a password",
    ),
    "deflate64.zip": (
        deflate64,
        "compressed with Deflate64, which stakegraph cannot read; re-save the zip with standard Deflate",
    ),
    "ratio-bomb.zip": (ratio_bomb, "stakeholders.csv would expand 1,028 times (48 MB)"),
    "truncated.xlsx": (truncated_sheet_xml, "sheet 'stakeholders' cannot be read: syntax error"),
    "badcrc.xlsx": (xlsx_bad_crc, "is not a readable .xlsx workbook: docProps/app.xml is damaged"),
    "deep.json": (deep_json, "is nested too deeply to be a node-link document"),
    "digits.json": (
        many_digits_json,
        "holds a number of more than 4,300 digits; no field takes one",
    ),
    "nodes-object.json": (nodes_not_a_list, "is not a node-link document (no list of nodes)"),
    "links-string.json": (links_a_string, "links: expected a list of objects, not a string"),
    "type-list.json": (
        node_type_a_list,
        "nodes[0]: expected a node with type stakeholder, member, deal, competitor, body",
    ),
    "array.json": (not_an_object, "is not a node-link document (no list of nodes)"),
    "digits.zip": (digits_cells, "relationships.csv row 2, column strength"),
    "huge-cell.csv": (
        huge_cell_csv,
        "huge-cell.csv row 2: cannot be read as CSV: field larger than field limit",
    ),
    "long-name.csv": (
        long_name_csv,
        "long-name.csv row 2, column name: String should have at most 300 characters",
    ),
}
"""File name → (its bytes, what the first error line must contain)."""


def write_samples(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (make, _) in SAMPLES.items():
        paths[name] = folder / name
        paths[name].write_bytes(make())
    return paths
