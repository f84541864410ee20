"""What changed since the previous edition (joppi.changes): small tables worked out by hand.

The previous edition (2023) has four rows, the new year (2024) adds one:

| row | ELY         | maakunta   | field | role         | type               | organisation | ends       |
|-----|-------------|------------|-------|--------------|--------------------|--------------|------------|
| A   | Häme        | Kanta-Häme | KUL   | yksittäinen  | Ammattikorkeakoulu | AMK A        | 30.6.2025  |
| B   | Häme        | Kanta-Häme | TEK   | päätoteuttaja| Yliopisto          | Yo A         | 31.12.2026 |
| C   | Häme        | Kanta-Häme | TEK   | osatoteuttaja| Kunta              | Kunta A      | 31.12.2026 |
| D   | Keski-Suomi | Keski-Suomi| KUL   | yksittäinen  | Ammattikorkeakoulu | AMK A        | 31.12.2024 |
| E   | Keski-Suomi | Pirkanmaa  | PAL   | yksittäinen  | Säätiö             | Säätiö A     | 31.12.2025 |  (2024)

ELY shares: Häme 3/4 = 75 % -> 3/5 = 60 % (−15), Keski-Suomi 25 % -> 40 % (+15).
Field shares: KUL 2/4 = 50 % -> 2/5 = 40 % (−10), TEK 50 % -> 40 % (−10), PAL 0 % -> 20 % (+20).
New in 2024: one row (E), one project (a single one); Keski-Suomi 1, Palvelualat 1. Starts 4 -> 1.
First time: region Pirkanmaa, field Palvelualat, type Säätiö. Leads (A, B, D, E; C is a sub):
D ends in 2024 (1), A and E in 2025 (2).
"""

from __future__ import annotations

import pandas as pd
import pytest

from joppi.changes import Shift, _shifts, change_claims, change_values, changes, shown_percent

KUL, TEK, PAL = "Kulttuuriala", "Teknologia-ala", "Palvelualat"
ROWS = [  # code, ely, region, field, role, type, organisation, start, end
    ("A", "Häme", "Kanta-Häme", KUL, "yksittäinen", "Ammattikorkeakoulu", "AMK A", "2023-01-01", "2025-06-30"),
    ("B", "Häme", "Kanta-Häme", TEK, "päätoteuttaja", "Yliopisto", "Yo A", "2023-02-01", "2026-12-31"),
    ("C", "Häme", "Kanta-Häme", TEK, "osatoteuttaja", "Kunta", "Kunta A", "2023-02-01", "2026-12-31"),
    ("D", "Keski-Suomi", "Keski-Suomi", KUL, "yksittäinen", "Ammattikorkeakoulu", "AMK A", "2023-03-01",
     "2024-12-31"),
    ("E", "Keski-Suomi", "Pirkanmaa", PAL, "yksittäinen", "Säätiö", "Säätiö A", "2024-03-01", "2025-12-31"),
]
ORDERS = dict(ely_order=("Häme", "Keski-Suomi", "Etelä-Savo"), field_order=(KUL, TEK, PAL),
              region_order=("Kanta-Häme", "Keski-Suomi", "Pirkanmaa"),
              type_order=("Ammattikorkeakoulu", "Yliopisto", "Kunta", "Säätiö"))


def frame(codes) -> pd.DataFrame:
    rows = [r for r in ROWS if r[0] in codes]
    return pd.DataFrame({
        "hanketunnus": [r[0] for r in rows], "ely_keskus": [r[1] for r in rows], "maakunta": [r[2] for r in rows],
        "toimialat": [[r[3]] for r in rows], "rooli": [r[4] for r in rows],
        "organisaatiotyyppi": [r[5] for r in rows], "toteuttaja": [r[6] for r in rows],
        "alkamispaiva": pd.to_datetime([r[7] for r in rows]), "paattymispaiva": pd.to_datetime([r[8] for r in rows]),
    })


def worked(threshold: int = 5):
    before = frame("ABCD")
    return changes(frame("ABCDE"), before, frame("E"), before, 2024, 2023, threshold, **ORDERS)


def test_shown_percent_rounds_half_up_as_the_text():
    assert [shown_percent(x) for x in (0.305, 0.125, 0.245, 1 / 3, 2 / 7, 0.0, 1.0)] == [31, 13, 25, 33, 29, 0, 100]


def test_a_shift_is_the_difference_of_the_shown_values():
    # 1/3 = 33.3 % -> 2/7 = 28.6 %: shown 33 % -> 29 %, so −4, not round(−4.76) = −5
    before = pd.DataFrame({"luokka": ["Häme"], "osuus": [1 / 3]})
    now = pd.DataFrame({"luokka": ["Häme"], "osuus": [2 / 7]})
    assert _shifts(before, now, ("Häme",), 4) == [Shift("Häme", 33, 29)]
    assert _shifts(before, now, ("Häme",), 4)[0].points == -4
    assert _shifts(before, now, ("Häme",), 5) == []          # below the threshold: not named


def test_the_worked_example():
    ch = worked()
    assert (ch.new_rows, ch.new_projects) == (1, 1)
    assert ch.new_by_ely == [("Keski-Suomi", 1)] and ch.new_by_field == [(PAL, 1)]
    assert (ch.starts_before, ch.starts_now, ch.starts_direction) == (4, 1, "vahemman")
    assert ch.ely_shifts == [Shift("Häme", 75, 60), Shift("Keski-Suomi", 25, 40)]
    assert ch.field_shifts == [Shift(KUL, 50, 40), Shift(TEK, 50, 40), Shift(PAL, 0, 20)]
    assert (ch.new_regions, ch.new_fields, ch.new_types) == (["Pirkanmaa"], [PAL], ["Säätiö"])
    assert (ch.ended_in_year, ch.ending_next_year) == (1, 2)


def test_the_threshold_decides_which_shifts_are_named():
    ch = worked(threshold=11)
    assert ch.ely_shifts == [Shift("Häme", 75, 60), Shift("Keski-Suomi", 25, 40)]   # 15 ≥ 11
    assert ch.field_shifts == [Shift(PAL, 0, 20)]                                   # 10 < 11 ≤ 20
    assert worked(threshold=21).ely_shifts == [] and worked(threshold=21).field_shifts == []
    claims = change_claims(worked(threshold=21))
    assert claims["muutos_siirtymia_on"] is False and claims["muutos_ely_siirtymia_on"] is False


def test_values_in_finnish_and_swedish():
    v = change_values(worked())
    assert v["on"] is True and (v["aiempi_vuosi"], v["ensi_vuosi"], v["kynnys"]) == (2023, 2025, 5)
    assert (v["uudet_toteutukset"], v["uudet_hankkeet"], v["alkaneet_aiemmin"], v["alkaneet_nyt"]) == (1, 1, 4, 1)
    assert v["uudet_ely"] == "Keski-Suomi 1" and v["uudet_toimialat"] == "palvelualat 1"
    assert v["siirtymat_ely"] == "Häme 75\u00a0% → 60\u00a0% ja Keski-Suomi 25\u00a0% → 40\u00a0%"
    assert v["siirtymat_toimialat"] == ("kulttuuriala 50\u00a0% → 40\u00a0%, teknologia-ala 50\u00a0% → 40\u00a0% "
                                        "ja palvelualat 0\u00a0% → 20\u00a0%")
    assert v["ensi_kertaa"] == "maakunta Pirkanmaa, ala palvelualat ja organisaatiotyyppi säätiö"
    assert (v["paattyneet"], v["paattyy_ensi_vuonna"]) == (1, 2)
    names = {"ely": {"Häme": "Tavastland", "Keski-Suomi": "Mellersta Finland"},
             "maakunta": {"Pirkanmaa": "Birkaland"}, "toimiala": {PAL: "Servicebranscher"},
             "tyyppi": {"Säätiö": "Stiftelse"}}
    sv = change_values(worked(), "sv", names)
    assert sv["uudet_ely"] == "Mellersta Finland 1"
    assert sv["siirtymat_ely"] == "Tavastland 75\u00a0% → 60\u00a0% och Mellersta Finland 25\u00a0% → 40\u00a0%"
    assert sv["ensi_kertaa"] == "landskapet Birkaland, branschen servicebranscher och organisationstypen stiftelse"
    assert set(sv) == set(v)


@pytest.mark.parametrize("now, direction", [(1, "vahemman"), (4, "yhta"), (6, "enemman")])
def test_the_direction_of_new_starts(now, direction):
    from dataclasses import replace

    ch = replace(worked(), starts_now=now)
    claims = change_claims(ch)
    assert ch.starts_direction == direction
    assert [claims[f"muutos_alkaneita_{k}"] for k in ("vahemman", "yhta_paljon", "enemman")] == [
        direction == "vahemman", direction == "yhta", direction == "enemman"]


def test_the_first_edition_has_every_key_and_no_true_claim():
    v, claims = change_values(None), change_claims(None)
    assert v["on"] is False and set(v) == set(change_values(worked()))
    assert not any(claims.values())


def test_the_own_engine_numbers_captioned_tables_in_order():
    from joppi.render.qmd import _TABLE_CAPTION, Line, _collect_tables

    lines = [Line(t, "x.qmd", i) for i, t in enumerate([
        "| a | b |", "|:--|--:|", "| x | 1 |", "", ": Ensimmäinen {#tbl-eka}", "",
        "```", ": koodia {#tbl-ei}", "```", ": Toinen taulukko {#tbl-vertailu}", ": ei tunnistetta"], 1)]
    assert _collect_tables(lines) == {"tbl-eka": 1, "tbl-vertailu": 2}   # not inside a code fence
    assert _TABLE_CAPTION.match(": Otsikko {#tbl-vertailu}").group("text") == "Otsikko"


def test_the_comparison_writes_changes_of_the_shown_values_and_zero_once():
    from joppi.comparison import _change, _shown_change, change_number, change_sv

    # Häme 23.6 % -> 21.4 %: shown 24 % -> 21 %, so −3 points (the raw −2.2 would round to −2)
    points = _shown_change(0.214, 0.236, "%")
    assert _change(points, "%") == "\u22123\u00a0%-yks." and change_number(points, "%") == -3
    assert _change(_shown_change(0.251, 0.249, "%"), "%") == "±0"        # 25 % -> 25 %
    assert _change(0.0, "n") == "±0" and _change(7, "n") == "+7" and _change(-15, "n") == "\u221215"
    assert change_sv("+1\u00a0%-yks.") == "+1\u00a0procentenhet" and change_sv("\u221212\u00a0%-yks.") == \
        "\u221212\u00a0procentenheter"
