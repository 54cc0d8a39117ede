"""Steps in worker threads (app/web/threads.py): a cancelled caller waits for its step to end."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from app.web.threads import in_thread


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
