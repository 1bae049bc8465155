"""Terminal table cells: long names are cut to the column, Chinese taking two columns."""

from __future__ import annotations

import unicodedata

import pytest

from visualize.text import fitted


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("方案", "方案       "),  # 4 columns + 7 spaces
        ("调度系统升级 Dispatch system", "调度系统升级 Dispatch s… "),  # 12 + 1 + 10 + 1 + 1
        ("华东能源集团 East China", "华东能源集团 Ea… "),  # 12 + 1 + 2 + 1 + 1
        ("abcdefghij", "abcdefghij "),  # fits: padded
        ("abcdefghijkl", "abcdefghi… "),
    ],
)
def test_a_cell_is_cut_to_its_columns_and_keeps_a_space(text: str, expected: str) -> None:
    width = 11 if text in ("方案", "abcdefghij", "abcdefghijkl") else 25 if "Dispatch" in text else 17
    assert fitted(text, width) == expected
    assert _width(fitted(text, width)) == width
