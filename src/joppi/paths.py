"""Where the project's files live, so that no module hard-codes a path of its own."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The project directory: JOPPI_ROOT if set, else the nearest parent holding _quarto.yml."""
    env = os.environ.get("JOPPI_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_quarto.yml").is_file():
            return candidate
    # Installed editable from a checkout: fall back to the checkout holding this package.
    pkg_root = Path(__file__).resolve().parents[2]
    if (pkg_root / "_quarto.yml").is_file():
        return pkg_root
    return here


ASSETS = Path(__file__).resolve().parent / "assets"
#: Where _brand.yml and _quarto.yml name the package's assets, relative to the project.
ASSETS_IN_PROJECT = "src/joppi/assets"


# The build's generated files, named here so that the modules the build runs need not import it.
GENERATED = "_joppi"
DOWNLOADS = "aineistot"      # downloads.FOLDER: the edition's data files, under _joppi/
#: Where the executed notebooks go, and where the chapters embed them from. Not `notebooks/`:
#: `quarto render` at the project root reads what the pre-render step writes there, and that must
#: never overwrite the committed, output-free notebooks of the writer's checkout.
EXECUTED_NOTEBOOKS = f"{GENERATED}/notebooks"
#: The values the `luvut` notebook computed, as data; `_variables.yml` has them as markdown.
VALUES_FILE = f"{GENERATED}/luvut/_variables.yml"
#: Set by the Quarto engine of `joppi build`: the work project is ready, the pre-render step
#: (`joppi pre-render`, named in _quarto.yml) has nothing to do.
PREPARED_ENV = "JOPPI_VALMISTELTU"


def read_values(project: Path) -> dict:
    """The year's values as data (the notebook's file; `_variables.yml` holds them as markdown)."""
    import yaml

    return yaml.safe_load((Path(project) / VALUES_FILE).read_text(encoding="utf-8")) or {}
