"""Brokers: who passes influence on.

Formula
-------
Betweenness centrality (Freeman, "A set of measures of centrality based on
betweenness", 1977) over the DIRECTED, unweighted graph of influence links
(A → B: A informs B's view), reporting lines (report → manager) and 分管 lines
(leader → the area they are in charge of) among active stakeholders:

    b(v) = Σ_{s≠v≠t} σ_st(v) / σ_st,   normalised by (n−1)(n−2)

where σ_st is the number of shortest directed paths from s to t and σ_st(v)
those through v, computed with Brandes' algorithm ("A faster algorithm for
betweenness centrality", 2001). A broker is someone influence flows *through*:
they listen to some people and are listened to by others. Direction matters: a
manager whom everyone advises and who advises nobody receives influence but
passes none on, so their betweenness is 0 (on the undirected graph they would
look like the top broker). The undirected view is kept only for introductions
(graph/analysis/paths.py), where an adviser can introduce us either way.

NetworkX is the reference implementation, and a test checks that igraph's C
implementation computes the same exact quantity; igraph is used above
`exact_betweenness_limit` people, which defaults to 0 (always): measured here,
NetworkX took 55 s at 5,000 people (igraph 0.6 s) and 250 ms at 300.

Above `sampled_betweenness_above` people (default 2,000) exact betweenness costs
O(n·m) and dominates the analysis, so it is estimated from k =
`betweenness_pivots` source people drawn with a fixed seed (Brandes & Pich,
"Centrality estimation in large networks", 2007):

    b̂(v) = (n / k) · Σ_{s∈S} Σ_{t≠v} σ_st(v) / σ_st

an unbiased estimate. On a generated 3,000-person account a test checks that its
top five hold the exact top broker and only people whose exact betweenness is at
least 80% of the exact fifth-best (directed, the top four there lie within 10% of
each other, so their order is within the estimate's error of about 20%).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

import networkx as nx

from graph.analysis.params import AnalysisParams
from graph.analysis.power import ListeningGraph


def betweenness(
    people: Sequence[str],
    links: Iterable[tuple[str, str]],
    *,
    backend: str = "auto",
    limit: int = 0,
    sample_above: int | None = None,
    pivots: int = 500,
    directed: bool = True,
) -> dict[str, float]:
    """Normalised betweenness of every person among `people`, `links` (pairs of them)
    taken as directed edges (`directed=False`: undirected, normalised by (n−1)(n−2)/2).

    `backend` is "networkx", "igraph", or "auto" (igraph above `limit` people).
    Above `sample_above` people (None: never) it is estimated from `pivots` sources.
    """
    n = len(people)
    if n == 0:
        return {}
    use_igraph = backend == "igraph" or (backend == "auto" and n > limit)
    if not use_igraph:
        reference: nx.Graph = nx.DiGraph() if directed else nx.Graph()
        reference.add_nodes_from(people)
        reference.add_edges_from(links)
        return {
            str(k): float(v)
            for k, v in nx.betweenness_centrality(reference, normalized=True).items()
        }
    import igraph  # compiled; imported only for large accounts

    names = sorted(people)
    index = {name: i for i, name in enumerate(names)}
    if directed:
        # Parallel links (influence and a reporting line, same direction) are one edge.
        pairs = {(index[a], index[b]) for a, b in links if a != b}
    else:
        # A link in both directions is one undirected edge (not two parallel ones).
        pairs = {
            (index[a], index[b]) if index[a] < index[b] else (index[b], index[a]) for a, b in links
        }
    compiled = igraph.Graph(n=n, edges=sorted(pairs), directed=directed)
    scale = (1.0 if directed else 2.0) / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if sample_above is not None and n > sample_above and pivots < n:
        sources = sorted(random.Random(0).sample(range(n), pivots))  # noqa: S311 - not security
        raw = compiled.betweenness(directed=directed, sources=sources)
        scale *= n / pivots
    else:
        raw = compiled.betweenness(directed=directed)
    return {name: raw[i] * scale for i, name in enumerate(names)}


def brokers(
    informs: ListeningGraph, power: dict[str, float], params: AnalysisParams
) -> tuple[list[str], dict[str, float]]:
    """The `broker_count` people with the highest betweenness above zero, best
    first (ties by power, then id), and every person's betweenness over the directed
    links of `informs` (influence and reporting, in the direction influence flows)."""
    scores = betweenness(
        informs.people,
        informs.links,
        limit=params.exact_betweenness_limit,
        sample_above=params.sampled_betweenness_above,
        pivots=params.betweenness_pivots,
    )
    ranked = sorted(
        (pid for pid, score in scores.items() if score > 1e-12),
        key=lambda pid: (-round(scores[pid], 12), -power.get(pid, 0.0), pid),
    )
    return ranked[: params.broker_count], scores
