"""Superlatives with ties: hand-worked counts."""

from __future__ import annotations

import pandas as pd
import pytest

from joppi.fmt import all_equal, bottom_tied, fi_each, top_tied


@pytest.mark.parametrize("counts, n, expected", [
    ({"Häme": 5, "Etelä-Savo": 3, "Keski-Suomi": 3}, 1, ["Häme"]),
    ({"Häme": 3, "Etelä-Savo": 3, "Keski-Suomi": 1}, 1, ["Häme", "Etelä-Savo"]),
    ({"a": 3, "b": 2, "c": 2, "d": 1}, 2, ["a", "b", "c"]),
    ({"a": 3, "b": 3, "c": 3}, 2, ["a", "b", "c"]),
    ({"a": 3, "b": 1}, 2, ["a", "b"]),
    ({"a": 3}, 2, ["a"]),
    ({"a": 0, "b": 0}, 1, []),
    ({}, 1, []),
    ([("b", 2), ("a", 2), ("c", 0)], 1, ["b", "a"]),           # the given order is kept
    ({"a": None, "b": 1}, 1, ["b"]),                           # a hidden count never ranks
])
def test_top_tied(counts, n, expected):
    assert top_tied(counts, n) == expected


def test_top_tied_reads_a_series():
    assert top_tied(pd.Series({"x": 4, "y": 4, "z": 2})) == ["x", "y"]


@pytest.mark.parametrize("counts, expected", [
    ({"Häme": 5, "Etelä-Savo": 3, "Keski-Suomi": 3}, ["Etelä-Savo", "Keski-Suomi"]),
    ({"Häme": 5, "Etelä-Savo": 3, "Keski-Suomi": 0}, ["Etelä-Savo"]),
    ({}, []),
])
def test_bottom_tied(counts, expected):
    assert bottom_tied(counts) == expected


def test_all_equal():
    assert all_equal({"a": 2, "b": 2})
    assert not all_equal({"a": 2})
    assert not all_equal({"a": 2, "b": 1})


def test_each():
    assert (fi_each(2), fi_each(3)) == ("kummankin", "kunkin")
