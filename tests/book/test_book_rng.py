"""``rng="book"``: the same numbers as network.py's own loop, from the same seed.

The oracle is written here from the book, independently of the engine: it reads the
file with plain ``pickle``, draws the weights after ``np.random.seed(seed)``, shuffles
a list of ``(x, y)`` columns with ``random.shuffle`` after ``random.seed(seed)``, and
trains with network.py's ``update_mini_batch`` (``bench/_network_py.py``).
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import numpy as np
import pytest

from app.sessions.build import build_trainer
from app.sessions.config import Limits, RunConfig, resolve

from .helpers import book_data, load_bench

network_py = load_bench("_network_py")


def book_evaluate(net: object, test_data: list[tuple[np.ndarray, int]]) -> int:
    """network.py's ``evaluate``: how many test inputs the network classes right."""
    correct = 0
    for x, y in test_data:
        a = x
        for b, w in zip(net.biases, net.weights, strict=True):  # type: ignore[attr-defined]
            a = network_py.sigmoid(np.dot(w, a) + b)
        correct += int(np.argmax(a) == y)
    return correct


def book_run(path: Path, sizes: list[int], seed: int, epochs: int, m: int, eta: float):  # type: ignore[no-untyped-def]
    """network.py's Network(sizes) and SGD, seeded as the book's reader would seed it."""
    training_data, test_data = book_data(path)
    np.random.seed(seed)
    biases = [np.random.randn(y, 1) for y in sizes[1:]]
    weights = [np.random.randn(y, x) for x, y in itertools.pairwise(sizes)]
    net = network_py.BookNetwork(weights, biases)
    random.seed(seed)
    results = []
    for _ in range(epochs):
        random.shuffle(training_data)
        for k in range(0, len(training_data), m):
            net.update_mini_batch(training_data[k : k + m], eta)
        results.append(
            (
                book_evaluate(net, test_data),
                [w.copy() for w in net.weights],
                [b[:, 0].copy() for b in net.biases],
            )
        )
    return results


@pytest.mark.parametrize("seed", [0, 12345678])
def test_book_rng_gives_network_py_s_weights_and_accuracies(book_file: Path, seed: int) -> None:
    sizes, m, eta = [784, 30, 10], 10, 3.0
    limits = Limits(mnist_path=str(book_file))
    config = resolve(
        RunConfig(
            dataset="mnist", sizes=tuple(sizes), eta=eta, batch_size=m, seed=seed, rng="book"
        ),
        limits,
    )
    data, trainer = build_trainer(config, limits)
    book = book_run(book_file, sizes, seed, epochs=2, m=m, eta=eta)
    for epoch, (correct, weights, biases) in enumerate(book):
        (event,) = trainer.step("epoch", 1, emit=False)
        assert event.epoch == epoch
        assert round(event.test_accuracy * len(data.x_test)) == correct
        if epoch == 0:
            for ours, theirs in zip(
                trainer.network.weights + trainer.network.biases, weights + biases, strict=True
            ):
                np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-12)


def test_book_rng_starts_from_network_py_s_draws_and_file_order(book_file: Path) -> None:
    limits = Limits(mnist_path=str(book_file))
    config = resolve(
        RunConfig(dataset="mnist", sizes=(784, 5, 10), init="scaled", seed=7, rng="book"), limits
    )
    data, trainer = build_trainer(config, limits)
    np.random.seed(7)
    biases = [np.random.randn(y, 1) for y in (5, 10)]
    weights = [np.random.randn(y, x) / np.sqrt(x) for x, y in ((784, 5), (5, 10))]
    for ours, theirs in zip(trainer.network.weights, weights, strict=True):
        assert np.array_equal(ours, theirs)
    for ours, theirs in zip(trainer.network.biases, biases, strict=True):
        assert np.array_equal(ours, theirs[:, 0])
    training, _ = book_data(book_file)
    # the data set's row i is the file's row i: sample numbers are rows of the file
    assert np.array_equal(data.x_train[3], training[3][0][:, 0])
    random.seed(7)
    rows = list(range(len(training)))
    random.shuffle(rows)
    first = trainer.step("example", 4)
    assert [e.sample for e in first] == rows[:4]  # type: ignore[attr-defined]


def test_the_default_generator_is_unchanged(book_file: Path) -> None:
    limits = Limits(mnist_path=str(book_file))
    config = resolve(RunConfig(dataset="mnist", sizes=(784, 5, 10), seed=3), limits)
    assert config.rng == "numpy"
    _, trainer = build_trainer(config, limits)
    first = np.random.default_rng(3).standard_normal(5)
    assert np.array_equal(trainer.network.biases[0], first)


def test_a_book_run_exported_mid_epoch_goes_on_as_the_book_does(book_file: Path) -> None:
    from fastapi.testclient import TestClient

    from app.settings import Settings
    from app.web.app import create_app

    settings = Settings(mnist_path=book_file, db=":memory:")
    config = {"dataset": "mnist", "sizes": [784, 10, 10], "rng": "book", "seed": 4}
    with TestClient(create_app(settings)) as client:
        sid = client.post("/api/sessions", json=config).json()["id"]
        step = {"unit": "batch", "count": 60, "detail": "none"}  # epoch 1 is 50 mini-batches
        assert client.post(f"/api/sessions/{sid}/step", json=step).status_code == 200
        run = client.get(f"/api/sessions/{sid}/export").json()
        assert run["rng"] == {"generator": "random.shuffle", "seed": [4, 1]}
        copy = client.post("/api/sessions/import", json=run).json()["id"]
        one = {"unit": "example", "count": 3, "detail": "summary"}
        ours = client.post(f"/api/sessions/{sid}/step", json=one).json()["events"]
        theirs = client.post(f"/api/sessions/{copy}/step", json=one).json()["events"]
    random.seed(4)
    rows = list(range(500))
    random.shuffle(rows)
    random.shuffle(rows)  # the second epoch shuffles the first's order again
    assert [e["sample"] for e in ours] == [e["sample"] for e in theirs] == rows[100:103]
