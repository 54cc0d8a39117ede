"""Why sum at all: the true gradient beside the mini-batch's estimate, the noise against m, and
the loop beside the matrix form. The work runs in worker threads, off the event loop;
:class:`~app.sessions.gradients.FullSets` bounds and caches the big pass over the whole
training set, and a request that needs it is admitted against the memory budget first."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError

from app.core import matrix
from app.core.gradient import MeanGradient
from app.sessions.gradients import (
    BatchRead,
    FullSets,
    NoBatch,
    OverBudget,
    batch_estimate,
    read_batch,
)
from app.sessions.session import Session
from app.web.admission import Budget
from app.web.deps import BudgetDep, FullSetsDep, SessionDep
from app.web.estimates import GradientOut, MatrixOut, NoiseOut
from app.web.frames import encode_json

router = APIRouter(prefix="/api/sessions", tags=["why"])


def _over_budget(field: str, e: OverBudget) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", field), "msg": str(e), "type": "value_error"}])


def _read(session: Session, last: bool = False, whole: bool = False) -> BatchRead:
    """:func:`read_batch`, or 409 before the first example."""
    try:
        return read_batch(session, last, whole)
    except NoBatch as e:
        raise HTTPException(status.HTTP_409_CONFLICT, str(e)) from None


def _json(body: dict[str, Any]) -> Response:
    return Response(encode_json(body), media_type="application/json")


def _gradient(g: MeanGradient) -> dict[str, Any]:
    return {"m": g.m, "nabla_w": g.nabla_w, "nabla_b": g.nabla_b, "cost": g.cost, "l2": g.l2}


async def _admitted(
    budget: Budget, fullsets: FullSets, session: Session, field: str, work: Callable[[], Response]
) -> Response:
    """``work()`` in a worker thread, admitted for the peak bytes of the session's full set."""
    try:
        nbytes = fullsets.admission(session)
    except OverBudget as e:
        raise _over_budget(field, e) from None
    async with budget.admit(nbytes, f"{field}: a pass over the whole training set"):
        return await anyio.to_thread.run_sync(work)


@router.get("/{session_id}/gradient", response_model=GradientOut)
async def get_gradient(
    session: SessionDep,
    fullsets: FullSetsDep,
    budget: BudgetDep,
    over: Annotated[
        Literal["all", "batch"],
        Query(description="all: the whole training set (∇C); batch: the mini-batch so far."),
    ] = "all",
    at: Annotated[
        Literal["current", "batch"],
        Query(
            description="over=all: at the current weights, or at the start of the mini-batch "
            "over=batch answers for (its estimate was taken there)."
        ),
    ] = "current",
) -> Response:
    """The mean gradient over the training set, or over the mini-batch, in the book's shapes."""
    work = functools.partial(_gradient_answer, session, fullsets, over, at)
    if over == "batch":
        return await anyio.to_thread.run_sync(work)
    return await _admitted(budget, fullsets, session, "over", work)


def _gradient_answer(session: Session, fullsets: FullSets, over: str, at: str) -> Response:
    t0 = time.perf_counter()
    state = session.state()
    trainer = session.trainer
    common = {"over": over, "lmbda": trainer.lmbda, "n": trainer.n, "mode": trainer.update}
    if over == "all":
        where = {"epoch": state.epoch, "batch": state.batch, "finished": False}
        weights = biases = None
        if at == "batch":
            read = _read(session)
            weights, biases = read.network.weights, read.network.biases
            where = {"epoch": read.epoch, "batch": read.batch, "finished": read.finished}
        try:
            g = fullsets.get(session, weights, biases).truth
        except OverBudget as e:
            raise _over_budget("over", e) from None
    else:
        read = _read(session)
        where = {"epoch": read.epoch, "batch": read.batch, "finished": read.finished}
        g = batch_estimate(read)
    body = {**common, **where, **_gradient(g), "seconds": time.perf_counter() - t0}
    return _json(body)


@router.get("/{session_id}/noise", response_model=NoiseOut)
async def get_noise(
    session: SessionDep,
    fullsets: FullSetsDep,
    budget: BudgetDep,
    k: Annotated[int, Query(ge=2, le=200, description="Mini-batches drawn per m.")] = 20,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
) -> Response:
    """At the current weights: random mini-batches of each m, their means' spread around ∇C."""
    work = functools.partial(_noise_answer, session, fullsets, k, seed)
    return await _admitted(budget, fullsets, session, "noise", work)


def _noise_answer(session: Session, fullsets: FullSets, k: int, seed: int) -> Response:
    t0 = time.perf_counter()
    try:
        sigma2, sizes = fullsets.noise(session, k, seed)
    except OverBudget as e:
        raise _over_budget("noise", e) from None
    body = {
        "n": session.trainer.n,
        "m_now": session.trainer.batch_size,
        "k": k,
        "seed": seed,
        "sigma2": sigma2,
        "sizes": [s.__dict__ for s in sizes],
        "seconds": time.perf_counter() - t0,
    }
    return _json(body)


@router.get("/{session_id}/matrix", response_model=MatrixOut)
def get_matrix(
    session: SessionDep,
    fullsets: FullSetsDep,
    batch: Annotated[
        Literal["current", "last"],
        Query(
            description="current: the mini-batch under way (all its m examples); last: the "
            "last finished one."
        ),
    ] = "last",
) -> Response:
    """One mini-batch through update_mini_batch's loop and update_mini_batch_matrix, compared."""
    read = _read(session, last=batch == "last", whole=True)
    try:
        # the traced run, the loop's sum and the timed runs: a few passes over the m rows
        fullsets.check(read.network, 8 * len(read.xs), f"batch: a mini-batch of {len(read.xs)}")
    except OverBudget as e:
        raise _over_budget("batch", e) from None
    mini_batch = list(zip(read.xs, read.ys, strict=True))
    run = matrix.run_matrix(read.network, mini_batch, read.eta, read.lmbda, read.n)
    c = matrix.compare(read.network, mini_batch, read.eta, read.lmbda, read.n, run)
    body = {
        "epoch": read.epoch,
        "batch": read.batch,
        "m": len(mini_batch),
        "finished": read.finished,
        "mode": read.mode,
        **c.__dict__,
        "lines": [line.__dict__ for line in run.lines],
    }
    return _json(body)
