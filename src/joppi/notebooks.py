"""Executes the parameterised notebooks with papermill and carries each figure's caption (from the
figure registry) and computed alt text into the Quarto cell options that both rendering engines
read. The one reader and writer of a cell's `#|` options."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import yaml

OPTION_PREFIX = "#|"
ALT_KEY = "joppi"
#: Output metadata key (under ALT_KEY) -> the cell option it is written to.
WRITTEN_OPTIONS = {"caption": "fig-cap", "alt": "fig-alt"}


def execute(source: Path, target: Path, parameters: dict) -> Path:
    """Run one notebook into `target`; papermill injects `parameters` after the parameters cell.

    No `cwd`: papermill would chdir the whole process, which races when notebooks run in
    parallel threads; the parameters carry absolute paths instead.
    """
    import shutil
    import tempfile

    import papermill  # imported here: it is slow to import and only builds need it

    from .errors import BuildError

    try:
        nbformat.read(str(source), as_version=4)
    except Exception:  # noqa: BLE001 - nbformat raises JSON, schema and encoding errors alike
        raise BuildError(f"Muistikirja {source.name} ei ole kelvollinen Jupyter-muistikirja (sen JSON-muoto on "
                         f"rikki). Palauta se versionhallinnasta (git checkout notebooks/{source.name}) tai "
                         "tallenna se uudelleen Jupyterissa.") from None
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
    except papermill.PapermillExecutionError as exc:
        from .safefs import finnish_os_text

        raise BuildError(f"Muistikirjan {source.name} solu {exc.exec_count} pysähtyi virheeseen: "
                         f"{finnish_os_text(str(exc.evalue))}. Aja muistikirja Jupyterissa nähdäksesi, mikä solu "
                         "ja rivi epäonnistui.") from None
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


def option_lines(source: str) -> list[str]:
    """The cell's leading `#|` lines, as Quarto reads them: they end at the first other line."""
    lines = []
    for line in source.splitlines():
        if not line.startswith(OPTION_PREFIX):
            break
        lines.append(line)
    return lines


def cell_options(source: str) -> dict:
    """A cell's `#|` options parsed as YAML, as Quarto does; {} when they are not a mapping."""
    text = "\n".join(line[len(OPTION_PREFIX):].removeprefix(" ") for line in option_lines(source))
    if not text:
        return {}
    try:
        options = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return options if isinstance(options, dict) else {}


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar: safe for any caption or alt text."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def set_options(source: str, values: dict[str, str]) -> str:
    """`source` with each option in `values` written as a quoted string: in place where the cell
    has it, else after its other options."""
    options = option_lines(source)
    body = source.splitlines()[len(options):]
    for key, value in values.items():
        line = f"{OPTION_PREFIX} {key}: {_yaml_string(value)}"
        at = [i for i, o in enumerate(options) if re.match(rf"#\|\s*{re.escape(key)}\s*:", o)]
        if at:
            options[at[0]] = line
        else:
            options.append(line)
    return "\n".join(options + body)


def finalise(path: Path) -> None:
    """Write each figure's caption and data-derived alt text into its `#| fig-cap:` and `#| fig-alt:`
    options; drop volatile metadata."""
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        meta: dict = {}
        for output in cell.get("outputs", []):
            meta.update(output.get("metadata", {}).get(ALT_KEY, {}))
        values = {option: meta[key] for key, option in WRITTEN_OPTIONS.items() if meta.get(key) is not None}
        if values:
            label = cell_options(cell.source).get("label")
            if meta.get("label") not in (None, label):
                raise ValueError(f"muistikirjan {path.name} solu, jonka tunniste on {label}, näyttää kuvion "
                                 f"{meta['label']}: tunnisteen ja kuvion on oltava samat")
            cell.source = set_options(cell.source, values)
        # Timestamps and durations differ between runs: remove them for byte-identical builds.
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).get("papermill", {}).clear()
    nb.metadata.get("papermill", {}).pop("start_time", None)
    nb.metadata.get("papermill", {}).pop("end_time", None)
    nb.metadata.get("papermill", {}).pop("duration", None)
    nb.metadata.get("papermill", {}).pop("input_path", None)
    nb.metadata.get("papermill", {}).pop("output_path", None)
    nbformat.write(nb, str(path))


#: The notebook of the generated texts (the comparison, the appendix tables, the colophon): one cell
#: per text, each with its markdown as the cell's output. The chapters embed them
#: (`{{< embed _joppi/notebooks/tekstit.ipynb#kolofoni >}}`) rather than include files: Quarto
#: expands every include while it reads the project, before the pre-render step has written
#: anything, but resolves embeds while it renders, after it.
TEXTS_NOTEBOOK = "tekstit.ipynb"
#: The output of a text that the year does not have (no comparison year): Quarto refuses to embed a
#: cell whose output is empty, so it is a comment, which neither output shows.
EMPTY_TEXT = "<!-- ei tässä painoksessa -->\n"


def write_texts_notebook(path: Path, texts: dict[str, str]) -> Path:
    """Write {label: markdown} as a notebook of stored outputs (executed by nobody)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for label, markdown in texts.items():
        cell = nbformat.v4.new_code_cell(source=f"{OPTION_PREFIX} label: {label}\n{OPTION_PREFIX} echo: false")
        cell.id = f"teksti-{label}"
        cell.outputs = [nbformat.v4.new_output(
            "display_data", data={"text/markdown": markdown if markdown.strip() else EMPTY_TEXT,
                                  "text/plain": label})]
        nb.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path

