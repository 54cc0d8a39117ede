"""Liveness probe."""

from fastapi import APIRouter, Request

from app import __version__
from app.web.protocol import Health

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", response_model_exclude_none=True)
def health(request: Request) -> Health:
    """Report that the server is up, with its version; degraded, and why, if it lost data."""
    problem: str | None = request.app.state.db_problem
    if problem:
        return Health(status="degraded", version=__version__, problems=[problem])
    return Health(status="ok", version=__version__)
