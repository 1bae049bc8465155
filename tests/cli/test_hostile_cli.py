"""`stakegraph import` of a damaged or hostile file: exit 1, one line per problem on
stderr naming the file, no traceback, nothing written, on both stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from graph.store import GraphStore
from tests.cli.test_cli import run, store_url
from tests.conftest import NEO4J_PASSWORD, NEO4J_USER
from tests.hostile import SAMPLES, SHARED, SHARED_CASES, write_samples


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("name", SHARED)
def test_the_shared_hostile_files_exit_1_with_one_line_and_write_nothing(
    store: GraphStore, name: str
) -> None:
    done = run(store, "import", str(SHARED_CASES / name), "--account", "fresh")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    first, *rest = done.stderr.splitlines()
    assert first.startswith(f"stakegraph: {name}: {SHARED[name]}")
    assert rest == ["stakegraph: nothing was written (1 problem)"]
    assert store.list_accounts() == []


@pytest.mark.parametrize("name", SAMPLES)
def test_each_kind_of_damage_exits_1_naming_it(
    store: GraphStore,
    samples: dict[str, Path],
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEO4J_USER", NEO4J_USER)
    monkeypatch.setenv("NEO4J_PASSWORD", NEO4J_PASSWORD)
    with pytest.raises(SystemExit) as exited:
        main(["--store", store_url(store), "import", str(samples[name]), "--account", "fresh"])
    assert exited.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("stakegraph: ")
    assert SAMPLES[name][1] in lines[0]
    assert lines[-1].startswith("stakegraph: nothing was written")
    assert store.list_accounts() == []
