"""The editor's 2024 and 2025 editions (issue 20), both languages, read as built: the page, the PDF text,
the CSV downloads and the workbook. The data are tests/editor_years.py's, and the numbers below are
worked out by hand there (a cohort of 52 after the 45 of 2023, then 9; Etelä-Savo and Häme tied in
2024; one 2024 survey question asked of nobody).

The pooled survey counts and the rest of issue 20's defects (ties, survey bases, what changed, the
Swedish workbook, dates, the EU emblem) are checked in tests/test_editor_defects.py."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

import editor_years as ey
import synthetic as syn
from helpers import body_paragraphs, parse_html

pytestmark = pytest.mark.build

LANGS = ("fi", "sv")
PDF = {"fi": "joppi-tilannekuva-{}.pdf", "sv": "joppi-lagesbild-{}.pdf"}


@dataclass
class Edition:
    year: int
    lang: str
    folder: Path
    html: str
    text: str           # the page's visible text
    pdf: str            # the PDF's text, flat (no white space or hyphens: line breaks do not count)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return ey.built_editions(tmp_path_factory)


@pytest.fixture(scope="module")
def editions(project) -> dict[tuple[int, str], Edition]:
    return read_editions(project)


def read_editions(project: Path) -> dict[tuple[int, str], Edition]:
    out = {}
    for year in (2024, 2025):
        for lang in LANGS:
            folder = project / "_output" / str(year) / ("sv" if lang == "sv" else "")
            html = (folder / "index.html").read_text(encoding="utf-8")
            out[year, lang] = Edition(year, lang, folder, html, syn.normal_spaces(syn.visible_text(html)),
                                      flat(syn.pdf_text(folder / PDF[lang].format(year))))
    return out


def _downloads(edition: Edition) -> list[Path]:
    """The edition's own CSV files and workbook (the Finnish folder holds the Swedish one in sv/)."""
    files = [p for p in edition.folder.rglob("*") if p.suffix in (".csv", ".xlsx")]
    if edition.lang == "fi":
        files = [p for p in files if p.relative_to(edition.folder).parts[0] != "sv"]
    return sorted(files)


def _cells(path: Path) -> list[str]:
    if path.suffix == ".csv":
        return [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";") for c in row]
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return [*book.sheetnames, *(str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                                for c in row if c is not None)]


def flat(text: str) -> str:
    """Text without white space and hyphens (pdftotext joins a word broken at its hyphen)."""
    return re.sub(r"[\s\u00ad\-\u2010\u2011]", "", text)


def both(edition: Edition, sentence: str) -> bool:
    return sentence in edition.text and flat(sentence) in edition.pdf


# --- the numbers of 2024, worked out by hand (tests/editor_years.py) ---------------------------------

def test_2024_totals_and_new_implementations(editions):
    e = editions[2024, "fi"]
    assert both(e, "Selvityksen kohortissa on kaikkiaan 97 toteutusta.")
    assert both(e, "Kohortin toteutuksista 52 eli 54 % alkoi vuonna 2024, ja loput 45 olivat alkaneet aiempina vuosina")
    assert both(e, "Tämä julkaisu käsittelee hankkeita, jotka alkoivat vuosina 2023–2024.")


def test_2025_totals_and_new_implementations(editions):
    e = editions[2025, "fi"]
    assert both(e, "Selvityksen kohortissa on kaikkiaan 106 toteutusta.")
    assert both(e, "Kohortin toteutuksista 9 eli 8 % alkoi vuonna 2025, ja loput 97 olivat alkaneet aiempina vuosina")


def test_2024_ely_counts(editions, project):
    e = editions[2024, "fi"]
    assert both(e, "ELY-keskuksista suurin on Keski-Suomi, jonka osuus toteutuksista on 36 %")
    # The smallest are the two tied at 20 of 97 (round(100 * 20 / 97) = 21), named in the plural sentence.
    assert re.search(r"Pienimpiä ovat (Etelä-Savo ja Häme|Häme ja Etelä-Savo), joiden osuus on kummankin 21 %",
                     e.text), e.text[:3000]
    rows = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(syn.vega_specs(e.html)["fig-ely"])}
    assert rows == {"Keski-Suomi": 35, "Pohjois-Pohjanmaa": 22, "Etelä-Savo": 20, "Häme": 20}
    sv_rows = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(syn.vega_specs(editions[2024, "sv"].html)["fig-ely"])}
    assert sorted(sv_rows.values()) == [20, 20, 22, 35]
    ely_csv = [p for p in _downloads(e) if p.name == "fig-ely.csv"]
    assert ely_csv, [p.name for p in _downloads(e)]
    cells = _cells(ely_csv[0])
    for name, n in rows.items():
        assert cells[cells.index(name) + 1] == str(n), (name, cells)


# --- wording that no edition may have ---------------------------------------------------------------

HIDDEN = {"fi": ("piilotettu", "piilotet", "salattu"), "sv": ("dold", "dolda", "döljs")}


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("lang", LANGS)
def test_nobody_chose_is_never_hidden(editions, year, lang):
    """A question nobody answered (2024's verkostot) or an option nobody chose is not "hidden"."""
    e = editions[year, lang]
    lowered = e.text.lower()
    for word in HIDDEN[lang]:
        assert word not in lowered, (word, lowered[max(0, lowered.find(word) - 200):lowered.find(word) + 200])


@pytest.mark.parametrize("year", [2024, 2025])
def test_no_finnish_word_in_the_swedish_page(editions, project, year):
    from joppi.dataset import load_year
    from joppi.svenska import finnish_words, words

    data = load_year(project, year)
    text = syn.visible_text(editions[year, "sv"].html, skip_ids=("sec-kolofoni",))
    for name in set(data.projects["toteuttaja"]) | set(data.projects["nimi"]):   # proper names
        text = text.replace(name, "")
    written = words("\n".join(p.read_text(encoding="utf-8") for p in (project / "chapters" / "sv").glob("*.qmd")))
    assert words(text) & (finnish_words(data.classifications) - written) == set()
    for finnish in ("Jatkuvan", " ja ", " on ", "toteutus", "hanke", "Kuvio", "Taulukko"):
        assert finnish not in text, finnish


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("lang", LANGS)
def test_every_paragraph_ends_with_punctuation(editions, year, lang):
    """Every paragraph of the text ends a sentence. Not sentences: the title block's lines (title,
    subtitle, author) and the colophon's labelled data ("Lisenssi: CC BY 4.0")."""
    html = editions[year, lang].html
    header = next(parse_html(html).find_all(id="title-block-header"), None)
    title_lines = {syn.normal_spaces(n.text()).strip() for n in header.iter() if n.tag == "p"} if header else set()
    unfinished = [p for p in body_paragraphs(html)
                  if p.strip() not in title_lines and not re.match(r"^[A-ZÅÄÖ][\w ]{2,30}: \S", p)
                  and not re.search(r"[.!?:…]['\"”’)\]]*$", p.strip())]
    assert unfinished == []


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("lang", LANGS)
def test_alt_texts_are_clean(editions, year, lang):
    nodes = [node for node in parse_html(editions[year, lang].html).iter()
             if node.attrs.get("alt") or node.attrs.get("aria-label")]
    figures = [node.attrs["aria-label"] for node in nodes if node.attrs.get("role") == "img" and node.attrs.get("aria-label")]
    assert len(figures) >= 8
    for node in nodes:
        for label in (node.attrs.get("alt"), node.attrs.get("aria-label")):
            if label:
                assert not re.search(r"\.\s*\.", label), label
    for label in figures:            # a figure's alt text is sentences
        assert label.strip().endswith("."), label


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("lang", LANGS)
def test_no_shortcode_or_unknown_var_left(editions, year, lang):
    e = editions[year, lang]
    texts = {"html": e.html, "pdf": syn.pdf_text(e.folder / PDF[lang].format(year))}
    downloads = _downloads(e)
    assert any(p.suffix == ".xlsx" for p in downloads) and any(p.suffix == ".csv" for p in downloads)
    for path in downloads:
        texts[path.name] = "\n".join(_cells(path))
    for where, text in texts.items():
        for left in ("{{<", "?var", "{{&lt;", ">}}"):
            assert left not in text, (where, left)
