"""The comparison of two engines' editions (helpers.compare_editions, compare_pdf_texts), on small
hand-made pages: it must find every kind of difference a reader would see, and only those."""

from __future__ import annotations

from helpers import compare_editions, compare_pdf_texts, edition_outline

PANDOC = """<html><body><header><h1 class="title">Tilannekuva</h1></header>
<nav id="TOC"><h2>Sisällys</h2><p>1 Johdanto</p></nav>
<main><h1><span class="header-section-number">1</span> Johdanto</h1>
<p>Hankkeita on   43.</p>
<figure id="fig-ely"><div role="img" aria-label="Pylväskuvio: ELY-keskukset."></div>
<figcaption><span class="figure-number">Kuvio&nbsp;1. </span>Hankkeet ELY-keskuksittain</figcaption></figure>
<p>Ryhmähankkeita on 9.</p><script>var x = "<p>ei tekstiä</p>";</script></main>
<footer><p>CC BY 4.0</p></footer></body></html>"""

QUARTO = """<html><body><header><h1 class="title">Tilannekuva</h1></header>
<nav id="TOC" role="doc-toc"><h2>Sisällys</h2><h2>Muut muodot</h2></nav>
<main><h1><span class="header-section-number">1</span> Johdanto</h1>
<p>Hankkeita on 43.</p>
<div id="fig-ely" class="quarto-float"><figure><div role="img" aria-label="Pylväskuvio: ELY-keskukset."></div>
<figcaption>Kuvio 1. Hankkeet ELY-keskuksittain</figcaption></figure></div>
<p>Ryhmähankkeita on 9.</p></main></body></html>"""


def test_outline_reads_what_a_reader_sees():
    outline = edition_outline(PANDOC)
    assert outline == {
        "otsikot": ["Tilannekuva", "1 Johdanto"],
        "kuvionumerot": ["1"],
        "kuvatekstit": ["Hankkeet ELY-keskuksittain"],
        "tekstivastineet": ["Pylväskuvio: ELY-keskukset."],
        "kappaleet": ["Hankkeita on 43.", "Ryhmähankkeita on 9.", "CC BY 4.0"],
    }


def test_equal_editions_differ_only_where_named():
    assert compare_editions(PANDOC, QUARTO) == ["kappaleet: vain pandoc: CC BY 4.0"]
    intended = {"alatunniste (vain joppi-moottorissa)": lambda kind, text: kind == "kappaleet" and text == "CC BY 4.0"}
    assert compare_editions(PANDOC, QUARTO, intended) == []


def test_every_kind_of_difference_is_reported():
    changed = (QUARTO.replace("Kuvio 1.", "Kuvio 2.")
               .replace("Hankkeet ELY-keskuksittain", "Hankkeet alueittain")
               .replace('aria-label="Pylväskuvio: ELY-keskukset."', 'aria-label="Kuvio."')
               .replace("Ryhmähankkeita on 9.", "Ryhmähankkeita on 8.")
               .replace("</span> Johdanto", "</span> Alkusanat"))
    found = compare_editions(PANDOC, changed, {"footer": lambda kind, text: text == "CC BY 4.0"})
    assert sorted(found) == sorted([
        "otsikot: vain pandoc: 1 Johdanto", "otsikot: vain quarto: 1 Alkusanat",
        "kuvionumerot: vain pandoc: 1", "kuvionumerot: vain quarto: 2",
        "kuvatekstit: vain pandoc: Hankkeet ELY-keskuksittain", "kuvatekstit: vain quarto: Hankkeet alueittain",
        "tekstivastineet: vain pandoc: Pylväskuvio: ELY-keskukset.", "tekstivastineet: vain quarto: Kuvio.",
        "kappaleet: vain pandoc: Ryhmähankkeita on 9.", "kappaleet: vain quarto: Ryhmähankkeita on 8.",
    ])


def test_order_counts():
    swapped = QUARTO.replace("<p>Hankkeita on 43.</p>", "").replace(
        "<p>Ryhmähankkeita on 9.</p>", "<p>Ryhmähankkeita on 9.</p><p>Hankkeita on 43.</p>")
    found = compare_editions(PANDOC, swapped, {"footer": lambda kind, text: text == "CC BY 4.0"})
    assert len(found) == 1 and found[0] in ("kappaleet: eri kohdassa: Hankkeita on 43.",
                                            "kappaleet: eri kohdassa: Ryhmähankkeita on 9.")


def test_pdf_texts_ignore_line_breaks_page_numbers_and_the_toc_but_not_words():
    paragraphs = ["Hankkeita on 43. Ryhmähankkeita on 9.", "Keski-Suomi on suurin."]
    pandoc = "Sisällys\n1 Johdanto . . . 1\n\fHankkeita on 43. Ryhmä-\nhankkeita on 9.\n\f3\nKeski-\nSuomi on suurin."
    # Another layout: the halves of Keski-Suomi joined without the hyphen, as pdftotext does.
    quarto = "Hankkeita on\n43. Ryhmähankkeita on 9. Kuvio 1.\nKeskiSuomi on\nsuurin.\n12"
    assert compare_pdf_texts({"pandoc": pandoc, "quarto": quarto}, paragraphs) == []
    other = "Hankkeita on 44. Ryhmähankkeita on 9. Keski-Suomi on suurin."
    assert compare_pdf_texts({"quarto": other}, paragraphs) == [
        "pdf: quarto: puuttuu: Hankkeita on 43. Ryhmähankkeita on 9."]
    swapped = "Keski-Suomi on suurin. Hankkeita on 43. Ryhmähankkeita on 9."
    assert compare_pdf_texts({"quarto": swapped}, paragraphs) == ["pdf: quarto: väärässä kohdassa: Keski-Suomi on suurin."]
    assert compare_pdf_texts({"quarto": other}, paragraphs,
                             {"luku": lambda kind, text: text.startswith("Hankkeita on")}) == []


def test_body_paragraphs_leave_out_the_toc_figures_and_footer():
    from helpers import body_paragraphs

    page = ('<nav id="TOC"><p>Sisällys</p></nav><p>Eka  kappale.</p><figure><figcaption><p>Kuvio 1. X</p>'
            '</figcaption><details><p>Lataa luvut</p></details></figure><div><p>Toka.</p></div>'
            '<footer><p>Alatunniste</p></footer>')
    assert body_paragraphs(page) == ["Eka kappale.", "Toka."]


def test_remote_resources_are_found_and_links_to_web_pages_are_not():
    from helpers import remote_resources

    page = """<html><head><script src="https://cdn.example/require.min.js"></script>
<script src="_joppi/vega-bundle.js"></script><link rel="stylesheet" href="//fonts.example/css">
<style>body { background: url('https://x.example/a.png'); } i { background: url(kuva.png) }</style></head>
<body><a href="https://www.oph.fi/joppi">OPH</a><img src="_joppi/logo.svg" alt="">
<img src="http://x.example/b.png" alt=""></body></html>"""
    css = {"joppi.css": "@import 'https://fonts.example/x.css'; @font-face { src: url(fonts/a.ttf) }"}
    assert remote_resources(page, css) == [
        "<script src=https://cdn.example/require.min.js>", "<link href=//fonts.example/css>",
        "<style> https://x.example/a.png", "<img src=http://x.example/b.png>",
        "joppi.css: https://fonts.example/x.css",
    ]


def test_the_projects_engine_fetches_nothing_from_the_web(built_2023):
    from helpers import edition_stylesheets, remote_resources

    html = built_2023.html.read_text(encoding="utf-8")
    assert remote_resources(html, edition_stylesheets(built_2023.html)) == []
    assert "<script src=\"_joppi/vega-bundle.js\"></script>" in html or "vega-bundle.js" in html
