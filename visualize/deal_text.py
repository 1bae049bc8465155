"""Plain-text renderings of deals for a terminal: `analyze --deal` and `pipeline`."""

from __future__ import annotations

from graph import i18n
from graph.analysis import wording
from graph.analysis.pipeline import Pipeline, PipelineRow
from graph.analysis.results import DealAnalysis
from graph.i18n import Words
from graph.vocabulary import DealStatus, Language, display_label
from visualize.text import _padded, fitted, percent

DEAL_WORDS: dict[Language, Words] = i18n.table("deal")
"""The deal reports' words: the catalogue's `deal.<key>` texts (graph/locale)."""


def amount(value: float | None, currency: str) -> str:
    """`8,000,000 CNY`; `—` without an amount."""
    return "—" if value is None else f"{value:,.0f} {currency}"


def _maybe(share: float | None) -> str:
    return "—" if share is None else percent(share)


def deal_report(analysis: DealAnalysis, lang: Language = "en") -> str:
    """The readable `analyze --deal` report."""
    words = DEAL_WORDS[lang]
    deal = analysis.deal
    lines = [
        words["deal"].format(
            name=deal.name,
            account=analysis.account.name,
            stage=deal.stage_label,
            amount=amount(deal.amount, deal.currency),
            as_of=analysis.as_of,
        ),
        words["coverage"].format(
            coverage=percent(analysis.coverage.score),
            bodies=_maybe(analysis.body_coverage),
            exposure=percent(analysis.competition.exposure),
        ),
    ]
    if not analysis.committee_recorded:
        lines.append(words["no_committee"])
    lines += ["", words["people"]]
    for person in analysis.people:
        roles = ", ".join(display_label(role, lang) for role in person.roles)
        lines.append(
            f"{_padded(person.name, 22)} {person.power:5.2f}  "
            f"{_padded(display_label(person.stance, lang), 10)} {person.warmth:5.2f}   {roles}"
            + ("" if person.on_committee else words["off"])
        )
    if analysis.bodies:
        lines += ["", words["bodies"]]
        lines += [
            f"  {body.explanation}" + (words["now"] if body.decides_now else "")
            for body in analysis.bodies
        ]
    lines += ["", words["scorecard"].format(score=percent(analysis.scorecard.score))]
    lines += [
        f"  {_padded(wording.meddpicc(lang, e.element), 18)} {e.explanation}"
        for e in analysis.scorecard.elements
    ]
    lines += ["", words["gaps"]]
    lines += [f"  - {gap.explanation}" for gap in analysis.coverage.gaps] or [f"  {words['none']}"]
    lines += ["", words["actions"]]
    lines += [f"  {i}. {a.explanation}" for i, a in enumerate(analysis.actions[:5], 1)] or [
        f"  {words['none']}"
    ]
    return "\n".join(lines)


WIDTHS = (25, 17, 11, 16, 8, 7, 7, 9)
"""Terminal columns of the pipeline table."""


def _cells(cells: list[str]) -> str:
    return "".join(fitted(cell, width) for cell, width in zip(cells, WIDTHS, strict=True))


def _row(row: PipelineRow) -> str:
    return _cells(
        [
            row.name,
            row.account_name,
            row.stage_label,
            amount(row.amount, row.currency),
            percent(row.qualification),
            percent(row.coverage),
            _maybe(row.body_coverage),
            percent(row.exposure),
        ]
    )


def pipeline_lines(overview: Pipeline, lang: Language = "en") -> list[str]:
    """The readable `pipeline`: open deals as sorted, then closed deals and outcomes."""
    words = DEAL_WORDS[lang]
    lines = [_cells(words["pipeline"].split("|")), *(_row(row) for row in overview.open)]
    if overview.closed:
        lines += ["", words["closed"]]
        for row in overview.closed:
            where = words["at_history"] if row.at_close == "history" else words["at_current"]
            lines.append(f"{_row(row)}  {display_label(row.status, lang)} {row.closed_on or ''} ({where})")
        for status in ("won", "lost"):
            group = getattr(overview.outcomes, status)
            lines.append(
                words["outcome"].format(
                    status=display_label(DealStatus(status), lang),
                    n=group.deals,
                    qualification=_maybe(group.qualification),
                    coverage=_maybe(group.coverage),
                )
            )
    return lines

