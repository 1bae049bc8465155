"""The translation catalogue: one source of every word, complete, consistent with
the glossary, and the way late additions to the old Python tables move into it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import DictLoader

from api.web.text import TEXT
from graph import i18n
from graph.analysis import wording
from graph.vocabulary import LABELS, display_label, label_key, parse_label
from scripts import catalogue
from visualize.html import template_environment


@pytest.fixture
def scratch_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogue the test may change; the real one is read again after."""
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    i18n.entries.cache_clear()
    i18n.translations.cache_clear()
    yield tmp_path / "locale"
    monkeypatch.undo()
    i18n.entries.cache_clear()
    i18n.translations.cache_clear()


def test_no_text_is_left_in_the_old_python_tables() -> None:
    left = [entry.key for entry in catalogue.legacy_entries()]
    assert left == [], f"keys not in the catalogue: {left}; run python -m scripts.catalogue"


def test_the_catalogue_has_no_problems() -> None:
    """Every text has Chinese with the same placeholders, every vocabulary value a
    label, and the glossary holds (what `python -m scripts.catalogue check` prints)."""
    assert catalogue.problems() == []


def test_every_chinese_label_reads_back_as_its_value() -> None:
    """A label the pages show can be typed back into a form or a file."""
    for enum_cls in LABELS:
        for member in enum_cls:
            shown = display_label(member, "zh")
            assert parse_label(enum_cls, shown, field="value") is member, label_key(member)


def test_the_glossary_decides_each_term_once() -> None:
    terms = {term.en: term for term in catalogue.glossary()}
    assert terms["power"].zh == "影响力" and "权力" in terms["power"].rejected
    assert terms["warmth"].zh == "关系热度" and terms["stance"].zh == "态度"
    assert terms["coverage"].zh == "覆盖率"
    # Each term is said the same way wherever the catalogue uses it.
    assert TEXT["zh"]["power"] == "影响力" == wording.say("zh", "power", power=1, basis="x")[:3]
    assert TEXT["zh"]["warmth"] == "关系热度"


def test_a_breach_of_the_glossary_is_named() -> None:
    bad = [i18n.Entry("page.x", "Power", "权力"), i18n.Entry("page.y", "coverage gap", "覆盖缺口")]
    assert catalogue.breaches(bad) == [
        "page.x: 'power' is 影响力: '权力'",
        "page.x: 权力 is not used, say 影响力: '权力'",
    ]


def test_a_late_addition_to_an_old_table_is_read_then_moved_into_the_catalogue(
    scratch_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a merge of a branch made before the catalogue brings, and the one command."""
    monkeypatch.setitem(TEXT["en"], "late_word", "Late word")
    monkeypatch.setitem(TEXT["zh"], "late_word", "新词")
    monkeypatch.setitem(wording.SENTENCES, "late_sentence", ("{n} late", "{n} 个迟到"))
    monkeypatch.setitem(TEXT["zh"], "power", "权力")  # a merge that brought an old word back
    assert TEXT["zh"]["late_word"] == "新词"  # read from the old table meanwhile
    assert wording.say("zh", "late_sentence", n=2) == "2 个迟到"
    assert TEXT["zh"]["power"] == "影响力"  # the catalogue wins where it has the key
    assert {e.key for e in catalogue.legacy_entries()} == {
        "page.late_word",
        "page.power",
        "say.late_sentence",
    }

    moved = catalogue.move(catalogue.legacy_entries())

    assert sorted(moved) == [
        "added page.late_word: 'Late word' / '新词'",
        "added say.late_sentence: '{n} late' / '{n} 个迟到'",
        "kept page.power as the catalogue has it ('Power' / '影响力'); "
        "the table says 'Power' / '权力'",
    ]
    assert i18n.text("zh", "page.power") == "影响力"
    po = (scratch_catalogue / "zh" / "LC_MESSAGES" / "stakegraph.po").read_text("utf-8")
    assert 'msgctxt "page.late_word"\nmsgid "Late word"\nmsgstr "新词"' in po
    assert i18n.text("zh", "page.late_word") == "新词"
    assert i18n.translations("zh").pgettext("say.late_sentence", "{n} late") == "{n} 个迟到"


def test_templates_translate_through_the_jinja_i18n_extension() -> None:
    env = template_environment("zh")
    env.loader = DictLoader(
        {
            "t.html": "{{ pgettext('page.save', 'Save') }}|{% trans %}Save{% endtrans %}|"
            "{{ _('Role') }}|{{ pgettext('page.member_role', 'Role') }}|{{ _('not in it') }}"
        }
    )
    # "Role" is 岗位 for a team member and 角色 for a user: only its key decides.
    assert env.get_template("t.html").render() == "保存|保存|Role|岗位|not in it"
    assert template_environment("en").from_string("{{ pgettext('page.save', 'Save') }}").render() == "Save"


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("id: is required; name: is required", "编号：必填；姓名：必填"),
        ("value: '5' cannot influence themself", "王五 不能影响自己"),
        ("strength: Input should be less than or equal to 5", "关系强度：应小于或等于 5"),
        (
            "people.csv row 3, column stance: 'frend' is not a stance: did you mean supporter "
            "(friendly)? use one of champion, supporter (or 拥护者, 支持者)",
            "people.csv 第 3 行，stance 列：'frend' 不是有效的态度：是否想填 支持者？可选：拥护者, 支持者",
        ),
        ("account 'acme' does not exist", "客户 'acme' 不存在"),
        ("people.csv: skipped unknown columns 'foo'", "people.csv：未读取的未知列：'foo'"),
        ("a message no template knows", "a message no template knows"),
    ],
)
def test_errors_read_in_chinese_with_names_for_ids(english: str, chinese: str) -> None:
    assert i18n.translate("zh", english, names={"5": "王五"}) == chinese
    assert i18n.translate("en", english) == english


def test_every_visible_code_has_a_label_in_both_languages() -> None:
    codes = {
        "risk": ("low", "medium", "high"),
        "gap": ("unknown_key_person", "opponent", "missing_role", "single_threaded", "stale"),
        "signal": ("order_frequency_drop", "severe_tickets_open", "key_contact_left"),
        "code": ("no_owner",),
    }
    for kind, values in codes.items():
        for value in values:
            english, chinese = (wording.code_label(lang, kind, value) for lang in ("en", "zh"))
            assert english != value or "_" not in value, (kind, value)
            assert chinese != english and not chinese.isascii(), (kind, value)


@pytest.mark.parametrize(
    "message",
    [
        "; ".join(["name: is required"] * 2_000),
        "id: " * 2_000 + "is required",
        "reporting lines form a cycle: " + " → ".join(["a; b: c"] * 600),
    ],
)
def test_a_message_nested_beyond_reason_is_left_as_written_not_a_crash(message: str) -> None:
    # Ids full of '; ' and ': ' once made translate recurse past Python's limit (a 500).
    assert i18n.translate("zh", message)
