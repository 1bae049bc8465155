"""Power: how much a person's view moves the decision.

Formula
-------
Every active stakeholder *i* gets a prior

    prior(i) = floor + max(ROLE_PRIOR[r] for r in roles(i), default 0)
                     + SENIORITY_PRIOR[seniority(i)]   (0 when unknown)
                     + extra(i)

where extra(i) is 0 for the account's analysis; a deal's analysis adds the
person's share of the decision bodies that decide the deal (graph/analysis/deals.py).

Links say who informs whose view: an influence link A → B with weight w, a
reporting line S → M with weight `reporting_weight`, and a 分管 line (leader L is
in charge of S's area, `Supervision`) L → S with weight `supervision_weight`
(where two of these join the same two people, the stronger counts). A reporting
line carries a report's advice up to the manager; a 分管 line carries the
leader's direction down to the area: in 政企 practice the head of an area must
satisfy the 分管领导 before a proposal reaches the 院长办公会 or the 党委会, so
the leader's view shapes the area's, and the area's power flows to the leader
(0.4: above a reporting line's 0.3, since within their area the 分管 leader's
line is what the area recommends; below a named influence link of 0.5, since it
is a standing assignment, not a recorded word on this decision). Power flows *backwards*
along them — B's power reaches the people B listens to — so we run personalised
PageRank on the reversed graph:

    p(A) = (1 − alpha) · prior(A)/Σprior
           + alpha · Σ_B p(B) · w(A→B) / max(1, W(B))
           + alpha · (share returned to the prior) · prior(A)/Σprior

where W(B) = Σ_C w(C→B) is how much B listens in all. A listener whose links
add up to less than 1 keeps the rest of their attention for their own view:
that part (1 − W(B)) returns to everyone by the prior, as do people who listen
to nobody (PageRank's dangling nodes). Without this, a single weak link would
pass on all of a listener's power (a dispatcher would inherit her lead's).

Power is p divided by the largest p, so the most powerful person has 1.0.
With no roles and no seniority anywhere the prior is uniform and power is
plain influence structure. Deterministic: nodes are fed in id order
and iterated to tolerance 1e-12. People who have left (status `left`) are not
part of the decision and get no power.

Key decision-makers are the people with power ≥ key_power, best first, at most
key_count. Hidden influencers are people whose power exceeds what their
seniority predicts (SENIORITY_PRIOR, 0.3 when unknown) by ≥ hidden_margin, with
power ≥ hidden_min_power: the adviser nobody put on the org chart.

Reference: Page, Brin et al. (1999); the personalisation follows Haveliwala,
"Topic-sensitive PageRank" (2002).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis import wording
from graph.analysis.params import ROLE_PRIOR, SENIORITY_PRIOR, AnalysisParams
from graph.model import AccountGraph, Stakeholder
from graph.vocabulary import Language, Status


def active_people(graph: AccountGraph) -> list[Stakeholder]:
    """Stakeholders still at the client, in id order."""
    return sorted((p for p in graph.stakeholders if p.status is Status.active), key=lambda p: p.id)


def prior(person: Stakeholder, params: AnalysisParams) -> float:
    """A person's prior from roles and seniority (module docstring)."""
    role_part = max((ROLE_PRIOR[role] for role in person.roles), default=0.0)
    seniority_part = SENIORITY_PRIOR[person.seniority] if person.seniority else 0.0
    return params.prior_floor + role_part + seniority_part


@dataclass(frozen=True)
class ListeningGraph:
    """Who informs whose view, among active stakeholders: link A → B with a weight and
    a kind when A influences B (influence links, and direct reports toward their
    manager). Plain adjacency, in id order, because every analysis reads it and
    building a NetworkX DiGraph of it cost more than the reading;
    `to_networkx()` gives the same graph to NetworkX, the reference in the tests."""

    people: tuple[str, ...]
    """Active stakeholder ids, sorted."""
    links: dict[tuple[str, str], tuple[float, str]]
    """(source, target) → (weight, kind), in (source, target) order."""
    listeners: dict[str, list[str]]
    """Person → the people whose view they inform (link targets), in id order."""
    advisers: dict[str, list[str]]
    """Person → the people who inform their view (link sources), in id order."""

    @classmethod
    def of(
        cls, people: Iterable[str], links: Mapping[tuple[str, str], tuple[float, str]]
    ) -> ListeningGraph:
        """The graph of `people` and `links` (keys of links must be among people)."""
        pairs = sorted(links)  # the keys alone: sorting (key, value) items took twice as long
        listeners: dict[str, list[str]] = {pid: [] for pid in sorted(people)}
        advisers: dict[str, list[str]] = {pid: [] for pid in listeners}
        for source, target in pairs:
            listeners[source].append(target)
            advisers[target].append(source)
        return cls(
            people=tuple(listeners),
            links={pair: links[pair] for pair in pairs},
            listeners=listeners,
            advisers=advisers,
        )

    def __contains__(self, pid: object) -> bool:
        return pid in self.listeners

    def to_networkx(self) -> nx.DiGraph:
        informs = nx.DiGraph()
        informs.add_nodes_from(self.people)
        informs.add_edges_from(
            (source, target, {"weight": weight, "kind": kind})
            for (source, target), (weight, kind) in self.links.items()
        )
        return informs


def listening_graph(graph: AccountGraph, params: AnalysisParams) -> ListeningGraph:
    """The account's `ListeningGraph`: influence links with weight > 0, reporting
    lines at `reporting_weight` and 分管 lines (leader → stakeholder) at
    `supervision_weight`; where several join the same two people, the stronger."""
    people = {p.id for p in graph.stakeholders if p.status is Status.active}
    links: dict[tuple[str, str], tuple[float, str]] = {}  # kinds: StrEnum members are str
    if params.reporting_weight > 0:
        for person in graph.stakeholders:
            if person.id in people and person.reports_to in people:
                links[(person.id, person.reports_to)] = (params.reporting_weight, "reports_to")
    if params.supervision_weight > 0:
        for line in graph.supervisions:
            if line.leader in people and line.stakeholder in people:
                pair = (line.leader, line.stakeholder)
                if pair not in links or links[pair][0] < params.supervision_weight:
                    links[pair] = (params.supervision_weight, "supervises")
    for link in graph.influences:
        if link.source in people and link.target in people and link.weight > 0:
            # Where a link doubles a reporting line, the stronger of the two counts,
            # so recording an influence link never weakens an existing tie.
            current = links.get((link.source, link.target))
            if current is None or current[0] < link.weight:
                links[(link.source, link.target)] = (link.weight, link.kind)
    # Links in id order: float sums, and so power, do not depend on input order.
    return ListeningGraph.of(people, links)


def power_scores(
    graph: AccountGraph,
    params: AnalysisParams | None = None,
    *,
    informs: ListeningGraph | None = None,
    extra_prior: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """Power of every active stakeholder, 0..1 (module docstring). Empty graph → {}.

    `informs` may pass an already built `listening_graph(graph, params)`;
    `extra_prior` (person → ≥ 0) is added to their prior (a deal's decision bodies).
    """
    params = params or AnalysisParams()
    people = active_people(graph)
    if not people:
        return {}
    informs = listening_graph(graph, params) if informs is None else informs
    extra = extra_prior or {}
    priors = {p.id: prior(p, params) + extra.get(p.id, 0.0) for p in people}
    total = sum(priors.values())
    personalization = {pid: value / total for pid, value in priors.items()}
    raw = (
        _listening_pagerank(informs, personalization, params.alpha)
        if informs.links
        else personalization
    )
    top = max(raw.values())
    return {pid: raw[pid] / top for pid in sorted(raw)}


DENSE_PAGERANK_LIMIT = 400
"""Up to this many nodes PageRank multiplies a dense matrix (measured faster here)."""


def _listening_pagerank(
    informs: ListeningGraph, personalization: dict[str, float], alpha: float, *, tol: float = 1e-12
) -> dict[str, float]:
    """Personalised PageRank on the reversed listening graph plus the prior node, as
    `networkx.pagerank(flow, alpha, personalization=p, dangling=p, tol=tol)` computes
    it (a test checks they agree), built straight into a sparse matrix: NetworkX's
    own conversion took most of the 5,000-person analysis.

    flow: B → A with w for every A → B in `informs`, and B → prior with 1 − W(B)
    when W(B) < 1; rows are normalised to sum 1; the prior node is dangling and
    hands its share back by the personalisation.
    """
    import numpy as np

    ids = informs.people
    index = {pid: i for i, pid in enumerate(ids)}
    n = len(ids)
    # flow edge target → source for every link source → target
    link_rows = np.array([index[target] for _, target in informs.links], dtype=np.intp)
    link_cols = np.array([index[source] for source, _ in informs.links], dtype=np.intp)
    link_weights = np.array([weight for weight, _ in informs.links.values()], dtype=float)
    listened = np.bincount(link_rows, weights=link_weights, minlength=n + 1)
    partial = np.flatnonzero(listened[:n] < 1.0)  # the rest of their attention: the prior node
    rows = np.concatenate([link_rows, partial])
    cols = np.concatenate([link_cols, np.full(len(partial), n, dtype=np.intp)])
    weights = np.concatenate([link_weights, 1.0 - listened[partial]])
    out = np.bincount(rows, weights=weights, minlength=n + 1)
    scale = np.divide(1.0, out, out=np.zeros_like(out), where=out != 0)
    values = weights * scale[rows]
    # Stored transposed, so each step is a plain matrix-vector product.
    transposed: Any
    if n + 1 <= DENSE_PAGERANK_LIMIT:
        # Small accounts: a dense matrix; scipy's per-product overhead dominated there.
        transposed = np.zeros((n + 1, n + 1))
        np.add.at(transposed, (cols, rows), values)
    else:
        from scipy.sparse import csr_array  # 0.2 s to import: only when an account needs it

        transposed = csr_array((values, (cols, rows)), shape=(n + 1, n + 1))
    teleport = np.array([personalization[pid] for pid in ids] + [0.0])
    teleport /= teleport.sum()
    dangling = out == 0
    x = np.full(n + 1, 1.0 / (n + 1))
    for _ in range(1000):
        previous = x
        x = alpha * (transposed @ x + x[dangling].sum() * teleport) + (1 - alpha) * teleport
        if np.abs(x - previous).sum() < (n + 1) * tol:
            break
    return {pid: float(x[index[pid]]) for pid in ids}


def rank_by_power(power: dict[str, float]) -> list[str]:
    """Ids from most to least powerful; ties broken by id, so the order is stable."""
    return sorted(power, key=lambda pid: (-round(power[pid], 12), pid))


def key_decision_makers(power: dict[str, float], params: AnalysisParams) -> list[str]:
    """People with power ≥ `key_power`, best first, at most `key_count`."""
    return [pid for pid in rank_by_power(power) if power[pid] >= params.key_power][
        : params.key_count
    ]


def predicted_power(person: Stakeholder) -> float:
    """What seniority alone suggests a person's power is (SENIORITY_PRIOR; 0.3 when unknown)."""
    return SENIORITY_PRIOR[person.seniority] if person.seniority else 0.3


def hidden_influencers(
    graph: AccountGraph, power: dict[str, float], params: AnalysisParams
) -> list[str]:
    """People whose power is at least `hidden_margin` above what their seniority
    predicts and at least `hidden_min_power`; largest surplus first."""
    surplus = {
        p.id: power[p.id] - predicted_power(p)
        for p in active_people(graph)
        if p.id in power and power[p.id] >= params.hidden_min_power
    }
    hidden = [pid for pid, extra in surplus.items() if extra >= params.hidden_margin]
    return sorted(hidden, key=lambda pid: (-surplus[pid], pid))


def power_explanation(
    graph: AccountGraph,
    informs: ListeningGraph,
    power: dict[str, float],
    person_id: str,
    lang: Language = "en",
) -> str:
    """A sentence a rep can read: what the score rests on (`informs` is `listening_graph`)."""
    person = graph.stakeholder_by_id[person_id]
    basis = [wording.label(lang, role) for role in person.roles]
    if person.seniority:
        basis.append(wording.label(lang, person.seniority))
    listed = wording.separator(lang, "list")
    parts = [
        wording.say(
            lang,
            "power",
            power=power[person_id],
            basis=listed.join(basis) or wording.say(lang, "no_basis"),
        )
    ]
    listeners = sorted(informs.listeners.get(person_id, ()), key=lambda pid: -power[pid])
    if listeners:
        top = listeners[:3]
        more = wording.say(lang, "and_more", n=len(listeners) - 3) if len(listeners) > 3 else ""
        people = graph.stakeholder_by_id
        parts.append(
            wording.say(
                lang,
                "shapes_view",
                names=wording.names(lang, [people[i].name for i in top]),
                more=more,
                powers=listed.join(f"{power[i]:.2f}" for i in top),
            )
        )
    advisers = informs.advisers.get(person_id, ())
    if advisers:
        count = len(advisers)
        parts.append(wording.say(lang, "advised_by", n=count))
    return wording.separator(lang, "clauses").join(parts)
