"""Importing a file into an account (api/services/importing.py does the work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Query, Response, UploadFile

from api.deps import SettingsDep, StoreDep, UserDep
from api.routes.common import AccountPath, IfMatch, expected_version
from api.services.importing import import_upload
from importers.formats import ImportFormat
from importers.report import ImportReport

router = APIRouter(tags=["import"])


@router.post("/accounts/{account_id}/import", response_model=ImportReport)
def import_file(
    store: StoreDep,
    user: UserDep,
    settings: SettingsDep,
    account_id: AccountPath,
    response: Response,
    file: Annotated[
        UploadFile,
        File(
            description="A bundle (.csv, .zip, .xlsx, .xls, .ods), a CRM contacts export, node-link "
            ".json, or a filled-in survey (.xlsx, .csv; with format=survey)"
        ),
    ],
    dry_run: Annotated[bool, Query(description="Validate and count, write nothing")] = False,
    format: Annotated[ImportFormat, Query(description="How to read the file")] = (
        ImportFormat.auto
    ),
    if_match: IfMatch = None,
) -> ImportReport:
    """Import a bundle: all rows or none; the report lists every bad row (422 when any)."""
    report = import_upload(
        store,
        user,
        account_id,
        file.file,
        file.filename,
        max_bytes=settings.max_upload_bytes,
        dry_run=dry_run,
        version=expected_version(if_match),
        format=format,
    )
    if report.errors:
        response.status_code = 422
    return report
