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

    def message(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rivi {self.row}")
        if self.column:
            where.append(f"sarake {self.column}")
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
