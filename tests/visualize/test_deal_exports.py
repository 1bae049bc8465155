"""Every export that carries deals reads back to the same account: CSV bundle (English
and Chinese headers, folder and zip), node-link JSON, GraphML, and the Cypher script
run in the real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph.model import AccountGraph
from graph.store.neo4j import Neo4jStore
from importers.formats import read_import
from tests.deal_samples import DEAL_KINDS, deal_org, hostile_deal_org
from tests.factories import graph_of
from visualize.cypher import cypher_script
from visualize.formats import bundle_files, bundle_zip, gexf_text, graphml_text, node_link

GRAPHS = {"deals": deal_org, "hostile": hostile_deal_org}


def _graph(name: str) -> AccountGraph:
    graph = graph_of(GRAPHS[name]("acme"))
    assert all(graph.entities(kind) for kind in DEAL_KINDS)  # every deal kind is exported
    return graph


def _read_back(path: Path, graph: AccountGraph) -> AccountGraph:
    result = read_import(path, account_id="acme")
    assert [str(e) for e in result.report.errors] == []
    assert result.bundle is not None
    return graph_of(result.bundle, graph.account)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_csv_bundle_reimports_deals_exactly(tmp_path: Path, name: str, lang: str) -> None:
    graph = _graph(name)
    files = bundle_files(graph, lang=lang)  # type: ignore[arg-type]
    assert {"deals.csv", "committee.csv", "bodies.csv", "supervises.csv"} <= set(files)
    for file, text in files.items():
        (tmp_path / file).write_text(text, encoding="utf-8", newline="")
    assert _read_back(tmp_path, graph) == graph
    archive = tmp_path / "acme.zip"
    archive.write_bytes(bundle_zip(graph, lang=lang))  # type: ignore[arg-type]
    assert _read_back(archive, graph) == graph


def test_the_chinese_csv_headers_are_the_ones_users_write() -> None:
    files = bundle_files(_graph("deals"), lang="zh")
    first_lines = {name: text.lstrip("\ufeff").splitlines()[0] for name, text in files.items()}
    assert first_lines["deals.csv"].startswith(
        "编号,商机/项目,阶段,金额,币种,预计成交日期,状态,负责人,竞争对手"
    )
    assert first_lines["committee.csv"] == "商机/项目,干系人,角色,态度,备注,痛点"
    assert first_lines["supervises.csv"] == "分管领导,被分管人,分管领域"
    assert "评标" in files["deals.csv"] and "评标委员会" in files["bodies.csv"]


@pytest.mark.parametrize("name", GRAPHS)
def test_node_link_json_reimports_deals_exactly(tmp_path: Path, name: str) -> None:
    graph = _graph(name)
    document = node_link(graph)
    path = tmp_path / "acme.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert _read_back(path, graph) == graph
    read = nx.node_link_graph(document, edges="links")
    assert read.nodes["deal:ct"]["stage"] == "evaluation"
    assert read.nodes["body:eval"]["members"] == ["wang", "li"]
    types = sorted(
        d["type"]
        for _, _, d in read.edges(data=True)
        if d["type"] not in ("reports_to", "influences", "relates_to")
    )
    # 4 seats, 1 分管 line, 1 tie; 4 memberships drawn (wang chairs eval)
    assert types == ["member_of"] * 4 + ["on_committee"] * 4 + ["supervises", "ties_to"]
    assert read.edges["stakeholder:wang", "body:eval", 0]["chair"] is True


@pytest.mark.parametrize("name", GRAPHS)
def test_graphml_reimports_deals_exactly(tmp_path: Path, name: str) -> None:
    graph = _graph(name)
    path = tmp_path / "acme.graphml"
    path.write_text(graphml_text(graph), encoding="utf-8")
    read = nx.read_graphml(path)
    assert read.nodes["body:eval"]["entity"] == "body"
    assert read.nodes["body:eval"]["members"] == "wang;li"
    # GraphML holds the graph: people, team, links and deals, not the event lists.
    events = {"interactions": (), "assessments": (), "orders": (), "tickets": ()}
    assert _read_back(path, graph) == graph.model_copy(update=events)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", GRAPHS)
def test_the_cypher_script_recreates_deals_in_neo4j(neo4j_store: Neo4jStore, name: str) -> None:
    graph = _graph(name)
    statements = [
        line for line in cypher_script(graph).splitlines() if line and not line.startswith("//")
    ]
    for statement in statements:
        neo4j_store._driver.execute_query(statement[:-1])
    assert neo4j_store.account_graph("acme").sorted() == graph.sorted()
    assert neo4j_store.storage_problems() == {}  # the edges agree with the properties


def test_gexf_carries_deals_bodies_and_their_edges(tmp_path: Path) -> None:
    graph = _graph("deals")
    path = tmp_path / "acme.gexf"
    path.write_text(gexf_text(graph), encoding="utf-8")
    read = nx.read_gexf(path)
    assert read.nodes["deal:his"]["stage"] == "solution"
    assert read.nodes["body:eval"]["members"] == "wang;li"
    entities = sorted(d["entity"] for _, _, d in read.edges(data=True))
    assert entities.count("on_committee") == 4 and entities.count("ties_to") == 1
