"""SessionStore: unguessable ids, least-recently-used eviction, idle expiry, and who is told."""

import base64
import string
import tracemalloc
from types import SimpleNamespace

import numpy as np
import pytest

from app.sessions import session as session_module
from app.sessions import store as store_module
from app.sessions.config import ConfigError, Limits, RunConfig
from app.sessions.store import SessionNotFound, SessionStore

SMALL = RunConfig(n_train=20, n_test=5)
URL_SAFE = set(string.ascii_letters + string.digits + "-_")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A clock the test moves by hand: ``clock.now`` is what ``time.monotonic()`` says."""
    fake = SimpleNamespace(now=1000.0)
    fake.monotonic = lambda: fake.now
    monkeypatch.setattr(store_module, "time", fake)
    monkeypatch.setattr(session_module, "time", fake)
    return fake


def make_store(**kwargs: float) -> tuple[SessionStore, list[tuple[str, str]]]:
    store = SessionStore(Limits(), **kwargs)  # type: ignore[arg-type]
    told: list[tuple[str, str]] = []
    store.listeners.append(lambda sid, reason: told.append((sid, reason)))
    return store, told


def test_ids_are_128_random_url_safe_bits() -> None:
    store, _ = make_store(max_sessions=1000)
    ids = [store.create(SMALL).id for _ in range(200)]
    assert len(set(ids)) == len(ids)
    for sid in ids:
        assert set(sid) <= URL_SAFE and len(sid) >= 22  # 22 base64 characters hold 128 bits
        assert len(base64.urlsafe_b64decode(sid + "=" * (-len(sid) % 4))) >= 16
    # every position varies: 200 draws from 64 letters show about 61 different ones; a
    # counter, a timestamp or a hash of the config would repeat letters at some position
    for position in range(21):  # the 22nd letter holds only 2 of the 128 bits
        assert len({sid[position] for sid in ids}) > 40, position
    assert len(store) == 200


def test_get_finds_and_unknown_ids_are_not_found() -> None:
    store, _ = make_store()
    session = store.create(SMALL)
    assert store.get(session.id) is session
    for bad in ("", "nope", session.id[:-1], session.id + "x"):
        with pytest.raises(SessionNotFound):
            store.get(bad)


def test_an_invalid_config_keeps_nothing() -> None:
    store, told = make_store()
    with pytest.raises(ConfigError):
        store.create(RunConfig(eta=-1.0))
    assert len(store) == 0 and told == []


def test_the_least_recently_used_session_is_evicted(clock: SimpleNamespace) -> None:
    store, told = make_store(max_sessions=2)
    a = store.create(SMALL)
    clock.now += 1
    b = store.create(SMALL)
    clock.now += 1
    store.get(a.id)  # a is now the most recently used: b goes first
    clock.now += 1
    c = store.create(SMALL)
    assert len(store) == 2
    assert store.get(a.id) is a and store.get(c.id) is c
    with pytest.raises(SessionNotFound):
        store.get(b.id)
    assert [sid for sid, _ in told] == [b.id]
    assert "evicted" in told[0][1] and "2 sessions" in told[0][1]


def test_stepping_counts_as_use(clock: SimpleNamespace) -> None:
    store, _ = make_store(max_sessions=2)
    a, b = store.create(SMALL), store.create(SMALL)
    clock.now += 5
    a.step("example")
    store.create(SMALL)
    assert store.get(a.id) is a
    with pytest.raises(SessionNotFound):
        store.get(b.id)


def test_idle_sessions_expire(clock: SimpleNamespace) -> None:
    store, told = make_store(idle_seconds=60)
    a, b = store.create(SMALL), store.create(SMALL)
    clock.now += 50
    store.get(b.id)
    clock.now += 11  # a idle for 61 s, b for 11 s
    assert store.expire() == [a.id]
    assert told == [(a.id, "expired after 60 s without use")]
    with pytest.raises(SessionNotFound):
        store.get(a.id)
    clock.now += 48
    assert store.get(b.id) is b, "get expires first, and b was idle for 59 s only"
    clock.now += 60.5
    with pytest.raises(SessionNotFound):
        store.get(b.id)
    assert len(store) == 0


def test_held_finds_only_a_session_get_would_find_without_expiring_it(
    clock: SimpleNamespace,
) -> None:
    """The event loop's lookup: a session held and not idle past its time, touched; else None."""
    store, told = make_store(idle_seconds=60)
    a, b = store.create(SMALL), store.create(SMALL)
    clock.now += 50
    assert store.held(a.id) is a and a.last_used == clock.now, "touched, as get touches"
    assert store.held("no-such-id") is None
    clock.now += 61  # b idle for 111 s, a for 61 s
    assert store.held(b.id) is None and store.held(a.id) is None, "idle past its time: ask get"
    assert told == [] and len(store) == 2, "held expires nothing"
    with pytest.raises(SessionNotFound):
        store.get(a.id)


def test_delete_tells_the_listeners_once() -> None:
    store, told = make_store()
    session = store.create(SMALL)
    store.delete(session.id)
    assert told == [(session.id, "deleted")]
    with pytest.raises(SessionNotFound):
        store.delete(session.id)
    assert len(told) == 1


def test_a_session_refuses_a_step_bigger_than_the_limit() -> None:
    store = SessionStore(Limits(max_step_examples=30))
    session = store.create(RunConfig(n_train=20, n_test=5, batch_size=10))
    with pytest.raises(ConfigError) as error:
        session.step("batch", 4)
    assert error.value.field == "count"
    with pytest.raises(ConfigError):
        session.step("epoch", 2)
    assert session.state().seq == 0
    assert len(session.step("batch", 3)) == 3 * 11 + 1  # and an epoch event after 20 examples


def test_reset_without_a_seed_draws_the_same_weights() -> None:
    store, _ = make_store()
    session = store.create(SMALL)
    initial = [w.copy() for w in session.parameters()[0]]
    session.step("epoch")
    session.reset()
    for w, w0 in zip(session.parameters()[0], initial, strict=True):
        np.testing.assert_array_equal(w, w0)
    session.reset(seed=5)
    assert session.config.seed == 5
    assert not np.array_equal(session.parameters()[0][0], initial[0])


def test_predict_on_a_wide_network_takes_bounded_memory() -> None:
    # the default limits allow [2, 100000, 2]: a 200² grid through it at once is 32 GB
    session = SessionStore(Limits()).create(RunConfig(sizes=(2, 1000, 2), n_train=20))
    tracemalloc.start()
    try:
        _, _, outputs = session.predict(200)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert outputs.shape == (200, 200, 2)
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB for a 200x200 grid"


def test_predict_in_chunks_is_predict_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    session = SessionStore(Limits()).create(RunConfig(sizes=(2, 5, 3, 2), n_train=20))
    xs, ys, at_once = session.predict(9)
    monkeypatch.setattr(session_module, "PREDICT_FLOATS", 7)  # 7 // 5: one point per chunk
    np.testing.assert_allclose(session.predict(9)[2], at_once, rtol=1e-12)
    grid = np.array([[x, y] for y in ys for x in xs])
    np.testing.assert_allclose(at_once.reshape(81, 2), session.trainer.network.feedforward(grid))
