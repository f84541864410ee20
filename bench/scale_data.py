"""Synthetic project datasets of any size for the scale benchmark (fixed seed: repeatable)."""

from __future__ import annotations

import csv
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from joppi.classifications import load_classifications
from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS


def make_project(dest: Path, source_root: Path, n_projects: int, years: range, seed: int = 2023) -> Path:
    """A copy of the project whose data has `n_projects` rows spread evenly over `years`."""
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    for name in ["_quarto.yml", "_brand.yml", "index.qmd", "chapters", "notebooks", "data"]:
        src = source_root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    cls = load_classifications(dest / "data" / "luokitukset")
    rng = random.Random(seed)
    rows, survey = [], {y: [] for y in years}
    per_year = n_projects // len(years)
    fields = [f for f in cls.fields if f != "Ei toimialasidonnainen"]
    for year in years:
        made, serial = 0, 0
        while made < per_year:
            serial += 1
            code = f"X{year}{serial:06d}"
            n_subs = min(rng.choice([0, 0, 1, 2, 3]), per_year - made - 1)
            start = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            end = start + timedelta(days=rng.randrange(400, 1300))
            ely = rng.choice(cls.ely)
            region_code = rng.choice(cls.ely_regions[ely])
            base = dict(nimi=f"Hanke {code}", organisaatiotyyppi=rng.choice(cls.org_types), ely_keskus=ely,
                        maakunta=cls.regions[region_code], alkamispaiva=start.isoformat(),
                        paattymispaiva=end.isoformat())
            main = dict(base, hanketunnus=code, toteuttaja=f"Toimija {rng.randrange(2000)}",
                        rooli="päätoteuttaja" if n_subs else "yksittäinen", ryhmahanke="",
                        toimialat=";".join(rng.sample(fields, rng.choice([1, 1, 2]))),
                        kehittamisteema=rng.choice(cls.themes))
            rows.append(main)
            for i in range(1, n_subs + 1):
                rows.append(dict(base, hanketunnus=f"{code}-{i}", toteuttaja=f"Toimija {rng.randrange(2000)}",
                                 organisaatiotyyppi=rng.choice(cls.org_types), rooli="osatoteuttaja",
                                 ryhmahanke=code, toimialat=main["toimialat"], kehittamisteema=""))
            made += 1 + n_subs
            if rng.random() < 0.75:
                def pick(col):
                    opts = cls.survey_choices[col]
                    return ";".join(rng.sample(opts, rng.randrange(1, min(4, len(opts)) + 1)))
                survey[year].append(dict(
                    hanketunnus=code, henkilosto_paatoimiset=str(rng.randrange(3)),
                    henkilosto_osa_aikaiset=str(rng.randrange(1, 6)),
                    osatoteuttajat_paatoimiset="0" if n_subs else "",
                    osatoteuttajat_osa_aikaiset=str(rng.randrange(1, 6)) if n_subs else "",
                    haasteet=pick("haasteet"), tulokset=pick("tulokset"),
                    viestintakanavat=pick("viestintakanavat"), verkostot=pick("verkostot"),
                    onnistumiset="", muuta=""))
    with (dest / "data" / "hankkeet.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, PROJECT_COLUMNS, delimiter=";", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for old in (dest / "data" / "kysely").glob("*.csv"):
        old.unlink()
    for year, answers in survey.items():
        with (dest / "data" / "kysely" / f"{year}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, SURVEY_COLUMNS, delimiter=";", lineterminator="\n")
            w.writeheader()
            w.writerows(answers)
    return dest
