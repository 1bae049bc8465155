"""GraphML from yEd, Gephi or stakegraph itself.

- A file stakegraph exported (nodes carry `entity`) reads back as exported:
  stakeholders, team members, influence links, reporting lines, relationships.
- Any other GraphML is a map someone drew: every node is a stakeholder and
  every edge an influence link. A node's name is its `name` attribute, else its
  `label` (yEd's node label, Gephi's label), else its id; `title`,
  `department`, `roles`, `stance`, `seniority`, `email`, `phone` and `notes`
  attributes are read when present (Chinese values as everywhere); an edge's
  `weight` attribute is its weight (default 0.5), its `kind` the influence kind.

The result goes through the same validation as every import: an edge to
itself, a weight above 1, an unknown stance are reported per node or edge.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import networkx as nx

from importers.bundle import ImportResult
from importers.node_link import node_link_bundle
from importers.report import ImportReport

MAX_GRAPHML_BYTES = 256 * 1024 * 1024
STAKEHOLDER_ATTRIBUTES = (
    "title",
    "department",
    "roles",
    "stance",
    "seniority",
    "status",
    "email",
    "phone",
    "notes",
    "priorities",
)
_DROPPED = ("label", "entity", "power", "rank", "warmth", "betweenness", "x", "y", "shape_type")


def _own_export(graph: nx.Graph) -> bool:
    return any("entity" in data for _, data in graph.nodes(data=True))


def graphml_document(graph: nx.Graph) -> dict[str, Any]:
    """The graph as a node-link document `node_link_bundle` reads."""
    if _own_export(graph):
        nodes = [
            {
                **{k: v for k, v in data.items() if k not in _DROPPED},
                "id": node,
                "type": data.get("entity"),
            }
            for node, data in graph.nodes(data=True)
        ]
        links = [
            {
                **{k: v for k, v in data.items() if k != "entity"},
                "source": a,
                "target": b,
                "type": data.get("entity"),
            }
            for a, b, data in graph.edges(data=True)
        ]
        return {"nodes": nodes, "links": links}
    nodes = []
    for node, data in graph.nodes(data=True):
        fields = {
            key: data[key] for key in STAKEHOLDER_ATTRIBUTES if data.get(key) not in (None, "")
        }
        name = data.get("name") or data.get("label") or str(node)
        nodes.append({**fields, "id": str(node), "name": str(name), "type": "stakeholder"})
    links = []
    for a, b, data in graph.edges(data=True):
        link: dict[str, Any] = {"source": str(a), "target": str(b), "type": "influences"}
        if data.get("weight") is not None:
            link["weight"] = data["weight"]
        if data.get("kind"):
            link["kind"] = data["kind"]
        links.append(link)
    return {"nodes": nodes, "links": links}


def read_graphml(path: Path, *, account_id: str) -> ImportResult:
    report = ImportReport(files=[path.name])
    try:
        if path.stat().st_size > MAX_GRAPHML_BYTES:
            report.add(path.name, f"is larger than {MAX_GRAPHML_BYTES // 2**20} MB")
            return ImportResult(None, report)
        graph = nx.read_graphml(path)
    except OSError as error:
        report.add(path.name, f"cannot be read: {error.strerror or error}")
        return ImportResult(None, report)
    except (ParseError, nx.NetworkXError, ValueError, KeyError, TypeError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        report.add(path.name, f"is not a GraphML file stakegraph can read: {reason}")
        return ImportResult(None, report)
    if not _own_export(graph):
        report.warnings.append(
            f"{path.name}: every node read as a stakeholder and every edge as an influence link"
        )
    return node_link_bundle(
        graphml_document(graph), path.name, account_id=account_id, report=report
    )
