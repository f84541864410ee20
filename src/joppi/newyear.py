"""`joppi new-year 2024`: prepare next year's inputs and tell the analyst what to fill in."""

from __future__ import annotations

import csv
from pathlib import Path

from .dataset import YEAR_PATTERN, InputPaths, earlier_year, load_projects, years_with_data
from .endsurvey import END_SURVEY_COLUMNS
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
    end_target = paths.end_survey(year)
    if end_target.exists():
        raise DataError([Issue(str(end_target.relative_to(paths.root)), None, None, None,
                               "uusi vuosi; vuoden loppukyselytiedosto on jo olemassa, eikä sitä korvata")])
    paths.survey_dir.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerow(SURVEY_COLUMNS)
    end_target.parent.mkdir(parents=True, exist_ok=True)
    with end_target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";", lineterminator="\n").writerow(END_SURVEY_COLUMNS)
    if (paths.root / "_quarto.yml").is_file():
        # `quarto preview` watches the files _quarto.yml names: the new year's files too.
        from .render.watch import sync_watch_list

        sync_watch_list(paths.root)
    compared = earlier_year(root, year)
    lines = [
        f"Luotiin {target.relative_to(paths.root)} (vain otsikkorivi).",
        "Täydennä seuraavaksi:",
        f"  1. {paths.projects.relative_to(paths.root)}: lisää vuonna {year} alkaneet hankkeet ja osatoteutukset "
        "(yksi rivi kutakin; sarakkeet ja luokat kuten aiemmilla riveillä, luokat kansiossa data/luokitukset/).",
        f"  2. {target.relative_to(paths.root)}: yksi rivi kutakin kyselyyn vastannutta päätoteuttajaa tai "
        "yksittäistä hanketta kohden.",
        f"  3. {end_target.relative_to(paths.root)}: loppukyselyn vastaukset, yksi rivi kutakin vuonna {year} "
        "päättynyttä päätoteuttajaa tai yksittäistä hanketta kohden (jos tiedostossa on vain otsikkorivi, julkaisussa ei ole loppukyselyä).",
        "  4. Tarvittaessa luokitukset kansiossa data/luokitukset/ (esim. uusi toimiala tai vastausvaihtoehto).",
        f"Tarkista sitten: joppi validate --year {year}",
        f"ja rakenna: joppi build --year {year}",
    ]
    if compared is not None:
        lines.append(f"Julkaisuun tulee vertailu vuoteen {compared}.")
    lines += _end_survey_lines(paths, year)
    return lines


def _end_survey_lines(paths: InputPaths, year: int) -> list[str]:
    """The projects (already in the dataset) that should answer the year's end survey."""
    try:
        projects = load_projects(paths)
    except DataError:
        return [f"Loppukyselyyn vastaavia hankkeita ei voitu luetella: {paths.projects.relative_to(paths.root)} "
                f"ei ole kunnossa (tarkista se: joppi validate --year {year})."]
    from .compute import end_survey_population

    due = end_survey_population(projects, year).sort_values(["paattymispaiva", "hanketunnus"])
    if due.empty:
        return [f"Aineistossa ei ole hankkeita, joiden suunniteltu päättymispäivä on vuonna {year}: "
                "loppukyselyyn ei ole vastaajia."]
    lines = [f"Loppukyselyyn vastaavat hankkeet, joiden suunniteltu päättymispäivä on vuonna {year} ({len(due)}):"]
    for row in due.itertuples(index=False):
        end = row.paattymispaiva
        lines.append(f"  - {row.hanketunnus} {row.nimi} ({row.toteuttaja}), päättyy {end.day}.{end.month}.{end.year}")
    return lines
