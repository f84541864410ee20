"""The publication's figures for a year: chart, caption, alt text and data table, from the data.

The notebook `kuviot` shows them; the build embeds them in the HTML (interactive Vega-Lite) and
the PDF (SVG). The captions are the original edition's figure titles.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import charts
from . import compute as c
from .brand import Brand
from .config import Publication
from .dataset import YearData
from .fmt import fi_date, fi_number, fi_percent

CAPTIONS = {
    "fig-toimijat": "Hanketoimijat taustaorganisaation mukaan",
    "fig-ely": "Hankkeiden prosentuaalinen jakautuminen rahoituksista vastaavissa ELY-keskuksissa",
    "fig-maakunnat": "Hankkeiden prosentuaalinen jakautuminen maakuntien näkökulmasta",
    "fig-toimialat": "Hankkeiden jakautuminen toimi- ja koulutusalan mukaan",
    "fig-teemat": "Hankkeiden kehittämisteemat ja ELY-alueet",
    "fig-aikajana": "Hankkeiden suunnitellut toteutusajat",
    "fig-haasteet": "Hankkeiden kohtaamat haasteet",
    "fig-verkostot": "Hankkeiden verkostot",
    "fig-viestinta": "Hankkeiden viestintäkanavat",
    "fig-tulokset": "Hankkeiden tuloksia tähän mennessä",
    "fig-vertailu": "Hankkeiden määrät vertailuvuonna ja julkaisuvuonna",
}
SURVEY_FIGURES = {
    "fig-haasteet": ("haasteet", "haasteet, joita hankkeet ovat kohdanneet"),
    "fig-verkostot": ("verkostot", "tahot, joihin hankkeiden verkostot ulottuvat"),
    "fig-viestinta": ("viestintakanavat", "hankkeiden käyttämät viestintäkanavat"),
    "fig-tulokset": ("tulokset", "hankkeiden tähänastiset tulokset"),
}
FIELDS_NOTE = "Hanke voi kuulua useaan toimialaan, joten osuuksien summa on yli 100 %."


@dataclass
class Figure:
    label: str
    caption: str
    chart: object
    alt: str
    table: pd.DataFrame       # the figure's data as the reader sees it: formatted strings
    suppressed: bool = False  # some survey count hidden (fewer respondents than the threshold)


def _distribution_table(frame: pd.DataFrame, head: str, with_share: bool = True) -> pd.DataFrame:
    table = pd.DataFrame({head: frame["luokka"], "Lukumäärä": frame["lukumaara"].map(fi_number)})
    if with_share:
        table["Osuus"] = frame["osuus"].map(fi_percent)
    return table


def _survey_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Vastausvaihtoehto": frame["luokka"],
        "Vastaajia": ["–" if h else fi_number(v) for v, h in zip(frame["lukumaara"], frame["piilotettu"])],
        "Osuus vastaajista": ["–" if h else fi_percent(v) for v, h in zip(frame["osuus"], frame["piilotettu"])],
    })


def comparison_chart(table: pd.DataFrame, years: tuple[int, int], brand: Brand):
    """Counts then and now side by side; each bar is labelled with its year, so colour is not needed to read it."""
    import altair as alt

    colours = charts.chart_colours(brand)
    rows = []
    for r in table.itertuples(index=False):
        for year, value in ((years[0], r.arvo_aiempi), (years[1], r.arvo)):
            rows.append({"mittari": r.mittari, "vuosi": str(year), "lukumaara": value,
                         "teksti": f"{year}: {fi_number(value)}"})
    frame = pd.DataFrame(rows)
    order = table["mittari"].tolist()
    palette = list(brand.chart_categorical[:2]) or [colours["bar"], colours["bar"]]
    base = alt.Chart(frame).encode(
        y=alt.Y("mittari:N", sort=order, title=None),
        yOffset=alt.YOffset("vuosi:N", sort=[str(y) for y in years]),
    )
    bars = base.mark_bar().encode(
        x=alt.X("lukumaara:Q", title="Lukumäärä", scale=alt.Scale(zero=True)),
        color=alt.Color("vuosi:N", sort=[str(y) for y in years], scale=alt.Scale(range=palette),
                        legend=alt.Legend(title="Vuosi", orient="bottom")),
        tooltip=[alt.Tooltip("mittari:N", title="Mittari"), alt.Tooltip("teksti:N", title="Arvo")],
    )
    labels = base.mark_text(align="left", dx=4, color=colours["text"]).encode(
        x="lukumaara:Q", text="teksti:N")
    return alt.layer(bars, labels).properties(width=charts.WIDTH - 260, height=alt.Step(22))


def year_figures(data: YearData, brand: Brand, pub: Publication,
                 previous: YearData | None = None) -> dict[str, Figure]:
    cls, cohort = data.classifications, data.cohort
    n_rows = len(cohort)
    figs: dict[str, Figure] = {}

    def add(label, chart, alt, table, suppressed=False):
        figs[label] = Figure(label, CAPTIONS[label], chart, alt, table, suppressed)

    types = c.implementers_by_type(cohort, cls.org_types)
    add("fig-toimijat",
        charts.bar_chart(types, value="lukumaara", brand=brand, axis_title="Toimijoiden määrä"),
        charts.alt_text_distribution(types, f"hanketoimijat taustaorganisaation mukaan, "
                                            f"{fi_number(int(types['lukumaara'].sum()))} toimijaa", value="lukumaara"),
        _distribution_table(types, "Taustaorganisaatio"))

    for label, frame, head, subject in [
        ("fig-ely", c.shares_by_ely(cohort, cls.ely), "ELY-keskus", "hankkeiden osuudet rahoittavan ELY-keskuksen mukaan"),
        ("fig-maakunnat", c.shares_by_region(cohort, cls.region_names), "Maakunta", "hankkeiden osuudet maakunnittain"),
    ]:
        add(label, charts.bar_chart(frame, value="osuus", brand=brand, axis_title=f"Osuus hankkeista (n = {n_rows})"),
            charts.alt_text_distribution(frame, f"{subject}, n = {n_rows}"), _distribution_table(frame, head))

    fields = c.fields(cohort, cls.fields)
    add("fig-toimialat",
        charts.bar_chart(fields, value="osuus", brand=brand, note=FIELDS_NOTE,
                         axis_title=f"Osuus hankkeista (n = {n_rows})"),
        charts.alt_text_distribution(fields, f"hankkeiden osuudet toimi- ja koulutusaloittain, n = {n_rows}",
                                     note=FIELDS_NOTE),
        _distribution_table(fields, "Toimi- ja koulutusala"))

    grid = c.themes_by_ely(cohort, cls.themes, cls.ely)
    theme_table = grid.pivot(index="teema", columns="ely_keskus", values="lukumaara").reindex(
        index=list(cls.themes), columns=list(cls.ely))
    theme_table = theme_table.map(fi_number).reset_index().rename(columns={"teema": "Kehittämisteema"})
    theme_table.columns.name = None
    add("fig-teemat",
        charts.theme_ely_chart(grid, cls.themes, cls.ely, brand=brand),
        charts.alt_text_theme_ely(grid, cls.themes, cls.ely), theme_table)

    n = len(data.survey)
    for label, (column, subject) in SURVEY_FIGURES.items():
        freq = c.choice_frequencies(data.survey, column, cls.survey_choices[column], pub.suppress_below)
        add(label, charts.survey_chart(freq, n, brand=brand, suppress_below=pub.suppress_below),
            charts.alt_text_survey(freq, n, subject, suppress_below=pub.suppress_below),
            _survey_table(freq), suppressed=bool(freq["piilotettu"].any()))

    pairs, grain = c.period_bands(cohort)
    grain_note = None if grain == "päivän" else f"Toteutusajat on ryhmitelty {grain} tarkkuudella."
    timeline_alt = charts.alt_text_timeline(pairs) + (f" {grain_note}" if grain_note else "")
    add("fig-aikajana", charts.timeline_chart(pairs, brand=brand, note=grain_note), timeline_alt,
        pd.DataFrame({"Alkamispäivä": pairs["alkamispaiva"].map(fi_date),
                      "Päättymispäivä": pairs["paattymispaiva"].map(fi_date),
                      "Hankkeita": pairs["lukumaara"].map(fi_number)}))

    if previous is not None:
        from .comparison import compare

        table = compare(data, previous)
        counts = table[table["muoto"] == "n"].reset_index(drop=True)
        years = (previous.year, data.year)
        alt_text = (f"Vaakapylväskuvio: hankkeiden määrät vuosina {years[0]} ja {years[1]}. " + "; ".join(
            f"{r.mittari}: {fi_number(r.arvo_aiempi)} vuonna {years[0]} ja {fi_number(r.arvo)} vuonna {years[1]}"
            for r in counts.itertuples(index=False)) + ".")
        add("fig-vertailu", comparison_chart(counts, years, brand), alt_text,
            pd.DataFrame({"Mittari": counts["mittari"],
                          str(years[0]): counts["arvo_aiempi"].map(fi_number),
                          str(years[1]): counts["arvo"].map(fi_number)}))
    return figs


def data_table_html(fig: Figure) -> str:
    """The figure's numbers under it on the web page, folded away until the reader opens them."""
    import html

    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in fig.table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in fig.table.astype(str).itertuples(index=False)
    )
    return (f'<details class="joppi-aineisto"><summary>Kuvion luvut taulukkona</summary>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details>")


def show(fig: Figure, brand: Brand) -> None:
    """Display the figure as one output bundle; its alt text travels in the output's metadata.

    The HTML rendering carries the figure's data table; the PDF has the tables in an appendix.
    """
    from IPython.display import display

    bundle = charts.figure_bundle(fig.chart, label=fig.label, alt=fig.alt, brand=brand)
    bundle["text/html"] += data_table_html(fig)
    display(bundle, raw=True, metadata={"joppi": {"alt": fig.alt, "label": fig.label}})


def markdown_table(table: pd.DataFrame) -> str:
    from .markup import escape_markdown

    head = "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |"
    # Dash counts set relative column widths in Pandoc: the label column gets the room.
    align = "|" + "|".join(":" + "-" * 29 if i == 0 else "-" * 8 + ":" for i in range(len(table.columns))) + "|"
    rows = ["| " + " | ".join(escape_markdown(v) for v in row) + " |" for row in table.astype(str).itertuples(index=False)]
    return "\n".join([head, align, *rows])


def tables_markdown(figs: dict[str, Figure], suppress_below: int) -> str:
    """The data behind every figure, for readers who cannot see the charts and for the PDF."""
    parts = []
    for fig in figs.values():
        parts.append(f"### {fig.caption} {{.unnumbered}}\n\nLuvut: @{fig.label}.\n\n{markdown_table(fig.table)}\n")
    if any(fig.suppressed for fig in figs.values()):
        parts.append(f"Merkintä – tarkoittaa, että lukumäärä perustuu alle {suppress_below} vastaajaan, "
                     "eikä sitä julkaista vastaajien yksityisyyden suojaamiseksi.\n")
    return "\n".join(parts)
