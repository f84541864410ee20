"""Finnish formatting: hand-worked values."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc

from joppi.fmt import (
    FI_LOCALE,
    FI_TIME_LOCALE,
    fi_date,
    fi_date_range,
    fi_list,
    fi_number,
    fi_percent,
)

NB = "\u00a0"
MINUS = "\u2212"


@pytest.mark.parametrize(
    "x, decimals, expected",
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1000, 0, f"1{NB}000"),
        (12345.6, 1, f"12{NB}345,6"),
        (1234567.891, 1, f"1{NB}234{NB}567,9"),
        (1234567.891, 2, f"1{NB}234{NB}567,89"),
        (1234567, 0, f"1{NB}234{NB}567"),
        (0.5, 0, "1"),  # half up; Python's round(0.5) == 0
        (2.5, 0, "3"),  # half up; Python's round(2.5) == 2
        (0.125, 2, "0,13"),  # float 0.125 is exact: half up, not to even
        (1.005, 2, "1,01"),  # float is 1.00499999…; rounded from its printed form
        (3, 2, "3,00"),
        (-1234, 0, f"{MINUS}1{NB}234"),
        (-2.5, 0, f"{MINUS}3"),  # half away from zero
        (-0.4, 0, "0"),  # never "−0"
        (np.int64(12345), 0, f"12{NB}345"),
        (np.float64(0.75), 1, "0,8"),
    ],
)
def test_fi_number(x, decimals, expected):
    assert fi_number(x, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA])
def test_fi_number_missing_is_dash(missing):
    assert fi_number(missing) == "\u2013"
    assert fi_percent(missing) == "\u2013"


@pytest.mark.parametrize(
    "share, decimals, expected",
    [
        (0.305, 0, f"31{NB}%"),  # the float is 0.30499999…: rounded half up from "0.305"
        (0.31, 0, f"31{NB}%"),
        (0.125, 0, f"13{NB}%"),  # 12.5 -> 13 (banker's rounding would give 12)
        (0.3149, 1, f"31,5{NB}%"),
        (0.315, 1, f"31,5{NB}%"),
        (0.0, 0, f"0{NB}%"),
        (0.004, 0, f"0{NB}%"),
        (0.005, 0, f"1{NB}%"),
        (1, 0, f"100{NB}%"),
        (1.234, 0, f"123{NB}%"),  # multi-valued shares may exceed 100 %
        (12.3456, 0, f"1{NB}235{NB}%"),
        (np.float64(0.305), 0, f"31{NB}%"),
    ],
)
def test_fi_percent(share, decimals, expected):
    assert fi_percent(share, decimals) == expected


def test_fi_list():
    assert fi_list([]) == ""
    assert fi_list(["Lappi"]) == "Lappi"
    assert fi_list(["Lappi", "Kainuu"]) == "Lappi ja Kainuu"
    assert fi_list(["a", "b", "c"]) == "a, b ja c"
    assert fi_list(x for x in ["a", "b", "c", "d"]) == "a, b, c ja d"
    assert fi_list([1, 2]) == "1 ja 2"


def test_fi_date():
    assert fi_date(dt.date(2023, 1, 1)) == "1.1.2023"
    assert fi_date(dt.datetime(2025, 12, 31, 15, 30)) == "31.12.2025"
    assert fi_date(pd.Timestamp("2024-02-29")) == "29.2.2024"
    assert fi_date("2026-06-30") == "30.6.2026"
    assert fi_date_range(pd.Timestamp("2023-01-01"), pd.Timestamp("2025-12-31")) == (
        "1.1.2023\u201331.12.2025"
    )
    with pytest.raises(ValueError):
        fi_date(pd.NaT)


def test_fi_locale_contents():
    assert FI_LOCALE["decimal"] == ","
    assert FI_LOCALE["thousands"] == NB
    assert FI_LOCALE["grouping"] == [3]
    assert FI_LOCALE["currency"] == ["", f"{NB}€"]
    assert FI_LOCALE["percent"] == f"{NB}%"
    assert FI_TIME_LOCALE["date"] == "%-d.%-m.%Y"
    assert FI_TIME_LOCALE["months"][0] == "tammikuu"
    assert FI_TIME_LOCALE["shortMonths"][6] == "heinä"
    assert all(m == m.lower() for m in FI_TIME_LOCALE["shortMonths"] + FI_TIME_LOCALE["shortDays"])
    # Same keys as vl-convert's own fi-FI time locale, so that Vega accepts it.
    assert set(FI_TIME_LOCALE) == set(vlc.get_time_format_locale("fi-FI"))


def _svg_texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_vega_uses_the_locales():
    """Vega (through vl-convert) formats with our locales the way fmt does."""
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "data": {"values": [{"a": 0}]},
        "transform": [
            {
                "calculate": "format(0.31, '.0%') + '|' + format(1234567.891, ',.1f') + '|'"
                " + timeFormat(datetime(2023, 0, 1), '%x %B %b')",
                "as": "t",
            }
        ],
        "mark": "text",
        "encoding": {"text": {"field": "t"}},
    }
    svg = vlc.vegalite_to_svg(spec, format_locale=FI_LOCALE, time_format_locale=FI_TIME_LOCALE)
    texts = _svg_texts(svg)
    assert f"31{NB}%|{fi_number(1234567.891, 1)}|1.1.2023 tammikuu tammi" in texts
