"""Shared test setup: hypothesis profiles and an app client."""

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings

from app.settings import Settings
from app.web.app import create_app

# No deadlines: a 2-core machine under load makes timings flaky. On CI the examples are
# derandomized, so a run there is reproducible; locally they vary from run to run.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def app_settings() -> Settings:
    """Default settings, as the environment gives them."""
    return Settings()


@pytest.fixture
def client(app_settings: Settings) -> Iterator[TestClient]:
    """A TestClient on a fresh app built from ``app_settings`` (override that to vary it)."""
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client
