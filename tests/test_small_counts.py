"""Survey values from fewer respondents than the threshold are never shown (issue: small counts
everywhere): staff sums, the end survey's participants, and the conditions built on them."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from joppi import compute as c
from joppi.config import load_publication
from joppi.values import narrative_values

from conftest import ROOT


def _with_survey(year_data, rows: int):
    return dataclasses.replace(year_data, survey=year_data.survey.head(rows).reset_index(drop=True))


def test_respondents_counts_answers_not_rows():
    frame = pd.DataFrame({"a": pd.array([1, None, 0], dtype="Int64"), "b": pd.array([None, None, 2], dtype="Int64")})
    assert c.respondents(frame, ("a", "b")) == 2          # rows 1 and 3 answered; row 2 did not
    assert c.respondents(frame, ("b",)) == 1
    assert c.respondents(frame, ("missing",)) == 0
    assert c.respondents(frame.iloc[0:0], ("a",)) == 0


def test_the_real_2023_staff_sums_are_shown(year_2023):
    v = narrative_values(year_2023, load_publication(ROOT))
    staff = v["kysely"]["henkilosto"]
    assert (staff["paatoteuttajat"], staff["paatoteuttajat_paatoimiset"], staff["osatoteuttajat"]) == (49, 5, 28)
    assert v["vaitteet"]["henkilosto_naytetaan"] and v["vaitteet"]["osatoteuttajat_vain_osa_aikaisia"]


@pytest.mark.parametrize("rows", [1, 2])
def test_staff_sums_from_fewer_than_three_respondents_are_a_dash(year_2023, rows):
    v = narrative_values(_with_survey(year_2023, rows), load_publication(ROOT))
    staff = v["kysely"]["henkilosto"]
    for key in ("paatoteuttajat", "paatoteuttajat_paatoimiset", "paatoteuttajat_paatoimiset_sana",
                "paatoteuttajat_osa_aikaiset", "osatoteuttajat", "osatoteuttajat_paatoimiset",
                "osatoteuttajat_osa_aikaiset"):
        assert staff[key] == "–", (key, staff[key])
    assert staff["naytetaan"] is False
    facts = v["vaitteet"]
    assert facts["henkilosto_naytetaan"] is False and facts["ei_henkilosto_naytetaan"] is True
    assert facts["osatoteuttajat_vain_osa_aikaisia"] is False   # not claimed from hidden numbers


def test_three_respondents_are_enough(year_2023):
    # three who each have a full-time person: no one of them dominates a sum (compute.dominated)
    survey = year_2023.survey[year_2023.survey["henkilosto_paatoimiset"] == 1].head(3).reset_index(drop=True)
    assert len(survey) == 3
    v = narrative_values(dataclasses.replace(year_2023, survey=survey), load_publication(ROOT))
    expected = int(survey["henkilosto_paatoimiset"].fillna(0).sum() + survey["henkilosto_osa_aikaiset"].fillna(0).sum())
    assert v["kysely"]["henkilosto"]["paatoteuttajat"] == expected


def test_three_respondents_of_whom_two_have_a_full_time_person_are_not_enough(year_2023):
    # the first three answer full-time 1, 0 and 1: each of the two would know the other's answer
    # from the sum (the p % rule: 2 - 1 - 1 = 0 < 10 % of 1), so the main implementers' staff is hidden
    survey = year_2023.survey.head(3)
    assert survey["henkilosto_paatoimiset"].tolist() == [1, 0, 1]
    v = narrative_values(_with_survey(year_2023, 3), load_publication(ROOT))
    staff = v["kysely"]["henkilosto"]
    assert staff["paatoteuttajat"] == "–" and staff["hallitseva_vastaaja"] is True
    assert v["vaitteet"]["henkilosto_hallitseva_vastaaja"] and not v["vaitteet"]["henkilosto_vahan_vastaajia"]


def test_choice_values_hide_everything_below_the_threshold(year_2023):
    v = narrative_values(_with_survey(year_2023, 2), load_publication(ROOT))
    for column in ("haasteet", "tulokset", "viestintakanavat", "verkostot"):
        q = v["kysely"][column]
        assert q["naytettyja"] == 0 and q["lista"] == "" and q["on"] is False, column
        assert v["vaitteet"][f"ei_{column}_on"] is True
