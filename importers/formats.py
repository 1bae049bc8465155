"""One entry point for every import format: which reader a file goes to."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from importers.bundle import ImportResult, Progress, read_bundle
from importers.crm import CrmFormat
from importers.graphml import read_graphml
from importers.node_link import read_node_link
from importers.survey import read_survey


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
) -> ImportResult:
    """Read `path` as `format`. `auto` goes by the name (`.json` node-link, `.graphml`
    GraphML, anything else a bundle: folder, .zip, .xlsx, .csv) and, for a
    stakeholders file, by its header (Salesforce and HubSpot exports). A filled-in
    survey is read only when asked for (`survey`): its rows are answers, not people."""
    suffix = path.suffix.lower()
    if format is ImportFormat.survey:
        return read_survey(path, account_id=account_id)
    if format is ImportFormat.json or (format is ImportFormat.auto and suffix == ".json"):
        return read_node_link(path, account_id=account_id)
    if format is ImportFormat.graphml or (format is ImportFormat.auto and suffix == ".graphml"):
        return read_graphml(path, account_id=account_id)
    return read_bundle(path, account_id=account_id, crm=CRM_FORMATS.get(format), progress=progress)
