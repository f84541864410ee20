"""The real 2023 data reproduces every fact of the original 2023 edition that data can show.

The facts are written in the tests below (counts, rankings, names), as the original edition
states them; test_publication.py checks the sentences the built edition makes of them."""

from __future__ import annotations

import pandas as pd
import pytest

from joppi import compute as c
from joppi.classifications import NO_FIELD, ROLE_MAIN, ROLE_SINGLE, ROLE_SUB
from joppi.config import load_publication
from joppi.values import narrative_values

from conftest import ROOT

NB = "\u00a0"
SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
TEK = "Teknologia-ala"
T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"
ELYS = ("Häme", "Keski-Suomi", "Etelä-Savo", "Pohjois-Pohjanmaa")


@pytest.fixture(scope="module")
def data(year_2023):
    return year_2023


@pytest.fixture(scope="module")
def cohort(data):
    return data.cohort


@pytest.fixture(scope="module")
def cls(data):
    return data.classifications


@pytest.fixture(scope="module")
def pub():
    return load_publication(ROOT)


@pytest.fixture(scope="module")
def values(data, pub):
    return narrative_values(data, pub)


@pytest.fixture(scope="module")
def grid(cohort, cls):
    g = c.themes_by_ely(cohort, cls.themes, cls.ely)
    return {(t, e): n for t, e, n in g.itertuples(index=False)}


# --------------------------------------------------------------------------- scope


def test_classifications_name_the_three_themes_and_four_elys(cls):
    assert cls.themes == (T1, T2, T3)
    assert cls.ely == ELYS


def test_cohort_is_the_2023_starts_and_four_funding_elys(data, cohort):
    assert data.year == 2023
    assert len(cohort) == len(data.projects[data.projects["alkamispaiva"].dt.year == 2023])
    assert set(cohort["ely_keskus"]) == set(ELYS)


# --------------------------------------------------------------------------- counts (3.1)


def test_45_rows_13_groups_25_subs_7_singles(cohort):
    roles = c.counts_by_role(cohort)
    assert roles.rows == 45
    assert roles.groups == 13
    assert roles.subs == 25
    assert roles.singles == 7
    assert roles.groups + roles.subs + roles.singles == 45
    assert roles.projects == 20


def test_every_sub_row_belongs_to_a_group_of_the_cohort(cohort):
    mains = set(cohort.loc[cohort["rooli"] == ROLE_MAIN, "hanketunnus"])
    subs = cohort[cohort["rooli"] == ROLE_SUB]
    assert set(subs["ryhmahanke"]) == mains          # each of the 13 groups has sub-implementers


def test_group_projects_mostly_led_by_universities_of_applied_sciences(cohort, cls):
    mains = cohort[cohort["rooli"] == ROLE_MAIN]
    table = c.distribution(mains["organisaatiotyyppi"], cls.org_types)
    assert table.iloc[0]["luokka"] == "Ammattikorkeakoulu"
    assert table.iloc[0]["lukumaara"] * 2 > len(mains)     # more than half of 13


def test_implementer_types(cohort, cls):
    types = c.implementers_by_type(cohort, cls.org_types)
    counts = dict(zip(types["luokka"], types["lukumaara"]))
    for t in ("Ammattikorkeakoulu", "Yliopisto", "Ammatillisen koulutuksen järjestäjä", "Yritys",
              "Kansalaisopisto", "Kunta", "Yhdistys tai järjestö", "Kehittämisyhtiö", "Hyvinvointialue"):
        assert counts.get(t, 0) >= 1, t
    assert counts["Kehittämisyhtiö"] == 1
    assert counts["Yritys"] == 1
    assert counts["Hyvinvointialue"] == 1
    # counted as distinct organisations, also in the raw rows
    for t in ("Kehittämisyhtiö", "Yritys", "Hyvinvointialue"):
        assert cohort.loc[cohort["organisaatiotyyppi"] == t, "toteuttaja"].nunique() == 1


def test_wellbeing_services_county_in_social_and_health_care(cohort):
    hva = cohort[cohort["organisaatiotyyppi"] == "Hyvinvointialue"]
    assert len(hva) >= 1
    assert all(SOTE in fs for fs in hva["toimialat"])


def test_all_started_in_2023(cohort):
    assert (cohort["alkamispaiva"].dt.year == 2023).all()
    assert cohort["alkamispaiva"].min() >= pd.Timestamp("2023-01-01")
    assert cohort["alkamispaiva"].max() <= pd.Timestamp("2023-12-31")


def test_17_distinct_date_pairs_within_the_span(cohort):
    pairs = c.date_pairs(cohort)
    assert len(pairs) == 17
    assert pairs["lukumaara"].sum() == 45
    start, end = c.span(cohort)
    assert (start.date().isoformat(), end.date().isoformat()) == ("2023-01-01", "2026-10-31")


def test_most_active_year_is_2025_by_midpoints(cohort):
    assert c.most_active_year(cohort) == 2025
    table = c.midpoint_years(cohort)
    years = dict(zip(table["vuosi"], table["lukumaara"]))
    assert years[2025] > max(n for y, n in years.items() if y != 2025)
    # and a plain count of running projects would not give 2025: every project runs in 2024 too
    running_2024 = ((cohort["alkamispaiva"].dt.year <= 2024) & (cohort["paattymispaiva"].dt.year >= 2024)).sum()
    running_2025 = ((cohort["alkamispaiva"].dt.year <= 2025) & (cohort["paattymispaiva"].dt.year >= 2025)).sum()
    assert running_2024 >= running_2025


def test_11_regions(cohort, cls):
    regions = c.shares_by_region(cohort, cls.region_names)
    assert len(regions) == 11
    assert cohort["maakunta"].nunique() == 11


def test_a_group_project_spans_several_regions(cohort):
    groups = cohort[cohort["rooli"] != ROLE_SINGLE].assign(
        ryhma=lambda f: f["ryhmahanke"].where(f["ryhmahanke"] != "", f["hanketunnus"]))
    assert groups.groupby("ryhma")["maakunta"].nunique().max() > 1


def test_seven_fields_plus_one_unbound_row(cohort, cls):
    summary = c.field_summary(cohort)
    assert summary.distinct == 7
    assert summary.unbound == 1
    assert summary.multi > 0                         # some projects span several fields
    unbound = cohort[cohort["toimialat"].map(lambda fs: NO_FIELD in fs)]
    assert len(unbound) == 1 and unbound.iloc[0]["toimialat"] == (NO_FIELD,)


def test_two_most_represented_fields(cohort, cls):
    f = c.fields(cohort, cls.fields)
    real = f[f["luokka"] != NO_FIELD].reset_index(drop=True)
    assert real["luokka"].tolist()[:2] == [SOTE, TEK]
    assert real.loc[1, "lukumaara"] > real.loc[2, "lukumaara"]      # strictly ahead of the third
    assert {"Luonto- ja ympäristöala", "Palvelualat"} <= set(real["luokka"])


# --------------------------------------------------------------------------- themes (3.2)


def test_one_primary_theme_per_lead_row(cohort, cls):
    leads = c.leads(cohort)
    assert len(leads) == 20
    assert leads["kehittamisteema"].isin(cls.themes).all()
    assert (cohort.loc[cohort["rooli"] == ROLE_SUB, "kehittamisteema"] == "").all()


def test_theme_1_pattern(grid):
    assert {e for e in ELYS if grid[(T1, e)] > 0} == {"Häme", "Etelä-Savo", "Keski-Suomi"}
    assert grid[(T1, "Pohjois-Pohjanmaa")] == 0


def test_theme_2_pattern(grid):
    assert {e for e in ELYS if grid[(T2, e)] > 0} == {"Etelä-Savo", "Pohjois-Pohjanmaa", "Keski-Suomi"}
    assert grid[(T2, "Häme")] == 0


def test_theme_3_in_all_four_strongest_in_etela_savo(grid):
    assert all(grid[(T3, e)] > 0 for e in ELYS)
    others = [grid[(T3, e)] for e in ELYS if e != "Etelä-Savo"]
    assert grid[(T3, "Etelä-Savo")] > max(others)


def test_keski_suomi_has_all_three_themes_evenly(grid, cohort, cls):
    ks = [grid[(t, "Keski-Suomi")] for t in (T1, T2, T3)]
    assert min(ks) > 0 and len(set(ks)) == 1
    assert "Keski-Suomi" in c.even_theme_elys(c.themes_by_ely(cohort, cls.themes, cls.ely), cls.themes, cls.ely)


# --------------------------------------------------------------------------- the most active implementers


def test_exactly_three_standout_implementers_all_amk(cohort, pub):
    table = c.active_implementers(cohort)
    standout = c.standout_implementers(table, pub.standout_min_rows, pub.standout_min_leads)
    assert len(standout) == 3
    assert set(standout["organisaatiotyyppi"]) == {"Ammattikorkeakoulu"}
    assert (standout["toteutuksia"] >= 3).all() and (standout["vetovastuita"] >= 2).all()
    # a clear gap: the 4th fails both thresholds, with at least two implementations fewer than the 3rd
    fourth = table.iloc[3]
    assert fourth["toteutuksia"] < pub.standout_min_rows and fourth["vetovastuita"] < pub.standout_min_leads
    assert table.iloc[2]["toteutuksia"] - fourth["toteutuksia"] >= 2
    # the three are the top three of the ranking
    assert standout["toteuttaja"].tolist() == table["toteuttaja"].tolist()[:3]


# --------------------------------------------------------------------------- survey (3.3–3.5)


def test_survey_went_to_main_implementers_only(data):
    roles = data.projects.set_index("hanketunnus")["rooli"]
    assert set(data.survey["hanketunnus"].map(roles)) <= {ROLE_MAIN, ROLE_SINGLE}


def test_response_rate_75_percent(data):
    rate = c.response_rate(data.survey, data.cohort)
    assert (rate.responses, rate.population) == (15, 20)
    assert rate.rate == 0.75


def test_staff(data):
    s = c.staff_sums(data.survey)
    assert s.main_total == 49
    assert s.main_fulltime == 5
    assert s.sub_total == 28
    assert s.sub_fulltime == 0 and s.sub_parttime == 28


def test_two_most_common_challenges(data, cls, pub):
    f = c.choice_frequencies(data.survey, "haasteet", cls.survey_choices["haasteet"], pub.suppress_below)
    assert f["luokka"].tolist()[:2] == ["Hankehenkilöstön rekrytointi", "Henkilöstön vaihtuvuus"]
    assert not f["piilotettu"].iloc[:2].any()
    assert f["lukumaara"].iloc[1] > f["lukumaara"].iloc[2]          # both strictly ahead of the rest
    assert {"Aikataulujen yhteensovittaminen kumppanien kanssa", "Tekniset ongelmat"} <= set(f["luokka"])


def _chosen(data, column) -> set[str]:
    return {x for xs in data.survey[column] for x in xs}


def test_named_networks_channels_and_results(data, cls):
    # every network category the publication names was chosen by someone
    assert _chosen(data, "verkostot") == set(cls.survey_choices["verkostot"])
    assert {"Esittelytilaisuudet", "Messut", "Sähköposti", "Verkkosivut", "Sosiaalinen media", "Webinaarit",
            "Yritysesittelyt"} <= _chosen(data, "viestintakanavat")
    assert {"Yhteistyöverkostot", "Yhteinen digitaalinen alusta", "Kohderyhmien kartoitukset ja kyselyt",
            "Toiminta- ja työsuunnitelmat", "Koulutusmallien kokeilut"} <= _chosen(data, "tulokset")


def test_websites_among_the_most_important_results(data, cls, pub):
    f = c.choice_frequencies(data.survey, "tulokset", cls.survey_choices["tulokset"], pub.suppress_below)
    assert f.iloc[0]["luokka"] == "Hankkeen verkkosivut"


# --------------------------------------------------------------------------- the narrative's strings


def test_narrative_values(values):
    v = values
    assert v["vuosi"] == 2023
    assert v["hankkeet"]["yhteensa"] == 45
    assert v["hankkeet"]["ryhmahankkeet"] == 13
    assert v["hankkeet"]["osatoteuttajat"] == 25
    assert v["hankkeet"]["yksittaiset"] == 7
    assert v["hankkeet"]["yksittaiset_sana"] == "seitsemän"
    assert v["hankkeet"]["ryhmahankkeiden_yleisin_paatoteuttaja"] == "ammattikorkeakoulut"
    assert v["aikataulu"]["alkaen"] == "1.1.2023"
    assert v["aikataulu"]["paattyen"] == "31.10.2026"
    assert v["aikataulu"]["kohortin_alku"] == "1.1.2023"
    assert v["aikataulu"]["kohortin_loppu"] == "31.12.2023"
    assert v["aikataulu"]["eri_ajanjaksoja"] == 17
    assert v["aikataulu"]["aktiivisin_vuosi"] == 2025
    assert v["ely"]["lukumaara"] == 4 and v["ely"]["lukumaara_sana"] == "neljä"
    assert v["ely"]["kaikki"] == "Häme, Keski-Suomi, Etelä-Savo ja Pohjois-Pohjanmaa"
    assert v["maakunnat"]["lukumaara"] == 11
    assert v["toimialat"]["lukumaara"] == 7 and v["toimialat"]["lukumaara_sana"] == "seitsemän"
    assert v["toimialat"]["sitoutumattomia"] == 1 and v["toimialat"]["sitoutumattomia_sana"] == "yksi"
    assert v["toimialat"]["kaksi_suurinta"] == "sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala"
    assert v["toimijat"]["aktiivisimmat"] == "kolme ammattikorkeakoulua"
    assert v["toimijat"]["aktiivisimmat_lkm"] == 3
    assert v["toimijat"]["yksi_kutakin"] == "yritys, kehittämisyhtiö ja hyvinvointialue"
    for plural in ("ammattikorkeakoulut", "yliopistot", "ammatillisen koulutuksen järjestäjät", "yritykset",
                   "kansalaisopistot", "kunnat", "yhdistykset ja järjestöt"):
        assert plural in v["toimijat"]["tyypit"], plural


def test_narrative_theme_values(values):
    t = values["teemat"]
    assert t["lukumaara_sana"] == "kolme"
    assert t["t1"]["puuttuu"] == "Pohjois-Pohjanmaalla"
    assert t["t1"]["alueet"] == "Hämeessä, Keski-Suomessa ja Etelä-Savossa"
    assert t["t2"]["puuttuu"] == "Hämeessä"
    assert t["t3"]["kaikilla_alueilla"] is True
    assert t["t3"]["vahvin"] == "Etelä-Savossa" and t["t3"]["yksi_vahvin"] is True
    assert t["tasaiset_alueet"] == "Keski-Suomessa" and t["tasaisia_alueita"] == 1


def test_narrative_survey_values(values):
    k = values["kysely"]
    assert k["vastausprosentti"] == f"75{NB}%"
    assert k["vastausprosentti"] != "75 %"                   # an ordinary space would break before %
    assert (k["vastauksia"], k["perusjoukko"]) == (15, 20)
    h = k["henkilosto"]
    assert (h["paatoteuttajat"], h["paatoteuttajat_paatoimiset"], h["paatoteuttajat_paatoimiset_sana"]) == \
        (49, 5, "viisi")
    assert (h["osatoteuttajat"], h["osatoteuttajat_paatoimiset"], h["osatoteuttajat_osa_aikaiset"]) == (28, 0, 28)
    assert k["haasteet"]["kaksi_yleisinta"] == "hankehenkilöstön rekrytointi ja henkilöstön vaihtuvuus"
    assert k["tulokset"]["yleisin"] == "hankkeen verkkosivut"


# The facts the 2023 narrative states through its conditional sentences: all hold for 2023.
FACTS_2023 = ["kaikki_alkaneet_vuonna", "t3_kaikilla_alueilla", "tasainen_alue_on", "aktiivisimmat_amk",
              "ryhmahankkeiden_vetajat_amk", "osatoteuttajat_vain_osa_aikaisia", "haasteita_muita",
              "yksittaisia_tyyppeja", "verkkosivut_yleisin_tulos", "henkilosto_naytetaan", "vuosi_2023"]
# ... and what does not apply to a first edition.
NOT_2023 = ["useita_vuosia", "paattyneita_on", "loppukysely_on", "ryhmahankkeiden_vetajat_muut"]


def test_every_claim_holds(values):
    facts = values["vaitteet"]
    assert {k: facts[k] for k in FACTS_2023} == {k: True for k in FACTS_2023}
    assert {k: facts[k] for k in NOT_2023} == {k: False for k in NOT_2023}
    assert all(facts[f"ei_{k}"] is not facts[k] for k in FACTS_2023 + NOT_2023)
