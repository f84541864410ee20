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
from .fmt import fi_date, fi_list, fi_number, fi_percent
from .markup import escape_markdown  # noqa: F401 - re-exported for the notebooks and tests

NUMBER_WORDS = ["nolla", "yksi", "kaksi", "kolme", "neljä", "viisi", "kuusi", "seitsemän", "kahdeksan",
                "yhdeksän", "kymmenen", "yksitoista", "kaksitoista"]


def number_word(n: int) -> str:
    """Small counts read better as words in Finnish prose; larger ones stay digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else fi_number(n)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def fi_list_sekä(items: list[str]) -> str:
    """"a, b sekä c": used where the items themselves contain "ja"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " sekä " + items[-1]


def _top(frame: pd.DataFrame, n: int) -> list[str]:
    return frame["luokka"].head(n).tolist()


def project_values(data: YearData, pub: Publication) -> dict:
    cls, cohort = data.classifications, data.cohort
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
    top_main_type = main_types.iloc[0] if len(main_types) else None

    return {
        "hankkeet": {
            **roles.as_dict(),
            "yksittaiset_sana": number_word(roles.singles),
            "ryhmahankkeiden_yleisin_paatoteuttaja": (
                cls.org_type_plural[top_main_type["luokka"]] if top_main_type is not None else ""),
            "ryhmahankkeiden_yleisin_paatoteuttaja_lkm": int(top_main_type["lukumaara"]) if top_main_type is not None else 0,
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
            "kohortin_alku": fi_date(pd.Timestamp(data.year, 1, 1)),
            "kohortin_loppu": fi_date(pd.Timestamp(data.year, 12, 31)),
            "eri_ajanjaksoja": len(c.date_pairs(cohort)),
            "aktiivisin_vuosi": c.most_active_year(cohort),
        },
        "ely": {
            "lukumaara": len(ely),
            "lukumaara_sana": number_word(len(ely)),
            "kaikki": fi_list(list(cls.ely)),
            "suurin": ely.iloc[0]["luokka"],
            "suurin_osuus": fi_percent(ely.iloc[0]["osuus"]),
            "pienin": ely.iloc[-1]["luokka"],
            "pienin_osuus": fi_percent(ely.iloc[-1]["osuus"]),
        },
        "maakunnat": {
            "lukumaara": len(regions),
            "kaikkiaan": len(cls.regions),
            "suurin": regions.iloc[0]["luokka"],
            "suurin_osuus": fi_percent(regions.iloc[0]["osuus"]),
            "lista": fi_list(regions["luokka"].tolist()),
        },
        "toimialat": {
            "lukumaara": fsum.distinct,
            "lukumaara_sana": number_word(fsum.distinct),
            "sitoutumattomia": fsum.unbound,
            "sitoutumattomia_sana": number_word(fsum.unbound),
            "useita_aloja": fsum.multi,
            "kaksi_suurinta": fi_list_sekä(two_fields),
            "suurin": two_fields[0] if two_fields else "",
            "suurin_osuus": fi_percent(real_fields.iloc[0]["osuus"]) if len(real_fields) else "",
            "lista": fi_list([lower_first(f) for f in real_fields["luokka"]]),
        },
    }


def theme_values(data: YearData) -> dict:
    cls = data.classifications
    grid = c.themes_by_ely(data.cohort, cls.themes, cls.ely)
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
            "kaikilla_alueilla": len(s.absent) == 0,
            "yksi_vahvin": len(s.strongest) == 1,
        }
    return out


def survey_values(data: YearData, pub: Publication) -> dict:
    cls = data.classifications
    rate = c.response_rate(data.survey, data.cohort)
    staff = c.staff_sums(data.survey)
    out: dict = {
        "vastauksia": rate.responses,
        "perusjoukko": rate.population,
        "vastausprosentti": fi_percent(rate.rate),
        "pienin_naytettava": pub.suppress_below,
        "henkilosto": {
            "paatoteuttajat": staff.main_total,
            "paatoteuttajat_paatoimiset": staff.main_fulltime,
            "paatoteuttajat_paatoimiset_sana": number_word(staff.main_fulltime),
            "paatoteuttajat_osa_aikaiset": staff.main_parttime,
            "osatoteuttajat": staff.sub_total,
            "osatoteuttajat_paatoimiset": staff.sub_fulltime,
            "osatoteuttajat_osa_aikaiset": staff.sub_parttime,
        },
    }
    for column in cls.survey_choices:
        freq = c.choice_frequencies(data.survey, column, cls.survey_choices[column], pub.suppress_below)
        shown = freq[~freq["piilotettu"]]
        names = [lower_first(x) for x in shown["luokka"]]
        out[column] = {
            "lista": fi_list(names),
            "yleisin": names[0] if names else "",
            "kaksi_yleisinta": fi_list(names[:2]),
            "muut": fi_list(names[2:]),
            "naytettyja": len(shown),
            "piilotettuja": int(freq["piilotettu"].sum()),
        }
    return out


def claims(values: dict, data: YearData) -> dict:
    """Boolean facts for sentences the writer keeps as plain text: checked at every build."""
    t = values["teemat"]
    toimijat = values["toimijat"]
    return {
        "kaikki_alkaneet_vuonna": bool((data.cohort["alkamispaiva"].dt.year == data.year).all()),
        "t3_kaikilla_alueilla": t["t3"]["kaikilla_alueilla"],
        "tasainen_alue_on": t["tasaisia_alueita"] > 0,
        "aktiivisimmat_amk": toimijat["aktiivisimmat_lkm"] > 0 and "ammattikorkeakoulua" in toimijat["aktiivisimmat"],
        "ryhmahankkeiden_vetajat_amk": (
            values["hankkeet"]["ryhmahankkeiden_yleisin_paatoteuttaja"] == "ammattikorkeakoulut"
            and values["hankkeet"]["ryhmahankkeiden_yleisin_paatoteuttaja_lkm"] * 2 > values["hankkeet"]["ryhmahankkeet"]),
        "osatoteuttajat_vain_osa_aikaisia": (
            values["kysely"]["henkilosto"]["osatoteuttajat_paatoimiset"] == 0
            and values["kysely"]["henkilosto"]["osatoteuttajat"] > 0),
        "haasteita_muita": bool(values["kysely"]["haasteet"]["muut"]),
        "yksittaisia_tyyppeja": values["toimijat"]["yksi_kutakin_lkm"] > 0,
        "verkkosivut_yleisin_tulos": values["kysely"]["tulokset"]["yleisin"] == "hankkeen verkkosivut",
    }


def narrative_values(data: YearData, pub: Publication, provenance: dict | None = None,
                     previous: YearData | None = None) -> dict:
    from .comparison import comparison_values

    values = {
        "vuosi": data.year,
        "julkaisu": {"nimi": pub.title, "alaotsikko": pub.subtitle_for(data.year), "lisenssi": pub.licence,
                     "julkaisija": pub.publisher},
        **project_values(data, pub),
        "teemat": theme_values(data),
        "kysely": survey_values(data, pub),
    }
    values["vertailu"] = ({"on": True, **comparison_values(data, previous)} if previous is not None
                          else {"on": False})
    values["vaitteet"] = claims(values, data)
    if provenance:
        values["kolofoni"] = provenance
    return values


def write_values(values: dict, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=True, width=1000), encoding="utf-8")
    return path

