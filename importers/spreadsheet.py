"""Spreadsheets (`.xlsx`, `.xlsm`, `.xls`, `.ods`) read as the people who filled them see them.

Reader: **python-calamine** (Rust's `calamine`), chosen over openpyxl because

- it reads every cell that is in the file, whatever the sheet's declared
  `<dimension>` says: WPS and several streaming writers declare `A1` (or a range
  smaller than the data), and openpyxl in read-only mode believes them, so a
  workbook "read 0 rows"; openpyxl's own fix (`ws.reset_dimensions()`) has to be
  remembered at every call site, calamine needs none;
- it reads `.xls` (Excel 97-2003, still the format of many government templates)
  and `.ods` (WPS, LibreOffice) with the same call, where openpyxl reads only
  `.xlsx`, and would need xlrd and odfpy beside it;
- it reports merged ranges (`merged_cell_ranges`, for `.xlsx` and `.xls`), the
  one thing we used openpyxl's full mode for;
- its XML parser does not expand entities: a worksheet carrying a DTD with
  entity definitions (the "billion laughs" bomb) fails with one error instead of
  expanding, so no defusedxml is needed;
- it is several times faster and holds only the cell values, not openpyxl's
  per-cell objects (the memory an import costs is the rows, as for CSV).

openpyxl stays for *writing* workbooks (the survey) and in tests, to build files.

What a sheet becomes (`SheetData`):
- rows of cell text (`cell_text`), from row 1 and column A even when the data
  starts lower (so row numbers in messages are the ones Excel shows);
- a merged range takes its top-left value in every cell of the range (a
  department merged down over its people); the ranges are listed so the caller
  can warn, naming them (`B2:B4`);
- a sheet without any value is `empty` (Excel's default Sheet2 and Sheet3).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from importers.archive import MAX_FILE_BYTES, ArchiveError, verify_archive
from importers.report import BundleError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
"""The names read as a workbook (one sheet per bundle file, or one list)."""



@dataclass(frozen=True)
class MergedRange:
    """A merged block of cells, zero-based inclusive, and the text it holds."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int
    value: str

    @property
    def name(self) -> str:
        """`B2:B4`, as Excel names it."""
        return (
            f"{column_letters(self.first_column)}{self.first_row + 1}:"
            f"{column_letters(self.last_column)}{self.last_row + 1}"
        )


@dataclass(frozen=True)
class SheetData:
    title: str
    rows: list[list[str]]
    merged: list[MergedRange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(cell.strip() for row in self.rows for cell in row)


def column_letters(index: int) -> str:
    """0 → `A`, 25 → `Z`, 26 → `AA`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without `.0`,
    dates as ISO dates (a date-time keeps its time: `2024-03-05T14:30:00`), empty for
    None. Formulas count by their computed value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    if "entity" in text.lower():
        return (
            "its XML declares entities (a DTD), which spreadsheet programs never write "
            "(an entity-expansion attack or a damaged file): " + text
        )
    return text


ZIPPED_KINDS = frozenset({"xlsx", "xlsm", "ods"})
"""Workbook formats that are zip archives (`.xls` is an OLE2 file)."""


@contextmanager
def workbook_sheets(
    path: Path, *, max_bytes: int = MAX_FILE_BYTES
) -> Iterator[list[tuple[str, SheetLoader]]]:
    """The sheets of a workbook, each read only when asked (`load()`), while it is open;
    BundleError (one line naming the file) for a file larger than `max_bytes` or not a
    readable workbook, or for a sheet that cannot be read."""
    from python_calamine import CalamineWorkbook  # only spreadsheets need it

    if path.stat().st_size > max_bytes:
        raise BundleError(f"is larger than {max_bytes // 2**20} MiB")
    kind = path.suffix.lower().lstrip(".")
    if kind in ZIPPED_KINDS:
        try:
            # Expanding is the reader's job, but no zip is trusted before it is checked
            # (importers/archive.py: method, encryption, declared and real sizes).
            verify_archive(path)
        except ArchiveError as error:
            raise BundleError(f"is not a readable .{kind} workbook: {error}") from error
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own kinds for every broken file
        raise BundleError(
            f"is not a readable .{kind} workbook: {_reason(error)}"
        ) from error
    try:
        yield [(title, SheetLoader(workbook, title)) for title in workbook.sheet_names]
    finally:
        workbook.close()


class SheetLoader:
    """Reads one sheet of an open workbook as `SheetData`."""

    def __init__(self, workbook: object, title: str) -> None:
        self._workbook = workbook
        self._title = title

    def __call__(self) -> SheetData:
        try:
            sheet = self._workbook.get_sheet_by_name(self._title)  # type: ignore[attr-defined]
            values = sheet.to_python(skip_empty_area=False)
            ranges = sheet.merged_cell_ranges or []
        except Exception as error:  # as above: one line, never a traceback
            raise BundleError(
                f"sheet {self._title!r} cannot be read: {_reason(error)}"
            ) from error
        rows = [[cell_text(value) for value in row] for row in values]
        merged = [_fill(rows, (a, b), (c, d)) for (a, b), (c, d) in ranges]
        return SheetData(self._title, rows, [m for m in merged if m is not None])


def _fill(
    rows: list[list[str]], start: tuple[int, int], end: tuple[int, int]
) -> MergedRange | None:
    """Copy a merged range's top-left value into its other cells (empty in the file)."""
    (top, left), (bottom, right) = start, end
    if top >= len(rows) or left >= len(rows[top]):
        return None
    value = rows[top][left]
    if not value.strip() or (top, left) == (bottom, right):
        return None
    for number in range(top, min(bottom, len(rows) - 1) + 1):
        row = rows[number]
        if len(row) <= right:
            row.extend([""] * (right + 1 - len(row)))
        for column in range(left, right + 1):
            if not row[column].strip():
                row[column] = value
    return MergedRange(top, left, bottom, right, value)
