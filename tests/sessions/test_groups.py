"""GroupStore: members share their start, variants change only what they may, and the group
goes with its members (and says so when one went without it)."""

from types import SimpleNamespace

import numpy as np
import pytest

from app.sessions import groups as groups_module
from app.sessions import session as session_module
from app.sessions import store as store_module
from app.sessions.config import ConfigError, Limits, RunConfig
from app.sessions.groups import (
    GroupNotFound,
    GroupStore,
    MemberGone,
    examples_seen,
    member_config,
)
from app.sessions.store import SessionStore

BASE = RunConfig(n_train=40, n_test=10, batch_size=10, seed=5)


def make(max_sessions: int = 200) -> tuple[SessionStore, GroupStore]:
    sessions = SessionStore(Limits(), max_sessions=max_sessions)
    return sessions, GroupStore(sessions)


def test_members_start_from_the_same_weights_and_see_the_same_examples() -> None:
    _, groups = make()
    group = groups.create(BASE)
    batch, per_example = groups.members(group)
    assert (batch.config.update, per_example.config.update) == ("batch", "per_example")
    params = [s.parameters()[0] + s.parameters()[1] for s in (batch, per_example)]
    for a, b in zip(*params, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(batch.data.x_train, per_example.data.x_train)
    # two epochs' worth of examples, in the same order
    order = [
        [e.sample for e in s.step("example", 80) if e.type == "example"]
        for s in (batch, per_example)
    ]
    assert order[0] == order[1] and len(order[0]) == 80
    assert sorted(order[0][:40]) == list(range(40))


def test_per_example_moves_after_the_first_example_and_batch_does_not() -> None:
    _, groups = make()
    batch, per_example = groups.members(groups.create(BASE))
    start = [w.copy() for w in batch.parameters()[0]]
    (eb,) = batch.step("example")
    (ep,) = per_example.step("example")
    # same example, same weights: the same cost (up to rounding: a matrix of m rows and one
    # row are multiplied in different orders)
    assert eb.sample == ep.sample and eb.cost == pytest.approx(ep.cost, rel=1e-12)
    for w0, wb, wp in zip(start, batch.parameters()[0], per_example.parameters()[0], strict=True):
        np.testing.assert_array_equal(wb, w0)  # the book: nothing moves until the update
        assert not np.array_equal(wp, w0)  # after every example: moved by (η/m)·its gradient
    assert (batch.state().updates, per_example.state().updates) == (0, 1)
    # the second example's cost is taken at different weights
    (eb2,) = batch.step("example")
    (ep2,) = per_example.step("example")
    assert eb2.sample == ep2.sample and eb2.cost != ep2.cost


def test_variants_may_change_update_batch_size_and_eta_only() -> None:
    assert member_config(BASE, {"eta": 0.5, "batch_size": 1}) == RunConfig(
        n_train=40, n_test=10, batch_size=1, eta=0.5, seed=5
    )
    with pytest.raises(ConfigError) as error:
        member_config(BASE, {"seed": 1})
    assert error.value.field == "seed"
    _, groups = make()
    with pytest.raises(ConfigError) as error:
        groups.create(BASE, [{"update": "batch"}])
    assert error.value.field == "variants"
    with pytest.raises(ConfigError) as error:
        groups.create(BASE, [{"batch_size": 10}, {"batch_size": 41}])
    assert error.value.field == "batch_size" and "variant 2" in error.value.message
    assert len(groups) == 0


def test_a_refused_member_leaves_no_session_behind() -> None:
    sessions, groups = make()
    with pytest.raises(ConfigError):
        groups.create(BASE, [{}, {"batch_size": 0}])
    assert len(sessions) == 0


def test_deleting_a_group_deletes_its_members() -> None:
    sessions, groups = make()
    group = groups.create(BASE, [{}, {"update": "per_example"}, {"batch_size": 1}])
    assert len(sessions) == 3
    groups.delete(group.id)
    assert len(sessions) == 0
    with pytest.raises(GroupNotFound):
        groups.get(group.id)
    with pytest.raises(GroupNotFound):
        groups.delete(group.id)


def test_a_member_evicted_is_named_with_the_reason() -> None:
    sessions, groups = make(max_sessions=3)
    group = groups.create(BASE)
    first = group.member_ids[0]
    sessions.create(BASE)
    sessions.get(group.member_ids[1])  # the first member is now the least recently used
    sessions.create(BASE)
    with pytest.raises(MemberGone) as error:
        groups.members(groups.get(group.id))
    assert error.value.session_id == first and "evicted" in str(error.value)
    groups.delete(group.id)  # deletes the member that is left, and nothing else
    assert len(sessions) == 2


def test_examples_seen_counts_across_epochs() -> None:
    _, groups = make()
    batch, _ = groups.members(groups.create(BASE))
    batch.step("example", 3)
    assert examples_seen(batch) == 3
    batch.step("epoch")
    assert examples_seen(batch) == 40
    batch.step("batch", 2)
    assert examples_seen(batch) == 60


def test_an_idle_group_expires_with_its_members(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = SimpleNamespace(now=1000.0)
    fake.monotonic = lambda: fake.now
    for module in (groups_module, store_module, session_module):
        monkeypatch.setattr(module, "time", fake)
    sessions, groups = make()
    group = groups.create(BASE)
    fake.now += sessions.idle_seconds + 1
    assert groups.expire() == [group.id]
    assert len(groups) == 0 and len(sessions) == 0
