"""Steps in worker threads (app/web/threads.py): a cancelled caller waits for its step to end."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.web.threads import _Call, in_thread


def run(main: Coroutine[Any, Any, None]) -> None:
    """``asyncio.run(main)`` in a thread of its own: this one may hold Playwright's loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, main).result()


def test_the_result_and_the_error_come_back() -> None:
    async def main() -> None:
        assert await in_thread(sum, [1, 2, 3]) == 6
        with pytest.raises(ZeroDivisionError):
            await in_thread(divmod, 1, 0)

    run(main())


def test_a_cancelled_caller_waits_for_the_step_to_end() -> None:
    """What the caller holds (a memory budget's admission) must cover the whole step: were it
    let go at the cancel, a client leaving mid-step could start another one beside it."""
    started, release = threading.Event(), threading.Event()
    ended: list[str] = []

    def step() -> str:
        started.set()
        release.wait(10)
        ended.append("step")
        return "done"

    async def caller() -> None:
        try:
            await in_thread(step)
        finally:
            ended.append("caller")

    async def main() -> None:
        task = asyncio.create_task(caller())
        await asyncio.to_thread(started.wait, 10)
        task.cancel()
        await asyncio.sleep(0.05)  # the cancel is delivered; the step still runs
        assert not task.done() and ended == []
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert ended == ["step", "caller"]

    run(main())


def test_calls_that_end_together_wake_the_loop_once() -> None:
    """Steps that end while the loop is busy are settled by one wake-up, in the order they
    ended (each wake-up is a write to the loop's self-pipe and a read of it)."""

    def check() -> None:  # in a thread of its own: no other test's loop is running there
        loop = asyncio.new_event_loop()
        wakes: list[object] = []
        wake = loop.call_soon_threadsafe

        def counted(*args: Any) -> Any:
            wakes.append(args)
            return wake(*args)

        loop.call_soon_threadsafe = counted  # type: ignore[method-assign]
        try:
            calls = [_Call(pow, (2, k), loop) for k in range(3)]
            for call in calls:  # as workers would, while the loop has not yet run
                call.run()
            settled = asyncio.gather(*(call.future for call in calls))
            assert loop.run_until_complete(settled) == [1, 2, 4]
            assert len(wakes) == 1
            later = _Call(divmod, (1, 0), loop)  # the next one wakes the loop again
            later.run()
            with pytest.raises(ZeroDivisionError):
                loop.run_until_complete(later.future)
            assert len(wakes) == 2
        finally:
            loop.close()
        _Call(pow, (2, 3), loop).run()  # a closed loop: nobody waits, nothing raised

    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            check()
        except BaseException as error:  # re-raised in the test's own thread
            errors.append(error)

    thread = threading.Thread(target=guarded)
    thread.start()
    thread.join(timeout=30)
    assert not thread.is_alive()
    if errors:
        raise errors[0]
