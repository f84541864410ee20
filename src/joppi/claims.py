"""Sentences of the narrative whose truth depends on the data, and the checks the build makes.

Two kinds, both keyed by a boolean that the `luvut` notebook computes (`vaitteet.<name>` in
`_variables.yml`, and in `_joppi/ehdot.yml` for Quarto's `when-meta`):

- a conditional sentence or block is shown only when its key holds, with Quarto's own
  conditional content: `[Lause.]{.content-visible when-meta="vaitteet.x"}`, or a div
  `::: {.content-visible when-meta="vaitteet.x"}` … `:::` (also `unless-meta`, `.content-hidden`);
- a required claim `[Lause.]{.vaite ehto="vaitteet.x"}` must hold when it is published: when it
  does not, the build publishes nothing, writes a draft with the sentence marked, and exits with
  status 3.

Both are read from Pandoc's parse of each file, in any attribute form Pandoc accepts
(joppi.conditional); a form that cannot be placed or read unambiguously stops the build with
file and line, as does a key that the values do not have (status 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# The canonical forms, as the writers' guide gives them (tests read the chapters with these). The
# checks below do not use them: they read Pandoc's parse (joppi.conditional), every form.
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


def _analysed(path: Path, root: Path):
    """The file's text and its conditions and claims in Pandoc's parse (joppi.conditional)."""
    from .conditional import ConditionError, SourceIssue, analyse
    from .errors import DataError

    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    try:
        return rel, text, analyse(text, rel)
    except ConditionError as exc:
        raise DataError([SourceIssue(exc.file, exc.line, None, None, exc.text)]) from None


def find_claims(path: Path, root: Path, meta: dict | None = None):
    """The required claims of one file: (file, line, key, text, found). With `meta` (what
    Quarto's when-meta reads), only those published: a claim inside content whose condition
    is false is not in the edition."""
    from .conditional import quarto_visible, shown_by_parents

    rel, text, found = _analysed(Path(path), Path(root))
    shown = shown_by_parents(found, meta) if meta is not None else [True] * len(found)
    for f, parents_shown in zip(found, shown):
        attr = f.element.attr
        if not attr.claim:
            continue
        if meta is not None and not (parents_shown and (not attr.conditional or quarto_visible(attr, meta))):
            continue
        start, end = f.item.content
        yield rel, f.line, attr.values("ehto")[0], " ".join(text[start:end].split()), f


def find_conditions(root: Path) -> list[Condition]:
    """Every claim and conditional sentence or block of the narrative, with its place."""
    root = Path(root)
    found = []
    for path in narrative_files(root):
        rel, _text, elements = _analysed(path, root)
        for f in elements:
            attr = f.element.attr
            if attr.claim:
                found.append(Condition(rel, f.line, attr.values("ehto")[0], "vaite"))
            if attr.conditional:
                for key in attr.condition_keys():
                    found.append(Condition(rel, f.line, key, "ehdollinen"))
    return found


def unknown_conditions(root: Path, values: dict) -> list[Condition]:
    """Conditions whose key is not a true-or-false value of the edition: a claim's key among
    the values, a condition's among what Quarto's when-meta reads (conditions_metadata), where
    a missing key would silently hide the content."""
    out = []
    meta = conditions_metadata(values)
    for cond in find_conditions(root):
        try:
            value = lookup(values if cond.kind == "vaite" else meta, cond.key)
        except KeyError:
            out.append(cond)
            continue
        if not isinstance(value, bool):
            out.append(cond)
    return out


def stale_claims(root: Path, values: dict) -> list[StaleClaim]:
    """The published required claims that do not hold."""
    out = []
    meta = conditions_metadata(values)
    for path in narrative_files(root):
        for file, line, key, text, _found in find_claims(path, Path(root), meta):
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
    from .conditional import Attr

    root = Path(root)
    by_file: dict[str, set[tuple[int, str]]] = {}
    for claim in stale:
        by_file.setdefault(claim.file, set()).add((claim.line, claim.key))
    for rel, places in by_file.items():
        path = root / rel
        text = path.read_text(encoding="utf-8")
        edits = []
        for _file, line, key, _text, f in find_claims(path, root):
            if (line, key) not in places:
                continue
            attr = f.element.attr
            classes = [c for c in attr.classes if c not in ("vaite", "ei-pida")]
            marked = Attr(attr.ident, ("vaite", "ei-pida", *classes), attr.pairs)
            start, end = f.item.content
            edits.append((f.item.start, f.item.attr_end,
                          f"[**{DRAFT_MARK}** {text[start:end]}]{marked.source()}"))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        path.write_text(text, encoding="utf-8")


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
