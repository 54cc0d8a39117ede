"""Fixtures of the web tests that talk to the live server."""

from collections.abc import Iterator

import httpx
import pytest


@pytest.fixture
def api(live_server: str) -> Iterator[httpx.Client]:
    """An HTTP client on the live server's base URL."""
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client
