"""The Swedish edition: the same facts as the Finnish one, in Swedish, from the same data.

Unit tests of the Swedish values and checks, and (marker `build`, through `built_2023`) the built
Swedish edition at _output/2023/sv/: its sentences with the 2023 values worked out by hand from
data/ (the same facts as tests/test_facts_2023.py states in Finnish), `lang="sv"` in the HTML
and the PDF, no Finnish word from a value, and the same data in both editions' figures.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers import dataset_rows, parse_html, pdf_text, squash, vega_specs, visible_text
from joppi.errors import DataError
from joppi.svenska import (finnish_leaks, source_differences, sv_list, sv_period, sv_places)

ROOT = Path(__file__).resolve().parents[1]


def test_swedish_lists_and_places():
    assert sv_list([]) == ""
    assert sv_list(["a"]) == "a"
    assert sv_list(["a", "b", "c"]) == "a, b och c"
    assert sv_places(["i Tavastland", "i Lappland", "på Åland"]) == "i Tavastland, Lappland och på Åland"
    assert sv_period([2023]) == "år 2023"
    assert sv_period([2023, 2024, 2025]) == "åren 2023–2025"


@pytest.fixture(scope="module")
def both(year_2023):
    from joppi.config import load_publication
    from joppi.values import narrative_values

    pub = load_publication(ROOT)
    return narrative_values(year_2023, pub), narrative_values(year_2023, pub, lang="sv")


def _flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def test_swedish_values_have_the_same_keys_numbers_and_claims(both):
    fi, sv = (_flat(v) for v in both)
    assert fi.keys() == sv.keys()
    for key, value in fi.items():
        if not isinstance(value, str):
            assert sv[key] == value, key        # numbers and claims do not depend on the language
    assert both[0]["vaitteet"] == both[1]["vaitteet"]


def test_swedish_values_2023_by_hand(both):
    """From data/: ELY centres Häme, Keski-Suomi, Etelä-Savo, Pohjois-Pohjanmaa (15 of 45 rows in
    Keski-Suomi = 33 %); theme 1 projects in Häme (3), Keski-Suomi (2), Etelä-Savo (1)."""
    _fi, sv = both
    assert sv["ely"]["kaikki"] == "Tavastland, Mellersta Finland, Södra Savolax och Norra Österbotten"
    assert (sv["ely"]["suurin"], sv["ely"]["suurin_osuus"]) == ("Mellersta Finland", "33\u00a0%")
    assert sv["ely"]["pienin"] == "Norra Österbotten"
    assert sv["teemat"]["t1"]["alueet"] == "i Tavastland, Mellersta Finland och Södra Savolax"
    assert sv["teemat"]["t1"]["vahvin"] == "i Tavastland"
    assert sv["hankkeet"]["yksittaiset_sana"] == "sju"
    assert sv["hankkeet"]["ryhmahankkeiden_yleisin_paatoteuttaja"] == "yrkeshögskolor"
    assert sv["maakunnat"]["suurin"] == "Mellersta Finland"
    assert sv["rajaus"]["alkaneet"] == "år 2023"
    assert sv["julkaisu"]["alaotsikko"] == "Lägesbild över projekt som inleddes år 2023"
    assert sv["kysely"]["vastausprosentti"] == "75\u00a0%"


def test_no_finnish_word_through_a_value(both, year_2023):
    fi, sv = both
    assert finnish_leaks(sv, year_2023.classifications) == []
    assert finnish_leaks(fi, year_2023.classifications)          # the check does see Finnish
    broken = {**sv, "ely": {**sv["ely"], "suurin": "Keski-Suomi"}}
    assert ("ely.suurin", "keski") in finnish_leaks(broken, year_2023.classifications)


def test_both_languages_use_the_same_values_and_conditions(tmp_path):
    assert source_differences(ROOT) == []
    copy = tmp_path / "p"
    shutil.copytree(ROOT / "chapters", copy / "chapters")
    shutil.copy2(ROOT / "index.qmd", copy / "index.qmd")
    shutil.copy2(ROOT / "index-sv.qmd", copy / "index-sv.qmd")
    chapter = copy / "chapters" / "sv" / "_03-resultat.qmd"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace(
        'when-meta="vaitteet.haasteita_muita"', 'when-meta="vaitteet.haasteet_on"'), encoding="utf-8")
    problems = source_differences(copy)
    assert any("haasteita_muita" in p and "ruotsinkielisessä" in p for p in problems)


def test_missing_swedish_name_stops_the_build_naming_file_and_row(project_copy):
    from joppi.build import build

    regions = project_copy / "data" / "luokitukset" / "maakunnat.csv"
    lines = regions.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("18;"))   # Kainuu, line 18 of the file
    lines[row] = "18;Kainuu;"
    regions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        build(project_copy, 2023, engine="pandoc", log=lambda _line: None)
    issue, = err.value.issues
    assert (issue.file, issue.row, issue.column) == ("data/luokitukset/maakunnat.csv", row + 1, "nimi_sv")
    assert "ruotsinkielinen" in str(err.value)
    assert not (project_copy / "_output" / "2023").exists()


# --- the built edition (marker build) ---------------------------------------------------------------

# The Swedish chapters' sentences with the 2023 values (the Finnish facts of test_publication.py).
SV_SENTENCES = [
    "Utredningens kohort omfattar sammanlagt 45 genomföranden.",
    "Antalet gruppprojekt är 13, och i dem finns sammanlagt 25 delgenomförare.",
    "Antalet enskilda projekt är sju.",
    "Sammanlagt 28 olika organisationer ansvarar för kohortens genomföranden.",
    "Störst är NTM-centralen i Mellersta Finland med 33 % av genomförandena.",
    "Minst är NTM-centralen i Norra Österbotten med 16 %.",
    "Genomförandena finns i 11 landskap av landets sammanlagt 19.",
    "Kartläggningens population omfattade 20 projekt, och 15 svar kom in. Svarsprocenten var alltså 75 %.",
    "Det finns 4 finansierande NTM-centraler, och genomförandena finns i 11 landskap.",
    "Den här publikationen behandlar projekt som inleddes år 2023.",
]


@pytest.fixture(scope="module")
def sv_edition(built_2023):
    return built_2023.output / "sv"


def test_swedish_edition_is_published_inside_the_edition(built_2023, sv_edition):
    assert (sv_edition / "index.html").is_file()
    assert (sv_edition / "joppi-lagesbild-2023.pdf").is_file()
    assert sv_edition.resolve().parent == built_2023.output.resolve()   # one edition, one switch


def test_swedish_sentences_in_html_and_pdf(sv_edition):
    html = squash(visible_text((sv_edition / "index.html").read_text(encoding="utf-8")))
    pdf = squash(pdf_text(sv_edition / "joppi-lagesbild-2023.pdf"))
    for sentence in SV_SENTENCES:
        assert squash(sentence) in html, sentence
        assert squash(sentence) in pdf, sentence
    assert squash("Figur 1.") in pdf and "Innehåll" in pdf and "Kuvio" not in pdf


def test_lang_sv_in_html_and_pdf(sv_edition, built_2023):
    page = (sv_edition / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page
    assert 'href="../index.html" hreflang="fi"' in page
    assert 'href="sv/index.html" hreflang="sv"' in built_2023.html.read_text(encoding="utf-8")
    pdf = (sv_edition / "joppi-lagesbild-2023.pdf").read_bytes()
    assert b"<dc:language><rdf:Bag><rdf:li>sv</rdf:li>" in pdf
    assert b"<dc:language><rdf:Bag><rdf:li>fi</rdf:li>" in built_2023.pdf.read_bytes()


def test_no_finnish_word_in_the_swedish_text(sv_edition, year_2023):
    from joppi.svenska import finnish_words, words

    text = visible_text((sv_edition / "index.html").read_text(encoding="utf-8"), skip_ids=("sec-kolofoni",))
    for name in set(year_2023.projects["toteuttaja"]):       # organisations' own names are proper names
        text = text.replace(name, "")
    # What the Swedish chapters write themselves is Swedish ("kunnat" is a Swedish word too): the
    # words that must not appear are the Finnish ones that could come only through a value.
    written = words("\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "chapters" / "sv").glob("*.qmd")))
    assert words(text) & (finnish_words(year_2023.classifications) - written) == set()
    assert "Jatkuvan" not in text and " ja " not in text


def _numbers(spec):
    return sorted(sorted((k, v) for k, v in row.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
                  for row in dataset_rows(spec))


def test_both_editions_figures_have_the_same_data(built_2023, sv_edition):
    fi = vega_specs(built_2023.html.read_text(encoding="utf-8"))
    sv = vega_specs((sv_edition / "index.html").read_text(encoding="utf-8"))
    assert fi.keys() == sv.keys() and len(fi) >= 9
    for label in fi:
        assert _numbers(fi[label]) == _numbers(sv[label]), label
    assert "Mellersta Finland" in str(sv["fig-ely"]) and "Keski-Suomi" not in str(sv["fig-ely"])
    page = parse_html((sv_edition / "index.html").read_text(encoding="utf-8"))
    assert page is not None


def test_each_classification_keeps_its_own_swedish_names(tmp_path):
    """A region and an ELY centre share the Finnish name Keski-Suomi; their Swedish names differ:
    each is shown with its own (the ELY centre's name once leaked into the regions)."""
    from bad_inputs.cases import copy_inputs
    from joppi.brand import load_brand
    from joppi.config import load_publication
    from joppi.dataset import load_year
    from joppi.figures import year_figures
    from joppi.values import narrative_values

    project = copy_inputs(tmp_path / "projekti", ("data", "_quarto.yml", "_brand.yml"))
    ely = project / "data" / "luokitukset" / "ely_keskukset.csv"
    ely.write_text(ely.read_text(encoding="utf-8").replace(
        ";Mellersta Finland;NTM-centralen i Mellersta Finland;i Mellersta Finland",
        ";Centrala Finland;NTM-centralen i Centrala Finland;i Centrala Finland"), encoding="utf-8")
    data = load_year(project, 2023, use_cache=False)
    assert data.classifications.swedish("maakunnat.csv")["Keski-Suomi"] == "Mellersta Finland"
    assert data.classifications.swedish("ely_keskukset.csv")["Keski-Suomi"] == "Centrala Finland"
    sv = narrative_values(data, load_publication(project), lang="sv")
    assert "Mellersta Finland" in sv["maakunnat"]["lista"] and "Centrala Finland" not in sv["maakunnat"]["lista"]
    assert "Centrala Finland" in sv["ely"]["kaikki"] and "Mellersta Finland" not in sv["ely"]["kaikki"]
    figures = year_figures(data, load_brand(project), load_publication(project), lang="sv")
    regions = " ".join(map(str, figures["fig-maakunnat"].table.iloc[:, 0]))
    elys = " ".join(map(str, figures["fig-ely"].table.iloc[:, 0]))
    assert "Mellersta Finland" in regions and "Centrala Finland" not in regions
    assert "Centrala Finland" in elys and "Mellersta Finland" not in elys


def test_the_shipped_swedish_names_pass_the_language_check():
    from joppi.classifications import load_classifications

    assert load_classifications(ROOT / "data" / "luokitukset").sv_missing == ()


@pytest.mark.parametrize("swedish, finnish", [
    ("Personalomsättning", []), ("Satakunta", []), ("Päijänne-Tavastland", []), ("Kajanaland", []),
    ("Henkilöstön vaihtuvuus", ["henkilöstön", "vaihtuvuus"]), ("Teknologia-ala", ["ala", "teknologia"]),
    ("Hankkeet eivät ole alkaneet", ["eivät", "hankkeet", "ole"]),   # the small words give a sentence away
])
def test_finnish_words_in_a_swedish_name(swedish, finnish):
    from joppi.classifications import finnish_in_swedish, finnish_vocabulary

    vocabulary = finnish_vocabulary({"toimialat.csv": [{"nimi": "Teknologia-ala"}],
                                     "kysely_haasteet.csv": [{"nimi": "Henkilöstön vaihtuvuus"}]})
    found = finnish_in_swedish(swedish, vocabulary, place=swedish in ("Satakunta", "Päijänne-Tavastland"))
    assert found == finnish


# --- item 11 of issue 20: the Swedish edition finished (names, downloads, drafts) --------------------

def test_an_organisation_type_at_the_start_of_a_name_is_said_in_swedish():
    from joppi.svenska import swedish_org_name

    org_sv = {"Ammattikorkeakoulu": "Yrkeshögskola", "Ammatillisen koulutuksen järjestäjä": "Anordnare av yrkesutbildning",
              "Kunta": "Kommun"}
    assert swedish_org_name("Ammattikorkeakoulu A", org_sv) == "Yrkeshögskola A"
    assert swedish_org_name("Ammatillisen koulutuksen järjestäjä C", org_sv) == "Anordnare av yrkesutbildning C"
    assert swedish_org_name("ammattikorkeakoulu B", org_sv) == "Yrkeshögskola B"
    # a proper name keeps its own form: the type word is part of the name, not a description
    assert swedish_org_name("Lapin ammattikorkeakoulu", org_sv) == "Lapin ammattikorkeakoulu"
    assert swedish_org_name("Kuntayhtymä Kaksineuvoinen", org_sv) == "Kuntayhtymä Kaksineuvoinen"


def test_the_swedish_values_name_the_implementers_type_in_swedish(both):
    fi, sv = both
    names_fi, names_sv = fi["toimijat"]["aktiivisimmat_nimet"], sv["toimijat"]["aktiivisimmat_nimet"]
    if "Ammattikorkeakoulu" in names_fi:
        assert "Ammattikorkeakoulu" not in names_sv and "Yrkeshögskola" in names_sv, names_sv


def test_swedish_file_names_for_every_figure():
    from joppi.downloads import SV_CSV_NAMES, csv_name, workbook_name
    from joppi.figures import FIGURES
    from joppi.svenska import FINNISH_FILE_WORDS, words

    for spec in FIGURES:
        assert spec.label in SV_CSV_NAMES, f"{spec.label}: no Swedish file name"
        name = csv_name(spec.label, "sv")
        finnish = set(spec.label.removeprefix("fig-").split("-")) | FINNISH_FILE_WORDS
        assert not words(name.removesuffix(".csv").replace("-", " ")) & finnish, name
    assert len({csv_name(s.label, "sv") for s in FIGURES}) == len(FIGURES), "one file per figure"
    assert csv_name("fig-ely") == "fig-ely.csv" and csv_name("fig-ely", "sv") == "figur-ntm-centraler.csv"
    assert workbook_name(2024, "sv") == "joppi-lagesbild-2024-tabeller.xlsx"


def test_the_swedish_chapters_link_swedish_pages_where_there_are_some():
    from joppi.svenska import SWEDISH_PAGES

    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "chapters" / "sv").glob("*.qmd"))
    for finnish, swedish in SWEDISH_PAGES.items():
        assert f"({finnish})" not in text, f"{finnish}: the Swedish page is {swedish}"


def test_the_language_check_finds_finnish_and_english_in_the_downloads(tmp_path, year_2023):
    import warnings

    import pandas as pd

    from joppi.downloads import figure_csv, write_workbook
    from joppi.figures import Figure
    from joppi.svenska import download_leaks

    numbers = pd.DataFrame({"NTM-central": ["Mellersta Finland"], "Antal": [3]})
    fig = Figure("fig-ely", "NTM-centralerna", None, "", numbers, True, numbers, "sv")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_workbook({"fig-ely": fig}, tmp_path / "joppi-lagesbild-2023-tabeller.xlsx", title="Lägesbild",
                       subtitle="Projekt", publisher="Utbildningsstyrelsen", year=2023, suppress_below=3, lang="sv")
    (tmp_path / "figur-ntm-centraler.csv").write_text(figure_csv(fig), encoding="utf-8")
    assert download_leaks(tmp_path, year_2023.classifications) == []
    # a Finnish file name, a Finnish CSV header, an English workbook heading: each found, with its place
    (tmp_path / "fig-maakunnat.csv").write_text("\ufeffMaakunta;Antal\r\n", encoding="utf-8")
    found = download_leaks(tmp_path, year_2023.classifications)
    assert ("tiedostonimi fig-maakunnat.csv", "maakunnat") in found
    assert ("fig-maakunnat.csv, otsikkorivi", "maakunta") in found
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_workbook({"fig-ely": fig}, tmp_path / "joppi-lagesbild-2023-tabeller.xlsx", title="Lägesbild",
                       subtitle="Projekt", publisher="Utbildningsstyrelsen", year=2023, suppress_below=3, lang="fi")
    found = {w for _where, w in download_leaks(tmp_path, year_2023.classifications)}
    assert {"kuvio", "kansilehti", "lähde"} <= found, found


def test_the_built_swedish_downloads_are_swedish(sv_edition, year_2023):
    """The Swedish edition's page links Swedish file names, and its workbook and CSV files hold no
    Finnish or English word: read from the built files (openpyxl, csv)."""
    import csv
    import io
    import re

    import openpyxl

    from joppi.svenska import finnish_words, words

    page = (sv_edition / "index.html").read_text(encoding="utf-8")
    hrefs = sorted(set(re.findall(r'href="(_joppi/aineistot/[^"]+)"', page)))
    assert "_joppi/aineistot/joppi-lagesbild-2023-tabeller.xlsx" in hrefs
    assert "_joppi/aineistot/figur-ntm-centraler.csv" in hrefs
    for href in hrefs:
        assert (sv_edition / href).is_file(), href
        assert "fig-" not in href and "tilannekuva" not in href and "taulukot" not in href, href
    folder = sv_edition / "_joppi" / "aineistot"
    assert not list(folder.glob("fig-*")), "no Finnish-named file beside the Swedish ones"
    rows = list(csv.reader(io.StringIO((folder / "figur-ntm-centraler.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    assert rows[0] == ["NTM-central", "Antal", "Andel (%)"]
    assert {r[0] for r in rows[1:]} == {"Mellersta Finland", "Södra Savolax", "Tavastland", "Norra Österbotten"}
    book = openpyxl.load_workbook(folder / "joppi-lagesbild-2023-tabeller.xlsx")
    figures = [n for n in book.sheetnames if n.startswith("Figur ")]
    assert book.sheetnames == ["Pärm", "Innehåll", "Anmärkningar", *figures]
    assert figures == [f"Figur {i}" for i in range(1, len(figures) + 1)] and len(figures) >= 9
    assert book["Figur 2"]["A1"].value.startswith(
        "Figur 2. Projektens procentuella fördelning på de NTM-centraler som ansvarar för finansieringen")
    text = " ".join(str(c) for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r
                    if isinstance(c, str))
    for english in ("Introductory information", "About these data", "Contact", "Note number", "[note",
                    "Notes", "Contents", "Cover"):
        assert english not in text, english
    for finnish in ("Kansilehti", "Sisällys", "Huomautu", "Lähde", "Kuvio", "taulukot", "Välilehti", "Merkintä"):
        assert finnish not in text, finnish
    assert "Källa: Utbildningsstyrelsen, " in text and "Om materialet" in text and "Kontaktuppgifter" in text
    assert words(text + " " + " ".join(book.sheetnames)) & finnish_words(year_2023.classifications) == set()


def test_the_swedish_page_and_pdf_show_the_swedish_wordmark(sv_edition, built_2023):
    page = (sv_edition / "index.html").read_text(encoding="utf-8")
    logo = re.search(r'<img[^>]*class="joppi-logo"[^>]*>|<img[^>]*src="[^"]*logo[^"]*"[^>]*>', page)
    assert logo and "logo-sv.svg" in logo.group(0), logo
    assert 'alt="Logotyp för JOPPI' in logo.group(0)
    fi_page = built_2023.html.read_text(encoding="utf-8")
    assert "logo-sv.svg" not in fi_page and "logo.svg" in fi_page
    sv_alts, fi_alts = _alt_texts(sv_edition / "joppi-lagesbild-2023.pdf"), _alt_texts(built_2023.pdf)
    assert any(a.startswith("Logotyp för JOPPI") for a in sv_alts), sv_alts[:5]
    assert not any("Jatkuvan oppimisen Suomi" in a for a in sv_alts), "the Finnish logo's alt text"
    assert any("Jatkuvan oppimisen Suomi" in a for a in fi_alts), fi_alts[:5]


def _alt_texts(pdf) -> list[str]:
    """Every /Alt of the PDF's structure tree (what a screen reader says for an image)."""
    from pypdf import PdfReader

    found, seen = [], set()

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, dict):
            if "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(PdfReader(str(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_a_draft_marks_the_swedish_copies_of_false_sentences(tmp_path):
    """A false required claim in both languages: the build refuses (status 3) and each language's
    draft marks its own copy, the Swedish one with the Swedish mark and banner, in HTML and PDF."""
    import synthetic as syn
    from conftest import copy_full_project
    from joppi.claims import DRAFT_MARK
    from joppi.svenska import SV_DRAFT_MARK

    root = copy_full_project(tmp_path / "projekti")
    for rel, sentence in (("chapters/_04-johtopaatokset.qmd", "Tämä väite ei pidä tänä vuonna."),
                          ("chapters/sv/_04-slutsatser.qmd", "Det här påståendet stämmer inte i år.")):
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                        + f"\n\n[{sentence}]{{.vaite ehto=\"vaitteet.ei_vuosi_2023\"}}\n", encoding="utf-8")
    proc = syn.build_cli(root, 2023)
    assert proc.returncode == 3, proc.stderr
    assert "chapters/sv/_04-slutsatser.qmd" in proc.stderr, "the Swedish copy is named in the report"
    draft = root / "_output" / "2023-luonnos"
    fi_html = (draft / "index.html").read_text(encoding="utf-8")
    sv_html = (draft / "sv" / "index.html").read_text(encoding="utf-8")
    marked = re.search(r'<span class="vaite ei-pida"[^>]*>(.*?)</span>', sv_html, re.S)
    assert marked and SV_DRAFT_MARK in marked.group(1) and "stämmer inte i år" in marked.group(1), sv_html[-3000:]
    assert DRAFT_MARK not in sv_html and "UTKAST" in sv_html and "LUONNOS" not in sv_html
    assert DRAFT_MARK in fi_html and "LUONNOS" in fi_html
    sv_pdf = squash(pdf_text(draft / "sv" / "joppi-lagesbild-2023.pdf"))
    assert squash(SV_DRAFT_MARK) in sv_pdf and squash("stämmer inte i år") in sv_pdf
    assert not (root / "_output" / "2023").exists()
