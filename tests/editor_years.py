"""An editor's 2024 and 2025 (issue 20): realistic synthetic years over the 2023 reconstruction.

`add_editor_years(project)` writes into a copy of the project:

| what                          | 2023 (data/README.md) | 2024 (here)                              | 2025 (here)               |
|-------------------------------|-----------------------|------------------------------------------|---------------------------|
| new rows: groups / subs / singles | 45: 13 / 25 / 7   | 52: 18 / 28 / 6 (24 main implementers)    | 9: 3 / 3 / 3 (6 main)     |
| rows by ELY (new)             | KS 15, ES 12, HÄ 11, PP 7 | KS 20, PP 15, HÄ 9, ES 8               | KS 3, PP 3, HÄ 2, ES 1    |
| rows by ELY (cumulative)      | —                     | KS 35, PP 22, ES 20, HÄ 20 (a tie, 97)   | KS 38, PP 25, ES 21, HÄ 22 (106) |
| start survey                  | data/kysely/2023.csv  | 17 of 24; verkostot blank for all, declared not asked (kysymatta) | 4 of 6, all answered |
| ended in the year (leads)     | none                  | none                                     | S23014, S23016, S23018, S23019 |
| end survey                    | —                     | —                                        | 3 of 4 (S23018 missing)   |

Hand-worked 2024 (cumulative 2023–2024): 97 implementations, of which 52 new (52/97 = 53.6 % → 54 %);
Keski-Suomi largest 35/97 = 36.1 % → 36 %; Etelä-Savo and Häme both smallest, 20/97 = 20.6 % → 21 %;
Pohjois-Pohjanmaa 22/97 = 22.7 % → 23 %. The 2024 survey: challenges "Hankehenkilöstön rekrytointi" 9
and "Henkilöstön vaihtuvuus" 9 (a tie at the top), "Aikataulujen yhteensovittaminen kumppanien kanssa" 4;
results "Yhteistyöverkostot" 12, "Hankkeen verkkosivut" 7, "Kohderyhmien kartoitukset ja kyselyt" 3;
channels "Verkkosivut" 13, "Esittelytilaisuudet" 10, "Sosiaalinen media" 5; respondents 16 and 17 chose
nothing in any question. Pooled with 2023's survey (15 of 20 answered; data/kysely/2023.csv), as a
cumulative edition pools them once the survey branch is merged: 32 of 44; challenges 10 + 9 = 19 and
10 + 9 = 19 (still tied), 5 + 4 = 9, "Tekniset ongelmat" 4; results "Yhteistyöverkostot" 8 + 12 = 20
and "Hankkeen verkkosivut" 13 + 7 = 20 (a tie for "most often" only in the pool), "Kohderyhmien
kartoitukset ja kyselyt" 7 + 3 = 10; channels "Verkkosivut" 15 + 13 = 28, "Esittelytilaisuudet"
11 + 10 = 21, "Sosiaalinen media" 11 + 5 = 16.
Hand-worked 2025 (2023–2025): 106 implementations, 9 new (9/106 = 8.5 % → 8 %).

`kysymatta` (questions not asked in a year, data/julkaisu.yml) is written only when the joppi under
test knows the setting (joppi.config); an older joppi refuses unknown settings, and there the
blank column stays undeclared.
"""

from __future__ import annotations

from pathlib import Path

from joppi.endsurvey import END_SURVEY_COLUMNS
from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS

from synthetic import project_rows_of, read_rows, write_rows

SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
TEK = "Teknologia-ala"
PAL = "Palvelualat"
KAU = "Kaupan ja hallinnon ala"
KAS = "Kasvatus- ja opetusala"
ICT = "Tieto- ja viestintätekniikka"
LUO = "Luonto- ja ympäristöala"
FIELDS = [SOTE, TEK, PAL, KAU, KAS, ICT, LUO]
T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"
THEMES = [T1, T2, T3]

# The reconstruction's organisations (name -> type, region), used again in the later years.
ORGS = {
    "Ammattikorkeakoulu A": ("Ammattikorkeakoulu", "Keski-Suomi"),
    "Ammattikorkeakoulu B": ("Ammattikorkeakoulu", "Etelä-Savo"),
    "Ammattikorkeakoulu C": ("Ammattikorkeakoulu", "Päijät-Häme"),
    "Ammattikorkeakoulu D": ("Ammattikorkeakoulu", "Pohjois-Pohjanmaa"),
    "Ammattikorkeakoulu E": ("Ammattikorkeakoulu", "Pirkanmaa"),
    "Ammattikorkeakoulu F": ("Ammattikorkeakoulu", "Pohjois-Karjala"),
    "Yliopisto A": ("Yliopisto", "Keski-Suomi"),
    "Yliopisto B": ("Yliopisto", "Pohjois-Pohjanmaa"),
    "Kansalaisopisto A": ("Kansalaisopisto", "Keski-Suomi"),
    "Kansalaisopisto B": ("Kansalaisopisto", "Pohjois-Karjala"),
    "Koulutuskuntayhtymä A": ("Ammatillisen koulutuksen järjestäjä", "Pohjois-Savo"),
    "Koulutuskuntayhtymä B": ("Ammatillisen koulutuksen järjestäjä", "Kanta-Häme"),
    "Koulutuskuntayhtymä C": ("Ammatillisen koulutuksen järjestäjä", "Pohjois-Pohjanmaa"),
    "Kehittämisyhtiö A": ("Kehittämisyhtiö", "Etelä-Savo"),
    "Kunta A": ("Kunta", "Kainuu"),
    "Kunta C": ("Kunta", "Kanta-Häme"),
    "Yhdistys A": ("Yhdistys tai järjestö", "Päijät-Häme"),
    "Yhdistys C": ("Yhdistys tai järjestö", "Pohjois-Pohjanmaa"),
    "Yritys A": ("Yritys", "Pirkanmaa"),
}

# Main implementers and sub-implementers by ELY centre (each ELY's own organisations first).
LEADS = {
    "Etelä-Savo": ["Ammattikorkeakoulu B", "Kehittämisyhtiö A"],
    "Häme": ["Ammattikorkeakoulu C", "Koulutuskuntayhtymä B", "Yhdistys A"],
    "Keski-Suomi": ["Ammattikorkeakoulu A", "Yliopisto A", "Kansalaisopisto A", "Koulutuskuntayhtymä A"],
    "Pohjois-Pohjanmaa": ["Ammattikorkeakoulu D", "Yliopisto B", "Koulutuskuntayhtymä C", "Yhdistys C"],
}
SUBS = ["Kunta A", "Kunta C", "Yritys A", "Ammattikorkeakoulu E", "Ammattikorkeakoulu F", "Kansalaisopisto B"]

# Per ELY: (projects with two subs, with one sub, single projects).
SHAPE = {
    2024: {"Etelä-Savo": (1, 2, 1), "Häme": (1, 2, 2), "Keski-Suomi": (4, 3, 2), "Pohjois-Pohjanmaa": (4, 1, 1)},
    2025: {"Etelä-Savo": (0, 0, 1), "Häme": (0, 1, 0), "Keski-Suomi": (0, 1, 1), "Pohjois-Pohjanmaa": (0, 1, 1)},
}
NAMES = ["Osaamisen polut", "Työelämän taidot", "Digitaidot arkeen", "Hoiva-alan osaajat", "Vihreä siirtymä",
         "Yrittäjien oppiminen", "Kielitaito työhön", "Ohjauksen verkosto", "Alueen osaamistarpeet",
         "Joustavat opinnot", "Teollisuuden osaajat", "Palvelumuotoilun taidot", "Kasvatusalan täydennys",
         "Kaupan alan polut", "Luontoalan osaaminen", "Tekoäly työssä", "Osaajat maakuntaan",
         "Oppimisen tuki", "Palveluosaaminen", "Osaamisen kartoitus", "Uraohjaus", "Taitojen päivitys",
         "Työpaikkaoppiminen", "Elinikäinen oppiminen", "Osaamisen ennakointi", "Osaajien kohtaanto",
         "Rakentajan taidot", "Uudet urat", "Opinpolut", "Ammattiin"]


def projects(year: int) -> list[tuple]:
    """(code, name, main implementer, ELY, theme, fields, (start, end), [(sub, fields)]) of the year."""
    out = []
    n = 0
    offset = 0 if year == 2024 else 24
    for ely, (two, one, single) in SHAPE[year].items():
        for k, subs in enumerate([2] * two + [1] * one + [0] * single):
            n += 1
            i = n + offset
            lead = LEADS[ely][k % len(LEADS[ely])]
            field = FIELDS[i % len(FIELDS)]
            sub_orgs = [SUBS[(i + j) % len(SUBS)] for j in range(subs)]
            start = f"{year}-{(i % 9) + 2:02d}-01"
            end = f"{year + 2 + i % 2}-{(i % 9) + 1:02d}-28"      # ends in 2026 or later: none in 2024-2025
            out.append((f"S{year % 100}{n:03d}", NAMES[(i - 1) % len(NAMES)], lead, ely, THEMES[i % 3], [field],
                        (start, end), [(org, [field]) for org in sub_orgs]))
    return out


def project_rows(year: int) -> list[dict[str, str]]:
    return project_rows_of(projects(year), ORGS)


def _pick(index: int, ranges: dict[str, range]) -> str:
    return ";".join(name for name, who in ranges.items() if index in who)


# 2024: respondents 0..16 (17 of the 24 main implementers), in code order; 15 and 16 chose nothing.
CHALLENGES_2024 = {"Hankehenkilöstön rekrytointi": range(9), "Henkilöstön vaihtuvuus": range(6, 15),
                   "Aikataulujen yhteensovittaminen kumppanien kanssa": range(4)}
RESULTS_2024 = {"Yhteistyöverkostot": range(12), "Hankkeen verkkosivut": range(8, 15),
                "Kohderyhmien kartoitukset ja kyselyt": range(12, 15)}
CHANNELS_2024 = {"Esittelytilaisuudet": range(10), "Verkkosivut": range(2, 15), "Sosiaalinen media": range(5)}
NOT_ASKED_2024 = "verkostot"
RESPONDENTS = {2024: 17, 2025: 4}


def survey_rows(year: int) -> list[dict[str, str]]:
    leads = [p[0] for p in projects(year)][:RESPONDENTS[year]]
    rows = []
    for i, code in enumerate(leads):
        has_subs = bool(projects(year)[i][7])
        if year == 2024:
            chal, res, chan, net = (_pick(i, CHALLENGES_2024), _pick(i, RESULTS_2024), _pick(i, CHANNELS_2024), "")
        else:
            chal, res, chan, net = ("Kohderyhmän tavoittaminen", "Yhteistyöverkostot", "Verkkosivut;Webinaarit",
                                    "Yritykset;Ohjausryhmä")
        rows.append(dict(
            hanketunnus=code, henkilosto_paatoimiset=str(i % 2), henkilosto_osa_aikaiset=str(2 + i % 3),
            osatoteuttajat_paatoimiset="0" if has_subs else "", osatoteuttajat_osa_aikaiset=str(1 + i % 2) if has_subs else "",
            haasteet=chal, tulokset=res, viestintakanavat=chan, verkostot=net,
            onnistumiset="(vapaa teksti, ei julkaista)", muuta=""))
    return rows


# The four 2023 projects that end in 2025; S23018 does not answer.
END_SURVEY_2025 = {
    "S23014": (120, "Uudet koulutusmallit;Uudet yhteistyöverkostot", "Osaksi organisaation perustoimintaa",
               "Kohderyhmän tavoittaminen"),
    "S23016": (80, "Uudet koulutusmallit;Osaamiskartoitukset", "Osaksi organisaation perustoimintaa;Jatkohanke",
               "Kohderyhmän tavoittaminen;Hallinnollinen työ"),
    "S23019": (150, "Uudet koulutusmallit;Uudet yhteistyöverkostot", "Yhteistyö jatkuu verkostossa",
               "Kohderyhmän tavoittaminen"),
}


def end_survey_rows() -> list[dict[str, str]]:
    return [dict(hanketunnus=code, osallistujat=str(n), tulokset=res, jatkuvuus=cont, haasteet=chal,
                 opit="(vapaa teksti, ei julkaista)")
            for code, (n, res, cont, chal) in END_SURVEY_2025.items()]


def knows_not_asked() -> bool:
    """Whether the joppi under test has the `kysymatta` setting of data/julkaisu.yml."""
    from joppi import config

    settings = getattr(config, "_Settings", None)
    return settings is not None and "kysymatta" in getattr(settings, "model_fields", {})


def declare_not_asked(project: Path, year: int, questions: list[str]) -> None:
    """Append `kysymatta: {year: [questions]}` to the copy's data/julkaisu.yml."""
    path = Path(project) / "data" / "julkaisu.yml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n# Not asked in the year's start survey (tests/editor_years.py).\n"
                    f"kysymatta:\n  {year}: [{', '.join(questions)}]\n", encoding="utf-8")


def add_editor_years(project: Path) -> Path:
    """Add the editor's 2024 and 2025 (and the 2025 end survey) to a copy of the project."""
    project = Path(project)
    path = project / "data" / "hankkeet.csv"
    kept = [r for r in read_rows(path) if int(r["alkamispaiva"][:4]) < 2024]
    write_rows(path, PROJECT_COLUMNS, kept + project_rows(2024) + project_rows(2025))
    for year in (2024, 2025):
        write_rows(project / "data" / "kysely" / f"{year}.csv", SURVEY_COLUMNS, survey_rows(year))
    write_rows(project / "data" / "loppukysely" / "2025.csv", END_SURVEY_COLUMNS, end_survey_rows())
    if knows_not_asked():
        declare_not_asked(project, 2024, [NOT_ASKED_2024])
    return project


# --- the built editions, once per session (both test modules read the same builds) -------------------

_BUILT: dict = {}


def built_editions(tmp_path_factory) -> Path:
    """The project with the editor's years, its 2024 and 2025 editions built (both languages, one
    `joppi build` per year) into <project>/_output/<year>/ (Swedish in sv/)."""
    import os

    if os.environ.get("JOPPI_EDITOR_BUILT"):       # a project built before (while writing the tests)
        _BUILT.setdefault("root", Path(os.environ["JOPPI_EDITOR_BUILT"]))
    if "root" not in _BUILT:
        import synthetic as syn
        from conftest import copy_full_project

        root = add_editor_years(copy_full_project(tmp_path_factory.mktemp("toimittaja") / "projekti"))
        for year in (2024, 2025):
            proc = syn.build_cli(root, year, timeout=600)
            assert proc.returncode == 0, proc.stdout + proc.stderr
        _BUILT["root"] = root
    return _BUILT["root"]
