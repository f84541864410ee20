"""Shared fixtures. Keep small; add fixtures, never remove them (other test files use them)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

# `import bad_inputs.cases` works from any test file (tests/ has no __init__.py).
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the project's inputs: data/ (incl. julkaisu.yml) and _quarto.yml."""
    from bad_inputs.cases import copy_inputs

    return copy_inputs(dest, ("data", "_quarto.yml"))


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A fresh copy of the real project data in tmp_path/projekti."""
    return copy_project(tmp_path / "projekti")


@pytest.fixture(scope="session")
def year_2023():
    """The real 2023 data, loaded and validated once per session."""
    from joppi.dataset import load_year

    return load_year(ROOT, 2023)


BUILD_SOURCES = ["_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks", "data"]


def copy_full_project(dest: Path) -> Path:
    """A throw-away copy of everything `joppi build` reads (sources, notebooks, data; the code is installed)."""
    from bad_inputs.cases import copy_inputs

    return copy_inputs(dest, tuple(BUILD_SOURCES))


@pytest.fixture(scope="session")
def built_2023(tmp_path_factory):
    """The 2023 edition built once per session with the pandoc engine in a copy of the project."""
    from joppi.build import build

    root = copy_full_project(tmp_path_factory.mktemp("julkaisu") / "projekti")
    result = build(root, 2023, engine="pandoc", log=lambda _line: None)
    return result
