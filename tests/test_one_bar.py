"""A chart of nothing or of one bar is replaced by a sentence (issue 20, item 12).

`figures.figure_drawn` decides, from the figure's own data, whether a figure of the registry's
`counted` figures is drawn; the claims carry it as `vaitteet.<figure>_kuvio`, the chapters embed
the figure under it, and a figure not drawn has no table, CSV or workbook sheet.

The build case, by hand: tests/synthetic_years.py's 2025 end survey with every one of its four
respondents choosing only "Osaksi organisaation perustoimintaa" for how the work continues: one
option, 4 respondents (over the threshold 3), so one bar and no figure; the results question
keeps its options (4 × "Uudet koulutusmallit", 3 × "Uudet yhteistyöverkostot", others hidden).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

import synthetic as syn
import synthetic_years as sy
from conftest import copy_full_project
from helpers import figure_sheet
from joppi.config import load_publication
from joppi.dataset import load_year
from joppi.downloads import csv_name
from joppi.figures import FIGURES, REGISTRY, bar_counts, enough_bars, figure_drawn, year_figures
from joppi.brand import load_brand
from joppi.values import claims, narrative_values

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("shown", "hidden", "drawn"), [
    (0, 0, False),   # nothing to show
    (0, 2, False),   # every count hidden: no bar has a value
    (1, 0, False),   # one bar: the sentence says its value
    (1, 1, True),    # one value and a hidden row (labelled "–")
    (2, 0, True),
    (5, 3, True),
])
def test_enough_bars(shown, hidden, drawn):
    assert enough_bars(shown, hidden) is drawn


@pytest.fixture(scope="module")
def year_2023():
    return load_year(ROOT, 2023), load_publication(ROOT)


def _with_answers(data, column: str, answers: list[list[str]]):
    """The year with start-survey column `column` answered as given, one list per respondent."""
    survey = data.survey.iloc[:len(answers)].copy()
    survey[column] = answers
    return dataclasses.replace(data, survey=survey.reset_index(drop=True))


@pytest.mark.parametrize(("answers", "bars", "drawn"), [
    ([[], [], []], (0, 0), False),                                   # nobody chose an option
    ([["Verkkosivut"]] * 3, (1, 0), False),                          # one option, 3 respondents
    ([["Verkkosivut", "Sähköposti"]] * 3, (2, 0), True),             # two options, 3 each
    ([["Verkkosivut"]] * 3 + [["Sähköposti"]], (1, 1), True),        # one shown, one hidden (1 < 3)
])
def test_a_survey_figure_counts_its_bars(year_2023, answers, bars, drawn):
    data, pub = year_2023
    data = _with_answers(data, "viestintakanavat", answers)
    spec = REGISTRY["fig-viestinta"]
    assert bar_counts(spec, data, pub.suppress_below) == bars
    assert figure_drawn(spec, data, pub.suppress_below) is drawn
    facts = claims(narrative_values(data, pub), data)
    assert facts["viestinta_kuvio"] is drawn and facts["ei_viestinta_kuvio"] is not drawn
    figs = year_figures(data, load_brand(ROOT), pub)
    assert ("fig-viestinta" in figs) is drawn


def test_a_distribution_figure_counts_categories_with_rows(year_2023):
    data, pub = year_2023
    spec = REGISTRY["fig-ely"]
    assert bar_counts(spec, data, pub.suppress_below) == (4, 0)       # the four funding ELY centres of 2023
    ely = data.cohort["ely_keskus"].iloc[0]
    for rows, drawn in ((data.cohort[data.cohort["ely_keskus"] == ely], False), (data.cohort, True)):
        one = dataclasses.replace(data, cohort=rows, scope=rows)
        assert bar_counts(spec, one, pub.suppress_below)[0] == (1 if not drawn else 4)
        assert figure_drawn(spec, one, pub.suppress_below) is drawn


def test_every_2023_figure_is_drawn(year_2023):
    data, pub = year_2023
    facts = claims(narrative_values(data, pub), data)
    for spec in FIGURES:
        if spec.counted and not spec.end_survey:
            assert facts[f"{spec.key}_kuvio"], spec.label


# --- the built edition ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_bar_2025(tmp_path_factory) -> Path:
    project = sy.add_years(copy_full_project(tmp_path_factory.mktemp("yksipalkki") / "projekti"))
    rows = [(code, (n, res, "Osaksi organisaation perustoimintaa", chal))
            for code, (n, res, _cont, chal) in sy.END_SURVEY_2025.items()]
    sy.write_end_survey(project, [dict(hanketunnus=code, osallistujat=str(n), tulokset=res, jatkuvuus=cont,
                                       haasteet=chal, opit="(vapaa teksti, ei julkaista)")
                                  for code, (n, res, cont, chal) in rows])
    proc = syn.build_cli(project, 2025)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "_output" / "2025"


def test_a_one_bar_chart_is_a_sentence_in_both_languages(one_bar_2025):
    for lang, folder, sentence in (
            ("fi", one_bar_2025,
             "Työn jatkumisesta vastaajat valitsivat vain yhden vaihtoehdon: osaksi organisaation perustoimintaa."),
            ("sv", one_bar_2025 / "sv", "Om hur arbetet fortsätter valde de svarande bara ett alternativ: ")):
        html = (folder / "index.html").read_text(encoding="utf-8")
        page = syn.normal_spaces(syn.visible_text(html))
        assert page.count(sentence) == 1, (lang, sentence)
        assert 'id="fig-loppu-jatkuvuus"' not in html and csv_name("fig-loppu-jatkuvuus", lang) not in html, lang
        assert 'id="fig-loppu-tulokset"' in html, lang          # the results question keeps its chart
        downloads = folder / "_joppi" / "aineistot"
        assert not (downloads / csv_name("fig-loppu-jatkuvuus", lang)).exists(), lang
        assert (downloads / csv_name("fig-loppu-tulokset", lang)).exists(), lang
        [book] = downloads.glob("*.xlsx")
        wb = openpyxl.load_workbook(book)
        assert figure_sheet(wb, "fig-loppu-jatkuvuus", lang) is None, lang
        assert figure_sheet(wb, "fig-loppu-tulokset", lang) is not None, lang


# --- table headers keep place names whole (the Typst header: no hyphenation in table cells) ----------

def place_names(root: Path = ROOT) -> set[str]:
    """Every ELY centre's and region's name in both languages, from the classifications."""
    import csv

    names = set()
    for file, columns in (("ely_keskukset.csv", ("nimi", "nimi_sv")), ("maakunnat.csv", ("nimi", "nimi_sv"))):
        with open(root / "data" / "luokitukset" / file, encoding="utf-8-sig") as f:
            for row in csv.DictReader(f, delimiter=";"):
                names |= {row[c] for c in columns if row.get(c)}
    return names


def hyphenated_places(text: str, names: set[str]) -> list[str]:
    """The place-name words that `text` (pdftotext output) breaks inside with a hyphen at a line
    end ("Sa-\\nvo"); a break at the name's own hyphen ("Etelä-\\nSavo") is no hyphenation."""
    import re

    found = []
    for name in names:
        for word in re.split(r"[\s-]+", name):
            for i in range(2, len(word) - 1):
                if re.search(re.escape(word[:i]) + r"-[ \t]*\n[ \t\f]*" + re.escape(word[i:]), text):
                    found.append(f"{word[:i]}-/{word[i:]} ({name})")
    return found


def test_the_hyphenation_finder_finds_a_broken_place_name():
    names = {"Etelä-Savo", "Södra Savolax"}
    assert hyphenated_places("Etelä-Sa-\nvo 3", names) == ["Sa-/vo (Etelä-Savo)"]
    assert hyphenated_places("Södra Savo-\nlax", names) == ["Savo-/lax (Södra Savolax)"]
    assert hyphenated_places("Etelä-\nSavo ja Etelä-Savo", names) == []
    assert hyphenated_places("Etelä-Sa\u00ad\nvo".replace("\u00ad", "-"), names) == ["Sa-/vo (Etelä-Savo)"]


@pytest.fixture(scope="module")
def editor_built(tmp_path_factory) -> Path:
    import editor_years

    return editor_years.built_editions(tmp_path_factory)


def test_pdf_tables_never_hyphenate_place_names(editor_built):
    """The appendix tables of the editor's 2024 edition (tests/editor_years.py: eleven regions, the
    theme table's ELY columns) in both languages. Typst hyphenates with a soft hyphen (U+00AD),
    which pdftotext keeps at the line end; running text may hyphenate, the tables may not."""
    from helpers import pdf_text

    names = place_names()
    out = editor_built / "_output" / "2024"
    for pdf, start, end in (
            (out / "joppi-tilannekuva-2024.pdf", "Kaikki taulukot ovat myös", "\nTietoja julkaisusta\n"),
            (out / "sv" / "joppi-lagesbild-2024.pdf", "Alla tabeller finns också", "\nOm publikationen\n")):
        text = pdf_text(pdf)
        assert start in text and end in text, pdf.name
        # from the appendix's tables to the colophon, whose running text may hyphenate
        tables = text[text.index(start):text.index(end)].replace("\u00ad", "-")
        assert sum(name in tables for name in names) >= 8, pdf.name     # the tables do name places
        assert hyphenated_places(tables, names) == [], pdf.name


# --- one organisation type, one region, one field: the distribution figures are sentences --------------

@pytest.fixture(scope="module")
def one_kind_2025(tmp_path_factory) -> Path:
    """The synthetic 2025 cohort alone (rajaus: vuosikohortti), its two implementations both by
    "Kunta A" (a municipality in Kainuu) in the service field, funded by Häme and Pohjois-Pohjanmaa:
    one bar in fig-toimijat, fig-maakunnat and fig-toimialat, two in fig-ely. Its two survey
    respondents are under the threshold 3, so no survey chart has a shown value either."""
    from joppi.validation import PROJECT_COLUMNS

    project = syn.set_scope(sy.add_years(copy_full_project(tmp_path_factory.mktemp("yksilaji") / "projekti")),
                            "vuosikohortti")
    path = project / "data" / "hankkeet.csv"
    rows = [r for r in syn.read_rows(path) if not r["alkamispaiva"].startswith("2025")]
    specs = [sy.PROJECTS[2025][0], ("S25002", "Kuntien automaatio-osaaminen", "Kunta A", "Pohjois-Pohjanmaa",
                                    sy.T2, [sy.PAL], ("2025-03-01", "2027-02-28"), [])]
    syn.write_rows(path, PROJECT_COLUMNS, rows + syn.project_rows_of(specs, sy.ORGS))
    proc = syn.build_cli(project, 2025)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project / "_output" / "2025"


def test_one_kind_distributions_are_sentences(one_kind_2025):
    gone = ("fig-toimijat", "fig-maakunnat", "fig-toimialat", "fig-haasteet", "fig-tulokset", "fig-viestinta")
    for lang, folder, sentences in (
            ("fi", one_kind_2025, ("Kaikki toteuttajat edustavat samaa organisaatiotyyppiä (kunnat), joten niistä "
                                   "ei ole kuviota.", "Kaikki toteutukset sijoittuvat samaan maakuntaan: Kainuu.",
                                   "Kaikki alaan sitoutuvat toteutukset kohdistuvat samalle alalle: palvelualat.")),
            ("sv", one_kind_2025 / "sv", ("Alla genomförare representerar samma organisationstyp (kommuner), så det "
                                          "finns ingen figur över dem.",
                                          "Alla genomföranden finns i ett och samma landskap: Kajanaland.",
                                          "Alla genomföranden som är bundna till en bransch riktar sig till samma "
                                          "bransch: servicebranscherna."))):
        html = (folder / "index.html").read_text(encoding="utf-8")
        page = syn.normal_spaces(syn.visible_text(html))
        for sentence in sentences:
            assert page.count(sentence) == 1, (lang, sentence)
        assert 'id="fig-ely"' in html, lang                         # two funding centres: still a chart
        assert "@fig" not in page and "??" not in page, lang         # no reference to a figure not drawn
        downloads = folder / "_joppi" / "aineistot"
        [book] = downloads.glob("*.xlsx")
        wb = openpyxl.load_workbook(book)
        for label in gone:
            assert f'id="{label}"' not in html, (lang, label)
            assert not (downloads / csv_name(label, lang)).exists(), (lang, label)
            assert figure_sheet(wb, label, lang) is None, (lang, label)
        assert (downloads / csv_name("fig-ely", lang)).exists() and figure_sheet(wb, "fig-ely", lang), lang
