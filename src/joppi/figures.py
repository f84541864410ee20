"""The figure registry: every figure of the publication named once, with its label, caption, what
its alt text speaks of, its source data and whether survey suppression applies; and, for a year,
each figure's chart, caption, alt text and data table, all derived from that one entry.

The notebook `kuviot` has one cell per registry entry, in the registry's order (a test holds it to
that); `show` carries the registry's caption and the data-derived alt text into the executed cell's
`#| fig-cap:` and `#| fig-alt:` options (`notebooks.finalise`), which both engines read for
`{{< embed >}}`. The PDF's appendix tables come from the same entries (`tables_markdown`), in the
same order. The captions are the original edition's figure titles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import charts
from . import compute as c
from .brand import Brand
from .classifications import END_SURVEY_CHOICE_FILES, SURVEY_CHOICE_FILES
from .config import Publication
from .dataset import YearData
from .fmt import DASH, SUPPRESSED_MARK, fi_date, fi_number, fi_percent

FIELDS_NOTE = "Toteutus voi kuulua usealle toimialalle, joten osuuksien summa on yli 100 %."
NOBODY_CHOSE = "Kukaan vastaajista ei valinnut yhtään vaihtoehtoa."
#: The counting unit of the figures that count rows (implementations): singular and partitive.
TOTEUTUS = ("toteutus", "toteutusta")

#: The Swedish edition's words for the figures: texts by their Finnish form, and per figure its
#: caption, the subject of its alt text and its table's first heading (as in FIGURES).
TEXTS_SV = {
    FIELDS_NOTE: "Ett genomförande kan höra till flera branscher, och därför är summan av andelarna över 100 %.",
    NOBODY_CHOSE: "Ingen av de svarande valde något alternativ.",
    "Lukumäärä": "Antal", "Osuus": "Andel", "Osuus (%)": "Andel (%)", "Vastausvaihtoehto": "Svarsalternativ",
    "Vastaajia": "Svarande", "Osuus vastaajista": "Andel av de svarande",
    "Osuus vastaajista (%)": "Andel av de svarande (%)", "Alkamispäivä": "Startdatum",
    "Päättymispäivä": "Slutdatum", "Hankkeita": "Projekt", "Toteutuksia": "Genomföranden",
    "Toimijoiden määrä": "Antal aktörer",
    "Toteutusten määrä": "Antal genomföranden", "Osuus hankkeista": "Andel av projekten",
    "Osuus toteutuksista": "Andel av genomförandena",
    "toimijaa": "aktörer", "toteutusta": "genomföranden",
    "Toteutusajat on ryhmitelty {grain} tarkkuudella.": "Genomförandetiderna har grupperats per {grain}.",
    "kuukauden": "månad", "vuosineljänneksen": "kvartal", "vuoden": "år",
    "Kuvion luvut taulukkona": "Figurens siffror i tabellform", "Lataa luvut CSV-tiedostona": "Ladda ner siffrorna som CSV-fil",
    "Luvut": "Siffror",
    "Muutos": "Förändring", "Yksikkö": "Enhet", "lukumäärä": "antal",
    "prosenttia (muutos prosenttiyksikköinä)": "procent (förändringen i procentenheter)",
}
FIGURES_SV = {
    "fig-toimijat": ("Projektaktörer efter bakgrundsorganisation", "projektaktörerna efter bakgrundsorganisation",
                     "Bakgrundsorganisation"),
    "fig-ely": ("Projektens procentuella fördelning på de NTM-centraler som ansvarar för finansieringen",
                "genomförandenas andelar efter finansierande NTM-central", "NTM-central"),
    "fig-maakunnat": ("Projektens procentuella fördelning på landskap", "genomförandenas andelar per landskap", "Landskap"),
    "fig-toimialat": ("Projektens fördelning på branscher och utbildningsområden",
                      "genomförandenas andelar per bransch och utbildningsområde", "Bransch och utbildningsområde"),
    "fig-teemat": ("Projektens utvecklingsteman och NTM-områden", "antalet projekt per tema och NTM-central",
                   "Utvecklingstema"),
    "fig-haasteet": ("Utmaningar som projekten har mött", "utmaningar som projekten har mött", ""),
    "fig-verkostot": ("Projektens nätverk", "aktörer som projektens nätverk når", ""),
    "fig-viestinta": ("Projektens kommunikationskanaler", "de kommunikationskanaler som projekten använder", ""),
    "fig-tulokset": ("Projektens resultat hittills", "projektens resultat hittills", ""),
    "fig-loppu-tulokset": ("Resultat som de avslutade projekten har uppnått",
                           "resultat som de avslutade projekten nämnde i slutenkäten", ""),
    "fig-loppu-jatkuvuus": ("Hur arbetet fortsätter efter projektet",
                            "sätt på vilka de avslutade projektens arbete fortsätter", ""),
    "fig-aikajana": ("Projektens planerade genomförandetider", "genomförandenas planerade tider", ""),
    "fig-alkamisvuodet": ("Projektens genomföranden efter startår", "lägesbildens genomföranden efter startår",
                          "Startår"),
    "fig-vertailu": ("Antalet projekt under jämförelseåret och publiceringsåret",
                     "antalet projekt åren {aiempi} och {vuosi}", "Indikator"),
}


def text(finnish: str, lang: str = "fi") -> str:
    """A figure text in the edition's language (TEXTS_SV holds the Swedish)."""
    return TEXTS_SV.get(finnish, finnish) if lang == "sv" else finnish


@dataclass
class Figure:
    label: str
    caption: str
    chart: object
    alt: str
    table: pd.DataFrame       # the figure's data as the reader sees it: formatted strings
    suppressed: bool = False  # some survey count hidden (fewer respondents than the threshold)
    numbers: pd.DataFrame | None = None  # the same table unformatted, for the downloads: numbers,
                                         # ISO dates, SUPPRESSED where a count is hidden
    lang: str = "fi"
    base: str | None = None   # a survey figure's base: "vuosina 2023–2025 alkaneet hankkeet, vastanneita 21/30"


#: How a survey figure's alt text, table and appendix name its base, per language.
BASE_LABEL = {"fi": "Aineisto", "sv": "Underlag"}


@dataclass(frozen=True)
class _Year:
    """What a figure is drawn from: the year, the brand, the settings and the comparison year."""
    data: YearData
    brand: Brand
    pub: Publication
    previous: YearData | None
    lang: str = "fi"

    def t(self, finnish: str) -> str:
        return text(finnish, self.lang)

    def names(self, frame: pd.DataFrame, columns=("luokka",), files=(None,)) -> pd.DataFrame:
        """The frame with its categories in the edition's language: each column's names from its
        own classification file's nimi_sv (`files`, one per column)."""
        if self.lang != "sv":
            return frame
        cls = self.data.classifications
        frame = frame.copy()
        for col, file in zip(columns, files):
            sv = cls.swedish(file) if file else cls.sv
            frame[col] = [sv.get(v, v) if isinstance(v, str) else v for v in frame[col]]
        return frame

    @property
    def rows(self) -> pd.DataFrame:
        """The rows the edition covers (its scope)."""
        from .values import covered

        return covered(self.data)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class FigureSpec:
    """One figure, described once.

    `subject` is what the alt text says the chart shows; `frame` computes the data of a
    distribution figure and `head` names its table's first column; `column` is the survey
    column of a survey figure (so suppression applies); `needs_previous` marks a figure drawn
    only when an earlier year exists to compare with.
    """
    label: str
    caption: str
    draw: Callable[[FigureSpec, _Year], Figure]
    subject: str
    frame: Callable[[pd.DataFrame, YearData], pd.DataFrame] | None = None
    head: str = ""
    note: str | None = None
    column: str | None = None
    needs_previous: bool = False
    end_survey: bool = False            # the column is the end-of-project survey's
    condition: str | None = None        # drawn only when this condition holds (values.FIGURE_CONDITIONS);
                                        # the chapters embed it under the same `vaitteet.` key
    names_from: str | None = None       # the classification file whose Swedish names the categories take
    counted: bool = False               # drawn only with two bars or more (figure_drawn); a sentence
                                        # under `vaitteet.ei_<key>_kuvio` replaces it otherwise

    @property
    def key(self) -> str:
        """The figure's name in the claims: fig-loppu-tulokset -> loppu_tulokset."""
        return self.label.removeprefix("fig-").replace("-", "_")

    @property
    def survey(self) -> bool:
        return self.column is not None

    def figure(self, chart, alt: str, table: pd.DataFrame, suppressed: bool = False,
               numbers: pd.DataFrame | None = None, lang: str = "fi") -> Figure:
        if lang == "sv":
            from .svenska import SwedishChart

            def heads(t):
                return None if t is None else t.rename(columns={c: text(c, "sv") for c in t.columns})

            return Figure(self.label, FIGURES_SV[self.label][0], SwedishChart(chart), alt, heads(table),
                          suppressed, heads(numbers), lang)
        return Figure(self.label, self.caption, chart, alt, table, suppressed, numbers)

    def subject_in(self, lang: str) -> str:
        return FIGURES_SV[self.label][1] if lang == "sv" else self.subject

    def head_in(self, lang: str) -> str:
        return FIGURES_SV[self.label][2] if lang == "sv" else self.head


def _distribution_table(frame: pd.DataFrame, head: str, with_share: bool = True) -> pd.DataFrame:
    table = pd.DataFrame({head: frame["luokka"], "Lukumäärä": frame["lukumaara"].map(fi_number)})
    if with_share:
        table["Osuus"] = frame["osuus"].map(fi_percent)
    return table


#: A hidden survey count in the downloads (the page shows "–"); explained in their notes.
SUPPRESSED = SUPPRESSED_MARK


def _percent(share) -> float | None:
    return None if pd.isna(share) else round(float(share) * 100, 1)


def _distribution_numbers(frame: pd.DataFrame, head: str) -> pd.DataFrame:
    return pd.DataFrame({head: frame["luokka"], "Lukumäärä": frame["lukumaara"].astype(int),
                         "Osuus (%)": frame["osuus"].map(_percent)})


def _survey_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Vastausvaihtoehto": frame["luokka"],
        "Vastaajia": [SUPPRESSED if h else int(v) for v, h in zip(frame["lukumaara"], frame["piilotettu"])],
        "Osuus vastaajista (%)": [SUPPRESSED if h else _percent(v) for v, h in zip(frame["osuus"], frame["piilotettu"])],
    })


def _survey_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Vastausvaihtoehto": frame["luokka"],
        "Vastaajia": [DASH if h else fi_number(v) for v, h in zip(frame["lukumaara"], frame["piilotettu"])],
        "Osuus vastaajista": [DASH if h else fi_percent(v) for v, h in zip(frame["osuus"], frame["piilotettu"])],
    })


def _draw_counts(spec: FigureSpec, y: _Year) -> Figure:
    frame = y.names(spec.frame(y.rows, y.data), files=(spec.names_from,))
    total = fi_number(int(frame["lukumaara"].sum()))
    head = spec.head_in(y.lang)
    return spec.figure(
        charts.bar_chart(frame, value="lukumaara", brand=y.brand, axis_title=y.t("Toimijoiden määrä")),
        charts.alt_text_distribution(frame, f"{spec.subject_in(y.lang)}, {total} {y.t('toimijaa')}",
                                     value="lukumaara", lang=y.lang),
        _distribution_table(frame, head), numbers=_distribution_numbers(frame, head), lang=y.lang)


def _draw_shares(spec: FigureSpec, y: _Year) -> Figure:
    frame = y.names(spec.frame(y.rows, y.data), files=(spec.names_from,))
    note = y.t(spec.note) if spec.note else None
    head = spec.head_in(y.lang)
    return spec.figure(
        charts.bar_chart(frame, value="osuus", brand=y.brand, note=note,
                         axis_title=f"{y.t('Osuus toteutuksista')} (n = {y.n_rows})"),
        charts.alt_text_distribution(frame, f"{spec.subject_in(y.lang)}, n = {y.n_rows}", note=note, lang=y.lang),
        _distribution_table(frame, head), numbers=_distribution_numbers(frame, head), lang=y.lang)


def _draw_themes(spec: FigureSpec, y: _Year) -> Figure:
    cls = y.data.classifications
    grid = y.names(c.themes_by_ely(y.rows, cls.themes, cls.ely), ("teema", "ely_keskus"),
                   ("kehittamisteemat.csv", "ely_keskukset.csv"))
    themes = tuple(y.names(pd.DataFrame({"luokka": list(cls.themes)}), files=("kehittamisteemat.csv",))["luokka"])
    elys = tuple(y.names(pd.DataFrame({"luokka": list(cls.ely)}), files=("ely_keskukset.csv",))["luokka"])
    head = spec.head_in(y.lang)
    table = grid.pivot(index="teema", columns="ely_keskus", values="lukumaara").reindex(
        index=list(themes), columns=list(elys))
    numbers = table.astype(int).reset_index().rename(columns={"teema": head})
    numbers.columns.name = None
    table = table.map(fi_number).reset_index().rename(columns={"teema": head})
    table.columns.name = None
    return spec.figure(charts.theme_ely_chart(grid, themes, elys, brand=y.brand),
                       charts.alt_text_theme_ely(grid, themes, elys, spec.subject_in(y.lang), lang=y.lang), table,
                       numbers=numbers, lang=y.lang)


def _draw_survey(spec: FigureSpec, y: _Year) -> Figure:
    cls, threshold = y.data.classifications, y.pub.suppress_below
    survey = y.data.end_survey if spec.end_survey else y.data.survey
    options = (cls.end_survey_choices if spec.end_survey else cls.survey_choices)[spec.column]
    files = END_SURVEY_CHOICE_FILES if spec.end_survey else SURVEY_CHOICE_FILES
    freq = y.names(c.choice_frequencies(survey, spec.column, options, threshold), files=(files[spec.column],))
    n = len(survey)
    # Nobody chose any option: say so where the bars would be (a question not asked has no figure).
    note = y.t(NOBODY_CHOSE) if freq.empty else None
    alt = charts.alt_text_survey(freq, n, spec.subject_in(y.lang), suppress_below=threshold, lang=y.lang)
    base = None
    if not spec.end_survey:   # the start survey pools every cohort in scope: name whose answers these are
        from .values import base_text, question_base

        base = base_text(question_base(y.data, spec.column), y.lang)[0]
        alt = f"{alt} {BASE_LABEL[y.lang]}: {base}."
    fig = spec.figure(charts.survey_chart(freq, n, brand=y.brand, suppress_below=threshold, note=note),
                      alt, _survey_table(freq), suppressed=bool(freq["piilotettu"].any()),
                      numbers=_survey_numbers(freq), lang=y.lang)
    fig.base = base
    return fig


def _draw_timeline(spec: FigureSpec, y: _Year) -> Figure:
    pairs, grain = c.period_bands(y.rows)
    grain_note = (None if grain == "päivän"
                  else y.t("Toteutusajat on ryhmitelty {grain} tarkkuudella.").format(grain=y.t(grain)))
    from .charts.alttext import sentences

    # The timeline counts implementations (rows), as the text around it does: "3 toteutusta".
    alt = sentences(charts.alt_text_timeline(pairs, spec.subject_in(y.lang), lang=y.lang, unit=TOTEUTUS), grain_note)
    return spec.figure(
        charts.timeline_chart(pairs, brand=y.brand, note=grain_note, cutoff=c.cutoff(y.data.year), lang=y.lang,
                              unit=TOTEUTUS), alt,
        pd.DataFrame({"Alkamispäivä": pairs["alkamispaiva"].map(fi_date),
                      "Päättymispäivä": pairs["paattymispaiva"].map(fi_date),
                      "Toteutuksia": pairs["lukumaara"].map(fi_number)}),
        numbers=pd.DataFrame({"Alkamispäivä": pairs["alkamispaiva"].dt.strftime("%Y-%m-%d"),
                              "Päättymispäivä": pairs["paattymispaiva"].dt.strftime("%Y-%m-%d"),
                              "Toteutuksia": pairs["lukumaara"].astype(int)}), lang=y.lang)


def _draw_start_years(spec: FigureSpec, y: _Year) -> Figure:
    """The edition's rows by start year, the year's new ones labelled as such in the table."""
    years = c.by_start_year(y.rows, min(y.rows["alkamispaiva"].dt.year), y.data.year)
    frame = pd.DataFrame({"luokka": years["vuosi"].astype(str), "lukumaara": years["lukumaara"]})
    frame["osuus"] = frame["lukumaara"] / max(int(frame["lukumaara"].sum()), 1)
    total = fi_number(int(frame["lukumaara"].sum()))
    head = spec.head_in(y.lang)
    return spec.figure(
        charts.bar_chart(frame, value="lukumaara", brand=y.brand, axis_title=y.t("Toteutusten määrä"),
                         sort="input"),
        charts.alt_text_distribution(frame, f"{spec.subject_in(y.lang)}, {total} {y.t('toteutusta')}",
                                     value="lukumaara", lang=y.lang),
        _distribution_table(frame, head), numbers=_distribution_numbers(frame, head), lang=y.lang)


#: The comparison indicators that are not counts of projects: the table and downloads have them, the
#: chart of project counts does not.
NOT_PROJECT_COUNTS = ("Maakuntia",)


def _draw_comparison(spec: FigureSpec, y: _Year) -> Figure:
    from .changes import shown_percent
    from .comparison import change_number, compare

    table = compare(y.data, y.previous)
    if y.lang == "sv":
        from .comparison import indicator_sv

        names = [indicator_sv(m, y.data.classifications.sv) for m in table["mittari"]]
    else:
        names = list(table["mittari"])
    counts_mask = (table["muoto"] == "n") & ~table["mittari"].isin(NOT_PROJECT_COUNTS)
    counts = table[counts_mask].assign(mittari=[n for n, keep in zip(names, counts_mask) if keep])
    counts = counts.reset_index(drop=True)
    years = (y.previous.year, y.data.year)
    head = spec.head_in(y.lang)

    def shown(value, kind):   # the downloads carry the table's own (rounded) values
        if pd.isna(value):
            return None
        return shown_percent(value) if kind == "%" else int(value)

    units = [y.t("lukumäärä") if k == "n" else y.t("prosenttia (muutos prosenttiyksikköinä)")
             for k in table["muoto"]]
    return spec.figure(
        charts.comparison_chart(counts, years, y.brand),
        charts.alt_text_comparison(counts, years, spec.subject_in(y.lang).format(aiempi=years[0], vuosi=years[1]),
                                   lang=y.lang),
        pd.DataFrame({head: counts["mittari"],
                      str(years[0]): counts["arvo_aiempi"].map(fi_number),
                      str(years[1]): counts["arvo"].map(fi_number)}),
        # Every row of the comparison table (tbl-vertailu), the shares too: the CSV and the workbook.
        numbers=pd.DataFrame({head: names,
                              str(years[0]): [shown(v, k) for v, k in zip(table["arvo_aiempi"], table["muoto"])],
                              str(years[1]): [shown(v, k) for v, k in zip(table["arvo"], table["muoto"])],
                              y.t("Muutos"): [change_number(v, k) for v, k in zip(table["muutos"], table["muoto"])],
                              y.t("Yksikkö"): units}), lang=y.lang)


#: Every figure, in the order the publication shows them (and the notebook's cells list them).
FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("fig-toimijat", "Hanketoimijat taustaorganisaation mukaan", _draw_counts,
               "hanketoimijat taustaorganisaation mukaan", head="Taustaorganisaatio",
               frame=lambda rows, d: c.implementers_by_type(rows, d.classifications.org_types),
               names_from="organisaatiotyypit.csv", counted=True),
    FigureSpec("fig-ely", "Hankkeiden prosentuaalinen jakautuminen rahoituksista vastaavissa ELY-keskuksissa",
               _draw_shares, "toteutusten osuudet rahoittavan ELY-keskuksen mukaan", head="ELY-keskus",
               frame=lambda rows, d: c.shares_by_ely(rows, d.classifications.ely), names_from="ely_keskukset.csv", counted=True),
    FigureSpec("fig-maakunnat", "Hankkeiden prosentuaalinen jakautuminen maakuntien näkökulmasta",
               _draw_shares, "toteutusten osuudet maakunnittain", head="Maakunta",
               frame=lambda rows, d: c.shares_by_region(rows, d.classifications.region_names),
               names_from="maakunnat.csv", counted=True),
    FigureSpec("fig-toimialat", "Hankkeiden jakautuminen toimi- ja koulutusalan mukaan", _draw_shares,
               "toteutusten osuudet toimi- ja koulutusaloittain", head="Toimi- ja koulutusala",
               note=FIELDS_NOTE, frame=lambda rows, d: c.fields(rows, d.classifications.fields),
               names_from="toimialat.csv", counted=True),
    FigureSpec("fig-teemat", "Hankkeiden kehittämisteemat ja ELY-alueet", _draw_themes,
               "hankkeiden määrä teemoittain ja ELY-keskuksittain", head="Kehittämisteema"),
    FigureSpec("fig-haasteet", "Hankkeiden kohtaamat haasteet", _draw_survey,
               "haasteet, joita hankkeet ovat kohdanneet", column="haasteet", counted=True),
    FigureSpec("fig-verkostot", "Hankkeiden verkostot", _draw_survey,
               "tahot, joihin hankkeiden verkostot ulottuvat", column="verkostot", counted=True),
    FigureSpec("fig-viestinta", "Hankkeiden viestintäkanavat", _draw_survey,
               "hankkeiden käyttämät viestintäkanavat", column="viestintakanavat", counted=True),
    FigureSpec("fig-tulokset", "Hankkeiden tuloksia tähän mennessä", _draw_survey,
               "hankkeiden tähänastiset tulokset", column="tulokset", counted=True),
    FigureSpec("fig-loppu-tulokset", "Päättyneiden hankkeiden saavutetut tulokset", _draw_survey,
               "päättyneiden hankkeiden loppukyselyssä mainitsemat tulokset", column="tulokset",
               end_survey=True, condition="loppukysely_on", counted=True),
    FigureSpec("fig-loppu-jatkuvuus", "Miten työ jatkuu hankkeen päätyttyä", _draw_survey,
               "tavat, joilla päättyneiden hankkeiden työ jatkuu", column="jatkuvuus",
               end_survey=True, condition="loppukysely_on", counted=True),
    FigureSpec("fig-aikajana", "Hankkeiden suunnitellut toteutusajat", _draw_timeline,
               "toteutusten suunnitellut ajat"),
    FigureSpec("fig-alkamisvuodet", "Hankkeiden toteutukset alkamisvuoden mukaan", _draw_start_years,
               "tilannekuvan toteutukset alkamisvuoden mukaan", head="Alkamisvuosi",
               condition="useita_vuosia"),
    FigureSpec("fig-vertailu", "Hankkeiden määrät vertailuvuonna ja julkaisuvuonna", _draw_comparison,
               "hankkeiden määrät vuosina {aiempi} ja {vuosi}", head="Mittari", needs_previous=True),
)
REGISTRY: dict[str, FigureSpec] = {spec.label: spec for spec in FIGURES}


def enough_bars(shown: int, hidden: int = 0) -> bool:
    """Whether a chart is worth drawing: at least two bars, at least one of them with its value
    shown. A hidden (small) count keeps its labelled row in the chart, so it counts as a bar; a
    chart of nothing, or of one value, is replaced by a sentence saying what there is."""
    return shown >= 1 and shown + hidden >= 2


def bar_counts(spec: FigureSpec, data: YearData, suppress_below: int) -> tuple[int, int]:
    """The bars figure `spec` would have in year `data`: (shown, hidden). Categories with no
    implementations and options nobody chose have no bar."""
    if spec.survey:
        survey = data.end_survey if spec.end_survey else data.survey
        if survey is None or (not spec.end_survey and not data.asked(spec.column)):
            return 0, 0
        cls = data.classifications
        options = (cls.end_survey_choices if spec.end_survey else cls.survey_choices) or {}
        if spec.column not in options:
            return 0, 0
        freq = c.choice_frequencies(survey, spec.column, options[spec.column], suppress_below)
        hidden = int(freq["piilotettu"].sum())
        return len(freq) - hidden, hidden
    from .values import covered

    frame = spec.frame(covered(data), data)
    return int((frame["lukumaara"] > 0).sum()), 0


def figure_drawn(spec: FigureSpec, data: YearData, suppress_below: int) -> bool:
    """Whether figure `spec` of a registry's `counted` figures is drawn in year `data`
    (`vaitteet.<key>_kuvio`); every other figure is drawn by its own condition only."""
    from .values import FIGURE_CONDITIONS

    if spec.condition is not None and not FIGURE_CONDITIONS[spec.condition](data):
        return False
    return not spec.counted or enough_bars(*bar_counts(spec, data, suppress_below))
CAPTIONS: dict[str, str] = {spec.label: spec.caption for spec in FIGURES}


def year_figures(data: YearData, brand: Brand, pub: Publication,
                 previous: YearData | None = None, lang: str = "fi") -> dict[str, Figure]:
    """The year's figures in the registry's order; those needing a comparison year only with one.
    With lang="sv" the same data in Swedish: captions, categories, axes, alt texts and tables."""
    from .values import FIGURE_CONDITIONS

    year = _Year(data, brand, pub, previous, lang)
    return {spec.label: spec.draw(spec, year) for spec in FIGURES
            if (previous is not None or not spec.needs_previous)
            and (spec.condition is None or FIGURE_CONDITIONS[spec.condition](data))
            # a chart of nothing or of one bar is not drawn: the chapter's sentence says what there is
            and figure_drawn(spec, data, pub.suppress_below)
            # a question not asked in the edition's year (kysymatta) has no figure, table or download
            and (not spec.survey or spec.end_survey or data.asked(spec.column))}


def data_table_html(fig: Figure) -> str:
    """The figure's numbers under it on the web page, folded away until the reader opens them."""
    import html

    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in fig.table.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in fig.table.astype(str).itertuples(index=False)
    )
    from .downloads import HREF, csv_name

    link = (f'<p class="joppi-lataus"><a href="{HREF}/{csv_name(fig.label, fig.lang)}" download>'
            f"{text('Lataa luvut CSV-tiedostona', fig.lang)}</a></p>")
    caption = (f"<caption>{html.escape(BASE_LABEL[fig.lang])}: {html.escape(fig.base)}</caption>"
               if fig.base else "")
    return (f'<details class="joppi-aineisto"><summary>{text("Kuvion luvut taulukkona", fig.lang)}</summary>'
            f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{link}</details>")


def show(figs: dict[str, Figure], label: str, brand: Brand) -> None:
    """Display figure `label` as one output bundle; a figure the year does not have (its condition,
    `needs_previous`) shows the hidden marker of `bundle.hidden_bundle`, which its condition removes.

    Its caption and alt text travel in the output's metadata, and `notebooks.finalise` writes them
    into the cell's options. The HTML rendering carries the figure's data table; the PDF has the
    tables in an appendix.
    """
    from IPython.display import display

    if label not in REGISTRY:
        raise KeyError(f"kuviota {label} ei ole kuvioluettelossa (joppi.figures.FIGURES)")
    fig = figs.get(label)
    if fig is None:
        from .bundle import hidden_bundle

        display(hidden_bundle(label), raw=True, metadata={"joppi": {"label": label}})
        return
    bundle = charts.figure_bundle(fig.chart, label=fig.label, alt=fig.alt, brand=brand,
                                  extra_html=data_table_html(fig))
    display(bundle, raw=True, metadata={"joppi": {"alt": fig.alt, "caption": fig.caption,
                                                         "label": fig.label}})


def markdown_table(table: pd.DataFrame) -> str:
    from .markup import escape_markdown

    head = "| " + " | ".join(escape_markdown(c) for c in table.columns) + " |"
    # Dash counts set relative column widths in Pandoc: the label column gets the room.
    align = "|" + "|".join(":" + "-" * 29 if i == 0 else "-" * 8 + ":" for i in range(len(table.columns))) + "|"
    rows = ["| " + " | ".join(escape_markdown(v) for v in row) + " |" for row in table.astype(str).itertuples(index=False)]
    return "\n".join([head, align, *rows])


#: The appendix's own sentences, per language: the workbook, a table's reference, the dash.
_TABLE_TEXTS = {
    "fi": ("Kaikki taulukot ovat myös yhtenä laskentataulukkona [{workbook}]({href}/{workbook}), ja "
           "verkkosivulla kunkin kuvion luvut voi ladata CSV-tiedostona kuvion taulukon alta.\n",
           "Luvut",
           "Merkintä – tarkoittaa, että lukumäärä perustuu alle {n} vastaajaan, eikä sitä julkaista "
           "vastaajien yksityisyyden suojaamiseksi.\n"),
    "sv": ("Alla tabeller finns också i en och samma kalkylfil [{workbook}]({href}/{workbook}), och på "
           "webbsidan kan siffrorna för varje figur laddas ner som CSV-fil under figurens tabell.\n",
           "Siffror",
           "Tecknet – betyder att antalet bygger på färre än {n} svarande och inte publiceras för att "
           "skydda de svarandes integritet.\n"),
}


def tables_markdown(figs: dict[str, Figure], suppress_below: int, workbook: str | None = None,
                    lang: str = "fi") -> str:
    """The data behind every figure, for readers who cannot see the charts and for the PDF."""
    from .downloads import HREF

    about_workbook, numbers, dash = _TABLE_TEXTS[lang]
    parts = []
    if workbook:
        parts.append(about_workbook.format(workbook=workbook, href=HREF))
    for fig in figs.values():
        base = f" {BASE_LABEL[fig.lang]}: {fig.base}." if fig.base else ""
        parts.append(f"### {fig.caption} {{.unnumbered}}\n\n{numbers}: @{fig.label}.{base}\n\n"
                     f"{markdown_table(fig.table)}\n")
    if any(fig.suppressed for fig in figs.values()):
        parts.append(dash.format(n=suppress_below))
    return "\n".join(parts)
