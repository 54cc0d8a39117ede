"""The objects made at startup are frozen: a full garbage collection does not walk them."""

import gc

from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app


def test_a_started_app_has_frozen_the_startup_heap() -> None:
    with TestClient(create_app(Settings(db=":memory:"))) as client:
        assert client.get("/api/health").status_code == 200
        assert gc.get_freeze_count() > 10_000  # the modules, routes and schemas at least
        tracked = len(gc.get_objects())
    assert tracked < gc.get_freeze_count()  # a full collection walks fewer than were frozen
