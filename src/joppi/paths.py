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
