"""The page's factored frames (NBL2) in a real Chromium.

The page's own socket asks for ``format=factored``; its decoder (static/js/frames.js) rebuilds
each example's gradients from the factors, adding one product to the kept sums when the frame
follows the last one, from scratch otherwise: both the numbers the server's Python rebuild
gives, bit for bit. The trace download holds the JSON socket's numbers.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from playwright.sync_api import Page, WebSocket
from websockets.sync.client import connect

from app.core.events import ExampleEvent
from app.core.network import Network
from app.core.trainer import Trainer
from app.web.factored import FactoredEncoder, decode_frame
from app.web.frames import GRADIENTS
from app.web.packs import unpack

from .helpers import download, open_page, wait_settled

pytestmark = pytest.mark.browser

QUERY = "?dataset=xor&sizes=2-3-2&eta=2.5&batch_size=4&n_train=40&seed=7"
DECODE = """async ([frames, order, names]) => {
  const { decodeFrame } = await import("/static/js/frames.js");
  const buffer = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)).buffer;
  const plain = (a) => (ArrayBuffer.isView(a) ? Array.from(a) : a.map(plain));
  const cache = {};
  return order.map((i) => {
    const e = decodeFrame(buffer(frames[i]), cache);
    return Object.fromEntries(names.map((name) => [name, plain(e[name])]));
  });
}"""


class Data:
    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.x_train = self.x_test = rng.uniform(0, 1, (12, 5))
        self.y_train = self.y_test = np.eye(3)[rng.integers(0, 3, 12)]


def example_frames(seed: int, update: str) -> list[bytes]:
    """The factored frames of one mini-batch of six examples of a [5, 4, 3] network."""
    trainer = Trainer(Network([5, 4, 3], seed=seed), Data(seed), batch_size=6, update=update)
    encoder = FactoredEncoder()  # one per session, as a channel keeps it
    return [encoder.example(e) for e in trainer.step("batch") if isinstance(e, ExampleEvent)]


def js_decode(page: Page, frames: list[bytes], order: list[int]) -> list[dict[str, Any]]:
    """The page's decoder fed ``frames[i]`` for i in ``order``, one cache for them all."""
    texts = [base64.b64encode(f).decode() for f in frames]
    decoded: list[dict[str, Any]] = page.evaluate(DECODE, [texts, order, GRADIENTS])
    return decoded


def assert_same_bits(got: dict[str, Any], frame: bytes, case: str) -> None:
    want = decode_frame(frame)
    for name in GRADIENTS:
        for g, w in zip(got[name], want[name], strict=True):
            g = np.asarray(g, dtype=np.float64)
            assert g.shape == w.shape and g.tobytes() == w.tobytes(), (case, name)


def test_the_decoder_rebuilds_in_order_after_a_gap_and_across_runs(
    page: Page, live_server: str, page_errors: list[str]
) -> None:
    open_page(page, live_server, QUERY)
    frames = example_frames(1, "batch")
    other = example_frames(2, "per_example")  # same (epoch, batch, index), other numbers
    every = frames + other
    n = len(frames)
    cases = {
        "in order": list(range(n)),
        "frame 2 skipped": [0, 1, 3, 4, 5],
        "from another run": [n + 0, n + 1, 2, 3, n + 4],
    }
    for case, order in cases.items():
        for got, i in zip(js_decode(page, every, order), order, strict=True):
            assert_same_bits(got, every[i], case)
    assert page_errors == []


def test_the_page_streams_factored_frames_and_traces_the_json_numbers(
    page: Page, live_server: str, page_errors: list[str], screenshots_dir: Path
) -> None:
    urls: list[str] = []
    magics: list[bytes] = []

    def watch(ws: WebSocket) -> None:
        urls.append(ws.url)
        ws.on("framereceived", received)

    def received(payload: str | bytes) -> None:
        if isinstance(payload, bytes):  # a frame, or a pack of them (the page asks: pack=1)
            magics.extend(frame[:4] for frame in unpack(payload))

    page.on("websocket", watch)
    sid = open_page(page, live_server, QUERY)
    assert any("format=factored" in url for url in urls)
    url = live_server.replace("http://", "ws://") + f"/api/sessions/{sid}/stream?format=json"
    with connect(url, max_size=None) as ws:
        assert json.loads(ws.recv(timeout=10))["type"] == "state"
        for seq in range(1, 4):
            page.click("[data-act='step-example']")
            wait_settled(page, seq)
        events: list[dict[str, Any]] = []
        while len(events) < 3:
            message = json.loads(ws.recv(timeout=10))
            events += [message] if message["type"] == "example" else []
    assert magics == [b"NBL2"] * 3
    _, text = download(page, "json")
    trace = json.loads(text)["examples"]
    assert [e["seq"] for e in trace] == [e["seq"] for e in events] == [1, 2, 3]
    for k, (mine, event) in enumerate(zip(trace, events, strict=True)):
        for key in ("x", "y", "output", "delta_nabla_b", "delta_nabla_w"):
            assert mine[key] == event[key], key  # float64: every digit
        for key in ("nabla_b", "nabla_w"):  # added in another order: to 1e-12 of Σ|terms|
            for l, (got, want) in enumerate(zip(mine[key], event[key], strict=True)):
                terms = [np.abs(e[f"delta_{key}"][l]) for e in trace[: k + 1]]
                bound = 1e-12 * np.sum(terms, axis=0)
                assert np.all(np.abs(np.subtract(got, want)) <= bound), (k, key, l)
    page.screenshot(path=screenshots_dir / "factored-three-examples.png", full_page=True)
    assert page_errors == []
