"""The CLI portfolio's progress line: one line on a terminal, overwritten in place and
cleared at the end (nothing when nothing was computed)."""

from __future__ import annotations

import io

from api.cli.common import PortfolioProgress


def test_the_progress_line_overwrites_itself_and_is_cleared_at_the_end() -> None:
    stream = io.StringIO()
    progress = PortfolioProgress(stream)
    progress(500, 2000)
    progress(2000, 2000)
    progress.done()
    text = stream.getvalue()
    assert "\n" not in text
    assert text.split("\r\x1b[K") == [
        "",
        "computing portfolio rows: 500 of 2,000 accounts",
        "computing portfolio rows: 2,000 of 2,000 accounts",
        "",
    ]


def test_no_line_is_written_when_no_row_was_computed() -> None:
    stream = io.StringIO()
    PortfolioProgress(stream).done()
    assert stream.getvalue() == ""
