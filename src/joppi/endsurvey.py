"""The end-of-project survey (data/loppukysely/<vuosi>.csv): who should answer, reading, validation.

The survey goes to every single project and group project (its päätoteuttaja row) whose planned
end date falls in the year. Validation reuses the start survey's readers and rule primitives, so
its messages read the same: Finnish, naming the file, row, column, bad value and what was expected.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .classifications import ROLE_MAIN, ROLE_SINGLE, ROLE_SUB, Classifications
from .errors import DataError, Issue
from .validation import RuleBook, Rule, MAX_FREE_TEXT, _multi_check, _text_checks, run_schema, split_multi

END_SURVEY_COLUMNS = ["hanketunnus", "osallistujat", "tulokset", "jatkuvuus", "haasteet", "opit"]
END_SURVEY_CHOICE_COLUMNS = ["tulokset", "jatkuvuus", "haasteet"]


def should_answer(projects: pd.DataFrame, year: int) -> pd.DataFrame:
    """Single projects and group projects' main rows whose planned end date is in `year`."""
    lead = projects["rooli"].isin([ROLE_MAIN, ROLE_SINGLE])
    ends = projects["paattymispaiva"].dt.year == int(year)
    return projects[lead & ends].reset_index(drop=True)


def end_survey_schema(frame: pd.DataFrame, projects: pd.DataFrame, year: int, book: RuleBook,
                      cls: Classifications) -> pa.DataFrameSchema:
    by_code = projects.set_index("hanketunnus")
    roles = by_code["rooli"].to_dict()
    end_dates = by_code["paattymispaiva"].to_dict()
    known = set(roles)

    def ended_in_year(v: str) -> bool:
        # Unknown codes and sub-implementers are reported once, by their own rule.
        return v not in known or roles[v] == ROLE_SUB or end_dates[v].year == year

    columns = {
        "hanketunnus": pa.Column(None, unique=True, checks=[
            book.element("loppukysely.hanketunnus:tunnettu", lambda v: v in known,
                         Rule("hanketunnus, joka on tiedostossa hankkeet", options=tuple(sorted(known)))),
            book.element("loppukysely.hanketunnus:paatoteuttaja",
                         lambda v: v not in known or roles[v] in (ROLE_MAIN, ROLE_SINGLE),
                         Rule("päätoteuttajan tai yksittäisen hankkeen tunnus (loppukysely lähetetään vain "
                              "päätoteuttajille)")),
            book.element("loppukysely.hanketunnus:paattynyt", ended_in_year,
                         Rule(f"hanke, jonka suunniteltu päättymispäivä on vuonna {year} (loppukyselyyn vastaavat "
                              "vuoden aikana päättyneet hankkeet)")),
        ]),
        "osallistujat": pa.Column(None, checks=[
            book.element("osallistujat:kokonaisluku", lambda v: bool(re.fullmatch(r"\d{1,7}", v)),
                         Rule("kokonaisluku 0 tai suurempi (tavoitettujen osallistujien lukumäärä)")),
        ]),
        "opit": pa.Column(None, checks=_text_checks(book, "opit", False, MAX_FREE_TEXT, one_line=False)[:1]),
    }
    for col in END_SURVEY_CHOICE_COLUMNS:
        columns[col] = pa.Column(None, checks=[
            _multi_check(book, col, cls.end_survey_choices[col], "vastausvaihtoehdot", allow_empty=True)])
    return pa.DataFrameSchema(columns, strict=True)


def validate_end_survey(frame: pd.DataFrame, projects: pd.DataFrame, year: int, cls: Classifications,
                        name: str) -> pd.DataFrame:
    """Check the responses; return them typed: participants as Int64, choices as tuples."""
    if frame.empty:
        raise DataError([Issue(name, None, None, None, "vähintään yksi vastausrivi; tiedostossa on vain otsikkorivi")])
    book = RuleBook()
    schema = end_survey_schema(frame, projects, int(year), book, cls)
    issues = run_schema(schema, frame, book, name, "yksi vastaus hanketta kohden (hanketunnus toistuu)")
    if issues:
        raise DataError(issues)
    typed = frame.copy()
    typed["osallistujat"] = pd.array([int(v) for v in typed["osallistujat"]], dtype="Int64")
    for col in END_SURVEY_CHOICE_COLUMNS:
        typed[col] = typed[col].map(lambda v: tuple(split_multi(v)))
    typed["rivi"] = typed.index
    return typed.reset_index(drop=True)


def load_end_survey(path: Path, root: Path, projects: pd.DataFrame, year: int,
                    cls: Classifications) -> pd.DataFrame | None:
    """The year's validated responses, or None when the year has no end-survey file or only its header."""
    from .errors import display_path
    from .readers import read_table

    path = Path(path)
    if not path.exists():
        return None
    frame = read_table(path, END_SURVEY_COLUMNS, root)
    if frame.empty:   # the header `joppi new-year` writes, not filled in: no end survey this year
        return None
    return validate_end_survey(frame, projects, year, cls, display_path(path, root))
