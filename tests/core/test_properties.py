"""Hypothesis properties over random sizes, batch sizes, modes and seeds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.events import ExampleEvent, UpdateEvent
from app.core.network import Network
from app.core.trace import finite_vector, trace_batch
from app.core.trainer import Trainer

from .conftest import assert_close_relative, toy_data

layer = st.integers(min_value=1, max_value=6)


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(layer, min_size=2, max_size=4),
    n=st.integers(min_value=1, max_value=30),
    m=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    activation=st.sampled_from(["sigmoid", "tanh", "relu"]),
    cost=st.sampled_from(["quadratic", "cross_entropy"]),
)
def test_a_batch_update_is_minus_eta_over_m_times_the_summed_example_gradients(
    sizes: list[int], n: int, m: int, seed: int, activation: str, cost: str
) -> None:
    m = min(m, n)
    data = toy_data(sizes[0], sizes[-1], n, seed=seed % 1000)
    net = Network(sizes, activation=activation, cost=cost, seed=seed)
    before = [w.copy() for w in net.weights]
    t = Trainer(net, data, eta=0.5, batch_size=m, seed=seed)
    events = t.step("batch")
    examples = [e for e in events if isinstance(e, ExampleEvent)]
    update = next(e for e in events if isinstance(e, UpdateEvent))
    assert len(examples) == update.batch_size == min(m, n)
    for layer_index, (w0, w1) in enumerate(zip(before, update.weights, strict=True)):
        total = sum(e.delta_nabla_w[layer_index] for e in examples)
        np.testing.assert_allclose(update.nabla_w[layer_index], total, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(w1, w0 - (0.5 / len(examples)) * total, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(layer, min_size=2, max_size=4),
    m=st.integers(min_value=1, max_value=10),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_the_fast_path_equals_the_backprop_loop(sizes: list[int], m: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    net = Network(sizes, activation="tanh", seed=seed)
    xs, ys = rng.uniform(-1, 1, (m, sizes[0])), rng.uniform(0, 1, (m, sizes[-1]))
    trace = trace_batch(net, xs, ys)
    for k in range(m):
        nabla_b, nabla_w = net.backprop(xs[k], ys[k])
        fast_b, fast_w = trace.example_gradient(k)
        for got, want in zip(fast_b + fast_w, nabla_b + nabla_w, strict=True):
            assert_close_relative(got, want)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=25),
    m=st.integers(min_value=1, max_value=25),
    units=st.lists(st.sampled_from(["example", "batch", "epoch"]), min_size=1, max_size=8),
    mode=st.sampled_from(["batch", "per_example"]),
)
def test_any_mix_of_units_trains_like_whole_epochs(
    n: int, m: int, units: list[str], mode: str
) -> None:
    """Stepping by any units, then finishing the epoch, lands where epoch steps do."""
    m = min(m, n)
    data = toy_data(2, 2, n)
    mixed = Trainer(Network([2, 3, 2]), data, batch_size=m, update=mode)
    for unit in units:
        mixed.step(unit)
    if mixed.cursor.index or mixed.cursor.batch:
        mixed.step("epoch")
    whole = Trainer(Network([2, 3, 2]), data, batch_size=m, update=mode)
    whole.step("epoch", mixed.cursor.epoch)
    assert whole.seq == mixed.seq
    for a, b in zip(whole.network.weights, mixed.network.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@given(
    values=st.lists(
        st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True),
        min_size=0,
        max_size=64,
    ),
    big=st.booleans(),
)
def test_finite_vector_answers_as_isfinite_does(values: list[float], big: bool) -> None:
    vector = np.array(values, dtype=np.float64)
    if big:  # long vectors go through BLAS's blocked loops
        vector = np.concatenate([np.full(5000, 1e300), vector, np.full(5000, -1e300)])
    with np.errstate(over="ignore", invalid="ignore"):  # v·v overflows for huge numbers
        assert finite_vector(vector) == bool(np.isfinite(vector).all())
