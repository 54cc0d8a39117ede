"""TableStore: one copy per content id, bounded in count and bytes, least recently used out."""

import pytest

from app.core import userdata
from app.core.table import Table, UserDataError
from app.sessions.config import ConfigError, Limits, RunConfig, resolve
from app.sessions.store import SessionStore
from app.sessions.userdata import TableStore


def table(k: int, rows: int = 5) -> Table:
    """A small table whose content (so whose id) depends on ``k``."""
    return userdata.from_rows([[k + i / 10, -i / 10, i % 2] for i in range(rows)])


def test_the_same_content_is_kept_once() -> None:
    store = TableStore(max_tables=3)
    first = store.add(table(1))
    again = store.add(userdata.from_rows(first.x.tolist(), first.labels.tolist(), "new name"))
    assert again is first and len(store) == 1
    assert store.get(first.id) is first
    assert store.get("moons") is None and store.get("user-0123456789abcdef") is None


def test_the_least_recently_used_table_goes_first() -> None:
    store = TableStore(max_tables=2)
    a, b = store.add(table(1)), store.add(table(2))
    assert store.get(a.id) is a  # now b is the least recently used
    c = store.add(table(3))
    assert (store.get(a.id), store.get(b.id), store.get(c.id)) == (a, None, c)


def test_bytes_are_bounded_too() -> None:
    one = table(1, rows=50)
    store = TableStore(max_tables=10, max_bytes=2 * one.nbytes)
    kept = [store.add(table(k, rows=50)) for k in range(3)]
    assert len(store) == 2 and store.get(kept[0].id) is None
    assert store.nbytes <= 2 * one.nbytes
    with pytest.raises(UserDataError, match="at most"):
        TableStore(max_bytes=one.nbytes - 1).add(one)


def test_a_session_runs_on_a_kept_table_and_keeps_it_after_eviction() -> None:
    tables = TableStore(max_tables=1)
    limits = Limits(tables=tables)
    mine = tables.add(table(1, rows=30))
    config = resolve(RunConfig(dataset=mine.id, batch_size=4), limits)
    assert (config.sizes, config.n_train, config.n_test, config.noise) == ((2, 8, 2), 24, 6, None)
    session = SessionStore(limits).create(config)
    tables.add(table(2))  # evicts mine
    with pytest.raises(ConfigError, match="upload the data again") as info:
        resolve(RunConfig(dataset=mine.id), limits)
    assert info.value.field == "dataset"
    session.reset(seed=5)  # still has its table
    assert session.data.name == mine.id and session.data.n_train == 24
