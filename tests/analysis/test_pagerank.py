"""Our sparse personalised PageRank agrees with NetworkX's on the same flow graph."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.analysis.power import ListeningGraph, _listening_pagerank

PRIOR = "\x00prior"


def _networkx_reference(
    links: ListeningGraph, personalization: dict[str, float], alpha: float
) -> dict[str, float]:
    """The formula of power.py's docstring, run by NetworkX (what power.py used to call)."""
    informs = links.to_networkx()
    flow = nx.DiGraph()
    flow.add_nodes_from([*informs.nodes, PRIOR])
    flow.add_weighted_edges_from((b, a, w) for a, b, w in informs.edges(data="weight"))
    for listener in informs.nodes:
        listened = sum(w for _, _, w in informs.in_edges(listener, data="weight"))
        if listened < 1.0:
            flow.add_edge(listener, PRIOR, weight=1.0 - listened)
    teleport = {**personalization, PRIOR: 0.0}
    raw = nx.pagerank(
        flow,
        alpha=alpha,
        personalization=teleport,
        dangling=teleport,
        weight="weight",
        tol=1e-12,
        max_iter=1000,
    )
    raw.pop(PRIOR)
    return raw


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=2, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.dictionaries(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(
                    lambda e: e[0] != e[1]
                ),
                st.floats(min_value=0.01, max_value=1.0),
                min_size=1,
                max_size=n * 3,
            ),
            st.lists(st.floats(min_value=0.05, max_value=2.0), min_size=n, max_size=n),
            st.floats(min_value=0.1, max_value=0.9),
        )
    )
)
def test_sparse_pagerank_matches_networkx(
    case: tuple[int, dict[tuple[int, int], float], list[float], float],
) -> None:
    n, edges, priors, alpha = case
    ids = [f"p{i:02d}" for i in range(n)]
    informs = ListeningGraph.of(
        ids, {(ids[a], ids[b]): (weight, "advice") for (a, b), weight in edges.items()}
    )
    total = sum(priors)
    personalization = {pid: value / total for pid, value in zip(ids, priors, strict=True)}
    ours = _listening_pagerank(informs, personalization, alpha)
    reference = _networkx_reference(informs, personalization, alpha)
    assert ours.keys() == reference.keys()
    for pid in ids:
        assert ours[pid] == pytest.approx(reference[pid], rel=1e-9, abs=1e-12)


def test_sampled_betweenness_names_the_same_top_brokers() -> None:
    from graph.analysis.centrality import betweenness
    from graph.analysis.params import AnalysisParams
    from graph.analysis.power import listening_graph
    from tests.data.generator import organisation
    from tests.factories import graph_of

    graph = graph_of(organisation("big", 3000, seed=3))
    links = listening_graph(graph, AnalysisParams())
    exact = betweenness(links.people, links.links, backend="igraph")
    sampled = betweenness(
        links.people, links.links, backend="igraph", sample_above=2000, pivots=500
    )
    top = sorted(exact, key=lambda pid: -exact[pid])
    top_sampled = sorted(sampled, key=lambda pid: -sampled[pid])[:5]
    # Directed, the top four lie within 10% of each other (no single clear broker): the
    # exact top broker is among the estimate's top five, and the estimate picks people
    # whose exact value is close to the top five's.
    assert top[0] in top_sampled
    fifth = exact[top[4]]
    assert all(exact[pid] >= 0.8 * fifth for pid in top_sampled), [
        (p, exact[p]) for p in top_sampled
    ]
    assert sampled[top[0]] == pytest.approx(exact[top[0]], rel=0.2)
