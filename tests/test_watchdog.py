"""Children die with the build: killing only the build's own process (kill -9) ends the kernels
and renderers it started, within seconds, and the previous edition stays as it was.

ipykernel's kernels notice a dead parent by themselves on this machine; the tests with `sleep`
children, which do not, are the ones that fail without the watchdog."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import synthetic as syn
from conftest import copy_full_project
from joppi.watchdog import ENV, children_die_with_us, processes_with

SRC = str(Path(__file__).resolve().parents[1] / "src")


def state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "gone"


def wait_gone(pids, timeout: float = 15.0) -> list[int]:
    """The pids still running (not gone, not a zombie) after waiting up to `timeout` seconds."""
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if state(p) not in ("gone", "Z")]
        time.sleep(0.1)
    return alive


def test_the_token_reaches_children_and_leaving_ends_them():
    with children_die_with_us():
        token = os.environ[ENV]
        child = subprocess.Popen(["sleep", "60"], start_new_session=True)   # out of the process group
        # a child just started under load may not show its environment in /proc yet: wait a little
        deadline = time.monotonic() + 5
        while processes_with(token) != [child.pid] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert processes_with(token) == [child.pid]
    assert ENV not in os.environ
    assert child.wait(timeout=10) != 0


def test_a_killed_parent_takes_its_children_along():
    code = textwrap.dedent(f"""
        import subprocess, sys, time
        sys.path.insert(0, {SRC!r})
        from joppi.watchdog import children_die_with_us
        with children_die_with_us():
            kids = [subprocess.Popen(["sleep", "60"], start_new_session=True) for _ in range(3)]
            grandchild = subprocess.Popen(["sh", "-c", "sleep 60 & wait"])
            print(" ".join(str(k.pid) for k in kids + [grandchild]), flush=True)
            time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    pids = [int(p) for p in parent.stdout.readline().split()]
    time.sleep(0.3)
    pids += [d for p in pids for d in syn.descendants(p)]
    assert len(pids) >= 5
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    assert wait_gone(pids) == [], "children outlived the killed parent"


@pytest.mark.build
@pytest.mark.parametrize("line, delay", [("[3/6]", 2.0), ("[5/6]", 0.3)], ids=["muistikirjoissa", "renderoinnissa"])
def test_killing_only_the_build_ends_its_kernels_and_renderers(tmp_path, line, delay):
    root = copy_full_project(tmp_path / "projekti")
    assert syn.build_cli(root, 2023).returncode == 0
    previous = syn.tree_snapshot(root / "_output")
    shutil.rmtree(root / "_build" / "valimuisti")          # so that the kernels and renderers must run
    proc = subprocess.Popen(syn.joppi_argv(root, "build", "--year", "2023", "--engine", "pandoc"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            env=syn.build_env(), cwd=str(root))
    reached = threading.Event()

    def read() -> None:
        for out in proc.stdout:
            if out.startswith(line):
                reached.set()
        reached.set()

    threading.Thread(target=read, daemon=True).start()
    assert reached.wait(timeout=240)
    time.sleep(delay)
    helpers = syn.descendants(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)          # the build's own process only
    proc.wait()
    if not helpers:
        pytest.skip(f"the build had no helper processes at {line}")
    assert wait_gone(helpers, timeout=8) == [], [(p, state(p)) for p in helpers]
    assert syn.tree_snapshot(root / "_output") == previous, "killed before publishing: the edition is as it was"
