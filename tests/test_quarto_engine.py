"""The 2023 edition built with the Quarto CLI states the same figures and numbers as the pandoc edition.

Runs only where the Quarto CLI is installed (QUARTO_PATH or `quarto` on PATH); Quarto is never
faked. The checks are those of test_publication.py, applied to both engines' HTML and PDF.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import copy_full_project
from helpers import parse_html, pdf_text, squash
from joppi.render import find_quarto
from test_publication import caption_numbers, check_captions, free_text_answers, missing_sentences


@pytest.fixture(scope="session")
def quarto_cli():
    quarto = find_quarto()
    if quarto is None:
        pytest.skip("Quarto CLI ei ole asennettu: joppi.render.find_quarto() ei löydä sitä "
                    "(aseta QUARTO_PATH tai lisää `quarto` PATHiin; conda-ympäristö environment.yml "
                    "asentaa sen). Pandoc+Typst-moottorin julkaisu testataan test_publication.py:ssä.")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) puuttuu")
    return quarto


@pytest.fixture(scope="session")
def editions(quarto_cli, built_2023_quarto, built_2023):
    """engine -> (html text, pdf text) for both engines."""
    out = {}
    for name, result in (("quarto", built_2023_quarto), ("pandoc", built_2023)):
        assert result.html.is_file() and result.pdf.is_file(), f"{name}: julkaisu puuttuu"
        out[name] = (parse_html(result.html).text(), pdf_text(result.pdf, layout=True))
    return out


def test_quarto_build_used_quarto(built_2023_quarto):
    assert built_2023_quarto.engine == "quarto"
    assert built_2023_quarto.pdf.name == "joppi-tilannekuva-2023.pdf"
    assert (built_2023_quarto.output / "_joppi" / "vega-bundle.js").is_file()
    html = built_2023_quarto.html.read_text(encoding="utf-8")
    # Built with QUARTO_PROFILE=sv in the environment (conftest): still the Finnish edition.
    assert 'lang="fi"' in html[:2000]
    assert "Sisällys" in html and "Innehåll" not in html and "Kuvio&nbsp;1" in html and "Figur&nbsp;" not in html


@pytest.mark.parametrize("what", ["HTML", "PDF"])
def test_quarto_captions_match_pandoc(editions, what):
    i = 0 if what == "HTML" else 1
    quarto_numbers = check_captions(editions["quarto"][i], f"Quarto {what}")
    assert quarto_numbers == caption_numbers(editions["pandoc"][i]), \
        f"{what}: kuvioiden numerointi eroaa moottorien välillä"


@pytest.mark.parametrize("what", ["HTML", "PDF"])
def test_quarto_states_the_same_facts(editions, what):
    i = 0 if what == "HTML" else 1
    missing = missing_sentences(editions["quarto"][i])
    assert not missing, f"Quarto {what}: puuttuu:\n" + "\n".join(missing)
    assert missing_sentences(editions["pandoc"][i]) == []


def test_quarto_has_no_unresolved_markup_or_free_text(editions):
    for what, text in zip(("HTML", "PDF"), editions["quarto"]):
        for token in ("{{<", ">}}", "?var", "?@fig"):
            assert token not in text, f"Quarto {what}: ratkaisematon merkintä {token!r}"
        for answer in free_text_answers():
            assert squash(answer) not in squash(text), f"Quarto {what}: vapaatekstivastaus julkaistu"


# --- one edition, two engines ----------------------------------------------------------------------

def _footer_text(html: str) -> str:
    from helpers import parse_html, spaced

    footer = next((n for n in parse_html(html).iter() if n.tag == "footer"), None)
    return spaced(footer.text()) if footer is not None else ""


def intended_differences(pandoc_html: str) -> dict:
    """The differences between the engines' pages that are meant, each named; anything else the
    parity test reports is a difference a reader would see and must be fixed."""
    footer = _footer_text(pandoc_html)
    return {
        # The project's template ends the page with the brand's footer (licence, publisher); Quarto's
        # page has no footer of its own.
        "alatunniste vain joppi-moottorin sivulla": lambda kind, text: kind == "kappaleet" and text == footer,
        # Quarto links the PDF under "Muut muodot" ("Other formats").
        "Quarton Muut muodot -linkki PDF:ään": lambda kind, text: text in ("Muut muodot", "Typst", "PDF"),
    }


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_both_engines_give_one_edition(built_2023_quarto, built_2023, lang):
    """Headings, figure numbers, captions, alt texts and every paragraph: the same, in the same order,
    in both languages."""
    from helpers import compare_editions

    def page(result):
        return result.html if lang == "fi" else result.output / "sv" / "index.html"

    pandoc_html = page(built_2023).read_text(encoding="utf-8")
    quarto_html = page(built_2023_quarto).read_text(encoding="utf-8")
    assert f'lang="{lang}"' in quarto_html[:3000]
    differences = compare_editions(pandoc_html, quarto_html, intended_differences(pandoc_html))
    assert not differences, "moottorien HTML eroaa:\n" + "\n".join(differences)


def test_both_engines_print_the_same_pdf_text(built_2023_quarto, built_2023):
    """Every paragraph of the page, whole and in order, in both engines' PDFs."""
    from helpers import body_paragraphs, compare_pdf_texts

    paragraphs = body_paragraphs(built_2023.html.read_text(encoding="utf-8"))
    assert len(paragraphs) > 40
    texts = {name: pdf_text(result.pdf, raw=True)
             for name, result in (("pandoc", built_2023), ("quarto", built_2023_quarto))}
    differences = compare_pdf_texts(texts, paragraphs)
    assert not differences, "moottorien PDF-teksti eroaa:\n" + "\n".join(differences)


def test_quarto_page_fetches_nothing_from_the_web(built_2023_quarto):
    """No require.js or jQuery from a CDN (the figure bundles hold no text/html), no remote style,
    font or image."""
    from helpers import edition_stylesheets, remote_resources

    html = built_2023_quarto.html.read_text(encoding="utf-8")
    assert remote_resources(html, edition_stylesheets(built_2023_quarto.html)) == []
    assert "require.min.js" not in html and "jquery" not in html.lower()


def test_quarto_page_has_the_brand_header_and_scripts_that_run_from_disk(built_2023_quarto):
    """The logo in the brand header, in each language; Quarto's module scripts (which open the table
    of contents) inside the page, since a browser refuses modules from file:// (test_browser.py
    opens the page from disk and checks that the table of contents is open)."""
    from helpers import parse_html

    for page, alt, logo in ((built_2023_quarto.html, "JOPPI – Jatkuvan oppimisen Suomi", "logo.svg"),
                            (built_2023_quarto.output / "sv" / "index.html", "Logotyp för JOPPI", "logo-sv.svg")):
        root = parse_html(page)
        logos = [n for n in root.iter() if n.tag == "img" and "joppi-logo" in n.classes()]
        # each language its own wordmark (the Swedish one says "Kontinuerligt lärande i Finland")
        assert logos and logos[0].attrs["src"] == f"_joppi/{logo}" and logos[0].attrs["alt"].startswith(alt)
        assert (page.parent / "_joppi" / logo).is_file()
        modules = [n.attrs["src"] for n in root.iter() if n.tag == "script" and n.attrs.get("type") == "module"]
        assert modules and all(src.startswith("data:text/javascript;base64,") for src in modules), modules
    assert (built_2023_quarto.output / "_joppi" / "logo.svg").is_file()


def test_quarto_pdf_is_pdf_ua_in_its_language_with_one_logo(built_2023_quarto):
    import re

    import pypdf

    for pdf, lang in ((built_2023_quarto.pdf, "fi"), (built_2023_quarto.output / "sv" / "joppi-lagesbild-2023.pdf", "sv")):
        reader = pypdf.PdfReader(pdf)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == lang and "/StructTreeRoot" in root
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp), f"{pdf.name}: ei PDF/UA-1"
        # No logo behind every page: the top left corner of every page after the first is blank
        # (Quarto's brand logo sits there as the page's background).
        for number in range(2, len(reader.pages) + 1):
            assert _corner_is_blank(pdf, number), f"{pdf.name}, sivu {number}: logo sivun taustana"


def _corner_is_blank(pdf, page: int) -> bool:
    """The page's top left 3 cm, as a reader sees it (pdftoppm, grey levels), holds no ink."""
    import subprocess

    pgm = subprocess.run(["pdftoppm", "-r", "36", "-gray", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0",
                          "-W", "42", "-H", "42", str(pdf)], capture_output=True, check=True).stdout
    header_end = 0
    for _ in range(3):       # P5, size, max value: three white-space separated header lines
        header_end = pgm.index(b"\n", header_end) + 1
    return min(pgm[header_end:]) > 240


def test_two_quarto_builds_are_byte_identical(quarto_cli, built_2023_quarto, tmp_path):
    """Same inputs, same bytes: the HTML, and the PDF whose date is the edition's publication date
    (data/julkaisu.yml: julkaisupaivat), never the build's."""
    from joppi.build import build
    from joppi.config import load_publication

    root = copy_full_project(tmp_path / "projekti")
    again = build(root, 2023, engine="quarto", log=lambda _line: None)
    assert again.html.read_bytes() == built_2023_quarto.html.read_bytes()
    assert again.pdf.read_bytes() == built_2023_quarto.pdf.read_bytes()
    stamp = load_publication(root).date_for(2023).strftime("%Y%m%d")
    assert f"D:{stamp}".encode() in again.pdf.read_bytes()


# --- the later years, both languages ----------------------------------------------------------------

@pytest.fixture(scope="module")
def later_years(quarto_cli, tmp_path_factory):
    """2024 and 2025 (the synthetic later years, with the 2025 end survey) built with each engine in
    a project of its own: {(engine, year): BuildResult}."""
    import synthetic_years as sy
    from joppi.build import build

    out = {}
    for engine in ("pandoc", "quarto"):
        root = sy.add_years(copy_full_project(tmp_path_factory.mktemp(f"myohemmat-{engine}") / "projekti"))
        for year in (2024, 2025):
            out[engine, year] = build(root, year, engine=engine, log=lambda _line: None)
            # Each year's edition from its own folder (the link _output/<year> is switched by the next build).
            out[engine, year] = _kept(out[engine, year], tmp_path_factory.mktemp(f"painos-{engine}-{year}"))
    return out


def _kept(result, folder):
    """A copy of the published edition: the next year's build may remove the older painos."""
    import dataclasses

    target = folder / "painos"
    shutil.copytree(result.output, target)
    return dataclasses.replace(result, output=target, html=target / result.html.name, pdf=target / result.pdf.name)


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_later_years_are_one_edition_in_both_engines(later_years, year, lang):
    from helpers import body_paragraphs, compare_editions, compare_pdf_texts

    def page(engine):
        result = later_years[engine, year]
        return result.html if lang == "fi" else result.output / "sv" / "index.html"

    def pdf(engine):
        result = later_years[engine, year]
        return result.pdf if lang == "fi" else next((result.output / "sv").glob("*.pdf"))

    pandoc_html = page("pandoc").read_text(encoding="utf-8")
    quarto_html = page("quarto").read_text(encoding="utf-8")
    assert f'lang="{lang}"' in quarto_html[:3000]
    differences = compare_editions(pandoc_html, quarto_html, intended_differences(pandoc_html))
    assert not differences, f"{year} {lang}: moottorien HTML eroaa:\n" + "\n".join(differences)
    paragraphs = body_paragraphs(pandoc_html)
    texts = {engine: pdf_text(pdf(engine), raw=True) for engine in ("pandoc", "quarto")}
    differences = compare_pdf_texts(texts, paragraphs)
    assert not differences, f"{year} {lang}: moottorien PDF-teksti eroaa:\n" + "\n".join(differences)
    for token in ("{{<", ">}}", "?var", "?@fig"):
        assert token not in quarto_html and token not in texts["quarto"], token


@pytest.mark.parametrize("profile", [None, "sv"])
def test_quarto_render_at_the_root_renders_the_year_of_joppi_vuosi(quarto_cli, tmp_path, profile):
    """`JOPPI_VUOSI=2025 quarto render` (and `--profile sv`) in a checkout with no `_joppi/` yet: the
    pre-render step runs with Quarto's Python, writes the year's values in the profile's language, and
    Quarto renders that language's index; nothing else in the project changes."""
    import os
    import subprocess
    import sys

    import yaml

    import synthetic_years as sy
    from conftest import ROOT
    from helpers import parse_html, spaced
    from joppi.build import PREPARED_ENV, VALUES_FILE

    root = sy.add_years(copy_full_project(tmp_path / "projekti"))
    shutil.copytree(ROOT / "src" / "joppi" / "assets", root / "src" / "joppi" / "assets")
    env = {k: v for k, v in os.environ.items() if k not in ("QUARTO_PROFILE", PREPARED_ENV, "JOPPI_VUOSI")}
    env.update(JOPPI_VUOSI="2025", QUARTO_PYTHON=sys.executable)
    argv = [str(quarto_cli), "render", *(["--profile", profile] if profile else [])]
    result = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-3000:]
    lang = profile or "fi"
    page = root / "_julkaisu" / ("sv/index-sv.html" if profile else "index.html")
    html = page.read_text(encoding="utf-8")
    assert f'lang="{lang}"' in html[:3000]
    if profile:
        assert not (root / "_julkaisu" / "index.html").exists(), "ruotsin profiili kirjoitti suomenkielisen sivun"
    values = yaml.safe_load((root / VALUES_FILE).read_text(encoding="utf-8"))
    assert values["vuosi"] == 2025
    text = spaced(parse_html(html).text())
    assert values["julkaisu"]["alaotsikko"] in text           # the 2025 subtitle, in the profile's language
    assert f"{values['hankkeet']['yhteensa']}" in text
    for token in ("{{<", "?var", "?@fig"):
        assert token not in html
