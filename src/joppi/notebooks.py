"""Executes the parameterised notebooks with papermill and carries their computed alt text into
the Quarto cell options that both rendering engines read."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

OPTION = re.compile(r"^#\|\s*([\w-]+)\s*:\s*(.*)$")
ALT_KEY = "joppi"


def execute(source: Path, target: Path, parameters: dict) -> Path:
    """Run one notebook into `target`; papermill injects `parameters` after the parameters cell.

    No `cwd`: papermill would chdir the whole process, which races when notebooks run in
    parallel threads; the parameters carry absolute paths instead.
    """
    import shutil
    import tempfile

    import papermill  # imported here: it is slow to import and only builds need it

    sockets = Path(tempfile.mkdtemp(prefix="joppi-ydin-"))
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=parameters, kernel_name="python3",
            progress_bar=False, log_output=False, request_save_on_cell_execute=False,
            # Every cell has finished and its files are written when the kernel is stopped: stopping
            # it at once saves the half second a graceful shutdown waits.
            shutdown_kernel="immediate",
            kernel_manager_class=_local_kernel_manager(sockets),
        )
    finally:
        shutil.rmtree(sockets, ignore_errors=True)
    finalise(target)
    return target


def _local_kernel_manager(socket_dir: Path):
    """A kernel manager that talks to its kernel over Unix sockets in a private directory.

    The kernel is on this machine: TCP ports on localhost would be open to every local user (and
    ipykernel warns about it on every start), while sockets in a 0700 directory are not.
    """
    from jupyter_client import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", str(socket_dir / "ydin"))
            super().__init__(**kwargs)

    return LocalKernelManager


def cell_options(source: str) -> dict[str, str]:
    options = {}
    for line in source.splitlines():
        m = OPTION.match(line)
        if not m:
            break
        options[m.group(1)] = m.group(2)
    return options


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: safe for any alt text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def finalise(path: Path) -> None:
    """Write each figure's data-derived alt text into its `#| fig-alt:` option; drop volatile metadata."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        alt = None
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get(ALT_KEY, {}).get("alt") or alt
        if alt is not None:
            lines = cell.source.splitlines()
            new = f"#| fig-alt: {_yaml_string(alt)}"
            for i, line in enumerate(lines):
                m = OPTION.match(line)
                if not m:
                    lines.insert(i, new)
                    break
                if m.group(1) == "fig-alt":
                    lines[i] = new
                    break
            cell.source = "\n".join(lines)
        # Timestamps and durations differ between runs: remove them for byte-identical builds.
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).get("papermill", {}).clear()
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    nb.metadata.get("papermill", {}).pop("input_path", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    nbformat.write(nb, str(path))
