"""A data set: its arrays (:class:`Dataset`), its catalogue entry (:class:`DatasetInfo`), its error.

Every array of a loaded :class:`Dataset` is float64 and read-only (a dataset may
be shared between sessions): inputs ``(n, n_inputs)``, one-hot targets
``(n, n_classes)``. Any bad argument raises :class:`DatasetError`, whose message
names the parameter at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
_A = TypeVar("_A", bound=np.ndarray[Any, Any])


class DatasetError(ValueError):
    """A data set cannot be listed or loaded: unknown name, bad parameter or bad file."""


@dataclass(frozen=True)
class Dataset:
    """Inputs ``x_*`` float64 ``(n, n_inputs)`` and one-hot targets ``y_*`` ``(n, n_classes)``."""

    name: str
    description: str
    x_train: FloatArray
    y_train: FloatArray
    x_test: FloatArray
    y_test: FloatArray
    kind: str
    image_shape: tuple[int, int] | None
    input_range: tuple[float, float]
    class_names: tuple[str, ...]

    def __post_init__(self) -> None:
        """Check that the four arrays fit together."""
        for x, y, part in (
            (self.x_train, self.y_train, "train"),
            (self.x_test, self.y_test, "test"),
        ):
            if x.ndim != 2 or y.ndim != 2 or len(x) != len(y):
                raise DatasetError(f"x_{part} {x.shape} and y_{part} {y.shape} do not match")
        if self.x_train.shape[1] != self.x_test.shape[1] or self.n_classes != self.y_test.shape[1]:
            raise DatasetError("the train and test arrays have different widths")

    @property
    def n_inputs(self) -> int:
        """Inputs per example (the network's ``sizes[0]``)."""
        return int(self.x_train.shape[1])

    @property
    def n_classes(self) -> int:
        """Classes, i.e. outputs (the network's ``sizes[-1]``)."""
        return int(self.y_train.shape[1])

    @property
    def n_train(self) -> int:
        """Training examples."""
        return int(self.x_train.shape[0])

    @property
    def n_test(self) -> int:
        """Test examples."""
        return int(self.x_test.shape[0])

    @property
    def labels_train(self) -> IntArray:
        """Class of each training example, int64 ``(n_train,)``."""
        return np.asarray(np.argmax(self.y_train, axis=1), dtype=np.int64)

    @property
    def labels_test(self) -> IntArray:
        """Class of each test example, int64 ``(n_test,)``."""
        return np.asarray(np.argmax(self.y_test, axis=1), dtype=np.int64)


@dataclass(frozen=True)
class DatasetInfo:
    """What the catalogue tells about a data set without loading it."""

    name: str
    description: str
    n_inputs: int
    n_classes: int
    kind: str
    default_sizes: tuple[int, ...]
    default_n_train: int
    default_n_test: int
    max_n_train: int
    max_n_test: int
    has_noise: bool


class Look(NamedTuple):
    """The fields of a Dataset that say how to show it."""

    kind: str
    image_shape: tuple[int, int] | None
    input_range: tuple[float, float]
    class_names: tuple[str, ...]


Pair = tuple[int, int]


def make_info(
    name: str, about: str, sizes: tuple[int, ...], defaults: Pair, maxes: Pair
) -> DatasetInfo:
    """A catalogue entry; ``defaults`` and ``maxes`` are (n_train, n_test) pairs."""
    kind = "points" if sizes[0] == 2 else "image"
    return DatasetInfo(
        name, about, sizes[0], sizes[-1], kind, sizes, *defaults, *maxes, kind == "points"
    )


def frozen(array: _A) -> _A:
    """``array``, made read-only."""
    array.flags.writeable = False
    return array


def make_dataset(name: str, about: str, look: Look, *parts: NDArray[Any]) -> Dataset:
    """A Dataset of ``parts``: train inputs (n, d), train labels (n,), test inputs, test labels."""
    eye = np.eye(len(look.class_names))
    x_train, y_train, x_test, y_test = (
        frozen(eye[part] if part.ndim == 1 else np.asarray(part, dtype=np.float64))
        for part in parts
    )
    return Dataset(name, about, x_train, y_train, x_test, y_test, *look)
