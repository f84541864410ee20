"""Comparison with the latest earlier year that has data: counts and shares then and now."""

from __future__ import annotations


import pandas as pd

from . import compute as c
from .dataset import YearData, earlier_year  # noqa: F401 - earlier_year is used by the notebooks
from .fmt import fi_number, fi_percent


def indicators(data: YearData) -> pd.DataFrame:
    """The comparable key figures of one year: columns mittari, arvo (number), muoto ('n' or '%')."""
    from .values import covered

    scope = covered(data)   # the edition's scope; the survey is the year's own
    roles = c.counts_by_role(scope)
    rate = c.response_rate(data.survey, data.cohort)
    rows = [
        ("Hankkeita (toteutuksia) yhteensä", roles.rows, "n"),
        ("Ryhmähankkeita", roles.groups, "n"),
        ("Osatoteuttajia", roles.subs, "n"),
        ("Yksittäisiä hankkeita", roles.singles, "n"),
        ("Maakuntia", len(c.shares_by_region(scope)), "n"),
        ("Kartoituksen vastausprosentti", rate.rate, "%"),
    ]
    ely = c.shares_by_ely(scope, data.classifications.ely).set_index("luokka")["osuus"]
    for name in data.classifications.ely:
        rows.append((f"Osuus hankkeista: {name}", float(ely.get(name, 0.0)), "%"))
    return pd.DataFrame(rows, columns=["mittari", "arvo", "muoto"])


def compare(current: YearData, previous: YearData) -> pd.DataFrame:
    """Both years' indicators; `muutos` is the change as the table shows it: for a share, the
    difference of the two shown (whole per cent) values in percentage points, so that 24 % → 21 %
    is −3, never −4 (changes.shown_percent)."""
    now, then = indicators(current), indicators(previous)
    # Left merge keeps the indicators' own order (an outer merge sorts them alphabetically).
    table = now.merge(then[["mittari", "arvo"]], on="mittari", how="left", suffixes=("", "_aiempi"), sort=False)
    table["muutos"] = [_shown_change(a, b, kind) for a, b, kind in
                       zip(table["arvo"], table["arvo_aiempi"], table["muoto"])]
    return table


def _shown_change(now: float, then: float, kind: str) -> float:
    from .changes import shown_percent

    if pd.isna(now) or pd.isna(then):
        return float("nan")
    if kind == "%":
        return (shown_percent(now) - shown_percent(then)) / 100
    return now - then


def _fmt(value: float, kind: str) -> str:
    if pd.isna(value):
        return "–"
    return fi_percent(value) if kind == "%" else fi_number(value)


#: No change, in one form for counts and shares alike.
NO_CHANGE = "±0"


def _change(value: float, kind: str) -> str:
    if pd.isna(value):
        return "–"
    points = round(value * 100) if kind == "%" else value
    if points == 0:
        return NO_CHANGE
    text = fi_number(points, 0) + ("\u00a0%-yks." if kind == "%" else "")
    return ("+" + text) if points > 0 else text  # fi_number writes a negative with a real minus sign


def change_sv(change: str) -> str:
    """A change in Swedish: "+1 procentenhet", "−3 procentenheter"."""
    one = change.lstrip("+\u2212").startswith("1\u00a0")
    return change.replace("\u00a0%-yks.", "\u00a0procentenhet" if one else "\u00a0procentenheter")


def change_number(value: float, kind: str) -> float | None:
    """The change as a number for the downloads: counts as such, shares in percentage points."""
    if pd.isna(value):
        return None
    return int(round(value * 100)) if kind == "%" else int(value)


def survey_bases(current: YearData, previous: YearData) -> tuple[c.ResponseRate, c.ResponseRate]:
    """The response rates compared: each year's start survey of that year's new projects."""
    return c.response_rate(previous.survey, previous.cohort), c.response_rate(current.survey, current.cohort)


def comparison_values(current: YearData, previous: YearData) -> dict:
    table = compare(current, previous).set_index("mittari")
    total = table.loc["Hankkeita (toteutuksia) yhteensä"]
    rate = table.loc["Kartoituksen vastausprosentti"]
    return {
        "aiempi_vuosi": previous.year,
        "hankkeita_aiemmin": int(total["arvo_aiempi"]),
        "hankkeita_nyt": int(total["arvo"]),
        "muutos": _change(total["muutos"], "n"),
        "muutos_lkm": int(abs(total["muutos"])),
        "kasvoi": bool(total["muutos"] > 0),
        "vaheni": bool(total["muutos"] < 0),
        "vastausprosentti_aiemmin": _fmt(rate["arvo_aiempi"], "%"),
        "vastausprosentti_muutos": _change(rate["muutos"], "%"),
    }


#: The indicators' Swedish names (the Swedish edition's table and figure).
INDICATORS_SV = {
    "Hankkeita (toteutuksia) yhteensä": "Projekt (genomföranden) totalt",
    "Ryhmähankkeita": "Gruppprojekt",
    "Osatoteuttajia": "Delgenomförare",
    "Yksittäisiä hankkeita": "Enskilda projekt",
    "Maakuntia": "Landskap",
    "Kartoituksen vastausprosentti": "Enkätens svarsprocent",
}


def indicator_sv(name: str, sv_names: dict[str, str]) -> str:
    if name in INDICATORS_SV:
        return INDICATORS_SV[name]
    prefix = "Osuus hankkeista: "
    return "Andel av projekten: " + sv_names[name[len(prefix):]] if name.startswith(prefix) else name


def comparison_markdown(current: YearData, previous: YearData | None, lang: str = "fi") -> str:
    """The appendix section comparing with the earlier year; empty when there is none. The table is
    numbered and captioned (`tbl-vertailu`, both engines); the changes are those of the shown values.
    Its figure is embedded by the chapter (`fig-vertailu`, on `vaitteet.vertailu_on`): Quarto resolves
    no embed inside an embedded text."""
    from .markup import escape_markdown

    if previous is None:
        return ""
    prev_year, year = previous.year, current.year
    table = compare(current, previous)
    then_rate, now_rate = survey_bases(current, previous)
    # A cumulative edition compares itself with the previous edition, a year cohort with the last one.
    cumulative = current.scope_rule == "kertyva" and current.first_year is not None and current.first_year < current.year
    if lang == "sv":
        table["mittari"] = [indicator_sv(m, current.classifications.sv) for m in table["mittari"]]
        heading = f"## Jämförelse med år {prev_year} {{#sec-vertailu .unnumbered}}"
        intro = (f"Tabellen ställer nyckeltalen i denna lägesbild bredvid talen i föregående lägesbild, den för "
                 f"år {prev_year} (@{TABLE_LABEL})." if cumulative else
                 f"Tabellen ställer nyckeltalen för de projekt som inleddes år {year} bredvid talen för "
                 f"dem som inleddes år {prev_year} (@{TABLE_LABEL}).")
        how = ("Förändringen är räknad från de avrundade tal som tabellen visar, för andelar i procentenheter; "
               f"{NO_CHANGE} betyder att talet inte ändrades.")
        rates = (f"Enkätens svarsprocenter gäller olika projekt: talet för år {prev_year} kommer från startenkäten "
                 f"till de projekt som inleddes år {prev_year} ({then_rate.responses} av {then_rate.population} "
                 f"svarade), talet för år {year} från de projekt som inleddes år {year} ({now_rate.responses} "
                 f"av {now_rate.population} svarade).")
        header = f"| Indikator | {prev_year} | {year} | Förändring |"
        caption = (f"Nyckeltal i lägesbilderna {prev_year} och {year}" if cumulative else
                   f"Nyckeltal för projekt som inleddes år {prev_year} och år {year}")
    else:
        heading = f"## Vertailu vuoteen {prev_year} {{#sec-vertailu .unnumbered}}"
        intro = (f"Tämän tilannekuvan keskeiset luvut ovat taulukossa rinnakkain edellisen, vuoden {prev_year} "
                 f"tilannekuvan lukujen kanssa (@{TABLE_LABEL})." if cumulative else
                 f"Vuonna {year} alkaneiden hankkeiden keskeiset luvut ovat taulukossa rinnakkain vuonna "
                 f"{prev_year} alkaneiden hankkeiden lukujen kanssa (@{TABLE_LABEL}).")
        how = ("Muutos on laskettu taulukossa näkyvistä pyöristetyistä luvuista, osuuksissa prosenttiyksikköinä; "
               f"{NO_CHANGE} tarkoittaa, ettei luku muuttunut.")
        rates = (f"Kartoituksen vastausprosentit koskevat eri hankkeita: vuoden {prev_year} luku on vuonna "
                 f"{prev_year} alkaneiden hankkeiden aloituskartoituksesta (vastanneita "
                 f"{then_rate.responses}/{then_rate.population}), vuoden {year} luku vuonna {year} alkaneiden "
                 f"(vastanneita {now_rate.responses}/{now_rate.population}).")
        header = f"| Mittari | {prev_year} | {year} | Muutos |"
        caption = (f"Tilannekuvien {prev_year} ja {year} keskeiset luvut" if cumulative else
                   f"Vuosina {prev_year} ja {year} alkaneiden hankkeiden keskeiset luvut")
    lines = [heading, "", f"{intro} {how} {rates}", "", header, "|:--------------------|-------:|-------:|-------:|"]
    for row in table.itertuples(index=False):
        change = _change(row.muutos, row.muoto)
        if lang == "sv":
            change = change_sv(change)
        lines.append(f"| {escape_markdown(row.mittari)} | {_fmt(row.arvo_aiempi, row.muoto)} | "
                     f"{_fmt(row.arvo, row.muoto)} | {change} |")
    lines += ["", f": {caption} {{#{TABLE_LABEL}}}"]
    return "\n".join(lines) + "\n"


#: The comparison table's label: `@tbl-vertailu` refers to it in both engines.
TABLE_LABEL = "tbl-vertailu"
