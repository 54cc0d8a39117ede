"""Saved runs on the wire: a session's snapshot as the protocol's ``RunSnapshot``, and back.

Floats are written by orjson, which prints the shortest decimal that reads
back as the same float64, and read by pydantic's JSON parser, which reads it
back exactly: a run survives the round trip bit for bit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import ValidationError

from app.core import snapshot
from app.core.activations import Array
from app.core.snapshot import BatchState, SnapshotError, TrainerState
from app.sessions.blobs import param_shapes
from app.sessions.config import ConfigError, RunConfig
from app.web.frames import Payload, config_payload
from app.web.protocol import RunSnapshot

GENERATORS = {"numpy": "numpy.random.default_rng", "book": "random.shuffle"}
"""The generator of each epoch's shuffle, by the run's ``rng`` (as ``rng.generator`` names it)."""


def snapshot_payload(config: RunConfig, state: TrainerState) -> Payload:
    """The ``RunSnapshot`` of a session's ``config`` and ``state`` (arrays stay numpy)."""
    batch: Payload | None = None
    if state.in_batch is not None:
        b = state.in_batch
        batch = {
            "m": b.m,
            "eta": b.eta,
            "weights": b.weights,
            "biases": b.biases,
            "sum_k": b.sum_k,
            "nabla_b": b.nabla_b,
            "nabla_w": b.nabla_w,
        }
        if b.lmbda is not None and b.lmbda != config.lmbda:  # λ changed during it: saved as
            batch["lmbda"] = b.lmbda  # before otherwise, the same bytes as earlier versions
    return {
        "format": snapshot.FORMAT,
        "version": snapshot.VERSION,
        "config": config_payload(config),
        "network": {"weights": state.weights, "biases": state.biases},
        "cursor": {
            "epoch": state.epoch,
            "batch": state.batch,
            "index": state.index,
            "pos": state.pos,
        },
        "seq": state.seq,
        "updates": state.updates,
        "status": state.status,
        "message": state.message,
        "rng": {"generator": GENERATORS[config.rng], "seed": [config.seed, state.epoch]},
        "batch": batch,
        "history": state.history,
    }


def parse_snapshot(body: bytes) -> RunSnapshot:
    """Validate the JSON ``body``; ConfigError naming the first field at fault."""
    try:
        return RunSnapshot.model_validate_json(body)
    except ValidationError as e:
        first = e.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"]) or "body"
        raise ConfigError(field, f"{field}: {first['msg']}") from None


def snapshot_config(run: RunSnapshot) -> RunConfig:
    """The snapshot's config as a :class:`RunConfig` (not checked against the limits yet)."""
    fields = run.config.model_dump()
    fields["sizes"] = tuple(fields["sizes"]) if fields["sizes"] is not None else None
    return RunConfig(**fields)


def _arrays(field: str, layers: list[Any], shapes: list[tuple[int, ...]]) -> list[Array]:
    """Nested lists as float64 arrays of ``shapes``, their lengths checked before any is built."""
    if len(layers) != len(shapes):
        raise SnapshotError(field, f"expected {len(shapes)} layers, got {len(layers)}")
    for l, (layer, shape) in enumerate(zip(layers, shapes, strict=True)):
        rows = layer if len(shape) == 2 else [layer]
        width = shape[-1]
        if len(rows) != (shape[0] if len(shape) == 2 else 1) or any(len(r) != width for r in rows):
            raise SnapshotError(f"{field}[{l}]", f"expected shape {shape}")
    return [np.array(layer, dtype=np.float64) for layer in layers]


def snapshot_state(run: RunSnapshot, sizes: tuple[int, ...]) -> TrainerState:
    """The trainer state of a validated snapshot for a network of ``sizes``; ConfigError if off."""
    w_shapes, b_shapes = param_shapes(sizes)
    try:
        if run.rng.seed != [run.config.seed, run.cursor.epoch]:
            raise SnapshotError("rng.seed", "must be [config.seed, cursor.epoch]")
        if run.rng.generator != GENERATORS[run.config.rng]:
            raise SnapshotError("rng.generator", f"must be {GENERATORS[run.config.rng]!r}")
        c, b = run.cursor, run.batch
        weights = _arrays("network.weights", run.network.weights, w_shapes)
        biases = _arrays("network.biases", run.network.biases, b_shapes)
        in_batch = None
        if b is not None:
            sums = b.nabla_b is not None and b.nabla_w is not None
            in_batch = BatchState(
                b.m,
                b.eta,
                _arrays("batch.weights", b.weights, w_shapes),
                _arrays("batch.biases", b.biases, b_shapes),
                b.sum_k,
                _arrays("batch.nabla_b", b.nabla_b or [], b_shapes) if sums else None,
                _arrays("batch.nabla_w", b.nabla_w or [], w_shapes) if sums else None,
                b.lmbda,
            )
        return TrainerState(
            epoch=c.epoch,
            batch=c.batch,
            index=c.index,
            pos=c.pos,
            seq=run.seq,
            updates=run.updates,
            status=run.status,
            message=run.message,
            weights=weights,
            biases=biases,
            history=dict(run.history),
            in_batch=in_batch,
        )
    except SnapshotError as e:
        raise ConfigError(e.field, e.message) from e
