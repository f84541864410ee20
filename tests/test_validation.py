"""Validation on small hand-made projects in tmp_path: accepted forms, messages, all errors at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT
from joppi.dataset import check_year, load_year
from joppi.errors import DataError, Issue, near_miss, shown
from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS, parse_date

T1 = "Joustavien koulutusmallien kehittäminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"


def prow(code, **kw) -> dict:
    base = dict(hanketunnus=code, nimi=f"Hanke {code}", toteuttaja="Ammattikorkeakoulu A",
                organisaatiotyyppi="Ammattikorkeakoulu", rooli="yksittäinen", ryhmahanke="",
                ely_keskus="Häme", maakunta="Päijät-Häme", toimialat="Palvelualat", kehittamisteema=T1,
                alkamispaiva="2023-01-01", paattymispaiva="2025-12-31")
    base.update(kw)
    return base


def srow(code, **kw) -> dict:
    base = dict(hanketunnus=code, henkilosto_paatoimiset="0", henkilosto_osa_aikaiset="1",
                osatoteuttajat_paatoimiset="", osatoteuttajat_osa_aikaiset="", haasteet="", tulokset="",
                viestintakanavat="", verkostot="", onnistumiset="", muuta="")
    base.update(kw)
    return base


# Three rows: a group project (main + one sub) and a single project.
PROJECTS = [
    prow("P1", rooli="päätoteuttaja"),
    prow("P1-1", toteuttaja="Kunta A", organisaatiotyyppi="Kunta", rooli="osatoteuttaja", ryhmahanke="P1",
         maakunta="Uusimaa", kehittamisteema=""),
    prow("Y1", toteuttaja="Yritys A", organisaatiotyyppi="Yritys", ely_keskus="Etelä-Savo",
         maakunta="Etelä-Savo", toimialat="Teknologia-ala;Palvelualat", kehittamisteema=T3,
         alkamispaiva="2023-05-01", paattymispaiva="2024-04-30"),
]
SURVEY = [
    srow("P1", henkilosto_paatoimiset="1", henkilosto_osa_aikaiset="2", osatoteuttajat_paatoimiset="0",
         osatoteuttajat_osa_aikaiset="3", haasteet="Tekniset ongelmat;Henkilöstön vaihtuvuus",
         tulokset="Yhteistyöverkostot", viestintakanavat="Esittelytilaisuudet", verkostot="Osatoteuttajat"),
    srow("Y1"),
]


def csv_text(rows: list[dict], columns: list[str], delimiter=";") -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([r[c] for c in columns])
    return buf.getvalue()


def make_project(tmp: Path, projects=PROJECTS, survey=SURVEY, delimiter=";", encoding="utf-8",
                 newline="\n") -> Path:
    root = tmp / "projekti"
    (root / "data" / "kysely").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "luokitukset", root / "data" / "luokitukset")
    shutil.copy2(ROOT / "data" / "julkaisu.yml", root / "data" / "julkaisu.yml")
    for rel, rows, cols in (("data/hankkeet.csv", projects, PROJECT_COLUMNS),
                            ("data/kysely/2023.csv", survey, SURVEY_COLUMNS)):
        if rows is not None:
            text = csv_text(rows, cols, delimiter).replace("\n", newline)
            (root / rel).write_bytes(text.encode(encoding))
    return root


def errors_of(root: Path, year=2023) -> list[Issue]:
    with pytest.raises(DataError) as exc:
        load_year(root, year)
    return exc.value.issues


def where(issues: list[Issue]) -> set[tuple]:
    return {(i.file, i.row, i.column, i.value) for i in issues}


# --------------------------------------------------------------------------- the valid baseline


def test_small_project_loads_typed(tmp_path):
    data = load_year(make_project(tmp_path), 2023)
    p = data.projects
    assert list(p["hanketunnus"]) == ["P1", "P1-1", "Y1"]
    assert list(p["rivi"]) == [2, 3, 4]                     # line numbers, header = 1
    assert p["alkamispaiva"].tolist() == [pd.Timestamp("2023-01-01")] * 2 + [pd.Timestamp("2023-05-01")]
    assert pd.api.types.is_datetime64_any_dtype(p["paattymispaiva"])
    assert p["toimialat"].tolist() == [("Palvelualat",), ("Palvelualat",), ("Teknologia-ala", "Palvelualat")]
    assert len(data.cohort) == 3
    s = data.survey
    assert str(s["henkilosto_paatoimiset"].dtype) == "Int64"
    assert s["osatoteuttajat_osa_aikaiset"].tolist()[0] == 3
    assert s["osatoteuttajat_osa_aikaiset"].isna().tolist() == [False, True]   # single project: NA
    assert s["haasteet"].tolist() == [("Tekniset ongelmat", "Henkilöstön vaihtuvuus"), ()]
    assert set(data.sources) == {"data/hankkeet.csv", "data/kysely/2023.csv",
                                 *(f"data/luokitukset/{f.name}" for f in (ROOT / "data/luokitukset").glob("*.csv")
                                   if not f.name.startswith("loppukysely_"))}   # read only with an end survey


# --------------------------------------------------------------------------- all errors at once


def test_all_errors_reported_at_once(tmp_path):
    bad = [
        prow("P1", rooli="päätoteuttaja", maakunta="Narnia"),                          # line 2
        prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="",
             alkamispaiva="2023-02-30"),                                               # line 3
        prow("Y1", ely_keskus="Etelä-savo", toimialat="Palvelualat;Avaruusala",
             paattymispaiva="2022-12-31"),                                             # line 4
        prow("Y1"),                                                                   # line 5: duplicate
    ]
    issues = errors_of(make_project(tmp_path, projects=bad))
    assert where(issues) == {
        ("data/hankkeet.csv", 2, "maakunta", "Narnia"),
        ("data/hankkeet.csv", 3, "alkamispaiva", "2023-02-30"),
        ("data/hankkeet.csv", 4, "hanketunnus", "Y1"),
        ("data/hankkeet.csv", 4, "ely_keskus", "Etelä-savo"),
        ("data/hankkeet.csv", 4, "toimialat", "Avaruusala"),
        ("data/hankkeet.csv", 4, "paattymispaiva", "2022-12-31"),   # 2022-12-31 is before 2023-01-01
        ("data/hankkeet.csv", 5, "hanketunnus", "Y1"),
    }
    # sorted by row, then by the column's place in the file
    assert [(i.row, i.column) for i in issues] == [
        (2, "maakunta"), (3, "alkamispaiva"), (4, "hanketunnus"), (4, "ely_keskus"), (4, "toimialat"),
        (4, "paattymispaiva"), (5, "hanketunnus")]
    report = DataError(issues).report()
    assert report.startswith("Syöttötiedoissa on 7 virhettä. Mitään ei kirjoitettu.\n"
                             "- data/hankkeet.csv, rivi 2, sarake maakunta: arvo ”Narnia” ei kelpaa.")
    assert report.count("\n- ") == 7


def test_typo_on_a_main_row_is_reported_once(tmp_path):
    """The sub row's ELY is right; only the main row's typo is reported (was: the sub row too)."""
    rows = [prow("P1", rooli="päätoteuttaja", ely_keskus="Etelä-savo"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="", ely_keskus="Etelä-Savo"),
            PROJECTS[2]]
    issues = errors_of(make_project(tmp_path, projects=rows))
    assert where(issues) == {("data/hankkeet.csv", 2, "ely_keskus", "Etelä-savo")}


def test_project_errors_and_survey_format_errors_in_one_run(tmp_path):
    root = make_project(tmp_path, projects=[prow("Y1", maakunta="Narnia")])
    (root / "data/kysely/2023.csv").write_text("hanketunnus;henkilosto\nY1;1\n", encoding="utf-8")
    issues = errors_of(root)
    files = {i.file for i in issues}
    assert files == {"data/hankkeet.csv", "data/kysely/2023.csv"}
    assert ("data/hankkeet.csv", 2, "maakunta", "Narnia") in where(issues)
    missing = {i.column for i in issues if i.file == "data/kysely/2023.csv"}
    assert missing == set(SURVEY_COLUMNS) - {"hanketunnus"} | {"henkilosto"}   # 10 missing + 1 extra


def test_survey_errors_all_at_once(tmp_path):
    bad = [
        srow("P1", henkilosto_paatoimiset="1.5", osatoteuttajat_paatoimiset="", osatoteuttajat_osa_aikaiset="2",
             verkostot="Yritykset;Yrityksett"),
        srow("Y1", henkilosto_osa_aikaiset="-3", osatoteuttajat_paatoimiset="1"),
        srow("P1-1"),
    ]
    issues = errors_of(make_project(tmp_path, survey=bad))
    assert where(issues) == {
        ("data/kysely/2023.csv", 2, "henkilosto_paatoimiset", "1.5"),
        ("data/kysely/2023.csv", 2, "osatoteuttajat_paatoimiset", ""),
        ("data/kysely/2023.csv", 2, "verkostot", "Yrityksett"),
        ("data/kysely/2023.csv", 3, "henkilosto_osa_aikaiset", "-3"),
        ("data/kysely/2023.csv", 3, "osatoteuttajat_paatoimiset", "1"),
        ("data/kysely/2023.csv", 4, "hanketunnus", "P1-1"),
    }
    typo = next(i for i in issues if i.value == "Yrityksett")
    assert typo.suggestion == "Yritykset"


# --------------------------------------------------------------------------- near misses and messages


def test_near_miss_suggestion_for_ely(tmp_path):
    issues = errors_of(make_project(tmp_path, projects=[prow("Y1", ely_keskus="Etelä-savo")]))
    assert len(issues) == 1
    issue = issues[0]
    assert (issue.row, issue.column, issue.value, issue.suggestion) == (2, "ely_keskus", "Etelä-savo", "Etelä-Savo")
    assert issue.message() == (
        "data/hankkeet.csv, rivi 2, sarake ely_keskus: arvo ”Etelä-savo” ei kelpaa. Odotettiin: ELY-keskus "
        "luokituksesta (Häme, Keski-Suomi, Etelä-Savo, Pohjois-Pohjanmaa). Tarkoititko ”Etelä-Savo”?")


def test_near_miss():
    options = ["Häme", "Keski-Suomi", "Etelä-Savo", "Pohjois-Pohjanmaa"]
    assert near_miss("etelä-savo", options) == "Etelä-Savo"        # case only
    assert near_miss("Keski Suomi", options) == "Keski-Suomi"     # one character
    assert near_miss("Hame", options) == "Häme"                   # a lost umlaut
    assert near_miss("Lappi", options) is None
    assert near_miss("", options) is None


def test_issue_message_without_row_value_or_suggestion():
    assert Issue("data/x.csv", None, None, None, "jotain").message() == "data/x.csv: Odotettiin: jotain."
    assert Issue("f", 3, "c", "", "e").message() == "f, rivi 3, sarake c: arvo ”” ei kelpaa. Odotettiin: e."


def test_shown_escapes_control_characters_and_cuts_long_values():
    assert shown("a\x07b") == "”a\\x07b”"
    long = "x" * 200
    assert shown(long) == "”" + "x" * 80 + "… (200 merkkiä)”"


def test_shown_keeps_finnish_letters_next_to_control_characters():
    """Only the control character is escaped (was: the whole value, ä -> \\xe4)."""
    assert shown("Kehittämis\x07yhtiö") == "”Kehittämis\\x07yhtiö”"


# --------------------------------------------------------------------------- accepted alternative forms


def test_long_ely_name_accepted(tmp_path):
    rows = [prow("P1", rooli="päätoteuttaja", ely_keskus="Hämeen ELY-keskus"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="", ely_keskus="Häme"),
            prow("Y1", ely_keskus="Etelä-Savon ELY-keskus")]
    data = load_year(make_project(tmp_path, projects=rows), 2023)
    assert data.projects["ely_keskus"].tolist() == ["Häme", "Häme", "Etelä-Savo"]


def test_region_codes_accepted(tmp_path):
    rows = [prow("P1", rooli="päätoteuttaja", maakunta="07"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="", maakunta="1"),
            prow("Y1", maakunta="Kainuu")]
    data = load_year(make_project(tmp_path, projects=rows), 2023)
    assert data.projects["maakunta"].tolist() == ["Päijät-Häme", "Uusimaa", "Kainuu"]


def test_org_type_codes_accepted(tmp_path):
    rows = [prow("P1", rooli="päätoteuttaja", organisaatiotyyppi="AMK"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="", organisaatiotyyppi="HVA"),
            prow("Y1")]
    data = load_year(make_project(tmp_path, projects=rows), 2023)
    assert data.projects["organisaatiotyyppi"].tolist() == ["Ammattikorkeakoulu", "Hyvinvointialue",
                                                            "Ammattikorkeakoulu"]


def test_finnish_dates_accepted(tmp_path):
    rows = [prow("P1", rooli="päätoteuttaja", alkamispaiva="1.1.2023", paattymispaiva="31.12.2025"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema="",
                 alkamispaiva="01.03.2023", paattymispaiva="2025-12-31"),
            prow("Y1", alkamispaiva="29.2.2024", paattymispaiva="1.3.2024")]
    data = load_year(make_project(tmp_path, projects=rows, survey=SURVEY[:1]), 2023)
    p = data.projects
    assert p["alkamispaiva"].tolist() == [pd.Timestamp(2023, 1, 1), pd.Timestamp(2023, 3, 1), pd.Timestamp(2024, 2, 29)]
    assert p["paattymispaiva"].tolist() == [pd.Timestamp(2025, 12, 31)] * 2 + [pd.Timestamp(2024, 3, 1)]
    assert len(data.cohort) == 2   # Y1 starts in 2024: not in the 2023 cohort


def test_response_of_a_project_starting_in_another_year_is_refused(tmp_path):
    rows = [prow("P1", rooli="päätoteuttaja"), prow("Y1", alkamispaiva="29.2.2024", paattymispaiva="1.3.2024")]
    issues = errors_of(make_project(tmp_path, projects=rows, survey=[srow("Y1")]))
    assert where(issues) == {("data/kysely/2023.csv", 2, "hanketunnus", "Y1")}
    assert issues[0].expected == "vuonna 2023 alkaneen hankkeen tunnus"


def test_parse_date():
    assert parse_date("2023-01-31") == dt.date(2023, 1, 31)
    assert parse_date("31.1.2023") == dt.date(2023, 1, 31)
    assert parse_date("05.09.2023") == dt.date(2023, 9, 5)
    assert parse_date("29.2.2024") == dt.date(2024, 2, 29)
    for bad in ("2023-02-30", "29.2.2023", "2023-1-5", "2023/01/05", "31.1.23", "", "1.13.2023", "2023-01-31 "):
        assert parse_date(bad) is None, bad


def test_comma_delimiter_accepted(tmp_path):
    root = make_project(tmp_path, delimiter=",")
    text = (root / "data/hankkeet.csv").read_text(encoding="utf-8")
    assert text.startswith("hanketunnus,nimi,") and '"Teknologia-ala;Palvelualat"' not in text.split("\n")[0]
    data = load_year(root, 2023)
    assert data.projects["toimialat"].tolist()[2] == ("Teknologia-ala", "Palvelualat")
    assert data.survey["henkilosto_osa_aikaiset"].tolist() == [2, 1]


def test_bom_and_crlf_accepted(tmp_path):
    root = make_project(tmp_path, encoding="utf-8-sig", newline="\r\n")
    assert (root / "data/hankkeet.csv").read_bytes().startswith(b"\xef\xbb\xbfhanketunnus;")
    data = load_year(root, 2023)
    assert data.projects.columns[0] == "hanketunnus"
    assert list(data.projects["hanketunnus"]) == ["P1", "P1-1", "Y1"]
    assert list(data.projects["paattymispaiva"].dt.year) == [2025, 2025, 2024]


def _write_xlsx(path: Path, sheets: dict[str, list[list]]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)


def _excel_rows(rows: list[dict], columns: list[str]) -> list[list]:
    """As a user's workbook has them: dates as real dates, counts as numbers, codes as numbers."""
    out = [list(columns)]
    for r in rows:
        cells = []
        for c in columns:
            v = r[c]
            if c in ("alkamispaiva", "paattymispaiva"):
                v = dt.datetime.fromisoformat(v)
            elif c.startswith(("henkilosto", "osatoteuttajat")) and v != "":
                v = int(v)
            elif v == "":
                v = None
            cells.append(v)
        out.append(cells)
    return out


def test_xlsx_accepted_for_both_files(tmp_path):
    root = make_project(tmp_path, projects=None, survey=None)
    rows = [dict(PROJECTS[0], maakunta=7), *PROJECTS[1:]]     # region code typed as the number 7
    _write_xlsx(root / "data/hankkeet.xlsx", {"Hankkeet": _excel_rows(rows, PROJECT_COLUMNS)})
    _write_xlsx(root / "data/kysely/2023.xlsx", {"Vastaukset": _excel_rows(SURVEY, SURVEY_COLUMNS)})
    data = load_year(root, 2023)
    p = data.projects
    assert list(p["hanketunnus"]) == ["P1", "P1-1", "Y1"]
    assert list(p["rivi"]) == [2, 3, 4]                       # Excel row numbers
    assert p["maakunta"].tolist()[0] == "Päijät-Häme"
    assert p["alkamispaiva"].tolist()[2] == pd.Timestamp(2023, 5, 1)
    assert data.survey["henkilosto_osa_aikaiset"].tolist() == [2, 1]
    assert data.survey["osatoteuttajat_osa_aikaiset"].isna().tolist() == [False, True]
    assert set(data.sources) >= {"data/hankkeet.xlsx", "data/kysely/2023.xlsx"}


def test_xlsx_data_on_a_later_sheet_is_found(tmp_path):
    """read_excel takes the first sheet whose first row is the header, not necessarily the first sheet."""
    root = make_project(tmp_path, projects=None)
    _write_xlsx(root / "data/hankkeet.xlsx", {
        "Ohjeet": [["Täytä tiedot taulukkoon Data"], ["Yksi rivi kutakin toteutusta kohden"]],
        "Data": _excel_rows(PROJECTS, PROJECT_COLUMNS),
    })
    assert list(load_year(root, 2023).projects["hanketunnus"]) == ["P1", "P1-1", "Y1"]


def test_xlsx_errors_name_excel_rows(tmp_path):
    root = make_project(tmp_path, projects=None)
    rows = [PROJECTS[0], dict(PROJECTS[1], ely_keskus="Etelä-Savo"), PROJECTS[2]]
    _write_xlsx(root / "data/hankkeet.xlsx", {"Hankkeet": [[None], *_excel_rows(rows, PROJECT_COLUMNS)]})
    # a blank first row is dropped, so the header (row 2) still counts as the first row
    issues = errors_of(root)
    assert where(issues) == {("data/hankkeet.xlsx", 4, "ely_keskus", "Etelä-Savo")}
    assert issues[0].expected == "sama ELY-keskus kuin ryhmähankkeen päätoteuttajarivillä"


# --------------------------------------------------------------------------- the year argument


def test_check_year(tmp_path):
    root = make_project(tmp_path)
    (root / "data/kysely/2021.xlsx").write_bytes(b"")
    (root / "data/kysely/muistiinpanot.csv").write_bytes(b"")
    assert check_year(root, "2023") == 2023
    assert check_year(root, 2021) == 2021
    for bad in ("2022", "../kysely/2023", "2023.0", "abc"):
        with pytest.raises(DataError) as exc:
            check_year(root, bad)
        (issue,) = exc.value.issues
        assert issue.file == "--year" and issue.value == bad
        assert issue.expected.endswith("aineisto on vuosilta: 2021, 2023")


# --------------------------------------------------------------------------- fixed defects (regression tests)


def test_row_numbers_after_a_cell_with_a_line_break(tmp_path):
    """'rivi' is the physical line a record starts on (was: the record number)."""
    rows = [prow("P1", rooli="päätoteuttaja", nimi="Kaksirivinen\nnimi"),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema=""),
            prow("Y1", ely_keskus="Etelä-savo")]
    root = make_project(tmp_path, projects=rows)
    lines = (root / "data/hankkeet.csv").read_text(encoding="utf-8").split("\n")
    y1_line = next(n for n, line in enumerate(lines, start=1) if line.startswith("Y1;"))
    assert y1_line == 5
    issues = errors_of(root)
    assert ("data/hankkeet.csv", 5, "ely_keskus", "Etelä-savo") in where(issues)


@pytest.mark.parametrize("column,value", [("nimi", "Kaksirivinen\nnimi"), ("toteuttaja", "Kunta\tA")])
def test_line_break_or_tab_in_a_name_is_refused(tmp_path, column, value):
    """One-line fields refuse line breaks and tabs (was: only other control characters)."""
    rows = [prow("P1", rooli="päätoteuttaja", **{column: value}),
            prow("P1-1", rooli="osatoteuttaja", ryhmahanke="P1", kehittamisteema=""), PROJECTS[2]]
    issues = errors_of(make_project(tmp_path, projects=rows))
    assert [(i.row, i.column) for i in issues] == [(2, column)]


# --------------------------------------------------------------------------- input reliability, round two

def test_decomposed_letters_are_normalised_where_text_enters(tmp_path):
    """"Häme" typed as H + a + combining diaeresis is the ELY centre Häme, and one implementer, not two."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Etelä-Savo")
    assert nfd != "Etelä-Savo"
    rows = [*PROJECTS[:2], dict(PROJECTS[2], ely_keskus=nfd, toteuttaja=unicodedata.normalize("NFD", "Yritys Ä"))]
    data = load_year(make_project(tmp_path, projects=rows), 2023)
    assert data.projects["ely_keskus"].tolist()[2] == "Etelä-Savo"
    assert data.projects["toteuttaja"].tolist()[2] == "Yritys Ä"


def test_invisible_characters_are_refused_with_the_place(tmp_path):
    rows = [PROJECTS[0], dict(PROJECTS[1], toteuttaja="Kunta\u200b A"), PROJECTS[2]]
    issues = errors_of(make_project(tmp_path, projects=rows))
    assert where(issues) == {("data/hankkeet.csv", 3, "toteuttaja", "Kunta\u200b A")}
    assert "\\u200b" in issues[0].message()     # shown, never printed raw


def test_lookalike_twins_prefer_the_latin_spelling():
    from joppi.errors import lookalike_twins, skeleton

    assert skeleton("Kunta \u0410") == "Kunta A"
    # the Cyrillic spelling is the twin even when it comes first
    assert lookalike_twins(["Kunta \u0410", "Kunta A", "Kunta B"]) == {"Kunta \u0410": "Kunta A"}
    assert lookalike_twins(["Kunta A", "Kunta B"]) == {}


def test_near_miss_reads_lookalike_letters_as_latin():
    assert near_miss("\u041d\u00e4me", ["Häme", "Lappi"]) == "Häme"      # Cyrillic Н


def test_free_text_checks_all_run(tmp_path):
    survey = [srow("P1", henkilosto_paatoimiset="1", henkilosto_osa_aikaiset="2", osatoteuttajat_paatoimiset="0",
                   osatoteuttajat_osa_aikaiset="3", onnistumiset="=1+1"),
              srow("Y1", muuta="x" * 5001)]
    issues = errors_of(make_project(tmp_path, survey=survey))
    assert {(i.row, i.column) for i in issues} == {(2, "onnistumiset"), (3, "muuta")}
    assert {i.expected for i in issues} == {"tekstiä, joka ei ala merkeillä = + - @ (taulukkolaskennan kaava)",
                                            "enintään 5000 merkkiä"}


def test_settings_schema_accepts_the_real_file_and_keeps_its_values():
    from joppi.config import load_publication

    pub = load_publication(ROOT)
    assert (pub.notebooks, pub.suppress_below, pub.standout_min_rows, pub.standout_min_leads) == \
        (("luvut", "kuviot"), 3, 3, 2)
    assert pub.pdf_file(2023) == "joppi-tilannekuva-2023.pdf"


@pytest.mark.parametrize("line, key, expected", [
    ("kysely_pienin_naytettava: 2", "kysely_pienin_naytettava", "väliltä 3–1000"),
    ("kysely_pienin_naytettava: false", "kysely_pienin_naytettava", "kokonaisluku"),
    ("kysely_pienin_naytettava: 3.0", "kysely_pienin_naytettava", "kokonaisluku"),
])
def test_settings_threshold_types_and_range(tmp_path, line, key, expected):
    from joppi.config import load_publication

    root = make_project(tmp_path)
    path = root / "data" / "julkaisu.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kysely_pienin_naytettava: 3", line), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_publication(root)
    [issue] = exc.value.issues
    from bad_inputs.cases import setting_line

    assert (issue.file, issue.row, issue.column, issue.column_label) == (
        "data/julkaisu.yml", setting_line("kysely_pienin_naytettava"), key, "asetus")
    assert expected in issue.expected


def test_alias_bomb_is_refused_without_expanding(tmp_path):
    import resource

    from joppi.config import load_publication

    root = make_project(tmp_path)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(9))
    (root / "data" / "julkaisu.yml").write_text(bomb, encoding="utf-8")   # 10**10 strings if expanded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(DataError) as exc:
        load_publication(root)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000   # kB
    assert exc.value.issues[0].row == 1 and "ankkureita" in exc.value.issues[0].expected


def test_workbook_messages_name_the_sheet_read(tmp_path):
    root = make_project(tmp_path, projects=None)
    rows = [PROJECTS[0], dict(PROJECTS[1], maakunta="Narnia"), PROJECTS[2]]
    _write_xlsx(root / "data/hankkeet.xlsx", {"Ohjeet": [["Lue tämä"]], "Data": _excel_rows(rows, PROJECT_COLUMNS)})
    issues = errors_of(root)
    assert [(i.sheet, i.row, i.column) for i in issues] == [("Data", 3, "maakunta")]
    assert issues[0].message().startswith("data/hankkeet.xlsx, taulukko ”Data”, rivi 3, sarake maakunta: ")


def test_far_away_cell_is_refused_in_bounded_memory(tmp_path):
    """A single cell at XFD1048576 made openpyxl allocate the declared grid (24 GB); now: a message."""
    import resource

    from openpyxl import Workbook

    root = make_project(tmp_path, projects=None)
    wb = Workbook()
    ws = wb.active
    for r in _excel_rows(PROJECTS, PROJECT_COLUMNS):
        ws.append(r)
    ws["XFD1048576"] = "x"
    wb.save(root / "data/hankkeet.xlsx")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    issues = errors_of(root)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000   # kB
    assert issues[0].row is None and issues[0].sheet == "Sheet"
    assert "1048576 riviä × 16384 saraketta" in issues[0].expected


def test_region_code_forms_and_duplicates_in_classifications(tmp_path):
    from joppi.classifications import TableRules, check_table

    rules = TableRules(aliases=("koodi", "nimi"), code_form=lambda c: c.zfill(2))
    rows = [(2, {"koodi": "01", "nimi": "Uusimaa"}), (3, {"koodi": "1", "nimi": "Itä-Uusimaa"}),
            (4, {"koodi": "05", "nimi": ""}), (5, {"koodi": "06", "nimi": "Uusimaa"})]
    issues = check_table("m.csv", rows, ["koodi", "nimi"], rules)
    assert [(i.row, i.column, i.value) for i in issues] == [(3, "koodi", "1"), (4, "nimi", ""), (5, "nimi", "Uusimaa")]
