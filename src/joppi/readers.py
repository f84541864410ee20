"""Read users' tables (CSV or Excel) into frames of strings, reporting format problems in Finnish."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .errors import DataError, Issue, display_path, near_miss

ALLOWED_DELIMITERS = (";", ",")


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and raw[1:2] == b"\x00"):
        raise DataError([Issue(name, None, None, None,
                               "UTF-8-koodattu tiedosto; tiedosto on UTF-16-muodossa, tallenna se muodossa CSV UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start: exc.start + 1]
        guess = raw.decode("cp1252", errors="replace").splitlines()[line - 1] if raw else ""
        raise DataError([Issue(name, line, None, guess.strip()[:60],
                               f"UTF-8-koodattu teksti; tavu 0x{bad.hex()} ei ole UTF-8:aa "
                               "(tiedosto on todennäköisesti Latin-1- tai Windows-1252-muodossa), "
                               "tallenna se muodossa CSV UTF-8")])


def _sniff_delimiter(header: str, name: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best] == 0:
        return ";"  # a one-column header: the column check will name what is missing
    if best not in ALLOWED_DELIMITERS:
        shown = "sarkain" if best == "\t" else best
        raise DataError([Issue(name, 1, None, shown, "sarakkeiden erottimena puolipiste (;) tai pilkku (,)")])
    return best


def read_csv_text(text: str, name: str) -> pd.DataFrame:
    if not text.strip():
        raise DataError([Issue(name, None, None, None, "otsikkorivi ja vähintään yksi tietorivi; tiedosto on tyhjä")])
    lines = text.splitlines()
    delimiter = _sniff_delimiter(lines[0], name)
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
            issues.append(Issue(name, lineno, None, delimiter.join(row)[:60],
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


def read_excel(path: Path, name: str, expected: list[str]) -> pd.DataFrame:
    """First sheet whose first row is the header; other shapes get a message saying where the data was."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object)
    except Exception:  # openpyxl raises many kinds on a broken workbook
        raise DataError([Issue(name, None, None, None,
                               "luettava Excel-työkirja (.xlsx); tiedosto on vioittunut tai ei ole Excel-työkirja")])
    for sheet_name, raw in sheets.items():
        raw = raw.dropna(how="all").dropna(axis=1, how="all")
        if raw.empty:
            continue
        first = [str(v).strip() for v in raw.iloc[0].tolist()]
        if set(expected) <= set(first):
            body = raw.iloc[1:].map(lambda v: "" if pd.isna(v) else _excel_cell(v))
            body.columns = first
            body.index = [int(i) + 1 for i in raw.index[1:]]  # Excel row numbers
            return body
        for offset in range(1, min(len(raw), 4)):
            row = [str(v).strip() for v in raw.iloc[offset].tolist()]
            if set(expected) <= set(row):
                raise DataError([Issue(name, int(raw.index[offset]) + 1, None, None,
                                       f"otsikkorivi työkirjan ensimmäisellä rivillä; taulukon {sheet_name!r} "
                                       f"otsikko on rivillä {int(raw.index[offset]) + 1} (poista yhdistetyt "
                                       "otsikkorivit sen yläpuolelta)")])
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


def read_table(path: Path, expected: list[str], root: Path | None = None) -> pd.DataFrame:
    """A frame of stripped strings indexed by the line number in the file, columns exactly as expected."""
    path = Path(path)
    name = display_path(path, root)
    if not path.is_file():
        raise DataError([Issue(name, None, None, None, "tiedosto on olemassa")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = read_excel(path, name, expected)
    else:
        frame = read_csv_text(_decode(path.read_bytes(), name), name)
    check_columns(frame, expected, name)
    return frame[expected]


def check_columns(frame: pd.DataFrame, expected: list[str], name: str) -> None:
    present = list(frame.columns)
    missing = [c for c in expected if c not in present]
    extra = [c for c in present if c not in expected]
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
            issues.append(Issue(name, 1, c, c, f"vain sarakkeet {', '.join(expected)}"))
    if issues:
        raise DataError(issues)


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
