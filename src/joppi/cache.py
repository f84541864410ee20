"""Content-addressed cache of build steps: a step's key hashes everything the step reads.

Unlike Quarto's `freeze`, which ignores parameters and data, a key here covers the data files,
the classifications, the notebook, the code in src/, the parameters and the engine's version, so a
cached result is reused only when it would come out the same.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
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
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=entry.parent))
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
        from .safefs import remove

        entries = sorted((p for p in step_dir.iterdir()
                          if p.is_dir() and not p.is_symlink() and not p.name.startswith(".tmp-")),
                         key=lambda p: p.stat().st_mtime)
        for old in entries[:-max_entries]:
            if old != keep:
                remove(old, step_dir)

    def remove_orphans(self) -> None:
        """Delete half-written entries and files of processes that no longer run (a killed build,
        a full disk): they would otherwise stay for ever."""
        from .safefs import pid_alive, remove

        if not self.directory.is_dir() or self.directory.is_symlink():
            return
        for step_dir in self.directory.iterdir():
            if not step_dir.is_dir() or step_dir.is_symlink():
                continue
            for item in step_dir.iterdir():
                if item.name.startswith(".tmp-"):
                    pid = item.name.split("-")[1]
                elif item.name.endswith(".tmp") and item.name.count(".") >= 2:
                    pid = item.name.rsplit(".", 2)[-2]       # <key>.<pid>.tmp (validated data)
                else:
                    continue
                if not (pid.isdigit() and pid_alive(int(pid))):
                    remove(item, step_dir)
