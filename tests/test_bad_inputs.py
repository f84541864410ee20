"""The corpus of broken inputs (tests/bad_inputs/cases.py): `joppi validate` refuses every one.

For each case, on a fresh copy of the project: exit status 2; a Finnish report on stderr whose
message names the file, the row ("rivi N") and column ("sarake X") where they apply and the bad
value; nothing printed on stdout; and no file in the project created, changed or removed.
Every case runs in-process through `joppi.cli.main`; those marked `subprocess=True` also run as a
real `python -m joppi.cli` subprocess (about 2 s each, so only a handful).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bad_inputs.cases import CASES, PROJECTS, SURVEY, Case, line_of, materialise
from conftest import ROOT, copy_project
from helpers import check_report
from synthetic import tree_snapshot
from joppi import cli


def snapshot(root: Path) -> dict[str, str]:
    """Every path under root: files by SHA-256, links by target, directories as <dir>, and a FIFO
    or device unopened (it would block)."""
    return tree_snapshot(root)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return snapshot(copy_project(tmp_path_factory.mktemp("pristine") / "projekti"))


def test_corpus_is_large_distinct_and_covers_every_input_file():
    ids = [c.id for c in CASES]
    assert len(ids) >= 160
    assert len(set(ids)) == len(ids)
    files = {c.file for c in CASES}
    assert {PROJECTS, SURVEY, "data/hankkeet.xlsx", "--year", "data/julkaisu.yml"} <= files
    assert any(f.startswith("data/luokitukset/") for f in files)


def test_line_numbers_used_by_the_corpus():
    # hand-checked against data/hankkeet.csv and data/kysely/2023.csv (header = line 1)
    assert line_of(PROJECTS, "S23001") == 2
    assert line_of(PROJECTS, "S23005") == 15
    assert line_of(PROJECTS, "S23014") == 40
    assert line_of(PROJECTS, "S23020") == 46
    assert line_of(SURVEY, "S23001") == 2
    assert line_of(SURVEY, "S23014") == 13


def test_the_unbroken_copy_validates(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")
    assert cli.main(["--root", str(project), "validate", "--year", "2023"]) == 0
    out, err = capsys.readouterr()
    assert "45 hankeriviä, 15 kyselyvastausta" in out
    assert err == ""


def _params(cases):
    return [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=c.known_bug, strict=True)] if c.known_bug else [])
            for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_validate_refuses(case: Case, tmp_path, capsys, pristine):
    project = copy_project(tmp_path / "projekti")
    case.apply(project)
    before = snapshot(project)
    if case.file != "--year":
        assert before != pristine, "the case did not change the project"

    status = cli.main(case.argv(project))
    out, err = capsys.readouterr()

    assert status == 2, err
    assert out == ""
    check_report(case, err)
    assert "root:x:0:0" not in err, "the content of a file outside the project was echoed"
    assert snapshot(project) == before, "validate wrote in the project"


def test_a_link_inside_the_project_is_read(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")
    archive = project / "data" / "arkisto"
    archive.mkdir()
    os.replace(project / PROJECTS, archive / "hankkeet.csv")
    (project / PROJECTS).symlink_to("arkisto/hankkeet.csv")
    assert cli.main(["--root", str(project), "validate", "--year", "2023"]) == 0, capsys.readouterr().err


SUBPROCESS_CASES = [c for c in CASES if c.subprocess]


def test_a_handful_run_as_real_subprocesses():
    assert 5 <= len(SUBPROCESS_CASES) <= 12
    assert {c.file for c in SUBPROCESS_CASES} >= {PROJECTS, SURVEY, "--year"}


@pytest.mark.parametrize("case", _params(SUBPROCESS_CASES))
def test_validate_refuses_as_subprocess(case: Case, tmp_path):
    project = copy_project(tmp_path / "projekti")
    case.apply(project)
    before = snapshot(project)
    env = {k: v for k, v in os.environ.items() if k != "JOPPI_ROOT"}
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.run([sys.executable, "-m", "joppi.cli", *case.argv(project)], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    check_report(case, proc.stderr)
    assert snapshot(project) == before


def test_materialise_gives_a_broken_copy_outside_pytest(tmp_path):
    case = next(c for c in CASES if c.id == "unknown-ely-near-miss")
    project = materialise(case, tmp_path / "rikki", include=("data", "_quarto.yml", "_brand.yml"))
    assert (project / "_brand.yml").is_file() and (project / "data/julkaisu.yml").is_file()
    assert "Etelä-savo" in (project / PROJECTS).read_text(encoding="utf-8")
    assert cli.main(case.argv(project)) == 2


def test_year_is_never_used_as_a_path(tmp_path, capsys):
    """`--year ../../etc` would read <project>/etc.csv if it were joined to data/kysely/."""
    project = copy_project(tmp_path / "projekti")
    (project / "etc.csv").write_bytes((ROOT / SURVEY).read_bytes())
    for bad in ("../../etc", "../2023", "2023/../2023", "/etc/passwd", "2023.csv", " 20 23", "２０２３"):
        assert cli.main(["--root", str(project), "validate", "--year", bad]) == 2, bad
        err = capsys.readouterr().err
        assert "--year: arvo" in err and "aineisto on vuosilta: 2023." in err, err
