"""`joppi new-year 2024`: prepare next year's inputs and tell the analyst what to fill in."""

from __future__ import annotations

import csv
from pathlib import Path

from .dataset import YEAR_PATTERN, InputPaths, earlier_year, years_with_data
from .errors import DataError, Issue
from .validation import SURVEY_COLUMNS


def prepare_year(root: Path, year) -> list[str]:
    text = str(year).strip()
    if not YEAR_PATTERN.match(text):
        raise DataError([Issue("vuosi", None, None, text, "nelinumeroinen vuosi, esimerkiksi 2024")])
    year = int(text)
    paths = InputPaths.of(root)
    target = paths.survey_dir / f"{year}.csv"
    if target.exists():
        raise DataError([Issue(str(target.relative_to(paths.root)), None, None, None,
                               "uusi vuosi; vuoden kyselytiedosto on jo olemassa, eikä sitä korvata")])
    latest = max(years_with_data(root), default=None)
    if latest is not None and year < latest:
        raise DataError([Issue("vuosi", None, None, text,
                               f"vuosi, joka on myöhäisin aineistovuosi {latest} tai sen jälkeen "
                               "(vanhemman vuoden tiedosto muuttaisi myöhempien julkaisujen vertailua)")])
    paths.survey_dir.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerow(SURVEY_COLUMNS)
    compared = earlier_year(root, year)
    lines = [
        f"Luotiin {target.relative_to(paths.root)} (vain otsikkorivi).",
        "Täydennä seuraavaksi:",
        f"  1. {paths.projects.relative_to(paths.root)}: lisää vuonna {year} alkaneet hankkeet ja osatoteutukset "
        "(yksi rivi kutakin; sarakkeet ja luokat kuten aiemmilla riveillä, luokat kansiossa data/luokitukset/).",
        f"  2. {target.relative_to(paths.root)}: yksi rivi kutakin kyselyyn vastannutta päätoteuttajaa tai "
        "yksittäistä hanketta kohden.",
        "  3. Tarvittaessa luokitukset kansiossa data/luokitukset/ (esim. uusi toimiala tai vastausvaihtoehto).",
        f"Tarkista sitten: joppi validate --year {year}",
        f"ja rakenna: joppi build --year {year}",
    ]
    if compared is not None:
        lines.append(f"Julkaisuun tulee vertailu vuoteen {compared}.")
    return lines
