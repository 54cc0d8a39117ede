"""The engine's own source, for the page's code panel: read from the module, never copied.

:func:`listings` takes the source of :class:`~app.core.network.Network`'s
``update_mini_batch``, ``update_per_example``, ``update_mini_batch_matrix`` and ``backprop`` with
:mod:`inspect`, and finds in it the lines the events stand for (the
``backprop(x, y)`` call, the two additions into the running sums, the
update). Each mark is found by its text; a mark that is missing, or found
twice, raises :class:`SourceDrift`, so an edit of ``network.py`` that moves
the code away from what the page says fails at startup and in the tests.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.network import Network

# Function -> {mark: a piece of text that occurs on exactly one line of its source}.
MARKS: dict[str, dict[str, str]] = {
    "update_mini_batch": {
        "def": "def update_mini_batch(",
        "zeros_b": "nabla_b = [np.zeros(",
        "zeros_w": "nabla_w = [np.zeros(",
        "loop": "for x, y in mini_batch:",
        "backprop": "self.backprop(x, y)",
        "add_b": "nabla_b = [nb + dnb",
        "add_w": "nabla_w = [nw + dnw",
        "m": "m = len(mini_batch)",
        "update_w": "self.weights = [",
        "update_b": "self.biases = [",
    },
    "update_per_example": {
        "def": "def update_per_example(",
        "m": "m = len(mini_batch)",
        "loop": "for x, y in mini_batch:",
        "backprop": "self.backprop(x, y)",
        "update_w": "self.weights = [",
        "update_b": "self.biases = [",
    },
    "update_mini_batch_matrix": {
        "def": "def update_mini_batch_matrix(",
        "X": "X = np.column_stack(",
        "Y": "Y = np.column_stack(",
        "forward": "Z = w @ A + b[:, None]",
        "activation": "A = self.layer_activation(l).fn(Z)",
        "output_delta": "Delta = self.cost.delta(",
        "backward": "Delta = (self.weights[-l + 1].T @ Delta) * sp",
        "sum_b": "nabla_b.insert(0,",
        "sum_w": "nabla_w.insert(0,",
        "m": "m = len(mini_batch)",
        "update_w": "self.weights = [",
        "update_b": "self.biases = [",
    },
    "backprop": {
        "def": "def backprop(",
        "forward": "z = w @ activation + b",
        "output_delta": "delta = self.cost.delta(",
        "backward": "delta = (self.weights[-l + 1].T @ delta) * sp",
        "return": "return nabla_b, nabla_w",
    },
}


class SourceDrift(RuntimeError):
    """A mark's text is not on exactly one line of its function's source."""


@dataclass(frozen=True)
class Mark:
    """Lines ``line`` to ``end_line`` (1-based, in the shown source) hold the marked statement."""

    line: int
    end_line: int
    text: str


@dataclass(frozen=True)
class Listing:
    """One function's source, dedented, and where it starts in its file."""

    name: str
    file: str
    first_line: int
    source: str
    marks: dict[str, Mark]


def _statement_ends(source: str) -> dict[int, int]:
    """For every line where a statement starts: the line where the longest one ends."""
    ends: dict[int, int] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.stmt) and node.end_lineno is not None:
            if isinstance(node, ast.FunctionDef | ast.For):
                ends.setdefault(node.lineno, node.lineno)  # a block's header line only
            else:
                ends[node.lineno] = max(ends.get(node.lineno, 0), node.end_lineno)
    return ends


def find_marks(name: str, source: str, marks: dict[str, str]) -> dict[str, Mark]:
    """Each mark's statement in ``source``; raises :class:`SourceDrift` if one is not found once."""
    lines = source.splitlines()
    ends = _statement_ends(source)
    found: dict[str, Mark] = {}
    for mark, needle in marks.items():
        hits = [i + 1 for i, text in enumerate(lines) if needle in text]
        if len(hits) != 1:
            where = "not found" if not hits else f"found on lines {hits}"
            raise SourceDrift(f"{name}: mark {mark!r} ({needle!r}) {where}")
        line = hits[0]
        found[mark] = Mark(line, ends.get(line, line), lines[line - 1].strip())
    return found


def listing(function: Callable[..., Any], marks: dict[str, str]) -> Listing:
    """The listing of ``function`` (a function of this project) with its marks."""
    lines, first = inspect.getsourcelines(function)
    source = textwrap.dedent("".join(lines))
    path = Path(inspect.getfile(function)).resolve()
    root = Path(__file__).resolve().parents[2]
    file = str(path.relative_to(root)) if path.is_relative_to(root) else path.name
    name = function.__name__
    return Listing(name, file, first, source, find_marks(name, source, marks))


def listings() -> dict[str, Listing]:
    """The listings of every function in :data:`MARKS`, read from :class:`Network` now."""
    return {name: listing(getattr(Network, name), marks) for name, marks in MARKS.items()}
