"""The gradient's pass over the training set and the book's timing are admitted against the
memory budget (NABLA_MEMORY_BUDGET_BYTES) like every other heavy request (issue #17, item 2)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core import gradient
from app.sessions.gradients import peak_bytes
from app.settings import Settings
from app.web.app import create_app

from .helpers import create

SMALL_BUDGET = Settings(db=":memory:", memory_budget_bytes=16 * 1024 * 1024)


MOONS = {"dataset": "moons", "n_test": 20}


def test_a_pass_bigger_than_the_budget_is_413_and_the_batch_estimate_is_not() -> None:
    with TestClient(create_app(SMALL_BUDGET)) as client:
        # 2,000 rows of [2, 1000, 2]: about 64 MB at the peak, over a 16 MiB budget
        sid = create(client, MOONS, sizes=[2, 1000, 2], n_train=2000)
        for path, field in [("gradient", "over"), ("noise", "noise")]:
            response = client.get(f"/api/sessions/{sid}/{path}")
            assert response.status_code == 413, response.text
            assert response.json()["detail"].startswith(f"{field}: a pass over the whole")
            assert "NABLA_MEMORY_BUDGET_BYTES" in response.json()["detail"]
        assert client.post(f"/api/sessions/{sid}/step", json={"unit": "example"}).is_success
        assert client.get(f"/api/sessions/{sid}/gradient", params={"over": "batch"}).is_success
        small = create(client, MOONS, sizes=[2, 4, 2], n_train=200)
        assert client.get(f"/api/sessions/{small}/gradient").status_code == 200
        assert client.app.state.budget.used == 0  # type: ignore[attr-defined]


def test_a_pass_holds_its_admission_while_it_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    entered, gate = threading.Event(), threading.Event()
    real = gradient.full_trace

    def gated(*args: Any) -> Any:
        entered.set()
        assert gate.wait(30), "the test never opened the gate"
        return real(*args)

    monkeypatch.setattr(gradient, "full_trace", gated)
    with TestClient(create_app(Settings(db=":memory:"))) as client:
        sid = create(client, MOONS, sizes=[2, 30, 2], n_train=500)
        budget = client.app.state.budget  # type: ignore[attr-defined]
        answers: list[Any] = []
        asking = threading.Thread(
            target=lambda: answers.append(client.get(f"/api/sessions/{sid}/gradient"))
        )
        asking.start()
        try:
            assert entered.wait(30)
            network = client.app.state.store.get(sid).trainer.network  # type: ignore[attr-defined]
            assert (budget.used, budget.running) == (peak_bytes(network, 500), 1)
        finally:
            gate.set()
            asking.join(30)
        assert answers[0].status_code == 200 and (budget.used, budget.running) == (0, 0)


def test_the_books_timing_of_a_big_network_is_413() -> None:
    with TestClient(create_app(SMALL_BUDGET)) as client:
        response = client.get("/api/book/speed", params={"sizes": "2-150000-2"})
        assert response.status_code == 413, response.text
        assert response.json()["detail"].startswith("sizes: this timing")
        assert client.get("/api/book/speed", params={"sizes": "2-3-2"}).status_code == 200
