"""Steps sent off the event loop: a pool of worker threads of their own, at a third of the cost.

A play of one example a step sends one step a socket event to a worker thread, 1,500 a
second under ``bench/load.py``. ``anyio.to_thread.run_sync`` (its capacity limiter, cancel
scopes and run-variable lookups) costs about 130 µs of CPU a call on the project's
machine; a plain executor's ``run_in_executor`` about 45 µs, two thirds of it on the event
loop. So the steps of sockets and REST go through :func:`in_thread`; the rare calls
(reset, predict, imports) keep anyio's.

A caller cancelled while its function runs stops waiting at once (anyio's waits for the
function); the function still runs to its end in its thread. The channels' steps are
shielded from their callers' cancellation anyway (:meth:`app.web.channel.Channel.step`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, TypeVarTuple

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

STEP_THREADS = 40
"""At most this many steps run at once, as anyio's default: a session's long step (in chunks of
about 50 ms) never holds up the steps of the others, which take their turns of the interpreter."""

_steps = ThreadPoolExecutor(max_workers=STEP_THREADS, thread_name_prefix="nabla-step")


async def in_thread(function: Callable[[*Ts], T], *args: *Ts) -> T:
    """``function(*args)`` in one of the steps' worker threads; its result, or what it raised."""
    return await asyncio.get_running_loop().run_in_executor(_steps, function, *args)
