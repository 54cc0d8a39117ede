"""Liveness probe."""

from fastapi import APIRouter, Request

from app import __version__
from app.web.protocol import Health

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", response_model_exclude_none=True)
async def health(request: Request) -> Health:
    """Report that the server is up, with its version; degraded, and why, if it lost data.

    An ``async def``, answered on the event loop: a plain ``def`` would go to a worker
    thread and back, two more turns of the interpreter to wait for while a long step
    runs in another thread, and the probe is asked exactly when the server is busiest.
    """
    problem: str | None = request.app.state.db_problem
    if problem:
        return Health(status="degraded", version=__version__, problems=[problem])
    return Health(status="ok", version=__version__)
