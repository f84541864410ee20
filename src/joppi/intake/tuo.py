"""`joppi tuo --year Y`: the edited review workbook into data/hankkeet.csv, checked as `joppi validate` checks.

The accepted rows (mukaan = kyllä) are appended; an existing row changes only where the
analyst accepted the change (Muutokset: hyvaksy = kyllä). The whole would-be file is validated
by validation.validate_projects, so the messages are those of `joppi validate`, pointing at the
workbook's row for a new row. Nothing is written on any error; an unchanged result writes nothing,
so a second run of the same workbook changes no byte.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..classifications import load_classifications
from ..dataset import InputPaths
from ..errors import DataError, Issue, display_path
from ..readers import check_columns
from ..safefs import write_atomic
from ..validation import PROJECT_COLUMNS, canonicalise_projects, validate_projects
from .haku import (CANDIDATE_COLUMNS, CHANGE_COLUMNS, NO, SHEET_CANDIDATES, SHEET_CHANGES, SHEET_SOURCE, YES,
                   candidates_path, check_year_text, existing_rows)
from .settings import HAKU_DIR
from .sheets import read_workbook

NEW_ROW_OFFSET = 10_000_000    # index of a workbook row in the combined frame: row + offset
CHOICE_EXPECTED = f"{YES} tai {NO}"


def source_path(root: Path, year: int) -> Path:
    return Path(root) / HAKU_DIR / f"{year}-lahde.yml"


@dataclass
class TuoResult:
    added: list[str]
    changed: list[tuple[str, str]]
    wrote: bool


def _sheet(tables, name, sheet, columns):
    if sheet not in tables:
        raise DataError([Issue(name, None, None, None, f"taulukko {sheet} (joppi haku kirjoittaa sen)")])
    t = tables[sheet]
    frame = t.frame[[c for c in t.frame.columns if c]]
    check_columns(frame, columns, name, sheet)
    return frame


def _csv_layout(text: str) -> tuple[str, str]:
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    eol = "\r\n" if "\r\n" in text[: len(first) + 2] else "\n"
    return delimiter, eol


def _line(values: list[str], delimiter: str, eol: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=eol).writerow(values)
    return buf.getvalue()


def run_tuo(root: Path, year) -> TuoResult:
    root = Path(root).resolve()
    year = check_year_text(year)
    paths = InputPaths.of(root)
    if paths.projects.suffix != ".csv":
        raise DataError([Issue(display_path(paths.projects, root), None, None, None,
                               "tiedosto data/hankkeet.csv (tuonti kirjoittaa CSV-tiedostoon)")])
    book = candidates_path(root, year)
    name = display_path(book, root)
    if not book.exists():
        raise DataError([Issue(name, None, None, None, f"ehdokastyökirja; aja ensin joppi haku --year {year} <vienti>")])
    tables = read_workbook(book, root)
    cand = _sheet(tables, name, SHEET_CANDIDATES, CANDIDATE_COLUMNS)
    chg = _sheet(tables, name, SHEET_CHANGES, CHANGE_COLUMNS)
    src = _sheet(tables, name, SHEET_SOURCE, ["tieto", "arvo"])
    source = dict(zip(src["tieto"], src["arvo"]))
    issues: list[Issue] = []
    if source.get("vuosi") != str(year):
        issues.append(Issue(name, None, "vuosi", source.get("vuosi", ""), f"vuoden {year} haun työkirja",
                            sheet=SHEET_SOURCE))
    for frame, column, sheet in ((cand, "mukaan", SHEET_CANDIDATES), (chg, "hyvaksy", SHEET_CHANGES)):
        for row, v in frame[column].items():
            if v.casefold() not in (YES, NO, ""):
                issues.append(Issue(name, int(row), column, v, CHOICE_EXPECTED, sheet=sheet))
    existing = existing_rows(root)
    projects_name = display_path(paths.projects, root)
    text = paths.projects.read_text(encoding="utf-8-sig")
    had_bom = paths.projects.read_bytes().startswith(b"\xef\xbb\xbf")
    delimiter, eol = _csv_layout(text)

    # accepted changes to existing rows
    current = {code: dict(row) for code, (_, row) in existing.items()}
    changed: list[tuple[str, str]] = []
    for row, r in chg.iterrows():
        if r["hyvaksy"].casefold() != YES:
            continue
        code, column = r["hanketunnus"], r["sarake"]
        if code not in current:
            issues.append(Issue(name, int(row), "hanketunnus", code, f"hanketunnus, joka on tiedostossa {projects_name}",
                                sheet=SHEET_CHANGES))
        elif column not in PROJECT_COLUMNS[1:]:
            issues.append(Issue(name, int(row), "sarake", column, f"sarake {', '.join(PROJECT_COLUMNS[1:])}",
                                sheet=SHEET_CHANGES))
        elif current[code][column] == r["viennissa"]:
            continue    # applied already
        elif current[code][column] != r["nykyinen"]:
            issues.append(Issue(name, int(row), "nykyinen", r["nykyinen"],
                                f"tiedoston {projects_name} nykyinen arvo ”{current[code][column]}” (tiedosto on "
                                "muuttunut haun jälkeen: aja joppi haku uudelleen)", sheet=SHEET_CHANGES))
        else:
            current[code][column] = r["viennissa"]
            changed.append((code, column))

    # accepted new rows, in the canonical forms validation accepts ("Hämeen ELY-keskus" -> Häme)
    cls = load_classifications(paths.classifications)
    canonical = canonicalise_projects(cand[PROJECT_COLUMNS], cls)
    new_rows: dict[int, dict[str, str]] = {}
    for row, r in cand.iterrows():
        if r["mukaan"].casefold() != YES:
            continue
        values = {c: canonical.at[row, c] for c in PROJECT_COLUMNS}
        code = values["hanketunnus"]
        if code in existing:
            if all(values[c] == current[code][c] for c in PROJECT_COLUMNS):
                continue    # already imported: nothing to do
            issues.append(Issue(name, int(row), "hanketunnus", code,
                                f"uusi hanketunnus; hanke on jo tiedostossa {projects_name} rivillä {existing[code][0]} "
                                f"eri tiedoin (hyväksy muutokset taulukossa {SHEET_CHANGES}, tai merkitse mukaan = ei)",
                                sheet=SHEET_CANDIDATES))
            continue
        new_rows[int(row)] = values
    if issues:
        raise DataError(issues)

    # the would-be file, validated whole by the rules of `joppi validate`
    old = pd.DataFrame([current[c] for c in existing], columns=PROJECT_COLUMNS, dtype=object)
    old.index = [existing[c][0] for c in existing]
    new = pd.DataFrame(list(new_rows.values()), columns=PROJECT_COLUMNS, dtype=object)
    new.index = [NEW_ROW_OFFSET + r for r in new_rows]
    combined = pd.concat([old, new]) if len(old) else new
    try:
        validate_projects(combined, cls, projects_name)
    except DataError as exc:
        raise DataError([_to_workbook(i, name) for i in exc.issues]) from None

    # write: changed lines replaced in place, new lines appended, nothing else touched
    lines = text.splitlines(keepends=True)
    for code in sorted({c for c, _ in changed}):
        line = existing[code][0]
        cells = next(csv.reader([lines[line - 1]], delimiter=delimiter), [])
        if len(cells) != len(PROJECT_COLUMNS) or cells[0] != code:
            raise DataError([Issue(projects_name, line, None, None,
                                   "rivi, jonka solussa ei ole rivinvaihtoa (muutosta ei voi tehdä turvallisesti: "
                                   f"tee hankkeen {code} muutos käsin)")])
        lines[line - 1] = _line([current[code][c] for c in PROJECT_COLUMNS], delimiter, eol)
    if lines and not lines[-1].endswith(("\n", "\r")) and len(new):
        lines[-1] += eol
    lines += [_line([r[c] for c in PROJECT_COLUMNS], delimiter, eol) for _, r in new.iterrows()]
    out = ("\ufeff" if had_bom else "") + "".join(lines)
    record = yaml.safe_dump({"vuosi": year, "tietopalvelu": source.get("tietopalvelu", ""),
                             "tiedosto": source.get("tiedosto", ""), "poimittu": source.get("poimittu", ""),
                             "sha256": source.get("sha256", "")}, allow_unicode=True, sort_keys=False)
    record_path = source_path(root, year)
    old_record = record_path.read_text(encoding="utf-8") if record_path.exists() else None
    wrote = False
    if out.encode("utf-8") != paths.projects.read_bytes():
        write_atomic(paths.projects, out.encode("utf-8"))
        wrote = True
    if record != old_record:
        write_atomic(record_path, record.encode("utf-8"))
        wrote = True
    return TuoResult([r["hanketunnus"] for r in new_rows.values()], changed, wrote)


def _to_workbook(issue: Issue, name: str) -> Issue:
    """A problem of a new row is reported at its row of the workbook, in the words of `joppi validate`."""
    if issue.row is not None and issue.row >= NEW_ROW_OFFSET:
        return Issue(**{**issue.__dict__, "file": name, "row": issue.row - NEW_ROW_OFFSET, "sheet": SHEET_CANDIDATES})
    return issue
