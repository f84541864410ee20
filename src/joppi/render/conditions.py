"""Quarto's conditional content on metadata, as the second engine renders it.

Conditional Spans and Divs (`.content-visible` / `.content-hidden` with `when-meta` /
`unless-meta`, in any attribute form Pandoc reads) are found in Pandoc's own parse of the
expanded sources (joppi.conditional) and evaluated as Quarto evaluates them, against the
project's metadata (`metadata-files:` of _quarto.yml). False content is removed from the source
lines, with everything in it, before figures are numbered; kept content carries its keys as
`data-when-meta` / `data-unless-meta` in the HTML, as Quarto writes them. The result is parsed
again and compared with Quarto's result on the original parse: where they differ, the build
stops with the place, so no false sentence is ever published.
"""

from __future__ import annotations

from bisect import bisect_right

from ..conditional import (
    CANONICAL,
    KEPT_KEYS,
    META_KEYS,
    Attr,
    ConditionError,
    analyse,
    engine_result,
    pandoc_json,
    quarto_result,
    quarto_visible,
)

def _refuse(lines: list, text: str, exc: ConditionError):
    """A ConditionError of the joined text, as a data error at the source file and line."""
    from ..conditional import SourceIssue
    from ..errors import DataError

    file, number = "lähde", exc.line
    if exc.line is not None and 0 < exc.line <= len(lines):
        line = lines[exc.line - 1]
        file, number = line.file, line.number
    raise DataError([SourceIssue(file, number, None, None, exc.text)]) from None


def meta_truth(project, key: str, where) -> bool:
    """The metadata's value of a condition key: it must be true or false (Quarto would read
    anything else, or a missing key, as false without a word)."""
    from ..claims import lookup
    from ..conditional import SourceIssue
    from ..errors import DataError

    try:
        node = lookup(project.meta, key)
    except KeyError:
        raise DataError([SourceIssue(where.file, where.number, None, key,
                                     f"tuntematon ehto \"{key}\": avainta ei ole julkaisun ehdoissa "
                                     "(muistikirja luvut laskee ne kohtaan vaitteet; katso joppi "
                                     "muuttujat)")]) from None
    if not isinstance(node, bool):
        raise DataError([SourceIssue(where.file, where.number, None, key,
                                     f"ehto \"{key}\" ei ole tosi tai epätosi (arvo: {node!r}); käytä "
                                     "ehtoa, jonka muistikirja luvut laskee kohtaan vaitteet")])
    return node


def kept_attr(attr: Attr) -> Attr:
    """A shown conditional element's attributes as Quarto writes them: the condition classes
    gone, the conditions as data attributes."""
    from ..conditional import CONDITION_CLASSES

    return Attr(attr.ident, tuple(c for c in attr.classes if c not in CONDITION_CLASSES),
                tuple((f"data-{k}" if k in META_KEYS else k, v) for k, v in attr.pairs))


def apply_conditions(project, lines: list) -> list:
    """The lines with false conditional content removed and true content marked."""
    from .qmd import Line

    text = "\n".join(line.text for line in lines)
    try:
        found = analyse(text, "lähde")
    except ConditionError as exc:
        _refuse(lines, text, exc)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line.text) + 1)

    def source_line(offset: int):
        return lines[bisect_right(starts, offset) - 1]

    own = []
    for f in found:
        if f.element.attr.conditional:
            for key in f.element.attr.condition_keys():
                meta_truth(project, key, source_line(f.item.start))
            own.append(quarto_visible(f.element.attr, project.meta))
        else:
            own.append(True)

    edits: list[tuple[int, int, str]] = []
    for i, f in enumerate(found):
        if not f.element.attr.conditional or not all(own[p] for p in f.element.parents):
            continue
        item = f.item
        if own[i] and item.kind == "Div":
            # Quarto replaces a shown Div by its content: its identifier and classes go too.
            kept = kept_attr(f.element.attr)
            pairs = tuple(p for p in kept.pairs if p[0] in KEPT_KEYS)
            edits.append((item.attr_start, item.attr_end, Attr("", (), pairs).source()))
        elif own[i]:
            edits.append((item.attr_start, item.attr_end, kept_attr(f.element.attr).source()))
        elif item.kind == "Div":
            edits.append((item.start, item.end, "\n"))
        else:
            start, end = item.start, item.end
            if text[:start].endswith(" ") and text[end:end + 1] in (" ", "\n", ""):
                start -= 1
            elif text[end:end + 1] == " " and (start == 0 or text[start - 1] == "\n"):
                end += 1
            edits.append((start, end, ""))
    edits.sort()
    pieces: list[tuple[str, int, bool]] = []      # text, origin offset, from the source
    pos = 0
    for start, end, replacement in edits:
        pieces.append((text[pos:start], pos, True))
        pieces.append((replacement, start, False))
        pos = end
    pieces.append((text[pos:], pos, True))

    out: list = []
    buffer: list[str] = []
    origin: int | None = None
    changed = False

    def flush() -> None:
        where = source_line(origin if origin is not None else len(text))
        line_text = "".join(buffer)
        if changed and not line_text.strip() and where.text.strip():
            return        # a sentence removed from a line of its own: the paragraph stays one
        out.append(Line(line_text, where.file, where.number))

    for piece, at, literal in pieces:
        if not literal and piece == "\n":           # a removed block leaves one blank line
            if buffer or changed:
                flush()
            buffer, origin, changed = [], None, False
            out.append(Line("", source_line(at).file, source_line(at).number))
            continue
        if not literal:
            changed = True
            if origin is None:
                origin = at
        for k, ch in enumerate(piece):
            if origin is None:
                origin = at + k if literal else at
            if ch == "\n":
                flush()
                buffer, origin, changed = [], None, False
            else:
                buffer.append(ch)
        if not literal and not piece:
            changed = True
    flush()

    _verify(project, lines, text, out, found)
    return out


def _verify(project, lines: list, text: str, out: list, found) -> None:
    """The engine's lines must read, to Pandoc, as Quarto's result of the sources."""
    expected = quarto_result(pandoc_json(text), project.meta)
    actual = engine_result(pandoc_json("\n".join(line.text for line in out)))
    if expected == actual:
        return
    differs = next((i for i, (a, b) in enumerate(zip(expected, actual)) if a != b),
                   min(len(expected), len(actual)))
    first = next((f for f in found if f.element.attr.conditional), None)
    line = first.line if first else 1
    words = _words(expected[differs] if differs < len(expected) else actual[differs])
    if words:
        at = text.find(words)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
    _refuse(lines, text, ConditionError(
        "lähde", line, "ehtoa ei voi lukea yksiselitteisesti: omalla moottorilla ja Quartolla "
        f"tulisi tästä kohdasta eri teksti; {CANONICAL}"))


def _words(block) -> str:
    def strs(node):
        if isinstance(node, dict):
            if node.get("t") == "Str":
                yield node["c"]
            else:
                yield from strs(node.get("c"))
        elif isinstance(node, list):
            for n in node:
                yield from strs(n)

    return next(strs(block), "")
