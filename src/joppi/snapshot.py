"""One snapshot of the inputs per build: the bytes that are hashed, validated and computed from.

The build copies what it reads of `data/` once (sizes and kinds checked first), hashing each file
as it copies it, and from then on reads only the copy: a file saved while the build runs belongs
to the next build, never half to this one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .cache import hash_files
from .config import MAX_SETTINGS_BYTES, SETTINGS
from .dataset import InputPaths, earlier_year, source_hashes, years_with_data
from .errors import MAX_CLASSIFICATION_BYTES, MAX_INPUT_BYTES, DataError, Issue, input_file_issue
from .safefs import input_problem, made_dir

SNAPSHOT_PREFIX = ".aineisto-"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Snapshot:
    directory: Path              # holds data/ laid out as in the project
    years: tuple[int, ...]       # the edition's year and the year it is compared with, if any
    provenance: dict[str, str]   # the edition's input files (relative to the project) -> SHA-256
    data_hash: str               # one digest of every input the notebooks read: their cache key
    copied: dict[str, str]       # every file copied -> SHA-256 of the bytes copied


def _copy_hashing(src: Path, dst: Path) -> str:
    """Copy in bounded memory, hashing the very bytes written."""
    h = hashlib.sha256()
    with src.open("rb") as fin, dst.open("wb") as fout:
        for chunk in iter(lambda: fin.read(_CHUNK), b""):
            h.update(chunk)
            fout.write(chunk)
    shutil.copystat(src, dst)
    return h.hexdigest()


def build_inputs(root: Path, year: int) -> tuple[list[str], list[str]]:
    """What a build of `year` reads from data/ (relative paths): the settings, the projects, every
    classification, the survey and end survey of the year and of the year it is compared with, the
    start surveys of every earlier year (a cumulative edition pools them); and the later years'
    survey files, of which it reads only the names (which years have data). Nothing else in data/ (an old
    archive, a README, a large export) is copied or even opened.
    """
    root = Path(root)
    paths = InputPaths.of(root)
    compared = earlier_year(root, year)
    years = [y for y in (compared, year) if y is not None]
    # a cumulative edition pools the start surveys of every cohort up to its year
    pooled = [y for y in paths.pooled_years(year) if y not in years]
    from .intake.lahde import SOURCE_GLOB

    wanted = [root / SETTINGS, paths.projects, *sorted(paths.classifications.glob("*.csv")),
              # the extraction records of `joppi tuo`, which the colophon names
              *sorted((paths.root / "data" / "haku").glob(SOURCE_GLOB))]
    for y in years:
        wanted += [paths.survey(y), paths.end_survey(y)]
    wanted += [paths.survey(y) for y in pooled]
    read = [p.relative_to(paths.root).as_posix() for p in map(_absolute, wanted) if os.path.lexists(p)]
    named = sorted(p.relative_to(paths.root).as_posix() for y in years_with_data(root) if y not in years + pooled
                   for p in [_absolute(paths.survey(y))])
    return read, named


def _absolute(path: Path) -> Path:
    """The path under the resolved project root, the last part not resolved (a link stays a link)."""
    path = Path(path)
    return path.parent.resolve() / path.name


def _limit(rel: str) -> int:
    if rel == SETTINGS:
        return MAX_SETTINGS_BYTES
    if rel.startswith("data/luokitukset/"):
        return MAX_CLASSIFICATION_BYTES
    return MAX_INPUT_BYTES


def copy_data(root: Path, dest: Path, year: int) -> dict[str, str]:
    """Copy what a build of `year` reads into dest/data; returns {relative path: SHA-256}.

    Each file's kind and size are checked before anything is copied (a folder, a FIFO or a 2 GB
    CSV in place of a data file is refused here, named as the user knows it, never copied); the
    other years' survey files are represented by empty files of the same name.
    """
    root = Path(root).resolve()
    read, named = build_inputs(root, year)
    issues = []
    for rel in read:
        # a link out of the project, a FIFO, a device: never opened; then the kind and size of the rest
        if (problem := input_problem(root / rel, root)) is not None:
            issues.append(Issue(rel, None, None, None, problem))
        elif (issue := input_file_issue(root / rel, rel, _limit(rel))) is not None:
            issues.append(issue)
    if issues:
        raise DataError(issues)
    copied: dict[str, str] = {}
    for rel in read:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        copied[rel] = _copy_hashing(root / rel, dest / rel)
    for rel in named:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(b"")
        copied[rel] = hashlib.sha256(b"").hexdigest()
    return dict(sorted(copied.items()))


def take_snapshot(root: Path, build_root: Path, year: int) -> Snapshot:
    root = Path(root)
    directory = made_dir(build_root, f"{SNAPSHOT_PREFIX}{year}-{os.getpid()}-")
    try:
        copied = copy_data(root, directory, year)
        paths = InputPaths.of(directory)
        compared = [y for y in [earlier_year(directory, year)] if y is not None]
        provenance: dict[str, str] = {}
        for y in compared + [year]:
            provenance.update(source_hashes(paths, y))
        # Every file copied (the other years' by name): a cumulative edition's scope depends on which
        # years have data.
        data_hash = hash_files([directory / rel for rel in copied], directory)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return Snapshot(directory, tuple(compared + [year]), provenance, data_hash, copied)
