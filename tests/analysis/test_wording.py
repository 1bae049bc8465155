"""Explanations in Chinese: every sentence has both languages, and a Chinese analysis
of the demo account reads as Chinese, its numbers the same as in English."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graph import i18n
from graph.analysis import wording
from graph.analysis.account import analyze_account
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import warm_path
from graph.analysis.whatif import what_if_removed
from graph.model import AccountGraph
from importers.bundle import read_bundle
from tests.factories import graph_of

# Values the English templates need for articles (plurals are in the template); Chinese has none.
ENGLISH_ONLY = {"article"}
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words of the English templates: none may be left in a Chinese explanation.
ENGLISH_WORDS = re.compile(
    r"\b(power|coverage|strength|days|relationship|signals?|barely|route|decision|"
    r"identified|contact|orders?|ticket|fell|warmth|without|gaps?|advise|shapes)\b"
)


@pytest.mark.parametrize("key", sorted(i18n.keys("say")))
def test_every_sentence_says_the_same_in_both_languages(key: str) -> None:
    english, chinese = wording.say_template("en", key), wording.say_template("zh", key)
    assert wording.placeholders(chinese) == wording.placeholders(english) - ENGLISH_ONLY
    assert CJK.search(chinese) or not CJK.search(english), key


def demo() -> AccountGraph:
    folder = Path(__file__).resolve().parents[2] / "importers" / "demo"
    bundle = read_bundle(folder, account_id="demo").bundle
    assert bundle is not None
    return graph_of(bundle)


def explanations(graph: AccountGraph, params: AnalysisParams) -> list[str]:
    analysis = analyze_account(graph, params)
    texts = [person.explanation for person in analysis.stakeholders]
    texts += [gap.explanation for gap in analysis.coverage.gaps]
    texts += [action.explanation for action in analysis.actions]
    texts += [analysis.decision_chain.explanation, analysis.health.risk.explanation]
    texts += [signal.explanation for signal in analysis.health.risk.signals]
    texts.append(what_if_removed(graph, stakeholder="li-na", params=params).explanation)
    texts.append(warm_path(graph, "qian-li", params).explanation)
    texts.append(warm_path(graph, "nobody-here", params).explanation)
    return texts


def test_a_chinese_analysis_of_the_demo_reads_as_chinese() -> None:
    graph = demo()
    params = AnalysisParams(as_of=date(2026, 11, 23), lang="zh")
    texts = explanations(graph, params)
    assert len(texts) > 30
    for text in texts:
        assert CJK.search(text), text
        assert not ENGLISH_WORDS.search(text), text
    english = explanations(graph, params.model_copy(update={"lang": "en"}))
    assert all(ENGLISH_WORDS.search(text) for text in english[:5])
    # The language changes the words, never the numbers.
    zh_analysis = analyze_account(graph, params).model_dump(exclude={"stakeholders"})
    en_analysis = analyze_account(graph, params.model_copy(update={"lang": "en"})).model_dump(
        exclude={"stakeholders"}
    )
    assert [a["expected_coverage_change"] for a in zh_analysis["actions"]] == [
        a["expected_coverage_change"] for a in en_analysis["actions"]
    ]
    assert zh_analysis["health"]["risk"]["level"] == en_analysis["health"]["risk"]["level"]


def test_chinese_sentences_by_hand() -> None:
    assert wording.say("zh", "days_ago", n=140) == "140 天前"
    assert wording.names("zh", ["李娜", "王伟", "孙浩"]) == "李娜、王伟和孙浩"
    assert wording.names("en", ["Li Na", "Wang Wei", "Sun Hao"]) == "Li Na, Wang Wei and Sun Hao"
    assert (
        wording.say("zh", "low_health", health=41.6, threshold=50.0)
        == "客户关系健康度为 42/100，低于 50"
    )


def test_what_changed_reads_as_chinese() -> None:
    from datetime import UTC, datetime

    from graph.analysis.changes import account_changes
    from graph.model import Stakeholder

    before = demo()
    zhou = before.stakeholder_by_id["zhou-min"]
    people = [p for p in before.stakeholders if p.id != "zhou-min"]
    people.append(zhou.model_copy(update={"stance": zhou.stance.__class__("supporter")}))
    people.append(Stakeholder(account_id="demo", id="new-cio", name="新任信息总监", title="CIO"))
    after = before.replace(Stakeholder, people)
    found = account_changes(
        before,
        after,
        since=datetime(2026, 9, 30, tzinfo=UTC),
        until=datetime(2026, 11, 23, tzinfo=UTC),
        lang="zh",
    )
    assert "新任信息总监 加入了关系图（CIO）" in found.changes
    assert "周敏 的态度从反对者变为支持者" in found.changes
    for sentence in found.changes:
        assert CJK.search(sentence) and not ENGLISH_WORDS.search(sentence), sentence


def test_english_sentences_agree_with_their_counts() -> None:
    assert wording.say("en", "advised_by", n=1) == "1 person advises them"
    assert wording.say("en", "advised_by", n=3) == "3 people advise them"
    assert wording.say("en", "days_ago", n=1) == "1 day ago"
    assert (
        wording.say("en", "chain", n=1, k=1, names="Zhou")
        == "1 person in 1 layer feeds the decision of Zhou"
    )
    assert (
        wording.say("en", "chain", n=4, k=2, names="Zhou")
        == "4 people in 2 layers feed the decision of Zhou"
    )
    sentence = wording.say(
        "en", "what_if", name="Li", before=0.2, after=0.13, change=-0.07, opened=1, closed=2
    )
    assert sentence == "without Li, coverage goes from 20% to 13% (-7%); 1 gap opens, 2 close"
    assert wording.say("zh", "advised_by", n=1) == "有 1 人向其提供意见"


def test_coverage_reads_in_percent_in_every_sentence() -> None:
    assert wording.percent(0.2) == "20%"
    assert wording.percent(0.07, signed=True) == "+7%"
    assert wording.percent(0.004, signed=True) == "+0.4%"
    assert wording.percent(0.0, signed=True) == "+0%"
    for english, chinese in wording.SENTENCES.values():
        for template in (english, chinese):
            assert "coverage {change:+.2f}" not in template and "覆盖 {change:+.2f}" not in template
