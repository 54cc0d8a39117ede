"""The layering, read from the imports: app/core ← app/sessions ← app/web, and no import circle.

A module may import modules of its own layer or of a layer below; ``app.settings`` sits beside
the web layer (it reads the environment for the server); the core imports no web, async or
pydantic code. Imports inside ``if TYPE_CHECKING:`` count too: a circle is a circle to a reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
LAYERS = {"app.core": 0, "app.sessions": 1, "app.web": 2, "app.settings": 2, "app.__main__": 3}
NOT_IN_CORE = ("fastapi", "starlette", "asyncio", "anyio", "pydantic", "uvicorn")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module ``path`` imports (absolute names; ``from x import y`` gives x and x.y)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import"
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def layer(module: str) -> int | None:
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


MODULES = {module_name(p): p for p in APP.rglob("*.py")}
GRAPH = {name: {m for m in imports(p) if m in MODULES} for name, p in MODULES.items()}


def test_every_import_runs_down_the_layers() -> None:
    wrong = [
        f"{name} imports {other}"
        for name, others in GRAPH.items()
        for other in others
        if (mine := layer(name)) is not None
        and (theirs := layer(other)) is not None
        and theirs > mine
    ]
    assert not wrong, wrong


def test_the_core_imports_no_web_async_or_pydantic_code() -> None:
    found = [
        f"{name} imports {m}"
        for name, path in MODULES.items()
        if name.startswith("app.core")
        for m in imports(path)
        if m.split(".")[0] in NOT_IN_CORE
    ]
    assert not found, found


def test_no_import_circle() -> None:
    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for other in GRAPH[todo.pop()] - seen:
                seen.add(other)
                todo.append(other)
        return seen

    circles = sorted(name for name in GRAPH if name in reach(name))
    assert not circles, circles
