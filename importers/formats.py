"""One entry point for every import format: which reader a file goes to."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from graph.errors import InvalidInput
from importers.bundle import ImportResult, read_bundle
from importers.crm import CrmFormat
from importers.node_link import read_node_link


class ImportFormat(StrEnum):
    auto = "auto"
    bundle = "bundle"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"
    graphml = "graphml"
    salesforce = "salesforce"
    hubspot = "hubspot"


READABLE = (
    ImportFormat.auto,
    ImportFormat.bundle,
    ImportFormat.csv,
    ImportFormat.xlsx,
    ImportFormat.json,
    ImportFormat.salesforce,
    ImportFormat.hubspot,
)


def read_import(
    path: Path, *, account_id: str, format: ImportFormat = ImportFormat.auto
) -> ImportResult:
    """Read `path` as `format`. `auto` goes by the name (`.json` is node-link, anything
    else a bundle) and, for a stakeholders file, by its header (CRM exports)."""
    if format not in READABLE:
        raise InvalidInput(
            [
                f"--format {format.value} is not supported by this version; use a bundle "
                "(folder, .zip, .xlsx, .csv), a CRM contacts export, or node-link .json"
            ]
        )
    if format is ImportFormat.json or (
        format is ImportFormat.auto and path.suffix.lower() == ".json"
    ):
        return read_node_link(path, account_id=account_id)
    crm = {ImportFormat.salesforce: CrmFormat.salesforce, ImportFormat.hubspot: CrmFormat.hubspot}
    return read_bundle(path, account_id=account_id, crm=crm.get(format))
