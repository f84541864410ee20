"""Data problems, reported to the user in Finnish with file, row, column, value and expectation."""

from __future__ import annotations

import difflib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import regex

MAX_SHOWN_VALUE = 80


class BuildError(Exception):
    """A build step failed for a reason other than bad data; message in Finnish."""


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
    text = "".join(ch if ch.isprintable() and not _IGNORABLE.match(ch) else ch.encode("unicode_escape").decode("ascii")
                   for ch in value)
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
        try:   # the folder resolved, not the file: a link is named as the link, not its target
            return str((Path(os.path.realpath(path.parent)) / path.name).relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


# --- text as it enters: one normal form, no invisible characters, no look-alike letters ----------

# Default-ignorable code points (Unicode's Default_Ignorable_Code_Point property, from the
# DerivedCoreProperties data the `regex` module ships): zero-width characters, bidirectional
# controls, the combining grapheme joiner, variation selectors, tag characters, Hangul fillers.
# Invisible in an editor, they make two equal-looking names differ or reorder what a reader sees
# ("Trojan Source").
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# Every kind of space (no-break, narrow no-break, figure, ideographic, …): read as a plain space.
_SPACE = regex.compile(r"\p{Zs}")
_SPACES = regex.compile(r"\s+")
# Dashes and hyphens of every kind, in names read as "-" (a name typed with "–" is the same name).
_DASH = regex.compile(r"\p{Pd}")
INVISIBLE_EXPECTED = ("tekstiä ilman näkymättömiä merkkejä (Unicoden ohitettavat merkit, kuten nollaleveät "
                      "merkit, tekstin suunnan ohjausmerkit, muunnelmavalitsimet ja täytemerkit, esim. U+200B, "
                      "U+202E, U+034F, U+FE0F tai U+3164, eivät kelpaa); kirjoita teksti uudelleen")

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
    """Text as it enters, in one form: canonical composition ("ä" typed as a + combining
    diaeresis equals the one-character ä) and every kind of space read as a plain space."""
    if text.isascii():
        return text
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text))


def has_invisible(text: str) -> bool:
    """True when text holds a default-ignorable code point (an invisible character)."""
    return not text.isascii() and _IGNORABLE.search(text) is not None


def invisible_characters(text: str) -> list[str]:
    """The invisible characters of text, as U+XXXX, in order of appearance."""
    seen: list[str] = []
    for ch in _IGNORABLE.findall(text):
        code = f"U+{ord(ch):04X}"
        if code not in seen:
            seen.append(code)
    return seen


def canonical_name(text: str) -> str:
    """The one form in which names are compared and counted: compatibility forms folded (NFKC:
    full-width letters, ligatures), invisible characters dropped, look-alike Cyrillic and Greek
    letters read as Latin, case folded, dashes unified, spaces collapsed. Two names with the same
    canonical form are one organisation, however they were typed."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _IGNORABLE.sub("", text)
        text = skeleton(text)
        text = _DASH.sub("-", text)
    text = skeleton(text.casefold())
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def near_duplicates(values) -> dict[str, list[str]]:
    """canonical form -> the different spellings of it, for the forms written in more than one way."""
    groups: dict[str, list[str]] = {}
    for v in values:
        group = groups.setdefault(canonical_name(v), [])
        if v not in group:
            group.append(v)
    return {key: group for key, group in groups.items() if len(group) > 1}


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


_WORD = regex.compile(r"\w+")
_LATIN = regex.compile(r"\p{Script=Latin}")
_NOT_LATIN = regex.compile(r"[\p{Script=Cyrillic}\p{Script=Greek}]")


def mixed_script(text: str) -> list[str]:
    """The Cyrillic and Greek letters of words that mix them with Latin ones ("Ammattikorkeakoуlu")."""
    if text.isascii():
        return []
    odd: list[str] = []
    for word in _WORD.findall(text):
        if _LATIN.search(word):
            odd += [ch for ch in _NOT_LATIN.findall(word) if ch not in odd]
    return odd


def mixed_script_expected(value: str) -> str:
    listed = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in mixed_script(value))
    return ("nimi, jonka jokainen sana on yhtä kirjaimistoa: sanassa on latinalaisten kirjainten seassa "
            f"kyrillisiä tai kreikkalaisia kirjaimia ({listed}), jolloin samannäköinen nimi laskettaisiin eri "
            "nimeksi; kirjoita nimi latinalaisin kirjaimin")


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
