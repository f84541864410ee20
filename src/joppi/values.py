"""The year's values for the narrative: what `{{< var … >}}` reads from _variables.yml.

Every number, ranking and list of categories in the chapters comes from here, computed from the
year's data. Keys are Finnish, as the writers use them (docs/kirjoittajan-opas.md lists them).
Boolean facts under `vaitteet` let the build check sentences whose truth depends on the data.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from . import compute as c
from .classifications import NO_FIELD, ROLE_MAIN
from .config import Publication
from .dataset import YearData
from .fmt import (NUMBER_WORDS, DASH, all_equal, bottom_tied, fi_date, fi_each, fi_list, fi_number, fi_percent,
                  join_list, top_tied)
from .markup import escape_markdown  # noqa: F401 - re-exported for the notebooks and tests



def number_word(n: int) -> str:
    """Small counts read better as words in Finnish prose; larger ones stay digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else fi_number(n)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def fi_list_sekä(items: list[str]) -> str:
    """"a, b sekä c": used where the items themselves contain "ja"."""
    return join_list(items, "sekä")


def _top(frame: pd.DataFrame, n: int) -> list[str]:
    """The n largest classes and every class tied with the n-th (fmt.top_tied)."""
    return top_tied(zip(frame["luokka"], frame["lukumaara"]), n)


def _bottom(frame: pd.DataFrame) -> list[str]:
    return bottom_tied(zip(frame["luokka"], frame["lukumaara"]))


def superlatives(frame: pd.DataFrame) -> dict:
    """Largest and smallest of a distribution with their ties: the names (lists) and the facts the
    chapters' singular and plural sentences are chosen by."""
    pairs = list(zip(frame["luokka"], frame["lukumaara"]))
    top, bottom = _top(frame, 1), _bottom(frame)
    even = all_equal(pairs)
    ranked = len(frame) > 1 and not even
    return {"suurimmat": top, "pienimmat": bottom, "tasan": even,
            "suurin_yksi": ranked and len(top) == 1, "suurin_useita": ranked and len(top) > 1,
            "pienin_yksi": ranked and len(bottom) == 1, "pienin_useita": ranked and len(bottom) > 1}


def covered(data: YearData) -> pd.DataFrame:
    """The rows the edition's distributions are computed over: its scope (data/julkaisu.yml:
    rajaus); the year's new projects when no scope was set."""
    return data.scope if data.scope is not None else data.cohort


def start_years(data: YearData) -> list[int]:
    return sorted({int(y) for y in covered(data)["alkamispaiva"].dt.year})


def several_start_years(data: YearData) -> bool:
    """The edition covers projects started in more than one year (a cumulative edition after the first)."""
    return len(start_years(data)) > 1


def has_end_survey(data: YearData) -> bool:
    return data.end_survey is not None and len(data.end_survey) > 0


#: Conditions that decide whether a figure is drawn; the chapters show its embed under the same key.
FIGURE_CONDITIONS = {"useita_vuosia": several_start_years, "loppukysely_on": has_end_survey}


def project_values(data: YearData, pub: Publication) -> dict:
    cls, cohort = data.classifications, covered(data)
    roles = c.counts_by_role(cohort)
    types = c.implementers_by_type(cohort, cls.org_types)
    group_mains = cohort[cohort["rooli"] == ROLE_MAIN]
    main_types = c.distribution(group_mains["organisaatiotyyppi"], cls.org_types)
    singular = types[types["lukumaara"] == 1]["luokka"].tolist()
    active = c.active_implementers(cohort)
    standout = c.standout_implementers(active, pub.standout_min_rows, pub.standout_min_leads)
    standout_types = standout["organisaatiotyyppi"].unique().tolist()
    if len(standout) == 1:
        standout_phrase = f"yksi {lower_first(standout_types[0])}"
    elif len(standout_types) == 1:
        standout_phrase = f"{number_word(len(standout))} {cls.org_type_partitive[standout_types[0]]}"
    else:
        standout_phrase = f"{number_word(len(standout))} toimijaa"
    start, end = c.span(cohort)
    ely = c.shares_by_ely(cohort, cls.ely)
    regions = c.shares_by_region(cohort, cls.region_names)
    fields = c.fields(cohort, cls.fields)
    real_fields = fields[fields["luokka"] != NO_FIELD]
    fsum = c.field_summary(cohort)
    two_fields = [lower_first(f) for f in _top(real_fields, 2)]
    top_fields = [lower_first(f) for f in _top(real_fields, 1)]
    top_main_type = main_types.iloc[0] if len(main_types) else None
    top_main_types = _top(main_types, 1)
    ely_top, region_top = superlatives(ely), superlatives(regions)

    return {
        "hankkeet": {
            **roles.as_dict(),
            "yksittaiset_sana": number_word(roles.singles),
            "ryhmahankkeiden_yleisin_paatoteuttaja": (
                cls.org_type_plural[top_main_type["luokka"]] if top_main_type is not None else ""),
            "ryhmahankkeiden_yleisin_paatoteuttaja_lkm": int(top_main_type["lukumaara"]) if top_main_type is not None else 0,
            "ryhmahankkeiden_yleisimmat_paatoteuttajat": fi_list([cls.org_type_plural[t] for t in top_main_types]),
            "ryhmahankkeiden_yleisimpia_paatoteuttajia": len(top_main_types),
        },
        "toimijat": {
            "lukumaara": int(types["lukumaara"].sum()),
            "tyypit": fi_list([cls.org_type_plural[t] for t in types["luokka"]]),
            "tyyppeja": len(types),
            "yksi_kutakin": fi_list([lower_first(t) for t in singular]),
            "yksi_kutakin_lkm": len(singular),
            "aktiivisimmat": standout_phrase,
            "aktiivisimmat_lkm": len(standout),
            "aktiivisimmat_nimet": fi_list(standout["toteuttaja"].tolist()),
            "aktiivisimmat_toteutuksia": fi_list([str(n) for n in standout["toteutuksia"]]),
            "kynnys_toteutuksia": pub.standout_min_rows,
            "kynnys_vetovastuita": pub.standout_min_leads,
        },
        "aikataulu": {
            "vuosi": data.year,
            "alkaen": fi_date(start),
            "paattyen": fi_date(end),
            "kohortin_alku": fi_date(pd.Timestamp(start_years(data)[0] if len(cohort) else data.year, 1, 1)),
            "kohortin_loppu": fi_date(pd.Timestamp(data.year, 12, 31)),
            "eri_ajanjaksoja": len(c.date_pairs(cohort)),
            "aktiivisin_vuosi": c.most_active_year(cohort),
        },
        "ely": {
            "lukumaara": len(ely),
            "lukumaara_sana": number_word(len(ely)),
            "kaikki": fi_list(list(cls.ely)),
            "suurin": fi_list(ely_top["suurimmat"]),
            "suurin_osuus": fi_percent(ely.iloc[0]["osuus"]),
            "suurimpia": len(ely_top["suurimmat"]),
            "suurimpien_kukin": fi_each(len(ely_top["suurimmat"])),
            "pienin": fi_list(ely_top["pienimmat"]),
            "pienin_osuus": fi_percent(ely.iloc[-1]["osuus"]),
            "pienimpia": len(ely_top["pienimmat"]),
            "pienimpien_kukin": fi_each(len(ely_top["pienimmat"])),
            **{k: v for k, v in ely_top.items() if isinstance(v, bool)},
        },
        "maakunnat": {
            "lukumaara": len(regions),
            "kaikkiaan": len(cls.regions),
            "suurin": fi_list(region_top["suurimmat"]),
            "suurin_osuus": fi_percent(regions.iloc[0]["osuus"]),
            "suurimpia": len(region_top["suurimmat"]),
            "suurimpien_kukin": fi_each(len(region_top["suurimmat"])),
            "lista": fi_list(regions["luokka"].tolist()),
            **{k: v for k, v in region_top.items() if isinstance(v, bool)},
        },
        "toimialat": {
            "lukumaara": fsum.distinct,
            "lukumaara_sana": number_word(fsum.distinct),
            "sitoutumattomia": fsum.unbound,
            "sitoutumattomia_sana": number_word(fsum.unbound),
            "useita_aloja": fsum.multi,
            "kaksi_suurinta": fi_list_sekä(two_fields),
            "suurin": fi_list_sekä(top_fields),
            "suurimpia": len(top_fields),
            "suurimpien_kukin": fi_each(len(top_fields)),
            "suurin_osuus": fi_percent(real_fields.iloc[0]["osuus"]) if len(real_fields) else "",
            "lista": fi_list([lower_first(f) for f in real_fields["luokka"]]),
        },
    }


def theme_values(data: YearData) -> dict:
    cls = data.classifications
    grid = c.themes_by_ely(covered(data), cls.themes, cls.ely)
    spreads = c.theme_spread(grid, cls.themes, cls.ely)
    even = c.even_theme_elys(grid, cls.themes, cls.ely)
    inessive = cls.ely_inessive
    out: dict = {
        "lukumaara": len(cls.themes),
        "lukumaara_sana": number_word(len(cls.themes)),
        "tasaiset_alueet": fi_list([inessive[e] for e in even]),
        "tasaisia_alueita": len(even),
    }
    for i, s in enumerate(spreads, start=1):
        out[f"t{i}"] = {
            "nimi": s.theme,
            "nimi_pienella": lower_first(s.theme),
            "lyhyt": cls.theme_short[s.theme],
            "hankkeita": s.projects,
            "alueet": fi_list([inessive[e] for e in s.elys]),
            "alueita": len(s.elys),
            "alueita_sana": number_word(len(s.elys)),
            "puuttuu": fi_list([inessive[e] for e in s.absent]),
            "vahvin": fi_list([inessive[e] for e in s.strongest]),
            "kaikilla_alueilla": len(s.absent) == 0 and s.projects > 0,
            "on": s.projects > 0,
            "yksi_vahvin": len(s.strongest) == 1,
        }
    return out


def survey_years(data: YearData) -> list[int]:
    """The start years whose start surveys the edition pools (one in a year-cohort edition)."""
    return list(data.survey_years or (data.year,))


def survey_period(years: list[int]) -> str:
    """"vuonna 2023" / "vuosina 2023–2025": the start years of the survey's base."""
    years = sorted(years)
    return f"vuonna {years[0]}" if len(years) == 1 else f"vuosina {years[0]}{DASH}{years[-1]}"


def survey_base(data: YearData) -> c.SurveyBase:
    return c.survey_base(data.survey, covered(data), survey_years(data))


def question_base(data: YearData, column: str) -> c.SurveyBase:
    """The base of one question: the start years in which it was asked (kysymatta leaves some out)."""
    skipped = {y for y, qs in (data.not_asked or {}).items() if column in qs}
    years = [y for y in survey_years(data) if y not in skipped] or survey_years(data)
    return c.survey_base(data.survey_for(column), covered(data), years)


def base_text(base: c.SurveyBase, lang: str = "fi") -> tuple[str, str]:
    """The base named as the text, captions and alt texts name it ("vuosina 2023–2025 alkaneet
    hankkeet, vastanneita 21/30"), and per start year ("2023: 16/20, 2024: 3/4 ja 2025: 2/2")."""
    total = base.total
    per_year = [f"{y}: {r.responses}/{r.population}" for y, r in zip(base.years, base.by_year)]
    if lang == "sv":
        from .svenska import sv_list, sv_period

        return (f"projekt som inleddes {sv_period(list(base.years))}, svarande {total.responses}/{total.population}",
                sv_list(per_year))
    return (f"{survey_period(list(base.years))} alkaneet hankkeet, vastanneita {total.responses}/{total.population}",
            fi_list(per_year))


def survey_values(data: YearData, pub: Publication) -> dict:
    cls = data.classifications
    base = survey_base(data)
    rate = base.total
    pohja, vuosittain = base_text(base)
    staff = c.staff_sums(data.survey)
    threshold = pub.suppress_below
    # A sum from fewer respondents than the threshold would reveal what they answered.
    main_enough = c.respondents(data.survey, c.MAIN_STAFF) >= threshold
    sub_enough = c.respondents(data.survey, c.SUB_STAFF) >= threshold
    # ... and so would a sum that one respondent's answer dominates (the p % rule)
    main_dominated = main_enough and c.staff_dominated(data.survey, c.MAIN_STAFF, pub.dominance_p)
    sub_dominated = sub_enough and c.staff_dominated(data.survey, c.SUB_STAFF, pub.dominance_p)
    main_shown, sub_shown = main_enough and not main_dominated, sub_enough and not sub_dominated

    def staff_value(value: int, shown: bool):
        return value if shown else DASH

    out: dict = {
        "vastauksia": rate.responses,
        "perusjoukko": rate.population,
        "vastausprosentti": fi_percent(rate.rate),
        "pienin_naytettava": pub.suppress_below,
        "dominanssi_p": pub.dominance_p,
        "kohde": ("kohortin hankkeiden" if len(base.years) == 1
                  else f"{survey_period(list(base.years))} alkaneiden hankkeiden"),
        # the base every survey paragraph, figure and conclusion names
        "pohja": pohja,
        "vuosittain": vuosittain,
        "kyselyvuodet": survey_period(list(base.years)),
        "henkilosto": {
            "naytetaan": bool(main_shown),
            "hallitseva_vastaaja": bool(main_dominated),
            "osatoteuttajat_naytetaan": bool(sub_shown),
            "osatoteuttajat_hallitseva_vastaaja": bool(sub_dominated),
            "paatoteuttajat": staff_value(staff.main_total, main_shown),
            "paatoteuttajat_paatoimiset": staff_value(staff.main_fulltime, main_shown),
            "paatoteuttajat_paatoimiset_sana": staff_value(number_word(staff.main_fulltime), main_shown),
            "paatoteuttajat_osa_aikaiset": staff_value(staff.main_parttime, main_shown),
            "osatoteuttajat": staff_value(staff.sub_total, sub_shown),
            "osatoteuttajat_paatoimiset": staff_value(staff.sub_fulltime, sub_shown),
            "osatoteuttajat_osa_aikaiset": staff_value(staff.sub_parttime, sub_shown),
        },
    }
    for column in cls.survey_choices:
        freq = c.choice_frequencies(data.survey_for(column), column, cls.survey_choices[column], pub.suppress_below)
        if not data.asked(column):   # not asked this year (kysymatta): nothing of it is shown
            freq = freq.iloc[0:0]
        out[column] = {**choice_values(freq), "kysytty": data.asked(column)}
    return out


def choice_values(freq: pd.DataFrame) -> dict:
    """A multi-choice question in words: only the options shown (enough respondents), most chosen
    first; "the most chosen" and "the two most chosen" include every option tied with them."""
    shown = freq[~freq["piilotettu"]]
    names = [lower_first(x) for x in shown["luokka"]]
    counts = list(zip(names, shown["lukumaara"] if "lukumaara" in shown else [0] * len(shown)))
    top, two = top_tied(counts, 1), top_tied(counts, 2)
    return {
        "lista": fi_list(names),
        "yleisin": fi_list(top),
        "yleisimpia": len(top),
        "kaksi_yleisinta": fi_list(two),
        "kaksi_yleisinta_lkm": len(two),
        "muut": fi_list(names[len(two):]),
        "naytettyja": len(shown),
        "piilotettuja": int(freq["piilotettu"].sum()),
        "on": len(shown) > 0,
        "useita": len(shown) > 1,
        "muita_on": len(shown) > len(two),
        "yleisin_useita": len(top) > 1,
    }


def scope_values(data: YearData) -> dict:
    """What the edition covers: the start years, the year's new projects and the status at the cut-off."""
    rows = covered(data)
    years = start_years(data) or [data.year]
    new = c.new_projects(rows, data.year)
    leads = c.leads(rows)
    new_leads = c.new_projects(leads, data.year)
    status = c.counts_by_status(rows, data.year)
    lead_status = c.counts_by_status(leads, data.year)
    period = str(years[0]) if len(years) == 1 else f"{years[0]}{DASH}{years[-1]}"
    return {
        "rajaus": {
            "kertyva": data.scope_rule == "kertyva",
            "alkuvuosi": years[0],
            "vuodet": period,
            "alkaneet": f"vuonna {period}" if len(years) == 1 else f"vuosina {period}",
            "useita_vuosia": len(years) > 1,
        },
        "uudet": {
            "lukumaara": new.new,
            "osuus": fi_percent(new.share),
            "hankkeita": new_leads.new,
            "hankkeita_kaikkiaan": new_leads.total,
            "aiemmat": new.total - new.new,
        },
        "tila": {
            "paivamaara": fi_date(c.cutoff(data.year)),
            "kaynnissa": status.ongoing,
            "paattyneet": status.ended,
            "hankkeita_kaynnissa": lead_status.ongoing,
            "hankkeita_paattyneet": lead_status.ended,
            "paattyneita_on": status.ended > 0,
        },
    }


def end_survey_values(data: YearData, pub: Publication) -> dict:
    """The end-of-project survey of the year's finishing projects, with the same suppression."""
    if not has_end_survey(data):
        return _absent_end_survey(data)
    survey = data.end_survey
    rate = c.end_response_rate(survey, data.projects, data.year)
    people = c.participants(survey, pub.suppress_below, pub.dominance_p)
    out: dict = {
        "on": True,
        "vastauksia": rate.responses,
        "perusjoukko": rate.population,
        "vastausprosentti": fi_percent(rate.rate),
        "osallistujat": DASH if people.hidden else fi_number(people.total),
        "osallistujat_naytetaan": not people.hidden,
        "osallistujat_hallitseva_vastaaja": people.dominated,
        "osallistujat_vastaajia": people.respondents,
    }
    choices = data.classifications.end_survey_choices or {}
    for column, options in choices.items():
        out[column] = choice_values(c.choice_frequencies(survey, column, options, pub.suppress_below))
    return out


def _absent_end_survey(data: YearData) -> dict:
    """A year without an end survey has every key of one, with values the text never shows (their
    sentences' conditions are false): Quarto resolves every `var` before it removes hidden content."""
    empty = pd.DataFrame({"luokka": pd.Series(dtype=str), "piilotettu": pd.Series(dtype=bool)})
    out: dict = {"on": False, "vastauksia": 0, "perusjoukko": 0, "vastausprosentti": DASH, "osallistujat": DASH,
                 "osallistujat_naytetaan": False, "osallistujat_vastaajia": 0}
    for column in (data.classifications.end_survey_choices or {}):
        out[column] = choice_values(empty)
    return out


def claims(values: dict, data: YearData) -> dict:
    """True-or-false facts of the year, which decide the chapters' conditional sentences (and
    check their required claims). Every key also has its opposite, `ei_<key>`."""
    t = values["teemat"]
    toimijat = values["toimijat"]
    hankkeet = values["hankkeet"]
    kysely = values["kysely"]
    staff = kysely["henkilosto"]
    loppu = values["loppukysely"]
    rows = covered(data)
    facts = {
        "kaikki_alkaneet_vuonna": bool(len(rows)) and bool((rows["alkamispaiva"].dt.year == data.year).all()),
        **{key: bool(predicate(data)) for key, predicate in FIGURE_CONDITIONS.items()},
        "paattyneita_on": values["tila"]["paattyneita_on"],
        "paattyneita_yksi": values["tila"]["paattyneet"] == 1,
        "paattyneita_useita": values["tila"]["paattyneet"] > 1,
        "ryhmahankkeita_on": hankkeet["ryhmahankkeet"] > 0,
        "osatoteuttajia_on": hankkeet["osatoteuttajat"] > 0,
        "ryhmahankkeiden_vetajat_amk": (
            hankkeet["ryhmahankkeiden_yleisin_paatoteuttaja"] == "ammattikorkeakoulut"
            and hankkeet["ryhmahankkeiden_yleisin_paatoteuttaja_lkm"] * 2 > hankkeet["ryhmahankkeet"]),
        "ryhmahankkeiden_vetajat_tasan": hankkeet["ryhmahankkeet"] > 0
                                        and hankkeet["ryhmahankkeiden_yleisimpia_paatoteuttajia"] > 1,
        "ryhmahankkeiden_vetajat_muut": hankkeet["ryhmahankkeet"] > 0
                                        and hankkeet["ryhmahankkeiden_yleisimpia_paatoteuttajia"] == 1 and not (
            hankkeet["ryhmahankkeiden_yleisin_paatoteuttaja"] == "ammattikorkeakoulut"
            and hankkeet["ryhmahankkeiden_yleisin_paatoteuttaja_lkm"] * 2 > hankkeet["ryhmahankkeet"]),
        "yksittaisia_tyyppeja": toimijat["yksi_kutakin_lkm"] > 0,
        "useita_aloja_on": values["toimialat"]["useita_aloja"] > 0,
        "sitoutumattomia_on": values["toimialat"]["sitoutumattomia"] > 0,
        # singular and plural sentences: one unbound implementation, or several
        "sitoutumattomia_yksi": values["toimialat"]["sitoutumattomia"] == 1,
        "sitoutumattomia_useita": values["toimialat"]["sitoutumattomia"] > 1,
        # the fields listed: several ("aloja on kaikkiaan neljä: …"), or one only (a sentence of its own)
        "aloja_useita": values["toimialat"]["lukumaara"] > 1,
        "aloja_yksi": values["toimialat"]["lukumaara"] == 1,
        # superlatives with ties: one largest (smallest) or several tied; none when all are equal
        **{f"ely_{k}": bool(values["ely"][k]) for k in SUPERLATIVE_FACTS},
        "ely_vain_yksi": values["ely"]["lukumaara"] == 1,
        **{f"maakunnat_{k}": bool(values["maakunnat"][k]) for k in SUPERLATIVE_FACTS},
        "toimialat_suurin_yksi": values["toimialat"]["suurimpia"] == 1,
        "toimialat_suurin_useita": values["toimialat"]["suurimpia"] > 1,
        # the status at the cut-off: all, some or none of the edition's implementations ongoing
        "kaikki_kaynnissa": hankkeet["yhteensa"] > 0 and values["tila"]["kaynnissa"] == hankkeet["yhteensa"],
        "osa_kaynnissa": 0 < values["tila"]["kaynnissa"] < hankkeet["yhteensa"],
        "yksikaan_ei_kaynnissa": hankkeet["yhteensa"] > 0 and values["tila"]["kaynnissa"] == 0,
        # a cumulative edition: new implementations of the year beside earlier ones, or none new
        "uusia_ja_aiempia": (several_start_years(data) and values["uudet"]["lukumaara"] > 0
                             and values["uudet"]["aiemmat"] > 0),
        "ei_uusia_vuonna": several_start_years(data) and values["uudet"]["lukumaara"] == 0,
        "tasainen_alue_on": t["tasaisia_alueita"] > 0,
        "aktiivisia_on": toimijat["aktiivisimmat_lkm"] > 0,
        "aktiivisimmat_amk": toimijat["aktiivisimmat_lkm"] > 0 and "ammattikorkeakoulua" in toimijat["aktiivisimmat"],
        "henkilosto_naytetaan": staff["naytetaan"],
        # hidden, and why: too few respondents, or one respondent's answer dominates the sum
        "henkilosto_vahan_vastaajia": not staff["naytetaan"] and not staff["hallitseva_vastaaja"],
        "henkilosto_hallitseva_vastaaja": staff["hallitseva_vastaaja"],
        "osatoteuttajien_henkilosto_hallitseva_vastaaja": (staff["osatoteuttajat_hallitseva_vastaaja"]
                                                          and hankkeet["osatoteuttajat"] > 0),
        "osatoteuttajien_henkilosto_naytetaan": staff["osatoteuttajat_naytetaan"] and hankkeet["osatoteuttajat"] > 0,
        "osatoteuttajat_vain_osa_aikaisia": (
            staff["osatoteuttajat_naytetaan"] and staff["osatoteuttajat_paatoimiset"] == 0
            and staff["osatoteuttajat"] > 0),
        "haasteita_muita": kysely["haasteet"]["muita_on"],
        # among the most often named results (ties included)
        "verkkosivut_yleisin_tulos": "hankkeen verkkosivut" in _most_chosen(data, "tulokset", kysely),
        "loppukysely_osallistujat_naytetaan": bool(loppu.get("osallistujat_naytetaan")),
        "vertailu_on": bool(values["vertailu"]["on"]),
        "loppukysely_osallistujat_vahan_vastaajia": bool(loppu.get("on")) and not loppu.get("osallistujat_naytetaan")
                                                    and not loppu.get("osallistujat_hallitseva_vastaaja"),
        "loppukysely_osallistujat_hallitseva_vastaaja": bool(loppu.get("osallistujat_hallitseva_vastaaja")),
    }
    for i in (1, 2, 3):
        facts[f"t{i}_on"] = t[f"t{i}"]["on"] if f"t{i}" in t else False
        facts[f"t{i}_kaikilla_alueilla"] = t[f"t{i}"]["kaikilla_alueilla"] if f"t{i}" in t else False
    # Which themes are in every funding area: one singled out only when it alone is; all, or some.
    everywhere = [i for i in (1, 2, 3) if facts[f"t{i}_kaikilla_alueilla"]]
    for i in (1, 2, 3):
        facts[f"t{i}_ainoa_kaikilla_alueilla"] = everywhere == [i]
    facts["kaikki_teemat_kaikilla_alueilla"] = len(everywhere) == len([k for k in t if k.startswith("t")
                                                                       and isinstance(t[k], dict)]) > 0
    facts["osa_teemoista_kaikilla_alueilla"] = 1 < len(everywhere) and not facts["kaikki_teemat_kaikilla_alueilla"]
    facts["kysely_useita_vuosia"] = len(survey_years(data)) > 1
    for column in data.classifications.survey_choices:
        asked = data.asked(column)
        facts[f"{column}_kysytty"] = asked
        # asked, but no option had enough respondents to be shown (or nobody chose one)
        facts[f"{column}_ei_julkaistavia"] = asked and not kysely[column]["on"]
        facts[f"{column}_on"] = kysely[column]["on"]
        facts[f"{column}_useita"] = kysely[column]["useita"]
        facts[f"{column}_yksi"] = kysely[column]["on"] and not kysely[column]["useita"]
        _choice_facts(facts, column, kysely[column])
    for column in (data.classifications.end_survey_choices or {}):
        answers = loppu.get(column, {})
        facts[f"loppu_{column}_on"] = bool(answers.get("on"))
        facts[f"loppu_{column}_useita"] = bool(answers.get("useita"))
        facts[f"loppu_{column}_yksi"] = bool(answers.get("on")) and not answers.get("useita")
        _choice_facts(facts, f"loppu_{column}", answers)
    # A figure of nothing or of one bar is not drawn (figures.figure_drawn): its embed stands under
    # `vaitteet.<figure>_kuvio`, and the sentence that replaces it under `ei_<figure>_kuvio`.
    from .figures import FIGURES, figure_drawn

    for spec in FIGURES:
        if spec.counted:
            facts[f"{spec.key}_kuvio"] = figure_drawn(spec, data, kysely["pienin_naytettava"])
    # The chapters' own observations of one year (what the open answers said): `vuosi_<Y>`
    # holds in the edition of year Y only. Every year of the dataset has its key, so that an older
    # edition still builds after next year's text has been written.
    known = {int(y) for y in data.projects["alkamispaiva"].dt.year} | {data.year, data.first_year or data.year}
    for y in range(min(known), max(known) + 1):
        facts[f"vuosi_{y}"] = y == data.year
    return _with_opposites(facts)


#: The superlative facts of a distribution (values.superlatives), as `vaitteet.<group>_<fact>`.
SUPERLATIVE_FACTS = ("tasan", "suurin_yksi", "suurin_useita", "pienin_yksi", "pienin_useita")


def _choice_facts(facts: dict, key: str, answers: dict) -> None:
    """One shown option: because the others were hidden (too few), or because no other was chosen;
    the most chosen: one, or several tied."""
    one = bool(answers.get("on")) and not answers.get("useita")
    facts[f"{key}_yksi_piilotettuja"] = one and answers.get("piilotettuja", 0) > 0
    facts[f"{key}_yksi_ainoa"] = one and answers.get("piilotettuja", 0) == 0
    facts[f"{key}_yleisin_yksi"] = bool(answers.get("on")) and answers.get("yleisimpia", 1) == 1
    facts[f"{key}_yleisin_useita"] = bool(answers.get("on")) and answers.get("yleisimpia", 1) > 1


def _most_chosen(data: YearData, column: str, kysely: dict) -> list[str]:
    """The most chosen options of a start-survey question (ties included), in Finnish, lower case."""
    options = data.classifications.survey_choices.get(column)
    if options is None:
        return []
    freq = c.choice_frequencies(data.survey, column, options, kysely["pienin_naytettava"])
    shown = freq[~freq["piilotettu"]]
    return top_tied(zip([lower_first(x) for x in shown["luokka"]], shown["lukumaara"]), 1)


def _with_opposites(facts: dict) -> dict:
    """The facts as booleans, each with its opposite `ei_<key>` (the chapters' `vaitteet.ei_x`)."""
    facts = {key: bool(value) for key, value in facts.items()}
    return {**facts, **{f"ei_{key}": not value for key, value in facts.items()}}


def edition_subtitle(data: YearData, pub: Publication) -> str:
    """The subtitle names the start years the edition covers ("vuosina 2023–2025")."""
    return pub.subtitle_for(data.year, scope_values(data)["rajaus"]["alkaneet"])


def narrative_subtitle(data: YearData, pub: Publication, lang: str = "fi") -> str:
    """The subtitle in the edition's language ("vuonna 2023" / "år 2023")."""
    if lang == "fi":
        return edition_subtitle(data, pub)
    from .svenska import sv_period

    return pub.in_language(lang).subtitle_for(data.year, sv_period(start_years(data) or [data.year]))


def narrative_values(data: YearData, pub: Publication, provenance: dict | None = None,
                     previous: YearData | None = None, lang: str = "fi") -> dict:
    """The values in `lang`: Swedish ones have the same keys, numbers and claims (svenska.py)."""
    from .comparison import comparison_values

    values = {
        "vuosi": data.year,
        "julkaisu": {"nimi": pub.title, "alaotsikko": edition_subtitle(data, pub),
                     "lisenssi": pub.licence,
                     "julkaisija": pub.publisher},
        **project_values(data, pub),
        "teemat": theme_values(data),
        "kysely": survey_values(data, pub),
        **scope_values(data),
        "loppukysely": end_survey_values(data, pub),
    }
    values["vertailu"] = ({"on": True, **comparison_values(data, previous)} if previous is not None
                          else {"on": False})
    from .changes import change_claims, change_values, changes_between, swedish_names

    changed = changes_between(data, previous, pub.change_threshold) if previous is not None else None
    values["muutokset"] = change_values(changed, lang, swedish_names(data.classifications) if lang == "sv" else None)
    values["vaitteet"] = {**claims(values, data), **_with_opposites(change_claims(changed))}
    if provenance:
        values["kolofoni"] = provenance
    if lang == "sv":
        from .svenska import swedish_values

        values = swedish_values(values, data, pub)
    return values


def write_values(values: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")
    return path

