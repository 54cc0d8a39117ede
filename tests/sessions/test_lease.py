"""Leases on a shared database: two processes never train one session at once.

Each :class:`PostgresDB` here stands for a server process (its own connection and
holder name) on one throw-away PostgreSQL database. A process that "dies" stops
renewing its leases (its renewals replaced by nothing), as a killed one does; the
tests wait on the database's own clock, never on a fixed sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from app.sessions.config import Limits, RunConfig
from app.sessions.errors import SessionBusy, SessionNotFound
from app.sessions.saving import SessionRows
from app.sessions.store import SessionStore

pytest.importorskip("psycopg")  # the postgres extra

from app.sessions.postgres import PostgresDB

SMALL = RunConfig(sizes=(2, 5, 2), n_train=20, n_test=5, batch_size=4)
LONG = 60.0  # a lease that cannot run out during a test
SHORT = 0.5  # a lease that runs out soon after its holder stops renewing it

Opener = Callable[..., PostgresDB]


@pytest.fixture
def process(postgres_url: str) -> Iterator[Opener]:
    """``process(lease_seconds)``: a new 'server process' on the test's database."""
    opened: list[PostgresDB] = []

    def open_(lease_seconds: float = LONG) -> PostgresDB:
        db = PostgresDB(postgres_url, lease_seconds)
        opened.append(db)
        return db

    yield open_
    for db in opened:
        db.close()


def store_on(db: SessionRows) -> SessionStore:
    store = SessionStore(Limits(), db=db)
    db.on_lost = store.lost
    db.on_wanted = store.hand_over
    return store


def dies(db: PostgresDB) -> None:
    """The process stops renewing its leases, as a killed one does (its rows stay)."""
    db.renew = lambda: []  # type: ignore[method-assign]


def until(condition: Callable[[], object], seconds: float = 30) -> None:
    """Wait for ``condition`` (polled), failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.02)


def params(store: SessionStore, sid: str) -> list[bytes]:
    weights, biases = store.get(sid).parameters()
    return [a.tobytes() for a in weights + biases]


def test_a_lease_held_is_refused_to_another_until_released(process: Opener) -> None:
    a, b = process(), process()
    assert a.acquire("s1") == 0.0 and a.holds("s1")
    assert a.acquire("s1") == 0.0  # taken again by its holder: renewed
    wait = b.acquire("s1")
    assert 0 < wait <= LONG and not b.holds("s1")
    a.release(["s1"])
    assert not a.holds("s1")
    assert b.acquire("s1") == 0.0 and b.holds("s1")
    assert a.acquire("s1") > 0


def test_a_lease_not_renewed_runs_out_and_its_holder_is_told(process: Opener) -> None:
    a, b = process(SHORT), process(SHORT)
    lost: list[str] = []
    a.on_lost = lost.append
    assert a.acquire("s1") == 0.0
    until(lambda: a.renew() == [] and b.acquire("s1") > 0)  # a renews: b must wait
    dies(a)
    until(lambda: b.acquire("s1") == 0.0)  # the database's clock: a's lease ran out
    del a.renew  # a comes back to life (a stalled process): its renewal finds the lease gone
    until(lambda: lost == ["s1"])
    assert not a.holds("s1") and b.holds("s1")


def test_another_process_takes_over_from_the_last_saved_update(process: Opener) -> None:
    a_db = process(LONG)
    a = store_on(a_db)
    a.in_use = lambda session_id: True  # a socket is open on it in a: a keeps it
    sid = a.create(SMALL).id
    a.get(sid).step("batch", 3)
    at_update = params(a, sid), a.get(sid).history()
    a.get(sid).step("example", 2)  # mid-batch: not saved
    b = store_on(process(SHORT))
    with pytest.raises(SessionBusy):  # a holds on, longer than b waits (its lease and 1 s)
        b.get(sid)
    a_db.close()  # a stops for good: its leases are given up
    session = b.get(sid)
    assert params(b, sid) == at_update[0] and session.history() == at_update[1]
    assert session.state().index == 0


def test_a_dead_process_cannot_overwrite_what_the_new_holder_saves(process: Opener) -> None:
    a_db, b_db = process(SHORT), process(SHORT)
    a, b = store_on(a_db), store_on(b_db)
    sid = a.create(SMALL).id
    a.get(sid).step("batch", 2)
    a_db.flush()
    dies(a_db)
    session_a = a.get(sid)
    until(lambda: b_db.acquire(sid) == 0.0)
    b_db.release([sid])
    b.get(sid).step("batch", 1)  # b goes on from update 2: update 3
    b_db.flush()
    session_a.step("batch", 5)  # a, stalled and unaware, trains on: its saves are refused
    a_db.flush()
    b_db.close()
    c = store_on(process(SHORT))
    assert c.get(sid).state().updates == 3


def test_threads_of_one_process_build_a_taken_over_session_once(process: Opener) -> None:
    a_db = process()
    sid = store_on(a_db).create(SMALL).id
    a_db.close()
    b = store_on(process())
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(b.get(sid))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8 and len({id(s) for s in found}) == 1 and len(b) == 1


def test_an_unknown_id_leaves_no_lease_behind(process: Opener) -> None:
    db = process()
    store = store_on(db)
    with pytest.raises(SessionNotFound):
        store.get("no-such-session")
    assert not db.holds("no-such-session")
    assert process().acquire("no-such-session") == 0.0


def test_a_session_asked_for_elsewhere_is_handed_over_when_no_socket_is_open(
    process: Opener,
) -> None:
    """A proxy whose routes changed (restarted, a replica added) sends it to another process."""
    a_db = process(SHORT)
    a = store_on(a_db)
    sid = a.create(SMALL).id
    a.get(sid).step("batch", 2)
    at_update = params(a, sid)
    b = store_on(process(LONG))
    session = b.get(sid)  # marks a's lease wanted: a lets go at its next renewal
    assert params(b, sid) == at_update and session.state().updates == 2
    assert len(a) == 0 and not a_db.holds(sid)
    session.step("batch", 1)
    b.db.flush()  # type: ignore[union-attr]
    with pytest.raises(SessionBusy):  # and a cannot take it back while b holds it
        a.get(sid)


def test_sessions_idle_too_long_that_no_process_holds_are_purged(process: Opener) -> None:
    a_db = process(LONG)
    a = store_on(a_db)
    held, dead = a.create(SMALL).id, a.create(SMALL).id
    a_db.flush()
    b = SessionStore(Limits(), db=process(SHORT), idle_seconds=60)
    a_db.touch({held: time.time() - 61, dead: time.time() - 61})
    assert b.purge() == 0  # both are held by a, whose leases are good
    a_db.release([dead])  # as when a process dies: its lease is gone (or runs out)
    assert b.purge() == 1
    with pytest.raises(SessionNotFound):
        b.get(dead)
    assert a.get(held).id == held
