"""compute.py and the small helpers of values.py on hand-made frames, values worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from joppi import compute as c
from joppi.classifications import load_classifications
from joppi.values import escape_markdown, fi_list_sekä, number_word
from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS, validate_projects, validate_survey

from conftest import ROOT

NB = "\u00a0"
SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
TEK = "Teknologia-ala"
PAL = "Palvelualat"
EI = "Ei toimialasidonnainen"
T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"
THEMES = (T1, T2, T3)
ELYS = ("Häme", "Keski-Suomi", "Etelä-Savo", "Pohjois-Pohjanmaa")
ORG_TYPES = ("Ammattikorkeakoulu", "Yliopisto", "Ammatillisen koulutuksen järjestäjä", "Kansalaisopisto",
             "Kunta", "Yhdistys tai järjestö", "Yritys", "Kehittämisyhtiö", "Hyvinvointialue")
REGIONS = ("Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme", "Kymenlaakso",
           "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi")
FIELDS = (SOTE, TEK, "Luonto- ja ympäristöala", PAL, EI)
MAIN, SUB, SINGLE = "päätoteuttaja", "osatoteuttaja", "yksittäinen"


def projects_frame(rows: list[tuple]) -> pd.DataFrame:
    """The typed shape validate_projects returns: dates as Timestamps, toimialat as tuples, rivi."""
    cols = ["hanketunnus", "toteuttaja", "organisaatiotyyppi", "rooli", "ryhmahanke", "ely_keskus", "maakunta",
            "toimialat", "kehittamisteema", "alkamispaiva", "paattymispaiva"]
    frame = pd.DataFrame([dict(zip(cols, r)) for r in rows])
    frame["nimi"] = "Hanke " + frame["hanketunnus"]
    frame["toimialat"] = frame["toimialat"].map(tuple)
    for col in ("alkamispaiva", "paattymispaiva"):
        frame[col] = pd.to_datetime(frame[col])
    frame["y_tunnus"] = ""
    frame["rivi"] = range(2, len(frame) + 2)
    return frame[PROJECT_COLUMNS + ["y_tunnus", "rivi"]]


def survey_frame(rows: list[tuple]) -> pd.DataFrame:
    """The typed shape validate_survey returns: staff Int64 (NA when empty), choices as tuples."""
    frame = pd.DataFrame(rows, columns=["hanketunnus", "henkilosto_paatoimiset", "henkilosto_osa_aikaiset",
                                        "osatoteuttajat_paatoimiset", "osatoteuttajat_osa_aikaiset", "haasteet"])
    for col in c_staff():
        frame[col] = pd.array(frame[col].tolist(), dtype="Int64")
    frame["haasteet"] = frame["haasteet"].map(tuple)
    for col in ("tulokset", "viestintakanavat", "verkostot"):
        frame[col] = [()] * len(frame)
    frame["onnistumiset"] = ""
    frame["muuta"] = ""
    frame["rivi"] = range(2, len(frame) + 2)
    return frame[SURVEY_COLUMNS + ["rivi"]]


def c_staff():
    return ["henkilosto_paatoimiset", "henkilosto_osa_aikaiset", "osatoteuttajat_paatoimiset",
            "osatoteuttajat_osa_aikaiset"]


# Eight rows: group G1 (main + 2 subs), group G2 (main + 1 sub), three single projects.
#           code    toteuttaja   type                      role    group ely            maakunta        fields       theme start         end
COHORT = projects_frame([
    ("G1",   "AMK A",      "Ammattikorkeakoulu",    MAIN,   "",   "Häme",        "Päijät-Häme",  [SOTE],      T1, "2023-01-01", "2025-12-31"),
    ("G1-1", "AMK B",      "Ammattikorkeakoulu",    SUB,    "G1", "Häme",        "Uusimaa",      [SOTE, TEK], "", "2023-01-01", "2025-12-31"),
    ("G1-2", "Kunta A",    "Kunta",                 SUB,    "G1", "Häme",        "Kanta-Häme",   [TEK],       "", "2023-03-01", "2024-02-29"),
    ("G2",   "AMK B",      "Ammattikorkeakoulu",    MAIN,   "",   "Etelä-Savo",  "Etelä-Savo",   [PAL],       T3, "2023-06-01", "2026-05-31"),
    ("G2-1", "AMK A",      "Ammattikorkeakoulu",    SUB,    "G2", "Etelä-Savo",  "Pohjois-Savo", [PAL, SOTE], "", "2023-06-01", "2026-05-31"),
    ("S1",   "AMK A",      "Ammattikorkeakoulu",    SINGLE, "",   "Keski-Suomi", "Keski-Suomi",  [EI],        T3, "2023-09-01", "2024-08-31"),
    ("S2",   "Yritys A",   "Yritys",                SINGLE, "",   "Etelä-Savo",  "Etelä-Savo",   [TEK],       T1, "2023-02-01", "2025-01-31"),
    ("S3",   "Yhdistys A", "Yhdistys tai järjestö", SINGLE, "",   "Keski-Suomi", "Keski-Suomi",  [SOTE],      T2, "2023-11-01", "2026-10-31"),
])


def test_helper_frames_have_the_shape_validation_returns():
    cls = load_classifications(ROOT / "data" / "luokitukset")
    raw = COHORT.drop(columns="rivi").copy()
    for col in ("alkamispaiva", "paattymispaiva"):
        raw[col] = raw[col].dt.strftime("%Y-%m-%d")
    raw["toimialat"] = raw["toimialat"].map(";".join)
    raw.index = range(2, len(raw) + 2)
    typed = validate_projects(raw.astype(object), cls, "hankkeet.csv")
    assert list(typed.columns) == list(COHORT.columns)
    pd.testing.assert_series_equal(typed["toimialat"], COHORT["toimialat"])
    assert typed["alkamispaiva"].tolist() == COHORT["alkamispaiva"].tolist()
    assert typed["rivi"].tolist() == COHORT["rivi"].tolist()

    survey = survey_frame([("G1", 1, 0, 0, 2, ["Tekniset ongelmat"]), ("S1", 0, 1, None, None, [])])
    raw_s = survey.drop(columns="rivi").copy().astype(object)
    for col in c_staff():
        raw_s[col] = ["" if pd.isna(v) else str(v) for v in survey[col]]
    for col in ("haasteet", "tulokset", "viestintakanavat", "verkostot"):
        raw_s[col] = survey[col].map(";".join)
    raw_s.index = [2, 3]
    typed_s = validate_survey(raw_s, typed, 2023, cls, "kysely.csv",
                              not_asked=("tulokset", "viestintakanavat", "verkostot"))   # blank here
    assert list(typed_s.columns) == list(survey.columns)
    for col in c_staff():
        pd.testing.assert_series_equal(typed_s[col], survey[col])
    assert typed_s["haasteet"].tolist() == survey["haasteet"].tolist()


# --------------------------------------------------------------------------- counts and distributions


def test_counts_by_role():
    counts = c.counts_by_role(COHORT)
    # G1, G2 main; G1-1, G1-2, G2-1 sub; S1, S2, S3 single; the survey's population is 2 + 3.
    assert (counts.rows, counts.groups, counts.subs, counts.singles, counts.projects) == (8, 2, 3, 3, 5)
    assert counts.as_dict() == {"yhteensa": 8, "ryhmahankkeet": 2, "osatoteuttajat": 3, "yksittaiset": 3,
                                "hankkeet": 5}


def test_leads_are_main_and_single_rows():
    assert c.leads(COHORT)["hanketunnus"].tolist() == ["G1", "G2", "S1", "S2", "S3"]


def test_implementers_by_type_counts_each_organisation_once():
    # AMK A (3 rows) and AMK B (2 rows) are two organisations; Kunta A, Yritys A, Yhdistys A one each.
    # 5 organisations; the three singles tie at 1 and follow the classification's order
    # (Kunta, Yhdistys tai järjestö, Yritys), not the alphabet (which also happens to agree) nor rows.
    table = c.implementers_by_type(COHORT, ORG_TYPES)
    assert table["luokka"].tolist() == ["Ammattikorkeakoulu", "Kunta", "Yhdistys tai järjestö", "Yritys"]
    assert table["lukumaara"].tolist() == [2, 1, 1, 1]
    assert table["osuus"].tolist() == pytest.approx([0.4, 0.2, 0.2, 0.2])
    assert list(table.columns) == ["luokka", "lukumaara", "osuus"]


def test_distribution_ties_follow_the_classification_order():
    values = pd.Series(["b", "c", "a", "c", "b", "d"])     # b 2, c 2, a 1, d 1; 6 in all
    # classification order c, b, a, d: ties c before b, a before d
    t = c.distribution(values, ["c", "b", "a", "d"])
    assert t["luokka"].tolist() == ["c", "b", "a", "d"]
    assert t["lukumaara"].tolist() == [2, 2, 1, 1]
    assert t["osuus"].tolist() == pytest.approx([2 / 6, 2 / 6, 1 / 6, 1 / 6])
    # reversed order reverses the ties only: counts still rank first
    t = c.distribution(values, ["d", "a", "b", "c"])
    assert t["luokka"].tolist() == ["b", "c", "d", "a"]
    # no order: ties by name
    assert c.distribution(values)["luokka"].tolist() == ["b", "c", "a", "d"]
    # a value missing from the classification follows the listed ones at its count
    t = c.distribution(values, ["c", "a"])
    assert t["luokka"].tolist() == ["c", "b", "a", "d"]


def test_distribution_leaves_out_unused_classes_and_empty_input():
    t = c.distribution(pd.Series(["x", "x"]), ["y", "x", "z"])
    assert t["luokka"].tolist() == ["x"] and t["osuus"].tolist() == [1.0]
    assert c.distribution(pd.Series([], dtype=object), ["x"]).empty


def test_shares_by_ely_and_region():
    # ELY: Häme 3 (G1, G1-1, G1-2), Etelä-Savo 3 (G2, G2-1, S2), Keski-Suomi 2 (S1, S3); of 8 rows.
    # Häme and Etelä-Savo tie: Häme comes first in the classification. Pohjois-Pohjanmaa has none.
    ely = c.shares_by_ely(COHORT, ELYS)
    assert ely["luokka"].tolist() == ["Häme", "Etelä-Savo", "Keski-Suomi"]
    assert ely["lukumaara"].tolist() == [3, 3, 2]
    assert ely["osuus"].tolist() == pytest.approx([0.375, 0.375, 0.25])
    # Regions: Etelä-Savo 2, Keski-Suomi 2, then Uusimaa, Kanta-Häme, Päijät-Häme, Pohjois-Savo 1 each,
    # ties in the regions' (code) order.
    reg = c.shares_by_region(COHORT, REGIONS)
    assert reg["luokka"].tolist() == ["Etelä-Savo", "Keski-Suomi", "Uusimaa", "Kanta-Häme", "Päijät-Häme",
                                      "Pohjois-Savo"]
    assert reg["lukumaara"].tolist() == [2, 2, 1, 1, 1, 1]
    assert reg["osuus"].sum() == pytest.approx(1.0)


def test_fields_are_multi_valued_and_shares_sum_over_one():
    # SOTE: G1, G1-1, G2-1, S3 = 4; TEK: G1-1, G1-2, S2 = 3; PAL: G2, G2-1 = 2; EI: S1 = 1.  Of 8 rows.
    f = c.fields(COHORT, FIELDS)
    assert f["luokka"].tolist() == [SOTE, TEK, PAL, EI]
    assert f["lukumaara"].tolist() == [4, 3, 2, 1]
    assert f["osuus"].tolist() == pytest.approx([0.5, 0.375, 0.25, 0.125])
    assert f["osuus"].sum() == pytest.approx(1.25)          # > 1: a row counts once per field


def test_fields_tie_in_classification_order():
    frame = projects_frame([
        ("A", "x", "Kunta", SINGLE, "", "Häme", "Uusimaa", [PAL, TEK], T1, "2023-01-01", "2024-01-01"),
        ("B", "y", "Kunta", SINGLE, "", "Häme", "Uusimaa", [TEK, PAL], T1, "2023-01-01", "2024-01-01"),
    ])
    assert c.fields(frame, FIELDS)["luokka"].tolist() == [TEK, PAL]   # 2 each; TEK is listed before PAL


def test_field_summary():
    s = c.field_summary(COHORT)
    # real fields named: SOTE, TEK, PAL (EI excluded) = 3; unbound: S1; multi: G1-1, G2-1
    assert (s.distinct, s.unbound, s.multi) == (3, 1, 2)


# --------------------------------------------------------------------------- themes


def test_themes_by_ely_full_grid_with_zeros():
    # Leads only: G1 (T1, Häme), G2 (T3, Etelä-Savo), S1 (T3, Keski-Suomi), S2 (T1, Etelä-Savo),
    # S3 (T2, Keski-Suomi). The sub rows (no theme) do not count.
    grid = c.themes_by_ely(COHORT, THEMES, ELYS)
    assert list(grid.columns) == ["teema", "ely_keskus", "lukumaara"]
    assert len(grid) == 12
    assert list(zip(grid["teema"], grid["ely_keskus"]))[:5] == [
        (T1, "Häme"), (T1, "Keski-Suomi"), (T1, "Etelä-Savo"), (T1, "Pohjois-Pohjanmaa"), (T2, "Häme")]
    assert grid["lukumaara"].tolist() == [1, 0, 1, 0,
                                          0, 1, 0, 0,
                                          0, 1, 1, 0]
    assert str(grid["lukumaara"].dtype) == "int64"


def _grid(counts: dict[str, list[int]]) -> pd.DataFrame:
    rows = [(t, e, n) for t in THEMES for e, n in zip(ELYS, counts[t])]
    return pd.DataFrame(rows, columns=["teema", "ely_keskus", "lukumaara"])


def test_theme_spread_on_the_cohort():
    t1, t2, t3 = c.theme_spread(c.themes_by_ely(COHORT, THEMES, ELYS), THEMES, ELYS)
    assert (t1.theme, t1.projects, t1.elys, t1.absent) == (T1, 2, ("Häme", "Etelä-Savo"),
                                                           ("Keski-Suomi", "Pohjois-Pohjanmaa"))
    assert t1.strongest == ("Häme", "Etelä-Savo")                    # a tie: both, in ELY order
    assert (t2.projects, t2.elys, t2.strongest) == (1, ("Keski-Suomi",), ("Keski-Suomi",))
    assert t2.absent == ("Häme", "Etelä-Savo", "Pohjois-Pohjanmaa")
    assert t3.strongest == ("Keski-Suomi", "Etelä-Savo")


def test_theme_spread_present_absent_strongest():
    grid = _grid({T1: [2, 1, 0, 0], T2: [0, 0, 0, 0], T3: [1, 1, 4, 1]})
    t1, t2, t3 = c.theme_spread(grid, THEMES, ELYS)
    assert t1.strongest == ("Häme",) and t1.absent == ("Etelä-Savo", "Pohjois-Pohjanmaa")
    assert (t2.projects, t2.elys, t2.strongest) == (0, (), ())      # absent everywhere: no strongest
    assert t2.absent == ELYS
    assert (t3.projects, t3.elys, t3.absent, t3.strongest) == (7, ELYS, (), ("Etelä-Savo",))


def test_even_theme_elys():
    # Häme: 1,1,1 even. Keski-Suomi: 2,2,2 even. Etelä-Savo: 1,1,0 (a theme missing). PPO: 2,1,1.
    grid = _grid({T1: [1, 2, 1, 2], T2: [1, 2, 1, 1], T3: [1, 2, 0, 1]})
    assert c.even_theme_elys(grid, THEMES, ELYS) == ("Häme", "Keski-Suomi")
    assert c.even_theme_elys(_grid({T1: [0] * 4, T2: [0] * 4, T3: [0] * 4}), THEMES, ELYS) == ()
    assert c.even_theme_elys(c.themes_by_ely(COHORT, THEMES, ELYS), THEMES, ELYS) == ()


# --------------------------------------------------------------------------- dates


def test_date_pairs():
    pairs = c.date_pairs(COHORT)
    assert list(pairs.columns) == ["alkamispaiva", "paattymispaiva", "lukumaara"]
    got = [(a.strftime("%Y-%m-%d"), b.strftime("%Y-%m-%d"), n) for a, b, n in pairs.itertuples(index=False)]
    assert got == [
        ("2023-01-01", "2025-12-31", 2),     # G1, G1-1
        ("2023-02-01", "2025-01-31", 1),
        ("2023-03-01", "2024-02-29", 1),
        ("2023-06-01", "2026-05-31", 2),     # G2, G2-1
        ("2023-09-01", "2024-08-31", 1),
        ("2023-11-01", "2026-10-31", 1),
    ]


def test_span():
    assert c.span(COHORT) == (pd.Timestamp("2023-01-01"), pd.Timestamp("2026-10-31"))


def test_midpoints():
    # start + (end - start).days // 2:
    # G1   2023-01-01..2025-12-31: 1095 d -> +547 = 2024-07-01 (2024 is a leap year)
    # G1-2 2023-03-01..2024-02-29:  365 d -> +182 = 2023-08-30
    # G2   2023-06-01..2026-05-31: 1095 d -> +547 = 2024-11-29
    # S1   2023-09-01..2024-08-31:  365 d -> +182 = 2024-03-01
    # S2   2023-02-01..2025-01-31:  730 d -> +365 = 2024-02-01
    # S3   2023-11-01..2026-10-31: 1095 d -> +547 = 2025-05-01
    mids = dict(zip(COHORT["hanketunnus"], c.midpoints(COHORT).dt.strftime("%Y-%m-%d")))
    assert mids == {"G1": "2024-07-01", "G1-1": "2024-07-01", "G1-2": "2023-08-30", "G2": "2024-11-29",
                    "G2-1": "2024-11-29", "S1": "2024-03-01", "S2": "2024-02-01", "S3": "2025-05-01"}
    years = c.midpoint_years(COHORT)
    assert years.to_dict("list") == {"vuosi": [2023, 2024, 2025], "lukumaara": [1, 6, 1]}
    assert c.most_active_year(COHORT) == 2024


def test_most_active_year_is_not_the_year_most_projects_run():
    # Three three-year projects starting 2023 run in 2023, 2024 and 2025 alike; their midpoints are in 2024/2025.
    frame = projects_frame([
        ("A", "x", "Kunta", SINGLE, "", "Häme", "Uusimaa", [PAL], T1, "2023-12-01", "2026-11-30"),   # mid 2025-05-31
        ("B", "y", "Kunta", SINGLE, "", "Häme", "Uusimaa", [PAL], T1, "2023-10-01", "2026-10-31"),   # mid 2025-04-16
        ("C", "z", "Kunta", SINGLE, "", "Häme", "Uusimaa", [PAL], T1, "2023-01-01", "2025-12-31"),   # mid 2024-07-01
    ])
    assert c.midpoints(frame).dt.strftime("%Y-%m-%d").tolist() == ["2025-05-31", "2025-04-16", "2024-07-01"]
    assert c.most_active_year(frame) == 2025


def test_most_active_year_tie_gives_the_earliest():
    # G1-2's midpoint is in 2023, S3's in 2025: one each -> 2023
    tie = COHORT[COHORT["hanketunnus"].isin(["S3", "G1-2"])]
    assert c.midpoint_years(tie)["lukumaara"].tolist() == [1, 1]
    assert c.most_active_year(tie) == 2023
    # and with 2024's six added back, 2024 wins outright
    assert c.most_active_year(COHORT) == 2024


# --------------------------------------------------------------------------- implementers


def test_active_implementers_ordering():
    # AMK A: G1 (lead), G2-1, S1 (lead) = 3 rows, 2 leads. AMK B: G1-1, G2 (lead) = 2, 1.
    # 1 row each: Yhdistys A (lead), Yritys A (lead), Kunta A (no lead). Ties on rows go by leads,
    # then by name: Kunta A comes last although it sorts first alphabetically.
    t = c.active_implementers(COHORT)
    assert list(t.columns) == ["toteuttaja", "organisaatiotyyppi", "toteutuksia", "vetovastuita"]
    assert t["toteuttaja"].tolist() == ["AMK A", "AMK B", "Yhdistys A", "Yritys A", "Kunta A"]
    assert t["toteutuksia"].tolist() == [3, 2, 1, 1, 1]
    assert t["vetovastuita"].tolist() == [2, 1, 1, 1, 0]
    assert t["organisaatiotyyppi"].tolist() == ["Ammattikorkeakoulu", "Ammattikorkeakoulu",
                                                "Yhdistys tai järjestö", "Yritys", "Kunta"]
    assert str(t["toteutuksia"].dtype) == "int64" and str(t["vetovastuita"].dtype) == "int64"


@pytest.mark.parametrize("min_rows,min_leads,expected", [
    (3, 2, ["AMK A"]),                                  # both thresholds met exactly (inclusive)
    (2, 1, ["AMK A", "AMK B"]),
    (2, 2, ["AMK A"]),                                  # AMK B has 2 rows but only 1 lead
    (1, 1, ["AMK A", "AMK B", "Yhdistys A", "Yritys A"]),   # Kunta A leads nothing
    (4, 0, []),
])
def test_standout_implementers(min_rows, min_leads, expected):
    t = c.standout_implementers(c.active_implementers(COHORT), min_rows, min_leads)
    assert t["toteuttaja"].tolist() == expected
    assert list(t.index) == list(range(len(expected)))


# --------------------------------------------------------------------------- the survey

# Responses from G1, G2, S1, S3 (S2 did not answer).
SURVEY = survey_frame([
    ("G1", 1, 3, 0, 4, []),
    ("G2", 0, 2, 1, 2, []),
    ("S1", 2, 0, None, None, []),
    ("S3", 0, 1, None, None, []),
])


def test_response_rate():
    r = c.response_rate(SURVEY, COHORT)
    assert (r.responses, r.population) == (4, 5)            # G1 G2 S1 S3 of G1 G2 S1 S2 S3
    assert r.rate == pytest.approx(0.8)
    # a response from outside the cohort does not count
    extra = pd.concat([SURVEY, survey_frame([("OLD", 1, 1, None, None, [])])], ignore_index=True)
    assert c.response_rate(extra, COHORT).responses == 4
    assert c.ResponseRate(0, 0).rate == 0.0


def test_staff_sums_with_na_sub_staff_for_single_projects():
    s = c.staff_sums(SURVEY)
    # main full-time 1+0+2+0 = 3, part-time 3+2+0+1 = 6; sub full-time 0+1 = 1, part-time 4+2 = 6
    assert (s.main_fulltime, s.main_parttime, s.sub_fulltime, s.sub_parttime) == (3, 6, 1, 6)
    assert (s.main_total, s.sub_total) == (9, 7)
    assert all(type(v) is int for v in (s.main_fulltime, s.sub_parttime))


OPTIONS = ("Rekrytointi", "Vaihtuvuus", "Aikataulut", "Tekniset", "Tavoittaminen", "Hallinto")
CHOICES = survey_frame([
    ("A", 0, 1, None, None, ["Rekrytointi", "Vaihtuvuus"]),
    ("B", 0, 1, None, None, ["Rekrytointi", "Vaihtuvuus", "Tekniset"]),
    ("C", 0, 1, None, None, ["Vaihtuvuus", "Rekrytointi", "Hallinto"]),
    ("D", 0, 1, None, None, ["Aikataulut", "Vaihtuvuus", "Hallinto"]),
    ("E", 0, 1, None, None, ["Rekrytointi"]),
    ("F", 0, 1, None, None, ["Vaihtuvuus"]),
])
# Vaihtuvuus 5 (A B C D F), Rekrytointi 4 (A B C E), Hallinto 2, Aikataulut 1, Tekniset 1,
# Tavoittaminen 0; 6 respondents.


def test_choice_frequencies_suppresses_small_counts():
    f = c.choice_frequencies(CHOICES, "haasteet", OPTIONS, suppress_below=3)
    assert list(f.columns) == ["luokka", "lukumaara", "osuus", "piilotettu"]
    # shown: largest first; hidden (< 3): classification order, not count order (Hallinto has 2 but
    # comes last), so their position reveals nothing; Tavoittaminen (0) left out.
    assert f["luokka"].tolist() == ["Vaihtuvuus", "Rekrytointi", "Aikataulut", "Tekniset", "Hallinto"]
    assert f["piilotettu"].tolist() == [False, False, True, True, True]
    assert str(f["lukumaara"].dtype) == "Int64"
    assert f["lukumaara"].tolist()[:2] == [5, 4]
    assert f["lukumaara"].isna().tolist() == [False, False, True, True, True]
    assert f["osuus"].tolist()[:2] == pytest.approx([5 / 6, 4 / 6])
    assert all(math.isnan(x) for x in f["osuus"].tolist()[2:])


def test_choice_frequencies_ties_in_classification_order():
    f = c.choice_frequencies(CHOICES, "haasteet", OPTIONS, suppress_below=1)
    assert f["luokka"].tolist() == ["Vaihtuvuus", "Rekrytointi", "Hallinto", "Aikataulut", "Tekniset"]
    assert f["lukumaara"].tolist() == [5, 4, 2, 1, 1]
    assert not f["piilotettu"].any()
    reversed_order = tuple(reversed(OPTIONS))
    f = c.choice_frequencies(CHOICES, "haasteet", reversed_order, suppress_below=1)
    assert f["luokka"].tolist() == ["Vaihtuvuus", "Rekrytointi", "Hallinto", "Tekniset", "Aikataulut"]


def test_choice_frequencies_all_hidden_and_default_threshold():
    f = c.choice_frequencies(CHOICES, "haasteet", OPTIONS, suppress_below=6)
    assert f["luokka"].tolist() == ["Rekrytointi", "Vaihtuvuus", "Aikataulut", "Tekniset", "Hallinto"]
    assert f["piilotettu"].all() and f["lukumaara"].isna().all()
    assert c.SUPPRESS_BELOW == 3
    default = c.choice_frequencies(CHOICES, "haasteet", OPTIONS)
    assert default["piilotettu"].tolist() == [False, False, True, True, True]


def test_choice_frequencies_ignores_options_outside_the_classification():
    f = c.choice_frequencies(CHOICES, "haasteet", ("Vaihtuvuus", "Rekrytointi"), suppress_below=1)
    assert f["luokka"].tolist() == ["Vaihtuvuus", "Rekrytointi"]


# --------------------------------------------------------------------------- values.py helpers


@pytest.mark.parametrize("n,word", [(0, "nolla"), (1, "yksi"), (3, "kolme"), (7, "seitsemän"), (9, "yhdeksän"),
                                    (11, "yksitoista"), (12, "kaksitoista"), (13, "13"), (45, "45"),
                                    (1234, f"1{NB}234"), (-1, "\u22121")])
def test_number_word(n, word):
    assert number_word(n) == word


def test_fi_list_seka():
    assert fi_list_sekä([]) == ""
    assert fi_list_sekä(["a"]) == "a"
    assert fi_list_sekä(["sosiaali-, terveys- ja hyvinvointiala", "teknologia-ala"]) == \
        "sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala"
    assert fi_list_sekä(["a", "b", "c"]) == "a, b sekä c"


def test_escape_markdown_escapes_every_markdown_character():
    assert escape_markdown("*x* <b>") == "\\*x\\* \\<b\\>"
    assert escape_markdown("[a](b)") == "\\[a\\]\\(b\\)"
    assert escape_markdown("Ammattikorkeakoulu Ä 2023") == "Ammattikorkeakoulu Ä 2023"
    special = "\\`*_{}[]()<>#+-.!|~^@$&=:;\"'%,/?"   # every ASCII punctuation mark is escaped
    assert escape_markdown(special) == "".join("\\" + ch for ch in special)
    assert escape_markdown("kaksi\nriviä") == "kaksi riviä"   # one line: a value never breaks a paragraph
    assert escape_markdown(12) == "12"


@pytest.mark.parametrize("name", ["*x* <b>", "[a](b)", "# Otsikko", "_alleviivattu_ ja `koodi`",
                                  "<script>alert(1)</script>", "1. lista", "- lista", "a | b | c",
                                  "$x^2$ ~~yli~~ @viite [^1]", "Ammattikorkeakoulu \\ A & B"])
def test_escaped_names_reach_the_reader_as_text(name):
    pypandoc = pytest.importorskip("pypandoc")
    out = pypandoc.convert_text(escape_markdown(name), "plain", format="markdown", extra_args=["--wrap=none"])
    assert out.strip() == name


def test_period_bands_coarsen_until_few_enough():
    import pandas as pd

    from joppi import compute as c

    cohort = pd.DataFrame({
        "alkamispaiva": pd.to_datetime(["2023-01-05", "2023-01-20", "2023-02-01", "2023-11-30"]),
        "paattymispaiva": pd.to_datetime(["2025-06-10", "2025-06-30", "2025-07-01", "2026-01-15"]),
    })
    exact, grain = c.period_bands(cohort, max_rows=4)
    assert grain == "päivän" and len(exact) == 4
    # by month: Jan–Jun 2025 (2 rows), Feb–Jul 2025 (1), Nov 2023–Jan 2026 (1) → 3 bands
    months, grain = c.period_bands(cohort, max_rows=3)
    assert grain == "kuukauden"
    assert months["lukumaara"].tolist() == [2, 1, 1]
    assert months["alkamispaiva"].dt.strftime("%Y-%m-%d").tolist() == ["2023-01-01", "2023-02-01", "2023-11-01"]
    assert months["paattymispaiva"].dt.strftime("%Y-%m-%d").tolist() == ["2025-06-30", "2025-07-31", "2026-01-31"]
    # by quarter: Q1 2023–Q2 2025 (2), Q1 2023–Q3 2025 (1), Q4 2023–Q1 2026 (1); by year: 2023–2025 (3), 2023–2026 (1)
    years, grain = c.period_bands(cohort, max_rows=2)
    assert grain == "vuoden"
    assert years["lukumaara"].tolist() == [3, 1]
    assert years["paattymispaiva"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-31", "2026-12-31"]


# --- dominance: the p % rule (data/julkaisu.yml: dominanssi_p_prosentti) ------------------------------

@pytest.mark.parametrize("answers, p, hidden", [
    # worked by hand: hidden when total - x1 - x2 < p/100 * x1
    ([777, 0, 0], 10, True),            # 777 - 777 - 0 = 0 < 77.7: one project's own answer
    ([120, 45, 0, 200], 10, False),     # 365 - 200 - 120 = 45 >= 20 (the synthetic 2025 end survey)
    ([100, 5, 4], 10, True),            # 109 - 100 - 5 = 4 < 10
    ([100, 20, 11], 10, False),         # 131 - 100 - 20 = 11 >= 10
    ([100, 20, 9], 10, True),           # 9 < 10
    ([100, 20, 11], 15, True),          # 11 < 15: a larger p hides more
    ([50, 30, 15], 10, False),          # 15 >= 5
    ([1, 1, 1, 1, 1, 0, 0], 10, False),  # 2023's full-time staff: 3 >= 0.1
    ([0, 0, 0], 10, False),             # nothing stands out in a sum of zeros
    ([5, None, 5, 5], 10, False),       # a missing answer is no contribution
])
def test_the_p_percent_rule(answers, p, hidden):
    values = [float("nan") if a is None else a for a in answers]
    assert c.dominated(values, p) is hidden


def test_participants_dominated_by_one_project_are_hidden():
    three = pd.DataFrame({"osallistujat": pd.array([0, 777, 0], dtype="Int64")})
    people = c.participants(three, 3, 10)
    assert people == c.Participants(respondents=3, total=None, dominated=True)
    assert people.hidden and not people.too_few
    spread = pd.DataFrame({"osallistujat": pd.array([120, 45, 0, 200], dtype="Int64")})
    assert c.participants(spread, 3, 10) == c.Participants(respondents=4, total=365)
    assert c.participants(three.iloc[:2], 3, 10).too_few


def test_staff_sums_hidden_when_any_published_sum_is_dominated():
    # full-time 10, 0, 0 (dominated) beside part-time 3, 3, 3: the total 19 would give the 10 away
    survey = pd.DataFrame({"henkilosto_paatoimiset": [10, 0, 0], "henkilosto_osa_aikaiset": [3, 3, 3]})
    assert c.staff_dominated(survey, c.MAIN_STAFF, 10)
    even = pd.DataFrame({"henkilosto_paatoimiset": [1, 1, 1], "henkilosto_osa_aikaiset": [3, 3, 3]})
    assert not c.staff_dominated(even, c.MAIN_STAFF, 10)


def test_the_2023_staff_sums_are_not_dominated(year_2023):
    from joppi.config import load_publication
    from joppi.values import narrative_values

    values = narrative_values(year_2023, load_publication(ROOT))
    staff = values["kysely"]["henkilosto"]
    assert staff["naytetaan"] and not staff["hallitseva_vastaaja"]
    assert values["vaitteet"]["henkilosto_naytetaan"] and not values["vaitteet"]["henkilosto_hallitseva_vastaaja"]
