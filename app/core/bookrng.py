"""The book's own randomness, so that a run gives network.py's numbers from the same seed.

``rng="book"`` draws what network.py draws and in the same order:

* ``Network.__init__`` after ``np.random.seed(seed)``: every bias column
  ``np.random.randn(y, 1)`` for ``y in sizes[1:]``, then every weight matrix
  ``np.random.randn(y, x)`` for ``x, y in zip(sizes[:-1], sizes[1:])``
  (network2.py's ``default_weight_initializer`` divides each by ``np.sqrt(x)``;
  its ``large_weight_initializer`` is network.py's);
* ``SGD`` after ``random.seed(seed)``: ``random.shuffle(training_data)`` at the
  start of every epoch, on the list the previous epoch left shuffled, the first
  time on the training data in the file's order.

``np.random.seed(seed)`` seeds numpy's global ``RandomState``, so a private
``RandomState(seed)`` draws the same numbers; ``random.Random(seed)`` is what
``random.seed(seed)`` makes of the global generator. Python 3's shuffle: network.py
run under Python 2 shuffles differently.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from app.core.activations import Array

IntArray = NDArray[np.int64]

RNGS = ("numpy", "book")
"""``numpy``: Nabla's own generator (``default_rng``); ``book``: network.py's, as above."""


def book_parameters(
    sizes: Sequence[int], seed: int, scaled: bool
) -> tuple[list[Array], list[Array]]:
    """``(biases, weights)`` as network.py draws them after ``np.random.seed(seed)``.

    ``biases[l]`` has shape ``(sizes[l+1],)`` (the book's column, flattened: the same
    numbers), ``weights[l]`` shape ``(sizes[l+1], sizes[l])``; ``scaled`` divides each
    weight matrix by ``sqrt(sizes[l])`` as network2.py's default initialiser does.
    """
    state = np.random.RandomState(seed)
    biases = [state.randn(y, 1)[:, 0] for y in sizes[1:]]
    weights = [
        state.randn(y, x) / (np.sqrt(x) if scaled else 1.0) for x, y in itertools.pairwise(sizes)
    ]
    return biases, weights


class BookShuffle:
    """The order of the training rows in each epoch, as ``random.shuffle`` leaves the list.

    Each epoch shuffles the previous epoch's order again (the book shuffles its
    list in place), so epoch ``e`` costs ``e + 1`` shuffles from the seed; the
    latest order is kept, so going on epoch by epoch costs one shuffle each.
    """

    def __init__(self, seed: int, n: int) -> None:
        self.seed, self.n = seed, n
        self._restart()

    def _restart(self) -> None:
        self._random = random.Random(self.seed)
        self._rows = list(range(self.n))
        self._epoch = -1

    def order(self, epoch: int) -> IntArray:
        """The rows of the training data in epoch ``epoch`` (0 first), int64 ``(n,)``."""
        if epoch < self._epoch:
            self._restart()
        while self._epoch < epoch:
            self._random.shuffle(self._rows)
            self._epoch += 1
        return np.array(self._rows, dtype=np.int64)
