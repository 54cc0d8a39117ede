"""The engine's own source: the code panel shows the lines that run, read from network.py."""

from dataclasses import asdict

from fastapi import APIRouter

from app.web.protocol import CodeListing, CodeOut
from app.web.source import listings

router = APIRouter(prefix="/api", tags=["code"])

# Read once, when the app is built: a mark that drifted away from network.py fails here.
CODE = CodeOut(
    functions={name: CodeListing.model_validate(asdict(item)) for name, item in listings().items()}
)


@router.get("/code")
def code() -> CodeOut:
    """The source of update_mini_batch, update_per_example and backprop, with marked lines."""
    return CODE
