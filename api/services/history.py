"""History use cases: an account as it was, analysed then, and what changed between
two moments."""

from __future__ import annotations

from datetime import datetime

from api.services.analysis import analysis_of
from graph.analysis.changes import AccountChanges, account_changes
from graph.analysis.params import AnalysisParams
from graph.analysis.results import AccountAnalysis
from graph.errors import InvalidInput
from graph.history import graph_as_of, moment
from graph.model import AccountGraph
from graph.store import GraphStore
from graph.vocabulary import Language


def graph_at(store: GraphStore, account_id: str, when: datetime | None) -> AccountGraph:
    """The account now, or as it was at `when` (rebuilt from its history)."""
    current = store.account_graph(account_id)
    if when is None:
        return current
    return graph_as_of(current, store.history(account_id, undo_only=True), when)


def analysis_at(
    store: GraphStore, account_id: str, when: datetime | None, *, lang: Language = "en"
) -> AccountAnalysis:
    """`analyze` now, or exactly as it was at `when` (the graph then, judged on that day)."""
    params = (
        AnalysisParams(lang=lang) if when is None else AnalysisParams(as_of=when.date(), lang=lang)
    )
    return analysis_of(store, account_id, params, graph_at(store, account_id, when))


def changes_between(
    store: GraphStore,
    account_id: str,
    since: datetime,
    until: datetime,
    *,
    lang: Language = "en",
    names: tuple[str, str] = ("since", "until"),
) -> AccountChanges:
    """What changed in the account between `since` and `until`; `names` are what the
    caller calls the two moments, for the error when they are the wrong way round."""
    if until < since:
        raise InvalidInput(
            [f"{names[1]} ({until.isoformat()}) is before {names[0]} ({since.isoformat()})"]
        )
    return account_changes(
        graph_at(store, account_id, since),
        graph_at(store, account_id, until),
        since=since,
        until=until,
        lang=lang,
    )


def parse_moment(text: str, option: str) -> datetime:
    """`text` as a moment (a date or an ISO-8601 timestamp); `option` names it in the error."""
    try:
        return moment(text)
    except ValueError as error:
        raise InvalidInput([f"{option}: {error}"]) from error
