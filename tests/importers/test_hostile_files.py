"""Damaged and hostile files: one line each naming the file and the damage, nothing read,
and a bounded cost, whatever the file claims about itself."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from importers.archive import MAX_EXPANDED_BYTES, ArchiveError, Budget, read_member
from importers.formats import read_import
from tests.hostile import SAMPLES, SHARED, SHARED_CASES, write_samples


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_samples(tmp_path_factory.mktemp("hostile"))


def assert_one_line_errors(path: Path, expected: str) -> None:
    result = read_import(path, account_id="acme")
    assert result.bundle is None
    lines = [str(error) for error in result.report.errors]
    assert lines, "a damaged file must be reported"
    assert expected in lines[0]
    for line in lines:
        assert "\n" not in line and len(line) < 400, line
        assert "Traceback" not in line


@pytest.mark.parametrize("name", SAMPLES)
def test_each_kind_of_damage_is_one_line_and_nothing_is_read(
    samples: dict[str, Path], name: str
) -> None:
    assert_one_line_errors(samples[name], SAMPLES[name][1])


@pytest.mark.parametrize("name", SHARED)
def test_the_shared_hostile_files_are_one_line_each(name: str) -> None:
    assert_one_line_errors(SHARED_CASES / name, f"{name}: {SHARED[name]}")


def _gigabyte_bomb(path: Path) -> None:
    """A real zip whose one member expands to 1 GiB of zeros (about 1 MB on disk)."""
    chunk = b"\0" * 2**24
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("stakeholders.csv", "w", force_zip64=True) as member,
    ):
        member.write(b"id,name\n")
        for _ in range(64):
            member.write(chunk)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    _gigabyte_bomb(path)
    return path


def test_a_zip_expanding_to_a_gigabyte_is_refused_before_it_is_expanded(bomb: Path) -> None:
    path = bomb
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = read_import(path, account_id="acme")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert result.bundle is None
    assert "stakeholders.csv would expand" in str(result.report.errors[0])
    # Expanding 1 GiB takes seconds and (kept) a GiB; refusing by the headers takes neither.
    assert elapsed < 0.5
    assert peak < 5_000_000


def test_the_same_bomb_inside_a_workbook_is_refused_before_openpyxl_sees_it(
    bomb: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb.read_bytes())
    result = read_import(path, account_id="acme")
    assert "is not a readable .xlsx workbook: stakeholders.csv would expand" in str(
        result.report.errors[0]
    )


def test_bytes_are_counted_across_members_as_they_are_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("stakeholders.csv", b"x" * 200)
        archive.writestr("team.csv", b"y" * 200)
    budget = Budget(limit=300)
    with zipfile.ZipFile(path) as archive:
        first, second = archive.infolist()
        assert read_member(archive, first, budget) == b"x" * 200
        with pytest.raises(ArchiveError, match=r"team\.csv expands beyond 0 MB in all"):
            read_member(archive, second, budget)


def test_a_zip_just_under_the_limit_reads(tmp_path: Path) -> None:
    """The limit refuses bombs, not real bundles: a 2 MB bundle zip of 20,000 people reads."""
    people = "id,name,title\n" + "".join(
        f"p{i},Person {i},Engineer {i % 7}\n" for i in range(20_000)
    )
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("stakeholders.csv", people)
    result = read_import(path, account_id="acme")
    assert result.report.errors == []
    assert result.bundle is not None and len(result.bundle.stakeholders) == 20_000
    assert MAX_EXPANDED_BYTES == 64 * 2**20
