"""Packs (``pack=1``): the binary frames waiting together sent as one WebSocket message.

The page asks for them: at hundreds of events a second, a message each cost its main thread a
task each. What a client rebuilds from the packs must be exactly what it gets frame by frame.
"""

import json
import time

import httpx
from hypothesis import given
from hypothesis import strategies as st
from websockets.sync.client import ClientConnection

from app.web.factored import decode_binary
from app.web.packs import PACK_MAGIC, pack, unpack

from .helpers import create
from .live import LIVE, stream

WORDS = st.integers(1, 40).map(lambda n: n * 8)  # factored frames are whole 8-byte words


@given(st.lists(WORDS.flatmap(lambda n: st.binary(min_size=n, max_size=n)), min_size=1))
def test_unpack_gives_back_the_frames_packed_each_8_byte_aligned(frames: list[bytes]) -> None:
    packed = pack(frames)
    assert packed[:4] == PACK_MAGIC and unpack(packed) == frames
    at = 8  # each frame's offset in the pack: a multiple of 8, so float64 reads in place
    for frame in frames:
        assert (at + 8) % 8 == 0 and packed[at + 8 : at + 8 + len(frame)] == frame
        at += 8 + len(frame)


def test_a_frame_sent_alone_unpacks_as_itself() -> None:
    frame = b"NBL2" + bytes(12)
    assert unpack(frame) == [frame]


def _events(ws: ClientConnection, seconds: float) -> tuple[list[dict[str, object]], int]:
    """The events received in ``seconds`` (packs opened) and the most frames one message held."""
    events: list[dict[str, object]] = []
    most = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            raw = ws.recv(timeout=0.2)
        except TimeoutError:
            continue
        if isinstance(raw, bytes):
            frames = unpack(raw)
            most = max(most, len(frames))
            events += [decode_binary(f) for f in frames]
    return events, most


def test_a_packing_socket_gets_every_event_a_plain_one_gets_in_order(
    live_server: str, api: httpx.Client
) -> None:
    sid = create(api, LIVE, sizes=[2, 4, 2], batch_size=10)
    summary = "?detail=summary&format=factored"
    with (
        stream(live_server, sid, summary + "&pack=1") as packed,
        stream(live_server, sid, summary) as plain,
    ):
        packed.recv(timeout=10), plain.recv(timeout=10)  # the states
        plain.send(json.dumps({"action": "play", "unit": "example", "rate": 400}))
        got, most = _events(packed, 1.5)
        plain.send(json.dumps({"action": "pause"}))
        rest, _ = _events(packed, 0.5)
        alone, _ = _events(plain, 0.5)
    seqs = [e["seq"] for e in got + rest]
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) > 100  # none lost, in order
    assert most > 1  # at 400 a second, several to a message
    assert [e["seq"] for e in alone][: len(seqs)] == seqs  # what a plain socket got
