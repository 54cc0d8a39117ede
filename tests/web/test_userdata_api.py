"""POST /api/datasets and GET /api/datasets/{id}[/csv]: your own data, from upload to training.

The oracles are written here: the scaling and one-hot targets from a count of the
rows, and each example's gradient from the book's ``Network.backprop`` on those rows.
"""

import csv
import io
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.core.network import Network
from app.settings import Settings
from app.web.app import create_app

HEADER_CSV = "height,weight,kind\n" + "".join(
    f"{150 + 5 * i},{50 + (7 * i) % 40},{'tall' if i >= 6 else 'short'}\n" for i in range(12)
)
PLAIN_CSV = "".join(f"{(i % 5) / 5 - 0.4},{(i % 3) / 3},{i % 3}\n" for i in range(15))


def upload_csv(client: TestClient, text: str | bytes, name: str = "mine") -> Any:
    return client.post(
        f"/api/datasets?name={name}", content=text, headers={"content-type": "text/csv"}
    )


def uploaded(client: TestClient, text: str) -> dict[str, Any]:
    response = upload_csv(client, text)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def same_data(client: TestClient, a: dict[str, Any], b: dict[str, Any]) -> None:
    """Sessions ``a`` and ``b`` train and test on the same inputs and classes, in order."""
    for part in ("train", "test"):
        got = [client.get(f"/api/sessions/{s['id']}/data?part={part}").json() for s in (a, b)]
        assert (got[0]["x"], got[0]["labels"]) == (got[1]["x"], got[1]["labels"])


def error_of(response: Any) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    detail: dict[str, Any] = response.json()["detail"][0]
    return detail


def test_a_csv_with_a_header_becomes_a_data_set(client: TestClient) -> None:
    body = uploaded(client, HEADER_CSV)
    assert body["name"].startswith("user-") and body["title"] == "mine"
    assert (body["n_inputs"], body["n_classes"], body["kind"]) == (2, 2, "points")
    assert body["class_names"] == ["short", "tall"] and body["column_names"] == ["height", "weight"]
    assert (body["n_rows"], body["default_n_train"], body["default_n_test"]) == (12, 10, 2)
    assert body["default_sizes"] == [2, 8, 2] and not body["has_split"]
    assert client.get(f"/api/datasets/{body['name']}").json() == body
    assert body["name"] not in {d["name"] for d in client.get("/api/datasets").json()}


def test_a_csv_without_a_header_and_json_rows_of_it_get_one_id(client: TestClient) -> None:
    body = uploaded(client, PLAIN_CSV)
    assert body["column_names"] == ["x1", "x2"] and body["class_names"] == ["0", "1", "2"]
    rows = [[float(a), float(b), int(c)] for a, b, c in csv.reader(io.StringIO(PLAIN_CSV))]
    response = client.post("/api/datasets", json={"rows": rows, "name": "drawn"})
    assert response.status_code == 201, response.text
    assert response.json()["name"] == body["name"] and response.json()["title"] == "mine"
    split = {"rows": [r[:2] for r in rows], "labels": [int(r[2]) for r in rows]}
    assert client.post("/api/datasets", json=split).json()["name"] == body["name"]


def test_the_inputs_are_scaled_and_the_targets_one_hot(client: TestClient) -> None:
    sid = client.post(
        "/api/sessions",
        json={
            "dataset": uploaded(client, HEADER_CSV)["name"],
            "n_train": 8,
            "n_test": 4,
            "batch_size": 4,
        },
    ).json()["id"]
    parts = [client.get(f"/api/sessions/{sid}/data?part={p}").json() for p in ("train", "test")]
    x = np.array(parts[0]["x"] + parts[1]["x"])
    labels = parts[0]["labels"] + parts[1]["labels"]
    heights = 150 + 5 * np.arange(12)  # 150..205 -> -1..1
    want = np.column_stack([2 * (heights - 150) / 55 - 1, 2 * ((7 * np.arange(12)) % 40) / 37 - 1])
    order = np.argsort(x[:, 0])
    np.testing.assert_allclose(x[order], want, atol=1e-12)
    assert sorted(labels) == [0] * 6 + [1] * 6  # 6 short, 6 tall
    assert [labels[i] for i in order] == [0] * 6 + [1] * 6


def test_a_session_on_uploaded_data_steps_as_the_book_says(client: TestClient) -> None:
    name = uploaded(client, PLAIN_CSV)["name"]
    config = {"dataset": name, "sizes": [2, 4, 3], "batch_size": 3, "seed": 7, "eta": 0.5}
    created = client.post("/api/sessions", json=config)
    assert created.status_code == 201, created.text
    sid = created.json()["id"]
    rows = {(float(a), float(b)): int(c) for a, b, c in csv.reader(io.StringIO(PLAIN_CSV))}
    # both columns lie inside [-1, 1], so the inputs are the rows as written
    network = Network([2, 4, 3], seed=7)
    events = client.post(f"/api/sessions/{sid}/step", json={"unit": "batch"}).json()["events"]
    assert [e["type"] for e in events] == ["example"] * 3 + ["update"]
    for event in events[:3]:
        x, y = np.array(event["x"]), np.array(event["y"])
        assert y.tolist() == np.eye(3)[rows[tuple(x.tolist())]].tolist()
        nabla_b, nabla_w = network.backprop(x, y)
        for got, want in zip(event["delta_nabla_w"], nabla_w, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
        for got, want in zip(event["delta_nabla_b"], nabla_b, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    predict = client.get(f"/api/sessions/{sid}/predict?resolution=4")
    assert predict.status_code == 200 and np.shape(predict.json()["outputs"]) == (4, 4, 3)


@pytest.mark.parametrize("name", ["moons", "digits"])
def test_a_built_in_set_downloads_and_uploads_as_the_same_arrays(
    client: TestClient, name: str
) -> None:
    # enough digits that every class shows up: a CSV only knows the classes it holds
    query = "n_train=300&n_test=60&seed=3" + ("&noise=0.2" if name == "moons" else "")
    response = client.get(f"/api/datasets/{name}/csv?{query}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    session = {"dataset": name, "n_train": 300, "n_test": 60, "seed": 3}
    want = client.post("/api/sessions", json=session | ({"noise": 0.2} if name == "moons" else {}))
    again = uploaded(client, response.text)
    assert again["has_split"] and (again["default_n_train"], again["default_n_test"]) == (300, 60)
    got = client.post("/api/sessions", json={"dataset": again["name"], "seed": 11})
    same_data(client, want.json(), got.json())


def test_uploaded_data_downloads_with_its_split_and_comes_back_the_same(client: TestClient) -> None:
    name = uploaded(client, HEADER_CSV)["name"]
    text = client.get(f"/api/datasets/{name}/csv?seed=2&n_train=9").text
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["height", "weight", "label", "split"]
    assert [r[3] for r in lines[1:]] == ["train"] * 9 + ["test"] * 2
    again = uploaded(client, text)
    config = {"dataset": name, "seed": 2, "n_train": 9, "batch_size": 3}
    first = client.post("/api/sessions", json=config).json()
    second = client.post("/api/sessions", json={"dataset": again["name"], "batch_size": 3}).json()
    same_data(client, first, second)


BAD = [
    ("", "file", "row 1: the file is empty"),
    ("a,b,c\n1,2,0\n1,x,1\n1,2,0\n1,2,1\n1,1,1\n", "file", "row 3, column 2: 'x' is not a number"),
    (
        "1,2,0\n1,2\n1,2,0\n1,2,1\n1,1,1\n",
        "file",
        "row 2: the row has 2 cells where the first has 3",
    ),
    ("1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,1,0\n", "file", "column 3: the labels hold one class only"),
    ("1,2,0\n1,NaN,1\n1,2,0\n1,2,1\n1,1,1\n", "file", "row 2, column 2: nan is not a finite"),
    ("1,2,0\n1,2,1\n1,2,0\n1,2,1\n1,inf,1\n", "file", "row 5, column 2: inf is not a finite"),
    (b"1,2,\xff\n", "file", "the file is not UTF-8"),
]


@pytest.mark.parametrize(("text", "field", "message"), BAD)
def test_a_bad_file_is_a_422_naming_the_row_and_column(
    client: TestClient, text: str | bytes, field: str, message: str
) -> None:
    error = error_of(upload_csv(client, text))
    assert error["loc"] == ["body", field] and error["msg"].startswith(message)


def test_bad_json_rows_name_the_row_and_column(client: TestClient) -> None:
    rows: list[list[Any]] = [[0.1, 0.2, 0], [0.3, "a", 1], [0.5, 0.5, 0], [0.2, 0.1, 1], [0, 1, 1]]
    error = error_of(client.post("/api/datasets", json={"rows": rows}))
    assert error["msg"] == "row 2, column 2: 'a' is not a number"
    assert error["loc"] == ["body", "rows"] and error["ctx"] == {"row": 2, "column": 2}
    error = error_of(client.post("/api/datasets", json={"rows": [[0.1, True, 0]]}))
    assert error["loc"][:4] == ["body", "rows", 0, 1]
    error = error_of(client.post("/api/datasets", json={"rows": [], "extra": 1}))
    assert error["loc"][:2] == ["body", "extra"] or error["loc"] == ["body", "rows"]
    response = client.post("/api/datasets", content="1,2", headers={"content-type": "text/xml"})
    assert response.status_code == 415 and "text/csv" in response.json()["detail"]


@pytest.mark.parametrize(
    ("limits", "text", "message"),
    [
        ({"max_upload_bytes": 40}, PLAIN_CSV, "the upload is more than the limit of 40 bytes"),
        ({"max_upload_rows": 10}, PLAIN_CSV, "row 11: 15 rows is more than the limit of 10"),
        ({"max_upload_columns": 1}, PLAIN_CSV, "row 1, column 2: 2 feature columns is more"),
        ({"max_upload_classes": 2}, PLAIN_CSV, "column 3: 3 classes is more than the limit of 2"),
    ],
)
def test_every_upload_limit_is_a_setting(limits: dict[str, int], text: str, message: str) -> None:
    with TestClient(create_app(Settings.model_validate(limits))) as client:
        assert error_of(upload_csv(client, text))["msg"].startswith(message)
        assert uploaded(client, "1,0\n2,1\n3,0\n4,1\n5,0\n")["n_rows"] == 5


def test_the_store_keeps_the_latest_uploads_and_a_lost_one_is_named() -> None:
    with TestClient(create_app(Settings(max_user_datasets=1))) as client:
        first = uploaded(client, PLAIN_CSV)["name"]
        uploaded(client, HEADER_CSV)
        gone = client.get(f"/api/datasets/{first}")
        assert gone.status_code == 404 and "kept for a while only" in gone.json()["detail"]
        error = error_of(client.post("/api/sessions", json={"dataset": first}))
        assert error["loc"] == ["body", "dataset"] and "upload the data again" in error["msg"]
        assert client.get(f"/api/datasets/{first}/csv").status_code == 404


def test_download_checks_its_query(client: TestClient) -> None:
    error = error_of(client.get("/api/datasets/moons/csv?n_train=2"))
    assert error["loc"] == ["query", "n_train"] and "n_train must be between" in error["msg"]
    error = error_of(client.get("/api/datasets/digits/csv?noise=0.1"))
    assert error["loc"] == ["query", "noise"]
    assert client.get("/api/datasets/nothing/csv").status_code == 404
    name = uploaded(client, PLAIN_CSV)["name"]
    error = error_of(client.get(f"/api/datasets/{name}/csv?n_train=14&n_test=5"))
    assert "n_train + n_test must be at most 15" in error["msg"]
    preview = client.get(f"/api/datasets/{name}/preview").json()
    assert preview["total"] == 12 and preview["kind"] == "points"


def test_json_rows_meet_the_same_limits() -> None:
    rows = [[i / 20, (i % 4) / 4, i % 3] for i in range(15)]
    settings = Settings(max_upload_rows=10, max_upload_classes=2)
    with TestClient(create_app(settings)) as client:
        error = error_of(client.post("/api/datasets", json={"rows": rows}))
        assert error["msg"] == "row 11: 15 rows is more than the limit of 10"
        error = error_of(client.post("/api/datasets", json={"rows": rows[:9]}))
        assert error["msg"] == "column 3: 3 classes is more than the limit of 2"


def test_an_upload_larger_than_the_whole_store_is_refused() -> None:
    settings = Settings(max_user_dataset_bytes=100)
    with TestClient(create_app(settings)) as client:
        error = error_of(upload_csv(client, PLAIN_CSV))  # 15 rows: 360 bytes of inputs
        assert "the server keeps at most 100 bytes of uploaded data" in error["msg"]


def test_a_built_in_set_is_described_as_in_the_list(client: TestClient) -> None:
    listed = {d["name"]: d for d in client.get("/api/datasets").json()}
    for name in ("moons", "digits"):
        assert client.get(f"/api/datasets/{name}").json() == listed[name]
    assert client.get("/api/datasets/nothing").status_code == 404
