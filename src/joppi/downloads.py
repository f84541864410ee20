"""The edition's data to download: every figure's numbers as CSV, and one accessible workbook.

The workbook follows the accessible-spreadsheet conventions of statistical publishing as the
UK Analysis Function's guidance and `gptables` implement them: a cover sheet, a contents sheet,
a notes sheet, one table per sheet with its title in the first cell, no merged cells, and hidden
(suppressed) counts marked with a shorthand that the notes explain. The numbers are the figures'
own (figures.Figure.numbers): suppression holds here as on the page.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from typing import TYPE_CHECKING

from .errors import starts_formula
from .fmt import SUPPRESSED_MARK as SUPPRESSED
from .paths import DOWNLOADS, GENERATED

if TYPE_CHECKING:
    from .figures import Figure

FOLDER = DOWNLOADS             # under _joppi/ in the edition
HREF = f"{GENERATED}/{FOLDER}"  # the files as the page links to them
CSV_DIALECT = {"delimiter": ";", "lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL}


#: The Swedish edition's file names: each figure's CSV by its label (`fig-x` in the Finnish edition),
#: and the workbook's. A label missing here keeps its Finnish name, which the Swedish edition's
#: language check then refuses (svenska.check_downloads), so a new figure cannot go unnoticed.
SV_CSV_NAMES = {
    "fig-toimijat": "figur-aktorer", "fig-ely": "figur-ntm-centraler", "fig-maakunnat": "figur-landskap",
    "fig-toimialat": "figur-branscher", "fig-teemat": "figur-teman", "fig-haasteet": "figur-utmaningar",
    "fig-verkostot": "figur-natverk", "fig-viestinta": "figur-kommunikationskanaler",
    "fig-tulokset": "figur-resultat", "fig-loppu-tulokset": "figur-slutresultat",
    "fig-loppu-jatkuvuus": "figur-fortsattning", "fig-aikajana": "figur-tidslinje",
    "fig-alkamisvuodet": "figur-startar", "fig-vertailu": "figur-jamforelse",
    "tbl-vertailu": "tabell-jamforelse",
}


def csv_name(label: str, lang: str = "fi") -> str:
    """The figure's CSV file as the edition's language names it."""
    return f"{SV_CSV_NAMES.get(label, label) if lang == 'sv' else label}.csv"


def workbook_name(year: int, lang: str = "fi") -> str:
    if lang == "sv":
        return f"joppi-lagesbild-{year}-tabeller.xlsx"
    return f"joppi-tilannekuva-{year}-taulukot.xlsx"


# --- the order of the figures: the order the document numbers them in ---------------------------

_INCLUDE = re.compile(r"\{\{<\s*include\s+(\S+)\s*>\}\}")
_LABELLED = re.compile(r"\{\{<\s*embed\s+[^>#]*#((?:fig|tbl)-[\w-]+)\s*>\}\}|\{#((?:fig|tbl)-[\w-]+)[\s}]")


def document_labels(project: Path) -> list[str]:
    """The figure and table labels (`fig-…`, `tbl-…`) in the order the edition's index shows them,
    its includes followed: the order Quarto and the project's engine number them in."""
    project = Path(project)
    seen: list[str] = []

    def read(path: Path, depth: int = 0) -> None:
        if depth > 10 or not path.is_file():
            return
        text = path.read_text(encoding="utf-8")
        for match in sorted([*_INCLUDE.finditer(text), *_LABELLED.finditer(text)], key=lambda m: m.start()):
            if match.re is _INCLUDE:
                read(project / match.group(1), depth + 1)
            else:
                label = match.group(1) or match.group(2)
                if label not in seen:
                    seen.append(label)

    read(project / "index.qmd")
    return seen


def in_document_order(figs: dict, project: Path) -> dict:
    """The figures (and tables) in the order the document numbers them; one the document does not
    show keeps its place after those it does."""
    order = {label: i for i, label in enumerate(document_labels(project))}
    ranked = sorted(enumerate(figs), key=lambda item: (order.get(item[1], len(order) + item[0]), item[0]))
    return {label: figs[label] for _, label in ranked}


def _cell(value) -> str:
    """Finnish spreadsheet conventions: decimal comma; a hidden count keeps its marker."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, str) and starts_formula(value):
        # Never reached: every text is refused at entry if it starts so (errors.starts_formula).
        # Should one slip through, a spreadsheet shows it as text, not as a formula (OWASP's advice).
        return "'" + value
    return str(value)


def figure_csv(fig: Figure) -> str:
    """The figure's numbers as CSV for Finnish spreadsheets: `;`, decimal comma, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, **CSV_DIALECT)
    writer.writerow(list(fig.numbers.columns))
    for row in fig.numbers.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + out.getvalue()


# Every text the workbook holds is written as a plain string: xlsxwriter's `write()` would make
# "=…" a formula, "{=…}" an array formula and "https://…", "external:…", "mailto:…" live links, and
# gptables reads "[text](address)" in any cell or title as a link. The data's own guard (errors.
# FORMULA_START, checked on every text as it enters) refuses formulas already; this is the second wall.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def _rich(text: str) -> list:
    """A text gptables writes as it is: one run of rich text (it parses no link in one). The form
    its text elements (titles, subtitles, source, the cover's paragraphs) take."""
    return [{}, text]


def _literal(value):
    """The same for a table cell or the cover's title, which take the rich text as a FormatList."""
    from gptables.core.gptable import FormatList

    return FormatList(_rich(value)) if isinstance(value, str) else value


#: The workbook's own words, in each edition's language. gptables writes a few English headings
#: of its own ("Introductory information", "About these data", "Contact", "Note number",
#: "[note 1]"); the workbook therefore writes its cover and notes itself, with gptables' formats.
WORDS = {
    "fi": {
        "figure": "Kuvio", "table": "Taulukko", "cover": "Kansilehti", "contents": "Sisällys",
        "notes": "Huomautukset", "intro": "Johdanto", "about": "Tietoja aineistosta", "contact": "Yhteystiedot",
        "note_number": "Huomautuksen numero", "note_text": "Huomautus", "note": "huomautus",
        "sheet": "Välilehti", "sheet_title": "Taulukon otsikko", "source": "Lähde",
        "instructions": "Taulukossa ei ole yhdistettyjä soluja. Otsikko on solussa A1.",
        "contents_instructions": "Valitse välilehti sen nimestä.",
        "notes_instructions": "Taulukoiden huomautukset; numero näkyy otsikossa hakasulkeissa.",
        "title": "{title}: kuvioiden taulukot",
        "intro_text": "Tämä laskentataulukko sisältää julkaisun kaikkien kuvioiden luvut, yksi taulukko kutakin "
                      "kuviota kohden, kuvioiden järjestyksessä ja numeroilla. Vuosi: {year}.",
        "marks": "Merkinnät",
        "suppressed": "{mark} = luku perustuu alle {n} vastaajaan, eikä sitä julkaista (ks. välilehti {notes}).",
        "suppressed_note": "Merkintä {mark}: luku perustuu alle {n} vastaajaan, eikä sitä julkaista vastaajien "
                           "yksityisyyden suojaamiseksi.",
        "empty": "Tyhjä solu tarkoittaa, ettei tietoa ole.",
        "shares": "Osuudet ovat prosentteja yhden desimaalin tarkkuudella; sarakkeen otsikko kertoo yksikön.",
        "no_notes": "Taulukoissa ei ole huomautuksia.",
    },
    "sv": {
        "figure": "Figur", "table": "Tabell", "cover": "Pärm", "contents": "Innehåll",
        "notes": "Anmärkningar", "intro": "Inledning", "about": "Om materialet", "contact": "Kontaktuppgifter",
        "note_number": "Anmärkningens nummer", "note_text": "Anmärkning", "note": "anmärkning",
        "sheet": "Flik", "sheet_title": "Tabellens rubrik", "source": "Källa",
        "instructions": "Tabellen har inga sammanslagna celler. Rubriken finns i cell A1.",
        "contents_instructions": "Välj en flik genom att klicka på dess namn.",
        "notes_instructions": "Tabellernas anmärkningar; numret anges inom hakparentes i rubriken.",
        "title": "{title}: figurernas tabeller",
        "intro_text": "Den här kalkylfilen innehåller siffrorna i alla publikationens figurer, en tabell per figur, "
                      "i figurernas ordning och med deras nummer. År: {year}.",
        "marks": "Beteckningar",
        "suppressed": "{mark} = talet bygger på färre än {n} svarande och publiceras inte (se fliken {notes}).",
        "suppressed_note": "Beteckningen {mark}: talet bygger på färre än {n} svarande och publiceras inte för att "
                           "skydda de svarandes integritet.",
        "empty": "En tom cell betyder att uppgiften saknas.",
        "shares": "Andelarna är procent med en decimal; kolumnens rubrik anger enheten.",
        "no_notes": "Tabellerna har inga anmärkningar.",
    },
}


def sheet_names(labels, lang: str = "fi") -> dict[str, str]:
    """Each figure's sheet named by its number in the document ("Kuvio 3", "Figur 3"); a table
    (`tbl-…`) by its own ("Taulukko 1", "Tabell 1"). `labels` in the document's order."""
    words, out, counts = WORDS[lang], {}, {"fig": 0, "tbl": 0}
    for label in labels:
        kind = "tbl" if label.startswith("tbl-") else "fig"
        counts[kind] += 1
        out[label] = f"{words['table' if kind == 'tbl' else 'figure']} {counts[kind]}"
    return out


def _note_texts(suppress_below: int, lang: str) -> dict[str, str]:
    from .figures import FIELDS_NOTE, text

    words = WORDS[lang]
    return {"piilotettu": words["suppressed_note"].format(mark=SUPPRESSED, n=suppress_below),
            "toimialat": text(FIELDS_NOTE, lang)}


def write_workbook(figs: dict[str, Figure], path: Path, *, title: str, subtitle: str, publisher: str,
                   year: int, suppress_below: int, lang: str = "fi") -> Path:
    """One sheet per figure, in the order given (the document's: `in_document_order`), each named by
    its figure number, with cover, contents and notes sheets, every word in the edition's language."""
    import gptables as gpt
    from gptables.core.gptable import FormatList
    from gptables.core.wrappers import GPWorkbook

    from .figures import BASE_LABEL, NOBODY_CHOSE, text

    words = WORDS[lang]
    names = sheet_names(list(figs), lang)
    note_text = _note_texts(suppress_below, lang)
    sheets, used, refs = {}, [], {}
    for fig in figs.values():
        notes = [n for n, applies in (("piilotettu", fig.suppressed), ("toimialat", fig.label == "fig-toimialat"))
                 if applies]
        for n in notes:
            if n not in used:
                used.append(n)
        # The note references written as the notes sheet numbers them, in the edition's language
        # (gptables' own "$$key$$" would write "[note 1]").
        marks = "".join(f" [{words['note']} {used.index(n) + 1}]" for n in notes)
        table = fig.numbers.astype(object).where(fig.numbers.notna(), None).map(_literal)
        if table.empty:   # a question nobody answered: a table says so rather than being empty
            table = pd.DataFrame([[text(NOBODY_CHOSE, lang)] + [None] * (len(table.columns) - 1)],
                                 columns=table.columns)
        name = names[fig.label]
        sheets[name] = gpt.GPTable(
            table=table,
            table_name=name.replace(" ", "_"),
            title=_rich(f"{name}. {fig.caption}{marks}"),
            # a survey table names its base: "Aineisto: vuosina 2023–2025 alkaneet hankkeet, vastanneita 20/26"
            subtitles=[_rich(subtitle)] + ([_rich(f"{BASE_LABEL[lang]}: {fig.base}")] if fig.base else []),
            source=_rich(f"{words['source']}: {publisher}."),
            instructions=words["instructions"],
        )
    for n in used:
        refs[n] = used.index(n) + 1
    notes_table = pd.DataFrame({words["note_number"]: [refs[n] for n in used] or [None],
                                words["note_text"]: [_literal(note_text[n]) for n in used] or
                                [_literal(words["no_notes"])]})
    path = Path(path)
    workbook = GPWorkbook(str(path), options=WORKBOOK_OPTIONS)
    theme = workbook.theme
    cover = workbook.add_worksheet(words["cover"])
    # The cover as gptables' write_cover lays it out (title, then headed sections of paragraphs),
    # with the headings in the edition's language.
    pos = cover._write_element([0, 0], _literal(words["title"].format(title=title)), theme.cover_title_format)
    sections = (
        (words["intro"], [subtitle, words["intro_text"].format(year=year)]),
        (words["about"], [FormatList([{"bold": True}, words["marks"]]),
                          # the mark explained only where a count is hidden
                          *([words["suppressed"].format(mark=SUPPRESSED, n=suppress_below, notes=words["notes"])]
                            if "piilotettu" in used else []),
                          words["empty"], words["shares"]]),
        (words["contact"], [publisher]),
    )
    for heading, paragraphs in sections:
        pos = cover._write_element(pos, _literal(heading), theme.cover_subtitle_format)
        pos = cover._write_element_list(pos, [_literal(p) for p in paragraphs], theme.cover_text_format)
    cover.set_column(0, 0, 90)
    contents = workbook.make_table_of_contents(
        sheets, column_names=[words["sheet"], words["sheet_title"]], title=words["contents"],
        instructions=words["contents_instructions"])
    notes = gpt.GPTable(table=notes_table, table_name="huomautukset" if lang == "fi" else "anmarkningar",
                        title=_rich(words["notes"]), instructions=words["notes_instructions"], index_columns={})
    workbook._update_annotations(sheets)
    for label, table in {words["contents"]: contents, words["notes"]: notes, **sheets}.items():
        workbook.add_worksheet(label).write_gptable(table, True, [])
    # Same inputs, same bytes: the workbook's own dates are fixed to the edition's cut-off.
    workbook.set_properties({"title": title, "subject": subtitle, "author": publisher,
                             "created": datetime(int(year), 12, 31)})
    workbook.close()
    return path


def write_downloads(figs: dict[str, Figure], folder: Path, *, title: str, subtitle: str, publisher: str,
                    year: int, suppress_below: int, lang: str = "fi") -> list[Path]:
    """Every figure's CSV and the workbook into `folder`, named in the edition's language; returns
    the files written. The figures in the document's order (`in_document_order`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fig in figs.values():
        target = folder / csv_name(fig.label, lang)
        target.write_text(figure_csv(fig), encoding="utf-8", newline="")
        written.append(target)
    written.append(write_workbook(figs, folder / workbook_name(year, lang), title=title, subtitle=subtitle,
                                  publisher=publisher, year=year, suppress_below=suppress_below, lang=lang))
    return written
