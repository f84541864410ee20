"""Helpers the tests share for reading an edition as its reader gets it: PDF text, the HTML page
(as a tree, as visible text, as its elements and scripts), the charts' Vega-Lite specs, and the
check of a data-error report. One home for each; the test modules import them from here."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

# --- text ---------------------------------------------------------------------------------------

# Characters that the reader does not see: soft hyphen (Typst hyphenates with it), word joiner,
# zero-width space, byte-order mark.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u2060\u200b\ufeff"), None)


def squash(text: str) -> str:
    """Text without any white space (ordinary, no-break, narrow no-break) or invisible character:
    immune to line breaks and hyphenation, for PDF text, where a line may break anywhere."""
    return re.sub(r"\s+", "", text.translate(INVISIBLE))


def spaced(text: str) -> str:
    """Text with every run of white space (no-break spaces too) as one ordinary space."""
    return re.sub(r"\s+", " ", text.translate(INVISIBLE)).strip()


def normal_spaces(text: str) -> str:
    """Alias of `spaced` (the name the build tests use)."""
    return spaced(text)


# --- PDF ----------------------------------------------------------------------------------------

def pdf_text(pdf: Path, layout: bool = False, raw: bool = False) -> str:
    """The PDF's text by pdftotext (poppler-utils), pages separated by form feeds; `layout` keeps
    the physical layout (columns side by side), `raw` the order the PDF writes its text in (Typst:
    the document's order, which pdftotext's reading order can shuffle around a hyphen inside a
    link), otherwise the text comes in reading order."""
    argv = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), *(["-raw"] if raw else []),
            str(pdf), "-"]
    out = subprocess.run(argv, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    return out.stdout.decode("utf-8")


def without_page_numbers(text: str) -> str:
    """pdftotext output without form feeds and the lines holding only a page number, so that a
    sentence that runs over a page break reads as one."""
    return "\n".join(line for line in text.replace("\f", "\n").splitlines()
                     if not re.fullmatch(r"\s*\d{1,3}\s*", line))


# --- HTML ---------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    """An element of the parsed page: tag, attributes, children (Nodes and strings)."""

    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list = []          # Node or str

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs):
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if all(node.attrs.get(k) == v for k, v in attrs.items()):
                yield node

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def raw_text(self) -> str:
        """All character data, scripts' and styles' included."""
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    def text(self, skip_ids: frozenset[str] = frozenset()) -> str:
        """The text a reader sees: scripts, styles and the elements with an id in skip_ids left out."""
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style") and child.attrs.get("id") not in skip_ids:
                parts.append(child.text(skip_ids))
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(source: str | Path) -> Node:
    """The page as a tree; `source` is the HTML itself or the path of an .html file."""
    html = Path(source).read_text(encoding="utf-8") if isinstance(source, Path) else source
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


class Page:
    """A flat reading of the page: `elements` (tag, attributes) in document order, the bodies of
    the script elements in `scripts`, and the visible text as a list of pieces in `text`."""

    def __init__(self, root: Node, skip_ids: tuple[str, ...] = (), only_id: str | None = None):
        nodes = list(root.iter())[1:]
        self.elements: list[tuple[str, dict]] = [(n.tag, n.attrs) for n in nodes]
        self.scripts: list[str] = [n.raw_text() for n in nodes if n.tag == "script"]
        if only_id is not None:
            kept = next((n for n in nodes if n.attrs.get("id") == only_id), None)
            self.text = [kept.text(frozenset(skip_ids))] if kept is not None else []
        else:
            self.text = [root.text(frozenset(skip_ids))]


def read_page(html: str, skip_ids: tuple[str, ...] = (), only_id: str | None = None) -> Page:
    return Page(parse_html(html), skip_ids, only_id)


def visible_text(html: str, skip_ids: tuple[str, ...] = ()) -> str:
    """The page's text as a reader sees it, white space (incl. no-break spaces) collapsed."""
    return spaced("".join(read_page(html, skip_ids).text))


def section_text(html: str, element_id: str) -> str:
    """The visible text of one element (e.g. the section #sec-vertailu), white space collapsed."""
    return spaced("".join(read_page(html, only_id=element_id).text))


# --- the charts ---------------------------------------------------------------------------------

EMBED = re.compile(r'^vegaEmbed\("#(?P<id>vis-[A-Za-z0-9_-]+)",\s*')


def vega_specs(html: str) -> dict[str, dict]:
    """{figure label: its Vega-Lite spec} decoded from the page's `vegaEmbed(...)` scripts."""
    specs = {}
    for body in read_page(html).scripts:
        m = EMBED.match(body)
        if not m:
            continue
        spec, _end = json.JSONDecoder().raw_decode(body, m.end())
        specs[m.group("id")[len("vis-"):]] = spec
    return specs


def strings_in(node) -> list[str]:
    """Every string value (and key) anywhere in a decoded JSON value."""
    out: list[str] = []
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for k, v in node.items():
            out.append(k)
            out.extend(strings_in(v))
    elif isinstance(node, list):
        for v in node:
            out.extend(strings_in(v))
    return out


def dataset_rows(spec: dict) -> list[dict]:
    rows: list[dict] = []
    for values in (spec.get("datasets") or {}).values():
        rows.extend(values)
    return rows


# --- data-error reports -------------------------------------------------------------------------

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Words that would mean an untranslated, internal message reached the user.
NOT_FINNISH = ("Traceback", "SchemaError", "failure_case", "field_uniqueness", "column_in_dataframe",
               "dtype", "Exception", "NaN", "None", ".aineisto-")   # the last: the build's internal snapshot path


def check_report(case, stderr: str) -> None:
    """The report of a bad input (a `bad_inputs.cases.Case`): Finnish, one line per error as
    many as the heading counts, each saying what was expected, one naming the case's file (and
    row and column where they apply) and its bad value; nothing untranslated or raw."""
    from bad_inputs.cases import expected_location

    assert stderr.startswith("Syöttötiedoissa on "), stderr
    assert "Mitään ei kirjoitettu." in stderr.splitlines()[0]
    assert "Rakennus epäonnistui" not in stderr, stderr
    for word in NOT_FINNISH:
        assert word not in stderr, (word, stderr)
    assert not CONTROL_CHARS.search(stderr), "raw control characters reach the terminal"
    lines = [line for line in stderr.splitlines()[1:] if line.startswith("- ")]
    n = int(re.match(r"Syöttötiedoissa on (\d+) virhe", stderr).group(1))
    assert len(lines) == n, stderr
    assert all("Odotettiin: " in line for line in lines)

    where = expected_location(case)
    matching = [line for line in lines if where in line]
    if case.value is not None:
        matching = [line for line in matching if f"arvo ”{case.value}” ei kelpaa." in line]
    matching = [line for line in matching if all(frag in line for frag in case.contains)]
    assert matching, f"no message at {where!r} with value {case.value!r} and {case.contains!r}:\n{stderr}"
    if case.row is None:  # a whole-file problem must not invent a row
        assert ", rivi " not in matching[0].split(": ")[0]


# --- originality: no run of 8 words of the original 2023 publication -----------------------------

ORIGINAL_SHINGLES = Path(__file__).with_name("original-2023.shingles")
SHINGLE_WORDS = 8
WORD = re.compile(r"[0-9a-zåäöéü+]+(?:[-–][0-9a-zåäöéü+]+)*", re.IGNORECASE)


def words(text: str) -> list[str]:
    """The text's words, lower-cased, en dashes inside a word as hyphens."""
    return [w.lower().replace("–", "-") for w in WORD.findall(text)]


def shingle_hashes(text: str, n: int = SHINGLE_WORDS) -> dict[str, str]:
    """{hash: passage} for every run of n words of the text (the hash as in ORIGINAL_SHINGLES)."""
    import hashlib

    ws = words(text)
    passages = (" ".join(ws[i:i + n]) for i in range(len(ws) - n + 1))
    return {hashlib.sha256(p.encode("utf-8")).hexdigest()[:16]: p for p in passages}


def original_shingles() -> set[str]:
    """The fingerprint of the original publication: the hashes of its runs of 8 words."""
    lines = ORIGINAL_SHINGLES.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def repeated_passages(text: str) -> list[str]:
    """The passages of 8 words that the text shares with the original publication."""
    original = original_shingles()
    return [p for h, p in shingle_hashes(text).items() if h in original]


# --- one edition, two engines: what a reader sees, compared -------------------------------------

FIGURE_NUMBER = re.compile(r"\bKuvio\s+(\d+)\s*[.:]")


def edition_outline(html: str) -> dict[str, list[str]]:
    """What a reader of the page meets, in order: headings, figure numbers, captions, alt texts of
    the images (an img's alt or a role="img" element's aria-label) and the text of every
    paragraph; white space collapsed. Scripts, styles and the table of contents are left out."""
    root = parse_html(html)
    toc = {id(n) for n in root.iter() if n.attrs.get("id") == "TOC" or n.tag == "nav"}

    def in_toc(node) -> bool:
        while node is not None:
            if id(node) in toc:
                return True
            node = node.parent
        return False

    out: dict[str, list[str]] = {"otsikot": [], "kuvionumerot": [], "kuvatekstit": [],
                                 "tekstivastineet": [], "kappaleet": []}
    for node in root.iter():
        if in_toc(node):
            continue
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out["otsikot"].append(spaced(node.text()))
        elif node.tag in ("figcaption", "caption"):   # a table's caption: Quarto's figcaption, Pandoc's caption
            caption = spaced(node.text())
            out["kuvatekstit"].append(FIGURE_NUMBER.sub("", caption, count=1).strip())
            if m := FIGURE_NUMBER.search(caption):
                out["kuvionumerot"].append(m.group(1))
        elif node.tag == "p" and not any(a.tag in ("figcaption", "caption") for a in _ancestors(node)):
            text = spaced(node.text())
            if text:
                out["kappaleet"].append(text)
        if node.tag == "img" and node.attrs.get("alt"):
            out["tekstivastineet"].append(spaced(node.attrs["alt"]))
        elif node.attrs.get("role") == "img" and node.attrs.get("aria-label"):
            out["tekstivastineet"].append(spaced(node.attrs["aria-label"]))
    return out


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def compare_editions(ours: str, theirs: str, intended: dict[str, object] | None = None,
                     names: tuple[str, str] = ("pandoc", "quarto")) -> list[str]:
    """Every difference between two engines' pages, one line each, in Finnish: an item that one
    page has and the other has not, or that stands elsewhere. `intended` names the differences
    that are meant ({name: a function (kind, text) -> bool that says the item is that
    difference}); those are not reported."""
    import difflib

    intended = intended or {}
    a, b = edition_outline(ours), edition_outline(theirs)
    problems = []
    for kind in a:
        def keep(items):
            return [t for t in items if not any(rule(kind, t) for rule in intended.values())]

        left, right = keep(a[kind]), keep(b[kind])
        matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
        only_left, only_right = [], []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op != "equal":
                only_left += left[i1:i2]
                only_right += right[j1:j2]
        for text in only_left:
            if text in only_right:       # on both pages, in another place
                only_right.remove(text)
                problems.append(f"{kind}: eri kohdassa: {text}")
            else:
                problems.append(f"{kind}: vain {names[0]}: {text}")
        problems += [f"{kind}: vain {names[1]}: {text}" for text in only_right]
    return problems


def body_paragraphs(html: str) -> list[str]:
    """The page's paragraphs that its PDF prints too: not the table of contents, not a figure's own
    markup (its data table and download link are the page's), not the page's footer."""
    root = parse_html(html)
    out = []
    for node in root.iter():
        if node.tag != "p" or any(a.tag in ("figure", "details", "footer", "nav") or a.attrs.get("id") == "TOC"
                                  for a in _ancestors(node)):
            continue
        text = spaced(node.text())
        if text:
            out.append(text)
    return out


def _flat(text: str) -> str:
    """Text without white space, hyphens and soft hyphens: a line break or a hyphenation, and the
    way pdftotext joins the halves of a word broken at its hyphen, do not count."""
    return re.sub(r"[\s\u00ad\-\u2010\u2011]", "", text)


def compare_pdf_texts(pdfs: dict[str, str], paragraphs: list[str],
                      intended: dict[str, object] | None = None) -> list[str]:
    """Each PDF's text (pdftotext, reading order) against the edition's paragraphs (body_paragraphs of
    its page): every paragraph must be there, whole and in order, in every PDF. The table of contents,
    page numbers and the labels drawn inside the charts are not paragraphs, so their layout does not
    count; a word, a number or a sentence that differs or is missing does."""
    intended = intended or {}
    problems = []
    for name, text in pdfs.items():
        flat, pos = _flat(without_page_numbers(text)), 0
        for paragraph in paragraphs:
            if any(rule("pdf", paragraph) for rule in intended.values()):
                continue
            found = flat.find(_flat(paragraph), pos)
            if found < 0:
                where = "väärässä kohdassa" if _flat(paragraph) in flat else "puuttuu"
                problems.append(f"pdf: {name}: {where}: {paragraph}")
                continue
            pos = found + len(_flat(paragraph))
    return problems


REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)
# Elements whose attribute the browser loads by itself (a link to a web page, <a href>, is not one).
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("source", "src"), ("source", "srcset"),
          ("iframe", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data"),
          ("image", "href"), ("use", "href"), ("input", "src")}


def remote_resources(html: str, stylesheets: dict[str, str] | None = None) -> list[str]:
    """Every script, style, font or image the page (and its stylesheets, {name: text}) would fetch
    from another host: `tag attr=url` or `name: url(...)`. Empty for a self-contained edition."""
    found = []
    root = parse_html(html)
    for node in root.iter():
        for attr, value in node.attrs.items():
            if (node.tag, attr) in LOADED and value and REMOTE.match(value):
                found.append(f"<{node.tag} {attr}={value}>")
        if node.tag == "style" or "style" in node.attrs:
            text = node.raw_text() if node.tag == "style" else node.attrs["style"]
            found += [f"<{node.tag}> {u}" for u in CSS_URL.findall(text) if REMOTE.match(u)]
    for name, text in (stylesheets or {}).items():
        found += [f"{name}: {u}" for u in CSS_URL.findall(text) if REMOTE.match(u)]
    return found


def edition_stylesheets(page: Path) -> dict[str, str]:
    """The CSS files shipped beside an edition's page, by path."""
    return {str(p.relative_to(page.parent)): p.read_text(encoding="utf-8", errors="replace")
            for p in sorted(page.parent.rglob("*.css"))}


def figure_sheet(book, label: str, lang: str = "fi"):
    """The workbook sheet of a figure: sheets are named by the figure's number ("Kuvio 3"), and
    the title in A1 reads "Kuvio 3. <caption>" in the edition's language."""
    from joppi.figures import CAPTIONS, FIGURES_SV

    caption = CAPTIONS[label] if lang == "fi" else FIGURES_SV[label][0]
    for sheet in book.worksheets:
        title = sheet["A1"].value
        if isinstance(title, str) and re.match(r"(Kuvio|Figur|Taulukko|Tabell) \d+\. ", title) \
                and title.split(". ", 1)[1].startswith(caption):
            return sheet
    return None
