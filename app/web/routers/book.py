"""``GET /api/book``: the book's experiments as presets, with the book's figure for each."""

from __future__ import annotations

from fastapi import APIRouter

from app.sessions.presets import PRESETS, WHY_IT_DIFFERS
from app.web.frames import config_payload
from app.web.protocol import PresetOut, PresetsOut

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
