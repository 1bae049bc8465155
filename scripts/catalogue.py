"""The translation catalogue's one command.

    python -m scripts.catalogue          # move texts still in the old Python tables into the .po
    python -m scripts.catalogue --replace   # the same, and the tables' texts win over the .po's
    python -m scripts.catalogue check    # after editing the .po: placeholders, glossary, legacy

The old tables (`wording.SENTENCES`, `api/web/text.TEXT`, `visualize/scene.UI_TEXT`,
`visualize/report.REPORT_TEXT`, `visualize/text.REPORT_WORDS`, `importers/survey.TEXT`)
are empty now; a branch made before the catalogue may still add entries to them. After
merging it, run this: every entry found there is written to
`graph/locale/zh/LC_MESSAGES/stakegraph.po` (a new key is added; a key the catalogue
has keeps the catalogue's text, and is listed when the table says otherwise, unless
`--replace`), and the command lists the entries to delete from the Python file.
Display labels of vocabulary values (`graph/vocabulary.LABELS`, whose first Chinese
label was the display label) are added when the catalogue has no `label.<Enum>.<value>`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import write_po

from graph import i18n
from graph.i18n import Entry


def _pairs(prefix: str, table: Mapping[str, Any]) -> Iterator[Entry]:
    """Entries of a `{key: (english, chinese)}` table (own entries only)."""
    for key, (en, zh) in dict.items(table):  # type: ignore[arg-type]
        yield Entry(f"{prefix}.{key}", en, zh)


def _by_language(prefix: str, table: Mapping[str, Mapping[str, str]]) -> Iterator[Entry]:
    """Entries of a `{"en": {key: text}, "zh": {key: text}}` table (own entries only)."""
    english = dict(dict.items(table["en"]))  # type: ignore[arg-type]
    chinese = dict(dict.items(table["zh"]))  # type: ignore[arg-type]
    for key in {**english, **chinese}:
        known = i18n.entries().get(f"{prefix}.{key}")
        en = english.get(key) or (known.en if known else key)
        zh = chinese.get(key) or (known.zh if known else "")
        yield Entry(f"{prefix}.{key}", en, zh)


def legacy_entries() -> list[Entry]:
    """Every entry still written in an old Python table, in the catalogue's form."""
    from api.web import text as page_text
    from graph.analysis import wording
    from importers import survey
    from visualize import deal_text, report, scene
    from visualize import text as cli_text

    found: list[Entry] = []
    found += _pairs("say", wording.SENTENCES)
    found += _pairs("separator", wording.SEPARATORS)
    found += _pairs("dimension", wording.DIMENSIONS)
    found += _pairs("risk", wording.RISK_LEVELS)
    found += _pairs("score", wording.SCORE_STATUS)
    found += _pairs("meddpicc", wording.MEDDPICC)
    found += _by_language("page", page_text.TEXT)
    found += _by_language("map", scene.UI_TEXT)
    found += _by_language("report", report.REPORT_TEXT)
    found += _by_language("cli", cli_text.REPORT_WORDS)
    found += _by_language("deal", deal_text.DEAL_WORDS)
    found += _by_language("survey", survey.TEXT)
    return found


def missing_labels() -> list[Entry]:
    """Display labels of vocabulary values the catalogue lacks (the first Chinese label
    of `LABELS`, else the value itself, as display labels were read before)."""
    from graph.vocabulary import LABELS, label_key

    known = i18n.entries()
    found: list[Entry] = []
    for enum_cls, members in LABELS.items():
        for member in enum_cls:
            key = label_key(member)
            if key not in known:
                chinese = next((t for t in members.get(member, ()) if not t.isascii()), "")
                found.append(Entry(key, member.value.replace("_", " "), chinese))
    return found


def move(entries: list[Entry], *, replace: bool = False) -> list[str]:
    """Write `entries` into the Chinese .po: a new key is added; a key already there
    keeps the catalogue's text unless `replace` (a merge that restored a whole old
    table must not bring back words the glossary replaced), and is listed when the
    texts differ. What it did, one line each."""
    catalogue = i18n.read_catalogue()
    catalogue.fuzzy = False
    by_key = {m.context: m for m in catalogue if m.id and m.context}
    done: list[str] = []
    written = False
    for entry in entries:
        old = by_key.get(entry.key)
        if old is not None and (old.id, old.string) == (entry.en, entry.zh):
            continue
        if old is not None and not replace:
            done.append(
                f"kept {entry.key} as the catalogue has it ({old.id!r} / {old.string!r}); "
                f"the table says {entry.en!r} / {entry.zh!r}"
            )
            continue
        if old is not None:
            catalogue.delete(old.id, context=entry.key)
            done.append(f"changed {entry.key}: {entry.en!r} / {entry.zh!r}")
        else:
            done.append(f"added {entry.key}: {entry.en!r} / {entry.zh!r}")
        catalogue.add(entry.en, entry.zh, context=entry.key)
        written = True
    if written:
        with i18n.po_path("zh").open("wb") as file:
            write_po(file, catalogue, width=100, omit_header=False, sort_output=False)
        i18n.entries.cache_clear()
        i18n.translations.cache_clear()
    return done


def _placeholders_agree(entry: Entry) -> bool:
    """The Chinese fills what the English does (less the English-only ones); an error
    message may leave out a detail pydantic words in English (`{detail}`)."""
    from graph.analysis.wording import placeholders

    english, chinese = placeholders(entry.en) - ENGLISH_ONLY, placeholders(entry.zh)
    return chinese <= english if entry.key.startswith("error.") else chinese == english


def problems() -> list[str]:
    """What `check` refuses: texts left in the old tables, labels without an entry,
    empty or mismatched translations, glossary breaches."""

    from graph.i18n import entries

    found = [f"still in an old Python table (run python -m scripts.catalogue): {e.key}" for e in legacy_entries()]
    found += [f"no display label in the catalogue: {e.key}" for e in missing_labels()]
    for entry in entries().values():
        if not entry.zh:
            found.append(f"{entry.key}: no Chinese")
        elif not _placeholders_agree(entry):
            found.append(f"{entry.key}: the placeholders differ between English and Chinese")
    found += breaches(entries().values())
    return found


ENGLISH_ONLY = {"article"}
"""Placeholders only English sentences fill ("a"/"an")."""
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


@dataclass(frozen=True)
class Term:
    """A glossary row: the English term, its one Chinese word, the rejected synonyms."""

    en: str
    zh: str
    rejected: tuple[str, ...]

    @property
    def pattern(self) -> re.Pattern[str]:
        """The term as whole words, any case, with a plural `s`."""
        return re.compile(rf"\b{re.escape(self.en)}s?\b", re.IGNORECASE)


def glossary() -> list[Term]:
    """The rows of docs/glossary.md's table."""
    terms: list[Term] = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 3 or cells[0] in ("English", "---"):
            continue
        rejected = tuple(word.strip() for word in cells[2].split(",") if word.strip())
        terms.append(Term(cells[0], cells[1], rejected))
    return terms


def breaches(entries: Iterable[Entry]) -> list[str]:
    """Catalogue texts that break the glossary, one line each."""
    # Longer terms first: "coverage gap" is 覆盖缺口, and its "coverage" is not checked again.
    terms = sorted(glossary(), key=lambda term: -len(term.en))
    found: list[str] = []
    for entry in entries:
        english = PLACEHOLDER.sub(" ", entry.en)
        for term in terms:
            english, used = term.pattern.subn(" ", english)
            if used and term.zh not in entry.zh:
                found.append(f"{entry.key}: {term.en!r} is {term.zh}: {entry.zh!r}")
            found += [
                f"{entry.key}: {word} is not used, say {term.zh}: {entry.zh!r}"
                for word in term.rejected
                if word in entry.zh
            ]
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["check"]:
        found = problems()
        for line in found:
            print(line)
        print(f"{len(i18n.entries())} texts; {len(found)} problems")
        return 1 if found else 0
    legacy = legacy_entries()
    done = move(legacy + missing_labels(), replace="--replace" in argv)
    for line in done:
        print(line)
    if legacy:
        print("now delete these entries from the Python tables:", ", ".join(e.key for e in legacy))
    written = sum(not line.startswith("kept ") for line in done)
    print(f"{written} texts written to {i18n.po_path('zh')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
