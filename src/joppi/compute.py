"""Every number and figure the publication states, as pure functions of validated frames.

Counting conventions (stated in the publication's method section too):
- a row of the dataset is one implementation: a single project, a group project's main
  implementation, or one sub-implementation; "projects in all" counts rows;
- shares by ELY centre, region and field are shares of all rows; fields are multi-valued,
  so a row counts once for every field it names and the field shares sum to over 100 %;
- themes are classified by main implementer: one primary theme per single project or group
  project (its päätoteuttaja row);
- the most active year is the year in which most rows have the midpoint of their planned
  period (start + half the duration, rounded down to a day).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .classifications import NO_FIELD, ROLE_MAIN, ROLE_SINGLE, ROLE_SUB
from .errors import canonical_name

ORG_ID = "y_tunnus"    # optional column of the dataset: the organisation's business ID

SUPPRESS_BELOW = 3
DOMINANCE_P = 10   # data/julkaisu.yml: dominanssi_p_prosentti (the p % rule, `dominated`)


def _rank(counts: pd.Series, order: list[str] | tuple[str, ...] | None, total: int) -> pd.DataFrame:
    """Largest first; ties in the classification's order (then by name), so rankings are stable."""
    frame = counts.rename_axis("luokka").reset_index(name="lukumaara")
    position = {name: i for i, name in enumerate(order or ())}
    frame["_pos"] = frame["luokka"].map(lambda v: position.get(v, len(position)))
    frame = frame.sort_values(["lukumaara", "_pos", "luokka"], ascending=[False, True, True], kind="stable")
    frame = frame.drop(columns="_pos").reset_index(drop=True)
    frame["lukumaara"] = frame["lukumaara"].astype("int64")
    frame["osuus"] = frame["lukumaara"] / total if total else 0.0
    return frame[frame["lukumaara"] > 0].reset_index(drop=True)


def distribution(values: pd.Series, order=None) -> pd.DataFrame:
    """Counts and shares of a single-valued column: columns luokka, lukumaara, osuus."""
    return _rank(values.value_counts(sort=False), order, len(values))


def leads(cohort: pd.DataFrame) -> pd.DataFrame:
    """One row per project as funded: single projects and group projects' main rows."""
    return cohort[cohort["rooli"].isin([ROLE_MAIN, ROLE_SINGLE])]


@dataclass(frozen=True)
class RoleCounts:
    rows: int             # implementations in all
    groups: int           # group projects (their main rows)
    subs: int             # sub-implementations
    singles: int          # single projects
    projects: int         # groups + singles: the survey's population

    def as_dict(self) -> dict[str, int]:
        return {
            "yhteensa": self.rows, "ryhmahankkeet": self.groups, "osatoteuttajat": self.subs,
            "yksittaiset": self.singles, "hankkeet": self.projects,
        }


def counts_by_role(cohort: pd.DataFrame) -> RoleCounts:
    role = cohort["rooli"]
    groups = int((role == ROLE_MAIN).sum())
    singles = int((role == ROLE_SINGLE).sum())
    return RoleCounts(len(cohort), groups, int((role == ROLE_SUB).sum()), singles, groups + singles)


def organisations(cohort: pd.DataFrame) -> pd.Series:
    """Each row's organisation: its business ID (y_tunnus) where one of its rows gives it, else
    the canonical form of its name (errors.canonical_name), so that a name typed with a no-break
    space, another case or a look-alike letter is never a second organisation."""
    names = [canonical_name(str(n)) for n in cohort["toteuttaja"]]
    ids = [str(i) if isinstance(i, str) else "" for i in cohort[ORG_ID]] if ORG_ID in cohort.columns \
        else [""] * len(names)
    id_of_name = {n: i for n, i in zip(names, ids) if i}
    keys = [f"y:{i or id_of_name[n]}" if (i or n in id_of_name) else f"n:{n}" for n, i in zip(names, ids)]
    return pd.Series(keys, index=cohort.index, dtype=object)


def implementers_by_type(cohort: pd.DataFrame, order=None) -> pd.DataFrame:
    """Distinct implementing organisations by type (an organisation counts once)."""
    orgs = cohort[~organisations(cohort).duplicated()]
    return distribution(orgs["organisaatiotyyppi"], order)


def shares_by_ely(cohort: pd.DataFrame, order=None) -> pd.DataFrame:
    return distribution(cohort["ely_keskus"], order)


def shares_by_region(cohort: pd.DataFrame, order=None) -> pd.DataFrame:
    return distribution(cohort["maakunta"], order)


def fields(cohort: pd.DataFrame, order=None) -> pd.DataFrame:
    """Rows naming each field; shares of all rows (multi-valued, so they sum to over 100 %)."""
    exploded = cohort["toimialat"].explode()
    return _rank(exploded.value_counts(sort=False), order, len(cohort))


@dataclass(frozen=True)
class FieldSummary:
    distinct: int          # real fields named, "Ei toimialasidonnainen" excluded
    unbound: int           # rows not tied to a field
    multi: int             # rows naming more than one field


def field_summary(cohort: pd.DataFrame) -> FieldSummary:
    named = {f for fs in cohort["toimialat"] for f in fs if f != NO_FIELD}
    unbound = int(cohort["toimialat"].map(lambda fs: fs == (NO_FIELD,)).sum())
    multi = int(cohort["toimialat"].map(len).gt(1).sum())
    return FieldSummary(len(named), unbound, multi)


def themes_by_ely(cohort: pd.DataFrame, themes, elys) -> pd.DataFrame:
    """Projects by primary theme and funding ELY centre, full grid with zeros, by main implementer."""
    lead = leads(cohort)
    counts = lead.groupby(["kehittamisteema", "ely_keskus"]).size()
    grid = pd.MultiIndex.from_product([list(themes), list(elys)], names=["teema", "ely_keskus"])
    frame = counts.reindex(grid, fill_value=0).reset_index(name="lukumaara")
    frame["lukumaara"] = frame["lukumaara"].astype("int64")
    return frame


@dataclass(frozen=True)
class ThemeSpread:
    theme: str
    projects: int
    elys: tuple[str, ...]            # ELY areas where the theme occurs, in classification order
    absent: tuple[str, ...]          # ELY areas where it does not
    strongest: tuple[str, ...]       # ELY area(s) with the most projects of the theme


def theme_spread(grid: pd.DataFrame, themes, elys) -> list[ThemeSpread]:
    out = []
    for theme in themes:
        part = grid[grid["teema"] == theme].set_index("ely_keskus")["lukumaara"].reindex(list(elys), fill_value=0)
        top = int(part.max())
        out.append(ThemeSpread(
            theme=theme,
            projects=int(part.sum()),
            elys=tuple(e for e in elys if part[e] > 0),
            absent=tuple(e for e in elys if part[e] == 0),
            strongest=tuple(e for e in elys if top > 0 and part[e] == top),
        ))
    return out


def even_theme_elys(grid: pd.DataFrame, themes, elys) -> tuple[str, ...]:
    """ELY areas where every theme occurs, each equally often."""
    out = []
    for ely in elys:
        counts = grid[grid["ely_keskus"] == ely].set_index("teema")["lukumaara"].reindex(list(themes), fill_value=0)
        if counts.min() > 0 and counts.nunique() == 1:
            out.append(ely)
    return tuple(out)


def date_pairs(cohort: pd.DataFrame) -> pd.DataFrame:
    """Distinct (start, end) pairs with the number of rows having each, earliest first."""
    pairs = cohort.groupby(["alkamispaiva", "paattymispaiva"]).size().reset_index(name="lukumaara")
    return pairs.sort_values(["alkamispaiva", "paattymispaiva"]).reset_index(drop=True)


PERIOD_GRAINS = (("D", "päivän"), ("M", "kuukauden"), ("Q", "vuosineljänneksen"), ("Y", "vuoden"))


def period_bands(cohort: pd.DataFrame, max_rows: int = 40) -> tuple[pd.DataFrame, str]:
    """Distinct periods for the timeline, coarsened until at most `max_rows` remain.

    Returns the frame (as date_pairs) and the grain's Finnish genitive ("päivän", "kuukauden", …):
    a start is moved to the first day of its month/quarter/year and an end to the last day of its
    own, so every project still lies inside its band. A large cohort stays a readable chart.
    """
    for freq, grain in PERIOD_GRAINS:
        if freq == "D":
            bands = date_pairs(cohort)
        else:
            start = cohort["alkamispaiva"].dt.to_period(freq).dt.start_time.dt.normalize()
            end = cohort["paattymispaiva"].dt.to_period(freq).dt.end_time.dt.normalize()
            bands = date_pairs(pd.DataFrame({"alkamispaiva": start, "paattymispaiva": end}))
        if len(bands) <= max_rows:
            return bands, grain
    return bands, grain


def span(cohort: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    return cohort["alkamispaiva"].min(), cohort["paattymispaiva"].max()


def midpoints(cohort: pd.DataFrame) -> pd.Series:
    start, end = cohort["alkamispaiva"], cohort["paattymispaiva"]
    return start + pd.to_timedelta((end - start).dt.days // 2, unit="D")


def midpoint_years(cohort: pd.DataFrame) -> pd.DataFrame:
    """Rows whose period's midpoint falls in each year: columns vuosi, lukumaara."""
    years = midpoints(cohort).dt.year
    counts = years.value_counts().sort_index()
    return counts.rename_axis("vuosi").reset_index(name="lukumaara")


def most_active_year(cohort: pd.DataFrame) -> int:
    """The year holding most rows' midpoints; on a tie, the earliest of the tied years."""
    table = midpoint_years(cohort)
    top = table["lukumaara"].max()
    return int(table.loc[table["lukumaara"] == top, "vuosi"].min())


def active_implementers(cohort: pd.DataFrame) -> pd.DataFrame:
    """Implementers by implementations, then by lead roles: toteuttaja, organisaatiotyyppi, toteutuksia, vetovastuita."""
    is_lead = cohort["rooli"].isin([ROLE_MAIN, ROLE_SINGLE])
    table = cohort.assign(_lead=is_lead, _org=organisations(cohort)).groupby("_org", sort=False).agg(
        toteuttaja=("toteuttaja", "first"),
        organisaatiotyyppi=("organisaatiotyyppi", "first"),
        toteutuksia=("hanketunnus", "size"),
        vetovastuita=("_lead", "sum"),
    ).reset_index(drop=True)
    table["vetovastuita"] = table["vetovastuita"].astype("int64")
    table["toteutuksia"] = table["toteutuksia"].astype("int64")
    return table.sort_values(["toteutuksia", "vetovastuita", "toteuttaja"],
                             ascending=[False, False, True]).reset_index(drop=True)


def standout_implementers(table: pd.DataFrame, min_rows: int, min_leads: int) -> pd.DataFrame:
    """Implementers with several implementations and several lead roles (thresholds from config)."""
    return table[(table["toteutuksia"] >= min_rows) & (table["vetovastuita"] >= min_leads)].reset_index(drop=True)


# --- the survey -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResponseRate:
    responses: int
    population: int

    @property
    def rate(self) -> float:
        return self.responses / self.population if self.population else 0.0


def response_rate(survey: pd.DataFrame, cohort: pd.DataFrame) -> ResponseRate:
    population = set(leads(cohort)["hanketunnus"])
    answered = set(survey["hanketunnus"]) & population
    return ResponseRate(len(answered), len(population))


@dataclass(frozen=True)
class SurveyBase:
    """Who the edition's start-survey results come from: per start year, the responses and the
    population (single projects and group projects' main implementers started that year)."""
    years: tuple[int, ...]
    by_year: tuple[ResponseRate, ...]

    @property
    def total(self) -> ResponseRate:
        return ResponseRate(sum(r.responses for r in self.by_year), sum(r.population for r in self.by_year))


def survey_base(survey: pd.DataFrame, rows: pd.DataFrame, years) -> SurveyBase:
    """The pooled start surveys' base: for each start year in `years`, the responses of `survey`
    (column vuosi: the survey's year) from the leads of `rows` that started that year."""
    years = tuple(sorted(int(y) for y in years))
    start = rows["alkamispaiva"].dt.year
    by_year = []
    for y in years:
        answers = survey[survey["vuosi"] == y] if "vuosi" in survey.columns else survey
        by_year.append(response_rate(answers, rows[start == y]))
    return SurveyBase(years, tuple(by_year))


@dataclass(frozen=True)
class StaffSums:
    main_fulltime: int
    main_parttime: int
    sub_fulltime: int
    sub_parttime: int

    @property
    def main_total(self) -> int:
        return self.main_fulltime + self.main_parttime

    @property
    def sub_total(self) -> int:
        return self.sub_fulltime + self.sub_parttime


MAIN_STAFF = ("henkilosto_paatoimiset", "henkilosto_osa_aikaiset")
SUB_STAFF = ("osatoteuttajat_paatoimiset", "osatoteuttajat_osa_aikaiset")


def respondents(survey: pd.DataFrame, columns) -> int:
    """Responses that answered at least one of `columns`: how many people a sum of them comes from."""
    present = [col for col in columns if col in survey.columns]
    if not present or survey.empty:
        return 0
    return int(survey[present].notna().any(axis=1).sum())


def staff_dominated(survey: pd.DataFrame, columns, p: float = DOMINANCE_P) -> bool:
    """Whether any staff sum published of `columns` (each column's, and their total per respondent)
    is dominated by one respondent (the p % rule, `dominated`): then none of them is shown, or the
    hidden one would follow from the others."""
    present = [col for col in columns if col in survey.columns]
    if not present or survey.empty:
        return False
    frame = survey[present].astype("Float64").fillna(0)
    sums = [frame[col] for col in present] + [frame.sum(axis=1)]
    return any(dominated(values.tolist(), p) for values in sums)


def staff_sums(survey: pd.DataFrame) -> StaffSums:
    def total(col: str) -> int:
        return int(survey[col].fillna(0).sum())
    return StaffSums(
        total("henkilosto_paatoimiset"), total("henkilosto_osa_aikaiset"),
        total("osatoteuttajat_paatoimiset"), total("osatoteuttajat_osa_aikaiset"),
    )


def choice_frequencies(survey: pd.DataFrame, column: str, options, suppress_below: int = SUPPRESS_BELOW) -> pd.DataFrame:
    """Respondents choosing each option; counts from fewer than `suppress_below` respondents hidden.

    Columns luokka, lukumaara (Int64, NA when hidden), osuus (share of respondents, NaN when hidden),
    piilotettu. Shown options come largest first; hidden ones follow in the classification's order,
    so their position reveals nothing. Options nobody chose are left out.
    """
    n = len(survey)
    if column not in survey.columns or n == 0:   # a question nobody answered (or not asked): nothing to show
        counts = pd.Series(dtype="int64")
    else:
        counts = survey[column].explode().dropna().value_counts()
    rows = []
    for position, option in enumerate(options):
        c = int(counts.get(option, 0))
        if c == 0:
            continue
        rows.append((option, c, position))
    shown = sorted([r for r in rows if r[1] >= suppress_below], key=lambda r: (-r[1], r[2]))
    hidden = sorted([r for r in rows if r[1] < suppress_below], key=lambda r: r[2])
    frame = pd.DataFrame({
        "luokka": [r[0] for r in shown + hidden],
        "lukumaara": pd.array([r[1] for r in shown] + [None] * len(hidden), dtype="Int64"),
        "piilotettu": [False] * len(shown) + [True] * len(hidden),
    })
    frame["osuus"] = pd.array([r[1] / n for r in shown] + [float("nan")] * len(hidden), dtype="float64")
    if frame.empty:   # keep the column types of a non-empty result
        frame["piilotettu"] = frame["piilotettu"].astype(bool)
        frame["luokka"] = frame["luokka"].astype(str)
    return frame[["luokka", "lukumaara", "osuus", "piilotettu"]]


# --- later editions: the cumulative picture, project status, the end-of-project survey ---------

STATUS_ONGOING = "käynnissä"
STATUS_ENDED = "päättynyt"


def cutoff(year: int) -> pd.Timestamp:
    """The edition's cut-off date: 31.12. of its year."""
    return pd.Timestamp(year=int(year), month=12, day=31)


def project_status(projects: pd.DataFrame, year: int) -> pd.Series:
    """Each row's status at the cut-off: päättynyt when its planned end date is on or before
    31.12.<year>, otherwise käynnissä. Planned dates are all the data has."""
    ended = projects["paattymispaiva"] <= cutoff(year)
    return ended.map({True: STATUS_ENDED, False: STATUS_ONGOING}).rename("tila")


@dataclass(frozen=True)
class StatusCounts:
    ongoing: int
    ended: int

    @property
    def total(self) -> int:
        return self.ongoing + self.ended

    def as_dict(self) -> dict[str, int]:
        return {"kaynnissa": self.ongoing, "paattyneet": self.ended, "yhteensa": self.total}


def counts_by_status(projects: pd.DataFrame, year: int) -> StatusCounts:
    """Rows of the frame by status at the cut-off (pass `leads(...)` to count projects as funded)."""
    status = project_status(projects, year)
    return StatusCounts(int((status == STATUS_ONGOING).sum()), int((status == STATUS_ENDED).sum()))


@dataclass(frozen=True)
class NewProjects:
    new: int       # rows started in the edition's year
    total: int     # rows the edition covers

    @property
    def share(self) -> float:
        return self.new / self.total if self.total else 0.0


def new_projects(scope: pd.DataFrame, year: int) -> NewProjects:
    """How many of the covered rows started in the edition's year, and their share."""
    return NewProjects(int((scope["alkamispaiva"].dt.year == int(year)).sum()), len(scope))


def by_start_year(scope: pd.DataFrame, first_year: int, year: int) -> pd.DataFrame:
    """Rows by start year, every year from the first with data to the edition's (zeros kept):
    columns vuosi, lukumaara, uusi (the edition's year)."""
    years = list(range(int(first_year), int(year) + 1))
    counts = scope["alkamispaiva"].dt.year.value_counts().reindex(years, fill_value=0)
    return pd.DataFrame({
        "vuosi": pd.array(years, dtype="int64"),
        "lukumaara": pd.array([int(counts[y]) for y in years], dtype="int64"),
        "uusi": [y == int(year) for y in years],
    })


def end_survey_population(projects: pd.DataFrame, year: int) -> pd.DataFrame:
    """Who should answer the year's end survey: single projects and group projects' main rows
    whose planned end date falls in the year."""
    ends = projects["paattymispaiva"].dt.year == int(year)
    return leads(projects[ends])


def end_response_rate(end_survey: pd.DataFrame, projects: pd.DataFrame, year: int) -> ResponseRate:
    """Responses of the projects that should have answered (pass every project, not only the scope)."""
    population = set(end_survey_population(projects, year)["hanketunnus"])
    answered = set(end_survey["hanketunnus"]) & population
    return ResponseRate(len(answered), len(population))


def dominated(contributions, p: float = DOMINANCE_P) -> bool:
    """The p % rule of statistical disclosure control: a sum is sensitive when the second-largest
    respondent, subtracting its own answer, could estimate the largest answer to within p %, that
    is when what the others (all but the two largest) contribute is less than p % of the largest:

        total - x1 - x2 < p / 100 * x1

    Three respondents answering 777, 0 and 0: 0 < 77.7, sensitive (the 777 is one project's own).
    120, 45, 0 and 200: 45 >= 20, not sensitive. A sum of zeros is not (no one's answer stands out).
    """
    xs = sorted((float(v) for v in contributions if v == v and v > 0), reverse=True)   # v == v: not NaN
    if not xs:
        return False
    x1, x2 = xs[0], (xs[1] if len(xs) > 1 else 0.0)
    return sum(xs) - x1 - x2 < p / 100 * x1


@dataclass(frozen=True)
class Participants:
    respondents: int          # responses giving a number of participants
    total: int | None         # their sum; None when hidden (too few respondents, or dominated)
    dominated: bool = False   # hidden because one respondent's answer could be inferred (p % rule)

    @property
    def hidden(self) -> bool:
        return self.total is None

    @property
    def too_few(self) -> bool:
        return self.hidden and not self.dominated


def participants(end_survey: pd.DataFrame, suppress_below: int = SUPPRESS_BELOW,
                 dominance_p: float = DOMINANCE_P) -> Participants:
    """Participants reached in all; hidden when from fewer than `suppress_below` respondents or when
    one respondent dominates the sum (`dominated`)."""
    given = end_survey["osallistujat"].dropna()
    n = len(given)
    if n < suppress_below:
        return Participants(n, None)
    if dominated(given.tolist(), dominance_p):
        return Participants(n, None, dominated=True)
    return Participants(n, int(given.sum()))
