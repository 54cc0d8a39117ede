"""Bad input over REST: always a 4xx naming the field at fault, never a 500.

The ``client`` fixture re-raises any server exception, so a 500 fails these tests loudly.
"""

from types import SimpleNamespace
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from app.sessions import session as session_module
from app.sessions import store as store_module
from app.settings import Settings

from .helpers import JSON, assert_names, create, receive


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"sizes": [3, 4, 2]}, "sizes"),  # moons has 2 inputs
        ({"sizes": [2, 4, 3]}, "sizes"),  # and 2 classes
        ({"dataset": "digits", "sizes": [2, 4, 10]}, "sizes"),
        ({"sizes": [2]}, "sizes"),
        ({"sizes": [2, 0, 2]}, "sizes"),
        ({"sizes": [2, *[3] * 20, 2]}, "sizes"),  # more layers than max_layers
        ({"sizes": [2, 90_000, 90_000, 2]}, "sizes"),  # more weights than max_weights
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": -3}, "batch_size"),
        ({"batch_size": 201}, "batch_size"),  # > n_train (moons: 200 by default)
        ({"n_train": 40, "batch_size": 41}, "batch_size"),
        ({"eta": -0.5}, "eta"),  # 0 is allowed: nothing moves
        ({"eta": -1.5}, "eta"),
        ({"eta": "fast"}, "eta"),
        ({"lmbda": -1}, "lmbda"),
        ({"noise": 2}, "noise"),
        ({"dataset": "digits", "noise": 0.1}, "noise"),
        ({"n_train": 3}, "n_train"),
        ({"n_train": 10**6}, "n_train"),
        ({"n_test": 0}, "n_test"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**32}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": True}, "seed"),  # JSON true is not the number 1
        ({"batch_size": "10"}, "batch_size"),
        ({"sizes": [2, 100_000, 2], "n_train": 5000, "batch_size": 5000}, "batch_size"),
        ({"dataset": "imagenet"}, "dataset"),
        ({"dataset": "mnist"}, "dataset"),  # not offered without NABLA_MNIST
        ({"dataset": 5}, "dataset"),
        ({"activation": "softmax"}, "activation"),
        ({"cost": "hinge"}, "cost"),
        ({"init": "zeros"}, "init"),
        ({"update": "adam"}, "update"),
        ({"sizes": "2,4,2"}, "sizes"),
        ({"sizes": [2, "four", 2]}, "sizes"),
        ({"etaa": 3.0}, "etaa"),  # a typo is an error, not a silent default
    ],
)
def test_bad_session_fields(client: TestClient, body: dict[str, Any], field: str) -> None:
    assert_names(client.post("/api/sessions", json=body), field)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"eta": NaN}', "eta"),
        ('{"eta": Infinity}', "eta"),
        ('{"eta": -Infinity}', "eta"),
        ('{"eta": 1e400}', "eta"),
        ('{"lmbda": NaN}', "lmbda"),
        ('{"noise": NaN}', "noise"),
    ],
)
def test_non_finite_numbers_are_422_not_500(client: TestClient, text: str, field: str) -> None:
    assert_names(client.post("/api/sessions", content=text, headers=JSON), field)


@pytest.mark.parametrize(
    "path", ["/api/sessions", "/api/datasets", "/api/sessions/import", "/api/groups"]
)
@pytest.mark.parametrize("body", [b"\x80", b'{"rows": "\xff"}', b"\xff\xfe{}"])
def test_bodies_that_are_not_utf8_are_4xx_not_500(
    client: TestClient, path: str, body: bytes
) -> None:
    """Found by the schema fuzz: a 422 that echoed the bad bytes could not be encoded."""
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize("text", ['{"eta": ', "{'eta': 1}", "[1, 2]", '"moons"', "42", "{,}"])
def test_malformed_or_non_object_json(client: TestClient, text: str) -> None:
    assert_names(client.post("/api/sessions", content=text, headers=JSON), "body")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unit": "minibatch"}, "unit"),
        ({"detail": "everything"}, "detail"),
        ({"count": 0}, "count"),
        ({"count": "ten"}, "count"),
        ({"count": 10**6}, "count"),  # 10^6 examples > max_step_examples
        ({"unit": "epoch", "count": 1000}, "count"),  # 200,000 examples
        ({"units": "batch"}, "units"),
    ],
)
def test_bad_step_requests(client: TestClient, body: dict[str, Any], field: str) -> None:
    sid = create(client, {})
    assert_names(client.post(f"/api/sessions/{sid}/step", json=body), field)
    state = client.get(f"/api/sessions/{sid}").json()["state"]
    assert state["seq"] == 0, "a refused step does no work"


@pytest.mark.parametrize("text", ['{"count": NaN}', '{"unit": "batch"', "[]"])
def test_malformed_step_bodies(client: TestClient, text: str) -> None:
    sid = create(client, {})
    response = client.post(f"/api/sessions/{sid}/step", content=text, headers=JSON)
    assert response.status_code == 422, response.text


@pytest.mark.parametrize("body", [{"seed": -1}, {"seed": "x"}, {"seed": 2**40}, {"sed": 1}])
def test_bad_resets(client: TestClient, body: dict[str, Any]) -> None:
    sid = create(client, {})
    response = client.post(f"/api/sessions/{sid}/reset", json=body)
    assert response.status_code == 422, response.text
    assert "se" in str(response.json()["detail"])


@pytest.mark.parametrize("resolution", ["1", "201", "ten", "-5", "2.5"])
def test_bad_predict_resolutions(client: TestClient, resolution: str) -> None:
    sid = create(client, {})
    response = client.get(f"/api/sessions/{sid}/predict", params={"resolution": resolution})
    assert_names(response, "resolution")


@pytest.mark.parametrize("sid", ["nope", "A" * 22, "../../etc/passwd", "%00"])
def test_unknown_ids_are_404(client: TestClient, sid: str) -> None:
    assert client.get(f"/api/sessions/{sid}").status_code == 404
    assert client.post(f"/api/sessions/{sid}/step", json={}).status_code == 404


def test_a_diverged_session_refuses_to_step_until_reset(client: TestClient) -> None:
    # λ·η/n = 5·10⁹: each update multiplies the weights by about −5·10⁹, until they overflow
    sid = create(client, {}, eta=1e6, lmbda=1e6)
    response = client.post(f"/api/sessions/{sid}/step", json={"unit": "epoch", "count": 5})
    assert response.status_code == 200
    state = response.json()["state"]
    assert state["status"] == "diverged" and "eta" in state["message"]
    for body in ({}, {"unit": "batch"}, {"unit": "epoch", "detail": "none"}):
        refused = client.post(f"/api/sessions/{sid}/step", json=body)
        assert refused.status_code == 409, refused.text
        assert "reset" in refused.json()["detail"]
    # the other routes still answer, with finite numbers
    assert client.get(f"/api/sessions/{sid}/network").status_code == 200
    assert client.get(f"/api/sessions/{sid}/history").status_code == 200
    assert client.get(f"/api/sessions/{sid}/predict").status_code == 200
    assert client.post(f"/api/sessions/{sid}/reset").json()["state"]["status"] == "ready"
    assert client.post(f"/api/sessions/{sid}/step", json={}).status_code == 200


class TestLimits:
    """The server's limits, from its settings."""

    @pytest.fixture
    def app_settings(self) -> Settings:
        return Settings(max_weights=40, max_layers=4, max_step_examples=50)

    def test_max_weights(self, client: TestClient) -> None:
        create(client, {}, sizes=[2, 6, 2])  # 6·3 + 2·7 = 32 weights and biases
        response = client.post("/api/sessions", json={"sizes": [2, 8, 2]})  # 24 + 18 = 42
        assert_names(response, "sizes")
        assert "40" in response.json()["detail"][0]["msg"]

    def test_max_layers(self, client: TestClient) -> None:
        create(client, {}, sizes=[2, 2, 2, 2])
        assert_names(client.post("/api/sessions", json={"sizes": [2, 2, 2, 2, 2]}), "sizes")

    def test_max_step_examples_caps_count(self, client: TestClient) -> None:
        sid = create(client, {}, n_train=40, batch_size=10)
        step = f"/api/sessions/{sid}/step"
        assert client.post(step, json={"count": 50}).status_code == 200
        assert client.post(step, json={"unit": "batch", "count": 5}).status_code == 200
        seq = client.get(f"/api/sessions/{sid}").json()["state"]["seq"]
        assert_names(client.post(step, json={"count": 51}), "count")
        assert_names(client.post(step, json={"unit": "batch", "count": 6}), "count")
        assert_names(client.post(step, json={"unit": "epoch", "count": 2}), "count")
        assert client.get(f"/api/sessions/{sid}").json()["state"]["seq"] == seq, "no work done"


def assert_told_and_closed(ws: WebSocketTestSession, why: str) -> None:
    """The socket gets an error saying ``why``, then a close with code 4410."""
    error, close = receive(ws), receive(ws)
    assert error["type"] == "error" and why in error["message"], error
    assert (close["type"], close["code"]) == ("close", 4410) and why in close["reason"]


class TestSessionLimits:
    """At most ``max_sessions`` sessions, none idle for longer than ``session_idle_seconds``."""

    @pytest.fixture
    def clock(self, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
        """The sessions' clock, moved by hand."""
        fake = SimpleNamespace(now=1000.0)
        fake.monotonic = lambda: fake.now
        monkeypatch.setattr(store_module, "time", fake)
        monkeypatch.setattr(session_module, "time", fake)
        return fake

    @pytest.fixture
    def app_settings(self) -> Settings:
        return Settings(max_sessions=2, session_idle_seconds=60, session_evict_seconds=10)

    def test_the_least_recently_used_idle_session_is_evicted(
        self, client: TestClient, clock: SimpleNamespace
    ) -> None:
        a = create(client, {})
        with client.websocket_connect(f"/api/sessions/{a}/stream") as ws:
            receive(ws)
            clock.now += 1
            b = create(client, {})
            clock.now += 5
            full = client.post("/api/sessions", json={})  # a has a socket, b was used 5 s ago
            assert full.status_code == 429 and int(full.headers["retry-after"]) == 5
            assert "full" in full.json()["detail"]
            clock.now += 20
            c = create(client, {})  # a is in use, however long ago it was touched: b goes
            assert client.get(f"/api/sessions/{b}").status_code == 404
            assert client.get(f"/api/sessions/{a}").status_code == 200
        clock.now += 20
        assert client.post(f"/api/sessions/{c}/step", json={}).status_code == 200
        create(client, {})  # now a, its socket closed, is the least recently used
        assert client.get(f"/api/sessions/{a}").status_code == 404
        with client.websocket_connect(f"/api/sessions/{a}/stream") as gone:
            assert receive(gone)["code"] == 4404
        assert client.get(f"/api/sessions/{c}").status_code == 200

    def test_an_idle_session_expires(self, client: TestClient, clock: SimpleNamespace) -> None:
        a, b = create(client, {}), create(client, {})
        with client.websocket_connect(f"/api/sessions/{a}/stream") as ws:
            receive(ws)
            clock.now += 45
            assert client.get(f"/api/sessions/{b}").status_code == 200
            clock.now += 16  # a unused for 61 s, but its socket is open; b for 16 s
            store = client.app.state.store  # type: ignore[attr-defined]
            assert len(store) == 2
            clock.now += 61  # b idle for 61 s, with no socket: it goes; a stays
            assert client.get(f"/api/sessions/{b}").status_code == 404
            assert len(store) == 1
        clock.now += 61  # a, its socket closed, idle for 61 s
        assert client.get(f"/api/sessions/{a}").status_code == 404
