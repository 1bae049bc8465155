"""The validation report every importer returns alongside its objects."""

from __future__ import annotations

from pydantic import BaseModel, Field


class BundleError(Exception):
    """The input as a whole cannot be read (not the fault of a single row): one line
    naming the file and what is wrong."""


class RowError(BaseModel):
    """One problem in the input, located as precisely as the input allows."""

    file: str
    row: int | None = None
    """Spreadsheet row number: the header is row 1, the first data row is row 2."""
    column: str | None = None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class ImportReport(BaseModel):
    """What an import read, what it wrote (filled in by the caller after writing), and every error."""

    files: list[str] = Field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    warnings: list[str] = Field(default_factory=list)
    """What was read but skipped (unknown columns, files this version does not import)."""
    errors: list[RowError] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.errors.append(RowError(file=file, row=row, column=column, message=message))
