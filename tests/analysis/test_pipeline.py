"""The pipeline by hand: sorting, stage totals, closed deals at close and outcomes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from api.services.analysis import AnalysisCache
from api.services.deals import PIPELINE_RESULT, graphs_at_close, pipeline_of
from api.services.portfolio_rows import params_fingerprint
from graph.analysis.params import AnalysisParams
from graph.analysis.pipeline import deal_rows, pipeline
from graph.model import AccountGraph, Deal
from graph.store.sqlite import SQLiteStore
from tests.factories import HOSPITAL_DAY, bundle_of, hospital

PARAMS = AnalysisParams(as_of=HOSPITAL_DAY)


def with_closed(graph: AccountGraph, closed_on: date) -> AccountGraph:
    """his won and ct lost, both closed on `closed_on`."""
    status = {"his": "won", "ct": "lost"}
    deals = [
        Deal.model_validate({**d.model_dump(), "status": status[d.id], "closed_on": closed_on})
        for d in graph.deals
    ]
    return graph.replace(Deal, deals)


def test_open_deals_by_qualification_and_stage_totals() -> None:
    overview = pipeline(deal_rows(hospital(), PARAMS))
    # his 6/8 = 0.75 before ct 3.5/8 = 0.4375 (tests/analysis/test_deals.py)
    assert [(r.deal, r.qualification) for r in overview.open] == [("his", 0.75), ("ct", 0.4375)]
    assert [(s.stage, s.deals, s.amount) for s in overview.stages] == [
        ("solution", 1, 3_000_000.0),
        ("evaluation", 1, 8_000_000.0),
    ]
    assert [r.deal for r in pipeline(deal_rows(hospital(), PARAMS), sort="stage").open] == [
        "ct",  # 评标 is further along the ladder than 方案
        "his",
    ]
    assert pipeline([], sort="nonsense").sort == "qualification"


def test_closed_deals_against_their_outcome() -> None:
    graph = with_closed(hospital(), HOSPITAL_DAY)
    overview = pipeline(deal_rows(graph, PARAMS))
    assert overview.open == []
    assert {(r.deal, r.status.value, r.at_close) for r in overview.closed} == {
        ("his", "won", "current"),
        ("ct", "lost", "current"),
    }
    # judged on closed_on (= HOSPITAL_DAY): the same figures as open on that day
    assert overview.outcomes.won.qualification == pytest.approx(0.75)
    assert overview.outcomes.lost.qualification == pytest.approx(0.4375)
    assert overview.outcomes.predictive == {"qualification": True, "coverage": True}


def test_at_close_comes_from_history_when_it_reaches_back(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "p.db")
    try:
        today = date.today()
        graph = with_closed(hospital(), today)
        store.bulk_upsert(bundle_of(graph), create=graph.account)
        current = store.account_graph("renhe")
        # Written today, closed today: the history reaches the end of today.
        assert {k: v[1] for k, v in graphs_at_close(store, "renhe", current).items()} == {
            "his": "history",
            "ct": "history",
        }
        # Closed yesterday: nothing was recorded then, the current map stands in.
        earlier = with_closed(current, date.fromordinal(today.toordinal() - 1))
        assert graphs_at_close(store, "renhe", earlier) == {}
        overview = pipeline_of(store, AnalysisParams(), AnalysisCache())
        assert {r.at_close for r in overview.closed} == {"history"}
    finally:
        store.close()


def test_pipeline_rows_are_persisted_for_the_account_version(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "p.db")
    try:
        graph = hospital()
        store.bulk_upsert(bundle_of(graph), create=graph.account)
        first = pipeline_of(store, PARAMS, AnalysisCache())
        saved = store.saved_results(PIPELINE_RESULT, params_fingerprint(PARAMS, PIPELINE_RESULT))
        assert [(r.account_id, r.version) for r in saved.values()] == [("renhe", 1)]
        # another process (a fresh cache) reads the stored rows: the same pipeline
        assert pipeline_of(store, PARAMS, AnalysisCache()) == first
    finally:
        store.close()
