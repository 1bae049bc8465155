"""The validation report every importer returns alongside its objects."""

from __future__ import annotations

from datetime import date

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


class Candidate(BaseModel):
    """Someone at the client's mail domains whom our team met or wrote with, who
    is not on the map (activity imports: importers/activity.py)."""

    address: str
    name: str = ""
    """The display name the file gave, if any."""
    count: int
    """Meetings and messages with at least one of our team members."""
    members: list[str]
    """The team members they met or wrote with."""
    last_seen: date | None = None


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
    skipped: dict[str, int] = Field(default_factory=dict)
    """Activity imports: items read but not imported, by reason (internal only, no team member …)."""
    candidates: list[Candidate] = Field(default_factory=list)
    """Activity imports: unknown people at the client's domains, most often met first."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.errors.append(RowError(file=file, row=row, column=column, message=message))
