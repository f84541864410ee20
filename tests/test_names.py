"""Implementers' names: one canonical form wherever names are compared or counted.

A name typed once with another kind of space is the same organisation (spaces are normalised as
text enters); one with an invisible character, another case, a full-width or look-alike letter
is refused with both rows named; a y_tunnus column is the organisation's identity. The property
test generates look-alike variants and checks that none changes a published count.
"""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_inputs.cases import PROJECTS, business_id
from conftest import ROOT
from joppi import compute as c
from joppi.classifications import load_classifications
from joppi.config import load_publication
from joppi.errors import DataError, canonical_name, has_invisible, near_duplicates, nfc
from joppi.readers import read_csv_bytes
from joppi.validation import OPTIONAL_PROJECT_COLUMNS, PROJECT_COLUMNS, business_id_valid, validate_projects

SPACES = {"no-break": "\u00a0", "narrow-no-break": "\u202f", "figure": "\u2007", "ideographic": "\u3000",
          "en-quad": "\u2000", "thin": "\u2009", "hair": "\u200a", "medium-math": "\u205f", "ogham": "\u1680"}
IGNORABLE = ["\u034f", "\ufe0f", "\ufe00", "\U000e0041", "\U000e007f", "\u3164", "\uffa0", "\u115f", "\u1160",
             "\u00ad", "\u200b", "\u200d", "\u2060", "\u2064", "\u180e", "\u061c", "\u202e", "\u2066", "\ufeff",
             "\U0001d173", "\U000e0100"]
CYRILLIC = {"A": "\u0410", "a": "\u0430", "o": "\u043e", "e": "\u0435", "K": "\u041a", "u": "\u0443"}
RAW = (ROOT / PROJECTS).read_bytes()
CLASSES = load_classifications(ROOT / "data" / "luokitukset")
PUB = load_publication(ROOT)


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def to_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def published_counts(raw: bytes) -> dict:
    """What the edition states about implementers, from the file's bytes as validate reads them."""
    frame = read_csv_bytes(raw, PROJECTS, PROJECT_COLUMNS, OPTIONAL_PROJECT_COLUMNS)
    cohort = validate_projects(frame, CLASSES, PROJECTS)
    active = c.active_implementers(cohort)
    standout = c.standout_implementers(active, PUB.standout_min_rows, PUB.standout_min_leads)
    types = c.implementers_by_type(cohort, CLASSES.org_types)
    return {"implementers": len(active), "by_type": dict(zip(types["luokka"], types["lukumaara"])),
            "standouts": standout["toteuttaja"].tolist(), "rows": active["toteutuksia"].tolist(),
            "leads": active["vetovastuita"].tolist()}


ORIGINAL = published_counts(RAW)
NAMES = sorted({r[2] for r in rows_of(RAW)[1:]})


def with_name(code: str, name: str, raw: bytes = RAW) -> bytes:
    rows = rows_of(raw)
    for r in rows[1:]:
        if r[0] == code:
            r[2] = name
    return to_bytes(rows)


def test_the_original_counts_are_what_the_2023_edition_states():
    assert ORIGINAL["implementers"] == 28
    assert ORIGINAL["standouts"] == ["Ammattikorkeakoulu A", "Ammattikorkeakoulu B", "Ammattikorkeakoulu C"]
    assert ORIGINAL["rows"][:3] == [6, 5, 5]


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_every_kind_of_space_is_the_same_organisation(space):
    raw = with_name("S23014", f"Ammattikorkeakoulu{space}A")
    assert published_counts(raw) == ORIGINAL
    frame = read_csv_bytes(raw, PROJECTS, PROJECT_COLUMNS)
    assert frame.loc[40, "toteuttaja"] == "Ammattikorkeakoulu A"


@pytest.mark.parametrize("ch", IGNORABLE, ids=[f"U+{ord(ch):04X}" for ch in IGNORABLE])
def test_every_default_ignorable_code_point_is_refused(ch):
    assert has_invisible(f"Kunta{ch} A")
    with pytest.raises(DataError) as err:
        published_counts(with_name("S23014", f"Ammattikorkeakoulu{ch} A"))
    assert err.value.issues[0].row == 40 and err.value.issues[0].column == "toteuttaja"
    assert "\\u" in err.value.issues[0].message() or "\\U" in err.value.issues[0].message() \
        or "\\x" in err.value.issues[0].message(), "the invisible character must be shown escaped"


def test_ordinary_text_is_not_invisible():
    for text in ("Ammattikorkeakoulu A", "Åbo Akademi", "Jyväskylän ammattikorkeakoulu", "Oy Ab – Ltd", "Ελληνικά"):
        assert not has_invisible(text), text


def test_canonical_name_folds_what_looks_the_same_and_keeps_what_differs():
    same = ["Kunta A", "kunta a", "KUNTA  A", " Kunta\u00a0A ", "Kunta \uff21", "Kunta \u0410", "Kunta\u034f A"]
    assert len({canonical_name(n) for n in same}) == 1
    assert canonical_name("Yritys-A") == canonical_name("Yritys\u2013A") == canonical_name("Yritys\u2011A")
    different = ["Kunta A", "Kunta B", "Kunta AB", "Kuntaa", "Kunta Ä", "Kunta Å"]
    assert len({canonical_name(n) for n in different}) == len(different)
    assert canonical_name(unicodedata.normalize("NFD", "Kunta Ä")) == canonical_name("Kunta Ä")


def test_near_duplicates_group_the_spellings():
    assert near_duplicates(["Kunta A", "kunta a", "Kunta B", "Kunta A"]) == {"kunta a": ["Kunta A", "kunta a"]}
    assert near_duplicates(["Kunta A", "Kunta B"]) == {}


def test_nfc_reads_every_space_as_a_plain_space():
    for space in SPACES.values():
        assert nfc(f"a{space}b") == "a b"
    assert nfc("a\tb") == "a\tb", "tabs are refused as control characters later, not hidden"


# --- the business ID -------------------------------------------------------------------------------

def official_check_digit(seven: str) -> int | None:
    r = sum(int(d) * w for d, w in zip(seven, (7, 9, 10, 5, 8, 4, 2))) % 11
    return None if r == 1 else (0 if r == 0 else 11 - r)


def test_business_id_worked_examples():
    # 0112038: 0·7 + 1·9 + 1·10 + 2·5 + 0·8 + 3·4 + 8·2 = 57; 57 mod 11 = 2; 11 − 2 = 9
    assert business_id_valid("0112038-9")
    assert not business_id_valid("0112038-8")
    # 0000001: 2 mod 11 = 2 → 9; 0000006: 12 mod 11 = 1 → no valid ID; 0000011: 6 → 5
    assert business_id_valid("0000001-9")
    assert not any(business_id_valid(f"0000006-{d}") for d in range(10))
    assert business_id_valid("0000011-5") and official_check_digit("0000011") == 5
    # remainder 0 gives 0: 0000000 (and 1000000 + …, found below)
    assert business_id_valid("0000000-0")
    for bad in ("0112038", "01120389", "FI01120389", "0112038-9 ", "112038-9", "0112038–9", "０112038-9"):
        assert not business_id_valid(bad), bad


@given(st.integers(min_value=0, max_value=9_999_999))
def test_the_package_agrees_with_the_official_algorithm(number):
    seven = f"{number:07d}"
    expected = official_check_digit(seven)
    for digit in range(10):
        assert business_id_valid(f"{seven}-{digit}") == (digit == expected)


def with_ids(raw: bytes, overrides: dict[str, str] | None = None) -> bytes:
    rows = rows_of(raw)
    ids = {n: business_id(2_000_000 + 53 * i) for i, n in enumerate(NAMES)}
    overrides = overrides or {}
    return to_bytes([rows[0] + ["y_tunnus"]] + [r + [overrides.get(r[0], ids.get(r[2], ""))] for r in rows[1:]])


def test_business_ids_are_the_identity_and_change_no_count():
    assert published_counts(with_ids(RAW)) == ORIGINAL
    # An ID on some rows only: the name carries it to the organisation's other rows.
    partial = with_ids(RAW, {code: "" for code in ("S23001", "S23002", "S23003-1")})
    assert published_counts(partial) == ORIGINAL


# --- the property: no look-alike changes a published count ------------------------------------------

def _variant(draw, name: str) -> tuple[str, bool]:
    """A variant of name and whether it must be accepted (only its spaces differ)."""
    kind = draw(st.sampled_from(["space", "ignorable", "case", "cyrillic", "full-width", "spaces", "dash"]))
    if kind == "space" and " " in name:
        return name.replace(" ", draw(st.sampled_from(list(SPACES.values()))), 1), True
    if kind == "ignorable":
        at = draw(st.integers(0, len(name)))
        return name[:at] + draw(st.sampled_from(IGNORABLE)) + name[at:], False
    if kind == "case":
        letters = [i for i, ch in enumerate(name) if ch.isalpha()]
        i = draw(st.sampled_from(letters))
        return name[:i] + name[i].swapcase() + name[i + 1:], False
    if kind == "cyrillic" and any(ch in CYRILLIC for ch in name):
        i = draw(st.sampled_from([i for i, ch in enumerate(name) if ch in CYRILLIC]))
        return name[:i] + CYRILLIC[name[i]] + name[i + 1:], False
    if kind == "full-width":
        i = draw(st.sampled_from([i for i, ch in enumerate(name) if ch.isascii() and ch.isalnum()]))
        return name[:i] + chr(ord(name[i]) + 0xFEE0) + name[i + 1:], False
    if kind == "spaces" and " " in name:
        return name.replace(" ", "  ", 1), False
    return name + "\u00a0", True       # a trailing no-break space: stripped


@st.composite
def lookalike_edits(draw):
    code_rows = [r for r in rows_of(RAW)[1:]]
    row = draw(st.sampled_from(code_rows))
    variant, accepted = _variant(draw, row[2])
    return row[0], variant, accepted


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lookalike_edits(), st.booleans())
def test_no_lookalike_changes_a_published_count(edit, ids):
    code, variant, accepted = edit
    raw = with_name(code, variant)
    if ids:
        raw = with_ids(raw)
    try:
        counts = published_counts(raw)
    except DataError as exc:
        assert not accepted, f"{variant!r} differs only in its spaces, yet was refused: {exc}"
        assert any(i.row is not None for i in exc.issues), "the refusal names no row"
        return
    assert counts == ORIGINAL, f"{variant!r} at {code} changed the published counts"
