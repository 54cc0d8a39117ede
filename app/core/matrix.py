"""The loop and the matrix: one mini-batch through both, their sums compared, each timed.

:meth:`Network.update_mini_batch` sums the m examples' gradients in a Python
loop; :meth:`Network.update_mini_batch_matrix` computes the same sum as one
product per layer, Δ·Aᵀ. :func:`run_matrix` runs the matrix method itself
(on a copy of the network) under a line tracer, so the values shown beside
its listing are those of the very lines that ran, and its ``nabla_b``,
``nabla_w`` are read from the run. :func:`loop_sum` is the loop of
``update_mini_batch`` without the update. :func:`compare` times both updates.
"""

from __future__ import annotations

import ast
import copy
import inspect
import sys
import textwrap
import time
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import numpy as np

from app.core.activations import Array
from app.core.network import Network

ENTRIES = 4  # the first few numbers of an array shown beside its line
Batch = list[tuple[Array, Array]]


def loop_sum(network: Network, mini_batch: Batch) -> tuple[list[Array], list[Array]]:
    """``(nabla_b, nabla_w)`` after the loop of :meth:`Network.update_mini_batch`."""
    nabla_b = [np.zeros(b.shape) for b in network.biases]
    nabla_w = [np.zeros(w.shape) for w in network.weights]
    for x, y in mini_batch:
        delta_nabla_b, delta_nabla_w = network.backprop(x, y)
        nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b, strict=True)]
        nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w, strict=True)]
    return nabla_b, nabla_w


def summary(value: Any) -> dict[str, Any] | None:
    """What a line's value looks like beside it: shape and first entries, or a list's shapes."""
    if isinstance(value, np.ndarray):
        flat = value.ravel()
        return {"shape": list(value.shape), "entries": [float(v) for v in flat[:ENTRIES]]}
    if isinstance(value, list) and all(isinstance(v, np.ndarray) for v in value):
        return {"shapes": [list(v.shape) for v in value]}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"value": value}
    return None


def _value(frame: FrameType, name: str) -> Any:
    """A local, or ``self.x`` read from the method's ``self``."""
    if name.startswith("self."):
        return getattr(frame.f_locals.get("self"), name[5:], None)
    return frame.f_locals.get(name)


def _assigned(function: Any) -> dict[int, list[str]]:
    """For each line of ``function``'s source (1-based): the names it binds or changes."""
    source = textwrap.dedent(inspect.getsource(function))
    names: dict[int, list[str]] = {}
    for node in ast.walk(ast.parse(source)):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
            attrs = [t for t in targets if isinstance(t, ast.Attribute)]
            if attrs and isinstance(attrs[0].value, ast.Name) and attrs[0].value.id == "self":
                names[node.lineno] = [f"self.{attrs[0].attr}"]  # self.weights = [...]
                continue
        elif isinstance(node, ast.For | ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            f = node.value.func  # nabla_b.insert(...): the list it changes
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name):
                targets = [f.value]
        found = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        if found and isinstance(node, ast.stmt):
            names.setdefault(node.lineno, [])
            names[node.lineno] += [n for n in found if n not in names[node.lineno]]
    return names


@dataclass
class LineRun:
    """One run of one line (1-based in the listing): the values it left, and which run it was."""

    line: int
    run: int
    values: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class MatrixRun:
    """The matrix method's run: each line's values, and the sums it computed."""

    lines: list[LineRun]
    nabla_b: list[Array]
    nabla_w: list[Array]


def run_matrix(network: Network, mini_batch: Batch, eta: float, lmbda: float, n: int) -> MatrixRun:
    """Run ``update_mini_batch_matrix`` on a copy of ``network`` under a line tracer."""
    method = Network.update_mini_batch_matrix
    code = method.__code__
    first = code.co_firstlineno
    assigned = _assigned(method)
    lines: list[LineRun] = []
    runs: dict[int, int] = {}
    pending: list[int] = []  # the line that last ran: its values are read at the next event
    sums: dict[str, list[Array]] = {}

    def record(frame: FrameType) -> None:
        if pending:
            line = pending.pop()
            names = assigned.get(line, [])
            values = {k: s for k in names if (s := summary(_value(frame, k))) is not None}
            lines.append(LineRun(line, runs.get(line, 0), values))
            runs[line] = runs.get(line, 0) + 1
        sums.update({k: frame.f_locals[k] for k in ("nabla_b", "nabla_w") if k in frame.f_locals})

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event in ("line", "return"):
            record(frame)
            if event == "line":
                pending.append(frame.f_lineno - first + 1)
        return local

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code is code else None

    other = copy.copy(network)
    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        other.update_mini_batch_matrix(mini_batch, eta, lmbda, n)
    finally:
        sys.settrace(old)
    return MatrixRun(lines, list(sums["nabla_b"]), list(sums["nabla_w"]))


def max_difference(a: list[Array], b: list[Array]) -> float:
    """The largest |a − b| over every entry of every layer."""
    return max(float(np.max(np.abs(x - y))) for x, y in zip(a, b, strict=True))


def _best_time(network: Network, method: str, mini_batch: Batch, repeats: int, *args: Any) -> float:
    """The least wall time, in seconds, of ``repeats`` runs of ``method`` on copies."""
    best = float("inf")
    for _ in range(repeats):
        other = copy.copy(network)
        t0 = time.perf_counter()
        getattr(other, method)(mini_batch, *args)
        best = min(best, time.perf_counter() - t0)
    return best


@dataclass(frozen=True)
class Comparison:
    """The loop against the matrix on one mini-batch: the sums' largest difference, the times."""

    max_diff_w: float
    max_diff_b: float
    loop_seconds: float
    matrix_seconds: float
    repeats: int


def compare(
    network: Network, mini_batch: Batch, eta: float, lmbda: float, n: int, run: MatrixRun
) -> Comparison:
    """The sums of :func:`loop_sum` and ``run`` compared; both updates timed, best of a few runs."""
    nabla_b, nabla_w = loop_sum(network, mini_batch)
    work = len(mini_batch) * network.num_weights
    repeats = max(1, min(5, 2_000_000 // max(1, work)))  # small batches: best of up to 5
    args = (eta, lmbda, n)
    return Comparison(
        max_difference(nabla_w, run.nabla_w),
        max_difference(nabla_b, run.nabla_b),
        _best_time(network, "update_mini_batch", mini_batch, repeats, *args),
        _best_time(network, "update_mini_batch_matrix", mini_batch, repeats, *args),
        repeats,
    )
