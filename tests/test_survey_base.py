"""The start survey's base (issue 20, items 1-2): a cumulative edition pools every cohort's start
survey and names its base everywhere; a question blank for every respondent is refused as an
export fault unless data/julkaisu.yml declares it not asked that year (kysymatta), and then it
disappears with its figure, table, downloads and every sentence depending on it.

Numbers worked out by hand from data/kysely/2023.csv (15 of the 20 leads answered) and
tests/synthetic_years.py: 2024 has four leads (S24101-S24104), three answered (S24103 did not);
2025 has two leads, both answered. The 2025 edition's base: 15 + 3 + 2 = 20 of 20 + 4 + 2 = 26.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import synthetic as syn
import synthetic_years as sy
from conftest import copy_full_project
from helpers import figure_sheet
from joppi import compute as c
from joppi.config import SURVEY_QUESTIONS, load_publication
from joppi.dataset import load_year
from joppi.downloads import csv_name
from joppi.errors import DataError
from joppi.validation import SURVEY_CHOICE_COLUMNS
from joppi.values import base_text

BASE_2025 = "vuosina 2023–2025 alkaneet hankkeet, vastanneita 20/26"
PER_YEAR_2025 = "2023: 15/20, 2024: 3/4 ja 2025: 2/2"
BASE_2025_SV = "projekt som inleddes åren 2023–2025, svarande 20/26"
PER_YEAR_2025_SV = "2023: 15/20, 2024: 3/4 och 2025: 2/2"


# --- pooling, by hand -------------------------------------------------------------------------------

def _rows(spec):
    return pd.DataFrame({"hanketunnus": [s[0] for s in spec], "rooli": [s[1] for s in spec],
                         "alkamispaiva": pd.to_datetime([s[2] for s in spec])})


def test_the_base_pools_every_start_year_with_its_own_counts():
    rows = _rows([("G1", "päätoteuttaja", "2023-01-01"), ("G1-1", "osatoteuttaja", "2023-01-01"),
                  ("S1", "yksittäinen", "2023-05-01"), ("S2", "yksittäinen", "2023-09-01"),
                  ("G2", "päätoteuttaja", "2024-02-01"), ("G2-1", "osatoteuttaja", "2024-02-01"),
                  ("S3", "yksittäinen", "2024-03-01")])
    survey = pd.DataFrame({"hanketunnus": ["G1", "S1", "S3"], "vuosi": [2023, 2023, 2024]})
    base = c.survey_base(survey, rows, [2024, 2023])
    # leads 2023: G1, S1, S2 (3), answered G1, S1 (2); 2024: G2, S3 (2), answered S3 (1)
    assert base.years == (2023, 2024)
    assert base.by_year == (c.ResponseRate(2, 3), c.ResponseRate(1, 2))
    assert base.total == c.ResponseRate(3, 5)
    assert base_text(base) == ("vuosina 2023–2024 alkaneet hankkeet, vastanneita 3/5", "2023: 2/3 ja 2024: 1/2")
    assert base_text(base, "sv") == ("projekt som inleddes åren 2023–2024, svarande 3/5", "2023: 2/3 och 2024: 1/2")
    # a year-cohort base: one start year, its own responses only
    one = c.survey_base(survey, rows, [2024])
    assert one.total == c.ResponseRate(1, 2)
    assert base_text(one)[0] == "vuonna 2024 alkaneet hankkeet, vastanneita 1/2"


@pytest.fixture(scope="module")
def three_years(tmp_path_factory) -> Path:
    return sy.add_years(copy_full_project(tmp_path_factory.mktemp("kyselypohja") / "projekti"))


def test_a_cumulative_edition_pools_the_start_surveys(three_years):
    d = load_year(three_years, 2025, use_cache=False)
    assert d.survey_years == (2023, 2024, 2025)
    assert d.survey.groupby("vuosi").size().to_dict() == {2023: 15, 2024: 3, 2025: 2}
    base = c.survey_base(d.survey, d.scope, d.survey_years)
    assert base.total == c.ResponseRate(20, 26)
    assert base_text(base) == (BASE_2025, PER_YEAR_2025)
    assert "data/kysely/2023.csv" in d.sources and "data/kysely/2024.csv" in d.sources
    assert d.not_asked == {2025: ("verkostot",)} and not d.asked("verkostot") and d.asked("haasteet")
    # networks were asked in 2023 and 2024: its base leaves 2025 out
    assert set(d.survey_for("verkostot")["vuosi"]) == {2023, 2024}


def test_a_year_cohort_edition_keeps_one_cohort(tmp_path):
    root = syn.set_scope(sy.add_years(copy_full_project(tmp_path / "projekti")), "vuosikohortti")
    d = load_year(root, 2025, use_cache=False)
    assert d.survey_years == (2025,) and set(d.survey["vuosi"]) == {2025}
    assert c.survey_base(d.survey, d.scope, d.survey_years).total == c.ResponseRate(2, 2)


# --- the refusal and the declaration ----------------------------------------------------------------

def test_a_question_blank_for_every_respondent_is_refused(tmp_path):
    root = sy.add_years(copy_full_project(tmp_path / "projekti"), declare_not_asked=False)
    with pytest.raises(DataError) as info:
        load_year(root, 2025, use_cache=False)
    [issue] = info.value.issues
    assert (issue.file, issue.column) == ("data/kysely/2025.csv", "verkostot")
    message = issue.message()
    assert "vientivirhe" in message and "kaikilla 2 vastaajalla" in message
    assert "data/julkaisu.yml" in message and "kysymatta: {2025: [verkostot]}" in message
    for command in ("validate", "build"):
        args = ("--year", "2025") + (("--engine", "pandoc") if command == "build" else ())
        proc = syn.run_joppi(root, command, *args)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert "data/kysely/2025.csv" in proc.stderr and "sarake verkostot" in proc.stderr
        assert "vientivirhe" in proc.stderr and "Traceback" not in proc.stderr
    assert not (root / "_output" / "2025").exists()


def test_a_question_declared_not_asked_but_answered_is_refused(tmp_path):
    root = sy.add_years(copy_full_project(tmp_path / "projekti"))
    settings = root / "data" / "julkaisu.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("2025: [verkostot]", "2025: [verkostot, haasteet]"),
                        encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_year(root, 2025, use_cache=False)
    [issue] = info.value.issues
    assert issue.column == "haasteet" and issue.row == 2 and "kysymatta" in issue.expected


def test_kysymatta_names_known_questions(tmp_path):
    assert SURVEY_QUESTIONS == tuple(SURVEY_CHOICE_COLUMNS)
    (tmp_path / "data").mkdir()
    base = (Path(__file__).parent.parent / "data" / "julkaisu.yml").read_text(encoding="utf-8")
    settings = tmp_path / "data" / "julkaisu.yml"
    settings.write_text(base + "kysymatta:\n  2024: [verkostot, tulokset]\n", encoding="utf-8")
    assert load_publication(tmp_path).not_asked_in(2024) == ("verkostot", "tulokset")
    assert load_publication(tmp_path).not_asked_in(2023) == ()
    settings.write_text(base + "kysymatta:\n  2024: [verkosto]\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_publication(tmp_path)
    [issue] = info.value.issues
    assert issue.file == "data/julkaisu.yml" and issue.value == "verkosto"
    assert "kysymyksen tunnus" in issue.expected and "verkostot" in issue.expected
    settings.write_text(base + "kysymatta:\n  vuosi: [verkostot]\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_publication(tmp_path)
    assert "vuosiluku" in info.value.issues[0].expected


# --- the built editions ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_2025(three_years) -> Path:
    proc = syn.build_cli(three_years, 2025)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return three_years / "_output" / "2025"


def _page(path: Path) -> str:
    return syn.normal_spaces(syn.visible_text(path.read_text(encoding="utf-8")))


def test_a_question_not_asked_disappears_from_the_edition(built_2025):
    for lang, folder, said, gone in (
            ("fi", built_2025, "Verkostoista ei vuoden 2025 kartoituksessa kysytty.",
             ("Verkostoja koskevaan kysymykseen", "Hankkeiden verkostot", "verkostoituneet hyvin",
              "verkostoituneista", "Aineistosta ei kuitenkaan selviä")),
            ("sv", built_2025 / "sv", "Frågan om nätverk ställdes inte i kartläggningen år 2025.",
             ("Frågan om nätverk gav", "har nätverkat väl", "väl nätverkade"))):
        html = (folder / "index.html").read_text(encoding="utf-8")
        page = _page(folder / "index.html")
        assert 'id="fig-verkostot"' not in html and csv_name("fig-verkostot", lang) not in html, lang
        assert page.count(said) == 1, lang
        for sentence in gone:
            assert sentence not in page, (lang, sentence)
        downloads = folder / "_joppi" / "aineistot"
        assert not (downloads / csv_name("fig-verkostot", lang)).exists(), lang
        assert (downloads / csv_name("fig-haasteet", lang)).exists(), lang
        [book] = downloads.glob("*.xlsx")
        wb = openpyxl.load_workbook(book)
        assert figure_sheet(wb, "fig-verkostot", lang) is None and figure_sheet(wb, "fig-haasteet", lang), lang
        cells = " ".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v)
        assert "Kansainväliset verkostot" not in cells and "Oman organisaation muut yksiköt" not in cells
    # the questions that were asked keep their figures and data
    rows = list(csv.reader(io.StringIO((built_2025 / "_joppi" / "aineistot" / "fig-haasteet.csv")
                                       .read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows) > 1


def test_the_2025_edition_names_its_pooled_base(built_2025):
    fi, sv = _page(built_2025 / "index.html"), _page(built_2025 / "sv" / "index.html")
    assert f"Kartoituksen tulokset koskevat siis näitä hankkeita: {BASE_2025}." in fi
    assert f"Vastanneita oli alkamisvuosittain {PER_YEAR_2025}." in fi
    assert f"Kartoitukseen perustuvat havainnot koskevat näitä hankkeita: {BASE_2025}." in fi
    assert f"Aineisto: {BASE_2025}." in fi                                   # figures' alt text, tables
    assert f"Kartläggningens resultat gäller alltså dessa projekt: {BASE_2025_SV}." in sv
    assert f"Svarande per startår: {PER_YEAR_2025_SV}." in sv
    assert f"Underlag: {BASE_2025_SV}." in sv
    # the false claim about the earlier projects' own surveys is gone
    assert "oman alkuvuoden kartoituksen" not in fi and "deras eget startår" not in sv
    for folder, label, base in ((built_2025, "Aineisto", BASE_2025), (built_2025 / "sv", "Underlag", BASE_2025_SV)):
        [book] = (folder / "_joppi" / "aineistot").glob("*.xlsx")
        lang = "fi" if label == "Aineisto" else "sv"
        table = figure_sheet(openpyxl.load_workbook(book), "fig-haasteet", lang)
        sheet = [v for row in table.iter_rows(values_only=True) for v in row if v]
        assert f"{label}: {base}" in sheet, (label, sheet[:4])   # the survey table's subtitle
    assert "Kartoituksen perusjoukon koko oli 26, ja vastauksia saatiin 20." in fi


def test_the_2023_edition_names_its_one_cohort(built_2023):
    fi = _page(built_2023.html)
    sv = _page(built_2023.output / "sv" / "index.html")
    assert "Kartoituksen tulokset koskevat siis näitä hankkeita: vuonna 2023 alkaneet hankkeet, vastanneita 15/20." in fi
    assert "Aineisto: vuonna 2023 alkaneet hankkeet, vastanneita 15/20." in fi
    assert "alkamisvuosittain" not in fi and "per startår" not in sv
    assert "Kartläggningens resultat gäller alltså dessa projekt: projekt som inleddes år 2023, svarande 15/20." in sv
    assert "kysytty." not in fi and "ställdes inte" not in sv                # every question was asked
