"""The application factory: builds the FastAPI app and includes its routers.

Run it with ``python -m app``, or ``uvicorn --factory app.web.app:create_app``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
from collections.abc import AsyncIterator
from typing import Any

import anyio
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from app import __version__
from app.datacli import fetcher
from app.sessions.config import ConfigError, Limits
from app.sessions.databases import open_database
from app.sessions.gradients import FullSets
from app.sessions.groups import GroupStore
from app.sessions.store import SessionBusy, SessionStore, StoreFull
from app.sessions.userdata import TableStore
from app.settings import Settings, get_settings
from app.web.admission import Budget
from app.web.assets import BUNDLE, fresh_bundle, module_graph, static_files, tree_hash
from app.web.channels import Channels
from app.web.errors import config_error, http_error, session_busy, store_full, validation_error
from app.web.group_channel import GroupChannels
from app.web.heap import freeze_startup_heap
from app.web.limits import BodyLimit
from app.web.resources import web_dir
from app.web.routers import (
    book,
    code,
    data,
    datasets,
    docs,
    gradient,
    group_socket,
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
from app.web.sites import SiteGuard

SWEEP_SECONDS = 30.0
UPLOAD_PATHS = frozenset({"/api/sessions/import", "/api/datasets"})  # their own limits
# FastAPI's own OpenTelemetry (FastAPI 0.162 and later; the lowest version allowed has none),
# unused here: left on, it asks the global providers whether anyone listens on every request
# (seen in a profile of bench/cost.py's REST steps).
NO_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False}}
    if importlib.util.find_spec("fastapi.telemetry") is not None
    else {}
)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the database and load its sessions; expire idle sessions now and then; close it."""
    app.state.channels.loop = asyncio.get_running_loop()
    freeze_startup_heap()  # before the sessions are loaded: those come and go
    store: SessionStore = app.state.store
    channels: Channels = app.state.channels
    settings: Settings = app.state.settings
    db, app.state.db_problem = await anyio.to_thread.run_sync(
        open_database, settings.db, settings.lease_seconds
    )
    store.db = db

    def lost(session_id: str) -> None:  # another process took it over (a shared database)
        if store.lost(session_id):
            channels.session_moved(session_id)

    db.on_lost = lost
    db.on_wanted = store.hand_over
    await anyio.to_thread.run_sync(store.load)

    def maintain() -> None:
        store.expire()
        store.save_all()  # changes made without a step (a new eta), and the times of last use
        store.purge()  # a shared database: sessions idle too long that no process holds

    async def sweep() -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            app.state.channels.touch_open_sessions()  # a socket open is a session in use
            app.state.group_channels.touch_open_members()
            await anyio.to_thread.run_sync(maintain)

    task = asyncio.create_task(sweep())
    try:
        yield
    finally:
        task.cancel()
        await anyio.to_thread.run_sync(maintain)
        db.close()
        store.db = None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app; ``settings`` defaults to the environment's (``get_settings()``)."""
    settings = settings or get_settings()
    # The /docs page is served by our own router, from files shipped with the app (no CDN).
    app = FastAPI(
        title="Nabla",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        **NO_TELEMETRY,
    )
    app.state.settings = settings
    app.state.db_problem = None
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
        limits,
        max_sessions=settings.max_sessions,
        idle_seconds=settings.session_idle_seconds,
        max_per_client=settings.max_sessions_per_client,
        evict_seconds=settings.session_evict_seconds,
    )
    app.state.channels = Channels()
    app.state.budget = Budget(
        settings.memory_budget_bytes, settings.heavy_jobs, settings.heavy_wait_seconds
    )
    app.state.groups = GroupStore(app.state.store)
    app.state.group_channels = held = GroupChannels()
    app.state.store.in_use = lambda sid: app.state.channels.is_open(sid) or held.holds(sid)
    app.state.fullsets = FullSets(settings.max_gradient_work, settings.memory_budget_bytes // 2)
    app.state.store.listeners.append(app.state.channels.session_gone)
    app.add_exception_handler(ConfigError, config_error)
    app.add_exception_handler(StoreFull, store_full)
    app.add_exception_handler(SessionBusy, session_busy)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, internal_error)
    # No CORS middleware: the API answers scripts of other sites with no Access-Control header.
    app.add_middleware(SiteGuard, settings=settings)  # inside BodyLimit: a huge body is a 413
    app.add_middleware(
        BodyLimit,
        most=settings.max_body_bytes,
        json_most=settings.max_json_bytes,
        upload_paths=UPLOAD_PATHS,
    )
    app.add_middleware(SecurityHeaders)  # added last, so outermost: on the 413s too
    app.state.templates = Jinja2Templates(directory=web_dir("templates"))
    # Routes are matched in order, each request against every route before its own: the
    # sessions' (their REST steps) come first, after health. No two routers share a path
    # and method, so the order changes no answer, only how soon it is found.
    routers = (
        health,
        sessions,
        datasets,
        mnist,
        book,
        data,
        runs,
        initial,
        landscape,
        gradient,
        groups,
        group_socket,
        stream,
        code,
        docs,
        pages,
        vendor,
    )
    for module in routers:  # vendor before the /static mount
        app.include_router(module.router)
    static_dir = web_dir("static")
    app.state.assets = f"/static/v/{tree_hash(static_dir)}"  # app/web/assets.py
    # the page's script: the bundle of every module while it is fresh, else main.js, with every
    # module it imports preloaded (main.js itself is its script tag's)
    bundled = fresh_bundle(static_dir)
    app.state.main_script = BUNDLE if bundled else "js/main.js"
    app.state.modules = [] if bundled else module_graph(static_dir, "js/main.js")[1:]
    app.mount(app.state.assets, static_files(static_dir, hashed=True), name="assets")
    app.mount("/static", static_files(static_dir, hashed=False), name="static")
    return app
