"""The wordmark logo with its text drawn as outlines, so that it looks the same everywhere.

A `<text>` element in an SVG shown through `<img>` uses only the fonts installed on the reader's
machine (the page's web fonts do not reach it): Chromium fell back to a serif for "JOPPI". The
letters are therefore traced from the brand's own font files into paths.

Regenerate after changing the brand font or the wording: `python -m joppi.logo` (needs fonttools,
a test dependency); a test checks that the committed logo is what this module draws.
"""

from __future__ import annotations

from pathlib import Path

from .paths import ASSETS

FONTS = ASSETS / "fonts"
NAVY, TEAL, GREY = "#1b2b5e", "#00766b", "#595f6b"
#: Each edition's wordmark: its title (the SVG's accessible name) and the line under "JOPPI", and
#: the file it is committed as (the Swedish edition names its own in _quarto-sv.yml: joppi-logo).
WORDMARKS = {
    "fi": ("JOPPI – Jatkuvan oppimisen Suomi", "Jatkuvan oppimisen Suomi", "logo.svg"),
    "sv": ("JOPPI – Kontinuerligt lärande i Finland", "Kontinuerligt lärande i Finland", "logo-sv.svg"),
}
TITLE = WORDMARKS["fi"][0]


def text_path(text: str, font_file: Path, size: float, x: float, y: float) -> str:
    """SVG path data of `text` set in `font_file` at `size` px with its baseline at (x, y)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_file))
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    hmtx = font["hmtx"]
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
    cursor = 0.0
    for char in text:
        name = cmap.get(ord(char))
        if name is None:
            continue
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x + cursor * scale, y)))
        cursor += hmtx[name][0]
    return pen.getCommands()


def wordmark_svg(lang: str = "fi") -> str:
    title, line, _file = WORDMARKS[lang]
    bold = text_path("JOPPI", FONTS / "OpenSans-Bold.ttf", 30, 76, 40)
    regular = text_path(line, FONTS / "OpenSans-Regular.ttf", 10.5, 77, 56)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 64" width="240" height="64" '
        'role="img" aria-labelledby="t">\n'
        f'  <title id="t">{title}</title>\n'
        f'  <rect x="0" y="0" width="64" height="64" rx="10" fill="{NAVY}"/>\n'
        '  <path d="M14 44 L30 20 L38 32 L44 24 L52 44 Z" fill="#ffffff"/>\n'
        f'  <circle cx="46" cy="16" r="5" fill="{TEAL}"/>\n'
        f'  <path d="{bold}" fill="{NAVY}"/>\n'
        f'  <path d="{regular}" fill="{GREY}"/>\n'
        "</svg>\n"
    )


# --- the EU emblem and the programme's visibility block -------------------------------------------
# The emblem as its official geometric description draws it: a blue rectangle of proportions 3:2,
# twelve gold five-pointed stars on an invisible circle whose radius is one third of the height,
# each star's (circumscribed) radius one eighteenth of the height, the stars upright and placed as
# the hours on a clock face. Colours: Reflex Blue and Yellow.
EU_BLUE, EU_YELLOW = "#003399", "#FFCC00"
EMBLEM_HEIGHT = 200.0
EMBLEM_WIDTH = EMBLEM_HEIGHT * 3 / 2
STARS = 12
CIRCLE_RADIUS = EMBLEM_HEIGHT / 3
STAR_RADIUS = EMBLEM_HEIGHT / 18
# A regular five-pointed star: the inner vertices' radius is the outer's times 1/φ² (0.381966…).
STAR_INNER = (3 - 5 ** 0.5) / 2
FUNDING = {"fi": "Euroopan unionin osarahoittama", "sv": "Medfinansieras av Europeiska unionen"}
EMBLEM_ALT = {"fi": "Euroopan unionin lippu", "sv": "Europeiska unionens flagga"}
EMBLEM_FILE = "eu-emblem.svg"


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def star_centres(height: float = EMBLEM_HEIGHT) -> list[tuple[float, float]]:
    """The twelve stars' centres, clockwise from twelve o'clock."""
    import math

    cx, cy, r = height * 3 / 4, height / 2, height / 3
    return [(cx + r * math.sin(2 * math.pi * k / STARS), cy - r * math.cos(2 * math.pi * k / STARS))
            for k in range(STARS)]


def star_points(cx: float, cy: float, radius: float) -> list[tuple[float, float]]:
    """The ten vertices of an upright five-pointed star, the top point first."""
    import math

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * STAR_INNER
        angle = math.pi * i / 5
        points.append((cx + r * math.sin(angle), cy - r * math.cos(angle)))
    return points


def emblem_svg() -> str:
    """The EU emblem as SVG (viewBox 300 × 200), one <polygon> per star."""
    stars = "\n".join(
        f'  <polygon fill="{EU_YELLOW}" points="'
        + " ".join(f"{_num(x)},{_num(y)}" for x, y in star_points(cx, cy, STAR_RADIUS)) + '"/>'
        for cx, cy in star_centres())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(EMBLEM_WIDTH)} {_num(EMBLEM_HEIGHT)}" '
        f'width="{_num(EMBLEM_WIDTH)}" height="{_num(EMBLEM_HEIGHT)}">\n'
        f'  <rect x="0" y="0" width="{_num(EMBLEM_WIDTH)}" height="{_num(EMBLEM_HEIGHT)}" fill="{EU_BLUE}"/>\n'
        f"{stars}\n</svg>\n"
    )


def publisher(extra: dict, lang: str) -> tuple[str, str | None]:
    """The publisher's name in the edition's language and its logo file (or None) from _brand.yml's
    defaults.joppi.julkaisija (nimi: {fi: …, sv: …}, logo: a path or empty)."""
    block = extra.get("julkaisija") if isinstance(extra, dict) else None
    block = block if isinstance(block, dict) else {}
    names = block.get("nimi") if isinstance(block.get("nimi"), dict) else {}
    name = str(names.get(lang) or names.get("fi") or "")
    logo = block.get("logo")
    return name, (str(logo) if logo else None)


def visibility_html(lang: str, emblem_src: str, publisher_name: str, publisher_logo: str | None = None) -> str:
    """The EU emblem with the co-funding statement and the publisher (logo, else name) for the page."""
    import html

    who = (f'<img class="joppi-publisher-logo" src="{html.escape(publisher_logo)}" alt="{html.escape(publisher_name)}">'
           if publisher_logo else f'<span class="joppi-publisher">{html.escape(publisher_name)}</span>')
    return (f'<div class="joppi-visibility" lang="{lang}">'
            f'<span class="joppi-eu"><img class="joppi-eu-emblem" src="{html.escape(emblem_src)}" '
            f'alt="{html.escape(EMBLEM_ALT[lang])}"><span class="joppi-eu-text">{html.escape(FUNDING[lang])}</span>'
            f'</span>{who if publisher_name or publisher_logo else ""}</div>')


def visibility_typst(lang: str, emblem_path: str, publisher_name: str, publisher_logo: str | None = None) -> str:
    """The same for the PDF's cover (Typst markup; paths as Typst reads them from the project root)."""
    from .bundle import typst_string as string

    who = ""
    if publisher_logo:
        who = f"#image({string(publisher_logo)}, alt: {string(publisher_name)}, height: 1.2cm)"
    elif publisher_name:
        who = f"#text(weight: \"bold\", tracking: 0.08em, {string(publisher_name)})"
    return (
        "#block(breakable: false)[#grid(columns: (auto, 1fr, auto), align: horizon, column-gutter: 0.6em,\n"
        f"  image({string(emblem_path)}, alt: {string(EMBLEM_ALT[lang])}, height: 1.2cm),\n"
        f"  text(size: 10pt, {string(FUNDING[lang])}),\n"
        f"  [{who}],\n)]\n"
    )


def edition_logo(project: Path, meta: dict, default: Path | None) -> Path | None:
    """The logo of the edition being rendered: the language's own (`joppi-logo` in its settings,
    _quarto-sv.yml) where it names a file of the project, else the brand's (_brand.yml)."""
    from .brand import asset_path

    own = (meta or {}).get("joppi-logo")
    if own:
        path = asset_path(Path(project), str(own))
        if path.is_file():
            return path
    return default


if __name__ == "__main__":
    for lang, (_title, _line, name) in WORDMARKS.items():
        target = ASSETS / name
        target.write_text(wordmark_svg(lang), encoding="utf-8")
        print(f"Kirjoitettu: {target}")
    (ASSETS / EMBLEM_FILE).write_text(emblem_svg(), encoding="utf-8")
    print(f"Kirjoitettu: {ASSETS / EMBLEM_FILE}")
