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
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import __version__
from .brand import load_brand
from .cache import Cache, code_fingerprint, hash_files, hash_text
from .config import load_publication
from .dataset import already_validated, check_year, load_year, validated_cache_file
from .safefs import (FileSystemError, explain_os_error, made_dir, move, open_lock, real_dir, remove,
                     remove_stale_made)
from .snapshot import Snapshot, take_snapshot
from .watchdog import children_die_with_us
from .sources import check_sources
from .errors import BuildError  # noqa: F401 - raised here, defined low so that no lower module imports build
from .paths import (DOWNLOADS, EXECUTED_NOTEBOOKS, GENERATED, PREPARED_ENV, VALUES_FILE,  # noqa: F401
                    read_values)

SOURCES = ["_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks", "index-sv.qmd", "_quarto-sv.yml"]


class ClaimsRefused(BuildError):
    """Required claims do not hold: nothing was published, a marked draft was written instead."""

    def __init__(self, year: int, stale: list, draft: Path, pdf_name: str):
        self.year, self.stale, self.draft, self.pdf_name = year, stale, draft, pdf_name
        count = len(stale)
        listed = "\n".join(f"  - {claim.message()}" for claim in stale)
        super().__init__(
            f"Julkaisua ei julkaistu: {count} kertomuksen {'väite ei' if count == 1 else 'väitettä ei'} pidä "
            f"vuoden {year} aineistossa:\n{listed}\n"
            f"Luonnos, jossa väitteet on merkitty: {draft}/index.html ja {draft}/{pdf_name}. "
            "Korjaa lauseet tai tee niistä ehdollisia (docs/kirjoittajan-opas.md).")


@dataclass
class BuildResult:
    year: int
    output: Path
    html: Path
    pdf: Path
    engine: str
    stale_claims: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)   # step -> "suoritettu" | "välimuistista"


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
    with open_lock(lock_dir / f"{year}.lock") as handle:
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

    Every step is a rename, so a build killed at any moment leaves `_output/` with whole editions
    only: the temporary link is made in `_build/`, and old editions are moved out to `_build/`
    before they are deleted. When `_build/` is on another file system, the edition is copied in
    beside its final name first and the link made in `_output/.painokset/`. Links found in
    `_output/` are removed as links, never followed.
    """
    out_root = root / "_output"
    editions = real_dir(out_root / ".painokset", root, "_output")
    scratch = root / "_build"
    final = editions / staged.name
    link = out_root / str(year)
    same_fs = os.stat(scratch).st_dev == os.stat(out_root).st_dev
    # Whatever can fail for want of space or rights is done before the switch, and undone if it
    # fails: a failed publish leaves `_output/` as it was (a full disk, a read-only folder).
    trash = made_dir(scratch if same_fs else editions, f".{year}-poistettavat-")
    try:
        tmp_link = trash / "linkki"          # made in a marked directory: cleaning can prove it is ours
        os.symlink(os.path.relpath(final, out_root), tmp_link)   # relative to _output/, where it ends up
        move(staged, final)
    except BaseException:
        if final.is_dir() and not final.is_symlink():   # the new edition (a name no edition had), never
            shutil.rmtree(final, ignore_errors=True)     # switched to: ours to remove
        remove(trash, trash.parent)
        raise
    if link.exists() and not link.is_symlink():
        # An edition from before editions were linked: keep it beside the new one, never delete it.
        os.replace(link, editions / f"{year}-vanha-{int(time.time())}")
    os.replace(tmp_link, link)  # atomic: readers see the old edition or the new one, never a mix
    try:   # published: pruning is housekeeping, and what it cannot do now the next build does
        for old in editions.glob(f"{year}-*"):
            if old == final or "-vanha-" in old.name:
                continue
            if old.is_symlink():
                old.unlink()          # not ours to follow: only the link goes
            elif old.is_dir():
                os.replace(old, trash / old.name)
    except OSError:
        pass
    remove(trash, trash.parent)
    return link


DRAFT_SUFFIX = "-luonnos"


def publish_draft(root: Path, year: int, staged: Path) -> Path:
    """Replace `_output/<year>-luonnos/` with the staged draft; the edition itself is not touched."""
    out_root = real_dir(root / "_output", root, "_output")
    target = out_root / f"{year}{DRAFT_SUFFIX}"
    if target.exists() or target.is_symlink():
        trash = made_dir(root / "_build", f".{year}-poistettavat-")
        if target.is_symlink():
            target.unlink()
        else:
            move(target, trash / target.name)
        remove(trash, root / "_build")
    move(staged, target)
    return target


def kolofoni_markdown(sources: dict[str, str], version: str, stamp: datetime, title: str, subtitle: str,
                      publisher: str, downloads: list[str] = (), lang: str = "fi", extracts: list[dict] = (),
                      published=None, funding: str = "") -> str:
    """The colophon. `published` is the edition's publication date (data/julkaisu.yml: julkaisupaivat),
    used by the date line and the citation; `stamp` (the sources' date) is never shown as the
    publication's date: without a date set, the edition says so and cites "s.a." / "u.å."."""
    from .downloads import HREF
    from .intake.lahde import colophon_lines
    from .markup import escape_markdown

    files = "\n".join(f"- `{name}`, SHA-256:  \n  `{digest}`" for name, digest in sorted(sources.items()))
    files += ("\n\n" + colophon_lines(list(extracts), lang).rstrip("\n")) if extracts else ""
    if lang == "sv":
        offered = ""
        if downloads:
            offered = ("Figurernas siffror kan laddas ner som filer: "
                       + ", ".join(f"[{escape_markdown(name)}]({HREF}/{name})" for name in downloads) + ".\n\n")
        return (
            "## Material och metod {.unnumbered}\n\n"
            "Siffrorna i publikationen har räknats fram ur följande filer. Med kontrollsumman kan man "
            "försäkra sig om att materialet är detsamma.\n\n" + files + "\n\n" + offered +
            f"Publikationen har producerats med programmet joppi-tilannekuva, version {escape_markdown(version)}. "
            + (f"Publikationen är daterad {published.day}.{published.month}.{published.year}.\n\n" if published
               else "Publikationens datum har inte ännu fastställts.\n\n")
            + (escape_markdown(funding) + "\n\n" if funding else "") +
            "## Hänvisa så här {.unnumbered}\n\n"
            f"{escape_markdown(publisher)} ({published.year if published else 'u.å.'}). *{escape_markdown(title)}.* "
            f"{escape_markdown(subtitle)}.\n"
        )
    offered = ""
    if downloads:
        offered = ("Kuvioiden luvut voi ladata tiedostoina: "
                   + ", ".join(f"[{escape_markdown(name)}]({HREF}/{name})" for name in downloads) + ".\n\n")
    return (
        "## Aineistot ja menetelmä {.unnumbered}\n\n"
        "Julkaisun luvut on laskettu seuraavista tiedostoista. Tiivisteellä voi varmistaa, "
        "että käytössä on sama aineisto.\n\n" + files + "\n\n"
        + offered +
        f"Julkaisu on tuotettu ohjelmistolla joppi-tilannekuva, versio {escape_markdown(version)}. "
        + (f"Julkaisun päiväys on {published.day}.{published.month}.{published.year}.\n\n" if published
           else "Julkaisun päivämäärää ei ole vielä vahvistettu.\n\n")
        + (escape_markdown(funding) + "\n\n" if funding else "") +
        "## Viittausohje {.unnumbered}\n\n"
        f"{escape_markdown(publisher)} ({published.year if published else 's.a.'}). *{escape_markdown(title)}.* "
        f"{escape_markdown(subtitle)}.\n"
    )


STEPS = (
    "validate",   # [1/6] snapshot the inputs once and validate exactly those bytes
    "prepare",    # [2/6] lay out the work project: sources and snapshot; stale work removed
    "execute",    # [3/6] run the notebooks (cached) on the snapshot
    "claims",     # [4/6] check the narrative's claims against the computed values
    "render",     # [5/6] HTML and PDF (cached)
    "publish",    # [6/6] switch _output/<year> to the new edition atomically
)


@dataclass(frozen=True)
class BuildRequest:
    """What the analyst asked for: one year's edition of one project."""
    root: Path
    year: int
    engine: str = "auto"
    jobs: int = 2
    log: Callable[[str], None] = print


@dataclass
class Build:
    """One build in progress: each step is a method, run in the order of STEPS.

    The inputs are read once, into a snapshot (then the work project's `data/`): the hashes in
    the colophon and the cache keys are of those bytes, validation reads them, and the notebooks
    compute from them, so a file saved during a build cannot mix two versions.
    """
    request: BuildRequest
    pub: object = None
    snapshot: Snapshot | None = None
    work: Path | None = None
    project: Path | None = None
    cache: Cache | None = None
    stamp: datetime | None = None
    steps: dict = field(default_factory=dict)   # step -> "suoritettu" | "välimuistista"
    stale: list = field(default_factory=list)
    engine: str = ""
    out_dir: Path | None = None
    draft: bool = False      # false required claims: render a marked draft, publish nothing
    lang: str = "fi"         # the language being executed and rendered (`in_language`)
    projects: dict = field(default_factory=dict)   # language -> its work project
    pending: dict = field(default_factory=dict)    # language -> its notebooks running ahead (a Future)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(getattr(self.pub, "languages", ("fi",)))

    @contextmanager
    def in_language(self, lang: str):
        """Run the steps on the language's own work project (Finnish: the project itself)."""
        saved = self.project, self.lang
        self.project, self.lang = self.projects.get(lang, self.project), lang
        try:
            yield
        finally:
            self.project, self.lang = saved

    @property
    def root(self) -> Path:
        return self.request.root

    @property
    def year(self) -> int:
        return self.request.year

    def say(self, step: str, text: str) -> None:
        if self.lang != "fi":       # another language's pass of the same step: a sub-line of the step
            self.request.log(f"      [{STEPS.index(step) + 1}/{len(STEPS)} {self.lang}] {text}")
            return
        self.request.log(f"[{STEPS.index(step) + 1}/{len(STEPS)}] {text}")

    def run(self) -> BuildResult:
        return self._with_sources(self._every_language)

    def _every_language(self) -> BuildResult:
        """One edition, every language of data/julkaisu.yml (kielet): Finnish at the top, the
        others in their own folder inside it, published together in one switch. The other
        languages' notebooks run while the Finnish ones do (the kernels' start-up overlaps)."""
        outputs = {}
        with ThreadPoolExecutor(max_workers=max(1, len(self.languages) - 1)) as ahead:
            for lang in self.languages[1:]:
                self.pending[lang] = ahead.submit(self.run_notebooks, self.projects.get(lang, self.project), lang)
            return self._languages_in_turn(outputs)

    def _languages_in_turn(self, outputs: dict) -> BuildResult:
        renders: dict[str, Callable[[], Path]] = {}
        for lang in self.languages:
            if lang != "fi":     # after the Finnish claims: an unknown key is reported first
                from .svenska import check_sources

                check_sources(self.projects["fi"])
            with self.in_language(lang):
                self.execute()
                self.check_claims()
                renders[lang] = self.render()
        # Each language renders its own work project: side by side (Quarto, Pandoc and Typst are
        # processes), the Finnish one's error reported first.
        with ThreadPoolExecutor(max_workers=len(renders)) as pool:
            running = {lang: pool.submit(job) for lang, job in renders.items()}
            outputs.update({lang: job.result() for lang, job in running.items()})
        self.out_dir = outputs["fi"]
        for lang, out in outputs.items():
            if lang != "fi":
                os.replace(out, self.out_dir / lang)
        return self.publish()

    def write_sources(self, target: Path, lang: str = "fi") -> list:
        """The pre-render step: validate, execute and check as a build does, then write what the
        sources read (`_variables.yml`, `_joppi/`) into `target`, in `lang`; render and publish
        nothing. Quarto at the project root renders the Finnish `index.qmd`, and with the
        language's profile (`--profile sv`, _quarto-sv.yml) that language's index. Returns the
        required claims that do not hold."""
        def one_language() -> None:
            if lang not in self.languages:
                from .errors import DataError, Issue

                raise DataError([Issue("data/julkaisu.yml", None, "kielet", lang,
                                       "kieli, jolla julkaisu tehdään (Quarton profiili --profile "
                                       f"{lang} tarvitsee sen kohtaan kielet)")])
            if lang != "fi":
                from .svenska import check_sources

                check_sources(self.projects["fi"])
            with self.in_language(lang):
                self.execute()
                self.check_claims()
                install_generated(self.project, target)

        self._with_sources(one_language)
        return self.stale

    def _with_sources(self, then):
        """validate → prepare, then `then()` (the steps that work in the work project)."""
        build_root = real_dir(self.root / "_build", self.root, "_build")
        real_dir(self.root / "_output", self.root, "_output")
        try:
            self.validate(build_root)
            with year_lock(self.root, self.year):
                self.prepare(build_root)
                try:
                    return then()
                finally:
                    remove(self.work, build_root)
        finally:
            if self.snapshot is not None:
                remove(self.snapshot.directory, build_root)

    # --- the steps -------------------------------------------------------------------------------

    def validate(self, build_root: Path) -> None:
        """Raises DataError on bad input before the year's lock is taken or anything is published.

        Inputs that already passed with this code are not loaded again (a no-op build never
        imports pandas). The comparison year is validated too: its errors are reported here.
        """
        self.say("validate", f"Tarkistetaan vuoden {self.year} aineisto")
        self.snapshot = take_snapshot(self.root, build_root, self.year)
        snap = self.snapshot.directory
        # the settings as snapshotted; the notebooks they name are the project's
        self.pub = load_publication(snap, notebooks=self.root / "notebooks")
        # the chapters: what they include and embed, in UTF-8 (for either engine, before any work)
        check_sources(self.root, self.pub.notebooks)
        for y in self.snapshot.years:
            if not already_validated(snap, y, cache_root=self.root):
                load_year(snap, y, cache_root=self.root)
        if "sv" in self.languages:
            from .svenska import check_swedish_names

            check_swedish_names(snap / "data" / "luokitukset")
        load_brand(self.root)   # _brand.yml's shape, now rather than deep inside the render

    def prepare(self, build_root: Path) -> None:
        self.say("prepare", "Valmistellaan rakennuskansio")
        remove_stale(build_root, self.root / "_output", self.year)
        self.work = made_dir(build_root, f"{self.year}-")
        self.project = self.work / "projekti"
        self.project.mkdir()
        copy_sources(self.root, self.project)
        os.replace(self.snapshot.directory / "data", self.project / "data")
        # The notebooks load the same validated data: hand them this build's validation results.
        for y in self.snapshot.years:
            cached = validated_cache_file(self.project, y, cache_root=self.root)
            local = validated_cache_file(self.project, y)
            if cached.is_file():
                local.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(cached, local)
        self.cache = Cache(build_root / "valimuisti")
        self.stamp = source_timestamp(self.root)
        self.projects = {"fi": self.project}
        if len(self.languages) > 1:
            from .svenska import language_project, link_languages

            for lang in self.languages[1:]:
                self.projects[lang] = language_project(self.project, self.work / f"projekti-{lang}", lang)
            link_languages(self.projects)

    def execute(self) -> None:
        pub, generated = self.pub, self.project / GENERATED
        self.say("execute", "Suoritetaan muistikirjat: " + ", ".join(pub.notebooks)
                 + ("" if self.lang == "fi" else f" (kieli {self.lang})"))
        pending = self.pending.pop(self.lang, None)
        self.steps.update(pending.result() if pending is not None else self.run_notebooks(self.project, self.lang))
        for name in pub.notebooks:
            self.request.log(f"      {name}: {self.steps[name]}")
        _assemble_generated(self.project, generated, pub, self.stamp, pub.date_for(self.year))
        if self.lang != "fi":
            from .svenska import check_downloads, check_values

            check_values(self.project)
            check_downloads(self.project)   # the file names, the CSV headers, the workbook
        own = pub.in_language(self.lang)
        from .intake.lahde import extractions

        (generated / "kolofoni.md").write_text(
            kolofoni_markdown(self.snapshot.provenance, code_version(self.root), self.stamp, own.title,
                              self._subtitle(), own.publisher, self._downloads(generated), self.lang,
                              extractions(self.project / "data", self.year), pub.date_for(self.year),
                              self._funding_sentence()),
            encoding="utf-8")
        write_texts(self.project)

    def _funding_sentence(self) -> str:
        """Who funded the edition's decisions then, and that the tasks moved, where they have by the
        publication date (data/luokitukset/rahoittajat.csv; joppi.funders)."""
        import datetime as dt

        from .funders import load_funders, transfer_sentence

        from .dataset import years_with_data

        first = min((int(y) for y in years_with_data(self.project) if int(y) <= self.year), default=self.year)
        if self.pub.scope == "vuosikohortti":
            first = self.year
        published = self.pub.date_for(self.year) or dt.date(self.year + 1, 1, 1)
        return transfer_sentence(load_funders(self.project), dt.date(first, 1, 1), dt.date(self.year, 12, 31),
                                 published, self.lang)

    def run_notebooks(self, project: Path, lang: str) -> dict[str, str]:
        """Run (or take from the cache) the notebooks of one language's work project; returns
        {notebook: "suoritettu" | "välimuistista"}. Uses nothing but its arguments and the
        build's read-only state, so the languages can run side by side."""
        pub, generated = self.pub, project / GENERATED
        generated.mkdir(exist_ok=True)
        code_hash = code_fingerprint()
        steps: dict[str, str] = {}

        def run_one(name: str) -> None:
            nb_source = project / "notebooks" / f"{name}.ipynb"
            nb_target = project / EXECUTED_NOTEBOOKS / f"{name}.ipynb"
            params = {"vuosi": self.year, "projektin_juuri": str(project), "tulos": str(generated / name),
                      "kieli": lang}
            step = f"muistikirja-{name}" + ("" if lang == "fi" else f"-{lang}")
            key = hash_text(json.dumps({
                "notebook": hash_files([nb_source], project), "data": self.snapshot.data_hash,
                "code": code_hash, "params": {"vuosi": self.year, "kieli": lang}, "python": sys.version,
            }, sort_keys=True))
            items = {"notebook.ipynb": nb_target, "tulokset": generated / name}
            if self.cache.restore(step, key, items):
                steps[name] = "välimuistista"
                return
            from .notebooks import execute

            (generated / name).mkdir(parents=True, exist_ok=True)
            nb_target.parent.mkdir(parents=True, exist_ok=True)
            execute(nb_source, nb_target, params)
            self.cache.store(step, key, items)
            steps[name] = "suoritettu"

        with ThreadPoolExecutor(max_workers=max(1, self.request.jobs)) as pool:
            for future in [pool.submit(run_one, n) for n in pub.notebooks]:
                future.result()
        return steps

    @staticmethod
    def _downloads(generated: Path) -> list[str]:
        """The data files the edition offers: the workbook first, then the figures' CSV files."""
        files = sorted(p.name for p in (generated / DOWNLOADS).glob("*") if p.is_file())
        return sorted(files, key=lambda name: (not name.endswith(".xlsx"), name))

    def _subtitle(self) -> str:

        return read_values(self.project)["julkaisu"]["alaotsikko"]

    def check_claims(self) -> None:
        """Unknown condition keys stop the build (status 2); false required claims turn it into
        a draft that is marked and never published (status 3)."""

        from .claims import draft_banner, mark_stale_claims, stale_claims, unknown_conditions
        from .errors import DataError, Issue

        self.say("claims", "Tarkistetaan kertomuksen väitteet")
        values = read_values(self.project)
        unknown = unknown_conditions(self.project, values)
        if unknown:
            raise DataError([Issue(c.file, c.line, None, c.key,
                                   "ehto, jonka muistikirja luvut laskee (tosi tai epätosi); ehdot näkyvät "
                                   f"komennolla joppi muuttujat --year {self.year} kohdassa vaitteet")
                             for c in unknown])
        found = list(stale_claims(self.project, values))
        if self.lang == "fi":   # the Finnish pass reads both languages' chapters: the report's list
            self.stale = found
            for claim in found:
                self.request.log(f"      EI PIDÄ: {claim.message()}")
        elif found:
            self.request.log(f"      ei pidä: {len(found)} (merkitään luonnokseen)")
        if not found:
            self.request.log("      kaikki väitteet pitävät")
            return
        self.draft = True
        # Every language's draft marks its own copies of the false sentences, with its own banner.
        mark_stale_claims(self.project, found)
        index = self.project / "index.qmd"
        text = index.read_text(encoding="utf-8")
        end = text.find("\n---", 3) + len("\n---\n")
        if self.lang == "sv":
            from .svenska import draft_banner_sv, mark_in_swedish

            mark_in_swedish(self.project)
            banner = draft_banner_sv(self.year, found)
        else:
            banner = draft_banner(self.year, found)
        index.write_text(text[:end] + "\n" + banner + text[end:], encoding="utf-8")

    def render(self) -> Callable[[], Path]:
        """The render of the language in hand: from the cache at once, else a job that renders it
        into its own folder and returns that folder (run beside the other languages' jobs)."""
        from .render import find_quarto, render

        requested = self.request.engine
        self.engine = requested if requested != "auto" else ("quarto" if find_quarto() else "pandoc")
        self.say("render", f"Renderöidään HTML ja PDF ({self.engine})"
                 + ("" if self.lang == "fi" else f", kieli {self.lang}"))
        project, engine, own = self.project, self.engine, self.pub.in_language(self.lang)
        out_dir = self.work / f"{self.year}-{os.getpid()}-{int(time.time() * 1000)}-{self.lang}"
        render_key = hash_text("|".join([engine, engine_version(engine), hash_tree(project),
                                         self.stamp.isoformat()]))
        if self.cache.restore("renderointi", render_key, {"julkaisu": out_dir}):
            self.steps["renderöinti"] = "välimuistista"
            self.request.log("      välimuistista")
            return lambda: out_dir

        def job() -> Path:
            render(project, out_dir, engine, timestamp=self.stamp)
            _finish_outputs(out_dir, self.year, own, project)
            leaked = leaked_paths(out_dir, self.work)
            if leaked:
                raise BuildError("Julkaisuun päätyi rakennuskansion polku (" + ", ".join(leaked) + "): sama "
                                 "aineisto antaisi eri koneilla eri julkaisun. Ilmoita tästä ylläpitäjälle.")
            self.cache.store("renderointi", render_key, {"julkaisu": out_dir})
            self.steps["renderöinti"] = "suoritettu"
            return out_dir

        return job

    def publish(self) -> BuildResult:
        if self.draft:
            self.say("publish", f"Ei julkaista: luonnos kansioon _output/{self.year}-luonnos/")
            draft = publish_draft(self.root, self.year, self.out_dir)
            raise ClaimsRefused(self.year, self.stale, draft.relative_to(self.root), self.pub.pdf_file(self.year))
        self.say("publish", f"Julkaistaan _output/{self.year}/")
        link = publish(self.root, self.year, self.out_dir)
        remove(self.root / "_output" / f"{self.year}{DRAFT_SUFFIX}", self.root / "_output")
        html, pdf = link / "index.html", link / self.pub.pdf_file(self.year)
        self.request.log(f"Valmis: {html.relative_to(self.root)} ja {pdf.relative_to(self.root)}")
        for lang in self.languages:
            if lang != "fi" and (link / lang / "index.html").is_file():
                pdfs = sorted(p.name for p in (link / lang).glob("*.pdf"))
                self.request.log(f"      {lang}: {(link / lang / 'index.html').relative_to(self.root)}"
                                 + "".join(f" ja {(link / lang / name).relative_to(self.root)}" for name in pdfs))
        return BuildResult(self.year, link, html, pdf, self.engine, self.stale, self.steps)


def leaked_paths(out_dir: Path, work: Path) -> list[str]:
    """The published files that name the build's work folder: the render cache keys a project by its
    contents, not its place, so an edition that depends on where it was built must not be cached
    or published (Quarto once wrote each notebook's absolute path into the page)."""
    needle = str(Path(work).resolve()).encode("utf-8")
    return sorted(str(p.relative_to(out_dir)) for p in Path(out_dir).rglob("*")
                  if p.is_file() and needle in p.read_bytes())


def default_year(root: Path) -> int:
    """The year `quarto render` renders: JOPPI_VUOSI if set, else the latest year with data."""
    from .dataset import years_with_data

    chosen = os.environ.get("JOPPI_VUOSI", "").strip()
    if chosen:
        return check_year(root, chosen)
    years = years_with_data(root)
    return check_year(root, years[-1] if years else "")


def pre_render(root, year=None, log: Callable[[str], None] = print) -> tuple[int, list]:
    """`quarto render` / `quarto preview` at the project root: write the year's `_variables.yml`
    and `_joppi/` (values, conditions, generated markdown, executed notebooks) into the root, the
    notebooks run through the project's cache. Bad input raises DataError before anything is
    written. Returns the year and the required claims that do not hold (shown, not refused:
    a preview is no publication)."""
    root = Path(root).resolve()
    year = check_year(root, year) if year is not None else default_year(root)
    request = BuildRequest(root, year, "quarto", 2, log)
    try:
        with children_die_with_us():
            return year, Build(request).write_sources(root, profile_language(os.environ.get("QUARTO_PROFILE", "")))
    except (OSError, shutil.Error) as exc:
        raise FileSystemError(explain_os_error(exc)) from exc


def profile_language(profile: str) -> str:
    """The edition language of Quarto's active profile (QUARTO_PROFILE, which Quarto sets for the
    pre-render step from `--profile`): a profile named after a language is that language's edition
    (_quarto-sv.yml); any other profile, or none, the Finnish one."""
    from .svenska import SOURCES as LANGUAGE_SOURCES

    for name in (p.strip() for p in profile.split(",")):
        if name in LANGUAGE_SOURCES and name != "fi":
            return name
    return "fi"


def install_generated(project: Path, target: Path) -> None:
    """Put the work project's `_variables.yml` and `_joppi/` into `target`, each by one rename,
    so that a Quarto render running now reads the old files or the new ones, never a mix."""
    target = Path(target)
    if (same_contents(project / "_variables.yml", target / "_variables.yml")
            and same_contents(project / GENERATED, target / GENERATED)):
        # Nothing changed: the files keep their times, so `quarto preview` (which re-renders when a
        # watched file's time changes) does not re-render in a loop on its own pre-render step.
        return
    staged = made_dir(target, f".{GENERATED}-uusi-")
    try:
        shutil.copytree(project / GENERATED, staged / GENERATED)
        shutil.copy2(project / "_variables.yml", staged / "_variables.yml")
        old = target / GENERATED
        if old.is_symlink():
            old.unlink()
        elif old.exists():
            os.replace(old, staged / f"{GENERATED}.vanha")
        os.replace(staged / GENERATED, old)
        os.replace(staged / "_variables.yml", target / "_variables.yml")
    finally:
        remove(staged, target)


def same_contents(new: Path, old: Path) -> bool:
    """Whether `old` (a file or a directory tree, not a link) holds exactly what `new` holds: the
    same names and bytes, by the cache's own digest (cache.hash_files)."""
    if old.is_symlink() or not old.exists() or new.is_file() != old.is_file():
        return False

    def files(root: Path) -> list[Path]:
        return [root] if root.is_file() else sorted(root.rglob("*"))

    return hash_files(files(new), new) == hash_files(files(old), old)


def build(root, year, engine: str = "auto", log: Callable[[str], None] = print, jobs: int = 2) -> BuildResult:
    """Build and publish one year's edition (see `Build` for the steps)."""
    root = Path(root).resolve()
    request = BuildRequest(root, check_year(root, year), engine, jobs, log)
    try:
        with children_die_with_us():     # kernels and renderers end with the build, even a killed one
            return Build(request).run()
    except (OSError, shutil.Error) as exc:
        raise FileSystemError(explain_os_error(exc)) from exc


def remove_stale(build_root: Path, output_root: Path, year: int) -> None:
    """Remove what killed builds left (work directories, snapshots, editions being deleted,
    temporary links and copies): only directories that carry the marker a build wrote
    (safefs.made_dir) and whose maker no longer runs, never anything by its name alone; links
    are never followed out of `_build/` or `_output/`."""
    remove_stale_made(build_root)
    editions = output_root / ".painokset"
    if editions.is_dir() and not editions.is_symlink():
        remove_stale_made(editions)
    Cache(build_root / "valimuisti").remove_orphans()


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


def write_conditions(project: Path, values: dict) -> Path:
    """The conditions that Quarto's `when-meta` reads, from the values the notebook computed."""
    import yaml

    from .claims import CONDITIONS_FILE, conditions_metadata

    target = project / CONDITIONS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(conditions_metadata(values), allow_unicode=True, sort_keys=True),
                      encoding="utf-8")
    return target


def _assemble_generated(project: Path, generated: Path, pub, stamp: datetime, published=None) -> None:
    """Put the notebooks' generated files where the sources expect them."""
    if not (project / VALUES_FILE).is_file():
        raise BuildError("Muistikirja luvut ei tuottanut tiedostoa _variables.yml.")
    import yaml

    from .markup import markdown_values

    values = read_values(project)
    # `_variables.yml`: the values as the chapters' `{{< var >}}` reads them, literal markdown (in the
    # notebook's own form: values.write_values; not imported here, it brings pandas to a no-op build)
    (project / "_variables.yml").write_text(
        yaml.safe_dump(markdown_values(values), allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")
    write_conditions(project, values)
    for name in pub.notebooks:
        for md in sorted((generated / name).glob("*.md")):
            shutil.copy2(md, generated / md.name)
        downloads = generated / name / DOWNLOADS
        if downloads.is_dir():       # the figures' CSV files and the workbook (downloads.py)
            shutil.copytree(downloads, generated / DOWNLOADS, dirs_exist_ok=True)
    from .paths import ASSETS

    shutil.copy2(ASSETS / "vendor" / "vega-bundle.js", generated / "vega-bundle.js")
    write_brand_header(project, generated, stamp, published)


#: The generated texts the chapters embed from the texts notebook (notebooks.TEXTS_NOTEBOOK), each
#: from `_joppi/<name>.md`; every one is always there, empty where the year has none.
TEXTS = ("vertailu", "taulukot", "kolofoni")


def write_texts(project: Path) -> Path:
    from .notebooks import TEXTS_NOTEBOOK, write_texts_notebook

    generated = project / GENERATED
    texts = {}
    for name in TEXTS:
        path = generated / f"{name}.md"
        texts[name] = path.read_text(encoding="utf-8") if path.is_file() else ""
    return write_texts_notebook(project / EXECUTED_NOTEBOOKS / TEXTS_NOTEBOOK, texts)


def write_brand_header(project: Path, generated: Path, stamp: datetime, published=None) -> None:
    """The brand header with the logo for Quarto's page (`include-before-body` in _quarto.yml),
    from _brand.yml as the project's engine makes its own; the logo at the same `_joppi/` path."""
    import html

    from .brand import load_brand

    import yaml

    brand = load_brand(project)
    settings = yaml.safe_load((project / "_quarto.yml").read_text(encoding="utf-8")) or {}
    # The edition's language's alt text (_quarto-sv.yml: joppi-logo-alt), as the project's engine reads it.
    alt = str(settings.get("joppi-logo-alt") or brand.logo_alt)
    from .logo import edition_logo

    logo_path = edition_logo(project, settings, brand.logo_path)   # the language's own wordmark
    logo = ""
    if logo_path and logo_path.is_file():
        shutil.copy2(logo_path, generated / logo_path.name)
        logo = (f'<img class="joppi-logo" src="{GENERATED}/{html.escape(logo_path.name)}" '
                f'alt="{html.escape(alt)}">')
    # The EU emblem with the co-funding statement and the publisher, as the project's engine draws them.
    from .logo import EMBLEM_FILE, publisher, visibility_html, visibility_typst
    from .paths import ASSETS

    lang = str(settings.get("lang") or "fi")
    lang = lang if lang in ("fi", "sv") else "fi"
    shutil.copy2(ASSETS / EMBLEM_FILE, generated / EMBLEM_FILE)
    publisher_name, publisher_logo = publisher(brand.extra, lang)
    publisher_file = None
    if publisher_logo:
        from .brand import asset_path

        source = asset_path(project, publisher_logo)
        if source.is_file():
            publisher_file = "julkaisija" + source.suffix
            shutil.copy2(source, generated / publisher_file)
    visibility = visibility_html(lang, f"{GENERATED}/{EMBLEM_FILE}", publisher_name,
                                 publisher_file and f"{GENERATED}/{publisher_file}")
    (generated / "otsake.html").write_text(
        f'<div class="joppi-header joppi-brand-header"><div class="joppi-header-inner">{visibility}{logo}</div></div>\n',
        encoding="utf-8")
    # The start of Quarto's Typst body (format.typst.include-before-body): the PDF's date is the
    # edition's source date, as in the colophon (the same bytes on every build), and its logo.
    from .bundle import typst_string

    # The PDF's date is the edition's publication date (data/julkaisu.yml), none while it is not set.
    typst = (f"#set document(date: datetime(year: {published.year}, month: {published.month}, "
             f"day: {published.day}))\n" if published else "#set document(date: none)\n")
    (generated / "paivays.typ").write_text(typst, encoding="utf-8")   # the project's engine reads the same
    typst += visibility_typst(lang, f"/{GENERATED}/{EMBLEM_FILE}", publisher_name,
                              publisher_file and f"/{GENERATED}/{publisher_file}")
    if logo:
        typst += (f'#image({typst_string("/" + GENERATED + "/" + logo_path.name)}, alt: {typst_string(alt)}, '
                  "width: 6cm)\n")
    (generated / "otsake.typ").write_text(typst, encoding="utf-8")


def _finish_outputs(out_dir: Path, year: int, pub, project: Path) -> None:
    pdf = out_dir / "index.pdf"
    if pdf.exists():
        os.replace(pdf, out_dir / pub.pdf_file(year))
    shutil.copy2(project / VALUES_FILE, out_dir / "_variables.yml")     # the values as data
