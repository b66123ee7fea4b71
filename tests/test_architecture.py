"""The package layout holds: imports only go downward between rooms, and every module says what it is.

See docs/architecture.md for the rooms and the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "voice_coach"

# Shared vocabulary and infrastructure: any room may import these, and they import only each other.
SHARED = {"config", "store", "assets", "prompts", "llm", "jsonl", "skills", "events", "ports", "protocol", "tasks", ""}
# Rooms from bottom to top; a room may import rooms below it, never above or beside it.
ORDER = ["audio", "feedback", "safety", "conversation", "reports", "pipeline", "server", "bench", "cli", "__main__"]


def _room(module: str) -> str:
    """The room of a dotted module name inside the package ('' for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _level(room: str) -> int:
    return -1 if room in SHARED else ORDER.index(room)


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out.append((name, path))
    return out


def _imports(path: Path) -> list[str]:
    """Every voice_coach module this file imports, at module level or inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "voice_coach" or node.module.startswith("voice_coach."):
                found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("voice_coach.")]
    return found


def test_every_room_is_known_so_the_order_covers_the_whole_package() -> None:
    """Fails when a new subpackage or top-level module appears without a place in the order."""
    rooms = {_room(name) for name, _ in _modules()}
    assert rooms <= SHARED | set(ORDER), sorted(rooms - SHARED - set(ORDER))


@pytest.mark.parametrize("name,path", _modules(), ids=[n for n, _ in _modules()])
def test_module_imports_only_downward(name: str, path: Path) -> None:
    """Fails on an import of a room at the same level or above (an upward import or a cycle between rooms)."""
    room = _room(name)
    upward = [target for target in _imports(path)
              if _room(target) != room and not (_room(target) in SHARED and room in SHARED)
              and _level(_room(target)) >= _level(room)]
    assert not upward, f"{name} imports upward: {upward}"


@pytest.mark.parametrize("name,path", _modules(), ids=[n for n, _ in _modules()])
def test_module_has_a_docstring_saying_what_it_is(name: str, path: Path) -> None:
    """Fails when a module has no docstring."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and doc.strip(), f"{name} has no module docstring"


def test_offline_and_llm_evaluators_do_not_import_each_other() -> None:
    """Fails when the offline evaluator imports the LLM one (the factory picks between them)."""
    offline = _imports(PACKAGE / "feedback" / "offline.py")
    assert "voice_coach.feedback.llm_evaluator" not in offline
