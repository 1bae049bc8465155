"""The import page: upload and check (a dry run), then confirm. Between the two steps
the file waits server-side in `PendingUploads` (api/services/pending.py)."""

from __future__ import annotations

import shutil
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import PageStoreDep, PageUserDep, PendingDep, SettingsDep, same_origin
from api.services.importing import import_saved_file, save_upload
from api.uploads import upload_folder
from api.web.render import language, render
from api.web.text import TEXT
from graph.errors import NotFound, validated
from graph.model import Account
from graph.users import User
from importers.formats import ImportFormat
from importers.template import template_xlsx

router = APIRouter(include_in_schema=False)

WEB_FORMATS = ("auto", "survey", "calendar", "email")
"""What the import page asks a file to be read as: `auto` tells bundles, workbooks,
JSON, GraphML and CRM exports apart by name and header; the others are asked for."""


def _import_page(
    request: Request,
    user: User,
    account_id: str,
    *,
    format: str = "auto",
    status: int = 200,
    **shown: object,
) -> HTMLResponse:
    """The import page; `shown`: the `report` of a check, its `upload` and `filename`,
    or an `error`."""
    context = {"report": None, "upload": None, "error": None, **shown}
    context.update(user=user, account_id=account_id, formats=WEB_FORMATS, format=format)
    return render(request, "import.html", context, status=status)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: PageUserDep, account: str = "") -> HTMLResponse:
    return _import_page(request, user, account)


@router.get("/import/template")
def import_template(request: Request, user: PageUserDep) -> Response:
    """The import template workbook in the page's language (importers/template.py)."""
    lang = language(request)
    return Response(
        template_xlsx(lang),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="stakegraph-template-{lang}.xlsx"'},
    )


@router.post("/import", response_class=HTMLResponse, dependencies=[Depends(same_origin)])
def import_check(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    pending: PendingDep,
    settings: SettingsDep,
    account: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
    format: Annotated[str, Form()] = "auto",
) -> Response:
    """Step 1: upload and dry-run; the file waits server-side for the confirmation. A
    form without a file or an account answers the page again, saying so in its language."""
    chosen = ImportFormat(format) if format in WEB_FORMATS else ImportFormat.auto
    missing = "import_no_account" if not account.strip() else None
    if file is None or not file.filename:
        missing = "import_no_file"
    if file is None or missing is not None:
        error = TEXT[language(request)][missing or "import_no_file"]
        return _import_page(request, user, account, format=chosen.value, status=422, error=error)
    account_id = validated(Account, {"id": account, "name": account}).id  # normalised, checked
    folder = upload_folder("pending")
    try:
        path = save_upload(file.file, file.filename, folder, max_bytes=settings.max_upload_bytes)
        report = import_saved_file(store, user, account_id, path, dry_run=True, format=chosen)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    upload_id = None
    if report.errors:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        upload_id = pending.add(
            user=user.id, account_id=account_id, folder=folder, path=path, format=chosen
        )
    return _import_page(
        request,
        user,
        account_id,
        format=chosen.value,
        status=422 if report.errors else 200,
        report=report,
        upload=upload_id,
        filename=file.filename,
    )


@router.post("/import/confirm", dependencies=[Depends(same_origin)])
def import_confirm(
    request: Request,
    user: PageUserDep,
    store: PageStoreDep,
    pending: PendingDep,
    upload: Annotated[str, Form()],
) -> Response:
    """Step 2: import the checked file for real, then show the account."""
    waiting = pending.claim(upload, user=user.id)
    if waiting is None:
        raise NotFound("this upload has expired or was imported already; upload the file again")
    try:
        report = import_saved_file(
            store, user, waiting.account_id, waiting.path, dry_run=False, format=waiting.format
        )
    finally:
        pending.release(waiting)
    if report.errors:
        return render(
            request,
            "import.html",
            {
                "user": user,
                "account_id": waiting.account_id,
                "report": report,
                "upload": None,
                "formats": WEB_FORMATS,
                "format": waiting.format.value,
            },
            status=422,
        )
    return RedirectResponse(f"/accounts/{waiting.account_id}?saved=import", status_code=303)
