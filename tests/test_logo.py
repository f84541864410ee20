"""The logo draws its text as outlines: no font on the reader's machine can change it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from joppi.paths import ASSETS

SVG = "{http://www.w3.org/2000/svg}"


def test_the_logo_has_no_text_element():
    root = ET.parse(ASSETS / "logo.svg").getroot()
    assert root.findall(f".//{SVG}text") == []
    assert root.find(f"{SVG}title").text == "JOPPI – Jatkuvan oppimisen Suomi"
    # The wordmark's two lines are there as filled outlines in the brand's colours.
    fills = [p.get("fill") for p in root.findall(f"{SVG}path")]
    assert "#1b2b5e" in fills and "#595f6b" in fills


def test_the_committed_logo_is_what_the_brand_font_draws():
    pytest.importorskip("fontTools")
    from joppi.logo import wordmark_svg

    assert (ASSETS / "logo.svg").read_text(encoding="utf-8") == wordmark_svg()


def test_outlines_follow_the_font_metrics():
    pytest.importorskip("fontTools")
    from joppi.logo import FONTS, text_path

    one = text_path("I", FONTS / "OpenSans-Bold.ttf", 30, 0, 40)
    two = text_path("II", FONTS / "OpenSans-Bold.ttf", 30, 0, 40)
    assert one and two.startswith(one) and len(two) > len(one)
    assert text_path(" ", FONTS / "OpenSans-Bold.ttf", 30, 0, 40) == ""   # a space draws nothing


def test_the_swedish_edition_has_its_own_wordmark():
    """The Swedish wordmark says the programme's name in Swedish, and its settings name it."""
    import yaml

    from joppi.logo import edition_logo
    ROOT = Path(__file__).resolve().parents[1]

    root = ET.parse(ASSETS / "logo-sv.svg").getroot()
    assert root.findall(f".//{SVG}text") == []
    assert root.find(f"{SVG}title").text == "JOPPI – Kontinuerligt lärande i Finland"
    settings = yaml.safe_load((ROOT / "_quarto-sv.yml").read_text(encoding="utf-8"))
    assert edition_logo(ROOT, settings, None).name == "logo-sv.svg"
    assert "Suomi" not in settings["joppi-logo-alt"]
    assert edition_logo(ROOT, {}, ASSETS / "logo.svg").name == "logo.svg", "the Finnish edition keeps the brand's"


def test_the_committed_swedish_logo_is_what_the_brand_font_draws():
    pytest.importorskip("fontTools")
    from joppi.logo import wordmark_svg

    assert (ASSETS / "logo-sv.svg").read_text(encoding="utf-8") == wordmark_svg("sv")
    assert wordmark_svg("sv") != wordmark_svg("fi")
