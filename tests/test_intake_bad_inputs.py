"""The intake's bad-input set: `joppi haku` and `joppi tuo` refuse each case with the project's promises.

As for `joppi validate` (tests/test_bad_inputs.py): exit status 2, nothing on stdout, a Finnish
report (helpers.check_report) whose message names the file, the sheet, the row, the column and
the bad value where they apply, and no file of the project created, changed or removed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from bad_inputs.cases import Case
from conftest import copy_project
from helpers import check_report
from intake_synthetic import build, write_csv, write_xlsx
from joppi import cli
from test_bad_inputs import snapshot

XLSX, CSV, SHEET = "vienti.xlsx", "vienti.csv", "Hankkeet"


@dataclass(frozen=True)
class IntakeCase(Case):
    command: str = "haku"
    export: str = XLSX

    def argv(self, project: Path) -> list[str]:
        if self.command == "tuo":
            return ["--root", str(project), "tuo", "--year", self.year]
        return ["--root", str(project), "haku", "--year", self.year, "--poimittu", "15.1.2025",
                str(project / self.export)]


def export(edit: Callable[[list[dict]], None] | None = None, as_csv: bool = False):
    """A small export (12 operations of the synthetic one), edited, written into the project."""
    def apply(project: Path) -> None:
        rows = [dict(r) for r in build()[0][:12]]
        if edit:
            edit(rows)
        (write_csv(rows, project / CSV) if as_csv else write_xlsx(rows, project / XLSX))
    return apply


def cell(ref: str, value, hidden_row: int | None = None):
    """An xlsx export with one cell set (a formula, a renamed header) or a row hidden."""
    def apply(project: Path) -> None:
        from openpyxl import load_workbook

        export()(project)
        wb = load_workbook(project / XLSX)
        if ref:
            wb.active[ref] = value
        if hidden_row:
            wb.active.row_dimensions[hidden_row].hidden = True
        wb.save(project / XLSX)
    return apply


def claims_a_million_rows(project: Path) -> None:
    """About 1 MB of workbook whose sheet declares A1:P1048576."""
    export()(project)
    src_path, data = project / XLSX, {}
    with zipfile.ZipFile(src_path) as src:
        for item in src.infolist():
            data[item.filename] = src.read(item.filename)
    text = data["xl/worksheets/sheet1.xml"].decode("utf-8")
    start = text.index('<dimension ref="') + len('<dimension ref="')
    text = text[:start] + "A1:P1048576" + text[text.index('"', start):]
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>' for r in range(20, 14000))
    data["xl/worksheets/sheet1.xml"] = text.replace("</sheetData>", rows + "</sheetData>").encode("utf-8")
    with zipfile.ZipFile(src_path, "w", zipfile.ZIP_STORED) as dst:
        for name, content in data.items():
            dst.writestr(name, content)


def set_row(i: int, **values):
    def edit(rows):
        rows[i].update({k.replace("_", " "): v for k, v in values.items()})
    return edit


def setting(rel: str, old: str, new: str):
    def apply(project: Path) -> None:
        export()(project)
        path = project / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return apply


def write_bytes(name: str, data: bytes):
    def apply(project: Path) -> None:
        (project / name).write_bytes(data)
    return apply


def reviewed_hidden(row: int):
    def apply(project: Path) -> None:
        from openpyxl import load_workbook

        reviewed({})(project)
        book = project / "data" / "haku" / "2024-ehdokkaat.xlsx"
        wb = load_workbook(book)
        wb["Ehdokkaat"].row_dimensions[row].hidden = True
        wb.save(book)
    return apply


def reviewed(edit: dict[tuple[int, str], str]):
    """A search of the small export, then the review workbook edited: (row, column) -> value."""
    def apply(project: Path) -> None:
        from openpyxl import load_workbook

        from joppi.intake.haku import run_haku

        export()(project)
        run_haku(project, 2024, project / XLSX, "15.1.2025")
        book = project / "data" / "haku" / "2024-ehdokkaat.xlsx"
        wb = load_workbook(book)
        ws = wb["Ehdokkaat"]
        header = [c.value for c in ws[1]]
        for (row, column), value in edit.items():
            ws.cell(row=row, column=header.index(column) + 1).value = value
        wb.save(book)
    return apply


HEADER_MSG = "data/haku/sarakkeet.yml rivillä 6 nimeää kentälle nimi"
CASES = [
    IntakeCase("wrong-header-xlsx", XLSX, cell("C1", "Hankenimi"), sheet=SHEET, row=1, column="Hankkeen nimi",
               contains=(HEADER_MSG, "viennin otsikot ovat: Hankekoodi, Päähankkeen koodi, Hankenimi")),
    IntakeCase("wrong-header-csv", CSV, lambda p: (export(as_csv=True)(p), (p / CSV).write_text(
                   (p / CSV).read_text(encoding="utf-8").replace(";Hankkeen nimi;", ";Nimi;", 1), encoding="utf-8")),
               export=CSV, row=1, column="Hankkeen nimi", contains=(HEADER_MSG, "Päähankkeen koodi, Nimi, Tuensaaja")),
    IntakeCase("date-impossible", CSV, export(set_row(2, Päättymispäivä="31.2.2026"), as_csv=True), export=CSV,
               row=4, column="Päättymispäivä", value="31.2.2026", contains=("päivämäärä muodossa",)),
    IntakeCase("date-text", CSV, export(set_row(3, Alkamispäivä="maaliskuu 2024"), as_csv=True), export=CSV, row=5,
               column="Alkamispäivä", value="maaliskuu 2024"),
    IntakeCase("date-us-order", CSV, export(set_row(0, Alkamispäivä="2024-13-01"), as_csv=True), export=CSV, row=2,
               column="Alkamispäivä", value="2024-13-01"),
    IntakeCase("end-before-start", CSV, export(set_row(1, Alkamispäivä="1.6.2024", Päättymispäivä="1.5.2024"),
                                               as_csv=True), export=CSV, row=3, column="Päättymispäivä",
               value="1.5.2024", contains=("alkamispäivän jälkeen",)),
    IntakeCase("amount-broken-separators", CSV, export(set_row(0, Kokonaiskustannukset="12,34,5"), as_csv=True),
               export=CSV, row=2, column="Kokonaiskustannukset", value="12,34,5", contains=("euromäärä",)),
    IntakeCase("amount-words", CSV, export(set_row(4, **{"EU-osarahoitus": "noin 5000"}), as_csv=True), export=CSV,
               row=6, column="EU-osarahoitus", value="noin 5000"),
    IntakeCase("formula-xlsx", XLSX, cell("I3", "=SUM(1,2)"), sheet=SHEET, row=3, column="Kokonaiskustannukset",
               value="=SUM(1,2)", contains=("ei taulukkolaskennan kaavaa",)),
    IntakeCase("formula-csv", CSV, export(set_row(0, Hankkeen_nimi='=HYPERLINK("http://x")'), as_csv=True),
               export=CSV, row=2, column="Hankkeen nimi", value='=HYPERLINK("http://x")'),
    IntakeCase("duplicate-code", XLSX, export(lambda rows: rows[5].update({"Hankekoodi": rows[0]["Hankekoodi"]})),
               sheet=SHEET, row=7, column="Hankekoodi", value="S30001", contains=("sama kuin rivillä 2",)),
    IntakeCase("empty-code", XLSX, export(set_row(3, Hankekoodi="")), sheet=SHEET, row=5, column="Hankekoodi",
               value=""),
    IntakeCase("million-rows-declared", XLSX, claims_a_million_rows, sheet=SHEET, contains=("1048576 riviä",)),
    IntakeCase("hidden-row", XLSX, cell("", None, hidden_row=4), sheet=SHEET, row=4, contains=("piilotettu",)),
    IntakeCase("invisible-character", XLSX, export(set_row(0, Tuensaaja="Kunta\u200b A")), sheet=SHEET, row=2,
               column="Tuensaaja", value="Kunta\\u200b A", contains=("näkymättömiä",)),
    IntakeCase("not-a-workbook", XLSX, write_bytes(XLSX, b"PK\x03\x04 not really a zip" * 10),
               contains=("Excel-työkirja",)),
    IntakeCase("utf16-csv", CSV, write_bytes(CSV, "Hankekoodi;Hankkeen nimi\n".encode("utf-16")), export=CSV,
               contains=("UTF-16",)),
    IntakeCase("header-only", CSV, export(lambda rows: rows.clear(), as_csv=True), export=CSV,
               contains=("vähintään yksi hankerivi",)),
    IntakeCase("settings-unknown-field", "data/haku/sarakkeet.yml",
               setting("data/haku/sarakkeet.yml", "nimi: Hankkeen nimi", "nimii: Hankkeen nimi"), row=6,
               column="nimii", value="nimii", column_label="asetus"),
    IntakeCase("settings-broken-yaml", "data/haku/haku.yml", setting("data/haku/haku.yml", "rahasto:", "rahasto: ["),
               row=4, contains=("YAML",)),
    IntakeCase("bad-year", "--year", export(), value="20x4", year="20x4"),
    IntakeCase("tuo-without-search", "data/haku/2024-ehdokkaat.xlsx", export(), command="tuo", year="2024",
               contains=("joppi haku",)),
    IntakeCase("tuo-include-neither-yes-nor-no", "data/haku/2024-ehdokkaat.xlsx", reviewed({(2, "mukaan"): "ehkä"}),
               command="tuo", year="2024", sheet="Ehdokkaat", row=2, column="mukaan", value="ehkä"),
    IntakeCase("tuo-bad-category", "data/haku/2024-ehdokkaat.xlsx",
               reviewed({(2, "mukaan"): "kyllä", (2, "rooli"): "vetäjä"}), command="tuo", year="2024",
               sheet="Ehdokkaat", row=2, column="rooli", value="vetäjä", contains=("rooli luokituksesta",)),
    IntakeCase("tuo-formula", "data/haku/2024-ehdokkaat.xlsx", reviewed({(2, "nimi"): "=1+1"}), command="tuo",
               year="2024", sheet="Ehdokkaat", row=2, column="nimi", value="=1+1"),
    IntakeCase("tuo-hidden-row", "data/haku/2024-ehdokkaat.xlsx", reviewed_hidden(3), command="tuo", year="2024",
               sheet="Ehdokkaat", row=3, contains=("piilotettu",)),
    IntakeCase("tuo-wrong-year", "data/haku/2025-ehdokkaat.xlsx",
               lambda p: (reviewed({})(p), (p / "data/haku/2024-ehdokkaat.xlsx").rename(
                   p / "data/haku/2025-ehdokkaat.xlsx")), command="tuo", year="2025", sheet="Lähde", column="vuosi",
               value="2024"),
]


def test_the_set_covers_what_the_issue_names():
    ids = {c.id for c in CASES}
    assert len(ids) == len(CASES)
    assert {"wrong-header-xlsx", "date-impossible", "amount-broken-separators", "million-rows-declared",
            "formula-xlsx", "formula-csv", "duplicate-code"} <= ids


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_intake_refuses(case: IntakeCase, tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")
    case.apply(project)
    before = snapshot(project)
    capsys.readouterr()
    status = cli.main(case.argv(project))
    out, err = capsys.readouterr()
    assert status == 2, err
    assert out == ""
    check_report(case, err)
    assert snapshot(project) == before, "the intake wrote in the project"
