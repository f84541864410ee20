"""A failed publish leaves `_output/` as it was, whatever failed: the switch to the new edition is
the last step, and everything that can fail for want of space comes before it and is undone."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import synthetic as syn
from conftest import copy_full_project
from joppi import build as build_module
from joppi import safefs
from joppi.build import publish


def _edition(path: Path, text: str) -> Path:
    (path / "sv").mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    (path / "sv" / "index.html").write_text(text, encoding="utf-8")
    (path / "joppi-tilannekuva-2023.pdf").write_bytes(b"%PDF " + text.encode() * 1000)
    return path


@pytest.fixture
def published(tmp_path):
    root = tmp_path / "projekti"
    (root / "_build").mkdir(parents=True)
    publish(root, 2023, _edition(root / "_build" / "2023-1-1", "vanha"))
    return root


def _full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "/levy")


@pytest.mark.parametrize("where", ["symlink", "made_dir", "copy", "replace"])
def test_a_full_disk_at_any_step_of_publishing_leaves_the_edition(published, monkeypatch, tmp_path, where):
    before = syn.tree_snapshot(published / "_output")
    link = os.readlink(published / "_output" / "2023")
    staged = _edition(published / "_build" / "2023-2-2", "uusi")
    if where == "symlink":
        monkeypatch.setattr(build_module.os, "symlink", _full)
    elif where == "made_dir":
        monkeypatch.setattr(build_module, "made_dir", _full)
    elif where == "copy":        # another file system: the edition is copied, and the copy fills the disk
        monkeypatch.setattr(safefs.os, "replace", _cross_device(os.replace))
        copied = []

        def copy_then_full(src, dst, *a, **kw):
            copied.append(src)
            if len(copied) > 1:
                _full()
            return shutil.copy2(src, dst)
        monkeypatch.setattr(safefs.shutil, "copy2", copy_then_full)
        monkeypatch.setattr(safefs.shutil, "copytree", _copytree_with(copy_then_full))
    else:                        # the last rename of the copy across file systems
        cross = _cross_device(os.replace)
        monkeypatch.setattr(safefs.os, "replace", lambda a, b: _full() if Path(a).name == "kopio" else cross(a, b))
    with pytest.raises(OSError):
        publish(published, 2023, staged)
    monkeypatch.undo()
    assert syn.tree_snapshot(published / "_output") == before
    assert os.readlink(published / "_output" / "2023") == link
    assert not [p for p in (published / "_build").iterdir() if p.name.startswith(".2023-poistettavat")]


def _cross_device(real):
    def replace(src, dst):
        if Path(dst).parent.name == ".painokset" and Path(src).name != "kopio":
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        return real(src, dst)
    return replace


REAL_COPYTREE = shutil.copytree


def _copytree_with(copy):
    def copytree(src, dst, symlinks=False, ignore=None, copy_function=None, ignore_dangling_symlinks=False,
                 dirs_exist_ok=False):
        return REAL_COPYTREE(src, dst, symlinks, ignore, copy, ignore_dangling_symlinks, dirs_exist_ok)
    return copytree


def test_pruning_that_fails_does_not_fail_the_published_build(published, monkeypatch):
    staged = _edition(published / "_build" / "2023-3-3", "uusin")
    real = os.replace
    monkeypatch.setattr(build_module.os, "replace",
                        lambda a, b: _full() if "poistettavat" in str(b) else real(a, b))
    link = publish(published, 2023, staged)
    assert (link / "index.html").read_text(encoding="utf-8") == "uusin"


# --- a real small file system ---------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 20 MB tmpfs (root only; skipped where mounting is not allowed)."""
    mount = tmp_path / f"pieni-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mount)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(mount: Path, leave_kb: int) -> None:
    for entry in mount.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    st = os.statvfs(mount)
    (mount / "taytto").write_bytes(b"\0" * max(0, st.f_bavail * st.f_frsize - leave_kb * 1024))


@pytest.mark.build
def test_a_build_on_a_small_disk_never_changes_the_edition(tmp_path, small_disk):
    root = copy_full_project(tmp_path / "projekti")
    assert syn.build_cli(root, 2023).returncode == 0
    before = syn.tree_snapshot(root / "_output")
    shutil.rmtree(root / "_build")
    (root / "_build").symlink_to(small_disk)
    chapter = root / "chapters" / "_01-johdanto.qmd"
    failed = 0
    for leave_kb in (300, 6000, 9000, 12000, 16000):
        _fill(small_disk, leave_kb)
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nLisäys {leave_kb}.\n", encoding="utf-8")
        proc = syn.build_cli(root, 2023)
        if proc.returncode == 0:
            before = syn.tree_snapshot(root / "_output")
            continue
        failed += 1
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "levy on täynnä" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert syn.tree_snapshot(root / "_output") == before, f"a failed build ({leave_kb} kB free) changed _output/"
    assert failed >= 3, "the disk was never full enough to fail a build"
