"""GET /api/datasets: what a client may train on, and that each entry's defaults build a session."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core import datasets
from app.settings import Settings

FIELDS = {
    "name",
    "description",
    "n_inputs",
    "n_classes",
    "kind",
    "default_sizes",
    "default_n_train",
    "default_n_test",
    "max_n_train",
    "max_n_test",
    "has_noise",
}
POINT_SETS = {"moons", "circles", "xor", "gaussian", "spiral"}


def test_lists_every_data_set_with_its_shape(client: TestClient) -> None:
    response = client.get("/api/datasets")
    assert response.status_code == 200
    listed = response.json()
    assert {d["name"] for d in listed} == POINT_SETS | {"digits"}
    for entry in listed:
        assert set(entry) == FIELDS, entry["name"]
        assert isinstance(entry["description"], str) and len(entry["description"]) > 10
        sizes = entry["default_sizes"]
        assert len(sizes) >= 2 and all(isinstance(s, int) and s >= 1 for s in sizes)
        assert (sizes[0], sizes[-1]) == (entry["n_inputs"], entry["n_classes"]), entry["name"]
        assert 1 <= entry["default_n_train"] <= entry["max_n_train"]
        assert 1 <= entry["default_n_test"] <= entry["max_n_test"]
        assert entry["has_noise"] == (entry["name"] in POINT_SETS)


def test_the_shapes_are_the_data_sets_own(client: TestClient) -> None:
    by_name = {d["name"]: d for d in client.get("/api/datasets").json()}
    assert by_name["moons"]["n_inputs"] == 2 and by_name["moons"]["n_classes"] == 2
    assert by_name["moons"]["kind"] == "points"
    assert (by_name["digits"]["n_inputs"], by_name["digits"]["n_classes"]) == (64, 10)
    assert by_name["digits"]["kind"] == "image"
    for name in ("moons", "digits"):
        data = datasets.load(name, n_train=10, n_test=5)
        assert (data.n_inputs, data.n_classes) == (
            by_name[name]["n_inputs"],
            by_name[name]["n_classes"],
        )


def test_each_entry_builds_a_session_from_its_defaults(client: TestClient) -> None:
    for entry in client.get("/api/datasets").json():
        response = client.post("/api/sessions", json={"dataset": entry["name"]})
        assert response.status_code == 201, (entry["name"], response.text)
        config = response.json()["config"]
        assert config["sizes"] == entry["default_sizes"]
        assert (config["n_train"], config["n_test"]) == (
            entry["default_n_train"],
            entry["default_n_test"],
        )
        assert (config["noise"] is not None) == entry["has_noise"]


def test_a_session_may_use_up_to_the_listed_maximum(client: TestClient) -> None:
    moons = next(d for d in client.get("/api/datasets").json() if d["name"] == "moons")
    body = {"dataset": "moons", "n_train": moons["max_n_train"], "n_test": 1}
    assert client.post("/api/sessions", json=body).status_code == 201
    body["n_train"] += 1
    assert client.post("/api/sessions", json=body).status_code == 422


class TestWithoutTheMnistFile:
    """NABLA_MNIST naming a missing file: mnist is not offered (and cannot be asked for)."""

    @pytest.fixture
    def app_settings(self, tmp_path: Path) -> Settings:
        return Settings(mnist_path=tmp_path / "missing.pkl.gz")

    def test_mnist_is_not_listed(self, client: TestClient) -> None:
        assert "mnist" not in {d["name"] for d in client.get("/api/datasets").json()}
        response = client.post("/api/sessions", json={"dataset": "mnist"})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "dataset"]


class TestWithABrokenMnistFile:
    """NABLA_MNIST naming a file that is not MNIST: listed, but a session on it is a 422."""

    @pytest.fixture
    def app_settings(self, tmp_path: Path) -> Settings:
        (tmp_path / "mnist.pkl.gz").write_bytes(b"not a gzipped pickle")
        return Settings(mnist_path=tmp_path / "mnist.pkl.gz")

    def test_mnist_is_listed_and_refused_cleanly(self, client: TestClient) -> None:
        by_name = {d["name"]: d for d in client.get("/api/datasets").json()}
        assert by_name["mnist"]["default_sizes"] == [784, 30, 10]
        response = client.post("/api/sessions", json={"dataset": "mnist", "n_train": 100})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "dataset"]

    def test_the_answer_does_not_name_the_servers_file(
        self, client: TestClient, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        response = client.post("/api/sessions", json={"dataset": "mnist", "n_train": 100})
        preview = client.get("/api/datasets/mnist/preview")
        assert response.status_code == 422
        assert preview.status_code == 404
        for answer in (response.text, preview.text):
            assert str(tmp_path) not in answer and "mnist.pkl.gz" not in answer
            assert "cannot be used" in answer
        assert str(tmp_path) in caplog.text  # the operator still learns which file and why
