"""A session's true gradient, its mini-batch's estimate, the noise against m, the matrix form.

The numbers come from :mod:`app.core.gradient`, :mod:`app.core.noise` and
:mod:`app.core.matrix`; this module reads what they need from a session
under its lock (the parameters, which training replaces and never changes,
the mini-batch's rows) and computes outside it, so training goes on.

The whole training set costs n × (number of weights) multiply-adds each way.
:class:`FullSets` caches it per set of weights (a digest of their bytes), computes
one at a time (a class on one server queues rather than runs thirty at once),
and refuses a set beyond ``max_work`` with :class:`OverBudget`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from app.core import gradient, noise
from app.core.activations import Array
from app.core.gradient import MeanGradient
from app.core.landscape import at
from app.core.network import Network
from app.core.trace import BatchTrace, trace_batch
from app.core.update import example_factors, example_step
from app.sessions.session import Session

CACHED = 2  # full sets kept: the weights now and those of the mini-batch shown


class OverBudget(ValueError):
    """The whole training set is more work than the server allows one request."""


class NoBatch(LookupError):
    """No mini-batch has started yet."""


@dataclass(frozen=True)
class FullSet:
    """The training set's trace at one set of weights, and its mean gradient ∇C."""

    trace: BatchTrace
    truth: MeanGradient
    weights: list[Array]
    lmbda: float


def _digest(weights: list[Array], biases: list[Array]) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for a in (*weights, *biases):
        h.update(a.tobytes())
    return h.digest()


def kept_bytes(network: Network, n: int) -> int:
    """Bytes a full set of ``n`` rows keeps: each row's activations and deltas past the input."""
    return 2 * 8 * n * sum(network.sizes[1:])


def peak_bytes(network: Network, n: int) -> int:
    """Bytes building a full set of ``n`` rows holds at its peak: twice what it keeps (measured:
    610 MiB at [2, 10000, 2] on 2,000 rows, where this says 610)."""
    return 2 * kept_bytes(network, n)


class FullSets:
    """∇C over a session's training set, cached per set of weights, within a budget of work.

    The cache keeps at most :data:`CACHED` sets and ``max_bytes`` bytes of them: a set
    larger than that is computed for its request and not kept.
    """

    def __init__(self, max_work: float, max_bytes: int) -> None:
        self.max_work, self.max_bytes = max_work, max_bytes
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[object, ...], FullSet] = OrderedDict()

    def admission(self, session: Session) -> int:
        """The peak bytes of the session's full set (OverBudget beyond ``max_work``)."""
        net, n = session.trainer.network, session.trainer.n
        self.check(net, n)
        return peak_bytes(net, n)

    def check(self, network: Network, n: int, what: str = "") -> None:
        """Raise :class:`OverBudget` when n × weights is beyond ``max_work``."""
        work = gradient.work(network, n)
        if work > self.max_work:
            what = what or (
                f"over=all: the whole training set is {n:,} examples; ask for over=batch, "
                "or train on fewer examples"
            )
            raise OverBudget(
                f"{what}: {n:,} rows × {sum(w.size for w in network.weights):,} weights = "
                f"{work:,} multiply-adds; this server allows {self.max_work:,.0f} "
                "(NABLA_MAX_GRADIENT_WORK)"
            )

    def get(
        self,
        session: Session,
        weights: list[Array] | None = None,
        biases: list[Array] | None = None,
    ) -> FullSet:
        """The full set at ``weights``/``biases`` (the session's current ones when None)."""
        with session.lock:
            net, data, lmbda = session.trainer.network, session.data, session.trainer.lmbda
            if weights is None or biases is None:
                weights, biases = net.weights, net.biases
            key = (session.id, session.generation, lmbda, _digest(weights, biases))
        self.check(net, len(data.x_train))
        with self._lock:  # one at a time; the second asker of the same set finds it cached
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                return found
            other = at(net, weights, biases)
            trace = gradient.full_trace(other, data.x_train, data.y_train)
            n = trace.m
            full = FullSet(trace, gradient.mean_of(trace, weights, lmbda, n), weights, lmbda)
            self._cache[key] = full
            while len(self._cache) > CACHED or self._cached_bytes() > self.max_bytes:
                self._cache.popitem(last=False)
            return full

    def _cached_bytes(self) -> int:
        """The bytes of the cached traces (the inputs, ``activations[0]``, are the data's)."""
        return sum(
            sum(a.nbytes for a in (*f.trace.activations[1:], *f.trace.deltas))
            for f in self._cache.values()
        )

    def noise(self, session: Session, k: int, seed: int) -> tuple[float, list[noise.Spread]]:
        """:func:`app.core.noise.spread` at the session's current weights."""
        full = self.get(session)
        # the draws of each m share out max_work (a large m draws twice all the same)
        rows = noise.rows_per_size(self.max_work, sum(w.size for w in full.weights), full.trace.m)
        m_now = session.trainer.batch_size
        return noise.spread(full.trace, full.truth, full.weights, full.lmbda, k, seed, rows, m_now)


@dataclass(frozen=True)
class BatchRead:
    """What the mini-batch estimate needs, read under the session's lock."""

    network: Network  # at the mini-batch's start
    xs: Array  # its rows so far (under way) or all of them (finished)
    ys: Array
    mode: str
    eta: float
    m: int
    lmbda: float
    n: int
    epoch: int
    batch: int
    finished: bool


def read_batch(session: Session, last: bool = False, whole: bool = False) -> BatchRead:
    """The mini-batch under way (its examples so far, or all with ``whole``), else the last
    finished one; NoBatch if there is none."""
    with session.lock:
        t = session.trainer
        under_way = t.in_batch and t.cursor.index > 0 and not last
        start = t.batch_start(last=not under_way)
        if start is None:
            raise NoBatch("no mini-batch has started yet: step one example first")
        k = t.cursor.index if under_way and not whole else start.m
        rows = start.rows[:k]
        return BatchRead(
            at(t.network, start.weights, start.biases),
            session.data.x_train[rows],
            session.data.y_train[rows],
            t.update,
            start.eta,
            start.m,
            start.lmbda,
            t.n,
            start.epoch,
            start.batch,
            not under_way,
        )


def batch_estimate(read: BatchRead) -> MeanGradient:
    """The mean gradient of the mini-batch's examples so far, as training took them.

    ``batch`` mode: every gradient at the start weights. ``per_example`` mode: each at
    the weights the examples before it left (replayed with training's own step), and
    the L2 term at each of those weights, as that mode's update applies it.
    """
    net = read.network
    if read.mode == "batch":
        trace = trace_batch(net, read.xs, read.ys)
        return gradient.mean_of(trace, net.weights, read.lmbda, read.n)
    step, decay = example_factors(read.eta, read.lmbda, read.n, read.m)
    weights, biases = net.weights, net.biases
    means: list[MeanGradient] = []
    for x, y in zip(read.xs, read.ys, strict=True):
        row = trace_batch(at(net, weights, biases), x[None, :], y[None, :])
        means.append(gradient.mean_of(row, weights, read.lmbda, read.n))
        deltas = [d[0] for d in row.deltas]
        weights, biases = example_step(
            weights, biases, deltas, [a[0] for a in row.activations], step, decay
        )
    k = len(means)
    return MeanGradient(
        k,
        [np.mean([g.nabla_b[l] for g in means], axis=0) for l in range(len(weights))],
        [np.mean([g.nabla_w[l] for g in means], axis=0) for l in range(len(weights))],
        sum(g.cost for g in means) / k,
        read.lmbda > 0,
    )
