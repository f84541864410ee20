"""The classifications in data/luokitukset/: data that users edit, not constants in code."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .errors import (FORMULA_EXPECTED, INVISIBLE_EXPECTED, MAX_CLASSIFICATION_BYTES, DataError, Issue, display_path,
                     has_invisible, input_file_issue, lookalike_expected, lookalike_twins, nfc, starts_formula)

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
    # The Swedish edition's forms (columns *_sv); a row without them is listed in `sv_missing`,
    # which stops a build whose data/julkaisu.yml lists sv among `kielet`.
    sv: dict[str, str] = None                  # any Finnish name -> its Swedish name ("Häme" -> "Tavastland")
    ely_inessive_sv: dict[str, str] = None     # "Häme" -> "i Tavastland"
    org_type_plural_sv: dict[str, str] = None  # "Ammattikorkeakoulu" -> "yrkeshögskolor"
    theme_short_sv: dict[str, str] = None
    sv_missing: tuple = ()                     # Issues: the rows whose Swedish forms are missing or Finnish
    sv_by_file: dict[str, dict[str, str]] = None   # file -> its own Finnish name -> Swedish name

    def swedish(self, file: str) -> dict[str, str]:
        """One classification's own Swedish names: a region and an ELY centre may share a Finnish
        name and still differ in Swedish."""
        return (self.sv_by_file or {}).get(file) or self.sv

    @property
    def region_names(self) -> tuple[str, ...]:
        return tuple(self.regions.values())


def _name(path: Path) -> str:
    """The file as the user knows it: relative to the project (data/luokitukset/x.csv)."""
    return display_path(path, Path(os.path.realpath(Path(path).parent)).parent.parent)


@dataclass(frozen=True)
class TableRules:
    """How one classification table is checked as data, beyond "every required cell is filled"."""
    unique: tuple[str, ...] = ("koodi", "nimi")   # no two rows share a value in these columns
    aliases: tuple[str, ...] = ()                  # accepted forms of a row in the data: none may name two rows
    code_form: Callable[[str], str] = str          # how codes compare ("1" and "01" are one region)


def _region_code(code: str) -> str:
    return code.zfill(2) if code.isdigit() else code


# Tables with more than the default rules; every other file gets TableRules().
RULES = {
    "ely_keskukset.csv": TableRules(unique=("koodi", "nimi", "pitka_nimi"), aliases=("nimi", "pitka_nimi")),
    "maakunnat.csv": TableRules(aliases=("koodi", "nimi"), code_form=_region_code),
    "organisaatiotyypit.csv": TableRules(aliases=("koodi", "nimi")),
}


def check_table(name: str, rows: list[tuple[int, dict[str, str]]], required: list[str],
                rules: TableRules = TableRules()) -> list[Issue]:
    """Generic checks of a loaded classification table: (line, row) pairs in, issues out.

    Every required cell filled (inessives, plurals, partitives too), no invisible characters,
    no duplicate codes or names, no form that means two rows, no names told apart only by
    look-alike letters. Each issue names the file, the line and the column.
    """
    issues = []
    for line, row in rows:
        for c, v in row.items():
            if has_invisible(v):
                issues.append(Issue(name, line, c, v, INVISIBLE_EXPECTED))
            elif starts_formula(v):   # every name reaches a figure's download (CSV, workbook)
                issues.append(Issue(name, line, c, v, FORMULA_EXPECTED))
        for c in required:
            if not row.get(c):
                issues.append(Issue(name, line, c, row.get(c, ""), f"ei-tyhjä arvo (sarake {c} on pakollinen)"))
    for c in rules.unique:
        if c not in required:
            continue
        seen: dict[str, int] = {}
        for line, row in rows:
            v = row.get(c, "")
            key = rules.code_form(v) if c == "koodi" else v
            if not v:
                continue
            if key in seen:
                what = "nimi, joka ei toistu tiedostossa" if c == "nimi" else f"{c}, joka ei toistu tiedostossa"
                issues.append(Issue(name, line, c, v, f"{what} (sama kuin rivillä {seen[key]})"))
            else:
                seen[key] = line
    forms: dict[str, tuple[int, str]] = {}
    for line, row in rows:
        own = {}
        for c in rules.aliases:
            v = row.get(c, "")
            if v:
                own.setdefault(rules.code_form(v) if c == "koodi" else v, c)
        for form, c in own.items():
            if form in forms and forms[form][0] != line and forms[form][1] != c:
                issues.append(Issue(name, line, c, row[c],
                                    f"{c}, joka ei ole myös toisen luokan {forms[form][1]}: rivillä {forms[form][0]} "
                                    f"sama merkkijono on {forms[form][1]}, joten aineiston arvo olisi monitulkintainen"))
            forms.setdefault(form, (line, c))
    if "nimi" in required:
        twins = lookalike_twins(row.get("nimi", "") for _, row in rows)
        issues += [Issue(name, line, "nimi", row["nimi"], lookalike_expected(row["nimi"], twins[row["nimi"]]))
                   for line, row in rows if row.get("nimi") in twins]
    return sorted(issues, key=lambda i: (i.row or 0, required.index(i.column) if i.column in required else 99))


def _read(path: Path, required: list[str]) -> list[dict[str, str]]:
    """Read one classification file, NFC-normalised and checked by check_table; errors like any data error."""
    from .safefs import input_problem, read_input

    if not os.path.lexists(path):
        raise DataError([Issue(_name(path), None, None, None, "luokitustiedosto puuttuu")])
    problem = input_problem(path)
    if problem is not None:
        raise DataError([Issue(_name(path), None, None, None, problem)])
    if (issue := input_file_issue(path, _name(path), MAX_CLASSIFICATION_BYTES)) is not None:
        raise DataError([issue])       # too large, said from its size before it is read
    try:
        text = read_input(path, _name(path)).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Issue(_name(path), None, None, None, "UTF-8-koodattu tiedosto")])
    lines = text.splitlines()
    if not lines:
        raise DataError([Issue(_name(path), None, None, "", "otsikkorivi ja luokat")])
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(lines, delimiter=delimiter)
    reader.fieldnames = [nfc(f.strip()) for f in (reader.fieldnames or [])]
    missing = [c for c in required if c not in reader.fieldnames]
    if missing:
        raise DataError([Issue(_name(path), 1, c, None, f"sarake {c}") for c in missing])
    numbered = []
    for i, row in enumerate(reader, start=2):
        row = {k: nfc((v or "").strip()) for k, v in row.items() if k and isinstance(v, (str, type(None)))}
        numbered.append((i, row))
    issues = check_table(_name(path), numbered, required, RULES.get(path.name, TableRules()))
    if not numbered:
        issues.append(Issue(_name(path), None, None, "", "vähintään yksi luokka"))
    if issues:
        raise DataError(issues)
    return [row for _, row in numbered]


#: The Swedish columns each classification file carries (every other file: nimi_sv).
SWEDISH_COLUMNS = {
    "ely_keskukset.csv": ("nimi_sv", "pitka_nimi_sv", "inessiivi_sv"),
    "organisaatiotyypit.csv": ("nimi_sv", "monikko_sv"),
    "kehittamisteemat.csv": ("nimi_sv", "lyhyt_sv"),
}
SWEDISH_EXPECTED = ("ruotsinkielinen muoto sarakkeeseen {column} (ruotsinkielinen painos tarvitsee sen, "
                    "koska data/julkaisu.yml:n kielet sisältää sv)")


#: Files of place names: a Swedish name there may be the Finnish one (Satakunta is Satakunta).
PLACE_FILES = ("ely_keskukset.csv", "maakunnat.csv")
FINNISH_COLUMNS = ("nimi", "pitka_nimi", "inessiivi", "monikko", "partitiivi", "lyhyt")
#: Finnish words a Swedish name never holds: the small words of any Finnish sentence.
FINNISH_COMMON = frozenset(
    "ja tai sekä on ovat oli olivat ei eivät ole olla että joka jotka jonka kuin myös mutta vain niin jos kun "
    "kanssa mukaan hanke hankkeet hankkeen hankkeiden hanketta hankkeita hankkeessa vuonna vuosina uudet muut "
    "oman omat yhteinen kaikki eri sen ne se tämä nämä siitä jälkeen aikana".split())
_WORD = re.compile(r"[^\W\d_]+")
# Letter sequences Swedish words do not have and Finnish ones often do: long vowels, vowel harmony
# endings (-ssä, -stä, -llä, -ltä, -ksi), "yy", "uu".
_FINNISH_SHAPE = re.compile(r"(aa|ää|öö|yy|uu|ii)|(ssä|stä|llä|ltä|ksi|ään|sää)$")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def finnish_vocabulary(tables: dict[str, list[dict[str, str]]]) -> set[str]:
    """Every word of the classifications' Finnish names and forms, and Finnish's small words."""
    from .fmt import NUMBER_WORDS

    vocabulary = set(FINNISH_COMMON) | set(NUMBER_WORDS)
    for rows in tables.values():
        for row in rows:
            for column in FINNISH_COLUMNS:
                vocabulary |= _words(row.get(column) or "")
    return vocabulary


def finnish_in_swedish(text: str, vocabulary: set[str], place: bool = False) -> list[str]:
    """The words of a Swedish name that are Finnish: words of the Finnish names (not in place
    names, which Swedish may share), Finnish's small words, or words shaped as only Finnish ones are."""
    found = []
    for word in sorted(_words(text)):
        if word in FINNISH_COMMON or _FINNISH_SHAPE.search(word) or (not place and word in vocabulary):
            found.append(word)
    return found


def _swedish(d: Path, file: str, rows: list[dict[str, str]], sv: dict[str, str],
             missing: list[Issue], own: dict[str, str] | None = None) -> None:
    """Collect one file's Swedish names into `sv` (and the file's own `own`) and its rows that
    lack a Swedish form into `missing`."""
    for line, row in enumerate(rows, start=2):
        for column in SWEDISH_COLUMNS.get(file, ("nimi_sv",)):
            if not row.get(column):
                missing.append(Issue(_name(d / file), line, column, row.get(column, ""),
                                     SWEDISH_EXPECTED.format(column=column)))
        if row.get("nimi_sv"):
            sv.setdefault(row["nimi"], row["nimi_sv"])
            if own is not None:
                own[row["nimi"]] = row["nimi_sv"]


def _finnish_issues(d: Path, tables: dict[str, list[dict[str, str]]]) -> list[Issue]:
    """The Swedish forms that hold Finnish words (a name copied untranslated, a Finnish sentence)."""
    vocabulary = finnish_vocabulary(tables)
    issues = []
    for file, rows in tables.items():
        for line, row in enumerate(rows, start=2):
            for column in SWEDISH_COLUMNS.get(file, ("nimi_sv",)):
                value = row.get(column) or ""
                found = finnish_in_swedish(value, vocabulary, place=file in PLACE_FILES)
                if found:
                    listed = ", ".join(f"”{w}”" for w in found)
                    issues.append(Issue(_name(d / file), line, column, value,
                                        f"ruotsinkielinen muoto; sanat {listed} ovat suomea (ruotsinkielinen painos "
                                        "näyttäisi ne sellaisinaan). Kirjoita nimi ruotsiksi"))
    return issues


def _ely_region_issues(d: Path, ely_rows: list[dict[str, str]], regions: dict[str, str]) -> list[Issue]:
    """Each ELY centre's regions exist, and no region is covered by two centres (or listed twice)."""
    name = _name(d / "ely_keskukset.csv")
    issues, owner = [], {}
    for i, r in enumerate(ely_rows, start=2):
        for code in r["maakunnat"].split(","):
            code = code.strip()
            key = _region_code(code)
            if key not in regions:
                issues.append(Issue(name, i, "maakunnat", code, "maakunnan koodi tiedostosta maakunnat.csv"))
            elif key in owner:
                where = "saman rivin luettelossa" if owner[key][0] == i else \
                    f"rivillä {owner[key][0]} ({owner[key][1]})"
                issues.append(Issue(name, i, "maakunnat", code,
                                    f"maakunta, joka kuuluu vain yhdelle ELY-keskukselle ja vain kerran; "
                                    f"{regions[key]} on jo {where}"))
            else:
                owner[key] = (i, r["nimi"])
    return issues


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
    regions = {_region_code(r["koodi"]): r["nimi"] for r in region_rows}
    sv: dict[str, str] = {}
    sv_by_file: dict[str, dict[str, str]] = {}
    sv_missing: list[Issue] = []
    tables = {"ely_keskukset.csv": ely_rows, "maakunnat.csv": region_rows, "organisaatiotyypit.csv": org_rows,
              "toimialat.csv": field_rows, "kehittamisteemat.csv": theme_rows, "roolit.csv": role_rows}
    for file in sorted(set(SURVEY_CHOICE_FILES.values()) | set(END_SURVEY_CHOICE_FILES.values())):
        tables[file] = _read(d / file, ["koodi", "nimi"])
    for file, rows in tables.items():
        _swedish(d, file, rows, sv, sv_missing, sv_by_file.setdefault(file, {}))
    sv_missing += _finnish_issues(d, tables)
    issues = _ely_region_issues(d, ely_rows, regions)
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
        ely_regions={r["nimi"]: tuple(_region_code(c.strip()) for c in r["maakunnat"].split(",")) for r in ely_rows},
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
        sv=sv,
        sv_by_file=sv_by_file,
        ely_inessive_sv={r["nimi"]: r.get("inessiivi_sv", "") for r in ely_rows},
        org_type_plural_sv={r["nimi"]: r.get("monikko_sv", "") for r in org_rows},
        theme_short_sv={r["nimi"]: r.get("lyhyt_sv", "") for r in theme_rows},
        sv_missing=tuple(sv_missing),
    )
