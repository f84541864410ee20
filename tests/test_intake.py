"""The intake (joppi haku, joppi tuo): search words, selection against a hand-made key, suggestions,
the review workbook, the 2023 round trip, and bad input refused with nothing written."""

from __future__ import annotations

import hashlib
import time
import zipfile
from pathlib import Path

import pytest

from conftest import copy_project
from intake_roundtrip import export_2023, rows_2023
from intake_synthetic import EXISTING, HEADERS, INTAKE_DIFFERS, build, existing_rows, write_csv, write_xlsx
from joppi.cli import main
from joppi.intake import morphology
from joppi.intake.export import parse_amount
from joppi.intake.haku import CANDIDATE_COLUMNS, candidates_path, run_haku
from joppi.intake.rules import JUDGED
from joppi.intake.sheets import read_workbook
from joppi.intake.tuo import run_tuo, source_path
from joppi.validation import PROJECT_COLUMNS

EXTRACTED = "15.1.2025"


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def candidates(project: Path, year: int) -> dict[str, dict[str, str]]:
    sheet = read_workbook(candidates_path(project, year), project)["Ehdokkaat"].frame
    return {r["hanketunnus"]: {**r.to_dict(), "_rivi": int(i)} for i, r in sheet.iterrows()}


def set_cells(book: Path, sheet: str, edits: dict[tuple[str, str], str]) -> None:
    """Edit the review workbook as an analyst would: (code, column) -> new value."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for (code, column), value in edits.items():
            if row[0].value == code:
                row[header.index(column)].value = value
    wb.save(book)


# --- Finnish search words -------------------------------------------------------------------

@pytest.mark.parametrize("word, text, expected", [
    ("jatkuva oppiminen", "Hanke tukee jatkuvan oppimisen palveluja.", ["jatkuvan oppimisen"]),
    ("jatkuva oppiminen", "Jatkuvaa oppimista tuetaan.", ["Jatkuvaa oppimista"]),
    ("aikuiskoulutus", "aikuiskoulutuksen saavutettavuus", ["aikuiskoulutuksen"]),
    ("lisäkoulutus", "ohjataan lisäkoulutuksiin", ["lisäkoulutuksiin"]),
    ("ammatillinen koulutus", "ammatilliseen koulutukseen", ["ammatilliseen koulutukseen"]),
    ("jatkuva oppiminen", "Prosesseja kehitetään jatkuvasti oppimista tukien.", []),
    ("jatkuva oppiminen", "Jatkuvan parantamisen mallit.", []),
    ("ammatillinen koulutus", "Hanke edistää koulutusvientiä.", []),
    ("ammatillinen koulutus", "koulutusviennin markkinat", []),
    ("aikuiskoulutus", "aikuisten liikuntapalvelut", []),
])
def test_search_words_match_inflected_forms_only(word, text, expected):
    assert morphology.find(morphology.phrase(word), text) == expected


# --- the synthetic export against its answer key -------------------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("haku") / "projekti")
    rows, key, region = build()
    rows += existing_rows(project)
    xlsx = write_xlsx(rows, project / "vienti.xlsx")
    run_haku(project, 2024, xlsx, EXTRACTED)
    return project, rows, key, region, candidates(project, 2024)


def precision_recall(key: dict[str, str], got: dict[str, dict]) -> tuple[float, float, int, int, int]:
    selected = {c for c, r in got.items() if r["tila"] == "ehdokas"}
    relevant = {c for c, label in key.items() if label == "ehdokas"}
    tp = len(selected & relevant)
    return tp / len(selected), tp / len(relevant), tp, len(selected - relevant), len(relevant - selected)


def test_synthetic_export_is_large_and_varied(synthetic):
    _, rows, key, _, _ = synthetic
    assert len(rows) >= 300
    assert {r["Rahasto"] for r in rows} == {"EAKR", "ESR+", "JTF"}
    assert {r["Erityistavoite"].split()[0] for r in rows} >= {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3",
                                                              "2.4", "4.1", "4.2", "4.3", "4.4", "4.5", "6.1"}
    assert sum(1 for r in rows if r["Päähankkeen koodi"]) >= 50


def test_selection_precision_and_recall(synthetic):
    _, _, key, _, got = synthetic
    precision, recall, tp, fp, fn = precision_recall(key, got)
    assert precision >= 0.95 and recall >= 0.95
    # the misses are exactly the hard cases worked out by hand
    assert (fp, fn) == (sum(v == "ehdokas" for v in INTAKE_DIFFERS.values()),
                        sum(v != "ehdokas" for v in INTAKE_DIFFERS.values()))


def test_every_near_miss_is_listed_with_the_filter_that_failed(synthetic):
    _, _, key, _, got = synthetic
    reasons = {"rahasto": "rahasto ei ole", "erityistavoite": "erityistavoite ei ole",
               "viranomainen": "viranomainen ei ole", "alkamisvuosi": "ei alkanut haun vuonna",
               "hakusana": "ei ole hakusanaa"}
    for code, label in key.items():
        label = INTAKE_DIFFERS.get(code, label)   # the hard cases the intake is known to get wrong
        if label.startswith("lähes:"):
            assert got[code]["tila"] == "lähes", code
            assert reasons[label.split(":")[1]] in got[code]["perustelu"], (code, got[code]["perustelu"])
            assert got[code]["mukaan"] == "ei"
        elif label == "ei":
            assert code not in got
    assert all(got[c]["mukaan"] == "kyllä" for c, label in key.items() if INTAKE_DIFFERS.get(c, label) == "ehdokas")


def test_search_word_reason_names_the_word_as_written_and_where(synthetic):
    _, rows, _, _, got = synthetic
    code = next(r["Hankekoodi"] for r in rows if r["Hankkeen tarkoitus ja tulokset"].startswith("Työttömiä ohjataan")
                and not r["Päähankkeen koodi"] and got.get(r["Hankekoodi"], {}).get("tila") == "ehdokas")
    assert "lisäkoulutus: ”lisäkoulutuksiin” (tarkoitus)" in got[code]["perustelu"]
    name_only = next(c for c, r in got.items() if r["nimi"] == "Jatkuvan oppimisen verkosto")
    assert "”Jatkuvan oppimisen” (nimi)" in got[name_only]["perustelu"]


def test_group_projects_roles_and_odd_municipalities(synthetic):
    _, rows, key, region, got = synthetic
    subs = [r for r in rows if r["Päähankkeen koodi"] and key.get(r["Hankekoodi"]) == "ehdokas"]
    assert subs
    for r in subs:
        g = got[r["Hankekoodi"]]
        assert (g["rooli"], g["ryhmahanke"]) == ("osatoteuttaja", r["Päähankkeen koodi"])
        assert got[r["Päähankkeen koodi"]]["rooli"] == "päätoteuttaja"
        assert g["kehittamisteema"] == ""
        assert g["ely_keskus"] == got[r["Päähankkeen koodi"]]["ely_keskus"]
    for code, g in got.items():
        if code in region:
            assert g["maakunta"] == region[code], (code, g["kunta"])
            if region[code] == "":
                assert "maakunta" in g["tarkistettavaa"] or "kunta" in g["tarkistettavaa"], code


def test_existing_project_is_marked_and_its_moved_end_date_listed(synthetic):
    project, *_, got = synthetic
    assert "jo aineistossa" in got["S23001"]["tila"] and got["S23001"]["mukaan"] == "ei"
    changes = read_workbook(candidates_path(project, 2024), project)["Muutokset"].frame
    assert changes[["hanketunnus", "sarake", "nykyinen", "viennissa", "hyvaksy"]].values.tolist() == [
        ["S23001", "paattymispaiva", "2026-10-31", EXISTING["S23001"]["Päättymispäivä"].isoformat(), ""]]


@pytest.mark.parametrize("beneficiary, expected", [
    ("Jyväskylän ammattikorkeakoulu Oy", "Ammattikorkeakoulu"), ("Savon koulutuskuntayhtymä",
                                                                   "Ammatillisen koulutuksen järjestäjä"),
    ("Kehitysyhtiö Savonlinna Oy", "Kehittämisyhtiö"), ("Konepaja Virtanen Oy", "Yritys"),
    ("Työllisyyden tuki ry", "Yhdistys tai järjestö"), ("Opintosäätiö Kaari", "Yhdistys tai järjestö"),
    ("Mikkelin kaupunki", "Kunta"), ("Pedersören kunta", "Kunta"), ("Hyvinvointialue Keski-Suomi", "Hyvinvointialue"),
    ("Kuopion kansalaisopisto", "Kansalaisopisto"), ("Oulun yliopisto", "Yliopisto"), ("Matti Meikäläinen", ""),
])
def test_organisation_type_from_the_name(synthetic, beneficiary, expected):
    from joppi.classifications import load_classifications
    from joppi.intake.rules import load_rules, organisation_type
    from joppi.intake.settings import load_settings

    project = synthetic[0]
    cls = load_classifications(project / "data" / "luokitukset")
    rules = load_rules(project, load_settings(project, cls))
    assert organisation_type(beneficiary, rules)[0] == expected


def test_csv_export_with_finnish_dates_and_amounts_gives_the_same_workbook(synthetic, tmp_path):
    project, rows, *_ , got = synthetic
    other = copy_project(tmp_path / "p")
    run_haku(other, 2024, write_csv(rows, tmp_path / "vienti.csv"), EXTRACTED)
    again = candidates(other, 2024)
    strip = ["_rivi", "viennin_rivi"]   # a cell with a line break makes the CSV's later lines one further
    assert {c: {k: v for k, v in r.items() if k not in strip} for c, r in again.items()} == \
        {c: {k: v for k, v in r.items() if k not in strip} for c, r in got.items()}


# --- the 2023 round trip ----------------------------------------------------------------------

def empty_projects(project: Path) -> None:
    path = project / "data" / "hankkeet.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines(keepends=True)[0], encoding="utf-8")


def round_trip_agreement(original, back) -> dict[str, int]:
    """How many of the rows' judged columns the keyword suggestions got right (fields as sets)."""
    return {"toimialat": sum(set(back[r["hanketunnus"]]["toimialat"].split(";")) == set(r["toimialat"].split(";"))
                             for r in original),
            "kehittamisteema": sum(back[r["hanketunnus"]]["kehittamisteema"] == r["kehittamisteema"]
                                   for r in original)}


def test_round_trip_2023_reproduces_the_45_rows(tmp_path):
    project = copy_project(tmp_path / "projekti")
    original = rows_2023(project)
    assert len(original) == 45
    export = export_2023(project, tmp_path / "eura-2023.xlsx")
    empty_projects(project)
    run_haku(project, 2023, export, EXTRACTED)
    got = candidates(project, 2023)
    assert {c for c, r in got.items() if r["mukaan"] == "kyllä"} == {r["hanketunnus"] for r in original}
    assert all("toimialat ja kehittamisteema" in r["tarkistettavaa"] for r in got.values())
    run_tuo(project, 2023)           # every suggestion accepted as it is
    back = {r["hanketunnus"]: r for r in rows_2023(project)}
    known = [c for c in PROJECT_COLUMNS if c not in JUDGED]
    for r in original:
        assert {c: back[r["hanketunnus"]][c] for c in known} == {c: r[c] for c in known}
    agree = round_trip_agreement(original, back)
    assert agree["toimialat"] >= 40 and agree["kehittamisteema"] >= 40, agree
    assert main(["--root", str(project), "validate", "--year", "2023"]) == 0
    assert source_path(project, 2023).read_text(encoding="utf-8") == (
        "vuosi: 2023\ntietopalvelu: EURA 2021 -tietopalvelu\ntiedosto: eura-2023.xlsx\npoimittu: 15.1.2025\n"
        f"sha256: {digest(export)}\n")


# --- joppi tuo: accepted rows and changes, atomic, idempotent -----------------------------------

@pytest.fixture
def reviewed(tmp_path):
    """A 2024 search of the synthetic export, edited so that it can be imported."""
    project = copy_project(tmp_path / "projekti")
    rows, key, region = build()
    rows += existing_rows(project)
    run_haku(project, 2024, write_xlsx(rows, tmp_path / "vienti.xlsx"), EXTRACTED)
    got = candidates(project, 2024)
    edits = {}
    for code, r in got.items():
        if r["mukaan"] != "kyllä":
            continue
        if not r["maakunta"]:
            edits[(code, "maakunta")] = "Uusimaa"
        if not r["kehittamisteema"] and r["rooli"] != "osatoteuttaja":
            edits[(code, "kehittamisteema")] = "Osaamisen vahvistaminen ja laajentaminen"
    set_cells(candidates_path(project, 2024), "Ehdokkaat", edits)
    return project, got


def test_tuo_appends_accepted_rows_and_a_second_run_changes_nothing(reviewed):
    project, got = reviewed
    csv_path = project / "data" / "hankkeet.csv"
    before = csv_path.read_bytes()
    assert main(["--root", str(project), "tuo", "--year", "2024"]) == 0
    after = csv_path.read_bytes()
    assert after.startswith(before)          # no existing row rewritten
    added = after[len(before):].decode("utf-8").splitlines()
    assert len(added) == sum(r["mukaan"] == "kyllä" for r in got.values())
    first = {p: digest(p) for p in (csv_path, source_path(project, 2024))}
    assert main(["--root", str(project), "tuo", "--year", "2024"]) == 0
    assert {p: digest(p) for p in first} == first


def test_tuo_applies_only_accepted_changes(reviewed):
    project, _ = reviewed
    csv_path = project / "data" / "hankkeet.csv"
    run_tuo(project, 2024)
    assert "2026-10-31" in next(line for line in csv_path.read_text(encoding="utf-8").splitlines()
                                if line.startswith("S23001;"))
    set_cells(candidates_path(project, 2024), "Muutokset", {("S23001", "hyvaksy"): "kyllä"})
    before = csv_path.read_text(encoding="utf-8").splitlines()
    result = run_tuo(project, 2024)
    assert result.changed == [("S23001", "paattymispaiva")]
    after = csv_path.read_text(encoding="utf-8").splitlines()
    diff = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(diff) == 1 and diff[0][0].startswith("S23001;") and diff[0][1].endswith(";2027-03-31")


def test_failed_tuo_leaves_every_file_byte_identical(reviewed, capsys):
    project, got = reviewed
    code = next(c for c, r in got.items() if r["mukaan"] == "kyllä" and r["rooli"] == "yksittäinen")
    set_cells(candidates_path(project, 2024), "Ehdokkaat", {(code, "organisaatiotyyppi"): "Ammattikorkeakolu"})
    files = {p: digest(p) for p in (project / "data").rglob("*") if p.is_file()}
    assert main(["--root", str(project), "tuo", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    row = got[code]["_rivi"]
    # the message of `joppi validate`, at the workbook's row
    assert (f"data/haku/2024-ehdokkaat.xlsx, taulukko ”Ehdokkaat”, rivi {row}, sarake organisaatiotyyppi: arvo "
            "”Ammattikorkeakolu” ei kelpaa. Odotettiin: organisaatiotyyppi luokituksesta") in err
    assert "Tarkoititko ”Ammattikorkeakoulu”?" in err
    assert {p: digest(p) for p in (project / "data").rglob("*") if p.is_file()} == files
    assert not source_path(project, 2024).exists()


def test_tuo_refuses_a_duplicate_code_and_an_existing_row_with_other_values(reviewed, capsys):
    project, got = reviewed
    book = candidates_path(project, 2024)
    codes = [c for c, r in got.items() if r["mukaan"] == "kyllä" and r["rooli"] == "yksittäinen"][:2]
    set_cells(book, "Ehdokkaat", {(codes[1], "hanketunnus"): codes[0], ("S23001", "mukaan"): "kyllä"})
    before = digest(project / "data" / "hankkeet.csv")
    assert main(["--root", str(project), "tuo", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "sarake hanketunnus: arvo ”S23001” ei kelpaa. Odotettiin: uusi hanketunnus; hanke on jo" in err
    assert digest(project / "data" / "hankkeet.csv") == before
    set_cells(book, "Ehdokkaat", {("S23001", "mukaan"): "ei"})
    assert main(["--root", str(project), "tuo", "--year", "2024"]) == 2
    assert f"arvo ”{codes[0]}” ei kelpaa. Odotettiin: hanketunnus, joka esiintyy tiedostossa vain kerran" in \
        capsys.readouterr().err
    assert digest(project / "data" / "hankkeet.csv") == before


# --- bad input: refused with the file, row, column, value and what was expected; nothing written ---

def small_export(tmp_path: Path, edit=None, csv_out=False) -> Path:
    rows, _, _ = build()
    rows = [dict(r) for r in rows[:12]]
    if edit:
        edit(rows)
    return write_csv(rows, tmp_path / "vienti.csv") if csv_out else write_xlsx(rows, tmp_path / "vienti.xlsx")


def refused(project: Path, export: Path, capsys) -> str:
    files = {p: digest(p) for p in (project / "data").rglob("*") if p.is_file()}
    assert main(["--root", str(project), "haku", "--year", "2024", "--poimittu", EXTRACTED, str(export)]) == 2
    assert {p: digest(p) for p in (project / "data").rglob("*") if p.is_file()} == files
    return capsys.readouterr().err


def test_wrong_headers_list_the_exports_headers_and_the_line_to_change(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")

    def rename(rows):
        for r in rows:
            r["Hankkeen nimi"] = r.pop("Hankkeen nimi")
    export = small_export(tmp_path, rename)
    from openpyxl import load_workbook
    wb = load_workbook(export)
    wb.active["C1"] = "Hankenimi"
    wb.save(export)
    err = refused(project, export, capsys)
    assert "vienti.xlsx, taulukko ”Hankkeet”, rivi 1, sarake Hankkeen nimi: Odotettiin: otsikko Hankkeen nimi, " \
           "jonka data/haku/sarakkeet.yml rivillä 6 nimeää kentälle nimi; viennin otsikot ovat: Hankekoodi, " \
           "Päähankkeen koodi, Hankenimi, Tuensaaja" in err
    assert "Muuta tiedoston sarakkeet.yml rivi 6" in err and "Tarkoititko ”nimi: Hankenimi”?" in err
    assert (project / "data" / "haku" / "sarakkeet.yml").read_text(encoding="utf-8").splitlines()[5] == \
        "nimi: Hankkeen nimi"


def test_dates_in_both_formats_accepted_and_broken_ones_refused(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")

    def dates(rows):
        rows[0]["Alkamispäivä"] = "1.3.2024"
        rows[1]["Alkamispäivä"] = "2024-03-01"
        rows[2]["Päättymispäivä"] = "31.2.2026"
        rows[3]["Alkamispäivä"] = "maaliskuu 2024"
    err = refused(project, small_export(tmp_path, dates, csv_out=True), capsys)
    assert "rivi 4, sarake Päättymispäivä: arvo ”31.2.2026” ei kelpaa. Odotettiin: päivämäärä" in err
    assert "rivi 5, sarake Alkamispäivä: arvo ”maaliskuu 2024” ei kelpaa" in err
    assert "rivi 2," not in err and "rivi 3," not in err


@pytest.mark.parametrize("text, value", [("125000", "125000"), ("125 000,50", "125000.50"),
                                         ("1\u00a0234\u00a0567,89", "1234567.89"), ("1.234.567,89", "1234567.89"),
                                         ("1,234,567.89", "1234567.89"), ("125 000 €", "125000"), ("", None)])
def test_amounts_with_thousand_separators(text, value):
    from decimal import Decimal

    assert parse_amount(text) == (None if value is None else Decimal(value))


def test_a_small_workbook_claiming_a_million_rows_is_refused_fast(tmp_path, capsys):
    from test_intake_bad_inputs import XLSX, claims_a_million_rows

    project = copy_project(tmp_path / "projekti")
    claims_a_million_rows(project)
    assert 800_000 < (project / XLSX).stat().st_size < 1_300_000
    t = time.monotonic()
    err = refused(project, project / XLSX, capsys)
    assert time.monotonic() - t < 5
    assert "1048576 riviä" in err


def test_headers_listed_in_the_key_are_those_of_sarakkeet_yml():
    import yaml

    from conftest import ROOT
    mapped = yaml.safe_load((ROOT / "data" / "haku" / "sarakkeet.yml").read_text(encoding="utf-8"))
    assert list(mapped.values()) == HEADERS
    assert CANDIDATE_COLUMNS[0] == "hanketunnus" and set(PROJECT_COLUMNS) <= set(CANDIDATE_COLUMNS)


def test_workbook_keeps_text_as_text(tmp_path):
    project = copy_project(tmp_path / "projekti")

    def odd(rows):
        rows[0]["Hankkeen nimi"] = "Jatkuvan oppimisen www.example.fi -palvelu"
        rows[0]["Tuensaaja"] = "-Osuuskunta Oppi"
    export = small_export(tmp_path, odd)
    run_haku(project, 2024, export, EXTRACTED)
    with zipfile.ZipFile(candidates_path(project, 2024)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f>" not in sheet and "hyperlink" not in sheet.lower()
        assert "www.example.fi" in z.read("xl/sharedStrings.xml").decode("utf-8")
    got = candidates(project, 2024)
    assert got[build()[0][0]["Hankekoodi"]]["toteuttaja"] == "-Osuuskunta Oppi"


# --- provenance in the colophon, and the measured precision in docs/ ------------------------------

def test_colophon_says_where_and_when_the_rows_were_taken(tmp_path):
    from datetime import datetime, timezone

    from joppi.build import kolofoni_markdown
    from joppi.intake.lahde import extractions

    data = tmp_path / "data"
    (data / "haku").mkdir(parents=True)
    (data / "haku" / "2023-lahde.yml").write_text(
        "vuosi: 2023\ntietopalvelu: EURA 2021 -tietopalvelu\ntiedosto: eura-2023.xlsx\npoimittu: 15.1.2025\n"
        f"sha256: {'a' * 64}\n", encoding="utf-8")
    (data / "haku" / "2025-lahde.yml").write_text("vuosi: 2025\npoimittu: 1.2.2026\n", encoding="utf-8")
    records = extractions(data, 2024)
    assert [r["vuosi"] for r in records] == [2023]       # a later year's export is not this edition's

    def colophon(lang, extracts):
        return kolofoni_markdown({"data/hankkeet.csv": "0" * 64}, "0.1.0", datetime(2026, 1, 1, tzinfo=timezone.utc),
                                 "Otsikko", "Alaotsikko", "OPH", lang=lang, extracts=extracts)
    fi = colophon("fi", records)
    # markdown-escaped as every data text of the colophon ("EURA 2021 -tietopalvelu, poimittu 15.1.2025" shown)
    assert ("Hankeaineisto on poimittu:\n\n- Vuoden 2023 hankkeet: EURA 2021 \\-tietopalvelu, poimittu 15\\.1\\.2025 "
            "(vientitiedosto `eura-2023.xlsx`, SHA-256:  \n  `" + "a" * 64 + "`)") in fi
    assert "hämtat 15\\.1\\.2025" in colophon("sv", records)
    assert colophon("fi", []) == colophon("fi", ())      # without a record the colophon is as it was
    assert "poimittu" not in colophon("fi", [])


def test_precision_doc_is_current():
    from intake_measure import DOC, measure

    assert DOC.read_text(encoding="utf-8") == measure(), "run: PYTHONPATH=src python3 tests/intake_measure.py"
    text = DOC.read_text(encoding="utf-8")
    precision = float(text.split("| tarkkuus (precision) | ")[1].split(" ")[0])
    recall = float(text.split("| saanti (recall) | ")[1].split(" ")[0])
    assert precision >= 0.95 and recall >= 0.95


def test_haku_keeps_an_edited_workbook_unless_told_to_replace_it(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")
    export = small_export(tmp_path)
    run_haku(project, 2024, export, EXTRACTED)
    book = candidates_path(project, 2024)
    first = digest(book)
    run_haku(project, 2024, export, EXTRACTED)              # the same export again: the same bytes
    assert digest(book) == first
    set_cells(book, "Ehdokkaat", {(build()[0][0]["Hankekoodi"], "mukaan"): "ei"})
    edited = digest(book)
    assert main(["--root", str(project), "haku", "--year", "2024", "--poimittu", EXTRACTED, str(export)]) == 2
    assert "valitsimella --korvaa" in capsys.readouterr().err and digest(book) == edited
    assert main(["--root", str(project), "haku", "--year", "2024", "--poimittu", EXTRACTED, "--korvaa",
                 str(export)]) == 0
    assert digest(book) == first


def test_tuo_twice_with_long_forms_typed_by_the_analyst_changes_nothing(reviewed):
    project, got = reviewed
    code = next(c for c, r in got.items() if r["mukaan"] == "kyllä" and r["ely_keskus"] == "Häme"
                and r["rooli"] == "yksittäinen")
    set_cells(candidates_path(project, 2024), "Ehdokkaat", {(code, "ely_keskus"): "Hämeen ELY-keskus"})
    run_tuo(project, 2024)
    csv_path = project / "data" / "hankkeet.csv"
    line = next(x for x in csv_path.read_text(encoding="utf-8").splitlines() if x.startswith(f"{code};"))
    assert ";Häme;" in line                          # written in the canonical form
    first = digest(csv_path)
    assert run_tuo(project, 2024).wrote is False and digest(csv_path) == first


def test_the_build_states_the_recorded_export_in_the_colophon(tmp_path):
    """Through the real pipeline (Quarto's pre-render step, which writes _joppi/kolofoni.md as the build does)."""
    from conftest import copy_full_project
    from joppi.build import GENERATED
    from test_prerender import run_pre_render

    root = copy_full_project(tmp_path / "projekti")
    (root / "data" / "haku" / "2023-lahde.yml").write_text(
        "vuosi: 2023\ntietopalvelu: EURA 2021 -tietopalvelu\ntiedosto: eura-2023.xlsx\npoimittu: 15.1.2025\n"
        f"sha256: {'b' * 64}\n", encoding="utf-8")
    result = run_pre_render(root)
    assert result.returncode == 0, result.stderr
    colophon = (root / GENERATED / "kolofoni.md").read_text(encoding="utf-8")
    assert "Vuoden 2023 hankkeet: EURA 2021 \\-tietopalvelu, poimittu 15\\.1\\.2025 (vientitiedosto " \
           "`eura-2023.xlsx`" in colophon


def test_title_rows_above_the_exports_header_are_left_out(tmp_path):
    from openpyxl import load_workbook

    project = copy_project(tmp_path / "projekti")
    export = small_export(tmp_path)
    wb = load_workbook(export)
    wb.active.insert_rows(1, 2)
    wb.active["A1"] = "EURA 2021 -hankehaku, poimittu 15.1.2025"
    wb.save(export)
    run_haku(project, 2024, export, EXTRACTED)
    got = candidates(project, 2024)
    first = build()[0][0]["Hankekoodi"]
    assert got[first]["viennin_rivi"] == "4"          # the workbook's own row number


def test_authorities_named_otherwise_are_mapped_in_haku_yml(tmp_path):
    project = copy_project(tmp_path / "projekti")
    path = project / "data" / "haku" / "haku.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "viranomaiset: ely_keskukset", "viranomaiset:\n  Hämeen elinvoimakeskus: Häme"), encoding="utf-8")

    def renamed(rows):
        for r in rows:
            r["Rahoittava viranomainen"] = r["Rahoittava viranomainen"].replace("Hämeen ELY-keskus",
                                                                                "Hämeen elinvoimakeskus")
    run_haku(project, 2024, small_export(tmp_path, renamed), EXTRACTED)
    got = candidates(project, 2024)
    hame = [r for r in got.values() if r["viranomainen"] == "Hämeen elinvoimakeskus"]
    assert hame and all(r["ely_keskus"] == "Häme" and "viranomainen" not in r["perustelu"] for r in hame)
    others = [r for r in got.values() if r["viranomainen"] != "Hämeen elinvoimakeskus"]
    assert others and all("viranomainen ei ole haun viranomainen" in r["perustelu"] for r in others)
