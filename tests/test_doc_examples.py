"""Every example in README.md and docs/*.md, run against a real server.

Each fenced block is one of:

* **run**: ``sh`` (run with bash) or ``python`` (run with this interpreter), with the
  documented address (``127.0.0.1:8000``, ``localhost:8000``) replaced by the live server's.
  It must exit with status 0.
* **answer**: an untagged, ``text`` or ``json`` block that opens on the first line after a run
  block closes. The run block's output must have the same shape: the same keys in every JSON
  object (recursively, with values of the same kind), the same ``name:`` on every ``name: value``
  line, the same other lines once ids and numbers are masked.
* **shown**: an untagged, ``text``, ``json`` or ``csv`` block anywhere else: a message, a file or
  an answer's shape, shown for reading; nothing runs.
* **not run**: any block just after ``<!-- not run: why -->`` (it starts a server or a
  container, or runs in a browser page).

Anything else (a ``js`` block without the comment, say) fails
:func:`test_every_block_is_run_or_shown_or_marked`. Each run block is its own test, named
``path:Lline``. The sh blocks of one file run in order and share the shell variables they set
(``BASE``, ``ID``, ...) and a working directory, as a reader following the page would: a block
run alone runs the blocks before it first.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = {"sh": "sh", "bash": "sh", "python": "python"}
SHOWN = {"", "text", "json", "csv"}
NOT_RUN = re.compile(r"^<!-- not run: .+ -->$")
DOCUMENTED = re.compile(r"(?:127\.0\.0\.1|localhost):8000")
TIMEOUT = 180


@dataclass
class Block:
    path: str  # relative to the repository, e.g. "docs/rest.md"
    line: int  # the line of the opening fence, from 1
    lang: str
    text: str
    marked: bool  # just after a <!-- not run: ... --> comment
    follows: bool  # only blank lines between the block before and this one
    answer: "Block | None" = None
    kind: str = ""  # run, answer, shown, not run; "" when it is none of them

    @property
    def id(self) -> str:
        return f"{self.path}:L{self.line}"


def parse(path: Path) -> list[Block]:
    """The fenced blocks of one markdown file, classified."""
    lines = path.read_text().splitlines()
    rel = path.relative_to(ROOT).as_posix()
    blocks: list[Block] = []
    i, closed = 0, -2  # closed: the line index of the last closing fence
    while i < len(lines):
        opening = re.match(r"^```(\S*)\s*$", lines[i])
        if not opening:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j] != "```":
            j += 1
        k = next((k for k in range(i - 1, -1, -1) if lines[k].strip()), -1)
        before = lines[k] if k >= 0 else ""
        blocks.append(
            Block(
                path=rel,
                line=i + 1,
                lang=opening.group(1),
                text="\n".join(lines[i + 1 : j]) + "\n",
                marked=bool(NOT_RUN.match(before.strip())),
                follows=k >= 0 and k == closed,
            )
        )
        i, closed = j + 1, j
    previous: Block | None = None
    for block in blocks:
        if block.marked:
            block.kind = "not run"
        elif block.lang in RUN:
            block.kind = "run"
        elif (
            block.lang in SHOWN - {"csv"}
            and previous is not None
            and previous.kind == "run"
            and block.follows
        ):
            block.kind = "answer"
            previous.answer = block
        elif block.lang in SHOWN:
            block.kind = "shown"
        previous = block
    return blocks


BLOCKS = [block for path in DOCS for block in parse(path)]
RUNNABLE = [block for block in BLOCKS if block.kind == "run"]


def test_every_block_is_run_or_shown_or_marked() -> None:
    unclassified = [f"{b.id} (```{b.lang})" for b in BLOCKS if not b.kind]
    assert not unclassified, (
        "blocks no test can run: mark each with <!-- not run: why --> just before it: "
        + ", ".join(unclassified)
    )
    assert RUNNABLE, "the docs have examples"


# ---------------------------------------------------------------- running


@dataclass
class FileRun:
    """The sh blocks of one file, run in order in one working directory."""

    workdir: Path
    results: dict[int, subprocess.CompletedProcess[str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def doc_env() -> dict[str, str]:
    """The environment of the examples: this interpreter first on PATH, no proxy."""
    for tool in ("bash", "curl", "jq"):
        assert shutil.which(tool), f"the docs' examples need {tool} (apt-get install {tool})"
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT)  # `from app.web.frames import ...`, as from Nabla's folder
    env["NO_PROXY"] = env["no_proxy"] = "*"
    return env


class FileRuns(dict[str, FileRun]):
    """One :class:`FileRun` per markdown file, made on first use."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        super().__init__()
        self._tmp = tmp_path_factory

    def __missing__(self, path: str) -> FileRun:
        self[path] = run = FileRun(self._tmp.mktemp(path.replace("/", "-")))
        return run


@pytest.fixture(scope="module")
def file_runs(tmp_path_factory: pytest.TempPathFactory) -> FileRuns:
    return FileRuns(tmp_path_factory)


def localize(text: str, live_server: str) -> str:
    """The example with the documented address replaced by the live server's."""
    return DOCUMENTED.sub(live_server.removeprefix("http://"), text)


Result = subprocess.CompletedProcess[str]


def run_sh(block: Block, run: FileRun, env: dict[str, str], live_server: str) -> Result:
    """Run one sh block in bash, with the variables the file's earlier blocks set.

    bash saves the variables the file's blocks assign (``declare -p``) when it exits, and the
    next block's bash reads them back first.
    """
    state = run.workdir / ".variables.sh"
    saved = state.read_text() if state.exists() else ""
    names = sorted(
        set(re.findall(r"^\s*([A-Za-z_][A-Za-z0-9_]*)=", block.text, re.M))
        | set(re.findall(r"^declare -\S+ ([A-Za-z_][A-Za-z0-9_]*)=", saved, re.M))
    )
    save = f"declare -p {' '.join(names)} > {state} 2>/dev/null || true" if names else ":"
    script = "\n".join(
        [f"[ -f {state} ] && source {state}", f"trap '{save}' EXIT", "set -eo pipefail", ""]
    )
    return _run(["bash", "-c", script + localize(block.text, live_server)], run, env)


def run_python(block: Block, run: FileRun, env: dict[str, str], live_server: str) -> Result:
    return _run([sys.executable, "-c", localize(block.text, live_server)], run, env)


def _run(argv: list[str], run: FileRun, env: dict[str, str]) -> Result:
    return subprocess.run(
        argv, cwd=run.workdir, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )


def run_block(block: Block, runs: FileRuns, env: dict[str, str], live_server: str) -> Result:
    """Run ``block``, after the sh blocks before it in its file (each once)."""
    run = runs[block.path]
    sh = ("sh", "bash")
    if block.lang in sh:
        earlier = [b for b in RUNNABLE if b.path == block.path and b.line < block.line]
        for before in earlier:
            if before.lang in sh and before.line not in run.results:
                result = run.results[before.line] = run_sh(before, run, env, live_server)
                assert result.returncode == 0, f"{before.id}, run before this one, failed"
    if block.line not in run.results:
        runner = run_sh if block.lang in sh else run_python
        run.results[block.line] = runner(block, run, env, live_server)
    return run.results[block.line]


# ---------------------------------------------------------------- comparing answers

# 22 characters of URL-safe base64, which may begin or end with "-": not \b, which needs a
# word character on one side (an id such as '-XIoZ…' was not seen as one, 1 in 32 at random)
ID = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])")
FLOAT = re.compile(r"-?\d+(?:\.\d+(?:e[-+]?\d+)?|e[-+]?\d+)")
NAMED = re.compile(r"^([A-Za-z_][\w\[\]]*): ?(.*)$")


def kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value) if value is None else "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def same_shape(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` differs from ``expected`` in keys or kinds of value."""
    if kind(expected) != kind(actual):
        return [f"{where or 'the answer'}: {kind(actual)} where the doc shows {kind(expected)}"]
    if isinstance(expected, dict):
        if set(expected) != set(actual):
            return [f"{where or 'the answer'}: keys {sorted(actual)}, the doc {sorted(expected)}"]
        return [p for k in expected for p in same_shape(expected[k], actual[k], f"{where}.{k}")]
    if isinstance(expected, list):
        pairs = zip(expected, actual, strict=False)
        return [p for n, (e, a) in enumerate(pairs) for p in same_shape(e, a, f"{where}[{n}]")]
    return []


def json_values(text: str) -> list[Any]:
    """The JSON values ``text`` holds one after another (lines joined), or [] if it holds none."""
    joined, decoder, values, at = " ".join(text.splitlines()), json.JSONDecoder(), [], 0
    while at < len(joined):
        if joined[at].isspace():
            at += 1
            continue
        try:
            value, at = decoder.raw_decode(joined, at)
        except ValueError:
            return []
        values.append(value)
    return values


def as_json(text: str) -> Any:
    """The one JSON object or array ``text`` holds (a doc may break it over lines), or None."""
    values = json_values(text)
    return values[0] if len(values) == 1 and isinstance(values[0], (dict, list)) else None


def mask(line: str) -> str:
    return FLOAT.sub("F", ID.sub("ID", line))


def answer_problems(expected: str, actual: str) -> list[str]:
    whole = as_json(expected)
    if whole is not None:
        got = as_json(actual)
        if got is None:
            return [f"the doc shows one JSON value; the example printed:\n{actual}"]
        return same_shape(whole, got)
    want = [line.rstrip() for line in expected.splitlines() if line.strip()]
    have = [line.rstrip() for line in actual.splitlines() if line.strip()]
    if len(want) != len(have):
        return [f"{len(have)} lines printed, the doc shows {len(want)}:\n{actual}"]
    problems: list[str] = []
    for n, (w, h) in enumerate(zip(want, have, strict=True), 1):
        if (value := as_json(w)) is not None:
            got = as_json(h)
            problems += (
                [f"line {n}: not JSON: {h}"]
                if got is None
                else [f"line {n}: {p}" for p in same_shape(value, got)]
            )
        elif (named := NAMED.match(w)) and not w.startswith(("b'", 'b"')):
            got_named = NAMED.match(h)
            if not got_named or got_named.group(1) != named.group(1):
                problems.append(f"line {n}: {h!r} where the doc shows {w!r}")
        elif mask(w) != mask(h):
            problems.append(f"line {n}: {h!r} where the doc shows {w!r}")
    return problems


# A page's blocks share their variables in order: with pytest-xdist, one worker runs them all.
@pytest.mark.parametrize(
    "block",
    [pytest.param(b, id=b.id, marks=pytest.mark.xdist_group(b.path)) for b in RUNNABLE],
)
def test_doc_example(
    block: Block, file_runs: FileRuns, doc_env: dict[str, str], live_server: str
) -> None:
    result = run_block(block, file_runs, doc_env, live_server)
    assert result.returncode == 0, (
        f"{block.id} exited with {result.returncode}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    if block.answer is not None:
        problems = answer_problems(block.answer.text, result.stdout)
        assert not problems, f"{block.id}: the answer at {block.answer.id} differs:\n" + "\n".join(
            problems
        )


def test_answer_shapes_are_compared() -> None:
    """The comparison itself: keys and kinds count, values do not."""
    assert answer_problems('{"a": 1, "b": [{"c": "x"}]}', '{"b": [{"c": "y"}], "a": 2.5}') == []
    assert answer_problems('{"a": 1}', '{"a": 1, "b": 2}')
    assert answer_problems('{"a": 1}', '{"a": "1"}')
    assert answer_problems("type: x\nseq: 1\n", "type: y\nseq: 2\n") == []
    assert answer_problems("type: x\n", "kind: x\n")
    assert answer_problems("204\n", "204\n") == []
    assert answer_problems("204\n", "404\n")
    assert answer_problems("cost 0.25\n", "cost 0.5\n") == []
    assert answer_problems("a\nb\n", "a\n")


def test_json_shown_for_reading_is_json() -> None:
    """A ``json`` block shown for reading is JSON, unless it leaves parts out with an ellipsis."""
    shown = [b for b in BLOCKS if b.kind == "shown" and b.lang == "json"]
    bad = [b.id for b in shown if "…" not in b.text and not json_values(b.text)]
    assert not bad, f"not JSON: {bad}"
    assert json_values('{"a": 1}\n{"b":\n 2}') == [{"a": 1}, {"b": 2}]
    assert json_values('{"a": 1} {') == []
