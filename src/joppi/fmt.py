"""Finnish number, percent, list and date formatting (pure functions, no I/O).

Conventions (Kielitoimiston ohjepankki / Tilastokeskus):

* decimal comma: ``12,5``;
* thousands grouped by threes with a NO-BREAK SPACE (U+00A0), so that a number never
  breaks across lines: ``12 345`` (the space here is U+00A0);
* negative numbers with a real minus sign U+2212 (``−3``), not a hyphen;
* a NO-BREAK SPACE before the percent sign: ``31 %``;
* rounding is **half up** (away from zero), as taught in school and used in
  statistics publications, not Python's banker's rounding (``round(0.5) == 0``).
  Values are rounded from their shortest decimal representation (``repr``), so the
  float ``0.305`` (really 0.30499999999999999334…) becomes ``31 %``, as a reader
  expects from the printed ``0,305``;
* a missing value (``None``, ``NaN``, ``pd.NA``) is shown as an EN DASH ``–``, the
  Finnish statistical convention for "no data".

``FI_LOCALE`` and ``FI_TIME_LOCALE`` give the same conventions to Vega / Vega-Lite
(d3-format / d3-time-format locale definitions) for axis labels in the browser
(``vegaEmbed(..., {formatLocale, timeFormatLocale})``) and in vl-convert
(``format_locale=``, ``time_format_locale=``).
"""

from __future__ import annotations

import datetime as _dt
import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Iterable

#: Numbers up to twelve in words, as Finnish prose writes them.
NUMBER_WORDS = ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän", "kahdeksan",
                "yhdeksän", "kymmenen", "yksitoista", "kaksitoista"]

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "\u2013"
SUPPRESSED_MARK = "[p]"  # a hidden (suppressed) count in the downloads, where "–" would read as a number  # en dash: missing / suppressed value, and ranges ("2023–2025")

#: d3-format locale for Vega. d3's own "fi-FI" has no ``percent`` entry and gives "31%";
#: this one gives "31 %" (verified with vl-convert 1.9, see docs notes).
FI_LOCALE: dict[str, Any] = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", NBSP + "€"],
    "percent": NBSP + "%",
    "minus": MINUS,
}

#: d3-time-format locale for Vega. Based on ``vl_convert.get_time_format_locale("fi-FI")``,
#: with two corrections: Finnish month and weekday abbreviations are written in lower
#: case ("tammi", "ma"; d3 has "Tammi", "Ma"), and times use the Finnish full stop
#: ("klo 14.30.00"). The date format is "d.m.yyyy" without leading zeros.
FI_TIME_LOCALE: dict[str, Any] = {
    "dateTime": "%A %-d.%-m.%Y klo %H.%M.%S",
    "date": "%-d.%-m.%Y",
    "time": "%H.%M.%S",
    "periods": ["ap.", "ip."],
    "days": [
        "sunnuntai", "maanantai", "tiistai", "keskiviikko",
        "torstai", "perjantai", "lauantai",
    ],
    "shortDays": ["su", "ma", "ti", "ke", "to", "pe", "la"],
    "months": [
        "tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu",
        "heinäkuu", "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu",
    ],
    "shortMonths": [
        "tammi", "helmi", "maalis", "huhti", "touko", "kesä",
        "heinä", "elo", "syys", "loka", "marras", "joulu",
    ],
}


def is_missing(x: Any) -> bool:
    """True for None, NaN, pd.NA and pd.NaT (without importing pandas)."""
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    # pd.NA / pd.NaT / numpy NaN scalars
    try:
        return bool(x != x)  # NaN and NaT are unequal to themselves
    except TypeError:  # pd.NA: bool(NA != NA) raises
        return True


def _to_decimal(x: Any) -> Decimal:
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        raise TypeError("a bool is not a number to format")
    if isinstance(x, int):
        return Decimal(x)
    try:
        # repr() gives the shortest string that round-trips: 0.305 -> "0.305"
        return Decimal(repr(float(x)))
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise TypeError(f"cannot format {x!r} as a number") from exc


def _round_half_up(d: Decimal, decimals: int) -> Decimal:
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _format_decimal(d: Decimal, decimals: int) -> str:
    d = _round_half_up(d, decimals)
    negative = d < 0 and d != 0  # "−0" never printed
    text = f"{abs(d):,.{decimals}f}"  # "1,234,567.9"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", NBSP)
    out = whole + ("," + frac if decimals > 0 else "")
    return (MINUS + out) if negative else out


def fi_number(x: Any, decimals: int = 0) -> str:
    """Format a number the Finnish way: ``fi_number(1234567.891, 1) == "1 234 567,9"``.

    Thousands separator NO-BREAK SPACE U+00A0, decimal comma, minus sign U+2212,
    rounding half up. A missing value gives "–".
    """
    if is_missing(x):
        return DASH
    return _format_decimal(_to_decimal(x), decimals)


def fi_percent(share: Any, decimals: int = 0) -> str:
    """Format a share (fraction 0..1) as a Finnish percentage: ``0.305 -> "31 %"``.

    NO-BREAK SPACE before "%", rounding half up (0.305 -> 31, 0.125 -> 13, not 12).
    A missing value gives "–".
    """
    if is_missing(share):
        return DASH
    return _format_decimal(_to_decimal(share) * 100, decimals) + NBSP + "%"


def join_list(items: Iterable[Any], last: str) -> str:
    """"a", "a <last> b", "a, b <last> c": no comma before the last word (Finnish and Swedish alike)."""
    parts = [str(i) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {last} " + parts[-1]


def fi_list(items: Iterable[Any]) -> str:
    """Join items the Finnish way: "a", "a ja b", "a, b ja c" (no comma before "ja")."""
    return join_list(items, "ja")


def fi_date(d: Any) -> str:
    """Format a date as d.m.yyyy without leading zeros: ``date(2023, 1, 1) -> "1.1.2023"``.

    Accepts ``datetime.date``, ``datetime.datetime``, ``pandas.Timestamp`` and ISO strings.
    """
    if is_missing(d):
        raise ValueError("fi_date: missing date")
    if isinstance(d, str):
        d = _dt.date.fromisoformat(d[:10])
    if not hasattr(d, "year"):
        raise TypeError(f"fi_date: not a date: {d!r}")
    return f"{d.day}.{d.month}.{d.year}"


def fi_date_range(start: Any, end: Any) -> str:
    """A period with an en dash and no spaces: "1.1.2023–31.12.2025"."""
    return f"{fi_date(start)}{DASH}{fi_date(end)}"


# --- superlatives with ties and agreement (one place for the Finnish forms) ----------------------

def _pairs(counts) -> list[tuple[str, float]]:
    items = counts.items() if hasattr(counts, "items") else counts
    return [(str(name), count) for name, count in items]


def top_tied(counts, n: int = 1) -> list[str]:
    """The names of the `n` largest counts and of every name tied with the n-th: ``top_tied({"a": 3,
    "b": 3, "c": 1}) == ["a", "b"]``; ``top_tied({"a": 3, "b": 2, "c": 2}, 2) == ["a", "b", "c"]``.

    `counts` is a mapping or (name, count) pairs in the order the names are shown; that order is
    kept. Zero or missing counts never rank (an option nobody chose is not "the most chosen")."""
    pairs = [(name, c) for name, c in _pairs(counts) if not is_missing(c) and c > 0]
    if not pairs or n < 1:
        return []
    ranked = sorted((c for _, c in pairs), reverse=True)
    floor = ranked[min(n, len(ranked)) - 1]
    return [name for name, c in pairs if c >= floor]


def bottom_tied(counts) -> list[str]:
    """The names of the smallest positive count, ties included, in the given order."""
    pairs = [(name, c) for name, c in _pairs(counts) if not is_missing(c) and c > 0]
    if not pairs:
        return []
    floor = min(c for _, c in pairs)
    return [name for name, c in pairs if c == floor]


def all_equal(counts) -> bool:
    """More than one name, all with the same positive count (no largest or smallest to name)."""
    values = [c for _, c in _pairs(counts) if not is_missing(c) and c > 0]
    return len(values) > 1 and len(set(values)) == 1


def fi_each(n: int) -> str:
    """"kummankin" of two, "kunkin" of more: the genitive a shared share is said with."""
    return "kummankin" if n == 2 else "kunkin"
