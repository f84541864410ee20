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
