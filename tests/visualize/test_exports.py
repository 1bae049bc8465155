"""Open formats: each export read back by the tool users would open it with."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.account import analyze_account
from graph.model import AccountGraph
from graph.store.neo4j import Neo4jStore
from importers.bundle import read_bundle
from importers.formats import read_import
from tests.factories import graph_of, hostile_org, small_org
from visualize.cypher import cypher_literal, cypher_script
from visualize.formats import bundle_files, bundle_zip, gexf_text, graphml_text, node_link
from visualize.picture import influence_map_svg


def _reimported(folder: Path, graph: AccountGraph) -> AccountGraph:
    result = read_bundle(folder, account_id=graph.account.id)
    assert result.report.errors == [], result.report.errors
    assert result.bundle is not None
    return graph_of(result.bundle, graph.account)


@pytest.mark.parametrize("make", [small_org, lambda a: hostile_org(a)], ids=["small", "hostile"])
def test_csv_bundle_reimports_to_the_same_graph(tmp_path: Path, make) -> None:
    made = make("acme")
    graph = made if isinstance(made, AccountGraph) else graph_of(made)
    for name, text in bundle_files(graph).items():
        (tmp_path / name).write_text(text, encoding="utf-8", newline="")
    assert _reimported(tmp_path, graph) == graph


def test_csv_bundle_zip_reimports_to_the_same_graph(tmp_path: Path) -> None:
    graph = hostile_org("acme")
    archive = tmp_path / "acme.zip"
    archive.write_bytes(bundle_zip(graph))
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as opened:
        assert sorted(opened.namelist()) == sorted(bundle_files(graph))
    assert _reimported(archive, graph) == graph


def test_graphml_and_gexf_parse_with_every_attribute(tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    analysis = analyze_account(graph)
    power = {p.id: p.power for p in analysis.stakeholders}
    for name, text in (
        ("g.graphml", graphml_text(graph, analysis)),
        ("g.gexf", gexf_text(graph, analysis)),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        read = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        assert read.number_of_nodes() == len(graph.stakeholders) + len(graph.members)
        # 3 influence links, 4 reporting lines, 2 relationships
        assert read.number_of_edges() == 9
        zhou = read.nodes["stakeholder:zhou"]
        assert zhou["name"] == "周敏"
        assert zhou["label"] == "周敏"
        assert zhou["title"] == "CEO"
        assert zhou["roles"] == "decision_maker"
        assert zhou["stance"] == "skeptic"
        assert zhou["seniority"] == "executive"
        assert float(zhou["power"]) == pytest.approx(power["zhou"])
        assert read.nodes["member:rep-1"]["role"] == "rep"
        kinds = sorted(data["entity"] for _, _, data in read.edges(data=True))
        assert kinds == ["influences"] * 3 + ["relates_to"] * 2 + ["reports_to"] * 4
        influence = [
            d
            for u, v, d in read.edges(data=True)
            if (u, v) == ("stakeholder:wang", "stakeholder:zhou") and d["entity"] == "influences"
        ]
        assert float(influence[0]["weight"]) == 0.9
        assert influence[0]["kind"] == "authority"
        relation = [d for u, v, d in read.edges(data=True) if u == "member:rep-1"]
        assert int(relation[0]["strength"]) == 4
        assert relation[0]["last_contact"] == "2026-10-01"


def test_node_link_json_reads_with_networkx() -> None:
    graph = graph_of(small_org("acme"))
    read = nx.node_link_graph(node_link(graph), edges="links")
    assert read.nodes["stakeholder:li"]["roles"] == ["technical_evaluator", "influencer"]
    assert read.number_of_edges() == 9


def test_svg_holds_hostile_names_as_text_only() -> None:
    graph = hostile_org("acme")
    svg = influence_map_svg(graph, analyze_account(graph))
    root = ET.fromstring(svg)
    tags = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert not any(name.startswith("on") for element in root.iter() for name in element.attrib)
    texts = {element.text for element in root.iter() if element.tag.endswith("text")}
    # names that do not fit are not printed over each other; each node's tooltip has it
    titles = {element.text for element in root.iter() if element.tag.endswith("title")}
    for person in graph.stakeholders:
        assert person.name in titles
    assert graph.account.name in texts


@settings(max_examples=200)
@given(st.text())
def test_cypher_string_literals_never_end_early(text: str) -> None:
    literal = cypher_literal(text)
    inner = literal[1:-1]
    # every quote and backslash inside is escaped, and nothing can break the line
    assert literal.startswith("'") and literal.endswith("'")
    assert "\n" not in literal and "\r" not in literal
    unescaped = inner.replace("\\\\", "").replace("\\'", "")
    assert "'" not in unescaped


@pytest.mark.neo4j
def test_cypher_script_recreates_the_account_in_neo4j(neo4j_store: Neo4jStore) -> None:
    graph = hostile_org("acme")
    script = cypher_script(graph)
    driver = neo4j_store._driver  # the script is run as a user would run it: statement by statement
    statements = [line for line in script.splitlines() if line and not line.startswith("//")]
    assert all(line.endswith(";") for line in statements)
    for statement in statements:
        driver.execute_query(statement[:-1])
    assert neo4j_store.account_graph("acme").sorted() == graph.sorted()
    # and nothing of the hostile text ran as Cypher: only this account exists
    assert [s.account.id for s in neo4j_store.list_accounts()] == ["acme"]


@pytest.mark.parametrize(
    "make", [lambda a: graph_of(small_org(a)), hostile_org], ids=["small", "hostile"]
)
def test_node_link_json_reimports_exactly(tmp_path: Path, make) -> None:
    graph = make("acme")
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(node_link(graph), ensure_ascii=False), encoding="utf-8")
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None
    assert graph_of(result.bundle, graph.account) == graph


def test_node_link_json_errors_say_where(tmp_path: Path) -> None:
    graph = graph_of(small_org("acme"))
    document = node_link(graph)
    document["nodes"][1]["stance"] = "furious"
    document["links"][0]["type"] = "likes"
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = read_import(path, account_id="acme")
    assert result.bundle is None
    messages = [str(error) for error in result.report.errors]
    assert any(m.startswith("acme.json: nodes[1].stance: ") for m in messages), messages
    assert "acme.json: links[0]: unknown link type 'likes'" in messages
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    assert "is not JSON" in str(
        read_import(tmp_path / "bad.json", account_id="acme").report.errors[0]
    )
