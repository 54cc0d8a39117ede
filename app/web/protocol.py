"""The wire protocol: every message of the REST API and the WebSocket stream.

All JSON. Arrays are nested lists in the book's shapes: ``weights[l]`` is
``sizes[l+1]`` rows of ``sizes[l]`` numbers, ``biases[l]`` a list of
``sizes[l+1]``; per-layer arrays (``nabla_w``, ``delta_nabla_b``, ...) are
lists over ``l``. ``epoch``, ``batch`` and ``index`` count from 0. Every event
carries a ``seq`` that increases across the whole session.

Events (``type``): ``example`` (one example went through backprop and was
added into the running ``nabla_b``/``nabla_w``), ``update`` (the end of a
mini-batch: the one weight update), ``epoch`` (costs and accuracies).
``detail="summary"`` leaves out the big arrays, ``detail="none"`` sends
only ``epoch`` events. ``docs/websocket.md`` walks through it with examples.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Unit = Literal["example", "batch", "epoch"]
Detail = Literal["full", "summary", "none"]
Format = Literal["json", "factored"]
Activation = Literal["sigmoid", "tanh", "relu"]
CostName = Literal["quadratic", "cross_entropy"]
Init = Literal["gaussian", "scaled"]
Mode = Literal["batch", "per_example"]
Rng = Literal["numpy", "book"]
Seed = Annotated[
    int, Field(ge=0, lt=2**32, description="Seeds the data, the initial weights and the shuffle.")
]
Eta = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False, description="Learning rate η.")]
BatchSize = Annotated[int, Field(ge=1, le=1_000_000, description="Mini-batch size m.")]
Lmbda = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False, description="L2 parameter λ.")]

Vector = list[float]
Matrix = list[list[float]]


class Strict(BaseModel):
    """Requests refuse unknown fields and loose types: a typo or ``"seed": true`` is an error."""

    model_config = ConfigDict(extra="forbid", strict=True)


# ---------------------------------------------------------------- sessions


class SessionCreate(Strict):
    """``POST /api/sessions``: every field optional; left out means the data set's default."""

    dataset: str = Field(
        "moons", max_length=40, description="A name from GET /api/datasets, or an upload's id."
    )
    sizes: list[Annotated[int, Field(ge=1, le=100_000)]] | None = Field(
        None,  # how many layers is the server's limit (NABLA_MAX_LAYERS), checked with its name
        description="Neurons per layer, input first: [2, 4, 2].",
    )
    n_train: int | None = Field(None, ge=1, le=10_000_000)
    n_test: int | None = Field(None, ge=1, le=10_000_000)
    noise: float | None = Field(None, ge=0, le=1, allow_inf_nan=False, description="2-D sets only.")
    activation: Activation = Field("sigmoid", description="Hidden layers; the output is sigmoid.")
    cost: CostName = "quadratic"
    init: Init = Field("gaussian", description="gaussian: N(0,1); scaled: N(0, 1/n_in).")
    eta: Eta = 3.0
    batch_size: BatchSize = 10
    lmbda: Lmbda = 0.0
    update: Mode = Field(
        "batch", description="batch: the book; per_example: update inside the loop."
    )
    seed: Seed = 0
    rng: Rng = Field(
        "numpy",
        description="numpy: Nabla's generator; book: network.py's np.random.seed and "
        "random.shuffle from the same seed, on the data in the file's order.",
    )


class SessionConfig(BaseModel):
    """A session's configuration with every field filled in."""

    dataset: str
    sizes: list[int]
    n_train: int
    n_test: int
    noise: float | None
    activation: Activation
    cost: CostName
    init: Init
    eta: float
    batch_size: int
    lmbda: float
    update: Mode
    seed: int
    rng: Rng


class Metrics(BaseModel):
    """Cost and accuracy after an epoch, on the training and the test set."""

    epoch: int
    train_cost: float
    train_accuracy: float
    test_cost: float
    test_accuracy: float
    warning: str = Field(
        "", description="What went wrong though every number is finite (saturated, huge weights)."
    )


class SessionState(BaseModel):
    """Where training is: ``index`` is the next example of mini-batch ``batch``."""

    epoch: int
    batch: int
    index: int
    batch_size: int = Field(description="m of the current (or next) mini-batch.")
    batches_per_epoch: int
    updates: int = Field(description="Weight updates applied so far.")
    seq: int = Field(description="seq of the last event.")
    status: Literal["ready", "diverged"]
    message: str
    eta: float
    has_last_batch: bool = Field(
        description="A finished mini-batch is kept, so `batch=last` answers: false before the "
        "first update, and after a restore until the next."
    )
    metrics: Metrics | None = Field(description="After the last finished epoch.")


class SessionOut(BaseModel):
    """A session: its id, its full configuration and its state."""

    id: str
    config: SessionConfig
    state: SessionState


class NetworkOut(BaseModel):
    """The current parameters: ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``."""

    sizes: list[int]
    weights: list[Matrix]
    biases: list[Vector]


class StepRequest(Strict):
    """``POST /api/sessions/{id}/step``."""

    unit: Unit = "example"
    count: int = Field(1, ge=1, le=1_000_000)
    detail: Detail = "full"


EditKind = Literal["weight", "bias"]


class EditRequest(Strict):
    """``POST /api/sessions/{id}/edit``: set ``weights[layer][row][col]`` or ``biases[layer][row]``.

    Only between two mini-batches (409 in the middle of one); indices out of
    the network's range are a 422 naming the field.
    """

    layer: int = Field(ge=0, le=64, description="0 feeds the first hidden layer.")
    kind: EditKind
    row: int = Field(ge=0, description="The neuron of layer+1 (j).")
    col: int | None = Field(None, ge=0, description="The neuron of layer (k); weights only.")
    value: float = Field(ge=-1000, le=1000, allow_inf_nan=False)


class ResetRequest(Strict):
    """``POST /api/sessions/{id}/reset``: without a seed, the same initial weights again."""

    seed: Seed | None = None


# ---------------------------------------------------------------- events


class ExampleEventOut(BaseModel):
    """One example's backprop; arrays absent with ``detail="summary"``."""

    type: Literal["example"]
    seq: int
    epoch: int
    batch: int
    index: int = Field(description="Position k in the mini-batch, 0..m-1.")
    batch_size: int
    sample: int = Field(description="Row of the training set.")
    cost: float
    y: Vector
    output: Vector
    x: Vector | None = None
    delta_nabla_b: list[Vector] | None = None
    delta_nabla_w: list[Matrix] | None = None
    nabla_b: list[Vector] | None = Field(None, description="Running sum over examples 0..index.")
    nabla_w: list[Matrix] | None = None
    weights: list[Matrix] | None = Field(None, description="per_example mode: after this step.")
    biases: list[Vector] | None = None


class BatchStartOut(BaseModel):
    """The parameters a mini-batch started from, before its first example's step."""

    weights: list[Matrix]
    biases: list[Vector]


class CurrentBatchOut(BaseModel):
    """``GET /api/sessions/{id}/batch``: the mini-batch under way, as the stream sent it."""

    examples: list[ExampleEventOut] = Field(
        description="Examples 0..index-1 of the current mini-batch, in order; [] between two."
    )
    start: BatchStartOut | None = Field(
        None,
        description="per_example mode, full detail, mid-mini-batch: the weights before example 0.",
    )
    state: SessionState


class UpdateEventOut(BaseModel):
    """The end of a mini-batch; in batch mode, w ← (1 − ηλ/n)·w − (η/m)·nabla_w."""

    type: Literal["update"]
    seq: int
    epoch: int
    batch: int
    batch_size: int
    eta: float
    lmbda: float
    mode: Mode
    cost: float = Field(description="Mean cost of the mini-batch's examples.")
    nabla_b: list[Vector] | None = None
    nabla_w: list[Matrix] | None = None
    weights: list[Matrix] | None = Field(None, description="After the update.")
    biases: list[Vector] | None = None


class EpochEventOut(BaseModel):
    """The end of an epoch; ``batch`` is its last mini-batch."""

    type: Literal["epoch"]
    seq: int
    epoch: int
    batch: int
    train_cost: float
    train_accuracy: float
    test_cost: float
    test_accuracy: float
    confusion: list[list[int]] | None = Field(
        None, description="confusion[i][j]: test examples of class i put in class j (argmax)."
    )
    seconds: float | None = Field(
        None, description="Seconds the server spent training this epoch (not evaluating it)."
    )
    warning: str = Field(
        "", description="What went wrong though every number is finite (saturated, huge weights)."
    )


class EditEventOut(BaseModel):
    """A weight or a bias set by hand, between two mini-batches; ``col`` null for a bias."""

    type: Literal["edit"]
    seq: int
    epoch: int = Field(description="The cursor: the mini-batch taken at the new value.")
    batch: int
    index: int
    layer: int
    kind: EditKind
    row: int
    col: int | None
    old: float
    new: float


class ChangeOut(BaseModel):
    """η, m and λ in force from mini-batch ``batch`` of ``epoch`` on (changed during the run)."""

    type: Literal["change"]
    seq: int = Field(description="The last event's seq when the change was made.")
    epoch: int
    batch: int
    update: int = Field(description="Mini-batches before the first that uses the new values.")
    eta: float
    batch_size: int
    lmbda: float


class SettingsPatch(Strict):
    """``PATCH .../settings``: η, m and λ from the next mini-batch on; a field left out is kept."""

    eta: Eta | None = None
    batch_size: BatchSize | None = None
    lmbda: Lmbda | None = None


class SettingsResponse(BaseModel):
    """The change as the history keeps it (null: nothing changed), the config, the state."""

    change: ChangeOut | None
    config: SessionCreate
    state: SessionState


class EditResponse(BaseModel):
    """The ``edit`` event and the state after it."""

    event: EditEventOut
    state: SessionState


EventOut = Annotated[
    ExampleEventOut | UpdateEventOut | EpochEventOut | EditEventOut, Field(discriminator="type")
]


class StepResponse(BaseModel):
    """The events of a step request, in order, and the state after it."""

    events: list[EventOut]
    state: SessionState


class UpdatePoint(BaseModel):
    """One mini-batch in the history: its mean cost."""

    seq: int
    epoch: int
    batch: int
    cost: float


class HistoryOut(BaseModel):
    """Per mini-batch update and per epoch, since the start (or the last reset)."""

    updates: list[UpdatePoint]
    epochs: list[EpochEventOut]
    edits: list[EditEventOut]
    changes: list[ChangeOut] = Field(description="Changes of η, m and λ during the run.")


class PredictOut(BaseModel):
    """Outputs on a grid: ``outputs[i][j]`` is the output vector at ``(xs[j], ys[i])``."""

    resolution: int
    xs: Vector
    ys: Vector
    outputs: list[Matrix]


class DatasetOut(BaseModel):
    """A data set the server offers."""

    name: str
    description: str
    n_inputs: int
    n_classes: int
    kind: Literal["points", "image", "table"]
    default_sizes: list[int]
    default_n_train: int
    default_n_test: int
    max_n_train: int
    max_n_test: int
    has_noise: bool


class MnistOut(BaseModel):
    """``GET``/``POST /api/data/mnist``: the book's MNIST file on the server."""

    state: Literal["absent", "downloading", "ready", "failed"]
    done: int = Field(description="Bytes downloaded (the file's size once ready).")
    total: int | None = Field(description="Bytes in all, when known.")
    message: str = Field(description="Why it failed, and what to do.")
    source: Literal["download", "server"] = Field(
        description="download: fetched into the data directory; server: NABLA_MNIST's file."
    )


class PresetOut(BaseModel):
    """One of the book's experiments (``GET /api/book``)."""

    id: str
    chapter: int
    title: str
    config: SessionCreate
    epochs: int = Field(description="Epochs the book trains this run for.")
    figure: float | None = Field(
        description="The book's test accuracy for this run (0.9542 is 95.42 %); null: none quoted."
    )
    quote: str = Field(description="The book's words for it, or why no figure is given.")
    source: str = Field(description="Where in the book.")


class BookSpeedOut(BaseModel):
    """``GET /api/book/speed``: the book's per-example loop, timed on this server."""

    sizes: list[int]
    cost: CostName
    seconds_per_example: float = Field(
        description="network.py's update_mini_batch (one backprop per example), per example."
    )
    examples: int = Field(description="How many examples the calibration timed.")
    load: float = Field(description="The server's 1-minute load average when it was timed.")


class PresetsOut(BaseModel):
    """``GET /api/book``."""

    presets: list[PresetOut]
    why_it_differs: str = Field(description="Why a run's numbers differ from the book's.")


class UserDatasetOut(DatasetOut):
    """An uploaded data set: ``name`` is its id (``user-`` and 16 hex digits of its content)."""

    title: str = Field(description="The name given at upload.")
    n_rows: int
    class_names: list[str] = Field(description="Class k (output neuron k) is class_names[k].")
    column_names: list[str]
    has_split: bool = Field(description="Whether the data came with its own train/test split.")


class DatasetRows(Strict):
    """``POST /api/datasets`` as JSON: rows of numbers, each ending with its label unless
    ``labels`` holds them."""

    rows: list[list[float | str]] = Field(description="[[x1, x2, label], ...] or [[x1, x2], ...].")
    labels: list[int | str] | None = Field(None, description="One label per row, if not in rows.")
    name: str = Field("my data", max_length=60)


Part = Literal["train", "test"]


class ExamplesOut(BaseModel):
    """Inputs and classes: ``x[i]`` is example i's input (``n_inputs`` numbers), ``labels[i]``."""

    name: str
    part: Part
    total: int = Field(description="Examples in the part; x holds the first `limit` of them.")
    kind: Literal["points", "image", "table"]
    image_shape: list[int] | None = Field(description="Rows and columns of an image set's inputs.")
    x: list[list[float]]
    labels: list[int]


class Health(BaseModel):
    """``GET /api/health``."""

    status: Literal["ok", "degraded"]
    version: str
    problems: list[str] | None = Field(
        default=None, description="Only when degraded: why (the server still serves)."
    )


# ---------------------------------------------------------------- the WebSocket


class StepAction(Strict):
    """Advance ``count`` units now."""

    action: Literal["step"]
    unit: Unit = "example"
    count: int = Field(1, ge=1, le=1_000_000)


class PlayAction(Strict):
    """Keep stepping by ``unit`` at ``rate`` steps per second (``null``: as fast as possible).

    The ``stop_*`` conditions, checked at each epoch's end, end play by
    themselves; a ``stopped`` message says which one.
    """

    action: Literal["play"]
    unit: Unit = "example"
    rate: float | None = Field(10.0, gt=0, le=100_000, allow_inf_nan=False)
    stop_epochs: int | None = Field(None, ge=1, le=100_000, description="Epochs to play.")
    stop_cost: float | None = Field(
        None, gt=0, le=1e6, allow_inf_nan=False, description="Stop when train cost < this."
    )
    stop_accuracy: float | None = Field(
        None, gt=0, le=1, allow_inf_nan=False, description="Stop when test accuracy >= this."
    )


class CancelAction(Strict):
    """Stop play, and the step under way at the end of its current chunk."""

    action: Literal["cancel"]


class EditAction(Strict):
    """Set a weight or a bias (the fields of ``EditRequest``); every socket gets the event."""

    action: Literal["edit"]
    layer: int = Field(ge=0, le=64)
    kind: EditKind
    row: int = Field(ge=0)
    col: int | None = Field(None, ge=0)
    value: float = Field(ge=-1000, le=1000, allow_inf_nan=False)


class PauseAction(Strict):
    """Stop playing."""

    action: Literal["pause"]


class SetAction(Strict):
    """Change η, m or λ from the next mini-batch on, or this socket's detail or format."""

    action: Literal["set"]
    eta: Eta | None = None
    batch_size: BatchSize | None = None
    lmbda: Lmbda | None = None
    detail: Detail | None = None
    format: Format | None = None


class ResetAction(Strict):
    """Back to epoch 0 (a new seed draws new weights)."""

    action: Literal["reset"]
    seed: Seed | None = None


class SeenAction(Strict):
    """How many messages of this socket the client has handled so far (the page sends it a
    few times a second): playing stays within a few steps of it, so a pause answers at once."""

    action: Literal["seen"]
    count: int = Field(ge=0)


class PingAction(Strict):
    """Answered by a ``pong``."""

    action: Literal["ping"]


ClientMessage = Annotated[
    StepAction
    | PlayAction
    | PauseAction
    | SetAction
    | ResetAction
    | PingAction
    | SeenAction
    | CancelAction
    | EditAction,
    Field(discriminator="action"),
]

GroupClientMessage = Annotated[
    PlayAction | PauseAction | SeenAction | PingAction, Field(discriminator="action")
]
"""What a group's socket takes (``/api/groups/{id}/stream``): its play is the members' in
lock step; a step or a reset goes through REST."""


# ---------------------------------------------------------------- the engine's code


class CodeMark(BaseModel):
    """A statement of a listing: lines ``line``..``end_line`` of ``source``, counted from 1."""

    line: int
    end_line: int
    text: str = Field(description="The statement's first line, stripped.")


class CodeListing(BaseModel):
    """One method of ``Network``, as the server runs it; ``first_line`` is its line in ``file``."""

    name: str
    file: str
    first_line: int
    source: str
    marks: dict[str, CodeMark] = Field(
        description="loop, backprop, add_b, add_w, update_w, update_b, ... → their lines."
    )


class CodeOut(BaseModel):
    """``GET /api/code``: ``update_mini_batch``, ``update_per_example`` and ``backprop``."""

    functions: dict[str, CodeListing]


# ---------------------------------------------------------------- groups (compare mode)


class Variant(Strict):
    """What one member of a group changes; everything else is the group's shared config."""

    update: Mode | None = None
    batch_size: BatchSize | None = None
    eta: Eta | None = None


class GroupCreate(SessionCreate):
    """``POST /api/groups``: the shared config, and 2 or 3 variants, one per member."""

    variants: list[Variant] = Field(
        default_factory=lambda: [Variant(update="batch"), Variant(update="per_example")],
        min_length=2,
        max_length=3,
        description="Each may override update, batch_size and eta only.",
    )


class GroupOut(BaseModel):
    """A group: its id, its members (ordinary sessions, in order) and what each overrides."""

    id: str
    sessions: list[SessionOut]
    variants: list[Variant]


class MemberStep(StepResponse):
    """One member's events and state after a group step."""

    id: str


class GroupStepResponse(BaseModel):
    """``POST /api/groups/{id}/step``: per member, in the group's order."""

    id: str
    members: list[MemberStep]


# ---------------------------------------------------------------- the cost landscape


class ParamOut(BaseModel):
    """A parameter: the weight ``weights[layer][j][k]``, or the bias ``biases[layer][j]``."""

    kind: Literal["w", "b"]
    layer: int
    j: int
    k: int | None = Field(description="null for a bias.")
    auto: bool = Field(description="Chosen by the server: one of the largest |nabla_w|.")


class LandscapeOut(BaseModel):
    """``GET /api/sessions/{id}/landscape``: a mini-batch's mean cost over two parameters.

    ``cost[i][j]`` is the mean data cost of the mini-batch with ``w1 = xs[j]`` and
    ``w2 = ys[i]``, every other parameter held at the mini-batch's start.
    """

    epoch: int
    batch: int
    finished: bool = Field(description="This mini-batch's update has been applied.")
    mode: Mode
    m: int
    eta: float
    lmbda: float
    rows: list[int] = Field(description="The mini-batch's rows of the training set, in order.")
    w1: ParamOut
    w2: ParamOut
    resolution: int = Field(description="Grid points per axis (may be less than asked).")
    xs: Vector
    ys: Vector
    cost: Matrix
    at: Vector = Field(description="[w1, w2] at the start of the mini-batch.")
    start_cost: float = Field(description="The mini-batch's mean cost there.")
    steps: Matrix = Field(description="Per example i: −(η/m)·∇ᵢ for [w1, w2], at the start.")
    decay: Vector = Field(description="The L2 step −(ηλ/n)·w of the batch update (0 for biases).")
    end: Vector = Field(description="at + Σ steps + decay: where the batch update moves to.")
    path: Matrix | None = Field(
        description="per_example mode: [w1, w2] after each example's own step; else null."
    )
    full_step: Vector | None = Field(
        default=None,
        description="−η·∇C for [w1, w2]: ∇C the mean gradient over the whole training set at "
        "the start (with L2's (λ/n)·w when λ > 0); null beyond NABLA_MAX_GRADIENT_WORK.",
    )


# ---------------------------------------------------------------- saved runs


class CursorOut(Strict):
    """Where training is: ``index`` is the next example of mini-batch ``batch``.

    ``pos`` is where that mini-batch starts in the epoch's shuffled order.
    """

    epoch: int = Field(ge=0, le=10**9)
    batch: int = Field(ge=0, le=10**9)
    index: int = Field(ge=0, le=10**9)
    pos: int = Field(ge=0, le=10**9)


Float = Annotated[float, Field(allow_inf_nan=False)]
Record = dict[str, int | Float | str | list[list[int]] | None]  # lists: an epoch's confusion


class ParamsOut(Strict):
    """Weights and biases: ``weights[l]`` has shape ``(sizes[l+1], sizes[l])``."""

    weights: list[list[list[Float]]] = Field(max_length=64)
    biases: list[list[Float]] = Field(max_length=64)


class BatchOut(Strict):
    """The mini-batch under way: its m and eta, where it started, the running sums so far."""

    m: int = Field(ge=1, le=10**9)
    eta: Float = Field(ge=0)
    weights: list[list[list[Float]]] = Field(max_length=64, description="At its first example.")
    biases: list[list[Float]] = Field(max_length=64)
    sum_k: int = Field(0, ge=0, le=10**9, description="Examples in the sums (0: no sums).")
    nabla_b: list[list[Float]] | None = None
    nabla_w: list[list[list[Float]]] | None = None
    lmbda: Float | None = Field(
        None,
        ge=0,
        description="λ of this mini-batch, when it is not config.lmbda (changed during it).",
    )


class RngOut(Strict):
    """The only randomness while training: each epoch's shuffle, ``default_rng([seed, epoch])``.

    With ``config.rng`` book: ``random.shuffle`` after ``random.seed(seed)``, once an epoch.
    """

    generator: Literal["numpy.random.default_rng", "random.shuffle"] = "numpy.random.default_rng"
    seed: list[int] = Field(min_length=2, max_length=2, description="[config.seed, epoch].")


class RunSnapshot(Strict):
    """``GET .../export`` and ``POST /api/sessions/import``: a whole run, to go on exactly."""

    format: Literal["nabla-run"]
    version: Literal[1]
    config: SessionCreate
    network: ParamsOut
    cursor: CursorOut
    seq: int = Field(ge=0, le=10**12)
    updates: int = Field(ge=0, le=10**12)
    status: Literal["ready", "diverged"]
    message: str = Field(max_length=2000)
    rng: RngOut
    batch: BatchOut | None = Field(description="null between two mini-batches.")
    history: dict[str, list[Record]] = Field(
        max_length=16,
        description="updates, epochs, edits, changes (if any): the records of GET .../history.",
    )
