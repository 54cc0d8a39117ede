"""A client that says what it has handled (``seen``) is never played far ahead of it.

The page acknowledges the messages it has handled; the play loop then runs at most
``AHEAD`` steps ahead (app/web/outbox.py), so a pause answers at once instead of after a
queue of events, and a slow page is never buried under them.
"""

import itertools
import json
import time

import httpx

from app.web.outbox import AHEAD

from .helpers import EVENTS, create
from .live import LIVE, events_until_quiet, paused, receive, stream, until


def test_play_waits_for_a_client_that_has_handled_nothing(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    with stream(live_server, sid) as ws:
        receive(ws)  # the state
        ws.send(json.dumps({"action": "seen", "count": 1}))
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": 50}))
        got = events_until_quiet(ws)
        events = [m for m in got if m["type"] in EVENTS]
        # about AHEAD messages (the play's state among them), then it waits; its last step
        # before the wait may take up to a quarter of AHEAD examples at once (a play that fell
        # behind its rate catches up), with their update and epoch events
        most = AHEAD + AHEAD // 4 + 2
        assert AHEAD - 2 <= len(events) <= most, [m["type"] for m in got]
        # what it handled, said: play goes on, as far again
        ws.send(json.dumps({"action": "seen", "count": 1 + len(got)}))
        more = [m for m in events_until_quiet(ws) if m["type"] in EVENTS]
        assert len(more) > 0 and len(events) + len(more) <= 2 * most
        ws.send(json.dumps({"action": "pause"}))
        until(ws, paused)


def test_a_client_that_keeps_up_plays_on_and_pauses_at_once(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    with stream(live_server, sid) as ws:
        handled = 1
        receive(ws)
        ws.send(json.dumps({"action": "seen", "count": handled}))
        ws.send(json.dumps({"action": "play", "unit": "example", "rate": None}))
        events, started, said = 0, time.monotonic(), 0.0
        while time.monotonic() - started < 1.0:
            try:
                message = receive(ws, timeout=0.05)
                handled += 1
                events += message["type"] in EVENTS
            except TimeoutError:  # all handled: say so (the page does, 50 ms after a message)
                said = 0.0
            if time.monotonic() - said > 0.05:  # as the page does: 20 a second at most
                said = time.monotonic()
                ws.send(json.dumps({"action": "seen", "count": handled}))
        assert events > 50
        ws.send(json.dumps({"action": "pause"}))
        after = until(ws, paused)
        # no queue to drain: what was in flight, a few steps at most
        assert len([m for m in after if m["type"] in EVENTS]) < 200


def test_a_bad_seen_names_its_field(live_server: str, api: httpx.Client) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2])
    with stream(live_server, sid) as ws:
        receive(ws)
        ws.send(json.dumps({"action": "seen", "count": -1}))
        error = receive(ws)
        assert error["type"] == "error" and error["field"] == "count", error


def test_a_play_by_epoch_keeps_its_rate_for_a_client_that_says_what_it_handled(
    live_server: str, api: httpx.Client
) -> None:
    """An epoch is more messages than a client may have in hand (AHEAD), so the play waits
    for it after every epoch; once it has caught up, the next epoch still waits for its time.
    (The play used to start its rate over after such a wait and step at once: at "1 epoch a
    second" the page got six.)"""
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)  # 200 examples: 221 events an epoch
    with stream(live_server, sid) as ws:
        handled = 1
        receive(ws)
        ws.send(json.dumps({"action": "seen", "count": handled}))
        ws.send(json.dumps({"action": "play", "unit": "epoch", "rate": 2}))
        epochs: list[float] = []
        started = time.monotonic()
        while time.monotonic() - started < 2.6:
            try:
                message = receive(ws, timeout=0.05)
            except TimeoutError:
                continue
            handled += 1
            if message["type"] == "epoch":
                epochs.append(time.monotonic())
            ws.send(json.dumps({"action": "seen", "count": handled}))  # keeps up at once
        ws.send(json.dumps({"action": "pause"}))
        until(ws, paused)
    # at 2 a second: the first at once, then one each 0.5 s (4 to 6 in 2.6 s, never 7 or more)
    assert 3 <= len(epochs) <= 6, len(epochs)
    gaps = [b - a for a, b in itertools.pairwise(epochs)]
    assert min(gaps) > 0.3, gaps
