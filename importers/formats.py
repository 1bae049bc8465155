"""One entry point for every import format: which reader a file goes to."""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from graph.model import AccountGraph
from importers.activity import ActivityOptions, build_interactions
from importers.archive import MAX_FILE_BYTES, ArchiveError
from importers.bundle import ImportResult, Progress, read_bundle
from importers.calendar import read_calendar
from importers.crm import CrmFormat
from importers.graphml import read_graphml
from importers.mail import Undated, read_mail
from importers.node_link import read_node_link
from importers.report import BundleError, ImportReport
from importers.survey import read_survey

log = logging.getLogger("stakegraph.import")


class ImportFormat(StrEnum):
    auto = "auto"
    bundle = "bundle"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    graphml = "graphml"
    salesforce = "salesforce"
    hubspot = "hubspot"
    survey = "survey"
    calendar = "calendar"
    email = "email"


ACTIVITY_FORMATS = (ImportFormat.calendar, ImportFormat.email)
"""Formats whose people are matched against the stored account (importers/activity.py)."""


CRM_FORMATS = {
    ImportFormat.salesforce: CrmFormat.salesforce,
    ImportFormat.hubspot: CrmFormat.hubspot,
}


def read_import(
    path: Path,
    *,
    account_id: str,
    format: ImportFormat = ImportFormat.auto,
    progress: Progress | None = None,
    known: AccountGraph | None = None,
    activity: ActivityOptions | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportResult:
    """Read `path` as `format`. `auto` goes by the name (`.json` node-link, `.graphml`
    GraphML, anything else a bundle: folder, .zip, .xlsx, .csv) and, for a
    stakeholders file, by its header (Salesforce and HubSpot exports). A filled-in
    survey is read only when asked for (`survey`): its rows are answers, not people.
    Calendar and mail exports (`calendar`, `email`) are matched by address against
    `known`, the stored account, and read as `activity` says. No file larger than
    `max_bytes` is read."""
    try:
        if format in ACTIVITY_FORMATS:
            return _read_activity(
                path,
                account_id=account_id,
                format=format,
                known=known,
                options=activity or ActivityOptions(),
            )
        return _read(
            path, account_id=account_id, format=format, progress=progress, max_bytes=max_bytes
        )
    except Exception as error:
        # The last guard at the file boundary: each reader names the damage it knows
        # (archive.py, node_link.py …); anything else is still one line, never a traceback.
        log.debug("reading %s failed", path, exc_info=True)
        report = ImportReport(files=[path.name])
        reason = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
        report.add(
            path.name, f"cannot be read ({type(error).__name__}{': ' if reason else ''}{reason})"
        )
        return ImportResult(None, report)


def _read(
    path: Path,
    *,
    account_id: str,
    format: ImportFormat,
    progress: Progress | None,
    max_bytes: int,
) -> ImportResult:
    suffix = path.suffix.lower()
    if format is ImportFormat.survey:
        return read_survey(path, account_id=account_id, max_bytes=max_bytes)
    if format is ImportFormat.json or (format is ImportFormat.auto and suffix == ".json"):
        return read_node_link(path, account_id=account_id, max_bytes=max_bytes)
    if format is ImportFormat.graphml or (format is ImportFormat.auto and suffix == ".graphml"):
        return read_graphml(path, account_id=account_id, max_bytes=max_bytes)
    return read_bundle(
        path,
        account_id=account_id,
        crm=CRM_FORMATS.get(format),
        progress=progress,
        max_bytes=max_bytes,
    )


def _read_activity(
    path: Path,
    *,
    account_id: str,
    format: ImportFormat,
    known: AccountGraph | None,
    options: ActivityOptions,
) -> ImportResult:
    report = ImportReport(files=[path.name])
    try:
        since, until = options.window()
        if format is ImportFormat.calendar:
            items = read_calendar(path, since=since, until=until)
        else:
            items = []
            undated = 0
            for found in read_mail(path):
                if isinstance(found, Undated):
                    undated += 1
                else:
                    items.append(found)
            if undated:
                report.warnings.append(f"{undated} messages without a readable Date: skipped")
    except (BundleError, ArchiveError) as error:
        message = str(error)
        report.add(path.name, message.removeprefix(f"{path.name}: "))
        return ImportResult(None, report)
    bundle = build_interactions(
        items, known=known, account_id=account_id, options=options, report=report
    )
    return ImportResult(bundle if report.ok else None, report)
