"""``PUT /api/sessions/{id}/network``: start a run from given weights and biases.

network.py's own initial parameters brought in, so that Nabla and the book's code start
from the same numbers: JSON ``{"weights": [...], "biases": [...]}`` in the book's shapes
(biases as columns ``[[b0], [b1], ...]`` or flat), or the bytes of an ``.npz`` file as
``np.savez(f, *net.weights, *net.biases)`` writes it (``Content-Type:
application/octet-stream``). Only before training starts.
"""

from __future__ import annotations

import json

import anyio
from fastapi import APIRouter, Request, Response

from app.core.initial import ParamsError, check_parameters, read_npz
from app.sessions.config import ConfigError
from app.web.deps import SessionDep, SettingsDep
from app.web.frames import encode_json
from app.web.protocol import NetworkOut
from app.web.routers.runs import read_body
from app.web.routers.sessions import json_response

router = APIRouter(prefix="/api/sessions", tags=["sessions"])
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"weights": {"type": "array"}, "biases": {"type": "array"}},
                    "required": ["weights", "biases"],
                }
            },
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.put("/{session_id}/network", response_model=NetworkOut, openapi_extra=_BODY)
async def put_network(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    """Start this run (before any training) from the given weights and biases."""
    body = await read_body(request, settings.max_import_bytes)
    sizes = list(session.trainer.network.sizes)
    try:
        if request.headers.get("content-type", "").startswith("application/octet-stream"):
            weights, biases = read_npz(body, sizes)
        else:
            weights, biases = check_parameters(sizes, *_lists(body))
    except ParamsError as e:
        raise ConfigError(e.field, str(e)) from None
    await anyio.to_thread.run_sync(session.set_initial, weights, biases)
    return json_response(encode_json({"sizes": sizes, "weights": weights, "biases": biases}))


def _lists(body: bytes) -> tuple[list[object], list[object]]:
    """``weights`` and ``biases`` of a JSON body; ParamsError naming what is missing."""
    try:
        data = json.loads(body)
    except ValueError as e:
        raise ParamsError("body", f"is not JSON ({e})") from None
    if not isinstance(data, dict):
        raise ParamsError("body", "must be an object {weights, biases}")
    for key in ("weights", "biases"):
        if not isinstance(data.get(key), list):
            raise ParamsError(key, "must be a list of arrays, one a layer")
    return data["weights"], data["biases"]
