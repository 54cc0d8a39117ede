"""A small file in the book's ``mnist.pkl.gz`` format, for tests and dry runs of the benchmarks.

``(training, validation, test)``, each ``(images float32 (n, 784) in [0, 1], labels int64 (n,))``,
pickled (protocol 2, as the book's Python 2 file) and gzipped. Each class is a blurred
stroke pattern of its own plus noise, so a [784, 30, 10] network learns it in an epoch or two.
"""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

import numpy as np


def book_parts(
    n_train: int = 500, n_valid: int = 50, n_test: int = 100, seed: int = 0
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The three ``(images, labels)`` parts of a learnable, MNIST-shaped data set."""
    rng = np.random.default_rng(seed)
    templates = (rng.uniform(0, 1, (10, 784)) < 0.15).astype(np.float32)

    def part(n: int) -> tuple[np.ndarray, np.ndarray]:
        labels = rng.integers(0, 10, n).astype(np.int64)
        noise = rng.uniform(0, 0.6, (n, 784)).astype(np.float32)
        images = np.clip(
            templates[labels] * 0.9 + noise * (rng.uniform(0, 1, (n, 784)) < 0.1), 0, 1
        )
        return images.astype(np.float32), labels

    return part(n_train), part(n_valid), part(n_test)


def write_book_file(path: Path, n_train: int = 500, n_test: int = 100, seed: int = 0) -> Path:
    """Write a book-format file at ``path`` (gzipped protocol-2 pickle); return ``path``."""
    parts = book_parts(n_train, max(10, n_test // 2), n_test, seed)
    with gzip.open(path, "wb", compresslevel=1) as stream:  # fast to write; any level reads
        pickle.dump(parts, stream, protocol=2)
    return path
