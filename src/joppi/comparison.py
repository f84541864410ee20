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
    now, then = indicators(current), indicators(previous)
    # Left merge keeps the indicators' own order (an outer merge sorts them alphabetically).
    table = now.merge(then[["mittari", "arvo"]], on="mittari", how="left", suffixes=("", "_aiempi"), sort=False)
    table["muutos"] = table["arvo"] - table["arvo_aiempi"]
    return table


def _fmt(value: float, kind: str) -> str:
    if pd.isna(value):
        return "–"
    return fi_percent(value) if kind == "%" else fi_number(value)


def _change(value: float, kind: str) -> str:
    if pd.isna(value):
        return "–"
    if kind == "%":
        text = fi_number(round(value * 100), 0) + "\u00a0%-yks."
    else:
        text = fi_number(value)
    return ("+" + text) if value > 0 else text  # fi_number writes a negative with a real minus sign


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
    """The appendix section comparing with the earlier year; empty when there is none. Its figure is
    embedded by the chapter (`fig-vertailu`, on `vaitteet.vertailu_on`): Quarto resolves no embed
    inside an embedded text."""
    from .markup import escape_markdown

    if previous is None:
        return ""
    prev_year = previous.year
    table = compare(current, previous)
    # A cumulative edition compares itself with the previous edition, a year cohort with the last one.
    cumulative = current.scope_rule == "kertyva" and current.first_year is not None and current.first_year < current.year
    if lang == "sv":
        table["mittari"] = [indicator_sv(m, current.classifications.sv) for m in table["mittari"]]
        lines = [
            f"## Jämförelse med år {prev_year} {{#sec-vertailu .unnumbered}}",
            "",
            (f"Tabellen ställer nyckeltalen i denna lägesbild bredvid talen i föregående lägesbild, den för "
             f"år {prev_year}. För andelar anges förändringen i procentenheter." if cumulative else
             f"Tabellen ställer nyckeltalen för de projekt som inleddes år {current.year} bredvid talen för "
             f"dem som inleddes år {prev_year}. För andelar anges förändringen i procentenheter."),
            "",
            f"| Indikator | {prev_year} | {current.year} | Förändring |",
            "|:--------------------|-------:|-------:|-------:|",
        ]
        for row in table.itertuples(index=False):
            change = _change(row.muutos, row.muoto).replace("\u00a0%-yks.", "\u00a0procentenheter")
            lines.append(f"| {escape_markdown(row.mittari)} | {_fmt(row.arvo_aiempi, row.muoto)} | "
                         f"{_fmt(row.arvo, row.muoto)} | {change} |")
        return "\n".join(lines) + "\n"
    lines = [
        f"## Vertailu vuoteen {prev_year} {{#sec-vertailu .unnumbered}}",
        "",
        (f"Taulukossa ovat tämän tilannekuvan keskeiset luvut rinnakkain edellisen, vuoden {prev_year} "
         "tilannekuvan lukujen kanssa. Muutos on prosenttiosuuksissa prosenttiyksikköinä." if cumulative else
         f"Taulukossa on vuonna {current.year} alkaneiden hankkeiden keskeiset luvut rinnakkain vuonna "
         f"{prev_year} alkaneiden hankkeiden lukujen kanssa. Muutos on prosenttiosuuksissa "
         "prosenttiyksikköinä."),
        "",
        f"| Mittari | {prev_year} | {current.year} | Muutos |",
        "|:--------------------|-------:|-------:|-------:|",
    ]
    for row in table.itertuples(index=False):
        lines.append(f"| {escape_markdown(row.mittari)} | {_fmt(row.arvo_aiempi, row.muoto)} | "
                     f"{_fmt(row.arvo, row.muoto)} | {_change(row.muutos, row.muoto)} |")
    return "\n".join(lines) + "\n"
