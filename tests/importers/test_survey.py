"""The relationship survey: filled in as a client would, it comes back as exactly the
assessments the answers make; a bad answer is named by row and column and nothing is written."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from graph.model import Assessment
from graph.store import GraphStore
from graph.vocabulary import Language
from importers.formats import ImportFormat, read_import
from importers.survey import ITEMS, SurveyFormat, read_survey, survey_document
from tests.factories import graph_of, small_org

TODAY = date(2026, 11, 23)
ANSWERS = {
    # stakeholder → item code → answer; trust (4,5)→5 half up, satisfaction (3,3)→3,
    # communication (2,3)→3, loyalty (5,4)→5
    "zhou": {"T1": 4, "T2": 5, "S1": 3, "S2": 3, "C1": 2, "C2": 3, "L1": 5, "L2": 4},
    # trust (1,2)→2, satisfaction (2,2)→2, communication (1,1)→1, loyalty (3,4)→4
    "li": {"T1": 1, "T2": 2, "S1": 2, "S2": 2, "C1": 1, "C2": 1, "L1": 3, "L2": 4},
}
EXPECTED = {
    "zhou": {"trust": 5, "satisfaction": 3, "communication": 3, "loyalty": 5},
    "li": {"trust": 2, "satisfaction": 2, "communication": 1, "loyalty": 4},
}


def write_survey(tmp_path: Path, format: SurveyFormat, lang: Language) -> Path:
    graph = graph_of(small_org("acme"))
    data, people = survey_document(graph, format, lang=lang, supplier="Acme Soft")
    assert people == 5  # every active stakeholder
    path = tmp_path / f"survey.{format.value}"
    path.write_bytes(data)
    return path


def fill_workbook(path: Path, answers: dict[str, dict[str, object]], day: object) -> None:
    """What a client does in Excel: type into the answer cells of their own sheet."""
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=6):
            stakeholder, item, answer = row[1].value, row[3].value, row[5]
            if stakeholder not in answers:
                continue
            assert sheet.protection.sheet and not answer.protection.locked
            if item in answers[stakeholder]:
                answer.value = answers[stakeholder][item]
            elif item == "date":
                answer.value = day
            elif item == "comment":
                answer.value = f"comment from {stakeholder}: <b>faster support</b>"
    workbook.save(path)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_filled_workbook_imports_as_exactly_the_assessments_it_answers(
    tmp_path: Path, lang: Language
) -> None:
    path = write_survey(tmp_path, SurveyFormat.xlsx, lang)
    workbook = load_workbook(path)
    first = workbook.worksheets[0]
    questions = [row[4].value for row in first.iter_rows(min_row=6)]
    wanted = [i.question(lang).format(s="Acme Soft") for i in ITEMS]
    assert questions[: len(ITEMS)] == [q[0].upper() + q[1:] for q in wanted]
    assert first.column_dimensions["B"].hidden  # the ids stay out of the client's way
    fill_workbook(path, ANSWERS, date(2026, 11, 20))  # Excel stores a typed date as a date

    result = read_import(path, account_id="acme", format=ImportFormat.survey)
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    got = {a.stakeholder: a for a in result.bundle.assessments}
    assert set(got) == set(EXPECTED)
    for stakeholder, scores in EXPECTED.items():
        assert got[stakeholder] == Assessment(
            account_id="acme", date=date(2026, 11, 20), stakeholder=stakeholder, **scores
        )
    notes = {i.stakeholders: (i.type.value, i.note) for i in result.bundle.interactions}
    assert notes[("li",)] == ("survey", "comment from li: <b>faster support</b>")
    # The three people who did not answer are skipped, said so.
    skipped = [w for w in result.report.warnings if w.endswith("not answered, skipped")]
    assert len(skipped) == 3


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def fill_csv(path: Path, answers: dict[str, dict[str, object]], day: str) -> list[list[str]]:
    rows = _csv_rows(path)
    for row in rows[1:]:
        stakeholder, item = row[1], row[3]
        if stakeholder in answers and item in answers[stakeholder]:
            row[5] = str(answers[stakeholder][item])
        elif stakeholder in answers and item == "date":
            row[5] = day
    _write_csv(path, rows)
    return rows


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_filled_csv_imports_as_exactly_the_assessments_it_answers(
    tmp_path: Path, lang: Language
) -> None:
    path = write_survey(tmp_path, SurveyFormat.csv, lang)
    header = _csv_rows(path)[0]
    assert header[5] == ("回答" if lang == "zh" else "answer")
    fill_csv(path, ANSWERS, "2026-11-20")
    result = read_survey(path, account_id="acme", today=TODAY)
    assert result.report.errors == [] and result.bundle is not None
    assert {
        a.stakeholder: {k: getattr(a, k) for k in EXPECTED["li"]} for a in result.bundle.assessments
    } == EXPECTED


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("6", "T2: '6' is not a whole number from 1 to 5"),
        ("", "T2: is not answered (a whole number from 1 to 5)"),
        ("very good", "T2: 'very good' is not a whole number from 1 to 5"),
        ("0", "T2: '0' is not a whole number from 1 to 5"),
        ("3.5", "T2: '3.5' is not a whole number from 1 to 5"),
    ],
)
def test_a_bad_answer_is_named_by_row_and_column_and_nothing_is_written(
    store: GraphStore, acme: str, tmp_path: Path, bad: str, message: str
) -> None:
    from api.services.importing import import_file as import_bundle

    store.bulk_upsert(small_org("acme"))
    before = store.account_graph("acme")
    path = write_survey(tmp_path, SurveyFormat.csv, "en")
    answers = {who: dict(items) for who, items in ANSWERS.items()}
    answers["li"]["T2"] = bad  # type: ignore[assignment]
    rows = fill_csv(path, answers, "2026-11-20")
    row_number = next(n for n, r in enumerate(rows, start=1) if r[1] == "li" and r[3] == "T2")
    report = import_bundle(store, path, account_id="acme", format=ImportFormat.survey)
    assert [(e.file, e.row, e.column, e.message) for e in report.errors] == [
        ("survey.csv", row_number, "answer", message)
    ]
    assert not report.written
    assert store.account_graph("acme") == before  # zhou's good answers were not written either


def test_the_same_filled_survey_imported_twice_changes_nothing_the_second_time(
    store: GraphStore, acme: str, tmp_path: Path
) -> None:
    from api.services.importing import import_file as import_bundle

    store.bulk_upsert(small_org("acme"))
    path = write_survey(tmp_path, SurveyFormat.xlsx, "zh")
    fill_workbook(path, ANSWERS, "2026-11-20")  # typed as text this time
    first = import_bundle(store, path, account_id="acme", format=ImportFormat.survey)
    assert first.errors == [] and first.created == 4  # two assessments, two survey notes
    again = import_bundle(store, path, account_id="acme", format=ImportFormat.survey)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    stored = {
        a.stakeholder
        for a in store.account_graph("acme").assessments
        if a.date == date(2026, 11, 20)
    }
    assert stored == {"zhou", "li"}


def test_a_survey_for_another_account_or_left_blank_is_refused(tmp_path: Path) -> None:
    path = write_survey(tmp_path, SurveyFormat.csv, "en")
    blank = read_survey(path, account_id="acme", today=TODAY)
    assert blank.bundle is None
    assert [e.message for e in blank.report.errors] == [
        "no questionnaire in it is answered (every answer is blank)"
    ]
    fill_csv(path, ANSWERS, "2026-11-20")
    other = read_survey(path, account_id="globex", today=TODAY)
    assert other.bundle is None
    assert other.report.errors[0].message == "this survey was made for account 'acme', not 'globex'"
    assert other.report.errors[0].column == "account"


def test_without_an_answer_date_the_import_day_is_used_and_said(tmp_path: Path) -> None:
    path = write_survey(tmp_path, SurveyFormat.csv, "en")
    fill_csv(path, {"li": ANSWERS["li"]}, "")
    result = read_survey(path, account_id="acme", today=TODAY)
    assert result.bundle is not None and result.bundle.assessments[0].date == TODAY
    assert "李娜: no answer date, recorded as 2026-11-23" in result.report.warnings  # by name


def test_the_survey_names_people_as_text_and_only_those_asked(tmp_path: Path) -> None:
    from tests.factories import hostile_org

    graph = hostile_org("acme")
    data, people = survey_document(graph, SurveyFormat.xlsx, stakeholders=["li", "zhou"])
    assert people == 2
    path = tmp_path / "s.xlsx"
    path.write_bytes(data)
    workbook = load_workbook(path)
    assert len(workbook.worksheets) == 2
    names = {row[2].value for sheet in workbook.worksheets for row in sheet.iter_rows(min_row=6)}
    assert names == {graph.stakeholder_by_id["li"].name, graph.stakeholder_by_id["zhou"].name}
    assert all(len(sheet.title) <= 31 for sheet in workbook.worksheets)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=st.text(max_size=12) | st.integers(-10, 10).map(str))
def test_any_answer_is_either_a_score_or_a_located_error(tmp_path: Path, answer: str) -> None:
    path = write_survey(tmp_path, SurveyFormat.csv, "en")
    answers = {"li": dict(ANSWERS["li"])}
    answers["li"]["C1"] = answer  # type: ignore[assignment]
    fill_csv(path, answers, "2026-11-20")
    result = read_survey(path, account_id="acme", today=TODAY)
    if result.bundle is None:
        # Located by row, or (a NUL byte) the whole file refused as not text.
        assert all(e.row is not None or "NUL" in e.message for e in result.report.errors)
        assert result.report.errors
    else:
        (assessment,) = result.bundle.assessments
        assert assessment.communication is not None and 1 <= assessment.communication <= 5
