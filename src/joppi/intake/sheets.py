"""Tables in, workbooks out: the export and the review workbook, read bounded and written safely.

Reading: the size limits and the zip checks of readers.py first (a workbook claiming a
million rows is refused from its declared dimension before openpyxl sees it), then openpyxl in
read-only mode. A formula is bad input wherever it is: its cached value is not data anybody typed.
Writing: xlsxwriter with strings kept as strings (no formula or URL conversion).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError, Issue, display_path, nfc
from ..readers import (BROKEN_WORKBOOK, _decode, _hidden_issues, check_input_file, check_invisible, inspect_workbook,
                       normalise_text, read_csv_text)

FORMULA_EXPECTED = "arvo, ei taulukkolaskennan kaavaa (kirjoita solun arvo sellaisenaan)"


@dataclass
class Table:
    """One sheet (or a CSV file): stripped strings, rows numbered as the user sees them."""
    name: str                     # the file, relative to the project
    sheet: str | None
    frame: pd.DataFrame           # columns = the header row, index = row number in the file
    extra: dict = field(default_factory=dict)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


TITLE_ROWS = 5   # an export may start with a title ("Hankehaku 15.1.2025") above its header


def _header_index(rows: list[tuple[int, list[str]]], expected: set[str]) -> int:
    """The header row: the first of the first rows holding most of the expected headers, else the first."""
    for i, (_, values) in enumerate(rows[:TITLE_ROWS]):
        if expected and 2 * len(expected & set(values)) >= len(expected):
            return i
    return 0


def read_workbook(path: Path, root: Path | None = None, expected: set[str] = frozenset()) -> dict[str, Table]:
    """Every visible sheet of a workbook, as Tables: the header is the first row or, when `expected`
    headers are given, the first of the first rows that holds most of them (title rows above it are
    left out; row numbers stay the workbook's)."""
    from openpyxl import load_workbook

    path = Path(path)
    name = display_path(path, root)
    check_input_file(path, name)
    facts = inspect_workbook(path, name)     # bounded: refuses bombs and huge declared extents
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
        raise DataError([Issue(name, None, None, None, BROKEN_WORKBOOK)]) from None
    tables: dict[str, Table] = {}
    issues: list[Issue] = []
    try:
        for ws in wb.worksheets:
            sheet = nfc(ws.title)
            if facts.get(sheet) is not None and facts[sheet].state != "visible":
                continue
            rows = []
            for r, cells in enumerate(ws.iter_rows(), start=1):
                values = []
                for c, cell in enumerate(cells, start=1):
                    if getattr(cell, "data_type", None) == "f":
                        header = rows[0][1][c - 1] if rows and c - 1 < len(rows[0][1]) else None
                        issues.append(Issue(name, r, header, str(cell.value), FORMULA_EXPECTED, sheet=sheet))
                        values.append("")
                        continue
                    values.append(_cell_text(cell.value))
                if any(values):
                    rows.append((r, values))
            if not rows:
                continue
            rows = rows[_header_index(rows, set(expected)):]
            width = max(len(v) for _, v in rows)
            header = [h for h in rows[0][1]] + [""] * (width - len(rows[0][1]))
            while header and not header[-1]:
                header.pop()
            body = [(r, (v + [""] * width)[:len(header)]) for r, v in rows[1:]]
            frame = pd.DataFrame([v for _, v in body], columns=header, dtype=object)
            frame.index = [r for r, _ in body]
            if sheet in facts:   # hidden rows and columns are reported, as readers.py does for every input
                raw = pd.DataFrame(index=[r - 1 for r, _ in rows], columns=range(len(header)))
                issues += _hidden_issues(facts[sheet], raw, header, name)
            frame = normalise_text(frame)
            check_invisible(frame, name, sheet)
            tables[sheet] = Table(name, sheet, frame)
    finally:
        wb.close()
    if issues:
        raise DataError(issues)
    return tables


def read_export_table(path: Path, root: Path | None = None, expected: set[str] = frozenset()) -> Table:
    """The export: a CSV (UTF-8, ; or ,) or the first sheet of a workbook that has data."""
    path = Path(path)
    name = display_path(path, root)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        tables = read_workbook(path, root, expected)
        if not tables:
            raise DataError([Issue(name, None, None, None, "taulukko, jonka ensimmäisellä rivillä ovat otsikot")])
        return next(iter(tables.values()))
    check_input_file(path, name)
    frame = normalise_text(read_csv_text(_decode(path.read_bytes(), name), name))
    check_invisible(frame, name)
    issues = []
    for column in frame.columns:     # a CSV cell written as a formula is refused as in a workbook
        col = frame[column]
        for row, value in col[col.str.startswith("=")].items():
            issues.append(Issue(name, int(row), column, value, FORMULA_EXPECTED))
    if issues:
        raise DataError(issues)
    return Table(name, None, frame)


def write_workbook(sheets: dict[str, tuple[list[str], list[list]]], widths: dict[str, dict[int, int]] = None) -> bytes:
    """A workbook's bytes: each sheet's header and rows, text kept as text (never a formula or link)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False})
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    for title, (header, rows) in sheets.items():
        ws = wb.add_worksheet(title)
        for c, h in enumerate(header):
            ws.write_string(0, c, h, bold)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v)
                else:
                    ws.write_string(r, c, str(v), wrap)
        for c, w in (widths or {}).get(title, {}).items():
            ws.set_column(c, c, w)
        ws.freeze_panes(1, 1)
        if rows:
            ws.autofilter(0, 0, len(rows), max(len(header) - 1, 0))
    wb.set_properties({"title": "JOPPI: EURA 2021 -haun ehdokkaat", "created": dt.datetime(2000, 1, 1)})
    wb.close()
    return buf.getvalue()
