"""Events as payloads, and payloads as JSON, as :mod:`app.web.protocol` describes them.

Payloads are plain dicts holding numpy arrays; :func:`encode_json` writes
them with orjson, which serialises numpy arrays natively and about ten
times faster than the standard library. The page's binary frames are
:mod:`app.web.factored`'s.

An example event's four gradient fields (``delta_nabla_b/w``, ``nabla_b/w``)
are :class:`Gradients` in the payload: built when JSON is written, and
left out of a factored frame, which carries their factors instead.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

import numpy as np
import orjson

from app.core.events import EditEvent, EpochEvent, Event, ExampleEvent, UpdateEvent
from app.sessions.config import RunConfig
from app.sessions.state import State

Payload = dict[str, Any]
_JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


GRADIENTS = ("delta_nabla_b", "delta_nabla_w", "nabla_b", "nabla_w")
_STATE_FIELDS = tuple(f.name for f in fields(State))  # metrics last: written as a subset
_METRICS = ("epoch", "train_cost", "train_accuracy", "test_cost", "test_accuracy", "warning")
_CONFIG_FIELDS = tuple(f.name for f in fields(RunConfig))


class Gradients:
    """One of an example event's per-layer gradient fields, built when it is encoded.

    A plain class, not a dataclass: orjson would write a dataclass's fields
    instead of asking :func:`_float64` for the arrays.
    """

    __slots__ = ("event", "name")

    def __init__(self, event: ExampleEvent, name: str) -> None:
        self.event, self.name = event, name

    def float64(self) -> list[np.ndarray[Any, np.dtype[np.float64]]]:
        """The event's own arrays, as JSON sends them."""
        arrays: list[np.ndarray[Any, np.dtype[np.float64]]] = getattr(self.event, self.name)
        return arrays


def event_payload(event: Event, detail: str) -> Payload | None:
    """The event as a dict for ``detail`` (full, summary, none); None if that detail omits it."""
    if isinstance(event, EpochEvent):
        return {"type": "epoch", **asdict(event)}
    if isinstance(event, EditEvent):  # small, and every detail needs it to follow the weights
        return {"type": "edit", **asdict(event)}
    if detail == "none":
        return None
    if isinstance(event, ExampleEvent):
        return _example(event, full=detail == "full")
    return _update(event, full=detail == "full")


def _example(e: ExampleEvent, full: bool) -> Payload:
    payload: Payload = {
        "type": "example",
        "seq": e.seq,
        "epoch": e.epoch,
        "batch": e.batch,
        "index": e.index,
        "batch_size": e.batch_size,
        "sample": e.sample,
        "cost": e.cost,
        "y": e.y,
        "output": e.output,
    }
    if full:
        payload["x"] = e.x
        payload |= {name: Gradients(e, name) for name in GRADIENTS}
        if e.weights is not None:
            payload |= {"weights": e.weights, "biases": e.biases}
    return payload


def _update(e: UpdateEvent, full: bool) -> Payload:
    payload: Payload = {
        "type": "update",
        "seq": e.seq,
        "epoch": e.epoch,
        "batch": e.batch,
        "batch_size": e.batch_size,
        "eta": e.eta,
        "lmbda": e.lmbda,
        "mode": e.mode,
        "cost": e.cost,
    }
    if full:
        payload |= {
            "nabla_b": e.nabla_b,
            "nabla_w": e.nabla_w,
            "weights": e.weights,
            "biases": e.biases,
        }
    return payload


def state_payload(state: State) -> Payload:
    """A :class:`State` as the protocol's ``SessionState``.

    Read field by field (``dataclasses.asdict`` deep-copies, the last epoch's confusion
    matrix too): the play loops send one a second each.
    """
    payload = {name: getattr(state, name) for name in _STATE_FIELDS}
    metrics = state.metrics
    payload["metrics"] = None if metrics is None else {k: getattr(metrics, k) for k in _METRICS}
    return payload


def config_payload(config: RunConfig) -> Payload:
    """A resolved :class:`RunConfig` as the protocol's ``SessionConfig``."""
    payload = {name: getattr(config, name) for name in _CONFIG_FIELDS}
    payload["sizes"] = list(config.sizes or ())
    return payload


def encode_json(payload: Any) -> bytes:
    """UTF-8 JSON; numpy arrays become nested lists."""
    return orjson.dumps(payload, default=_float64, option=_JSON_OPTIONS)


def _float64(value: Any) -> Any:
    if isinstance(value, Gradients):
        return value.float64()
    raise TypeError(f"cannot encode {type(value).__name__}")
