"""The funding authority of the programme's regional ESR+ decisions, as data with a validity period
(data/luokitukset/rahoittajat.csv): from 1.1.2026 the ELY centres' regional ESR+ funding tasks passed
to the elinvoimakeskukset. An edition names the authority of its decisions' time and says once,
where it applies, that the tasks moved (the colophon, build.kolofoni_markdown)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Issue

FILE = "data/luokitukset/rahoittajat.csv"
COLUMNS = ("nimi", "nimi_sv", "monikko", "monikko_sv", "monikko_ablatiivi", "monikko_allatiivi", "voimassa_alkaen",
           "voimassa_asti")


@dataclass(frozen=True)
class Funder:
    name: dict            # {"fi": …, "sv": …}
    plural: dict          # {"fi": "ELY-keskukset", "sv": "NTM-centralerna"}
    cases: dict           # the Finnish plural's ablative and allative: {"ablatiivi": …, "allatiivi": …}
    valid_from: dt.date
    valid_to: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _date(text: str, row: int, column: str, required: bool) -> dt.date | None:
    text = (text or "").strip()
    if not text and not required:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DataError([Issue(FILE, row, column, text, "päivämäärä muodossa vvvv-kk-pp, esim. 2026-01-01"
                               + ("" if required else " (tyhjä: voimassa toistaiseksi)"))]) from None


def load_funders(root: Path) -> list[Funder]:
    """The authorities in order of validity; [] when the project has no such file."""
    path = Path(root) / FILE
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Issue(FILE, 1, c, None, "sarake " + ", ".join(COLUMNS)) for c in missing])
        funders = []
        for row, r in enumerate(reader, start=2):
            for column in COLUMNS[:6]:
                if not (r.get(column) or "").strip():
                    raise DataError([Issue(FILE, row, column, None, "ei-tyhjä nimi")])
            start = _date(r["voimassa_alkaen"], row, "voimassa_alkaen", True)
            end = _date(r["voimassa_asti"], row, "voimassa_asti", False)
            if end is not None and end < start:
                raise DataError([Issue(FILE, row, "voimassa_asti", end.isoformat(),
                                       f"päivämäärä, joka on voimassa_alkaen-päivän {start.isoformat()} jälkeen")])
            funders.append(Funder({"fi": r["nimi"].strip(), "sv": r["nimi_sv"].strip()},
                                  {"fi": r["monikko"].strip(), "sv": r["monikko_sv"].strip()},
                                  {"ablatiivi": r["monikko_ablatiivi"].strip(),
                                   "allatiivi": r["monikko_allatiivi"].strip()}, start, end))
    return sorted(funders, key=lambda f: f.valid_from)


def authorities(funders: list[Funder], start: dt.date, end: dt.date) -> list[Funder]:
    """The authorities whose validity overlaps the decisions' period start..end."""
    return [f for f in funders if f.valid_from <= end and (f.valid_to is None or f.valid_to >= start)]


def transfer_sentence(funders: list[Funder], start: dt.date, end: dt.date, published: dt.date, lang: str) -> str:
    """Who made the decisions of start..end, and — where an authority of that period had passed its
    tasks on by `published` — once, that they moved. Empty when nothing changed."""
    then = authorities(funders, start, end)
    moved = [(old, new) for old in then for new in funders
             if old.valid_to is not None and new.valid_from > old.valid_to and new.valid_on(published)
             and old.valid_to < published]
    if not moved:
        return ""
    old, new = moved[0]
    day = new.valid_from
    when = f"{day.day}.{day.month}.{day.year}"
    names = [f.plural[lang] for f in then]
    if lang == "sv":
        who = " och ".join(names)
        return (f"Finansieringsbesluten i publikationen fattades av dåvarande {who}. De regionala uppgifterna "
                f"inom ESF+-finansieringen överfördes {when} från {old.plural['sv']} till {new.plural['sv']}.")
    who = " ja ".join(names)
    return (f"Julkaisun hankkeiden rahoituspäätökset tekivät aikanaan {who}. ESR+-rahoituksen alueelliset "
            f"tehtävät siirtyivät {when} {old.cases['ablatiivi']} {new.cases['allatiivi']}.")

