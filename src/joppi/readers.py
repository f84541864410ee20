"""Read users' tables (CSV or Excel) into frames of strings, reporting format problems in Finnish."""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree.ElementTree import ParseError, iterparse

import pandas as pd

from .errors import (INVISIBLE_EXPECTED, MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_COMPRESSION_RATIO,
                     MAX_INPUT_BYTES, MAX_ROWS, MAX_WORKBOOK_EXPANDED, MAX_WORKBOOK_MEMBERS, DataError, Issue,
                     display_path, has_invisible, input_file_issue, near_miss, nfc)

ALLOWED_DELIMITERS = (";", ",")
MB = 1024 * 1024


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and raw[1:2] == b"\x00"):
        raise DataError([Issue(name, None, None, None,
                               "UTF-8-koodattu tiedosto; tiedosto on UTF-16-muodossa, tallenna se muodossa CSV UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start: exc.start + 1]
        raise DataError([Issue(name, line, None, _offending_cell(raw, exc.start),
                               f"UTF-8-koodattu teksti; tavu 0x{bad.hex()} ei ole UTF-8:aa "
                               "(tiedosto on todennäköisesti Latin-1- tai Windows-1252-muodossa), "
                               "tallenna se muodossa CSV UTF-8")])


def _offending_cell(raw: bytes, at: int) -> str:
    """The cell (between delimiters on its line) holding byte `at`, decoded as Windows-1252: what
    a message may quote of a file that could not be read, and nothing more of it."""
    start = max(raw.rfind(sep, 0, at) for sep in (b"\n", b";", b",", b"\t")) + 1
    ends = [i for i in (raw.find(sep, at) for sep in (b"\n", b"\r", b";", b",", b"\t")) if i != -1]
    cell = raw[start: min(ends) if ends else len(raw)]
    return cell.decode("cp1252", errors="replace").strip().strip('"')[:60]


def _sniff_delimiter(header: str, name: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return ";"  # a one-column header: the column check will name what is missing
    if best not in ALLOWED_DELIMITERS:
        shown = "sarkain" if best == "\t" else best
        raise DataError([Issue(name, 1, None, shown, "sarakkeiden erottimena puolipiste (;) tai pilkku (,)")])
    return best


def _check_csv_shape(lines: list[str], delimiter: str, name: str) -> None:
    """Refuse a table far larger than any year's before the csv module expands it into cells."""
    if len(lines) > MAX_ROWS:
        raise DataError([Issue(name, None, None, None,
                               f"enintään {MAX_ROWS} riviä; tiedostossa on {len(lines)} riviä")])
    for i, line in enumerate(lines, start=1):
        if line.count(delimiter) >= MAX_COLUMNS:
            raise DataError([Issue(name, i, None, None, f"enintään {MAX_COLUMNS} saraketta rivillä; rivillä on "
                                                        f"{line.count(delimiter) + 1} erotinta {delimiter!r}")])


def read_csv_text(text: str, name: str) -> pd.DataFrame:
    return _bounded_cells(_read_csv_text(text, name), name)


def _bounded_cells(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Every cell within MAX_CELL_CHARS (README, "Input limits"), as a workbook's cells are: a CSV
    column without a length rule of its own (the end survey's `opit`) is bounded too."""
    issues = []
    for i, column in enumerate(frame.columns):
        lengths = frame.iloc[:, i].map(len)
        for line in lengths.index[lengths > MAX_CELL_CHARS]:
            issues.append(Issue(name, int(line), str(column), None,
                                f"solussa enintään {MAX_CELL_CHARS} merkkiä (Excelin oma raja); solussa on "
                                f"{lengths[line]} merkkiä"))
    if issues:
        raise DataError(issues)
    return frame


def _read_csv_text(text: str, name: str) -> pd.DataFrame:
    if not text.strip():
        raise DataError([Issue(name, None, None, None, "otsikkorivi ja vähintään yksi tietorivi; tiedosto on tyhjä")])
    lines = text.splitlines()
    delimiter = _sniff_delimiter(lines[0], name)
    _check_csv_shape(lines, delimiter, name)
    fast = _read_csv_fast(text, lines, delimiter)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, previous_end = [], 0
    for row in reader:
        rows.append((previous_end + 1, row))  # a record's first physical line, even if a cell spans lines
        previous_end = reader.line_num
    header = [h.strip() for h in rows[0][1]]
    issues = []
    width = len(header)
    body = []
    for lineno, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != width:
            issues.append(Issue(name, lineno, None, None,   # the row's cells are not echoed: which is wrong?
                                f"{width} saraketta erottimella {delimiter!r}, rivillä on {len(row)}"))
            continue
        body.append((lineno, [c.strip() for c in row]))
    if issues:
        raise DataError(issues)
    frame = pd.DataFrame([r for _, r in body], columns=header, dtype=object)
    frame.index = [n for n, _ in body]   # index = line number in the file
    return frame


def _read_csv_fast(text: str, lines: list[str], delimiter: str) -> pd.DataFrame | None:
    """pandas' C parser for a well-formed file; None sends anything unusual to the careful reader.

    Well-formed: every record has the header's number of cells (checked with the csv module,
    which pandas cannot do: it pads short rows), one record per line, unique column names.
    """
    header = [h.strip() for h in lines[0].split(delimiter)]
    if len(set(header)) != len(header):
        return None
    widths = [len(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if len(widths) != len(lines) or any(w != widths[0] for w in widths):
        return None  # ragged rows, blank lines or cells spanning lines: the careful reader reports them
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, engine="c", skip_blank_lines=False, index_col=False)
    except (pd.errors.ParserError, ValueError):
        return None
    if len(frame) != len(lines) - 1 or len(frame.columns) != widths[0]:
        return None
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.apply(lambda col: col.str.strip()).astype(object)
    frame.index = range(2, len(frame) + 2)
    return frame


# --- workbooks: checked from the zip before openpyxl expands anything ------------------------

BROKEN_WORKBOOK = "luettava Excel-työkirja (.xlsx); tiedosto on vioittunut tai ei ole Excel-työkirja"
NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@dataclass
class SheetFacts:
    """What the sheet's XML says, read by streaming: its extent and what is hidden in it."""
    name: str
    state: str = "visible"
    rows: int = 0
    columns: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[int] = field(default_factory=list)   # 1-based


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _extent(ref: str) -> tuple[int, int] | None:
    """(rows, columns) of a cell or range reference such as A1:XFD1048576."""
    last = ref.split(":")[-1].strip()
    m = CELL_REF.match(last)
    return None if m is None else (int(m.group(2)), _column_number(m.group(1)))


def _too_big(name: str, sheet: str | None, rows: int, columns: int, what: str) -> DataError:
    return DataError([Issue(name, None, None, None,
                            f"taulukko, jossa on enintään {MAX_ROWS} riviä, {MAX_COLUMNS} saraketta ja "
                            f"{MAX_CELLS} solua; {what} {rows} riviä × {columns} saraketta "
                            "(poista tyhjät rivit ja sarakkeet datan alta ja oikealta)", sheet=sheet)])


def _stream(archive: zipfile.ZipFile, member: str, name: str):
    try:
        with archive.open(member) as f:
            yield from iterparse(f, events=("start", "end"))
    except (ParseError, zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise DataError([Issue(name, None, None, None, BROKEN_WORKBOOK)]) from None


def _sheet_facts(archive: zipfile.ZipFile, member: str, facts: SheetFacts, name: str) -> None:
    """Stream one worksheet: refuse at the first sign it is too large, note hidden rows and columns."""
    row = col = 0
    text_len = 0
    for event, el in _stream(archive, member, name):
        tag = el.tag.rpartition("}")[2]
        if event == "start":
            if tag == "dimension":
                extent = _extent(el.get("ref", ""))
                if extent and (extent[0] > MAX_ROWS or extent[1] > MAX_COLUMNS or extent[0] * extent[1] > MAX_CELLS):
                    raise _too_big(name, facts.name, *extent, "taulukon ilmoitettu koko on")
            elif tag == "row":
                row = int(el.get("r") or row + 1)
                col = 0
                if el.get("hidden") in ("1", "true"):
                    facts.hidden_rows.append(row)
            elif tag == "c":
                extent = _extent(el.get("r", "")) or (row, col + 1)
                row, col = extent
                facts.rows, facts.columns = max(facts.rows, row), max(facts.columns, col)
                if row > MAX_ROWS or col > MAX_COLUMNS or facts.rows * facts.columns > MAX_CELLS:
                    raise _too_big(name, facts.name, max(facts.rows, row), max(facts.columns, col),
                                   "taulukossa on solu, jonka takia koko on")
            elif tag == "col" and el.get("hidden") in ("1", "true"):
                lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
                facts.hidden_columns.extend(range(lo, min(hi, MAX_COLUMNS) + 1))
            continue
        if tag in ("t", "v", "f"):
            text_len += len(el.text or "")
        if tag == "c":
            if text_len > MAX_CELL_CHARS:
                raise DataError([Issue(name, row, None, None, f"solussa enintään {MAX_CELL_CHARS} merkkiä; "
                                                             f"solussa on {text_len} merkkiä", sheet=facts.name)])
            text_len = 0
        if tag in ("c", "row", "col"):
            el.clear()


def _shared_strings(archive: zipfile.ZipFile, member: str, name: str) -> None:
    count = length = 0
    for event, el in _stream(archive, member, name):
        if event != "end":
            continue
        tag = el.tag.rpartition("}")[2]
        if tag == "t":
            length += len(el.text or "")
        elif tag == "si":
            count += 1
            if length > MAX_CELL_CHARS:
                raise DataError([Issue(name, None, None, None, f"solussa enintään {MAX_CELL_CHARS} merkkiä; "
                                                             f"työkirjan jaetussa tekstissä nro {count} on {length} merkkiä")])
            if count > MAX_CELLS:
                raise DataError([Issue(name, None, None, None, f"enintään {MAX_CELLS} jaettua tekstiä työkirjassa")])
            length = 0
            el.clear()


def inspect_workbook(path: Path, name: str) -> dict[str, SheetFacts]:
    """The workbook's sheets (in order) with their facts; DataError if it is a bomb or too large.

    Reads only the zip directory and streams the XML, so memory stays bounded whatever the file
    declares: openpyxl trusts the declared dimension and would allocate every cell of it.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise DataError([Issue(name, None, None, None, BROKEN_WORKBOOK)]) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_WORKBOOK_MEMBERS:
            raise DataError([Issue(name, None, None, None, f"Excel-työkirja, jossa on enintään "
                                                          f"{MAX_WORKBOOK_MEMBERS} osaa; siinä on {len(members)}")])
        total = sum(m.file_size for m in members)
        if total > MAX_WORKBOOK_EXPANDED:
            raise DataError([Issue(name, None, None, None, f"Excel-työkirja, joka purettuna on enintään "
                                                          f"{MAX_WORKBOOK_EXPANDED // MB} Mt; tämä purkautuisi "
                                                          f"{total // MB} megatavuksi")])
        for m in members:
            if m.file_size > MB and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1):
                raise DataError([Issue(name, None, None, None,
                                       f"Excel-työkirja, jonka osat pakkautuvat enintään {MAX_COMPRESSION_RATIO}-"
                                       f"kertaisesti; osa {m.filename} purkautuisi "
                                       f"{m.file_size // max(m.compress_size, 1)}-kertaiseksi (pakkauspommi)")])
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise DataError([Issue(name, None, None, None, BROKEN_WORKBOOK)])
        targets = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for event, el in _stream(archive, "xl/_rels/workbook.xml.rels", name):
                if event == "end" and el.tag == f"{NS_PKG_REL}Relationship":
                    target = el.get("Target", "")
                    target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                    targets[el.get("Id")] = str(PurePosixPath(target))
        sheets: dict[str, tuple[SheetFacts, str | None]] = {}
        for event, el in _stream(archive, "xl/workbook.xml", name):
            if event == "end" and el.tag == f"{NS_MAIN}sheet":
                facts = SheetFacts(nfc(el.get("name", "")), el.get("state", "visible"))
                sheets[facts.name] = (facts, targets.get(el.get(f"{NS_REL}id")))
        for facts, member in sheets.values():
            if member in names:
                _sheet_facts(archive, member, facts, name)
        if "xl/sharedStrings.xml" in names:
            _shared_strings(archive, "xl/sharedStrings.xml", name)
    return {n: f for n, (f, _) in sheets.items()}


def _hidden_issues(facts: SheetFacts, raw: pd.DataFrame, header: list[str], name: str) -> list[Issue]:
    """Hidden rows and columns are reported, not silently used: what is hidden was hidden for a reason."""
    issues = []
    if facts.state != "visible":
        issues.append(Issue(name, None, None, None, "näkyvä taulukko; tiedot luettaisiin piilotetusta taulukosta "
                                                    "(näytä taulukko tai siirrä tiedot näkyvään taulukkoon)",
                            sheet=facts.name))
    used_rows = {int(i) + 1 for i in raw.index}
    for r in facts.hidden_rows:
        if r in used_rows:
            issues.append(Issue(name, r, None, None, "näkyvä rivi; rivi on piilotettu työkirjassa (näytä rivi, "
                                                     "tai poista se, jos sitä ei kuulu julkaista)", sheet=facts.name))
    positions = list(raw.columns)
    for c in facts.hidden_columns:
        if c - 1 in positions:
            column = header[positions.index(c - 1)] or None
            issues.append(Issue(name, None, column, None, "näkyvä sarake; sarake on piilotettu työkirjassa "
                                                          "(näytä sarake tai poista se)", sheet=facts.name))
    return issues


def read_excel(path: Path, name: str, expected: list[str]) -> pd.DataFrame:
    """First sheet whose first row is the header; other shapes get a message saying where the data was.

    The sheet read is named in every message about the data (frame.attrs["sheet"]).
    """
    facts = inspect_workbook(path, name)
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise DataError([Issue(name, None, None, None, BROKEN_WORKBOOK)])
    for sheet_name, raw in sheets.items():
        raw = raw.dropna(how="all").dropna(axis=1, how="all")
        if raw.empty:
            continue
        first = [nfc(str(v).strip()) for v in raw.iloc[0].tolist()]
        if set(expected) <= set(first):
            sheet_facts = facts.get(nfc(str(sheet_name)), SheetFacts(str(sheet_name)))
            hidden = _hidden_issues(sheet_facts, raw, first, name)
            if hidden:
                raise DataError(hidden)
            body = raw.iloc[1:].map(lambda v: "" if pd.isna(v) else _excel_cell(v))
            body.columns = first
            body.index = [int(i) + 1 for i in raw.index[1:]]  # Excel row numbers
            body.attrs["sheet"] = sheet_facts.name
            return body
        for offset in range(1, min(len(raw), 4)):
            row = [str(v).strip() for v in raw.iloc[offset].tolist()]
            if set(expected) <= set(row):
                raise DataError([Issue(name, int(raw.index[offset]) + 1, None, None,
                                       f"otsikkorivi työkirjan ensimmäisellä rivillä; taulukon {sheet_name!r} "
                                       f"otsikko on rivillä {int(raw.index[offset]) + 1} (poista yhdistetyt "
                                       "otsikkorivit sen yläpuolelta)", sheet=str(sheet_name))])
    names = ", ".join(repr(s) for s in sheets)
    raise DataError([Issue(name, 1, None, None,
                           f"taulukko, jonka ensimmäisellä rivillä ovat sarakkeet {', '.join(expected)} "
                           f"(työkirjan taulukot: {names})")])


def _excel_cell(v) -> str:
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def check_input_file(path: Path, name: str, root: Path | None = None) -> None:
    """A regular file inside the project, within the input size limit, decided before it is opened:
    a folder, a FIFO or a device in its place, a link out of the project, or a file too large."""
    from .safefs import input_problem

    if not os.path.lexists(path):
        raise DataError([Issue(name, None, None, None, "tiedosto on olemassa")])
    problem = input_problem(path, root)
    if problem is not None:
        raise DataError([Issue(name, None, None, None, problem)])
    if (issue := input_file_issue(path, name, MAX_INPUT_BYTES)) is not None:
        raise DataError([issue])


def read_table(path: Path, expected: list[str], root: Path | None = None, optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of stripped strings indexed by the line number in the file, columns exactly as
    expected, then the optional ones (empty where the file does not have them)."""
    from .safefs import read_input

    path = Path(path)
    name = display_path(path, root)
    check_input_file(path, name, root)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = read_excel(path, name, expected)
    else:
        frame = read_csv_text(_decode(read_input(path, name, root), name), name)
    return checked_table(frame, name, expected, optional)


def read_csv_bytes(raw: bytes, name: str, expected: list[str], optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """The CSV file's bytes read as read_table reads a file (for checks that have no file)."""
    return checked_table(read_csv_text(_decode(raw, name), name), name, expected, optional)


def checked_table(frame: pd.DataFrame, name: str, expected: list[str], optional: tuple[str, ...] = ()) -> pd.DataFrame:
    """Text in one form, invisible characters refused, the expected columns and the optional ones."""
    sheet = frame.attrs.get("sheet")
    frame = normalise_text(frame)
    check_invisible(frame, name, sheet)
    check_columns(frame, expected, name, sheet, optional)
    out = frame[expected + [c for c in optional if c in frame.columns]].copy()
    for c in optional:
        if c not in out.columns:
            out[c] = pd.Series([""] * len(out), index=out.index, dtype=object)
    out.attrs["sheet"] = sheet
    return out


def normalise_text(frame: pd.DataFrame) -> pd.DataFrame:
    """NFC, once, where text enters: every later comparison (classifications, duplicates) sees one form."""
    out = frame.copy()
    out.columns = range(frame.shape[1])       # positions: duplicate names stay for check_columns to report
    for i in out.columns:
        values = pd.unique(out[i])
        if not all(isinstance(v, str) and v.isascii() for v in values):
            out[i] = out[i].map({v: nfc(v) if isinstance(v, str) else v for v in values}).astype(object)
    out.columns = [nfc(str(c)) for c in frame.columns]
    out.attrs["sheet"] = frame.attrs.get("sheet")
    return out


def check_invisible(frame: pd.DataFrame, name: str, sheet: str | None = None) -> None:
    """Zero-width and bidirectional control characters are refused wherever they are, with the place."""
    issues = [Issue(name, 1, c, c, INVISIBLE_EXPECTED, sheet=sheet) for c in frame.columns if has_invisible(c)]
    for i, column in enumerate(frame.columns):
        col = frame.iloc[:, i]
        bad = {v for v in pd.unique(col) if has_invisible(v)}
        if bad:
            issues += [Issue(name, int(row), column, v, INVISIBLE_EXPECTED, sheet=sheet)
                       for row, v in col[col.isin(bad)].items()]
    if issues:
        raise DataError(issues)


def check_columns(frame: pd.DataFrame, expected: list[str], name: str, sheet: str | None = None,
                  optional: tuple[str, ...] = ()) -> None:
    present = list(frame.columns)
    missing = [c for c in expected if c not in present]
    extra = [c for c in present if c not in expected and c not in optional]
    issues = []
    dupes = sorted({c for c in present if present.count(c) > 1})
    for c in dupes:
        issues.append(Issue(name, 1, c, c, "jokainen sarake vain kerran"))
    for c in missing:
        guess = near_miss(c, extra) or _normalised_match(c, extra)
        issues.append(Issue(name, 1, c, None, f"sarake {c} puuttuu otsikkoriviltä",
                            suggestion=None if guess is None else f"{guess} → {c}"))
    for c in extra:
        if (near_miss(c, missing) or _normalised_match_rev(c, missing)) is None:
            allowed = ", ".join(expected) + "".join(f" (ja halutessa {o})" for o in optional)
            issues.append(Issue(name, 1, c, c, f"vain sarakkeet {allowed}"))
    if issues:
        raise DataError([Issue(**{**i.__dict__, "sheet": sheet}) for i in issues])


def _key(s: str) -> str:
    return "".join(ch for ch in s.casefold().replace("ä", "a").replace("ö", "o") if ch.isalnum())


def _normalised_match(target: str, options) -> str | None:
    for o in options:
        if _key(o) == _key(target):
            return o
    return None


def _normalised_match_rev(option: str, targets) -> str | None:
    for t in targets:
        if _key(option) == _key(t):
            return t
    return None
