"""The account as a Cypher script that recreates it in an empty Neo4j.

The script uses the very statements the Neo4j store writes with
(`graph/store/cypher.py`), so what it creates is what `stakegraph --store neo4j://…`
reads back: the constraints, the `:Account` node, then each kind of entity in
write order. Where the store passes `$account` and `$rows` as parameters, the
script holds Cypher literals instead: strings in single quotes with `\\`, `'`
and every control character escaped, dates as `date('…')`, map keys in
backticks. One statement per line, each ending in `;`, so `cypher-shell -f`
runs it as it is.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import partial
from typing import Any

from graph.model import ACCOUNT_ENTITIES, AccountGraph, Stakeholder
from graph.store.cypher import CONSTRAINTS, SET_REPORTS_TO, UPSERT, entity_properties

_NEEDS_ESCAPE = re.compile(r"[\\'\x00-\x1f\x7f\u2028\u2029]")


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\\'":
        return "\\" + char
    return f"\\u{ord(char):04x}"


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a property value (str, int, float, bool, date, list, dict)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return "'" + _NEEDS_ESCAPE.sub(_escape_char, value) + "'"
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (
            f"`{str(key).replace('`', '``')}`: {cypher_literal(item)}"
            for key, item in value.items()
        )
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


ROWS_PER_STATEMENT = 1_000
_PARAMETER = re.compile(r"\$(rows|account)\b")


def _literal_for(literals: dict[str, str], match: re.Match[str]) -> str:
    return literals[match.group(1)]


def _statements(template: str, *, account: str, rows: list[dict[str, Any]]) -> list[str]:
    """The store's statement with its parameters as literals, in batches of rows.

    Both parameters are substituted in one pass, so text inside an inserted
    literal is never scanned again (a name containing `$account` stays a name).
    """
    one_line = " ".join(template.split())
    statements = []
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        literals = {
            "rows": cypher_literal(rows[start : start + ROWS_PER_STATEMENT]),
            "account": cypher_literal(account),
        }
        statements.append(_PARAMETER.sub(partial(_literal_for, literals), one_line) + ";")
    return statements


def cypher_script(graph: AccountGraph) -> str:
    """Statements, one per line, that recreate the account in an empty Neo4j database."""
    account = graph.account.id
    lines = [
        f"// stakegraph account {cypher_literal(account)}: run in an empty database, "
        "e.g. cypher-shell -f FILE",
        *(" ".join(statement.split()) + ";" for statement in CONSTRAINTS),
        "MERGE (a:Account {id: "
        + cypher_literal(account)
        + "}) SET a = "
        + cypher_literal({**entity_properties(graph.account), "version": 1})
        + ";",
    ]
    for kind in ACCOUNT_ENTITIES:
        rows = [{"props": entity_properties(entity)} for entity in graph.entities(kind)]
        if not rows:
            continue
        for row in rows:
            row["props"].pop("reports_to", None)  # edges, written once every person exists
        for template in UPSERT[kind]:
            lines += _statements(template, account=account, rows=rows)
        if kind is Stakeholder:
            reporting = [
                {"id": line.stakeholder, "reports_to": line.manager}
                for line in graph.reporting_lines
            ]
            if reporting:
                lines += _statements(SET_REPORTS_TO, account=account, rows=reporting)
    return "\n".join(lines) + "\n"
