"""The package's import graph: the build sits above the modules it runs (issue 19, "the house")."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "joppi"
#: The commands that drive a build; every other module is run by it, so must not import it.
ABOVE_BUILD = {"joppi.cli", "joppi.preview", "joppi.build"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every joppi module a file imports, at its top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("joppi")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("joppi"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in SRC.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in files and m != name} for name, path in files.items()}


def test_the_module_names_resolve():
    g = graph()
    assert g["joppi.cli"] >= {"joppi.build"}
    assert "joppi.errors" in g["joppi.svenska"]


def test_no_module_the_build_runs_imports_the_build():
    importers = sorted(name for name, deps in graph().items() if "joppi.build" in deps and name not in ABOVE_BUILD)
    assert importers == [], f"nämä moduulit tuovat joppi.buildin, vaikka build ajaa niitä: {importers}"
