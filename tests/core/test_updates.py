"""The update records kept as columns: the same records as a plain list, checked as arrays."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.records import UpdateRecord
from app.core.updates import Updates, updates_from_rows

records = st.lists(
    st.builds(
        UpdateRecord,
        st.integers(0, 2**62),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
    ),
    max_size=80,
)


@given(records)
def test_columns_hold_what_a_list_holds(kept: list[UpdateRecord]) -> None:
    """The oracle is a plain list of records: same order, items, rows and equality."""
    updates = Updates()
    for r in kept:
        updates.append(r)
    assert list(updates) == kept and len(updates) == len(kept)
    assert [updates[k] for k in range(-len(kept), len(kept))] == kept + kept
    rows = [{"seq": r.seq, "epoch": r.epoch, "batch": r.batch, "cost": r.cost} for r in kept]
    assert updates.rows() == rows and updates.rows(2, 5) == rows[2:5]
    again = updates_from_rows(rows)
    assert again == updates and list(again) == kept
    copy = updates.copy()
    copy.append(UpdateRecord(1, 2, 3, 4.0))
    assert list(updates) == kept and copy != updates  # the copy owns its columns


def test_columns_read_earlier_do_not_change_as_records_are_added() -> None:
    updates = Updates()
    updates.append(UpdateRecord(1, 0, 0, 0.5))
    seq, _, _, cost = updates.columns()
    for k in range(2, 100):  # past the first capacity: the columns move
        updates.append(UpdateRecord(k, 0, k, 0.25))
    assert seq.tolist() == [1] and cost.tolist() == [0.5]
    with pytest.raises(IndexError):
        updates[99]


GOOD = {"seq": 1, "epoch": 0, "batch": 0, "cost": 0.5}


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({**GOOD, "batch": "x"}, "batch must be an int, got 'x'"),
        ({**GOOD, "seq": True}, "seq must be an int, got True"),
        ({**GOOD, "epoch": 1.0}, "epoch must be an int, got 1.0"),
        ({**GOOD, "cost": None}, "cost must be a float, got None"),
        ({**GOOD, "cost": float("inf")}, "cost must be a finite number"),
        ({**GOOD, "seq": 2**70}, "must fit in 64 bits"),
        ({"seq": 1, "epoch": 0, "batch": 0}, "exactly the fields seq, epoch, batch, cost"),
        ({"seq": 1, "epoch": 0, "batch": 0, "loss": 0.5}, "a field cost"),
        ([1, 0, 0, 0.5], "must be an object"),
    ],
)
def test_a_bad_record_is_refused_naming_its_field(bad: Any, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(")):
        updates_from_rows([GOOD, GOOD, bad])


def test_an_int_cost_is_read_as_a_float() -> None:
    (record,) = updates_from_rows([{**GOOD, "cost": 2}])
    assert record.cost == 2.0 and type(record.cost) is float
