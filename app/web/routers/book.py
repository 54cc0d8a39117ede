"""The book beside Nabla: its experiments as presets, and its loop's speed on this server.

``GET /api/book`` lists the presets with the book's figure for each; ``GET /api/book/speed``
times network.py's per-example loop for a network, once, so the page can set each epoch's
time beside it.
"""

from __future__ import annotations

import itertools
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool

from app.sessions.calibrate import BYTES_PER_WEIGHT, book_seconds_per_example, known
from app.sessions.presets import PRESETS, WHY_IT_DIFFERS
from app.web.deps import BudgetDep, SettingsDep
from app.web.frames import config_payload
from app.web.protocol import BookSpeedOut, CostName, PresetOut, PresetsOut

router = APIRouter(prefix="/api", tags=["book"])


@router.get("/book")
def book_presets() -> PresetsOut:
    """The book's MNIST experiments: each run's config, epochs, and the book's figure."""
    presets = [
        PresetOut(
            id=p.id,
            chapter=p.chapter,
            title=p.title,
            config=config_payload(p.config),  # type: ignore[arg-type]
            epochs=p.epochs,
            figure=p.figure,
            quote=p.quote,
            source=p.source,
        )
        for p in PRESETS
    ]
    return PresetsOut(presets=presets, why_it_differs=WHY_IT_DIFFERS)


def _bad_sizes(message: str) -> HTTPException:
    """A 422 in FastAPI's error format, naming the query's ``sizes``."""
    error = {"loc": ["query", "sizes"], "msg": f"sizes: {message}", "type": "value_error"}
    return HTTPException(422, [error])


@router.get("/book/speed")
async def book_speed(
    settings: SettingsDep,
    budget: BudgetDep,
    sizes: Annotated[str, Query(max_length=200, description="784-30-10")],
    cost: Annotated[CostName, Query()] = "quadratic",
) -> BookSpeedOut:
    """The book's per-example loop for this network, timed on this server (cached)."""
    try:
        layers = tuple(int(s) for s in sizes.split("-"))
    except ValueError:
        raise _bad_sizes("whole numbers joined by -, as 784-30-10") from None
    if not 2 <= len(layers) <= settings.max_layers or min(layers) < 1:
        raise _bad_sizes(f"2 to {settings.max_layers} layers of at least 1 neuron")
    weights = sum(n_out * (n_in + 1) for n_in, n_out in itertools.pairwise(layers))
    if weights > settings.max_weights:
        raise _bad_sizes(f"at most {settings.max_weights:,} weights and biases, not {weights:,}")
    speed = known(layers, cost)
    if speed is None:  # a quarter of a second of CPU, and memory for the network's gradients
        async with budget.admit(BYTES_PER_WEIGHT * weights, "sizes: this timing"):
            speed = await run_in_threadpool(book_seconds_per_example, layers, cost)
    return BookSpeedOut(
        sizes=list(layers),
        cost=cost,
        seconds_per_example=speed.seconds_per_example,
        examples=speed.examples,
        load=speed.load,
    )
