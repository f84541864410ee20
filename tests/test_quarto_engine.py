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
def built_2023_quarto(quarto_cli, tmp_path_factory):
    from joppi.build import build

    root = copy_full_project(tmp_path_factory.mktemp("julkaisu-quarto") / "projekti")
    return build(root, 2023, engine="quarto", log=lambda _line: None)


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
    assert 'lang="fi"' in html[:2000]


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


def test_both_engines_give_one_edition(built_2023_quarto, built_2023):
    """Headings, figure numbers, captions, alt texts and every paragraph: the same, in the same order."""
    from helpers import compare_editions

    pandoc_html = built_2023.html.read_text(encoding="utf-8")
    quarto_html = built_2023_quarto.html.read_text(encoding="utf-8")
    differences = compare_editions(pandoc_html, quarto_html, intended_differences(pandoc_html))
    assert not differences, "moottorien HTML eroaa:\n" + "\n".join(differences)


def test_both_engines_print_the_same_pdf_text(built_2023_quarto, built_2023):
    from helpers import compare_pdf_texts

    texts = [pdf_text(result.pdf) for result in (built_2023, built_2023_quarto)]
    differences = compare_pdf_texts(*texts)
    assert not differences, "moottorien PDF-teksti eroaa:\n" + "\n".join(differences)


def test_quarto_page_fetches_nothing_from_the_web(built_2023_quarto):
    """No require.js or jQuery from a CDN (the figure bundles hold no text/html), no remote style,
    font or image."""
    from helpers import edition_stylesheets, remote_resources

    html = built_2023_quarto.html.read_text(encoding="utf-8")
    assert remote_resources(html, edition_stylesheets(built_2023_quarto.html)) == []
    assert "require.min.js" not in html and "jquery" not in html.lower()


def test_quarto_page_has_the_brand_header_and_an_open_toc(built_2023_quarto):
    from helpers import parse_html

    root = parse_html(built_2023_quarto.html)
    logos = [n for n in root.iter() if n.tag == "img" and "joppi-logo" in n.classes()]
    assert logos and logos[0].attrs["src"] == "_joppi/logo.svg" and logos[0].attrs["alt"]
    assert (built_2023_quarto.output / "_joppi" / "logo.svg").is_file()
    toc = next(n for n in root.iter() if n.attrs.get("id") == "TOC")
    assert not [n for n in toc.iter() if n.tag == "ul" and "collapse" in n.classes()]


def test_two_quarto_builds_are_byte_identical(quarto_cli, built_2023_quarto, tmp_path):
    """Same inputs, same bytes: the HTML, and the PDF whose dates come from the source date."""
    from joppi.build import build, source_timestamp

    root = copy_full_project(tmp_path / "projekti")
    again = build(root, 2023, engine="quarto", log=lambda _line: None)
    assert again.html.read_bytes() == built_2023_quarto.html.read_bytes()
    assert again.pdf.read_bytes() == built_2023_quarto.pdf.read_bytes()
    stamp = source_timestamp(root).strftime("%Y%m%d")
    assert f"D:{stamp}".encode() in again.pdf.read_bytes()
