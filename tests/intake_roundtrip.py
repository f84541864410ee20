"""An export of the 2023 operations, made from the 45 rows of data/hankkeet.csv.

What an export knows comes from the rows (code, main code, name, beneficiary, dates, the
authority of the row's ELY centre, a municipality of the row's maakunta); what it does not
hold in the project is invented here: the purposes, written as Finnish sentences with inflected
words of the row's fields and (for main and single rows) theme, plus fund, objective, amounts.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from intake_synthetic import HEADERS, PROGRAMME, write_xlsx

# A municipality of each maakunta the 2023 rows use.
TOWN = {"Keski-Suomi": "Jyväskylä", "Etelä-Savo": "Mikkeli", "Päijät-Häme": "Lahti", "Pohjois-Pohjanmaa": "Oulu",
        "Pirkanmaa": "Tampere", "Pohjois-Karjala": "Joensuu", "Uusimaa": "Helsinki", "Pohjois-Savo": "Kuopio",
        "Kanta-Häme": "Hämeenlinna", "Etelä-Pohjanmaa": "Seinäjoki", "Kainuu": "Kajaani"}
# How a purpose speaks of each field and theme, inflected as in running text.
FIELD_TEXT = {
    "Sosiaali-, terveys- ja hyvinvointiala": "sosiaali- ja terveysalan hoitotyössä",
    "Teknologia-ala": "teollisuuden automaatiossa",
    "Luonto- ja ympäristöala": "kiertotaloudessa",
    "Palvelualat": "matkailussa ja ravintola-alalla",
    "Kaupan ja hallinnon ala": "kaupan alalla ja taloushallinnossa",
    "Kasvatus- ja opetusala": "opettajien työssä",
    "Kulttuuriala": "luovilla aloilla",
    "Tieto- ja viestintätekniikka": "digitaitojen opetuksessa",
    "Rakennusala": "korjausrakentamisessa",
    "Maa- ja metsätalousala": "maataloudessa",
    "Ei toimialasidonnainen": "",
}
THEME_TEXT = {
    "Joustavien koulutusmallien kehittäminen": "Kehitämme joustavia koulutusmalleja.",
    "Osaamisen vahvistaminen ja laajentaminen": "Tavoitteena on osaamisen vahvistaminen.",
    "Osaamistarpeiden ennakointi ja varmistaminen": "Hanke tekee osaamistarpeiden ennakointia.",
}
SEARCH = ["jatkuvan oppimisen", "aikuiskoulutuksen", "lisäkoulutuksiin", "ammatillisen koulutuksen"]


def rows_2023(project: Path) -> list[dict[str, str]]:
    with (project / "data" / "hankkeet.csv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter=";") if r["alkamispaiva"].startswith("2023")]


def purpose(row: dict[str, str], i: int) -> str:
    fields = [FIELD_TEXT[f] for f in row["toimialat"].split(";") if FIELD_TEXT[f]]
    where = f" {' ja '.join(fields)}" if fields else ""
    text = f"Hanke vahvistaa {SEARCH[i % len(SEARCH)]} mahdollisuuksia{where}."
    if row["kehittamisteema"]:
        text += " " + THEME_TEXT[row["kehittamisteema"]]
    return text


def export_2023(project: Path, path: Path) -> Path:
    ely = {}
    with (project / "data" / "luokitukset" / "ely_keskukset.csv").open(encoding="utf-8") as f:
        ely = {r["nimi"]: r["pitka_nimi"] for r in csv.DictReader(f, delimiter=";")}
    rows = []
    for i, r in enumerate(rows_2023(project)):
        rows.append({"Hankekoodi": r["hanketunnus"], "Päähankkeen koodi": r["ryhmahanke"], "Hankkeen nimi": r["nimi"],
                     "Tuensaaja": r["toteuttaja"], "Y-tunnus": f"{1000000 + i}-1",
                     "Hankkeen tarkoitus ja tulokset": purpose(r, i),
                     "Alkamispäivä": date.fromisoformat(r["alkamispaiva"]),
                     "Päättymispäivä": date.fromisoformat(r["paattymispaiva"]),
                     "Kokonaiskustannukset": 100000 + 1000 * i, "EU-osarahoitus": 60000 + 600 * i, "Rahasto": "ESR+",
                     "Toimintalinja": PROGRAMME["ESR+"][0], "Erityistavoite": "4.2",
                     "Rahoittava viranomainen": ely[r["ely_keskus"]], "Sijainti": TOWN[r["maakunta"]],
                     "Toimenpideluokka": "149"})
    assert list(rows[0]) == HEADERS
    return write_xlsx(rows, path)
