"""GET /api/sessions/{id}/batch: the mini-batch under way, as the stream sent it.

Its examples are compared with the events the step itself answered (in per_example mode their
weights too, every bit), their running sums with a plain sum of their own gradients and with the
sums a saved run keeps (the export's ``batch``).
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.settings import Settings

from .helpers import RUN, create, export, import_


def step_events(client: TestClient, sid: str, unit: str, count: int) -> list[dict[str, Any]]:
    response = client.post(f"/api/sessions/{sid}/step", json={"unit": unit, "count": count})
    assert response.status_code == 200, response.text
    events: list[dict[str, Any]] = response.json()["events"]
    return events


def batch(client: TestClient, sid: str, detail: str | None = None) -> dict[str, Any]:
    query = f"?detail={detail}" if detail else ""
    response = client.get(f"/api/sessions/{sid}/batch{query}")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def network(client: TestClient, sid: str) -> dict[str, Any]:
    answer: dict[str, Any] = client.get(f"/api/sessions/{sid}/network").json()
    return answer


def assert_same_weights(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> None:
    """Every example's weights and biases equal, bit for bit (JSON floats round-trip exactly)."""
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        for name in ("weights", "biases"):
            for x, y in zip(a[name], b[name], strict=True):
                np.testing.assert_array_equal(np.array(x), np.array(y))


@pytest.mark.parametrize("lmbda", [0.0, 2.0])
@pytest.mark.parametrize("update", ["batch", "per_example"])
def test_the_examples_so_far_are_those_the_step_sent(
    client: TestClient, update: str, lmbda: float
) -> None:
    """Mid-mini-batch: the same events, in order, every number equal, weights included."""
    sid = create(client, RUN, update=update, batch_size=5, lmbda=lmbda)
    step_events(client, sid, "batch", 2)
    before = network(client, sid)
    sent = step_events(client, sid, "example", 2) + step_events(client, sid, "example", 1)
    answer = batch(client, sid)
    assert sent == answer["examples"]
    assert answer["state"] == client.get(f"/api/sessions/{sid}").json()["state"]
    assert [e["index"] for e in answer["examples"]] == [0, 1, 2]
    assert {e["batch"] for e in answer["examples"]} == {2}
    if update == "batch":
        assert all("weights" not in e for e in answer["examples"]) and answer["start"] is None
        return
    assert_same_weights(answer["examples"], sent)
    assert answer["start"] == {"weights": before["weights"], "biases": before["biases"]}
    last = answer["examples"][-1]  # the weights now are those after the last example
    assert (last["weights"], last["biases"]) == (
        network(client, sid)["weights"],
        network(client, sid)["biases"],
    )


def test_an_imported_per_example_run_rebuilds_the_weights_the_step_sent(
    client: TestClient,
) -> None:
    """Saved mid-mini-batch with L2 and opened again: the weights after each example, every bit."""
    sid = create(client, RUN, update="per_example", batch_size=6, lmbda=1.5, eta=2.0)
    step_events(client, sid, "batch", 1)
    sent = step_events(client, sid, "example", 4)
    copy = import_(client, export(client, sid))
    answer = batch(client, copy)
    assert_same_weights(answer["examples"], sent)
    assert answer == {**batch(client, sid), "state": answer["state"]}
    assert answer["state"]["index"] == 4


def test_the_running_sums_add_up_and_match_the_saved_run(client: TestClient) -> None:
    """Each nabla_w is the plain sum of the delta_nabla_w so far; the last one is the export's."""
    sid = create(client, RUN, batch_size=6)
    step_events(client, sid, "example", 4)
    examples = batch(client, sid)["examples"]
    for k, e in enumerate(examples):
        for layer, total in enumerate(e["nabla_w"]):
            plain = sum(np.array(x["delta_nabla_w"][layer]) for x in examples[: k + 1])
            np.testing.assert_allclose(total, plain, rtol=1e-12, atol=1e-15)
    saved = json.loads(export(client, sid))["batch"]
    assert saved["sum_k"] == 4
    for mine, theirs in zip(examples[-1]["nabla_w"], saved["nabla_w"], strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-12, atol=1e-15)


def test_an_imported_run_shows_its_mini_batch_and_goes_on_the_same(client: TestClient) -> None:
    """A run saved mid-mini-batch: the copy lists the same examples, and asking changes nothing."""
    sid = create(client, RUN, batch_size=5, lmbda=1.0)
    step_events(client, sid, "example", 3)
    copy = import_(client, export(client, sid))
    assert batch(client, copy)["examples"] == batch(client, sid)["examples"]
    # Reading the examples (and their running sums) must not change what training does next.
    assert step_events(client, copy, "batch", 1) == step_events(client, sid, "batch", 1)


def test_between_two_mini_batches_there_is_none(client: TestClient) -> None:
    sid = create(client, RUN, batch_size=4)
    assert batch(client, sid)["examples"] == []
    step_events(client, sid, "batch", 1)
    answer = batch(client, sid)
    assert answer["examples"] == []
    assert answer["state"]["index"] == 0 and answer["state"]["batch"] == 1


def test_summary_leaves_the_arrays_out(client: TestClient) -> None:
    sid = create(client, RUN, batch_size=4)
    sent = step_events(client, sid, "example", 2)
    examples = batch(client, sid, "summary")["examples"]
    assert [e["cost"] for e in examples] == [e["cost"] for e in sent]
    assert all("nabla_w" not in e and "x" not in e for e in examples)


def test_summary_sends_no_weights_in_per_example_mode(client: TestClient) -> None:
    sid = create(client, RUN, update="per_example", batch_size=4)
    step_events(client, sid, "example", 2)
    answer = batch(client, sid, "summary")
    assert answer["start"] is None and all("weights" not in e for e in answer["examples"])


def test_bad_detail_and_unknown_session(client: TestClient) -> None:
    sid = create(client, RUN)
    response = client.get(f"/api/sessions/{sid}/batch?detail=none")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "detail"]
    assert client.get("/api/sessions/nosuchsession00000000/batch").status_code == 404


class TestTooBigForFullDetail:
    @pytest.fixture
    def app_settings(self) -> Settings:
        return Settings(max_frame_floats=100)

    def test_full_detail_over_the_limit_is_a_422_naming_detail(self, client: TestClient) -> None:
        sid = create(client, RUN, batch_size=8)
        step_events(client, sid, "example", 1)  # one example fits the limit, three do not
        client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 1})
        client.post(f"/api/sessions/{sid}/step", json={"unit": "example", "count": 1})
        response = client.get(f"/api/sessions/{sid}/batch")
        assert response.status_code == 422, response.text
        error = response.json()["detail"][0]
        assert error["loc"] == ["query", "detail"] and "NABLA_MAX_FRAME_FLOATS" in error["msg"]
        assert len(batch(client, sid, "summary")["examples"]) == 3


class TestTheWeightsCountInTheLimit:
    """[2, 5, 3, 2]: 41 weights and biases, 12 neurons; an example at full detail is 2·41 + 12
    numbers, and in per_example mode 41 more for its weights, and 41 for the start."""

    @pytest.fixture
    def app_settings(self) -> Settings:
        return Settings(max_frame_floats=300)

    def test_per_example_weights_over_the_limit_are_a_422_naming_detail(
        self, client: TestClient
    ) -> None:
        plain = create(client, RUN, batch_size=8)
        step_events(client, plain, "example", 3)
        assert len(batch(client, plain)["examples"]) == 3  # 3 · 94 = 282 numbers fit
        sid = create(client, RUN, batch_size=8, update="per_example")
        step_events(client, sid, "example", 1)
        assert batch(client, sid)["start"] is not None  # 135 + 41 fit
        step_events(client, sid, "example", 1)  # each step alone fits: 135
        response = client.get(f"/api/sessions/{sid}/batch")  # 2 · 135 + 41 = 311 do not
        assert response.status_code == 422, response.text
        error = response.json()["detail"][0]
        assert error["loc"] == ["query", "detail"]
        assert "with the weights after each" in error["msg"] and "311" in error["msg"]
        assert len(batch(client, sid, "summary")["examples"]) == 2
