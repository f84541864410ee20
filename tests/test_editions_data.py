"""Later editions, data side: cumulative scope, status at the cut-off, the end-of-project survey.

The data are the 2023 reconstruction plus the synthetic 2024 and 2025 of tests/synthetic_years.py.
Every expected number is worked out by hand from those tables and from data/hankkeet.csv
(2023: 45 rows, 20 leads = 13 group projects + 7 single projects; every group row ends in 2026;
the single projects S23014 14.6.2025, S23016 31.12.2025, S23018 31.8.2025 and S23019
30.11.2025 end in 2025, the other three in 2026).
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import synthetic_years as sy
from conftest import ROOT, copy_project
from joppi import cli
from joppi import compute as c
from joppi.dataset import load_year, years_with_data
from joppi.endsurvey import END_SURVEY_COLUMNS
from joppi.errors import DataError

END_FILE = "data/loppukysely/2025.csv"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return sy.add_years(copy_project(tmp_path_factory.mktemp("vuodet") / "projekti"))


@pytest.fixture(scope="module")
def editions(project):
    return {y: load_year(project, y, use_cache=False) for y in (2023, 2024, 2025)}


def codes(frame: pd.DataFrame) -> set[str]:
    return set(frame["hanketunnus"])


# --- the 2023 edition is what it was ----------------------------------------------------------

def test_the_real_2023_edition_is_unchanged(year_2023):
    # first year with data: scope, new projects and cohort are the same 45 rows
    assert years_with_data(ROOT) == [2023]
    assert year_2023.first_year == 2023 and year_2023.scope_rule == "kertyva"
    assert year_2023.scope.equals(year_2023.cohort) and year_2023.new is year_2023.cohort
    assert len(year_2023.scope) == 45
    assert year_2023.end_survey is None                       # no data/loppukysely/2023.csv
    # the provenance lists exactly the files it always did: no end-survey classifications
    assert not any("loppukysely" in f for f in year_2023.sources)
    assert len(year_2023.sources) == 2 + 10                   # projects, survey, ten classifications


def test_2023_in_the_three_year_project_is_still_its_own_first_year(editions):
    d = editions[2023]
    assert d.first_year == 2023
    assert len(d.scope) == len(d.cohort) == 45                # the 2024 and 2025 rows are later
    assert c.counts_by_status(d.scope, 2023).as_dict() == {"kaynnissa": 45, "paattyneet": 0, "yhteensa": 45}


# --- cumulative scope and new projects ----------------------------------------------------------

def test_2024_covers_2023_and_2024_but_not_2025(editions):
    d = editions[2024]
    # 45 (2023) + 7 (2024: S24101 + 1 sub, S24102 + 2 subs, S24103, S24104) = 52; 2025's 2 rows left out
    assert len(d.scope) == 52
    assert not codes(d.scope) & {"S25001", "S25002"}
    assert codes(d.new) == {"S24101", "S24101-1", "S24102", "S24102-1", "S24102-2", "S24103", "S24104"}
    new = c.new_projects(d.scope, 2024)
    assert (new.new, new.total) == (7, 52) and new.share == pytest.approx(7 / 52)
    # as funded projects: 20 + 4 = 24, of which 4 new
    lead_new = c.new_projects(c.leads(d.scope), 2024)
    assert (lead_new.new, lead_new.total) == (4, 24)
    assert c.by_start_year(d.scope, d.first_year, 2024).to_dict("list") == {
        "vuosi": [2023, 2024], "lukumaara": [45, 7], "uusi": [False, True]}


def test_2025_covers_three_years(editions):
    d = editions[2025]
    assert len(d.scope) == 54                                 # 45 + 7 + 2
    assert c.new_projects(d.scope, 2025).new == 2
    assert c.new_projects(d.scope, 2025).share == pytest.approx(2 / 54)
    assert (c.new_projects(c.leads(d.scope), 2025).new, len(c.leads(d.scope))) == (2, 26)   # 20 + 4 + 2
    assert c.by_start_year(d.scope, d.first_year, 2025)["lukumaara"].tolist() == [45, 7, 2]
    # the year's own differences: no sub-implementers, theme 3 absent
    assert c.counts_by_role(d.new).subs == 0
    assert sy.T3 not in set(c.leads(d.new)["kehittamisteema"])
    assert sy.T3 in set(c.leads(d.scope)["kehittamisteema"])   # ... but present in the whole picture


def test_by_start_year_keeps_years_without_new_projects():
    frame = pd.DataFrame({"alkamispaiva": pd.to_datetime(["2023-02-01", "2023-03-01", "2025-01-01"])})
    table = c.by_start_year(frame, 2023, 2025)
    assert table["vuosi"].tolist() == [2023, 2024, 2025]
    assert table["lukumaara"].tolist() == [2, 0, 1]
    assert table["uusi"].tolist() == [False, False, True]


def test_vuosikohortti_covers_only_the_years_own_projects_and_misses_the_cache(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    cumulative = load_year(root, 2024)                        # cached under _build/
    assert len(cumulative.scope) == 52
    settings = root / "data" / "julkaisu.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("rajaus: kertyva", "rajaus: vuosikohortti"),
                        encoding="utf-8")
    yearly = load_year(root, 2024)                            # the setting is part of the cache key
    assert yearly.scope_rule == "vuosikohortti"
    assert len(yearly.scope) == 7 and yearly.scope.equals(yearly.cohort)
    assert len(load_year(root, 2024).scope) == 7              # and a cache hit keeps it


def test_an_unknown_rajaus_is_a_finnish_data_error(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    settings = root / "data" / "julkaisu.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("rajaus: kertyva", "rajaus: kaikki"),
                        encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(root, 2024, use_cache=False)
    [issue] = err.value.issues
    assert (issue.file, issue.column, issue.value) == ("data/julkaisu.yml", "rajaus", "kaikki")
    assert "kertyva tai vuosikohortti" in issue.expected


def test_the_cache_keeps_the_cumulative_edition_and_its_end_survey(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    first = load_year(root, 2025)
    again = load_year(root, 2025)                             # from the pickle
    assert again.scope.equals(first.scope) and again.end_survey.equals(first.end_survey)
    assert again.first_year == 2023


# --- status at the cut-off ------------------------------------------------------------------------

def test_status_at_the_cut_off(editions):
    # 31.12.2024: only S24103 (ends 31.12.2024) has ended, rows and projects alike
    d24 = editions[2024]
    assert c.counts_by_status(d24.scope, 2024) == c.StatusCounts(ongoing=51, ended=1)
    assert c.counts_by_status(c.leads(d24.scope), 2024) == c.StatusCounts(ongoing=23, ended=1)
    # 31.12.2025: S24103; the four 2023 singles ending in 2025; S24101 and its sub (31.3.2025) = 7 rows,
    # 6 projects; the other 47 rows (20 projects) still run
    d25 = editions[2025]
    rows = c.counts_by_status(d25.scope, 2025)
    assert (rows.ongoing, rows.ended, rows.total) == (47, 7, 54)
    assert c.counts_by_status(c.leads(d25.scope), 2025) == c.StatusCounts(ongoing=20, ended=6)
    status = dict(zip(d25.scope["hanketunnus"], c.project_status(d25.scope, 2025)))
    assert {k for k, v in status.items() if v == c.STATUS_ENDED} == {
        "S23014", "S23016", "S23018", "S23019", "S24101", "S24101-1", "S24103"}


def test_a_project_ending_on_the_cut_off_day_has_ended():
    frame = pd.DataFrame({"paattymispaiva": pd.to_datetime(["2025-12-31", "2026-01-01", "2024-06-30"])})
    assert c.project_status(frame, 2025).tolist() == ["päättynyt", "käynnissä", "päättynyt"]
    assert c.project_status(frame, 2024).tolist() == ["käynnissä", "käynnissä", "päättynyt"]


# --- the end-of-project survey ----------------------------------------------------------------

def test_end_survey_only_where_the_year_has_one(editions):
    assert editions[2023].end_survey is None and editions[2024].end_survey is None
    e = editions[2025].end_survey
    assert e["hanketunnus"].tolist() == ["S23014", "S23016", "S23018", "S23019"]
    assert str(e["osallistujat"].dtype) == "Int64"
    assert e["jatkuvuus"].tolist()[1] == ("Osaksi organisaation perustoimintaa", "Jatkohanke")
    assert e["haasteet"].tolist()[2] == ()
    assert END_FILE in editions[2025].sources
    assert "data/luokitukset/loppukysely_tulokset.csv" in editions[2025].sources
    assert not any("loppukysely" in f for f in editions[2024].sources)


def test_end_survey_figures(editions):
    d = editions[2025]
    # should answer: leads ending in 2025 = S23014, S23016, S23018, S23019, S24101; S24101 did not answer
    assert codes(c.end_survey_population(d.projects, 2025)) == {"S23014", "S23016", "S23018", "S23019", "S24101"}
    rate = c.end_response_rate(d.end_survey, d.projects, 2025)
    assert (rate.responses, rate.population) == (4, 5) and rate.rate == pytest.approx(0.8)
    # participants 120 + 45 + 0 + 200 = 365 from 4 respondents
    assert c.participants(d.end_survey, 3) == c.Participants(respondents=4, total=365)
    assert c.participants(d.end_survey, 5).hidden            # 4 respondents < 5: not shown


def test_end_survey_frequencies_and_suppression(editions):
    d = editions[2025]
    opts = d.classifications.end_survey_choices
    # results: new training models 4/4, new networks 3/4 (S23014, S23018, S23019); surveys and
    # materials 1 each: hidden, listed after the shown ones in the classification's order
    f = c.choice_frequencies(d.end_survey, "tulokset", opts["tulokset"], 3)
    assert f["luokka"].tolist() == ["Uudet koulutusmallit", "Uudet yhteistyöverkostot",
                                    "Osaamiskartoitukset", "Koulutusmateriaalit"]
    assert f["lukumaara"].tolist()[:2] == [4, 3] and f["lukumaara"].isna().tolist() == [False, False, True, True]
    assert f["osuus"].tolist()[:2] == [1.0, 0.75]
    assert f["piilotettu"].tolist() == [False, False, True, True]
    # continuation: into regular activity 3 (75 %); follow-up project 1, network 1: hidden
    j = c.choice_frequencies(d.end_survey, "jatkuvuus", opts["jatkuvuus"], 3)
    assert j["luokka"].tolist() == ["Osaksi organisaation perustoimintaa", "Jatkohanke", "Yhteistyö jatkuu verkostossa"]
    assert j["lukumaara"].tolist()[0] == 3 and j["piilotettu"].sum() == 2
    # challenges: reaching the target group 3, administrative work 1 (hidden)
    h = c.choice_frequencies(d.end_survey, "haasteet", opts["haasteet"], 3)
    assert h["luokka"].tolist() == ["Kohderyhmän tavoittaminen", "Hallinnollinen työ"]
    assert h["piilotettu"].tolist() == [False, True]
    assert opts["haasteet"] == d.classifications.survey_choices["haasteet"]   # the existing list


def test_a_question_nobody_answered_gives_an_empty_table(editions):
    d = editions[2025]                                        # networks not asked in 2025 (kysymatta)
    own = d.survey[d.survey["vuosi"] == 2025]                 # the year's own responses
    f = c.choice_frequencies(own, "verkostot", d.classifications.survey_choices["verkostot"], 3)
    assert f.empty and list(f.columns) == ["luokka", "lukumaara", "osuus", "piilotettu"]
    assert str(f["lukumaara"].dtype) == "Int64" and f["piilotettu"].dtype == bool
    # a survey without the column at all (e.g. the end survey has no verkostot): empty, no KeyError
    g = c.choice_frequencies(d.end_survey, "verkostot", d.classifications.survey_choices["verkostot"], 3)
    assert g.empty


def test_participants_from_too_few_respondents_are_hidden():
    two = pd.DataFrame({"osallistujat": pd.array([10, 20], dtype="Int64")})
    assert c.participants(two, 3) == c.Participants(respondents=2, total=None)
    # a threshold of 2 does not make two enough: each would know the other's answer from the sum,
    # which the p % rule (compute.dominated) sees: 30 - 20 - 10 = 0 < 10 % of 20
    assert c.participants(two, 2) == c.Participants(respondents=2, total=None, dominated=True)
    three = pd.DataFrame({"osallistujat": pd.array([10, 20, 15], dtype="Int64")})
    assert c.participants(three, 3) == c.Participants(respondents=3, total=45)   # 45 - 20 - 15 = 10 >= 2


# --- validation of the end survey ------------------------------------------------------------

def bad_end_survey(project, tmp_path, rows):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    sy.write_end_survey(root, rows)
    with pytest.raises(DataError) as err:
        load_year(root, 2025, use_cache=False)
    return err.value.issues


def row(code, **kw):
    base = dict(hanketunnus=code, osallistujat="10", tulokset="", jatkuvuus="", haasteet="", opit="")
    base.update(kw)
    return base


def test_end_survey_errors_name_file_row_column_value(project, tmp_path):
    issues = bad_end_survey(project, tmp_path, [
        row("S23014"),                                        # line 2: fine
        row("S23001"),                                        # line 3: ends 31.10.2026, not in 2025
        row("S23014"),                                        # line 4: duplicate
        row("S99999"),                                        # line 5: not in hankkeet
        row("S24101-1"),                                      # line 6: a sub-implementer
        row("S23016", osallistujat="-3"),                     # line 7: negative
        row("S23018", osallistujat="", tulokset="Uudet koulutusmallt"),    # line 8: empty; near-miss
        row("S23019", jatkuvuus="Jatkohanke;Jatkohanke", haasteet="Sää"),  # line 9: repeated; unknown
    ])
    found = {(i.row, i.column, i.value) for i in issues}
    assert all(i.file == END_FILE for i in issues)
    assert (3, "hanketunnus", "S23001") in found
    assert (4, "hanketunnus", "S23014") in found
    assert (5, "hanketunnus", "S99999") in found
    assert (6, "hanketunnus", "S24101-1") in found
    assert (7, "osallistujat", "-3") in found
    assert (8, "osallistujat", "") in found
    assert (8, "tulokset", "Uudet koulutusmallt") in found
    assert (9, "jatkuvuus", "Jatkohanke") in found
    assert (9, "haasteet", "Sää") in found
    # line 2 is fine by itself: only the duplicate (reported on both of its lines) names it
    assert {(i.column, i.value) for i in issues if i.row == 2} <= {("hanketunnus", "S23014")}
    by = {(i.row, i.column): i for i in issues}
    assert "vuonna 2025" in by[(3, "hanketunnus")].expected
    assert "vain kerran" in by[(4, "hanketunnus")].expected or "toistuu" in by[(4, "hanketunnus")].expected
    assert "päätoteuttaja" in by[(6, "hanketunnus")].expected
    assert "kokonaisluku" in by[(7, "osallistujat")].expected
    assert by[(8, "tulokset")].suggestion == "Uudet koulutusmallit"
    message = by[(3, "hanketunnus")].message()
    assert message.startswith(f"{END_FILE}, rivi 3, sarake hanketunnus: arvo ”S23001” ei kelpaa.")


def test_start_and_end_survey_errors_are_reported_together(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    sy.write_end_survey(root, [row("S23001")])
    survey = root / "data" / "kysely" / "2025.csv"
    survey.write_text(survey.read_text(encoding="utf-8").replace("S25002;0;1", "S25002;x;1"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(root, 2025, use_cache=False)
    files = {i.file for i in err.value.issues}
    assert files == {"data/kysely/2025.csv", END_FILE}


def test_a_header_only_end_survey_means_no_end_survey(project, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(project, root)
    sy.write_end_survey(root, [])
    assert load_year(root, 2025, use_cache=False).end_survey is None


# --- joppi new-year -------------------------------------------------------------------------------

def test_new_year_creates_the_end_survey_and_lists_who_should_answer(tmp_path, capsys):
    root = sy.add_years(copy_project(tmp_path / "projekti"), years=(2024,))
    assert cli.main(["--root", str(root), "new-year", "2025"]) == 0
    out, err = capsys.readouterr()
    target = root / END_FILE
    assert target.read_text(encoding="utf-8") == ";".join(END_SURVEY_COLUMNS) + "\n"
    assert "data/loppukysely/2025.csv" in out
    # leads ending in 2025, earliest end first: S24101 31.3., S23014 14.6., S23018 31.8.,
    # S23019 30.11., S23016 31.12.
    listed = [line.split()[1] for line in out.splitlines() if line.startswith("  - ")]
    assert listed == ["S24101", "S23014", "S23018", "S23019", "S23016"]
    assert "(5)" in out and "päättyy 31.3.2025" in out
    # the header-only end survey does not stop the year once its data are in
    assert cli.main(["--root", str(root), "new-year", "2025"]) == 2          # nothing is overwritten
    assert "data/kysely/2025.csv" in capsys.readouterr().err


def test_new_year_refuses_when_only_the_end_survey_exists(tmp_path, capsys):
    root = copy_project(tmp_path / "projekti")
    sy.write_end_survey(root, [], year=2026)
    before = (root / "data" / "loppukysely" / "2026.csv").read_bytes()
    assert cli.main(["--root", str(root), "new-year", "2026"]) == 2
    err = capsys.readouterr().err
    assert "data/loppukysely/2026.csv" in err and "olemassa" in err
    assert not (root / "data" / "kysely" / "2026.csv").exists()
    assert (root / "data" / "loppukysely" / "2026.csv").read_bytes() == before
