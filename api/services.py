"""Use cases shared by the CLI and the HTTP API: they wire importers, stores and views.

No rule of the domain lives here; each function reads, calls the domain, writes once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from pydantic import ValidationError

from graph.analysis.account import analyze_account
from graph.analysis.changes import AccountChanges, account_changes
from graph.analysis.params import AnalysisParams
from graph.analysis.paths import warm_path
from graph.analysis.portfolio import Portfolio, PortfolioRow, portfolio, portfolio_row, row_of
from graph.analysis.results import AccountAnalysis, WarmPath, WhatIf
from graph.analysis.whatif import what_if_removed
from graph.errors import InvalidInput, NotFound, describe_validation_error
from graph.history import Change, graph_as_of, moment
from graph.model import ACCOUNT_ENTITIES, Account, AccountGraph, graph_problems
from graph.store import GraphStore
from graph.users import User
from graph.vocabulary import Language
from importers.activity import ActivityOptions
from importers.bundle import ImportResult, unresolved_references
from importers.formats import ACTIVITY_FORMATS, ImportFormat, read_import
from importers.report import ImportReport
from importers.survey import SurveyFormat, survey_document
from visualize.cypher import cypher_script
from visualize.formats import bundle_zip, gexf_text, graphml_text, node_link
from visualize.html import influence_map_html
from visualize.picture import influence_map_svg, svg_to_png
from visualize.report import account_report_html, html_to_pdf


def import_bundle(
    store: GraphStore,
    path: Path,
    *,
    account_id: str,
    dry_run: bool = False,
    new_account: Account | None = None,
    expected_version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
    progress: Callable[[str, int], None] | None = None,
    activity: ActivityOptions | None = None,
) -> ImportReport:
    """Read the bundle at `path` and write it into `account_id` in one transaction.

    A missing account is created as `new_account` (default: named after its id)
    in the same transaction. Nothing is written when any row is bad, when
    `dry_run` is set, or when the account is no longer at `expected_version`.
    """
    new_account = new_account or Account(id=account_id, name=account_id)  # checks the id
    known = None
    if format in ACTIVITY_FORMATS:  # matched by address against the people stored
        try:
            known = store.account_graph(account_id)
        except NotFound:
            known = None
    result = read_import(
        path,
        account_id=account_id,
        format=format,
        progress=progress,
        known=known,
        activity=activity,
    )
    if progress is not None and result.bundle is not None:
        progress("writing", result.bundle.size)
    report = result.report
    if result.bundle is None:
        return report
    try:
        written = store.bulk_upsert(
            result.bundle, dry_run=dry_run, create=new_account, expected_version=expected_version
        )
    except InvalidInput as error:
        _report_write_problems(store, account_id, result, error.problems, path.name)
        return report
    report.created, report.updated, report.unchanged = (
        written.created,
        written.updated,
        written.unchanged,
    )
    report.written = not dry_run
    return report


def _report_write_problems(
    store: GraphStore,
    account_id: str,
    result: ImportResult,
    problems: list[str],
    file_name: str,
) -> None:
    """The store refused the import: each reference to nobody (in the file nor in the
    account) is reported at its file, row and column; the other problems (a reporting
    cycle …) as the store words them."""
    try:
        stored = store.account_graph(account_id)
        people, members = set(stored.stakeholder_by_id), set(stored.member_by_id)
    except NotFound:
        people, members = set(), set()
    located = unresolved_references(result.references, stakeholders=people, members=members)
    for ref, message in located:
        result.report.add(ref.file, message, row=ref.row, column=ref.column)
    for problem in problems:
        if located and ("is not a stakeholder" in problem or "is not a team member" in problem):
            continue  # said above, with its row
        result.report.add(file_name, problem)


def baseline_graph(
    store: GraphStore, account_id: str, graph: AccountGraph, params: AnalysisParams
) -> AccountGraph | None:
    """The account as it was `params.baseline_days` before the analysis date, rebuilt
    from the changes since then; None when its history starts later (no account to
    compare with) or nothing changed since (the same graph)."""
    then = moment(params.as_of - timedelta(days=params.baseline_days))
    start = store.history_start(account_id)
    if start is None or start > then:
        return None  # read one change, not the whole history of a young account
    later = store.history(account_id, since=then, undo_only=True)
    if not later:
        return None
    return graph_as_of(graph, later, then)


def analysis_of(
    store: GraphStore,
    account_id: str,
    params: AnalysisParams,
    graph: AccountGraph | None = None,
) -> AccountAnalysis:
    """`analyze_account` of the stored account (or of `graph`, its state at the
    analysis date), with the baseline its history gives."""
    graph = store.account_graph(account_id) if graph is None else graph
    return analyze_account(graph, params, baseline=baseline_graph(store, account_id, graph, params))


ANALYSIS_CACHE_SIZE = 256
"""Full analyses kept in memory (the API's answers; a 500-person one is ~0.5 MB)."""
ROW_CACHE_SIZE = 20_000
"""Portfolio rows kept in memory (small: one per account, language and day)."""


class AnalysisCache:
    """Analyses keyed by account and its write version: an account nothing has
    changed is not analysed again (the portfolio of thousands of accounts), and its
    JSON is serialised once (the API's hottest answer).

    An entry is used only for the version it was computed at, and versions of an
    account id never repeat (a re-created account continues from the deleted one's
    last version), so an entry can describe nothing but that account as it was.
    Both tables are LRU caches of bounded size (their keys hold the analysis date
    and language, so old days fall out as new ones come); `forget` drops an
    account's entries when it is deleted. Thread-safe.
    """

    def __init__(
        self, *, analyses: int = ANALYSIS_CACHE_SIZE, rows: int = ROW_CACHE_SIZE
    ) -> None:
        self._entries: LRUCache[tuple[str, str], tuple[int, AccountAnalysis, list[bytes]]] = (
            LRUCache(maxsize=analyses)
        )
        self._rows: LRUCache[tuple[str, str], tuple[int, PortfolioRow]] = LRUCache(maxsize=rows)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries) + len(self._rows)

    def forget(self, account_id: str) -> None:
        """Drop everything cached for `account_id` (it was deleted)."""
        with self._lock:
            for table in (self._entries, self._rows):
                for key in [key for key in table if key[0] == account_id]:
                    del table[key]

    def _get(self, table: LRUCache[tuple[str, str], Any], key: tuple[str, str]) -> Any:
        with self._lock:
            return table.get(key)

    def _put(self, table: LRUCache[tuple[str, str], Any], key: tuple[str, str], value: Any) -> None:
        with self._lock:
            table[key] = value

    def row(
        self, store: GraphStore, account_id: str, params: AnalysisParams, *, version: int
    ) -> PortfolioRow:
        """The account's portfolio row: from its cached analysis when there is one for
        this version, else computed alone (`portfolio_row`, half an analysis)."""
        key = (account_id, params.model_dump_json())
        analysed = self._get(self._entries, key)
        if analysed is not None and analysed[0] == version:
            return row_of(analysed[1])
        cached = self._get(self._rows, key)
        if cached is not None and cached[0] == version:
            found: PortfolioRow = cached[1]
            return found
        graph, read_version = store.versioned_graph(account_id)
        found = portfolio_row(
            graph, params, baseline=baseline_graph(store, account_id, graph, params)
        )
        self._put(self._rows, key, (read_version, found))
        return found

    def _entry(
        self, store: GraphStore, account_id: str, params: AnalysisParams, version: int | None
    ) -> tuple[int, AccountAnalysis, list[bytes]]:
        version = store.account_version(account_id) if version is None else version
        key = (account_id, params.model_dump_json())
        cached = self._get(self._entries, key)
        if cached is not None and cached[0] == version:
            entry: tuple[int, AccountAnalysis, list[bytes]] = cached
            return entry
        graph, read_version = store.versioned_graph(account_id)
        serialised: list[bytes] = []
        entry = (read_version, analysis_of(store, account_id, params, graph), serialised)
        self._put(self._entries, key, entry)
        return entry

    def forget_account(self, account_id: str) -> None:
        """Drop every cached analysis and row of the account (after an erasure, the old
        ones still name the person)."""
        for table in (self._entries, self._rows):
            for key in [key for key in table if key[0] == account_id]:
                del table[key]

    def analysis(
        self,
        store: GraphStore,
        account_id: str,
        params: AnalysisParams,
        *,
        version: int | None = None,
    ) -> AccountAnalysis:
        return self._entry(store, account_id, params, version)[1]

    def analysis_json(
        self, store: GraphStore, account_id: str, params: AnalysisParams, *, version: int
    ) -> bytes:
        """The analysis as the JSON document, serialised once per version."""
        _, result, serialised = self._entry(store, account_id, params, version)
        if not serialised:
            serialised.append(result.model_dump_json().encode())
        return serialised[0]


def portfolio_of(
    store: GraphStore,
    params: AnalysisParams,
    cache: AnalysisCache | None = None,
    *,
    visible: Callable[[Account], bool] | None = None,
) -> Portfolio:
    """The portfolio over every account in the store (or those `visible` accepts)."""
    cache = cache or AnalysisCache()
    return portfolio(
        [
            cache.row(store, summary.account.id, params, version=summary.version)
            for summary in store.list_accounts()
            if visible is None or visible(summary.account)
        ]
    )


def what_if(graph: AccountGraph, remove: str, params: AnalysisParams | None = None) -> WhatIf:
    """What-if for removing `remove`: a stakeholder if one has that id, else a team member."""
    if remove in graph.stakeholder_by_id:
        return what_if_removed(graph, stakeholder=remove, params=params)
    return what_if_removed(graph, member=remove, params=params)


def path_to(graph: AccountGraph, target: str, params: AnalysisParams | None = None) -> WarmPath:
    """The warm path to stakeholder `target`; NotFound if the account has no such person."""
    if target not in graph.stakeholder_by_id:
        raise NotFound(f"no stakeholder {target!r} in account {graph.account.id!r}")
    return warm_path(graph, target, params)


class ExportFormat(StrEnum):
    html = "html"
    svg = "svg"
    png = "png"
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    cypher = "cypher"


EXPORT_MEDIA_TYPES: dict[ExportFormat, str] = {
    ExportFormat.html: "text/html; charset=utf-8",
    ExportFormat.svg: "image/svg+xml",
    ExportFormat.png: "image/png",
    ExportFormat.graphml: "application/graphml+xml",
    ExportFormat.gexf: "application/gexf+xml",
    ExportFormat.json: "application/json",
    ExportFormat.csv: "application/zip",
    ExportFormat.cypher: "text/plain; charset=utf-8",
}
EXPORT_SUFFIXES: dict[ExportFormat, str] = {
    ExportFormat.csv: ".zip",
    ExportFormat.cypher: ".cypher",
}


@dataclass(frozen=True)
class Export:
    data: bytes
    media_type: str
    filename: str


def export_account(
    graph: AccountGraph,
    format: ExportFormat,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
) -> Export:
    """The account in `format` (the CSV bundle comes as one `.zip`)."""
    # The analysis explains itself in the export's language.
    params = (params or AnalysisParams()).model_copy(update={"lang": lang})
    analysis = analyze_account(graph, params) if format in ANALYSED_FORMATS else None
    data: bytes
    if format is ExportFormat.html:
        assert analysis is not None
        data = influence_map_html(graph, analysis, params=params, lang=lang).encode()
    elif format in (ExportFormat.svg, ExportFormat.png):
        assert analysis is not None
        svg = influence_map_svg(graph, analysis, params=params, lang=lang)
        data = svg_to_png(svg) if format is ExportFormat.png else svg.encode()
    elif format is ExportFormat.graphml:
        data = graphml_text(graph, analysis).encode()
    elif format is ExportFormat.gexf:
        data = gexf_text(graph, analysis).encode()
    elif format is ExportFormat.json:
        data = (json.dumps(node_link(graph), ensure_ascii=False, indent=2) + "\n").encode()
    elif format is ExportFormat.csv:
        data = bundle_zip(graph, lang=lang)
    else:
        data = cypher_script(graph).encode()
    suffix = EXPORT_SUFFIXES.get(format, f".{format.value}")
    return Export(
        data=data, media_type=EXPORT_MEDIA_TYPES[format], filename=f"{graph.account.id}{suffix}"
    )


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"


def account_report(
    store: GraphStore,
    account_id: str,
    format: ReportFormat,
    *,
    params: AnalysisParams | None = None,
    lang: Language = "en",
) -> Export:
    """The account relationship report (visualize/report.py), analysed with its history."""
    # The analysis explains itself in the report's language.
    params = (params or AnalysisParams()).model_copy(update={"lang": lang})
    graph = store.account_graph(account_id)
    analysis = analysis_of(store, account_id, params, graph)
    html = account_report_html(graph, analysis, params=params, lang=lang)
    if format is ReportFormat.pdf:
        return Export(html_to_pdf(html), "application/pdf", f"{account_id}-report.pdf")
    return Export(html.encode(), "text/html; charset=utf-8", f"{account_id}-report.html")


SURVEY_MEDIA_TYPES = {
    SurveyFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SurveyFormat.csv: "text/csv; charset=utf-8",
}


def survey_export(
    graph: AccountGraph,
    format: SurveyFormat,
    *,
    lang: Language = "en",
    stakeholders: list[str] | None = None,
    supplier: str | None = None,
) -> tuple[Export, int]:
    """The relationship survey to send (importers/survey.py), and how many people it asks."""
    data, people = survey_document(
        graph, format, lang=lang, stakeholders=stakeholders or None, supplier=supplier
    )
    name = f"{graph.account.id}-survey.{format.value}"
    return Export(data, SURVEY_MEDIA_TYPES[format], name), people


ANALYSED_FORMATS = (
    ExportFormat.html,
    ExportFormat.svg,
    ExportFormat.png,
    ExportFormat.graphml,
    ExportFormat.gexf,
)
"""Formats that carry analysis results (power, warmth, gaps) beside the data."""


def integrity_problems(store: GraphStore) -> dict[str, list[str]]:
    """Per account, what breaks the rules in what is stored: dangling references,
    reporting cycles, an entity stored twice, data that no longer validates. Writes
    through stakegraph cannot cause these; direct edits of the database can."""
    found: dict[str, list[str]] = store.storage_problems()
    for summary in store.list_accounts():
        account_id = summary.account.id
        try:
            problems = graph_problems(store.account_graph(account_id))
        except ValidationError as error:
            problems = [
                f"stored data is invalid: {line}" for line in describe_validation_error(error)
            ]
        if problems:
            found[account_id] = [*found.get(account_id, []), *problems]
    return found


BACKUP_FORMAT = "stakegraph-backup"
BACKUP_VERSION = 1


def backup_document(store: GraphStore) -> dict[str, Any]:
    """Everything in the store as one portable JSON document: users (with token hashes,
    so tokens keep working), and every account with its version and entities."""
    accounts = []
    for summary in store.list_accounts():
        graph, version = store.versioned_graph(summary.account.id)
        accounts.append(
            {
                "account": graph.account.model_dump(mode="json"),
                "version": version,
                "history": [
                    change.model_dump(mode="json") for change in store.history(graph.account.id)
                ],
                **{
                    kind.collection: [
                        entity.model_dump(mode="json") for entity in graph.entities(kind)
                    ]
                    for kind in ACCOUNT_ENTITIES
                },
            }
        )
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "users": [
            {**user.model_dump(mode="json"), "token_hash": digest}
            for user, digest in store.users_with_token_hashes()
        ],
        "accounts": accounts,
    }


def restore_document(store: GraphStore, document: Any) -> tuple[int, int]:
    """Restore a backup into an empty store; (users, accounts) restored.

    Everything is validated before anything is written, so a damaged backup
    writes nothing; a store that holds accounts or users is refused.
    """
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise InvalidInput(['not a stakegraph backup (no "format": "stakegraph-backup")'])
    if document.get("version") != BACKUP_VERSION:
        raise InvalidInput(
            [f"backup version {document.get('version')!r} is not one this stakegraph reads"]
        )
    existing_accounts, existing_users = len(store.list_accounts()), len(store.list_users())
    if existing_accounts or existing_users:
        raise InvalidInput(
            [
                f"restore needs an empty store; {store.description} holds {existing_accounts} accounts "
                f"and {existing_users} users"
            ]
        )
    try:
        users = [
            (
                User.model_validate({k: v for k, v in row.items() if k != "token_hash"}),
                str(row["token_hash"]),
            )
            for row in document.get("users", [])
        ]
        graphs = [
            (
                AccountGraph.model_validate(
                    {k: v for k, v in row.items() if k not in ("version", "history")}
                ),
                int(row["version"]),
                [Change.model_validate(change) for change in row.get("history", [])],
            )
            for row in document.get("accounts", [])
        ]
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError) as error:
        if isinstance(error, ValidationError):
            raise InvalidInput(
                [f"backup: {line}" for line in describe_validation_error(error)]
            ) from error
        raise InvalidInput([f"backup is damaged: {error!r}"]) from error
    problems = [
        f"account {graph.account.id!r}: {p}"
        for graph, _, _ in graphs
        for p in graph_problems(graph)
    ]
    if problems:
        raise InvalidInput(problems)
    for user, digest in users:
        store.add_user(user, digest)
    for graph, version, history in graphs:
        store.restore_account(graph, version, history)
    return len(users), len(graphs)


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
) -> AccountChanges:
    if until < since:
        raise InvalidInput([f"--to ({until.isoformat()}) is before --from ({since.isoformat()})"])
    return account_changes(
        graph_at(store, account_id, since),
        graph_at(store, account_id, until),
        since=since,
        until=until,
        lang=lang,
    )


def parse_moment(text: str, option: str) -> datetime:
    try:
        return moment(text)
    except ValueError as error:
        raise InvalidInput([f"{option}: {error}"]) from error
