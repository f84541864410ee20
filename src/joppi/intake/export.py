"""The EURA 2021 export as operations: headers mapped by sarakkeet.yml, values parsed and checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import DataError, Issue, near_miss
from ..validation import CODE_PATTERN, parse_date
from .settings import HAKU_DIR, IntakeSettings
from .sheets import Table, read_export_table

DATE_EXPECTED = "päivämäärä muodossa vvvv-kk-pp tai p.k.vvvv (todellinen päivä)"
AMOUNT_EXPECTED = ("euromäärä, esim. 125000, 125 000,50 tai 125,000.50 (tuhaterottimena välilyönti, "
                   "piste tai pilkku)")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
FI_AMOUNT = re.compile(r"^-?\d{1,3}(?:[ .]\d{3})*(?:,\d+)?$|^-?\d+(?:,\d+)?$")
EN_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+\.\d+$")


@dataclass(frozen=True)
class Operation:
    """One row of the export."""
    row: int                  # its row in the export file
    code: str
    main_code: str            # Päähankkeen koodi: empty for a main or single project
    name: str
    beneficiary: str
    business_id: str
    purpose: str
    start: date
    end: date
    total_cost: Decimal | None
    eu_share: Decimal | None
    fund: str
    priority: str
    objective: str
    authority: str
    municipality: str
    intervention: str


def parse_amount(text: str) -> Decimal | None:
    """An amount as exports write it: 125000, 125 000,50 (Finnish), 125,000.50, with € or EUR."""
    t = SPACES.sub(" ", text).strip()
    t = re.sub(r"\s*(€|EUR|euroa)$", "", t, flags=re.IGNORECASE).strip()
    if t == "":
        return None
    compact = t.replace(" ", "")
    try:
        if FI_AMOUNT.match(t) or FI_AMOUNT.match(compact):
            return Decimal(compact.replace(".", "").replace(",", "."))
        if EN_AMOUNT.match(compact):
            return Decimal(compact.replace(",", ""))
    except InvalidOperation:
        pass
    raise ValueError(text)


def check_headers(table: Table, settings: IntakeSettings) -> None:
    """Every mapped header in the export; else one message per missing header with the line to change."""
    headers = [h for h in table.frame.columns if h]
    listed = ", ".join(headers) or "(ei otsikoita)"
    issues = []
    for field, header in settings.columns.items():
        if header in headers:
            continue
        line = settings.column_lines.get(field)
        guess = near_miss(header, headers)
        issues.append(Issue(
            table.name, 1, header, None,
            f"otsikko {header}, jonka {(HAKU_DIR / 'sarakkeet.yml').as_posix()} rivillä {line} nimeää kentälle "
            f"{field}; viennin otsikot ovat: {listed}. Muuta tiedoston sarakkeet.yml rivi {line} muotoon "
            f"”{field}: <viennin otsikko>”", sheet=table.sheet,
            suggestion=None if guess is None else f"{field}: {guess}"))
    dupes = sorted({h for h in headers if headers.count(h) > 1})
    issues += [Issue(table.name, 1, h, h, "jokainen otsikko vain kerran", sheet=table.sheet) for h in dupes]
    if issues:
        raise DataError(issues)


def read_export(path: Path, root: Path, settings: IntakeSettings) -> tuple[Table, list[Operation]]:
    table = read_export_table(path, root, set(settings.columns.values()))
    check_headers(table, settings)
    cols = settings.columns
    frame = table.frame
    issues: list[Issue] = []
    ops: list[Operation] = []
    seen: dict[str, int] = {}

    def issue(row, field, value, expected):
        issues.append(Issue(table.name, row, cols[field], value, expected, sheet=table.sheet))

    if frame.empty:
        raise DataError([Issue(table.name, None, None, None, "vähintään yksi hankerivi; viennissä on vain otsikkorivi",
                               sheet=table.sheet)])
    for row, values in frame.iterrows():
        v = {f: str(values[h]) for f, h in cols.items()}
        ok = True
        code = v["hanketunnus"]
        if not code or not CODE_PATTERN.match(code):
            issue(row, "hanketunnus", code, "hankekoodi, jossa on vain kirjaimia, numeroita ja merkkejä . _ / -")
            ok = False
        elif code in seen:
            issue(row, "hanketunnus", code, f"hankekoodi, joka esiintyy viennissä vain kerran (sama kuin rivillä "
                                            f"{seen[code]})")
            ok = False
        else:
            seen[code] = row
        dates = {}
        for f in ("alkamispaiva", "paattymispaiva"):
            d = parse_date(v[f])
            if d is None:
                issue(row, f, v[f], DATE_EXPECTED)
                ok = False
            dates[f] = d
        if dates["alkamispaiva"] and dates["paattymispaiva"] and dates["paattymispaiva"] <= dates["alkamispaiva"]:
            issue(row, "paattymispaiva", v["paattymispaiva"], "päättymispäivä alkamispäivän jälkeen")
            ok = False
        amounts = {}
        for f in ("kokonaiskustannukset", "eu_osarahoitus"):
            try:
                amounts[f] = parse_amount(v[f])
            except ValueError:
                issue(row, f, v[f], AMOUNT_EXPECTED)
                ok = False
        if ok:
            ops.append(Operation(int(row), code, v["paahanke"], v["nimi"], v["tuensaaja"], v["y_tunnus"],
                                 v["tarkoitus"], dates["alkamispaiva"], dates["paattymispaiva"],
                                 amounts["kokonaiskustannukset"], amounts["eu_osarahoitus"], v["rahasto"],
                                 v["toimintalinja"], v["erityistavoite"], v["viranomainen"], v["sijainti"],
                                 v["toimenpideluokka"]))
    if issues:
        raise DataError(issues)
    return table, ops
