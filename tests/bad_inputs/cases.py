"""A corpus of broken inputs: each case corrupts a copy of the real project data in one way.

Used by tests/test_bad_inputs.py (validate must refuse each with a precise Finnish message
and write nothing) and importable by anyone who wants to run another command on the corpus:

    import sys; sys.path.insert(0, "tests")
    from bad_inputs.cases import CASES, materialise
    for case in CASES:
        # a copy of data/ (with julkaisu.yml) and _quarto.yml, broken; pass include= to copy more
        project = materialise(case, tmp / case.id,
                              include=("data", "_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks"))
        run(["joppi", *case.argv(project)])          # validate; or swap "validate" for "build": must exit 2

Each case says which file the message must name, and where a row / a column / a value applies,
which ones. Rows are line numbers in the file (header = 1) or Excel row numbers.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = "data/hankkeet.csv"
PROJECTS_XLSX = "data/hankkeet.xlsx"
SURVEY = "data/kysely/2023.csv"
CLASSES = "data/luokitukset"
SETTINGS = "data/julkaisu.yml"
END_SURVEY = "data/loppukysely/2025.csv"
BRAND = "_brand.yml"
INTRO = "chapters/_01-johdanto.qmd"
RESULTS = "chapters/_03-tuloksia.qmd"
CONCLUSIONS = "chapters/_04-johtopaatokset.qmd"


@dataclass(frozen=True)
class Case:
    id: str
    file: str                          # the file the message names (relative to the project)
    apply: Callable[[Path], None]      # corrupts the project copy in place
    sheet: str | None = None           # a workbook's sheet, named before the row ("taulukko ”Hankkeet”")
    row: int | None = None             # "rivi N" expected in the message
    column: str | None = None          # "sarake X" expected (or "asetus X", see column_label)
    value: str | None = None           # the bad value, as the message quotes it (inside ” ”)
    contains: tuple[str, ...] = ()     # further fragments the message must contain
    year: str = "2023"                 # the --year argument
    description: str = ""
    subprocess: bool = False           # also run through a real `python -m joppi.cli` subprocess
    known_bug: str | None = None       # a src/ defect makes this case fail today (the test marks it xfail)
    column_label: str = "sarake"       # "asetus" for a key of data/julkaisu.yml

    def argv(self, project: Path) -> list[str]:
        return ["--root", str(project), "validate", "--year", self.year]


def copy_inputs(dest: Path, include: tuple[str, ...] = ("data", "_quarto.yml")) -> Path:
    """Copy the named top-level files and folders of the real project into dest."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for name in include:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def materialise(case: "Case", dest: Path, include: tuple[str, ...] = ("data", "_quarto.yml")) -> Path:
    """A broken copy of the project for `case`, in dest; returns dest (the --root to use)."""
    project = copy_inputs(dest, include)
    case.apply(project)
    return project


# --- helpers that edit the project copy ------------------------------------------------------

def _rows(path: Path, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""), delimiter=delimiter))


def _write(path: Path, rows: list[list[str]], delimiter: str = ";", encoding: str = "utf-8") -> None:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


def line_of(rel: str, code: str) -> int:
    """The line (header = 1) of the row whose first cell is `code` in the pristine project file."""
    for i, row in enumerate(_rows(ROOT / rel), start=1):
        if row and row[0] == code:
            return i
    raise KeyError(code)


def n_text_lines(rel: str) -> int:
    """Lines of a pristine text file (a chapter), as splitlines counts them."""
    return len((ROOT / rel).read_text(encoding="utf-8").splitlines())


def first_line_with(rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def first_non_ascii_line(rel: str) -> int:
    return next(i for i, line in enumerate((ROOT / rel).read_text(encoding="utf-8").splitlines(), 1)
                if not line.isascii())


def n_lines(rel: str) -> int:
    return len(_rows(ROOT / rel))


def set_cell(rel: str, code: str, column: str, value: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / rel
        rows = _rows(path)
        col = rows[0].index(column)
        hits = [r for r in rows[1:] if r[0] == code]
        assert len(hits) == 1, (rel, code)
        hits[0][col] = value
        _write(path, rows)
    return apply


def edit_rows(rel: str, fn: Callable[[list[list[str]]], list[list[str]]], delimiter: str = ";",
              encoding: str = "utf-8") -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / rel
        _write(path, fn(_rows(path)), delimiter=delimiter, encoding=encoding)
    return apply


def write_bytes(rel: str, data: bytes | Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        old = path.read_bytes() if path.exists() else b""
        path.write_bytes(data(old) if callable(data) else data)
    return apply


def chain(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for step in steps:
            step(project)
    return apply


def rename_column(rel: str, old: str, new: str):
    def fn(rows):
        rows[0] = [new if h == old else h for h in rows[0]]
        return rows
    return edit_rows(rel, fn)


def drop_column(rel: str, name: str):
    def fn(rows):
        i = rows[0].index(name)
        return [r[:i] + r[i + 1:] for r in rows]
    return edit_rows(rel, fn)


def add_column(rel: str, name: str, value: str):
    def fn(rows):
        return [rows[0] + [name]] + [r + [value] for r in rows[1:]]
    return edit_rows(rel, fn)


def header_only(rel: str):
    return edit_rows(rel, lambda rows: rows[:1])


def append_row(rel: str, values: dict[str, str]):
    def fn(rows):
        return rows + [[values.get(h, "") for h in rows[0]]]
    return edit_rows(rel, fn)


def duplicate_row(rel: str, code: str):
    def fn(rows):
        return rows + [list(r) for r in rows if r[0] == code]
    return edit_rows(rel, fn)


def remove_file(rel: str):
    def apply(project: Path) -> None:
        (project / rel).unlink()
    return apply


def project_row(**overrides: str) -> dict[str, str]:
    """A valid single-project row, changed by `overrides`."""
    row = {
        "hanketunnus": "S22001", "nimi": "Vanha hanke", "toteuttaja": "Ammattikorkeakoulu A",
        "organisaatiotyyppi": "Ammattikorkeakoulu", "rooli": "yksittäinen", "ryhmahanke": "",
        "ely_keskus": "Häme", "maakunta": "Uusimaa", "toimialat": "Palvelualat",
        "kehittamisteema": "Osaamisen vahvistaminen ja laajentaminen",
        "alkamispaiva": "2022-05-01", "paattymispaiva": "2024-04-30",
    }
    row.update(overrides)
    return row


def survey_row(**overrides: str) -> dict[str, str]:
    """A valid response of a single project, changed by `overrides`."""
    row = {
        "hanketunnus": "S23016", "henkilosto_paatoimiset": "0", "henkilosto_osa_aikaiset": "2",
        "osatoteuttajat_paatoimiset": "", "osatoteuttajat_osa_aikaiset": "",
        "haasteet": "Tekniset ongelmat", "tulokset": "Julkaisut", "viestintakanavat": "Uutiskirje",
        "verkostot": "Julkishallinto", "onnistumiset": "", "muuta": "",
    }
    row.update(overrides)
    return row


def excel_from_csv(sheets: Callable[[list[list[str]]], dict[str, list[list]]], rel_csv: str = PROJECTS,
                   rel_xlsx: str = PROJECTS_XLSX, merge: tuple[str, ...] = ()):
    """Replace a CSV by a workbook: `sheets` maps the CSV rows to {sheet name: rows}."""
    def apply(project: Path) -> None:
        from openpyxl import Workbook

        rows = _rows(project / rel_csv)
        wb = Workbook()
        wb.remove(wb.active)
        for name, content in sheets(rows).items():
            ws = wb.create_sheet(name)
            for r in content:
                ws.append(r)
            for rng in merge if name == "Hankkeet" else ():
                ws.merge_cells(rng)
        wb.save(project / rel_xlsx)
        (project / rel_csv).unlink()
    return apply


def setting_line(key: str) -> int:
    """The line (1-based) where `key:` stands in the pristine data/julkaisu.yml."""
    for i, line in enumerate((ROOT / SETTINGS).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip().startswith(f"{key}:"):
            return i
    raise KeyError(key)


def _last_setting_line() -> int:
    """The number of lines of the pristine data/julkaisu.yml: what is appended comes after it."""
    return len((ROOT / SETTINGS).read_text(encoding="utf-8").splitlines())


def edit_settings(old: str, new: str):
    """Replace one exact piece of data/julkaisu.yml (asserting it is there)."""
    def apply(project: Path) -> None:
        path = project / SETTINGS
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def with_end_survey(edit: Callable[[list[dict[str, str]]], list[dict[str, str]]] | None = None):
    """The synthetic 2024 and 2025 (tests/synthetic_years.py) with the 2025 end survey, its rows edited."""
    def apply(project: Path) -> None:
        import synthetic_years as sy

        sy.add_years(project)
        if edit is not None:
            sy.write_end_survey(project, edit(sy.end_survey_rows()))
    return apply


def with_sources(project: Path) -> None:
    """The real index.qmd, index-sv.qmd, chapters/ and notebooks/ beside the data (validate then checks them)."""
    for name in ("index.qmd", "index-sv.qmd", "chapters", "notebooks"):
        if not (project / name).exists():        # a full copy (the build tests) has them already
            src = ROOT / name
            shutil.copytree(src, project / name) if src.is_dir() else shutil.copy2(src, project / name)


def append_to_chapter(rel: str, text: str):
    """After the chapter's last line and an empty one: `text` starts at line n_text_lines(rel) + 2."""
    def apply(project: Path) -> None:
        with_sources(project)
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text, encoding="utf-8")
    return apply


def replace_with(rel: str, kind: str, before: Callable[[Path], None] | None = None):
    """The data file at rel replaced by a folder (holding a copy of the file) or a FIFO."""
    def apply(project: Path) -> None:
        import os

        if before is not None:
            before(project)
        path = project / rel
        data = path.read_bytes()
        path.unlink()
        if kind == "folder":
            path.mkdir()
            (path / path.name).write_bytes(data)
        else:
            os.mkfifo(path)
    return apply


def edit_brand(old: str | None = None, new: str = "", raw: Callable[[str], bytes] | None = None):
    """The real _brand.yml beside the data (validate then checks it), one piece replaced or rewritten."""
    def apply(project: Path) -> None:
        path = project / BRAND
        if not path.exists():
            shutil.copy2(ROOT / BRAND, path)
        text = path.read_text(encoding="utf-8")
        if raw is not None:
            path.write_bytes(raw(text))
            return
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def brand_line(needle: str) -> int:
    return first_line_with(BRAND, needle)


def with_notebooks(project: Path) -> None:
    """The real notebooks/ beside the data: then every listed notebook must exist in it."""
    if not (project / "notebooks").is_dir():      # a full copy (the build tests) has them already
        shutil.copytree(ROOT / "notebooks", project / "notebooks")


BILLION_LAUGHS = "".join(
    ["pommi0: &a0 [naurua, naurua, naurua, naurua, naurua, naurua, naurua, naurua, naurua]\n"]
    + [f"pommi{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)])


def workbook(edit: Callable, rel_csv: str = PROJECTS, rel_xlsx: str = PROJECTS_XLSX, sheet: str = "Hankkeet"):
    """Replace a CSV by a one-sheet workbook holding its rows; `edit(workbook, sheet)` changes it first."""
    def apply(project: Path) -> None:
        from openpyxl import Workbook

        rows = _rows(project / rel_csv)
        wb = Workbook()
        ws = wb.active
        ws.title = sheet
        for r in rows:
            ws.append(r)
        edit(wb, ws)
        wb.save(project / rel_xlsx)
        (project / rel_csv).unlink()
    return apply


def rewrite_zip(rel: str, member: str | None = None, fn: Callable[[bytes], bytes] | None = None,
                extra: tuple[str, bytes] | None = None):
    """Rewrite one member of a saved workbook (e.g. lie in its XML), or add one."""
    def apply(project: Path) -> None:
        import zipfile

        path = project / rel
        with zipfile.ZipFile(path) as z:
            items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in items:
                z.writestr(name, fn(data) if name == member and fn else data)
            if extra:
                z.writestr(*extra)
    return apply


def _hide_row(wb, ws):
    ws.row_dimensions[5].hidden = True


def _hide_column(wb, ws):
    ws.column_dimensions["C"].hidden = True


def _hide_sheet(wb, ws):
    notes = wb.create_sheet("Ohjeet", 0)
    notes.append(["Hanketiedot ovat piilotetussa taulukossa."])
    ws.sheet_state = "hidden"
    wb.active = 0


def _far_cell(ref: str):
    def edit(wb, ws):
        ws[ref] = "x"
    return edit


def _long_cell_marker(wb, ws):
    ws["B2"] = "PITKA_SOLU"      # openpyxl itself cuts cells to 32 767 characters: the XML is edited after


def big_file(rel: str, size: int):
    def apply(project: Path) -> None:
        path = project / rel
        data = path.read_bytes()
        line = data.splitlines(True)[1]
        with path.open("ab") as f:
            f.write(line * (size // len(line) + 1))
    return apply


CYRILLIC_A = "\u0410"
ZWSP, RLO, LRI = "\u200b", "\u202e", "\u2066"
# Default-ignorable code points beyond the zero-width ones: each made "Ammattikorkeakoulu A" a
# second organisation before the Unicode property was used.
IGNORABLE = {"cgj": "\u034f", "variation-selector": "\ufe0f", "tag": "\U000e0041",
             "hangul-filler": "\u3164", "halfwidth-hangul-filler": "\uffa0", "hangul-choseong-filler": "\u115f",
             "soft-hyphen": "\u00ad", "word-joiner": "\u2060", "mongolian-vowel-separator": "\u180e",
             "arabic-letter-mark": "\u061c"}


def business_id(number: int) -> str:
    """A valid y-tunnus for a 7-digit number (the official check digit; remainder 1 skipped)."""
    while True:
        digits = f"{number:07d}"
        r = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2))) % 11
        if r != 1:
            return f"{digits}-{0 if r == 0 else 11 - r}"
        number += 1


def with_business_ids(*overrides: tuple[str, str]):
    """A y_tunnus column: one valid ID per implementer, then `overrides` (hanketunnus, y_tunnus)."""
    def fn(rows):
        col = rows[0].index("toteuttaja")
        names = sorted({r[col] for r in rows[1:]})
        ids = {n: business_id(1_000_000 + 37 * i) for i, n in enumerate(names)}
        changed = dict(overrides)
        return [rows[0] + ["y_tunnus"]] + [r + [changed.get(r[0], ids[r[col]])] for r in rows[1:]]
    return edit_rows(PROJECTS, fn)


def fifo(rel: str):
    """`rel` replaced by a named pipe: opening it for reading would block for ever."""
    def apply(project: Path) -> None:
        path = project / rel
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    return apply


def link_to(rel: str, target: str | Callable[[Path], Path]):
    """`rel` replaced by a symbolic link to target (a path, or a function of the project)."""
    def apply(project: Path) -> None:
        path = project / rel
        path.unlink(missing_ok=True)
        path.symlink_to(target(project) if callable(target) else target)
    return apply


def outside_copy(rel: str):
    """A good copy of `rel` beside the project (outside it): a link to it must still be refused."""
    def make(project: Path) -> Path:
        outside = project.parent / f"ulkopuolella-{Path(rel).name}"
        outside.write_bytes((ROOT / rel).read_bytes())
        return outside
    return make


def folder(rel: str):
    def apply(project: Path) -> None:
        (project / rel).unlink()
        (project / rel).mkdir()
        (project / rel / "sisalto.csv").write_bytes(b"a;b\n")
    return apply


NOT_A_FILE = ("tavallinen tiedosto",)
LINK_OUT = ("symbolinen linkki projektin ulkopuolelle",)


def _ignorable_case(key: str, ch: str) -> "Case":
    value = f"Ammattikorkeakoulu{ch} A"
    return Case(f"ignorable-{key}-in-implementer", PROJECTS, set_cell(PROJECTS, "S23014", "toteuttaja", value),
                row=P(PROJECTS, "S23014"), column="toteuttaja",
                value=value.replace(ch, ch.encode("unicode_escape").decode("ascii")),
                contains=("näkymättömiä merkkejä",), description="would count as a second organisation")


def _near_duplicate_case(key: str, value: str, code: str = "S23014") -> "Case":
    return Case(f"near-duplicate-implementer-{key}", PROJECTS, set_cell(PROJECTS, code, "toteuttaja", value),
                row=P(PROJECTS, code), column="toteuttaja", value=value,
                contains=("laskettaisiin kahdeksi toteuttajaksi", "riveillä 2, 6, 10"),
                description="the same organisation written another way: both rows are named")


# --- the corpus ------------------------------------------------------------------------------


P = line_of  # shorthand: P(PROJECTS, "S23014") is S23014's line in hankkeet.csv

LOOKALIKE_NAME_CASES = [
    *[_ignorable_case(key, ch) for key, ch in IGNORABLE.items()],
    _near_duplicate_case("lower-case", "ammattikorkeakoulu a"),
    _near_duplicate_case("upper-case", "AMMATTIKORKEAKOULU A"),
    _near_duplicate_case("double-space", "Ammattikorkeakoulu  A"),
    _near_duplicate_case("full-width-letter", "Ammattikorkeakoulu \uff21"),
    _near_duplicate_case("full-width-word", "\uff21mmattikorkeakoulu A"),
    Case("near-duplicate-implementer-dash", PROJECTS,
         chain(set_cell(PROJECTS, "S23015", "toteuttaja", "Yritys-A"),
               set_cell(PROJECTS, "S23017", "toteuttaja", "Yritys\u2013A")),
         row=P(PROJECTS, "S23017"), column="toteuttaja", value="Yritys\u2013A",
         contains=("laskettaisiin kahdeksi toteuttajaksi", f"rivillä {P(PROJECTS, 'S23015')}")),
    Case("greek-lookalike-implementer", PROJECTS,
         set_cell(PROJECTS, "S23014", "toteuttaja", "Ammattikorkeakoulu \u0391"),
         row=P(PROJECTS, "S23014"), column="toteuttaja", value="Ammattikorkeakoulu \u0391",
         contains=("samannäköisten kyrillisten tai kreikkalaisten", "U+0391")),
    Case("mixed-script-implementer", PROJECTS,
         set_cell(PROJECTS, "S23001", "toteuttaja", "Ammattikorkeako\u0443lu A"),
         row=P(PROJECTS, "S23001"), column="toteuttaja", value="Ammattikorkeako\u0443lu A",
         contains=("U+0443", "yhtä kirjaimistoa"), description="found by the property test: a 29th implementer"),
    Case("business-id-check-digit", PROJECTS, with_business_ids(("S23014", "0112038-8")),
         row=P(PROJECTS, "S23014"), column="y_tunnus", value="0112038-8", contains=("tarkistenumero",)),
    Case("business-id-remainder-one", PROJECTS, with_business_ids(("S23014", "0000010-0")),
         row=P(PROJECTS, "S23014"), column="y_tunnus", value="0000010-0", contains=("tarkistenumero",),
         description="remainder 1: no valid check digit, never issued"),
    Case("business-id-no-hyphen", PROJECTS, with_business_ids(("S23014", "01120389")),
         row=P(PROJECTS, "S23014"), column="y_tunnus", value="01120389", contains=("muodossa 1234567-8",)),
    Case("business-id-vat-form", PROJECTS, with_business_ids(("S23014", "FI01120389")),
         row=P(PROJECTS, "S23014"), column="y_tunnus", value="FI01120389"),
    Case("business-id-two-organisations", PROJECTS, with_business_ids(("S23015", "0112038-9"), ("S23017", "0112038-9")),
         row=P(PROJECTS, "S23017"), column="y_tunnus", value="0112038-9",
         contains=(f"rivillä {P(PROJECTS, 'S23015')} toteuttajalla Yritys A", "Kehittämisyhtiö A")),
    Case("business-id-two-for-one-name", PROJECTS, with_business_ids(("S23014", "0112038-9")),
         row=P(PROJECTS, "S23014"), column="y_tunnus", value="0112038-9",
         contains=("toteuttajan Ammattikorkeakoulu A sama y-tunnus kuin rivillä 2",)),
    Case("business-id-column-misspelt", PROJECTS, add_column(PROJECTS, "ytunnus", ""),
         row=1, column="ytunnus", value="ytunnus", contains=("y_tunnus",)),
]

LONG_NAME = "Pitkä nimi " * 909 + "x"          # 10 000 characters
assert len(LONG_NAME) == 10_000
FORMULA = '=HYPERLINK("http://x","y")'
DDE = "=cmd|' /C calc'!A0;10;66,7"          # a DDE payload as it was found in a download's row

CASES: list[Case] = [
    # ---- encodings and table shape ------------------------------------------------------------
    Case("latin1-projects", PROJECTS,
         edit_rows(PROJECTS, lambda r: r, encoding="latin-1"),
         # the first non-ASCII byte is the "ö" of "hoitotyöhön" on line 2
         # the value shown is the offending cell, decoded as cp1252: nothing more of the file
         row=2, value="Joustavat polut hoitotyöhön",
         contains=("UTF-8", "Latin-1", "CSV UTF-8"), subprocess=True,
         description="hankkeet.csv saved as Latin-1"),
    Case("latin1-survey", SURVEY,
         edit_rows(SURVEY, lambda r: r, encoding="cp1252"),
         row=2, contains=("UTF-8", "0xf6"),
         description="survey saved as Windows-1252 (ö = 0xf6 on line 2)"),
    Case("utf16-projects", PROJECTS,
         write_bytes(PROJECTS, lambda raw: raw.decode("utf-8").encode("utf-16")),
         contains=("UTF-16", "CSV UTF-8"), description="hankkeet.csv saved as UTF-16 (with BOM)"),
    Case("utf16le-survey-no-bom", SURVEY,
         write_bytes(SURVEY, lambda raw: raw.decode("utf-8").encode("utf-16-le")),
         contains=("UTF-16",), description="survey as UTF-16-LE without a BOM"),
    Case("tab-delimiter", PROJECTS,
         edit_rows(PROJECTS, lambda r: r, delimiter="\t"),
         row=1, value="sarkain", contains=("puolipiste (;) tai pilkku (,)",), subprocess=True),
    Case("ragged-row", PROJECTS,
         edit_rows(PROJECTS, lambda r: r[:5] + [r[5][:-1]] + r[6:]),   # line 6 loses its last cell
         row=6, contains=("12 saraketta", "rivillä on 11")),
    Case("short-survey-row", SURVEY,
         edit_rows(SURVEY, lambda r: [x if x[0] != "S23014" else x[:-1] for x in r]),   # "muuta" lost
         row=line_of(SURVEY, "S23014"), contains=("11 saraketta", "rivillä on 10"),
         description="a response row one cell short; today it is padded and accepted (exit 0)"),
    Case("trailing-delimiter-every-row", PROJECTS,
         edit_rows(PROJECTS, lambda r: [r[0]] + [x + [""] for x in r[1:]]),   # "…;2026-10-31;" on every data line
         row=2, contains=("12 saraketta", "rivillä on 13"),
         description="every data line one cell wider than the header; today pandas takes the first column "
                     "as the index and every column shifts (424 misleading messages)"),
    Case("surplus-cell", PROJECTS,
         edit_rows(PROJECTS, lambda r: [x if x[0] != "S23015" else x + ["ylimääräinen"] for x in r]),
         row=P(PROJECTS, "S23015"), contains=("12 saraketta", "rivillä on 13")),
    Case("missing-column", PROJECTS, drop_column(PROJECTS, "maakunta"),
         row=1, column="maakunta", contains=("sarake maakunta puuttuu otsikkoriviltä",)),
    Case("extra-column", PROJECTS, add_column(PROJECTS, "kommentti", "x"),
         row=1, column="kommentti", value="kommentti", contains=("vain sarakkeet hanketunnus",)),
    Case("renamed-column", PROJECTS, rename_column(PROJECTS, "ely_keskus", "ELY-keskus"),
         row=1, column="ely_keskus", contains=("Tarkoititko ”ELY-keskus → ely_keskus”?",),
         description="a renamed column: the message suggests the right name"),
    Case("renamed-column-survey", SURVEY,
         rename_column(SURVEY, "henkilosto_paatoimiset", "henkilöstö_päätoimiset"),
         row=1, column="henkilosto_paatoimiset",
         contains=("Tarkoititko ”henkilöstö_päätoimiset → henkilosto_paatoimiset”?",)),
    Case("duplicate-column", SURVEY, add_column(SURVEY, "muuta", ""),
         row=1, column="muuta", value="muuta", contains=("jokainen sarake vain kerran",)),
    Case("empty-projects", PROJECTS, write_bytes(PROJECTS, b""),
         contains=("tiedosto on tyhjä",)),
    Case("empty-survey", SURVEY, write_bytes(SURVEY, b"\n\n"),
         contains=("tiedosto on tyhjä",)),
    Case("header-only-projects", PROJECTS, header_only(PROJECTS),
         contains=("vähintään yksi hankerivi",)),
    Case("header-only-survey", SURVEY, header_only(SURVEY),
         contains=("vähintään yksi vastausrivi",)),

    # ---- the project dataset ------------------------------------------------------------------
    Case("duplicate-hanketunnus", PROJECTS, set_cell(PROJECTS, "S23015", "hanketunnus", "S23014"),
         row=P(PROJECTS, "S23015"), column="hanketunnus", value="S23014",
         contains=("vain kerran",), subprocess=True),
    Case("bad-hanketunnus-format", PROJECTS, set_cell(PROJECTS, "S23016", "hanketunnus", "S 23016"),
         row=P(PROJECTS, "S23016"), column="hanketunnus", value="S 23016",
         contains=("vain kirjaimia, numeroita",)),
    Case("unknown-ely-near-miss", PROJECTS, set_cell(PROJECTS, "S23016", "ely_keskus", "Etelä-savo"),
         row=P(PROJECTS, "S23016"), column="ely_keskus", value="Etelä-savo",
         contains=("Tarkoititko ”Etelä-Savo”?", "ELY-keskus luokituksesta"), subprocess=True),
    Case("sub-ely-differs-from-main", PROJECTS, set_cell(PROJECTS, "S23001-2", "ely_keskus", "Häme"),
         row=P(PROJECTS, "S23001-2"), column="ely_keskus", value="Häme",
         contains=("sama ELY-keskus kuin ryhmähankkeen",)),
    Case("unknown-maakunta", PROJECTS, set_cell(PROJECTS, "S23014", "maakunta", "Narnia"),
         row=P(PROJECTS, "S23014"), column="maakunta", value="Narnia",
         contains=("maakunta (nimi tai koodi) luokituksesta",)),
    Case("unknown-maakunta-code", PROJECTS, set_cell(PROJECTS, "S23014", "maakunta", "03"),
         row=P(PROJECTS, "S23014"), column="maakunta", value="03",
         description="03 is not a region code (the codes skip it)"),
    Case("unknown-org-type", PROJECTS, set_cell(PROJECTS, "S23015", "organisaatiotyyppi", "yritys"),
         row=P(PROJECTS, "S23015"), column="organisaatiotyyppi", value="yritys",
         contains=("Tarkoititko ”Yritys”?",)),
    Case("unknown-role", PROJECTS, set_cell(PROJECTS, "S23015", "rooli", "Päätoteuttaja"),
         row=P(PROJECTS, "S23015"), column="rooli", value="Päätoteuttaja",
         contains=("Tarkoititko ”päätoteuttaja”?",)),
    Case("unknown-field", PROJECTS, set_cell(PROJECTS, "S23015", "toimialat", "Teknologia-ala;Avaruusala"),
         row=P(PROJECTS, "S23015"), column="toimialat", value="Avaruusala",
         contains=("puolipisteellä erotettuina",)),
    Case("field-near-miss", PROJECTS, set_cell(PROJECTS, "S23015", "toimialat", "teknologia-ala"),
         row=P(PROJECTS, "S23015"), column="toimialat", value="teknologia-ala",
         contains=("Tarkoititko ”Teknologia-ala”?",)),
    Case("no-field-with-other-field", PROJECTS,
         set_cell(PROJECTS, "S23017", "toimialat", "Ei toimialasidonnainen;Palvelualat"),
         row=P(PROJECTS, "S23017"), column="toimialat", value="Ei toimialasidonnainen;Palvelualat",
         contains=("Ei toimialasidonnainen yksinään",)),
    Case("field-twice", PROJECTS, set_cell(PROJECTS, "S23015", "toimialat", "Teknologia-ala;Teknologia-ala"),
         row=P(PROJECTS, "S23015"), column="toimialat", value="Teknologia-ala",
         contains=("kukin vaihtoehto vain kerran",)),
    Case("no-field", PROJECTS, set_cell(PROJECTS, "S23015", "toimialat", ""),
         row=P(PROJECTS, "S23015"), column="toimialat", value="",
         contains=("yksi tai useampi toimiala",)),
    Case("unknown-theme", PROJECTS,
         set_cell(PROJECTS, "S23015", "kehittamisteema", "Osaamistarpeiden ennakointi"),
         row=P(PROJECTS, "S23015"), column="kehittamisteema", value="Osaamistarpeiden ennakointi",
         contains=("kehittämisteema luokituksesta",)),
    Case("missing-theme-main", PROJECTS, set_cell(PROJECTS, "S23005", "kehittamisteema", ""),
         row=P(PROJECTS, "S23005"), column="kehittamisteema", value="",
         contains=("kehittämisteema päätoteuttajan ja yksittäisen hankkeen rivillä",)),
    Case("sub-without-main", PROJECTS, set_cell(PROJECTS, "S23012-1", "ryhmahanke", "S23099"),
         row=P(PROJECTS, "S23012-1"), column="ryhmahanke", value="S23099",
         contains=("päätoteuttajarivin hanketunnus",)),
    Case("sub-pointing-to-single", PROJECTS, set_cell(PROJECTS, "S23012-1", "ryhmahanke", "S23020"),
         row=P(PROJECTS, "S23012-1"), column="ryhmahanke", value="S23020",
         description="ryhmahanke names a single project, not a main row"),
    Case("group-on-single", PROJECTS, set_cell(PROJECTS, "S23014", "ryhmahanke", "S23001"),
         row=P(PROJECTS, "S23014"), column="ryhmahanke", value="S23001",
         contains=("muilla tyhjä",)),
    Case("impossible-date", PROJECTS, set_cell(PROJECTS, "S23019", "alkamispaiva", "2023-02-30"),
         row=P(PROJECTS, "S23019"), column="alkamispaiva", value="2023-02-30",
         contains=("todellinen päivä",), subprocess=True),
    Case("impossible-fi-date", PROJECTS, set_cell(PROJECTS, "S23019", "paattymispaiva", "31.11.2025"),
         row=P(PROJECTS, "S23019"), column="paattymispaiva", value="31.11.2025",
         contains=("p.k.vvvv",)),
    Case("reversed-dates", PROJECTS,
         chain(set_cell(PROJECTS, "S23019", "alkamispaiva", "2023-12-01"),
               set_cell(PROJECTS, "S23019", "paattymispaiva", "2023-06-30")),
         row=P(PROJECTS, "S23019"), column="paattymispaiva", value="2023-06-30",
         contains=("päättymispäivä alkamispäivän jälkeen",)),
    Case("garbage-date", PROJECTS, set_cell(PROJECTS, "S23018", "paattymispaiva", "ensi vuonna"),
         row=P(PROJECTS, "S23018"), column="paattymispaiva", value="ensi vuonna",
         contains=("vvvv-kk-pp",)),
    Case("date-year-out-of-range", PROJECTS, set_cell(PROJECTS, "S23018", "paattymispaiva", "2205-08-31"),
         row=P(PROJECTS, "S23018"), column="paattymispaiva", value="2205-08-31",
         contains=("vuosi väliltä 2000–2100",)),
    Case("formula-injection", PROJECTS, set_cell(PROJECTS, "S23017", "nimi", FORMULA),
         row=P(PROJECTS, "S23017"), column="nimi", value=FORMULA,
         contains=("taulukkolaskennan kaava",), subprocess=True),
    Case("very-long-name", PROJECTS, set_cell(PROJECTS, "S23017", "nimi", LONG_NAME),
         row=P(PROJECTS, "S23017"), column="nimi", value=None,
         contains=("”Pitkä nimi Pitkä nimi", "(10000 merkkiä)", "enintään 250 merkkiä")),
    Case("control-character", PROJECTS, set_cell(PROJECTS, "S23020", "toteuttaja", "Kunta\x07 A"),
         row=P(PROJECTS, "S23020"), column="toteuttaja", value="Kunta\\x07 A",
         contains=("ilman ohjausmerkkejä",),
         description="a bell character; the message shows it as \\x07, never raw"),
    Case("control-character-finnish-name", PROJECTS,
         set_cell(PROJECTS, "S23017", "toteuttaja", "Kehittämis\x07yhtiö A"),
         row=P(PROJECTS, "S23017"), column="toteuttaja", value="Kehittämis\\x07yhtiö A",
         description="only the control character is escaped in the message; ä and ö stay letters"),
    Case("line-break-in-name", PROJECTS, set_cell(PROJECTS, "S23017", "nimi", "Seudullinen\nosaamiskartoitus"),
         row=P(PROJECTS, "S23017"), column="nimi", value="Seudullinen\\nosaamiskartoitus",
         contains=("yksirivistä tekstiä",)),
    Case("tab-in-implementer", PROJECTS, set_cell(PROJECTS, "S23020", "toteuttaja", "Kunta\tA"),
         row=P(PROJECTS, "S23020"), column="toteuttaja", value="Kunta\\tA"),
    Case("row-number-after-multiline-cell", PROJECTS,
         chain(set_cell(PROJECTS, "S23001", "nimi", "Joustavat polut\nhoitotyöhön"),
               set_cell(PROJECTS, "S23016", "ely_keskus", "Etelä-savo")),
         # the line break in S23001's name (line 2) pushes S23016 one physical line down
         row=P(PROJECTS, "S23016") + 1, column="ely_keskus", value="Etelä-savo",
         contains=("Tarkoititko ”Etelä-Savo”?",)),
    Case("empty-name", PROJECTS, set_cell(PROJECTS, "S23017", "nimi", ""),
         row=P(PROJECTS, "S23017"), column="nimi", value="", contains=("ei-tyhjä arvo",)),

    # ---- the survey -----------------------------------------------------------------------------
    Case("negative-staff", SURVEY, set_cell(SURVEY, "S23014", "henkilosto_paatoimiset", "-1"),
         row=line_of(SURVEY, "S23014"), column="henkilosto_paatoimiset", value="-1",
         contains=("kokonaisluku 0 tai suurempi",), subprocess=True),
    Case("fractional-staff", SURVEY, set_cell(SURVEY, "S23001", "osatoteuttajat_osa_aikaiset", "1.5"),
         row=line_of(SURVEY, "S23001"), column="osatoteuttajat_osa_aikaiset", value="1.5",
         contains=("kokonaisluku",)),
    Case("missing-staff", SURVEY, set_cell(SURVEY, "S23015", "henkilosto_osa_aikaiset", ""),
         row=line_of(SURVEY, "S23015"), column="henkilosto_osa_aikaiset", value="",
         contains=("henkilöiden lukumäärä",)),
    Case("survey-unknown-project", SURVEY, set_cell(SURVEY, "S23019", "hanketunnus", "X99"),
         row=line_of(SURVEY, "S23019"), column="hanketunnus", value="X99",
         contains=("hanketunnus, joka on tiedostossa hankkeet",)),
    Case("survey-for-sub-implementer", SURVEY, append_row(SURVEY, survey_row(hanketunnus="S23001-1")),
         row=n_lines(SURVEY) + 1, column="hanketunnus", value="S23001-1",
         contains=("kysely lähetettiin vain päätoteuttajille",)),
    Case("survey-for-other-year", SURVEY,
         chain(append_row(PROJECTS, project_row()), append_row(SURVEY, survey_row(hanketunnus="S22001"))),
         row=n_lines(SURVEY) + 1, column="hanketunnus", value="S22001",
         contains=("vuonna 2023 alkaneen hankkeen tunnus",),
         description="a valid 2022 project is added; its response must not be in the 2023 survey"),
    Case("two-responses", SURVEY, duplicate_row(SURVEY, "S23014"),
         row=n_lines(SURVEY) + 1, column="hanketunnus", value="S23014",
         contains=("yksi vastaus hanketta kohden",)),
    Case("sub-staff-for-single", SURVEY, set_cell(SURVEY, "S23014", "osatoteuttajat_paatoimiset", "1"),
         row=line_of(SURVEY, "S23014"), column="osatoteuttajat_paatoimiset", value="1",
         contains=("yksittäisen hankkeen vastauksessa tyhjä",)),
    Case("sub-staff-missing-for-group", SURVEY, set_cell(SURVEY, "S23002", "osatoteuttajat_osa_aikaiset", ""),
         row=line_of(SURVEY, "S23002"), column="osatoteuttajat_osa_aikaiset", value="",
         contains=("ryhmähankkeen vastauksessa osatoteuttajien henkilöstö",)),
    Case("unknown-answer-near-miss", SURVEY,
         set_cell(SURVEY, "S23015", "haasteet", "Hankehenkilöstön rekrytointti"),
         row=line_of(SURVEY, "S23015"), column="haasteet", value="Hankehenkilöstön rekrytointti",
         contains=("Tarkoititko ”Hankehenkilöstön rekrytointi”?",), subprocess=True),
    Case("answer-twice", SURVEY, set_cell(SURVEY, "S23015", "verkostot", "Yritykset;Yritykset"),
         row=line_of(SURVEY, "S23015"), column="verkostot", value="Yritykset",
         contains=("kukin vaihtoehto vain kerran",)),
    Case("control-in-free-text", SURVEY, set_cell(SURVEY, "S23015", "muuta", "rivi\x00loppu"),
         row=line_of(SURVEY, "S23015"), column="muuta", value="rivi\\x00loppu"),

    # ---- Excel workbooks ------------------------------------------------------------------------
    Case("excel-merged-header-rows", PROJECTS_XLSX,
         excel_from_csv(lambda rows: {"Hankkeet": [["JOPPI-hankkeet 2023"], ["Lähde: EURA 2021"], *rows]},
                        merge=("A1:L1", "A2:L2")),
         sheet="Hankkeet", row=3, contains=("otsikkorivi työkirjan ensimmäisellä rivillä", "taulukon 'Hankkeet' otsikko on rivillä 3",
                          "yhdistetyt")),
    Case("excel-data-on-unexpected-sheet", PROJECTS_XLSX,
         excel_from_csv(lambda rows: {"Ohjeet": [["Täytä hanketiedot taulukkoon Data."]],
                                      "Data": [["Hankkeet 2023"], ["Lähde: EURA 2021"], ["Poimittu 1.2.2024"],
                                               ["Luottamuksellinen"], *rows]}),
         row=1, contains=("taulukko, jonka ensimmäisellä rivillä ovat sarakkeet hanketunnus, nimi",
                          "(työkirjan taulukot: 'Ohjeet', 'Data')"),
         description="read_excel takes the first sheet whose first row is the header, wherever it is (data "
                     "on a second sheet is fine: test_validation.py checks that); here no sheet starts with "
                     "the header and the data sheet has four notes rows above it, too many to be recognised "
                     "as a merged title, so the message lists the workbook's sheets and says where the "
                     "header must be"),
    Case("excel-header-below-title-on-second-sheet", PROJECTS_XLSX,
         excel_from_csv(lambda rows: {"Ohjeet": [["Täytä hanketiedot taulukkoon Data."]],
                                      "Data": [[], [], [], [], ["Hankkeet 2023"], *rows]}),
         sheet="Data", row=6, contains=("taulukon 'Data' otsikko on rivillä 6",),
         description="blank rows do not count: the title on row 5 is the one row above the header"),
    Case("excel-bad-cell", PROJECTS_XLSX,
         excel_from_csv(lambda rows: {"Hankkeet": [r if r[0] != "S23016" else r[:6] + ["Etelä-savo"] + r[7:]
                                                    for r in rows]}),
         sheet="Hankkeet", row=P(PROJECTS, "S23016"), column="ely_keskus", value="Etelä-savo",
         contains=("Tarkoititko ”Etelä-Savo”?",),
         description="a bad value in a workbook: the row is the Excel row, the sheet is named"),
    Case("excel-not-a-workbook", PROJECTS_XLSX,
         chain(write_bytes(PROJECTS_XLSX, b"PK\x03\x04 this is not really a zip"), remove_file(PROJECTS)),
         contains=("luettava Excel-työkirja (.xlsx)",)),

    # ---- classifications ------------------------------------------------------------------------
    Case("classification-unknown-region-code", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv",
                   lambda rows: [r if r[0] != "HAM" else r[:4] + ["01,05,07,08,99"] for r in rows]),
         row=2, column="maakunnat", value="99", contains=("maakunnan koodi tiedostosta maakunnat.csv",)),
    Case("classification-missing-column", f"{CLASSES}/kehittamisteemat.csv",
         drop_column(f"{CLASSES}/kehittamisteemat.csv", "lyhyt"), row=1, column="lyhyt"),
    Case("classification-duplicate-name", f"{CLASSES}/toimialat.csv",
         append_row(f"{CLASSES}/toimialat.csv", {"koodi": "TEK2", "nimi": "Teknologia-ala"}),
         row=n_lines(f"{CLASSES}/toimialat.csv") + 1, column="nimi", value="Teknologia-ala",
         contains=("nimi, joka ei toistu tiedostossa",)),


    # ---- data/julkaisu.yml: a schema, Finnish messages with the key, its line and the value -----------
    Case("settings-threshold-zero", SETTINGS, edit_settings("kysely_pienin_naytettava: 3", "kysely_pienin_naytettava: 0"),
         row=setting_line("kysely_pienin_naytettava"), column="kysely_pienin_naytettava", column_label="asetus",
         value="0", contains=("kokonaisluku väliltä 3–1000",), subprocess=True),
    Case("settings-threshold-below-three", SETTINGS,
         edit_settings("kysely_pienin_naytettava: 3", "kysely_pienin_naytettava: 2"),
         row=setting_line("kysely_pienin_naytettava"), column="kysely_pienin_naytettava", column_label="asetus",
         value="2", contains=("voisivat paljastaa vastaajan",),
         description="counts from two respondents could identify them: 3 is the floor"),
    Case("settings-threshold-true", SETTINGS,
         edit_settings("kysely_pienin_naytettava: 3", "kysely_pienin_naytettava: true"),
         row=setting_line("kysely_pienin_naytettava"), column="kysely_pienin_naytettava", column_label="asetus",
         value="true", contains=("kokonaisluku",), description="today int(True) == 1 is accepted"),
    Case("settings-threshold-fraction", SETTINGS,
         edit_settings("vahintaan_toteutuksia: 3", "vahintaan_toteutuksia: 2.9"),
         row=setting_line("vahintaan_toteutuksia"), column="aktiivisimmat.vahintaan_toteutuksia",
         column_label="asetus", value="2.9", contains=("kokonaisluku väliltä 1–1000",),
         description="today int(2.9) silently becomes 2"),
    Case("settings-threshold-text", SETTINGS,
         edit_settings("vahintaan_vetovastuita: 2", 'vahintaan_vetovastuita: "2"'),
         row=setting_line("vahintaan_vetovastuita"), column="aktiivisimmat.vahintaan_vetovastuita",
         column_label="asetus", value="2", contains=("kokonaisluku",)),
    Case("settings-threshold-negative", SETTINGS,
         edit_settings("vahintaan_vetovastuita: 2", "vahintaan_vetovastuita: -1"),
         row=setting_line("vahintaan_vetovastuita"), column="aktiivisimmat.vahintaan_vetovastuita",
         column_label="asetus", value="-1"),
    Case("settings-list-for-string", SETTINGS, edit_settings("lisenssi: CC BY 4.0", "lisenssi: [CC, BY]"),
         row=setting_line("lisenssi"), column="lisenssi", column_label="asetus", value='["CC", "BY"]',
         contains=("lisenssi tekstinä",), description="today str() of the list reaches the colophon"),
    Case("settings-empty-title", SETTINGS,
         edit_settings("nimi: Jatkuvan oppimisen kehittäminen alueellisissa ESR+-hankkeissa", 'nimi: "  "'),
         row=setting_line("nimi"), column="nimi", column_label="asetus", value="  ",
         contains=("ei-tyhjä teksti",)),
    Case("settings-title-missing-value", SETTINGS,
         edit_settings("nimi: Jatkuvan oppimisen kehittäminen alueellisissa ESR+-hankkeissa", "nimi:"),
         row=setting_line("nimi"), column="nimi", column_label="asetus", value="null",
         contains=("julkaisun nimi tekstinä",), description="today the title becomes the text None"),
    Case("settings-nul-in-pdf-name", SETTINGS,
         edit_settings("pdf_tiedosto: joppi-tilannekuva-{vuosi}.pdf", 'pdf_tiedosto: "joppi\\0-{vuosi}.pdf"'),
         row=setting_line("pdf_tiedosto"), column="pdf_tiedosto", column_label="asetus",
         value="joppi\\x00-{vuosi}.pdf", contains=("ohjausmerkkejä",)),
    Case("settings-pdf-name-climbs-out", SETTINGS,
         edit_settings("pdf_tiedosto: joppi-tilannekuva-{vuosi}.pdf", "pdf_tiedosto: ..\\joppi-{vuosi}.pdf"),
         row=setting_line("pdf_tiedosto"), column="pdf_tiedosto", column_label="asetus",
         value="..\\joppi-{vuosi}.pdf", contains=("pelkkä tiedostonimi",)),
    Case("settings-unknown-placeholder", SETTINGS,
         edit_settings("alaotsikko: Tilannekuva {jakso}", "alaotsikko: Tilannekuva {kuukausi} {jakso}"),
         row=setting_line("alaotsikko"), column="alaotsikko", column_label="asetus",
         contains=("paikkamerkit ovat {vuosi} ja {jakso}",)),
    Case("settings-invisible-in-title", SETTINGS,
         edit_settings("nimi: Jatkuvan", f"nimi: Jatkuvan{RLO}"),
         row=setting_line("nimi"), column="nimi", column_label="asetus", contains=("näkymättömiä merkkejä",)),
    Case("settings-alias-bomb", SETTINGS,
         lambda project: (project / SETTINGS).write_text(
             (ROOT / SETTINGS).read_text(encoding="utf-8") + BILLION_LAUGHS, encoding="utf-8"),
         row=_last_setting_line() + 1, value="&a0", contains=("ilman YAML-ankkureita",),
         description="nine levels of nine aliases: 387 420 489 strings if loaded", subprocess=True),
    Case("settings-notebook-relative-path", SETTINGS, edit_settings("  - kuviot", "  - ../../../etc/passwd"),
         row=setting_line("muistikirjat") + 2, column="muistikirjat, kohta 2", column_label="asetus", value="../../../etc/passwd",
         contains=("ei polkuja",)),
    Case("settings-notebook-absolute-path", SETTINGS, edit_settings("  - luvut", "  - /tmp/muistikirja"),
         row=setting_line("muistikirjat") + 1, column="muistikirjat, kohta 1", column_label="asetus", value="/tmp/muistikirja",
         contains=("ei polkuja",)),
    Case("settings-notebook-not-in-folder", SETTINGS,
         chain(with_notebooks, edit_settings("  - kuviot", "  - kuvat")),
         row=setting_line("muistikirjat") + 2, column="muistikirjat, kohta 2", column_label="asetus", value="kuvat",
         contains=("siellä ovat: kuviot, luvut",)),
    Case("settings-notebook-with-suffix", SETTINGS, edit_settings("  - luvut", "  - luvut.ipynb"),
         row=setting_line("muistikirjat") + 1, column="muistikirjat, kohta 1", column_label="asetus", value="luvut.ipynb",
         contains=("ilman päätettä .ipynb",)),
    Case("settings-no-notebooks", SETTINGS, edit_settings("  - luvut\n  - kuviot\n", ""),
         row=setting_line("muistikirjat"), column="muistikirjat", column_label="asetus", value="null"),
    Case("settings-missing-key", SETTINGS, edit_settings("kysely_pienin_naytettava: 3\n", ""),
         column="kysely_pienin_naytettava", column_label="asetus", contains=("puuttuu",)),
    Case("settings-duplicate-key", SETTINGS,
         lambda project: (project / SETTINGS).write_text(
             (ROOT / SETTINGS).read_text(encoding="utf-8") + "kysely_pienin_naytettava: 1\n", encoding="utf-8"),
         row=_last_setting_line() + 1, column="kysely_pienin_naytettava", column_label="asetus",
         contains=("jokainen asetus vain kerran",), description="today the second, smaller value wins silently"),
    Case("settings-broken-yaml", SETTINGS, edit_settings("lisenssi: CC BY 4.0", "lisenssi: [CC BY 4.0"),
         row=setting_line("muistikirjat"),    # the unclosed list is noticed at the next key
         contains=("kelvollinen YAML-tiedosto",)),
    Case("settings-huge-file", SETTINGS,
         lambda project: (project / SETTINGS).write_text(
             (ROOT / SETTINGS).read_text(encoding="utf-8") + "# " + "x" * 70_000 + "\n", encoding="utf-8"),
         contains=("enintään 64 kt",)),

    Case("settings-typo-top-level", SETTINGS, edit_settings("kielet: [fi, sv]", "kieli: [fi, sv]"),
         row=setting_line("kielet"), column="kieli", column_label="asetus",
         contains=("tuntematon asetus jäisi huomiotta", "Tarkoititko ”kielet”?"),
         description="today the typo silently drops the Swedish edition"),
    Case("settings-typo-scope", SETTINGS, edit_settings("rajaus: kertyva", "rajuas: vuosikohortti"),
         row=setting_line("rajaus"), column="rajuas", column_label="asetus", contains=("Tarkoititko ”rajaus”?",),
         description="today the default scope is used"),
    Case("settings-unknown-nested-key", SETTINGS,
         edit_settings("  vahintaan_vetovastuita: 2\n", "  vahintaan_vetovastuita: 2\n  vahintaan_vetovastuuta: 4\n"),
         row=setting_line("vahintaan_vetovastuita") + 1, column="aktiivisimmat.vahintaan_vetovastuuta",
         column_label="asetus", contains=("kohdan aktiivisimmat alla tunnetaan", "Tarkoititko ”vahintaan_vetovastuita”?")),
    Case("settings-unknown-swedish-key", SETTINGS,
         edit_settings("  pdf_tiedosto: joppi-lagesbild", "  pdf_fil: x.pdf\n  pdf_tiedosto: joppi-lagesbild"),
         row=setting_line("sv") + 4, column="sv.pdf_fil", column_label="asetus", contains=("kohdan sv alla",)),
    *[Case(f"settings-key-not-text-{slug}", SETTINGS,
           lambda project, key=key: (project / SETTINGS).write_text(
               (ROOT / SETTINGS).read_text(encoding="utf-8") + f"{key}: x\n", encoding="utf-8"),
           row=_last_setting_line() + 1, column=key, column_label="asetus", value=key, contains=("asetuksen nimi tekstinä",))
      for slug, key in (("number", "123"), ("boolean", "true"))],
    *[Case(f"settings-placeholder-{slug}", SETTINGS,
           edit_settings("alaotsikko: Tilannekuva {jakso}", f"alaotsikko: Tilannekuva {text}"),
           row=setting_line("alaotsikko"), column="alaotsikko", column_label="asetus", contains=("ilman muotoilumäärittelyjä",))
      for slug, text in (("index", "{vuosi[0]}"), ("attribute", "{vuosi.real}"), ("positional", "{0}"),
                         ("nested-spec", "{vuosi:{jakso}}"))],
    Case("settings-format-spec-in-subtitle", SETTINGS,
         edit_settings("alaotsikko: Tilannekuva {jakso}", "alaotsikko: Tilannekuva {vuosi:>50000000}"),
         row=setting_line("alaotsikko"), column="alaotsikko", column_label="asetus",
         value="Tilannekuva {vuosi:>50000000} alkaneista hankkeista", contains=("ilman muotoilumäärittelyjä",),
         description="today a 50 MB subtitle: the build ran 128 s"),
    Case("settings-conversion-in-subtitle", SETTINGS,
         edit_settings("alaotsikko: Tilannekuva {jakso}", "alaotsikko: Tilannekuva {jakso!r}"),
         row=setting_line("alaotsikko"), column="alaotsikko", column_label="asetus", contains=("muotoilumäärittelyjä",)),
    Case("settings-format-spec-in-pdf-name", SETTINGS,
         edit_settings("pdf_tiedosto: joppi-tilannekuva-{vuosi}.pdf", "pdf_tiedosto: joppi-{vuosi:09999}.pdf"),
         row=setting_line("pdf_tiedosto"), column="pdf_tiedosto", column_label="asetus",
         value="joppi-{vuosi:09999}.pdf", contains=("ainoa paikkamerkki on {vuosi} ilman",)),
    Case("settings-format-spec-in-swedish-subtitle", SETTINGS,
         edit_settings("alaotsikko: Lägesbild över projekt som inleddes {jakso}",
                       "alaotsikko: Lägesbild {jakso:^9000000}"),
         row=setting_line("sv") + 2, column="sv.alaotsikko", column_label="asetus", contains=("muotoilumäärittelyjä",)),
    *[Case(f"settings-windows-reserved-pdf-{name.lower().replace('.', '-')}", SETTINGS,
           edit_settings("pdf_tiedosto: joppi-tilannekuva-{vuosi}.pdf", f"pdf_tiedosto: {name}"),
           row=setting_line("pdf_tiedosto"), column="pdf_tiedosto", column_label="asetus", value=name,
           contains=("Windows ei varaa laitteille",))
      for name in ("CON.pdf", "nul.pdf", "Com1.pdf", "LPT9.tilannekuva.pdf", "aux .pdf", "joppi .pdf")],

    Case("settings-deep-flow-nesting", SETTINGS,
         lambda project: (project / SETTINGS).write_text(
             (ROOT / SETTINGS).read_text(encoding="utf-8") + "syva: " + "[" * 15_000 + "]" * 15_000 + "\n",
             encoding="utf-8"),
         row=_last_setting_line() + 1, contains=("enintään 8 sisäkkäisen tason",),
         description="30 kB: today 23 s and RecursionError (exit 1)"),
    Case("settings-deep-block-nesting", SETTINGS,
         lambda project: (project / SETTINGS).write_text(
             (ROOT / SETTINGS).read_text(encoding="utf-8")
             + "".join(" " * i + f"k{i}:\n" for i in range(240)) + " " * 240 + "x: 1\n", encoding="utf-8"),
         row=_last_setting_line() + 9, contains=("enintään 8 sisäkkäisen tason",)),

    *[Case(f"settings-dominance-p-{slug}", SETTINGS,
           edit_settings("dominanssi_p_prosentti: 10", f"dominanssi_p_prosentti: {value}"),
           row=setting_line("dominanssi_p_prosentti"), column="dominanssi_p_prosentti", column_label="asetus",
           value=shown, contains=("p %:n sääntö",))
      for slug, value, shown in (("zero", "0", "0"), ("over-100", "150", "150"), ("fraction", "7.5", "7.5"),
                                 ("text", "paljon", "paljon"))],

    *[Case(f"settings-change-threshold-{slug}", SETTINGS,
           edit_settings("muutos_kynnys_prosenttiyksikkoa: 5", f"muutos_kynnys_prosenttiyksikkoa: {value}"),
           row=setting_line("muutos_kynnys_prosenttiyksikkoa"), column="muutos_kynnys_prosenttiyksikkoa",
           column_label="asetus", value=shown, contains=("Mitä muuttui",))
      for slug, value, shown in (("zero", "0", "0"), ("over-100", "101", "101"), ("fraction", "2.5", "2.5"),
                                 ("text", "viisi", "viisi"))],

    # ---- bounded input ------------------------------------------------------------------------------
    Case("excel-cell-at-xfd1048576", PROJECTS_XLSX, workbook(_far_cell("XFD1048576")), sheet="Hankkeet",
         contains=("ilmoitettu koko on 1048576 riviä × 16384 saraketta", "enintään 200000 riviä"),
         description="one cell far away: openpyxl allocates the whole declared grid (24 GB, the OOM killer)",
         subprocess=True),
    Case("excel-lying-dimension", PROJECTS_XLSX,
         chain(workbook(_far_cell("A300000")),
               rewrite_zip(PROJECTS_XLSX, "xl/worksheets/sheet1.xml",
                           lambda xml: xml.replace(b'<dimension ref="A1:L300000" />', b'<dimension ref="A1:L46" />'))),
         sheet="Hankkeet", contains=("taulukossa on solu, jonka takia koko on 300000 riviä",),
         description="the declared dimension is small; the cells say otherwise"),
    Case("excel-zip-bomb", PROJECTS_XLSX,
         chain(workbook(lambda wb, ws: None),
               rewrite_zip(PROJECTS_XLSX, extra=("xl/media/image1.bin", bytes(20 * 1024 * 1024)))),
         contains=("pakkauspommi", "xl/media/image1.bin")),
    Case("excel-huge-cell", PROJECTS_XLSX,
         chain(workbook(_long_cell_marker),
               rewrite_zip(PROJECTS_XLSX, "xl/worksheets/sheet1.xml",
                           lambda xml: xml.replace(b"PITKA_SOLU", b"x" * 40_000))),
         sheet="Hankkeet", row=2, contains=("solussa enintään 32767 merkkiä", "40000 merkkiä")),
    Case("excel-huge-shared-string", PROJECTS_XLSX,
         chain(workbook(lambda wb, ws: None),
               rewrite_zip(PROJECTS_XLSX, extra=("xl/sharedStrings.xml", (
                   '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
                   'uniqueCount="1"><si><t>' + "y" * 50_000 + "</t></si></sst>").encode()))),
         contains=("solussa enintään 32767 merkkiä", "nro 1 on 50000 merkkiä"),
         description="one shared string can fill every cell that points to it: refused by its length"),
    Case("excel-hidden-row", PROJECTS_XLSX, workbook(_hide_row), sheet="Hankkeet", row=5,
         contains=("rivi on piilotettu",)),
    Case("excel-hidden-column", PROJECTS_XLSX, workbook(_hide_column), sheet="Hankkeet", column="toteuttaja",
         contains=("sarake on piilotettu",)),
    Case("excel-hidden-sheet", PROJECTS_XLSX, workbook(_hide_sheet), sheet="Hankkeet",
         contains=("piilotetusta taulukosta",)),
    Case("csv-far-too-large", PROJECTS, big_file(PROJECTS, 51 * 1024 * 1024),
         contains=("enintään 50 Mt",), description="checked by its size on disk, before a byte is read"),
    Case("csv-too-many-rows", SURVEY,
         lambda project: (project / SURVEY).write_bytes((ROOT / SURVEY).read_bytes() + b";" * 10 + b"\n" * 200_001),
         contains=("enintään 200000 riviä",)),
    Case("csv-too-many-columns", SURVEY,
         edit_rows(SURVEY, lambda rows: [r if r[0] != "S23014" else r + [""] * 150 for r in rows]),
         row=line_of(SURVEY, "S23014"), contains=("enintään 100 saraketta",)),

    # ---- text: NFC, invisible characters, look-alike letters ---------------------------------------
    Case("zero-width-in-implementer", PROJECTS, set_cell(PROJECTS, "S23020", "toteuttaja", f"Kunta{ZWSP} A"),
         row=P(PROJECTS, "S23020"), column="toteuttaja", value="Kunta\\u200b A", contains=("näkymättömiä",)),
    Case("bidi-override-in-name", PROJECTS, set_cell(PROJECTS, "S23017", "nimi", f"Hanke {RLO}ekkah"),
         row=P(PROJECTS, "S23017"), column="nimi", value="Hanke \\u202eekkah", contains=("U+202E",)),
    Case("invisible-in-code", PROJECTS, set_cell(PROJECTS, "S23016", "ely_keskus", f"Etelä-Savo{ZWSP}"),
         row=P(PROJECTS, "S23016"), column="ely_keskus", value="Etelä-Savo\\u200b"),
    Case("invisible-in-free-text", SURVEY, set_cell(SURVEY, "S23015", "onnistumiset", f"Hyvä {LRI}yhteistyö"),
         row=line_of(SURVEY, "S23015"), column="onnistumiset", value="Hyvä \\u2066yhteistyö"),
    Case("cyrillic-lookalike-implementer", PROJECTS,
         set_cell(PROJECTS, "S23014", "toteuttaja", f"Ammattikorkeakoulu {CYRILLIC_A}"),
         row=P(PROJECTS, "S23014"), column="toteuttaja", value=f"Ammattikorkeakoulu {CYRILLIC_A}",
         contains=("samannäköisten kyrillisten", "U+0410"),
         description="would count as an implementer of its own beside Ammattikorkeakoulu A"),

    *LOOKALIKE_NAME_CASES,

    # ---- the Swedish edition's names: Swedish, not Finnish copied or written in ---------------------
    Case("swedish-name-finnish-word", f"{CLASSES}/kysely_haasteet.csv",
         edit_rows(f"{CLASSES}/kysely_haasteet.csv", lambda rows: [r if r[0] != "H2" else [*r[:2], "Personal vaihtuvuus"]
                                                                   for r in rows]),
         row=3, column="nimi_sv", value="Personal vaihtuvuus", contains=("”vaihtuvuus”", "Kirjoita nimi ruotsiksi")),
    Case("swedish-name-copied-finnish", f"{CLASSES}/toimialat.csv",
         edit_rows(f"{CLASSES}/toimialat.csv", lambda rows: [r if r[0] != "TEK" else [*r[:2], r[1]] for r in rows]),
         row=3, column="nimi_sv", value="Teknologia-ala", contains=("”ala”, ”teknologia”",)),
    Case("swedish-name-finnish-sentence", f"{CLASSES}/kysely_tulokset.csv",
         edit_rows(f"{CLASSES}/kysely_tulokset.csv",
                   lambda rows: [r if r[0] != "R7" else [*r[:2], "Hankkeen tulokset jäivät vähäisiksi"] for r in rows]),
         row=8, column="nimi_sv", contains=("”hankkeen”", "”vähäisiksi”")),
    Case("swedish-plural-copied-finnish", f"{CLASSES}/organisaatiotyypit.csv",
         edit_rows(f"{CLASSES}/organisaatiotyypit.csv", lambda rows: [r if r[0] != "KUN" else [*r[:5], "kunnat"]
                                                                      for r in rows]),
         row=6, column="monikko_sv", value="kunnat"),
    Case("swedish-theme-short-finnish", f"{CLASSES}/kehittamisteemat.csv",
         edit_rows(f"{CLASSES}/kehittamisteemat.csv", lambda rows: [r if r[0] != "T2" else [*r[:4], "osaamisen vahvistaminen"]
                                                                    for r in rows]),
         row=3, column="lyhyt_sv", value="osaamisen vahvistaminen"),
    Case("swedish-role-finnish", f"{CLASSES}/roolit.csv",
         edit_rows(f"{CLASSES}/roolit.csv", lambda rows: [r if r[0] != "Y" else [*r[:2], "yksittäinen hanke"] for r in rows]),
         row=4, column="nimi_sv", value="yksittäinen hanke"),
    Case("swedish-region-finnish-sentence", f"{CLASSES}/maakunnat.csv",
         edit_rows(f"{CLASSES}/maakunnat.csv", lambda rows: [r if r[0] != "06" else [*r[:2], "Ei ole käännetty"]
                                                             for r in rows]),
         row=6, column="nimi_sv", value="Ei ole käännetty", contains=("”ei”",),
         description="a place name may be Finnish (Satakunta), a Finnish sentence may not"),
    Case("swedish-ely-inessive-finnish", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv", lambda rows: [r if r[0] != "HAM" else [*r[:7], "Hämeessä"]
                                                                 for r in rows]),
         row=2, column="inessiivi_sv", value="Hämeessä"),

    # ---- what is not a regular file inside the project: refused before it is opened ------------------
    Case("fifo-settings", SETTINGS, fifo(SETTINGS), contains=NOT_A_FILE + ("nimetty putki",),
         description="made `joppi validate` hang until killed"),
    Case("fifo-projects", PROJECTS, fifo(PROJECTS), contains=("nimetty putki",)),
    Case("fifo-survey", SURVEY, fifo(SURVEY), contains=("nimetty putki",)),
    Case("fifo-classification", f"{CLASSES}/maakunnat.csv", fifo(f"{CLASSES}/maakunnat.csv"),
         contains=("nimetty putki",)),
    Case("link-projects-to-passwd", PROJECTS, link_to(PROJECTS, "/etc/passwd"), contains=LINK_OUT,
         description="the linked file's content was quoted in the message"),
    Case("link-settings-to-passwd", SETTINGS, link_to(SETTINGS, "/etc/passwd"), contains=LINK_OUT),
    Case("link-survey-to-outside-copy", SURVEY, link_to(SURVEY, outside_copy(SURVEY)), contains=LINK_OUT,
         description="a good file, but outside the project: not part of what is published"),
    Case("link-classification-to-outside-copy", f"{CLASSES}/roolit.csv",
         link_to(f"{CLASSES}/roolit.csv", outside_copy(f"{CLASSES}/roolit.csv")), contains=LINK_OUT),
    Case("link-projects-dangling", PROJECTS, link_to(PROJECTS, "/ei/ole/olemassa.csv"), contains=LINK_OUT),
    Case("device-as-survey", SURVEY, link_to(SURVEY, "/dev/zero"), contains=LINK_OUT),
    Case("folder-as-projects", PROJECTS, folder(PROJECTS), contains=("tämä on kansio",)),
    Case("settings-not-a-mapping", SETTINGS, write_bytes(SETTINGS, b"- root:x:0:0:root:/root:/bin/bash\n"),
         contains=("ei ole YAML-sanakirja",), description="the content is not echoed"),

    # ---- classifications checked as data ------------------------------------------------------------
    Case("classification-duplicate-region-code", f"{CLASSES}/maakunnat.csv",
         edit_rows(f"{CLASSES}/maakunnat.csv", lambda rows: [r if r[0] != "06" else ["05", r[1]] for r in rows]),
         row=6, column="koodi", value="05", contains=("sama kuin rivillä 5",),
         description="today blamed on ely_keskukset.csv (06 is no longer a region)"),
    Case("classification-region-code-1-and-01", f"{CLASSES}/maakunnat.csv",
         edit_rows(f"{CLASSES}/maakunnat.csv", lambda rows: rows + [["1", "Itä-Uusimaa"]]),
         row=n_lines(f"{CLASSES}/maakunnat.csv") + 1, column="koodi", value="1",
         contains=("sama kuin rivillä 2",), description="1 and 01 are the same code: today the later wins"),
    Case("classification-region-in-two-ely", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv",
                   lambda rows: [r if r[0] != "ESA" else r[:4] + ["10,11,12,13"] for r in rows]),
         row=4, column="maakunnat", value="13", contains=("vain yhdelle ELY-keskukselle", "rivillä 3 (Keski-Suomi)")),
    Case("classification-region-twice-in-one-ely", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv",
                   lambda rows: [r if r[0] != "ESA" else r[:4] + ["10,11,12,10"] for r in rows]),
         row=4, column="maakunnat", value="10", contains=("saman rivin luettelossa",)),
    Case("classification-empty-plural", f"{CLASSES}/organisaatiotyypit.csv",
         edit_rows(f"{CLASSES}/organisaatiotyypit.csv",
                   lambda rows: [r if r[0] != "KUN" else [r[0], r[1], "", r[3]] for r in rows]),
         row=6, column="monikko", value="", contains=("sarake monikko on pakollinen",)),
    Case("classification-empty-partitive", f"{CLASSES}/organisaatiotyypit.csv",
         edit_rows(f"{CLASSES}/organisaatiotyypit.csv",
                   lambda rows: [r if r[0] != "YRI" else r[:3] + [""] for r in rows]),
         row=8, column="partitiivi", value=""),
    Case("classification-empty-inessive", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv",
                   lambda rows: [r if r[0] != "KES" else r[:3] + ["", r[4]] for r in rows]),
         row=3, column="inessiivi", value=""),
    Case("classification-empty-short-theme", f"{CLASSES}/kehittamisteemat.csv",
         edit_rows(f"{CLASSES}/kehittamisteemat.csv", lambda rows: [r if r[0] != "T2" else r[:2] + [""] for r in rows]),
         row=3, column="lyhyt", value=""),
    Case("classification-duplicate-code", f"{CLASSES}/kehittamisteemat.csv",
         edit_rows(f"{CLASSES}/kehittamisteemat.csv", lambda rows: [r if r[0] != "T2" else ["T1", *r[1:]] for r in rows]),
         row=3, column="koodi", value="T1", contains=("koodi, joka ei toistu tiedostossa",)),
    Case("classification-code-is-another-name", f"{CLASSES}/organisaatiotyypit.csv",
         edit_rows(f"{CLASSES}/organisaatiotyypit.csv", lambda rows: [r if r[0] != "YRI" else ["Kunta", *r[1:]] for r in rows]),
         row=8, column="koodi", value="Kunta", contains=("monitulkintainen",),
         description="the data's organisaatiotyyppi Kunta would become Yritys"),
    Case("classification-duplicate-ely-long-name", f"{CLASSES}/ely_keskukset.csv",
         edit_rows(f"{CLASSES}/ely_keskukset.csv",
                   lambda rows: [r if r[0] != "ESA" else r[:2] + ["Hämeen ELY-keskus", *r[3:]] for r in rows]),
         row=4, column="pitka_nimi", value="Hämeen ELY-keskus"),
    Case("classification-lookalike-name", f"{CLASSES}/toimialat.csv",
         append_row(f"{CLASSES}/toimialat.csv", {"koodi": "TEK2", "nimi": "\u0422\u0435knologia-ala"}),
         row=n_lines(f"{CLASSES}/toimialat.csv") + 1, column="nimi", contains=("samannäköisten",)),
    Case("classification-zero-width", f"{CLASSES}/roolit.csv",
         edit_rows(f"{CLASSES}/roolit.csv", lambda rows: rows + [["X", f"tuki{ZWSP}toteuttaja"]]),
         row=n_lines(f"{CLASSES}/roolit.csv") + 1, column="nimi", value="tuki\\u200btoteuttaja"),

    # ---- formulas in anything that reaches a download (CSV, workbook): one guard, errors.starts_formula
    Case("classification-formula-name", f"{CLASSES}/toimialat.csv",
         append_row(f"{CLASSES}/toimialat.csv", {"koodi": "CMD", "nimi": DDE, "nimi_sv": "Kalkyl"}),
         row=n_lines(f"{CLASSES}/toimialat.csv") + 1, column="nimi", value=DDE, contains=("taulukkolaskennan kaava",),
         description="today the name reaches fig-toimialat.csv and the workbook as a live formula"),
    Case("classification-formula-swedish-name", f"{CLASSES}/kysely_tulokset.csv",
         edit_rows(f"{CLASSES}/kysely_tulokset.csv", lambda rows: [r if r[0] != "R2" else [*r[:2], "+1+1"] for r in rows]),
         row=3, column="nimi_sv", value="+1+1", contains=("taulukkolaskennan kaava",),
         description="the Swedish edition's downloads"),
    Case("classification-formula-minus", f"{CLASSES}/maakunnat.csv",
         edit_rows(f"{CLASSES}/maakunnat.csv", lambda rows: [r if r[0] != "02" else [r[0], r[1], "-2+3"] for r in rows]),
         row=3, column="nimi_sv", value="-2+3"),
    Case("classification-formula-at", f"{CLASSES}/loppukysely_jatkuvuus.csv",
         edit_rows(f"{CLASSES}/loppukysely_jatkuvuus.csv",
                   lambda rows: [r if r[0] != "J2" else [r[0], "@SUM(1+1)*cmd|' /C calc'!A0", r[2]] for r in rows]),
         row=3, column="nimi", value="@SUM(1+1)*cmd|' /C calc'!A0"),
    Case("classification-formula-short-theme", f"{CLASSES}/kehittamisteemat.csv",
         edit_rows(f"{CLASSES}/kehittamisteemat.csv", lambda rows: [r if r[0] != "T2" else [*r[:2], "=1+1", *r[3:]]
                                                                   for r in rows]),
         row=3, column="lyhyt", value="=1+1"),
    Case("settings-formula-title", SETTINGS,
         edit_settings("nimi: Jatkuvan oppimisen", "nimi: =HYPERLINK(\"http://x\";\"y\") Jatkuvan oppimisen"),
         row=setting_line("nimi"), column="nimi", column_label="asetus", contains=("taulukkolaskennan kaava",),
         description="the title is the workbook's cover title"),
    Case("settings-formula-swedish-publisher", SETTINGS,
         edit_settings("  julkaisija: Utbildningsstyrelsen, JOPPI – samordningsprojektet Kontinuerligt lärande i Finland",
                       "  julkaisija: '@Utbildningsstyrelsen'"),
         row=setting_line("sv") + 3, column="sv.julkaisija", column_label="asetus", contains=("taulukkolaskennan kaava",)),

    # ---- free text: every check runs -----------------------------------------------------------------
    Case("free-text-formula", SURVEY, set_cell(SURVEY, "S23015", "onnistumiset", FORMULA),
         row=line_of(SURVEY, "S23015"), column="onnistumiset", value=FORMULA, contains=("taulukkolaskennan kaava",)),
    Case("free-text-formula-at", SURVEY, set_cell(SURVEY, "S23014", "muuta", "@SUM(1+1)*cmd|' /C calc'!A0"),
         row=line_of(SURVEY, "S23014"), column="muuta", value="@SUM(1+1)*cmd|' /C calc'!A0"),
    Case("free-text-too-long", SURVEY, set_cell(SURVEY, "S23014", "muuta", "Paljon sanottavaa. " * 300),
         row=line_of(SURVEY, "S23014"), column="muuta", contains=("enintään 5000 merkkiä", "(5699 merkkiä)")),   # 300 × 19, the last space stripped

    # ---- the end survey (the synthetic 2024 and 2025 beside 2023; data/loppukysely/2025.csv) ----------
    Case("end-survey-lessons-over-cell-limit", END_SURVEY,
         with_end_survey(lambda rows: [{**r, "opit": "Opittiin paljon. " * 2500} if i == 0 else r
                                       for i, r in enumerate(rows)]),
         row=2, column="opit", year="2025", contains=("enintään 32767 merkkiä", "solussa on 42499 merkkiä"),
         description="40 000+ characters; README, Input limits: one cell's text 32 767"),

    # ---- the chapters: what they include and embed, their encoding (index.qmd, chapters/) ------------
    *[Case(f"chapter-includes-{slug}", CONCLUSIONS, append_to_chapter(CONCLUSIONS, f"{{{{< include {target} >}}}}\n"),
           row=n_text_lines(CONCLUSIONS) + 2, value=target.strip("'\""), contains=("ei sisällytetä julkaisuun",),
           description="today the own engine publishes the file: the survey's free-text answers")
      for slug, target in (("survey", "data/kysely/2023.csv"), ("projects-from-root", "/data/hankkeet.csv"),
                           ("settings-quoted", '"data/julkaisu.yml"'), ("via-chapters-dotdot", "chapters/../data/kysely/2023.csv"),
                           ("outside-project", "../../../../etc/hostname"), ("generated-dotdot", "_joppi/../data/kysely/2023.csv"),
                           ("notebook-source", "notebooks/luvut.ipynb"))],
    Case("chapter-includes-mid-sentence", CONCLUSIONS,
         append_to_chapter(CONCLUSIONS, "Vastaukset: {{< include data/kysely/2023.csv >}} loppuun.\n"),
         row=n_text_lines(CONCLUSIONS) + 2, value="data/kysely/2023.csv", contains=("ei sisällytetä julkaisuun",)),
    Case("chapter-includes-link-to-data", CONCLUSIONS,
         chain(with_sources, lambda project: (project / "chapters" / "liite.md").symlink_to(project / SURVEY),
               append_to_chapter(CONCLUSIONS, "{{< include chapters/liite.md >}}\n")),
         row=n_text_lines(CONCLUSIONS) + 2, value="chapters/liite.md", contains=("ei sisällytetä julkaisuun",),
         description="a link inside chapters/ to the survey"),
    Case("quarto-settings-deep-nesting", "_quarto.yml",
         lambda project: (project / "_quarto.yml").write_text(
             (ROOT / "_quarto.yml").read_text(encoding="utf-8") + "syva: " + "[" * 15_000 + "]" * 15_000 + "\n",
             encoding="utf-8"),
         row=n_text_lines("_quarto.yml") + 1, contains=("enintään 16 sisäkkäisen tason",),
         description="today RecursionError in the renderer, exit 1"),
    Case("front-matter-deep-nesting", "index.qmd",
         chain(with_sources, lambda project: (project / "index.qmd").write_text(
             (ROOT / "index.qmd").read_text(encoding="utf-8").replace(
                 "---\n", "---\nsyva: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", 1), encoding="utf-8")),
         row=2, contains=("enintään 16 sisäkkäisen tason",)),
    Case("chapter-latin1", INTRO,
         chain(with_sources, lambda project: (project / INTRO).write_bytes(
             (ROOT / INTRO).read_text(encoding="utf-8").encode("latin-1", errors="replace"))),
         row=first_non_ascii_line(INTRO), contains=("UTF-8-koodattu teksti", "Latin-1"),
         description="today: Virhe (UnicodeDecodeError), exit 1"),
    Case("settings-notebooks-without-figures", RESULTS,
         chain(with_sources, edit_settings("  - luvut\n  - kuviot\n", "  - luvut\n")),
         row=first_line_with(RESULTS, "kuviot.ipynb"), value="_joppi/notebooks/kuviot.ipynb",
         contains=("luettelossa muistikirjat (nyt: luvut)",), description="today validate passes and the build fails"),
    Case("settings-notebooks-without-values", SETTINGS, edit_settings("  - luvut\n  - kuviot\n", "  - kuviot\n"),
         row=setting_line("muistikirjat"), column="muistikirjat", column_label="asetus", value='["kuviot"]',
         contains=("luettelo, jossa on luvut",)),

    Case("classification-too-large", f"{CLASSES}/toimialat.csv", big_file(f"{CLASSES}/toimialat.csv", 2 * 1024 * 1024),
         contains=("enintään 1 Mt (tiedosto on 2 Mt)",), description="checked by its size, before it is read or copied"),
    # ---- a data file that is not a file: said so by its name, before anything is opened or copied ------
    *[Case(f"{slug}-is-{kind}", rel, replace_with(rel, kind, before), year=year,
           contains=("on kansio" if kind == "folder" else "nimetty putki",),
           description="today a folder is reported as missing (in build: with an internal _build/.aineisto-… "
                       "path); a FIFO end survey is refused by validate but ignored by build")
      for slug, rel, year, before in (("projects", PROJECTS, "2023", None), ("survey", SURVEY, "2023", None),
                                      ("classification", f"{CLASSES}/roolit.csv", "2023", None),
                                      ("end-survey", END_SURVEY, "2025", with_end_survey()))
      for kind in ("folder", "fifo")],

    # ---- _brand.yml: its shape checked in the build's first step (and by validate where it is) -------
    Case("brand-without-colours", BRAND, edit_brand("\ncolor:\n", "\ncolour:\n"), column="color", column_label="asetus",
         contains=("asetus color puuttuu",), description="today: Virhe (KeyError): 'color', exit 1"),
    Case("brand-colour-not-text", BRAND, edit_brand("  primary: yo\n", "  primary: [yo, sini]\n"),
         column="color.primary", column_label="asetus", contains=("väri tekstinä",)),
    Case("brand-colours-not-a-mapping", BRAND,
         edit_brand(raw=lambda text: (text.split("\ncolor:\n")[0] + "\ncolor: sininen\n").encode("utf-8")),
         column="color", column_label="asetus", value="sininen", contains=("sisennetyt asetukset",)),
    Case("brand-logo-without-path", BRAND, edit_brand("      path: src/joppi/assets/logo.svg", "      polku: logo.svg"),
         column="path", column_label="asetus", contains=("asetus path puuttuu",)),
    Case("brand-latin1", BRAND,
         edit_brand(raw=lambda text: (text + "# Tummansininen pääväri\n").encode("latin-1", errors="replace")),
         contains=("UTF-8-koodattu",)),
    Case("brand-deep-nesting", BRAND,
         edit_brand(raw=lambda text: (text + "syva: " + "[" * 15_000 + "]" * 15_000 + "\n").encode("utf-8")),
         row=n_text_lines(BRAND) + 1, contains=("enintään 12 sisäkkäisen tason",)),
    Case("brand-broken-yaml", BRAND, edit_brand("  primary: yo\n", "  primary: [yo\n"),
         row=brand_line("  secondary: sini"), contains=("kelvollinen YAML-tiedosto",)),
    Case("brand-is-folder", BRAND,
         chain(edit_brand(raw=lambda text: text.encode("utf-8")), replace_with(BRAND, "folder")),
         contains=("on kansio",)),

    # ---- the year ---------------------------------------------------------------------------------
    Case("empty-cohort", PROJECTS,
         write_bytes("data/kysely/2024.csv", lambda _old: (ROOT / SURVEY).read_bytes().splitlines(True)[0]),
         column="alkamispaiva", year="2024", contains=("vuonna 2024", "kohortti on tyhjä"),
         description="a 2024 survey file exists but no project starts in 2024"),
    Case("year-without-data", "--year", lambda project: None, value="2030", year="2030",
         contains=("aineisto on vuosilta: 2023",)),
    Case("year-path-traversal", "--year",
         # were the year used as a path, data/kysely/../../etc.csv (= <project>/etc.csv) would be
         # a perfectly good survey file
         write_bytes("etc.csv", lambda _old: (ROOT / SURVEY).read_bytes()),
         value="../../etc", year="../../etc", contains=("aineisto on vuosilta: 2023",), subprocess=True),
]


def expected_location(case: Case) -> str:
    """The start of the message line that must name this case's fault."""
    parts = [case.file]
    if case.sheet is not None:
        parts.append(f"taulukko ”{case.sheet}”")
    if case.row is not None:
        parts.append(f"rivi {case.row}")
    if case.column is not None:
        parts.append(f"{case.column_label} {case.column}")
    return ", ".join(parts) + ": "
