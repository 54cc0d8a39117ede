"""Fixtures of the web tests that talk to the live server."""

import threading
from collections.abc import Iterator

import httpx
import pytest

from app.web.steps import run_chunk


@pytest.fixture
def api(live_server: str) -> Iterator[httpx.Client]:
    """An HTTP client on the live server's base URL."""
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The live server's streamed steps wait at their second chunk until the gate opens."""
    opened = threading.Event()

    def gated(*args: object, **kwargs: object) -> object:
        assert opened.wait(timeout=60), "the test never opened the gate"
        return run_chunk(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("app.web.streamed.run_chunk", gated)
    yield opened
    opened.set()
