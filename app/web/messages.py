"""A session's events as its sockets' messages: each encoded once per (detail, format).

A socket asks for a detail (``full``, ``summary``, ``none``) and a format (``json``
text, ``binary`` NBL1 frames, ``factored`` NBL2 frames); a step's events are encoded
once for each pair its sockets ask for, not once per socket.
"""

from __future__ import annotations

from app.core.events import Event
from app.web.factored import encode_example, encode_factored
from app.web.frames import encode_binary, encode_json, event_payload
from app.web.outbox import Key, Message


def encode(payload: dict[str, object], fmt: str) -> Message:
    """JSON text, a binary frame (NBL1) or a factored one (NBL2)."""
    if fmt == "factored":
        return encode_factored(payload)
    return encode_binary(payload) if fmt == "binary" else encode_json(payload).decode()


def encode_event(event: Event, keys: set[Key]) -> dict[Key, Message]:
    """``event`` encoded once for each (detail, format) in ``keys`` (None: that detail omits it)."""
    payloads: dict[str, dict[str, object] | None] = {}
    messages: dict[Key, Message] = {}
    for detail, fmt in keys:
        if detail == "full" and fmt == "factored" and (frame := encode_example(event)) is not None:
            messages[(detail, fmt)] = frame  # an example's frame without its payload dict
            continue
        if detail not in payloads:
            payloads[detail] = event_payload(event, detail)
        payload = payloads[detail]
        if payload is not None:
            messages[(detail, fmt)] = encode(payload, fmt)
    return messages
