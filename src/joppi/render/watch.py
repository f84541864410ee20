"""The sources `quarto preview` must watch, listed in _quarto.yml.

Quarto's preview (1.10, src/project/serve/watch.ts and serve.ts) watches only the project's inputs
(here index.qmd), its config files and every string of the config that names an existing file (its
`configResources`: e.g. _brand.yml, the css). On a change of such a file it reloads the page, and
the page's request re-renders (pre-render step included) because the render's hash covers the
mtimes of those files (src/project/serve/render.ts, `fileRenderHash`). The chapters are includes
and the data are read by the pre-render step, so Quarto knows neither; without this list an edit
of a chapter or of the data is never shown. The list is a top-level key of _quarto.yml (document
metadata that no template reads) of literal paths, since Quarto resolves no globs there.
`project.resources` would take globs, but Quarto copies resources into the output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

#: The key of _quarto.yml that lists the files.
WATCH_KEY = "joppi-seuratut"

#: What the pre-render step reads (and the includes), as globs from the project root.
WATCH_GLOBS = ("chapters/*.qmd", "chapters/sv/*.qmd", "notebooks/*.ipynb", "data/julkaisu.yml", "data/**/*.csv")

_BLOCK = re.compile(rf"^{re.escape(WATCH_KEY)}:[^\n]*\n(?:[ \t]+-[^\n]*\n|[ \t]+#[^\n]*\n)*", re.MULTILINE)


def watched_sources(root: Path) -> list[str]:
    """The files Quarto's preview must watch, relative to root, in a stable order."""
    root = Path(root)
    found: set[str] = set()
    for pattern in WATCH_GLOBS:
        for path in root.glob(pattern):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.relative_to(root).as_posix())
    return sorted(found)


def listed_sources(config_text: str) -> list[str] | None:
    """The list as _quarto.yml has it (None if the key is missing)."""
    import yaml

    config = yaml.safe_load(config_text) or {}
    if WATCH_KEY not in config:
        return None
    return [str(item) for item in config.get(WATCH_KEY) or []]


def _block(files: list[str]) -> str:
    return f"{WATCH_KEY}:\n" + "".join(f"  - {name}\n" for name in files)


def sync_watch_list(root: Path) -> bool:
    """Write the current list into root/_quarto.yml, keeping the rest of the file (its comments)
    as it is. Returns True if the file changed."""
    config = Path(root) / "_quarto.yml"
    text = config.read_text(encoding="utf-8")
    block = _block(watched_sources(root))
    match = _BLOCK.search(text)
    if match:
        new = text[:match.start()] + block + text[match.end():]
    else:
        new = text.rstrip("\n") + "\n" + block
    if new == text:
        return False
    config.write_text(new, encoding="utf-8")
    return True
