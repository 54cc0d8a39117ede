"""Hostile and careless clients: requests that once froze, bloated or wiped the server.

Each test names the item of issue #17 it checks, and fails on the server before its fix.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

from .helpers import create

JSON = {"content-type": "application/json"}


# ---------------------------------------------------------------- 1. big invalid bodies


def test_a_big_json_body_is_413_before_it_is_parsed(client: TestClient) -> None:
    """Item 1: 2 MiB of zeros as ``sizes`` (under the upload limit) is refused unread."""
    body = b'{"sizes": [' + b"0," * 1_000_000 + b"0]}"
    response = client.post("/api/sessions", content=body, headers=JSON)
    assert response.status_code == 413, response.text[:200]
    assert "NABLA_MAX_JSON_BYTES" in response.json()["detail"]
    sid = create(client, {})
    response = client.post(f"/api/sessions/{sid}/step", content=body, headers=JSON)
    assert response.status_code == 413


def test_a_422_names_the_field_and_echoes_only_an_excerpt(client: TestClient) -> None:
    """Item 1: an invalid body under the limit: a short 422, never the input copied back."""
    body = b'{"sizes": [' + b'"x",' * 10_000 + b'"x"], "eta": "' + b"e" * 20_000 + b'"}'
    response = client.post("/api/sessions", content=body, headers=JSON)
    assert response.status_code == 422
    assert len(response.content) < 4000, len(response.content)
    detail = response.json()["detail"]
    assert any("sizes" in map(str, e["loc"]) for e in detail)
    sid = create(client, {})
    response = client.post(
        f"/api/sessions/{sid}/step", content=b'{"unit": "' + b"u" * 60_000 + b'"}', headers=JSON
    )
    assert response.status_code == 422
    assert len(response.content) < 1000 and "unit" in response.text


def test_the_json_limit_is_a_setting_and_spares_uploads() -> None:
    """Item 1: NABLA_MAX_JSON_BYTES bounds JSON requests; uploads keep their own limit."""
    with TestClient(create_app(Settings(max_json_bytes=2048))) as client:
        assert (
            client.post("/api/sessions", content=b" " * 3000 + b"{}", headers=JSON).status_code
            == 413
        )
        rows = "x1,x2,label\n" + "0.5,0.25,a\n0.1,0.2,b\n" * 100
        response = client.post("/api/datasets", content=rows, headers={"content-type": "text/csv"})
        assert response.status_code == 201, response.text


# ---------------------------------------------------------------- 3. the largest floats


def test_a_column_from_minus_to_plus_1e308_trains(client: TestClient) -> None:
    """Item 3: scaling by max - min overflowed: session and group creation were a 500."""
    rows = "x1,x2,label\n" + "".join(
        f"{sign}1e308,{k / 10},{k % 2}\n" for k in range(12) for sign in ("", "-")
    )
    response = client.post("/api/datasets", content=rows, headers={"content-type": "text/csv"})
    assert response.status_code == 201, response.text
    name = response.json()["name"]
    sid = create(client, {}, dataset=name, batch_size=4)
    step = client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 1})
    assert step.status_code == 200, step.text
    x = client.get(f"/api/sessions/{sid}/data").json()["x"]
    assert {round(row[0]) for row in x} == {-1, 1}
    group = client.post("/api/groups", json={"dataset": name, "batch_size": 4})
    assert group.status_code == 201, group.text
    assert client.get(f"/api/sessions/{sid}/predict", params={"resolution": 5}).status_code == 200


# ---------------------------------------------------------------- 4. nobody wipes the others


def _from(address: str) -> dict[str, str]:
    return {"x-forwarded-for": f"203.0.113.9, {address}"}  # the proxy appended the last one


def test_a_flood_of_new_sessions_evicts_no_one_else() -> None:
    """Item 4: 200 anonymous POSTs used to evict every other user's session for good."""
    settings = Settings(
        max_sessions=10, max_sessions_per_client=4, client_address_header="X-Forwarded-For"
    )
    with TestClient(create_app(settings)) as client:
        mine = client.post("/api/sessions", json={}, headers=_from("10.0.0.1")).json()["id"]
        answers = [
            client.post("/api/sessions", json={}, headers=_from(f"10.0.1.{k // 40}")).status_code
            for k in range(200)
        ]
        assert answers.count(201) == 9  # 4, 4 and 1: then the server is full
        assert set(answers) == {201, 429}
        refused = client.post("/api/sessions", json={}, headers=_from("10.0.1.0"))
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "(4)" in refused.json()["detail"]  # the client's quota, named
        group = client.post("/api/groups", json={}, headers=_from("10.0.9.9"))
        assert group.status_code == 429 and "full" in group.json()["detail"]
        assert client.get(f"/api/sessions/{mine}").status_code == 200


def test_the_address_header_counts_only_when_trusted(client: TestClient) -> None:
    """Item 4: without NABLA_CLIENT_ADDRESS_HEADER a client cannot pose as many clients."""
    store = client.app.state.store  # type: ignore[attr-defined]
    quota = store.max_per_client
    answers = {
        client.post("/api/sessions", json={}, headers=_from(f"10.0.2.{k}")).status_code
        for k in range(quota + 1)
    }
    assert answers == {201, 429}
    assert len(store) == quota


# ---------------------------------------------------------------- 6. predict's cost


def test_predict_on_a_wide_network_is_drawn_within_the_grid_budget() -> None:
    """Item 6: ``predict?resolution=200`` on [2, 100000, 2] cost 48 s; now the grid shrinks."""
    with TestClient(create_app(Settings(max_grid_work=1_000_000))) as client:
        sid = create(client, {}, sizes=[2, 1000, 2])
        answer = client.get(f"/api/sessions/{sid}/predict", params={"resolution": 200}).json()
        per_point = 2 * 1000 + 1000 + 1000 * 2 + 2
        assert answer["resolution"] == 14 and 14**2 * per_point <= 1_000_000
        assert len(answer["outputs"]) == 14 and len(answer["xs"]) == 14
        small = create(client, {}, sizes=[2, 4, 2])  # a small network keeps the resolution asked
        assert client.get(f"/api/sessions/{small}/predict?resolution=60").json()["resolution"] == 60


# ---------------------------------------------------------------- 9. formulas in downloads

FORMULAS = ("=cmd|' /C calc'!A0", "@SUM(A1)", "+1+2", "-2+3", "\tx")


def test_downloads_neutralise_spreadsheet_formulas(client: TestClient) -> None:
    """Item 9: cells such as ``=cmd|' /C calc'!A0`` came back verbatim from ``/csv``."""
    import csv
    import io

    header = '"=cmd|\' /C calc\'!A0","@SUM(A1)",label\n'
    rows = "".join(f'-0.{k},0.{k},"{FORMULAS[k % 5]}"\n' for k in range(1, 10))
    up = client.post("/api/datasets", content=header + rows, headers={"content-type": "text/csv"})
    assert up.status_code == 201, up.text
    assert set(up.json()["column_names"]) == {"=cmd|' /C calc'!A0", "@SUM(A1)"}
    name = up.json()["name"]
    text = client.get(f"/api/datasets/{name}/csv").text
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t"))], cells
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-")[:1].isdigit()]
    assert "'=cmd|' /C calc'!A0" in cells and "'-2+3" in cells and "-0.1" in cells
    again = client.post("/api/datasets", content=text, headers={"content-type": "text/csv"})
    assert again.json()["class_names"] == up.json()["class_names"]  # read back as they were
    assert again.json()["column_names"] == up.json()["column_names"]


# ---------------------------------------------------------------- 10. DNS rebinding


def test_a_host_not_of_this_server_is_refused(client: TestClient) -> None:
    """Item 10: any Host was served, so a rebound name could drive a server on loopback."""
    rebound = client.get("/api/health", headers={"host": "evil.example:8000"})
    assert rebound.status_code == 400 and "NABLA_ALLOWED_HOSTS" in rebound.json()["detail"]
    assert (
        client.post("/api/sessions", json={}, headers={"host": "evil.example"}).status_code == 400
    )
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "testserver"):
        assert client.get("/api/health", headers={"host": host}).status_code == 200, host


def test_a_socket_naming_another_host_is_closed(client: TestClient) -> None:
    """Item 10: the WebSocket too."""
    from starlette.websockets import WebSocketDisconnect

    sid = create(client, {})
    try:
        with client.websocket_connect(
            f"/api/sessions/{sid}/stream", headers={"host": "evil.example"}
        ) as ws:
            ws.receive_json()
        closed = None
    except WebSocketDisconnect as e:
        closed = e.code
    assert closed == 4403


def test_more_hosts_are_a_setting() -> None:
    """Item 10: NABLA_ALLOWED_HOSTS names the public name behind a proxy."""
    with TestClient(create_app(Settings(allowed_hosts=["nabla.example.org"]))) as client:
        assert client.get("/api/health", headers={"host": "nabla.example.org"}).status_code == 200
        assert client.get("/api/health", headers={"host": "other.example.org"}).status_code == 400


# ---------------------------------------------------------------- 11. cross-site requests


def test_cross_site_requests_cannot_change_state(client: TestClient) -> None:
    """Item 11: a text/plain CSV and a bodyless reset from another site were accepted."""
    sid = create(client, {})
    rows = "x1,x2,label\n" + "0.5,0.25,a\n0.1,0.2,b\n" * 5
    plain = client.post("/api/datasets", content=rows, headers={"content-type": "text/plain"})
    assert plain.status_code == 415
    form = client.post(
        f"/api/sessions/{sid}/step",
        content=b"unit=epoch",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert form.status_code == 415
    blob = client.post(f"/api/sessions/{sid}/step", content=b"{}")  # a body with no type
    assert blob.status_code == 415
    for headers in (
        {"sec-fetch-site": "cross-site"},
        {"origin": "https://evil.example"},
        {"origin": "null"},
    ):
        refused = client.post(f"/api/sessions/{sid}/reset", headers=headers)
        assert refused.status_code == 403, headers
        assert "NABLA_ALLOWED_ORIGINS" in refused.json()["detail"]
    assert (
        client.delete(
            f"/api/sessions/{sid}", headers={"origin": "https://evil.example"}
        ).status_code
        == 403
    )
    same = {"sec-fetch-site": "same-origin", "origin": "http://testserver"}
    assert client.post(f"/api/sessions/{sid}/reset", headers=same).status_code == 200
    assert client.post(f"/api/sessions/{sid}/reset").status_code == 200  # not a browser


def test_an_allowed_origin_may_change_state() -> None:
    """Item 11: unless NABLA_ALLOWED_ORIGINS lists the site."""
    settings = Settings(allowed_origins=["https://teacher.example"])
    with TestClient(create_app(settings)) as client:
        sid = create(client, {})
        headers = {"sec-fetch-site": "cross-site", "origin": "https://teacher.example"}
        assert client.post(f"/api/sessions/{sid}/reset", headers=headers).status_code == 200


# ---------------------------------------------------------------- 8. expiry and open sockets


def test_idle_expiry_spares_a_session_with_a_socket_open(monkeypatch: Any) -> None:
    """Item 8: with NABLA_SESSION_IDLE_SECONDS under the 30 s sweep, a watched session expired."""
    from types import SimpleNamespace

    from app.sessions import session as session_module
    from app.sessions import store as store_module

    clock = SimpleNamespace(now=1000.0, time=lambda: 0.0)
    clock.monotonic = lambda: clock.now
    monkeypatch.setattr(store_module, "time", clock)
    monkeypatch.setattr(session_module, "time", clock)
    with TestClient(create_app(Settings(session_idle_seconds=5))) as client:
        watched, other = create(client, {}), create(client, {})
        with client.websocket_connect(f"/api/sessions/{watched}/stream") as ws:
            ws.receive_json()
            clock.now += 60  # twelve idle periods, and no sweep touched it
            assert client.get(f"/api/sessions/{other}").status_code == 404
            assert client.get(f"/api/sessions/{watched}").status_code == 200


# ---------------------------------------------------------------- 2. one memory budget


def test_a_step_bigger_than_the_memory_budget_is_413_naming_count() -> None:
    """Item 2: a full-detail step of 100,000 examples peaked at 1.3 GiB; now it is admitted."""
    settings = Settings(memory_budget_bytes=64 * 1024 * 1024)
    with TestClient(create_app(settings)) as client:
        sid = create(client, {}, sizes=[2, 4, 2])
        body = {"unit": "example", "count": 20_000, "detail": "full"}
        refused = client.post(f"/api/sessions/{sid}/step", json=body)
        assert refused.status_code == 413, refused.text[:200]
        assert "count" in refused.json()["detail"]
        assert "NABLA_MEMORY_BUDGET_BYTES" in refused.json()["detail"]
        summary = client.post(f"/api/sessions/{sid}/step", json={**body, "detail": "summary"})
        assert summary.status_code == 200  # the same examples, without the frames, run
        group = client.post("/api/groups", json={"sizes": [2, 4, 2]}).json()
        gstep = client.post(f"/api/groups/{group['id']}/step", json=body)
        assert gstep.status_code == 413
        export = client.get(f"/api/sessions/{sid}/export").content
        big = export + b" " * (5 * 1024 * 1024)  # 5 MiB: 80 MiB once parsed, by the estimate
        assert client.post("/api/sessions/import", content=big, headers=JSON).status_code == 413
        assert client.post("/api/sessions/import", content=export, headers=JSON).status_code == 201


def test_heavy_work_waits_its_turn_then_is_429() -> None:
    """Item 2: at most ``jobs`` at once and ``most_bytes`` together; a late one queues, then 429."""
    import asyncio
    import concurrent.futures

    from fastapi import HTTPException

    from app.web.admission import Budget

    async def scenario() -> list[str]:
        budget, log = Budget(most_bytes=100, jobs=1, wait=0.5), []
        release = asyncio.Event()

        async def first() -> None:
            async with budget.admit(60, "first"):
                log.append("first in")
                await release.wait()
            log.append("first out")

        async def second() -> None:
            async with budget.admit(60, "second"):
                log.append("second in")

        task = asyncio.create_task(first())
        await asyncio.sleep(0)
        waiting = asyncio.create_task(second())
        await asyncio.sleep(0.01)
        assert log == ["first in"]  # the second waits: one job at a time
        release.set()
        await asyncio.gather(task, waiting)
        quick = Budget(most_bytes=100, jobs=2, wait=0.01)
        async with quick.admit(60, "one"):
            try:
                async with quick.admit(60, "two"):
                    log.append("two in")
            except HTTPException as e:
                log.append(f"{e.status_code} {e.headers}")
        try:
            async with quick.admit(101, "huge"):
                pass
        except HTTPException as e:
            log.append(str(e.status_code))
        return log

    # In a thread of its own: a worker that ran browser tests has Playwright's loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        log = pool.submit(asyncio.run, scenario()).result()
    assert log == ["first in", "first out", "second in", "429 {'Retry-After': '1'}", "413"]


# ---------------------------------------------------------------- 7. a damaged database


def _saved_sessions(path: Any, n: int = 3) -> list[str]:
    """``n`` sessions made and stepped by a server keeping them in ``path``, then stopped."""
    with TestClient(create_app(Settings(db=str(path)))) as client:
        ids = [create(client, {}, sizes=[2, 3, 2]) for _ in range(n)]
        for sid in ids:
            client.post(f"/api/sessions/{sid}/step", json={"unit": "batch", "count": 3})
    return ids


def _start(path: Any) -> tuple[dict[str, Any], list[int]]:
    """Start a server on ``path``: its health, and the status of GET of each saved session."""
    with TestClient(create_app(Settings(db=str(path)))) as client:
        health = client.get("/api/health").json()
        store = client.app.state.store  # type: ignore[attr-defined]
        return health, [len(store)]


def test_a_garbage_database_is_moved_aside_and_the_server_starts(
    tmp_path: Any, caplog: Any
) -> None:
    """Item 7: "database disk image is malformed" stopped the server at start (exit 3)."""
    path = tmp_path / "nabla.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    health, (count,) = _start(path)
    assert health["status"] == "degraded" and count == 0
    aside = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"SQLite format 3")
    assert aside[0].name in health["problems"][0] and aside[0].name in caplog.text


def test_a_dropped_table_or_an_empty_file_is_said(tmp_path: Any) -> None:
    """Item 7: a zero-length file or a dropped table lost every session silently."""
    import sqlite3

    path = tmp_path / "nabla.sqlite3"
    ids = _saved_sessions(path)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE history")
    health, (count,) = _start(path)
    assert health["status"] == "degraded" and "history" in health["problems"][0]
    assert count == len(ids)  # every session recovered (its history could not be)
    assert _start(path)[0]["status"] == "ok"  # the fresh file is sound
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    health, _ = _start(empty)
    assert health["status"] == "degraded" and "empty" in health["problems"][0]


def test_a_malformed_page_keeps_every_readable_session(tmp_path: Any) -> None:
    """Item 7: damage in the middle of the file: the readable sessions come back."""
    path = tmp_path / "nabla.sqlite3"
    ids = _saved_sessions(path, n=6)
    data = bytearray(path.read_bytes())
    page = 4096
    data[-page:] = b"\xa5" * page  # the last page: some history, or an index, destroyed
    path.write_bytes(bytes(data))
    health, (count,) = _start(path)
    assert health["status"] == "degraded", health
    assert "recovered" in health["problems"][0]
    assert 0 < count <= len(ids)


# ---------------------------------------------------------------- 5. long histories


def test_a_long_history_is_read_back_without_typing_each_record(monkeypatch: Any) -> None:
    """Item 5: ``typing.get_type_hints`` per record made 317,000 records take 134 s."""
    from app.core import snapshot

    calls = []
    real = snapshot.get_type_hints

    def counted(kind: Any) -> Any:
        calls.append(kind)
        return real(kind)

    monkeypatch.setattr(snapshot, "get_type_hints", counted)
    snapshot._plan.cache_clear()
    updates = [{"seq": k, "epoch": 0, "batch": k, "cost": 0.5} for k in range(2000)]
    epochs = [
        {"seq": k, "epoch": k, "batch": 0, "train_cost": 1.0, "train_accuracy": 0.5}
        | {"test_cost": 1.0, "test_accuracy": 0.5}
        for k in range(50)
    ]
    history = snapshot.history_from_records({"updates": updates, "epochs": epochs})
    assert len(history.updates) == 2000 and history.updates[7].cost == 0.5
    assert len(calls) <= 2  # once per kind of record, not once per record
    bad = [*updates[:3], {"seq": 3, "epoch": 0, "batch": "x", "cost": 0.5}]
    try:
        snapshot.history_from_records({"updates": bad})
    except snapshot.SnapshotError as e:
        assert "batch must be an int" in str(e)  # the fast path still says which field
    else:
        raise AssertionError("a bad record was read")


# ---------------------------------------------------------------- 12. what the docs promise


def test_an_unreadable_body_is_422_naming_body(client: TestClient) -> None:
    """Item 12: a body nested too deeply or not UTF-8 was a 400; every bad body is a 422."""
    deep = b'{"sizes": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    for body in (deep, b'{"eta": "\xff\xfe"}'):
        response = client.post("/api/sessions", content=body, headers=JSON)
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"] == ["body"]


def test_a_five_row_upload_trains_with_the_default_batch_size(client: TestClient) -> None:
    """Item 12: 5 rows keep 4 to train, fewer than the default m of 10."""
    rows = "x1,x2,label\n" + "".join(f"0.{k},0.{k},{k % 2}\n" for k in range(5))
    name = client.post("/api/datasets", content=rows, headers={"content-type": "text/csv"})
    response = client.post("/api/sessions", json={"dataset": name.json()["name"]})
    assert response.status_code == 201, response.text
    assert response.json()["config"]["batch_size"] == 4


def test_too_many_layers_names_the_servers_limit(client: TestClient) -> None:
    """Item 12: 72 layers said "at most 64" where the limit is NABLA_MAX_LAYERS, 8."""
    response = client.post("/api/sessions", json={"sizes": [2] + [3] * 70 + [2]})
    assert response.status_code == 422
    assert "2 to 8 layers" in response.json()["detail"][0]["msg"]
