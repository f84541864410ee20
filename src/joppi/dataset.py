"""Loads one year's inputs, validated: the single entry point the notebooks and the build use."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from .classifications import END_SURVEY_PREFIX, Classifications, load_classifications
from .errors import DataError, Issue
from .errors import display_path

if TYPE_CHECKING:  # pandas is imported by the functions that read data: a cached build never needs it
    import pandas as pd

PROJECTS_BASENAME = "hankkeet"
END_SURVEY_DIR = "loppukysely"
YEAR_PATTERN = re.compile(r"^(19|20|21)\d{2}$")


@dataclass(frozen=True)
class InputPaths:
    root: Path
    projects: Path
    survey_dir: Path
    classifications: Path

    @classmethod
    def of(cls, root: Path) -> "InputPaths":
        root = Path(root).resolve()
        data = root / "data"
        projects = data / f"{PROJECTS_BASENAME}.csv"
        if not projects.exists() and (data / f"{PROJECTS_BASENAME}.xlsx").exists():
            projects = data / f"{PROJECTS_BASENAME}.xlsx"
        return cls(root, projects, data / "kysely", data / "luokitukset")

    def survey(self, year: int) -> Path:
        csv_path = self.survey_dir / f"{int(year)}.csv"
        xlsx_path = self.survey_dir / f"{int(year)}.xlsx"
        return xlsx_path if not csv_path.exists() and xlsx_path.exists() else csv_path

    def end_survey(self, year: int) -> Path:
        """data/loppukysely/<vuosi>.csv: optional; a year without it has no end-survey section."""
        return self.root / "data" / END_SURVEY_DIR / f"{int(year)}.csv"

    def files_for(self, year: int) -> list[Path]:
        """Every file the year's edition reads: its provenance and its cache key.

        The end survey and the classifications only it uses count only in a year that has one,
        so an edition without an end survey lists exactly the files it always did.
        """
        end = self.end_survey(year)
        classes = sorted(self.classifications.glob("*.csv"))
        surveys = [self.survey(y) for y in self.pooled_years(year)]
        if not end.exists():
            return [self.projects, *surveys, *(p for p in classes if not p.name.startswith(END_SURVEY_PREFIX))]
        return [self.projects, *surveys, end, *classes]

    def pooled_years(self, year: int) -> list[int]:
        """The start years whose start surveys a cumulative edition of `year` pools: every year with
        data up to `year` (a year-cohort edition reads only its own; listing them all is harmless)."""
        return [y for y in years_with_data(self.root) if y < int(year)] + [int(year)]


@dataclass(frozen=True)
class YearData:
    year: int
    classifications: Classifications
    projects: pd.DataFrame      # every year's rows, validated and typed
    cohort: pd.DataFrame        # rows whose start date falls in the year: the year's new projects
    survey: pd.DataFrame        # the start-survey responses of every cohort in scope (column vuosi: start year)
    sources: dict[str, str]     # file (relative to the project) -> SHA-256
    scope: pd.DataFrame = None  # the rows the edition covers (data/julkaisu.yml: rajaus)
    scope_rule: str = "kertyva"  # kertyva: started in [first_year, year]; vuosikohortti: started in year
    first_year: int = None      # the first year with data (data/kysely/<vuosi>.csv)
    end_survey: pd.DataFrame | None = None  # data/loppukysely/<year>.csv validated, None without one
    survey_years: tuple = ()    # the start years whose surveys `survey` pools (the year's alone: vuosikohortti)
    not_asked: dict = None      # kysymatta of data/julkaisu.yml: {start year: (question id, …)}

    def asked(self, column: str) -> bool:
        """Whether the edition shows survey question `column`: asked in the edition's own year."""
        return column not in (self.not_asked or {}).get(self.year, ())

    def survey_for(self, column: str) -> pd.DataFrame:
        """The pooled responses of the start years in which question `column` was asked: its base."""
        skipped = [y for y, qs in (self.not_asked or {}).items() if column in qs]
        if not skipped or "vuosi" not in self.survey.columns:
            return self.survey
        return self.survey[~self.survey["vuosi"].isin(skipped)].reset_index(drop=True)

    @property
    def new(self) -> pd.DataFrame:
        """The projects started in the edition's year (the same rows as `cohort`)."""
        return self.cohort


def sha256(path: Path) -> str:
    """The file's digest; a file that is not a regular one inside the project is refused unopened."""
    from .safefs import input_problem, project_of

    problem = input_problem(path)
    if problem is not None:
        raise DataError([Issue(display_path(path, project_of(path)), None, None, None, problem)])
    h = hashlib.sha256()
    with Path(path).open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cohort_of(projects: pd.DataFrame, year: int) -> pd.DataFrame:
    return projects[projects["alkamispaiva"].dt.year == year].reset_index(drop=True)


def scope_of(projects: pd.DataFrame, year: int, first_year: int, rule: str = "kertyva") -> pd.DataFrame:
    """The rows an edition covers: cumulative from the first year with data, or the year's only."""
    start = projects["alkamispaiva"].dt.year
    if rule == "vuosikohortti":
        return cohort_of(projects, year)
    return projects[(start >= first_year) & (start <= year)].reset_index(drop=True)


def scope_setting(root: Path) -> str:
    """`rajaus` from data/julkaisu.yml (kertyva by default)."""
    from .config import load_publication

    return load_publication(root).scope


def load_projects(paths: InputPaths, cls: Classifications | None = None) -> pd.DataFrame:
    from .readers import read_table
    from .validation import OPTIONAL_PROJECT_COLUMNS, PROJECT_COLUMNS, validate_projects  # pandera: only when validating

    cls = cls or load_classifications(paths.classifications)
    frame = read_table(paths.projects, PROJECT_COLUMNS, paths.root, optional=OPTIONAL_PROJECT_COLUMNS)
    return validate_projects(frame, cls, display_path(paths.projects, paths.root))


def years_with_data(root: Path) -> list[int]:
    """Years whose survey file exists: what `--year` may be. Never raises on bad data."""
    paths = InputPaths.of(root)
    years = []
    if paths.survey_dir.is_dir():
        for f in paths.survey_dir.iterdir():
            if f.suffix in (".csv", ".xlsx") and YEAR_PATTERN.match(f.stem):
                years.append(int(f.stem))
    return sorted(set(years))


def earlier_year(root: Path, year: int) -> int | None:
    """The latest year before `year` that has data: the edition's comparison year, if any."""
    earlier = [y for y in years_with_data(root) if y < year]
    return max(earlier) if earlier else None


def check_year(root: Path, year) -> int:
    """The year as an int, if it is one with data; a Finnish error listing the years that have data."""
    text = str(year).strip()
    available = years_with_data(root)
    listed = ", ".join(str(y) for y in available) or "ei yhtään"
    if not YEAR_PATTERN.match(text) or int(text) not in available:
        raise DataError([Issue("--year", None, None, text,
                               f"vuosi, jolta on aineisto (data/kysely/<vuosi>.csv); aineisto on vuosilta: {listed}")])
    return int(text)


VALIDATED_CACHE = Path("_build") / "valimuisti" / "aineisto"


def _validated_cache_file(paths: InputPaths, year: int, cache_root: Path | None = None) -> Path:
    """Keyed by the bytes of every input file and by the code: a hit is what validation would return.

    The key names files relative to the project, so a build's snapshot of the inputs finds the
    entry that the same bytes made in the project (`cache_root`).
    """
    from .cache import code_fingerprint, hash_files

    # The scope also depends on the first year with data and on `rajaus`; every classification
    # file is read (and checked) even when the edition does not list it.
    files = sorted({*paths.files_for(year), *paths.classifications.glob("*.csv")})
    first = min(years_with_data(paths.root), default=year)
    from .config import load_publication

    pub = load_publication(paths.root)
    key = hashlib.sha256(f"{year}|{first}|{pub.scope}|{sorted((pub.not_asked or {}).items())}|"
                         f"{hash_files(files, paths.root)}|"
                         f"{code_fingerprint()}".encode()).hexdigest()
    return Path(cache_root or paths.root) / VALIDATED_CACHE / f"{key}.pkl"


def validated_cache_file(root: Path, year: int, cache_root: Path | None = None) -> Path:
    return _validated_cache_file(InputPaths.of(root), int(year), cache_root)


def source_hashes(paths: InputPaths, year: int) -> dict[str, str]:
    """Each input file (relative to the project) with its SHA-256: the edition's provenance."""
    return {display_path(p, paths.root): sha256(p) for p in paths.files_for(year) if p.exists()}


def already_validated(root: Path, year: int, cache_root: Path | None = None) -> bool:
    """True when these exact inputs passed validation with this code: no need to load them."""
    return _validated_cache_file(InputPaths.of(root), check_year(root, year), cache_root).is_file()


def load_year(root: Path, year: int, use_cache: bool = True, cache_root: Path | None = None) -> YearData:
    """Read and validate everything a year's edition needs; raise DataError with every problem.

    A successful result is kept under _build/ so that the build and its notebooks validate a
    given set of inputs once; any change to an input file or the code misses the cache.
    """
    paths = InputPaths.of(root)
    year = check_year(root, year)
    cached = _validated_cache_file(paths, year, cache_root) if use_cache else None
    if cached is not None and cached.is_file():
        try:
            with cached.open("rb") as f:
                return pickle.load(f)  # written by this function only, never from user data
        except Exception:  # noqa: BLE001 - a damaged cache entry is just a miss
            pass
    data = _load_year(paths, year)
    if cached is not None:
        from .safefs import made_dir, remove

        cached.parent.mkdir(parents=True, exist_ok=True)
        holder = made_dir(cached.parent, f".tmp-{os.getpid()}-")   # marked: a kill leaves nothing unprovable
        try:
            with (holder / cached.name).open("wb") as f:
                pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(holder / cached.name, cached)
        finally:   # a full disk or a kill: leave no half file behind
            remove(holder, cached.parent)
    return data


def _load_year(paths: InputPaths, year: int) -> YearData:
    from .readers import read_table
    from .validation import SURVEY_COLUMNS, validate_survey

    cls = load_classifications(paths.classifications)
    survey_path = paths.survey(year)
    try:
        projects = load_projects(paths, cls)
    except DataError as exc:
        # Report the survey file's own format problems in the same run, so all are fixed at once.
        try:
            read_table(survey_path, SURVEY_COLUMNS, paths.root)
        except DataError as survey_exc:
            raise DataError(exc.issues + survey_exc.issues) from None
        raise
    cohort = cohort_of(projects, year)
    if cohort.empty:
        raise DataError([Issue(display_path(paths.projects, paths.root), None, "alkamispaiva", None,
                               f"vähintään yksi hanke, joka alkaa vuonna {year} (vuoden kohortti on tyhjä)")])
    from .config import load_publication
    from .endsurvey import load_end_survey

    pub = load_publication(paths.root)
    rule = pub.scope
    pooled = paths.pooled_years(year) if rule == "kertyva" else [year]
    issues, frames = [], []
    for y in pooled:   # every cohort's start survey: the base of a cumulative edition
        path = paths.survey(y)
        try:
            frame = validate_survey(read_table(path, SURVEY_COLUMNS, paths.root), projects, y, cls,
                                    display_path(path, paths.root), pub.not_asked_in(y))
            frames.append(frame.assign(vuosi=y))
        except DataError as exc:
            issues += exc.issues
    try:  # the end survey's problems are reported in the same run as the start survey's
        end_survey = load_end_survey(paths.end_survey(year), paths.root, projects, year, cls)
    except DataError as exc:
        issues += exc.issues
    if issues:
        raise DataError(issues)
    import pandas as pd

    first_year = min(years_with_data(paths.root), default=year)
    scope = scope_of(projects, year, first_year, rule)
    survey = pd.concat(frames, ignore_index=True)
    return YearData(year, cls, projects, cohort, survey, source_hashes(paths, year),
                    scope=scope, scope_rule=rule, first_year=first_year, end_survey=end_survey,
                    survey_years=tuple(pooled), not_asked=dict(pub.not_asked or {}))
