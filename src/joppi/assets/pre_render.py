"""Quarto's pre-render step as a script: `_quarto.yml` names this file, so Quarto runs it with the
Python it runs Jupyter with (QUARTO_PYTHON, else an activated or conda environment's python3),
and no `joppi` command needs to be on PATH. In a checkout, the checkout's own `src/` comes first,
so the step runs the code of the project it renders; elsewhere (a build's work project, which has
only the assets) the installed package runs."""

import sys
from pathlib import Path

if __name__ == "__main__":
    src = Path(__file__).resolve().parents[2]
    # Never this script's own folder on the path: the package's parent, or nothing.
    sys.path[0:1] = [str(src)] if (src / "joppi" / "__init__.py").is_file() else []
    from joppi.cli import main

    sys.exit(main(["pre-render", *sys.argv[1:]]))
