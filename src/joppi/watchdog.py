"""Children die with the build: a watchdog process ends every process the build started (Jupyter
kernels, Pandoc, Typst, Quarto and their own children) when the build ends, however it ends,
also when only the build's own process is killed (`kill -9`).

The build puts a random token in its environment, which every process it starts inherits (the
kernels too, though they run in sessions of their own, out of reach of a process group), and
starts the watchdog with the reading end of a pipe whose writing end only the build holds. When
the build's process ends, the pipe closes; the watchdog then ends every process whose environment
holds the token (SIGTERM, then SIGKILL), and exits. Linux (/proc) only; elsewhere it does nothing.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ENV = "JOPPI_RAKENNUS"
GRACE = 1.0     # seconds between SIGTERM and SIGKILL


def processes_with(token: str) -> list[int]:
    """The processes whose environment holds the build's token (this one excluded)."""
    needle = f"\0{ENV}={token}\0".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in b"\0" + environ + b"\0":
            found.append(int(entry.name))
    return found


def end_processes(token: str) -> list[int]:
    """SIGTERM every process of the build, then SIGKILL those still there; returns their pids."""
    victims = processes_with(token)
    for pid in victims:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    while time.monotonic() < deadline and any(_running(pid) for pid in victims):
        time.sleep(0.05)
    for pid in processes_with(token):
        _signal(pid, signal.SIGKILL)
    return victims


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@contextmanager
def children_die_with_us():
    """Inside: every process started inherits the token; on leaving, or when this process is
    killed, the watchdog ends those still running."""
    if not Path("/proc/self/environ").exists():
        yield
        return
    token = secrets.token_hex(16)
    previous = os.environ.get(ENV)
    read_end, write_end = os.pipe()          # not inherited by anything else the build starts
    env = {k: v for k, v in os.environ.items() if k != ENV}
    try:
        watchdog = subprocess.Popen([sys.executable, "-I", __file__, token], stdin=read_end,   # stdlib only
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                                    start_new_session=True, close_fds=True)
    finally:
        os.close(read_end)
    os.environ[ENV] = token
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous
        os.close(write_end)                  # the watchdog ends what is left, then exits
        try:
            watchdog.wait(timeout=GRACE + 5)
        except subprocess.TimeoutExpired:
            pass


def main(argv: list[str]) -> int:
    token = argv[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl+C reaches the build; the build's end reaches us
    while True:
        try:
            if not os.read(0, 4096):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    end_processes(token)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
