"""GraphML from yEd, Gephi or stakegraph itself.

- A file stakegraph exported (nodes carry `entity`) reads back as exported:
  stakeholders, team members, influence links, reporting lines, relationships,
  with or without parallel edges.
- Any other GraphML is a map someone drew: every node is a stakeholder and
  every edge an influence link, except what follows.

Reading a drawn map:
- **Attribute names** are matched case- and space-insensitively, with the
  stakeholders file's column names (`importers/aliases.py`): `Title`, `TITLE`,
  `职务` are the title; `description` (yEd's node description) is the notes.
- **Names**: a node's `name` attribute, else its label (yEd's node label,
  Gephi's `label`), else its id. A label of two lines is name and title
  (`唐国强⏎总经理`), the title unless a title attribute says otherwise.
- **Group nodes** (yEd's department boxes: `yfiles.foldertype="group"` or
  `"folder"`, or any node holding a nested graph) are departments, not people:
  each person inside takes the group's label as department (unless they have
  one), and edges to or from a group are skipped with a warning.
- **Weights**: an edge's `weight` (default 0.5). Tools write weights on their
  own scale (Gephi: counts of e-mails, 3 to 256): when any weight is above 1,
  every weight is divided by the largest, so the strongest link is 1.0 and the
  proportions stay, with a warning saying so. A negative or non-numeric weight
  is refused, naming the edge by its endpoints' names.
- Other attributes (Gephi's colours, sizes, positions, modularity class) are
  not read, and listed in a warning.

The result goes through the same validation as every import: an edge to
itself, an unknown stance are reported per node or edge, named by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.etree.ElementTree import ParseError

import networkx as nx

from importers.aliases import fold_header, header_map
from importers.archive import MAX_FILE_BYTES
from importers.bundle import ImportResult
from importers.node_link import node_link_bundle
from importers.report import ImportReport

_DROPPED = ("label", "entity", "power", "rank", "warmth", "betweenness", "x", "y", "shape_type")
_GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
_YED_NS = "{http://www.yworks.com/xml/graphml}"
_NODE_ONLY = {"id", "reports_to"}
"""Stakeholder columns a drawn map's node attribute does not set (the node id is the id)."""
_GRAPHICS = {"r", "g", "b", "x", "y", "z", "size", "shape_type", "color", "viz"}


def _own_export(graph: nx.Graph) -> bool:
    return any("entity" in data for _, data in graph.nodes(data=True))


@dataclass(frozen=True)
class _Groups:
    """yEd group nodes: their labels, and the group each node sits in."""

    labels: dict[str, str]
    parent: dict[str, str]


def _groups(path: Path) -> _Groups:
    """Group nodes read from the XML itself (networkx flattens them into plain nodes)."""
    labels: dict[str, str] = {}
    parent: dict[str, str] = {}

    def walk(graph: ElementTree.Element, group: str | None) -> None:
        for node in graph.findall(f"{_GRAPHML_NS}node"):
            node_id = node.get("id", "")
            if group is not None:
                parent[node_id] = group
            nested = node.find(f"{_GRAPHML_NS}graph")
            if node.get("yfiles.foldertype") in ("group", "folder") or nested is not None:
                label = node.find(f".//{_YED_NS}NodeLabel")
                text = (label.text or "").strip() if label is not None else ""
                labels[node_id] = text or node_id
            if nested is not None:
                walk(nested, node_id if node_id in labels else group)

    # The parser networkx has just read the same file with; Python's expat refuses entity
    # amplification ("billion laughs") by itself.
    root = ElementTree.parse(path).getroot()  # noqa: S314
    for graph in root.findall(f"{_GRAPHML_NS}graph"):
        walk(graph, None)
    return _Groups(labels, parent)


def _own_document(graph: nx.Graph) -> dict[str, Any]:
    nodes = [
        {
            **{k: v for k, v in data.items() if k not in _DROPPED},
            "id": node,
            "type": data.get("entity"),
        }
        for node, data in graph.nodes(data=True)
    ]
    # networkx keeps a written edge id as an attribute when the graph it reads back has
    # no parallel edges (and as the edge key when it has): not a field of ours either way.
    links = [
        {
            **{k: v for k, v in data.items() if k not in ("entity", "id")},
            "source": a,
            "target": b,
            "type": data.get("entity"),
        }
        for a, b, data in graph.edges(data=True)
    ]
    return {"nodes": nodes, "links": links}


def graphml_document(graph: nx.Graph) -> dict[str, Any]:
    """The graph as a node-link document `node_link_bundle` reads (no group nodes)."""
    if _own_export(graph):
        return _own_document(graph)
    return _drawn_map(graph, _Groups({}, {}), ImportReport(), "")[0]


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _drawn_map(
    graph: nx.Graph, groups: _Groups, report: ImportReport, file_name: str
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A drawn map as a node-link document, and the names of its nodes and edges for
    messages. Problems of the map as a whole (weights) go to `report`."""
    known = header_map("stakeholders")
    known[fold_header("description")] = "notes"
    nodes: list[dict[str, Any]] = []
    node_places: list[str] = []
    names: dict[str, str] = {}
    ignored: set[str] = set()
    for node, data in graph.nodes(data=True):
        node_id = str(node)
        if node_id in groups.labels:
            continue
        fields: dict[str, Any] = {}
        label = ""
        for key, value in data.items():
            folded = fold_header(str(key))
            if folded == "label":
                label = str(value)
                continue
            canonical = known.get(folded)
            if canonical is None or canonical in _NODE_ONLY:
                if folded not in _GRAPHICS and folded not in ("modularity_class", "id"):
                    ignored.add(str(key))
                continue
            if value not in (None, "") and canonical not in fields:
                fields[canonical] = value if canonical != "name" else str(value)
        first, _, rest = label.strip().partition("\n")
        name = str(fields.pop("name", "") or first.strip() or node_id)
        if rest.strip() and not fields.get("title") and not fields.get("name"):
            fields["title"] = " ".join(rest.split())
        group = groups.parent.get(node_id)
        if group is not None and not fields.get("department"):
            fields["department"] = groups.labels[group]
        names[node_id] = name
        nodes.append({**fields, "id": node_id, "name": name, "type": "stakeholder"})
        node_places.append(f"node {name!r}")
    if ignored:
        report.warnings.append(
            f"{file_name}: node attributes not read: " + ", ".join(sorted(ignored))
        )
    if groups.labels:
        report.warnings.append(
            f"{file_name}: group nodes read as departments, not people: "
            + ", ".join(sorted(groups.labels.values()))
        )
    links: list[dict[str, Any]] = []
    link_places: list[str] = []
    weights: list[float] = []
    for a, b, data in graph.edges(data=True):
        source, target = str(a), str(b)
        where = f"edge {names.get(source, source)!r} → {names.get(target, target)!r}"
        if source in groups.labels or target in groups.labels:
            report.warnings.append(f"{file_name}: {where} skipped: it joins a group (a department)")
            continue
        fields = {fold_header(str(k)): v for k, v in data.items()}
        link: dict[str, Any] = {"source": source, "target": target, "type": "influences"}
        if fields.get("weight") is not None:
            weight = _number(fields["weight"])
            if weight is None or weight < 0:
                report.add(
                    file_name,
                    f"{where}: weight {fields['weight']!r} is not a number from 0 up "
                    "(weights are 0..1, or on any positive scale, which is mapped onto 0..1)",
                )
                continue
            link["weight"] = weight
            weights.append(weight)
        if fields.get("kind"):
            link["kind"] = fields["kind"]
        links.append(link)
        link_places.append(where)
    largest = max(weights, default=0.0)
    if largest > 1:
        for link in links:
            if "weight" in link:
                link["weight"] = round(link["weight"] / largest, 6)
        report.warnings.append(
            f"{file_name}: edge weights run from {_shown(min(weights))} to {_shown(largest)}, "
            f"outside 0..1: each was divided by the largest ({_shown(largest)}), so it "
            "becomes 1.0 and the others keep their proportion"
        )
    return {"nodes": nodes, "links": links}, {"nodes": node_places, "links": link_places}


def _shown(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def read_graphml(path: Path, *, account_id: str, max_bytes: int = MAX_FILE_BYTES) -> ImportResult:
    report = ImportReport(files=[path.name])
    try:
        if path.stat().st_size > max_bytes:
            report.add(path.name, f"is larger than {max_bytes // 2**20} MB")
            return ImportResult(None, report)
        graph = nx.read_graphml(path)
        groups = _groups(path) if not _own_export(graph) else _Groups({}, {})
    except OSError as error:
        report.add(path.name, f"cannot be read: {error.strerror or error}")
        return ImportResult(None, report)
    except (ParseError, nx.NetworkXError, ValueError, KeyError, TypeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        report.add(path.name, f"is not a GraphML file stakegraph can read: {reason}")
        return ImportResult(None, report)
    if _own_export(graph):
        return node_link_bundle(
            _own_document(graph), path.name, account_id=account_id, report=report
        )
    report.warnings.append(
        f"{path.name}: every node read as a stakeholder and every edge as an influence link"
    )
    document, places = _drawn_map(graph, groups, report, path.name)
    if report.errors:
        return ImportResult(None, report)
    return node_link_bundle(
        document, path.name, account_id=account_id, report=report, places=places
    )
