"""The charts' look, all from ``_brand.yml``: sizes, colours that pass WCAG contrast, and the
Altair/Vega-Lite theme with the Finnish locale. Changes when the brand or the design rules do."""

from __future__ import annotations

import re
from typing import Any

import altair as alt

from joppi.brand import Brand
from joppi.fmt import FI_LOCALE, FI_TIME_LOCALE

THEME_NAME = "joppi"

#: Total width of a figure in CSS pixels (labels + plot).
WIDTH = 620
#: Height of one bar row (Vega-Lite step) in pixels.
ROW_STEP = 26
#: Font sizes in px.
FONT_SIZE = 12
TITLE_SIZE = 15
#: Approximate width of one character of the 12 px brand font, for layout estimates.
CHAR_PX = 6.9

#: Category names longer than this (characters) are wrapped onto several lines.
LABEL_WRAP_CHARS = 34


def _linear(c: float) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(ch * 2 for ch in h)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", h):
        raise ValueError(f"not a #rrggbb colour: {hex_colour!r}")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour "#rrggbb"."""
    r, g, b = (_linear(v) for v in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(hex1: str, hex2: str) -> float:
    """WCAG 2.x contrast ratio (1..21) between two colours; AA text needs >= 4.5."""
    l1, l2 = sorted((relative_luminance(hex1), relative_luminance(hex2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def chart_colours(brand: Brand) -> dict[str, Any]:
    """The colours the charts use, all taken from the brand.

    ``text`` (labels, titles), ``muted`` (tick labels, notes), ``background``, ``bar``,
    ``categorical`` (one per facet), ``grid`` (a rule colour; drawn with low opacity).
    ``muted`` falls back to ``text`` if the brand's grey would not pass 4.5:1.
    """
    background = brand.colors.get("background", "#ffffff")
    text = brand.colors.get("foreground", "#000000")
    muted = brand.palette.get("harmaa", text)
    if contrast_ratio(muted, background) < 4.5:
        muted = text
    categorical = list(brand.chart_categorical) or [brand.chart_bar]
    return {
        "background": background,
        "text": text,
        "muted": muted,
        "bar": brand.chart_bar,
        "categorical": categorical,
        "grid": muted,
    }


# --------------------------------------------------------------------------- theme


def _font_stack(brand: Brand) -> str:
    return f"{brand.font_family}, sans-serif"


def altair_theme(brand: Brand) -> dict[str, Any]:
    """The Altair/Vega-Lite theme (a top-level spec fragment with ``config``)."""
    c = chart_colours(brand)
    font = _font_stack(brand)
    axis_common = {
        "labelColor": c["muted"],
        "labelFont": font,
        "labelFontSize": FONT_SIZE,
        "titleColor": c["text"],
        "titleFont": font,
        "titleFontSize": FONT_SIZE,
        "titleFontWeight": 600,
        "titlePadding": 10,
        "domainColor": c["muted"],
        "tickColor": c["muted"],
        "gridColor": c["grid"],
        "gridOpacity": 0.25,
        "labelPadding": 4,
    }
    return {
        "background": c["background"],
        "config": {
            "font": font,
            "background": c["background"],
            "padding": 8,
            # The figure's accessible name is the Finnish alt text on its container
            # (role="img"); Vega's own ARIA descriptions would be English.
            "aria": False,
            "locale": {"number": FI_LOCALE, "time": FI_TIME_LOCALE},
            "view": {"stroke": None, "continuousWidth": 400, "continuousHeight": 300},
            "axis": axis_common,
            # Every bar carries its value as text, so no grid lines to cross the labels.
            "axisX": {"grid": False, "domain": True, "ticks": True, "tickSize": 4},
            "axisY": {
                "grid": False,
                "ticks": False,
                "domain": True,
                "labelColor": c["text"],
                "labelPadding": 8,
                "labelLimit": 0,
                "labelLineHeight": FONT_SIZE + 3,
            },
            "header": {
                "labelColor": c["text"],
                "labelFont": font,
                "labelFontSize": FONT_SIZE,
                "labelFontWeight": 600,
                "labelLineHeight": FONT_SIZE + 3,
                "labelLimit": 0,
                "titleColor": c["text"],
                "titleFont": font,
                "titleFontSize": FONT_SIZE,
            },
            "legend": {
                "labelColor": c["text"],
                "labelFont": font,
                "labelFontSize": FONT_SIZE,
                "titleColor": c["text"],
                "titleFont": font,
                "titleFontSize": FONT_SIZE,
                "labelLimit": 0,
            },
            "title": {
                "color": c["text"],
                "font": font,
                "fontSize": TITLE_SIZE,
                "fontWeight": 700,
                "anchor": "start",
                "subtitleColor": c["muted"],
                "subtitleFont": font,
                "subtitleFontSize": FONT_SIZE,
                "offset": 10,
            },
            "bar": {"fill": c["bar"]},
            "rect": {"fill": c["bar"]},
            "text": {"fill": c["text"], "font": font, "fontSize": FONT_SIZE},
            "range": {"category": c["categorical"]},
        },
    }


def register_theme(brand: Brand, *, enable: bool = True) -> str:
    """Register the brand theme with Altair as ``"joppi"`` (and enable it); returns the name."""

    def _theme() -> alt.theme.ThemeConfig:
        return altair_theme(brand)  # type: ignore[return-value]

    alt.theme.register(THEME_NAME, enable=enable)(_theme)
    return THEME_NAME

