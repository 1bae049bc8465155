"""Plain-text renderings for a terminal: the `analyze` report, a history line, the
portfolio table. Chinese characters take two columns; `_padded` keeps tables aligned."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from graph import i18n
from graph.analysis import wording
from graph.analysis.portfolio import NO_OWNER, Portfolio
from graph.analysis.results import AccountAnalysis
from graph.history import ERASURE_KIND, Change
from graph.i18n import Words
from graph.names import entity_label, field_in_words
from graph.vocabulary import Language, display_label

REPORT_WORDS: dict[Language, Words] = i18n.table("cli")
"""The terminal reports' words: the catalogue's `cli.<key>` texts (graph/locale)."""

def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _padded(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns: a Chinese character takes two."""
    used = sum(_columns(char) for char in text)
    return text + " " * max(0, width - used)


def fitted(text: str, width: int) -> str:
    """`text` in a table cell `width` terminal columns wide: cut with `…` to leave at
    least one column of space before the next cell, then padded (`_padded`)."""
    if sum(_columns(char) for char in text) < width:
        return _padded(text, width)
    kept, used = "", 1  # the ellipsis
    for char in text:
        if used + _columns(char) > width - 1:
            break
        kept, used = kept + char, used + _columns(char)
    return _padded(kept + "…", width)


def percent(share: float) -> str:
    """A 0..1 share as the pages show it: `0.2` → `20%` (JSON output keeps 0..1)."""
    return f"{round(share * 100)}%"


def analysis_report(analysis: AccountAnalysis, lang: Language = "en") -> str:
    """The readable `analyze` report: key people, gaps, top five actions."""
    words = REPORT_WORDS[lang]
    people = {p.id: p for p in analysis.stakeholders}
    health = analysis.health
    listed = wording.separator(lang, "list")
    lines = [
        f"{analysis.account.name} — {words['as_of']} {analysis.as_of}",
        f"{words['coverage']} {percent(analysis.coverage.score)}"
        + (words["single"] if analysis.coverage.single_threaded else "")
        + f" · {words['health']} "
        + (f"{health.score:.0f}/100" if health.score is not None else words["unknown"])
        + (words["trend"].format(trend=health.trend) if health.trend is not None else "")
        + f" · {words['risk']} {wording.risk_level(lang, health.risk.level)}",
        "",
        words["people"],
    ]
    for pid in analysis.key_decision_makers:
        p = people[pid]
        roles = listed.join(display_label(role, lang) for role in p.roles) or "-"
        stance = display_label(p.stance, lang)
        lines.append(
            f"  {_padded(p.name, 18)} {p.power:5.2f}  {_padded(stance, 9)} {p.warmth:6.2f}  {roles}"
        )
    if analysis.hidden_influencers:
        lines.append(
            words["hidden"] + listed.join(people[i].name for i in analysis.hidden_influencers)
        )
    if analysis.brokers:
        lines.append(words["brokers"] + listed.join(people[i].name for i in analysis.brokers))
    if analysis.decision_chain.layers:
        chain = "  ←  ".join(
            listed.join(people[i].name for i in layer) for layer in analysis.decision_chain.layers
        )
        lines.append(words["chain"] + chain)
    latest = {name: periods[max(periods)] for name, periods in health.dimensions.items() if periods}
    if latest:
        lines.append(
            words["dimensions"]
            + " · ".join(
                f"{wording.dimension(lang, name)} {value:.1f}" for name, value in latest.items()
            )
        )
    gaps = [f"  - {gap.explanation}" for gap in analysis.coverage.gaps]
    lines += ["", words["gaps"], *(gaps or [f"  {words['none']}"])]
    lines += ["", words["churn"] + wording.risk_level(lang, health.risk.level)]
    lines += [
        f"  - ({wording.risk_level(lang, s.level)}) {s.explanation}" for s in health.risk.signals
    ]
    lines += ["", words["actions"]]
    lines += [
        f"  {n}. {action.explanation}" for n, action in enumerate(analysis.actions[:5], start=1)
    ]
    return "\n".join(lines)


def describe_change(change: Change, names: Mapping[str, str] | None = None) -> str:
    """`updated stakeholder 周敏: title CEO → Chair`: people and members by `names`
    (graph.names.names_by_id; by id without them), codes by their label."""
    known = names or {}
    if change.kind == ERASURE_KIND:
        return f"erased the personal data of stakeholder {'/'.join(change.key)!r}"
    record = change.after if change.after is not None else change.before
    label = entity_label(change.kind, change.key, record, known) if names else "/".join(change.key)
    what = f"{change.action} {change.kind.removesuffix('s')} {label}"
    if change.before is None or change.after is None:
        return what
    fields = [
        f"{name} {field_in_words(change.kind, name, change.before.get(name), known)} → "
        f"{field_in_words(change.kind, name, change.after.get(name), known)}"
        for name in sorted(change.after)
        if change.before.get(name) != change.after.get(name)
    ]
    return what + (": " + "; ".join(fields) if fields else "")


def portfolio_lines(overview: Portfolio, lang: Language = "en") -> list[str]:
    """The `portfolio` table: one line per account (and its risk when not low), then
    reps; headings, risk levels and yes/no in `lang`."""
    words = REPORT_WORDS[lang]
    lines = [words["portfolio"]]
    for row in overview.accounts:
        health = f"{row.health:6.0f}" if row.health is not None else "     -"
        scores = "  ".join(
            f"{value:5.1f}" if value is not None else "    -"
            for value in (row.trust, row.satisfaction, row.communication, row.loyalty)
        )
        single = words["yes"] if row.single_threaded else words["no"]
        lines.append(
            f"{_padded(row.account, 20)} {percent(row.coverage):>8}  {health}  "
            f"{_padded(wording.risk_level(lang, row.risk), 6)}  {scores}  "
            f"{_padded(single, 6)}  {row.owner or '-'}"
        )
        if row.risk != "low":
            lines.append(f"  {row.risk_explanation}")
    for rep in overview.reps:
        lines.append(
            words["rep"].format(
                owner=wording.code_label(lang, "code", "no_owner")
                if rep.owner == NO_OWNER
                else rep.owner,
                accounts=rep.accounts,
                coverage=percent(rep.mean_coverage),
                high=rep.high_risk,
                single=rep.single_threaded,
            )
        )
    return lines


def what_if_lines(explanation: str, opened: list[str], closed: list[str], lang: Language) -> list[str]:
    """The `whatif` answer: its sentence, then each gap it opens and closes."""
    words = REPORT_WORDS[lang]
    return [
        explanation,
        *(words["opens"] + gap for gap in opened),
        *(words["closes"] + gap for gap in closed),
    ]
