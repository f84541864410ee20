"""Defects of issue 20 that other branches are fixing (ties, survey bases and "not asked", what
changed, the Swedish workbook, dates, the EU emblem), checked on the editor's built 2024 and 2025
editions (tests/editor_years.py; the numbers are worked out by hand there).

They were written before those fixes were merged, each failing on its defect."""

from __future__ import annotations

import datetime
import re

import pytest

import synthetic as syn
import editor_years as ey
from helpers import parse_html
from test_editor_editions import _cells, _downloads, flat, read_editions

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    return read_editions(ey.built_editions(tmp_path_factory))


def sentence_with(text: str, start: str) -> str:
    """The sentence of text that contains start (up to its full stop)."""
    i = text.find(start)
    assert i >= 0, (start, text[:2000])
    end = text.find(". ", i)
    return text[i:end if end >= 0 else len(text)]


# --- ties (issue 20, item 4) --------------------------------------------------------------------------

def test_the_smallest_ely_names_both_tied_centres(editions):
    fi = sentence_with(editions[2024, "fi"].text, "Pienimpiä ovat")      # the plural variant
    assert "Etelä-Savo" in fi and "Häme" in fi and "kummankin 21 %" in fi
    assert "Pienin on" not in editions[2024, "fi"].text
    sv = sentence_with(editions[2024, "sv"].text, "Minst är")
    assert "Södra Savolax" in sv and "Tavastland" in sv and "21 % var" in sv


def test_the_most_often_chosen_result_names_both_tied_options(editions):
    fi = sentence_with(editions[2024, "fi"].text, "Useimmin tuloksena mainittiin").lower()
    assert "yhteistyöverkostot" in fi and "hankkeen verkkosivut" in fi


# --- the survey base and the question not asked (items 1 and 2) ---------------------------------------

def test_2024_survey_counts_pooled(editions):
    """The 2024 edition pools the 2023 and 2024 start surveys (tests/editor_years.py by hand)."""
    specs = syn.vega_specs(editions[2024, "fi"].html)
    challenges = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(specs["fig-haasteet"])}
    assert challenges == {"Hankehenkilöstön rekrytointi": 19, "Henkilöstön vaihtuvuus": 19,
                          "Aikataulujen yhteensovittaminen kumppanien kanssa": 9, "Tekniset ongelmat": 4}
    results = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(specs["fig-tulokset"])}
    assert results["Yhteistyöverkostot"] == 20 and results["Hankkeen verkkosivut"] == 20
    assert results["Kohderyhmien kartoitukset ja kyselyt"] == 10
    channels = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(specs["fig-viestinta"])}
    assert channels["Verkkosivut"] == 28 and channels["Esittelytilaisuudet"] == 21 and channels["Sosiaalinen media"] == 16
    assert "32/44" in editions[2024, "fi"].text


def test_survey_bases_are_named(editions):
    """The 2024 cohort: 17 of 24 main implementers answered; the 2025 cohort 4 of 6."""
    assert "17/24" in editions[2024, "fi"].text
    assert "17/24" in editions[2025, "fi"].text and "4/6" in editions[2025, "fi"].text
    assert "17/24" in editions[2025, "sv"].text and "4/6" in editions[2025, "sv"].text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_question_not_asked_disappears(editions, lang):
    e = editions[2024, lang]
    assert "fig-verkostot" not in syn.vega_specs(e.html)
    assert not any("verkostot" in p.name for p in _downloads(e))
    assert "Hankkeet ovat verkostoituneet hyvin" not in e.text
    if lang == "fi":
        assert re.search(r"verkost[^.]*\bei\b[^.]*kysy[^.]*\.", e.text, re.IGNORECASE), e.text


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_alt_text_ends_twice(editions, lang):
    """2024's empty figure of the question nobody was asked ends its alt text ". ." today."""
    for node in parse_html(editions[2024, lang].html).iter():
        for label in (node.attrs.get("alt"), node.attrs.get("aria-label")):
            assert not label or not re.search(r"\.\s*\.", label), label


# --- what changed (item 3) ----------------------------------------------------------------------------

def test_what_changed_says_52_then_9(editions):
    fi = editions[2025, "fi"].text
    assert "Mitä muuttui" in fi
    changed = fi[fi.index("Mitä muuttui"):]
    assert re.search(r"\b52\b[^.]*\b9\b", changed), changed[:1500]


# --- sentences (items 5 and 6) ------------------------------------------------------------------------

def test_all_running_is_said_as_all(editions):
    e = editions[2024, "fi"]
    assert "97 toteutuksesta 97" not in e.text
    assert re.search(r"Kaikki 97 (tilannekuvan )?toteutusta olivat käynnissä", e.text)


def test_projects_are_not_people(editions):
    assert "Heitä oli 4" not in editions[2025, "fi"].text


# --- the Swedish workbook and downloads (item 11) -----------------------------------------------------

ENGLISH = ("Introductory information", "About these data", "Contact", "Note number", "[note 1]")
FINNISH_IN_SV = ("Kuvio", "Taulukko", "Sisällys", "Huomautukset", "Lähde", "Tietoja aineistosta", "Yhteystiedot")


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_swedish_workbook_and_files_are_swedish(editions, year):
    sv = editions[year, "sv"]
    files = _downloads(sv)
    assert files
    for path in files:
        assert "tilannekuva" not in path.name, path.name
        if path.suffix == ".xlsx":
            cells = "\n".join(_cells(path))
            for word in ENGLISH + FINNISH_IN_SV:
                assert word not in cells, (path.name, word)


@pytest.mark.parametrize("year", [2024, 2025])
def test_no_english_in_the_finnish_workbook(editions, year):
    for path in _downloads(editions[year, "fi"]):
        if path.suffix == ".xlsx":
            cells = "\n".join(_cells(path))
            for word in ENGLISH:
                assert word not in cells, (path.name, word)


# --- dates (item 9) and the programme's visibility rules (item 10) ------------------------------------

@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_2024_edition_is_not_dated_by_the_build(editions, lang):
    today = datetime.date.today()
    e = editions[2024, lang]
    for dated in (f"{today.day}.{today.month}.{today.year}", f"({today.year})"):
        if today.year > 2025:
            assert dated not in e.text, dated
            assert flat(dated) not in e.pdf, dated


def test_the_eu_co_funding_statement(editions):
    for year in (2024, 2025):
        fi, sv = editions[year, "fi"], editions[year, "sv"]
        assert "Euroopan unionin osarahoittama" in fi.text and flat("Euroopan unionin osarahoittama") in fi.pdf
        assert ("Medfinansieras av Europeiska unionen" in sv.text
                and flat("Medfinansieras av Europeiska unionen") in sv.pdf)
