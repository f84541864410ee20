"""The rendering engines on small fixture projects made in tmp_path.

The Pandoc + Typst engine is tested in full; the Quarto engine only when Quarto is
installed (it never is faked).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
import vl_convert as vlc
import yaml

from joppi.markup import markdown_values

from joppi.render import RenderError, find_quarto, render

REPO = Path(__file__).resolve().parents[1]
TIMESTAMP = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)
# A value that Markdown, HTML and Typst would all read as markup if it were not escaped.
TRICKY = "<b>*x*</b> #set $5 @foo [a] _y_ `z` \\ 50 %"

QUARTO_YML = """\
project:
  type: default
  render:
    - index.qmd
  output-dir: _julkaisu

lang: fi
language:
  crossref-fig-title: Kuvio
  toc-title-document: Sisällys
crossref:
  title-delim: "."
number-sections: true
toc: true
toc-depth: 2

brand: _brand.yml

format:
  html:
    css: src/joppi/assets/joppi.css
    include-in-header:
      - text: '<script src="_joppi/vega-bundle.js"></script>'
    resources:
      - _joppi/vega-bundle.js
  typst:
    papersize: a4
    section-numbering: "1.1"
    include-in-header: src/joppi/assets/joppi-header.typ
"""

INDEX_QMD = """\
---
title: "Jatkuvan oppimisen tilannekuva {{< var vuosi >}}"
subtitle: "Testijulkaisu"
date: "27.11.2026"
---

{{< include chapters/_johdanto.qmd >}}

{{< include chapters/_tulokset.qmd >}}
"""

JOHDANTO_QMD = """\
# Johdanto {#sec-johdanto}

Hankkeita on {{< var hankkeet.yhteensa >}}. Arvo: {{< var erikoinen >}}.
Katso @fig-toinen ja @fig-ensimmainen, ja sähköposti joppi@example.fi pysyy.

::: {.callout-note}
## Lukuohje
Luvut ovat *vuoden* lopun tilanteen mukaisia.
:::

::: {.callout-tip title="Vinkki lukijalle"}
Taulukot löytyvät lopusta.
:::
"""

TULOKSET_QMD = """\
# Tulokset

## Hankkeet

{{< embed notebooks/kuviot.ipynb#fig-ensimmainen >}}

Tekstiä alaviitteellä.[^1]

{{< embed notebooks/kuviot.ipynb#fig-toinen >}}

{{< include _joppi/taulukot.md >}}

[^1]: Alaviitteen teksti.

# Liite {.unnumbered}

Loppu.
"""

TAULUKOT_MD = """\
| Alue | Hankkeita |
|:-----|----------:|
| Uusimaa | 12 |
| Lappi | 3 |
"""


def _chart(label: str, values: list[int]) -> tuple[str, str]:
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"a": k, "b": v} for k, v in zip("ABC", values)]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "a", "type": "nominal", "title": "Alue"},
            "y": {"field": "b", "type": "quantitative", "title": "Hankkeita"},
        },
        "width": 200,
        "height": 120,
    }
    svg = vlc.vegalite_to_svg(spec)
    # Shaped like joppi.charts.figure_bundle's output.
    html = (f'<div class="joppi-chart"><div id="vis-{label}" class="joppi-kuvio" role="img" aria-label="{label}"></div>'
            f'<script type="text/javascript">vegaEmbed("#vis-{label}", {json.dumps(spec)}, '
            '{"renderer": "svg", "actions": false}).catch(console.error);</script></div>')
    return html, svg


def _cell(label: str, options: list[str], values: list[int] | None) -> nbformat.NotebookNode:
    source = "\n".join([f"#| label: {label}", *options, "chart"])
    cell = nbformat.v4.new_code_cell(source)
    if values is not None:
        html, svg = _chart(label, values)
        cell.outputs = [nbformat.v4.new_output(
            "display_data", data={"text/html": html, "image/svg+xml": svg, "text/plain": "Chart"})]
    return cell


def _notebook(path: Path, cells: list[nbformat.NotebookNode]) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import altair as alt"), *cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)


@pytest.fixture(scope="session")
def vega_bundle() -> str:
    # The real bundle is large and slow to make; the engine only copies it.
    return "window.vegaEmbed = function () {};\n"


def make_project(root: Path, vega_bundle: str = "", *, chapters: dict[str, str] | None = None,
                 cells: list | None = None) -> Path:
    """A complete build directory like the one the build prepares."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "_brand.yml", root / "_brand.yml")
    shutil.copytree(REPO / "src" / "joppi" / "assets", root / "src" / "joppi" / "assets")
    (root / "_quarto.yml").write_text(QUARTO_YML, encoding="utf-8")
    (root / "index.qmd").write_text(INDEX_QMD, encoding="utf-8")
    # As the build writes it: the values as markdown, literal (markup.markdown_values).
    (root / "_variables.yml").write_text(yaml.safe_dump(markdown_values(
        {"vuosi": 2026, "hankkeet": {"yhteensa": 15}, "erikoinen": TRICKY}),
        allow_unicode=True), encoding="utf-8")
    files = {"_johdanto.qmd": JOHDANTO_QMD, "_tulokset.qmd": TULOKSET_QMD, **(chapters or {})}
    for name, text in files.items():
        path = root / "chapters" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "_joppi").mkdir(exist_ok=True)
    (root / "_joppi" / "taulukot.md").write_text(TAULUKOT_MD, encoding="utf-8")
    (root / "_joppi" / "vega-bundle.js").write_text(vega_bundle or "/* bundle */\n",
                                                     encoding="utf-8")
    if cells is None:
        cells = [
            _cell("fig-ensimmainen", ['#| fig-cap: "Hankkeet alueittain"',
                                      '#| fig-alt: "Pylväskaavio: A 3, B 5, C 2."'], [3, 5, 2]),
            _cell("fig-toinen", ["#| fig-cap: 'Rahoitus \"euroina\" [1]'",
                                 "#| fig-alt: Toinen pylväskaavio, jossa kolme pylvästä."],
                  [1, 2, 4]),
        ]
    _notebook(root / "notebooks" / "kuviot.ipynb", cells)
    return root


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, vega_bundle):
    """One full render of the fixture, shared by the tests that only read its outputs."""
    base = tmp_path_factory.mktemp("render")
    build = make_project(base / "build", vega_bundle)
    started = time.perf_counter()
    result = render(build, base / "out", "pandoc", timestamp=TIMESTAMP)
    result["seconds"] = time.perf_counter() - started
    result["html_text"] = result["html"].read_text(encoding="utf-8")
    result["pdf_text"] = pdf_text(result["pdf"])
    return result


# ---------------------------------------------------------------------------------------
# Pandoc + Typst engine: HTML


def test_returns_paths_and_engine(rendered):
    assert rendered["engine"] == "pandoc"
    assert rendered["html"].name == "index.html" and rendered["html"].is_file()
    assert rendered["pdf"].name == "index.pdf" and rendered["pdf"].is_file()
    print(f"fixture render took {rendered['seconds']:.2f} s")


def test_html_is_standalone_finnish_page(rendered):
    page = rendered["html_text"]
    assert '<html lang="fi">' in page
    assert '<meta name="viewport"' in page
    assert "<title>Jatkuvan oppimisen tilannekuva 2026</title>" in page
    assert '<a class="skip-link" href="#sisalto">' in page
    assert '<main id="sisalto"' in page and "<header" in page and "<nav" in page
    assert '<h2 id="toc-title">Sisällys</h2>' in page
    assert '<span class="header-section-number">1</span>' in page
    assert '<script src="_joppi/vega-bundle.js"></script>' in page
    assert "http://" not in page.replace('href="https://www.oph.fi/joppi"', "")
    assert "https://" not in page.replace('href="https://www.oph.fi/joppi"', "").replace(
        "https://vega.github.io/schema", "")


def test_html_assets_are_copied_beside_the_page(rendered):
    out = rendered["html"].parent
    page = rendered["html_text"]
    for ref in re.findall(r'(?:src|href)="(_joppi/[^"]+)"', page):
        assert (out / ref).is_file(), ref
    brand_css = (out / "_joppi" / "brand.css").read_text(encoding="utf-8")
    assert "@font-face" in brand_css and "#1b2b5e" in brand_css
    for font in re.findall(r'url\("([^"]+)"\)', brand_css):
        assert (out / "_joppi" / font).is_file()


def test_html_figures_numbered_in_order_with_links_and_alt(rendered):
    page = rendered["html_text"]
    captions = re.findall(r'<span class="figure-number">Kuvio&nbsp;(\d)\. </span>([^<]*)', page)
    assert captions == [("1", "Hankkeet alueittain"),
                        ("2", "Rahoitus “euroina” [1]")]
    assert page.index('<figure id="fig-ensimmainen"') < page.index('<figure id="fig-toinen"')
    assert '<a href="#fig-toinen" class="joppi-xref">Kuvio&nbsp;2</a>' in page
    assert '<a href="#fig-ensimmainen" class="joppi-xref">Kuvio&nbsp;1</a>' in page
    # the notebook's own HTML is kept whole and nothing of it is hidden; as this test notebook's
    # HTML does not carry the alt text, the engine adds it for assistive technology
    assert '<div class="joppi-chart">' in page and 'aria-hidden="true">' not in page
    assert '<p class="visually-hidden">Pylväskaavio: A 3, B 5, C 2.</p>' in page
    assert 'vegaEmbed("#vis-fig-ensimmainen"' in page
    assert "joppi@example.fi" in page


def test_html_variable_value_is_literal_text(rendered):
    page = rendered["html_text"]
    assert "Hankkeita on 15." in page
    assert ("&lt;b&gt;*x*&lt;/b&gt; #set $5 @foo [a] _y_ `z` \\ 50 %" in page)
    assert "<b>*x*</b>" not in page


def test_html_callouts_and_table(rendered):
    page = rendered["html_text"]
    assert '<div class="callout callout-note" role="note">' in page
    assert "<strong>Lukuohje</strong>" in page
    assert '<div class="callout callout-tip" role="note">' in page
    assert "<strong>Vinkki lukijalle</strong>" in page
    assert '<th style="text-align: left;">Alue</th>' in page and "Uusimaa" in page
    assert 'id="fn1"' in page
    assert '<h1 class="unnumbered">Liite</h1>' in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


def test_html_passes_axe_offline(tmp_path):
    """No serious or critical axe-core violations, on a desktop and a phone viewport, with the
    real Vega bundle drawing the charts from disk and no request leaving file://."""
    sync_api = pytest.importorskip("playwright.sync_api")
    axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromiumia ei ole asennettu; axe-tarkistusta ei voi ajaa")
    build = make_project(tmp_path / "build", vlc.javascript_bundle())
    result = render(build, tmp_path / "out", "pandoc", timestamp=TIMESTAMP)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for width in (1280, 375):
                page = browser.new_page(viewport={"width": width, "height": 900})
                requests: list[str] = []
                page.on("request", lambda request: requests.append(request.url))
                page.goto(result["html"].as_uri())
                page.wait_for_selector("#fig-toinen .joppi-chart svg", timeout=10_000)
                violations = axe_api.Axe().run(page).response["violations"]
                serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations
                           if v["impact"] in ("serious", "critical")]
                assert serious == [], (width, serious)
                assert [u for u in requests if not u.startswith("file:")] == []
                page.close()
        finally:
            browser.close()


# ---------------------------------------------------------------------------------------
# Pandoc + Typst engine: PDF


def test_pdf_text(rendered):
    text = " ".join(rendered["pdf_text"].split())
    assert "Sisällys" in text
    assert "Kuvio 1. Hankkeet alueittain" in text
    assert "Kuvio 2. Rahoitus ”euroina” [1]" in text
    assert "Katso Kuvio 2 ja Kuvio 1" in text
    assert TRICKY in text
    assert "Jatkuvan oppimisen tilannekuva 2026" in text
    assert "Lukuohje" in text and "Vinkki lukijalle" in text


def test_pdf_is_tagged_with_title_and_language(rendered):
    data = rendered["pdf"].read_bytes()
    assert b"/StructTreeRoot" in data
    assert b"/Lang" in data
    info = subprocess.run(["pdfinfo", str(rendered["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Title:\s+Jatkuvan oppimisen tilannekuva 2026", info)
    assert re.search(r"Page size:\s+595\.\d* x 841\.\d* pts \(A4\)", info)
    fonts = subprocess.run(["pdffonts", str(rendered["pdf"])], capture_output=True, text=True,
                           check=True).stdout
    assert "OpenSans" in fonts


def test_pdf_figures_are_vector(rendered, tmp_path):
    # An image XObject would mean a rasterised chart; the logo and charts are SVG → paths.
    listing = subprocess.run(["pdfimages", "-list", str(rendered["pdf"])], capture_output=True,
                             text=True, check=True).stdout
    assert len(listing.strip().splitlines()) <= 2


# ---------------------------------------------------------------------------------------
# Determinism


def test_two_renders_are_byte_identical(tmp_path, vega_bundle, rendered):
    build = make_project(tmp_path / "build", vega_bundle)
    first = render(build, tmp_path / "out1", "pandoc", timestamp=TIMESTAMP)
    second = render(build, tmp_path / "out2", "pandoc", timestamp=TIMESTAMP)
    assert first["html"].read_bytes() == second["html"].read_bytes()
    assert first["pdf"].read_bytes() == second["pdf"].read_bytes()
    # A different build directory gives the same bytes too.
    assert first["pdf"].read_bytes() == rendered["pdf"].read_bytes()
    assert first["html"].read_bytes() == rendered["html"].read_bytes()


# ---------------------------------------------------------------------------------------
# Errors name the file and line


def _error(tmp_path, **kwargs) -> str:
    build = make_project(tmp_path / "build", **kwargs)
    with pytest.raises(RenderError) as info:
        render(build, tmp_path / "out", "pandoc", timestamp=TIMESTAMP)
    return str(info.value)


def test_missing_alt_text_fails_pdf_ua(tmp_path):
    cells = [_cell("fig-ensimmainen", ['#| fig-cap: "Ilman tekstiä"', '#| fig-alt: ""'],
                   [1, 2, 3]),
             _cell("fig-toinen", ['#| fig-cap: "Toinen"', '#| fig-alt: "Kuvaus"'], [1, 1, 1])]
    message = _error(tmp_path, cells=cells)
    assert "PDF/UA-1" in message and "alt" in message
    assert "chapters/_tulokset.qmd:5" in message and "fig-ensimmainen" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Katso {{< meta title >}}.", "{{< meta title >}}"),
        ("Arvo {{< var ei.ole >}} puuttuu.", "ei.ole"),
        ("Katso @fig-puuttuu.", "@fig-puuttuu"),
        ("Katso @sec-johdanto.", "@sec-johdanto"),
        ("Lähde @smith2020.", "@smith2020"),
        ("```{python}", "python"),
        ("```{=html}", "=html"),
        ("Raaka `<b>`{=html} teksti.", "html"),
        ("![Kuva](kuva.png)", "![…]"),
        ("Teksti <span>html</span>.", "<span>"),
        ("::: {.callout-warning}", "callout-warning"),
        ("## Otsikko {.tabset}", ".tabset"),
    ],
)
def test_unsupported_source_names_file_and_line(tmp_path, line, expected):
    chapter = f"# Luku\n\nTekstiä.\n\n{line}\n"
    index = INDEX_QMD + "\n{{< include chapters/_virhe.qmd >}}\n"
    build = make_project(tmp_path / "build", chapters={"_virhe.qmd": chapter})
    (build / "index.qmd").write_text(index, encoding="utf-8")
    with pytest.raises(RenderError) as info:
        render(build, tmp_path / "out", "pandoc", timestamp=TIMESTAMP)
    message = str(info.value)
    assert message.startswith("chapters/_virhe.qmd:5: "), message
    assert expected in message


def test_unknown_variable_in_title_names_front_matter_line(tmp_path):
    build = make_project(tmp_path / "build")
    text = INDEX_QMD.replace("{{< var vuosi >}}", "{{< var vuosi.ei >}}")
    (build / "index.qmd").write_text(text, encoding="utf-8")
    with pytest.raises(RenderError, match=r"^index\.qmd:2: .*vuosi\.ei"):
        render(build, tmp_path / "out", "pandoc", timestamp=TIMESTAMP)


def test_missing_include_and_notebook_cell(tmp_path):
    build = make_project(tmp_path / "build", chapters={
        "_tulokset.qmd": "# Tulokset\n\n{{< include chapters/_ei_ole.qmd >}}\n"})
    with pytest.raises(RenderError, match=r"^chapters/_tulokset\.qmd:3: .*_ei_ole\.qmd"):
        render(build, tmp_path / "out", "pandoc")
    (build / "chapters" / "_tulokset.qmd").write_text(
        "# Tulokset\n\n{{< embed notebooks/kuviot.ipynb#fig-ei-ole >}}\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"^chapters/_tulokset\.qmd:3: .*fig-ei-ole"):
        render(build, tmp_path / "out", "pandoc")


def test_shortcodes_inside_code_are_left_alone(tmp_path):
    chapter = ("# Koodi\n\nKirjoita `{{< var vuosi >}}` ja `@fig-x`.\n\n```yaml\n"
               "{{< embed x.ipynb#y >}}\n@fig-x\n```\n")
    index = INDEX_QMD + "\n{{< include chapters/_koodi.qmd >}}\n"
    build = make_project(tmp_path / "build", chapters={"_koodi.qmd": chapter})
    (build / "index.qmd").write_text(index, encoding="utf-8")
    result = render(build, tmp_path / "out", "pandoc", timestamp=TIMESTAMP)
    page = result["html"].read_text(encoding="utf-8")
    assert "<code>{{&lt; var vuosi &gt;}}</code>" in page
    assert "{{&lt; embed x.ipynb#y &gt;}}" in page


def test_unknown_engine_is_refused(tmp_path):
    with pytest.raises(RenderError, match="moottori"):
        render(tmp_path, tmp_path / "out", "latex")


# ---------------------------------------------------------------------------------------
# Quarto engine (only where Quarto is installed; never faked)


def test_quarto_engine(tmp_path, vega_bundle):
    quarto = find_quarto()
    if quarto is None:
        pytest.skip("Quarto CLI ei ole asennettu (ei QUARTO_PATH-muuttujaa eikä quartoa "
                    "PATHissa); Quarto-moottoria ei voi testata")
    build = make_project(tmp_path / "build", vega_bundle)
    result = render(build, tmp_path / "out", "quarto", timestamp=TIMESTAMP)
    assert result["engine"] == "quarto"
    page = result["html"].read_text(encoding="utf-8")
    assert 'lang="fi"' in page and "Kuvio" in page
    assert not (tmp_path / "out" / "notebooks").exists()
    text = " ".join(pdf_text(result["pdf"]).split())
    assert "Kuvio 1. Hankkeet alueittain" in text


def test_auto_uses_pandoc_without_quarto(tmp_path, monkeypatch, vega_bundle):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("QUARTO_PATH", raising=False)
    assert find_quarto() is None
    build = make_project(tmp_path / "build", vega_bundle)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # pdftotext etc.; still no quarto there
    if find_quarto() is not None:
        pytest.skip("quarto on /usr/bin:ssä")
    assert render(build, tmp_path / "out", timestamp=TIMESTAMP)["engine"] == "pandoc"
