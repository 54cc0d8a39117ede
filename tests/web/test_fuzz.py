"""A property-based fuzz of the REST API from its own OpenAPI schema, with schemathesis.

Every operation gets a bounded number of generated requests, valid and invalid; every
answer must be no 5xx and must match the schema: its declared body for a 2xx, FastAPI's
error shape for a 422. Half the requests on a session aim at one that exists (the id's
length decides, so Hypothesis can still shrink), and so do half of those on a group;
else every one would be a 404.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings

from app.sessions.config import RunConfig
from app.sessions.groups import GroupNotFound
from app.sessions.store import SessionNotFound
from app.settings import Settings
from app.web.app import create_app

if TYPE_CHECKING:
    import schemathesis

# Small limits: every one of them is met within the examples, and no step runs long.
# Every request comes from one address: no per-client quota, and an unused session may make
# room at once (the fuzz's own sessions are made again when a fuzzed DELETE or eviction took them).
app = create_app(
    Settings(
        max_sessions=20,
        max_sessions_per_client=20,
        session_evict_seconds=0,
        max_step_examples=2_000,
        max_weights=20_000,
        max_layers=5,
    )
)
EXAMPLES = 25  # per operation: 17 paths, about 20 operations, in well under a minute


def live_session_id() -> str:
    """The id of a small session, created again after a fuzzed DELETE took it."""
    store = app.state.store
    try:
        return str(store.get(getattr(app.state, "fuzz_session", "")).id)
    except SessionNotFound:
        app.state.fuzz_session = store.create(RunConfig(sizes=(2, 4, 2), n_train=40)).id
        return str(app.state.fuzz_session)


def live_group_id() -> str:
    """The id of a small group (compare mode), made again when it is gone."""
    groups = app.state.groups
    try:
        return str(groups.get(getattr(app.state, "fuzz_group", "")).id)
    except GroupNotFound:
        app.state.fuzz_group = groups.create(RunConfig(sizes=(2, 3, 2), n_train=40)).id
        return str(app.state.fuzz_group)


LIVE = {"session_id": live_session_id, "group_id": live_group_id}


# The operations' labels, as schemathesis writes them, from FastAPI's own schema: schemathesis
# itself is imported when a fuzz test runs, not when the tests are collected.
METHODS = ("get", "put", "post", "delete", "patch")
LABELS = sorted(
    f"{method.upper()} {path}"
    for path, operations in app.openapi()["paths"].items()
    for method in operations
    if method in METHODS
)


@functools.cache
def operations() -> dict[str, Any]:
    """schemathesis's operations of the app's schema, by label."""
    import schemathesis

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


@pytest.mark.parametrize("label", LABELS)
def test_the_api_answers_any_request_within_its_schema(label: str) -> None:
    """One test per operation (its id is the operation's label, so it can be run alone)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (  # where schemathesis 4.0 has them too
        content_type_conformance,
        response_schema_conformance,
    )

    assert sorted(operations()) == LABELS

    @given(case=operations()[label].as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        for name, live_id in LIVE.items():
            given_id = (case.path_parameters or {}).get(name)
            if isinstance(given_id, str) and len(given_id) % 2 == 0:
                case.path_parameters[name] = live_id()  # type: ignore[index]
        response = case.call()
        case.validate_response(
            response,
            checks=[not_a_server_error, content_type_conformance, response_schema_conformance],
        )

    check()
