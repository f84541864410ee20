"""One snapshot of the inputs per build, and a build that never harms files outside its own.

Each test here failed on the build before the snapshot: the notebooks read the live files, so a
survey saved during a build was published under the hashes of the file before it; cleaning
followed links; a `_build/` on another file system stopped the publishing step with a raw OSError.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import synthetic as syn
from conftest import copy_full_project
from joppi.build import build
from joppi.safefs import MARKER, explain_os_error

pytestmark = pytest.mark.build
EPOCH = "1735689600"


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _survey_without_last_rows(path: Path, drop: int) -> bytes:
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[:-drop])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A clean 2023 build and a clean build of the survey with three responses fewer."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = copy_full_project(tmp_path_factory.mktemp("viite") / "projekti")
        survey = root / "data" / "kysely" / "2023.csv"
        original = survey.read_bytes()
        build(root, 2023, engine="pandoc", log=lambda _l: None)
        values_original = (root / "_output" / "2023" / "_variables.yml").read_text(encoding="utf-8")
        changed = _survey_without_last_rows(survey, 3)
        survey.write_bytes(changed)
        build(root, 2023, engine="pandoc", log=lambda _l: None)
        values_changed = (root / "_output" / "2023" / "_variables.yml").read_text(encoding="utf-8")
    assert values_original != values_changed, "the edit must change the published numbers"
    return {"original": original, "changed": changed, "values_original": values_original,
            "values_changed": values_changed}


def test_a_file_saved_during_the_build_does_not_reach_it(reference, tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    survey = root / "data" / "kysely" / "2023.csv"
    assert survey.read_bytes() == reference["original"]

    def save_while_running(line: str) -> None:
        if line.startswith("[3/6]"):      # the notebooks are about to read the data
            survey.write_bytes(reference["changed"])

    build(root, 2023, engine="pandoc", log=save_while_running)
    edition = root / "_output" / "2023"
    published = (edition / "_variables.yml").read_text(encoding="utf-8")
    assert published == reference["values_original"], "numbers from the file saved mid-build were published"
    page = (edition / "index.html").read_text(encoding="utf-8")
    assert _sha(reference["original"]) in page, "the colophon must hash the bytes that were computed from"
    assert _sha(reference["changed"]) not in page

    # The next build sees the saved file: new numbers under the new hash (the cache is not fooled).
    build(root, 2023, engine="pandoc", log=lambda _l: None)
    assert (edition / "_variables.yml").read_text(encoding="utf-8") == reference["values_changed"]
    page = (edition / "index.html").read_text(encoding="utf-8")
    assert _sha(reference["changed"]) in page and _sha(reference["original"]) not in page


def test_the_notebooks_read_the_snapshot_not_the_project(reference, tmp_path):
    """Removing the project's data while the notebooks run changes nothing in the edition."""
    root = copy_full_project(tmp_path / "projekti")
    hidden = tmp_path / "piilossa"

    def hide(line: str) -> None:
        if line.startswith("[3/6]"):
            shutil.move(root / "data", hidden)
        if line.startswith("[6/6]"):
            shutil.move(hidden, root / "data")

    build(root, 2023, engine="pandoc", log=hide)
    assert (root / "_output" / "2023" / "_variables.yml").read_text(encoding="utf-8") == reference["values_original"]


# --- the file system -------------------------------------------------------------------------------

def _outside_dir(tmp_path: Path) -> Path:
    outside = tmp_path / "ulkopuolella"
    (outside / "2023-tarkea").mkdir(parents=True)
    (outside / "2023-tarkea" / "tiedosto.txt").write_text("älä poista", encoding="utf-8")
    (outside / "muu.txt").write_text("älä poista", encoding="utf-8")
    return outside


def _intact(outside: Path) -> bool:
    return ((outside / "2023-tarkea" / "tiedosto.txt").read_text(encoding="utf-8") == "älä poista"
            and (outside / "muu.txt").is_file())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = copy_full_project(tmp_path_factory.mktemp("tiedostot") / "projekti")
        build(root, 2023, engine="pandoc", log=lambda _l: None)
    return root


def test_links_in_build_and_output_are_never_followed(built, tmp_path):
    outside = _outside_dir(tmp_path)
    # Stale-looking names that cleaning and pruning act on, all links to a directory outside.
    (built / "_build" / "2023-vanha-tyokansio").symlink_to(outside)
    (built / "_build" / ".2023-poistettavat-x").symlink_to(outside)
    (built / "_build" / ".aineisto-2023-999999-x").symlink_to(outside)
    (built / "_output" / ".painokset" / "2023-vanha-painos").symlink_to(outside)
    (built / "_output" / ".painokset" / "2023-12-34").symlink_to(outside / "2023-tarkea")
    steps = built / "_build" / "valimuisti" / "renderointi"
    (steps / "ulkoinen-merkinta").symlink_to(outside)
    for i in range(10):   # enough entries that pruning runs over the link
        (steps / f"tyhja-{i}").mkdir(exist_ok=True)
    (built / "data" / "kysely" / "2023.csv").write_bytes(
        (built / "data" / "kysely" / "2023.csv").read_bytes() + b"")
    build(built, 2023, engine="pandoc", log=lambda _l: None)
    # a second build with a changed chapter stores and prunes render entries
    chapter = built / "chapters" / "_01-johdanto.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nLisäys.\n", encoding="utf-8")
    build(built, 2023, engine="pandoc", log=lambda _l: None)
    assert _intact(outside), "a build deleted files outside the project through a link"
    assert (built / "_output" / "2023" / "index.html").is_file()


def test_an_output_folder_linked_outside_the_project_is_refused(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    outside = _outside_dir(tmp_path)
    (root / "_output").symlink_to(outside)
    proc = syn.build_cli(root, 2023, SOURCE_DATE_EPOCH=EPOCH)
    assert proc.returncode == 1
    assert "_output/ on symbolinen linkki projektin ulkopuolelle" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _intact(outside) and sorted(p.name for p in outside.iterdir()) == ["2023-tarkea", "muu.txt"]


def _other_file_system(tmp_path: Path) -> Path | None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        return None
    try:
        return Path(__import__("tempfile").mkdtemp(prefix="joppi-build-", dir=shm))
    except OSError:
        return None


def test_a_build_folder_on_another_file_system_works(tmp_path):
    other = _other_file_system(tmp_path)
    if other is None:
        pytest.skip("no second file system (/dev/shm) on this machine")
    try:
        root = copy_full_project(tmp_path / "projekti")
        (root / "_build").symlink_to(other)
        for _ in range(2):   # the second publish also removes the first edition across file systems
            result = build(root, 2023, engine="pandoc", log=lambda _l: None)
        assert result.html.is_file() and result.pdf.is_file()
        editions = [p.name for p in (root / "_output" / ".painokset").iterdir()]
        assert len(editions) == 1, editions
        assert os.readlink(root / "_output" / "2023") == f".painokset/{editions[0]}"
    finally:
        shutil.rmtree(other, ignore_errors=True)


def _dead_mark(directory: Path) -> Path:
    """A directory as a killed build leaves it: marked by a process that no longer runs."""
    directory.mkdir(parents=True)
    token = "0" * 32
    (directory / MARKER).write_text(json.dumps({"pid": 999_999, "alku": "1", "tunniste": token}), encoding="utf-8")
    (directory / "osa.bin").write_bytes(b"x" * 100)
    return directory


def test_temporary_files_of_a_dead_build_are_removed_by_the_next(built):
    left = [
        _dead_mark(built / "_build" / ".aineisto-2023-999999-abc"),
        _dead_mark(built / "_build" / "valimuisti" / "renderointi" / ".tmp-999999-abc"),
        _dead_mark(built / "_build" / "valimuisti" / "aineisto" / ".tmp-999999-abc"),
        _dead_mark(built / "_build" / "2023-kuollut"),
        _dead_mark(built / "_build" / "nimi-ei-ratkaise"),     # removed by its marker, whatever its name
        _dead_mark(built / "_output" / ".painokset" / ".2023-poistettavat-x"),
    ]
    build(built, 2023, engine="pandoc", log=lambda _l: None)
    assert [p for p in left if p.exists()] == []


# Names that cleaning once deleted by their pattern alone: none carries a build's marker.
UNMARKED = ["2023-keep/tiedosto.txt", "2023-raportti.docx", ".2023-poistettavat-keep/tiedosto.txt",
            ".aineisto-2023-99999-x/tiedosto.txt", "valimuisti/omat-1/tiedosto.txt",
            "valimuisti/renderointi/omat-2/tiedosto.txt", "valimuisti/renderointi/.tmp-99999-x/tiedosto.txt",
            "valimuisti/aineisto/0123abcd.99999.tmp", ".2023-99999.linkki/tiedosto.txt"]


def _unmarked(directory: Path) -> dict[str, bytes]:
    for rel in UNMARKED:
        (directory / rel).parent.mkdir(parents=True, exist_ok=True)
        (directory / rel).write_bytes(f"älä poista {rel}".encode())
    for i in range(10):   # enough old-looking entries that pruning would run over them
        (directory / "valimuisti" / "renderointi" / f"vanha-{i}").mkdir(parents=True, exist_ok=True)
        (directory / "valimuisti" / "renderointi" / f"vanha-{i}" / ".valmis").write_text("", encoding="utf-8")
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def test_a_build_folder_linked_outside_loses_nothing_the_build_did_not_make(tmp_path):
    """`_build` a link to a folder outside: the build works there, and deletes only what it made."""
    root = copy_full_project(tmp_path / "projekti")
    outside = tmp_path / "ulkopuolella"
    outside.mkdir()
    before = _unmarked(outside)
    (root / "_build").symlink_to(outside)
    for _ in range(2):      # the second build cleans and prunes after the first
        build(root, 2023, engine="pandoc", log=lambda _l: None)
        chapter = root / "chapters" / "_01-johdanto.qmd"
        chapter.write_text(chapter.read_text(encoding="utf-8") + "\nLisäys.\n", encoding="utf-8")
    after = {p.relative_to(outside).as_posix(): p.read_bytes() for p in sorted(outside.rglob("*")) if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before, "a build deleted or changed a file it did not make"
    assert (root / "_output" / "2023" / "index.html").is_file()


def test_a_lock_file_that_is_a_link_is_never_followed(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    outside = tmp_path / "ulkopuolella.txt"
    outside.write_text("älä katkaise", encoding="utf-8")
    (root / "_build").mkdir()
    (root / "_build" / "2023.lock").symlink_to(outside)
    proc = syn.build_cli(root, 2023, SOURCE_DATE_EPOCH=EPOCH)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "2023.lock on symbolinen linkki" in proc.stderr and "poista linkki" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert outside.read_text(encoding="utf-8") == "älä katkaise"
    assert not (root / "_output" / "2023").exists()


def test_the_lock_file_is_not_truncated(tmp_path):
    from joppi.build import year_lock

    root = tmp_path / "projekti"
    (root / "_build").mkdir(parents=True)
    (root / "_build" / "2023.lock").write_text("sisältö", encoding="utf-8")
    with year_lock(root, 2023):
        pass
    assert (root / "_build" / "2023.lock").read_text(encoding="utf-8") == "sisältö"


def test_a_c_locale_gives_the_same_bytes(built, tmp_path):
    utf8 = copy_full_project(tmp_path / "utf8")
    c_locale = copy_full_project(tmp_path / "c")
    env_c = {k: v for k, v in syn.build_env().items() if not k.startswith(("LC_", "LANG"))}
    env_c.update(LC_ALL="C", SOURCE_DATE_EPOCH=EPOCH)
    env_u = dict(env_c, LC_ALL="C.UTF-8")
    for root, env in ((utf8, env_u), (c_locale, env_c)):
        proc = subprocess.run(syn.joppi_argv(root, "build", "--year", "2023", "--engine", "pandoc"),
                              capture_output=True, text=True, encoding="utf-8", env=env, cwd=root, timeout=300)
        assert proc.returncode == 0, proc.stderr
    assert syn.tree_snapshot(utf8 / "_output" / "2023") == syn.tree_snapshot(c_locale / "_output" / "2023")


@pytest.mark.parametrize("exc, expected", [
    (OSError(errno.ENOSPC, "No space left on device", "/p/_build/x"), "/p/_build/x: levy on täynnä"),
    (OSError(errno.EACCES, "Permission denied", "/p/_output"), "/p/_output: ei oikeutta"),
    (OSError(errno.EEXIST, "File exists", "/p/_output"), "/p/_output: on jo olemassa"),
    (shutil.Error([("/a/b.csv", "/c/b.csv", "[Errno 28] No space left on device")]), "tiedoston /a/b.csv kopiointi"),
])
def test_os_errors_are_explained_in_finnish(exc, expected):
    text = explain_os_error(exc)
    assert text.startswith(expected), text
    assert "Errno" not in text.split(":")[0]


def test_an_output_path_that_is_a_file_gives_a_finnish_message(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    (root / "_output").write_text("ei kansio", encoding="utf-8")
    proc = syn.build_cli(root, 2023, SOURCE_DATE_EPOCH=EPOCH)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "Errno" not in proc.stderr and "OSError" not in proc.stderr
    assert "_output" in proc.stderr and "Edellinen julkaisu on ennallaan" in proc.stderr
