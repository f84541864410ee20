"""Every conditional sentence of the chapters, in both languages, over a grid of small cases.

The cases are the 2023 data, the synthetic 2024 and 2025 (tests/synthetic_years.py) and subsets of
2023 cut to small sizes (one ELY centre, two, a handful of rows; 0, 1, 2, 3 … respondents), so
that the branches of the sentences (one and several, ties, all and none) are each taken by some
case. Each case's chapters are rendered as the build shows them (conditions resolved, `var`
substituted), and the text is read for agreement (a singular sentence names one thing, a plural one
several), for one style of numbers per sentence, and for the other language's words.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

from joppi.config import load_publication
from joppi.fmt import NUMBER_WORDS
from joppi.svenska import SV_NUMBER_WORDS, finnish_words, words
from joppi.values import narrative_values

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = {"fi": sorted((ROOT / "chapters").glob("_0[1-5]*.qmd")),
            "sv": sorted((ROOT / "chapters" / "sv").glob("_0[1-5]*.qmd"))}
VAR = re.compile(r"\{\{<\s*var\s+([\w.-]+)\s*>\}\}")
SPAN = re.compile(r"\[([^\[\]]*)\]\{\.content-visible\s+when-meta=\"vaitteet\.([\w-]+)\"\s*\}")
DIV_OPEN = re.compile(r"^:::\s*\{\.content-visible\s+when-meta=\"vaitteet\.([\w-]+)\"\s*\}\s*$")
# Proper names (organisations' own names) are not the language check's business (issue 11).
NAMES = {"toimijat.aktiivisimmat_nimet"}
# What a substituted value is wrapped in while the sentence is checked: a number's style is read
# from the values only, not from fixed names such as "2021–2027" or "4.2".
L, R = "\x01", "\x02"


def lookup(values: dict, key: str):
    node = values
    for part in key.split("."):
        node = node[part]
    return node


def render(text: str, values: dict) -> str:
    """The chapter as the edition shows it: conditional divs and spans resolved, values in place."""
    facts = values["vaitteet"]
    out, stack = [], []
    for line in text.splitlines():
        opened = DIV_OPEN.match(line)
        if opened:
            stack.append(facts[opened.group(1)])
            continue
        if line.strip() == ":::" and stack:
            stack.pop()
            continue
        if all(stack):
            out.append(line)
    body = "\n".join(out)
    while True:                                  # innermost spans first (spans nest)
        body, n = SPAN.subn(lambda m: m.group(1) if facts[m.group(2)] else "", body)
        if not n:
            break
    return VAR.sub(lambda m: f"{L}{'Nimi' if m.group(1) in NAMES else lookup(values, m.group(1))}{R}", body)


def sentences(text: str) -> list[str]:
    plain = re.sub(r"\{\{<[^>]*>\}\}|\(@[\w-]+\)|@fig-[\w-]+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.:;])\s+|\n+", plain) if s.strip()]


# --- the grid -------------------------------------------------------------------------------------

def _subsets(data):
    """Small cuts of 2023: whole group projects, so that the roles stay consistent."""
    cohort, survey = data.cohort, data.survey
    elys = list(data.classifications.ely)
    cuts = [[e] for e in elys] + [elys[:2], elys[1:3], elys[:3]]
    out = []
    for chosen in cuts:
        rows = cohort[cohort["ely_keskus"].isin(chosen)]
        codes = set(rows["hanketunnus"]) if "hanketunnus" in rows else set()
        answers = survey[survey["hanketunnus"].isin(codes)] if "hanketunnus" in survey and codes else survey
        for k in sorted({0, 1, 2, 3, 4, len(answers)}):
            out.append(dataclasses.replace(data, cohort=rows, scope=None, survey=answers.head(k)))
    return out


def _tied_cases(data):
    """2023 relabelled so that the ties and the "all" cases occur: ELY centres with equal counts,
    the largest (smallest) shared, every theme in every area, two fields tied, one result only."""
    cohort = data.cohort
    elys = list(data.classifications.ely)

    def take(counts):
        parts = [cohort[cohort["ely_keskus"] == e].head(n) for e, n in zip(elys, counts)]
        return pd.concat(parts)

    out = [dataclasses.replace(data, cohort=take(c), scope=None)
           for c in ((4, 4), (5, 5, 4), (6, 5, 5), (3, 3, 3, 3))]
    themes = list(data.classifications.themes)
    relabelled = cohort.copy()
    leads = relabelled["rooli"] != "osatoteuttaja"
    for e in elys:
        where = relabelled.index[leads & (relabelled["ely_keskus"] == e)]
        relabelled.loc[where, "kehittamisteema"] = [themes[i % len(themes)] for i in range(len(where))]
    fields = sorted({f for fs in cohort["toimialat"] for f in fs})[:2]
    relabelled["toimialat"] = [(fields[i % 2],) for i in range(len(relabelled))]
    out.append(dataclasses.replace(data, cohort=relabelled, scope=None))
    survey = data.survey.copy()
    first = data.classifications.survey_choices["tulokset"][0]
    survey["tulokset"] = [(first,) for _ in range(len(survey))]
    out.append(dataclasses.replace(data, survey=survey))
    return out


def _end_survey_cases(data):
    """The 2025 end survey with every respondent choosing two ways to continue: tied, and not."""
    a, b = list(data.classifications.end_survey_choices["jatkuvuus"])[:2]
    out = []
    for answers in ([(a, b)] * 4, [(a, b)] * 3 + [(a,)]):
        survey = data.end_survey.copy()
        survey["jatkuvuus"] = answers[:len(survey)]
        out.append(dataclasses.replace(data, end_survey=survey))
    return out


@pytest.fixture(scope="module")
def cases(tmp_path_factory, year_2023):
    from conftest import copy_project
    from synthetic_years import add_years

    from joppi.dataset import load_year

    project = add_years(copy_project(tmp_path_factory.mktemp("grid") / "projekti"))
    pub = load_publication(project)
    years = [load_year(project, y) for y in (2024, 2025)]
    datas = [year_2023, *years, *_subsets(year_2023), *_tied_cases(year_2023), *_end_survey_cases(years[1])]
    out = []
    for data in datas:
        try:
            fi = narrative_values(data, pub)
            sv = narrative_values(data, pub, lang="sv")
        except (IndexError, KeyError, ValueError, ZeroDivisionError):
            continue  # a cut the pipeline would refuse (e.g. no rows); real years are above
        out.append((data, fi, sv))
    assert len(out) > 20
    return out


def rendered(cases, lang: str):
    for data, fi, sv in cases:
        values = fi if lang == "fi" else sv
        for path in CHAPTERS[lang]:
            yield data, path.name, render(path.read_text(encoding="utf-8"), values)


# --- coverage: the branches are taken ---------------------------------------------------------------

#: The sentences' conditions that the grid must take both ways (true in one case, false in another).
BRANCHES = ["ely_vain_yksi", "ely_suurin_yksi", "ely_suurin_useita", "ely_pienin_yksi", "ely_pienin_useita", "ely_tasan",
            "maakunnat_suurin_useita", "toimialat_suurin_yksi", "sitoutumattomia_yksi",
            "ei_sitoutumattomia_on", "kaikki_kaynnissa", "osa_kaynnissa", "uusia_ja_aiempia",
            "t3_ainoa_kaikilla_alueilla", "kaikki_teemat_kaikilla_alueilla", "haasteet_useita", "haasteet_yksi",
            "haasteet_yleisin_useita", "tulokset_yksi_ainoa"]


def test_the_grid_takes_every_branch(cases):
    seen = {key: {bool(fi["vaitteet"][key]) for _d, fi, _sv in cases} for key in BRANCHES}
    assert {k: v for k, v in seen.items() if v != {True, False}} == {}


def test_every_condition_and_value_resolves(cases):
    """Every `when-meta` key and every `var` of every branch exists in both languages' values
    (render looks each up), and nothing of the markup is left in the text."""
    for lang in ("fi", "sv"):
        for _data, _name, text in rendered(cases, lang):
            assert "{{< var" not in text and "when-meta" not in text


# --- agreement --------------------------------------------------------------------------------------

def _names_in(sentence: str, before: str, after: str) -> str | None:
    m = re.search(re.escape(before) + L + r"([^" + R + r"]*)" + R + re.escape(after), sentence)
    return m.group(1) if m else None


# (language, text before a value, text after it, the list word, True = several names required)
AGREEMENT = [
    ("fi", "ELY-keskuksista suurin on ", ",", " ja ", False),
    ("fi", "Suurimpia ELY-keskuksia ovat ", ",", " ja ", True),
    ("fi", "Pienin on ", ",", " ja ", False),
    ("fi", "Pienimpiä ovat ", ",", " ja ", True),
    ("fi", "Maakunnista suurin on ", ",", " ja ", False),
    ("fi", "Suurimpia maakuntia ovat ", ",", " ja ", True),
    ("fi", "useimmin hankaloittaneet ", ".", " ja ", True),
    ("fi", "on vastausten mukaan hankaloittanut ", ".", " ja ", False),
    ("fi", "Yleisin vastaus oli ", " ", " ja ", False),
    ("fi", "Yleisimmät vastaukset olivat ", " ", " ja ", True),
    ("sv", "Störst är NTM-centralen i ", " ", " och ", False),
    ("sv", "Störst är NTM-centralerna i ", " ", " och ", True),
    ("sv", "Minst är NTM-centralen i ", " ", " och ", False),
    ("sv", "Minst är NTM-centralerna i ", " ", " och ", True),
    ("sv", "Det vanligaste svaret var ", " ", " och ", False),
    ("sv", "De vanligaste svaren var ", " ", " och ", True),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_singular_and_plural_sentences_agree_with_their_names(cases, lang):
    wrong, used = [], set()
    rules = [r for r in AGREEMENT if r[0] == lang]
    for data, name, text in rendered(cases, lang):
        for sentence in sentences(text):
            for rule in rules:
                _lang, before, after, joiner, plural = rule
                names = _names_in(sentence, before, after)
                if names is not None:
                    used.add(rule)
                    if (joiner in names) != plural:
                        wrong.append((data.year, name, sentence.replace(L, "").replace(R, "")))
    assert wrong == []
    assert [r[1] for r in rules if r not in used] == []     # every rule read some case's sentence


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_counts_agree_with_their_words(cases, lang):
    """"Kaikki 1 toteutusta", "0 toteutusta oli päättynyt", "Heitä oli" (projects as people): never."""
    bad = {"fi": [re.compile(L + r"1" + R + r" toteutusta"), re.compile(r"Kaikki " + L + r"[01]" + R),
                  re.compile(r"\bHeitä oli\b"), re.compile(L + "0" + R + r" toteutusta oli päättynyt")],
           "sv": [re.compile(r"Alla lägesbildens " + L + r"[01]" + R), re.compile(r"\bDe var " + L)]}[lang]
    found = [(data.year, name, p.pattern) for data, name, text in rendered(cases, lang) for p in bad
             if p.search(text)]
    assert found == []


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_one_style_of_numbers_per_sentence(cases, lang):
    """A sentence says its counts all in words or all in digits ("neljä ja 12" is not written)."""
    number_words = set(NUMBER_WORDS if lang == "fi" else SV_NUMBER_WORDS) - {"yksi", "ett", "en", "noll", "nolla"}
    mixed = []
    for data, name, text in rendered(cases, lang):
        for sentence in sentences(text):
            values = re.findall(L + "([^" + R + "]*)" + R, sentence)
            as_words = [v for v in values if v in number_words]
            as_digits = [v for v in values if re.fullmatch(r"\d+", v) and v not in {str(data.year)}
                         and not re.fullmatch(r"20\d\d", v)]
            if as_words and as_digits:
                mixed.append((data.year, name, sentence.replace(L, "").replace(R, "")))
    assert sorted(set(mixed)) == []


# --- the other language's words ----------------------------------------------------------------------

def test_no_finnish_word_in_the_swedish_text(cases):
    vocabulary = finnish_words(cases[0][0].classifications)
    leaks = set()
    for data, name, text in rendered(cases, "sv"):
        values = " ".join(re.findall(L + "([^" + R + "]*)" + R, text))
        leaks |= {(name, w) for w in words(values) & vocabulary}
    assert sorted(leaks) == []


def test_no_swedish_word_in_the_finnish_text(cases):
    cls = cases[0][0].classifications
    fi_vocabulary = set().union(*(words(t) for t in [*cls.sv.keys(), *NUMBER_WORDS, *cls.ely_inessive.values()]))
    sv_only = set().union(*(words(t) for t in [*cls.sv.values(), *cls.ely_inessive_sv.values(),
                                                 *SV_NUMBER_WORDS, "och samt projekt var"])) - fi_vocabulary
    leaks = set()
    for data, name, text in rendered(cases, "fi"):
        values = " ".join(re.findall(L + "([^" + R + "]*)" + R, text))
        leaks |= {(name, w) for w in words(values) & sv_only}
    assert sorted(leaks) == []
