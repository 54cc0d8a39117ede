"""Editing a weight or a bias by hand: the event, the history, and the next gradient."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.edits import EditConflict
from app.core.events import EditEvent, ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer

from .conftest import ToyData


@pytest.mark.parametrize("mode", ["batch", "per_example"])
def test_the_next_gradient_is_taken_at_the_edited_weight(data: ToyData, mode: str) -> None:
    t = Trainer(Network([3, 5, 2], seed=4), data, batch_size=4, update=mode, seed=2)
    t.step("batch")
    before = t.network.weights[1]
    event = t.edit(1, "weight", 1, 3, 2.5)
    assert isinstance(event, EditEvent)
    assert (event.layer, event.kind, event.row, event.col) == (1, "weight", 1, 3)
    assert event.old == before[1, 3] and event.new == 2.5
    assert (event.epoch, event.batch, event.index, event.seq) == (0, 1, 0, 6)
    assert before[1, 3] == event.old  # the old array is replaced, never changed
    assert t.network.weights[1][1, 3] == 2.5
    oracle = Network([3, 5, 2], seed=4)
    oracle.weights = [w.copy() for w in t.network.weights]
    oracle.biases = [b.copy() for b in t.network.biases]
    (example,) = t.step("example")
    assert isinstance(example, ExampleEvent) and example.seq == 7
    nabla_b, nabla_w = oracle.backprop(data.x_train[example.sample], data.y_train[example.sample])
    for got, want in zip(
        example.delta_nabla_w + example.delta_nabla_b, nabla_w + nabla_b, strict=True
    ):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


def test_a_bias_edit_and_the_history_records_every_edit(data: ToyData) -> None:
    t = Trainer(Network([3, 5, 2], seed=4), data, batch_size=4)
    first = t.edit(0, "bias", 4, None, -1.25)
    second = t.edit(1, "weight", 0, 0, 0.5)
    assert t.network.biases[0][4] == -1.25 and first.col is None
    assert t.history.edits == [first, second]
    assert [first.seq, second.seq] == [1, 2]


def test_no_edit_in_the_middle_of_a_mini_batch(data: ToyData) -> None:
    t = Trainer(Network([3, 5, 2], seed=4), data, batch_size=4)
    t.step("example", 2)
    weights = t.network.weights
    with pytest.raises(EditConflict, match="example 2 of 4 done"):
        t.edit(0, "weight", 0, 0, 1.0)
    assert t.network.weights is weights and t.seq == 2 and t.history.edits == []
    t.step("example", 2)  # the update ends the mini-batch: edits are welcome again
    t.edit(0, "weight", 0, 0, 1.0)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ((2, "weight", 0, 0, 1.0), "layer"),
        ((-1, "weight", 0, 0, 1.0), "layer"),
        ((0, "weight", 5, 0, 1.0), "row"),
        ((1, "weight", 1, 5, 1.0), "col"),
        ((1, "weight", 1, None, 1.0), "col"),
        ((0, "bias", 1, 0, 1.0), "col"),
        ((0, "gain", 1, 0, 1.0), "kind"),
        ((0, "bias", 1, None, float("nan")), "value"),
        ((0, "bias", 1, None, float("inf")), "value"),
        ((0, "bias", 1, None, 1e4), "value"),
    ],
)
def test_bad_edits_name_their_field(data: ToyData, args: tuple, field: str) -> None:
    t = Trainer(Network([3, 5, 2], seed=4), data)
    with pytest.raises(ValueError, match=f"^{field} "):
        t.edit(*args)
    assert t.seq == 0 and t.history.edits == []
