"""The full analysis document persisted per account version and parameters (kind
"analysis", beside the portfolio rows): a new process reads it instead of analysing
the graph, a write makes it stale and it is computed again, a delete removes it, and
the API serves the stored document byte for byte."""

from __future__ import annotations

from datetime import date

from api.services.analysis import (
    ANALYSIS_RESULT,
    AnalysisCache,
    analysis_of,
    from_stored_form,
    stored_form,
)
from api.services.portfolio_rows import params_fingerprint
from graph.analysis.params import AnalysisParams
from graph.model import Account, Relationship
from graph.store import GraphStore, SavedResult
from tests.api.conftest import Api
from tests.factories import small_org

PARAMS = AnalysisParams(as_of=date(2026, 11, 23))
FINGERPRINT = params_fingerprint(PARAMS, ANALYSIS_RESULT)


def _acme(store: GraphStore) -> None:
    store.bulk_upsert(small_org("acme"), create=Account(id="acme", name="Acme"))


def _stored(store: GraphStore) -> SavedResult | None:
    return store.saved_results(ANALYSIS_RESULT, FINGERPRINT, account_id="acme").get("acme")


def _mark(store: GraphStore, name: str) -> None:
    """Rewrite the persisted analysis (same version) so a reader of it can be told apart."""
    saved = _stored(store)
    assert saved is not None
    analysis, _ = from_stored_form(saved.data)
    marked = analysis.model_copy(
        update={"account": analysis.account.model_copy(update={"name": name})}
    )
    store.save_results(
        ANALYSIS_RESULT,
        FINGERPRINT,
        [SavedResult(account_id="acme", version=saved.version, data=stored_form(marked)[0])],
    )


def test_the_stored_form_gives_back_the_analysis_warmth_included_and_the_served_bytes(
    store: GraphStore,
) -> None:
    _acme(store)
    analysis = analysis_of(store, "acme", PARAMS)
    assert analysis.coverage.warmth  # left out of the document, kept on its own line
    back, document = from_stored_form(stored_form(analysis)[0])
    assert back == analysis
    assert back.coverage.warmth == analysis.coverage.warmth
    assert document == analysis.model_dump_json().encode()


def test_a_new_process_reads_the_persisted_analysis_until_the_account_changes(
    store: GraphStore,
) -> None:
    _acme(store)
    first = AnalysisCache().analysis(store, "acme", PARAMS)
    saved = _stored(store)
    assert saved is not None and saved.version == store.account_version("acme")
    assert from_stored_form(saved.data)[0] == first
    _mark(store, "read from the store")
    # another worker, or this one restarted: an empty cache
    assert AnalysisCache().analysis(store, "acme", PARAMS).account.name == "read from the store"
    # a write moves the version: the stored document is stale, computed again and replaced
    store.upsert(Relationship(account_id="acme", member="rep-1", stakeholder="zhou", strength=5))
    again = AnalysisCache().analysis(store, "acme", PARAMS)
    assert again.account.name == "Acme"
    replaced = _stored(store)
    assert replaced is not None and replaced.version == store.account_version("acme")
    # other parameters (another language) are another document
    assert AnalysisCache().analysis(store, "acme", PARAMS.model_copy(update={"lang": "zh"}))
    other = params_fingerprint(PARAMS.model_copy(update={"lang": "zh"}), ANALYSIS_RESULT)
    assert "acme" in store.saved_results(ANALYSIS_RESULT, other)


def test_deleting_the_account_removes_its_persisted_analyses(store: GraphStore) -> None:
    _acme(store)
    AnalysisCache().analysis(store, "acme", PARAMS)
    assert _stored(store) is not None
    store.delete_account("acme")
    assert _stored(store) is None


def test_the_api_serves_the_persisted_document_to_every_worker(api: Api) -> None:
    """In-process and against live workers (tests/workers.py): the first GET persists
    the document for the account's version; a document stored for that version is what
    the next worker without it in memory serves."""
    served = api.get("rep-1", "/api/v1/accounts/acme/analysis")
    assert served.status_code == 200
    lang_params = AnalysisParams(lang="en")
    fingerprint = params_fingerprint(lang_params, ANALYSIS_RESULT)
    saved = api.store.saved_results(ANALYSIS_RESULT, fingerprint, account_id="acme")["acme"]
    assert saved.version == api.store.account_version("acme")
    assert from_stored_form(saved.data)[1] == served.content
