"""What readers and analysts see: figure titles above the figures, the data to download.

Against the 2023 edition built once per session (conftest.built_2023). Expected numbers are the
2023 facts worked out by hand from data/README.md: projects by ELY centre 15, 12, 11 and 7 of 45
(33,3 %, 26,7 %, 24,4 %, 15,6 %).
"""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

import helpers
from joppi.figures import FIGURES

pytestmark = pytest.mark.build
ELY = {"Keski-Suomi": (15, 33.3), "Etelä-Savo": (12, 26.7), "Häme": (11, 24.4), "Pohjois-Pohjanmaa": (7, 15.6)}
FIRST_EDITION = [spec for spec in FIGURES if spec.condition is None and not spec.needs_previous]


@pytest.fixture(scope="module")
def edition(built_2023):
    folder = built_2023.output
    return folder, (folder / "index.html").read_text(encoding="utf-8")


def test_every_figure_title_is_above_its_chart_on_the_page(edition):
    _folder, html = edition
    figures = re.findall(r'<figure id="(fig-[\w-]+)" class="joppi-figure">\s*(<\w+)([^>]*)>', html)
    assert {label for label, _tag, _attrs in figures} == {spec.label for spec in FIRST_EDITION}
    for label, tag, _attrs in figures:
        assert tag == "<figcaption", f"{label}: the first thing in the figure is not its title"
        body = html[html.index(f'<figure id="{label}"'):]
        body = body[:body.index("</figure>")]
        assert body.index("<figcaption") < body.index('class="joppi-chart"'), label


def test_every_figure_title_is_above_its_chart_in_the_pdf(built_2023):
    text = helpers.squash(helpers.pdf_text(built_2023.pdf))
    # "Kuvio 1." and its title come before the chart's axis title on the same page
    for number, title, axis in ((1, "Hanketoimijat taustaorganisaation mukaan", "Toimijoiden määrä"),
                                (2, "Hankkeiden prosentuaalinen jakautuminen rahoituksista vastaavissa "
                                    "ELY-keskuksissa", "Osuus toteutuksista (n = 45)")):
        at = text.index(helpers.squash(f"Kuvio {number}. {title}"))
        axis_at = text.find(helpers.squash(axis), at)
        assert at < axis_at < at + 600, f"Kuvio {number}: the title is not right above its chart"


def test_every_figure_has_its_csv_linked_beside_its_table(edition):
    folder, html = edition
    for spec in FIRST_EDITION:
        href = f"_joppi/aineistot/{spec.label}.csv"
        assert f'<a href="{href}" download>' in html, spec.label
        assert (folder / href).is_file(), href


def test_the_csv_has_the_figures_numbers(edition):
    folder, _html = edition
    raw = (folder / "_joppi/aineistot/fig-ely.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Finnish spreadsheets"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["ELY-keskus", "Lukumäärä", "Osuus (%)"]
    assert {r[0]: (int(r[1]), float(r[2].replace(",", "."))) for r in rows[1:]} == ELY


def test_the_workbook_follows_the_accessible_spreadsheet_conventions(edition):
    folder, html = edition
    name = "joppi-tilannekuva-2023-taulukot.xlsx"
    assert f'href="_joppi/aineistot/{name}"' in html, "linked from the page"
    colophon = helpers.section_text(html, "sec-kolofoni")
    assert name in colophon and "fig-ely.csv" in colophon, "listed in the colophon"
    book = openpyxl.load_workbook(folder / "_joppi/aineistot" / name)
    # one sheet per figure, in the figures' order, named by its number
    tables = [f"Kuvio {i}" for i in range(1, len(FIRST_EDITION) + 1)]
    assert book.sheetnames == ["Kansilehti", "Sisällys", "Huomautukset", *tables]
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, f"{sheet.title}: merged cells"
    contents = [r for r in book["Sisällys"].iter_rows(values_only=True)]
    listed = [r[0] for r in contents if r and r[0] in tables]
    assert listed == tables, "the contents list every table in order"
    ely = book["Kuvio 2"]
    assert ely["A1"].value == "Kuvio 2. " + FIRST_EDITION[1].caption and FIRST_EDITION[1].label == "fig-ely"
    for number, spec in enumerate(FIRST_EDITION, start=1):
        assert book[f"Kuvio {number}"]["A1"].value.startswith(f"Kuvio {number}. {spec.caption}"), spec.label
    rows = list(ely.iter_rows(values_only=True))
    head = rows.index(("ELY-keskus", "Lukumäärä", "Osuus (%)"))
    assert {r[0]: (r[1], r[2]) for r in rows[head + 1:] if r[0]} == ELY
    cover = " ".join(str(c) for r in book["Kansilehti"].iter_rows(values_only=True) for c in r if c)
    # "[p]" is explained where a count is hidden, and only there (issue 20, item 5)
    hidden = any(c == "[p]" for name in tables for r in book[name].iter_rows(values_only=True) for c in r)
    assert ("[p]" in cover and "alle 3 vastaajaan" in cover) == hidden


def test_the_workbook_has_the_same_numbers_as_the_figures(edition):
    folder, html = edition
    book = openpyxl.load_workbook(folder / "_joppi/aineistot/joppi-tilannekuva-2023-taulukot.xlsx")
    specs = helpers.vega_specs(html)
    for label, key, column in (("fig-toimijat", "lukumaara", "Lukumäärä"), ("fig-haasteet", "lukumaara", "Vastaajia")):
        chart = {r["luokka"]: r[key] for r in helpers.dataset_rows(specs[label])}
        number = [spec.label for spec in FIRST_EDITION].index(label) + 1
        rows = list(book[f"Kuvio {number}"].iter_rows(values_only=True))
        head = next(i for i, r in enumerate(rows) if column in r)
        col = rows[head].index(column)
        sheet = {r[0]: r[col] for r in rows[head + 1:] if r[0]}
        assert sheet == chart, label
