"""GET /api/code: the engine's own source, with marks that cannot drift from network.py."""

import inspect
import textwrap
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core.network import Network
from app.web.source import MARKS, SourceDrift, find_marks, listings

REPO_DIR = Path(__file__).resolve().parents[2]  # the checkout these tests are in

# What each mark must point at: a piece of the statement's first line, and of its last.
EXPECTED = {
    "update_mini_batch": {
        "loop": ("for x, y in mini_batch:", ":"),
        "backprop": ("delta_nabla_b, delta_nabla_w = self.backprop(x, y)", "self.backprop(x, y)"),
        "add_b": ("nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b", "]"),
        "add_w": ("nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w", "]"),
        "update_w": ("self.weights = [", "]"),
        "update_b": ("self.biases = [b - (eta / m) * nb", "]"),
    },
    "update_per_example": {
        "loop": ("for x, y in mini_batch:", ":"),
        "backprop": ("delta_nabla_b, delta_nabla_w = self.backprop(x, y)", "self.backprop(x, y)"),
        "update_w": ("self.weights = [", "]"),
        "update_b": ("self.biases = [", "]"),
    },
    "update_mini_batch_matrix": {
        "forward": ("Z = w @ A + b[:, None]", "columns"),
        "backward": ("Delta = (self.weights[-l + 1].T @ Delta) * sp", "* sp"),
        "sum_w": ("nabla_w.insert(0, Delta @ As[-l - 1].T)", "one product"),
        "update_w": ("self.weights = [", "]"),
    },
    "backprop": {
        "def": ("def backprop(self, x", ":"),
        "return": ("return nabla_b, nabla_w", "return nabla_b, nabla_w"),
    },
}


@pytest.fixture
def code(client: TestClient) -> dict[str, dict[str, object]]:
    response = client.get("/api/code")
    assert response.status_code == 200
    functions: dict[str, dict[str, object]] = response.json()["functions"]
    return functions


def test_the_source_is_the_running_methods_own(code: dict[str, dict[str, object]]) -> None:
    assert set(code) == {
        "update_mini_batch",
        "update_per_example",
        "update_mini_batch_matrix",
        "backprop",
    }
    for name, listing in code.items():
        method = getattr(Network, name)
        lines, first = inspect.getsourcelines(method)
        assert listing["source"] == textwrap.dedent("".join(lines))
        assert listing["file"] == "app/core/network.py"
        assert listing["first_line"] == first
        # first_line numbers the file on disk: the shown lines are the file's own lines
        on_disk = (REPO_DIR / "app/core/network.py").read_text().splitlines()
        shown = str(listing["source"]).splitlines()
        for i, text in enumerate(shown):
            assert on_disk[first - 1 + i].strip() == text.strip()


def test_every_mark_is_found_and_points_at_its_statement(
    code: dict[str, dict[str, object]],
) -> None:
    for name, expected in EXPECTED.items():
        marks = code[name]["marks"]
        assert isinstance(marks, dict)
        assert set(marks) == set(MARKS[name])
        lines = str(code[name]["source"]).splitlines()
        for mark, (start, end) in expected.items():
            where = marks[mark]
            assert start in lines[where["line"] - 1], (name, mark)
            assert where["text"] == lines[where["line"] - 1].strip()
            assert lines[where["end_line"] - 1].rstrip().endswith(end), (name, mark)
            assert where["line"] <= where["end_line"]


def test_the_lines_run_in_the_books_order(code: dict[str, dict[str, object]]) -> None:
    batch = code["update_mini_batch"]["marks"]
    per_example = code["update_per_example"]["marks"]
    assert isinstance(batch, dict) and isinstance(per_example, dict)
    line = {mark: where["line"] for mark, where in batch.items()}
    # the sums are inside the loop, the update after it (its indentation is the loop's)
    assert line["loop"] < line["backprop"] < line["add_b"] < line["add_w"] < line["update_w"]
    source = str(code["update_mini_batch"]["source"]).splitlines()
    indent = {mark: len(source[n - 1]) - len(source[n - 1].lstrip()) for mark, n in line.items()}
    assert indent["backprop"] == indent["add_w"] > indent["loop"] == indent["update_w"]
    # update_per_example: the update is inside the loop
    loop_source = str(code["update_per_example"]["source"]).splitlines()
    inner = {m: loop_source[per_example[m]["line"] - 1] for m in ("loop", "update_w")}
    assert len(inner["update_w"]) - len(inner["update_w"].lstrip()) > len(inner["loop"]) - len(
        inner["loop"].lstrip()
    )


def test_a_mark_that_drifted_fails_loudly() -> None:
    source = "def f(a):\n    b = a + 1\n    return b\n"
    assert find_marks("f", source, {"ret": "return b"})["ret"].line == 3
    with pytest.raises(SourceDrift, match=r"'gone'.*not found"):
        find_marks("f", source, {"gone": "self.backprop(x, y)"})
    with pytest.raises(SourceDrift, match="found on lines"):
        find_marks("f", source, {"twice": "b"})


def test_the_listings_are_read_now_not_kept() -> None:
    assert listings()["backprop"].source == textwrap.dedent(inspect.getsource(Network.backprop))
