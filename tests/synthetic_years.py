"""Three editions' data for the later-edition tests: 2023 (the reconstruction), 2024 and 2025.

`add_years(project)` writes into a copy of the project a small synthetic 2024 and 2025, each
differing from the year before on purpose, and the 2025 end-of-project survey:

| what                              | 2023 (data/README.md)      | 2024 (here)                          | 2025 (here)                 |
|-----------------------------------|----------------------------|--------------------------------------|-----------------------------|
| rows: groups / subs / singles     | 45: 13 / 25 / 7            | 7: 2 / 3 / 2                         | 2: 0 / 0 / 2 (no subs)      |
| ELY centres with projects         | all four                   | Pohjois-Pohjanmaa has none           | Häme, Pohjois-Pohjanmaa     |
| themes (main implementers)        | T1, T2, T3                 | T1, T2, T3                           | T3 absent                   |
| organisation types                | nine                       | a new one (Säätiö), represented once | Kunta, Yritys               |
| main implementers' full-time staff| 5                          | 0 (nobody full-time)                 | 1                           |
| survey question not asked         | —                          | —                                    | verkostot (kysymatta)       |
| ends in the year (leads)          | none                       | S24103 (31.12.2024)                  | S23014, S23016, S23018, S23019, S24101 |

The 2025 survey's networks column (verkostot) is blank for every respondent: `add_years` declares the
question not asked in 2025 in data/julkaisu.yml (`kysymatta: {2025: [verkostot]}`); without that
declaration (`declare_not_asked=False`) validation refuses the blank column as an export fault.

The 2025 end survey has responses from the four 2023 projects that end in 2025; S24101 (a 2024
group project ending 31.3.2025) does not answer. The facts the tests assert are worked out by hand
in tests/test_editions_data.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from joppi.endsurvey import END_SURVEY_COLUMNS
from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS

from synthetic import project_rows_of, read_rows, write_rows

KUL = "Kulttuuriala"
TEK = "Teknologia-ala"
KAS = "Kasvatus- ja opetusala"
SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
PAL = "Palvelualat"
T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"

# A classification category new in 2024 (data/luokitukset/organisaatiotyypit.csv).
NEW_ORG_TYPE = {"koodi": "SAA", "nimi": "Säätiö", "monikko": "säätiöt", "partitiivi": "säätiötä",
                "nimi_sv": "Stiftelse", "monikko_sv": "stiftelser"}

# name -> (organisation type, maakunta): the reconstruction's, plus the new foundation
ORGS = {
    "Ammattikorkeakoulu A": ("Ammattikorkeakoulu", "Keski-Suomi"),
    "Ammattikorkeakoulu B": ("Ammattikorkeakoulu", "Etelä-Savo"),
    "Yliopisto A": ("Yliopisto", "Keski-Suomi"),
    "Kansalaisopisto A": ("Kansalaisopisto", "Keski-Suomi"),
    "Kunta A": ("Kunta", "Kainuu"),
    "Kunta B": ("Kunta", "Etelä-Pohjanmaa"),
    "Yritys A": ("Yritys", "Pirkanmaa"),
    "Säätiö A": ("Säätiö", "Pirkanmaa"),
}

# (code, name, main implementer, ELY, theme, fields, (start, end), [(sub-implementer, fields)])
PROJECTS = {
    2024: [
        ("S24101", "Kulttuurialan joustavat polut", "Ammattikorkeakoulu A", "Häme", T1, [KUL],
         ("2024-02-01", "2025-03-31"), [("Kunta B", [KUL])]),
        ("S24102", "Tekniikan osaajat", "Yliopisto A", "Keski-Suomi", T2, [TEK],
         ("2024-05-01", "2027-04-30"), [("Ammattikorkeakoulu B", [TEK]), ("Kansalaisopisto A", [KAS])]),
        ("S24103", "Kulttuurin osaamistarpeet", "Säätiö A", "Etelä-Savo", T3, [KUL],
         ("2024-09-01", "2024-12-31"), []),
        ("S24104", "Hoiva-alan ennakointi", "Ammattikorkeakoulu B", "Etelä-Savo", T3, [SOTE],
         ("2024-03-01", "2026-02-28"), []),
    ],
    2025: [
        ("S25001", "Kuntien palveluosaaminen", "Kunta A", "Häme", T1, [PAL],
         ("2025-01-15", "2026-12-31"), []),
        ("S25002", "Yritysten automaatio-osaaminen", "Yritys A", "Pohjois-Pohjanmaa", T2, [TEK],
         ("2025-03-01", "2027-02-28"), []),
    ],
}

# Start survey: (main full-time, main part-time, sub full-time, sub part-time, challenges,
# results, channels, networks) by option name; S24103 did not answer in 2024.
SURVEY = {
    2024: {
        "S24101": (0, 2, 0, 1, "Kohderyhmän tavoittaminen", "Yhteistyöverkostot", "Verkkosivut", "Osatoteuttajat"),
        "S24102": (0, 3, 0, 2, "Kohderyhmän tavoittaminen;Hallinnollinen työ", "Yhteistyöverkostot;Hankkeen verkkosivut",
                   "Verkkosivut;Sosiaalinen media", "Osatoteuttajat;Yritykset"),
        "S24104": (0, 1, None, None, "Hallinnollinen työ", "Kohderyhmien kartoitukset ja kyselyt",
                   "Esittelytilaisuudet", "Oman organisaation muut yksiköt"),
    },
    2025: {   # networks (verkostot) answered by nobody
        "S25001": (1, 2, None, None, "Hankehenkilöstön rekrytointi", "Toiminta- ja työsuunnitelmat", "Sähköposti", ""),
        "S25002": (0, 1, None, None, "Henkilöstön vaihtuvuus", "Yhteistyöverkostot", "Verkkosivut", ""),
    },
}

# End survey 2025: (participants, results, continuation, challenges), option names.
END_SURVEY_2025 = {
    "S23014": (120, "Uudet koulutusmallit;Uudet yhteistyöverkostot", "Osaksi organisaation perustoimintaa",
               "Kohderyhmän tavoittaminen"),
    "S23016": (45, "Uudet koulutusmallit;Osaamiskartoitukset", "Osaksi organisaation perustoimintaa;Jatkohanke",
               "Kohderyhmän tavoittaminen;Hallinnollinen työ"),
    "S23018": (0, "Uudet koulutusmallit;Uudet yhteistyöverkostot", "Osaksi organisaation perustoimintaa", ""),
    "S23019": (200, "Uudet koulutusmallit;Uudet yhteistyöverkostot;Koulutusmateriaalit",
               "Yhteistyö jatkuu verkostossa", "Kohderyhmän tavoittaminen"),
}


def project_rows(year: int) -> list[dict[str, str]]:
    return project_rows_of(PROJECTS[year], ORGS)


def survey_rows(year: int) -> list[dict[str, str]]:
    return [dict(
        hanketunnus=code, henkilosto_paatoimiset=str(mf), henkilosto_osa_aikaiset=str(mp),
        osatoteuttajat_paatoimiset="" if sf is None else str(sf),
        osatoteuttajat_osa_aikaiset="" if sp is None else str(sp),
        haasteet=chal, tulokset=res, viestintakanavat=chan, verkostot=net,
        onnistumiset="(vapaa teksti, ei julkaista)", muuta="")
        for code, (mf, mp, sf, sp, chal, res, chan, net) in SURVEY[year].items()]


def end_survey_rows() -> list[dict[str, str]]:
    return [dict(hanketunnus=code, osallistujat=str(n), tulokset=res, jatkuvuus=cont, haasteet=chal,
                 opit="(vapaa teksti, ei julkaista)")
            for code, (n, res, cont, chal) in END_SURVEY_2025.items()]


NOT_ASKED = "kysymatta:\n  2025: [verkostot]\n"


def add_years(project: Path, years: tuple[int, ...] = (2024, 2025), end_survey: bool = True,
              declare_not_asked: bool = True) -> Path:
    """Add the synthetic years (and the 2025 end survey) to a copy of the project; 2025's blank
    networks question is declared not asked unless `declare_not_asked` is false."""
    project = Path(project)
    settings = project / "data" / "julkaisu.yml"
    text = settings.read_text(encoding="utf-8")
    if declare_not_asked and 2025 in years and "kysymatta:" not in text:
        settings.write_text(text.rstrip("\n") + "\n" + NOT_ASKED, encoding="utf-8")
    types = project / "data" / "luokitukset" / "organisaatiotyypit.csv"
    type_rows = read_rows(types)
    if all(r["koodi"] != NEW_ORG_TYPE["koodi"] for r in type_rows):
        write_rows(types, list(type_rows[0]), type_rows + [NEW_ORG_TYPE])  # the file's own columns
    projects = project / "data" / "hankkeet.csv"
    kept = [r for r in read_rows(projects) if int(r["alkamispaiva"][:4]) not in years]
    write_rows(projects, PROJECT_COLUMNS, kept + [row for y in years for row in project_rows(y)])
    for y in years:
        write_rows(project / "data" / "kysely" / f"{y}.csv", SURVEY_COLUMNS, survey_rows(y))
    if end_survey and 2025 in years:
        write_end_survey(project, end_survey_rows())
    settings = project / "data" / "julkaisu.yml"
    text = settings.read_text(encoding="utf-8")
    dated = (yaml.safe_load(text) or {}).get("julkaisupaivat") or {}
    dates = "".join(f"  {y}: {PUBLICATION_DATES[y]}\n" for y in years if y in PUBLICATION_DATES and y not in dated)
    if dates and "\njulkaisupaivat:\n" in text:
        settings.write_text(text.replace("\njulkaisupaivat:\n", "\njulkaisupaivat:\n" + dates, 1), encoding="utf-8")
    return project


# Each synthetic edition's publication date (data/julkaisu.yml: julkaisupaivat).
PUBLICATION_DATES = {2024: "2025-03-14", 2025: "2026-03-13"}


def write_end_survey(project: Path, rows: list[dict[str, str]], year: int = 2025) -> Path:
    path = Path(project) / "data" / "loppukysely" / f"{year}.csv"
    write_rows(path, END_SURVEY_COLUMNS, rows)
    return path
