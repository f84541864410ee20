"""The classifications in data/luokitukset/: data that users edit, not constants in code."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Issue, display_path

SURVEY_CHOICE_FILES = {
    "haasteet": "kysely_haasteet.csv",
    "tulokset": "kysely_tulokset.csv",
    "viestintakanavat": "kysely_viestintakanavat.csv",
    "verkostot": "kysely_verkostot.csv",
}
# The end-of-project survey (data/loppukysely/<vuosi>.csv); its challenges reuse the start survey's list.
END_SURVEY_CHOICE_FILES = {
    "tulokset": "loppukysely_tulokset.csv",
    "jatkuvuus": "loppukysely_jatkuvuus.csv",
    "haasteet": "kysely_haasteet.csv",
}
END_SURVEY_PREFIX = "loppukysely_"   # classification files only the end survey reads

NO_FIELD = "Ei toimialasidonnainen"
ROLE_MAIN = "päätoteuttaja"
ROLE_SUB = "osatoteuttaja"
ROLE_SINGLE = "yksittäinen"


@dataclass(frozen=True)
class Classifications:
    ely: tuple[str, ...]                       # short names in the file's order
    ely_long: dict[str, str]                   # long form -> short name
    ely_inessive: dict[str, str]               # "Häme" -> "Hämeessä"
    ely_regions: dict[str, tuple[str, ...]]    # short name -> maakunta codes
    regions: dict[str, str]                    # code "01" -> "Uusimaa"
    org_types: tuple[str, ...]
    org_type_codes: dict[str, str]             # code -> name
    org_type_plural: dict[str, str]            # name -> plural, lower case
    org_type_partitive: dict[str, str]         # name -> partitive ("kolme ammattikorkeakoulua")
    fields: tuple[str, ...]                    # includes NO_FIELD
    themes: tuple[str, ...]
    theme_short: dict[str, str]
    roles: tuple[str, ...]
    survey_choices: dict[str, tuple[str, ...]]  # column -> options in order
    end_survey_choices: dict[str, tuple[str, ...]] = None  # the end survey's: column -> options in order

    @property
    def region_names(self) -> tuple[str, ...]:
        return tuple(self.regions.values())


def _name(path: Path) -> str:
    """The file as the user knows it: relative to the project (data/luokitukset/x.csv)."""
    return display_path(path, Path(path).resolve().parent.parent.parent)


def _read(path: Path, required: list[str]) -> list[dict[str, str]]:
    """Read one classification file; problems are reported like any data error."""
    if not path.is_file():
        raise DataError([Issue(_name(path), None, None, None, "luokitustiedosto puuttuu")])
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Issue(_name(path), None, None, None, "UTF-8-koodattu tiedosto")])
    lines = text.splitlines()
    if not lines:
        raise DataError([Issue(_name(path), None, None, "", "otsikkorivi ja luokat")])
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise DataError([Issue(_name(path), 1, c, None, f"sarake {c}") for c in missing])
    rows, issues, seen = [], [], set()
    for i, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        for c in required:
            if not row.get(c) and c in ("koodi", "nimi"):
                issues.append(Issue(_name(path), i, c, row.get(c, ""), "ei-tyhjä arvo"))
        if row.get("nimi") in seen:
            issues.append(Issue(_name(path), i, "nimi", row["nimi"], "nimi, joka ei toistu tiedostossa"))
        seen.add(row.get("nimi"))
        rows.append(row)
    if not rows:
        issues.append(Issue(_name(path), None, None, "", "vähintään yksi luokka"))
    if issues:
        raise DataError(issues)
    return rows


def load_classifications(directory: Path) -> Classifications:
    d = Path(directory)
    ely_rows = _read(d / "ely_keskukset.csv", ["koodi", "nimi", "pitka_nimi", "inessiivi", "maakunnat"])
    region_rows = _read(d / "maakunnat.csv", ["koodi", "nimi"])
    org_rows = _read(d / "organisaatiotyypit.csv", ["koodi", "nimi", "monikko", "partitiivi"])
    field_rows = _read(d / "toimialat.csv", ["koodi", "nimi"])
    theme_rows = _read(d / "kehittamisteemat.csv", ["koodi", "nimi", "lyhyt"])
    role_rows = _read(d / "roolit.csv", ["koodi", "nimi"])
    survey = {
        col: tuple(r["nimi"] for r in _read(d / f, ["koodi", "nimi"]))
        for col, f in SURVEY_CHOICE_FILES.items()
    }
    end_survey = {
        col: tuple(r["nimi"] for r in _read(d / f, ["koodi", "nimi"]))
        for col, f in END_SURVEY_CHOICE_FILES.items()
    }
    regions = {r["koodi"].zfill(2): r["nimi"] for r in region_rows}
    issues = []
    for i, r in enumerate(ely_rows, start=2):
        for code in r["maakunnat"].split(","):
            if code.strip().zfill(2) not in regions:
                issues.append(Issue(_name(d / "ely_keskukset.csv"), i, "maakunnat", code.strip(),
                                    "maakunnan koodi tiedostosta maakunnat.csv"))
    roles = tuple(r["nimi"] for r in role_rows)
    for needed in (ROLE_MAIN, ROLE_SUB, ROLE_SINGLE):
        if needed not in roles:
            issues.append(Issue(_name(d / "roolit.csv"), None, "nimi", None, f"rooli {needed}"))
    if issues:
        raise DataError(issues)
    return Classifications(
        ely=tuple(r["nimi"] for r in ely_rows),
        ely_long={r["pitka_nimi"]: r["nimi"] for r in ely_rows},
        ely_inessive={r["nimi"]: r["inessiivi"] for r in ely_rows},
        ely_regions={r["nimi"]: tuple(c.strip().zfill(2) for c in r["maakunnat"].split(",")) for r in ely_rows},
        regions=regions,
        org_types=tuple(r["nimi"] for r in org_rows),
        org_type_codes={r["koodi"]: r["nimi"] for r in org_rows},
        org_type_plural={r["nimi"]: r["monikko"] for r in org_rows},
        org_type_partitive={r["nimi"]: r["partitiivi"] for r in org_rows},
        fields=tuple(r["nimi"] for r in field_rows),
        themes=tuple(r["nimi"] for r in theme_rows),
        theme_short={r["nimi"]: r["lyhyt"] for r in theme_rows},
        roles=roles,
        survey_choices=survey,
        end_survey_choices=end_survey,
    )
