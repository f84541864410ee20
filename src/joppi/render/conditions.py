"""Quarto's conditional content on metadata, as the second engine renders it.

`[…]{.content-visible when-meta="vaitteet.x"}` and `::: {.content-visible when-meta="…"}`
blocks are kept when the key is true in the project's metadata (`metadata-files:` of
_quarto.yml) and removed, with everything in them, when it is false, before figures are
numbered. Kept content carries its key as `data-when-meta` in the HTML, as Quarto writes it.
"""

from __future__ import annotations

import re

from ..claims import CONDITIONAL_DIV, CONDITIONAL_SPAN

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ANY_DIV_OPEN = re.compile(r"^:{3,}\s*[{\w.]")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")


def meta_truth(project, key: str, line) -> bool:
    from ..claims import lookup
    from .qmd import fail

    try:
        node = lookup(project.meta, key)
    except KeyError:
        fail(line, f"tuntematon ehto when-meta=\"{key}\": avainta ei ole julkaisun ehdoissa "
                   "(muistikirja luvut laskee ne; katso joppi muuttujat)")
    if not isinstance(node, bool):
        fail(line, f"ehto when-meta=\"{key}\" ei ole tosi tai epätosi (arvo: {node!r})")
    return node


def _remove_span(text: str, start: int, end: int) -> str:
    """Cut a sentence out of its line, with the space that separated it from its neighbours."""
    before, after = text[:start], text[end:]
    if before.endswith(" ") and (after.startswith(" ") or after == ""):
        before = before[:-1]
    elif before.strip() == "" and after.startswith(" "):
        after = after[1:]
    return before + after


def _apply_spans(project, text: str, line) -> str:
    for span in reversed(list(CONDITIONAL_SPAN.finditer(text))):
        key = span.group("key")
        if meta_truth(project, key, line):
            kept = f'[{span.group("text")}]{{data-when-meta="{key}"}}'
            text = text[:span.start()] + kept + text[span.end():]
        else:
            text = _remove_span(text, span.start(), span.end())
    return text if text.strip() else ""


def apply_conditions(project, lines: list) -> list:
    """The lines with false conditional content removed and true content marked."""
    from .qmd import Line

    out = []
    fence: str | None = None
    skipping = 0          # depth of divs inside a false conditional div
    for line in lines:
        text = line.text
        if fence is not None:
            if text.strip().startswith(fence):
                fence = None
            if not skipping:
                out.append(line)
            continue
        if m := _FENCE_OPEN.match(text):
            fence = m.group(1)
            if not skipping:
                out.append(line)
            continue
        if skipping:
            if _DIV_CLOSE.match(text):
                skipping -= 1
            elif _ANY_DIV_OPEN.match(text):
                skipping += 1
            continue
        if m := CONDITIONAL_DIV.match(text):
            if not meta_truth(project, m.group("key"), line):
                skipping = 1
                continue
            out.append(line)
            continue
        if "content-visible" in text:
            line = Line(_apply_spans(project, text, line), line.file, line.number)
        out.append(line)
    return out
