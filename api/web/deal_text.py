"""The words the person pages use for what a person holds in deals, in English and Chinese
(beside api/web/text.py, which is at its size limit)."""

from __future__ import annotations

DEAL_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "delete_seats": "seats on buying committees",
        "delete_bodies": "places on decision bodies (the seats stay counted)",
        "delete_lines": "分管 lines (in charge of, or under)",
        "delete_ties": "competitors' ties with them",
    },
    "zh": {
        "delete_seats": "采购决策小组席位",
        "delete_bodies": "决策机构成员身份（席位数保留）",
        "delete_lines": "分管关系（分管他人或被分管）",
        "delete_ties": "竞争对手与其的关系",
    },
}
"""Per language, the phrases of the deletion preview's deal lines."""
