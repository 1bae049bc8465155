"""The import use case, once for the CLI, the JSON API and the pages: save an upload,
read the file, authorise the write, write it in one transaction, report every row.

- `import_file`: read a file and write it into an account (the CLI calls it as is);
- `save_upload`: an uploaded file on disk, under a safe name, within the size limit;
- `import_saved_file`: `import_file` for a caller, who must be allowed to change the
  account, or to create it;
- `import_upload`: save, import, and remove the upload again (the JSON API);
- `load_demo`: the demo account the CLI's `demo` loads.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from contextlib import suppress
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from api.auth import account_if_exists, check_new_account
from api.uploads import upload_folder
from graph.errors import Conflict, InvalidInput, NotFound, validated
from graph.model import Account
from graph.store import GraphStore
from graph.users import User, UserRole, new_token, token_hash
from graph.vocabulary import Tier
from importers.activity import ActivityOptions
from importers.archive import MAX_FILE_BYTES
from importers.bundle import REFERENCE_WORDS, ImportResult, unresolved_references
from importers.formats import ACTIVITY_FORMATS, ImportFormat, read_import
from importers.report import ImportReport

UPLOAD_SUFFIXES = (
    ".csv", ".tsv", ".txt", ".zip", ".xlsx", ".xlsm", ".xls", ".ods", ".json", ".graphml",
    ".ics", ".mbox",
)
"""File kinds an importer reads; an upload of another kind is refused before it is saved."""


def import_file(
    store: GraphStore,
    path: Path,
    *,
    account_id: str,
    dry_run: bool = False,
    new_account: Account | None = None,
    expected_version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
    progress: Callable[[str, int], None] | None = None,
    max_file_bytes: int = MAX_FILE_BYTES,
    activity: ActivityOptions | None = None,
) -> ImportReport:
    """Read the bundle at `path` and write it into `account_id` in one transaction.

    A missing account is created as `new_account` (default: named after its id)
    in the same transaction. Nothing is written when any row is bad, when
    `dry_run` is set, or when the account is no longer at `expected_version`.
    Calendar and mail exports are matched by address against the stored account
    and read as `activity` says (importers/activity.py).
    """
    new_account = new_account or validated(Account, {"id": account_id, "name": account_id})
    account_id = new_account.id  # in its normal form (a pasted zero-width space is gone)
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
        max_bytes=max_file_bytes,
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
        deals, rivals = {d.id for d in stored.deals}, {c.id for c in stored.competitors}
    except NotFound:
        people, members, deals, rivals = set(), set(), set(), set()
    located = unresolved_references(
        result.references, stakeholders=people, members=members, deals=deals, competitors=rivals
    )
    for ref, message in located:
        result.report.add(ref.file, message, row=ref.row, column=ref.column)
    for problem in problems:
        if located and any(
            f"is not a {word}" in problem for word in REFERENCE_WORDS.values()
        ):
            continue  # said above, with its row
        result.report.add(file_name, problem)


def save_upload(
    stream: BinaryIO, filename: str | None, folder: Path, *, max_bytes: int
) -> Path:
    """The uploaded `stream` in `folder`, under a safe name with its original suffix;
    InvalidInput if larger than `max_bytes` or of a kind no importer reads."""
    original = Path((filename or "upload.csv").replace("\\", "/")).name
    suffix = Path(original).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput([f"{original!r}: expected one of {', '.join(UPLOAD_SUFFIXES)}"])
    # Reports name the file as the user knows it; only the characters are made safe.
    stem = re.sub(r"[^\w.\- ]", "_", Path(original).stem)[:100].strip(". ") or "upload"
    target = folder / f"{stem}{suffix}"
    size = 0
    with target.open("wb") as written:
        while chunk := stream.read(1024 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise InvalidInput([f"{filename!r} is larger than {max_bytes // 2**20} MB"])
            written.write(chunk)
    return target


def import_saved_file(
    store: GraphStore,
    user: User,
    account_id: str,
    path: Path,
    *,
    dry_run: bool,
    version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
) -> ImportReport:
    """Import a file into `account_id`: an account the caller may change, or a new one
    they will own (created in the import's transaction)."""
    new_account = None
    if account_if_exists(store, user, account_id) is None:
        new_account = validated(Account, {"id": account_id, "name": account_id, "owner": user.id})
        check_new_account(user, new_account)
    return import_file(
        store,
        path,
        account_id=account_id,
        dry_run=dry_run,
        new_account=new_account,
        expected_version=version,
        format=format,
    )


def import_upload(
    store: GraphStore,
    user: User,
    account_id: str,
    stream: BinaryIO,
    filename: str | None,
    *,
    max_bytes: int,
    dry_run: bool,
    version: int | None = None,
    format: ImportFormat = ImportFormat.auto,
) -> ImportReport:
    """Import an uploaded file (kept only for the length of the call)."""
    folder = upload_folder("upload")
    try:
        path = save_upload(stream, filename, folder, max_bytes=max_bytes)
        return import_saved_file(
            store, user, account_id, path, dry_run=dry_run, version=version, format=format
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


DEMO_ACCOUNT = Account(
    id="demo",
    name="华东能源集团 East China Energy Group (demo)",
    industry="Energy / 能源",
    region="East China",
    tier=Tier.strategic,
    owner="liu",
    team=("liu",),
)
DEMO_REP = User(id="liu", name="刘洋", role=UserRole.rep)
"""The demo account's owner: the user who is the demo's team member `rep-liu` (刘洋,
linked by `TeamMember.user` in importers/demo/team.csv)."""


def load_demo(store: GraphStore) -> ImportReport:
    """Load (or refresh) the demo account from the bundle shipped in importers/demo,
    owned by the rep `DEMO_REP`, who is added (without a usable token: `stakegraph
    user token liu` gives one) unless a user `liu` exists already."""
    if not any(user.id == DEMO_REP.id for user in store.list_users()):
        # A token nobody is told: liu signs in once someone gives them one. Conflict:
        # another `demo` added them meanwhile.
        with suppress(Conflict):
            store.add_user(DEMO_REP, token_hash(new_token()))
    store.upsert_account(DEMO_ACCOUNT)
    with resources.as_file(resources.files("importers") / "demo") as folder:
        report = import_file(store, folder, account_id=DEMO_ACCOUNT.id)
    if report.errors:  # the shipped demo is tested; this would be a packaging fault
        raise InvalidInput([str(error) for error in report.errors])
    return report
