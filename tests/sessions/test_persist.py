"""SessionDB: sessions saved at each update, brought back after a restart, removed for good."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from app.sessions.blobs import pack, unpack
from app.sessions.config import Limits, RunConfig
from app.sessions.persist import SessionDB
from app.sessions.saving import SessionRows
from app.sessions.store import SessionNotFound, SessionStore

SMALL = RunConfig(sizes=(2, 5, 2), n_train=20, n_test=5, batch_size=4)


SQL = Callable[..., list[tuple[Any, ...]]]
"""The ``run_sql`` fixture: ``run_sql(db, sql, params=())``, the rows, straight from ``db``."""

OPENED: list[SessionRows] = []  # every database a test opened: flushed before it is read


class Backend:
    """One of the two stores: a SQLite file, or a fresh PostgreSQL database."""

    def __init__(self, name: str, target: str, run_sql: SQL) -> None:
        self.name, self.target, self._run_sql = name, target, run_sql

    def open(self) -> SessionRows:
        db: SessionRows
        if self.name == "sqlite":
            db = SessionDB(self.target)
        else:
            from app.sessions.postgres import PostgresDB  # psycopg: the postgres extra

            db = PostgresDB(self.target)
        OPENED.append(db)
        return db

    def execute(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Run ``sql`` (``?`` placeholders) straight on the database, committed."""
        return self._run_sql(self.target, sql, params)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path, run_sql: SQL) -> Iterator[Backend]:
    """Each test runs on both stores (PostgreSQL's skipped where it is not installed)."""
    if request.param == "sqlite":
        yield Backend("sqlite", str(tmp_path / "data" / "nabla.sqlite3"), run_sql)
    else:
        yield Backend("postgres", request.getfixturevalue("postgres_url"), run_sql)
    for db in OPENED:  # the leases of PostgreSQL: given up, as a process that ends does
        db.close()
    OPENED.clear()


def open_store(backend: Backend, **kwargs: float) -> SessionStore:
    store = SessionStore(Limits(), db=backend.open(), **kwargs)  # type: ignore[arg-type]
    store.load()
    return store


def flush() -> None:
    """Wait for the writer threads: saves are written a moment after the step that made them."""
    for db in OPENED:
        db.flush()


def rows(backend: Backend, table: str = "sessions") -> list[str]:
    """The session id of every row of ``table`` (once what is queued is written)."""
    flush()
    column = "id" if table == "sessions" else "session_id"
    return [r[0] for r in backend.execute(f"SELECT {column} FROM {table}")]


def params(store: SessionStore, sid: str) -> list[bytes]:
    weights, biases = store.get(sid).parameters()
    return [a.tobytes() for a in weights + biases]


@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_a_reopened_store_goes_on_from_the_last_update(backend: Backend, update: str) -> None:
    store = open_store(backend)
    config = RunConfig(**{**SMALL.__dict__, "update": update, "lmbda": 0.5})
    sid = store.create(config).id
    store.get(sid).step("batch", 7)  # into the second epoch
    at_update = params(store, sid), store.get(sid).history()
    store.get(sid).step("example", 2)  # mid-batch: not saved, redone after the restart
    assert store.db is not None
    store.db.close()

    again = open_store(backend)
    session = again.get(sid)
    assert (session.state().epoch, session.state().batch, session.state().index) == (1, 2, 0)
    assert params(again, sid) == at_update[0]
    assert session.history() == at_update[1]
    twin = SessionStore(Limits()).create(config)
    twin.step("batch", 7)
    a, b = session.step("batch", 9), twin.step("batch", 9)
    assert a == b
    assert [w.tobytes() for w in session.parameters()[0]] == [
        w.tobytes() for w in twin.parameters()[0]
    ]


def test_the_state_says_whether_a_finished_mini_batch_is_kept(backend: Backend) -> None:
    """``has_last_batch``: what the page asks before ``batch=last`` (a 409 when it is false)."""
    store = open_store(backend)
    session = store.create(SMALL)
    assert not session.state().has_last_batch
    session.step("example", 3)  # mid-batch: nothing finished yet
    assert not session.state().has_last_batch
    session.step("batch", 1)
    assert session.state().has_last_batch
    assert session.batch_with_rows(last=True) is not None
    assert store.db is not None
    store.db.close()

    restored = open_store(backend).get(session.id)  # where its last update left it
    assert (restored.state().updates, restored.state().has_last_batch) == (1, False)
    assert restored.batch_with_rows(last=True) is None
    restored.step("batch", 1)
    assert restored.state().has_last_batch


def test_delete_eviction_and_expiry_remove_the_row(backend: Backend) -> None:
    store = open_store(backend, max_sessions=2, idle_seconds=60)
    first, second = store.create(SMALL).id, store.create(SMALL).id
    assert sorted(rows(backend)) == sorted([first, second])
    third = store.create(SMALL).id  # evicts the least recently used: first
    assert sorted(rows(backend)) == sorted([second, third])
    store.get(second).step("epoch", 2)
    assert second in rows(backend, "history")
    store.delete(second)
    assert rows(backend) == [third] and second not in rows(backend, "history")
    store.get(third).last_used = time.monotonic() - 61
    assert store.expire() == [third]
    assert rows(backend) == []
    assert len(open_store(backend)) == 0


def test_a_session_idle_too_long_is_not_brought_back(backend: Backend) -> None:
    store = open_store(backend, idle_seconds=60)
    old, fresh = store.create(SMALL).id, store.create(SMALL).id
    assert store.db is not None
    store.db.close()
    backend.execute("UPDATE sessions SET last_used = ? WHERE id = ?", (time.time() - 61, old))
    again = open_store(backend, idle_seconds=60)
    with pytest.raises(SessionNotFound):
        again.get(old)
    assert again.get(fresh).id == fresh
    assert rows(backend) == [fresh]


def test_history_is_appended_and_a_reset_starts_it_again(backend: Backend) -> None:
    store = open_store(backend)
    session = store.create(SMALL)
    session.step("epoch", 1)
    session.step("epoch", 1)
    assert len(rows(backend, "history")) == 2 * (5 + 1)  # 5 updates and 1 epoch record each
    session.reset(seed=3)
    assert rows(backend, "history") == []
    session.step("batch", 2)
    assert len(rows(backend, "history")) == 2
    assert store.db is not None
    store.db.close()  # as a server that stops: another may go on with its sessions
    again = open_store(backend)
    assert again.get(session.id).config.seed == 3
    assert again.get(session.id).history() == session.history()


def test_a_step_that_ends_after_the_delete_does_not_bring_the_row_back(
    backend: Backend,
) -> None:
    store = open_store(backend)
    session = store.create(SMALL)
    assert store.db is not None
    store.db.delete(session.id)  # as if delete() ran while this session was stepping
    session.trainer.step("batch", 1)
    assert not store.db.save(session)
    assert rows(backend) == []


def test_saves_only_when_an_update_was_made(backend: Backend) -> None:
    db = backend.open()
    store = SessionStore(Limits(), db=db)
    session = store.create(SMALL)
    session.trainer.step("example", 3)
    assert not db.save(session)  # mid-batch: the last update is the one saved
    session.trainer.step("example", 1)
    assert db.save(session)


def test_blobs_hold_every_bit() -> None:
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((3, 4)) * 1e300, rng.standard_normal(3) * 1e-300]
    back = unpack(pack(arrays), [(3, 4), (3,)])
    assert [a.tobytes() for a in back] == [a.tobytes() for a in arrays]
    with pytest.raises(ValueError, match="numbers"):
        unpack(pack(arrays), [(3, 4)])


def test_an_edit_is_saved_and_brought_back(backend: Backend) -> None:
    store = open_store(backend)
    sid = store.create(SMALL).id
    store.get(sid).step("batch", 2)
    store.get(sid).edit(0, "weight", 1, 0, 2.5)
    edited = params(store, sid), store.get(sid).history()
    assert store.db is not None
    store.db.close()

    again = open_store(backend)
    assert params(again, sid) == edited[0]
    assert again.get(sid).history() == edited[1]
    assert again.get(sid).parameters()[0][0][1, 0] == 2.5
