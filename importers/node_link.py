"""Reading the node-link JSON that `stakegraph export --format json` writes.

The document (`visualize.formats.node_link`) holds every field of every entity:
`stakeholder:ID`, `member:ID`, `deal:ID`, `competitor:ID` and `body:ID` nodes,
`reports_to` / `influences` / `relates_to` / `on_committee` / `supervises` /
`ties_to` links (`member_of` links are drawn from a body's `members` and skipped
here), and the account's interactions, assessments, orders and tickets. Reading it
back gives exactly the exported account; each problem is reported with where it
is (`nodes[3].stance: …`), and nothing is returned when there is any.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph.errors import validation_problems
from graph.model import (
    AccountBundle,
    Assessment,
    Entity,
    Interaction,
    Order,
    Ticket,
)
from graph.node_link import DRAWN_LINKS, LINK_KINDS, NODE_KINDS
from importers.archive import MAX_FILE_BYTES
from importers.bundle import ImportResult
from importers.report import ImportReport

LISTS: dict[str, type[Entity]] = {
    "interactions": Interaction,
    "assessments": Assessment,
    "orders": Order,
    "tickets": Ticket,
}
"""The account's other entities, each a list of objects in the document."""


def _json_type(value: object) -> str:
    names = {dict: "an object", str: "a string", bool: "true or false", int: "a number"}
    if value is None:
        return "null"
    return names.get(type(value), "a number" if isinstance(value, float) else "a list")


def _entity_id(node_id: object, kind: str) -> str:
    text = str(node_id)
    prefix = f"{kind}:"
    return text[len(prefix) :] if text.startswith(prefix) else text


def read_node_link(
    path: Path, *, account_id: str, max_bytes: int = MAX_FILE_BYTES
) -> ImportResult:
    """Validate the node-link document at `path` (at most `max_bytes`) as a bundle for
    `account_id`."""
    report = ImportReport(files=[path.name])
    try:
        if path.stat().st_size > max_bytes:
            report.add(path.name, f"is larger than {max_bytes // 2**20} MB")
            return ImportResult(None, report)
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as error:
        report.add(path.name, f"cannot be read: {error.strerror or error}")
        return ImportResult(None, report)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        report.add(path.name, f"is not JSON: {error}")
        return ImportResult(None, report)
    except RecursionError:
        report.add(path.name, "is nested too deeply to be a node-link document")
        return ImportResult(None, report)
    except ValueError as error:
        if "digits" in str(error):  # Python refuses integers of more than 4,300 digits
            report.add(path.name, "holds a number of more than 4,300 digits; no field takes one")
        else:
            report.add(path.name, f"is not JSON stakegraph can read: {error}")
        return ImportResult(None, report)
    return node_link_bundle(document, path.name, account_id=account_id, report=report)


def node_link_bundle(
    document: Any,
    file_name: str,
    *,
    account_id: str,
    report: ImportReport,
    places: dict[str, list[str]] | None = None,
) -> ImportResult:
    """Validate a node-link document (parsed JSON, or a graph file turned into one).

    Problems are placed as `nodes[3].stance`, or by `places` when given (a GraphML
    file names an edge by its endpoints: `places["links"][0]` = `edge Ann → Bo`).
    Two entities with one key (two nodes with one id) are reported as a CSV's
    duplicate rows are: the second, naming where the first is.
    """
    first_at: dict[tuple[str, tuple[str, ...]], str] = {}

    def place(section: str, index: int) -> str:
        named = (places or {}).get(section, [])
        return named[index] if index < len(named) else f"{section}[{index}]"

    if not isinstance(document, dict) or not isinstance(document.get("nodes"), list):
        report.add(file_name, "is not a node-link document (no list of nodes)")
        return ImportResult(None, report)
    for key in ("links", *LISTS):
        if document.get(key) is not None and not isinstance(document[key], list):
            report.add(
                file_name, f"{key}: expected a list of objects, not {_json_type(document[key])}"
            )
    if report.errors:
        return ImportResult(None, report)
    entities: dict[str, list[Entity]] = {}
    managers: dict[str, str] = {}

    def build(kind: type[Entity], fields: dict[str, Any], where: str) -> None:
        report.rows += 1
        try:
            entity = kind.model_validate({**fields, "account_id": account_id})
        except ValidationError as error:
            for field, message in validation_problems(error):
                report.add(file_name, f"{where}.{field}: {message}")
            return
        key = (kind.collection, entity.key)
        if key in first_at:
            report.add(
                file_name,
                f"{where}: duplicate {kind.collection.removesuffix('s')} "
                f"{'/'.join(entity.key)!r} (first at {first_at[key]})",
            )
            return
        first_at[key] = where
        entities.setdefault(kind.collection, []).append(entity)

    links = document.get("links", [])
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("type") == "reports_to":
            person = _entity_id(link.get("source"), "stakeholder")
            managers[person] = _entity_id(link.get("target"), "stakeholder")
    for index, node in enumerate(document["nodes"]):
        where = place("nodes", index)
        if not isinstance(node, dict) or str(node.get("type")) not in NODE_KINDS:
            report.add(file_name, f"{where}: expected a node with type {', '.join(NODE_KINDS)}")
            continue
        node_type = node["type"]
        fields = {k: v for k, v in node.items() if k not in ("type", "account_id")}
        fields["id"] = _entity_id(node.get("id"), node_type)
        if node_type == "stakeholder":
            fields["reports_to"] = managers.get(fields["id"], fields.get("reports_to"))
        build(NODE_KINDS[node_type], fields, where)
    for index, link in enumerate(links if isinstance(links, list) else []):
        where = place("links", index)
        if not isinstance(link, dict):
            report.add(file_name, f"{where}: expected an object")
            continue
        if link.get("type") in DRAWN_LINKS:
            continue
        shape = LINK_KINDS.get(str(link.get("type")))
        if shape is None:
            report.add(file_name, f"{where}: unknown link type {link.get('type')!r}")
            continue
        kind, (source, source_type), (target, target_type) = shape
        fields = {
            k: v for k, v in link.items() if k not in ("type", "account_id", "source", "target")
        }
        fields[source] = _entity_id(link.get("source"), source_type)
        fields[target] = _entity_id(link.get("target"), target_type)
        build(kind, fields, where)
    for key, kind in LISTS.items():
        for index, item in enumerate(document.get(key) or []):
            if not isinstance(item, dict):
                report.add(file_name, f"{key}[{index}]: expected an object")
                continue
            build(kind, {k: v for k, v in item.items() if k != "account_id"}, f"{key}[{index}]")
    if report.errors:
        return ImportResult(None, report)
    try:
        bundle = AccountBundle.model_validate({"account_id": account_id, **entities})
    except ValidationError as error:
        for field, message in validation_problems(error):
            report.add(file_name, f"{field}: {message}")
        return ImportResult(None, report)
    return ImportResult(bundle, report)
