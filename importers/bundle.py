"""The canonical import bundle (DESIGN.md, "Interfaces").

A bundle is a folder or a `.zip` holding `stakeholders.csv` and any of
`influence.csv`, `team.csv`, `relationships.csv`, `interactions.csv`,
`assessments.csv`, `orders.csv`, `tickets.csv`; or a single CSV with the stakeholders header. Headers and
values may be English or Chinese (`importers/aliases.py`, `graph/vocabulary.py`).

Decisions users asked for and that DESIGN.md leaves open:
- an empty cell means "not given": an update keeps the stored value;
- a file without an `id` column uses each person's name as their id;
- `reports_to`, `source`, `target` and `stakeholder(s)` may name a person by id or
  by a name that is unique in the bundle;
- unknown columns are skipped with a warning, unknown files are listed as skipped.

`read_bundle` never writes anything: it returns an `AccountBundle` (or None when
any row is bad) and an `ImportReport` naming file, row and column of each error.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from graph.errors import validation_problems
from graph.model import (
    AccountBundle,
    Assessment,
    Entity,
    Influence,
    Interaction,
    Order,
    Relationship,
    Stakeholder,
    TeamMember,
    Ticket,
    split_people,
)
from graph.text import InvalidText, normal_text
from importers.aliases import fold_header, header_map
from importers.archive import (
    ArchiveError,
    Budget,
    check_members,
    open_zip,
    read_member,
    verify_archive,
)
from importers.crm import CrmFormat
from importers.crm import detect as detect_crm
from importers.crm import to_stakeholder_rows as crm_stakeholder_rows
from importers.formulas import unescape_formula
from importers.report import ImportReport

BUNDLE_FILES: dict[str, type[Entity]] = {
    "stakeholders": Stakeholder,
    "influence": Influence,
    "team": TeamMember,
    "relationships": Relationship,
    "interactions": Interaction,
    "assessments": Assessment,
    "orders": Order,
    "tickets": Ticket,
}
"""File stem -> the entity each row becomes. Only stakeholders.csv is required."""

MAX_FILE_BYTES = 512 * 1024 * 1024

# Columns that refer to a stakeholder, per file: resolved by unique name if not an id.
PERSON_REFERENCES = {
    "stakeholders": ("reports_to",),
    "influence": ("source", "target"),
    "relationships": ("stakeholder",),
    "interactions": ("stakeholders",),
    "assessments": ("stakeholder",),
    "orders": ("stakeholder",),
}


@dataclass(frozen=True)
class ImportResult:
    bundle: AccountBundle | None
    report: ImportReport


@dataclass(frozen=True)
class _Table:
    """A file's rows as (row number, {canonical column: non-empty text}), and the
    header the user wrote for each canonical column (for error messages)."""

    headers: dict[str, str]
    rows: list[tuple[int, dict[str, str]]]


@dataclass(frozen=True)
class _Source:
    stem: str
    name: str
    data: bytes = b""
    cells: list[list[str]] | None = None
    """Rows already read (a spreadsheet sheet); None for CSV text in `data`."""


class BundleError(Exception):
    """The input as a whole cannot be read (not the fault of a single row)."""


Progress = Callable[[str, int], None]
"""Told (file name, rows read so far) every `PROGRESS_EVERY` rows of a long file."""
PROGRESS_EVERY = 5_000


def read_bundle(
    path: Path,
    *,
    account_id: str,
    crm: CrmFormat | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read and validate the bundle at `path` for account `account_id`.

    A stakeholders file whose header is a Salesforce or HubSpot contacts export is
    read as one (`importers.crm`); `crm` forces that reading.
    """
    report = ImportReport()
    try:
        sources, skipped = _sources(path)
    except BundleError as error:
        report.add(path.name, str(error))
        return ImportResult(None, report)
    expected = ", ".join(f"{s}.csv" for s in BUNDLE_FILES)
    for name in skipped:
        report.warnings.append(f"{name}: skipped, not a bundle file (expected {expected})")
    parsed: dict[str, _Table] = {}
    for source in sources:
        report.files.append(source.name)
        table = _read_table(source, report, crm=crm, progress=progress)
        if table is not None:
            parsed[source.stem] = table
            report.rows += len(table.rows)
    if report.errors:
        return ImportResult(None, report)
    return _build_bundle(parsed, {s.stem: s.name for s in sources}, account_id, report)


def _sources(path: Path) -> tuple[list[_Source], list[str]]:
    """The bundle files to read, and the names of the CSV files that were skipped."""
    if path.is_dir():
        found = {p.stem.lower(): p for p in sorted(path.iterdir()) if p.suffix.lower() == ".csv"}
        return _pick(
            {stem: (p.name, lambda p=p: read_file_bytes(p)) for stem, p in found.items()}, path.name
        )
    if not path.exists():
        raise BundleError(f"no such file or folder: {path}")
    if path.suffix.lower() == ".zip":
        return _zip_sources(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_sources(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        return [_Source("stakeholders", path.name, read_file_bytes(path))], []
    raise BundleError(
        f"{path.name}: not a bundle: give a folder, a .zip, an .xlsx, a .csv or a node-link .json"
    )


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without `.0`,
    dates as ISO dates, empty for None. Formulas count by their computed value."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


Sheet = tuple[str, Callable[[], list[list[str]]]]
"""A worksheet's title, and a function reading its rows as cell text (`cell_text`)."""


@contextmanager
def workbook_sheets(path: Path) -> Iterator[list[Sheet]]:
    """The sheets of an `.xlsx` workbook, read only as asked, while the workbook is open;
    BundleError for a file too large or not a readable workbook."""
    from openpyxl import load_workbook  # only spreadsheets need it

    read_file_bytes(path)  # the size limit
    try:
        # openpyxl trusts the zip's headers: every part is checked first (archive.py).
        verify_archive(path)
    except ArchiveError as error:
        raise BundleError(f"is not a readable .xlsx workbook: {error}") from error
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise BundleError(f"{path.name} is not a readable .xlsx workbook: {error}") from error

    def reader(sheet: Any) -> Callable[[], list[list[str]]]:
        def load() -> list[list[str]]:
            try:
                return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            except Exception as error:  # a sheet's XML is parsed only now: cut off, malformed
                raise BundleError(
                    f"sheet {sheet.title!r} cannot be read ({_first_line(error)}); "
                    "open the file in Excel and save it again"
                ) from error

        return load

    try:
        yield [(sheet.title, reader(sheet)) for sheet in workbook.worksheets]
    finally:
        workbook.close()


def _xlsx_sources(path: Path) -> tuple[list[_Source], list[str]]:
    """One source per sheet named after a bundle file (`stakeholders`, `team` …); a
    workbook of one sheet with any name is a stakeholders file."""
    with workbook_sheets(path) as sheets:
        found: dict[str, tuple[str, Callable[[], list[list[str]]]]] = {}
        for title, load in sheets:
            stem = title.strip().lower().removesuffix(".csv")
            if len(sheets) == 1 and stem not in BUNDLE_FILES:
                stem = "stakeholders"
            found[stem] = (f"{path.name} [{title}]", load)
        chosen = [
            _Source(stem, name, cells=load())
            for stem, (name, load) in found.items()
            if stem in BUNDLE_FILES
        ]
        skipped = [name for stem, (name, _) in found.items() if stem not in BUNDLE_FILES]
        titles = [title for title, _ in sheets]
    if not any(source.stem == "stakeholders" for source in chosen):
        raise BundleError(
            f"{path.name} has no sheet named stakeholders (the one a bundle needs); found: "
            + ", ".join(titles)
        )
    return chosen, skipped


def read_file_bytes(path: Path) -> bytes:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BundleError(f"{path.name} is larger than {MAX_FILE_BYTES // 2**20} MiB")
    return path.read_bytes()


def _pick(found: dict[str, tuple[str, Any]], where: str) -> tuple[list[_Source], list[str]]:
    if "stakeholders" not in found:
        raise BundleError(
            f"{where} has no stakeholders.csv (the one file a bundle needs); found: "
            + (", ".join(name for name, _ in found.values()) or "no CSV files")
        )
    chosen = [
        _Source(stem, name, load()) for stem, (name, load) in found.items() if stem in BUNDLE_FILES
    ]
    skipped = [name for stem, (name, _) in found.items() if stem not in BUNDLE_FILES]
    return chosen, skipped


def _zip_sources(path: Path) -> tuple[list[_Source], list[str]]:
    """The bundle files in a zip, read at a bounded cost (importers/archive.py)."""
    try:
        archive = open_zip(path)
    except ArchiveError as error:
        raise BundleError(str(error)) from error
    with archive:
        found: dict[str, tuple[str, Any]] = {}
        wanted: list[zipfile.ZipInfo] = []
        for info in archive.infolist():
            member = PurePosixPath(info.filename)
            if info.is_dir() or member.name.startswith(".") or "__MACOSX" in member.parts:
                continue
            if member.is_absolute() or ".." in member.parts:
                raise BundleError(f"refusing member {info.filename!r} (path outside the bundle)")
            if member.suffix.lower() != ".csv":
                continue
            wanted.append(info)
        budget = Budget()
        try:
            check_members(wanted)  # every declared size, before a byte is expanded
            for info in wanted:
                found[PurePosixPath(info.filename).stem.lower()] = (
                    info.filename,
                    lambda info=info: read_member(archive, info, budget),
                )
            return _pick(found, path.name)
        except ArchiveError as error:
            raise BundleError(str(error)) from error


def decode_text(data: bytes, name: str) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030/GBK as Chinese Excel saves."""
    if b"\x00" in data[:4096]:
        raise BundleError(f"{name} is not a text file (it contains NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BundleError(f"{name} is neither UTF-8 nor GB18030/GBK text")


def _rows(source: _Source) -> Iterator[list[str]]:
    """The source's rows of cells: a sheet's as read, a CSV's parsed (raises BundleError
    for text that cannot be decoded, csv.Error while iterating a broken file)."""
    if source.cells is not None:
        return iter(source.cells)
    text = decode_text(source.data, source.name)
    # Only the delimiter is sniffed: the sniffer's guesses about quoting misread
    # cells that hold quotes (`"a ""b"" c"`), and every spreadsheet writes
    # Excel-style quoting anyway.
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    rows = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    # Cells our exports protected from spreadsheets' formulas read back as they were.
    return ([unescape_formula(cell) for cell in row] for row in rows)


def _read_table(
    source: _Source,
    report: ImportReport,
    *,
    crm: CrmFormat | None = None,
    progress: Progress | None = None,
) -> _Table | None:
    """The file's rows, or None (with the reason in `report`) if it is unusable."""
    try:
        reader = _rows(source)
    except BundleError as error:
        report.add(source.name, str(error))
        return None
    try:
        header = next(reader)
    except StopIteration:
        report.add(source.name, "the file is empty")
        return None
    except csv.Error as error:
        report.add(source.name, f"cannot read the header: {error}", row=1)
        return None
    if source.stem == "stakeholders":
        export = crm or detect_crm(header)
        if export is not None:
            header, reader = crm_stakeholder_rows(header, reader)
            report.warnings.append(f"{source.name}: read as a {export.value} contacts export")
    known = header_map(source.stem)
    columns: list[str | None] = []
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for title in header:
        canonical = known.get(fold_header(title))
        if canonical is None:
            columns.append(None)
            if title.strip():
                unknown.append(title.strip())
            continue
        if canonical in seen:
            report.add(
                source.name,
                f"columns {seen[canonical]!r} and {title!r} both mean {canonical}",
                row=1,
            )
        seen[canonical] = title
        columns.append(canonical)
    if unknown:
        report.warnings.append(
            f"{source.name}: skipped unknown columns " + ", ".join(repr(t) for t in unknown)
        )
    if source.stem == "stakeholders" and "name" not in seen:
        report.add(
            source.name,
            "the header has no name column (name or 姓名); found: " + ", ".join(header),
            row=1,
        )
        return None
    rows: list[tuple[int, dict[str, str]]] = []
    number = 1
    try:
        for number, cells in enumerate(reader, start=2):
            if progress is not None and number % PROGRESS_EVERY == 0:
                progress(source.name, number - 1)
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                report.add(
                    source.name,
                    f"has {len(cells)} cells but the header has {len(header)}",
                    row=number,
                )
                continue
            values = {
                column: cell.strip()
                for column, cell in zip(columns, cells, strict=False)
                if column is not None and cell.strip()
            }
            rows.append((number, values))
    except csv.Error as error:
        report.add(source.name, f"cannot be read as CSV: {error}", row=number + 1)
        return None
    return _Table(headers=seen, rows=rows)


def _compared(text: str) -> str:
    """`text` as ids and names are compared; as it is when the model will refuse it."""
    try:
        return normal_text(text)
    except InvalidText:
        return text


def _build_bundle(
    parsed: dict[str, _Table],
    names: dict[str, str],
    account_id: str,
    report: ImportReport,
) -> ImportResult:
    people = parsed["stakeholders"].rows if "stakeholders" in parsed else []
    for _, values in people:
        values.setdefault("id", values.get("name", ""))
    # Ids and names are compared in the normal form the model stores (graph/text.py).
    ids = {_compared(values["id"]) for _, values in people if "id" in values}
    by_name: dict[str, list[str]] = {}
    for _, values in people:
        if "name" in values:
            by_name.setdefault(_compared(values["name"]), []).append(values["id"])

    def resolve(reference: str) -> str:
        key = _compared(reference)
        matches = by_name.get(key, [])
        return matches[0] if key not in ids and len(matches) == 1 else reference

    entities: dict[str, list[Entity]] = {}
    for stem, table in parsed.items():
        kind = BUNDLE_FILES[stem]
        first_row: dict[tuple[str, ...], int] = {}
        for number, values in table.rows:
            for column in PERSON_REFERENCES.get(stem, ()):
                if column == "stakeholders" and column in values:
                    values[column] = ";".join(
                        resolve(part) for part in split_people(values[column])
                    )
                elif column in values:
                    values[column] = resolve(values[column])
            try:
                entity = kind.model_validate({"account_id": account_id, **values})
            except ValidationError as error:
                for field, message in validation_problems(error):
                    column = field.split(".")[0]
                    report.add(
                        names[stem], message, row=number, column=table.headers.get(column, column)
                    )
                continue
            if entity.key in first_row:
                report.add(
                    names[stem],
                    f"duplicate {'/'.join(entity.key)!r} (first on row {first_row[entity.key]})",
                    row=number,
                )
                continue
            first_row[entity.key] = number
            entities.setdefault(kind.collection, []).append(entity)
    if report.errors:
        return ImportResult(None, report)
    bundle = AccountBundle.model_validate(
        {"account_id": account_id, **{k: tuple(v) for k, v in entities.items()}}
    )
    return ImportResult(bundle, report)
