"""Training gone wrong without overflowing: said in a learner's words, with what to try.

Overflow stops training (:meth:`app.core.sgd.Trainer._diverge`). Two other ways a run goes
wrong leave every number finite, and the charts merely flat:

- **the same output for every input**: a learning rate too large takes the first updates so
  far that the neurons saturate (σ and tanh pinned at their limits, where σ′ ≈ 0) or die (a
  ReLU layer that outputs 0 for every input); the gradients vanish and nothing changes again.
  Seen as the training outputs ``a`` (shape ``(n, sizes[-1])``) hardly varying across the
  examples: in every output, the standard deviation over the n rows is below ``SAME_OUTPUT``
  (a network that learns shows 0.1 or more; a saturated one 1e-8 or less).
- **huge weights**: some ``|w|`` above ``HUGE_WEIGHT`` (a network that learns keeps them
  within a few tens).
"""

from __future__ import annotations

import numpy as np

from app.core.activations import Array

SAME_OUTPUT = 1e-4
HUGE_WEIGHT = 1e4

_WHY = {
    "relu": "every neuron of a hidden layer now outputs 0 for every input, "
    "so no gradient flows back",
    "sigmoid": "the neurons are saturated: pinned at 0 or 1, where the slope σ′(z) is almost 0, "
    "so the gradients have all but vanished",
    "tanh": "the neurons are saturated: pinned at −1 or 1, where the slope tanh′(z) is almost 0, "
    "so the gradients have all but vanished",
}


def trouble(outputs: Array, weights: list[Array], activation: str, eta: float) -> str:
    """What went wrong with the network whose training-set outputs are ``outputs``, or "".

    ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``; ``eta`` is the learning rate in force.
    """
    largest = max(float(np.max(np.abs(w))) for w in weights)
    try_eta = f"Try a smaller η (say {eta / 100:g}) and press Reset."
    if eta > 0 and len(outputs) > 1 and float(np.max(np.std(outputs, axis=0))) < SAME_OUTPUT:
        why = _WHY.get(activation, "the gradients have all but vanished")
        return (
            "Learning has stopped: the network gives every input the same output, so accuracy "
            f"cannot change. The first updates, with η = {eta:g}, were so large that {why}. "
            + try_eta
        )
    if eta > 0 and largest > HUGE_WEIGHT:
        return (
            f"The weights have grown huge (up to {largest:.1e}): with η = {eta:g} each update "
            "overshoots, and the cost landscape is too steep to draw. " + try_eta
        )
    return ""
