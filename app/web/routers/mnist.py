"""The book's MNIST file: whether the server has it, and its download in one click.

``POST /api/data/mnist`` starts the download (one, however many pages ask);
``GET /api/data/mnist`` says how far it is. Once ``ready``, ``mnist`` is in
``GET /api/datasets`` like any other data set.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status

from app.sessions.fetch import MnistFetch, Progress
from app.web.deps import SettingsDep
from app.web.protocol import MnistOut

router = APIRouter(prefix="/api/data", tags=["datasets"])


def _out(progress: Progress) -> MnistOut:
    return MnistOut(
        state=progress.state,  # type: ignore[arg-type]
        done=progress.done,
        total=progress.total,
        message=progress.message,
        source="download",
    )


def _fetch(request: Request) -> MnistFetch:
    fetch: MnistFetch = request.app.state.mnist_fetch
    return fetch


@router.get("/mnist")
def mnist_status(request: Request, settings: SettingsDep) -> MnistOut:
    """Whether the book's mnist.pkl.gz is here, or how far its download is."""
    if settings.mnist_path is not None:
        there = settings.mnist_path.is_file()
        size = settings.mnist_path.stat().st_size if there else 0
        return MnistOut(
            state="ready" if there else "failed",
            done=size,
            total=size or None,
            message="" if there else "the server's mnist file (NABLA_MNIST) is not there",
            source="server",
        )
    return _out(_fetch(request).progress())


@router.post("/mnist", status_code=status.HTTP_202_ACCEPTED)
def mnist_download(request: Request, settings: SettingsDep) -> MnistOut:
    """Start downloading the book's mnist.pkl.gz (once); its progress."""
    if settings.mnist_path is not None:
        if settings.mnist_path.is_file():
            return mnist_status(request, settings)
        raise HTTPException(
            409, "the server uses its own mnist file (NABLA_MNIST), which is not there"
        )
    return _out(_fetch(request).start())
