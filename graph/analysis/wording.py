"""The sentences analyses write, in English and simplified Chinese (简体中文).

Every explanation a rep reads (power, gaps, actions, the decision chain, warm
paths, churn signals, what-if) is built here from one template per sentence and
the data, in the language `AnalysisParams.lang` asks for; the templates are the
translation catalogue's `say.<key>` texts (graph/locale, see graph/i18n.py). Names, titles, ids and
ticket subjects stay as they were entered. English plural agreement is written in
the template (`{n:|person advises|people advise}`), which Chinese does without;
coverage is written in percent (`{x:pct}`, see `say`).
"""

from __future__ import annotations

import re
from enum import StrEnum
from string import Formatter

from graph import i18n
from graph.vocabulary import Language, display_label

# The words are in the translation catalogue (graph/i18n.py): `say.<key>`,
# `separator.<key>`, `dimension.<key>`, `risk.<key>`, `score.<key>`,
# `meddpicc.<key>`. These tables are where a branch
# made before the catalogue added entries ({key: (english, chinese)}); they are read
# when the catalogue lacks the key, and `python -m scripts.catalogue` moves them.
SENTENCES: dict[str, tuple[str, str]] = {}
SEPARATORS: dict[str, tuple[str, str]] = {}
DIMENSIONS: dict[str, tuple[str, str]] = {}
RISK_LEVELS: dict[str, tuple[str, str]] = {}
SCORE_STATUS: dict[str, tuple[str, str]] = {}
MEDDPICC: dict[str, tuple[str, str]] = {}


def _pick(prefix: str, legacy: dict[str, tuple[str, str]], key: str, lang: Language) -> str:
    """The catalogue's `prefix.key` in `lang`; else the legacy table's entry (KeyError
    when neither has it)."""
    found = i18n.text(lang, f"{prefix}.{key}")
    if found is not None:
        return found
    pair = legacy[key]
    return pair[1] if lang == "zh" else pair[0]


_PLURAL = re.compile(r"\{(\w+):\|([^|}]*)\|([^}]*)\}")
_PERCENT = re.compile(r"\{(\w+):(\+?)pct\}")


def percent(value: float, *, signed: bool = False) -> str:
    """A 0..1 share as a percent, whole ("20%"), or with one decimal when it is not
    zero but rounds to 0 ("+0.4%"). Coverage is 0..1 in the JSON document and percent
    in every sentence; a change of coverage is in percentage points ("+7%": from 20%
    to 27%)."""
    points = value * 100
    digits = 1 if points != 0 and round(points) == 0 else 0
    return format(points, f"{'+' if signed else ''}.{digits}f") + "%"


def say(lang: Language, key: str, /, **values: object) -> str:
    """Sentence `key` in `lang`, filled with `values` (a template may leave some unused).

    Beside `str.format`, a template may write `{n:|person|people}`: the word for count
    `n` (English plural agreement: "1 person advises them", "3 people advise them"),
    and `{x:pct}` / `{x:+pct}`: the share x as `percent` writes it."""
    template = say_template(lang, key)
    if ":|" in template:
        template = _PLURAL.sub(lambda m: m[2] if values[m[1]] == 1 else m[3], template)
    if "pct}" in template:
        template = _PERCENT.sub(
            lambda m: percent(float(values[m[1]]), signed=bool(m[2])),  # type: ignore[arg-type]
            template,
        )
    return template.format(**values)


def say_template(lang: Language, key: str) -> str:
    """The template of sentence `key` in `lang`, unfilled (KeyError for an unknown key)."""
    return _pick("say", SENTENCES, key, lang)


def separator(lang: Language, kind: str) -> str:
    """What joins list items (`list`) or clauses (`clauses`) in `lang`."""
    return _pick("separator", SEPARATORS, kind, lang)


def names(lang: Language, items: list[str]) -> str:
    """`A, B and C` / `A、B和C`."""
    if len(items) <= 1:
        return "".join(items)
    last = " and " if lang == "en" else "和"
    return separator(lang, "list").join(items[:-1]) + last + items[-1]


def label(lang: Language, value: StrEnum) -> str:
    """A role, stance or other vocabulary value as a reader of `lang` says it."""
    return display_label(value, lang)


def dimension(lang: Language, name: str) -> str:
    return _pick("dimension", DIMENSIONS, name, lang)


def risk_level(lang: Language, level: str) -> str:
    return _pick("risk", RISK_LEVELS, level, lang)


CODE_KINDS = ("risk", "gap", "signal", "action", "code")
"""The codes a reader may see, each with a catalogue label per value: risk levels,
gap kinds, risk signal kinds, action kinds, and markers such as `(no owner)`."""


def code_label(lang: Language, kind: str, value: str) -> str:
    """The label of code `value` of `kind` (one of CODE_KINDS) in `lang`:
    `code_label("zh", "signal", "order_frequency_drop")` → 订单频率下降. A code the
    catalogue lacks is shown as it is."""
    found = i18n.text(lang, f"{kind}.{value}")
    return value if found is None else found


def score_status(lang: Language, status: str) -> str:
    """met / 已满足, partial / 部分满足, missing / 缺失."""
    return _pick("score", SCORE_STATUS, status, lang)


def meddpicc(lang: Language, element: str) -> str:
    """A MEDDPICC element's name: `economic_buyer` → Economic buyer / 审批者."""
    return _pick("meddpicc", MEDDPICC, element, lang)


def placeholders(template: str) -> set[str]:
    """The names a template fills (for the test that both languages agree)."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}
