"""The dependency rule of design.md: `intents` and `mail` are libraries and never import `bot`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["intents", "mail"])
def test_library_never_imports_bot(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if any(name == "bot" or name.startswith("bot.") for name in imported_modules(path))
    }
    assert offenders == set()
