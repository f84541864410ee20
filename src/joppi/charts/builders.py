"""The chart builders: Altair charts of the publication's frames, laid out by the design rules
in :mod:`joppi.charts` (horizontal bars largest first, every bar labelled, long names wrapped)."""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Literal, Sequence

import altair as alt
import pandas as pd

from joppi.brand import Brand
from joppi.compute import SUPPRESS_BELOW
from joppi.fmt import DASH, fi_date_range, fi_number, fi_percent, is_missing

from .frames import (
    ValueField,
    category_order,
    check_columns,
    clean_name,
    clean_names,
    count_phrase,
    survey_data,
    value_label,
)
from .theme import CHAR_PX, FONT_SIZE, LABEL_WRAP_CHARS, ROW_STEP, WIDTH, chart_colours


def suppressed_note(threshold: int = SUPPRESS_BELOW) -> str:
    return f"{DASH} = alle {threshold} vastaajaa, luku piilotettu"


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
    return longest * CHAR_PX



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


def _value_text(chart: alt.Chart, colours: dict, dx: int = 5) -> alt.Chart:
    """The text mark that writes a bar's value just after its end."""
    return chart.mark_text(
        align="left", baseline="middle", dx=dx, color=colours["text"], fontSize=FONT_SIZE
    )


def _labelled_bars(
    data: pd.DataFrame,
    value: str,
    order: list[str],
    x_axis: alt.Axis,
    tooltip: list,
    colours: dict,
    width: int,
    *,
    bar_filter: str | None = None,
    label_x: str | None = None,
) -> alt.LayerChart:
    """The layout every horizontal bar chart shares: one row per ``luokka`` in ``order``
    (long names wrapped), a bar from zero and its label ``teksti`` after it, and a value
    scale that leaves room for the longest label. ``bar_filter`` drops rows' bars;
    ``label_x`` is an expression placing the labels (default: at the value)."""
    label_px = _label_px(order, LABEL_WRAP_CHARS)
    plot_px = width - label_px - 30
    text_px = max((len(t) for t in data["teksti"]), default=0) * CHAR_PX
    vmax = pd.to_numeric(data[value], errors="coerce").max()
    dmax = _domain_max(float(vmax) if not is_missing(vmax) else 0.0, plot_px, text_px)
    x = alt.X(f"{value}:Q", scale=alt.Scale(zero=True, domain=[0, dmax], nice=False), axis=x_axis)
    y_axis, step = _category_axis(order, LABEL_WRAP_CHARS)
    base = alt.Chart(data).encode(y=alt.Y("luokka:N", sort=order, axis=y_axis))
    bars = (base.transform_filter(bar_filter) if bar_filter else base).mark_bar(
        color=colours["bar"], height=_bar_band(step)
    ).encode(x=x, tooltip=tooltip)
    if label_x:
        labels = _value_text(base.transform_calculate(_x=label_x), colours).encode(
            x=alt.X("_x:Q"), text="teksti:N")
    else:
        labels = _value_text(base, colours).encode(x=alt.X(f"{value}:Q"), text="teksti:N")
    return alt.layer(bars, labels).properties(width=plot_px, height=alt.Step(step))


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
    check_columns(frame, ["luokka", value], "bar_chart")
    colours = chart_colours(brand)
    data = clean_names(frame, ["luokka"])
    data["teksti"] = [value_label(v, value) for v in data[value]]
    order = category_order(data, value, sort)

    if value == "osuus":
        axis_title = axis_title if axis_title is not None else "Osuus hankkeista"
        x_axis = alt.Axis(format=".0%", title=axis_title, tickCount=5)
    else:
        axis_title = axis_title if axis_title is not None else "Hankkeiden määrä"
        x_axis = alt.Axis(format=",d", title=axis_title, tickCount=5, tickMinStep=1)
    tooltip = [
        alt.Tooltip("luokka:N", title="Luokka"),
        alt.Tooltip("teksti:N", title="Osuus" if value == "osuus" else "Määrä"),
    ]
    chart = _labelled_bars(data, value, order, x_axis, tooltip, colours, width)
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
    check_columns(frame, ["teema", "ely_keskus", "lukumaara"], "theme_ely_chart")
    colours = chart_colours(brand)
    theme_order = [clean_name(t) for t in theme_order]
    ely_order = [clean_name(e) for e in ely_order]
    data = clean_names(frame, ["teema", "ely_keskus"])
    data["teksti"] = [fi_number(v) for v in data["lukumaara"]]

    k = max(1, len(theme_order))
    spacing = 16
    label_px = _label_px(ely_order, 24)
    avail = width - label_px - 30
    bold_char = CHAR_PX * 1.02  # headers are semibold
    longest_word = max((len(w) for t in theme_order for w in t.split()), default=1)
    # A header may reach into the spacing after its panel, not into the next header.
    min_panel = max(90.0, longest_word * bold_char - spacing + 6)
    max_cols = max(1, int((avail + spacing) // (min_panel + spacing)))
    rows = math.ceil(k / max_cols)
    columns = math.ceil(k / rows)  # balanced: 6 themes -> 3 + 3, not 4 + 2
    panel_px = max(min_panel, (avail - spacing * (columns - 1)) / columns)
    header_chars = max(longest_word, int(panel_px / bold_char))
    text_px = max((len(t) for t in data["teksti"]), default=1) * CHAR_PX
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
    labels = _value_text(alt.Chart(), colours, dx=4).encode(x=alt.X("lukumaara:Q"), y=y, text="teksti:N")
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


# Dates are calendar dates, the same on every machine: the charts read them in UTC (a "utc" scale,
# ISO dates without a time, which Vega parses as UTC, and `utc` date-times). Read in the machine's
# local time, a zone with daylight saving time (TZ=Europe/Helsinki) moved the timeline's bars and
# labels by an hour's worth of pixels: the SVG, and so the PDF, depended on where it was built.


def _day(year: int, month: int, day: int) -> alt.DateTime:
    return alt.DateTime(year=int(year), month=int(month), date=int(day), utc=True)


def _iso_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%Y-%m-%d")


def _year_start(ts: pd.Timestamp) -> alt.DateTime:
    return _day(ts.year, 1, 1)


def timeline_chart(
    frame: pd.DataFrame,
    brand: Brand,
    *,
    title: str | None = None,
    note: str | Sequence[str] | None = None,
    width: int = WIDTH,
    cutoff: pd.Timestamp | None = None,
    lang: str = "fi",
    unit: tuple[str, str] = ("hanke", "hanketta"),
) -> alt.LayerChart | alt.VConcatChart:
    """`cutoff` (the edition's 31.12.): a rule marks it, and the periods ended by then are drawn
    paler than those still running, with a legend saying which is which.

    The projects' implementation periods: one horizontal bar from start to end per
    distinct (alkamispaiva, paattymispaiva) pair, labelled with its number of projects
    ("12 hanketta"), rows in chronological order (start, then end). Row labels are the
    periods in Finnish ("1.1.2023–31.12.2025"); the axis shows years.
    The chart data is the input frame plus ``jakso`` (row label) and ``teksti``.
    """
    check_columns(frame, ["alkamispaiva", "paattymispaiva", "lukumaara"], "timeline_chart")
    colours = chart_colours(brand)
    data = frame.copy()
    data["jakso"] = [fi_date_range(a, b) for a, b in zip(data["alkamispaiva"], data["paattymispaiva"])]
    data["teksti"] = [count_phrase(v, unit) for v in data["lukumaara"]]
    ordered = data.sort_values(["alkamispaiva", "paattymispaiva"], kind="stable")
    order = list(dict.fromkeys(ordered["jakso"]))

    label_px = _label_px(order, 40)
    plot_px = width - label_px - 30
    text_px = max((len(t) for t in data["teksti"]), default=1) * CHAR_PX
    start = pd.Timestamp(data["alkamispaiva"].min())
    end = pd.Timestamp(data["paattymispaiva"].max())
    if cutoff is not None:
        end = max(end, pd.Timestamp(cutoff))
    span = max((end - start).days, 1)
    room = min(0.45, (text_px + 10) / max(plot_px, 1.0))
    end_room = end + pd.Timedelta(days=math.ceil(span * room / (1 - room)))
    domain = [
        _year_start(start),
        _day(end_room.year, end_room.month, end_room.day),
    ]
    # A tick at the start of every year up to the last end date.
    years = [_year_start(pd.Timestamp(year=y, month=1, day=1)) for y in range(start.year, end.year + 1)]

    data["alkamispaiva"], data["paattymispaiva"] = _iso_dates(data["alkamispaiva"]), _iso_dates(data["paattymispaiva"])
    scale = alt.Scale(type="utc", domain=domain, nice=False)
    axis = alt.Axis(format="%Y", title=None, values=years, labelAlign="center")
    x = alt.X("alkamispaiva:T", scale=scale, axis=axis)
    y = alt.Y("jakso:N", sort=order, axis=alt.Axis(title=None))
    tooltip = [
        alt.Tooltip("jakso:N", title="Toteutusaika"),
        alt.Tooltip("teksti:N", title={"toteutus": "Toteutuksia"}.get(unit[0], "Hankkeita")),
    ]
    # Each bar's description (its aria-label in the SVG) in words, not Vega's default: that formats the
    # end date in English and in the machine's local time ("Dec 30, 2025" west of Greenwich).
    data["kuvaus"] = [f"{period}: {count}" for period, count in zip(data["jakso"], data["teksti"])]
    base = alt.Chart(data).encode(y=y, description="kuvaus:N")
    layers = []
    if cutoff is None:
        bars = base.mark_bar(color=colours["bar"], height={"band": 0.6}).encode(
            x=x, x2="paattymispaiva:T", tooltip=tooltip
        )
    else:
        day = pd.Timestamp(cutoff)
        shown = f"{day.day}.{day.month}.{day.year}"
        ended, running = ((f"Avslutat senast {shown}", "Pågår") if lang == "sv"
                          else (f"Päättynyt {shown} mennessä", "Käynnissä"))
        data["tila"] = [ended if pd.Timestamp(e) <= day else running for e in data["paattymispaiva"]]
        data["kuvaus"] = [f"{k} ({t.lower()})" for k, t in zip(data["kuvaus"], data["tila"])]
        base = alt.Chart(data).encode(y=y, description="kuvaus:N")
        status = alt.Color("tila:N", scale=alt.Scale(domain=[running, ended], range=[colours["bar"], colours["muted"]]),
                           legend=alt.Legend(title=None, orient="top"))
        bars = base.mark_bar(height={"band": 0.6}).encode(
            x=x, x2="paattymispaiva:T", tooltip=tooltip, color=status,
            opacity=alt.Opacity("tila:N", scale=alt.Scale(domain=[running, ended], range=[1.0, 0.45]), legend=None),
        )
        rule_data = pd.DataFrame({"paiva": [day.strftime("%Y-%m-%d")], "teksti": [shown]})
        rule = alt.Chart(rule_data).mark_rule(color=colours["text"], strokeDash=[4, 3], strokeWidth=1.5).encode(
            x=alt.X("paiva:T", scale=scale, axis=axis))
        layers.append(rule)
    labels = _value_text(base, colours).encode(x=alt.X("paattymispaiva:T", scale=scale, axis=axis), text="teksti:N")  # one scale: no domain conflict
    chart = alt.layer(bars, labels, *layers).properties(width=plot_px, height=alt.Step(ROW_STEP - 4))
    return _with_note(chart, note, title, colours)




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
    suppress_below: int = SUPPRESS_BELOW,
) -> alt.LayerChart | alt.VConcatChart:
    """Survey answers as shares of the ``n`` respondents (``luokka``, ``lukumaara``,
    ``osuus``, ``piilotettu``).

    Suppressed rows (``piilotettu``: fewer than 3 respondents) get no bar and the label
    "–"; their count and share are blanked even in the embedded data, and the footnote
    "– = alle 3 vastaajaa, luku piilotettu" is added. Sorted largest first with suppressed
    rows last (``sort="input"`` keeps the frame's order, e.g. for a Likert scale).
    The axis title carries n: "Osuus vastaajista (n = 45)".
    """
    check_columns(frame, ["luokka", "lukumaara", "osuus", "piilotettu"], "survey_chart")
    colours = chart_colours(brand)
    data = survey_data(frame)
    data["teksti"] = [DASH if h else fi_percent(v) for h, v in zip(data["piilotettu"], data["osuus"])]
    order = category_order(data, "osuus", sort)

    if axis_title is None:
        axis_title = f"Osuus vastaajista (n = {fi_number(n)})"
    notes: list[str] = []
    if data["piilotettu"].any():
        notes.append(suppressed_note(suppress_below))
    if note:
        notes.extend([note] if isinstance(note, str) else list(note))

    x_axis = alt.Axis(format=".0%", title=axis_title, tickCount=5)
    tooltip = [alt.Tooltip("luokka:N", title="Vastaus"), alt.Tooltip("teksti:N", title="Osuus")]
    chart = _labelled_bars(
        data, "osuus", order, x_axis, tooltip, colours, width,
        # Suppressed rows get no bar, and their "–" label sits at zero.
        bar_filter="!datum.piilotettu && isValid(datum.osuus)",
        label_x="datum.piilotettu || !isValid(datum.osuus) ? 0 : datum.osuus",
    )
    return _with_note(chart, notes or None, title, colours)


def year_colour(year: int, brand: Brand) -> str:
    """A year's own colour, the same in every edition: the brand's chart palette by the year (two
    consecutive years never share one while the palette has two colours or more)."""
    palette = list(brand.chart_categorical) or [chart_colours(brand)["bar"]]
    return palette[int(year) % len(palette)]


def comparison_chart(counts: pd.DataFrame, years: tuple[int, int], brand: Brand) -> alt.LayerChart:
    """Counts then and now side by side (``mittari``, ``arvo_aiempi``, ``arvo``); each bar is
    labelled with its year, so colour is not needed to read it."""
    colours = chart_colours(brand)
    rows = []
    for r in counts.itertuples(index=False):
        for year, value in ((years[0], r.arvo_aiempi), (years[1], r.arvo)):
            rows.append({"mittari": r.mittari, "vuosi": str(year), "lukumaara": value,
                         "teksti": f"{year}: {fi_number(value)}"})
    frame = pd.DataFrame(rows)
    order = counts["mittari"].tolist()
    palette = [year_colour(y, brand) for y in years]
    base = alt.Chart(frame).encode(
        y=alt.Y("mittari:N", sort=order, title=None),
        yOffset=alt.YOffset("vuosi:N", sort=[str(y) for y in years]),
    )
    bars = base.mark_bar().encode(
        x=alt.X("lukumaara:Q", title="Lukumäärä", scale=alt.Scale(zero=True)),
        color=alt.Color("vuosi:N", sort=[str(y) for y in years],
                        scale=alt.Scale(domain=[str(y) for y in years], range=palette),
                        legend=alt.Legend(title="Vuosi", orient="bottom")),
        tooltip=[alt.Tooltip("mittari:N", title="Mittari"), alt.Tooltip("teksti:N", title="Arvo")],
    )
    labels = base.mark_text(align="left", dx=4, color=colours["text"]).encode(
        x="lukumaara:Q", text="teksti:N")
    return alt.layer(bars, labels).properties(width=WIDTH - 260, height=alt.Step(22))
