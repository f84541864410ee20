"""The programme's visibility (the EU emblem, the co-funding statement, the publisher) and the
PDF's layout (no heading last on a page, a figure with its title) — issue 20, items 10 and 13."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

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
