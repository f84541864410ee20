"""A chart as the outputs carry it: a deterministic Vega-Lite spec, the static SVG (PDF) and the
Jupyter bundle that Quarto's ``{{< embed >}}`` and joppi's own engine put on the page."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import altair as alt
import vl_convert as vlc

from joppi.brand import Brand
from joppi.bundle import raw_block, typst_string
from joppi.fmt import FI_LOCALE, FI_TIME_LOCALE

from .theme import THEME_NAME, register_theme

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


def figure_bundle(chart: Any, *, label: str, alt: str, brand: Brand, extra_html: str = "") -> dict[str, str]:
    """Jupyter output bundle of a figure, for Quarto's ``{{< embed >}}`` and joppi's own engine.

    * ``text/markdown``: a raw HTML block, a ``<div role="img" aria-label=alt>`` and a script
      calling ``vegaEmbed`` (which the page loads from the local bundle) with the spec, the SVG
      renderer and the Finnish locales, followed by ``extra_html`` (the data table); and a raw
      Typst block drawing the static SVG with the alt text, for the PDF;
    * ``image/svg+xml``: the static SVG (joppi's own engine writes it to a file for Typst);
    * ``text/plain``: the alt text.

    See BUNDLE_MIMES for why there is no ``text/html``. ``label`` (e.g. "fig-ely") must be a
    plain identifier: letters, digits, "-", "_". Display with
    ``IPython.display.display(bundle, raw=True)``.
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
    ) + extra_html
    # The chart scales down to a phone's column in both engines' pages (joppi.css: .joppi-chart).
    html_out = f'<div class="joppi-chart">{html_out}</div>'
    register_fonts(brand)
    svg = vlc.vegalite_to_svg(spec, format_locale=FI_LOCALE, time_format_locale=FI_TIME_LOCALE)
    typst = (f'#image(bytes({typst_string(svg)}), format: "svg", alt: {typst_string(alt)}, '
             "width: 100%)")
    markdown = raw_block("html", html_out) + "\n" + raw_block("typst", typst)
    return {"text/markdown": markdown, "image/svg+xml": svg, "text/plain": alt}
