"""Text as it enters the domain: one normal form for every field of every entity.

Whatever reads a file or a request (CSV, xlsx, JSON, GraphML, the API, the web
forms) hands its text to the model, and the model's validators put it through
`normal_text` first, so a name can never later break an export (an XML-invalid
character in GraphML, a control character in a CSV cell) and two spellings that
look the same to a person are the same id.

The rules, in order:

1. Unicode NFC (a composed `é` and `e` + combining accent are one name).
2. Refused, with an error naming the character and where it is: control
   characters (C0 other than tab and line breaks, DEL, C1 but NEL), lone surrogates,
   U+FFFE and U+FFFF; none of them can be written in XML 1.0, and none is typed
   on purpose.
3. Removed: zero-width characters (U+200B zero-width space, U+2060 word joiner,
   U+FEFF byte-order mark). The zero-width joiner and non-joiner (U+200D,
   U+200C) are kept everywhere: they hold emoji sequences together (👩‍💼) and
   are part of how Persian and Indic names are spelled.
4. Every Unicode space (no-break U+00A0, ideographic 全角空格 U+3000, thin,
   narrow no-break …) becomes a plain space.
5. Single-line fields (names, ids, titles, emails: everything but `notes`,
   `priorities` and an interaction's `note`): tabs and line breaks become spaces,
   runs of spaces become one, and a space between two Chinese characters goes
   (Chinese is written without spaces; a 全角空格 inside `王　伟` pads names to a
   common width in Chinese spreadsheets). Multi-line fields keep their line
   breaks as `\\n` (`\\r\\n`, a lone `\\r`, vertical tab, form feed, NEL and
   the Unicode line and paragraph separators become `\\n`) and their tabs.
6. Surrounding whitespace is trimmed.

Ids, and the names references are resolved by, are compared after this
normalisation: `Zhang\\u00a0Wei` and `Zhang Wei` are one person, as are
`欧阳　娜` and `欧阳娜`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MULTILINE_FIELDS = frozenset({"notes", "priorities", "note"})
"""Fields of free text that keep their line breaks and tabs."""

_REFUSED = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_ANY_WHITESPACE = re.compile(r"[ \t\n\r\x0b\x0c\x85\u2028\u2029]+")
_HAN = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SPACE_BETWEEN_HAN = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
_PLAIN = re.compile(r"[\x20-\x7e]*")
"""Printable ASCII: most text is, and needs no more than a trim and a look for double spaces."""


class InvalidText(ValueError):
    """Text with a character no field may hold; the message names it and its position."""


def _describe(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (broken UTF-16)"
    if code in (0xFFFE, 0xFFFF):
        return f"the non-character U+{code:04X}"
    return f"the control character U+{code:04X}"


@lru_cache(maxsize=65_536)
def normal_text(text: str, *, multiline: bool = False) -> str:
    """`text` in the normal form described in the module docstring; `InvalidText`
    (a ValueError, so pydantic reports it per field) for a refused character."""
    if _PLAIN.fullmatch(text):
        text = text.strip()
        if not multiline and "  " in text:
            text = _ANY_WHITESPACE.sub(" ", text)
        return text
    bad = _REFUSED.search(text)
    if bad is not None:
        raise InvalidText(
            f"contains {_describe(bad.group())} at character {bad.start() + 1}; remove it"
        )
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    else:
        text = _ANY_WHITESPACE.sub(" ", text)
        text = _SPACE_BETWEEN_HAN.sub("", text)
    return text.strip()


def normal_value(value: object, *, multiline: bool = False) -> object:
    """A field's raw value with its text normalised: a str, or each str of a list or
    tuple (people, roles, team); anything else as it is."""
    if isinstance(value, str):
        return normal_text(value, multiline=multiline)
    if isinstance(value, list | tuple) and any(isinstance(item, str) for item in value):
        return type(value)(
            normal_text(item, multiline=multiline) if isinstance(item, str) else item
            for item in value
        )
    return value
