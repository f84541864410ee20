"""Chart builders, alt texts and the figure bundle: hand-worked values."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from joppi import charts as C
from joppi.brand import load_brand
from joppi.bundle import BUNDLE_MIMES, bundle_html, raw_blocks
from joppi.fmt import FI_LOCALE

NB = "\u00a0"
DASH = "\u2013"
ROOT = Path(__file__).resolve().parents[1]
EVIL = "</script><script>alert(1)</script>"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def brand():
    return load_brand(ROOT)


@pytest.fixture
def ely():
    # 0.305 must print "31 %" (half up), 0.265 "27 %" (half up; banker's gives 26).
    return pd.DataFrame(
        {
            "luokka": ["Keski-Suomi", "Etelä-Savo", "Pohjois-Pohjanmaa", "Lappi", "Kainuu"],
            "lukumaara": [61, 53, 50, 18, 18],
            "osuus": [0.305, 0.265, 0.25, 0.09, 0.09],
        }
    )


@pytest.fixture
def orgs():
    return pd.DataFrame(
        {
            "luokka": [
                "Ammatillisen koulutuksen järjestäjä",
                "Kunta, kuntayhtymä tai muu julkinen toimija",
                "Yliopisto",
                "Yritys",
            ],
            "lukumaara": [1234, 11, 6, 2],
            "osuus": [1234 / 1253, 11 / 1253, 6 / 1253, 2 / 1253],
        }
    )


@pytest.fixture
def theme_ely():
    themes = ["Osaamisen kehittäminen ja ohjaus", "Digitaidot"]
    elys = ["Keski-Suomi", "Etelä-Savo", "Lappi"]
    counts = {("Osaamisen kehittäminen ja ohjaus", "Keski-Suomi"): 5,
              ("Osaamisen kehittäminen ja ohjaus", "Etelä-Savo"): 0,
              ("Osaamisen kehittäminen ja ohjaus", "Lappi"): 2,
              ("Digitaidot", "Keski-Suomi"): 1,
              ("Digitaidot", "Etelä-Savo"): 3,
              ("Digitaidot", "Lappi"): 4}
    frame = pd.DataFrame(
        [(t, e, counts[(t, e)]) for t in themes for e in elys],
        columns=["teema", "ely_keskus", "lukumaara"],
    )
    return frame, themes, elys


@pytest.fixture
def timeline():
    return pd.DataFrame(
        {
            "alkamispaiva": pd.to_datetime(["2024-01-01", "2023-01-01", "2023-01-01"]),
            "paattymispaiva": pd.to_datetime(["2026-12-31", "2026-06-30", "2025-12-31"]),
            "lukumaara": [8, 5, 12],
        }
    )


@pytest.fixture
def survey():
    return pd.DataFrame(
        {
            "luokka": ["Hankkeen verkkosivut", "Työnantaja", "Sosiaalinen media", "Muu"],
            "lukumaara": pd.array([14, pd.NA, 11, pd.NA], dtype="Int64"),
            "osuus": [14 / 45, np.nan, 11 / 45, np.nan],
            "piilotettu": [False, True, False, True],
        }
    )


# --------------------------------------------------------------------------- helpers


def spec_of(chart, brand):
    return C.chart_spec(chart, brand)


def dataset(spec) -> list[dict]:
    (rows,) = spec["datasets"].values()
    return rows


def layers(spec) -> list[dict]:
    """The layers of a (possibly title-wrapped, possibly faceted) layered spec."""
    while "vconcat" in spec:
        spec = spec["vconcat"][0]
    if "spec" in spec:  # facet
        spec = spec["spec"]
    return spec["layer"]


def svg_texts(svg: str) -> list[str]:
    """Text content of every <text>, joining the lines (<tspan>) of multi-line labels."""
    out = []
    for m in re.finditer(r"<text[^>]*>(.*?)</text>", svg, flags=re.S):
        out.append(" ".join(re.findall(r">([^<]+)<", f">{m.group(1)}<")))
    return [html.unescape(t) for t in out]


def scene_marks(chart, brand, marktype: str, role: str = "mark") -> list[dict]:
    sg = vlc.vegalite_to_scenegraph(
        C.chart_spec(chart, brand), format_locale=FI_LOCALE
    )
    found: list[dict] = []

    def walk(n):
        if isinstance(n, dict):
            if n.get("marktype") == marktype and n.get("role") == role:
                found.extend(n.get("items", []))
            for v in n.values():
                walk(v)
        elif isinstance(n, list):
            for v in n:
                walk(v)

    walk(sg)
    return found


# --------------------------------------------------------------------------- contrast / theme


def test_contrast_ratio_known_values():
    assert C.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert C.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert C.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert C.contrast_ratio("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    # symmetric
    assert C.contrast_ratio("#1b2b5e", "#ffffff") == C.contrast_ratio("#ffffff", "#1b2b5e")


def _colour_values(node, keys) -> list[str]:
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, str):
                out.append(v)
            out.extend(_colour_values(v, keys))
    elif isinstance(node, list):
        for v in node:
            out.extend(_colour_values(v, keys))
    return out


def test_theme_text_colours_pass_wcag_aa(brand):
    theme = C.altair_theme(brand)
    cfg = theme["config"]
    bg = cfg["background"]
    text_keys = {"labelColor", "titleColor", "subtitleColor", "color"}
    colours = _colour_values(cfg, text_keys) + [cfg["text"]["fill"]]
    assert len(colours) >= 8
    for c in colours:
        assert C.contrast_ratio(c, bg) >= 4.5, c
    # the footnote colour and label colours used by the builders
    cc = C.chart_colours(brand)
    for c in (cc["text"], cc["muted"]):
        assert C.contrast_ratio(c, bg) >= 4.5
    # bars: WCAG 1.4.11 non-text contrast 3:1
    for c in [cc["bar"], *cc["categorical"]]:
        assert C.contrast_ratio(c, bg) >= 3.0, c


def test_theme_uses_brand_only(brand):
    cfg = C.altair_theme(brand)["config"]
    assert cfg["font"].startswith(brand.font_family)
    assert cfg["range"]["category"] == list(brand.chart_categorical)
    assert cfg["bar"]["fill"] == brand.chart_bar
    allowed = {v.lower() for v in [*brand.palette.values(), *brand.colors.values()]}
    used = _colour_values(cfg, {"labelColor", "titleColor", "subtitleColor", "color", "fill",
                                "domainColor", "tickColor", "gridColor", "background"})
    assert used and all(c.lower() in allowed for c in used)
    assert cfg["locale"]["number"] == FI_LOCALE


def test_register_theme(brand):
    before = alt.theme.active
    try:
        assert C.register_theme(brand) == "joppi"
        assert alt.theme.active == "joppi"
        spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q").to_dict()
        assert spec["config"]["font"].startswith("Open Sans")
    finally:
        alt.theme.enable(before)


# --------------------------------------------------------------------------- bar chart


def test_bar_chart_data_equals_input(ely, brand):
    spec = spec_of(C.bar_chart(ely, value="osuus", brand=brand), brand)
    rows = dataset(spec)
    assert [r["luokka"] for r in rows] == list(ely["luokka"])
    assert [r["lukumaara"] for r in rows] == list(ely["lukumaara"])
    assert [r["osuus"] for r in rows] == list(ely["osuus"])
    assert [r["teksti"] for r in rows] == [f"31{NB}%", f"27{NB}%", f"25{NB}%", f"9{NB}%", f"9{NB}%"]


def test_bar_chart_sorted_largest_first_from_zero(ely, brand):
    # shuffle the input: the chart must still sort largest first, ties in input order
    shuffled = ely.iloc[[3, 0, 4, 2, 1]].reset_index(drop=True)
    spec = spec_of(C.bar_chart(shuffled, value="osuus", brand=brand), brand)
    bars = layers(spec)[0]
    assert bars["mark"]["type"] == "bar"
    enc = bars["encoding"]
    assert enc["y"]["field"] == "luokka"
    assert enc["y"]["sort"] == ["Keski-Suomi", "Etelä-Savo", "Pohjois-Pohjanmaa", "Lappi", "Kainuu"]
    assert enc["x"]["field"] == "osuus"
    assert enc["x"]["scale"]["zero"] is True
    assert enc["x"]["scale"]["domain"][0] == 0
    assert enc["x"]["scale"]["domain"][1] > 0.305  # room for the label after the longest bar
    # rendered: bars top to bottom from largest
    rects = scene_marks(C.bar_chart(shuffled, value="osuus", brand=brand), brand, "rect")
    widths = [r["width"] for r in sorted(rects, key=lambda r: r["y"])]
    assert widths == sorted(widths, reverse=True)
    assert min(r["x"] for r in rects) == 0


def test_bar_chart_svg_labels_are_finnish(ely, brand):
    svg = C.chart_svg(C.bar_chart(ely, value="osuus", brand=brand), brand)
    texts = svg_texts(svg)
    assert f"31{NB}%" in texts and f"27{NB}%" in texts
    assert "31%" not in svg and "31 %" not in svg  # never without / with a breaking space
    # axis ticks formatted by Vega with the Finnish locale
    assert f"10{NB}%" in texts and f"0{NB}%" in texts
    assert "Osuus hankkeista" in texts
    # text is text (not outlined paths), in the brand font
    assert svg.count("<text") >= 10
    assert 'font-family="Open Sans' in svg


def test_bar_chart_counts_with_thousands(orgs, brand):
    chart = C.bar_chart(orgs, value="lukumaara", brand=brand)
    spec = spec_of(chart, brand)
    assert [r["teksti"] for r in dataset(spec)] == [f"1{NB}234", "11", "6", "2"]
    assert layers(spec)[0]["encoding"]["x"]["field"] == "lukumaara"
    texts = svg_texts(C.chart_svg(chart, brand))
    assert f"1{NB}234" in texts
    # a long name is wrapped onto two lines, not cut with an ellipsis
    assert "Kunta, kuntayhtymä tai muu julkinen toimija" in texts
    assert not any("…" in t for t in texts)


def test_bar_chart_note_and_title(ely, brand):
    note = "Hankkeella voi olla useita toimialoja, joten osuuksien summa on yli 100 %."
    svg = C.chart_svg(C.bar_chart(ely, brand=brand, note=note), brand)
    assert note in svg_texts(svg)
    svg = C.chart_svg(C.bar_chart(ely, brand=brand, title="Otsikko", note=note), brand)
    assert "Otsikko" in svg_texts(svg) and note in svg_texts(svg)


def test_alt_text_distribution(ely):
    assert C.alt_text_distribution(ely, "hankkeiden osuudet ELY-keskuksittain") == (
        "Vaakapylväskuvio: hankkeiden osuudet ELY-keskuksittain. "
        f"Keski-Suomi 31{NB}%, Etelä-Savo 27{NB}%, Pohjois-Pohjanmaa 25{NB}%, "
        f"Lappi 9{NB}% ja Kainuu 9{NB}%."
    )


def test_alt_text_distribution_counts_and_commas(orgs):
    text = C.alt_text_distribution(orgs, "toteuttajat", value="lukumaara", unit="hanketta")
    assert text == (
        f"Vaakapylväskuvio: toteuttajat. Ammatillisen koulutuksen järjestäjä 1{NB}234 hanketta; "
        "Kunta, kuntayhtymä tai muu julkinen toimija 11 hanketta; Yliopisto 6 hanketta; "
        "Yritys 2 hanketta."
    )


# --------------------------------------------------------------------------- theme × ELY


def test_theme_ely_chart(theme_ely, brand):
    frame, themes, elys = theme_ely
    chart = C.theme_ely_chart(frame, themes, elys, brand)
    spec = spec_of(chart, brand)
    rows = dataset(spec)
    assert [(r["teema"], r["ely_keskus"], r["lukumaara"]) for r in rows] == list(
        frame.itertuples(index=False, name=None)
    )
    assert spec["facet"]["field"] == "teema"
    assert spec["facet"]["sort"] == themes
    assert spec["columns"] == 2  # two themes side by side
    bars = layers(spec)[0]
    assert bars["encoding"]["y"]["sort"] == elys
    assert bars["encoding"]["x"]["scale"]["zero"] is True
    assert bars["encoding"]["color"]["legend"] is None  # the panel headers name the themes
    texts = svg_texts(C.chart_svg(chart, brand))
    assert "Osaamisen kehittäminen ja ohjaus" in texts  # header (wrapped lines joined)
    assert "Digitaidot" in texts
    assert texts.count("0") >= 1  # zero cells are labelled, not left blank
    for e in elys:
        assert e in texts


def test_alt_text_theme_ely(theme_ely):
    frame, themes, elys = theme_ely
    assert C.alt_text_theme_ely(frame, themes, elys) == (
        "Vaakapylväskuvio paneeleittain: hankkeiden määrä teemoittain ja ELY-keskuksittain. "
        "Osaamisen kehittäminen ja ohjaus (yhteensä 7): Keski-Suomi 5 ja Lappi 2; "
        "muissa ELY-keskuksissa ei hankkeita. "
        "Digitaidot (yhteensä 8): Keski-Suomi 1, Etelä-Savo 3 ja Lappi 4."
    )


# --------------------------------------------------------------------------- timeline


def test_timeline_chart(timeline, brand):
    chart = C.timeline_chart(timeline, brand)
    spec = spec_of(chart, brand)
    rows = dataset(spec)
    assert [r["lukumaara"] for r in rows] == [8, 5, 12]
    assert [r["alkamispaiva"][:10] for r in rows] == ["2024-01-01", "2023-01-01", "2023-01-01"]
    assert [r["paattymispaiva"][:10] for r in rows] == ["2026-12-31", "2026-06-30", "2025-12-31"]
    bars = layers(spec)[0]
    assert bars["encoding"]["x"]["field"] == "alkamispaiva"
    assert bars["encoding"]["x2"]["field"] == "paattymispaiva"
    assert bars["encoding"]["y"]["sort"] == [
        "1.1.2023\u201331.12.2025", "1.1.2023\u201330.6.2026", "1.1.2024\u201331.12.2026",
    ]
    texts = svg_texts(C.chart_svg(chart, brand))
    for t in ("12 hanketta", "5 hanketta", "8 hanketta", "1.1.2023\u201331.12.2025", "2024", "2026"):
        assert t in texts


def test_timeline_one_project_singular(brand):
    frame = pd.DataFrame({"alkamispaiva": pd.to_datetime(["2023-03-01"]),
                          "paattymispaiva": pd.to_datetime(["2024-02-29"]), "lukumaara": [1]})
    assert "1 hanke" in svg_texts(C.chart_svg(C.timeline_chart(frame, brand), brand))


def test_alt_text_timeline(timeline):
    assert C.alt_text_timeline(timeline) == (
        "Aikajanakuvio: hankkeiden toteutusajat, yhteensä 25 hanketta. "
        "1.1.2023\u201331.12.2025: 12 hanketta; 1.1.2023\u201330.6.2026: 5 hanketta; "
        "1.1.2024\u201331.12.2026: 8 hanketta."
    )


# --------------------------------------------------------------------------- survey


def test_survey_chart(survey, brand):
    chart = C.survey_chart(survey, 45, brand)
    spec = spec_of(chart, brand)
    rows = dataset(spec)
    assert [r["luokka"] for r in rows] == list(survey["luokka"])
    assert [r["lukumaara"] for r in rows] == [14, None, 11, None]
    assert [r["piilotettu"] for r in rows] == [False, True, False, True]
    assert [r["teksti"] for r in rows] == [f"31{NB}%", DASH, f"24{NB}%", DASH]
    bars = layers(spec)[0]
    assert bars["encoding"]["y"]["sort"] == [
        "Hankkeen verkkosivut", "Sosiaalinen media", "Työnantaja", "Muu",
    ]
    assert bars["encoding"]["x"]["scale"]["zero"] is True
    # two bars only: suppressed rows have none
    assert len(scene_marks(chart, brand, "rect")) == 2
    texts = svg_texts(C.chart_svg(chart, brand))
    assert texts.count(DASH) == 2
    assert f"{DASH} = alle 3 vastaajaa, luku piilotettu" in texts
    assert "Osuus vastaajista (n = 45)" in texts


def test_survey_suppressed_counts_never_shown(brand):
    # Even if a suppressed row arrives with its count (against the contract), neither
    # the count nor the share that would reveal it reaches the spec, the SVG or the alt text.
    frame = pd.DataFrame(
        {
            "luokka": ["Iso luokka", "Pieni luokka"],
            "lukumaara": pd.array([40, 2], dtype="Int64"),
            "osuus": [40 / 42, 2 / 42],
            "piilotettu": [False, True],
        }
    )
    chart = C.survey_chart(frame, 42, brand)
    bundle = C.figure_bundle(chart, label="fig-kysely", alt=C.alt_text_survey(frame, 42, "x"),
                             brand=brand)
    rows = dataset(spec_of(chart, brand))
    hidden = [r for r in rows if r["luokka"] == "Pieni luokka"][0]
    assert hidden["lukumaara"] is None and hidden["osuus"] is None and hidden["teksti"] == DASH
    assert str(2 / 42) not in bundle_html(bundle)
    texts = svg_texts(bundle["image/svg+xml"])
    assert f"5{NB}%" not in texts and "2" not in texts
    assert C.alt_text_survey(frame, 42, "x") == (
        f"Vaakapylväskuvio: x (n = 42). Iso luokka 95{NB}% ja Pieni luokka alle 3 vastaajaa."
    )
    assert "(n = 42)" in bundle["text/plain"]


# --------------------------------------------------------------------------- bundle / output


def test_figure_bundle_structure(ely, brand):
    chart = C.bar_chart(ely, brand=brand)
    alt_text = C.alt_text_distribution(ely, "hankkeiden osuudet ELY-keskuksittain")
    b = C.figure_bundle(chart, label="fig-ely", alt=alt_text, brand=brand)
    assert set(b) == {"text/markdown", "image/svg+xml", "text/plain"} == set(BUNDLE_MIMES)
    h = bundle_html(b)
    # The wrapper that scales the chart to the column, in both engines' pages.
    assert h.startswith('<div class="joppi-chart"><div id="vis-fig-ely" class="joppi-kuvio" role="img" aria-label="')
    assert f'aria-label="{html.escape(alt_text)}"' in h
    assert 'vegaEmbed("#vis-fig-ely", {' in h
    assert h.endswith(".catch(console.error);</script></div>")
    m = re.search(r'vegaEmbed\("#vis-fig-ely", (\{.*\}), (\{.*\})\)\.then', h)
    assert 's.setAttribute("aria-hidden", "true")' in h   # the drawing is hidden; the container is the image
    spec, options = json.loads(m.group(1)), json.loads(m.group(2))
    assert spec == json.loads(json.dumps(C.chart_spec(chart, brand)))
    assert options == {"renderer": "svg", "actions": False, "formatLocale": FI_LOCALE,
                       "timeFormatLocale": C.FI_TIME_LOCALE}
    assert "cdn" not in h.lower() and "<script src" not in h
    assert b["image/svg+xml"].startswith("<svg")
    assert b["text/plain"] == alt_text


def test_figure_bundle_is_deterministic(ely, brand):
    one = C.figure_bundle(C.bar_chart(ely, brand=brand), label="fig-a", alt="x", brand=brand)
    # build other charts in between: counters must not leak into names
    C.timeline_chart(pd.DataFrame({"alkamispaiva": pd.to_datetime(["2023-01-01"]),
                                   "paattymispaiva": pd.to_datetime(["2024-01-01"]),
                                   "lukumaara": [1]}), brand).to_dict()
    two = C.figure_bundle(C.bar_chart(ely, brand=brand), label="fig-a", alt="x", brand=brand)
    assert one == two
    assert not re.search(r"\b(param|view)_\d+\b", bundle_html(one))


def test_figure_bundle_cannot_break_out_of_script(ely, brand):
    frame = ely.copy()
    frame.loc[0, "luokka"] = EVIL + "&amp;<!--"
    alt_text = C.alt_text_distribution(frame, "osuudet")
    b = C.figure_bundle(C.bar_chart(frame, brand=brand), label="fig-x", alt=alt_text, brand=brand)
    h = bundle_html(b)
    assert EVIL not in h
    assert "<script>" not in h
    assert h.count("</script>") == 1 and h.count("<script") == 1
    assert "<!--" not in h
    assert "\\u003c/script\\u003e" in h  # escaped inside the JSON
    # the JSON still decodes to the original name
    m = re.search(r'vegaEmbed\("#vis-fig-x", (\{.*\}), \{', h)
    rows = dataset(json.loads(m.group(1)))
    assert rows[0]["luokka"] == EVIL + "&amp;<!--"
    # the aria-label is attribute-escaped
    assert "&lt;/script&gt;" in h and "&amp;amp;" in h
    # the SVG escapes it as XML text
    assert EVIL not in b["image/svg+xml"]


def test_line_separators_in_names(ely, brand):
    """U+2028 in a name would break Vega-Lite's sort expression; it becomes a space."""
    frame = ely.copy()
    frame.loc[0, "luokka"] = "Keski-\u2028Suomi"
    b = C.figure_bundle(C.bar_chart(frame, brand=brand), label="fig-x", alt="a\u2028b",
                        brand=brand)
    script = bundle_html(b).split("<script", 1)[1]
    assert "\u2028" not in script
    assert "Keski- Suomi" in svg_texts(b["image/svg+xml"])


@pytest.mark.parametrize("label", [EVIL, 'fig" onload="x', "fig ely", "", "1fig", "fig/ely"])
def test_figure_bundle_rejects_unsafe_labels(label, ely, brand):
    with pytest.raises(ValueError):
        C.figure_bundle(C.bar_chart(ely, brand=brand), label=label, alt="x", brand=brand)


def test_safe_json_escapes():
    s = C.safe_json({"b": "</script>", "a": "x&y\u2028\u2029>"})
    assert s == '{"a":"x\\u0026y\\u2028\\u2029\\u003e","b":"\\u003c/script\\u003e"}'
    assert json.loads(s) == {"b": "</script>", "a": "x&y\u2028\u2029>"}


def test_chart_png(ely, brand):
    png = C.chart_png(C.bar_chart(ely, brand=brand), brand)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert 2 * 560 <= width <= 2 * 660  # 2x of a ~620 px figure


# --------------------------------------------------------------------------- the bundle's markdown


def test_bundle_markdown_carries_the_page_html_and_the_pdf_drawing(ely, brand, tmp_path):
    """No text/html: the page's HTML is a raw HTML block of text/markdown (what Quarto's HTML
    uses), and the PDF's drawing a raw Typst block with the SVG and the alt text in it."""
    import typst

    alt_text = 'Kuvio "lainaus" \\ ja </script>'
    b = C.figure_bundle(C.bar_chart(ely, brand=brand), label="fig-ely", alt=alt_text, brand=brand,
                        extra_html="<details>taulukko</details>")
    assert "text/html" not in b and "application/javascript" not in b
    blocks = raw_blocks(b["text/markdown"])
    assert set(blocks) == {"html", "typst"}
    assert blocks["html"] == bundle_html(b)
    assert (blocks["html"].startswith('<div class="joppi-chart"><div id="vis-fig-ely"')
            and blocks["html"].endswith("<details>taulukko</details></div>"))
    drawing = blocks["typst"]
    assert drawing.startswith('#image(bytes("<svg') and 'format: "svg"' in drawing
    assert 'alt: "Kuvio \\"lainaus\\" \\\\ ja </script>"' in drawing
    # Typst reads it: the string literals are whole and the SVG decodes.
    source = tmp_path / "kuvio.typ"
    source.write_text(drawing + "\n", encoding="utf-8")
    pdf = typst.compile(str(source), font_paths=[str(d) for d in brand.font_dirs])
    assert pdf[:5] == b"%PDF-"


@pytest.mark.parametrize("body", ["plain", "a ``` b", "````", "x\n```{=html}\ny"])
def test_raw_blocks_round_trip_any_backticks(body):
    from joppi.bundle import raw_block

    text = raw_block("html", body) + "\n" + raw_block("typst", "t" + body)
    assert raw_blocks(text) == {"html": body, "typst": "t" + body}


def test_bundle_html_reads_an_older_text_html_bundle():
    assert bundle_html({"text/html": ["<p>", "x</p>"], "image/svg+xml": "<svg/>"}) == "<p>x</p>"
    assert bundle_html({"image/svg+xml": "<svg/>"}) is None
