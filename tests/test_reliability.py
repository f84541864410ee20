"""Reliability of `joppi build`: bad inputs, interruptions, parallel years, determinism, privacy,
and where the build writes.

Builds are shared: one project (`base`, the 2023 data with free-text answers and rare survey
answers added) is built once, in a subprocess with a fixed SOURCE_DATE_EPOCH; its edition is the
"previous edition" that failed, killed and repeated builds must leave byte-identical. Other
builds: a second clean build for determinism, one build per killed moment (cache cleared, cut
short), a build after the kills, and two builds of 2023 and a synthetic 2024 at the same time.
About 1.5 minutes on two cores when the machine is quiet.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

import synthetic as syn
from bad_inputs.cases import CASES, Case
from conftest import copy_full_project
from helpers import (check_report, dataset_rows, pdf_text, read_page, section_text, squash, strings_in,
                     vega_specs, visible_text)
from joppi import cli

PDF = "joppi-tilannekuva-{}.pdf"
SECRET = "SALAINEN"
# Survey answers chosen by fewer than 3 respondents (data/julkaisu.yml: kysely_pienin_naytettava).
RARE = {  # column: (option, respondents who add it)
    "tulokset": ("Julkaisut", ["S23001", "S23002"]),
    "haasteet": ("Kohderyhmän tavoittaminen", ["S23003"]),
    "viestintakanavat": ("Uutiskirje", ["S23004", "S23005"]),
}
RARE_FIGURE = {"tulokset": "fig-tulokset", "haasteet": "fig-haasteet", "viestintakanavat": "fig-viestinta"}


def add_private_answers(project: Path) -> Path:
    """Free text in every response (never published) and three answer options chosen by 1-2."""
    survey = project / "data" / "kysely" / "2023.csv"
    rows = syn.read_rows(survey)
    for row in rows:
        code = row["hanketunnus"]
        row["onnistumiset"] = f"{SECRET}-ONNISTUMINEN-{code}: opiskelijat kiittivät työpajoja"
        row["muuta"] = f"{SECRET}-MUUTA-{code} \"luottamuksellinen\" <b>huomio</b>"
        for column, (option, codes) in RARE.items():
            if code in codes:
                row[column] = row[column] + ";" + option
    syn.write_rows(survey, syn.SURVEY_COLUMNS, rows)
    return project


@dataclass
class Base:
    root: Path
    proc: subprocess.CompletedProcess
    tree_before: dict           # the project minus _build/ and _output/, before the build
    tree_after: dict
    tmp_before: set
    tmp_after: set
    tmpdir: Path                # TMPDIR given to the build
    token: str                  # unique part of the project's path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Base:
    token = f"jalki-{uuid.uuid4().hex[:10]}"
    top = tmp_path_factory.mktemp("luotettavuus")
    root = add_private_answers(copy_full_project(top / f"projekti-{token}"))
    tmpdir = top / "tmpdir"
    tmpdir.mkdir()
    tree_before = syn.tree_snapshot(root, exclude=("_build", "_output"))
    tmp_before = set(os.listdir("/tmp"))
    proc = syn.build_cli(root, 2023, TMPDIR=str(tmpdir), TZ="UTC")   # test_the_time_zone_… builds it elsewhere
    return Base(root, proc, tree_before, syn.tree_snapshot(root, exclude=("_build", "_output")),
                tmp_before, set(os.listdir("/tmp")), tmpdir, token)


@pytest.fixture(scope="module")
def edition(base):
    assert base.proc.returncode == 0, base.proc.stdout + base.proc.stderr
    out = base.root / "_output" / "2023"
    return {"html": (out / "index.html").read_text(encoding="utf-8"), "pdf": out / PDF.format(2023),
            "dir": out}


def copy_with_edition(src: Path, dest: Path, with_cache: bool = False) -> Path:
    """A project copy that has src's published edition (links kept as links)."""
    shutil.copytree(src, dest, symlinks=True,
                    ignore=None if with_cache else shutil.ignore_patterns("_build"))
    return dest


# --- where the build writes ----------------------------------------------------------------------

def test_the_base_build_succeeds(base):
    assert base.proc.returncode == 0, base.proc.stdout + base.proc.stderr
    if "Traceback" in base.proc.stderr:
        # Seen once under load: a zmq traceback from a notebook kernel on a successful build.
        warnings.warn("a successful build printed a traceback on stderr:\n" + base.proc.stderr[-3000:])


def test_nothing_is_written_outside_build_and_output(base):
    assert base.proc.returncode == 0
    changed = {k for k in base.tree_before.keys() | base.tree_after.keys()
               if base.tree_before.get(k) != base.tree_after.get(k)}
    assert not changed, f"the build wrote in the project outside _build/ and _output/: {sorted(changed)}"
    assert sorted(p.name for p in base.root.iterdir()) == sorted(
        [*{k.split("/")[0] for k in base.tree_before}, "_build", "_output"])


def test_no_temporary_files_are_left_behind(base):
    assert base.proc.returncode == 0
    left = sorted(p.relative_to(base.tmpdir).as_posix() for p in base.tmpdir.rglob("*"))
    assert not left, f"files left in TMPDIR: {left}"
    new = [name for name in base.tmp_after - base.tmp_before if base.token in name]
    assert not new, f"/tmp polluted: {new}"


# --- privacy ---------------------------------------------------------------------------------------

def test_free_text_answers_never_reach_the_edition(base, edition):
    leaks, scanned = [], 0
    for dirpath, _dirs, files in os.walk(base.root / "_output"):
        for name in files:
            path = Path(dirpath) / name
            scanned += 1
            if path.suffix != ".pdf" and SECRET.encode() in path.read_bytes():
                leaks.append(path.relative_to(base.root).as_posix())
    assert scanned >= 5, "nothing scanned"
    assert not leaks, f"free-text answers in {leaks}"
    assert SECRET not in pdf_text(edition["pdf"])
    assert SECRET not in " ".join(strings_in(vega_specs(edition["html"])))
    variables = (edition["dir"] / "_variables.yml").read_text(encoding="utf-8")
    assert SECRET not in variables and "opiskelijat kiittivät" not in variables


def test_rare_answers_are_shown_as_a_dash(edition):
    html = edition["html"]
    tables = section_text(html, "sec-aineistot")
    pdf = squash(pdf_text(edition["pdf"]))
    specs = vega_specs(html)
    page = read_page(html)
    for column, (option, codes) in RARE.items():
        n = len(codes)
        assert 0 < n < 3
        # the appendix table: "–" for the count and the share
        assert f"{option} – –" in tables, (option, tables)
        assert squash(f"{option} – –") in pdf, option
        # the chart's data: the row is there, its count and share are not
        spec = specs[RARE_FIGURE[column]]
        rows = [r for r in dataset_rows(spec) if r.get("luokka") == option]
        assert rows, f"{option} missing from the chart"
        for row in rows:
            assert row.get("lukumaara") is None and row.get("osuus") is None, row
            assert row.get("teksti") == "–", row
        share = f"{round(100 * n / 15)}\u00a0%"
        assert not any(s.startswith(f"{option}") and any(ch.isdigit() for ch in s[len(option):])
                       for s in strings_in(spec)), "a string of the spec pairs the option with a number"
        assert share not in strings_in(spec), share
        label = [a.get("aria-label", "") for t, a in page.elements if a.get("id") == f"vis-{RARE_FIGURE[column]}"]
        assert label and f"{option} alle 3 vastaajaa" in label[0], label


def test_suppression_wording_follows_the_configured_threshold():
    from dataclasses import replace

    from joppi.brand import load_brand
    from joppi.config import load_publication
    from joppi.dataset import load_year
    from joppi.figures import year_figures
    from conftest import ROOT

    pub = replace(load_publication(ROOT), suppress_below=5)
    figs = year_figures(load_year(ROOT, 2023), load_brand(ROOT), pub)
    fig = figs["fig-tulokset"]   # "Yhteinen digitaalinen alusta" has 3 respondents, now hidden
    assert "Yhteinen digitaalinen alusta alle 5 vastaajaa" in fig.alt, fig.alt
    assert "alle 3" not in fig.alt
    assert "alle 3" not in str(fig.chart.to_dict())


@pytest.fixture(scope="module")
def dominated_edition(tmp_path_factory):
    """The synthetic 2025 whose end survey has 3 respondents, two of whom reached no one: their sum
    would be the third project's own answer."""
    import synthetic_years as sy

    root = sy.add_years(copy_full_project(tmp_path_factory.mktemp("hallitseva") / "projekti"))
    rows = {r["hanketunnus"]: r for r in sy.end_survey_rows()}
    rows["S23014"]["osallistujat"], rows["S23016"]["osallistujat"], rows["S23018"]["osallistujat"] = "777", "0", "0"
    del rows["S23019"]
    sy.write_end_survey(root, list(rows.values()))
    return root, syn.build_cli(root, 2025)


def test_a_sum_one_respondent_dominates_is_not_published(dominated_edition):
    root, proc = dominated_edition
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = root / "_output" / "2025"
    variables = yaml.safe_load((out / "_variables.yml").read_text(encoding="utf-8"))
    assert variables["loppukysely"]["osallistujat"] == "–"
    assert variables["loppukysely"]["osallistujat_vastaajia"] == 3     # enough respondents: dominance hid it
    assert variables["vaitteet"]["loppukysely_osallistujat_hallitseva_vastaaja"] is True
    for page, sentence in ((out / "index.html", "Osallistujamäärää ei julkaista, koska yksi vastaaja muodostaa"),
                           (out / "sv" / "index.html", "Antalet deltagare publiceras inte, eftersom en enda svarande")):
        text = visible_text(page.read_text(encoding="utf-8"))
        assert sentence in text, page
        assert "777" not in text, page
    assert "Osallistujamäärää ei julkaista, koska se perustuisi alle" not in visible_text(
        (out / "index.html").read_text(encoding="utf-8")), "the reason given is the wrong one"
    assert "777" not in pdf_text(out / "joppi-tilannekuva-2025.pdf")
    assert "777" not in (out / "_variables.yml").read_text(encoding="utf-8")
    import openpyxl

    for path in (out / "_joppi" / "aineistot").iterdir():
        if path.suffix == ".csv":
            assert "777" not in path.read_text(encoding="utf-8-sig"), path
        else:
            book = openpyxl.load_workbook(path)
            cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row]
            assert not any("777" in c for c in cells), path


# Names that pass the entry guard (no formula start) but that a spreadsheet writer would make into
# an array formula or a live link: classification names, so they reach the downloads as categories.
HOSTILE_NAMES = {  # classification file: (old name, new name), the survey column that uses it
    "kysely_haasteet.csv": ("Tekniset ongelmat", "{=1+1}", "haasteet"),
    "kysely_tulokset.csv": ("Koulutusmallien kokeilut", "https://example.invalid/kokeilut", "tulokset"),
    "kysely_viestintakanavat.csv": ("Webinaarit", "[Avaa](https://example.invalid)", "viestintakanavat"),
    "kysely_verkostot.csv": ("Ohjausryhmä", "external:C:\\Windows\\System32\\calc.exe", "verkostot"),
}


@pytest.fixture(scope="module")
def hostile_edition(tmp_path_factory):
    root = copy_full_project(tmp_path_factory.mktemp("vihamieliset") / "projekti")
    survey = root / "data" / "kysely" / "2023.csv"
    rows = syn.read_rows(survey)
    for file, (old, new, column) in HOSTILE_NAMES.items():
        path = root / "data" / "luokitukset" / file
        text = path.read_text(encoding="utf-8")
        assert f";{old};" in text, (file, old)
        path.write_text(text.replace(f";{old};", f";{new};"), encoding="utf-8")
        for row in rows:
            row[column] = ";".join(new if item.strip() == old else item for item in row[column].split(";"))
    syn.write_rows(survey, syn.SURVEY_COLUMNS, rows)
    return root, syn.build_cli(root, 2023)


def test_the_built_downloads_hold_hostile_names_as_text(hostile_edition):
    import csv
    import io
    import re
    import zipfile

    import openpyxl

    root, proc = hostile_edition
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = root / "_output" / "2023" / "_joppi" / "aineistot"
    names = {new for _old, new, _col in HOSTILE_NAMES.values()}
    in_csv = set()
    for path in folder.glob("fig-*.csv"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
        in_csv |= {r[0] for r in rows[1:]} & names
    assert in_csv == names, f"not all names reached the CSV files: {names - in_csv}"
    workbook = folder / "joppi-tilannekuva-2023-taulukot.xlsx"
    book = openpyxl.load_workbook(workbook)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in names:
                    found[cell.value] = cell
    assert set(found) == names, f"not all names reached the workbook: {names - set(found)}"
    for name, cell in found.items():
        assert cell.data_type == "s" and cell.hyperlink is None, (name, cell.data_type, cell.hyperlink)
    with zipfile.ZipFile(workbook) as z:
        for member in z.namelist():
            xml = z.read(member).decode("utf-8", errors="replace")
            if member.startswith("xl/worksheets/sheet"):
                assert not re.search(r"<f[ >]", xml), f"a formula in {member}"
                if "<hyperlink " in xml:   # only the contents sheet's links to the workbook's own sheets
                    assert all("location=" in h and "r:id" not in h for h in re.findall(r"<hyperlink [^>]*>", xml))
            if member.endswith(".rels"):
                assert "TargetMode=\"External\"" not in xml, f"an external link in {member}"


# --- determinism ----------------------------------------------------------------------------------

def test_two_clean_builds_are_byte_identical(base, edition):
    """Same inputs, same SOURCE_DATE_EPOCH, _build/ removed in between: the same bytes."""
    first = syn.tree_snapshot(edition["dir"])
    shutil.rmtree(base.root / "_build")
    proc = syn.build_cli(base.root, 2023)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "luvut: suoritettu" in proc.stdout and "kuviot: suoritettu" in proc.stdout, "not a clean build"
    second = syn.tree_snapshot(base.root / "_output" / "2023")
    for name in ("index.html", PDF.format(2023)):
        assert second[name] == first[name], f"{name} differs between two clean builds"
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert not differing, differing


def test_the_edition_does_not_depend_on_the_machines_time_zone(base, edition, tmp_path):
    """Dates are calendar dates: built in Helsinki (daylight saving time, UTC+2/+3) the edition has the
    bytes it has when built in UTC. (In local time the timeline's bars moved and its labels said
    "Dec 30, 2025" for 31.12.2025 west of Greenwich.)"""
    first = syn.tree_snapshot(edition["dir"])
    root = copy_with_edition(base.root, tmp_path / "helsinki")
    proc = syn.build_cli(root, 2023, TZ="Europe/Helsinki")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    second = syn.tree_snapshot(root / "_output" / "2023")
    assert second[PDF.format(2023)] == first[PDF.format(2023)], "the PDF depends on the time zone"
    differing = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert not differing, differing


# --- bad inputs through the build ------------------------------------------------------------------

def build_argv(project: Path, case: Case) -> list[str]:
    return ["--root", str(project), "build", "--year", case.year, "--engine", "pandoc"]


@pytest.fixture
def broken_copy(tmp_path, edition, base):
    """Fresh project files (pristine data), the base project's published edition beside them."""
    def make(case: Case) -> Path:
        project = copy_full_project(tmp_path / "projekti")
        shutil.copytree(base.root / "_output", project / "_output", symlinks=True)
        case.apply(project)
        return project
    return make


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_build_refuses_bad_input_and_keeps_the_edition(case: Case, broken_copy, capsys):
    project = broken_copy(case)
    output_before = syn.tree_snapshot(project / "_output")
    inputs_before = syn.tree_snapshot(project, exclude=("_build", "_output"))

    status = cli.main(build_argv(project, case))
    out, err = capsys.readouterr()

    assert status == 2, (out, err)
    check_report(case, err)
    assert "[2/6]" not in out, "the build went past validation"
    assert syn.tree_snapshot(project / "_output") == output_before, "the build wrote in _output/"
    assert syn.tree_snapshot(project, exclude=("_build", "_output")) == inputs_before


SUBPROCESS_IDS = ["latin1-projects", "tab-delimiter", "missing-column", "duplicate-hanketunnus",
                  "unknown-ely-near-miss", "formula-injection", "negative-staff", "excel-bad-cell",
                  "classification-unknown-region-code", "empty-cohort", "year-path-traversal"]
SUBPROCESS_CASES = [c for c in CASES if c.id in SUBPROCESS_IDS]


def test_the_subprocess_sample_covers_the_input_files():
    assert len(SUBPROCESS_CASES) >= 8, [c.id for c in SUBPROCESS_CASES]
    files = {c.file for c in SUBPROCESS_CASES}
    assert {"data/hankkeet.csv", "data/kysely/2023.csv", "--year"} <= files


@pytest.mark.parametrize("case", SUBPROCESS_CASES, ids=[c.id for c in SUBPROCESS_CASES])
def test_build_refuses_bad_input_as_a_subprocess(case: Case, broken_copy):
    project = broken_copy(case)
    output_before = syn.tree_snapshot(project / "_output")
    proc = syn.run_joppi(project, *build_argv(project, case)[2:], timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    check_report(case, proc.stderr)
    assert syn.tree_snapshot(project / "_output") == output_before


# --- interruption ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Moment:
    name: str
    after_line: str | None    # wait for this log line (None: wait `delay` seconds from the start)
    delay: float
    clear_cache: bool         # start without the step cache, so that the build has work to do
    may_finish: bool = False  # the build may have published before the kill landed


MOMENTS = [
    Moment("1s", None, 1.0, True),
    Moment("4s", None, 4.0, True),
    Moment("muistikirjoissa", "[3/6]", 2.0, True),   # mid-notebooks, however fast the machine
    Moment("renderoinnissa", "[5/6]", 0.3, True),
    Moment("julkaisussa", "[6/6]", 0.0, False, may_finish=True),
]


@dataclass
class Killed:
    moment: Moment
    log: list = field(default_factory=list)
    finished: bool = False          # the process had exited before it was killed
    status: int | None = None
    output: dict = field(default_factory=dict)
    link: str = ""


def run_and_kill(root: Path, moment: Moment) -> Killed:
    if moment.clear_cache:
        shutil.rmtree(root / "_build" / "valimuisti", ignore_errors=True)
    result = Killed(moment)
    reached = threading.Event()
    proc = subprocess.Popen(syn.joppi_argv(root, "build", "--year", "2023", "--engine", "pandoc"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                            env=syn.build_env(), cwd=str(root))
    start = time.monotonic()

    def read() -> None:
        for line in proc.stdout:
            result.log.append(f"{time.monotonic() - start:6.2f} {line.rstrip()}")
            if moment.after_line and line.startswith(moment.after_line):
                reached.set()
        reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if moment.after_line:
        reached.wait(timeout=180)
    time.sleep(moment.delay)
    result.finished = proc.poll() is not None
    syn.kill_tree(proc)
    reader.join(timeout=10)
    proc.stdout.close()
    result.status = proc.returncode
    # The process may still be tearing down after it published: the log says whether it got there.
    result.finished = result.finished or any("Valmis:" in line for line in result.log)
    result.output = syn.tree_snapshot(root / "_output")
    result.link = os.readlink(root / "_output" / "2023")
    return result


@pytest.fixture(scope="module")
def interrupted(base, edition, tmp_path_factory):
    """A copy of the base project with its edition and cache; one build killed at each moment."""
    root = copy_with_edition(base.root, tmp_path_factory.mktemp("keskeytys") / "projekti", with_cache=True)
    previous = {"output": syn.tree_snapshot(root / "_output"), "edition": syn.tree_snapshot(root / "_output" / "2023"),
                "link": os.readlink(root / "_output" / "2023")}
    runs = {m.name: run_and_kill(root, m) for m in MOMENTS}
    return root, previous, runs


def edition_dirs(output: dict) -> dict[str, dict]:
    """{edition directory: {file: hash}} from a snapshot of _output/."""
    dirs: dict[str, dict] = {}
    for key, value in output.items():
        parts = key.split("/")
        if parts[0] == ".painokset" and len(parts) >= 3:
            dirs.setdefault(parts[1], {})["/".join(parts[2:])] = value
        elif parts[0] == ".painokset" and len(parts) == 2:
            dirs.setdefault(parts[1], {})
    return dirs


@pytest.mark.parametrize("moment", MOMENTS, ids=[m.name for m in MOMENTS])
def test_a_killed_build_leaves_the_previous_edition(interrupted, moment):
    _root, previous, runs = interrupted
    run = runs[moment.name]
    log = "\n".join(run.log)
    if run.finished and not moment.may_finish:
        warnings.warn(f"the build ended before the kill at {moment.name}; only the invariants were checked")
    if moment.after_line:
        assert any(moment.after_line in line for line in run.log), f"never reached {moment.after_line}:\n{log}"
    # Every edition directory in _output/ is whole and equal to the previous edition (the inputs
    # and SOURCE_DATE_EPOCH are the same, so a new edition has the same bytes): nothing half-written.
    for name, files in edition_dirs(run.output).items():
        assert files == previous["edition"], f"_output/.painokset/{name} is not a whole edition\n{log}"
    tops = {k for k in run.output if "/" not in k}
    assert tops == {".painokset", "2023"}, f"stray entries in _output/: {sorted(tops)}"
    assert run.link.startswith(".painokset/") and run.link.split("/", 1)[1] in edition_dirs(run.output)
    if not run.finished and not moment.may_finish:
        assert run.output == previous["output"], f"_output/ changed:\n{log}"
        assert run.link == previous["link"]


@pytest.fixture(scope="module")
def after_kills(interrupted):
    root, previous, _runs = interrupted
    return root, previous, syn.build_cli(root, 2023)


def test_a_build_after_the_killed_ones_succeeds(after_kills):
    root, previous, proc = after_kills
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert syn.tree_snapshot(root / "_output" / "2023") == previous["edition"], \
        "the edition after the kills differs from the one before (a half-written cache entry?)"
    output = syn.tree_snapshot(root / "_output")
    assert {k for k in output if "/" not in k} == {".painokset", "2023"}
    assert len(edition_dirs(output)) == 1, "old editions are removed once a new one is published"


# --- two years at the same time --------------------------------------------------------------------

@pytest.fixture(scope="module")
def parallel(tmp_path_factory):
    """2023 and 2024 started at the same moment, and a second 2023 build beside them (it must wait
    for the first: one build of a year at a time)."""
    root = syn.set_scope(syn.add_2024(copy_full_project(tmp_path_factory.mktemp("rinnakkain") / "projekti")),
                         "vuosikohortti")
    runs = [("2023", 2023), ("2024", 2024), ("2023-toinen", 2023)]
    procs = {name: subprocess.Popen(syn.joppi_argv(root, "build", "--year", str(year), "--engine", "pandoc"),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                    env=syn.build_env(), cwd=str(root))
             for name, year in runs}
    results = {name: p.communicate(timeout=600) + (p.returncode,) for name, p in procs.items()}
    return root, results


def test_two_years_build_at_the_same_time(parallel):
    from joppi.config import load_publication
    from joppi.dataset import load_year
    from joppi.comparison import earlier_year
    from joppi.values import narrative_values

    root, results = parallel
    for name, (out, err, status) in results.items():
        assert status == 0, (name, out, err)
    marker = {2023: ("kaikkiaan 45 toteutusta", "kaikkiaan 30 toteutusta"),
              2024: ("kaikkiaan 30 toteutusta", "kaikkiaan 45 toteutusta")}
    for year, (own, other) in marker.items():
        out = root / "_output" / str(year)
        text = visible_text((out / "index.html").read_text(encoding="utf-8"))
        assert own in text and other not in text, year
        assert own.replace(" ", "") in squash(pdf_text(out / PDF.format(year)))
        published = yaml.safe_load((out / "_variables.yml").read_text(encoding="utf-8"))
        earlier = earlier_year(root, year)
        expected = narrative_values(load_year(root, year), load_publication(root),
                                    previous=load_year(root, earlier) if earlier else None)
        assert {k: v for k, v in published.items() if k != "kolofoni"} == expected, year
    assert "Vertailu vuoteen 2023" in visible_text((root / "_output/2024/index.html").read_text(encoding="utf-8"))
    assert "Vertailu vuoteen" not in visible_text((root / "_output/2023/index.html").read_text(encoding="utf-8"))


def test_a_second_build_of_the_same_year_waits_and_leaves_one_whole_edition(parallel):
    root, results = parallel
    assert all(status == 0 for _o, _e, status in results.values()), results
    output = syn.tree_snapshot(root / "_output")
    editions = edition_dirs(output)
    assert sorted(name.split("-")[0] for name in editions) == ["2023", "2024"], sorted(editions)
    assert {k for k in output if "/" not in k} == {".painokset", "2023", "2024"}
    link = os.readlink(root / "_output" / "2023").split("/", 1)[1]
    assert {"index.html", PDF.format(2023), "_variables.yml"} <= set(editions[link])
