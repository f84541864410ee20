"""The publication's settings (data/julkaisu.yml): what the analyst changes without touching code.

The file is checked against a schema (pydantic) before anything uses it: types, ranges and
required keys, with Finnish messages naming the key, its line, the value and what was expected.
YAML anchors and aliases are refused before the document is loaded (an "alias bomb" expands a
few lines into gigabytes), and notebook names can only name notebooks in `notebooks/`.
"""

from __future__ import annotations

import json
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, Any

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import (FORMULA_EXPECTED, INVISIBLE_EXPECTED, DataError, Issue, has_invisible, near_miss, nfc,
                     starts_formula)

SETTINGS = "data/julkaisu.yml"
MAX_SETTINGS_BYTES = 64 * 1024      # the file is a dozen lines; anything near this is not a settings file
MAX_SETTING_TEXT = 300
MIN_SUPPRESS_BELOW = 3              # survey counts from fewer respondents could identify them
MAX_THRESHOLD = 1000
REQUIRED_NOTEBOOK = "luvut"          # writes _variables.yml, which every build needs; the chapters
                                    # name the others they embed (sources.py checks those)
NOTEBOOK_NAME = re.compile(r"^\w[\w-]{0,63}$")
PDF_NAME = re.compile(r"^\w[\w .()-]{0,118}\.pdf$")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_SETTINGS_DEPTH = 8              # the file nests two levels; a deeper document is not settings
# Names Windows reserves for devices, whatever the extension: "CON.pdf" cannot be saved or opened there.
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})


@dataclass(frozen=True)
class Publication:
    title: str
    subtitle: str
    publisher: str
    pdf_name: str
    licence: str
    notebooks: tuple[str, ...]
    standout_min_rows: int
    standout_min_leads: int
    suppress_below: int
    scope: str = "kertyva"    # rajaus: kertyva (every project started so far) | vuosikohortti (the year's only)
    languages: tuple[str, ...] = ("fi",)   # kielet: the editions built, Finnish first
    lang: str = "fi"                       # the language of this view (see `in_language`)
    dominance_p: int = 10                  # dominanssi_p_prosentti: the p % rule's p (compute.dominated)
    change_threshold: int = 5              # muutos_kynnys_prosenttiyksikkoa: a share's move worth stating (changes.py)
    translations: dict | None = None       # kielet' own blocks: {"sv": {"nimi": …, "alaotsikko": …, …}}
    not_asked: dict | None = None          # kysymatta: {year: (question id, …)}, the questions not asked that year

    def not_asked_in(self, year: int) -> tuple[str, ...]:
        """The start-survey questions declared not asked in `year` (kysymatta)."""
        return tuple((self.not_asked or {}).get(int(year), ()))

    def in_language(self, lang: str) -> "Publication":
        """The settings as the edition in `lang` states them: its own title, subtitle, publisher and PDF name."""
        if lang == self.lang:
            return self
        own = (self.translations or {}).get(lang) or {}
        from dataclasses import replace

        return replace(self, lang=lang, title=own.get("nimi", self.title),
                       subtitle=own.get("alaotsikko", self.subtitle),
                       publisher=own.get("julkaisija", self.publisher),
                       pdf_name=own.get("pdf_tiedosto", self.pdf_name))

    def pdf_file(self, year: int) -> str:
        return self.pdf_name.format(vuosi=year)

    def subtitle_for(self, year: int, period: str | None = None) -> str:
        """`period` says which start years the edition covers ("vuosina 2023–2025")."""
        return self.subtitle.format(vuosi=year, jakso=period or f"vuonna {year}")


# --- the schema -------------------------------------------------------------------------------

def _text(value: str) -> str:
    value = nfc(value.strip())
    if not value:
        raise ValueError("ei-tyhjä teksti")
    if CONTROL.search(value):
        raise ValueError("yksirivistä tekstiä ilman ohjausmerkkejä")
    if has_invisible(value):
        raise ValueError(INVISIBLE_EXPECTED)
    if starts_formula(value):   # the title, subtitle and publisher reach the workbook's cover and sheets
        raise ValueError(FORMULA_EXPECTED)
    if len(value) > MAX_SETTING_TEXT:
        raise ValueError(f"enintään {MAX_SETTING_TEXT} merkkiä")
    return value


def _placeholders(value: str, allowed: tuple[str, ...]) -> bool:
    """True when every {…} of `value` is one of the named placeholders, bare: no format spec
    ({vuosi:>50000000} would expand without bound), no conversion, no index or attribute."""
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:
        return False
    for _text_part, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in allowed or spec or conversion:
            return False
    return True


def _period_template(value: str) -> str:
    """{vuosi} and {jakso} ("vuonna 2023", "vuosina 2023–2025") may stand in the subtitle."""
    if not _placeholders(value, ("vuosi", "jakso")):
        raise ValueError("tekstiä, jonka paikkamerkit ovat {vuosi} ja {jakso} ilman muotoilumäärittelyjä "
                         "(esim. {vuosi:>5} ei kelpaa; aaltosulkeita ei muuten käytetä)")
    return value


def _year_template(value: str) -> str:
    """Only {vuosi} may stand in the text: fail now, not after rendering."""
    if not _placeholders(value, ("vuosi",)):
        raise ValueError("tekstiä, jossa ainoa paikkamerkki on {vuosi} ilman muotoilumäärittelyjä "
                         "(aaltosulkeita ei muuten käytetä)")
    return value


def _pdf_name(value: str) -> str:
    if "/" in value or "\\" in value or ".." in value or "\x00" in value:
        raise ValueError("pelkkä tiedostonimi, joka päättyy .pdf (ei kansioita, ei merkkejä / \\ .. eikä NUL)")
    name = value.format(vuosi=2000)
    if not PDF_NAME.match(name):
        raise ValueError("tiedostonimi, joka päättyy .pdf ja jossa on vain kirjaimia, numeroita, välilyöntejä "
                         "ja merkkejä . _ - ( ) (enintään 120 merkkiä)")
    if name.split(".", 1)[0].rstrip(" ").casefold() in WINDOWS_RESERVED or name[:-4].endswith((" ", ".")):
        raise ValueError("tiedostonimi, jota Windows ei varaa laitteille (CON, PRN, AUX, NUL, COM1–COM9, "
                         "LPT1–LPT9 eivät kelpaa) ja joka ei pääty ennen päätettä välilyöntiin tai pisteeseen")
    return value


def _notebook_name(value: str) -> str:
    if value.endswith(".ipynb") and NOTEBOOK_NAME.match(value[:-6]):
        raise ValueError(f"muistikirjan nimi ilman päätettä .ipynb ({value[:-6]})")
    if not NOTEBOOK_NAME.match(value):
        raise ValueError("kansion notebooks/ muistikirjan nimi ilman päätettä: vain kirjaimia, numeroita, _ ja - "
                         "(ei polkuja eikä kansioita)")
    return value


Text = Annotated[str, AfterValidator(_text)]
TemplateText = Annotated[str, AfterValidator(_text), AfterValidator(_period_template)]
PdfName = Annotated[str, AfterValidator(_text), AfterValidator(_year_template), AfterValidator(_pdf_name)]
NotebookName = Annotated[str, AfterValidator(_notebook_name)]
Threshold = Annotated[int, Field(ge=1, le=MAX_THRESHOLD)]


class _Strict(BaseModel):
    """Every model of the schema: exact types, and no key the schema does not know (a typo such as
    `kieli:` for `kielet:` would otherwise be ignored silently)."""
    model_config = ConfigDict(strict=True, extra="forbid")


class _Standouts(_Strict):
    vahintaan_toteutuksia: Threshold
    vahintaan_vetovastuita: Threshold


class _Swedish(_Strict):
    """The Swedish edition's own title, subtitle ({jakso}: "år 2023", "åren 2023–2025"), publisher and PDF."""
    nimi: Text
    alaotsikko: TemplateText
    julkaisija: Text
    pdf_tiedosto: PdfName


class _Settings(_Strict):
    nimi: Text
    alaotsikko: TemplateText
    julkaisija: Text
    pdf_tiedosto: PdfName
    lisenssi: Text
    muistikirjat: Annotated[list[NotebookName], Field(min_length=1, max_length=20)]
    aktiivisimmat: _Standouts
    kysely_pienin_naytettava: Annotated[int, Field(ge=MIN_SUPPRESS_BELOW, le=MAX_THRESHOLD)]
    dominanssi_p_prosentti: Annotated[int, Field(ge=1, le=100)] = 10
    muutos_kynnys_prosenttiyksikkoa: Annotated[int, Field(ge=1, le=100)] = 5
    rajaus: Literal["kertyva", "vuosikohortti"] = "kertyva"
    kielet: Annotated[list[Literal["fi", "sv"]], Field(min_length=1, max_length=2)] = ["fi"]
    sv: _Swedish | None = None
    # {year: [question id, …]}: questions of the start survey not asked that year (checked by
    # `_not_asked`, whose messages name the year and the question)
    kysymatta: dict | None = None


#: The start survey's questions a year's editor may declare not asked (kysymatta); the
#: multi-choice columns of data/kysely/<vuosi>.csv (validation.SURVEY_CHOICE_COLUMNS).
SURVEY_QUESTIONS = ("haasteet", "tulokset", "viestintakanavat", "verkostot")


# What each key must be, in the user's terms: the message for any type or range error on it.
EXPECTED = {
    "nimi": "julkaisun nimi tekstinä",
    "alaotsikko": ("alaotsikko tekstinä (paikkamerkit {vuosi} ja {jakso} sallittu; {jakso} on "
                   "esim. vuonna 2023 tai vuosina 2023–2025)"),
    "julkaisija": "julkaisijan nimi tekstinä",
    "pdf_tiedosto": "PDF-tiedoston nimi tekstinä, esim. joppi-tilannekuva-{vuosi}.pdf",
    "lisenssi": "lisenssi tekstinä, esim. CC BY 4.0",
    "muistikirjat": "luettelo kansion notebooks/ muistikirjoista (vähintään yksi, enintään 20), esim. - luvut",
    "muistikirjat[]": "muistikirjan nimi tekstinä, esim. luvut",
    "aktiivisimmat": "sisennetyt asetukset vahintaan_toteutuksia ja vahintaan_vetovastuita",
    "aktiivisimmat.vahintaan_toteutuksia": f"kokonaisluku väliltä 1–{MAX_THRESHOLD}",
    "aktiivisimmat.vahintaan_vetovastuita": f"kokonaisluku väliltä 1–{MAX_THRESHOLD}",
    "kysely_pienin_naytettava": (f"kokonaisluku väliltä {MIN_SUPPRESS_BELOW}–{MAX_THRESHOLD} (alle "
                                 f"{MIN_SUPPRESS_BELOW} vastaajan lukumäärät voisivat paljastaa vastaajan)"),
    "dominanssi_p_prosentti": ("kokonaisluku väliltä 1–100: summa (henkilöstö, osallistujat) jätetään pois, kun "
                               "muiden kuin kahden suurimman vastaajan osuus on alle näin monta prosenttia "
                               "suurimmasta vastauksesta (p %:n sääntö)"),
    "muutos_kynnys_prosenttiyksikkoa": ("kokonaisluku väliltä 1–100: osuuden muutos prosenttiyksikköinä, josta "
                                        "alkaen Mitä muuttui -kappale mainitsee sen (esim. 5)"),
    "kielet": "luettelo kielistä, joilla julkaisu rakennetaan: fi ja sv (suomi ensin), esim. [fi, sv]",
    "kielet[]": "kieli fi tai sv",
    "sv": "sisennetyt ruotsinkielisen painoksen asetukset nimi, alaotsikko, julkaisija ja pdf_tiedosto",
    "sv.nimi": "ruotsinkielisen painoksen nimi tekstinä",
    "sv.alaotsikko": "ruotsinkielinen alaotsikko tekstinä (paikkamerkit {vuosi} ja {jakso}; {jakso} on esim. år 2023)",
    "sv.julkaisija": "julkaisijan ruotsinkielinen nimi tekstinä",
    "sv.pdf_tiedosto": "ruotsinkielisen PDF-tiedoston nimi tekstinä, esim. joppi-lagesbild-{vuosi}.pdf",
    "kysymatta": ("vuosittain luettelo kysymyksistä, joita ei sinä vuonna kysytty, esim. kysymatta: {2024: "
                  "[verkostot]}"),
    "rajaus": "kertyva tai vuosikohortti (kertyva: kaikki tähän mennessä alkaneet hankkeet; vuosikohortti: vain vuoden uudet)",
}


# --- reading the file -----------------------------------------------------------------------------

def _issue(line: int | None, key: str | None, value: str | None, expected: str) -> Issue:
    return Issue(SETTINGS, line, key, value, expected, column_label="asetus")


def _yaml_problem(exc: yaml.YAMLError) -> Issue:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return _issue(None if mark is None else mark.line + 1, None, None,
                  "kelvollinen YAML-tiedosto muodossa avain: arvo (jäsennys pysähtyi tälle riville: tarkista "
                  "sisennys, kaksoispisteet, lainausmerkit ja sulkeet)")


def scan_yaml(text: str, file: str, max_depth: int, anchors: bool = False) -> None:
    """Refuse, before PyYAML composes the document, what it would expand or recurse on: anchors (&)
    and aliases (*) unless `anchors` (safe_load would expand them all: an "alias bomb") and nesting
    deeper than `max_depth` (PyYAML composes recursively: a few kilobytes of `[[[[…` end in
    RecursionError, and its parser slows down with depth). The scan stops at the first such
    event, so the refusal is immediate however deep the document goes."""
    def issue(event, value, expected):
        return DataError([Issue(file, event.start_mark.line + 1, None, value, expected, column_label="asetus")])

    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if not anchors and (isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None):
            raise issue(event, f"*{event.anchor}" if isinstance(event, yaml.AliasEvent) else f"&{event.anchor}",
                        "asetukset kirjoitettuina auki, ilman YAML-ankkureita (&) ja -viittauksia (*)")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise issue(event, None, f"asetukset enintään {max_depth} sisäkkäisen tason syvyisinä (tarkista "
                                         "sulkeet [ ] ja { } sekä sisennykset)")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _no_anchors(text: str) -> None:
    """data/julkaisu.yml: no anchors, at most MAX_SETTINGS_DEPTH levels (the file has two)."""
    scan_yaml(text, SETTINGS, MAX_SETTINGS_DEPTH)


def _key_lines(node: yaml.Node, prefix: str = "", out: dict | None = None,
               dupes: list | None = None) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Each key path ("aktiivisimmat.vahintaan_toteutuksia", "muistikirjat[0]") with its line."""
    out = {} if out is None else out
    dupes = [] if dupes is None else dupes
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            if name in seen:
                dupes.append((name, key.start_mark.line + 1))
            seen.add(name)
            out[name] = key.start_mark.line + 1
            _key_lines(value, f"{name}.", out, dupes)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[f"{prefix[:-1]}[{i}]"] = item.start_mark.line + 1
    return out, dupes


def _shown_input(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _known_keys(parents: tuple[str, ...]) -> list[str]:
    """The keys the schema knows under `parents` ((): the top level; ("sv",): the Swedish block)."""
    import typing

    model: type[BaseModel] = _Settings
    for name in parents:
        annotation = model.model_fields[name].annotation
        model = next(a for a in (typing.get_args(annotation) or (annotation,))
                     if isinstance(a, type) and issubclass(a, BaseModel))
    return list(model.model_fields)


def _nearest_key(key: str, known: list[str]) -> str | None:
    """The known key a typo most likely meant: near_miss first, then difflib with a looser cutoff
    (keys are short: "kieli" is 0.73 of "kielet")."""
    import difflib

    return near_miss(key, known) or next(iter(difflib.get_close_matches(key.casefold(), known, n=1, cutoff=0.6)),
                                         None)


def _translate(exc: ValidationError, lines: dict[str, int]) -> list[Issue]:
    issues = []
    for err in exc.errors():
        loc = err["loc"]
        path = ".".join(str(p) for p in loc if not isinstance(p, int))
        key = path + "".join(f"[{p}]" for p in loc if isinstance(p, int))
        shown_key = path + "".join(f", kohta {p + 1}" for p in loc if isinstance(p, int))
        generic = EXPECTED.get(path + ("[]" if any(isinstance(p, int) for p in loc) else ""),
                               EXPECTED.get(path, "kelvollinen arvo"))
        if err["type"] == "extra_forbidden":
            known = _known_keys(tuple(str(p) for p in loc[:-1]))
            level = f"kohdan {path.rsplit('.', 1)[0]} alla" if "." in path else "tiedoston ylätasolla"
            issues.append(Issue(SETTINGS, lines.get(key, lines.get(path)), shown_key, None,
                                f"tunnettu asetus; asetusta {loc[-1]} ei ole, ja tuntematon asetus jäisi "
                                f"huomiotta ({level} tunnetaan: {', '.join(known)})",
                                suggestion=_nearest_key(str(loc[-1]), known), column_label="asetus"))
            continue
        if err["type"] == "missing":
            issues.append(_issue(lines.get(path.rsplit(".", 1)[0]) if "." in path else None, shown_key, None,
                                 f"asetus {path} puuttuu; sen pitää olla {generic}"))
            continue
        if err["type"] == "value_error":
            expected = str(err.get("ctx", {}).get("error", err["msg"]))
        else:
            expected = generic
        issues.append(_issue(lines.get(key, lines.get(path)), shown_key, _shown_input(err.get("input")), expected))
    return issues


def _raw_settings(path: Path) -> tuple[Any, dict[str, int]]:
    from .safefs import input_problem, read_input

    if not os.path.lexists(path):
        raise DataError([_issue(None, None, None, "julkaisun asetustiedosto")])
    problem = input_problem(path)
    if problem is not None:
        raise DataError([_issue(None, None, None, problem)])
    size = path.stat().st_size
    if size > MAX_SETTINGS_BYTES:
        raise DataError([_issue(None, None, None, f"asetustiedosto, enintään {MAX_SETTINGS_BYTES // 1024} kt "
                                                  f"(tiedosto on {size} tavua)")])
    try:
        text = read_input(path, SETTINGS).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([_issue(None, None, None, "UTF-8-koodattu tiedosto")]) from None
    try:
        _no_anchors(text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError([_yaml_problem(exc)]) from None
    if not isinstance(raw, dict):
        raise DataError([_issue(None, None, None,   # the content is not echoed: it may be any file
                                "asetukset muodossa avain: arvo (tiedosto on tyhjä tai ei ole YAML-sanakirja)")])
    lines, dupes = _key_lines(node)
    if dupes:
        raise DataError([_issue(line, key, None, "jokainen asetus vain kerran") for key, line in dupes])
    return raw, lines


def _non_text_keys(raw: dict, prefix: str = "") -> list[tuple[str, str]]:
    """Keys that are not text (`123:`, `true:`): pydantic would report them without a name."""
    found = []
    for key, value in raw.items():
        path = f"{prefix}{key if isinstance(key, str) else _shown_input(key)}"   # as written: true, not True
        if not isinstance(key, str):
            found.append((path, _shown_input(key)))
        elif isinstance(value, dict) and not (not prefix and key == "kysymatta"):   # its keys are years
            found += _non_text_keys(value, f"{path}.")
    return found


def load_publication(root: Path, notebooks: Path | None = None) -> Publication:
    """The settings, checked; DataError (in Finnish, every problem at once) if any is wrong.

    Notebook names are checked to be names (never paths); when `notebooks/` exists, each must
    also be a notebook in it. (A copy of just the data, as `joppi validate` may check, has none.)
    """
    root = Path(root)
    raw, lines = _raw_settings(root / "data" / "julkaisu.yml")
    if odd := _non_text_keys(raw):
        raise DataError([_issue(lines.get(path), path, shown, "asetuksen nimi tekstinä, esim. kielet (nimi ei voi "
                                                              "olla luku, totuusarvo tai luettelo)")
                         for path, shown in odd])
    try:
        s = _Settings.model_validate(raw)
    except ValidationError as exc:
        raise DataError(_translate(exc, lines)) from None
    folder = Path(notebooks) if notebooks is not None else root / "notebooks"
    issues = []
    for i, name in enumerate(s.muistikirjat):
        where = lines.get(f"muistikirjat[{i}]")
        if s.muistikirjat.index(name) != i:
            issues.append(_issue(where, f"muistikirjat, kohta {i + 1}", name, "jokainen muistikirja vain kerran"))
        elif folder.is_dir():
            nb = folder / f"{name}.ipynb"
            inside = nb.resolve().parent == folder.resolve()
            if not (nb.is_file() and inside):
                present = ", ".join(sorted(p.stem for p in folder.glob("*.ipynb"))) or "ei yhtään"
                issues.append(_issue(where, f"muistikirjat, kohta {i + 1}", name,
                                     f"kansion notebooks/ muistikirja (siellä ovat: {present})"))
    if REQUIRED_NOTEBOOK not in s.muistikirjat:
        issues.append(_issue(lines.get("muistikirjat"), "muistikirjat", _shown_input(s.muistikirjat),
                             f"luettelo, jossa on {REQUIRED_NOTEBOOK} (se laskee julkaisun luvut ja ehdot, "
                             "_variables.yml; ilman sitä rakennus pysähtyisi myöhemmin)"))
    if s.kielet[0] != "fi" or len(set(s.kielet)) != len(s.kielet):
        issues.append(_issue(lines.get("kielet"), "kielet", _shown_input(s.kielet),
                             "kielet ilman toistoa, suomi ensimmäisenä, esim. [fi, sv]"))
    if "sv" in s.kielet and s.sv is None:
        issues.append(_issue(lines.get("kielet"), "sv", None,
                             "asetus sv (ruotsinkielisen painoksen nimi, alaotsikko, julkaisija ja pdf_tiedosto), "
                             "koska kielet sisältää sv"))
    if s.sv is not None and s.sv.pdf_tiedosto == s.pdf_tiedosto:
        issues.append(_issue(lines.get("sv.pdf_tiedosto"), "sv.pdf_tiedosto", s.sv.pdf_tiedosto,
                             "eri tiedostonimi kuin suomenkielisellä PDF:llä"))
    not_asked, problems = _not_asked(s.kysymatta, lines)
    issues += problems
    if issues:
        raise DataError(issues)
    return Publication(
        title=s.nimi,
        subtitle=s.alaotsikko,
        publisher=s.julkaisija,
        pdf_name=s.pdf_tiedosto,
        licence=s.lisenssi,
        notebooks=tuple(s.muistikirjat),
        standout_min_rows=s.aktiivisimmat.vahintaan_toteutuksia,
        standout_min_leads=s.aktiivisimmat.vahintaan_vetovastuita,
        suppress_below=s.kysely_pienin_naytettava,
        dominance_p=s.dominanssi_p_prosentti,
        change_threshold=s.muutos_kynnys_prosenttiyksikkoa,
        scope=s.rajaus,
        languages=tuple(s.kielet),
        translations={"sv": s.sv.model_dump()} if s.sv is not None else None,
        not_asked=not_asked,
    )


def _not_asked(raw: Any, lines: dict[str, int]) -> tuple[dict[int, tuple[str, ...]], list[Issue]]:
    """kysymatta: {2024: [verkostot]}: each key a year, each value a list of known question ids."""
    known = ", ".join(SURVEY_QUESTIONS)
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [_issue(lines.get("kysymatta"), "kysymatta", _shown_input(raw), EXPECTED["kysymatta"])]
    out: dict[int, tuple[str, ...]] = {}
    issues = []
    for year, questions in raw.items():
        where = lines.get(f"kysymatta.{year}", lines.get("kysymatta"))
        if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
            issues.append(_issue(where, "kysymatta", _shown_input(year),
                                 "vuosiluku (esim. 2024), jonka alla luetellaan sinä vuonna kysymättä jääneet kysymykset"))
            continue
        if not isinstance(questions, list) or not questions:
            issues.append(_issue(where, f"kysymatta.{year}", _shown_input(questions),
                                 f"luettelo kysymyksistä, esim. [verkostot] (kysymykset: {known})"))
            continue
        ids = []
        for i, q in enumerate(questions):
            if not isinstance(q, str) or q.strip() not in SURVEY_QUESTIONS:
                issues.append(_issue(lines.get(f"kysymatta.{year}[{i}]", where), f"kysymatta.{year}, kohta {i + 1}",
                                     _shown_input(q), f"alkukyselyn kysymyksen tunnus: {known}"))
            elif q.strip() in ids:
                issues.append(_issue(where, f"kysymatta.{year}, kohta {i + 1}", q, "jokainen kysymys vain kerran"))
            else:
                ids.append(q.strip())
        out[year] = tuple(ids)
    return out, issues
