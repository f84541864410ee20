"""Conditional content and required claims as Pandoc reads them, and as Quarto evaluates them.

Both engines must agree on which sentences of the narrative are shown. So the conditions are
never found with patterns alone: each text is parsed by Pandoc itself (the reader the own engine
uses, `-t json`), and every Span and Div that carries one of Quarto's condition classes
(`content-visible`, `content-hidden`) or keys (`when-meta`, `unless-meta`, …), or the project's
claim class `vaite` / key `ehto`, is an element of the analysis. A scanner of the source text
finds the same elements with their places (file and line, the characters they cover); the two
lists must agree one for one, else the form is refused: what cannot be placed in the source
cannot be removed from it or named in a message.

Quarto's rules (resources/filters/customnodes/content-hidden.lua, `propertiesMatch`):
`when-meta="a.b"` holds when the metadata value at a → b is the boolean true (a missing or
non-boolean value is false); `unless-meta` is its negation; both given, both must hold;
`.content-visible` shows its content when the conditions hold, `.content-hidden` when they do
not. A shown Div is replaced by its content; a shown Span stays, without the class.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import Issue

VISIBLE, HIDDEN = "content-visible", "content-hidden"
CONDITION_CLASSES = (VISIBLE, HIDDEN)
META_KEYS = ("when-meta", "unless-meta")
UNSUPPORTED_KEYS = ("when-format", "unless-format", "when-profile", "unless-profile")
CLAIM_CLASS, CLAIM_KEY = "vaite", "ehto"
RELEVANT_CLASSES = (*CONDITION_CLASSES, CLAIM_CLASS)
RELEVANT_KEYS = (*META_KEYS, *UNSUPPORTED_KEYS, CLAIM_KEY)
CANONICAL = 'kirjoita muodossa [Lause.]{.content-visible when-meta="vaitteet.x"}'
CANONICAL_CLAIM = 'kirjoita muodossa [Lause.]{.vaite ehto="vaitteet.x"}'
# How the own engine's output marks a shown conditional Div or Span (render.conditions).
KEPT_KEYS = tuple(f"data-{k}" for k in META_KEYS)


class SourceIssue(Issue):
    """A problem in the narrative's sources: the place and a Finnish sentence saying what to do."""

    def message(self) -> str:
        where = f"{self.file}, rivi {self.row}" if self.row else self.file
        return f"{where}: {self.expected}"


class ConditionError(Exception):
    """A condition that cannot be read the same way by both engines; `where` names its place."""

    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.text = file, line, message
        super().__init__(f"{file}, rivi {line}: {message}" if line else f"{file}: {message}")


@dataclass(frozen=True)
class Attr:
    ident: str
    classes: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.pairs if k == key]

    @property
    def relevant(self) -> bool:
        return (any(c in RELEVANT_CLASSES or near_miss(c, RELEVANT_CLASSES) for c in self.classes)
                or any(k in RELEVANT_KEYS or near_miss(k, RELEVANT_KEYS) for k, _ in self.pairs))

    def near_misses(self) -> list[tuple[str, str]]:
        """(written, meant) for classes and keys that look like a condition's but are not."""
        out = [(f".{c}", f".{m}") for c in self.classes if c not in RELEVANT_CLASSES
               and (m := near_miss(c, RELEVANT_CLASSES))]
        return out + [(k, m) for k, _ in self.pairs if k not in RELEVANT_KEYS
                      and (m := near_miss(k, RELEVANT_KEYS))]

    @property
    def conditional(self) -> bool:
        return any(c in CONDITION_CLASSES for c in self.classes)

    @property
    def claim(self) -> bool:
        return CLAIM_CLASS in self.classes

    def condition_keys(self) -> list[str]:
        return [v for k, v in self.pairs if k in META_KEYS]

    def source(self) -> str:
        parts = [f"#{self.ident}"] if self.ident else []
        parts += [f".{c}" for c in self.classes]
        parts += [f'{k}="{_quote(v)}"' for k, v in self.pairs]
        return "{" + " ".join(parts) + "}"


def near_miss(name: str, names) -> str | None:
    """The condition class or key that `name` almost is (case, `_` for `-`, a typo), which both
    engines would silently ignore: the content would be published whatever the condition."""
    import difflib

    folded = name.casefold().replace("_", "-")
    for target in names:
        if folded == target or folded.replace("-", "") == target.replace("-", ""):
            return None if name == target else target
        if len(target) >= 9 and difflib.SequenceMatcher(None, folded, target).ratio() >= 0.85:
            return target
    return None


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


def quarto_visible(attr: Attr, meta: dict) -> bool:
    """Whether Quarto shows a conditional element's content, with `meta` the document metadata."""
    def check_meta(dotted: str) -> bool:
        node = meta
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return False
            node = node[part]
        return node is True

    match = True
    for key, invert in (("when-meta", False), ("unless-meta", True)):
        values = attr.values(key)
        if values:
            match = match and (invert != any(check_meta(v) for v in values))
    return match if VISIBLE in attr.classes else not match


# ---------------------------------------------------------------------------------------
# Pandoc's parse


def reader() -> str:
    from .render.pandoc_engine import READER

    return READER


@lru_cache(maxsize=64)
def pandoc_json(text: str) -> dict:
    """Pandoc's AST of `text`, read as the own engine reads its markdown."""
    import pypandoc

    result = subprocess.run([pypandoc.get_pandoc_path(), "-f", reader(), "-t", "json"],
                            input=text, capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise ConditionError("lähde", None, f"Pandoc ei voinut lukea tekstiä: {result.stderr.strip()}")
    return json.loads(result.stdout)


@dataclass
class Element:
    """A relevant element of Pandoc's AST, in document order (pre-order)."""

    kind: str                     # the Pandoc type: Span, Div, Header, CodeBlock, …
    attr: Attr
    parents: list[int] = field(default_factory=list)   # indexes of enclosing relevant elements
    heading: bool = False         # inside a heading (whose identifier Pandoc makes of all its text)


def _attr(raw) -> Attr:
    ident, classes, pairs = raw
    return Attr(ident, tuple(classes), tuple((k, v) for k, v in pairs))


# Where each Pandoc type keeps its Attr in "c" (None: c itself is [attr, …]).
_ATTR_AT = {"Span": 0, "Div": 0, "CodeBlock": 0, "Code": 0, "Link": 0, "Image": 0,
            "Header": 1, "Table": 0, "Figure": 0, "TableHead": 0, "TableBody": 0, "TableFoot": 0,
            "Cell": 0, "Row": 0}


def elements(ast) -> list[Element]:
    found: list[Element] = []

    def walk(node, parents: list[int], heading: bool = False) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item, parents, heading)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("t")
        content = node.get("c")
        here = parents
        if kind in _ATTR_AT and isinstance(content, list) and len(content) > _ATTR_AT[kind]:
            raw = content[_ATTR_AT[kind]]
            if (isinstance(raw, list) and len(raw) == 3 and isinstance(raw[0], str)
                    and isinstance(raw[1], list)):
                attr = _attr(raw)
                if attr.relevant:
                    found.append(Element(kind, attr, list(parents), heading))
                    here = [*parents, len(found) - 1]
        for value in node.values():
            if isinstance(value, (list, dict)):
                walk(value, here, heading or kind == "Header")

    walk(ast.get("blocks", []), [])
    return found


# ---------------------------------------------------------------------------------------
# The source text


@dataclass
class Item:
    """A relevant attribute list found in the source text, with the characters it covers."""

    kind: str            # "Span" | "Div" | "other"
    attr: Attr
    start: int           # the Span's "[", the Div's first line's first character
    end: int             # after the Span's "}", after the Div's closing line
    attr_start: int      # the "{" (or the class word of `::: word`)
    attr_end: int        # after the "}"
    content: tuple[int, int] = (0, 0)    # a Span's text between its brackets


_ATTR_TOKEN = re.compile(
    r"\#(?P<id>[\w\-:.]+)"
    r"|\.(?P<cls>[\w\-:.]+)"
    r"""|(?P<key>[\w\-:.]+)=(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s"'{}]+))""",
    re.S)


def parse_attr(inner: str) -> Attr | None:
    """A Pandoc attribute list's inside (between the braces), or None if not one."""
    ident, classes, pairs = "", [], []
    pos = 0
    while True:
        while pos < len(inner) and inner[pos].isspace():
            pos += 1
        if pos == len(inner):
            break
        m = _ATTR_TOKEN.match(inner, pos)
        if not m or (m.end() < len(inner) and not inner[m.end()].isspace()):
            return None
        if m.group("id"):
            ident = m.group("id")
        elif m.group("cls"):
            classes.append(m.group("cls"))
        else:
            value = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
            pairs.append((m.group("key"), re.sub(r"\\(.)", r"\1", value, flags=re.S)))
        pos = m.end()
    return Attr(ident, tuple(classes), tuple(pairs))


_DIV_OPEN = re.compile(r"^(:{3,})[ \t]*(\{[^{}\n]*\}|[^\s{}:]+)[ \t]*:*[ \t]*$")
_DIV_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CONDITION_WORDS = re.compile(r"content-visible|content-hidden|when-meta|unless-meta|\.vaite\b|\behto\s*=",
                              re.I)
# A cheap first look (the parsed attributes decide): near misses of the names pass it too.
_RELEVANT_TEXT = re.compile(r"content|visi|hidd|meta|format|profile|vaite|ehto", re.I)


def _mask(text: str, first_line: int = 1) -> str:
    """The text with what Pandoc never reads as attributes blanked (same length): fenced code
    blocks' contents, inline code, HTML comments, escaped characters, YAML front matter."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    offset = 0
    fence: tuple[str, int] | None = None
    lines = text.split("\n")
    front = first_line == 1 and lines and lines[0].strip() == "---"
    for number, line in enumerate(lines):
        end = offset + len(line)
        if front:
            blank(offset, end)
            if number > 0 and line.strip() in ("---", "..."):
                front = False
        elif fence:
            stripped = line.strip()
            blank(offset, end)
            if (stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]
                    and len(line) - len(line.lstrip()) <= 3):
                fence = None
        elif m := _FENCE.match(line):
            fence = (m.group(1)[0], len(m.group(1)))
            blank(offset, offset + m.end())       # the info string stays: a code block's attributes
        offset = end + 1
    masked = "".join(chars)
    for m in re.finditer(r"<!--.*?-->", masked, re.S):
        blank(m.start(), m.end())
    masked = "".join(chars)
    for m in re.finditer(r"\\.", masked, re.S):
        blank(m.start(), m.end())
    masked = "".join(chars)
    for block in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", masked):
        for m in re.finditer(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", block.group(0), re.S):
            if not block.group(0)[m.end():].startswith("{"):      # a code span's attributes
                blank(block.start() + m.start(), block.start() + m.end())
            else:
                blank(block.start() + m.start(), block.start() + m.end() - 1)
    return "".join(chars)


def _attr_close(masked: str, start: int) -> int | None:
    """The index after the "}" closing the attribute list opening at `start`."""
    quote = None
    i = start + 1
    while i < len(masked):
        ch = masked[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'" and masked[i - 1] == "=":
            quote = ch
        elif ch == "}":
            return i + 1
        elif ch == "{" or (ch == "\n" and masked[i + 1:i + 2] == "\n"):
            return None
        i += 1
    return None


def _span_open(masked: str, close: int) -> int | None:
    """The "[" matching the "]" at `close`, within its paragraph."""
    depth = 0
    i = close - 1
    while i >= 0:
        ch = masked[i]
        if ch == "]":
            depth += 1
        elif ch == "[":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "\n" and i > 0 and masked[i - 1] == "\n":
            return None
        i -= 1
    return None


def scan(text: str, first_line: int = 1) -> list[Item]:
    """Every relevant attribute list of the source, in the order Pandoc's AST lists them."""
    masked = _mask(text, first_line)
    items: list[Item] = []
    # Divs: their opening and closing fences, nested.
    line_starts = [0]
    for m in re.finditer("\n", masked):
        line_starts.append(m.end())
    stack: list[tuple[int, Attr | None, int, int]] = []
    div_lines: set[int] = set()
    for index, start in enumerate(line_starts):
        end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(masked)
        line = masked[start:end]
        if m := _DIV_OPEN.match(line):
            spec = m.group(2)
            a_start = start + m.start(2)
            if spec.startswith("{"):
                attr = parse_attr(spec[1:-1])
                if attr is None and _CONDITION_WORDS.search(spec):
                    items.append(Item("unparsed", Attr("", (), ()), start, end, a_start, a_start + len(spec)))
            else:
                attr = Attr("", (spec,), ())
            stack.append((start, attr, a_start, a_start + len(spec)))
            div_lines.add(index)
        elif _DIV_CLOSE.match(line) and stack:
            open_at, attr, a_start, a_end = stack.pop()
            div_lines.add(index)
            if attr is not None and attr.relevant:
                items.append(Item("Div", attr, open_at, min(end + 1, len(masked)), a_start, a_end))
    for open_at, attr, a_start, a_end in stack:      # unclosed: Pandoc closes it at the end
        if attr is not None and attr.relevant:
            items.append(Item("Div", attr, open_at, len(masked), a_start, a_end))
    # Every other attribute list that names a condition or a claim.
    for m in re.finditer(r"\{", masked):
        start = m.start()
        line_index = masked.count("\n", 0, start)
        if line_index in div_lines:
            continue
        close = _attr_close(masked, start)
        if close is None or not _RELEVANT_TEXT.search(masked, start, close):
            continue
        attr = parse_attr(text[start + 1:close - 1])
        if attr is None:
            # Not an attribute list: Pandoc would publish it as text, the sentence with it.
            if _CONDITION_WORDS.search(masked, start, close):
                items.append(Item("unparsed", Attr("", (), ()), start, close, start, close))
            continue
        if not attr.relevant:
            continue
        opening = _span_open(masked, start - 1) if start > 0 and masked[start - 1] == "]" else None
        if opening is not None:
            items.append(Item("Span", attr, opening, close, start, close, (opening + 1, start - 1)))
        else:
            items.append(Item("other", attr, start, close, start, close))
    items.sort(key=lambda item: (item.start, -item.end))
    return items


@dataclass
class Found:
    """An element of Pandoc's AST and its place in the source."""

    element: Element
    item: Item
    line: int                 # 1-based, in the analysed text's numbering


def _line_of(text: str, offset: int, first_line: int) -> int:
    return first_line + text.count("\n", 0, offset)


def _guess_line(text: str, attr: Attr, after: int, first_line: int) -> int | None:
    for needle in [*(v for _, v in attr.pairs), *attr.classes]:
        at = text.find(needle, after)
        if at >= 0:
            return _line_of(text, at, first_line)
    return None


def analyse(text: str, file: str, first_line: int = 1) -> list[Found]:
    """Pandoc's relevant elements of `text`, each placed in the source; ConditionError when an
    element cannot be placed or is written in a form the engines would read differently."""
    ast_elements = elements(pandoc_json(text))
    items = scan(text, first_line)
    found: list[Found] = []
    for index, element in enumerate(ast_elements):
        item = items[index] if index < len(items) else None
        same_kind = item is not None and (item.kind == element.kind or (
            item.kind == "other" and element.kind not in ("Span", "Div")))
        same_attr = item is not None and (item.attr == element.attr or (
            item.kind == "other" and item.attr.pairs == element.attr.pairs
            and item.attr.classes == element.attr.classes))     # a heading's own identifier
        if item is not None and item.kind == "unparsed":
            raise ConditionError(file, _line_of(text, item.start, first_line), _unparsed(text, item))
        if item is None or not same_kind or not same_attr:
            after = found[-1].item.start if found else 0
            line = (_line_of(text, item.start, first_line) if item is not None
                    else _guess_line(text, element.attr, after, first_line))
            raise ConditionError(file, line, "ehtoa ei voi lukea yksiselitteisesti: Pandoc lukee "
                                 f"kohdan {element.kind}-elementiksi {element.attr.source()}, jota ei "
                                 f"löydy tekstistä samassa muodossa; {CANONICAL}")
        found.append(Found(element, item, _line_of(text, item.start, first_line)))
    if len(items) > len(ast_elements):
        extra = items[len(ast_elements)]
        if extra.kind == "unparsed":
            raise ConditionError(file, _line_of(text, extra.start, first_line), _unparsed(text, extra))
        raise ConditionError(file, _line_of(text, extra.start, first_line),
                             f"ehtoa ei voi lukea yksiselitteisesti: Pandoc ei lue kohtaa "
                             f"{extra.attr.source()} lauseen [..] tai lohkon ::: attribuuteiksi "
                             "(esimerkiksi välilyönti ]-merkin jälkeen tai tyhjä rivi lauseen "
                             f"sisällä), joten se julkaistaisiin tekstinä; {CANONICAL}")
    for f in found:
        if problem := form_problem(f.element):
            raise ConditionError(file, f.line, f"ehtoa ei voi lukea yksiselitteisesti: {problem}")
    return found


def _unparsed(text: str, item: Item) -> str:
    written = " ".join(text[item.attr_start:item.attr_end].split())
    return (f"ehtoa ei voi lukea yksiselitteisesti: Pandoc ei lue kohtaa {written} attribuuteiksi, "
            f"joten lause julkaistaisiin tekstinä ehdosta riippumatta; {CANONICAL}")


def form_problem(element: Element) -> str | None:
    """Why a form would be read differently by the two engines (or is surely a mistake)."""
    attr = element.attr
    shown = attr.source()
    if element.kind not in ("Span", "Div"):
        return (f"{shown} on {element.kind}-elementin attribuutti; Quarto ottaa ehdot huomioon vain "
                f"lauseessa [..] ja lohkossa :::, {CANONICAL}")
    if misses := attr.near_misses():
        written, meant = misses[0]
        return (f"{shown}: {written} ei ole Quarton ehto, joten lause julkaistaisiin aina; "
                f"tarkoititko {meant}? "
                f"{CANONICAL_CLAIM if meant in ('.vaite', 'ehto') else CANONICAL}")
    if element.heading and attr.conditional:
        return (f"{shown} on otsikossa: Pandoc tekee otsikon tunnisteen (linkin kohteen) koko "
                "otsikosta, piilotetustakin tekstistä; tee otsikosta kaksi vaihtoehtoa ehdollisiin "
                f"lohkoihin ::: {{.content-visible when-meta=\"vaitteet.x\"}}")
    if VISIBLE in attr.classes and HIDDEN in attr.classes:
        return f"{shown} on sekä näkyvä että piilotettu; {CANONICAL}"
    keys = [k for k, _ in attr.pairs]
    if unsupported := [k for k in keys if k in UNSUPPORTED_KEYS]:
        return f"{shown}: ehto {unsupported[0]} ei ole tuettu; {CANONICAL}"
    if any(keys.count(k) > 1 for k in (*META_KEYS, CLAIM_KEY)):
        return f"{shown}: sama ehto on annettu kahdesti; {CANONICAL}"
    if attr.conditional:
        if not attr.condition_keys():
            return f"{shown}: ehto (when-meta tai unless-meta) puuttuu; {CANONICAL}"
        if any(not v.strip() or v != v.strip() for v in attr.condition_keys()):
            return f"{shown}: ehdon nimi on tyhjä tai sen ympärillä on välilyöntejä; {CANONICAL}"
    elif any(k in META_KEYS for k in keys):
        return (f"{shown}: when-meta tai unless-meta ilman luokkaa .content-visible tai "
                f".content-hidden ei piilota mitään; {CANONICAL}")
    if attr.claim or CLAIM_KEY in keys:
        if element.kind != "Span":
            return f"väite {shown} on lohko; väite on lause: {CANONICAL_CLAIM}"
        if not attr.claim or len(attr.values(CLAIM_KEY)) != 1:
            return f"väitteestä {shown} puuttuu luokka .vaite tai ehto; {CANONICAL_CLAIM}"
    return None


def visibility(found: list[Found], meta: dict) -> list[bool]:
    """For each element, whether its content is published: its own condition and every
    enclosing one hold."""
    own = [quarto_visible(f.element.attr, meta) if f.element.attr.conditional else True for f in found]
    return [own[i] and all(own[p] for p in f.element.parents) for i, f in enumerate(found)]


def shown_by_parents(found: list[Found], meta: dict) -> list[bool]:
    """For each element, whether every enclosing condition holds (its own aside)."""
    own = [quarto_visible(f.element.attr, meta) if f.element.attr.conditional else True for f in found]
    return [all(own[p] for p in f.element.parents) for f in found]


# ---------------------------------------------------------------------------------------
# Quarto's result, for comparison


def normalise(blocks, keep) -> list:
    """Blocks with conditional wrappers resolved by `keep(kind, attr)` ("drop", "unwrap" or
    None to leave), spaces collapsed and empty paragraphs dropped: what two texts that read
    the same come to."""
    def value(v):
        if isinstance(v, list):
            if v and all(isinstance(n, dict) and "t" in n for n in v):
                return elements_(v)
            return [value(x) for x in v]
        if isinstance(v, dict) and "t" in v:
            out = elements_([v])
            return out[0] if len(out) == 1 else {"t": "Spliced", "c": out}
        return v

    def node(n) -> list:
        kind, content = n["t"], n.get("c")
        if kind in ("Span", "Div"):
            decision = keep(kind, _attr(content[0]))
            if decision == "drop":
                return []
            if decision == "unwrap":
                return [x for c in content[1] for x in node(c)]
        if "c" not in n:
            return [{"t": kind}]
        return [{"t": kind, "c": value(content)}]

    def elements_(items: list) -> list:
        out: list = []
        for n in (x for item in items for x in node(item)):
            t = n["t"]
            if t in ("SoftBreak", "Space"):
                if out and out[-1]["t"] == "Space":
                    continue
                n = {"t": "Space"}
            elif t == "Str" and out and out[-1]["t"] == "Str":
                out[-1] = {"t": "Str", "c": out[-1]["c"] + n["c"]}
                continue
            elif t in ("Para", "Plain") and not n["c"]:
                continue
            elif t == "Space" and out and out[-1]["t"] == "Space":
                continue
            out.append(n)
        # Spaces at the ends of an inline list, and around what was removed
        while out and out[0]["t"] == "Space":
            out.pop(0)
        while out and out[-1]["t"] == "Space":
            out.pop()
        return out

    return elements_(blocks)


def quarto_result(ast, meta: dict) -> list:
    def keep(kind, attr):
        if not attr.conditional:
            return None
        return "unwrap" if quarto_visible(attr, meta) else "drop"

    return normalise(ast.get("blocks", []), keep)


def engine_result(ast) -> list:
    def keep(kind, attr):
        return "unwrap" if any(k in KEPT_KEYS for k, _ in attr.pairs) else None

    return normalise(ast.get("blocks", []), keep)
