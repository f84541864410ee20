"""Reconstruct the 2023 cohort of data/hankkeet.csv and data/kysely/2023.csv.

The original rows are not public. This script writes a reconstruction that reproduces
every fact the 2023 edition states (see data/README.md). It is kept so that the
reconstruction can be read and audited; a real user replaces its output with the
EURA 2021 export and the real survey.

Run: python data/reconstruct_2023.py   (rewrites the 2023 rows, keeps other years' rows)
"""

from __future__ import annotations

import csv
from pathlib import Path

from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS

HERE = Path(__file__).resolve().parent

# Distinct (start, end) pairs: 17 of them, within 1.1.2023–31.10.2026.
DATES = {
    "A": ("2023-01-01", "2025-12-31"),
    "B": ("2023-02-01", "2025-08-31"),
    "C": ("2023-03-01", "2026-02-28"),
    "D": ("2023-04-01", "2026-03-31"),
    "E": ("2023-05-01", "2026-04-30"),
    "F": ("2023-06-01", "2026-08-31"),
    "G": ("2023-08-01", "2026-07-31"),
    "H": ("2023-08-15", "2026-06-30"),
    "I": ("2023-09-01", "2026-08-31"),
    "J": ("2023-09-01", "2026-10-31"),
    "K": ("2023-10-01", "2026-09-30"),
    "L": ("2023-10-01", "2026-10-31"),
    "M": ("2023-11-01", "2026-10-31"),
    "N": ("2023-11-15", "2026-05-31"),
    "O": ("2023-12-01", "2026-10-31"),
    "P": ("2023-12-01", "2025-11-30"),
    "Q": ("2023-06-15", "2025-06-14"),
}

# Organisations: name -> (type, maakunta)
ORGS = {
    "Ammattikorkeakoulu A": ("Ammattikorkeakoulu", "Keski-Suomi"),
    "Ammattikorkeakoulu B": ("Ammattikorkeakoulu", "Etelä-Savo"),
    "Ammattikorkeakoulu C": ("Ammattikorkeakoulu", "Päijät-Häme"),
    "Ammattikorkeakoulu D": ("Ammattikorkeakoulu", "Pohjois-Pohjanmaa"),
    "Ammattikorkeakoulu E": ("Ammattikorkeakoulu", "Pirkanmaa"),
    "Ammattikorkeakoulu F": ("Ammattikorkeakoulu", "Pohjois-Karjala"),
    "Ammattikorkeakoulu G": ("Ammattikorkeakoulu", "Uusimaa"),
    "Yliopisto A": ("Yliopisto", "Keski-Suomi"),
    "Yliopisto B": ("Yliopisto", "Pohjois-Pohjanmaa"),
    "Yliopisto C": ("Yliopisto", "Uusimaa"),
    "Koulutuskuntayhtymä A": ("Ammatillisen koulutuksen järjestäjä", "Pohjois-Savo"),
    "Koulutuskuntayhtymä B": ("Ammatillisen koulutuksen järjestäjä", "Kanta-Häme"),
    "Koulutuskuntayhtymä C": ("Ammatillisen koulutuksen järjestäjä", "Pohjois-Pohjanmaa"),
    "Koulutuskuntayhtymä D": ("Ammatillisen koulutuksen järjestäjä", "Etelä-Pohjanmaa"),
    "Koulutuskuntayhtymä E": ("Ammatillisen koulutuksen järjestäjä", "Pohjois-Karjala"),
    "Ammattiopisto F": ("Ammatillisen koulutuksen järjestäjä", "Kanta-Häme"),
    "Ammattiopisto G": ("Ammatillisen koulutuksen järjestäjä", "Kainuu"),
    "Kansalaisopisto A": ("Kansalaisopisto", "Keski-Suomi"),
    "Kansalaisopisto B": ("Kansalaisopisto", "Pohjois-Karjala"),
    "Kunta A": ("Kunta", "Kainuu"),
    "Kunta B": ("Kunta", "Etelä-Pohjanmaa"),
    "Kunta C": ("Kunta", "Kanta-Häme"),
    "Yhdistys A": ("Yhdistys tai järjestö", "Päijät-Häme"),
    "Yhdistys B": ("Yhdistys tai järjestö", "Pirkanmaa"),
    "Yhdistys C": ("Yhdistys tai järjestö", "Pohjois-Pohjanmaa"),
    "Yritys A": ("Yritys", "Pirkanmaa"),
    "Kehittämisyhtiö A": ("Kehittämisyhtiö", "Etelä-Savo"),
    "Hyvinvointialue A": ("Hyvinvointialue", "Pohjois-Savo"),
}

SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
TEK = "Teknologia-ala"
LUO = "Luonto- ja ympäristöala"
PAL = "Palvelualat"
KAU = "Kaupan ja hallinnon ala"
KAS = "Kasvatus- ja opetusala"
KUL = "Kulttuuriala"
EI = "Ei toimialasidonnainen"

T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"

# Projects: code, name, main implementer, ELY, theme, fields, dates, sub-implementers.
# A sub-implementer is (organisation, fields or None for the group's, dates or None).
PROJECTS = [
    ("S23001", "Joustavat polut hoitotyöhön", "Ammattikorkeakoulu A", "Keski-Suomi", T1, [SOTE, PAL], "J",
     [("Ammattikorkeakoulu B", None, None), ("Kansalaisopisto A", [PAL], None), ("Koulutuskuntayhtymä D", None, "L")]),
    ("S23002", "Teknologiaosaajat teollisuuden murroksessa", "Ammattikorkeakoulu A", "Keski-Suomi", T2, [TEK], "F",
     [("Ammattikorkeakoulu C", None, None), ("Kunta B", [TEK, KAU], None)]),
    ("S23003", "Ennakoiva osaaminen Pirkanmaalla", "Ammattikorkeakoulu E", "Keski-Suomi", T3, [TEK, KAU], "G",
     [("Ammattikorkeakoulu A", [TEK], None), ("Yhdistys B", [KAU], None)]),
    ("S23004", "Opettajien jatkuvan oppimisen väylät", "Yliopisto A", "Keski-Suomi", T1, [KAS], "C",
     [("Ammattikorkeakoulu A", None, None), ("Ammattikorkeakoulu E", [KAS, SOTE], None)]),
    ("S23005", "Sote-osaamisen ennakointi Itä-Suomessa", "Ammattikorkeakoulu B", "Etelä-Savo", T3, [SOTE], "I",
     [("Ammattikorkeakoulu C", None, None), ("Hyvinvointialue A", None, None), ("Koulutuskuntayhtymä E", None, "M")]),
    ("S23006", "Vihreän siirtymän osaajat", "Ammattikorkeakoulu B", "Etelä-Savo", T3, [LUO, TEK], "K",
     [("Ammattikorkeakoulu F", [LUO], None), ("Ammattikorkeakoulu A", [TEK], None)]),
    ("S23007", "Kulttuurialan joustavat opinnot", "Ammattikorkeakoulu F", "Etelä-Savo", T1, [KUL], "H",
     [("Ammattikorkeakoulu B", [KUL, PAL], None), ("Kansalaisopisto B", [KUL], None)]),
    ("S23008", "Työn ohessa opiskeltavat koulutusmallit", "Ammattikorkeakoulu C", "Häme", T1, [SOTE, PAL], "D",
     [("Ammattikorkeakoulu G", [SOTE], None), ("Ammattiopisto F", [PAL], None)]),
    ("S23009", "Hoiva-alan osaamistarpeet Hämeessä", "Ammattikorkeakoulu C", "Häme", T3, [SOTE], "L",
     [("Ammattikorkeakoulu B", None, None), ("Kunta C", None, None)]),
    ("S23010", "Digitaaliset oppimisympäristöt työelämään", "Ammattikorkeakoulu G", "Häme", T1, [TEK, KAS], "E",
     [("Ammattikorkeakoulu C", [TEK], None), ("Yliopisto C", [TEK], None)]),
    ("S23011", "Pohjoisen teollisuuden osaamisloikka", "Ammattikorkeakoulu D", "Pohjois-Pohjanmaa", T2, [TEK], "O",
     [("Ammattiopisto G", None, None)]),
    ("S23012", "Luonnonvara-alan ennakointi", "Koulutuskuntayhtymä C", "Pohjois-Pohjanmaa", T3, [LUO], "J",
     [("Yhdistys C", None, None)]),
    ("S23013", "Korkeakoulujen jatkuvan oppimisen tarjotin", "Yliopisto B", "Pohjois-Pohjanmaa", T2, [SOTE, TEK], "M",
     [("Ammattikorkeakoulu D", None, None)]),
    # Single projects
    ("S23014", "Palvelumuotoilun täsmäkoulutus", "Ammattikorkeakoulu A", "Keski-Suomi", T2, [PAL, SOTE], "Q", []),
    ("S23015", "Robotiikkaosaaminen pk-yrityksissä", "Yritys A", "Keski-Suomi", T3, [TEK], "I", []),
    ("S23016", "Maahanmuuttajien ammatillinen osaaminen", "Koulutuskuntayhtymä A", "Etelä-Savo", T2, [SOTE], "A", []),
    ("S23017", "Seudullinen osaamiskartoitus", "Kehittämisyhtiö A", "Etelä-Savo", T3, [EI], "N", []),
    ("S23018", "Oppisopimuksen joustavat mallit", "Koulutuskuntayhtymä B", "Häme", T1, [PAL, KAU], "B", []),
    ("S23019", "Järjestöjen osaamistarpeet", "Yhdistys A", "Häme", T3, [SOTE], "P", []),
    ("S23020", "Kainuun luonto-osaajat", "Kunta A", "Pohjois-Pohjanmaa", T3, [LUO, PAL], "F", []),
]

# Survey responses of the main implementers (15 of 20): code -> staff and answers.
# (main full-time, main part-time, sub full-time, sub part-time, challenges, results, channels, networks)
SURVEY = {
    "S23001": (1, 4, 0, 4, "H1;H2;H3", "R1;R2;R5", "V1;V2;V3;V4", "N1;N2;N3;N4;N9;N10"),
    "S23002": (0, 3, 0, 3, "H1;H2", "R1;R2;R3", "V1;V2;V3;V5;V7", "N1;N2;N6;N4"),
    "S23003": (1, 3, 0, 2, "H1;H4", "R2;R3;R4", "V1;V2;V4;V6", "N1;N2;N5;N7"),
    "S23004": (0, 3, 0, 2, "H2;H3", "R1;R3;R4", "V2;V3;V6", "N1;N3;N9;N10"),
    "S23005": (1, 4, 0, 3, "H1;H2;H4", "R1;R2;R5;R6", "V1;V2;V3;V4;V5", "N1;N4;N5;N7;N8"),
    "S23006": (0, 3, 0, 2, "H1;H3", "R2;R3;R4", "V1;V2;V3", "N1;N2;N6;N8"),
    "S23007": (0, 2, 0, 2, "H2;H4", "R1;R2;R6", "V1;V2;V3;V6", "N1;N3;N5"),
    "S23008": (1, 3, 0, 2, "H1;H2", "R1;R2;R6", "V1;V2;V4;V5;V7", "N1;N2;N4;N6"),
    "S23009": (0, 3, 0, 2, "H1;H2;H3", "R2;R3;R4", "V1;V2;V3", "N1;N7;N3"),
    "S23011": (0, 4, 0, 1, "H1", "R1;R2", "V1;V2;V5;V7", "N1;N2;N6;N9"),
    "S23013": (0, 3, 0, 5, "H2;H4", "R1;R2;R5", "V2;V3;V4;V6", "N1;N3;N9;N10"),
    "S23014": (1, 2, None, None, "H1;H2", "R2;R6", "V1;V2;V3;V7", "N2;N3"),
    "S23015": (0, 3, None, None, "H1", "R2;R4", "V2;V3;V5;V7", "N2;N6;N8"),
    "S23017": (0, 2, None, None, "H3", "R3;R4", "V1;V2;V4", "N6;N7;N8"),
    "S23019": (0, 2, None, None, "H2", "R2;R3", "V2;V3;V4", "N5;N7;N8"),
}

HANKKEET_COLUMNS = PROJECT_COLUMNS
KYSELY_COLUMNS = SURVEY_COLUMNS


def _names(file: str, codes: str) -> str:
    table = dict(
        line.split(";", 1)
        for line in (HERE / "luokitukset" / file).read_text(encoding="utf-8").splitlines()[1:]
    )
    return ";".join(table[c] for c in codes.split(";"))


def project_rows() -> list[dict[str, str]]:
    rows = []
    for code, name, main, ely, theme, fields, dates, subs in PROJECTS:
        role = "päätoteuttaja" if subs else "yksittäinen"
        start, end = DATES[dates]
        org_type, region = ORGS[main]
        rows.append(dict(
            hanketunnus=code, nimi=name, toteuttaja=main, organisaatiotyyppi=org_type,
            rooli=role, ryhmahanke="", ely_keskus=ely, maakunta=region,
            toimialat=";".join(fields), kehittamisteema=theme,
            alkamispaiva=start, paattymispaiva=end,
        ))
        for i, (org, sub_fields, sub_dates) in enumerate(subs, start=1):
            org_type, region = ORGS[org]
            s, e = DATES[sub_dates] if sub_dates else (start, end)
            rows.append(dict(
                hanketunnus=f"{code}-{i}", nimi=name, toteuttaja=org, organisaatiotyyppi=org_type,
                rooli="osatoteuttaja", ryhmahanke=code, ely_keskus=ely, maakunta=region,
                toimialat=";".join(sub_fields or fields), kehittamisteema="",
                alkamispaiva=s, paattymispaiva=e,
            ))
    return rows


def survey_rows() -> list[dict[str, str]]:
    rows = []
    for code, (mf, mp, sf, sp, chal, res, chan, net) in SURVEY.items():
        rows.append(dict(
            hanketunnus=code,
            henkilosto_paatoimiset=str(mf), henkilosto_osa_aikaiset=str(mp),
            osatoteuttajat_paatoimiset="" if sf is None else str(sf),
            osatoteuttajat_osa_aikaiset="" if sp is None else str(sp),
            haasteet=_names("kysely_haasteet.csv", chal),
            tulokset=_names("kysely_tulokset.csv", res),
            viestintakanavat=_names("kysely_viestintakanavat.csv", chan),
            verkostot=_names("kysely_verkostot.csv", net),
            onnistumiset="(vapaa teksti, ei julkaista)", muuta="",
        ))
    return rows


def _write(path: Path, columns: list[str], rows: list[dict[str, str]], keep) -> None:
    kept = []
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as f:
            kept = [r for r in csv.DictReader(f, delimiter=";") if keep(r)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows + kept)


if __name__ == "__main__":
    _write(HERE / "hankkeet.csv", HANKKEET_COLUMNS, project_rows(),
           keep=lambda r: not r["alkamispaiva"].startswith("2023"))
    _write(HERE / "kysely" / "2023.csv", KYSELY_COLUMNS, survey_rows(), keep=lambda r: False)
