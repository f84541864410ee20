"""The marker mechanism of safefs: cleaning deletes only directories the build made, once their
maker is gone, never by name and never through a link."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from joppi.safefs import MARKER, made_dir, maker_running, read_mark, remove_made, remove_stale_made


def test_a_made_directory_carries_this_process_mark(tmp_path):
    d = made_dir(tmp_path, "2023-")
    mark = read_mark(d)
    assert mark["pid"] == os.getpid() and len(mark["tunniste"]) == 32
    assert maker_running(mark)
    assert read_mark(made_dir(tmp_path, "2023-"))["tunniste"] != mark["tunniste"], "tokens are random"


def test_unmarked_linked_and_forged_are_not_ours(tmp_path):
    plain = tmp_path / "2023-keep"
    plain.mkdir()
    assert read_mark(plain) is None
    link = tmp_path / "linkki"
    link.symlink_to(made_dir(tmp_path, "x-"))
    assert read_mark(link) is None, "a link to a marked directory is not a marked directory"
    forged = tmp_path / "vaarennos"
    forged.mkdir()
    (forged / MARKER).write_text("pid 1", encoding="utf-8")
    assert read_mark(forged) is None
    linked_marker = tmp_path / "linkitetty-merkki"
    linked_marker.mkdir()
    (linked_marker / MARKER).symlink_to(made_dir(tmp_path, "y-") / MARKER)
    assert read_mark(linked_marker) is None, "the marker itself is never read through a link"
    fifo = tmp_path / "fifo-merkki"
    fifo.mkdir()
    os.mkfifo(fifo / MARKER)
    assert read_mark(fifo) is None     # and does not hang


def test_cleaning_removes_only_marked_directories_of_dead_makers(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    gone = tmp_path / "mika-tahansa-nimi"
    gone.mkdir()
    (gone / MARKER).write_text(json.dumps({"pid": dead_pid, "alku": "1", "tunniste": "a" * 32}), encoding="utf-8")
    reused = tmp_path / "pid-kaytossa"     # the pid runs, but it is another process (start time differs)
    reused.mkdir()
    (reused / MARKER).write_text(json.dumps({"pid": os.getppid(), "alku": "1", "tunniste": "b" * 32}),
                                 encoding="utf-8")
    alive = made_dir(tmp_path, ".aineisto-2023-")
    plain = tmp_path / "2023-raportti"
    plain.mkdir()
    remove_stale_made(tmp_path)
    assert not gone.exists() and not reused.exists()
    assert alive.is_dir() and plain.is_dir()
    assert remove_made(alive, tmp_path, finished=True) and not alive.exists()
    assert not remove_made(plain, tmp_path, finished=True) and plain.is_dir()
