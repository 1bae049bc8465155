"""Files the CLI writes for the user: whole or not at all."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from api.cli.common import echo
from graph.errors import InvalidInput
from visualize.exports import ExportFormat


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(output: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a failed export leaves no partial file."""
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; exports are not
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder_atomically(folder: Path, files: dict[str, str]) -> None:
    """Write the files into a new folder built beside it and renamed into place."""
    if folder.exists() and any(folder.iterdir()):
        raise InvalidInput([f"{folder} exists and is not empty; name a new folder or a .zip"])
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}."))
    try:
        for name, text in files.items():
            (building / name).write_text(text, encoding="utf-8", newline="")
        os.chmod(building, 0o777 & ~_umask())
        if folder.exists():
            folder.rmdir()
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def write_output(path: Path | str, data: bytes) -> None:
    """Write a file the user asked for, whole or not at all; a failure is a user error."""
    try:
        write_atomically(Path(path), data)
    except OSError as error:
        raise InvalidInput([f"cannot write {path}: {error.strerror or error}"]) from error


BINARY_EXPORTS = frozenset({ExportFormat.png, ExportFormat.csv})
"""Exports that are bytes, not text (a PNG; the CSV bundle as one zip)."""


def write_to_stdout(data: bytes, *, binary: bool) -> None:
    """An export written to standard output (`--output -`). Into a pipe or a file it goes
    as it is, byte for byte; to a terminal, bytes are refused (they would drive the
    terminal) and text passes through `terminal_safe`, as everything the CLI prints."""
    if sys.stdout.isatty():
        if binary:
            raise InvalidInput(
                ["this export is binary and standard output is a terminal: "
                 "give --output FILE, or pipe it (… --output - > file)"]
            )
        echo(data.decode("utf-8", errors="replace").rstrip("\n"))
        return
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
