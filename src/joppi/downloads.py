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
from datetime import datetime
from pathlib import Path

import pandas as pd

from typing import TYPE_CHECKING

from .errors import starts_formula
from .fmt import SUPPRESSED_MARK as SUPPRESSED

if TYPE_CHECKING:
    from .figures import Figure

FOLDER = "aineistot"          # under _joppi/ in the edition
HREF = f"_joppi/{FOLDER}"      # the files as the page links to them
CSV_DIALECT = {"delimiter": ";", "lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL}


def csv_name(label: str) -> str:
    return f"{label}.csv"


def workbook_name(year: int) -> str:
    return f"joppi-tilannekuva-{year}-taulukot.xlsx"


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


def _sheet_name(label: str) -> str:
    return label.removeprefix("fig-")[:31]


def _notes(suppress_below: int, used: list[str]) -> pd.DataFrame:
    """The notes the tables refer to (gptables numbers them [note 1], [note 2] … in order of use)."""
    from .figures import FIELDS_NOTE

    text = {
        "piilotettu": f"Merkintä {SUPPRESSED}: luku perustuu alle {suppress_below} vastaajaan, eikä sitä "
                      "julkaista vastaajien yksityisyyden suojaamiseksi.",
        "toimialat": FIELDS_NOTE,
    }
    return pd.DataFrame({"Huomautuksen tunnus": used, "Huomautus": [text[n] for n in used]})


def write_workbook(figs: dict[str, Figure], path: Path, *, title: str, subtitle: str, publisher: str,
                   year: int, suppress_below: int) -> Path:
    """One sheet per figure, in the publication's order, with cover, contents and notes."""
    import gptables as gpt

    from .figures import BASE_LABEL, NOBODY_CHOSE

    sheets, used = {}, []
    for fig in figs.values():
        notes = [n for n, applies in (("piilotettu", fig.suppressed), ("toimialat", fig.label == "fig-toimialat"))
                 if applies]
        used += [n for n in notes if n not in used]
        notes = [f"$${n}$$" for n in notes]
        table = fig.numbers.astype(object).where(fig.numbers.notna(), None).map(_literal)
        if table.empty:   # a question nobody answered: a table says so rather than being empty
            table = pd.DataFrame([[NOBODY_CHOSE] + [None] * (len(table.columns) - 1)], columns=table.columns)
        sheets[_sheet_name(fig.label)] = gpt.GPTable(
            table=table,
            table_name=_sheet_name(fig.label).replace("-", "_"),
            title=_rich(fig.caption + "".join(notes)),
            # a survey table names its base: "Aineisto: vuosina 2023–2025 alkaneet hankkeet, vastanneita 20/26"
            subtitles=[_rich(subtitle)] + ([_rich(f"{BASE_LABEL[fig.lang]}: {fig.base}")] if fig.base else []),
            source=_rich(f"Lähde: {publisher}."),
            instructions="Taulukossa ei ole yhdistettyjä soluja. Otsikko on solussa A1.",
        )
    cover = gpt.Cover(
        cover_label="Kansilehti",
        title=_literal(f"{title}: kuvioiden taulukot"),
        intro=[_rich(subtitle), f"Tämä laskentataulukko sisältää julkaisun kaikkien kuvioiden luvut, yksi taulukko "
                         f"kutakin kuviota kohden. Vuosi: {year}."],
        about=[
            [{"bold": True}, "Merkinnät"],
            f"{SUPPRESSED} = luku perustuu alle {suppress_below} vastaajaan, eikä sitä julkaista "
            "(ks. välilehti Huomautukset).",
            "Tyhjä solu tarkoittaa, ettei tietoa ole.",
            "Osuudet ovat prosentteja yhden desimaalin tarkkuudella; sarakkeen otsikko kertoo yksikön.",
        ],
        contact=[_rich(publisher)],
    )
    path = Path(path)
    workbook = gpt.produce_workbook(
        filename=str(path), sheets=sheets, cover=cover, workbook_options=WORKBOOK_OPTIONS,
        contentsheet_label="Sisällys",
        contentsheet_options={"title": "Sisällys", "column_names": ["Välilehti", "Taulukon otsikko"],
                              "instructions": "Valitse välilehti sen nimestä."},
        notes_table=_notes(suppress_below, used) if used else None, notesheet_label="Huomautukset",
        notesheet_options={"title": "Huomautukset",
                           "instructions": "Taulukoiden huomautukset; tunnus näkyy otsikossa hakasulkeissa."},
    )
    # Same inputs, same bytes: the workbook's own dates are fixed to the edition's cut-off.
    workbook.set_properties({"title": title, "subject": subtitle, "author": publisher,
                             "created": datetime(int(year), 12, 31)})
    workbook.close()
    return path


def write_downloads(figs: dict[str, Figure], folder: Path, *, title: str, subtitle: str, publisher: str,
                    year: int, suppress_below: int) -> list[Path]:
    """Every figure's CSV and the workbook into `folder`; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fig in figs.values():
        target = folder / csv_name(fig.label)
        target.write_text(figure_csv(fig), encoding="utf-8", newline="")
        written.append(target)
    written.append(write_workbook(figs, folder / workbook_name(year), title=title, subtitle=subtitle,
                                  publisher=publisher, year=year, suppress_below=suppress_below))
    return written
