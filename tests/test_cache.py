"""The build cache is never stale: each kind of input, changed, re-runs exactly the steps that read it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from conftest import copy_full_project
from joppi import build as build_module
from joppi.build import build
from joppi.cache import Cache, hash_files

ALL_STEPS = {"luvut", "kuviot", "renderöinti"}


@pytest.fixture(scope="module", autouse=True)
def fixed_date():
    """The copy has no git history: without this, the publication date would follow the files'
    modification times, and restoring a file would legitimately re-render with a new date."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1735689600")
        yield


@pytest.fixture(scope="module")
def project(tmp_path_factory, fixed_date):
    root = copy_full_project(tmp_path_factory.mktemp("valimuisti") / "projekti")
    first = build(root, 2023, engine="pandoc", log=lambda _l: None)
    assert set(first.steps) == ALL_STEPS and set(first.steps.values()) == {"suoritettu"}
    return root


def rebuild(root: Path) -> dict[str, str]:
    return build(root, 2023, engine="pandoc", log=lambda _l: None).steps


def ran(steps: dict[str, str]) -> set[str]:
    return {k for k, v in steps.items() if v == "suoritettu"}


def test_nothing_changed_runs_nothing(project):
    assert ran(rebuild(project)) == set()


def test_chapter_edit_renders_without_executing_notebooks(project):
    chapter = project / "chapters" / "_01-johdanto.qmd"
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(original + "\nLisätty virke esikatselua varten.\n", encoding="utf-8")
    try:
        steps = rebuild(project)
        assert ran(steps) == {"renderöinti"}
        html = (project / "_output" / "2023" / "index.html").read_text(encoding="utf-8")
        assert "Lisätty virke esikatselua varten." in html
    finally:
        chapter.write_text(original, encoding="utf-8")
    assert ran(rebuild(project)) == set()  # back to the cached edition


def test_survey_change_reruns_notebooks_and_shows_the_new_number(project):
    survey = project / "data" / "kysely" / "2023.csv"
    original = survey.read_text(encoding="utf-8")
    lines = original.splitlines()
    cells = lines[1].split(";")
    cells[2] = str(int(cells[2]) + 10)          # 10 more part-time staff at one main implementer
    lines[1] = ";".join(cells)
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        steps = rebuild(project)
        assert ran(steps) == ALL_STEPS
        variables = (project / "_output" / "2023" / "_variables.yml").read_text(encoding="utf-8")
        assert "paatoteuttajat: 59" in variables   # 49 + 10, never the stale 49
    finally:
        survey.write_text(original, encoding="utf-8")


def test_classification_change_reruns_notebooks(project):
    path = project / "data" / "luokitukset" / "kehittamisteemat.csv"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("osaamisen vahvistaminen", "osaamisen kasvattaminen"), encoding="utf-8")
    try:
        assert ran(rebuild(project)) == ALL_STEPS
    finally:
        path.write_text(original, encoding="utf-8")


def test_publication_config_change_reruns_notebooks(project):
    path = project / "data" / "julkaisu.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("vahintaan_toteutuksia: 3", "vahintaan_toteutuksia: 4"), encoding="utf-8")
    try:
        steps = rebuild(project)
        assert ran(steps) == ALL_STEPS
        variables = (project / "_output" / "2023" / "_variables.yml").read_text(encoding="utf-8")
        assert "kynnys_toteutuksia: 4" in variables
    finally:
        path.write_text(original, encoding="utf-8")


def test_notebook_change_reruns_only_that_notebook(project):
    path = project / "notebooks" / "luvut.ipynb"
    original = path.read_text(encoding="utf-8")
    nb = nbformat.reads(original, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Analyytikon muistiinpano."))
    nbformat.write(nb, str(path))
    try:
        steps = rebuild(project)
        assert "luvut" in ran(steps) and "kuviot" not in ran(steps)
    finally:
        path.write_text(original, encoding="utf-8")


def test_code_change_reruns_notebooks(project, monkeypatch):
    """The code fingerprint is part of every notebook key (its own hashing is tested below)."""
    monkeypatch.setattr(build_module, "code_fingerprint", lambda: "koodi-muuttui")
    assert {"luvut", "kuviot"} <= ran(rebuild(project))


def test_engine_version_change_rerenders(project, monkeypatch):
    monkeypatch.setattr(build_module, "engine_version", lambda engine: "pandoc 99 typst 99")
    assert ran(rebuild(project)) == {"renderöinti"}


def test_hash_files_sees_content_names_and_missing_files(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    first = hash_files([a, b], tmp_path)
    assert hash_files([b, a], tmp_path) == first                      # order-independent
    a.write_text("x = 2\n")
    assert hash_files([a, b], tmp_path) != first                      # content
    b.rename(tmp_path / "c.py")
    assert hash_files([a, tmp_path / "c.py"], tmp_path) != hash_files([a, b], tmp_path)   # names, missing


def test_cache_entry_is_written_whole_or_not_at_all(tmp_path):
    cache = Cache(tmp_path / "c")
    src = tmp_path / "src"
    src.mkdir()
    (src / "f.txt").write_text("sisältö")
    assert not cache.has("vaihe", "k1")
    cache.store("vaihe", "k1", {"tiedosto": src})
    assert cache.has("vaihe", "k1")
    assert not list((tmp_path / "c" / "vaihe").glob(".tmp-*"))
    dest = tmp_path / "out"
    assert cache.restore("vaihe", "k1", {"tiedosto": dest})
    assert (dest / "f.txt").read_text() == "sisältö"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def test_preview_serves_and_rebuilds_on_save(project):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "joppi.cli", "--root", str(project), "preview", "--year", "2023",
                             "--port", str(port), "--engine", "pandoc"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    chapter = project / "chapters" / "_07-saavutettavuus.qmd"
    original = chapter.read_text(encoding="utf-8")
    try:
        deadline = time.time() + 90
        html = None
        while time.time() < deadline:
            try:
                html = _get(f"http://127.0.0.1:{port}/index.html")
                break
            except OSError:
                time.sleep(0.5)
        assert html and 'lang="fi"' in html
        chapter.write_text(original + "\nEsikatselun muutos näkyy.\n", encoding="utf-8")
        deadline = time.time() + 90
        while time.time() < deadline and "Esikatselun muutos näkyy." not in html:
            time.sleep(1)
            html = _get(f"http://127.0.0.1:{port}/index.html")
        assert "Esikatselun muutos näkyy." in html
    finally:
        chapter.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
