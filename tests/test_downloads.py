"""The downloads hold text as text: no formula, array formula or link, whatever a name says.

The data's guard (errors.starts_formula) refuses formulas as they enter (the corpus: cases
`classification-formula-*`, `settings-formula-*`, `formula-injection`); these tests give the
writers hostile text directly, past that guard, and open what they wrote.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest

from joppi.downloads import figure_csv, write_workbook
from joppi.figures import Figure

HOSTILE = [
    "=cmd|' /C calc'!A0;10;66,7", "+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", "{=1+1}",
    "https://example.invalid/x", "external:C:\\Windows\\System32\\calc.exe", "mailto:a@example.invalid",
    "ftp://example.invalid", "[Avaa](https://example.invalid)", "$$piilotettu$$", "0123", "1e5",
]


def figure(suppressed: bool = False) -> Figure:
    numbers = pd.DataFrame({"Luokka": HOSTILE, "Lukumäärä": range(len(HOSTILE))})
    return Figure(label="fig-vihamielinen", caption="Kuvio [linkki](https://example.invalid)", chart=None,
                  alt="", table=numbers, numbers=numbers, suppressed=suppressed)


def sheet_xml(path, name: str) -> str:
    """The XML of the sheet called `name`, found through the workbook's relationships."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet name="{name}" sheetId="\d+" r:id="(rId\d+)"', book).group(1)
        target = re.search(rf'Id="{rid}" Type="[^"]+" Target="([^"]+)"', rels).group(1)
        return z.read(f"xl/{target.removeprefix('/xl/')}").decode()


@pytest.mark.parametrize("suppressed", [False, True])
def test_the_workbook_writes_every_text_as_a_string(tmp_path, suppressed):
    path = tmp_path / "taulukot.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # gptables: "no note text" when nothing is suppressed
        write_workbook({"fig-vihamielinen": figure(suppressed)}, path, title="Otsikko [a](https://example.invalid)",
                       subtitle="=1+1 alaotsikko", publisher="external:C:\\x.exe", year=2023, suppress_below=3)
    book = openpyxl.load_workbook(path)
    sheet = book["Kuvio 1"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    for text in HOSTILE:
        cell = cells[text]
        assert cell.data_type == "s", (text, cell.data_type)
        assert cell.hyperlink is None, text
    assert sheet["A1"].value.startswith("Kuvio 1. Kuvio [linkki](https://example.invalid)")
    assert sheet["A2"].value == "=1+1 alaotsikko" and sheet["A2"].data_type == "s"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, f"a formula in {name}"
            if name.endswith(".rels"):
                assert "hyperlink" not in z.read(name).decode(), f"an external link in {name}"
    for name in ("Kuvio 1", "Kansilehti"):
        assert "<hyperlink" not in sheet_xml(path, name), name
    # the contents sheet's links are the workbook's own, to its sheets
    contents = sheet_xml(path, "Sisällys")
    assert re.findall(r"<hyperlink [^>]*>", contents) and all(
        "location=" in h and "r:id" not in h for h in re.findall(r"<hyperlink [^>]*>", contents))
    if suppressed:
        assert "[huomautus 1]" in sheet["A1"].value, "the notes still work in a rich-text title"


def test_the_csv_keeps_text_as_text():
    rows = list(csv.reader(io.StringIO(figure_csv(figure()).removeprefix("\ufeff")), delimiter=";"))
    first = [r[0] for r in rows[1:]]
    for text, written in zip(HOSTILE, first):
        if text.startswith(("=", "+", "-", "@", "\t")):
            assert written == "'" + text, "a formula that slipped past the entry guard is shown as text"
        else:
            assert written == text


def test_the_figures_come_in_the_documents_order_in_both_languages():
    """The chapters show the start-year figure first (3.1): the tables and the workbook's sheets
    follow the document's numbering, not the registry's order."""
    from pathlib import Path

    from joppi.downloads import document_labels, in_document_order, sheet_names

    root = Path(__file__).resolve().parents[1]
    fi = document_labels(root)
    assert fi[:3] == ["fig-alkamisvuodet", "fig-toimijat", "fig-ely"]
    assert fi.index("fig-tulokset") < fi.index("fig-loppu-tulokset") < fi.index("fig-aikajana") < fi.index("fig-vertailu")
    figs = {label: label for label in ("fig-toimijat", "fig-aikajana", "fig-alkamisvuodet", "fig-ely", "fig-uusi")}
    assert list(in_document_order(figs, root)) == ["fig-alkamisvuodet", "fig-toimijat", "fig-ely", "fig-aikajana",
                                                   "fig-uusi"]
    assert sheet_names(["fig-a", "tbl-b", "fig-c"], "fi") == {"fig-a": "Kuvio 1", "tbl-b": "Taulukko 1",
                                                              "fig-c": "Kuvio 2"}
    assert sheet_names(["fig-a", "tbl-b", "fig-c"], "sv") == {"fig-a": "Figur 1", "tbl-b": "Tabell 1",
                                                              "fig-c": "Figur 2"}


def test_the_swedish_sources_show_the_figures_in_the_same_order(tmp_path):
    import shutil
    from pathlib import Path

    from joppi.downloads import document_labels

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "chapters", tmp_path / "chapters")
    shutil.copy2(root / "index-sv.qmd", tmp_path / "index.qmd")
    assert document_labels(tmp_path) == document_labels(root)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_alt_text_ends_in_two_full_stops(lang):
    from joppi.charts.alttext import (alt_text_comparison, alt_text_distribution, alt_text_survey,
                                      alt_text_timeline, sentences)

    empty = pd.DataFrame({"luokka": [], "lukumaara": [], "osuus": [], "piilotettu": []})
    texts = [
        alt_text_distribution(empty, "aihe"), alt_text_distribution(empty, "aihe", note="Huom."),
        alt_text_survey(empty, 17, "aihe", lang=lang),
        alt_text_comparison(pd.DataFrame({"mittari": [], "arvo_aiempi": [], "arvo": []}), (2023, 2024), "aihe",
                            lang=lang),
        alt_text_timeline(pd.DataFrame({"alkamispaiva": pd.to_datetime([]), "paattymispaiva": pd.to_datetime([]),
                                        "lukumaara": []}), "aihe", lang=lang),
        sentences("Aikajanakuvio: aihe.", "Toteutusajat on ryhmitelty vuoden tarkkuudella."),
        sentences("Kuvio: aihe", "", None, "."),
    ]
    for text in texts:
        assert ". ." not in text and ".." not in text and text.endswith("."), text
    assert alt_text_survey(empty, 17, "aihe") == "Vaakapylväskuvio: aihe (n = 17)."
    assert sentences("Kuvio: aihe", "a 1 ja b 2", "Huom.") == "Kuvio: aihe. a 1 ja b 2. Huom."
