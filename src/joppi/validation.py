"""Validation of the project dataset and the survey: every rule of the input contract, all errors at once.

Pandera does the checking; this module turns its failure cases into Finnish messages that name
the file, the row, the column, the bad value, what was expected and, where one exists, the
near-miss the user probably meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Callable

import pandas as pd
import pandera.pandas as pa

from .classifications import NO_FIELD, ROLE_MAIN, ROLE_SINGLE, ROLE_SUB, Classifications
from .compute import ORG_ID
from .errors import (FORMULA_EXPECTED, DataError, Issue, canonical_name, lookalike_expected, lookalike_twins,
                     mixed_script, mixed_script_expected, near_duplicates, near_miss, starts_formula)

PROJECT_COLUMNS = [
    "hanketunnus", "nimi", "toteuttaja", "organisaatiotyyppi", "rooli", "ryhmahanke",
    "ely_keskus", "maakunta", "toimialat", "kehittamisteema", "alkamispaiva", "paattymispaiva",
]
#: Columns a dataset may have: the organisation's business ID (y-tunnus), its identity where given.
OPTIONAL_PROJECT_COLUMNS = (ORG_ID,)
BUSINESS_ID_PATTERN = re.compile(r"^[0-9]{7}-[0-9]$")
BUSINESS_ID_EXPECTED = ("y-tunnus muodossa 1234567-8, jonka tarkistenumero täsmää (tarkista tunnus "
                        "yritys- ja yhteisötietojärjestelmästä), tai tyhjä")
SURVEY_COLUMNS = [
    "hanketunnus", "henkilosto_paatoimiset", "henkilosto_osa_aikaiset",
    "osatoteuttajat_paatoimiset", "osatoteuttajat_osa_aikaiset",
    "haasteet", "tulokset", "viestintakanavat", "verkostot", "onnistumiset", "muuta",
]
SURVEY_CHOICE_COLUMNS = ["haasteet", "tulokset", "viestintakanavat", "verkostot"]
STAFF_COLUMNS = SURVEY_COLUMNS[1:5]

MAX_TEXT = 250
MAX_FREE_TEXT = 5000
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")        # free text may hold tabs and line breaks
CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f]")           # names and codes may not
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FI_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
MIN_YEAR, MAX_YEAR = 2000, 2100


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> date | None:
    """ISO (2023-01-31) or Finnish (31.1.2023); None when the text is not a real date.

    Cached: a dataset repeats a few thousand distinct dates over many rows.
    """
    try:
        if ISO_DATE.match(text):
            return datetime.strptime(text, "%Y-%m-%d").date()
        m = FI_DATE.match(text)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return None


def split_multi(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


# --- checks: each has a name that maps to its Finnish expectation -------------------------

@dataclass
class Rule:
    expected: str
    options: tuple[str, ...] = ()      # for near-miss suggestions
    multi: bool = False                # ;-separated cell: report each bad item
    item_ok: Callable[[str], bool] | None = None


class RuleBook:
    """Named pandera checks with their Finnish expectations, so failures translate back."""

    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}

    def element(self, name: str, fn: Callable[[str], bool], rule: Rule) -> pa.Check:
        """A per-value rule, evaluated once per distinct value (datasets repeat most values)."""
        self.rules[name] = rule

        def vectorised(s: pd.Series) -> pd.Series:
            verdicts = {v: bool(fn(v)) for v in pd.unique(s)}
            return s.map(verdicts).astype(bool)

        return pa.Check(vectorised, name=name)

    def vector(self, name: str, fn: Callable[[pd.Series], pd.Series], rule: Rule) -> pa.Check:
        self.rules[name] = rule
        return pa.Check(fn, name=name)


def _text_checks(book: RuleBook, column: str, required: bool, max_len: int = MAX_TEXT,
                 one_line: bool = True) -> list[pa.Check]:
    checks = []
    control = CONTROL_ONE_LINE if one_line else CONTROL
    if required:
        checks.append(book.element(f"{column}:pakollinen", lambda v: v != "", Rule("ei-tyhjä arvo")))
    checks += [
        book.element(f"{column}:ohjausmerkit", lambda v: not control.search(v),
                     Rule("yksirivistä tekstiä ilman ohjausmerkkejä (rivinvaihto, sarkain)" if one_line
                          else "tekstiä ilman ohjausmerkkejä")),
        book.element(f"{column}:kaava", lambda v: not starts_formula(v), Rule(FORMULA_EXPECTED)),
        book.element(f"{column}:pituus", lambda v: len(v) <= max_len,
                     Rule(f"enintään {max_len} merkkiä")),
    ]
    return checks


def _category_check(book: RuleBook, column: str, options: tuple[str, ...], what: str,
                    allow_empty: bool = False) -> pa.Check:
    allowed = set(options)
    listed = ", ".join(options)
    return book.element(
        f"{column}:luokitus",
        lambda v: v in allowed or (allow_empty and v == ""),
        Rule(f"{what} luokituksesta ({listed})", options=options),
    )


def _multi_check(book: RuleBook, column: str, options: tuple[str, ...], what: str,
                 allow_empty: bool) -> pa.Check:
    allowed = set(options)

    def ok(v: str) -> bool:
        items = split_multi(v)
        if not items:
            return allow_empty
        return all(i in allowed for i in items) and len(set(items)) == len(items)

    return book.element(
        f"{column}:luokitus", ok,
        Rule(f"{what}, puolipisteellä erotettuina, kukin luokituksesta ({', '.join(options)})",
             options=options, multi=True, item_ok=lambda i: i in allowed),
    )


# --- the project dataset ----------------------------------------------------------------

def canonicalise_projects(frame: pd.DataFrame, cls: Classifications) -> pd.DataFrame:
    """Accepted alternative forms become the canonical names before checking."""
    out = frame.copy()
    out["ely_keskus"] = out["ely_keskus"].map(lambda v: cls.ely_long.get(v, v))
    out["maakunta"] = out["maakunta"].map(lambda v: cls.regions.get(v.zfill(2), v) if v.isdigit() else v)
    out["organisaatiotyyppi"] = out["organisaatiotyyppi"].map(lambda v: cls.org_type_codes.get(v, v))
    return out


def project_schema(frame: pd.DataFrame, cls: Classifications, book: RuleBook) -> pa.DataFrameSchema:
    role = frame["rooli"]
    codes = frame["hanketunnus"]
    mains = set(codes[role == ROLE_MAIN])
    main_ely = dict(zip(codes[role == ROLE_MAIN], frame["ely_keskus"][role == ROLE_MAIN]))
    starts = frame["alkamispaiva"].map(parse_date)
    field_options = cls.fields

    def group_ok(s: pd.Series) -> pd.Series:
        r = role.loc[s.index]
        return ((r == ROLE_SUB) & s.isin(mains)) | ((r != ROLE_SUB) & (s == ""))

    def theme_present(s: pd.Series) -> pd.Series:
        return (s != "") | (role.loc[s.index] == ROLE_SUB)

    def end_after_start(s: pd.Series) -> pd.Series:
        ends = s.map(parse_date)
        st = starts.loc[s.index]
        return pd.Series([e is None or b is None or e > b for e, b in zip(ends, st)], index=s.index)

    def same_ely_as_group(s: pd.Series) -> pd.Series:
        groups = frame["ryhmahanke"].loc[s.index]
        r = role.loc[s.index]
        return pd.Series([(rr != ROLE_SUB) or (g not in main_ely) or (v not in cls.ely)
                          or (main_ely[g] not in cls.ely) or (main_ely[g] == v)
                          for v, g, rr in zip(s, groups, r)], index=s.index)

    def no_field_alone(v: str) -> bool:
        items = split_multi(v)
        return NO_FIELD not in items or items == [NO_FIELD]

    def date_checks(col: str) -> list[pa.Check]:
        return [
            book.element(f"{col}:pvm", lambda v: parse_date(v) is not None,
                         Rule("päivämäärä muodossa vvvv-kk-pp tai p.k.vvvv (todellinen päivä)")),
            book.element(f"{col}:vuosi", lambda v: (d := parse_date(v)) is None or MIN_YEAR <= d.year <= MAX_YEAR,
                         Rule(f"vuosi väliltä {MIN_YEAR}–{MAX_YEAR}")),
        ]

    return pa.DataFrameSchema(
        {
            "hanketunnus": pa.Column(None, unique=True, checks=[
                book.element("hanketunnus:pakollinen", lambda v: v != "", Rule("ei-tyhjä EURA 2021 -hanketunnus")),
                book.element("hanketunnus:muoto", lambda v: v == "" or bool(CODE_PATTERN.match(v)),
                             Rule("hanketunnus, jossa on vain kirjaimia, numeroita ja merkkejä . _ / - (enintään 40)")),
            ]),
            "nimi": pa.Column(None, checks=_text_checks(book, "nimi", True)),
            "toteuttaja": pa.Column(None, checks=_text_checks(book, "toteuttaja", True)),
            "organisaatiotyyppi": pa.Column(None, checks=[
                _category_check(book, "organisaatiotyyppi", cls.org_types, "organisaatiotyyppi")]),
            "rooli": pa.Column(None, checks=[_category_check(book, "rooli", cls.roles, "rooli")]),
            "ryhmahanke": pa.Column(None, checks=[book.vector("ryhmahanke:viite", group_ok, Rule(
                "osatoteuttajalla sen ryhmähankkeen päätoteuttajarivin hanketunnus (rivi, jonka rooli on "
                "päätoteuttaja); muilla tyhjä"))]),
            "ely_keskus": pa.Column(None, checks=[
                _category_check(book, "ely_keskus", cls.ely, "ELY-keskus"),
                book.vector("ely_keskus:ryhma", same_ely_as_group,
                            Rule("sama ELY-keskus kuin ryhmähankkeen päätoteuttajarivillä")),
            ]),
            "maakunta": pa.Column(None, checks=[
                _category_check(book, "maakunta", cls.region_names, "maakunta (nimi tai koodi)")]),
            "toimialat": pa.Column(None, checks=[
                _multi_check(book, "toimialat", field_options, "yksi tai useampi toimiala", allow_empty=False),
                book.element("toimialat:yksin", no_field_alone,
                             Rule(f"{NO_FIELD} yksinään, ei muiden toimialojen kanssa")),
            ]),
            "kehittamisteema": pa.Column(None, checks=[
                _category_check(book, "kehittamisteema", cls.themes, "kehittämisteema", allow_empty=True),
                book.vector("kehittamisteema:pakollinen", theme_present, Rule(
                    "kehittämisteema päätoteuttajan ja yksittäisen hankkeen rivillä")),
            ]),
            "alkamispaiva": pa.Column(None, checks=date_checks("alkamispaiva")),
            "paattymispaiva": pa.Column(None, checks=date_checks("paattymispaiva") + [
                book.vector("paattymispaiva:jarjestys", end_after_start,
                            Rule("päättymispäivä alkamispäivän jälkeen"))]),
            ORG_ID: pa.Column(None, checks=[
                book.element(f"{ORG_ID}:muoto", lambda v: v == "" or business_id_valid(v),
                             Rule(BUSINESS_ID_EXPECTED))]),
        },
        strict=True,
    )


# --- the survey ---------------------------------------------------------------------------

def survey_schema(frame: pd.DataFrame, projects: pd.DataFrame, year: int, book: RuleBook,
                  cls: Classifications) -> pa.DataFrameSchema:
    by_code = projects.set_index("hanketunnus")
    roles = by_code["rooli"].to_dict()
    start_years = by_code["alkamispaiva"].map(lambda d: d.year).to_dict()
    known = set(roles)
    row_role = frame["hanketunnus"].map(roles)

    def in_cohort(v: str) -> bool:
        return v not in known or roles[v] == ROLE_SUB or start_years[v] == year

    def count_ok(v: str) -> bool:
        return bool(re.fullmatch(r"\d{1,4}", v))

    def staff_checks(col: str, sub: bool) -> list[pa.Check]:
        checks = [book.element(f"{col}:kokonaisluku", lambda v: v == "" or count_ok(v),
                               Rule("kokonaisluku 0 tai suurempi (henkilöiden lukumäärä)"))]
        if sub:
            def sub_ok(s: pd.Series) -> pd.Series:
                r = row_role.loc[s.index]
                known_role = r.notna()   # an unknown project is reported once, by its code
                return ~known_role | ((r == ROLE_MAIN) & (s != "")) | ((r != ROLE_MAIN) & (s == ""))
            checks.append(book.vector(f"{col}:rooli", sub_ok, Rule(
                "ryhmähankkeen vastauksessa osatoteuttajien henkilöstö; yksittäisen hankkeen vastauksessa tyhjä")))
        else:
            checks.append(book.element(f"{col}:pakollinen", lambda v: v != "", Rule("henkilöiden lukumäärä")))
        return checks

    columns = {
        "hanketunnus": pa.Column(None, unique=True, checks=[
            book.element("kysely.hanketunnus:tunnettu", lambda v: v in known,
                         Rule("hanketunnus, joka on tiedostossa hankkeet", options=tuple(sorted(known)))),
            book.element("kysely.hanketunnus:paatoteuttaja",
                         lambda v: v not in known or roles[v] in (ROLE_MAIN, ROLE_SINGLE),
                         Rule("päätoteuttajan tai yksittäisen hankkeen tunnus (kysely lähetettiin vain päätoteuttajille)")),
            book.element("kysely.hanketunnus:kohortti", in_cohort,
                         Rule(f"vuonna {year} alkaneen hankkeen tunnus")),
        ]),
        "henkilosto_paatoimiset": pa.Column(None, checks=staff_checks("henkilosto_paatoimiset", False)),
        "henkilosto_osa_aikaiset": pa.Column(None, checks=staff_checks("henkilosto_osa_aikaiset", False)),
        "osatoteuttajat_paatoimiset": pa.Column(None, checks=staff_checks("osatoteuttajat_paatoimiset", True)),
        "osatoteuttajat_osa_aikaiset": pa.Column(None, checks=staff_checks("osatoteuttajat_osa_aikaiset", True)),
        # every text check runs on free text too: control characters, formulas, length
        "onnistumiset": pa.Column(None, checks=_text_checks(book, "onnistumiset", False, MAX_FREE_TEXT, one_line=False)),
        "muuta": pa.Column(None, checks=_text_checks(book, "muuta", False, MAX_FREE_TEXT, one_line=False)),
    }
    for col in SURVEY_CHOICE_COLUMNS:
        columns[col] = pa.Column(None, checks=[
            _multi_check(book, col, cls.survey_choices[col], "vastausvaihtoehdot", allow_empty=True)])
    return pa.DataFrameSchema(columns, strict=True)


# --- running the schemas --------------------------------------------------------------------

UNIQUE_EXPECTED = {
    "hanketunnus": "hanketunnus, joka esiintyy tiedostossa vain kerran",
}


def run_schema(schema: pa.DataFrameSchema, frame: pd.DataFrame, book: RuleBook, name: str,
               unique_expected: str) -> list[Issue]:
    """The schema's failures as Issues; a workbook's sheet (frame.attrs["sheet"]) is named in each."""
    sheet = frame.attrs.get("sheet")
    issues = _schema_issues(schema, frame, book, name, unique_expected)
    return issues if sheet is None else [Issue(**{**i.__dict__, "sheet": sheet}) for i in issues]


LOOKALIKE_COLUMNS = ("nimi", "toteuttaja")   # free names: a look-alike twin would count as a second implementer


def business_id_valid(value: str) -> bool:
    """A Finnish business ID (y-tunnus) 1234567-8 whose check digit is right (weights 7, 9, 10,
    5, 8, 4, 2; mod 11; remainder 0 gives 0, 1 is never issued, otherwise 11 minus it)."""
    from stdnum.fi import ytunnus

    return bool(BUSINESS_ID_PATTERN.match(value)) and ytunnus.is_valid(value)


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:3]) + (f" ja {len(rows) - 3} muulla" if len(rows) > 3 else "")
    return f"{'rivillä' if len(rows) == 1 else 'riveillä'} {shown}"


def organisation_issues(frame: pd.DataFrame, name: str, already: set) -> list[Issue]:
    """One organisation, one name, one business ID: implementers whose names differ only in case,
    spaces, dashes, compatibility forms or look-alike letters (errors.canonical_name) would be
    counted as two; both rows are named. Values in `already` were reported by another check."""
    sheet = frame.attrs.get("sheet")
    names = frame["toteuttaja"]
    issues = []
    for group in near_duplicates(v for v in pd.unique(names) if v not in already).values():
        rows = {v: [int(r) for r in names.index[names == v]] for v in group}
        original = max(group, key=lambda v: (len(rows[v]), -rows[v][0]))
        for v in group:
            if v == original:
                continue
            for row in rows[v]:
                issues.append(Issue(name, row, "toteuttaja", v,
                                    f"sama kirjoitusasu kuin saman toteuttajan nimellä {_rows_text(rows[original])} "
                                    f"({original}); nimet eroavat vain kirjainkoon, välilyöntien, viivojen tai "
                                    "samannäköisten merkkien osalta, ja ne laskettaisiin kahdeksi toteuttajaksi. "
                                    "Kirjoita nimi joka rivillä samoin", sheet=sheet))
    if ORG_ID not in frame.columns:
        return issues
    ids = frame[ORG_ID]
    first_of_id: dict[str, tuple[int, str]] = {}
    first_of_name: dict[str, tuple[int, str]] = {}
    for row, org_id, org in zip(frame.index, ids, names):
        if not org_id or not business_id_valid(org_id):
            continue
        key = canonical_name(org)
        seen = first_of_id.setdefault(org_id, (int(row), org))
        if canonical_name(seen[1]) != key:
            issues.append(Issue(name, int(row), ORG_ID, org_id,
                                f"yhden organisaation y-tunnus: sama y-tunnus on rivillä {seen[0]} toteuttajalla "
                                f"{seen[1]}, tällä rivillä toteuttajalla {org}. Korjaa y-tunnus tai kirjoita "
                                "organisaation nimi molemmille riveille samoin", sheet=sheet))
            continue
        other = first_of_name.setdefault(key, (int(row), org_id))
        if other[1] != org_id:
            issues.append(Issue(name, int(row), ORG_ID, org_id,
                                f"toteuttajan {org} sama y-tunnus kuin rivillä {other[0]} ({other[1]}). Korjaa "
                                "y-tunnus, tai jos organisaatiot ovat eri, anna niille eri nimet", sheet=sheet))
    return issues


def lookalike_issues(frame: pd.DataFrame, columns, name: str) -> list[Issue]:
    """Names equal letter for letter once Cyrillic or Greek look-alikes are read as Latin ("Kunta А")."""
    issues = []
    for column in columns:
        twins = lookalike_twins(pd.unique(frame[column]))
        if twins:
            for row, value in frame[column][frame[column].isin(list(twins))].items():
                issues.append(Issue(name, int(row), column, value, lookalike_expected(value, twins[value]),
                                    sheet=frame.attrs.get("sheet")))
        mixed = [v for v in pd.unique(frame[column]) if v not in twins and mixed_script(v)]
        for row, value in frame[column][frame[column].isin(mixed)].items():
            issues.append(Issue(name, int(row), column, value, mixed_script_expected(value),
                                sheet=frame.attrs.get("sheet")))
    return issues


def _schema_issues(schema: pa.DataFrameSchema, frame: pd.DataFrame, book: RuleBook, name: str,
                   unique_expected: str) -> list[Issue]:
    try:
        schema.validate(frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    issues: list[Issue] = []
    for case in cases.itertuples(index=False):
        row = None if pd.isna(case.index) else int(case.index)
        column = None if pd.isna(case.column) else str(case.column)
        value = "" if pd.isna(case.failure_case) else str(case.failure_case)
        check = str(case.check)
        if check == "field_uniqueness":
            issues.append(Issue(name, row, column, value, unique_expected))
            continue
        rule = book.rules.get(check)
        if rule is None:  # a pandera-level problem (type, column), reported as it is
            issues.append(Issue(name, row, column, value, check))
            continue
        if rule.multi and rule.item_ok is not None:
            items = split_multi(value)
            bad = [i for i in items if not rule.item_ok(i)]
            dupes = sorted({i for i in items if items.count(i) > 1})
            for item in bad:
                issues.append(Issue(name, row, column, item, rule.expected, near_miss(item, rule.options)))
            for item in dupes:
                issues.append(Issue(name, row, column, item, "kukin vaihtoehto vain kerran"))
            if not bad and not dupes:
                issues.append(Issue(name, row, column, value, rule.expected))
            continue
        suggestion = near_miss(value, rule.options) if rule.options and value else None
        issues.append(Issue(name, row, column, value, rule.expected, suggestion))
    issues.sort(key=lambda i: (i.row or 0, PROJECT_COLUMNS.index(i.column) if i.column in PROJECT_COLUMNS else 99))
    return issues


def validate_projects(frame: pd.DataFrame, cls: Classifications, name: str) -> pd.DataFrame:
    """Check the dataset; return it typed: dates as Timestamps, fields as tuples."""
    if frame.empty:
        raise DataError([Issue(name, None, None, None, "vähintään yksi hankerivi; tiedostossa on vain otsikkorivi")])
    frame = canonicalise_projects(frame, cls)
    if ORG_ID not in frame.columns:     # the optional column, as readers.read_table adds it
        frame = frame.assign(**{ORG_ID: ""})
    book = RuleBook()
    issues = run_schema(project_schema(frame, cls, book), frame, book, name, UNIQUE_EXPECTED["hanketunnus"])
    lookalikes = lookalike_issues(frame, LOOKALIKE_COLUMNS, name)
    issues += lookalikes
    issues += organisation_issues(frame, name, {i.value for i in lookalikes if i.column == "toteuttaja"})
    if issues:
        raise DataError(issues)
    typed = frame.copy()
    for col in ("alkamispaiva", "paattymispaiva"):
        typed[col] = pd.to_datetime(typed[col].map(parse_date))
    typed["toimialat"] = typed["toimialat"].map(lambda v: tuple(split_multi(v)))
    typed["rivi"] = typed.index
    return typed.reset_index(drop=True)


def blank_question_issues(frame: pd.DataFrame, year: int, name: str, not_asked=()) -> list[Issue]:
    """A multi-choice column blank for every respondent is almost always an export fault: refused,
    unless data/julkaisu.yml declares the question not asked that year (kysymatta). A question
    declared not asked but answered is refused too: the declaration would hide real answers."""
    issues = []
    for col in SURVEY_CHOICE_COLUMNS:
        if col not in frame.columns:
            continue
        answered = frame[col].astype(str).str.strip().ne("")
        if col in not_asked and answered.any():
            first = answered.idxmax()   # the frame's index is the line in the file
            issues.append(Issue(name, int(first), col, str(frame.at[first, col]),
                                f"tyhjä sarake, koska data/julkaisu.yml ilmoittaa kysymyksen {col} jääneen "
                                f"kysymättä vuonna {year} (kysymatta); poista ilmoitus, jos kysymys kysyttiin"))
        elif col not in not_asked and not answered.any():
            issues.append(Issue(name, None, col, None,
                                f"vastauksia ainakin yhdeltä vastaajalta: sarake {col} on tyhjä kaikilla "
                                f"{len(frame)} vastaajalla, mikä on lähes aina vientivirhe. Tarkista kyselyn vienti "
                                f"ja vie vastaukset uudelleen; jos kysymystä ei sinä vuonna kysytty, ilmoita se "
                                f"tiedostossa data/julkaisu.yml: kysymatta: {{{year}: [{col}]}}"))
    return issues


def validate_survey(frame: pd.DataFrame, projects: pd.DataFrame, year: int, cls: Classifications,
                    name: str, not_asked=()) -> pd.DataFrame:
    if frame.empty:
        raise DataError([Issue(name, None, None, None, "vähintään yksi vastausrivi; tiedostossa on vain otsikkorivi")])
    book = RuleBook()
    schema = survey_schema(frame, projects, year, book, cls)
    issues = run_schema(schema, frame, book, name, "yksi vastaus hanketta kohden (hanketunnus toistuu)")
    if not issues:
        issues = blank_question_issues(frame, year, name, not_asked)
    if issues:
        raise DataError(issues)
    typed = frame.copy()
    for col in STAFF_COLUMNS:
        typed[col] = pd.array([None if v == "" else int(v) for v in typed[col]], dtype="Int64")
    for col in SURVEY_CHOICE_COLUMNS:
        typed[col] = typed[col].map(lambda v: tuple(split_multi(v)))
    typed["rivi"] = typed.index
    return typed.reset_index(drop=True)
