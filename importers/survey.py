"""The relationship survey (关系衡量问卷): written for the client, read back as assessments.

The questionnaire is defined here once, so what is sent out and what comes back
cannot drift apart.

Items
-----
Eight statements, two per dimension, answered on a 1–5 agreement scale
(1 strongly disagree … 5 strongly agree), then an open comment. They are short
adaptations of published, validated relationship-marketing scales:

- trust — Morgan & Hunt (1994), "The commitment-trust theory of relationship
  marketing", and Doney & Cannon (1997): keeping promises, honesty;
- satisfaction — Crosby, Evans & Cowles (1990), "Relationship quality in
  services selling", and Garbarino & Johnson (1999): overall satisfaction with
  the relationship, expectations met;
- communication — Mohr & Spekman (1994), "Characteristics of partnership
  success": timeliness, accuracy and completeness of information;
- loyalty — Morgan & Hunt's relationship commitment and Zeithaml, Berry &
  Parasuraman (1996), "The behavioral consequences of service quality":
  intention to continue, willingness to recommend.

Scoring
-------
A dimension's score is the mean of its two answers rounded half up (4 and 5
give 5; 3 and 4 give 4), so it fits the assessment's whole 1..5 scale. Each
answered questionnaire becomes one assessment (date, stakeholder, the four
scores) and one interaction of type `survey` holding the comment, so the comment
sits on the map with the person. A questionnaire left entirely blank was not
returned and is skipped with a warning; one partly answered must answer every
item (a blank item is an error, as are 6, 0 or text), so no score rests on half
the questions. The answer date is the `date` row's; when blank, the import day
(with a warning).

File layout
-----------
Columns `account`, `stakeholder`, `respondent`, `item`, `question`, `answer`
(Chinese headers in a Chinese survey; either is read back). In an `.xlsx` each
stakeholder has a sheet of their own: a title and instructions above the table,
the machine columns hidden, only answer cells editable, answers validated 1–5.
A `.csv` holds every stakeholder's rows one after the other.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from graph import i18n
from graph.errors import InvalidInput, validation_problems
from graph.formulas import escape_formula, unescape_formula
from graph.i18n import Words
from graph.model import SCORE_FIELDS, AccountBundle, AccountGraph, Assessment, Interaction
from graph.vocabulary import Language, Status
from importers.aliases import fold_header
from importers.archive import MAX_FILE_BYTES
from importers.bundle import ImportResult, decode_text, read_file_bytes
from importers.report import BundleError, ImportReport
from importers.spreadsheet import SPREADSHEET_SUFFIXES, workbook_sheets


@dataclass(frozen=True)
class SurveyItem:
    """A statement rated 1–5; its words are the catalogue's `survey.question_<code>`."""

    code: str
    dimension: str

    def question(self, lang: Language) -> str:
        """The statement in `lang`, with `{s}` for the supplier."""
        return TEXT[lang][f"question_{self.code}"]


ITEMS: tuple[SurveyItem, ...] = tuple(
    SurveyItem(code, dimension)
    for code, dimension in (
        ("T1", "trust"),
        ("T2", "trust"),
        ("S1", "satisfaction"),
        ("S2", "satisfaction"),
        ("C1", "communication"),
        ("C2", "communication"),
        ("L1", "loyalty"),
        ("L2", "loyalty"),
    )
)
ITEM_BY_CODE = {item.code: item for item in ITEMS}
DATE_ITEM, COMMENT_ITEM = "date", "comment"

COLUMNS = ("account", "stakeholder", "respondent", "item", "question", "answer")
HEADERS: dict[Language, tuple[str, ...]] = {
    "en": COLUMNS,
    "zh": ("客户", "联系人编号", "答卷人", "题号", "问题", "回答"),
}
_HEADER_MAP = {
    fold_header(title): column
    for titles in HEADERS.values()
    for title, column in zip(titles, COLUMNS, strict=True)
}

TEXT: dict[Language, Words] = i18n.table("survey")
"""The questionnaire's instructions: the catalogue's `survey.<key>` texts (graph/locale)."""

FIRST_TABLE_ROW = 5
"""In a sheet, the header's row: a title, the instructions and the scale sit above it."""


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, str]


# --- writing -----------------------------------------------------------------------


def respondents(graph: AccountGraph, stakeholders: Iterable[str] | None = None) -> list[str]:
    """The stakeholder ids to survey: those asked for (each must exist), else every
    active stakeholder, by name."""
    people = graph.stakeholder_by_id
    if stakeholders is not None:
        chosen = list(dict.fromkeys(stakeholders))
        missing = [pid for pid in chosen if pid not in people]
        if missing:
            raise InvalidInput(
                [f"account {graph.account.id!r} has no stakeholder {pid!r}" for pid in missing]
            )
        return chosen
    active = [p for p in graph.stakeholders if p.status is Status.active]
    return [p.id for p in sorted(active, key=lambda p: (p.name, p.id))]


def survey_rows(
    graph: AccountGraph, people: list[str], lang: Language, supplier: str | None = None
) -> Iterator[tuple[str, list[str]]]:
    """(stakeholder id, row of cells) for every line of every questionnaire."""
    text = TEXT[lang]
    supplier = supplier or text["supplier"]
    for pid in people:
        person = graph.stakeholder_by_id[pid]
        base = [graph.account.id, pid, person.name]
        for item in ITEMS:
            question = item.question(lang).format(s=supplier)
            question = question[0].upper() + question[1:]
            yield pid, [*base, item.code, question, ""]
        yield pid, [*base, DATE_ITEM, text["date"], ""]
        yield pid, [*base, COMMENT_ITEM, text["comment"], ""]


def survey_csv(
    graph: AccountGraph, people: list[str], lang: Language, supplier: str | None = None
) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS[lang])
    for _, cells in survey_rows(graph, people, lang, supplier):
        writer.writerow([escape_formula(cell) for cell in cells])
    # A BOM so Excel opens the Chinese text as UTF-8.
    return "\ufeff" + buffer.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'")[:28] or "sheet"
    title, n = base, 2
    while title.lower() in taken:
        title = f"{base[:25]} ({n})"
        n += 1
    taken.add(title.lower())
    return title


def survey_xlsx(
    graph: AccountGraph, people: list[str], lang: Language, supplier: str | None = None
) -> bytes:
    """A workbook with one protected questionnaire sheet per stakeholder."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    text = TEXT[lang]
    shown_supplier = supplier or text["supplier"]
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    rows_by_person: dict[str, list[list[str]]] = {}
    for pid, cells in survey_rows(graph, people, lang, supplier):
        rows_by_person.setdefault(pid, []).append(cells)
    for pid in people:
        person = graph.stakeholder_by_id[pid]
        sheet = workbook.create_sheet(_sheet_title(person.name, taken))
        sheet["A1"] = text["title"].format(account=graph.account.name)
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = text["intro"].format(s=shown_supplier)
        sheet["A3"] = text["scale"]
        for cell in ("A2", "A3"):
            sheet[cell].alignment = Alignment(wrap_text=False)
        sheet.append([])
        sheet.append(list(HEADERS[lang]))
        for column in range(1, len(COLUMNS) + 1):
            sheet.cell(FIRST_TABLE_ROW, column).font = Font(bold=True)
        scores = DataValidation(
            type="whole",
            operator="between",
            formula1="1",
            formula2="5",
            allow_blank=True,
            showErrorMessage=True,
            error=text["invalid"],
        )
        sheet.add_data_validation(scores)
        for cells in rows_by_person[pid]:
            sheet.append(cells)
            row = sheet.max_row
            answer = sheet.cell(row, len(COLUMNS))
            answer.protection = Protection(locked=False)
            if cells[3] in ITEM_BY_CODE:
                scores.add(answer.coordinate)
            elif cells[3] == DATE_ITEM:
                answer.number_format = "yyyy-mm-dd"
        for letter, width in zip("ABCDEF", (14, 18, 18, 8, 70, 14), strict=True):
            sheet.column_dimensions[letter].width = width
        # The ids stay in the file (the import needs them) but out of the client's way.
        for letter in ("A", "B", "D"):
            sheet.column_dimensions[letter].hidden = True
        # Every cell is text as typed: openpyxl stores a string starting with "=" as a
        # formula, and a name such as =HYPERLINK(…) must not run on the client's machine.
        for row_cells in sheet.iter_rows():
            for cell in row_cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.protection.sheet = True
        sheet.freeze_panes = sheet.cell(FIRST_TABLE_ROW + 1, 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SurveyFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"


def survey_document(
    graph: AccountGraph,
    format: SurveyFormat,
    *,
    lang: Language = "en",
    stakeholders: Iterable[str] | None = None,
    supplier: str | None = None,
) -> tuple[bytes, int]:
    """The questionnaire file's bytes, and how many people it asks."""
    people = respondents(graph, stakeholders)
    if format is SurveyFormat.xlsx:
        return survey_xlsx(graph, people, lang, supplier), len(people)
    return survey_csv(graph, people, lang, supplier).encode("utf-8"), len(people)


# --- reading back ------------------------------------------------------------------


def _tables(path: Path, max_bytes: int) -> Iterator[tuple[str, list[list[str]]]]:
    """(name for messages, rows of cell text) of each sheet, or of the CSV file."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        with workbook_sheets(path, max_bytes=max_bytes) as sheets:
            for title, load in sheets:
                yield f"{path.name} [{title}]", load().rows
        return
    if suffix in (".csv", ".txt"):
        text = decode_text(read_file_bytes(path, max_bytes), path.name)
        rows = csv.reader(io.StringIO(text, newline=""))
        yield path.name, [[unescape_formula(cell) for cell in row] for row in rows]
        return
    raise BundleError(f"{path.name}: a filled-in survey is an .xlsx, .xls, .ods or a .csv file")


def _table_rows(name: str, cells: list[list[str]], report: ImportReport) -> list[_Row] | None:
    """The questionnaire rows below its header (found within the first rows)."""
    headers = [
        (index, [_HEADER_MAP.get(fold_header(cell)) for cell in row])
        for index, row in enumerate(cells[:20])
    ]
    found = [(i, columns) for i, columns in headers if "item" in columns and "answer" in columns]
    if not found:
        report.warnings.append(f"{name}: skipped, no survey table (item and answer columns)")
        return None
    index, columns = found[0]
    missing = [c for c in ("account", "stakeholder", "item", "answer") if c not in columns]
    if missing:
        report.add(name, "the survey table has no " + ", ".join(missing) + " column", row=index + 1)
        return None
    rows = []
    for number, row in enumerate(cells[index + 1 :], start=index + 2):
        values = {
            column: cell.strip()
            for column, cell in zip(columns, row, strict=False)
            if column is not None
        }
        if any(values.values()):
            rows.append(_Row(number, values))
    return rows


def _score(text: str) -> int | None:
    try:
        value = float(text.replace("，", ".").strip())
    except ValueError:
        return None
    return int(value) if value.is_integer() and 1 <= value <= 5 else None


def _half_up(values: list[int]) -> int:
    return math.floor(sum(values) / len(values) + 0.5)


def read_survey(
    path: Path,
    *,
    account_id: str,
    today: date | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportResult:
    """Filled-in questionnaires as assessments and survey interactions (module docstring)."""
    report = ImportReport()
    today = today or date.today()
    answered: dict[str, list[tuple[str, _Row]]] = {}
    try:
        for name, cells in _tables(path, max_bytes):
            rows = _table_rows(name, cells, report)
            if rows is None:
                continue
            report.files.append(name)
            report.rows += len(rows)
            for row in rows:
                account = row.values.get("account", "")
                if account and account != account_id:
                    report.add(
                        name,
                        f"this survey was made for account {account!r}, not {account_id!r}",
                        row=row.number,
                        column="account",
                    )
                    continue
                stakeholder = row.values.get("stakeholder", "")
                if not stakeholder:
                    report.add(name, "no stakeholder id", row=row.number, column="stakeholder")
                    continue
                answered.setdefault(stakeholder, []).append((name, row))
    except BundleError as error:
        report.add(path.name, str(error))
        return ImportResult(None, report)
    if not report.files and not report.errors:
        report.add(path.name, "no survey table found (a header with item and answer columns)")
    assessments: list[Assessment] = []
    interactions: list[Interaction] = []
    for stakeholder, lines in answered.items():
        made = _questionnaire(stakeholder, lines, account_id, today, report)
        if made is not None:
            assessments.append(made[0])
            interactions.append(made[1])
    if not assessments and not report.errors and report.files:
        report.add(path.name, "no questionnaire in it is answered (every answer is blank)")
    if report.errors:
        return ImportResult(None, report)
    bundle = AccountBundle(
        account_id=account_id, assessments=tuple(assessments), interactions=tuple(interactions)
    )
    return ImportResult(bundle, report)


def _questionnaire(
    stakeholder: str,
    rows: list[tuple[str, _Row]],
    account_id: str,
    today: date,
    report: ImportReport,
) -> tuple[Assessment, Interaction] | None:
    """One stakeholder's answers, checked; None (with errors or a warning) if unusable.
    Messages name the respondent as the questionnaire does, the id when it has no name."""
    who = next((row.values["respondent"] for _, row in rows if row.values.get("respondent")), "")
    who = who or stakeholder
    if not any(row.values.get("answer") for _, row in rows):
        report.warnings.append(f"{who}: not answered, skipped")
        return None
    scores: dict[str, list[int]] = {name: [] for name in SCORE_FIELDS}
    seen: set[str] = set()
    when: date | None = None
    comment = ""
    errors_before = len(report.errors)
    for name, row in rows:
        code = row.values.get("item", "")
        answer = row.values.get("answer", "")
        code_key = code.upper() if code.upper() in ITEM_BY_CODE else code.lower()
        if code_key in seen:
            report.add(name, f"item {code} appears twice", row=row.number, column="item")
            continue
        seen.add(code_key)
        if code_key in ITEM_BY_CODE:
            value = _score(answer)
            if value is None:
                problem = (
                    "is not answered (a whole number from 1 to 5)"
                    if not answer
                    else f"{answer!r} is not a whole number from 1 to 5"
                )
                report.add(
                    name,
                    f"{code_key}: {problem}",
                    row=row.number,
                    column="answer",
                )
                continue
            scores[ITEM_BY_CODE[code_key].dimension].append(value)
        elif code_key == DATE_ITEM:
            if answer:
                try:
                    when = date.fromisoformat(answer[:10])
                except ValueError:
                    report.add(
                        name,
                        f"{answer!r} is not a date (YYYY-MM-DD)",
                        row=row.number,
                        column="answer",
                    )
        elif code_key == COMMENT_ITEM:
            comment = answer
        else:
            report.add(name, f"unknown item {code!r}", row=row.number, column="item")
    unanswered = [item.code for item in ITEMS if item.code not in seen]
    if unanswered:
        where = rows[0][0]
        report.add(where, f"{who}: items {', '.join(unanswered)} are missing")
    if len(report.errors) > errors_before:
        return None
    if when is None:
        when = today
        report.warnings.append(f"{who}: no answer date, recorded as {today.isoformat()}")
    try:
        assessment = Assessment(
            account_id=account_id,
            date=when,
            stakeholder=stakeholder,
            **{name: _half_up(values) for name, values in scores.items()},
        )
        interaction = Interaction(
            account_id=account_id,
            date=when,
            stakeholders=(stakeholder,),
            type="survey",
            note=comment,
        )
    except ValidationError as error:
        for field, message in validation_problems(error):
            report.add(rows[0][0], f"{stakeholder}: {field} {message}")
        return None
    return assessment, interaction
