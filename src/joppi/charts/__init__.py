"""The publication's figures: Altair charts themed from ``_brand.yml``, their Finnish alt
texts, and the output bundle that Quarto embeds (interactive HTML + static SVG).

One module a reason to change: :mod:`.theme` (brand colours, sizes, the Altair theme),
:mod:`.frames` (the chart data that charts and alt texts share), :mod:`.builders` (the charts),
:mod:`.alttext` (the alt texts) and :mod:`.embed` (spec, SVG and the embedded bundle).

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

from joppi.fmt import FI_LOCALE, FI_TIME_LOCALE

from .alttext import (
    alt_text_comparison,
    alt_text_distribution,
    alt_text_survey,
    alt_text_theme_ely,
    alt_text_timeline,
)
from .builders import (
    bar_chart,
    comparison_chart,
    suppressed_note,
    survey_chart,
    theme_ely_chart,
    timeline_chart,
)
from .embed import (
    chart_png,
    chart_spec,
    chart_svg,
    figure_bundle,
    register_fonts,
    safe_json,
)
from .frames import ValueField
from .theme import (
    FONT_SIZE,
    LABEL_WRAP_CHARS,
    ROW_STEP,
    THEME_NAME,
    TITLE_SIZE,
    WIDTH,
    altair_theme,
    chart_colours,
    contrast_ratio,
    register_theme,
    relative_luminance,
)

__all__ = [
    "FI_LOCALE", "FI_TIME_LOCALE", "FONT_SIZE", "LABEL_WRAP_CHARS", "ROW_STEP", "THEME_NAME",
    "TITLE_SIZE", "WIDTH", "ValueField",
    "alt_text_comparison", "alt_text_distribution", "alt_text_survey", "alt_text_theme_ely",
    "alt_text_timeline", "altair_theme", "bar_chart", "chart_colours", "chart_png", "chart_spec",
    "chart_svg", "comparison_chart", "contrast_ratio", "figure_bundle", "register_fonts",
    "register_theme", "relative_luminance", "safe_json", "suppressed_note", "survey_chart",
    "theme_ely_chart", "timeline_chart",
]
