"""One snapshot of the inputs per build: the bytes that are hashed, validated and computed from.

The build copies `data/` once, hashing each file as it copies it, and from then on reads only
the copy: a file saved while the build runs belongs to the next build, never half to this one.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .cache import hash_files
from .dataset import InputPaths, earlier_year, source_hashes
from .safefs import made_dir

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


def copy_data(root: Path, dest: Path) -> dict[str, str]:
    """Copy the project's data/ into dest/data; returns {relative path: SHA-256}."""
    from .errors import DataError, Issue
    from .safefs import input_problem

    copied: dict[str, str] = {}
    refused: list[Issue] = []
    source = Path(root) / "data"
    for dirpath, dirnames, filenames in os.walk(source):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and not d.startswith("."))
        rel_dir = Path(dirpath).relative_to(source)
        (dest / "data" / rel_dir).mkdir(parents=True, exist_ok=True)
        for name in sorted(filenames):
            src = Path(dirpath) / name
            rel = (Path("data") / rel_dir / name).as_posix()
            if name.startswith(".~lock"):
                continue
            problem = input_problem(src, root)    # a link out of the project, a FIFO, a device: never opened
            if problem is not None:
                refused.append(Issue(rel, None, None, None, problem))
                continue
            copied[rel] = _copy_hashing(src, dest / rel)
    if refused:
        raise DataError(refused)
    return copied


def take_snapshot(root: Path, build_root: Path, year: int) -> Snapshot:
    root = Path(root)
    directory = made_dir(build_root, f"{SNAPSHOT_PREFIX}{year}-{os.getpid()}-")
    try:
        copied = copy_data(root, directory)
        paths = InputPaths.of(directory)
        compared = [y for y in [earlier_year(directory, year)] if y is not None]
        provenance: dict[str, str] = {}
        for y in compared + [year]:
            provenance.update(source_hashes(paths, y))
        # Every file of data/: the scope of a cumulative edition depends on which years have data.
        data_hash = hash_files([directory / rel for rel in copied], directory)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return Snapshot(directory, tuple(compared + [year]), provenance, data_hash, copied)
