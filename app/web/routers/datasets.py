"""The data sets the server offers, the ones clients upload, and each as a CSV file.

Uploads come as ``text/csv`` (the file itself as the body, as the page sends a
``File``) or as JSON rows; neither needs a multipart parser. The body is read
in chunks and refused as soon as it passes ``max_upload_bytes``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.core import datasets, userdata
from app.core.table import Table, TableLimits, UserDataError
from app.sessions.build import public_message
from app.sessions.userdata import TableStore
from app.settings import Settings
from app.web.deps import SettingsDep, TablesDep
from app.web.protocol import DatasetOut, DatasetRows, UserDatasetOut

router = APIRouter(prefix="/api", tags=["datasets"])

CSV_TYPES = ("text/csv",)  # not text/plain: a type a cross-site form may send
DOWNLOAD_MAX_CELLS = 5_000_000  # about 60 MB of CSV
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": DatasetRows.model_json_schema()},
        },
    }
}


def _unprocessable(
    field: str, message: str, where: str = "body", **ctx: int | None
) -> HTTPException:
    """A 422 in FastAPI's error format; ``ctx`` carries the row and column at fault."""
    error: dict[str, Any] = {"loc": [where, field], "msg": message, "type": "value_error"}
    if ctx:
        error["ctx"] = ctx
    return HTTPException(422, [error])


def _limits(settings: Settings) -> TableLimits:
    return TableLimits(
        max_rows=settings.max_upload_rows,
        max_columns=settings.max_upload_columns,
        max_classes=settings.max_upload_classes,
        max_bytes=settings.max_upload_bytes,
    )


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, or a 422 as soon as it passes ``limit`` bytes."""
    too_big = _unprocessable("file", f"the upload is more than the limit of {limit:,} bytes")
    if int(request.headers.get("content-length") or 0) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(kind: str, body: bytes, name: str, limits: TableLimits) -> Table:
    """A table from a CSV or JSON body; 422 naming the row and column at fault."""
    field = "file" if kind == "csv" else "rows"
    try:
        if kind == "csv":
            return userdata.parse_csv(body.decode("utf-8-sig"), name, limits)
        rows = DatasetRows.model_validate_json(body)
        return userdata.from_rows(rows.rows, rows.labels, rows.name, limits)
    except UnicodeDecodeError as e:
        raise _unprocessable(field, f"the file is not UTF-8 text (byte {e.start})") from e
    except ValidationError as e:
        errors = e.errors(include_url=False)
        raise RequestValidationError([{**x, "loc": ("body", *x["loc"])} for x in errors]) from e
    except UserDataError as e:
        raise _unprocessable(field, str(e), row=e.row, column=e.column) from e


def user_out(table: Table) -> UserDatasetOut:
    """The wire form of an uploaded table."""
    return UserDatasetOut(
        **asdict(datasets.table_info(table)),
        title=table.title,
        n_rows=table.n_rows,
        class_names=list(table.class_names),
        column_names=list(table.column_names),
        has_split=table.is_test is not None,
    )


@router.get("/datasets")
def list_datasets(settings: SettingsDep) -> list[DatasetOut]:
    """List every built-in data set with its inputs, classes and default network sizes."""
    mnist = str(settings.mnist_file())
    return [DatasetOut.model_validate(asdict(info)) for info in datasets.catalogue(mnist).values()]


@router.post("/datasets", status_code=201, openapi_extra=_UPLOAD_BODY)
async def upload(
    request: Request,
    settings: SettingsDep,
    tables: TablesDep,
    name: Annotated[str, Query(max_length=60)] = "my data",
) -> UserDatasetOut:
    """Upload a data set (CSV text or JSON rows); its id names it in POST /api/sessions."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in (*CSV_TYPES, "application/json"):
        raise HTTPException(415, f"send text/csv or application/json, not {media or 'nothing'}")
    limits = _limits(settings)
    body = await _body(request, limits.max_bytes)
    kind = "json" if media == "application/json" else "csv"
    table = await run_in_threadpool(_parse, kind, body, name, limits)
    try:
        return user_out(tables.add(table))
    except UserDataError as e:
        raise _unprocessable("file", str(e)) from e


def find(name: str, settings: Settings, tables: TableStore) -> tuple[str | None, Table | None]:
    """``(mnist_path, table)`` for data set ``name``, or 404 if there is none by that name."""
    mnist = str(settings.mnist_file())
    table = tables.get(name)
    if table is None and name not in datasets.catalogue(mnist):
        gone = " (uploaded data sets are kept for a while only)" if name.startswith("user-") else ""
        raise HTTPException(404, f"no data set named {name!r}{gone}")
    return mnist, table


@router.get("/datasets/{name}")
def dataset(name: str, settings: SettingsDep, tables: TablesDep) -> DatasetOut | UserDatasetOut:
    """Describe one data set, built-in or uploaded."""
    mnist, table = find(name, settings, tables)
    if table is not None:
        return user_out(table)
    return DatasetOut.model_validate(asdict(datasets.catalogue(mnist)[name]))


@router.get("/datasets/{name}/csv", response_class=Response)
def download(
    name: str,
    settings: SettingsDep,
    tables: TablesDep,
    n_train: Annotated[int | None, Query(ge=1)] = None,
    n_test: Annotated[int | None, Query(ge=1)] = None,
    noise: Annotated[float | None, Query(ge=0, le=1, allow_inf_nan=False)] = None,
    seed: Annotated[int, Query(ge=0, lt=2**32)] = 0,
) -> Response:
    """Download a data set as CSV: its inputs as the network sees them, label, split."""
    mnist, table = find(name, settings, tables)
    try:
        data = datasets.load(
            name,
            n_train=n_train,
            n_test=n_test,
            noise=noise,
            seed=seed,
            mnist_path=mnist,
            table=table,
        )
    except datasets.DatasetError as e:
        field = str(e).split(" ", 1)[0]
        loc = field if field in ("n_train", "n_test", "noise", "seed") else "name"
        raise _unprocessable(loc, public_message(e), where="query") from e
    cells = (data.n_train + data.n_test) * (data.n_inputs + 2)
    if cells > DOWNLOAD_MAX_CELLS:
        raise _unprocessable(
            "n_train",
            f"{cells:,} cells is more than one download may hold ({DOWNLOAD_MAX_CELLS:,}): "
            "ask for fewer rows with n_train and n_test",
            where="query",
        )
    return Response(
        _csv(data, table),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-seed{seed}.csv"'},
    )


def _csv(data: datasets.Dataset, table: Table | None) -> str:
    """The train rows then the test rows of ``data``, with a header."""
    x = np.concatenate([data.x_train, data.x_test])
    labels = np.concatenate([data.labels_train, data.labels_test])
    is_test = [False] * data.n_train + [True] * data.n_test
    columns = table.column_names if table else [f"x{j + 1}" for j in range(data.n_inputs)]
    names = [data.class_names[k] for k in labels]
    return userdata.to_csv(x, names, is_test, columns)
