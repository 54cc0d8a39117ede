"""A reset between two steps: a step under way ends on its own run, one asked for before the
reset does not start on the new one (app/web/channel.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from app.sessions.config import Limits, RunConfig, resolve
from app.sessions.session import Session
from app.web.channel import Channel


def run(main: Coroutine[Any, Any, None]) -> None:
    """``asyncio.run(main)`` in a thread of its own: this one may hold Playwright's loop."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, main).result()


def session() -> Session:
    config = RunConfig(dataset="moons", sizes=[2, 4, 2], n_train=40, n_test=10, batch_size=5)
    return Session("s", resolve(config, Limits()), Limits())


def test_a_step_asked_for_before_a_reset_does_not_run_on_the_new_run() -> None:
    async def main() -> None:
        channel = Channel(session())
        asked = asyncio.ensure_future(channel.step("example", 3))  # not started yet
        await channel.reset(None)  # the reset comes first
        await asked
        assert channel.session.state().seq == 0  # the new run: untouched

    run(main())


def test_a_step_under_way_ends_before_the_reset() -> None:
    async def main() -> None:
        channel = Channel(session())
        asked = asyncio.ensure_future(channel.step("example", 3))
        while not channel._stepping.locked():  # until the step has begun: it holds the channel
            await asyncio.sleep(0)
        await channel.reset(None)
        await asked
        state = channel.session.state()
        assert state.seq == 0 and state.index == 0  # it ended first, then the reset

    run(main())
