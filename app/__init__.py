"""Nabla: watch mini-batch SGD sum each example's gradient into one update.

Importing this package pins numpy's BLAS to one thread per process, so it must happen before
numpy is first imported (``python -m app`` and the ``nabla`` script import it first). The
network's matrices are tiny ([784, 30, 10], mini-batches of 10): a second BLAS thread brings no
speed, only jitter on a busy 2-core machine (medians up to 8x slower were measured). These are
defaults: a variable already set in the environment wins. It also lets the heap keep freed
buffers (see :mod:`app._malloc`), which doubles the speed of building gradient frames.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from importlib.metadata import PackageNotFoundError, version  # noqa: E402

from app._malloc import keep_freed_memory  # noqa: E402

keep_freed_memory()

try:
    __version__ = version("nabla")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
