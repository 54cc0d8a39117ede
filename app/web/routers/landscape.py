"""The cost landscape of a mini-batch over two parameters, and SGD's steps on it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import anyio
import numpy as np
from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError

from app.core import landscape as ls
from app.core.activations import Array
from app.core.network import Network
from app.core.records import BatchStart
from app.sessions.gradients import FullSets, OverBudget
from app.sessions.session import Session
from app.web.deps import BudgetDep, FullSetsDep, SessionDep, SettingsDep
from app.web.frames import encode_json
from app.web.protocol import LandscapeOut

router = APIRouter(prefix="/api/sessions", tags=["sessions"])

PARAM = r"^\d{1,6},\d{1,6}(,\d{1,6})?$"
PARAM_HELP = "l,j,k for weights[l][j][k]; l,j for biases[l][j]. Left out: a largest |nabla_w|."
PATH_MAX_M = 2000  # per_example paths are computed for mini-batches up to this size
FLOOR = 0.05  # the least half-width of the range, when the steps are tiny


def _invalid(name: str, message: str) -> RequestValidationError:
    """A 422 naming the query parameter at fault, in FastAPI's own format."""
    return RequestValidationError([{"loc": ("query", name), "msg": message, "type": "value_error"}])


def _param(network: Network, name: str, text: str | None) -> ls.Param | None:
    if text is None:
        return None
    parts = [int(p) for p in text.split(",")]
    p: ls.Param = (parts[0], parts[1], parts[2] if len(parts) == 3 else None)
    try:
        ls.check_param(network, p)
    except ValueError as e:
        raise _invalid(name, f"{name}: {e}") from None
    return p


def _param_out(p: ls.Param, auto: bool) -> dict[str, Any]:
    l, j, k = p
    return {"kind": "b" if k is None else "w", "layer": l, "j": j, "k": k, "auto": auto}


def _resolution(network: Network, m: int, low: int, asked: int, work: int) -> int:
    """The largest resolution up to ``asked`` whose grid costs at most ``work`` multiply-adds."""
    sizes = network.sizes
    per_point = m * (
        sizes[low + 1]
        + sum(a * b for a, b in zip(sizes[low + 1 :], sizes[low + 2 :], strict=False))
    )
    fits = int((work / max(1, per_point)) ** 0.5)
    return max(5, min(asked, fits))


def _full_step(
    fullsets: FullSets, session: Session, start: BatchStart, params: list[ls.Param]
) -> list[float] | None:
    """−η·∇C for the two parameters, ∇C over the whole training set at the mini-batch's start
    (L2's term included when λ > 0); None beyond the server's budget for a full pass."""
    try:
        truth = fullsets.get(session, start.weights, start.biases).truth
    except OverBudget:
        return None
    return [-start.eta * ls.value_of(truth.nabla_w, truth.nabla_b, p) for p in params]


@router.get("/{session_id}/landscape", response_model=LandscapeOut)
async def get_landscape(
    session: SessionDep,
    fullsets: FullSetsDep,
    settings: SettingsDep,
    budget: BudgetDep,
    w1: Annotated[str | None, Query(pattern=PARAM, description=PARAM_HELP)] = None,
    w2: Annotated[str | None, Query(pattern=PARAM, description=PARAM_HELP)] = None,
    resolution: Annotated[int, Query(ge=5, le=81)] = 41,
    span: Annotated[
        float | None,
        Query(gt=0, le=1e6, allow_inf_nan=False, description="Half-width of both axes."),
    ] = None,
    batch: Annotated[
        Literal["current", "last"],
        Query(description="current: under way, or the next; last: the last finished."),
    ] = "current",
) -> Response:
    """Show a mini-batch's mean cost over two parameters, with each example's step on it."""
    sizes = session.trainer.network.sizes
    nbytes = 64 * session.trainer.batch_size * sum(sizes) + 16 * resolution**2 + (8 << 20)
    async with budget.admit(nbytes, "this landscape"):
        return await anyio.to_thread.run_sync(
            _landscape, session, fullsets, settings.max_grid_work, w1, w2, resolution, span, batch
        )


def _landscape(
    session: Session,
    fullsets: FullSets,
    work: int,
    w1: str | None,
    w2: str | None,
    resolution: int,
    span: float | None,
    batch: str,
) -> Response:
    """The landscape's answer; in a thread."""
    found = session.batch_with_rows(last=batch == "last")
    if found is None:
        raise HTTPException(status.HTTP_409_CONFLICT, "no mini-batch has finished yet")
    start, trainer, xs, ys = found
    net = ls.at(trainer.network, start.weights, start.biases)
    first, second = _param(net, "w1", w1), _param(net, "w2", w2)
    if first is not None and first == second:
        raise _invalid("w2", "w2: w1 and w2 name the same parameter")
    chosen = tuple(p for p in (first, second) if p is not None)
    auto = iter(ls.largest_gradients(net, xs, ys, 2 - len(chosen), exclude=chosen))
    first = first or next(auto)
    second = second or next(auto)
    params = [first, second]

    at = np.array([ls.value_of(start.weights, start.biases, p) for p in params])
    steps = -(start.eta / start.m) * ls.example_gradients(net, xs, ys, params)
    decay = ls.decay_step(start.weights, params, start.eta, start.lmbda, trainer.n)
    chain = at + np.cumsum(steps, axis=0)
    end = (chain[-1] if len(chain) else at) + decay
    path = None
    if trainer.update == "per_example" and start.m <= PATH_MAX_M:
        path = ls.per_example_path(net, xs, ys, params, start.eta, start.lmbda, trainer.n)
    full_step = _full_step(fullsets, session, start, params)
    points: list[Array] = [chain, end[None, :]] + ([path] if path is not None else [])
    if full_step is not None:  # the range holds the whole training set's step too
        points.append((at + np.array(full_step))[None, :])
    extent = float(np.max(np.abs(np.concatenate(points) - at)))
    half = span if span is not None else max(FLOOR, 1.5 * extent)
    res = _resolution(net, start.m, min(first[0], second[0]), resolution, work)
    values1, values2 = (np.linspace(v - half, v + half, res) for v in at)
    cost = ls.batch_cost_grid(net, xs, ys, first, second, values1, values2)
    start_cost = float(ls.batch_cost_grid(net, xs, ys, first, second, at[:1], at[1:])[0, 0])
    body = {
        "full_step": full_step,
        "epoch": start.epoch,
        "batch": start.batch,
        "finished": batch == "last",
        "mode": trainer.update,
        "m": start.m,
        "eta": start.eta,
        "lmbda": start.lmbda,
        "rows": start.rows,
        "w1": _param_out(first, first not in chosen),
        "w2": _param_out(second, second not in chosen),
        "resolution": res,
        "xs": values1,
        "ys": values2,
        "cost": cost,
        "at": at,
        "start_cost": start_cost,
        "steps": steps,
        "decay": decay,
        "end": end,
        "path": path,
    }
    return Response(encode_json(body), media_type="application/json")
