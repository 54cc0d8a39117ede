"""Wire shapes of the true gradient, the noise against m and the matrix form (gradient.py)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.web.protocol import Matrix, Mode, Vector


class GradientOut(BaseModel):
    """``GET /api/sessions/{id}/gradient``: a mean gradient in the book's shapes.

    ``over=all``: (1/n) Σ over the whole training set, at the session's current
    weights: the true gradient ∇C. ``over=batch``: the mean over the mini-batch's
    examples so far (the last finished one's when none is under way), as training
    took them: the estimate its update follows, −η times it.
    """

    over: Literal["all", "batch"]
    m: int = Field(description="How many examples the mean is over (n for over=all).")
    nabla_w: list[Matrix] = Field(description="nabla_w[l]: shape (sizes[l+1], sizes[l]).")
    nabla_b: list[Vector] = Field(description="nabla_b[l]: shape (sizes[l+1],).")
    cost: float = Field(description="The mean cost, plus (λ/2n)·Σw² when l2 is true.")
    l2: bool = Field(
        description="True when λ > 0: nabla_w includes the L2 term (λ/n)·w, as the update does "
        "(w → (1 − ηλ/n)·w − (η/m)·Σ∇Cₓ is a step of −η·(mean ∇Cₓ + (λ/n)·w))."
    )
    lmbda: float
    n: int = Field(description="The training set's size.")
    mode: Mode
    epoch: int = Field(description="over=batch: the mini-batch's epoch; over=all: the cursor's.")
    batch: int
    finished: bool = Field(description="over=batch: the mini-batch's update has been applied.")
    seconds: float = Field(description="Server time of this answer (0 when it was cached).")


class SpreadOut(BaseModel):
    """The random mini-batches of one size m (see app/core/noise.py)."""

    m: int
    draws: int
    mean_sq_distance: float = Field(description="Mean over the draws of ‖g_S − ∇C‖².")
    mean_cosine: float = Field(description="Mean over the draws of cos(g_S, ∇C).")
    expected_sq_distance: float = Field(description="σ²/m · (n − m)/(n − 1).")


class NoiseOut(BaseModel):
    """``GET /api/sessions/{id}/noise``: how far a mini-batch's mean lies from ∇C, against m."""

    n: int
    m_now: int = Field(description="The run's mini-batch size m.")
    k: int = Field(description="Draws asked per m (a large m draws fewer, m = n once).")
    seed: int
    sigma2: float = Field(description="σ² = (1/n) Σₓ ‖∇Cₓ − ∇C‖²: the spread at m = 1.")
    sizes: list[SpreadOut]
    seconds: float


class LineOut(BaseModel):
    """One run of one line of update_mini_batch_matrix (1-based in its listing)."""

    line: int
    run: int = Field(description="0 for the line's first run, 1 for its second (in a loop), …")
    values: dict[str, dict[str, Any]] = Field(
        description="Each name the line binds: {shape, entries}, {shapes} of a list, or {value}."
    )


class MatrixOut(BaseModel):
    """``GET /api/sessions/{id}/matrix``: one mini-batch through the loop and the matrix form."""

    epoch: int
    batch: int
    m: int
    finished: bool
    mode: Mode
    max_diff_w: float = Field(description="Largest |loop's nabla_w − Delta @ A.T| of any entry.")
    max_diff_b: float = Field(description="Largest |loop's nabla_b − Delta.sum(axis=1)|.")
    loop_seconds: float = Field(
        description="update_mini_batch on this mini-batch, best of repeats."
    )
    matrix_seconds: float = Field(description="update_mini_batch_matrix, best of repeats.")
    repeats: int
    lines: list[LineOut]
