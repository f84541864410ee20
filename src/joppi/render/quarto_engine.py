"""The Quarto CLI engine: a thin wrapper used when Quarto is installed.

Quarto renders the project itself (the notebooks are already executed, so no parameters are
passed); this module only runs it and collects the published files into out_dir.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import yaml

from joppi.paths import GENERATED
from joppi.render.qmd import RenderError

# Quarto writes a preview page of every embedded notebook under the output directory, beside
# the notebook's own path; they are not part of the published edition (the figures themselves
# are in the page). The chapters embed the executed notebooks from _joppi/notebooks/.
PREVIEW_DIRS = ("notebooks", "_joppi/notebooks")
#: Quarto's marks of what it could not resolve (it warns and goes on): `?var:x`, `?meta:x`, `?@fig-x`.
_UNRESOLVED = re.compile(r"\?(?:var|meta):[\w.-]+|\?@[\w-]+")


def find_quarto() -> Path | None:
    """The Quarto CLI: QUARTO_PATH (the binary or its folder) if set, else `quarto` on PATH."""
    env = os.environ.get("QUARTO_PATH")
    if env:
        path = Path(env)
        for candidate in (path, path / "quarto", path / "bin" / "quarto"):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
    found = shutil.which("quarto")
    return Path(found) if found else None


def render_quarto(build_dir: Path, out_dir: Path, quarto: Path, *,
                  timestamp: datetime | None = None) -> dict:
    """Run `quarto render build_dir` and copy its HTML page, assets and PDF to out_dir."""
    build_dir = Path(build_dir).resolve()
    out_dir = Path(out_dir).resolve()
    config = yaml.safe_load((build_dir / "_quarto.yml").read_text(encoding="utf-8")) or {}
    project = config.get("project") or {}
    output_name = project.get("output-dir")
    if not output_name:
        raise RenderError("_quarto.yml: project.output-dir puuttuu; Quarto-moottori kerää "
                          "julkaisun sieltä")
    main = Path((project.get("render") or ["index.qmd"])[0]).stem

    # What Quarto would only warn about (an unknown var, a reference to no figure) or hide (an embed
    # inside a false condition) stops the build here, as in the own engine: its checks, first.
    from joppi.render.qmd import preprocess

    preprocess(build_dir)
    env = dict(os.environ)
    env["JOPPI_VALMISTELTU"] = "1"   # build.PREPARED_ENV: the pre-render step has nothing to do
    # The work project is one language's already: a profile from the caller's shell (QUARTO_PROFILE=sv)
    # would lay another language's settings over it.
    env.pop("QUARTO_PROFILE", None)
    # Jupyter (and any script Quarto runs) with this interpreter, not whichever python is on PATH.
    env.setdefault("QUARTO_PYTHON", sys.executable)
    if timestamp is not None:
        # Typst (and so Quarto's PDF) honours SOURCE_DATE_EPOCH for the PDF's dates.
        moment = timestamp if timestamp.tzinfo else timestamp.replace(tzinfo=timezone.utc)
        env["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    result = subprocess.run(
        [str(quarto), "render", str(build_dir)],
        cwd=build_dir, env=env, capture_output=True, text=True, encoding="utf-8",
    )
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-30:])
        raise RenderError(f"Quarto-renderöinti epäonnistui (paluuarvo {result.returncode}):\n"
                          f"{tail}")

    output_dir = build_dir / output_name
    html_src, pdf_src = output_dir / f"{main}.html", output_dir / f"{main}.pdf"
    for path in (html_src, pdf_src):
        if not path.is_file():
            raise RenderError(f"Quarto ei tuottanut tiedostoa {path.relative_to(build_dir)}")

    _modules_from_disk(html_src)
    unresolved = sorted(set(_UNRESOLVED.findall(html_src.read_text(encoding="utf-8"))))
    if unresolved:
        raise RenderError("Quarto jätti sivulle ratkaisemattomia merkintöjä: " + ", ".join(unresolved))
    out_dir.mkdir(parents=True, exist_ok=True)
    for entry in sorted(output_dir.iterdir()):
        if entry.name in PREVIEW_DIRS:
            continue
        if entry.name == GENERATED:
            entry = _without_previews(entry)
        dest = out_dir / entry.name
        if dest.is_dir():
            shutil.rmtree(dest)
        if entry.is_dir():
            shutil.copytree(entry, dest)
        else:
            shutil.copyfile(entry, dest)
    return {"engine": "quarto", "html": out_dir / html_src.name, "pdf": out_dir / pdf_src.name}


def _without_previews(generated: Path) -> Path:
    """The output's `_joppi/` without Quarto's notebook preview pages (see PREVIEW_DIRS)."""
    for name in PREVIEW_DIRS:
        if name.startswith("_joppi/"):
            preview = generated.parent / name
            if preview.is_dir():
                shutil.rmtree(preview)
    return generated


_MODULE_SCRIPT = re.compile(r'<script src="(?P<src>[^"]+)" type="module">')
_STATIC_IMPORT = re.compile(r"""(?P<head>\bfrom\s*|\bimport\s*)(?P<q>["'])(?P<path>\.{1,2}/[^"']+)(?P=q)""")


def _module_data_url(path: Path, seen: tuple[Path, ...] = ()) -> str:
    """A module and, recursively, what it imports by relative path, as one data: URL."""
    import base64

    if path in seen:
        raise RenderError(f"Quarton skriptit tuovat toisensa kehässä: {path.name}")
    source = path.read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        target = (path.parent / match.group("path")).resolve()
        return f'{match.group("head")}"{_module_data_url(target, seen + (path,))}"'

    source = _STATIC_IMPORT.sub(inline, source)
    return "data:text/javascript;base64," + base64.b64encode(source.encode("utf-8")).decode("ascii")


def _modules_from_disk(page: Path) -> None:
    """Browsers refuse module scripts from file:// (no origin, CORS), and Quarto loads its page's
    scripts (table of contents, tabs) as modules: the published edition opens from disk, so each
    module and what it imports travels inside the page as a data: URL, as Quarto's own
    `embed-resources` does (by esbuild), without embedding the rest (fonts, styles, the Vega bundle)."""
    html_text = page.read_text(encoding="utf-8")

    def replace(match: re.Match) -> str:
        source = page.parent / match.group("src")
        if "://" in match.group("src") or not source.is_file():
            return match.group(0)
        return f'<script src="{_module_data_url(source.resolve())}" type="module">'

    page.write_text(_MODULE_SCRIPT.sub(replace, html_text), encoding="utf-8")
