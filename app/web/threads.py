"""Steps sent off the event loop: worker threads of their own, and the shortest trip there and back.

A play of one example a step sends one step a socket to a worker thread, 1,500 a second
under ``bench/load.py``: the trip costs more than the step's own numbers. Measured on the
project's machine (CPU per call, both threads, a function that does nothing):
``anyio.to_thread.run_sync`` (its capacity limiter, cancel scopes and run-variable
lookups) about 130 µs; ``loop.run_in_executor`` awaited with ``asyncio.wait`` about 200 µs
on a busy machine (a ``concurrent.futures.Future`` with its condition and callbacks,
chained to an asyncio future by two more callbacks, and a waiter); this module's
:func:`in_thread` half of that: the call goes into a queue, a worker runs it and hands the
result back with one ``call_soon_threadsafe``, which settles the one future the caller
awaits. So the steps of sockets and REST go through it; the rare calls (reset, predict,
imports) keep anyio's.

The hand-back wakes the loop through its self-pipe (a write by the worker, a read and a
turn of the loop): calls that end while a wake-up is already on its way ride on it
(:class:`_Returns`), so a busy loop is woken once for a batch of ended steps. Under
``bench/cost.py``'s 50 plays that cut the CPU per event by about a fifth.

A caller cancelled while its function runs waits for the function to end, then is cancelled
(as with anyio): what the caller holds meanwhile (an admission against the memory budget, a
step's place) covers the work until it is over, so a client that leaves mid-step cannot start
another beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar, TypeVarTuple

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

STEP_THREADS = 40
"""At most this many steps run at once, as anyio's default: a session's long step (in chunks of
about 50 ms) never holds up the steps of the others, which take their turns of the interpreter."""


class _Call(Generic[T]):
    """One function call sent to a worker, and how it ended."""

    __slots__ = ("args", "error", "function", "future", "loop", "over", "result", "waiter")

    def __init__(
        self, function: Callable[..., T], args: tuple[Any, ...], loop: asyncio.AbstractEventLoop
    ) -> None:
        self.function, self.args, self.loop = function, args, loop
        self.future: asyncio.Future[T] = loop.create_future()
        self.result: T | None = None
        self.error: BaseException | None = None
        self.over = False  # the function has ended and the loop knows it
        self.waiter: asyncio.Future[None] | None = None  # a cancelled caller waits on it

    def run(self) -> None:
        """In a worker: call the function, then have the call settled on its loop."""
        try:
            self.result = self.function(*self.args)
        except BaseException as e:  # handed to the caller, whatever it is
            self.error = e
        _returns_of(self.loop).put(self)

    def settle(self) -> None:
        """On the loop: the caller's future gets the result (unless the caller was cancelled)."""
        self.over = True
        if not self.future.done():
            if self.error is not None:
                self.future.set_exception(self.error)
            else:
                self.future.set_result(self.result)  # type: ignore[arg-type]
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)


class _Returns:
    """One loop's calls ended in workers and not yet settled: one wake-up of the loop for
    as many calls as end before it has run."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = weakref.ref(loop)
        self._ended: list[_Call[Any]] = []
        self._lock = threading.Lock()

    def put(self, call: _Call[Any]) -> None:
        """In a worker: ``call`` has ended; wake the loop unless a wake-up is on its way."""
        with self._lock:
            self._ended.append(call)
            if len(self._ended) > 1:
                return  # the loop settles it with the others
        loop = self._loop()
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(self._settle)

    def _settle(self) -> None:
        """On the loop: settle every call ended so far, in the order they ended."""
        with self._lock:
            ended, self._ended = self._ended, []
        for call in ended:
            call.settle()


_returns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Returns] = (
    weakref.WeakKeyDictionary()
)
_returns_lock = threading.Lock()


def _returns_of(loop: asyncio.AbstractEventLoop) -> _Returns:
    """``loop``'s :class:`_Returns` (made on first use; tests run many loops)."""
    with _returns_lock:
        if (returns := _returns.get(loop)) is None:
            returns = _returns[loop] = _Returns(loop)
        return returns


class _Workers:
    """Up to ``most`` daemon threads taking calls from one queue, started as needed."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._calls: queue.SimpleQueue[_Call[Any]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0  # threads waiting for a call that no call has been promised to
        self._threads = 0

    def submit(self, call: _Call[Any]) -> None:
        self._calls.put(call)
        with self._lock:
            if self._idle:
                self._idle -= 1  # that thread takes it
                return
            if self._threads >= self.most:
                return  # every thread is busy: the first to finish takes it
            self._threads += 1
        threading.Thread(target=self._work, name="nabla-step", daemon=True).start()

    def _work(self) -> None:
        while True:
            self._calls.get().run()
            with self._lock:
                self._idle += 1


_workers = _Workers(STEP_THREADS)


async def in_thread(function: Callable[[*Ts], T], *args: *Ts) -> T:
    """``function(*args)`` in one of the steps' worker threads; its result, or what it raised.

    Cancelled meanwhile, it still waits for the function to end, then raises CancelledError."""
    call: _Call[T] = _Call(function, args, asyncio.get_running_loop())
    _workers.submit(call)
    try:
        return await call.future
    except asyncio.CancelledError:
        while not call.over:  # the function runs on: wait for its end, through any more cancels
            call.waiter = call.loop.create_future()
            with contextlib.suppress(asyncio.CancelledError):
                await call.waiter
        raise
