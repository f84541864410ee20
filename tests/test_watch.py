"""`quarto preview` at the project root re-renders on edits of the chapters and the data: _quarto.yml
lists them (src/joppi/render/watch.py says why Quarto needs the list), the list matches the files,
and a real Quarto preview shows an edited chapter and an edited data file."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_full_project
from joppi.render.watch import WATCH_KEY, listed_sources, sync_watch_list, watched_sources


def test_the_list_in_quarto_yml_matches_the_files():
    listed = listed_sources((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert listed is not None, f"_quarto.yml: avain {WATCH_KEY} puuttuu"
    assert listed == watched_sources(ROOT)
    # What the brief names is in it (a glob that matched nothing would pass the equality).
    for name in ("chapters/_01-johdanto.qmd", "chapters/sv/_01-inledning.qmd", "data/hankkeet.csv",
                 "data/kysely/2023.csv", "data/luokitukset/toimialat.csv", "data/julkaisu.yml"):
        assert name in listed
    assert all((ROOT / name).is_file() for name in listed)


def test_sync_adds_a_new_file_and_keeps_the_rest(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    before = (root / "_quarto.yml").read_text(encoding="utf-8")
    assert sync_watch_list(root) is False          # already in sync: not rewritten
    (root / "data" / "kysely" / "2031.csv").write_text("a;b\n", encoding="utf-8")
    (root / "chapters" / "_08-uusi.qmd").write_text("# Uusi\n", encoding="utf-8")
    assert sync_watch_list(root) is True
    after = (root / "_quarto.yml").read_text(encoding="utf-8")
    listed = listed_sources(after)
    assert "data/kysely/2031.csv" in listed and "chapters/_08-uusi.qmd" in listed
    assert len(listed) == len(listed_sources(before)) + 2
    # Everything else of the file, comments included, is as it was.
    head = before[:before.index(f"{WATCH_KEY}:")]
    assert after.startswith(head)
    import yaml

    old, new = yaml.safe_load(before), yaml.safe_load(after)
    old.pop(WATCH_KEY), new.pop(WATCH_KEY)
    assert old == new


def test_new_year_lists_its_new_files(tmp_path):
    from joppi.newyear import prepare_year

    root = copy_full_project(tmp_path / "projekti")
    prepare_year(root, 2024)
    listed = listed_sources((root / "_quarto.yml").read_text(encoding="utf-8"))
    assert "data/kysely/2024.csv" in listed
    assert listed == watched_sources(root)


# --- the real Quarto ------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def _wait_for(url: str, marker: str, timeout: float, log: Path) -> str:
    """GET the page until it holds marker (each request may render: Quarto renders on request)."""
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        try:
            page = _get(url, timeout=max(1.0, deadline - time.monotonic()))
        except OSError:
            page = ""
        if marker in page:
            return page
        time.sleep(1)
    pytest.fail(f"{marker!r} ei näkynyt esikatselussa {timeout:.0f} sekunnissa; Quarton loki:\n"
                + log.read_text(encoding="utf-8", errors="replace")[-3000:])


def test_quarto_preview_rerenders_on_chapter_and_data_edits(tmp_path):
    from joppi.render import find_quarto

    quarto = find_quarto()
    if quarto is None:
        pytest.skip("Quarto CLI ei ole asennettu: joppi.render.find_quarto() ei löydä sitä "
                    "(aseta QUARTO_PATH tai lisää `quarto` PATHiin; conda-ympäristö environment.yml "
                    "asentaa sen).")
    root = copy_full_project(tmp_path / "projekti")
    # The pre-render step of the copy runs the code under test (src/joppi/assets/pre_render.py puts
    # the copy's src/ first).
    shutil.copytree(ROOT / "src" / "joppi", root / "src" / "joppi",
                    ignore=shutil.ignore_patterns("__pycache__"))
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "quarto-preview.log"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache"), "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    env.pop("QUARTO_PROFILE", None)
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen([str(quarto), "preview", "--no-browser", "--port", str(port)], cwd=root,
                                   env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        first = _wait_for(url, "</html>", 300, log)
        chapter_marker, data_marker = "Tarkistusmerkki Esikatselu", "Ammattikorkeakoulu Merkkilä"
        assert chapter_marker not in first and data_marker not in first
        assert "Ammattikorkeakoulu A," in first

        # Quarto compares modification times to the second: the edit must come a second later.
        time.sleep(1.5)
        chapter = root / "chapters" / "_01-johdanto.qmd"
        text = chapter.read_text(encoding="utf-8")
        assert "\nJOPPI – Jatkuvan" in text
        chapter.write_text(text.replace("\nJOPPI – Jatkuvan", f"\n{chapter_marker}. JOPPI – Jatkuvan", 1),
                           encoding="utf-8")
        _wait_for(url, chapter_marker, 240, log)

        time.sleep(1.5)
        projects = root / "data" / "hankkeet.csv"
        rows = projects.read_text(encoding="utf-8")
        assert ";Ammattikorkeakoulu A;" in rows
        projects.write_text(rows.replace(";Ammattikorkeakoulu A;", f";{data_marker};"), encoding="utf-8")
        page = _wait_for(url, data_marker, 240, log)
        assert chapter_marker in page and "Ammattikorkeakoulu A," not in page
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
