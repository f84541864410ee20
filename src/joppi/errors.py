"""Data problems, reported to the user in Finnish with file, row, column, value and expectation."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

MAX_SHOWN_VALUE = 80


@dataclass(frozen=True)
class Issue:
    file: str
    row: int | None          # line in the file, header = 1
    column: str | None
    value: str | None
    expected: str
    suggestion: str | None = None
    sheet: str | None = None      # the workbook sheet that was read, named in every message about it
    column_label: str = "sarake"  # "asetus" for a key of a YAML settings file

    def message(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(f"taulukko {shown(self.sheet)}")
        if self.row is not None:
            where.append(f"rivi {self.row}")
        if self.column:
            where.append(f"{self.column_label} {self.column}")
        text = ", ".join(where) + ": "
        if self.value is not None:
            text += f"arvo {shown(self.value)} ei kelpaa. "
        text += f"Odotettiin: {self.expected}."
        if self.suggestion:
            text += f" Tarkoititko {shown(self.suggestion)}?"
        return text


class DataError(Exception):
    """Raised with every problem found at once, so the user can fix them in one go."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__("\n".join(i.message() for i in self.issues))

    def report(self) -> str:
        n = len(self.issues)
        head = f"Syöttötiedoissa on {n} virhe{'ttä' if n != 1 else ''}. Mitään ei kirjoitettu."
        return head + "\n" + "\n".join(f"- {i.message()}" for i in self.issues)


def shown(value: str) -> str:
    """Quote a value for a message: control characters made visible, very long values cut."""
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in value)
    if len(text) > MAX_SHOWN_VALUE:
        text = text[:MAX_SHOWN_VALUE] + f"… ({len(value)} merkkiä)"
    return f"”{text}”"


def near_miss(value: str, options) -> str | None:
    """The option the user most likely meant (case, accents, a typo), if one is close enough."""
    options = list(options)
    by_skeleton = {skeleton(o): o for o in options}
    if value not in options and skeleton(value) in by_skeleton:   # a Cyrillic or Greek look-alike letter
        return by_skeleton[skeleton(value)]
    lowered = {o.casefold(): o for o in options}
    if value.casefold() in lowered:
        return lowered[value.casefold()]
    target = value.casefold()
    matches = difflib.get_close_matches(target, list(lowered), n=5, cutoff=0.75)
    if not matches:
        return None

    def closeness(candidate: str) -> tuple[float, int]:
        # Equal similarity ratios are common for codes ("S23O02" vs S23002, S23020): then the
        # candidate differing in fewest positions wins.
        same_place = sum(a == b for a, b in zip(candidate, target)) - abs(len(candidate) - len(target))
        return (round(difflib.SequenceMatcher(None, target, candidate).ratio(), 6), same_place)

    return lowered[max(matches, key=closeness)]


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths in messages are relative to the project, as the user knows them."""
    path = Path(path)
    if root is not None:
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


# --- text as it enters: one normal form, no invisible characters, no look-alike letters ----------

# Zero-width characters and bidirectional controls: invisible in an editor, they make two equal-
# looking names differ or reorder what a reader sees ("Trojan Source").
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
INVISIBLE_EXPECTED = ("tekstiä ilman näkymättömiä merkkejä (nollaleveät merkit ja tekstin suunnan "
                      "ohjausmerkit, esim. U+200B tai U+202E, eivät kelpaa)")

# Cyrillic and Greek letters drawn like Latin ones: "Kunta А" (Cyrillic А) and "Kunta A" look the same.
_LOOKALIKE = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "Ү": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ё": "ë", "ӓ": "ä", "ӧ": "ö",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "ι": "i", "κ": "k",
})


# A text that a spreadsheet would read as a formula when it opens a download (CSV or workbook):
# "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(…)", or one of those behind a tab or carriage return.
# Every text that can reach a download is checked with this one guard as it enters (the data's
# columns, every classification cell, the settings' texts); the workbook also writes strings as
# strings (downloads.WORKBOOK_OPTIONS).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA_EXPECTED = "tekstiä, joka ei ala merkeillä = + - @ (taulukkolaskennan kaava)"


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def nfc(text: str) -> str:
    """Canonical composition: "ä" typed as a + combining diaeresis equals the one-character ä."""
    import unicodedata

    return text if text.isascii() else unicodedata.normalize("NFC", text)


def has_invisible(text: str) -> bool:
    return not text.isascii() and any(ch in INVISIBLE for ch in text)


def skeleton(text: str) -> str:
    """The text with look-alike Cyrillic and Greek letters read as the Latin ones they imitate."""
    return text if text.isascii() else text.translate(_LOOKALIKE)


def lookalike_twins(values) -> dict[str, str]:
    """value -> the different value it equals once look-alikes are read as Latin.

    Of a group of such values, the one written in Latin letters (else the first) is the original.
    """
    groups: dict[str, list[str]] = {}
    for v in values:
        group = groups.setdefault(skeleton(v), [])
        if v not in group:
            group.append(v)
    twins: dict[str, str] = {}
    for key, group in groups.items():
        if len(group) > 1:
            original = key if key in group else group[0]
            twins.update({v: original for v in group if v != original})
    return twins


def lookalike_expected(value: str, twin: str) -> str:
    odd = sorted({ch for ch in value if ch != skeleton(ch)} | {ch for ch in twin if ch != skeleton(ch)})
    listed = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in odd)
    return (f"nimi, joka ei näytä samalta kuin toinen nimi: {shown(value)} eroaa nimestä {shown(twin)} "
            f"vain samannäköisten kyrillisten tai kreikkalaisten kirjainten osalta ({listed}); "
            "kirjoita nimi latinalaisin kirjaimin")


# --- input limits: what any input may be, checked before it is read or expanded -----------------
# (README, "Input limits", states them; every reader takes them from here.)

MAX_INPUT_BYTES = 50 * 1024 * 1024        # a CSV or workbook on disk; a year's data is well under 1 MB
MAX_ROWS = 200_000                        # rows of a table (header included); a year has a few hundred
MAX_COLUMNS = 100                         # cells in a row; the tables have 11–12 columns
MAX_CELLS = 3_000_000                     # rows × columns of a sheet's extent (200 000 rows of 15)
MAX_CELL_CHARS = 32_767                   # one cell's text (Excel's own limit)
MAX_WORKBOOK_EXPANDED = 200 * 1024 * 1024  # all XML in a workbook, uncompressed
MAX_COMPRESSION_RATIO = 100               # a larger member expanding more than this is a zip bomb
MAX_WORKBOOK_MEMBERS = 1_000
MAX_CLASSIFICATION_BYTES = 1024 * 1024    # a classification file lists tens of categories


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} Mt" if n >= 1024 * 1024 else f"{n / 1024:.0f} kt" if n >= 1024 else f"{n} tavua"


def input_file_issue(path: Path, name: str, limit: int) -> Issue | None:
    """Why the input at `path` (shown as `name`) cannot be read, decided from its metadata alone
    (nothing is opened: a FIFO would block): not a regular file, or larger than `limit` bytes.
    None for a readable file or a missing one (the reader says what a missing file means)."""
    import os
    import stat

    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return Issue(name, None, None, None, "luettava tiedosto (tiedostoa ei voi lukea: tarkista oikeudet ja "
                                             "mahdollisen linkin kohde)")
    if stat.S_ISDIR(st.st_mode):
        return Issue(name, None, None, None, f"tiedosto; {name} on kansio (tallenna aineisto tiedostoksi tällä "
                                             "nimellä tai siirrä kansio pois kansiosta data/)")
    if not stat.S_ISREG(st.st_mode):
        return Issue(name, None, None, None, f"tavallinen tiedosto; {name} on nimetty putki, laite tai pistoke, "
                                             "jota ei lueta (tallenna aineisto tavallisena tiedostona)")
    if st.st_size > limit:
        return Issue(name, None, None, None, f"tiedosto, jonka koko on enintään {_size(limit)} "
                                             f"(tiedosto on {_size(st.st_size)})")
    return None
