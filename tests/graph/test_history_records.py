"""History as stored: creations grouped by write and kind, read back change for change."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.history import (
    CREATED_PER_RECORD,
    Change,
    CreatedKeys,
    changes_of_record,
    stored_records,
)

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def change(version: int, kind: str, key: str, action: str) -> Change:
    before = None if action == "created" else {"id": key, "name": "before"}
    after = {"id": key, "name": "after"} if action == "updated" else None
    return Change(
        account_id="acme",
        version=version,
        at=AT,
        actor="liu",
        kind=kind,
        key=[key],
        before=before,
        after=after,
    )


changes = st.lists(
    st.builds(
        change,
        st.integers(1, 3),
        st.sampled_from(["stakeholders", "influences", "accounts"]),
        st.text(min_size=1, max_size=5),
        st.sampled_from(["created", "updated", "deleted"]),
    ),
    max_size=40,
).map(lambda found: sorted(found, key=lambda c: c.version))


@settings(max_examples=200)
@given(changes, st.integers(1, 4))
def test_stored_records_read_back_as_the_same_changes_in_order(
    written: list[Change], per_record: int
) -> None:
    records = list(stored_records(written, per_record))
    read = [found for record in records for found in changes_of_record(record.model_dump_json())]
    assert read == written
    for record in records:
        if isinstance(record, CreatedKeys):
            assert 1 <= len(record.created) <= per_record


def test_an_import_of_thousands_of_entities_is_stored_in_a_few_records() -> None:
    created = [change(2, "stakeholders", f"p{i}", "created") for i in range(12_000)]
    created += [change(2, "influences", f"l{i}", "created") for i in range(10)]
    assert CREATED_PER_RECORD == 5_000
    records = list(stored_records(created))
    assert [(r.kind, len(r.created)) for r in records if isinstance(r, CreatedKeys)] == [
        ("stakeholders", 5_000),
        ("stakeholders", 5_000),
        ("stakeholders", 2_000),
        ("influences", 10),
    ]
    assert len(records) == 4


def test_a_record_of_one_change_each_as_stored_before_grouping_still_reads() -> None:
    old = change(1, "stakeholders", "zhou", "created").model_copy(
        update={"after": {"id": "zhou", "name": "Zhou Min"}}
    )
    assert changes_of_record(old.model_dump_json()) == [old]
