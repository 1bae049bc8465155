"""The translation catalogue: every word a user reads, in English and 简体中文.

One gettext catalogue, `graph/locale/zh/LC_MESSAGES/stakegraph.po`, holds each text
once: `msgctxt` is its key (`say.power`, `page.accounts`, `map.legend`,
`report.title`, `cli.as_of`, `label.Stance.champion`, `error.missing` …), `msgid`
the English, `msgstr` the Chinese. English is the source language, so it is read
from the msgids; a new language is one more `.po` beside it.

The catalogue is compiled by Babel when first used in a process (`read_po`, then
`write_mo` into memory: a few tens of milliseconds), so a fresh clone, `make install`
and CI need no build step and no `.mo` file can go stale. A translator edits the
`.po` and runs `python -m scripts.catalogue check` (placeholders, glossary).

`Words` is a table of one prefix in one language that reads the catalogue; entries
written into it (the dictionaries the modules exported before the catalogue, e.g.
`TEXT["en"].update({...})` on a branch made earlier) are a fallback that
`tests/graph/test_catalogue.py` lists until `python -m scripts.catalogue` moves them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from gettext import GNUTranslations, NullTranslations
from pathlib import Path
from typing import Literal

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DOMAIN = "stakegraph"
LOCALE_DIR = Path(__file__).parent / "locale"
TRANSLATED: tuple[Language, ...] = ("zh",)
"""The languages with a `.po` file; English is the msgids."""


def po_path(lang: Language) -> Path:
    """`graph/locale/<lang>/LC_MESSAGES/stakegraph.po`."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Entry:
    """One text of the catalogue: its key (msgctxt), the English and the Chinese."""

    key: str
    en: str
    zh: str


def read_catalogue(path: Path | None = None) -> Catalog:
    """The Babel catalogue of the Chinese `.po` (or `path`)."""
    with (path or po_path("zh")).open("rb") as file:
        # No locale: Babel would load its CLDR data (0.2 s) for what the header already says.
        return read_po(file, domain=DOMAIN)


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """key → Entry, for every text of the catalogue (read once per process)."""
    found: dict[str, Entry] = {}
    for message in read_catalogue():
        if not message.id or not message.context:
            continue
        found[message.context] = Entry(message.context, str(message.id), str(message.string))
    return found


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: Language) -> NullTranslations:
    """The catalogue of `lang` compiled by Babel into gettext translations (for the
    Jinja i18n extension: `pgettext(key, english)`, and `gettext(english)` when every
    key with that English has the same translation); English: the msgids."""
    if lang not in TRANSLATED:
        return NullTranslations()
    catalogue = read_catalogue()
    # `gettext("Save")` (`_()`, `{% trans %}` in a template) finds an English text whose
    # keys all say it the same way; pgettext names the key when they do not.
    said: dict[str, set[str]] = {}
    for message in catalogue:
        if message.id and message.context and message.string:
            said.setdefault(str(message.id), set()).add(str(message.string))
    for english, chinese in said.items():
        if len(chinese) == 1 and catalogue.get(english) is None:
            catalogue.add(english, next(iter(chinese)))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return GNUTranslations(compiled)


def text(lang: Language, key: str) -> str | None:
    """The text with `key` in `lang`, or None when the catalogue has no such key
    (an untranslated Chinese text falls back to the English)."""
    entry = entries().get(key)
    if entry is None:
        return None
    return (entry.zh or entry.en) if lang == "zh" else entry.en


def keys(prefix: str) -> Iterator[str]:
    """The keys under `prefix.`, without the prefix."""
    start = prefix + "."
    return (key[len(start) :] for key in entries() if key.startswith(start))


class Words(dict[str, str]):
    """The texts under one key prefix in one language: `Words("page", "zh")["accounts"]`
    is the catalogue's `page.accounts` in Chinese.

    Entries set on the object itself are read only when the catalogue lacks the key:
    they are additions to the old Python tables not yet moved to the catalogue
    (`legacy_entries` lists them; `python -m scripts.catalogue` moves them)."""

    def __init__(self, prefix: str, lang: Language) -> None:
        super().__init__()
        self.prefix = prefix
        self.lang = lang

    def __getitem__(self, key: str) -> str:
        found = text(self.lang, f"{self.prefix}.{key}")
        if found is not None:
            return found
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and (
            f"{self.prefix}.{key}" in entries() or super().__contains__(key)
        )

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[key]
        except KeyError:
            return default


    def as_dict(self) -> dict[str, str]:
        """Every text of the prefix as a plain dictionary (for JSON: a `dict` subclass
        serialises only its own entries)."""
        found = {key: str(value) for key, value in dict.items(self)}
        found.update({key: self[key] for key in keys(self.prefix)})
        return found


def table(prefix: str) -> dict[Language, Words]:
    """`{"en": Words(prefix, "en"), "zh": Words(prefix, "zh")}`: what a module exports
    in place of its old `{lang: {key: text}}` dictionary."""
    return {lang: Words(prefix, lang) for lang in LANGUAGES}


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_NESTED = frozenset({"message", "first", "rest"})
"""Placeholders of error templates that hold another message (translated in turn)."""
_ALLOWED = re.compile(r"^(?P<english>.*) \(or (?P<chinese>.*)\)$")


@lru_cache(maxsize=1)
def _error_patterns() -> list[tuple[re.Pattern[str], Entry]]:
    """The catalogue's `error.*` English templates as anchored regular expressions,
    the most literal text first (so `{file} row {row}: {message}` wins over
    `{field}: {message}`)."""
    found: list[tuple[re.Pattern[str], Entry]] = []
    for entry in entries().values():
        if not entry.key.startswith("error."):
            continue
        parts = _PLACEHOLDER.split(entry.en)
        regex = "".join(
            re.escape(part)
            if index % 2 == 0
            else f"(?P<{part}>.+?)"
            if part in _NESTED
            else f"(?P<{part}>(?:(?!: |; ).)+?)"  # a plain value holds no clause of its own
            for index, part in enumerate(parts)
        )
        found.append((re.compile(f"^{regex}$", re.DOTALL), entry))
    found.sort(key=lambda item: -len(_PLACEHOLDER.sub("", item[1].en)))
    return found


NESTING = 8
"""How deep `translate` reads messages inside messages; deeper text (ids full of `; `
and `: ` can look like hundreds of nested messages) stays as written."""


def translate(
    lang: Language, english: str, *, names: Mapping[str, str] | None = None, depth: int = 0
) -> str:
    """An English message (a validation or import error) in `lang`, read back through
    the catalogue's `error.*` templates: the template whose English matches the whole
    message gives the words; its values are kept, except that a nested message is
    translated in turn, a field name (`{field}`) reads `field.<name>`, a list of
    allowed values keeps its Chinese labels, and a quoted id found in `names`
    (id → name) becomes the name. A message no template matches is returned as it is.

    `translate("zh", "name: is required")` → `姓名：必填`."""
    if (lang == "en" and not names) or depth > NESTING:
        return english
    for pattern, entry in _error_patterns():
        match = pattern.match(english)
        if match is None:
            continue
        values = {
            key: _value(lang, key, value, names, depth)
            for key, value in match.groupdict().items()
        }
        template = (entry.zh or entry.en) if lang == "zh" else entry.en
        return template.format(**values)
    return english


def _code_label(code: str) -> str:
    """The Chinese display label of a vocabulary value, whichever vocabulary has it."""
    suffix = f".{code}"
    return next(
        (e.zh for key, e in entries().items() if key.startswith("label.") and key.endswith(suffix)),
        code,
    )


def _value(
    lang: Language, key: str, value: str, names: Mapping[str, str] | None, depth: int
) -> str:
    if key in _NESTED:
        return translate(lang, value, names=names, depth=depth + 1)
    if key == "field":
        return text(lang, f"field.{value}") or value
    if key == "allowed" and lang == "zh":
        both = _ALLOWED.match(value)
        return both["chinese"] if both else value
    if key == "closest" and lang == "zh":  # `supporter (friendly) or neutral`: the labels
        return " 或 ".join(_code_label(item.split(" ")[0]) for item in value.split(" or "))
    if key == "suggested" and lang == "zh":  # `赵刚 (id 'zhao-gang'), …`
        return value.replace(" (id ", "（编号 ").replace(")", "）")
    if names and len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return names.get(value[1:-1], value)
    return value
