"""Shared fixtures, and the markers that keep the default run fast.

`python3 -m pytest` runs the unit tests (well under 30 s); the tests that build an edition
(`build`), open it in Chromium (`browser`) or need the Quarto CLI (`quarto`) run with
`python3 -m pytest --all` (or `-m ""`), as tests/run.sh and CI do. Keep the fixtures small; add
fixtures, never remove them (other test files use them)."""

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


BUILD_SOURCES = ["_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks", "data", "index-sv.qmd", "_quarto-sv.yml"]


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


@pytest.fixture(scope="session")
def built_2023_quarto(tmp_path_factory):
    """The 2023 edition built once per session with the Quarto CLI (skips where it is not installed)."""
    from joppi.build import build
    from joppi.render import find_quarto

    if find_quarto() is None:
        pytest.skip("Quarto CLI ei ole asennettu: joppi.render.find_quarto() ei löydä sitä "
                    "(aseta QUARTO_PATH tai lisää `quarto` PATHiin; conda-ympäristö environment.yml "
                    "asentaa sen).")
    import os

    root = copy_full_project(tmp_path_factory.mktemp("julkaisu-quarto") / "projekti")
    # A Swedish profile left in the analyst's shell must not reach the Finnish edition (QUARTO_PROFILE is
    # read by Quarto on every render): the tests of this edition check its language.
    saved = os.environ.get("QUARTO_PROFILE")
    os.environ["QUARTO_PROFILE"] = "sv"
    try:
        return build(root, 2023, engine="quarto", log=lambda _line: None)
    finally:
        if saved is None:
            os.environ.pop("QUARTO_PROFILE", None)
        else:
            os.environ["QUARTO_PROFILE"] = saved


# --- markers: which tests are slow, decided here rather than in every file ------------------------

# Fixtures that build an edition (or run the notebooks): a test that uses one, directly or through
# another fixture, is a `build` test. Per module, because fixture names repeat across modules.
BUILD_FIXTURES = {
    "*": {"built_2023", "built_2023_quarto"},
    "test_cache.py": {"project"},
    "test_condition_build.py": {"corpus_edition", "tmp_path"},
    "test_escaping.py": {"built"},
    "test_new_year.py": {"editions"},
    "test_one_bar.py": {"one_bar_2025", "editor_built", "one_kind_2025"},
    "test_notebooks.py": {"executed"},
    "test_prerender.py": {"prerendered"},
    "test_reliability.py": {"base", "parallel", "dominated_edition", "hostile_edition"},
    "test_survey_base.py": {"built_2025"},
}
BROWSER_MODULES = {"test_browser.py"}
QUARTO_MODULES = {"test_quarto_engine.py"}
# Single tests elsewhere: (module, test function) -> marker.
SINGLE_TESTS = {
    ("test_render_engine.py", "test_html_passes_axe_offline"): "browser",
    ("test_render_engine.py", "test_quarto_engine"): "quarto",
    ("test_watch.py", "test_quarto_preview_rerenders_on_chapter_and_data_edits"): "quarto",
    ("test_intake.py", "test_precision_doc_is_current"): "build",   # reruns the whole measurement (~10 s)
    ("test_intake.py", "test_the_build_states_the_recorded_export_in_the_colophon"): "build",
}
SLOW_MARKERS = ("build", "browser", "quarto")


def pytest_addoption(parser):
    parser.addoption("--all", action="store_true", default=False,
                     help="run every test, also the build, browser and Quarto ones (tests/run.sh and CI do)")


def pytest_configure(config):
    if config.getoption("--all"):
        config.option.markexpr = ""


def slow_markers(module: str, function: str, fixtures) -> set[str]:
    """The slow markers of one test, from its module, its name and the fixtures it uses."""
    markers = set()
    if set(fixtures) & (BUILD_FIXTURES["*"] | BUILD_FIXTURES.get(module, set())):
        markers.add("build")
    if module in BROWSER_MODULES:
        markers.add("browser")
    if module in QUARTO_MODULES:
        markers.add("quarto")
    if (module, function) in SINGLE_TESTS:
        markers.add(SINGLE_TESTS[module, function])
    return markers


@pytest.hookimpl(tryfirst=True)   # before pytest's own -m deselection
def pytest_collection_modifyitems(config, items):
    for item in items:
        function = getattr(item, "originalname", None) or item.name.split("[")[0]
        for name in sorted(slow_markers(item.path.name, function, getattr(item, "fixturenames", ()))):
            item.add_marker(name)


def pytest_terminal_summary(terminalreporter, config):
    if config.getoption("--all") or "not build" not in (config.option.markexpr or ""):
        return
    deselected = len(terminalreporter.stats.get("deselected", []))
    if deselected:
        terminalreporter.write_line(
            f"{deselected} build/browser/Quarto tests were not run: `python3 -m pytest --all` runs them "
            "(tests/run.sh does)")
