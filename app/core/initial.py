"""Given initial weights and biases: network.py's own, brought in to start a run from them.

As the book holds them: ``weights[l]`` of shape ``(sizes[l+1], sizes[l])`` and ``biases[l]``
a column ``(sizes[l+1], 1)`` (a flat ``(sizes[l+1],)`` is taken too), as nested lists
(JSON) or in an ``.npz`` file as ``np.savez(f, *net.weights, *net.biases)`` writes it
(``arr_0`` … the weights, then the biases). Anything else is a :class:`ParamsError`
naming the array at fault.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import numpy as np

from app.core.activations import Array


class ParamsError(ValueError):
    """Given parameters that do not fit the network; ``field`` names the array."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def check_parameters(
    sizes: Sequence[int], weights: Sequence[object], biases: Sequence[object]
) -> tuple[list[Array], list[Array]]:
    """``(weights, biases)`` as float64 arrays of the network's shapes (biases flat)."""
    layers = len(sizes) - 1
    if len(weights) != layers or len(biases) != layers:
        raise ParamsError(
            "weights",
            f"[{', '.join(map(str, sizes))}] needs {layers} weight matrices and "
            f"{layers} bias vectors, got {len(weights)} and {len(biases)}",
        )
    out_w, out_b = [], []
    for l in range(layers):
        n_in, n_out = sizes[l], sizes[l + 1]
        w = _array(f"weights[{l}]", weights[l])
        b = _array(f"biases[{l}]", biases[l])
        if w.shape != (n_out, n_in):
            raise ParamsError(f"weights[{l}]", f"must have shape ({n_out}, {n_in}), got {w.shape}")
        if b.shape not in ((n_out,), (n_out, 1)):
            raise ParamsError(f"biases[{l}]", f"must have shape ({n_out}, 1), got {b.shape}")
        out_w.append(w)
        out_b.append(b.reshape(n_out).copy())
    return out_w, out_b


def _array(field: str, value: object) -> Array:
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ParamsError(field, f"must be numbers in rows of one length ({e})") from None
    if not np.all(np.isfinite(array)):
        raise ParamsError(field, "must be finite numbers")
    return array


def read_npz(body: bytes, sizes: Sequence[int]) -> tuple[list[Array], list[Array]]:
    """The parameters of an ``np.savez(f, *weights, *biases)`` file (no pickles read)."""
    layers = len(sizes) - 1
    try:
        with np.load(io.BytesIO(body), allow_pickle=False) as npz:
            names = [f"arr_{i}" for i in range(2 * layers)]
            if sorted(npz.files) != sorted(names):
                raise ParamsError(
                    "file",
                    f"expected arrays {', '.join(names)} (np.savez(f, *net.weights, "
                    f"*net.biases)), got {', '.join(sorted(npz.files)) or 'none'}",
                )
            arrays = [npz[name] for name in names]
    except ParamsError:
        raise
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise ParamsError("file", f"is not an .npz file of arrays ({e})") from None
    return check_parameters(sizes, arrays[:layers], arrays[layers:])
