"""The running sum an example shows: the book's in-order loop, bit for bit, however it is asked for.

The oracle is the loop written out: ``np.outer`` of each example's delta and
activation, added in order into zeros. The whole mini-batch's sum is the update's.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.core.activations import Array
from app.core.network import Network
from app.core.trace import BatchTrace, running_sum, trace_batch


def book_sum(trace: BatchTrace, k: int) -> list[Array]:
    """``nabla_b`` then ``nabla_w`` after ``k`` examples, as network.py adds them."""
    out = []
    for d, a in zip(trace.deltas, trace.activations, strict=False):
        nabla_b, nabla_w = np.zeros(d.shape[1]), np.zeros((d.shape[1], a.shape[1]))
        for r in range(k):
            nabla_b += d[r]
            nabla_w += np.outer(d[r], a[r])
        out += [nabla_b, nabla_w]
    return out


def bits(arrays: list[Array]) -> list[bytes]:
    return [a.tobytes() for a in arrays]


def interleaved(sums: tuple[list[Array], list[Array]]) -> list[Array]:
    return [a for pair in zip(*sums, strict=True) for a in pair]


@given(
    st.lists(st.integers(1, 6), min_size=2, max_size=4),
    st.integers(2, 7),
    st.lists(st.integers(1, 7), min_size=1, max_size=8),
)
def test_the_running_sum_is_the_book_loop_in_any_order(
    sizes: list[int], m: int, asked: list[int]
) -> None:
    rng = np.random.default_rng(len(sizes) * 10 + m)
    net = Network(sizes, seed=m)
    xs = rng.uniform(-1, 1, (m, sizes[0]))
    trace = trace_batch(net, xs, np.eye(sizes[-1])[rng.integers(0, sizes[-1], m)])
    for k in [min(k, m - 1) for k in asked]:  # jumps forward and back, repeats
        assert bits(interleaved(trace.sum_gradient(k))) == bits(book_sum(trace, k))
        alone = running_sum(trace.deltas, trace.activations, k)
        assert bits(interleaved(alone)) == bits(book_sum(trace, k))
    # the whole mini-batch: the update's own sum, one product per layer
    nabla_w, nabla_b = BatchTrace(
        trace.activations, trace.deltas, trace.ys, trace.costs
    ).flat_gradient(sizes, keep=False)[1]
    assert bits(interleaved(trace.sum_gradient(m))) == bits(interleaved((nabla_b, nabla_w)))
