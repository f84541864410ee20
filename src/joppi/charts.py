"""The publication's figures: Altair charts themed from ``_brand.yml``, their Finnish alt
texts, and the output bundle that Quarto embeds (interactive HTML + static SVG).

Design rules (a national agency's publication, read on the web and printed on A4):

* horizontal bars, sorted largest first, value axis from zero;
* every bar carries its value as text ("31 %", "12"); those labels are written in Python
  with :mod:`joppi.fmt` (so they are the same strings as in the alt text, rounded half up),
  while axis ticks are formatted by Vega with the Finnish locale (``config.locale`` in the
  spec *and* the ``formatLocale`` options given to vega-embed / vl-convert);
* colours only from the brand; text colours pass WCAG AA (4.5:1) against the background,
  bar colours pass the 3:1 non-text contrast; colour never carries meaning alone (facet
  headers and axis labels name everything);
* font = the brand's font family; width 620 px: fits a ~640 px web column and scales to an
  A4 text column (~16 cm) with 12 px labels printing at about 9 pt;
* long category names are wrapped onto several lines, never truncated with "…".

Typical use in a notebook cell::

    brand = load_brand(project_root())
    chart = bar_chart(ely_frame, value="osuus", brand=brand)
    alt = alt_text_distribution(ely_frame, "hankkeiden osuudet ELY-keskuksittain")
    display(figure_bundle(chart, label="fig-ely", alt=alt, brand=brand), raw=True)
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any, Iterable, Literal, Sequence

import altair as alt
import pandas as pd
import vl_convert as vlc

from joppi.brand import Brand
from joppi.fmt import (
    DASH,
    FI_LOCALE,
    FI_TIME_LOCALE,
    fi_date_range,
    fi_list,
    fi_number,
    fi_percent,
    is_missing,
)

THEME_NAME = "joppi"

#: Total width of a figure in CSS pixels (labels + plot).
WIDTH = 620
#: Height of one bar row (Vega-Lite step) in pixels.
ROW_STEP = 26
#: Font sizes in px.
FONT_SIZE = 12
TITLE_SIZE = 15
#: Approximate width of one character of the 12 px brand font, for layout estimates.
_CHAR_PX = 6.9

#: Category names longer than this (characters) are wrapped onto several lines.
LABEL_WRAP_CHARS = 34

DEFAULT_SUPPRESS_BELOW = 3


def suppressed_note(threshold: int = DEFAULT_SUPPRESS_BELOW) -> str:
    return f"{DASH} = alle {threshold} vastaajaa, luku piilotettu"


ValueField = Literal["osuus", "lukumaara"]


# --------------------------------------------------------------------------- colours


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


# --------------------------------------------------------------------------- helpers


def _wrap(text: str, max_chars: int) -> list[str]:
    """Greedy word wrap on spaces (words are never split)."""
    words = str(text).split()
    if not words:
        return [str(text)]
    lines: list[str] = []
    current = words[0]
    for w in words[1:]:
        if len(current) + 1 + len(w) <= max_chars:
            current += " " + w
        else:
            lines.append(current)
            current = w
    lines.append(current)
    return lines


def _js(s: str) -> str:
    """A string literal for a Vega expression (JSON is a valid one)."""
    return json.dumps(str(s), ensure_ascii=True)


def _wrap_label_expr(values: Iterable[Any], max_chars: int) -> str | None:
    """A Vega ``labelExpr`` that prints long labels on several lines, or None if none is long.

    The expression is a chain of ``datum.value === "…" ? ["line 1", "line 2"] : …``;
    every string in it is JSON-escaped.
    """
    parts = []
    for v in values:
        lines = _wrap(str(v), max_chars)
        if len(lines) > 1:
            parts.append(f"datum.value === {_js(v)} ? [{', '.join(_js(x) for x in lines)}]")
    if not parts:
        return None
    return " : ".join(parts) + " : datum.label"


def _wrap_offset_expr(values: Iterable[Any], max_chars: int, line_height: float) -> str | None:
    """A ``labelOffset`` expression that lifts an n-line label by (n-1)/2 lines, so that
    the block of lines is centred on its bar (Vega puts the first line on the bar)."""
    by_lines: dict[int, list[str]] = {}
    for v in values:
        n = len(_wrap(str(v), max_chars))
        if n > 1:
            by_lines.setdefault(n, []).append(str(v))
    if not by_lines:
        return None
    parts = [
        f"indexof([{', '.join(_js(v) for v in vs)}], datum.value) >= 0 ? {-(n - 1) * line_height / 2:g}"
        for n, vs in sorted(by_lines.items())
    ]
    return " : ".join(parts) + " : 0"


def _category_axis(values: Sequence[Any], max_chars: int, step: int = None) -> tuple[alt.Axis, int]:
    """A y axis for category names wrapped at ``max_chars`` (centred on their bars), and
    the row step (taller when some name takes several lines)."""
    step = step or ROW_STEP
    line_height = FONT_SIZE + 3
    label_expr = _wrap_label_expr(values, max_chars)
    offset_expr = _wrap_offset_expr(values, max_chars, line_height)
    max_lines = max((len(_wrap(str(v), max_chars)) for v in values), default=1)
    axis = alt.Axis(
        title=None,
        labelExpr=label_expr or alt.Undefined,
        labelOffset=alt.ExprRef(expr=offset_expr) if offset_expr else alt.Undefined,
        labelLineHeight=line_height,
    )
    return axis, max(step, max_lines * line_height + 6)


def _bar_band(step: int, bar_px: float = 19.0) -> dict:
    """Bar thickness as a band fraction giving about ``bar_px`` pixels at any row step."""
    return {"band": round(min(0.75, bar_px / step), 3)}


def _label_px(values: Iterable[Any], max_chars: int) -> float:
    """Estimated pixel width of the widest (wrapped) label."""
    longest = 0
    for v in values:
        for line in _wrap(str(v), max_chars):
            longest = max(longest, len(line))
    return longest * _CHAR_PX


def _order_by_value(frame: pd.DataFrame, value: str, category: str = "luokka") -> list[str]:
    """Categories sorted by value, largest first; ties (and missing values, last) keep the
    input order (stable sort)."""
    keyed = [
        (is_missing(v), -(float(v) if not is_missing(v) else 0.0), i, c)
        for i, (c, v) in enumerate(zip(frame[category], frame[value]))
    ]
    return [str(c) for *_, c in sorted(keyed)]


def _value_label(v: Any, value: str) -> str:
    return fi_percent(v) if value == "osuus" else fi_number(v)


def _domain_max(max_value: float, plot_px: float, label_px: float) -> float:
    """Upper end of the value scale leaving room for the text label after the longest bar."""
    if not max_value or max_value <= 0 or math.isnan(max_value):
        return 1.0
    room = min(0.45, (label_px + 10) / max(plot_px, 1.0))
    return max_value / (1.0 - room)


def _note_title(note: str | Sequence[str] | None, title: str | None, colours: dict) -> Any:
    """A chart title: ``title`` on top; or, with only ``note``, a footnote below the chart."""
    if title:
        return alt.TitleParams(text=title)
    if note:
        lines = [note] if isinstance(note, str) else list(note)
        return alt.TitleParams(
            text=lines,
            orient="bottom",
            anchor="start",
            fontSize=FONT_SIZE - 1,
            fontWeight="normal",
            color=colours["muted"],
            offset=14,
            lineHeight=FONT_SIZE + 4,
        )
    return alt.Undefined


def _with_note(chart: Any, note: str | Sequence[str] | None, title: str | None, colours: dict):
    """Attach title and footnote. With both, the footnote goes under the inner chart and the
    title on an outer single-chart vconcat."""
    if title and note:
        inner = chart.properties(title=_note_title(note, None, colours))
        return alt.vconcat(inner, title=alt.TitleParams(text=title))
    t = _note_title(note, title, colours)
    return chart.properties(title=t) if t is not alt.Undefined else chart


_LINE_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " "})


def _clean_name(v: Any) -> str:
    return str(v).translate(_LINE_SEPARATORS)


def _clean_names(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of ``frame`` whose category names have U+2028/U+2029 replaced by spaces.

    Vega-Lite 6.4 writes a custom sort order into a Vega expression with JSON.stringify,
    which leaves these two characters raw, and Vega's expression parser then fails
    ("Unexpected token ILLEGAL"). No real category name contains them."""
    data = frame.copy()
    for c in columns:
        if data[c].map(lambda v: isinstance(v, str) and ("\u2028" in v or "\u2029" in v)).any():
            data[c] = data[c].map(lambda v: _clean_name(v) if isinstance(v, str) else v)
    return data


def _check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: frame lacks columns {missing}; has {list(frame.columns)}")


# --------------------------------------------------------------------------- charts


def bar_chart(
    frame: pd.DataFrame,
    *,
    value: ValueField = "osuus",
    brand: Brand,
    title: str | None = None,
    axis_title: str | None = None,
    note: str | Sequence[str] | None = None,
    sort: Literal["value", "input"] = "value",
    width: int = WIDTH,
) -> alt.LayerChart | alt.VConcatChart:
    """Horizontal bar chart of a distribution frame (``luokka``, ``lukumaara``, ``osuus``).

    ``value="osuus"`` draws shares (labels "31 %", axis in %), ``value="lukumaara"`` counts
    (labels "12"). Bars largest first (``sort="input"`` keeps the frame's order, e.g. for an
    ordinal scale). ``note`` is a footnote under the chart, e.g. for multi-valued fields:
    "Hanke voi kuulua useaan luokkaan, joten osuuksien summa on yli 100 %."
    The chart data is the input frame plus one column ``teksti`` (the bar label).
    """
    if value not in ("osuus", "lukumaara"):
        raise ValueError("value must be 'osuus' or 'lukumaara'")
    _check_columns(frame, ["luokka", value], "bar_chart")
    colours = chart_colours(brand)
    data = _clean_names(frame, ["luokka"])
    data["teksti"] = [_value_label(v, value) for v in data[value]]
    order = _order_by_value(data, value) if sort == "value" else [str(c) for c in data["luokka"]]

    max_chars = LABEL_WRAP_CHARS
    label_px = _label_px(order, max_chars)
    plot_px = width - label_px - 30
    text_px = max(len(t) for t in data["teksti"]) * _CHAR_PX if len(data) else 0
    vmax = pd.to_numeric(data[value], errors="coerce").max()
    dmax = _domain_max(float(vmax) if not is_missing(vmax) else 0.0, plot_px, text_px)

    if value == "osuus":
        axis_title = axis_title if axis_title is not None else "Osuus hankkeista"
        x_axis = alt.Axis(format=".0%", title=axis_title, tickCount=5)
    else:
        axis_title = axis_title if axis_title is not None else "Hankkeiden määrä"
        x_axis = alt.Axis(format=",d", title=axis_title, tickCount=5, tickMinStep=1)

    y_axis, step = _category_axis(order, max_chars)
    x = alt.X(
        f"{value}:Q",
        scale=alt.Scale(zero=True, domain=[0, dmax], nice=False),
        axis=x_axis,
    )
    y = alt.Y("luokka:N", sort=order, axis=y_axis)
    tooltip = [
        alt.Tooltip("luokka:N", title="Luokka"),
        alt.Tooltip("teksti:N", title="Osuus" if value == "osuus" else "Määrä"),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(color=colours["bar"], height=_bar_band(step)).encode(x=x, tooltip=tooltip)
    labels = base.mark_text(
        align="left", baseline="middle", dx=5, color=colours["text"], fontSize=FONT_SIZE
    ).encode(x=alt.X(f"{value}:Q"), text="teksti:N")
    chart = alt.layer(bars, labels).properties(width=plot_px, height=alt.Step(step))
    return _with_note(chart, note, title, colours)


def theme_ely_chart(
    frame: pd.DataFrame,
    theme_order: Sequence[str],
    ely_order: Sequence[str],
    brand: Brand,
    *,
    title: str | None = None,
    note: str | Sequence[str] | None = None,
    axis_title: str = "Hankkeita",
    width: int = WIDTH,
) -> alt.FacetChart | alt.VConcatChart:
    """Projects by theme and ELY centre: one panel per theme (headed by the theme's name,
    in ``theme_order``), ELY centres as rows in ``ely_order``, counts as bars with their
    number. The panels sit side by side, or wrap onto several rows when there are too many
    themes for the width (each panel at least ~100 px and as wide as the longest word of
    the theme names).

    With at most as many themes as the brand has categorical colours each theme gets its
    own colour, otherwise all bars share the bar colour; either way the panel header names
    the theme, so colour is never the only carrier of meaning. Zeros are drawn as "0"
    (the grid is complete). The chart data is the input frame plus ``teksti``.
    """
    _check_columns(frame, ["teema", "ely_keskus", "lukumaara"], "theme_ely_chart")
    colours = chart_colours(brand)
    theme_order = [_clean_name(t) for t in theme_order]
    ely_order = [_clean_name(e) for e in ely_order]
    data = _clean_names(frame, ["teema", "ely_keskus"])
    data["teksti"] = [fi_number(v) for v in data["lukumaara"]]

    k = max(1, len(theme_order))
    spacing = 16
    label_px = _label_px(ely_order, 24)
    avail = width - label_px - 30
    bold_char = _CHAR_PX * 1.02  # headers are semibold
    longest_word = max((len(w) for t in theme_order for w in t.split()), default=1)
    # A header may reach into the spacing after its panel, not into the next header.
    min_panel = max(90.0, longest_word * bold_char - spacing + 6)
    max_cols = max(1, int((avail + spacing) // (min_panel + spacing)))
    rows = math.ceil(k / max_cols)
    columns = math.ceil(k / rows)  # balanced: 6 themes -> 3 + 3, not 4 + 2
    panel_px = max(min_panel, (avail - spacing * (columns - 1)) / columns)
    header_chars = max(longest_word, int(panel_px / bold_char))
    text_px = max((len(t) for t in data["teksti"]), default=1) * _CHAR_PX
    vmax = pd.to_numeric(data["lukumaara"], errors="coerce").max()
    dmax = _domain_max(float(vmax) if not is_missing(vmax) else 0.0, panel_px, text_px)

    cat = colours["categorical"]
    colour_range = cat[:k] if k <= len(cat) else [colours["bar"]] * k
    colour_scale = alt.Scale(domain=theme_order, range=colour_range)
    x = alt.X(
        "lukumaara:Q",
        scale=alt.Scale(zero=True, domain=[0, dmax], nice=False),
        axis=alt.Axis(format=",d", title=axis_title, tickCount=3, tickMinStep=1),
    )
    y_axis, step = _category_axis(ely_order, 24, ROW_STEP - 4)
    y = alt.Y("ely_keskus:N", sort=ely_order, axis=y_axis)
    tooltip = [
        alt.Tooltip("teema:N", title="Teema"),
        alt.Tooltip("ely_keskus:N", title="ELY-keskus"),
        alt.Tooltip("teksti:N", title="Hankkeita"),
    ]
    bars = alt.Chart().mark_bar(height=_bar_band(step, 16)).encode(
        x=x, y=y, color=alt.Color("teema:N", scale=colour_scale, legend=None), tooltip=tooltip
    )
    labels = alt.Chart().mark_text(
        align="left", baseline="middle", dx=4, color=colours["text"], fontSize=FONT_SIZE
    ).encode(x=alt.X("lukumaara:Q"), y=y, text="teksti:N")
    # A zero line in every panel (only the first panel has the y axis line).
    zero_line = alt.Chart().mark_rule(color=colours["muted"], strokeWidth=1).encode(x=alt.datum(0))
    header = alt.Header(
        title=None,
        labelAnchor="start",
        labelAlign="left",
        labelExpr=_wrap_label_expr(theme_order, header_chars) or alt.Undefined,
        labelPadding=6,
    )
    chart = (
        alt.layer(bars, labels, zero_line, data=data)
        .properties(width=panel_px, height=alt.Step(step))
        .facet(
            facet=alt.Facet("teema:N", sort=theme_order, header=header),
            columns=columns,
            spacing={"column": spacing, "row": 22},
        )
    )
    return _with_note(chart, note, title, colours)


def _year_start(ts: pd.Timestamp) -> alt.DateTime:
    return alt.DateTime(year=int(ts.year), month=1, date=1)


def timeline_chart(
    frame: pd.DataFrame,
    brand: Brand,
    *,
    title: str | None = None,
    note: str | Sequence[str] | None = None,
    width: int = WIDTH,
) -> alt.LayerChart | alt.VConcatChart:
    """The projects' implementation periods: one horizontal bar from start to end per
    distinct (alkamispaiva, paattymispaiva) pair, labelled with its number of projects
    ("12 hanketta"), rows in chronological order (start, then end). Row labels are the
    periods in Finnish ("1.1.2023–31.12.2025"); the axis shows years.
    The chart data is the input frame plus ``jakso`` (row label) and ``teksti``.
    """
    _check_columns(frame, ["alkamispaiva", "paattymispaiva", "lukumaara"], "timeline_chart")
    colours = chart_colours(brand)
    data = frame.copy()
    data["jakso"] = [fi_date_range(a, b) for a, b in zip(data["alkamispaiva"], data["paattymispaiva"])]
    data["teksti"] = [_count_phrase(v) for v in data["lukumaara"]]
    ordered = data.sort_values(["alkamispaiva", "paattymispaiva"], kind="stable")
    order = list(dict.fromkeys(ordered["jakso"]))

    label_px = _label_px(order, 40)
    plot_px = width - label_px - 30
    text_px = max((len(t) for t in data["teksti"]), default=1) * _CHAR_PX
    start = pd.Timestamp(data["alkamispaiva"].min())
    end = pd.Timestamp(data["paattymispaiva"].max())
    span = max((end - start).days, 1)
    room = min(0.45, (text_px + 10) / max(plot_px, 1.0))
    end_room = end + pd.Timedelta(days=math.ceil(span * room / (1 - room)))
    domain = [
        _year_start(start),
        alt.DateTime(year=int(end_room.year), month=int(end_room.month), date=int(end_room.day)),
    ]
    # A tick at the start of every year up to the last end date.
    years = [_year_start(pd.Timestamp(year=y, month=1, day=1)) for y in range(start.year, end.year + 1)]

    scale = alt.Scale(domain=domain, nice=False)
    axis = alt.Axis(format="%Y", title=None, values=years, labelAlign="center")
    x = alt.X("alkamispaiva:T", scale=scale, axis=axis)
    y = alt.Y("jakso:N", sort=order, axis=alt.Axis(title=None))
    tooltip = [
        alt.Tooltip("jakso:N", title="Toteutusaika"),
        alt.Tooltip("teksti:N", title="Hankkeita"),
    ]
    base = alt.Chart(data).encode(y=y)
    bars = base.mark_bar(color=colours["bar"], height={"band": 0.6}).encode(
        x=x, x2="paattymispaiva:T", tooltip=tooltip
    )
    labels = base.mark_text(
        align="left", baseline="middle", dx=5, color=colours["text"], fontSize=FONT_SIZE
    ).encode(x=alt.X("paattymispaiva:T", scale=scale, axis=axis), text="teksti:N")  # one scale: no domain conflict
    chart = alt.layer(bars, labels).properties(width=plot_px, height=alt.Step(ROW_STEP - 4))
    return _with_note(chart, note, title, colours)


def _count_phrase(n: Any) -> str:
    if is_missing(n):
        return DASH
    return f"{fi_number(n)} {'hanke' if int(n) == 1 else 'hanketta'}"


def _survey_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of a survey frame in which suppressed rows can never reveal their count:
    ``lukumaara`` and ``osuus`` are blanked wherever ``piilotettu`` is true."""
    data = _clean_names(frame, ["luokka"])
    hidden = data["piilotettu"].fillna(True).astype(bool)
    data["lukumaara"] = pd.array(
        [pd.NA if h else v for h, v in zip(hidden, data["lukumaara"])], dtype="Int64"
    )
    data["osuus"] = [float("nan") if h or is_missing(v) else float(v) for h, v in zip(hidden, data["osuus"])]
    data["piilotettu"] = hidden.to_numpy()
    return data


def survey_chart(
    frame: pd.DataFrame,
    n: int,
    brand: Brand,
    *,
    title: str | None = None,
    axis_title: str | None = None,
    note: str | Sequence[str] | None = None,
    sort: Literal["value", "input"] = "value",
    width: int = WIDTH,
    suppress_below: int = DEFAULT_SUPPRESS_BELOW,
) -> alt.LayerChart | alt.VConcatChart:
    """Survey answers as shares of the ``n`` respondents (``luokka``, ``lukumaara``,
    ``osuus``, ``piilotettu``).

    Suppressed rows (``piilotettu``: fewer than 3 respondents) get no bar and the label
    "–"; their count and share are blanked even in the embedded data, and the footnote
    "– = alle 3 vastaajaa, luku piilotettu" is added. Sorted largest first with suppressed
    rows last (``sort="input"`` keeps the frame's order, e.g. for a Likert scale).
    The axis title carries n: "Osuus vastaajista (n = 45)".
    """
    _check_columns(frame, ["luokka", "lukumaara", "osuus", "piilotettu"], "survey_chart")
    colours = chart_colours(brand)
    data = _survey_data(frame)
    data["teksti"] = [DASH if h else fi_percent(v) for h, v in zip(data["piilotettu"], data["osuus"])]
    order = _order_by_value(data, "osuus") if sort == "value" else [str(c) for c in data["luokka"]]

    max_chars = LABEL_WRAP_CHARS
    label_px = _label_px(order, max_chars)
    plot_px = width - label_px - 30
    text_px = max((len(t) for t in data["teksti"]), default=1) * _CHAR_PX
    vmax = pd.to_numeric(data["osuus"], errors="coerce").max()
    dmax = _domain_max(float(vmax) if not is_missing(vmax) else 0.0, plot_px, text_px)

    if axis_title is None:
        axis_title = f"Osuus vastaajista (n = {fi_number(n)})"
    notes: list[str] = []
    if data["piilotettu"].any():
        notes.append(suppressed_note(suppress_below))
    if note:
        notes.extend([note] if isinstance(note, str) else list(note))

    x = alt.X(
        "osuus:Q",
        scale=alt.Scale(zero=True, domain=[0, dmax], nice=False),
        axis=alt.Axis(format=".0%", title=axis_title, tickCount=5),
    )
    y_axis, step = _category_axis(order, max_chars)
    y = alt.Y("luokka:N", sort=order, axis=y_axis)
    tooltip = [alt.Tooltip("luokka:N", title="Vastaus"), alt.Tooltip("teksti:N", title="Osuus")]
    base = alt.Chart(data).encode(y=y)
    bars = (
        base.transform_filter("!datum.piilotettu && isValid(datum.osuus)")
        .mark_bar(color=colours["bar"], height=_bar_band(step))
        .encode(x=x, tooltip=tooltip)
    )
    # Suppressed rows have no value: their "–" label sits at zero.
    labels = base.transform_calculate(
        _x="datum.piilotettu || !isValid(datum.osuus) ? 0 : datum.osuus"
    ).mark_text(
        align="left", baseline="middle", dx=5, color=colours["text"], fontSize=FONT_SIZE
    ).encode(x=alt.X("_x:Q"), text="teksti:N")
    chart = alt.layer(bars, labels).properties(width=plot_px, height=alt.Step(step))
    return _with_note(chart, notes or None, title, colours)


# --------------------------------------------------------------------------- alt texts


def _sentence(s: str) -> str:
    return s if s.endswith((".", "!", "?")) else s + "."


def _join_items(items: Sequence[str]) -> str:
    """Finnish list "a, b ja c"; if an item itself contains a comma ("Kunta, kuntayhtymä
    tai …"), items are separated by semicolons so that the listener can tell them apart."""
    items = list(items)
    if any("," in i for i in items):
        return "; ".join(items)
    return fi_list(items)


def alt_text_distribution(
    frame: pd.DataFrame,
    subject: str,
    value: ValueField = "osuus",
    *,
    unit: str | None = None,
    sort: Literal["value", "input"] = "value",
    note: str | None = None,
) -> str:
    """Finnish alt text of a distribution bar chart, in the chart's order:
    "Vaakapylväskuvio: hankkeiden osuudet ELY-keskuksittain. Keski-Suomi 31 %, Etelä-Savo
    27 % ja Lappi 5 %." ``unit`` follows counts ("12 hanketta")."""
    order = _order_by_value(frame, value) if sort == "value" else [str(c) for c in frame["luokka"]]
    values = {str(c): v for c, v in zip(frame["luokka"], frame[value])}
    items = []
    for c in order:
        text = _value_label(values[c], value)
        if unit and value == "lukumaara":
            text += f" {unit}"
        items.append(f"{c} {text}")
    out = f"Vaakapylväskuvio: {subject}. {_sentence(_join_items(items))}"
    return out + (f" {_sentence(note)}" if note else "")


def alt_text_theme_ely(
    frame: pd.DataFrame,
    theme_order: Sequence[str],
    ely_order: Sequence[str],
    subject: str = "hankkeiden määrä teemoittain ja ELY-keskuksittain",
) -> str:
    """Alt text of the theme × ELY chart: per theme its total and the ELY centres that have
    projects (in ``ely_order``), e.g. "Teema A (yhteensä 12): Keski-Suomi 5, Lappi 7;
    muissa ELY-keskuksissa ei hankkeita." """
    counts = {
        (str(t), str(e)): v for t, e, v in zip(frame["teema"], frame["ely_keskus"], frame["lukumaara"])
    }
    parts = []
    for t in theme_order:
        t = str(t)
        nonzero = [
            (e, counts.get((t, str(e)), 0)) for e in ely_order if (counts.get((t, str(e))) or 0) > 0
        ]
        total = sum(int(v) for _, v in nonzero)
        if not nonzero:
            parts.append(f"{t}: ei hankkeita.")
            continue
        listed = _join_items([f"{e} {fi_number(v)}" for e, v in nonzero])
        rest = "" if len(nonzero) == len(ely_order) else "; muissa ELY-keskuksissa ei hankkeita"
        parts.append(f"{t} (yhteensä {fi_number(total)}): {listed}{rest}.")
    return f"Vaakapylväskuvio paneeleittain: {subject}. " + " ".join(parts)


def alt_text_timeline(frame: pd.DataFrame, subject: str = "hankkeiden toteutusajat") -> str:
    """Alt text of the timeline: the periods in chronological order with their counts."""
    ordered = frame.sort_values(["alkamispaiva", "paattymispaiva"], kind="stable")
    items = [
        f"{fi_date_range(a, b)}: {_count_phrase(v)}"
        for a, b, v in zip(ordered["alkamispaiva"], ordered["paattymispaiva"], ordered["lukumaara"])
    ]
    total = pd.to_numeric(frame["lukumaara"], errors="coerce").sum()
    return (
        f"Aikajanakuvio: {subject}, yhteensä {_count_phrase(total)}. "
        + _sentence("; ".join(items))
    )


def alt_text_survey(
    frame: pd.DataFrame,
    n: int,
    subject: str,
    *,
    sort: Literal["value", "input"] = "value",
    suppress_below: int = DEFAULT_SUPPRESS_BELOW,
) -> str:
    """Alt text of a survey chart; suppressed rows read "alle N vastaajaa", never a number."""
    data = _survey_data(frame)
    order = _order_by_value(data, "osuus") if sort == "value" else [str(c) for c in data["luokka"]]
    rows = {str(c): (h, v) for c, h, v in zip(data["luokka"], data["piilotettu"], data["osuus"])}
    items = [
        f"{c} alle {suppress_below} vastaajaa" if rows[c][0] else f"{c} {fi_percent(rows[c][1])}" for c in order
    ]
    return f"Vaakapylväskuvio: {subject} (n = {fi_number(n)}). {_sentence(_join_items(items))}"


# --------------------------------------------------------------------------- output

_LABEL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_GENERATED_NAME_RE = re.compile(r"(param|view)_\d+")
_fonts_registered: set[str] = set()


def register_fonts(brand: Brand) -> None:
    """Register the brand's font directories with vl-convert (once per directory)."""
    for d in brand.font_dirs:
        key = str(d.resolve())
        if key not in _fonts_registered:
            vlc.register_font_directory(key)
            _fonts_registered.add(key)


def _generated_names(node: Any, found: list[str]) -> list[str]:
    """Altair's counter-based names (``param_7``, ``view_12``) defined in the spec, in order."""
    if isinstance(node, dict):
        name = node.get("name")
        if isinstance(name, str) and _GENERATED_NAME_RE.fullmatch(name) and name not in found:
            found.append(name)
        for v in node.values():
            _generated_names(v, found)
    elif isinstance(node, list):
        for v in node:
            _generated_names(v, found)
    return found


def _stable_names(spec: dict) -> dict:
    """Rename Altair's counter-based ids (``param_7``, ``view_12``), which depend on how many
    charts the session has built before, to ids numbered by first appearance, so that the
    same chart always gives the same spec. Only names the spec defines are renamed, and
    the datasets are left untouched. (The dataset names are content hashes: stable.)"""
    datasets = spec.get("datasets")
    rest = {k: v for k, v in spec.items() if k != "datasets"}
    names = _generated_names(rest, [])
    if not names:
        return spec
    counters: dict[str, int] = {}
    mapping = {}
    for name in names:
        kind = name.split("_", 1)[0]
        counters[kind] = counters.get(kind, 0) + 1
        mapping[name] = f"{kind}_{counters[kind]}"
    text = json.dumps(rest, sort_keys=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
    out = json.loads(pattern.sub(lambda m: mapping[m.group(0)], text))
    if datasets is not None:
        out["datasets"] = datasets
    return out


def chart_spec(chart: Any, brand: Brand) -> dict:
    """The chart's Vega-Lite spec with the brand theme applied and stable names."""
    register_theme(brand, enable=False)
    with alt.theme.enable(THEME_NAME):
        spec = chart.to_dict()
    return _stable_names(spec)


def safe_json(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>``: deterministic (sorted keys), ASCII
    only, and with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` so that no
    data string can close the script or start a comment."""
    text = json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def chart_svg(chart: Any, brand: Brand) -> str:
    """Static SVG (text kept as ``<text>`` in the brand font) for the PDF."""
    register_fonts(brand)
    return vlc.vegalite_to_svg(
        chart_spec(chart, brand), format_locale=FI_LOCALE, time_format_locale=FI_TIME_LOCALE
    )


def chart_png(chart: Any, brand: Brand, scale: float = 2) -> bytes:
    """PNG at ``scale``× (default 2×) for looking at a figure."""
    register_fonts(brand)
    return vlc.vegalite_to_png(
        chart_spec(chart, brand),
        scale=scale,
        format_locale=FI_LOCALE,
        time_format_locale=FI_TIME_LOCALE,
    )


def figure_bundle(chart: Any, *, label: str, alt: str, brand: Brand) -> dict[str, str]:
    """Jupyter output bundle of a figure, for Quarto's ``{{< embed >}}``.

    * ``text/html``: a ``<div role="img" aria-label=alt>`` and a script calling
      ``vegaEmbed`` (which the page must load from the local bundle) with the spec, the SVG
      renderer and the Finnish locales;
    * ``image/svg+xml``: the static SVG, used by the Typst PDF;
    * ``text/plain``: the alt text.

    ``label`` (e.g. "fig-ely") must be a plain identifier: letters, digits, "-", "_".
    Display with ``IPython.display.display(bundle, raw=True)``.
    """
    if not isinstance(label, str) or not _LABEL_RE.match(label):
        raise ValueError(f"figure label must match {_LABEL_RE.pattern}: {label!r}")
    spec = chart_spec(chart, brand)
    options = {
        "renderer": "svg",
        "actions": False,
        "formatLocale": FI_LOCALE,
        "timeFormatLocale": FI_TIME_LOCALE,
    }
    div_id = f"vis-{label}"
    html_out = (
        f'<div id="{div_id}" class="joppi-kuvio" role="img" '
        f'aria-label="{html.escape(alt, quote=True)}"></div>'
        f'<script type="text/javascript">'
        f'vegaEmbed("#{div_id}", {safe_json(spec)}, {safe_json(options)})'
        # The container is the accessible image (role="img", the alt text as its name); Vega's
        # SVG marks carry ARIA roles of their own without names, so the drawing is hidden.
        f'.then(function (r) {{ var s = r.view.container().querySelector("svg"); '
        f'if (s) {{ s.setAttribute("aria-hidden", "true"); }} }})'
        f".catch(console.error);</script>"
    )
    register_fonts(brand)
    svg = vlc.vegalite_to_svg(spec, format_locale=FI_LOCALE, time_format_locale=FI_TIME_LOCALE)
    return {"text/html": html_out, "image/svg+xml": svg, "text/plain": alt}
