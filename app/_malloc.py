"""Keep freed numpy buffers in the process instead of handing them back to the kernel.

Every gradient frame of a [784, 30, 10] network is two fresh arrays of 188 KB.
glibc serves blocks that large with mmap, or trims them off the top of the
heap when freed, so each new frame pays for page faults on memory it just
gave back: measured here, that halves the speed of building frames. Raising
glibc's mmap and trim thresholds lets the heap keep and reuse those blocks;
the process then holds its peak heap, not more.

Only glibc has ``mallopt``; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_TRIM_THRESHOLD = -1
M_TOP_PAD = -2
M_MMAP_THRESHOLD = -3
SETTINGS = {
    M_MMAP_THRESHOLD: 32 * 1024 * 1024,  # glibc's own dynamic threshold stops at 32 MiB
    M_TRIM_THRESHOLD: 256 * 1024 * 1024,
    M_TOP_PAD: 16 * 1024 * 1024,
}


def keep_freed_memory() -> bool:
    """Set glibc's thresholds (see the module docstring); False where there is no mallopt."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt if name else None
    except (OSError, AttributeError):
        return False
    if mallopt is None:
        return False
    return all(mallopt(option, value) == 1 for option, value in SETTINGS.items())
