"""A session's events as its sockets' messages: each encoded once per (detail, format).

A socket asks for a detail (``full``, ``summary``, ``none``) and a format (``json``
text or ``factored`` NBL2 frames); a step's events are encoded once for each pair
its sockets ask for, not once per socket.
"""

from __future__ import annotations

from app.core.events import Event, ExampleEvent
from app.web.factored import FactoredEncoder
from app.web.frames import encode_json, event_payload
from app.web.outbox import Key, Message


def encode(payload: dict[str, object], fmt: str, factored: FactoredEncoder) -> Message:
    """JSON text, or a factored frame (NBL2) written by the session's ``factored`` encoder
    (any payload but a full-detail example's, which :func:`encode_event` writes)."""
    return factored.encode(payload) if fmt == "factored" else encode_json(payload).decode()


def encode_event(event: Event, keys: set[Key], factored: FactoredEncoder) -> dict[Key, Message]:
    """``event`` encoded once for each (detail, format) in ``keys`` (None: that detail omits it)."""
    payloads: dict[str, dict[str, object] | None] = {}
    messages: dict[Key, Message] = {}
    for detail, fmt in keys:
        if fmt == "factored" and detail == "full" and type(event) is ExampleEvent:
            messages[(detail, fmt)] = factored.example(event)  # from its trace, no payload
            continue
        if detail not in payloads:
            payloads[detail] = event_payload(event, detail)
        payload = payloads[detail]
        if payload is not None:
            messages[(detail, fmt)] = encode(payload, fmt, factored)
    return messages
