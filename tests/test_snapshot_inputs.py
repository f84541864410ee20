"""The snapshot copies only what the build reads, after checking each file's kind and size.

Before: `data/` was copied whole on every build (a 3 GB archive beside the data too), and a 2 GB
CSV was copied before the reader refused it; a FIFO or folder in place of a data file was left out
of the snapshot silently, so the build ignored an end survey that `validate` refused.
"""

from __future__ import annotations

import os
import time

import pytest

import synthetic_years as sy
from conftest import copy_project
from joppi.errors import DataError
from joppi.snapshot import build_inputs, take_snapshot

GB = 1024 ** 3


@pytest.fixture
def project(tmp_path):
    root = copy_project(tmp_path / "projekti")
    (root / "_build").mkdir()
    return root


def test_only_the_files_the_build_reads_are_copied(project):
    sy.add_years(project)                                     # 2023, 2024, 2025 and the 2025 end survey
    archive = project / "data" / "arkisto" / "vanha.zip"
    archive.parent.mkdir()
    with archive.open("wb") as f:                             # 3 GB, sparse: costs no disk
        f.truncate(3 * GB)
    (project / "data" / "muistiinpanot.txt").write_text("ei aineistoa", encoding="utf-8")
    started = time.monotonic()
    snap = take_snapshot(project, project / "_build", 2025)
    assert time.monotonic() - started < 20, "the archive was read"
    copied = set(snap.copied)
    assert "data/arkisto/vanha.zip" not in copied and "data/muistiinpanot.txt" not in copied
    assert not (snap.directory / "data" / "arkisto").exists()
    # 2025 is compared with 2024: both years' surveys, 2025's end survey, every classification
    assert {"data/julkaisu.yml", "data/hankkeet.csv", "data/kysely/2025.csv", "data/kysely/2024.csv",
            "data/loppukysely/2025.csv", "data/luokitukset/roolit.csv"} <= copied
    # 2023 is the cumulative edition's first year: its start survey is pooled, so copied in full
    assert (snap.directory / "data" / "kysely" / "2023.csv").read_bytes() == \
        (project / "data" / "kysely" / "2023.csv").read_bytes()
    assert snap.years == (2024, 2025)
    read, named = build_inputs(project, 2025)
    assert named == [] and "data/kysely/2023.csv" in read
    # a later year's survey is there by name only (which years have data), its answers are not
    read, named = build_inputs(project, 2024)
    assert named == ["data/kysely/2025.csv"] and "data/kysely/2025.csv" not in read


def test_a_huge_input_is_refused_before_a_byte_is_copied(project):
    projects = project / "data" / "hankkeet.csv"
    with projects.open("r+b") as f:
        f.truncate(2 * GB)                                    # 2 GB (sparse)
    started = time.monotonic()
    with pytest.raises(DataError) as err:
        take_snapshot(project, project / "_build", 2023)
    assert time.monotonic() - started < 5
    (issue,) = err.value.issues
    assert issue.file == "data/hankkeet.csv" and "enintään 50 Mt (tiedosto on 2048 Mt)" in issue.expected
    assert os.listdir(project / "_build") == [], "a snapshot was left behind"


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_data_file_that_is_not_a_file_is_refused_by_its_name(project, kind):
    sy.add_years(project)
    end = project / "data" / "loppukysely" / "2025.csv"
    end.unlink()
    end.mkdir() if kind == "folder" else os.mkfifo(end)
    with pytest.raises(DataError) as err:
        take_snapshot(project, project / "_build", 2025)
    (issue,) = err.value.issues
    assert issue.file == "data/loppukysely/2025.csv", issue
    assert ("on kansio" if kind == "folder" else "nimetty putki") in issue.expected
    assert ".aineisto-" not in issue.message()
