"""Liveness probe."""

from fastapi import APIRouter

from app import __version__
from app.web.protocol import Health

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health")
def health() -> Health:
    """Report that the server is up, with its version."""
    return Health(status="ok", version=__version__)
