"""The Swedish edition's words: Swedish forms of the narrative's values, of the figures' texts and
the check that no Finnish word reaches the Swedish text through a value.

The Swedish values have exactly the keys of the Finnish ones (`values.narrative_values`) and the
same numbers and `vaitteet` (true-or-false facts do not depend on the language); only the text
differs. Classification names come from the classifications' `*_sv` columns; numbers, percents
and dates are written as in Finnish (decimal comma, no-break space before %, d.m.yyyy), which is
also the Finland-Swedish convention.
"""

from __future__ import annotations

import copy
import re

import pandas as pd

from . import compute as c
from .classifications import END_SURVEY_CHOICE_FILES, NO_FIELD, ROLE_MAIN, SURVEY_CHOICE_FILES
from .config import Publication
from .dataset import YearData
from .errors import BuildError
from .paths import DOWNLOADS, GENERATED, read_values
from .fmt import DASH, NBSP, bottom_tied, join_list, top_tied  # noqa: F401 - NBSP: re-exported

SV_NUMBER_WORDS = ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]

#: The words the values join lists with, and the ones that are proper names in any language.
PROPER_NAME_KEYS = {"toimijat.aktiivisimmat_nimet", "kolofoni"}


def sv_word(n: int, neuter: bool = True) -> str:
    """Numbers up to twelve in words, as Swedish prose writes them; "ett projekt" but "en bransch"."""
    if n == 1 and not neuter:
        return "en"
    return SV_NUMBER_WORDS[n] if 0 <= n < len(SV_NUMBER_WORDS) else str(n)


def sv_list(items) -> str:
    """"a", "a och b", "a, b och c" (no comma before "och", as in Swedish)."""
    return join_list(items, "och")


def sv_places(forms) -> str:
    """Place names with their prepositions ("i Tavastland", "på Åland") as one list: a preposition
    repeated from the previous item is dropped ("i Tavastland, Mellersta Finland och på Åland")."""
    out, previous = [], None
    for form in forms:
        prep, _, name = form.partition(" ")
        out.append(name if prep == previous else form)
        previous = prep
    return sv_list(out)


def sv_period(years: list[int]) -> str:
    """The start years an edition covers, as its subtitle says them: "år 2023", "åren 2023–2025"."""
    return f"år {years[0]}" if len(years) == 1 else f"åren {years[0]}{DASH}{years[-1]}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _set(values: dict, path: str, value) -> None:
    node = values
    *parents, last = path.split(".")
    for p in parents:
        node = node[p]
    node[last] = value


def swedish_values(fi: dict, data: YearData, pub: Publication) -> dict:
    """The Finnish values with every text in Swedish: the same keys, numbers and claims."""
    from .values import covered, start_years

    cls = data.classifications
    # Each classification's own Swedish names: a region and an ELY centre may share a Finnish name.
    ely_sv, region_sv, field_sv = (cls.swedish(f) for f in ("ely_keskukset.csv", "maakunnat.csv", "toimialat.csv"))
    org_sv, theme_sv = cls.swedish("organisaatiotyypit.csv"), cls.swedish("kehittamisteemat.csv")

    out = copy.deepcopy(fi)
    rows = covered(data)
    roles = c.counts_by_role(rows)
    types = c.implementers_by_type(rows, cls.org_types)
    group_mains = rows[rows["rooli"] == ROLE_MAIN]
    main_types = c.distribution(group_mains["organisaatiotyyppi"], cls.org_types)
    singular = types[types["lukumaara"] == 1]["luokka"].tolist()
    standout = c.standout_implementers(c.active_implementers(rows), pub.standout_min_rows, pub.standout_min_leads)
    standout_types = standout["organisaatiotyyppi"].unique().tolist()
    if len(standout) == 1:
        standout_phrase = "en aktör"
    elif len(standout_types) == 1:
        standout_phrase = f"{sv_word(len(standout))} {cls.org_type_plural_sv[standout_types[0]]}"
    else:
        standout_phrase = f"{sv_word(len(standout), neuter=False)} aktörer"
    ely = c.shares_by_ely(rows, cls.ely)
    regions = c.shares_by_region(rows, cls.region_names)
    fields = c.fields(rows, cls.fields)
    real_fields = fields[fields["luokka"] != NO_FIELD]
    fsum = c.field_summary(rows)
    def tied(frame, n=1):
        return top_tied(zip(frame["luokka"], frame["lukumaara"]), n)

    two_fields = [lower_first(field_sv[f]) for f in tied(real_fields, 2)]
    top_fields = [lower_first(field_sv[f]) for f in tied(real_fields, 1)]
    smallest_ely = bottom_tied(zip(ely["luokka"], ely["lukumaara"]))
    top_main = main_types.iloc[0]["luokka"] if len(main_types) else None
    texts = {
        "hankkeet.yksittaiset_sana": sv_word(roles.singles),
        "hankkeet.ryhmahankkeiden_yleisin_paatoteuttaja": cls.org_type_plural_sv[top_main] if top_main else "",
        "hankkeet.ryhmahankkeiden_yleisimmat_paatoteuttajat": sv_list(cls.org_type_plural_sv[t]
                                                                      for t in tied(main_types)),
        "toimijat.tyypit": sv_list(cls.org_type_plural_sv[t] for t in types["luokka"]),
        "toimijat.yksi_kutakin": sv_list(lower_first(org_sv[t]) for t in singular),
        "toimijat.aktiivisimmat": standout_phrase,
        "toimijat.aktiivisimmat_toteutuksia": sv_list(str(n) for n in standout["toteutuksia"]),
        "toimijat.aktiivisimmat_nimet": sv_list(swedish_org_name(n, org_sv) for n in standout["toteuttaja"]),
        "ely.lukumaara_sana": sv_word(len(ely), neuter=False),
        "ely.kaikki": sv_list(ely_sv[e] for e in cls.ely),
        "ely.suurin": sv_list(ely_sv[e] for e in tied(ely)),
        "ely.suurimpien_kukin": "var",
        "ely.pienin": sv_list(ely_sv[e] for e in smallest_ely),
        "ely.pienimpien_kukin": "var",
        "maakunnat.suurin": sv_list(region_sv[r] for r in tied(regions)),
        "maakunnat.suurimpien_kukin": "var",
        "maakunnat.lista": sv_list(region_sv[r] for r in regions["luokka"]),
        "toimialat.lukumaara_sana": sv_word(fsum.distinct, neuter=False),
        "toimialat.sitoutumattomia_sana": sv_word(fsum.unbound),
        "toimialat.kaksi_suurinta": sv_list(two_fields),
        "toimialat.suurin": sv_list(top_fields),
        "toimialat.suurimpien_kukin": "var",
        "toimialat.lista": sv_list(lower_first(field_sv[f]) for f in real_fields["luokka"]),
    }
    # Themes by the NTM centre's area: "i Tavastland, Mellersta Finland och Norra Österbotten".
    grid = c.themes_by_ely(rows, cls.themes, cls.ely)
    inessive = cls.ely_inessive_sv
    texts["teemat.lukumaara_sana"] = sv_word(len(cls.themes))
    texts["teemat.tasaiset_alueet"] = sv_places(inessive[e] for e in c.even_theme_elys(grid, cls.themes, cls.ely))
    for i, s in enumerate(c.theme_spread(grid, cls.themes, cls.ely), start=1):
        texts.update({
            f"teemat.t{i}.nimi": theme_sv[s.theme],
            f"teemat.t{i}.nimi_pienella": lower_first(theme_sv[s.theme]),
            f"teemat.t{i}.lyhyt": cls.theme_short_sv[s.theme],
            f"teemat.t{i}.alueet": sv_places(inessive[e] for e in s.elys),
            f"teemat.t{i}.alueita_sana": sv_word(len(s.elys), neuter=False),
            f"teemat.t{i}.puuttuu": sv_places(inessive[e] for e in s.absent),
            f"teemat.t{i}.vahvin": sv_places(inessive[e] for e in s.strongest),
        })
    from .values import base_text, survey_base

    base = survey_base(data)
    texts["kysely.kohde"] = (f"de projekt som inleddes {sv_period(list(base.years))}" if len(base.years) > 1
                             else "kohortens projekt")
    texts["kysely.pohja"], texts["kysely.vuosittain"] = base_text(base, "sv")
    texts["kysely.kyselyvuodet"] = sv_period(list(base.years))
    staff = out["kysely"]["henkilosto"]
    if staff["paatoteuttajat_paatoimiset_sana"] != DASH:
        texts["kysely.henkilosto.paatoteuttajat_paatoimiset_sana"] = sv_word(
            int(staff["paatoteuttajat_paatoimiset"]), neuter=False)
    for column in cls.survey_choices:
        freq = c.choice_frequencies(data.survey_for(column), column, cls.survey_choices[column], pub.suppress_below)
        if not data.asked(column):
            freq = freq.iloc[0:0]
        texts.update(_choice_texts(f"kysely.{column}", freq, cls.swedish(SURVEY_CHOICE_FILES[column])))
    if out["loppukysely"].get("on"):
        for column, options in (cls.end_survey_choices or {}).items():
            freq = c.choice_frequencies(data.end_survey, column, options, pub.suppress_below)
            texts.update(_choice_texts(f"loppukysely.{column}", freq, cls.swedish(END_SURVEY_CHOICE_FILES[column])))
    years = start_years(data) or [data.year]
    texts["rajaus.alkaneet"] = sv_period(years)
    pub_sv = pub.in_language("sv")
    texts["julkaisu.nimi"] = pub_sv.title
    texts["julkaisu.alaotsikko"] = pub_sv.subtitle_for(data.year, sv_period(years))
    texts["julkaisu.julkaisija"] = pub_sv.publisher
    if out["vertailu"].get("on"):
        texts["vertailu.muutos"] = out["vertailu"]["muutos"]
        from .comparison import change_sv

        texts["vertailu.vastausprosentti_muutos"] = change_sv(out["vertailu"]["vastausprosentti_muutos"])
    for path, value in texts.items():
        _set(out, path, value)
    return out


def swedish_org_name(name: str, org_sv: dict[str, str]) -> str:
    """An implementer's name whose first words are a Finnish organisation type of
    organisaatiotyypit.csv ("Ammattikorkeakoulu A", the data's anonymised names) with that part in
    Swedish ("Yrkeshögskola A"). Any other name is a proper name and stays as the organisation writes
    it ("Lapin ammattikorkeakoulu": its Swedish name, where it has one, is not in the data)."""
    for finnish in sorted(org_sv, key=len, reverse=True):
        if name == finnish or name.lower().startswith(finnish.lower() + " "):
            return org_sv[finnish] + name[len(finnish):]
    return name


def _choice_texts(prefix: str, freq: pd.DataFrame, sv: dict[str, str]) -> dict[str, str]:
    """The Finnish choice values' texts in Swedish, with the same ties (values.choice_values)."""
    shown = freq[~freq["piilotettu"]]
    names = [lower_first(sv[x]) for x in shown["luokka"]]
    counts = list(zip(names, shown["lukumaara"] if "lukumaara" in shown else [0] * len(shown)))
    top, two = top_tied(counts, 1), top_tied(counts, 2)
    return {f"{prefix}.lista": sv_list(names), f"{prefix}.yleisin": sv_list(top),
            f"{prefix}.kaksi_yleisinta": sv_list(two), f"{prefix}.muut": sv_list(names[len(two):])}


# --- the check: no Finnish word in the Swedish text ---------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def finnish_words(cls) -> set[str]:
    """Words that only Finnish uses among the values' words: every word of the Finnish classification
    names and forms, the Finnish list and number words, minus the words the Swedish names also use
    (Satakunta is Satakunta in both)."""
    from .values import NUMBER_WORDS

    fi_text = [*cls.sv.keys(), *cls.ely_inessive.values(), *cls.org_type_plural.values(),
               *cls.org_type_partitive.values(), *cls.theme_short.values(), *cls.ely_long.keys(),
               *NUMBER_WORDS, "ja sekä vuonna vuosina kohortin hankkeiden alkaneiden toimijaa hanke hanketta yks"]
    sv_text = [*cls.sv.values(), *cls.ely_inessive_sv.values(), *cls.org_type_plural_sv.values(),
               *cls.theme_short_sv.values(), *SV_NUMBER_WORDS,
               "och var samt år åren"]   # the Swedish values' own words (a name may spell one: "var")
    fi_words = set().union(*(words(t) for t in fi_text))
    sv_words = set().union(*(words(t) for t in sv_text))
    return fi_words - sv_words


def finnish_leaks(values: dict, cls, prefix: str = "") -> list[tuple[str, str]]:
    """(key, word) for every Finnish-only word in the Swedish values' texts (proper names excepted)."""
    vocabulary = finnish_words(cls)
    found = []

    def walk(node, path):
        if path in PROPER_NAME_KEYS:
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, str):
            found.extend((path, w) for w in sorted(words(node) & vocabulary))

    walk(values, prefix)
    return found


# --- the figures ----------------------------------------------------------------------------------

#: The charts' own words (tooltips, axes, legends, footnotes) in Swedish; the builders write Finnish.
CHART_WORDS = {
    "Luokka": "Kategori", "Osuus": "Andel", "Määrä": "Antal", "Teema": "Tema", "ELY-keskus": "NTM-central",
    "Hankkeita": "Projekt", "Toteutusaika": "Genomförandetid", "Vastaus": "Svar", "Lukumäärä": "Antal",
    "Vuosi": "År", "Mittari": "Indikator", "Arvo": "Värde", "Osuus hankkeista": "Andel av projekten",
    "Hankkeiden määrä": "Antal projekt", "Toteutuksia": "Genomföranden",
    "Osuus toteutuksista": "Andel av genomförandena",
}
_CHART_PATTERNS = (
    (re.compile(r"^Osuus vastaajista \(n = (.+)\)$"), r"Andel av de svarande (n = \1)"),
    (re.compile(r"^– = alle (\d+) vastaajaa, luku piilotettu$"), r"– = färre än \1 svarande, talet visas inte"),
    (re.compile(r"(\d) (?:hanketta|hanke)\b"), r"\1 projekt"),
    (re.compile(r"(\d) toteutusta\b"), r"\1 genomföranden"),
    (re.compile(r"(\d) toteutus\b"), r"\1 genomförande"),
)


def translate_spec(node):
    """A Vega-Lite spec with the builders' Finnish words in Swedish (data values are already Swedish)."""
    if isinstance(node, dict):
        return {k: translate_spec(v) for k, v in node.items()}
    if isinstance(node, list):
        return [translate_spec(v) for v in node]
    if isinstance(node, str):
        if node in CHART_WORDS:
            return CHART_WORDS[node]
        for pattern, repl in _CHART_PATTERNS:
            node = pattern.sub(repl, node)
    return node


class SwedishChart:
    """An Altair chart whose spec comes out in Swedish: `to_dict` is all that embed.py asks of a chart."""

    def __init__(self, chart):
        self.chart = chart

    def to_dict(self, *args, **kwargs) -> dict:
        return translate_spec(self.chart.to_dict(*args, **kwargs))

    def __getattr__(self, name):
        return getattr(self.chart, name)


# --- the build: the Swedish work project and its checks -------------------------------------------

#: Each language's sources: the index and the chapter folder it includes from.
SOURCES = {"fi": ("index.qmd", "chapters"), "sv": ("index-sv.qmd", "chapters/sv")}
LINKS = {"fi": "Suomeksi", "sv": "På svenska"}
_VAR = re.compile(r"\{\{<\s*var\s+([\w.-]+)\s*>\}\}")
_CONDITION = re.compile(r"vaitteet\.([\w-]+)")


def source_keys(project, lang: str) -> tuple[set[str], set[str]]:
    """The `var` keys and the condition keys (`vaitteet.x`) one language's sources use."""
    from pathlib import Path

    index, folder = SOURCES[lang]
    files = [Path(project) / index, *sorted((Path(project) / folder).glob("*.qmd"))]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file())
    return set(_VAR.findall(text)), set(_CONDITION.findall(text))


def source_differences(project) -> list[str]:
    """What one language's sources use and the other's do not: Finnish messages, empty when equal."""
    (fi_vars, fi_cond), (sv_vars, sv_cond) = source_keys(project, "fi"), source_keys(project, "sv")
    out = []
    for what, fi_keys, sv_keys in (("muuttuja", fi_vars, sv_vars), ("ehto vaitteet.", fi_cond, sv_cond)):
        for key in sorted(fi_keys - sv_keys):
            out.append(f"{what}{'' if what.endswith('.') else ' '}{key} on suomenkielisessä tekstissä "
                       "mutta ei ruotsinkielisessä (index-sv.qmd, chapters/sv/)")
        for key in sorted(sv_keys - fi_keys):
            out.append(f"{what}{'' if what.endswith('.') else ' '}{key} on ruotsinkielisessä tekstissä "
                       "mutta ei suomenkielisessä (index.qmd, chapters/)")
    return out


def check_sources(project) -> None:
    problems = source_differences(project)
    if problems:
        raise BuildError("Kieliversiot eivät käytä samoja lukuja ja väitteitä:\n"
                         + "\n".join(f"  - {p}" for p in problems))


def check_swedish_names(directory) -> None:
    """A classification row without its Swedish form stops the build: file, row and column named."""
    from .classifications import load_classifications
    from .errors import DataError

    missing = load_classifications(directory).sv_missing
    if missing:
        raise DataError(list(missing))


def check_values(project) -> None:
    """No Finnish word reaches the Swedish text through a value (the notebook's _variables.yml)."""
    from pathlib import Path

    from .classifications import load_classifications

    values = read_values(project)
    leaks = finnish_leaks(values, load_classifications(Path(project) / "data" / "luokitukset"))
    if leaks:
        raise BuildError("Ruotsinkieliseen tekstiin päätyisi suomenkielisiä sanoja muuttujista:\n"
                         + "\n".join(f"  - {key}: {word}" for key, word in leaks)
                         + "\nLisää puuttuvat ruotsinkieliset muodot luokituksiin (sarakkeet *_sv).")


#: The pages the Swedish edition links to in their Swedish version, by the Finnish address (checked
#: by a test over chapters/sv/). Only addresses known to have a Swedish page are listed: the JOPPI
#: page (oph.fi/joppi) and eurahoitusneuvonta.fi have no Swedish version we could confirm.
SWEDISH_PAGES = {"https://rakennerahastot.fi": "https://rakennerahastot.fi/sv"}

#: English words a spreadsheet library could leave in the workbook (gptables' defaults).
ENGLISH_WORDS = {"introductory", "about", "these", "contact", "note", "notes", "contents", "cover", "sheet",
                 "worksheet", "table", "number"}
#: The Finnish edition's own download words, which the Swedish files must not carry.
FINNISH_FILE_WORDS = {"kuvio", "kuvion", "kuvioiden", "taulukko", "taulukot", "tilannekuva", "kansilehti",
                      "sisällys", "huomautus", "huomautukset", "lähde", "välilehti", "fig", "vuosi"}


def figure_words() -> set[str]:
    """The Finnish words of the figures' own texts (captions, table headings, notes) that their
    Swedish forms (figures.TEXTS_SV, FIGURES_SV) do not also use."""
    from .figures import FIGURES, FIGURES_SV, TEXTS_SV

    fi = set().union(*(words(t) for t in [*TEXTS_SV, *(f"{s.caption} {s.head} {s.subject}" for s in FIGURES)]))
    sv = set().union(*(words(t) for t in [*TEXTS_SV.values(), *(" ".join(v) for v in FIGURES_SV.values())]))
    return fi - sv


def download_leaks(folder, cls) -> list[tuple[str, str]]:
    """(where, word) for every Finnish or English word in the Swedish edition's downloads: the file
    names, the CSV files' headers and every text and sheet name of the workbook."""
    import csv
    import io
    from pathlib import Path

    from .downloads import SV_CSV_NAMES

    vocabulary = finnish_words(cls) | FINNISH_FILE_WORDS | figure_words()
    # The file names' stems: their words split at "-" (a Finnish label is the figure's `fig-` label).
    labels = {label.removeprefix("fig-").removeprefix("tbl-") for label in SV_CSV_NAMES}
    found = []

    def check(where: str, text: str, names=frozenset()) -> None:
        # one letter is no language's word ("Ammattikorkeakoulu A", a name's initial)
        found.extend((where, w) for w in sorted(words(text) & (vocabulary | ENGLISH_WORDS | names)) if len(w) > 1)

    for path in sorted(Path(folder).glob("*")):
        if not path.is_file():
            continue
        check(f"tiedostonimi {path.name}", path.stem.replace("-", " ").replace("_", " "),
              frozenset(w for label in labels for w in label.split("-")))
        if path.suffix == ".csv":
            header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"), [])
            check(f"{path.name}, otsikkorivi", " ".join(header))
        elif path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                for sheet in book.worksheets:
                    check(f"{path.name}, välilehden nimi", sheet.title)
                    for row in sheet.iter_rows(values_only=True):
                        for value in row:
                            if isinstance(value, str):
                                check(f"{path.name}, välilehti {sheet.title}", value)
            finally:
                book.close()
    return found


def check_downloads(project) -> None:
    """No Finnish or English word in the Swedish edition's files to download (names, CSV headers,
    workbook): the build stops, naming the file and the word."""
    from pathlib import Path

    from .classifications import load_classifications

    leaks = download_leaks(Path(project) / GENERATED / DOWNLOADS,
                           load_classifications(Path(project) / "data" / "luokitukset"))
    if leaks:
        raise BuildError("Ruotsinkielisen julkaisun ladattaviin tiedostoihin päätyisi suomen- tai "
                         "englanninkielisiä sanoja:\n" + "\n".join(f"  - {where}: {word}" for where, word in leaks)
                         + "\nLisää ruotsinkieliset nimet ja tekstit (downloads.SV_CSV_NAMES, downloads.WORDS, "
                         "figures.TEXTS_SV, luokitusten sarakkeet *_sv).")


#: The draft's mark of a false sentence in the Swedish edition (claims.DRAFT_MARK in Finnish).
SV_DRAFT_MARK = "PÅSTÅENDET STÄMMER INTE:"


def mark_in_swedish(project) -> None:
    """The Swedish sources of a draft carry the Swedish mark where claims.mark_stale_claims wrote the
    Finnish one (the Swedish copies of the false sentences)."""
    from pathlib import Path

    from .claims import DRAFT_MARK

    project = Path(project)
    for path in [project / "index.qmd", *sorted((project / SOURCES["sv"][1]).glob("*.qmd"))]:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if f"**{DRAFT_MARK}**" in text:
                path.write_text(text.replace(f"**{DRAFT_MARK}**", f"**{SV_DRAFT_MARK}**"), encoding="utf-8")


def draft_banner_sv(year: int, stale: list) -> str:
    own = [c for c in stale if c.file == "index.qmd" or c.file.startswith(SOURCES["sv"][1] + "/")] or stale
    count = len(own)
    what = "påstående stämmer" if count == 1 else "påståenden stämmer"
    return (
        '::: {.callout-note title="UTKAST – inte för publicering"}\n'
        f"Detta är ett utkast, ingen publikation: {count} {what} inte med materialet för år {year}. "
        f"De har markerats i texten med **{SV_DRAFT_MARK}** Rätta meningarna eller gör dem villkorliga "
        "(skribentguiden) och bygg publikationen på nytt.\n"
        ":::\n"
    )


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def language_project(fi_project, dest, lang: str):
    """The language's work project: a copy of the Finnish one whose index and settings are the
    language's own (index-sv.qmd; _quarto.yml with _quarto-sv.yml over it)."""
    import shutil
    from pathlib import Path

    import yaml

    fi_project, dest = Path(fi_project), Path(dest)
    shutil.copytree(fi_project, dest, symlinks=True)
    shutil.copy2(dest / SOURCES[lang][0], dest / "index.qmd")
    base = yaml.safe_load((dest / "_quarto.yml").read_text(encoding="utf-8")) or {}
    over = yaml.safe_load((dest / f"_quarto-{lang}.yml").read_text(encoding="utf-8")) or {}
    merged = _merge(base, over)
    # The work project renders its own index.qmd (the language's, copied above) into the usual folder:
    # the profile's `project` keys are for `quarto render --profile sv` at the root.
    merged["project"] = base.get("project") or {}
    (dest / "_quarto.yml").write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False),
                                      encoding="utf-8")
    return dest


def link_languages(projects: dict) -> None:
    """Each language's page links to the others' (HTML only: `lang` and `hreflang` on the link)."""
    from pathlib import Path

    import yaml

    for lang, project in projects.items():
        links = []
        for other in projects:
            if other == lang:
                continue
            href = f"{other}/index.html" if lang == "fi" else ("../index.html" if other == "fi" else f"../{other}/index.html")
            links.append(f'<a href="{href}" hreflang="{other}" lang="{other}">{LINKS[other]}</a>')
        settings_file = Path(project) / "_quarto.yml"
        settings = yaml.safe_load(settings_file.read_text(encoding="utf-8")) or {}
        html_options = settings.setdefault("format", {}).setdefault("html", {})
        before = html_options.get("include-before-body") or []
        before = before if isinstance(before, list) else [before]
        html_options["include-before-body"] = [*before, {"text": '<nav class="joppi-kielet" aria-label="'
                                                          + ("Kieli" if lang == "fi" else "Språk") + '">'
                                                          + " ".join(links) + "</nav>"}]
        settings_file.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
