"""Setting one weight or bias by hand: the checks, and the replaced layer.

``weights[layer][row][col]`` links neuron ``col`` of layer ``layer`` to
neuron ``row`` of layer ``layer + 1`` (the book's w^l_jk with j = row,
k = col); ``biases[layer][row]`` is neuron ``row``'s bias. Training replaces
parameter arrays and never changes them in place, so an edit does the same:
it copies the one layer it changes. Edits happen between mini-batches only
(:meth:`Trainer.edit`): :meth:`EditConflict.mid_batch` says why not in the middle of one.
"""

from __future__ import annotations

import math

from app.core.activations import Array
from app.core.network import Network
from app.core.records import Cursor

KINDS = ("weight", "bias")
EDIT_BOUND = 1000.0  # |value| of a weight or a bias set by hand


class EditConflict(Exception):
    """An edit asked for while a mini-batch is under way (see :meth:`Trainer.edit`)."""

    @classmethod
    def mid_batch(cls, cursor: Cursor, m: int) -> EditConflict:
        """The conflict of an edit asked for while mini-batch ``cursor.batch`` (m examples) runs."""
        c = cursor
        return cls(
            f"mini-batch {c.batch + 1} of epoch {c.epoch + 1} is under way "
            f"(example {c.index} of {m} done): finish it (step by batch) before an edit"
        )


def check_edit(
    sizes: list[int], layer: int, kind: str, row: int, col: int | None, value: float
) -> None:
    """ValueError, its message starting with the field at fault, unless the edit fits ``sizes``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    layers = len(sizes) - 1
    if not 0 <= layer < layers:
        raise ValueError(f"layer must be between 0 and {layers - 1}, got {layer}")
    if not 0 <= row < sizes[layer + 1]:
        raise ValueError(f"row must be between 0 and {sizes[layer + 1] - 1}, got {row}")
    if kind == "weight" and (col is None or not 0 <= col < sizes[layer]):
        raise ValueError(f"col must be between 0 and {sizes[layer] - 1} for a weight, got {col}")
    if kind == "bias" and col is not None:
        raise ValueError(f"col must be left out for a bias, got {col}")
    if not (math.isfinite(value) and abs(value) <= EDIT_BOUND):
        raise ValueError(f"value must be a finite number in [-{EDIT_BOUND:g}, {EDIT_BOUND:g}]")


def edited(
    params: list[Array], layer: int, row: int, col: int | None, value: float
) -> tuple[list[Array], float]:
    """A new list with layer ``layer`` copied and its entry set to ``value``; and the old value."""
    array = params[layer].copy()
    where = (row,) if col is None else (row, col)
    old = float(array[where])
    array[where] = value
    return [array if l == layer else p for l, p in enumerate(params)], old


def set_by_hand(
    network: Network, layer: int, kind: str, row: int, col: int | None, value: float
) -> float:
    """Give ``network`` new arrays with the entry :func:`check_edit` accepted set; the old value."""
    if kind == "weight":
        network.weights, old = edited(network.weights, layer, row, col, value)
    else:
        network.biases, old = edited(network.biases, layer, row, None, value)
    return old
