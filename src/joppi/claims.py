"""Sentences of the narrative whose truth depends on the data, and the checks the build makes.

Two kinds, both keyed by a boolean that the `luvut` notebook computes (`vaitteet.<name>` in
`_variables.yml`, and in `_joppi/ehdot.yml` for Quarto's `when-meta`):

- a conditional sentence or block is shown only when its key holds, with Quarto's own
  conditional content: `[Lause.]{.content-visible when-meta="vaitteet.x"}` on one line, or a
  div `::: {.content-visible when-meta="vaitteet.x"}` … `:::`;
- a required claim `[Lause.]{.vaite ehto="vaitteet.x"}` must hold: when it does not, the build
  publishes nothing, writes a draft with the sentence marked, and exits with status 3.

A key that the values do not have is the writer's mistake, reported with file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CLAIM = re.compile(r"\[(?P<text>[^\]]+)\]\{\.vaite\s+ehto=\"(?P<key>[^\"]+)\"\s*\}")
# A conditional span: its text may hold one level of brackets (a link) but no line break.
CONDITIONAL_SPAN = re.compile(
    r"\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\{\.content-visible\s+when-meta=\"(?P<key>[^\"]+)\"\s*\}")
CONDITIONAL_DIV = re.compile(r"^(?P<colons>:{3,})\s*\{\.content-visible\s+when-meta=\"(?P<key>[^\"]+)\"\s*\}\s*$")
CONDITIONS_FILE = "_joppi/ehdot.yml"
DRAFT_MARK = "VÄITE EI PIDÄ:"


@dataclass(frozen=True)
class StaleClaim:
    file: str
    line: int
    key: str
    text: str
    reason: str

    def message(self) -> str:
        return f"{self.file}, rivi {self.line}: väite ei pidä vuoden aineistossa ({self.reason}): ”{self.text}”"


@dataclass(frozen=True)
class Condition:
    file: str
    line: int
    key: str
    kind: str      # "vaite" | "ehdollinen"


def lookup(values: dict, dotted: str):
    node = values
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def narrative_files(root: Path) -> list[Path]:
    root = Path(root)
    return [p for p in sorted([root / "index.qmd", *(root / "chapters").glob("*.qmd"),
                               *(root / "chapters" / "sv").glob("*.qmd")]) if p.is_file()]


def find_claims(path: Path, root: Path):
    text = path.read_text(encoding="utf-8")
    for m in CLAIM.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield str(path.relative_to(root)), line, m.group("key"), " ".join(m.group("text").split())


def find_conditions(root: Path) -> list[Condition]:
    """Every claim and conditional sentence or block of the narrative, with its place."""
    root = Path(root)
    found = []
    for path in narrative_files(root):
        rel = str(path.relative_to(root))
        for file, line, key, _text in find_claims(path, root):
            found.append(Condition(file, line, key, "vaite"))
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in CONDITIONAL_SPAN.finditer(text):
                found.append(Condition(rel, number, m.group("key"), "ehdollinen"))
            if m := CONDITIONAL_DIV.match(text):
                found.append(Condition(rel, number, m.group("key"), "ehdollinen"))
    return found


def unknown_conditions(root: Path, values: dict) -> list[Condition]:
    """Conditions whose key is not a true-or-false value of the edition."""
    out = []
    for cond in find_conditions(root):
        try:
            value = lookup(values, cond.key)
        except KeyError:
            out.append(cond)
            continue
        if not isinstance(value, bool):
            out.append(cond)
    return out


def stale_claims(root: Path, values: dict) -> list[StaleClaim]:
    out = []
    for path in narrative_files(root):
        for file, line, key, text in find_claims(path, Path(root)):
            try:
                value = lookup(values, key)
            except KeyError:
                out.append(StaleClaim(file, line, key, text, f"tunnistamaton ehto {key}"))
                continue
            if value is not True:
                out.append(StaleClaim(file, line, key, text, f"{key} = {str(value).lower()}"))
    return out


def conditions_metadata(values: dict) -> dict:
    """What Quarto's `when-meta` reads (the file named in `metadata-files:` of _quarto.yml)."""
    return {"vaitteet": dict(values.get("vaitteet", {}))}


def mark_stale_claims(root: Path, stale: list[StaleClaim]) -> None:
    """Mark each false claim in place in the sources of a draft: visible in HTML and PDF alike."""
    root = Path(root)
    by_file: dict[str, set[int]] = {}
    for claim in stale:
        by_file.setdefault(claim.file, set()).add(claim.line)
    for rel, lines in by_file.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")

        def mark(m: re.Match) -> str:
            line = text.count("\n", 0, m.start()) + 1
            if line not in lines:
                return m.group(0)
            return (f'[**{DRAFT_MARK}** {m.group("text")}]'
                    f'{{.vaite .ei-pida ehto="{m.group("key")}"}}')

        path.write_text(CLAIM.sub(mark, text), encoding="utf-8")


def draft_banner(year: int, stale: list[StaleClaim]) -> str:
    count = len(stale)
    what = "väite ei pidä" if count == 1 else "väitettä ei pidä"
    return (
        '::: {.callout-note title="LUONNOS – ei julkaistavaksi"}\n'
        f"Tämä on luonnos, ei julkaisu: {count} kertomuksen {what} vuoden {year} aineistossa. "
        f"Ne on merkitty tekstiin merkinnällä **{DRAFT_MARK}** Korjaa lauseet tai tee niistä "
        "ehdollisia (kirjoittajan opas), ja rakenna julkaisu uudelleen.\n"
        ":::\n"
    )
