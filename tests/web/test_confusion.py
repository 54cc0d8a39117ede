"""The epoch event's confusion matrix, against a count done here from the network and the data."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from .helpers import create


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def test_the_epoch_event_carries_the_test_sets_confusion_matrix(client: TestClient) -> None:
    sid = create(client, dataset="digits", n_train=200, n_test=80, batch_size=10)
    body = {"unit": "epoch", "count": 2, "detail": "none"}
    events = client.post(f"/api/sessions/{sid}/step", json=body).json()["events"]
    last = events[-1]
    assert last["type"] == "epoch" and last["epoch"] == 1
    net = client.get(f"/api/sessions/{sid}/network").json()
    test = client.get(f"/api/sessions/{sid}/data", params={"part": "test", "limit": 80}).json()
    a = np.array(test["x"])
    for w, b in zip(net["weights"], net["biases"], strict=True):
        a = sigmoid(a @ np.array(w).T + np.array(b))
    counts = np.zeros((10, 10), dtype=int)
    for label, output in zip(test["labels"], a, strict=True):
        counts[label, int(np.argmax(output))] += 1
    assert last["confusion"] == counts.tolist()
    assert np.trace(counts) / 80 == last["test_accuracy"]
    history = client.get(f"/api/sessions/{sid}/history").json()
    assert history["epochs"][-1]["confusion"] == last["confusion"]
