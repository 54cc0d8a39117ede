"""The application factory: builds the FastAPI app and includes its routers.

Run it with ``python -m app``, or ``uvicorn --factory app.web.app:create_app``.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from app import __version__
from app.datacli import fetcher
from app.sessions.config import ConfigError, Limits
from app.sessions.gradients import FullSets
from app.sessions.groups import GroupStore
from app.sessions.persist import SessionDB
from app.sessions.store import SessionStore
from app.sessions.userdata import TableStore
from app.settings import Settings, get_settings
from app.web.channels import Channels
from app.web.limits import BodyLimit
from app.web.resources import web_dir
from app.web.routers import (
    book,
    code,
    data,
    datasets,
    docs,
    gradient,
    groups,
    health,
    initial,
    landscape,
    mnist,
    pages,
    runs,
    sessions,
    stream,
    vendor,
)
from app.web.security import SecurityHeaders, internal_error

SWEEP_SECONDS = 30.0


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the database and load its sessions; expire idle sessions now and then; close it."""
    app.state.channels.loop = asyncio.get_running_loop()
    store: SessionStore = app.state.store
    store.db = await anyio.to_thread.run_sync(SessionDB, app.state.settings.db)
    await anyio.to_thread.run_sync(store.load)

    def maintain() -> None:
        store.expire()
        store.save_all()  # changes made without a step (a new eta), and the times of last use

    async def sweep() -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            app.state.channels.touch_open_sessions()  # a socket open is a session in use
            await anyio.to_thread.run_sync(maintain)

    task = asyncio.create_task(sweep())
    try:
        yield
    finally:
        task.cancel()
        await anyio.to_thread.run_sync(maintain)
        store.db.close()
        store.db = None


async def config_error(request: Request, exc: Exception) -> JSONResponse:
    """A ConfigError is a 422 naming its field, in FastAPI's own error format."""
    assert isinstance(exc, ConfigError)
    detail = [{"loc": ["body", exc.field], "msg": exc.message, "type": "value_error"}]
    return JSONResponse({"detail": detail}, status_code=422)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own 422, except that a NaN or an infinity sent (as JSON5 allows) is echoed as text.

    The default handler echoes the input as it was parsed, and a non-finite float
    cannot be written as JSON: ``{"eta": NaN}`` would make it fail with a 500.
    """
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": _finite(jsonable_encoder(_text(exc.errors())))}, status_code=422)


def _text(value: Any) -> Any:
    """``value`` with every bytes value (a body that is not UTF-8) as text, bad bytes replaced."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, dict):
        return {k: _text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_text(v) for v in value]
    return value


def _finite(value: Any) -> Any:
    """``value`` with every non-finite float replaced by its name ("nan", "inf", "-inf")."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; ``settings`` defaults to the environment's (``get_settings()``)."""
    settings = settings or get_settings()
    # The /docs page is served by our own router, from files shipped with the app (no CDN).
    app = FastAPI(
        title="Nabla", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.settings = settings
    app.state.tables = TableStore(
        max_tables=settings.max_user_datasets, max_bytes=settings.max_user_dataset_bytes
    )
    limits = Limits(
        max_weights=settings.max_weights,
        max_layers=settings.max_layers,
        max_step_examples=settings.max_step_examples,
        max_batch_floats=settings.max_batch_floats,
        max_frame_floats=settings.max_frame_floats,
        mnist_path=str(settings.mnist_file()),
        tables=app.state.tables,
    )
    app.state.mnist_fetch = fetcher(settings)  # one download, however many pages ask
    app.state.store = SessionStore(
        limits, max_sessions=settings.max_sessions, idle_seconds=settings.session_idle_seconds
    )
    app.state.channels = Channels()
    app.state.groups = GroupStore(app.state.store)
    app.state.fullsets = FullSets(settings.max_gradient_work)
    app.state.store.listeners.append(app.state.channels.session_gone)
    app.add_exception_handler(ConfigError, config_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
    # No CORS middleware: the API answers scripts of other sites with no Access-Control header.
    app.add_middleware(BodyLimit, most=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: on the 413s too
    app.state.templates = Jinja2Templates(directory=web_dir("templates"))
    routers = (
        health,
        datasets,
        mnist,
        book,
        data,
        runs,
        initial,
        sessions,
        landscape,
        gradient,
        groups,
        stream,
        code,
        docs,
        pages,
        vendor,
    )
    for module in routers:  # vendor before the /static mount
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=web_dir("static")), name="static")
    return app
