"""The objects made at startup kept out of the cyclic garbage collector's way.

A full collection walks every object the collector tracks, holding the interpreter
meanwhile; a server has about 80,000 of them once its modules, routes and schemas are
built. Full collections come every few thousand allocations while a big step makes its
events (in a worker thread), and each took 55-90 ms of CPU, a pause of every other
request, the event loop's included. :func:`freeze_startup_heap` moves what exists at
startup (nearly all of it kept for good) out of the collector's sight with
``gc.freeze()``: a full collection then walks only what was made since, 3-17 ms.
Objects frozen are still freed when nothing refers to them; only a cycle among them
would stay, and what startup makes lives as long as the process.
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_heap() -> None:
    """Collect once, then freeze every object there is; once per process (tests make many apps)."""
    global _frozen
    if _frozen:
        return
    gc.collect()
    gc.freeze()
    _frozen = True
