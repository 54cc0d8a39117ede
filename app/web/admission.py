"""Heavy work admitted against one memory budget and a few CPU slots, or refused saying why.

Full-detail steps, group steps, imports, predictions and landscapes each say up front
about how many bytes they will hold at their peak (:data:`BYTES_PER_FRAME_FLOAT` a number
sent at full detail, measured). A request that alone needs more than the whole budget
is a 413; one that does not fit beside the work under way waits its turn, at most
``wait`` seconds, then is a 429 with a ``Retry-After``. At most ``jobs`` run at once,
so the event loop and light requests always have a core to run on.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator

from fastapi import HTTPException

BYTES_PER_FRAME_FLOAT = 256
"""Peak bytes a REST answer at full detail holds per number it sends (events, JSON, copies)."""
BYTES_PER_IMPORT_BYTE = 16
"""Peak bytes an import holds per byte of its body (the parsed JSON's Python floats and lists)."""

MiB = 1024 * 1024


class Budget:
    """Bytes and slots held by the heavy work under way; :meth:`admit` takes and gives back."""

    def __init__(self, most_bytes: int, jobs: int, wait: float) -> None:
        self.most_bytes, self.jobs, self.wait = most_bytes, jobs, wait
        self.used, self.running = 0, 0
        self._changed: asyncio.Condition | None = None

    def _fits(self, nbytes: int) -> bool:
        return self.running < self.jobs and self.used + nbytes <= self.most_bytes

    @contextlib.asynccontextmanager
    async def admit(self, nbytes: int, what: str) -> AsyncIterator[None]:
        """Hold ``nbytes`` of the budget and a slot while the block runs; 413 or 429 if not."""
        nbytes = max(0, int(nbytes))
        if nbytes > self.most_bytes:
            raise HTTPException(
                413,
                f"{what} would hold about {math.ceil(nbytes / MiB):,} MiB, more than the "
                f"server's budget of {self.most_bytes // MiB:,} MiB (NABLA_MEMORY_BUDGET_BYTES): "
                "ask for less at a time",
            )
        if self._changed is None:
            self._changed = asyncio.Condition()
        changed = self._changed
        async with changed:
            try:
                await asyncio.wait_for(changed.wait_for(lambda: self._fits(nbytes)), self.wait)
            except TimeoutError:
                raise HTTPException(
                    429,
                    f"the server is busy with other heavy requests ({self.running} under way, "
                    f"{math.ceil(self.used / MiB):,} MiB of {self.most_bytes // MiB:,}): "
                    "try again shortly",
                    headers={"Retry-After": str(max(1, math.ceil(self.wait)))},
                ) from None
            self.used += nbytes
            self.running += 1
        try:
            yield
        finally:
            async with changed:
                self.used -= nbytes
                self.running -= 1
                changed.notify_all()
