"""Server settings, read once from the environment (every variable starts with ``NABLA_``)."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BOOK_MNIST_URL = (
    "https://github.com/mnielsen/neural-networks-and-deep-learning/raw/master/data/mnist.pkl.gz"
)
"""Where the book's repository publishes its ``mnist.pkl.gz``."""

BOOK_MNIST_BYTES = 17_051_982
"""The size of that file, as GitHub serves it (``Length: 17051982``)."""

MNIST_FILE = "mnist.pkl.gz"


def default_data_dir() -> Path:
    """Per user: ``$XDG_DATA_HOME/nabla``, else ``~/.local/share/nabla``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "nabla"


WS_MAX_SIZE = 1024 * 1024
"""uvicorn's ``ws_max_size``: the transport drops a bigger WebSocket message (close 1009).

``max_message_bytes`` lies under it, so the app refuses first, saying why.
"""


class Settings(BaseSettings):
    """Every knob of the server, with its default; ``NABLA_<FIELD>`` overrides a field.

    The limits bound what one client can ask of the server: they are checked when a client
    creates or drives a session, so one browser tab cannot exhaust memory or CPU.
    """

    model_config = SettingsConfigDict(env_prefix="NABLA_", validate_by_name=True, extra="ignore")

    host: str = "127.0.0.1"
    """Address ``python -m app`` binds by default (``NABLA_HOST``)."""

    port: int = Field(default=8000, ge=0, le=65535)
    """Port ``python -m app`` binds by default (``NABLA_PORT``)."""

    mnist_path: Path | None = Field(default=None, validation_alias="NABLA_MNIST")
    """Server-side path to the MNIST data (``NABLA_MNIST``); never taken from a client.

    Without it the app uses ``mnist.pkl.gz`` in ``data_dir``, which ``nabla data mnist``
    or the page downloads.
    """

    data_dir: Path = Field(default_factory=default_data_dir)
    """Where downloaded data is kept (``NABLA_DATA_DIR``; the Docker image: its volume)."""

    mnist_url: str = BOOK_MNIST_URL
    """Where ``mnist.pkl.gz`` is downloaded from (``NABLA_MNIST_URL``): the book's, or a mirror."""

    mnist_sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    """The SHA-256 the download must have (``NABLA_MNIST_SHA256``); unset: not checked.

    Unset by default: no SHA-256 of the book's file is published; the size is checked, and
    the file must read as the book's format (50,000 / 10,000 / 10,000 rows of 784 pixels).
    """

    mnist_bytes: int | None = Field(default=BOOK_MNIST_BYTES, ge=1)
    """The size in bytes the download must have (``NABLA_MNIST_BYTES``); 0 or unset: any."""

    @field_validator("mnist_bytes", mode="before")
    @classmethod
    def _zero_is_any(cls, value: Any) -> Any:
        """``NABLA_MNIST_BYTES=0`` checks no size (a mirror of another build of the file)."""
        return None if value in (0, "0", "") else value

    def mnist_file(self) -> Path:
        """The mnist file the server trains on: ``NABLA_MNIST``, else the one in ``data_dir``."""
        return self.mnist_path if self.mnist_path is not None else self.data_dir / MNIST_FILE

    max_sessions: int = Field(default=200, ge=1)
    """Training sessions alive at once across all clients (``NABLA_MAX_SESSIONS``)."""

    max_sessions_per_client: int = Field(default=50, ge=1)
    """Sessions one client (one address) may keep at once (``NABLA_MAX_SESSIONS_PER_CLIENT``).

    A class behind one NAT shares one address: raise it, or set ``NABLA_CLIENT_ADDRESS_HEADER``.
    """

    session_evict_seconds: float = Field(default=300, ge=0)
    """A session may be evicted to make room only after this long unused with no socket open
    (``NABLA_SESSION_EVICT_SECONDS``); when none is, a new session is refused with a 429."""

    client_address_header: str = ""
    """Header a trusted proxy puts the client's address in (``NABLA_CLIENT_ADDRESS_HEADER``).

    Empty (the default): the connection's own address. Set it (``X-Forwarded-For``,
    ``X-Real-IP``) only behind a proxy that sets or appends it: its last address is taken.
    """

    session_idle_seconds: float = Field(default=3600, gt=0)
    """A session untouched for this long is dropped (``NABLA_SESSION_IDLE_SECONDS``)."""

    max_weights: int = Field(default=1_000_000, ge=1)
    """Most weights and biases one network may have (``NABLA_MAX_WEIGHTS``)."""

    max_layers: int = Field(default=8, ge=2)
    """Most layers one network may have, input and output included (``NABLA_MAX_LAYERS``)."""

    max_step_examples: int = Field(default=100_000, ge=1)
    """Most training examples one request may run through (``NABLA_MAX_STEP_EXAMPLES``)."""

    max_frame_floats: int = Field(default=8_000_000, ge=1)
    """Most numbers one step may send at full detail (``NABLA_MAX_FRAME_FLOATS``)."""

    max_batch_floats: int = Field(default=4_000_000, ge=1)
    """Most numbers a mini-batch keeps per array, m x sum(sizes) (``NABLA_MAX_BATCH_FLOATS``)."""

    max_grid_work: int = Field(default=300_000_000, ge=1_000_000)
    """Multiply-adds one ``predict`` or ``landscape`` grid may cost (``NABLA_MAX_GRID_WORK``).

    A grid that would cost more is drawn at the largest resolution that fits, and says so
    in its ``resolution``.
    """

    memory_budget_bytes: int = Field(default=512 * 1024 * 1024, ge=16 * 1024 * 1024)
    """Memory the heavy requests under way may hold together (``NABLA_MEMORY_BUDGET_BYTES``).

    Full-detail steps, group steps, imports, predictions and landscapes are admitted against
    it: one that alone needs more is a 413, one that does not fit now waits, then is a 429.
    """

    heavy_jobs: int = Field(default=2, ge=1)
    """Heavy requests run at once, the others wait their turn (``NABLA_HEAVY_JOBS``)."""

    heavy_wait_seconds: float = Field(default=10, ge=0)
    """How long a heavy request waits for room before its 429 (``NABLA_HEAVY_WAIT_SECONDS``)."""

    max_gradient_work: float = Field(default=4e9, gt=0)
    """Most multiply-adds, n × weights, of one pass over the whole training set
    (``NABLA_MAX_GRADIENT_WORK``): ``GET .../gradient?over=all`` and ``.../noise`` refuse
    beyond it. The default admits MNIST's 50,000 examples at [784, 100, 10] (about 4e9).
    """

    max_upload_bytes: int = Field(default=4_000_000, ge=1)
    """Largest data set one upload may send, in bytes (``NABLA_MAX_UPLOAD_BYTES``)."""

    max_upload_rows: int = Field(default=10_000, ge=5)
    """Most rows (examples) of an uploaded data set (``NABLA_MAX_UPLOAD_ROWS``)."""

    max_upload_columns: int = Field(default=256, ge=1)
    """Most input columns of an uploaded data set (``NABLA_MAX_UPLOAD_COLUMNS``)."""

    max_upload_classes: int = Field(default=20, ge=2)
    """Most classes of an uploaded data set (``NABLA_MAX_UPLOAD_CLASSES``)."""

    max_user_datasets: int = Field(default=50, ge=1)
    """Uploaded data sets kept at once, least recently used out (``NABLA_MAX_USER_DATASETS``)."""

    max_user_dataset_bytes: int = Field(default=100_000_000, ge=1)
    """Memory all uploaded data sets may take together (``NABLA_MAX_USER_DATASET_BYTES``)."""

    db: str = "data/nabla.sqlite3"
    """Where the sessions are kept (``NABLA_DB``): a SQLite file, its folder created if need be.

    ``:memory:`` keeps them in memory only: they end with the process. A
    ``postgresql://user:password@host/name`` URL keeps them in PostgreSQL, shared by every
    process that names it (the ``postgres`` extra): each session is held by one process
    at a time, under a lease, and another takes it over when that one stops answering.
    """

    lease_seconds: float = Field(default=3, gt=0, le=600)
    """How long a process's hold on a session lasts unless renewed (``NABLA_LEASE_SECONDS``).

    PostgreSQL only: it renews its leases four times a period; a session whose process died
    may be taken over by another this long after its last renewal.
    """

    max_import_bytes: int = Field(default=32 * 1024 * 1024, ge=1)
    """Largest saved run ``POST /api/sessions/import`` reads (``NABLA_MAX_IMPORT_BYTES``).

    ``NABLA_MAX_BODY_BYTES`` bounds every request body as well: the smaller of the two applies.
    """

    max_play_rate: float = Field(default=1000, gt=0, le=100_000)
    """Most steps per second a ``play`` may ask for (``NABLA_MAX_PLAY_RATE``)."""

    max_message_bytes: int = Field(default=64 * 1024, ge=1024, le=WS_MAX_SIZE)
    """Largest WebSocket message a client may send, in bytes (``NABLA_MAX_MESSAGE_BYTES``)."""

    max_messages_per_second: float = Field(default=50, gt=0)
    """Messages per second one socket may send, on average (``NABLA_MAX_MESSAGES_PER_SECOND``)."""

    message_burst: int = Field(default=100, ge=1)
    """Messages one socket may send at once above that rate (``NABLA_MESSAGE_BURST``)."""

    max_sockets_per_session: int = Field(default=8, ge=1)
    """WebSockets open at once on one session (``NABLA_MAX_SOCKETS_PER_SESSION``)."""

    max_body_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    """Largest request body the REST API reads, in bytes (``NABLA_MAX_BODY_BYTES``)."""

    max_json_bytes: int = Field(default=64 * 1024, ge=1024)
    """Largest JSON body of a request other than an upload or an import (``NABLA_MAX_JSON_BYTES``).

    Every other request body is a small JSON object (a config, a step, an edit): a bigger one
    is refused with a 413 before a byte of it is parsed.
    """

    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Extra origins allowed to open sessions, comma-separated (``NABLA_ALLOWED_ORIGINS``).

    Empty (the default) means same host only: a page served by this server itself.
    """

    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """More names the server answers to, comma-separated (``NABLA_ALLOWED_HOSTS``).

    Empty (the default): the loopback names, the address a connection came in on, and
    ``NABLA_HOST``; a request naming any other host is refused (DNS rebinding). Behind
    a proxy, list the public name (``nabla.example.org``); ``*`` answers to any name.
    """

    @field_validator("allowed_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        """Read ``"https://a.example, https://b.example"`` as a list of two origins."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value


@lru_cache
def get_settings() -> Settings:
    """The settings of this process, read from the environment on first use."""
    return Settings()
