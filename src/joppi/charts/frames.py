"""The chart data that the builders and the alt texts share, so that a chart and its alt text
always list the same categories in the same order with the same value strings."""

from __future__ import annotations

from typing import Any, Literal, Sequence

import pandas as pd

from joppi.fmt import DASH, fi_number, fi_percent, is_missing

ValueField = Literal["osuus", "lukumaara"]


def order_by_value(frame: pd.DataFrame, value: str, category: str = "luokka") -> list[str]:
    """Categories sorted by value, largest first; ties (and missing values, last) keep the
    input order (stable sort)."""
    keyed = [
        (is_missing(v), -(float(v) if not is_missing(v) else 0.0), i, c)
        for i, (c, v) in enumerate(zip(frame[category], frame[value]))
    ]
    return [str(c) for *_, c in sorted(keyed)]


def category_order(frame: pd.DataFrame, value: str, sort: Literal["value", "input"]) -> list[str]:
    """The rows' order in a chart and its alt text: by value, or as the frame has them."""
    return order_by_value(frame, value) if sort == "value" else [str(c) for c in frame["luokka"]]


def value_label(v: Any, value: str) -> str:
    return fi_percent(v) if value == "osuus" else fi_number(v)


_LINE_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " "})


def clean_name(v: Any) -> str:
    return str(v).translate(_LINE_SEPARATORS)


def clean_names(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A copy of ``frame`` whose category names have U+2028/U+2029 replaced by spaces.

    Vega-Lite 6.4 writes a custom sort order into a Vega expression with JSON.stringify,
    which leaves these two characters raw, and Vega's expression parser then fails
    ("Unexpected token ILLEGAL"). No real category name contains them."""
    data = frame.copy()
    for c in columns:
        if data[c].map(lambda v: isinstance(v, str) and ("\u2028" in v or "\u2029" in v)).any():
            data[c] = data[c].map(lambda v: clean_name(v) if isinstance(v, str) else v)
    return data


def check_columns(frame: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: frame lacks columns {missing}; has {list(frame.columns)}")


def count_phrase(n: Any, unit: tuple[str, str] = ("hanke", "hanketta")) -> str:
    """"1 hanke", "12 hanketta"; `unit` is the counted thing's (singular, partitive)."""
    if is_missing(n):
        return DASH
    return f"{fi_number(n)} {unit[0] if int(n) == 1 else unit[1]}"


def survey_data(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of a survey frame in which suppressed rows can never reveal their count:
    ``lukumaara`` and ``osuus`` are blanked wherever ``piilotettu`` is true."""
    data = clean_names(frame, ["luokka"])
    hidden = data["piilotettu"].fillna(True).astype(bool)
    data["lukumaara"] = pd.array(
        [pd.NA if h else v for h, v in zip(hidden, data["lukumaara"])], dtype="Int64"
    )
    data["osuus"] = [float("nan") if h or is_missing(v) else float(v) for h, v in zip(hidden, data["osuus"])]
    data["piilotettu"] = hidden.to_numpy()
    return data

