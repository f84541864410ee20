"""`joppi build`: validate, execute the notebooks, render, and publish `_output/<year>/` atomically.

The build works in a fresh directory under `_build/`; `_output/<year>` is a symbolic link that is
switched to the new edition in one atomic rename only when every step has succeeded, so a failed
or killed build leaves the previous edition as it was. Steps are cached by content hashes of
everything they read (see cache.py), so an unchanged input never re-runs a step and a changed one
always does.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import __version__
from .cache import Cache, hash_files, hash_text, code_fingerprint
from .dataset import InputPaths, already_validated, check_year, earlier_year, load_year, source_hashes

SOURCES = ["_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks"]
GENERATED = "_joppi"


class BuildError(Exception):
    """A build step failed for a reason other than bad data; message in Finnish."""


@dataclass
class BuildResult:
    year: int
    output: Path
    html: Path
    pdf: Path
    engine: str
    stale_claims: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)   # step -> "suoritettu" | "välimuistista"


def _say(log: Callable[[str], None], step: int, total: int, text: str) -> None:
    log(f"[{step}/{total}] {text}")


def source_timestamp(root: Path) -> datetime:
    """Render date fixed from SOURCE_DATE_EPOCH or the commit, so two builds are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return datetime.fromtimestamp(int(out.stdout.strip()), tz=timezone.utc)
    except (OSError, subprocess.SubprocessError):
        pass
    # No commit (e.g. a downloaded archive): the newest of the edition's sources, which the same
    # inputs always reproduce.
    sources = [p for d in ("data", "chapters") for p in (root / d).rglob("*") if p.is_file()]
    sources += [root / n for n in ("index.qmd", "_quarto.yml", "_brand.yml") if (root / n).is_file()]
    newest = max((int(p.stat().st_mtime) for p in sources), default=0)
    return datetime.fromtimestamp(newest, tz=timezone.utc)


def code_version(root: Path) -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        if out.returncode == 0:
            return f"{__version__} (git {out.stdout.strip()})"
    except (OSError, subprocess.SubprocessError):
        pass
    return __version__


@contextmanager
def year_lock(root: Path, year: int):
    """One build of a year at a time; builds of different years run side by side."""
    lock_dir = root / "_build"
    lock_dir.mkdir(exist_ok=True)
    with open(lock_dir / f"{year}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def copy_sources(root: Path, build_dir: Path) -> None:
    from .paths import ASSETS, ASSETS_IN_PROJECT

    shutil.copytree(ASSETS, build_dir / ASSETS_IN_PROJECT, ignore=shutil.ignore_patterns("__pycache__"))
    for name in SOURCES:
        src = root / name
        dst = build_dir / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def publish(root: Path, year: int, staged: Path) -> Path:
    """Atomically point `_output/<year>` at the staged edition; remove editions no longer pointed at.

    Every step is a rename within the project's file system, so a build killed at any moment
    leaves `_output/` with whole editions only: the temporary link is made in `_build/`, and old
    editions are moved out to `_build/` before they are deleted.
    """
    out_root = root / "_output"
    editions = out_root / ".painokset"
    editions.mkdir(parents=True, exist_ok=True)
    scratch = root / "_build"
    final = editions / staged.name
    os.replace(staged, final)
    link = out_root / str(year)
    if link.exists() and not link.is_symlink():
        # An edition from before editions were linked: keep it beside the new one, never delete it.
        os.replace(link, editions / f"{year}-vanha-{int(time.time())}")
    tmp_link = scratch / f".{year}-{os.getpid()}.linkki"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(os.path.relpath(final, out_root), tmp_link)   # relative to _output/, where it ends up
    os.replace(tmp_link, link)  # atomic: readers see the old edition or the new one, never a mix
    trash = Path(tempfile.mkdtemp(prefix=f"{year}-poistettavat-", dir=scratch))
    for old in editions.glob(f"{year}-*"):
        if old != final and old.is_dir() and "-vanha-" not in old.name:
            os.replace(old, trash / old.name)
    shutil.rmtree(trash, ignore_errors=True)
    return link


def kolofoni_markdown(sources: dict[str, str], version: str, stamp: datetime, year: int, title: str,
                      publisher: str) -> str:
    from .markup import escape_markdown

    files = "\n".join(f"- `{name}`, SHA-256:  \n  `{digest}`" for name, digest in sorted(sources.items()))
    date = f"{stamp.day}.{stamp.month}.{stamp.year}"
    return (
        "## Aineistot ja menetelmä {.unnumbered}\n\n"
        "Julkaisun luvut on laskettu seuraavista tiedostoista. Tiivisteellä voi varmistaa, "
        "että käytössä on sama aineisto.\n\n" + files + "\n\n"
        f"Julkaisu on tuotettu ohjelmistolla joppi-tilannekuva, versio {escape_markdown(version)}. "
        f"Julkaisun päiväys on {date}.\n\n"
        "## Viittausohje {.unnumbered}\n\n"
        f"{escape_markdown(publisher)} ({stamp.year}). *{escape_markdown(title)}.* "
        f"Tilannekuva vuonna {year} alkaneista hankkeista.\n"
    )


def build(root: Path, year, engine: str = "auto", strict: bool = False,
          log: Callable[[str], None] = print, jobs: int = 2) -> BuildResult:
    root = Path(root).resolve()
    year = check_year(root, year)
    from .config import load_publication

    pub = load_publication(root)
    total = 6
    _say(log, 1, total, f"Tarkistetaan vuoden {year} aineisto")
    paths = InputPaths.of(root)
    # Raises DataError on bad input before anything is written, not even a lock file. Inputs
    # that already passed with this code are not loaded again (a no-op build never imports
    # pandas). The comparison reads the earlier year: its errors are reported here, its files listed.
    compared = [y for y in [earlier_year(root, year)] if y is not None]
    sources: dict[str, str] = {}
    for y in compared + [year]:
        if not already_validated(root, y):
            load_year(root, y)
        sources.update(source_hashes(paths, y))
    data_hash = hash_files([*paths.files_for(year), root / "data" / "julkaisu.yml",
                            *(paths.survey(y) for y in compared)], root)

    with year_lock(root, year):
        _say(log, 2, total, "Valmistellaan rakennuskansio")
        build_root = root / "_build"
        # Left by a killed build of this year (work dirs, editions being deleted, a temporary
        # link); none can be running now: we hold the year's lock.
        for stale in build_root.glob(f"{year}-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for stale in build_root.glob(f".{year}-*.linkki"):
            stale.unlink(missing_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f"{year}-", dir=build_root))
        cache = Cache(build_root / "valimuisti")
        try:
            return _build_in(work, root, year, engine, strict, log, total, pub, cache, data_hash,
                             code_fingerprint(), sources, jobs)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _build_in(work: Path, root: Path, year: int, engine: str, strict: bool, log, total: int, pub,
              cache: Cache, data_hash: str, code_hash: str, sources: dict, jobs: int) -> BuildResult:
    project = work / "projekti"
    project.mkdir()
    copy_sources(root, project)
    generated = project / GENERATED
    generated.mkdir()
    stamp = source_timestamp(root)

    _say(log, 3, total, "Suoritetaan muistikirjat: " + ", ".join(pub.notebooks))
    steps: dict[str, str] = {}

    def run_one(name: str) -> None:
        nb_source = root / "notebooks" / f"{name}.ipynb"
        params = {"vuosi": year, "projektin_juuri": str(root), "tulos": str(generated / name)}
        key = hash_text(json.dumps({
            "notebook": hash_files([nb_source], root), "data": data_hash, "code": code_hash,
            "params": {"vuosi": year}, "python": sys.version,
        }, sort_keys=True))
        target_nb = project / "notebooks" / f"{name}.ipynb"
        if cache.restore(f"muistikirja-{name}", key, {"notebook.ipynb": target_nb, "tulokset": generated / name}):
            steps[name] = "välimuistista"
            return
        from .notebooks import execute

        (generated / name).mkdir(parents=True, exist_ok=True)
        execute(nb_source, target_nb, params)
        cache.store(f"muistikirja-{name}", key, {"notebook.ipynb": target_nb, "tulokset": generated / name})
        steps[name] = "suoritettu"

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for future in [pool.submit(run_one, n) for n in pub.notebooks]:
            future.result()
    for name in pub.notebooks:
        log(f"      {name}: {steps[name]}")
    _assemble_generated(project, generated, pub)
    (generated / "kolofoni.md").write_text(
        kolofoni_markdown(sources, code_version(root), stamp, year, pub.title, pub.publisher), encoding="utf-8")

    _say(log, 4, total, "Tarkistetaan kertomuksen väitteet")
    import yaml

    from .claims import stale_claims

    values = yaml.safe_load((project / "_variables.yml").read_text(encoding="utf-8"))
    stale = stale_claims(project, values)
    for claim in stale:
        log(f"      VAROITUS: {claim.message()}")
    if not stale:
        log("      kaikki väitteet pitävät")
    if stale and strict:
        raise BuildError(f"{len(stale)} kertomuksen väitettä ei pidä vuoden {year} aineistossa (--strict).")

    from .render import find_quarto, render

    chosen = engine if engine != "auto" else ("quarto" if find_quarto() else "pandoc")
    _say(log, 5, total, f"Renderöidään HTML ja PDF ({chosen})")
    out_dir = work / f"{year}-{os.getpid()}-{int(time.time() * 1000)}"
    render_key = hash_text("|".join([chosen, engine_version(chosen), hash_tree(project), stamp.isoformat()]))
    if cache.restore("renderointi", render_key, {"julkaisu": out_dir}):
        steps["renderöinti"] = "välimuistista"
        log("      välimuistista")
    else:
        render(project, out_dir, chosen, timestamp=stamp)
        _finish_outputs(out_dir, year, pub, project)
        cache.store("renderointi", render_key, {"julkaisu": out_dir})
        steps["renderöinti"] = "suoritettu"

    _say(log, 6, total, f"Julkaistaan _output/{year}/")
    link = publish(root, year, out_dir)
    html, pdf = link / "index.html", link / pub.pdf_file(year)
    log(f"Valmis: {html.relative_to(root)} ja {pdf.relative_to(root)}")
    return BuildResult(year, link, html, pdf, chosen, stale, steps)


def engine_version(engine: str) -> str:
    """Part of the render step's cache key: a new Quarto, Pandoc or Typst re-renders."""
    from importlib import metadata

    if engine == "quarto":
        from .render import find_quarto

        quarto = find_quarto()
        out = subprocess.run([str(quarto), "--version"], capture_output=True, text=True) if quarto else None
        return "quarto " + (out.stdout.strip() if out else "?")
    return f"pandoc {metadata.version('pypandoc-binary')} typst {metadata.version('typst')}"


def hash_tree(directory: Path) -> str:
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    return hash_files(files, directory)


def _assemble_generated(project: Path, generated: Path, pub) -> None:
    """Put the notebooks' generated files where the sources expect them."""
    variables = generated / "luvut" / "_variables.yml"
    if not variables.is_file():
        raise BuildError("Muistikirja luvut ei tuottanut tiedostoa _variables.yml.")
    shutil.copy2(variables, project / "_variables.yml")
    for name in pub.notebooks:
        for md in sorted((generated / name).glob("*.md")):
            shutil.copy2(md, generated / md.name)
    from .paths import ASSETS

    shutil.copy2(ASSETS / "vendor" / "vega-bundle.js", generated / "vega-bundle.js")


def _finish_outputs(out_dir: Path, year: int, pub, project: Path) -> None:
    pdf = out_dir / "index.pdf"
    if pdf.exists():
        os.replace(pdf, out_dir / pub.pdf_file(year))
    shutil.copy2(project / "_variables.yml", out_dir / "_variables.yml")
