"""The examples themselves, for drawing: a session's data set and a preview of each data set.

The page rings the current example among its training points and draws a
thumbnail of each data set; neither is needed to train, so both are plain
reads that never touch the trainer.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
from fastapi import APIRouter, HTTPException, Query, Response

from app.core import datasets
from app.sessions.build import public_message
from app.web.deps import SessionDep, SettingsDep, TablesDep
from app.web.frames import encode_json
from app.web.protocol import ExamplesOut, Part
from app.web.routers.datasets import find

router = APIRouter(prefix="/api", tags=["data"])

PREVIEW_POINTS = 160
PREVIEW_IMAGES = 4


def _examples(data: datasets.Dataset, part: Part, limit: int) -> Response:
    x, labels = (
        (data.x_train, data.labels_train) if part == "train" else (data.x_test, data.labels_test)
    )
    body = {
        "name": data.name,
        "part": part,
        "total": len(x),
        "kind": data.kind,
        "image_shape": list(data.image_shape) if data.image_shape else None,
        "x": np.asarray(x[:limit]),
        "labels": np.asarray(labels[:limit]),
    }
    return Response(encode_json(body), media_type="application/json")


@router.get("/sessions/{session_id}/data", response_model=ExamplesOut)
def session_data(
    session: SessionDep,
    part: Part = "train",
    limit: Annotated[int, Query(ge=1, le=5000)] = 5000,
) -> Response:
    """Show a session's training (or test) examples, the first ``limit`` of them."""
    return _examples(session.data, part, limit)


@router.get("/datasets/{name}/preview", response_model=ExamplesOut)
def preview(name: str, settings: SettingsDep, tables: TablesDep) -> Response:
    """A few examples of a data set (seed 0, default noise), for its thumbnail."""
    mnist, table = find(name, settings, tables)
    if table is not None:
        data = datasets.load(name, table=table)
        return _examples(data, "train", PREVIEW_POINTS if data.kind == "points" else PREVIEW_IMAGES)
    small = name in datasets.GENERATORS
    try:
        data = datasets.load(
            name,
            n_train=PREVIEW_POINTS if small else None,
            n_test=1 if small else None,
            mnist_path=mnist,
        )
    except datasets.DatasetError as e:
        raise HTTPException(404, public_message(e)) from e
    return _examples(data, "train", PREVIEW_POINTS if small else PREVIEW_IMAGES)
