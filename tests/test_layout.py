"""The programme's visibility (the EU emblem, the co-funding statement, the publisher) and the
PDF's layout (no heading last on a page, a figure with its title) — issue 20, items 10 and 13."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from joppi import logo
from joppi.paths import ASSETS

SVG = "{http://www.w3.org/2000/svg}"


def _stars(svg: str):
    root = ET.fromstring(svg)
    rect = root.find(f"{SVG}rect")
    polygons = root.findall(f"{SVG}polygon")
    stars = [[tuple(map(float, p.split(","))) for p in poly.get("points").split()] for poly in polygons]
    return root, rect, polygons, stars


def test_emblem_geometry_from_the_official_description():
    root, rect, polygons, stars = _stars(logo.emblem_svg())
    width, height = float(rect.get("width")), float(rect.get("height"))
    assert (width, height) == (300.0, 200.0)                          # 3:2
    assert rect.get("fill").lower() == "#003399"                      # Reflex Blue
    assert root.get("viewBox") == "0 0 300 200"
    assert len(polygons) == 12
    assert {p.get("fill").lower() for p in polygons} == {"#ffcc00"}   # Yellow
    centre = (150.0, 100.0)
    angles = []
    for points in stars:
        assert len(points) == 10                                      # five points, five notches
        # the star's centre: the mean of its five outer points
        outer = points[0::2]
        cx, cy = sum(x for x, _ in outer) / 5, sum(y for _, y in outer) / 5
        # on the circle of radius one third of the height
        assert math.isclose(math.dist((cx, cy), centre), height / 3, abs_tol=0.01)
        # each outer point at one eighteenth of the height from the star's centre
        for x, y in outer:
            assert math.isclose(math.dist((x, y), (cx, cy)), height / 18, abs_tol=0.01)
        # upright: the first point straight above the centre
        assert math.isclose(points[0][0], cx, abs_tol=0.01) and points[0][1] < cy
        angles.append(math.degrees(math.atan2(cx - centre[0], centre[1] - cy)) % 360)
    # as the hours of a clock: every 30 degrees from twelve o'clock
    assert sorted(round(a) % 360 for a in angles) == list(range(0, 360, 30))


def test_committed_emblem_is_what_the_code_draws():
    assert (ASSETS / logo.EMBLEM_FILE).read_text(encoding="utf-8") == logo.emblem_svg()


def test_visibility_block_in_each_language():
    fi = logo.visibility_html("fi", "_joppi/eu-emblem.svg", "OPETUSHALLITUS")
    sv = logo.visibility_html("sv", "_joppi/eu-emblem.svg", "UTBILDNINGSSTYRELSEN")
    assert "Euroopan unionin osarahoittama" in fi and "OPETUSHALLITUS" in fi
    assert "Medfinansieras av Europeiska unionen" in sv and "UTBILDNINGSSTYRELSEN" in sv
    assert "osarahoittama" not in sv
    # a publisher's logo file, where given, replaces the name in text (the name is its alt text)
    with_logo = logo.visibility_html("fi", "e.svg", "OPETUSHALLITUS", "_joppi/julkaisija.svg")
    assert re.search(r'<img class="joppi-publisher-logo" src="_joppi/julkaisija.svg" alt="OPETUSHALLITUS">',
                     with_logo)
    assert '<span class="joppi-publisher">' not in with_logo
    typ = logo.visibility_typst("sv", "/_joppi/eu-emblem.svg", "UTBILDNINGSSTYRELSEN")
    assert '"Medfinansieras av Europeiska unionen"' in typ and 'alt: "Europeiska unionens flagga"' in typ


def test_publisher_from_brand():
    extra = {"julkaisija": {"nimi": {"fi": "OPETUSHALLITUS", "sv": "UTBILDNINGSSTYRELSEN"}, "logo": None}}
    assert logo.publisher(extra, "sv") == ("UTBILDNINGSSTYRELSEN", None)
    assert logo.publisher({}, "fi") == ("", None)


# --- the built PDFs: no heading last on a page, a figure title with its figure ---------------------

CAPTION = re.compile(r"^(Kuvio|Figur|Taulukko|Tabell)\s+\d+\.\s")


def page_lines(pdf) -> list[list[str]]:
    """Each page's text lines (pdftotext, reading order), without the page number at its foot."""
    from helpers import pdf_text, spaced

    pages = []
    for page in pdf_text(pdf).split("\f"):
        lines = [spaced(line) for line in page.splitlines() if spaced(line)]
        if lines and re.fullmatch(r"\d+", lines[-1]):
            lines.pop()
        pages.append(lines)
    return [p for p in pages if p]


def headings_of(html: str) -> set[str]:
    """The edition's headings as the PDF prints them ("3.6 Päättyneiden hankkeiden loppukysely")."""
    from helpers import parse_html, squash

    root = parse_html(html)
    return {squash(h.text()) for tag in ("h1", "h2", "h3") for h in root.find_all(tag)
            if "title" not in h.classes() and h.attrs.get("id") != "toc-title"}


def layout_faults(pdf, headings: set[str]) -> list[str]:
    """Pages whose last lines are a heading or a figure's or table's title (its figure on the next page)."""
    from helpers import squash

    faults = []
    pages = page_lines(pdf)
    for number, lines in enumerate(pages[:-1], start=1):   # the last page may end where it likes
        tail = lines[-3:]
        for k in range(1, len(tail) + 1):
            joined = squash(" ".join(tail[-k:]))
            if joined in headings:
                faults.append(f"sivu {number}: otsikko viimeisenä: {' '.join(tail[-k:])}")
        if any(CAPTION.match(line) for line in tail[-2:]):
            faults.append(f"sivu {number}: kuvion tai taulukon otsikko ilman kuviota: {tail[-2:]}")
    return faults


def test_layout_faults_are_found():
    """The checker finds a heading and a caption at a page's foot (a made-up page text)."""
    import helpers

    pages = "Teksti\nrivi\n3.6 Päättyneiden hankkeiden loppukysely\n11\fSeuraava\nKuvio 4. Toteutukset\n12\fLoppu\n13"
    original = helpers.pdf_text
    helpers.pdf_text = lambda pdf: pages
    try:
        faults = layout_faults("x.pdf", {helpers.squash("3.6 Päättyneiden hankkeiden loppukysely")})
    finally:
        helpers.pdf_text = original
    assert faults == ["sivu 1: otsikko viimeisenä: 3.6 Päättyneiden hankkeiden loppukysely",
                      "sivu 2: kuvion tai taulukon otsikko ilman kuviota: ['Seuraava', 'Kuvio 4. Toteutukset']"]


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    import synthetic as syn
    import synthetic_years as sy
    from conftest import copy_full_project

    project = sy.add_years(copy_full_project(tmp_path_factory.mktemp("taitto") / "projekti"))
    for year in (2023, 2024, 2025):
        proc = syn.build_cli(project, year)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


@pytest.mark.build
@pytest.mark.parametrize("year", (2023, 2024, 2025))
def test_no_heading_or_figure_title_last_on_a_page(three_years, year):
    faults = []
    for folder, pdf in (("", f"joppi-tilannekuva-{year}.pdf"), ("sv/", f"joppi-lagesbild-{year}.pdf")):
        out = three_years / "_output" / str(year) / folder
        faults += [f"{folder}{pdf}: {f}" for f in layout_faults(out / pdf, headings_of(
            (out / "index.html").read_text(encoding="utf-8")))]
    assert not faults, "\n".join(faults)


@pytest.mark.build
def test_publication_date_is_the_setting_not_the_build_date(three_years):
    import synthetic_years as sy
    from helpers import pdf_text, squash
    from pypdf import PdfReader

    for year, day in ((2023, "15.3.2024"), (2024, "14.3.2025"), (2025, "13.3.2026")):
        out = three_years / "_output" / str(year)
        text = squash(pdf_text(out / f"joppi-tilannekuva-{year}.pdf"))
        assert squash(f"Julkaisun päiväys on {day}.") in text
        assert squash(f"Jatkuvan oppimisen Suomi -koordinaatiohanke ({day[-4:]}).") in text
        sv = squash(pdf_text(out / "sv" / f"joppi-lagesbild-{year}.pdf"))
        assert squash(f"Publikationen är daterad {day}.") in sv
        meta = PdfReader(out / f"joppi-tilannekuva-{year}.pdf").metadata
        assert str(meta.get("/CreationDate", "")).startswith(f"D:{day[-4:]}{int(day.split('.')[1]):02d}"), meta
        html = (out / "index.html").read_text(encoding="utf-8")
        assert "Euroopan unionin osarahoittama" in html and "OPETUSHALLITUS" in html
        assert squash("Medfinansieras av Europeiska unionen") in sv and "UTBILDNINGSSTYRELSEN" in sv
    assert sy.PUBLICATION_DATES[2024] == "2025-03-14"


@pytest.mark.build
def test_toc_lists_the_end_survey_section(three_years):
    from helpers import parse_html, spaced

    html = (three_years / "_output" / "2025" / "index.html").read_text(encoding="utf-8")
    toc = next(parse_html(html).find_all(id="TOC"))
    assert "3.6 Päättyneiden hankkeiden loppukysely" in spaced(toc.text())


# --- the funding authority of the decisions' time ---------------------------------------------------

def test_funding_authority_by_validity_period(tmp_path):
    import datetime as dt
    import shutil

    from joppi.errors import DataError
    from joppi.funders import authorities, load_funders, transfer_sentence
    from joppi.paths import project_root

    (tmp_path / "data" / "luokitukset").mkdir(parents=True)
    shutil.copy(project_root() / "data" / "luokitukset" / "rahoittajat.csv", tmp_path / "data" / "luokitukset")
    funders = load_funders(tmp_path)
    d = dt.date
    # decisions of 2023–2025 were the ELY centres'; a decision of 2026 the elinvoimakeskus's
    assert [f.name["fi"] for f in authorities(funders, d(2023, 1, 1), d(2025, 12, 31))] == ["ELY-keskus"]
    assert [f.name["fi"] for f in authorities(funders, d(2026, 1, 1), d(2026, 12, 31))] == ["elinvoimakeskus"]
    # the 2025 edition, published in 2026, says once that the tasks moved, in its language
    fi = transfer_sentence(funders, d(2023, 1, 1), d(2025, 12, 31), d(2026, 3, 13), "fi")
    assert fi == ("Julkaisun hankkeiden rahoituspäätökset tekivät aikanaan ELY-keskukset. ESR+-rahoituksen "
                  "alueelliset tehtävät siirtyivät 1.1.2026 ELY-keskuksilta elinvoimakeskuksille.")
    sv = transfer_sentence(funders, d(2023, 1, 1), d(2025, 12, 31), d(2026, 3, 13), "sv")
    assert "från NTM-centralerna till livskraftscentralerna" in sv and "ELY" not in sv
    # the 2023 edition, published in 2024, has nothing to say; nor has one of 2026's decisions only
    assert transfer_sentence(funders, d(2023, 1, 1), d(2023, 12, 31), d(2024, 3, 15), "fi") == ""
    assert transfer_sentence(funders, d(2026, 1, 1), d(2026, 12, 31), d(2027, 3, 15), "fi") == ""
    # a bad date is named with its file, row and column
    path = tmp_path / "data" / "luokitukset" / "rahoittajat.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2025-12-31", "31.12.2025"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_funders(tmp_path)
    assert "rahoittajat.csv" in str(err.value) and "voimassa_asti" in str(err.value) and "31.12.2025" in str(err.value)


# --- the timeline: the edition's 31.12. and the implementations ended by then -----------------------

def test_timeline_marks_the_cutoff_and_the_ended(tmp_path):
    import pandas as pd

    from joppi import charts as C
    from joppi.brand import load_brand
    from joppi.paths import project_root

    brand = load_brand(project_root())
    frame = pd.DataFrame({"alkamispaiva": pd.to_datetime(["2023-01-01", "2023-03-01", "2024-02-01"]),
                          "paattymispaiva": pd.to_datetime(["2024-12-31", "2025-06-30", "2026-12-31"]),
                          "lukumaara": [3, 1, 2]})
    spec = C.timeline_chart(frame, brand, cutoff=pd.Timestamp(2024, 12, 31)).to_dict()
    layers = spec["layer"]
    rules = [lay for lay in layers if (lay.get("mark") or {}).get("type") == "rule"]
    assert len(rules) == 1
    rule_values = next(v for k, v in spec["datasets"].items() if any("paiva" in r for r in v))
    assert rule_values == [{"paiva": "2024-12-31", "teksti": "31.12.2024"}]
    bars = next(lay for lay in layers if (lay.get("mark") or {}).get("type") == "bar")
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Käynnissä", "Päättynyt 31.12.2024 mennessä"]
    rows = next(v for v in spec["datasets"].values() if v and "tila" in v[0])
    # ended on or before the cut-off: the first period (31.12.2024) only
    assert [r["tila"] for r in rows] == ["Päättynyt 31.12.2024 mennessä", "Käynnissä", "Käynnissä"]
    sv = C.timeline_chart(frame, brand, cutoff=pd.Timestamp(2024, 12, 31), lang="sv").to_dict()
    sv_bars = next(lay for lay in sv["layer"] if (lay.get("mark") or {}).get("type") == "bar")
    assert sv_bars["encoding"]["color"]["scale"]["domain"] == ["Pågår", "Avslutat senast 31.12.2024"]
    assert "<svg" in C.chart_svg(C.timeline_chart(frame, brand, cutoff=pd.Timestamp(2024, 12, 31)), brand)
