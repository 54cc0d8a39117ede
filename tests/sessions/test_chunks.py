"""Long steps in chunks: the same training as one go, exact progress, a consistent stop."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.events import ExampleEvent, UpdateEvent
from app.sessions.chunks import examples_ahead, position
from app.sessions.config import Limits, RunConfig, resolve
from app.sessions.session import Session

DIGITS = RunConfig(dataset="digits", n_train=300, n_test=50, batch_size=7)


def session(config: RunConfig = DIGITS, chunk: int = 100) -> Session:
    s = Session("s", resolve(config, Limits()), Limits())
    s.chunk_examples = chunk
    return s


@pytest.mark.parametrize(("unit", "count"), [("example", 450), ("batch", 61), ("epoch", 3)])
@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_chunks_train_exactly_as_one_step(unit: str, count: int, update: str) -> None:
    config = RunConfig(**{**DIGITS.__dict__, "update": update})
    whole, chunked = session(config, chunk=10**6), session(config, chunk=50)
    whole.step("example", 3)
    chunked.step("example", 3)  # start in the middle of a mini-batch
    one = whole.step(unit, count)
    run = chunked.start_run(unit, count)
    pieces = []
    while not run.finished:
        pieces.append(chunked.run_chunk(run))
    assert len(pieces) > 1 and all(len([e for e in p if e.type == "example"]) <= 50 for p in pieces)
    events = [e for p in pieces for e in p]
    assert [(e.type, e.seq) for e in events] == [(e.type, e.seq) for e in one]
    assert run.done == run.total == sum(isinstance(e, ExampleEvent) for e in one)
    for a, b in zip(whole.trainer.network.weights, chunked.trainer.network.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert whole.state() == chunked.state()


@pytest.mark.parametrize(("unit", "count"), [("example", 1), ("batch", 1), ("batch", 90)])
def test_examples_ahead_is_what_a_step_runs_through(unit: str, count: int) -> None:
    s = session()
    for start in (0, 3, 7, 296):  # at a mini-batch's start, inside, near the epoch's end
        s.step("example", start - position(s.trainer) if start >= position(s.trainer) else 0)
        ahead = examples_ahead(s.trainer, unit, count)
        before = position(s.trainer)
        s.step(unit, count, emit=False)
        assert position(s.trainer) - before == ahead


def test_a_run_stopped_between_chunks_leaves_whole_mini_batches() -> None:
    s = session(chunk=30)
    run = s.start_run("epoch", 2)
    events = s.run_chunk(run) + s.run_chunk(run)
    assert 0 < run.done < run.total and not run.finished
    state = s.state()
    assert state.index == 0  # the chunk ended on a mini-batch's end
    assert state.seq == events[-1].seq
    updates = [e for e in events if isinstance(e, UpdateEvent)]
    assert state.updates == len(updates) == len(s.history().updates)
    assert run.done == sum(isinstance(e, ExampleEvent) for e in events) == 7 * len(updates)
    assert s.step("batch")[0].seq == state.seq + 1  # and training goes on from there


def test_a_reset_ends_a_run_under_way() -> None:
    s = session()
    run = s.start_run("epoch", 1)
    s.run_chunk(run)
    s.reset()
    assert s.run_chunk(run) == [] and run.finished
    assert s.state().seq == 0
