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
