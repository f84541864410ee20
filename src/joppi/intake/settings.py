"""The intake's settings: data/haku/sarakkeet.yml, haku.yml, hakusanat.yml and kunnat.csv.

Every problem is a DataError naming the file and the line, like any other input's.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..classifications import Classifications
from ..errors import DataError, Issue, nfc

HAKU_DIR = Path("data") / "haku"
FIELDS = ("hanketunnus", "paahanke", "nimi", "tuensaaja", "y_tunnus", "tarkoitus", "alkamispaiva",
          "paattymispaiva", "kokonaiskustannukset", "eu_osarahoitus", "rahasto", "toimintalinja",
          "erityistavoite", "viranomainen", "sijainti", "toimenpideluokka")
ELY_AUTHORITIES = "ely_keskukset"


@dataclass(frozen=True)
class IntakeSettings:
    columns: dict[str, str]          # field -> the export's header
    column_lines: dict[str, int]     # field -> its line in sarakkeet.yml
    funds: tuple[str, ...]
    objectives: tuple[str, ...]
    authorities: dict[str, str]      # casefolded authority name -> ELY centre (short name) or itself
    service: str                     # "EURA 2021 -tietopalvelu"
    search_words: tuple[str, ...]
    municipalities: dict[str, str]   # casefolded name (Finnish or Swedish) -> maakunta code


def _yaml(path: Path, name: str):
    if not path.is_file():
        raise DataError([Issue(name, None, None, None, "asetustiedosto on olemassa")])
    try:
        text = path.read_text(encoding="utf-8-sig")
        return yaml.compose(text), yaml.safe_load(text)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DataError([Issue(name, None if line is None else line + 1, None, None,
                               "kelvollinen YAML-tiedosto (UTF-8)")]) from None


def _columns(root: Path) -> tuple[dict[str, str], dict[str, int]]:
    name = (HAKU_DIR / "sarakkeet.yml").as_posix()
    node, data = _yaml(root / HAKU_DIR / "sarakkeet.yml", name)
    if not isinstance(data, dict):
        raise DataError([Issue(name, None, None, None, "kenttä: viennin otsikko -rivejä")])
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    issues = []
    for field in FIELDS:
        if field not in data:
            issues.append(Issue(name, None, field, None, f"rivi {field}: <viennin otsikko>", column_label="asetus"))
        elif not isinstance(data[field], str) or not data[field].strip():
            issues.append(Issue(name, lines[field], field, str(data[field]), "viennin otsikko (teksti)",
                                column_label="asetus"))
    for key in data:
        if key not in FIELDS:
            issues.append(Issue(name, lines.get(key), str(key), str(key), f"vain kentät {', '.join(FIELDS)}",
                                column_label="asetus"))
    if issues:
        raise DataError(issues)
    return {f: nfc(data[f].strip()) for f in FIELDS}, lines


def _list(data: dict, key: str, name: str) -> tuple[str, ...]:
    value = data.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int, float)) for v in value):
        raise DataError([Issue(name, None, key, None, "luettelo tekstejä", column_label="asetus")])
    return tuple(nfc(str(v).strip()) for v in value)


def load_municipalities(root: Path) -> dict[str, str]:
    path = root / HAKU_DIR / "kunnat.csv"
    name = (HAKU_DIR / "kunnat.csv").as_posix()
    if not path.is_file():
        raise DataError([Issue(name, None, None, None, "kuntaluokitus (nimi;nimi_sv;maakunta)")])
    out: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        missing = [c for c in ("nimi", "maakunta") if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError([Issue(name, 1, c, None, f"sarake {c}") for c in missing])
        for row in reader:
            code = (row.get("maakunta") or "").strip().zfill(2)
            for column in ("nimi", "nimi_sv"):
                v = nfc((row.get(column) or "").strip())
                if v:
                    out.setdefault(v.casefold(), code)
    return out


def load_settings(root: Path, cls: Classifications) -> IntakeSettings:
    root = Path(root)
    columns, lines = _columns(root)
    name = (HAKU_DIR / "haku.yml").as_posix()
    _, haku = _yaml(root / HAKU_DIR / "haku.yml", name)
    if not isinstance(haku, dict):
        raise DataError([Issue(name, None, None, None, "asetukset rahasto, erityistavoitteet, viranomaiset")])
    funds = _list(haku, "rahasto", name)
    objectives = _list(haku, "erityistavoitteet", name)
    wanted = haku.get("viranomaiset", ELY_AUTHORITIES)
    if wanted == ELY_AUTHORITIES:
        authorities = {n.casefold(): n for n in cls.ely}
        authorities.update({long.casefold(): short for long, short in cls.ely_long.items()})
    elif isinstance(wanted, dict):   # the export's name -> the ELY centre of ely_keskukset.csv it stands for
        bad = [Issue(name, None, f"viranomaiset: {k}", str(v), f"ELY-keskus luokituksesta ({', '.join(cls.ely)})",
                     column_label="asetus") for k, v in wanted.items() if v not in cls.ely]
        if bad:
            raise DataError(bad)
        authorities = {nfc(str(k)).casefold(): v for k, v in wanted.items()}
    else:
        authorities = {a.casefold(): a for a in _list(haku, "viranomaiset", name)}
        authorities = {k: next((s for lg, s in cls.ely_long.items() if lg.casefold() == k), v)
                       for k, v in authorities.items()}
    words_name = (HAKU_DIR / "hakusanat.yml").as_posix()
    _, words = _yaml(root / HAKU_DIR / "hakusanat.yml", words_name)
    if not isinstance(words, dict):
        raise DataError([Issue(words_name, None, "hakusanat", None, "luettelo hakusanoja", column_label="asetus")])
    return IntakeSettings(columns, lines, funds, objectives, authorities,
                          str(haku.get("tietopalvelu") or "EURA 2021 -tietopalvelu"),
                          _list(words, "hakusanat", words_name), load_municipalities(root))
