"""Open exchange formats of an account graph.

`node_link` is NetworkX's node-link layout (`networkx.node_link_graph(doc,
edges="links")` reads it) with every field of every entity, so nothing is lost:
node ids are `stakeholder:ID`, `member:ID`, `deal:ID`, `competitor:ID` and `body:ID`
(a stakeholder and a team member may share an id; the entity's own id is the part
after the colon), and each node and link keeps its entity's other fields.

Links: `reports_to`, `influences` (person → person), `relates_to` (member → person),
`on_committee` (person → deal: a seat on its buying committee, with the roles and
stance in that deal), `supervises` (分管: leader → person), `ties_to` (competitor →
person); `member_of` (person → body, `chair` true for its chair) is drawn from the
body's `members` for tools that show edges, and is not read back (the body's
`members` is).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from enum import Enum, StrEnum
from typing import Any

import networkx as nx

from graph.analysis.results import AccountAnalysis
from graph.bundle import BUNDLE_FILES, COLUMN_ALIASES
from graph.formulas import escape_formula
from graph.model import AccountGraph, Entity
from graph.node_link import DEAL_LINKS, DEAL_NODES, LINK_KINDS, NODE_KINDS
from graph.vocabulary import DealStage, Language, display_label

NODE_LINK_FORMAT = "stakegraph-node-link"
NODE_LINK_VERSION = 1


def stakeholder_node(person_id: str) -> str:
    return f"stakeholder:{person_id}"


def member_node(member_id: str) -> str:
    return f"member:{member_id}"


def competitor_node(competitor_id: str) -> str:
    return f"competitor:{competitor_id}"


def node_link(graph: AccountGraph) -> dict[str, Any]:
    """The account as a node-link JSON document (see module docstring)."""
    nodes: list[dict[str, Any]] = [
        {**p.model_dump(mode="json"), "id": stakeholder_node(p.id), "type": "stakeholder"}
        for p in graph.stakeholders
    ]
    nodes += [
        {**m.model_dump(mode="json"), "id": member_node(m.id), "type": "member"}
        for m in graph.members
    ]
    nodes += [
        {**entity.model_dump(mode="json"), "id": f"{node_type}:{entity.key[0]}", "type": node_type}
        for node_type in DEAL_NODES
        for entity in graph.entities(NODE_KINDS[node_type])
    ]
    links: list[dict[str, Any]] = [
        {
            "source": stakeholder_node(line.stakeholder),
            "target": stakeholder_node(line.manager),
            "type": "reports_to",
        }
        for line in graph.reporting_lines
    ]
    links += [
        {
            **link.model_dump(mode="json"),
            "source": stakeholder_node(link.source),
            "target": stakeholder_node(link.target),
            "type": "influences",
        }
        for link in graph.influences
    ]
    links += [
        {
            **rel.model_dump(mode="json", exclude={"member", "stakeholder"}),
            "source": member_node(rel.member),
            "target": stakeholder_node(rel.stakeholder),
            "type": "relates_to",
        }
        for rel in graph.relationships
    ]
    for link_type in DEAL_LINKS:
        kind, (source, source_type), (target, target_type) = LINK_KINDS[link_type]
        links += [
            {
                **entity.model_dump(mode="json", exclude={source, target}),
                "source": f"{source_type}:{getattr(entity, source)}",
                "target": f"{target_type}:{getattr(entity, target)}",
                "type": link_type,
            }
            for entity in graph.entities(kind)
        ]
    links += [
        {
            "source": stakeholder_node(person),
            "target": f"body:{body.id}",
            "type": "member_of",
            "chair": person == body.chair,
        }
        for body in graph.bodies
        for person in dict.fromkeys(body.members)
    ]
    return {
        "format": NODE_LINK_FORMAT,
        "version": NODE_LINK_VERSION,
        "directed": True,
        "multigraph": True,
        "graph": {"account": graph.account.model_dump(mode="json")},
        "nodes": nodes,
        "links": links,
        "interactions": [event.model_dump(mode="json") for event in graph.interactions],
        "assessments": [score.model_dump(mode="json") for score in graph.assessments],
        "orders": [order.model_dump(mode="json") for order in graph.orders],
        "tickets": [ticket.model_dump(mode="json") for ticket in graph.tickets],
    }


BUNDLE_STEMS: dict[type[Entity], str] = {kind: stem for stem, kind in BUNDLE_FILES.items()}
"""Each entity's file in the canonical bundle (DESIGN.md, "Interfaces")."""


def _cell(value: object, lang: Language = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, Enum):
        if lang == "zh" and isinstance(value, StrEnum):
            return display_label(value, lang)
        return str(value.value)
    if isinstance(value, tuple | list):
        return ";".join(_cell(item, lang) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_cell(value: object, lang: Language) -> str:
    """A CSV cell: numbers as they are (a sentiment of -1 stays a number), text that a
    spreadsheet would run as a formula escaped (graph/formulas.py)."""
    text = _cell(value, lang)
    if isinstance(value, bool | int | float | date | Enum):
        return text
    return escape_formula(text)


STAGE_COLUMNS = frozenset({"stage", "stages"})
"""Columns holding deal stages: stored as text (an account may have its own ladder),
written as the default ladder's labels (方案, 评标 …) where they are one of its stages."""


def _labelled(column: str, value: object) -> object:
    """`value` of `column` with the default ladder's stages as `DealStage`s."""
    if column not in STAGE_COLUMNS:
        return value
    known = DealStage._value2member_map_
    if isinstance(value, tuple):
        return tuple(known.get(stage, stage) for stage in value)
    return known.get(str(value), value)


def chinese_headers(stem: str) -> dict[str, str]:
    """Canonical column → the Chinese header `--lang zh` writes: the first Chinese name
    the importer accepts for it (graph/bundle.py), so the file reads back."""
    return {
        column: next(alias for alias in aliases if not alias.isascii())
        for column, aliases in COLUMN_ALIASES[stem].items()
        if any(not alias.isascii() for alias in aliases)
    }


def bundle_files(graph: AccountGraph, *, lang: Language = "en") -> dict[str, str]:
    """The account as the canonical CSV bundle: file name → CSV text, for Excel: UTF-8
    with a byte-order mark (Excel on Chinese Windows reads UTF-8 without one as GBK),
    text cells safe from formula injection. Headers are the canonical column names,
    or with `lang="zh"` the Chinese ones, values the Chinese labels; importing these
    files reproduces the account either way."""
    files: dict[str, str] = {}
    for kind, stem in BUNDLE_STEMS.items():
        columns = [name for name in kind.model_fields if name != "account_id"]
        headers = chinese_headers(stem) if lang == "zh" else {}
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([headers.get(column, column) for column in columns])
        for entity in graph.entities(kind):
            writer.writerow(
                [_csv_cell(_labelled(column, getattr(entity, column)), lang) for column in columns]
            )
        files[f"{stem}.csv"] = "\ufeff" + buffer.getvalue()
    return files


def bundle_zip(graph: AccountGraph, *, lang: Language = "en") -> bytes:
    """`bundle_files` in one `.zip`, as `stakegraph import` reads it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in bundle_files(graph, lang=lang).items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def _flat(value: object) -> str | int | float | bool | None:
    """A value GraphML and GEXF can hold: lists joined with `;`, enums and dates as text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return _cell(value)


def _flat_attributes(record: dict[str, Any]) -> dict[str, str | int | float | bool]:
    flat = {key: _flat(value) for key, value in record.items()}
    return {key: value for key, value in flat.items() if value is not None and value != ""}


def networkx_graph(graph: AccountGraph, analysis: AccountAnalysis | None = None) -> nx.MultiDiGraph:
    """The account as a NetworkX multigraph with flat attributes (for GraphML and GEXF).

    Nodes carry every field of their entity plus, with an analysis, `power`,
    `rank`, `warmth` and `betweenness`; `label` is the name (what Gephi and yEd
    show). `entity` says what a node (stakeholder, member, deal, competitor,
    body) or an edge (reports_to, influences, relates_to, on_committee,
    supervises, ties_to, member_of) is: GEXF reserves `type` for itself. Lists
    (roles, a body's members, a deal's competitors) are `;`-separated text.
    """
    doc = node_link(graph)
    results = {person.id: person for person in analysis.stakeholders} if analysis else {}
    network = nx.MultiDiGraph()
    account = _flat_attributes(doc["graph"]["account"])
    network.graph.update({f"account_{key}": value for key, value in account.items()})
    skipped = ("id", "source", "target", "account_id", "type")
    for node in doc["nodes"]:
        attributes = _flat_attributes({k: v for k, v in node.items() if k not in skipped})
        attributes.update(entity=node["type"], label=node["name"])
        entity_id = node["id"].split(":", 1)[1]
        result = results.get(entity_id) if node["type"] == "stakeholder" else None
        if result is not None:
            attributes.update(
                power=result.power,
                rank=result.rank,
                warmth=result.warmth,
                betweenness=result.betweenness,
            )
        network.add_node(node["id"], **attributes)
    for link in doc["links"]:
        attributes = _flat_attributes({k: v for k, v in link.items() if k not in skipped})
        attributes["entity"] = link["type"]
        network.add_edge(link["source"], link["target"], **attributes)
    return network


XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def graphml_text(graph: AccountGraph, analysis: AccountAnalysis | None = None) -> str:
    lines = nx.generate_graphml(networkx_graph(graph, analysis))
    return XML_DECLARATION + "\n".join(lines) + "\n"


def gexf_text(graph: AccountGraph, analysis: AccountAnalysis | None = None) -> str:
    lines = nx.generate_gexf(networkx_graph(graph, analysis))
    return XML_DECLARATION + "\n".join(lines) + "\n"
