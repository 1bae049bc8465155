"""Use cases shared by the CLI and the HTTP API: they wire importers, stores and views.

No rule of the domain lives here; each function reads, calls the domain, writes once.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import InvalidInput
from graph.model import Account
from graph.store import GraphStore
from importers.bundle import read_bundle
from importers.report import ImportReport


def import_bundle(
    store: GraphStore, path: Path, *, account_id: str, dry_run: bool = False
) -> ImportReport:
    """Read the bundle at `path` and write it into `account_id` in one transaction.

    The account is created (named after its id) if it does not exist yet. Nothing
    is written when any row is bad, or when `dry_run` is set.
    """
    new_account = Account(id=account_id, name=account_id)  # refuses a malformed id up front
    result = read_bundle(path, account_id=account_id)
    report = result.report
    if result.bundle is None:
        return report
    try:
        written = store.bulk_upsert(result.bundle, dry_run=dry_run, create=new_account)
    except InvalidInput as error:
        for problem in error.problems:
            report.add(path.name, problem)
        return report
    report.created, report.updated, report.unchanged = (
        written.created,
        written.updated,
        written.unchanged,
    )
    report.written = not dry_run
    return report
