"""`stakegraph export --format csv --lang zh`: a bundle Excel on Chinese Windows opens
as Chinese, and that imports back to the same account."""

from __future__ import annotations

from pathlib import Path

from graph.model import ACCOUNT_ENTITIES, Account
from graph.store.sqlite import SQLiteStore
from tests.cli.test_cli import run
from tests.factories import small_org


def test_export_csv_in_chinese_reimports_to_the_same_account(
    sqlite_store: SQLiteStore, tmp_path: Path
) -> None:
    sqlite_store.upsert_account(Account(id="acme", name="Acme 集团"))
    sqlite_store.bulk_upsert(small_org("acme"))
    folder = tmp_path / "acme-zh"
    done = run(
        sqlite_store, "export", "acme", "--format", "csv", "--lang", "zh", "--output", str(folder)
    )
    assert done.returncode == 0, done.stderr
    data = (folder / "stakeholders.csv").read_bytes()
    assert data.startswith("\ufeff编号,姓名,职务".encode())
    zipped = tmp_path / "acme-zh.zip"
    done = run(
        sqlite_store, "export", "acme", "--format", "csv", "--lang", "zh", "--output", str(zipped)
    )
    assert done.returncode == 0, done.stderr
    for source, account in ((folder, "copy"), (zipped, "copy2")):
        done = run(sqlite_store, "import", str(source), "--account", account)
        assert done.returncode == 0, done.stderr
        assert "warning" not in done.stderr
        original = sqlite_store.account_graph("acme")
        copy = sqlite_store.account_graph(account)
        for kind in (k.collection for k in ACCOUNT_ENTITIES):
            mine = [e.model_dump(exclude={"account_id"}) for e in getattr(original, kind)]
            theirs = [e.model_dump(exclude={"account_id"}) for e in getattr(copy, kind)]
            assert mine == theirs, kind
