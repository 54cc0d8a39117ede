"""The 422s of the API: FastAPI's own format, naming the field, echoing only a short excerpt.

FastAPI's default handler copies every error's whole ``input`` back: a 30 MiB list
of zeros would be encoded again on the event loop, and sent back as large as it came.
Here at most ``MAX_ERRORS`` errors are listed, each ``input`` cut to ``EXCERPT`` characters.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from app.sessions.config import ConfigError
from app.sessions.store import SessionBusy, StoreFull

MAX_ERRORS = 10
EXCERPT = 80
UNPARSED = "There was an error parsing the body"  # FastAPI's 400 for a body it cannot decode


async def config_error(request: Request, exc: Exception) -> JSONResponse:
    """A ConfigError is a 422 naming its field, in FastAPI's own error format."""
    assert isinstance(exc, ConfigError)
    detail = [{"loc": ["body", exc.field], "msg": exc.message, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def http_error(request: Request, exc: Exception) -> Response:
    """FastAPI's own answer, except that a body it could not decode is a 422 naming ``body``.

    FastAPI answers 400 for a JSON body that is not UTF-8 or is nested too deeply;
    every other invalid body is a 422, so these are too.
    """
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == UNPARSED:
        message = "the body is not JSON this server can read: not UTF-8, or nested too deeply"
        detail = [{"loc": ["body"], "msg": message, "type": "json_invalid"}]
        return JSONResponse({"detail": detail}, status_code=422)
    return await http_exception_handler(request, exc)


async def store_full(request: Request, exc: Exception) -> JSONResponse:
    """No room for a session now: 429, with when to try again."""
    assert isinstance(exc, StoreFull)
    headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": exc.message}, status_code=429, headers=headers)


async def session_busy(request: Request, exc: Exception) -> JSONResponse:
    """Another server process holds the session: 503, with when to try again."""
    assert isinstance(exc, SessionBusy)
    headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": exc.message}, status_code=503, headers=headers)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, its errors few and short: each names its field, its input an excerpt."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    detail = [_short(error) for error in errors[:MAX_ERRORS]]
    if len(errors) > MAX_ERRORS:
        detail.append(
            {
                "loc": ["body"],
                "msg": f"{len(errors) - MAX_ERRORS:,} more errors not listed",
                "type": "too_many_errors",
            }
        )
    return JSONResponse({"detail": detail}, status_code=422)


def _short(error: Any) -> dict[str, Any]:
    """One error with its location, message and type as they are, its input an excerpt."""
    short: dict[str, Any] = {
        "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
        "msg": str(error.get("msg", "")),
        "type": str(error.get("type", "value_error")),
    }
    if "input" in error:
        short["input"] = excerpt(error["input"])
    ctx = error.get("ctx")
    if isinstance(ctx, dict):
        short["ctx"] = {str(k): excerpt(v) for k, v in ctx.items()}
    return short


def excerpt(value: Any) -> Any:
    """``value`` if it is a short scalar, else at most ``EXCERPT`` characters of its text.

    A body that is not UTF-8 is shown with its bad bytes replaced; NaN and the infinities
    (which JSON cannot carry) by their names.
    """
    if value is None or (isinstance(value, bool | int) and abs(value) < 10**15):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bytes | bytearray):
        text = bytes(value[: EXCERPT * 4]).decode("utf-8", errors="replace")
    elif isinstance(value, str):
        text = value
    else:
        text = _json_head(value)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _json_head(value: Any) -> str:
    """The start of ``value`` as JSON, built from a bounded part of it (a list's head only)."""
    if isinstance(value, list | tuple):
        head = [excerpt(v) for v in value[:EXCERPT]]
        return json.dumps(head if len(value) <= EXCERPT else [*head, "…"])
    if isinstance(value, dict):
        items = list(value.items())[:EXCERPT]
        return json.dumps({str(k): excerpt(v) for k, v in items}, default=str)
    return str(value)[: EXCERPT * 2]
