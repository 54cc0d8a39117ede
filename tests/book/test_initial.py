"""A run started from given weights and biases: network.py's own, as JSON or as an .npz file."""

from __future__ import annotations

import io
import itertools
import random
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from app.settings import Settings
from app.web.app import create_app

from .helpers import book_data, load_bench

network_py = load_bench("_network_py")
SIZES = [784, 20, 10]


def book_parameters(seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """network.py's Network(SIZES) drawn from numpy's global generator (biases as columns)."""
    np.random.seed(seed)
    biases = [np.random.randn(y, 1) for y in SIZES[1:]]
    weights = [np.random.randn(y, x) for x, y in itertools.pairwise(SIZES)]
    return weights, biases


def npz_bytes(weights: list[np.ndarray], biases: list[np.ndarray]) -> bytes:
    out = io.BytesIO()
    np.savez(out, *weights, *biases)
    return out.getvalue()


def test_a_run_from_network_py_s_weights_trains_as_network_py(book_file: Path) -> None:
    weights, biases = book_parameters(99)  # not the run's seed: the weights are given
    settings = Settings(mnist_path=book_file, db=":memory:")
    config = {"dataset": "mnist", "sizes": SIZES, "rng": "book", "seed": 5}
    with TestClient(create_app(settings)) as client:
        for body, kind in (
            (
                {"weights": [w.tolist() for w in weights], "biases": [b.tolist() for b in biases]},
                "json",
            ),
            (npz_bytes(weights, biases), "npz"),
        ):
            sid = client.post("/api/sessions", json=config).json()["id"]
            if kind == "json":
                put = client.put(f"/api/sessions/{sid}/network", json=body)
            else:
                headers = {"Content-Type": "application/octet-stream"}
                put = client.put(f"/api/sessions/{sid}/network", content=body, headers=headers)
            assert put.status_code == 200, put.text
            step = {"unit": "batch", "count": 3, "detail": "none"}
            assert client.post(f"/api/sessions/{sid}/step", json=step).status_code == 200
            ours = client.get(f"/api/sessions/{sid}/network").json()
            # the book's loop from the same weights, on the book's shuffle of seed 5
            net = network_py.BookNetwork(weights, biases)
            training, _ = book_data(book_file)
            random.seed(5)
            random.shuffle(training)
            for k in range(3):
                net.update_mini_batch(training[10 * k : 10 * k + 10], 3.0)
            for a, b in zip(ours["weights"], net.weights, strict=True):
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
            for a, b in zip(ours["biases"], net.biases, strict=True):
                np.testing.assert_allclose(a, b[:, 0], rtol=0, atol=1e-12)
            # once trained, no new start
            again = client.put(f"/api/sessions/{sid}/network", json={"weights": [], "biases": []})
            assert again.status_code == 422


def test_wrong_shapes_and_files_are_named(book_file: Path) -> None:
    weights, biases = book_parameters(1)
    settings = Settings(mnist_path=book_file, db=":memory:")
    with TestClient(create_app(settings)) as client:
        sid = client.post("/api/sessions", json={"dataset": "mnist", "sizes": SIZES}).json()["id"]
        url = f"/api/sessions/{sid}/network"
        bad = {
            "weights": [weights[0].T.tolist(), weights[1].tolist()],
            "biases": [b.tolist() for b in biases],
        }
        answer = client.put(url, json=bad)
        assert (
            answer.status_code == 422 and "weights[0]" in answer.text and "(20, 784)" in answer.text
        )
        headers = {"Content-Type": "application/octet-stream"}
        answer = client.put(url, content=b"not a zip", headers=headers)
        assert answer.status_code == 422 and "not an .npz file" in answer.text
        answer = client.put(url, content=npz_bytes(weights, []), headers=headers)
        assert answer.status_code == 422 and "arr_3" in answer.text
