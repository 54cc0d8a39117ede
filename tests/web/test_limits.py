"""Limits that hold, in process: each setting enforced, each refusal naming its limit."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.__main__ import SERVER_OPTIONS
from app.settings import WS_MAX_SIZE, Settings
from app.web.app import create_app
from app.web.limits import MessageGate, TokenBucket

from .helpers import assert_names, create, receive, until

JSON = {"content-type": "application/json"}


@pytest.fixture
def tight() -> Iterator[TestClient]:
    """An app with small limits, so each is met quickly."""
    settings = Settings(
        max_body_bytes=4096,
        max_message_bytes=2048,
        max_messages_per_second=5,
        message_burst=10,
        max_sockets_per_session=2,
        max_play_rate=100,
    )
    with TestClient(create_app(settings)) as client:
        yield client


# ---------------------------------------------------------------- REST bodies


def test_a_declared_huge_body_is_413_before_it_is_read(tight: TestClient) -> None:
    response = tight.post(
        "/api/sessions", content=b'{"eta": 1}', headers={**JSON, "content-length": "99999999"}
    )
    assert response.status_code == 413
    assert "4,096 bytes" in response.json()["detail"]


def test_a_streamed_huge_body_is_413(tight: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"sizes": ['
        for _ in range(2000):  # no content-length: chunked, counted as it comes
            yield b"2, "
        yield b"2]}"

    response = tight.post("/api/sessions", content=chunks(), headers=JSON)
    assert response.status_code == 413, response.text
    assert "request body" in response.json()["detail"]
    assert len(tight.app.state.store) == 0  # type: ignore[attr-defined]


def test_a_body_within_the_limit_is_read(tight: TestClient) -> None:
    assert tight.post("/api/sessions", json={"sizes": [2, 3, 2]}).status_code == 201


def test_a_huge_array_within_the_body_limit_is_422_naming_it(client: TestClient) -> None:
    body = {"sizes": [2] + [4] * 15_000 + [2]}  # under NABLA_MAX_JSON_BYTES
    assert_names(client.post("/api/sessions", json=body), "sizes")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"count": 1e309}', "count"),
        ('{"count": 99999999999999999999999999999999}', "count"),
        ('{"count": -99999999999999999999}', "count"),
        ('{"count": Infinity}', "count"),
        ('{"unit": ["batch"]}', "unit"),
        ('{"unit": null, "count": {}}', "unit"),
    ],
)
def test_huge_numbers_and_wrong_types_in_a_step(client: TestClient, text: str, field: str) -> None:
    sid = create(client)
    assert_names(client.post(f"/api/sessions/{sid}/step", content=text, headers=JSON), field)


def test_huge_numbers_in_a_new_session(client: TestClient) -> None:
    for text, field in (
        ('{"sizes": [2, 1e308, 2]}', "sizes"),
        ('{"sizes": [2, 99999999999999999999999, 2]}', "sizes"),
        ('{"batch_size": 1e20}', "batch_size"),
        ('{"n_train": 123456789012345678901234567890}', "n_train"),
    ):
        assert_names(client.post("/api/sessions", content=text, headers=JSON), field)


# ---------------------------------------------------------------- socket limits


def test_one_socket_too_many_is_closed_with_a_reason(tight: TestClient) -> None:
    sid = create(tight)
    url = f"/api/sessions/{sid}/stream"
    with tight.websocket_connect(url) as a, tight.websocket_connect(url) as b:
        assert receive(a)["type"] == receive(b)["type"] == "state"
        with tight.websocket_connect(url) as c:
            closed = receive(c)
            assert closed == {
                "type": "close",
                "code": 4429,
                "reason": "too many sockets on this session (at most 2)",
            }
        a.send_json({"action": "ping"})  # the two open ones go on
        assert receive(a)["type"] == "pong"
    with tight.websocket_connect(url) as again:  # a closed socket frees its place
        assert receive(again)["type"] == "state"


def test_an_oversize_message_closes_the_socket_saying_why(tight: TestClient) -> None:
    sid = create(tight)
    with tight.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_text('{"action": "ping", "pad": "' + "x" * 3000 + '"}')
        error = receive(ws)
        assert error["type"] == "error" and "message too big" in error["message"]
        closed = receive(ws)
        assert closed["type"] == "close" and closed["code"] == 1009
        assert "the limit is 2,048" in closed["reason"]
    assert tight.get(f"/api/sessions/{sid}").status_code == 200, "the session lives on"


def test_an_oversize_binary_message_is_refused_too(tight: TestClient) -> None:
    sid = create(tight)
    with tight.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_bytes(b"\x00" * 4096)
        until(ws, "close", code=1009)


def test_a_flood_of_messages_is_told_once_then_closed_1008(tight: TestClient) -> None:
    sid = create(tight)
    with tight.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        for _ in range(40):  # burst 10 let through, then 10 dropped, then the close
            ws.send_json({"action": "ping"})
        seen = until(ws, "close")
    kinds = [m["type"] for m in seen]
    assert kinds.count("pong") >= 10
    errors = [m for m in seen if m["type"] == "error"]
    assert "too many messages: at most 5 a second" in errors[0]["message"]
    assert len(errors) <= 3, "told once, and once more as it closes"
    assert seen[-1]["code"] == 1008 and "too many messages" in seen[-1]["reason"]


def test_a_burst_within_the_limit_is_answered_in_full(tight: TestClient) -> None:
    sid = create(tight)
    with tight.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        for _ in range(10):
            ws.send_json({"action": "ping"})
        assert [receive(ws)["type"] for _ in range(10)] == ["pong"] * 10


@pytest.mark.parametrize(
    ("message", "field"),
    [
        ('{"action": "step", "count": 1e400}', "count"),
        ('{"action": "step", "count": 100000000000000000000000000000}', "count"),
        ('{"action": "step", "count": -1e308}', "count"),
        ('{"action": "play", "rate": Infinity}', "rate"),
        ('{"action": "play", "rate": NaN}', "rate"),
        ('{"action": "play", "rate": 1e308}', "rate"),
        ('{"action": "play", "rate": "fast"}', "rate"),
        ('{"action": "set", "eta": -Infinity}', "eta"),
        ('{"action": "set", "batch_size": 1e30}', "batch_size"),
        ('{"action": "reset", "seed": 1e400}', "seed"),
        ('{"action": ["step"]}', "action"),
        ('{"action": "self-destruct"}', "action"),
    ],
)
def test_huge_and_non_finite_numbers_on_a_socket_name_the_field(
    client: TestClient, message: str, field: str
) -> None:
    sid = create(client)
    with client.websocket_connect(f"/api/sessions/{sid}/stream") as ws:
        receive(ws)
        ws.send_text(message)
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == field, error
        ws.send_json({"action": "ping"})
        assert receive(ws)["type"] == "pong", "the socket stays open"
    assert client.get(f"/api/sessions/{sid}").json()["state"]["seq"] == 0


def test_a_play_faster_than_the_limit_is_refused_naming_rate(tight: TestClient) -> None:
    sid = create(tight)
    with tight.websocket_connect(f"/api/sessions/{sid}/stream?detail=none") as ws:
        receive(ws)
        ws.send_json({"action": "play", "unit": "example", "rate": 101})
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == "rate"
        assert "at most 100 steps a second" in error["message"]
        ws.send_json({"action": "play", "unit": "example", "rate": 100})
        assert until(ws, "state", playing=True)[-1]["rate"] == 100
        ws.send_json({"action": "pause"})
        until(ws, "state", playing=False)


# ---------------------------------------------------------------- the pieces


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_token_bucket_refills_at_its_rate_up_to_its_burst() -> None:
    clock = Clock()
    bucket = TokenBucket(rate=4, burst=3, clock=clock)
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    clock.now = 0.5  # two tokens back
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    clock.now = 100.0  # never more than the burst
    assert sum(bucket.take() for _ in range(10)) == 3


def test_the_gate_forgives_a_pause_but_not_a_flood() -> None:
    clock = Clock()
    gate = MessageGate(Settings(max_messages_per_second=10, message_burst=3), clock)
    assert [gate.admit(10) for _ in range(3)] == [None] * 3  # the burst
    first, second = gate.admit(10), gate.admit(10)
    assert first is not None and first.tell and first.close_code is None
    assert second is not None and not second.tell and second.close_code is None
    clock.now = 2.0  # a pause: the burst is back, and the drops count from 0 again
    assert [gate.admit(10) for _ in range(3)] == [None] * 3
    again = gate.admit(10)
    assert again is not None and again.tell, "told again after the pause"
    for _ in range(20):  # 20 a second, twice the rate, with no pause: a flood
        clock.now += 0.05
        refusal = gate.admit(10)
        if refusal is not None and refusal.close_code is not None:
            break
    assert refusal is not None and refusal.close_code == 1008
    assert clock.now < 2.0 + 1.0, "closed within a second of steady flooding"
    big = gate.admit(Settings().max_message_bytes + 1)
    assert big is not None and big.close_code == 1009


def test_uvicorn_is_told_the_transport_ceiling() -> None:
    assert SERVER_OPTIONS["ws_max_size"] == WS_MAX_SIZE
    assert Settings().max_message_bytes < WS_MAX_SIZE


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("max_message_bytes", WS_MAX_SIZE + 1),
        ("max_message_bytes", 10),
        ("max_messages_per_second", 0),
        ("message_burst", 0),
        ("max_sockets_per_session", 0),
        ("max_play_rate", 0),
        ("max_body_bytes", 100),
    ],
)
def test_a_setting_out_of_range_is_refused_at_start(name: str, value: float) -> None:
    with pytest.raises(ValueError, match=name):
        Settings(**{name: value})


def test_every_limit_reads_its_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in (
        ("MAX_PLAY_RATE", "7"),
        ("MAX_MESSAGE_BYTES", "4096"),
        ("MAX_MESSAGES_PER_SECOND", "3"),
        ("MESSAGE_BURST", "4"),
        ("MAX_SOCKETS_PER_SESSION", "5"),
        ("MAX_BODY_BYTES", "65536"),
    ):
        monkeypatch.setenv(f"NABLA_{name}", value)
    settings = Settings()
    assert (settings.max_play_rate, settings.max_message_bytes) == (7, 4096)
    assert (settings.max_messages_per_second, settings.message_burst) == (3, 4)
    assert (settings.max_sockets_per_session, settings.max_body_bytes) == (5, 65536)
