"""A synthetic EURA 2021 export for the intake's tests, with its answer key (deterministic).

Every row is made from a template whose expected outcome the template states: the key is
written by hand here, never computed by the intake. `KEY[code]` is "ehdokas", "lähes:<the one
filter that fails>" or "ei" (two or more filters fail); `REGION[code]` is the maakunta the
intake should suggest ("" = unknown, to be flagged). Sub-implementations follow their main row.

The export is for the year 2024; it also holds two projects of data/hankkeet.csv (2023), one
of them with a moved end date.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

YEAR = 2024
HEADERS = ["Hankekoodi", "Päähankkeen koodi", "Hankkeen nimi", "Tuensaaja", "Y-tunnus",
           "Hankkeen tarkoitus ja tulokset", "Alkamispäivä", "Päättymispäivä", "Kokonaiskustannukset",
           "EU-osarahoitus", "Rahasto", "Toimintalinja", "Erityistavoite", "Rahoittava viranomainen", "Sijainti",
           "Toimenpideluokka"]

PROGRAMME = {   # fund -> (toimintalinja, specific objectives)
    "EAKR": ("1 Innovatiivinen ja älykäs Suomi", ["1.1", "1.2", "1.3", "1.4"]),
    "EAKR ": ("2 Vihreä ja vähähiilinen Suomi", ["2.1", "2.2", "2.3", "2.4"]),
    "ESR+": ("4 Osaava ja osallistava Suomi", ["4.1", "4.2", "4.3", "4.4", "4.5"]),
    "JTF": ("6 Oikeudenmukainen siirtymä", ["6.1"]),
}
OBJECTIVE_TEXT = {"4.2": "Koulutusjärjestelmien laadun, osallistavuuden ja tehokkuuden parantaminen"}
ELY = ["Hämeen ELY-keskus", "Keski-Suomen ELY-keskus", "Etelä-Savon ELY-keskus", "Pohjois-Pohjanmaan ELY-keskus"]
OTHER_AUTHORITIES = ["Uudenmaan ELY-keskus", "Lapin ELY-keskus", "Työ- ja elinkeinoministeriö", "Hämeen liitto"]

# Purposes with a search word in an inflected form: candidates.
MATCHING = [
    "Hankkeessa kehitetään jatkuvan oppimisen palveluja alueen pk-yrityksille ja niiden henkilöstölle.",
    "Tavoitteena on parantaa aikuiskoulutuksen saavutettavuutta maaseudulla verkko-oppimisen avulla.",
    "Työttömiä ohjataan lisäkoulutuksiin ja tuetaan heidän paluutaan työelämään.",
    "Hanke vahvistaa ammatillisen koulutuksen ja työpaikkojen yhteistyötä hoitotyössä.",
    "Jatkuvaa oppimista tuetaan työpaikoilla uusilla joustavilla koulutusmalleilla.",
    "Kehitetään aikuiskoulutukseen hakeutumista tukevia ohjauspalveluja teollisuuden työntekijöille.",
    "Lisäkoulutusten tarjontaa laajennetaan matkailu- ja ravintola-alalla.",
    "Ammatilliseen koulutukseen luodaan uusia opintopolkuja rakennusalalle.",
    "Hanke ennakoi osaamistarpeita ja suunnittelee jatkuvan oppimisen ratkaisuja.",
    "Osaamisen vahvistaminen lisäkoulutuksella digitaidoissa ja tietotekniikassa.",
    "Sosiaalialan ammattilaisille tarjotaan aikuiskoulutusta työn ohessa.",
    "Ammatillisen koulutuksen opettajien osaamista kehitetään kiertotaloudessa.",
]
# Names that carry a search word themselves (the purpose then need not).
MATCHING_NAMES = ["Jatkuvan oppimisen verkosto", "Aikuiskoulutuksen polut", "Lisäkoulutuksella töihin",
                  "Ammatillisen koulutuksen työelämäyhteistyö"]
# Purposes that come close and must not match: each with why.
NEAR_TEXTS = [
    ("Yrityksen tuotantoprosesseja kehitetään jatkuvasti.", "jatkuvasti ei ole jatkuva oppiminen"),
    ("Hanke edistää suomalaista koulutusvientiä Aasiaan.", "koulutusvienti ei ole koulutus"),
    ("Koulutusviennin uudet markkinat ja kumppanit.", "koulutusvienti taivutettuna"),
    ("Jatkuvan parantamisen mallit teollisuuden laatutyöhön.", "jatkuva ilman oppimista"),
    ("Oppimisympäristöjen digitalisointi kouluissa.", "oppimisympäristö ei ole jatkuva oppiminen"),
    ("Nuorten koulutus ja työllistyminen yhteistyössä kuntien kanssa.", "koulutus ilman ammatillinen-sanaa"),
    ("Aikuisten liikuntapalvelut ja hyvinvointi.", "aikuinen ilman koulutusta"),
    ("Ammatillinen kuntoutus ja työkyvyn tuki.", "ammatillinen ilman koulutusta"),
    ("Kehitämme jatkuvasti oppimista tukevia tiloja.", "jatkuvasti oppimista: -sti-adverbi"),
    ("Lisätään yritysten välistä koulutusyhteistyötä matkailussa.", "koulutusyhteistyö"),
]
# Hard cases, each single-project row otherwise a candidate: (purpose, the key's label by a reader's
# judgement, what the intake is expected to do when that differs, why).
HARD = [
    ("Palvelut tukevat jatkuvassa oppimisessa olevia aikuisia.", "ehdokas", None, "inessiivi"),
    ("Tukea jatkuvalle oppimiselle työpaikoilla.", "ehdokas", None, "allatiivi"),
    ("Oppilaitos aikuiskoulutuksineen uudistuu.", "ehdokas", None, "komitatiivi"),
    ("Tietoa lisäkoulutuksista työttömille.", "ehdokas", None, "monikon elatiivi"),
    ("Ammatillisissa koulutuksissa kehitetään työpaikkaohjausta.", "ehdokas", None, "monikon inessiivi"),
    ("Aikuiskoulutuskeskuksen palvelut uudistetaan.", "ehdokas", None, "hakusana yhdyssanan osana"),
    ("Lisäkoulutusohjelma sairaanhoitajille.", "ehdokas", None, "hakusana yhdyssanan alkuna"),
    ("JATKUVAN OPPIMISEN KESKUS", "ehdokas", None, "isot kirjaimet"),
    ("Jatkuvan\noppimisen palvelut", "ehdokas", None, "rivinvaihto sanojen välissä"),
    ("Vahvistetaan ammatillisen ja yleissivistävän koulutuksen yhteistyötä.", "ehdokas", "lähes:hakusana",
     "ellipsi: ”ammatillisen … koulutuksen”, haku ei löydä"),
    ("Hanke ei liity aikuiskoulutukseen vaan matkailuun.", "lähes:hakusana", "ehdokas",
     "kielto: hakusana löytyy, vaikka hanke ei kuulu julkaisuun"),
    ("Kehitetään jatkuvan opimisen malleja.", "lähes:hakusana", None, "kirjoitusvirhe"),
    ("Elinikäisen oppimisen palvelut.", "lähes:hakusana", None, "elinikäinen oppiminen ei ole hakusana"),
    ("Ammattikoulutuksen kehittäminen.", "lähes:hakusana", None, "ammattikoulutus ei ole hakusana"),
    ("Ammatillisesti suuntautunut koulutus.", "lähes:hakusana", None, "-sti-adverbi"),
]
# Filled by build(): code -> the label the intake is expected to give where it differs from the key.
INTAKE_DIFFERS: dict[str, str] = {}

BENEFICIARIES = [  # (name, organisation type)
    ("Jyväskylän ammattikorkeakoulu Oy", "Ammattikorkeakoulu"), ("Oulun yliopisto", "Yliopisto"),
    ("Savon koulutuskuntayhtymä", "Ammatillisen koulutuksen järjestäjä"),
    ("Kuopion kansalaisopisto", "Kansalaisopisto"), ("Mikkelin kaupunki", "Kunta"),
    ("Kehitysyhtiö Savonlinna Oy", "Kehittämisyhtiö"), ("Hyvinvointialue Keski-Suomi", "Hyvinvointialue"),
    ("Työllisyyden tuki ry", "Yhdistys tai järjestö"), ("Konepaja Virtanen Oy", "Yritys"),
    ("Hämeen ammattikorkeakoulu Oy", "Ammattikorkeakoulu"), ("Kiipulan ammattiopisto", "Ammatillisen koulutuksen järjestäjä"),
    ("Opintosäätiö Kaari", "Yhdistys tai järjestö"), ("Pedersören kunta", "Kunta"),
]
# (as written in the export, the maakunta the intake should find; "" = unknown)
MUNICIPALITIES = [
    ("Jyväskylä", "Keski-Suomi"), (" Jyväskylä ", "Keski-Suomi"), ("JYVÄSKYLÄ", "Keski-Suomi"),
    ("Pieksa\u0308ma\u0308ki", "Etelä-Savo"), ("Esbo", "Uusimaa"), ("Mänttä-Vilppula", "Pirkanmaa"),
    ("Koski Tl", "Varsinais-Suomi"), ("Kuopio, Siilinjärvi", "Pohjois-Savo"), ("Oulu", "Pohjois-Pohjanmaa"),
    ("Hämeenlinna", "Kanta-Häme"), ("Maarianhamina - Mariehamn", "Ahvenanmaa"), ("Mikkeli", "Etelä-Savo"),
    ("Helsinki, Tampere", ""), ("Valtakunnallinen", ""), ("", ""), ("Lahti", "Päijät-Häme"),
]


def _row(code, main, name, who, purpose, start, end, fund, objective, authority, municipality, rng):
    cost = rng.randrange(50, 2000) * 1000 + rng.choice([0, 0, 50])
    line, _ = PROGRAMME.get(fund, PROGRAMME["EAKR"]) if fund.strip() in ("EAKR", "ESR+", "JTF") else ("", [])
    return {"Hankekoodi": code, "Päähankkeen koodi": main, "Hankkeen nimi": name, "Tuensaaja": who,
            "Y-tunnus": f"{rng.randrange(1000000, 9999999)}-{rng.randrange(10)}",
            "Hankkeen tarkoitus ja tulokset": purpose, "Alkamispäivä": start, "Päättymispäivä": end,
            "Kokonaiskustannukset": cost, "EU-osarahoitus": round(cost * 0.6, 2), "Rahasto": fund.strip(),
            "Toimintalinja": line, "Erityistavoite": f"{objective} {OBJECTIVE_TEXT.get(objective, '')}".strip(),
            "Rahoittava viranomainen": authority, "Sijainti": municipality, "Toimenpideluokka": "149"}


def build() -> tuple[list[dict], dict[str, str], dict[str, str]]:
    """(rows of the export, the answer key, the expected regions of the listed rows)."""
    rng = random.Random(20240115)
    rows, key, region = [], {}, {}
    n = [0]

    def dates(year=YEAR):
        start = date(year, 1, 1) + timedelta(days=rng.randrange(0, 360))
        return start, start + timedelta(days=rng.randrange(365, 1100))

    def add(label, fund="ESR+", objective="4.2", authority=None, text=None, year=YEAR, subs=0, name=None,
            municipality=None):
        n[0] += 1
        code = f"S3{n[0]:04d}"
        start, end = dates(year)
        who, _ = BENEFICIARIES[n[0] % len(BENEFICIARIES)]
        muni, reg = municipality or MUNICIPALITIES[n[0] % len(MUNICIPALITIES)]
        authority = authority or ELY[n[0] % len(ELY)]
        text = text if text is not None else MATCHING[n[0] % len(MATCHING)]
        rows.append(_row(code, "", name or f"Hanke {n[0]}", who, text, start, end, fund, objective, authority,
                         muni, rng))
        key[code], region[code] = label, reg
        for s in range(1, subs + 1):
            sub = f"{code}-{s}"
            who_sub, _ = BENEFICIARIES[(n[0] + s * 5) % len(BENEFICIARIES)]
            muni_sub, reg_sub = MUNICIPALITIES[(n[0] + s * 3) % len(MUNICIPALITIES)]
            # a sub-implementation's own purpose may lack the search words: it follows its main row
            rows.append(_row(sub, code, name or f"Hanke {n[0]}", who_sub, "Osatoteuttajan työpaketti.",
                             start + timedelta(days=30 * s), end, fund, objective, authority, muni_sub, rng))
            key[sub], region[sub] = label, reg_sub
        return code

    for i in range(60):                                   # candidates: single projects and group projects
        add("ehdokas", subs=[0, 0, 1, 2, 3][i % 5])
    for i, nm in enumerate(MATCHING_NAMES * 2):           # the search word in the name only
        add("ehdokas", text="Hankkeen tavoitteena on uusien palvelujen kehittäminen.", name=nm)
    for i in range(30):                                   # near misses: the search word missing
        add("lähes:hakusana", text=NEAR_TEXTS[i % len(NEAR_TEXTS)][0], subs=1 if i % 6 == 0 else 0)
    for i in range(16):                                   # near misses: another fund
        add("lähes:rahasto", fund=["EAKR", "JTF"][i % 2], objective="4.2")
    for i in range(20):                                   # near misses: another specific objective of ESR+
        add("lähes:erityistavoite", objective=["4.1", "4.3", "4.4", "4.5"][i % 4])
    for i in range(16):                                   # near misses: another authority
        add("lähes:viranomainen", authority=OTHER_AUTHORITIES[i % len(OTHER_AUTHORITIES)])
    for i in range(20):                                   # near misses: started in another year
        add("lähes:alkamisvuosi", year=[YEAR - 1, YEAR + 1][i % 2], subs=1 if i % 5 == 0 else 0)
    INTAKE_DIFFERS.clear()
    for text, label, intake, _why in HARD:
        code = add(label, text=text)
        if intake is not None:
            INTAKE_DIFFERS[code] = intake
    for i in range(90):                                   # two or more filters fail: every fund and objective
        funds = [f for f in PROGRAMME for _ in PROGRAMME[f][1]]
        fund = funds[i % len(funds)]
        objective = PROGRAMME[fund][1][i % len(PROGRAMME[fund][1])]
        if fund == "ESR+" and objective == "4.2":
            objective = "4.1"
        add("ei", fund=fund, objective=objective, text=NEAR_TEXTS[i % len(NEAR_TEXTS)][0] if i % 2 else
            "Yritysten tutkimus- ja kehittämistoiminnan vahvistaminen.", year=YEAR + (i % 3 == 0))
    return rows, key, region


# Two projects of data/hankkeet.csv (2023) as the export shows them: S23001's end date moved.
EXISTING = {"S23001": {"Päättymispäivä": date(2027, 3, 31)}, "S23005": {}}


def existing_rows(project: Path) -> list[dict]:
    out = []
    with (project / "data" / "luokitukset" / "ely_keskukset.csv").open(encoding="utf-8") as f:
        authority = {r["nimi"]: r["pitka_nimi"] for r in csv.DictReader(f, delimiter=";")}
    with (project / "data" / "hankkeet.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter=";"):
            if r["hanketunnus"] in EXISTING:
                out.append({"Hankekoodi": r["hanketunnus"], "Päähankkeen koodi": r["ryhmahanke"],
                            "Hankkeen nimi": r["nimi"], "Tuensaaja": r["toteuttaja"], "Y-tunnus": "1234567-8",
                            "Hankkeen tarkoitus ja tulokset": "Jatkuvan oppimisen palvelut.",
                            "Alkamispäivä": date.fromisoformat(r["alkamispaiva"]),
                            "Päättymispäivä": date.fromisoformat(r["paattymispaiva"]),
                            "Kokonaiskustannukset": 500000, "EU-osarahoitus": 300000, "Rahasto": "ESR+",
                            "Toimintalinja": PROGRAMME["ESR+"][0], "Erityistavoite": "4.2",
                            "Rahoittava viranomainen": authority[r["ely_keskus"]], "Sijainti": "Jyväskylä",
                            "Toimenpideluokka": "149", **EXISTING[r["hanketunnus"]]})
    return out


def write_xlsx(rows: list[dict], path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Hankkeet"
    ws.append(HEADERS)
    for r in rows:
        ws.append([r[h] for h in HEADERS])
    wb.save(path)
    return path


def _fi_amount(v) -> str:
    whole, _, cents = f"{float(v):.2f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "\u00a0".join(groups) + "," + cents


def write_csv(rows: list[dict], path: Path) -> Path:
    """The same export as CSV: Finnish dates (15.1.2024) and amounts with thousand separators."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(HEADERS)
    for r in rows:
        out = []
        for h in HEADERS:
            v = r[h]
            if isinstance(v, date):
                v = f"{v.day}.{v.month}.{v.year}"
            elif h in ("Kokonaiskustannukset", "EU-osarahoitus") and isinstance(v, (int, float)):
                v = _fi_amount(v)
            out.append(v)
        w.writerow(out)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path
