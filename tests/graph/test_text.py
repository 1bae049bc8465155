"""Text is normalised once, at the boundary, whichever way it comes in (graph/text.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from graph.errors import describe_validation_error
from graph.model import Account, Interaction, Stakeholder, TeamMember
from graph.text import InvalidText, normal_text
from importers.bundle import read_bundle
from importers.formats import read_import

CASES = Path(__file__).resolve().parents[3] / "shared" / "cases" / "files"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Zhang\u00a0Wei", "Zhang Wei"),  # no-break space
        ("欧阳\u3000娜", "欧阳娜"),  # 全角空格 between Chinese characters: padding
        ("王 伟", "王伟"),  # a plain one too
        ("Li\u3000Na", "Li Na"),  # between Latin letters it stays a space
        ("张\u3000Wei", "张 Wei"),  # between Chinese and Latin, too
        ("  Ann \t  Lee\n", "Ann Lee"),  # runs of whitespace, surrounding whitespace
        ("Ann\u200bLee\ufeff", "AnnLee"),  # zero-width space, BOM
        ("👩\u200d💼 Lee", "👩\u200d💼 Lee"),  # a joiner holds an emoji sequence together
        ("\u2060Bo\u202fChen", "Bo Chen"),  # word joiner, narrow no-break space
        ("Zoe\u0308", "Zoë"),  # NFC: e + combining diaeresis is ë
        ("Line\u2028two", "Line two"),
    ],
)
def test_single_line_text_is_normalised(typed: str, stored: str) -> None:
    assert normal_text(typed) == stored


def test_multiline_text_keeps_its_lines_and_tabs_with_one_kind_of_line_break() -> None:
    typed = "\u00a0first\r\nsecond\rthird\u2028fourth\x0bfifth\tcell\u200d \n"
    assert normal_text(typed, multiline=True) == "first\nsecond\nthird\nfourth\nfifth\tcell\u200d"


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("Ann\x07", "the control character U+0007 at character 4"),
        ("\x1b[31mred", "the control character U+001B at character 1"),
        ("a\x7f", "the control character U+007F at character 2"),
        ("a\x9b", "the control character U+009B at character 2"),
        ("x\ud800y", "a lone surrogate U+D800 (broken UTF-16) at character 2"),
        ("bad\ufffe", "the non-character U+FFFE at character 4"),
        ("bad\uffff", "the non-character U+FFFF at character 4"),
        ("nul\x00", "the control character U+0000 at character 4"),
    ],
)
def test_characters_no_export_can_hold_are_refused_by_name(typed: str, named: str) -> None:
    with pytest.raises(InvalidText, match=re.escape(f"contains {named}; remove it")):
        normal_text(typed)
    with pytest.raises(InvalidText):
        normal_text(typed, multiline=True)


def test_every_entity_field_is_normalised_and_refusals_name_the_field() -> None:
    person = Stakeholder(
        account_id="acme",
        id="Zhang\u00a0Wei",
        name="Zhang\u00a0Wei",
        title="\u3000Deputy Director",
        roles=["coach\u200b"],
        reports_to="欧阳\u3000娜",
        notes="a\r\nb",
    )
    assert (person.id, person.title, person.reports_to, person.notes) == (
        "Zhang Wei",
        "Deputy Director",
        "欧阳娜",
        "a\nb",
    )
    event = Interaction(account_id="acme", date="2024-03-05", stakeholders=["Zhang\u00a0Wei"])
    assert event.stakeholders == ("Zhang Wei",)
    assert Account(id=" acme\u00a0", name="Acme\u3000集团", team=["rep\u200b-1"]).team == ("rep-1",)
    with pytest.raises(ValidationError) as caught:
        TeamMember(account_id="acme", id="r1", name="Rep", email="rep@x.cn\x00")
    assert describe_validation_error(caught.value) == [
        "email: contains the control character U+0000 at character 9; remove it"
    ]


def test_a_refused_name_is_reported_once_not_again_for_the_id_taken_from_it() -> None:
    with pytest.raises(ValidationError) as caught:
        Stakeholder(account_id="acme", name="Ann\x07")
    assert describe_validation_error(caught.value) == [
        "name: contains the control character U+0007 at character 4; remove it"
    ]


def test_the_shared_nbsp_and_fullwidth_space_case_imports_with_references_resolved() -> None:
    result = read_import(CASES / "12-utf8bom-nbsp-fullwidth-space.csv", account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    managers = {p.id: p.reports_to for p in result.bundle.stakeholders}
    # 欧阳　娜 (全角空格) is referenced as 欧阳娜, Zhang<NBSP>Wei as "Zhang Wei".
    assert managers == {"欧阳娜": None, "Zhang Wei": "欧阳娜", "李明": "Zhang Wei"}


def test_references_by_name_or_id_match_after_normalisation(tmp_path: Path) -> None:
    (tmp_path / "stakeholders.csv").write_text(
        "id,name,reports_to\nzw\u00a01,Zhang Wei,\nln,Li Na,zw 1\nsj,Sun Jie,Zhang\u3000Wei\n",
        encoding="utf-8",
    )
    (tmp_path / "influence.csv").write_text(
        "source,target\nLi\u00a0Na,zw\u200b 1\n", encoding="utf-8"
    )
    result = read_bundle(tmp_path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    assert {p.id: p.reports_to for p in result.bundle.stakeholders} == {
        "zw 1": None,
        "ln": "zw 1",
        "sj": "zw 1",
    }
    assert [(i.source, i.target) for i in result.bundle.influences] == [("ln", "zw 1")]


def test_ids_that_differ_only_in_spaces_are_one_person_reported_as_a_duplicate(
    tmp_path: Path,
) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name\nZhang\u00a0Wei,A\nZhang Wei,B\n", encoding="utf-8")
    result = read_bundle(path, account_id="acme")
    assert [str(e) for e in result.report.errors] == [
        "people.csv row 3: duplicate 'Zhang Wei' (first on row 2)"
    ]


def test_a_control_character_in_a_cell_is_named_by_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("姓名,职务\nAnn,CEO\nBo,C\x01FO\n", encoding="utf-8")
    result = read_bundle(path, account_id="acme")
    assert result.bundle is None
    assert [str(e) for e in result.report.errors] == [
        "people.csv row 3, column 职务: contains the control character U+0001 at character 2; "
        "remove it"
    ]


def test_a_lone_surrogate_in_json_is_refused_naming_where(tmp_path: Path) -> None:
    path = tmp_path / "acme.json"
    document = {"nodes": [{"id": "stakeholder:a", "type": "stakeholder", "name": "\ud83d"}]}
    path.write_text(json.dumps(document), encoding="utf-8")  # "\ud83d" as a JSON escape
    result = read_import(path, account_id="acme")
    assert result.bundle is None
    assert [str(e) for e in result.report.errors] == [
        "acme.json: nodes[0].name: contains a lone surrogate U+D83D (broken UTF-16) "
        "at character 1; remove it"
    ]
