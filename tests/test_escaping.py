"""Names in the data are text, never markup: HTML/JS, Markdown, Quarto shortcodes, Typst.

A copy of the project gets implementer names, a field of the classification, a project name and
the publication's title that every layer would read as markup if it were not escaped. They are
legal text (validation accepts them: they start with a letter, not with = + - @), so the build
must succeed and every reader — of the HTML page, of the interactive charts, of the PDF — must see
them exactly as written, and no element may be injected into the page. One build (~20 s).

How each string travels:
- implementers: the three standout implementers (Ammattikorkeakoulu A, B, C of 2023) are renamed,
  so the names reach the narrative through `toimijat.aktiivisimmat_nimet` (HTML and PDF text);
- a field (toimiala) renamed in the classification and in the rows: the narrative (lists of
  fields, first letter lower-cased there), the chart of fields (Vega-Lite data, axis labels, alt
  text), the data table of the appendix;
- the publication's title (data/julkaisu.yml): title block, page title, citation;
- a project name: validated, though the publication never prints project names.
"""

from __future__ import annotations

import re

from pathlib import Path

import pytest
import yaml

import synthetic as syn
from conftest import copy_full_project
from helpers import dataset_rows, normal_spaces, pdf_text, read_page, squash, strings_in, vega_specs, visible_text, without_page_numbers

HTML_JS = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
MARKDOWN = "*kursiivi* [linkki](http://x) # otsikko _alaviiva_ `koodi` ~~yli~~ <!-- kommentti -->"
TYPST_QUARTO = '#set page(width: 1cm) $x$ @ref <lbl> @fig-ely {{< var vuosi >}} #{"a"}'
# (no ";": it separates the fields of a row)
QUOTES = "\"lainaus\" 'heitto' \\ takakeno \\n \\\\ & &lt &amp ]]> </script><!--"

IMPLEMENTERS = {   # 2023 name -> tricky name (legal: starts with a letter)
    "Ammattikorkeakoulu A": f"Ammattikorkeakoulu {HTML_JS}",
    "Ammattikorkeakoulu B": f"Ammattikorkeakoulu {MARKDOWN}",
    "Ammattikorkeakoulu C": f"Ammattikorkeakoulu {TYPST_QUARTO} {QUOTES}",
}
FIELD_OLD = "Teknologia-ala"
# The field's name reaches the generated markdown of the appendix tables, the title the generated
# citation (_joppi/kolofoni.md); both carry HTML tags with attributes as well as without.
FIELD = f"Teknologia-ala {HTML_JS.replace('1', '2')} <script>alert(2)</script> <img> {MARKDOWN} {TYPST_QUARTO} {QUOTES}"
FIELD_WITH_ATTRIBUTES = f"Teknologia-ala {HTML_JS.replace('1', '2')}"
TITLE = f"Tilannekuva {HTML_JS.replace('1', '3')} <script>alert(3)</script> <img> *kursiivi* {TYPST_QUARTO} {QUOTES}"
TITLE_WITH_ATTRIBUTES = f"Tilannekuva {HTML_JS.replace('1', '3')}"
PROJECT_NAME = f"Hanke {HTML_JS.replace('1', '4')} {TYPST_QUARTO} {QUOTES}"
EVERY_STRING = [*IMPLEMENTERS.values(), FIELD, TITLE]
PDF_NAME = "joppi-tilannekuva-2023.pdf"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def make_tricky(project: Path) -> Path:
    projects = project / "data" / "hankkeet.csv"
    rows = syn.read_rows(projects)
    for row in rows:
        row["toteuttaja"] = IMPLEMENTERS.get(row["toteuttaja"], row["toteuttaja"])
        row["toimialat"] = ";".join(FIELD if f == FIELD_OLD else f for f in row["toimialat"].split(";"))
        if row["hanketunnus"] == "S23014":
            row["nimi"] = PROJECT_NAME
    syn.write_rows(projects, syn.PROJECT_COLUMNS, rows)

    fields = project / "data" / "luokitukset" / "toimialat.csv"
    field_rows = syn.read_rows(fields)
    for row in field_rows:
        if row["nimi"] == FIELD_OLD:
            row["nimi"] = FIELD
    syn.write_rows(fields, list(field_rows[0]), field_rows)

    settings = project / "data" / "julkaisu.yml"
    pub = yaml.safe_load(settings.read_text(encoding="utf-8"))
    pub["nimi"] = TITLE
    settings.write_text(yaml.safe_dump(pub, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def tricky_project(tmp_path_factory) -> Path:
    return make_tricky(copy_full_project(tmp_path_factory.mktemp("erikoismerkit") / "projekti"))


@pytest.fixture(scope="module", params=["pandoc", "quarto"])
def built(tricky_project, request):
    """The edition of the tricky names by each engine (Quarto reads a var's value as markdown and raw
    HTML: the values must reach it literal). Quarto's skips where Quarto is not installed."""
    if request.param == "quarto":
        from joppi.render import find_quarto

        if find_quarto() is None:
            pytest.skip("Quarto CLI ei ole asennettu (QUARTO_PATH tai quarto PATHissa)")
    proc = syn.build_cli(tricky_project, 2023, "--engine", request.param, timeout=900)
    assert proc.returncode == 0, f"the build failed on legal text:\n{proc.stdout}\n{proc.stderr}"
    out = tricky_project / "_output" / "2023"
    return {
        "html": (out / "index.html").read_text(encoding="utf-8"),
        "pdf": out / PDF_NAME,
        "variables": yaml.safe_load((out / "_variables.yml").read_text(encoding="utf-8")),
        "log": proc.stdout,
    }


def test_the_strings_are_legal_data(tricky_project):
    from joppi.config import load_publication
    from joppi.dataset import load_year
    from joppi.values import narrative_values

    data = load_year(tricky_project, 2023)
    assert set(IMPLEMENTERS.values()) <= set(data.cohort["toteuttaja"])
    assert FIELD in data.classifications.fields
    values = narrative_values(data, load_publication(tricky_project))
    names = values["toimijat"]["aktiivisimmat_nimet"]
    assert all(name in names for name in IMPLEMENTERS.values()), names
    assert values["julkaisu"]["nimi"] == TITLE
    assert lower_first(FIELD) in values["toimialat"]["lista"]


def test_the_build_succeeds_and_the_values_are_exact(built):
    assert "Traceback" not in built["log"]
    variables = built["variables"]
    for name in IMPLEMENTERS.values():
        assert name in variables["toimijat"]["aktiivisimmat_nimet"]
    assert variables["julkaisu"]["nimi"] == TITLE


def test_the_html_shows_every_string_as_text(built):
    html = built["html"]
    text = visible_text(html)
    for name in IMPLEMENTERS.values():
        assert normal_spaces(name) in text, name
    assert normal_spaces(lower_first(FIELD)) in text, "the field in the narrative"
    assert normal_spaces(FIELD) in text, "the field in the data table"
    assert normal_spaces(TITLE) in text, "the title"
    # in the source, as escaped text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    page = read_page(html)
    titles = [i for i, (tag, _a) in enumerate(page.elements) if tag == "title"]
    assert titles, "the page has a <title>"


def test_no_element_is_injected_into_the_page(built):
    html = built["html"]
    # Outside attribute values: inside one (an alt text, Quarto writes `<` as it is) markup is text.
    outside = re.sub(r'"[^"]*"', '""', html)
    for n in "1234":
        assert f"<script>alert({n})" not in outside
        assert f"<img src=x onerror=alert({n})>" not in outside
    page = read_page(html)
    scripts = [a for tag, a in page.elements if tag == "script"]
    assert len(scripts) == len(page.scripts)
    own = [(a, body) for a, body in zip(scripts, page.scripts) if not _quartos_own(a)]
    for attributes, body in own:
        if attributes.get("src"):
            assert attributes["src"] == "_joppi/vega-bundle.js" and not body.strip(), attributes
        else:
            assert body.startswith('vegaEmbed("#vis-fig-'), f"a script that is not a chart: {body[:200]!r}"
    assert len(own) == 1 + len(vega_specs(html))
    for tag, attributes in page.elements:
        handlers = [k for k in attributes if k.lower().startswith("on")]
        assert not handlers, (tag, attributes)
        assert not (tag == "img" and attributes.get("src") == "x"), attributes
        assert not (tag == "a" and attributes.get("href") == "http://x"), attributes
        assert "alert(" not in attributes.get("src", "") + attributes.get("href", "")
    assert "<em>kursiivi</em>" not in html and "<del>yli</del>" not in html
    assert "<code>koodi</code>" not in html
    assert ">otsikko _alaviiva_" not in html, "a heading made from a name"
    assert "<!-- kommentti -->" not in outside, "a comment opened by a name"


def _quartos_own(attributes: dict) -> bool:
    """Quarto's page scripts (its libraries beside the page, its modules carried as data: URLs, its
    closing script): no data text reaches them."""
    src = attributes.get("src", "")
    return (src.startswith(("index_files/libs/", "data:text/javascript;base64,"))
            or attributes.get("id") == "quarto-html-after-body")


def test_the_charts_carry_the_exact_strings(built):
    html = built["html"]
    page = read_page(html)
    for body in page.scripts:
        lowered = body.lower()
        assert "</script" not in lowered and "<script" not in lowered and "<!--" not in body, \
            "a data string can end the chart's script"
    specs = vega_specs(html)
    fields = specs["fig-toimialat"]
    assert FIELD in [row.get("luokka") for row in dataset_rows(fields)], "the chart's data"
    assert FIELD in strings_in(fields)
    label = [a.get("aria-label", "") for tag, a in page.elements if a.get("id") == "vis-fig-toimialat"]
    assert label and FIELD in label[0], "the chart's alt text"


def test_the_pdf_shows_every_string_as_text(built):
    # In the order the PDF writes it: pdftotext's reading order takes the hyphen of a `<!--` that ends
    # a line for a hyphenation and drops it.
    # Page numbers and soft hyphens out, so that a name broken over a page reads whole.
    text = squash(without_page_numbers(pdf_text(built["pdf"], raw=True)).replace("\u00ad", ""))
    for name in IMPLEMENTERS.values():
        assert squash(name) in text, name
    assert squash(lower_first(FIELD)) in text, "the field in the narrative"
    assert squash(FIELD) in text, "the field in the data table"
    assert squash(TITLE) in text, "the title"


def test_no_markup_took_effect_in_the_pdf(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built["pdf"]))
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}, f"a name changed the page size: {sizes}"
    assert TITLE == (reader.metadata.title or ""), "the document title in the PDF's metadata"


def _generated_table(text: str) -> str:
    import pandas as pd

    from joppi.figures import markdown_table

    return markdown_table(pd.DataFrame({"Toimi- ja koulutusala": [text], "Lukumäärä": ["15"]}))


def _generated_colophon(text: str) -> str:
    from datetime import datetime, timezone

    from joppi.build import kolofoni_markdown

    return kolofoni_markdown({"data/hankkeet.csv": "0" * 64}, "0.1.0", datetime(2026, 1, 1, tzinfo=timezone.utc),
                             text, "Tilannekuva vuonna 2023 alkaneista hankkeista", "Julkaisija")


@pytest.mark.parametrize("generated, text", [
    (_generated_table, FIELD_WITH_ATTRIBUTES),
    (_generated_colophon, TITLE_WITH_ATTRIBUTES),
], ids=["category-name-in-appendix-table", "title-in-citation"])
def test_escaped_html_tag_in_generated_markdown(tmp_path, generated, text):
    """Legal text with an HTML tag that has attributes, in the markdown the build generates and
    the chapters include: the Pandoc engine must pass it through as text, as it does for the
    narrative's {{< var >}} values."""
    from joppi.render.qmd import preprocess

    root = tmp_path / "pieni"
    (root / "_joppi").mkdir(parents=True)
    (root / "_quarto.yml").write_text("project:\n  type: default\nlang: fi\n", encoding="utf-8")
    (root / "index.qmd").write_text('---\ntitle: "T"\n---\n\n{{< include _joppi/tuotettu.md >}}\n',
                                    encoding="utf-8")
    (root / "_variables.yml").write_text("vuosi: 2023\n", encoding="utf-8")
    (root / "_joppi" / "tuotettu.md").write_text(generated(text) + "\n", encoding="utf-8")

    document = preprocess(root)

    assert "onerror" in document.markdown
