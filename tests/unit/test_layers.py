"""Dependencies point inward (DESIGN.md principle 6), checked on every import statement."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "pedcommunity"

# package -> the packages of the library it must never import (not even lazily, inside a
# function: a lazy import is still a dependency).
FORBIDDEN = {
    "model": {"workflows", "matching", "monitoring", "services", "adapters", "simulation", "cli"},
    "workflows": {"matching", "monitoring", "services", "adapters", "simulation", "cli"},
    "matching": {"workflows", "monitoring", "services", "adapters", "simulation", "cli"},
    "monitoring": {"matching", "services", "adapters", "simulation", "cli"},
    "services": {"cli", "simulation"},
    "adapters": {"cli", "simulation"},
}


def _imported(path: Path) -> set[str]:
    """The pedcommunity subpackages a module imports, by absolute or relative import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(SRC).parts
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level])
                module = ".".join(["pedcommunity", *base, *([node.module] if node.module else [])])
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
            else:
                names = [node.module or ""]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "pedcommunity" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_what_is_inside_it(layer: str) -> None:
    offences = []
    for path in sorted((SRC / layer).rglob("*.py")):
        bad = _imported(path) & FORBIDDEN[layer]
        if bad:
            offences.append(f"{path.relative_to(SRC)} imports {', '.join(sorted(bad))}")
    assert offences == []


def test_the_check_sees_imports() -> None:
    """The scanner finds an absolute, a relative and a lazy import (so the test can fail)."""
    path = SRC / "services" / "matching.py"
    assert {"matching", "workflows", "model"} <= _imported(path)
