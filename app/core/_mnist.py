"""Read the book's ``mnist.pkl.gz`` safely: a restricted unpickler, checks and a cache.

The file is a gzipped pickle of ``(training, validation, test)``, each a pair
``(images, labels)``: images float32 ``(n, 784)`` in [0, 1], labels int ``(n,)``
in 0..9; 50,000 / 10,000 / 10,000 rows. The book wrote it with Python 2, so it
is read with ``encoding="latin1"``.

Unpickling runs code named by the file, so :class:`RestrictedUnpickler` lets
through only the few numpy callables an array needs and refuses every other
global. Any problem is a :class:`MnistFileError` with a clear message.
"""

from __future__ import annotations

import functools
import gzip
import os
import pickle
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

N_PIXELS = 784
N_DIGITS = 10


class MnistFileError(ValueError):
    """The mnist file is missing, unreadable, refused or malformed."""


class MnistArrays(NamedTuple):
    """Training and test parts, read-only: images float32 (n, 784), labels int64 (n,)."""

    train_images: NDArray[np.float32]
    train_labels: NDArray[np.int64]
    test_images: NDArray[np.float32]
    test_labels: NDArray[np.int64]


def _latin1_encode(text: str, encoding: str = "latin1") -> bytes:
    """``_codecs.encode`` as Python 3's protocol-2 pickles use it for bytes, latin1 only."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise MnistFileError(f"mnist_path: refused _codecs.encode({encoding!r}) in the pickle")
    return text.encode("latin1")


def _allowed_globals() -> dict[tuple[str, str], Any]:
    """The (module, name) pairs a pickle of numpy arrays and tuples may name."""
    try:
        from numpy._core import multiarray, numeric
    except ImportError:  # numpy < 2 without the numpy._core alias
        from numpy.core import multiarray, numeric  # type: ignore[no-redef]
    allowed: dict[tuple[str, str], Any] = {
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
        ("_codecs", "encode"): _latin1_encode,
    }
    for module in ("numpy.core", "numpy._core"):
        allowed[(f"{module}.multiarray", "_reconstruct")] = multiarray._reconstruct
        allowed[(f"{module}.multiarray", "scalar")] = multiarray.scalar
        allowed[(f"{module}.numeric", "_frombuffer")] = getattr(numeric, "_frombuffer")  # noqa: B009 (not in the stubs)
    return allowed


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that builds numpy arrays and tuples and refuses any other global."""

    _allowed = _allowed_globals()

    def find_class(self, module: str, name: str) -> Any:
        """Return an allowed numpy callable; raise :class:`MnistFileError` for anything else."""
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise MnistFileError(
                f"mnist_path: the pickle names {module}.{name}, which is not allowed "
                "(only numpy arrays and tuples are)"
            ) from None


def _unpickle(path: str) -> object:
    """The object pickled in the gzip file at ``path``, via :class:`RestrictedUnpickler`."""
    try:
        with gzip.open(path, "rb") as stream:
            return RestrictedUnpickler(stream, encoding="latin1").load()
    except MnistFileError:
        raise
    except Exception as exc:  # a corrupt file may raise almost anything
        raise MnistFileError(
            f"mnist_path: {path!r} is not a readable gzipped pickle ({type(exc).__name__}: {exc})"
        ) from exc


def _check_part(part: object, what: str) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Check one ``(images, labels)`` pair; return images float32 (n, 784), labels int64 (n,)."""
    if not isinstance(part, tuple | list) or len(part) != 2:
        raise MnistFileError(f"mnist_path: the {what} part is not a pair (images, labels)")
    images, labels = part
    if not isinstance(images, np.ndarray) or images.ndim != 2 or images.shape[1] != N_PIXELS:
        got = getattr(images, "shape", type(images).__name__)
        raise MnistFileError(f"mnist_path: {what} images must be an array (n, 784), got {got}")
    if images.dtype.kind != "f":
        raise MnistFileError(f"mnist_path: {what} images must be floats, got {images.dtype}")
    if not isinstance(labels, np.ndarray) or labels.shape != (images.shape[0],):
        got = getattr(labels, "shape", type(labels).__name__)
        raise MnistFileError(
            f"mnist_path: {what} labels must be an array ({images.shape[0]},), got {got}"
        )
    if labels.dtype.kind not in "iu":
        raise MnistFileError(f"mnist_path: {what} labels must be integers, got {labels.dtype}")
    if images.size and not (np.all(np.isfinite(images)) and 0 <= images.min() <= images.max() <= 1):
        raise MnistFileError(f"mnist_path: {what} pixels must lie in [0, 1]")
    if labels.size and not 0 <= labels.min() <= labels.max() < N_DIGITS:
        raise MnistFileError(f"mnist_path: {what} labels must lie in 0..9")
    return (
        _frozen(np.ascontiguousarray(images, dtype=np.float32)),
        _frozen(np.ascontiguousarray(labels, dtype=np.int64)),
    )


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    """``array`` made read-only (it is shared through the cache)."""
    array.flags.writeable = False
    return array


Stamp = tuple[str, int, int]


def file_stamp(path: str) -> Stamp:
    """``(absolute path, mtime_ns, size)`` of the file: the key of the cache."""
    full = os.path.abspath(path)
    try:
        stat = os.stat(full)
    except OSError as exc:
        raise MnistFileError(f"mnist_path: cannot open {path!r} ({exc.strerror})") from exc
    if not os.path.isfile(full):
        raise MnistFileError(f"mnist_path: {path!r} is not a file")
    return full, stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=1)  # ~190 MB for the real file; a changed file evicts it
def read_stamped(stamp: Stamp) -> MnistArrays:
    """Read and check the file named in ``stamp``; a changed file has a new stamp."""
    data = _unpickle(stamp[0])
    if not isinstance(data, tuple | list) or len(data) != 3:
        raise MnistFileError(
            "mnist_path: the pickle must hold (training, validation, test), "
            f"got {type(data).__name__}"
        )
    train_images, train_labels = _check_part(data[0], "training")
    _check_part(data[1], "validation")
    test_images, test_labels = _check_part(data[2], "test")
    return MnistArrays(train_images, train_labels, test_images, test_labels)


def read_mnist(path: str) -> MnistArrays:
    """The checked, read-only arrays of the mnist file at ``path``, cached per (path, mtime)."""
    return read_stamped(file_stamp(path))
