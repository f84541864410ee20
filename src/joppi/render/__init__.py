"""Renders the publication's Quarto project to one HTML page and one PDF.

Two engines render the same .qmd sources: the Quarto CLI when it is installed, and joppi's
own Pandoc + Typst engine, which supports exactly the Quarto features the sources use.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from joppi.engines import ENGINES
from joppi.render.qmd import RenderError
from joppi.render.quarto_engine import find_quarto

__all__ = ["render", "find_quarto", "RenderError", "ENGINES"]


def render(build_dir: Path, out_dir: Path, engine: str = "auto", *,
           timestamp: datetime | None = None) -> dict:
    """Render the prepared project in build_dir into out_dir.

    Returns {"engine": "pandoc" | "quarto", "html": Path, "pdf": Path}. "auto" uses Quarto
    when find_quarto() finds it and the Pandoc + Typst engine otherwise. `timestamp` fixes
    the dates written into the outputs, so that the same inputs give the same bytes.
    """
    if engine not in ENGINES:
        raise RenderError(f"Tuntematon renderöintimoottori {engine!r}; vaihtoehdot: "
                          + ", ".join(ENGINES))
    build_dir, out_dir = Path(build_dir), Path(out_dir)
    if not (build_dir / "_quarto.yml").is_file():
        raise RenderError(f"{build_dir}: hakemistossa ei ole tiedostoa _quarto.yml")
    quarto = find_quarto() if engine in ("auto", "quarto") else None
    if engine == "quarto" and quarto is None:
        raise RenderError("Quartoa ei löydy: asenna Quarto tai aseta QUARTO_PATH, tai käytä "
                          "moottoria 'pandoc'")
    if quarto is not None:
        from joppi.render.quarto_engine import render_quarto

        return render_quarto(build_dir, out_dir, quarto, timestamp=timestamp)
    from joppi.render.pandoc_engine import render_pandoc

    return render_pandoc(build_dir, out_dir, timestamp=timestamp)
