"""Content-addressed cache of build steps: a step's key hashes everything the step reads.

Unlike Quarto's `freeze`, which ignores parameters and data, a key here covers the data files,
the classifications, the notebook, the code in src/, the parameters and the engine's version, so a
cached result is reused only when it would come out the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_files(files, base: Path) -> str:
    """One digest over the names (relative to base) and bytes of files; missing files count too."""
    h = hashlib.sha256()
    for f in sorted(Path(p) for p in files):
        try:
            name = str(f.resolve().relative_to(Path(base).resolve()))
        except ValueError:
            name = str(f)
        h.update(name.encode("utf-8") + b"\0")
        if f.is_file():
            with f.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    h.update(chunk)
        else:
            h.update(b"<puuttuu>")
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The package's code and assets, plus the versions of the libraries that shape the output."""
    from importlib import metadata

    files = [p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    versions = []
    for dist in ("pandas", "pandera", "altair", "vl-convert-python", "papermill", "pypandoc-binary", "typst"):
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=?")
    return hash_text(hash_files(files, PACKAGE) + "|" + ",".join(versions))


class Cache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def _entry(self, step: str, key: str) -> Path:
        return self.directory / step / key

    def has(self, step: str, key: str) -> bool:
        return (self._entry(step, key) / ".valmis").is_file()

    def store(self, step: str, key: str, items: dict[str, Path]) -> None:
        """Copy items in under a temporary name, then rename: a killed build leaves no half entry."""
        entry = self._entry(step, key)
        if self.has(step, key):
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        from .safefs import made_dir

        tmp = made_dir(entry.parent, f".tmp-{os.getpid()}-")   # its marker stays in the entry
        for name, src in items.items():
            dst = tmp / name
            if src.is_dir():
                shutil.copytree(src, dst)
            elif src.is_file():
                shutil.copy2(src, dst)
        (tmp / ".valmis").write_text("", encoding="utf-8")
        try:
            os.replace(tmp, entry)
        except OSError:  # another build stored the same entry first
            shutil.rmtree(tmp, ignore_errors=True)
        self._prune(entry.parent, keep=entry)

    def restore(self, step: str, key: str, items: dict[str, Path]) -> bool:
        entry = self._entry(step, key)
        if not self.has(step, key):
            return False
        for name, dst in items.items():
            src = entry / name
            if src.is_dir():
                if dst.exists():
                    shutil.rmtree(dst)
                shutil.copytree(src, dst)
            elif src.is_file():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
        return True

    @staticmethod
    def _prune(step_dir: Path, keep: Path, max_entries: int = 8) -> None:
        """Keep the newest entries; only complete entries this cache made (marked) are counted
        and removed."""
        from .safefs import read_mark, remove

        entries = sorted((p for p in step_dir.iterdir()
                          if read_mark(p) is not None and (p / ".valmis").is_file() and p.name[0] != "."),
                         key=lambda p: p.stat().st_mtime)
        for old in entries[:-max_entries]:
            if old != keep:
                remove(old, step_dir)

    def remove_orphans(self) -> None:
        """Delete half-written entries and temporary files of processes that no longer run (a
        killed build, a full disk): only what carries a build's marker (safefs.made_dir) and is
        not a complete entry."""
        from .safefs import maker_running, read_mark, remove

        if not self.directory.is_dir() or self.directory.is_symlink():
            return
        for step_dir in self.directory.iterdir():
            if not step_dir.is_dir() or step_dir.is_symlink():
                continue
            for item in step_dir.iterdir():
                mark = read_mark(item)
                if mark is not None and not (item / ".valmis").is_file() and not maker_running(mark):
                    remove(item, step_dir)
