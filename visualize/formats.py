"""Open exchange formats of an account graph.

`node_link` is NetworkX's node-link layout (`networkx.node_link_graph(doc,
edges="links")` reads it) with every field of every entity, so nothing is lost:
node ids are `stakeholder:ID` and `member:ID` (a stakeholder and a team member
may share an id), and each node and link keeps its entity's fields.
"""

from __future__ import annotations

from typing import Any

from graph.model import AccountGraph

NODE_LINK_FORMAT = "stakegraph-node-link"
NODE_LINK_VERSION = 1


def stakeholder_node(person_id: str) -> str:
    return f"stakeholder:{person_id}"


def member_node(member_id: str) -> str:
    return f"member:{member_id}"


def node_link(graph: AccountGraph) -> dict[str, Any]:
    """The account as a node-link JSON document (see module docstring)."""
    nodes: list[dict[str, Any]] = [
        {"id": stakeholder_node(p.id), "type": "stakeholder", **p.model_dump(mode="json")}
        for p in graph.stakeholders
    ]
    nodes += [
        {"id": member_node(m.id), "type": "member", **m.model_dump(mode="json")}
        for m in graph.members
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
    }
