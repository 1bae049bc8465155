"""Column names users put in their files, mapped onto the bundle's canonical columns.

Headers are compared case- and whitespace-insensitively, so `Reports To`,
`reports_to` and ` REPORTS-TO ` are one column. Chinese headers follow what sales
teams write in their own spreadsheets (政企 templates: 科室/处室 for the
department, 直属领导 for the line manager …). The one table of header names is
`COLUMN_ALIASES` in `graph/bundle.py` (the writer of bundles reads it too); the one
table of *values* (roles, stance, seniority …, both languages) is `LABELS` in
`graph/vocabulary.py`, and CRM exports' own columns and values are
in `importers/crm.py`.

A header that is not read but looks like one that is (`Departmnet`, `上级领导姓名`)
or that means something stakegraph keeps elsewhere (`分管领导` in a stakeholders file:
a leader in charge is not the line manager, and 分管 lines go in supervises.csv) gets a
warning saying so (`unmapped_column_hint`), shown in the import report before anything is written.
"""

from __future__ import annotations

import difflib
import re

from graph.bundle import COLUMN_ALIASES


def fold_header(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower().lstrip("\ufeff"))


def header_map(file: str) -> dict[str, str]:
    """folded header -> canonical column, for one bundle file."""
    table: dict[str, str] = {}
    for canonical, others in COLUMN_ALIASES[file].items():
        table[fold_header(canonical)] = canonical
        for other in others:
            table[fold_header(other)] = canonical
    return table


NOT_READ: dict[str, str] = {
    "分管领导": "a leader in charge (分管) is not the line manager: put 分管 lines in supervises.csv "
    "(分管领导, 被分管人, 分管领域) and the line manager in 上级 (reports_to)",
    "分管": "a leader in charge (分管) is not the line manager: put 分管 lines in supervises.csv "
    "(分管领导, 被分管人, 分管领域) and the line manager in 上级 (reports_to)",
    "主管领导": "put the line manager in 上级 (reports_to)",
    "company": "the organisation is the account (--account), not a column",
    "公司": "the organisation is the account (--account), not a column",
    "单位": "the organisation is the account (--account), not a column",
    "account_name": "the organisation is the account (--account), not a column",
}
"""Columns people write that stakegraph deliberately does not read, and why."""


def unmapped_column_hint(title: str, file: str) -> str | None:
    """Why a column of `file` that is not read may matter: what it likely meant (the
    closest known header, or a known header it contains), or why it is not read."""
    folded = fold_header(title)
    if folded in NOT_READ:
        return NOT_READ[folded]
    table = header_map(file)
    close = difflib.get_close_matches(folded, list(table), n=1, cutoff=0.75)
    if not close:
        inside = [
            known
            for known in table
            if len(known) >= (3 if known.isascii() else 2) and known in folded
        ]
        close = sorted(inside, key=len, reverse=True)[:1]
    if not close:
        return None
    canonical = table[close[0]]
    meant = canonical if close[0] == canonical else f"{close[0]} ({canonical})"
    return f"did you mean {meant}? rename the column to read it"
