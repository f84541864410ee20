"""Turns the project's .qmd sources into one Pandoc markdown text for the second engine.

The Quarto features the sources use (include, var, embed, @fig cross-references, callouts)
are resolved here in Python. The result is a single markdown text that carries raw HTML and
raw Typst side by side: Pandoc keeps the raw blocks of the format it writes and drops the
others, so both outputs come from the same text and number figures the same way. Anything
else that only Quarto understands stops the build with the file and line, instead of coming
out silently wrong in one of the two outputs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import nbformat
import yaml

from ..markup import escape_markdown, pandoc_value
from ..notebooks import cell_options
# what a chapter may include: one rule for both engines (checked before the build, enforced here)
from ..sources import INCLUDE as _INCLUDE, INCLUDE_EXPECTED, include_allowed
from ..sources import shortcode_path as _shortcode_path

UNSUPPORTED = "ei ole tuettu toisessa renderöintimoottorissa"
# Marks a conditional block's contents in the Typst source: Pandoc's `#block[…]` around it is
# removed (unwrap_conditions), so that a shown block lays out exactly like plain paragraphs.
CONDITION_OPEN = "/* joppi-ehto-alku */"
CONDITION_CLOSE = "/* joppi-ehto-loppu */"


def unwrap_conditions(typst: str) -> str:
    typst = re.sub(r"#block\[\s*" + re.escape(CONDITION_OPEN) + r"\s*", "", typst)
    return re.sub(r"\s*" + re.escape(CONDITION_CLOSE) + r"\s*\]", "\n", typst)

# Quarto's cross-reference prefixes other than fig-: Quarto would treat @sec-x etc. as
# references, which this engine does not resolve.
_XREF_PREFIXES = (
    "sec", "eq", "lst", "thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr",
    "nte", "tip", "wrn", "imp", "cau", "apx", "ch",
)

# Quarto's Finnish defaults (its _language-fi.yml), used when _quarto.yml does not override.
_CALLOUT_TITLES = {"note": "Huomautus", "tip": "Vihje"}
_DEFAULT_FIG_TITLE = "Kuva"
_DEFAULT_TBL_TITLE = "Taulukko"
# A numbered table: a pipe table followed by its caption line `: Otsikko {#tbl-x}` (Quarto's form).
_TABLE_CAPTION = re.compile(r"^:\s+(?P<text>.*?)\s*\{#(?P<label>tbl-[\w-]*\w)\}\s*$")
_DEFAULT_TOC_TITLE = "Sisällysluettelo"


class RenderError(Exception):
    """A render failure; the message is in Finnish and names the file and line where known."""


@dataclass(frozen=True)
class Line:
    """One source line, remembering where it came from after includes are expanded."""

    text: str
    file: str
    number: int

    def where(self) -> str:
        return f"{self.file}:{self.number}"


@dataclass
class Figure:
    """An embedded notebook output; `number` is set for numbered (fig-) figures."""

    label: str
    notebook: str
    caption: str | None
    alt: str | None
    html: str
    svg: str
    line: Line
    number: int | None = None
    hidden: bool = False            # the year does not have it (bundle.hidden_bundle)

    @property
    def svg_name(self) -> str:
        return re.sub(r"[^\w-]", "_", self.label) + ".svg"


@dataclass
class Project:
    """The settings of a Quarto project that the engine needs, read once."""

    root: Path
    main: Path
    meta: dict                      # _quarto.yml top level, with the front matter over it
    html: dict                      # format.html options
    typst: dict                     # format.typst options
    variables: dict
    body_start: int                 # first line of index.qmd after the front matter

    @property
    def language(self) -> dict:
        return self.meta.get("language") or {}

    @property
    def fig_title(self) -> str:
        crossref = self.meta.get("crossref") or {}
        return str(crossref.get("fig-title") or self.language.get("crossref-fig-title")
                   or _DEFAULT_FIG_TITLE)

    @property
    def tbl_title(self) -> str:
        crossref = self.meta.get("crossref") or {}
        return str(crossref.get("tbl-title") or self.language.get("crossref-tbl-title")
                   or _DEFAULT_TBL_TITLE)

    @property
    def title_delim(self) -> str:
        return str((self.meta.get("crossref") or {}).get("title-delim", ":"))

    @property
    def toc_title(self) -> str:
        return str(self.meta.get("toc-title") or self.language.get("toc-title-document")
                   or _DEFAULT_TOC_TITLE)

    def callout_title(self, kind: str) -> str:
        lang = self.language
        return str(lang.get(f"callout-{kind}-title") or lang.get(f"callout-{kind}-caption")
                   or _CALLOUT_TITLES[kind])


@dataclass
class Document:
    """The preprocessed publication: metadata for the templates and one markdown text."""

    project: Project
    meta: dict                      # title etc., values as Pandoc markdown
    markdown: str                   # body with raw html and raw typst blocks
    figures: list[Figure] = field(default_factory=list)


def fail(line: Line | None, message: str) -> NoReturn:
    raise RenderError(f"{line.where()}: {message}" if line else message)


# ---------------------------------------------------------------------------------------
# Escaping: values are data and must reach the reader as literal text.

def escape_typst_string(text: str) -> str:
    """Quote `text` as a Typst string literal."""
    text = " ".join(text.splitlines())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def raw_block(fmt: str, content: str) -> str:
    """A Pandoc raw block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"\n{fence}{{={fmt}}}\n{content}\n{fence}\n"


def raw_inline(fmt: str, content: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{ticks}{pad}{content}{pad}{ticks}{{={fmt}}}"


# ---------------------------------------------------------------------------------------
# Project and sources


def _read_yaml(path: Path, rel: str) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RenderError(f"{rel}: tiedostoa ei löydy") from None
    except yaml.YAMLError as exc:
        raise RenderError(f"{rel}: virheellinen YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RenderError(f"{rel}: YAML-tiedoston juuren pitää olla avain–arvo-rakenne")
    return data


def _merge(base: dict, over: dict) -> dict:
    """Deep merge as Quarto merges document metadata over project metadata."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _format_options(formats, name: str) -> dict:
    """Options of one format; `format: html` and `html: default` mean no options."""
    if not isinstance(formats, dict):
        return {}
    value = formats.get(name)
    return value if isinstance(value, dict) else {}


def _split_front_matter(text: str, rel: str) -> tuple[dict, int]:
    """Return the YAML front matter and the 1-based line where the body starts."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, 1
    for i, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            try:
                data = yaml.safe_load("\n".join(lines[1:i - 1])) or {}
            except yaml.YAMLError as exc:
                raise RenderError(f"{rel}:1: virheellinen YAML-alkutieto: {exc}") from None
            if not isinstance(data, dict):
                raise RenderError(f"{rel}:1: YAML-alkutiedon pitää olla avain–arvo-rakenne")
            return data, i + 1
    raise RenderError(f"{rel}:1: YAML-alkutieto jää sulkematta (---)")


def load_project(root: Path) -> Project:
    """Read _quarto.yml, the main document's front matter and _variables.yml."""
    root = Path(root)
    config = _read_yaml(root / "_quarto.yml", "_quarto.yml")
    renders = (config.get("project") or {}).get("render") or ["index.qmd"]
    if len(renders) != 1:
        raise RenderError("_quarto.yml: project.render saa sisältää vain yhden tiedoston "
                          f"toisessa renderöintimoottorissa (nyt {len(renders)})")
    main = root / renders[0]
    try:
        text = main.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RenderError(f"{renders[0]}: tiedostoa ei löydy") from None
    front, body_start = _split_front_matter(text, renders[0])
    base = {k: v for k, v in config.items() if k not in ("project", "format", "metadata-files")}
    meta = _merge(base, {k: v for k, v in front.items() if k != "format"})
    formats = config.get("format") or {}
    front_formats = front.get("format") or {}
    for name in config.get("metadata-files") or []:
        # Quarto merges these into the document's metadata (what `when-meta` reads); the build
        # writes them before rendering.
        path = root / str(name)
        if not path.is_file():
            raise RenderError(f"_quarto.yml: metadata-files-tiedostoa {name} ei löydy")
        meta = _merge(meta, _read_yaml(path, str(name)))
    variables = {}
    if (root / "_variables.yml").is_file():
        variables = _read_yaml(root / "_variables.yml", "_variables.yml")
    return Project(
        root=root,
        main=main,
        meta=meta,
        html=_merge(_format_options(formats, "html"), _format_options(front_formats, "html")),
        typst=_merge(_format_options(formats, "typst"), _format_options(front_formats, "typst")),
        variables=variables,
        body_start=body_start,
    )


def _rel(project: Project, path: Path) -> str:
    try:
        return path.resolve().relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _resolve(project: Project, arg: str) -> Path:
    """Quarto resolves include and embed paths against the main document's folder,
    and a leading / against the project root."""
    arg = _shortcode_path(arg)
    if arg.startswith("/"):
        return project.root / arg.lstrip("/")
    return project.main.parent / arg


def expand_includes(project: Project, path: Path | None = None,
                    stack: tuple[Path, ...] = (), cache: dict | None = None) -> list[Line]:
    """The main document's body with every {{< include >}} line replaced by the file, and every
    embedded text cell by its text; `cache` holds the notebooks read (for load_embed after)."""
    cache = {} if cache is None else cache
    path = path or project.main
    rel = _rel(project, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    first = project.body_start if path == project.main else 1
    out: list[Line] = []
    fences = _Fences()
    for number, text in enumerate(lines[first - 1:], first):
        if fences.feed(text) == fences.OUTSIDE and (embed := _EMBED.match(text)):
            spliced = _text_embed(project, embed.group(1), cache)
            if spliced is not None:
                out.extend([Line("", rel, number), *spliced, Line("", rel, number)])
                continue
        match = _INCLUDE.match(text)
        if not match:
            out.append(Line(text, rel, number))
            continue
        here = Line(text, rel, number)
        target = _resolve(project, match.group(1))
        if not include_allowed(project.root, project.main.parent, match.group(1)):
            fail(here, f"{_shortcode_path(match.group(1))}: odotettiin: {INCLUDE_EXPECTED}")
        if not target.is_file():
            fail(here, f"sisällytettävää tiedostoa {_shortcode_path(match.group(1))} ei löydy")
        if target.resolve() in stack or target.resolve() == project.main.resolve():
            fail(here, f"kehäviittaus: {_rel(project, target)} sisällyttää itsensä")
        out.append(Line("", rel, number))
        out.extend(expand_includes(project, target, stack + (target.resolve(),), cache))
        out.append(Line("", rel, number))
    return out


# ---------------------------------------------------------------------------------------
# Notebooks


def _text_embed(project: Project, address: str, cache: dict) -> list[Line] | None:
    """The lines of an embedded text cell (markdown output, no figure: notebooks.TEXTS_NOTEBOOK),
    which Quarto reads as part of the document; None for a figure, whose embed stays."""
    path_part, _, label = _shortcode_path(address).partition("#")
    path = _resolve(project, path_part)
    if not label or not path.is_file():
        return None          # load_embed reports it
    if path not in cache:
        try:
            cache[path] = nbformat.read(path, as_version=4)
        except Exception:  # nbformat raises several kinds for broken files; load_embed reports them
            return None
    for cell in cache[path].cells:
        if cell.cell_type != "code" or str(cell_options(cell.source).get("label", "")) != label:
            continue
        outputs = cell.get("outputs", [])
        markdown = _bundle_value(outputs, "text/markdown")
        if markdown is None or _bundle_value(outputs, "image/svg+xml") is not None or any(map(_is_hidden, outputs)):
            return None
        from ..bundle import raw_blocks

        if raw_blocks(markdown):
            return None          # a figure bundle: raw HTML and Typst blocks
        where = f"{path_part}#{label}"
        return [Line(text, where, number) for number, text in enumerate(markdown.splitlines(), 1)]
    return None


def _bundle_value(outputs: list, mime: str) -> str | None:
    for output in outputs:
        if output.get("output_type") in ("display_data", "execute_result"):
            data = output.get("data") or {}
            if mime in data:
                value = data[mime]
                return "".join(value) if isinstance(value, list) else str(value)
    return None


def _bundle_html(outputs: list) -> str | None:
    """The web page's HTML of a figure output (see joppi.bundle.bundle_html)."""
    from ..bundle import bundle_html

    for output in outputs:
        if output.get("output_type") in ("display_data", "execute_result"):
            found = bundle_html(output.get("data") or {})
            if found is not None:
                return found
    return None


def _is_hidden(output: dict) -> bool:
    from ..bundle import is_hidden

    return output.get("output_type") in ("display_data", "execute_result") and is_hidden(output.get("data") or {})


def load_embed(project: Project, line: Line, address: str, cache: dict) -> Figure:
    """Find the executed cell labelled in `address` (notebook.ipynb#label) and its outputs."""
    path_part, _, label = _shortcode_path(address).partition("#")
    if not label:
        fail(line, f"embed-lyhytkoodista puuttuu solun tunniste (#label): {address}")
    path = _resolve(project, path_part)
    if path not in cache:
        if not path.is_file():
            fail(line, f"muistikirjaa {path_part} ei löydy")
        try:
            cache[path] = nbformat.read(path, as_version=4)
        except Exception as exc:  # nbformat raises several kinds for broken files
            fail(line, f"muistikirjaa {path_part} ei voi lukea: {exc}")
    notebook = cache[path]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        options = cell_options(cell.source)
        if str(options.get("label", "")) != label:
            continue
        outputs = cell.get("outputs", [])
        if any(map(_is_hidden, outputs)):
            return Figure(label=label, notebook=path_part, caption=None, alt=None, html="", svg="",
                          line=line, hidden=True)
        html_data = _bundle_html(outputs)
        svg_data = _bundle_value(outputs, "image/svg+xml")
        if not outputs:
            # Quarto's words: an embed needs output, whether or not its block is shown.
            fail(line, f"muistikirjan {path_part} solulla {label} ei ole tulostetta upotettavaksi "
                       "(onko muistikirja ajettu?); Quarto vaatii tulosteen myös piilotettavaan kuvioon")
        if html_data is None or svg_data is None:
            missing = " ja ".join(m for m, v in (("text/markdown (HTML-lohko)", html_data),
                                                 ("image/svg+xml", svg_data)) if v is None)
            fail(line, f"muistikirjan {path_part} solun {label} tulosteesta puuttuu {missing} "
                       "(onko muistikirja ajettu?)")
        caption = options.get("fig-cap")
        alt = options.get("fig-alt")
        return Figure(
            label=label,
            notebook=path_part,
            caption=None if caption is None else str(caption),
            alt=None if alt is None else str(alt),
            html=html_data,
            svg=svg_data,
            line=line,
        )
    fail(line, f"muistikirjasta {path_part} ei löydy solua, jolla on '#| label: {label}'")


# ---------------------------------------------------------------------------------------
# The conversion

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*(.*)$")


class _Fences:
    """Follows fenced code blocks line by line: the one scanner both passes over the sources use.

    `feed` says whether a line opens a fence (its info string is then in `info`), lies inside
    one (its closing line included), or is outside every fence.
    """

    OUTSIDE, OPENS, INSIDE = "outside", "opens", "inside"

    def __init__(self) -> None:
        self._open: tuple[str, int] | None = None
        self.info = ""

    def feed(self, text: str) -> str:
        if self._open:
            char, length = self._open
            stripped = text.strip()
            if (stripped and set(stripped) == {char} and len(stripped) >= length
                    and len(text) - len(text.lstrip()) <= 3):
                self._open = None
            return self.INSIDE
        if match := _FENCE_OPEN.match(text):
            self._open = (match.group(1)[0], len(match.group(1)))
            self.info = match.group(2)
            return self.OPENS
        return self.OUTSIDE


_DIV_OPEN = re.compile(r"^(:{3,})\s*(\{[^{}]*\}|[^\s{}:]+)\s*:*\s*$")
_DIV_CLOSE = re.compile(r"^:{3,}\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_HEADING_ATTRS = re.compile(r"^(.*?)\s*\{([^{}]*)\}$")
_EMBED = re.compile(r"^\s*\{\{<\s*embed\s+(.+?)\s*>\}\}\s*$")
_ATTR_TOKEN = re.compile(
    r"\s*(?:\#(?P<id>[^\s}]+)"
    r"|\.(?P<cls>[^\s}]+)"
    r"""|(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s}]+))"""
    r"|(?P<dash>-)(?=\s|$))"
)
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_INLINE = re.compile(
    r"(?P<shortcode>\{\{<\s*(?P<body>.*?)\s*>\}\})"
    r"|(?P<bracketref>\[\s*(?P<bdash>-?)@(?P<bkey>fig-[\w-]*\w)\s*\])"
    r"|(?<![\w\\@/.:])(?P<dash>-?)@(?P<key>[\w](?:[\w:.#$%&+?<>~/-]*\w)?)"
    r"|(?P<image>!\[)"
    r"|(?P<tag>(?<!\\)</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^<>]*>)"   # an escaped \< is text, not a tag
)


def parse_attributes(text: str, line: Line) -> tuple[str | None, list[str], dict[str, str]]:
    """Parse a Pandoc attribute list `{#id .class key="value"}`."""
    if not text.strip().startswith("{"):
        return None, [text.strip()], {}
    inner = text.strip()[1:-1].strip()
    ident, classes, pairs = None, [], {}
    pos = 0
    while pos < len(inner):
        match = _ATTR_TOKEN.match(inner, pos)
        if not match or match.end() == pos:
            fail(line, f"attribuutteja ei voi lukea: {{{inner}}}")
        if match.group("id"):
            ident = match.group("id")
        elif match.group("cls"):
            classes.append(match.group("cls"))
        elif match.group("key"):
            value = match.group("dq")
            if value is None:
                value = match.group("sq") if match.group("sq") is not None else match.group("bare")
            pairs[match.group("key")] = value
        elif match.group("dash"):
            classes.append("unnumbered")
        pos = match.end()
        while pos < len(inner) and inner[pos].isspace():
            pos += 1
    return ident, classes, pairs


def _lookup_var(project: Project, key: str, line: Line) -> str:
    from ..claims import lookup

    try:
        value = lookup(project.variables, key)
    except KeyError:
        fail(line, f"tuntematon muuttuja {{{{< var {key} >}}}}: avainta {key} ei ole "
                   "tiedostossa _variables.yml")
    if isinstance(value, (dict, list)) or value is None:
        fail(line, f"muuttuja {key} ei ole yksittäinen arvo (tiedosto _variables.yml)")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Converter:
    """Walks the expanded source lines once and writes the engine's markdown."""

    def __init__(self, project: Project, figures: dict[str, Figure], svg_dir: str,
                 tables: dict[str, int] | None = None):
        self.project = project
        self.figures = figures
        self.tables = tables or {}       # tbl- label -> number, in document order
        self.svg_dir = svg_dir
        self.out: list[str] = []
        self.callouts: list[tuple[Line, str]] = []   # open divs: (where, "callout" | "ehto")

    # -- inline ---------------------------------------------------------------------------

    def inline(self, text: str, line: Line, *, vars_only: bool = False) -> str:
        """Resolve vars and @fig references in one line of text, outside code spans."""
        pieces: list[str] = []
        pos = 0
        for span in _CODE_SPAN.finditer(text):
            pieces.append(self._inline_text(text[pos:span.start()], line, vars_only))
            code = span.group(2).strip()
            after = text[span.end():]
            if after.startswith("{="):
                fmt = after[2:].split("}")[0]
                fail(line, f"raaka {fmt}-koodi `…`{{={fmt}}} {UNSUPPORTED}")
            if re.match(r"^\{[A-Za-z]", code):
                fail(line, f"koodisolu {code.split('}')[0]}}} tekstin seassa {UNSUPPORTED}")
            pieces.append(span.group(0))
            pos = span.end()
        pieces.append(self._inline_text(text[pos:], line, vars_only))
        return "".join(pieces)

    def _inline_text(self, text: str, line: Line, vars_only: bool) -> str:
        def replace(match: re.Match) -> str:
            if match.group("shortcode"):
                return self._shortcode(match.group("body"), line)
            if vars_only:
                return match.group(0)
            if match.group("image"):
                fail(line, f"kuva ![…](…) {UNSUPPORTED}; upota kuvio muistikirjasta "
                           "{{< embed >}}-lyhytkoodilla")
            if match.group("tag"):
                fail(line, f"HTML-koodi {match.group('tag')} {UNSUPPORTED}")
            if match.group("bracketref"):
                return self._reference(match.group("bkey"), match.group("bdash"), line)
            return self._reference(match.group("key"), match.group("dash"), line)

        return _INLINE.sub(replace, text)

    def _shortcode(self, body: str, line: Line) -> str:
        name, _, args = body.partition(" ")
        args = args.strip()
        if name == "var" and args and " " not in args:
            # Markdown, as Quarto reads it: the build writes _variables.yml literal (markup.markdown_values).
            return pandoc_value(_lookup_var(self.project, args, line))
        if name in ("include", "embed"):
            fail(line, f"{{{{< {name} >}}}} on kirjoitettava omalle rivilleen")
        fail(line, f"lyhytkoodi {{{{< {body} >}}}} {UNSUPPORTED}")

    def _reference(self, key: str, dash: str, line: Line) -> str:
        if key.startswith("fig-"):
            figure = self.figures.get(key)
            if figure is None or figure.number is None:
                fail(line, f"tuntematon kuvioviittaus @{key}: dokumentissa ei ole kuviota "
                           f"tunnisteella {key}")
            if dash:
                fail(line, f"viittausmuoto -@{key} {UNSUPPORTED}")
            text = f"{html.escape(self.project.fig_title)}&nbsp;{figure.number}"
            return (dash + raw_inline("html", f'<a href="#{key}" class="joppi-xref">{text}</a>')
                    + raw_inline("typst", f"#ref(<{key}>);"))
        if key.startswith("tbl-"):
            if key not in self.tables:
                fail(line, f"tuntematon taulukkoviittaus @{key}: dokumentissa ei ole taulukkoa "
                           f"tunnisteella {key} (otsikkorivi : Otsikko {{#{key}}} taulukon alla)")
            if dash:
                fail(line, f"viittausmuoto -@{key} {UNSUPPORTED}")
            text = f"{html.escape(self.project.tbl_title)}&nbsp;{self.tables[key]}"
            return (raw_inline("html", f'<a href="#{key}" class="joppi-xref">{text}</a>')
                    + raw_inline("typst", f"#ref(<{key}>);"))
        prefix = key.split("-", 1)[0]
        if "-" in key and prefix in _XREF_PREFIXES:
            fail(line, f"ristiviittaus @{key} {UNSUPPORTED}; vain kuvioviittaukset @fig-… "
                       "toimivat")
        fail(line, f"lähdeviittaus @{key} {UNSUPPORTED}; kirjoita \\@, jos tarkoitat @-merkkiä")

    # -- blocks ---------------------------------------------------------------------------

    def run(self, lines: list[Line]) -> str:
        fences = _Fences()
        i = 0
        while i < len(lines):
            line = lines[i]
            text = line.text
            i += 1
            state = fences.feed(text)
            if state == fences.OPENS:
                self._check_fence_info(fences.info, line)
            if state != fences.OUTSIDE:
                self.out.append(text)
                continue
            if match := _EMBED.match(text):
                self._embed(match.group(1), line)
                continue
            if match := _DIV_OPEN.match(text):
                i = self._open_div(match.group(2), line, lines, i)
                continue
            if _DIV_CLOSE.match(text):
                self._close_div(line)
                continue
            if match := _HEADING.match(text):
                self.out.append(self._heading(match.group(1), match.group(2), line))
                continue
            if (match := _TABLE_CAPTION.match(text)) and match.group("label") in self.tables:
                # Pandoc keeps the id on the table (HTML id, Typst label; Typst numbers the table
                # figure itself, "Taulukko 1. "); the HTML caption gets the number as Quarto writes it.
                label = match.group("label")
                number = (f'<span class="table-number">{html.escape(self.project.tbl_title)}&nbsp;'
                          f"{self.tables[label]}{html.escape(self.project.title_delim)} </span>")
                self.out.append(f": {raw_inline('html', number)}{self.inline(match.group('text'), line)} "
                                f"{{#{label}}}")
                continue
            self.out.append(self.inline(text, line))
        if self.callouts:
            fail(self.callouts[-1][0], "huomautuslaatikko (:::) jää sulkematta")
        return "\n".join(self.out) + "\n"

    def _check_fence_info(self, info: str, line: Line) -> None:
        info = info.strip()
        if not info.startswith("{"):
            return
        inner = info[1:].lstrip()
        if inner.startswith("="):
            fail(line, f"raaka {info} -lohko {UNSUPPORTED}")
        if re.match(r"[A-Za-z]", inner):
            fail(line, f"suoritettava koodisolu ```{info} {UNSUPPORTED}; siirrä koodi "
                       "muistikirjaan ja upota tuloste {{< embed >}}-lyhytkoodilla")

    def _heading(self, hashes: str, content: str, line: Line) -> str:
        content = re.sub(r"\s+#+$", "", content)
        attrs = ""
        if match := _HEADING_ATTRS.match(content):
            content, attrs = match.group(1), match.group(2)
            ident, classes, pairs = parse_attributes("{" + attrs + "}", line)
            unknown = [c for c in classes if c not in ("unnumbered", "unlisted")]
            if unknown or pairs:
                what = ", ".join([f".{c}" for c in unknown] + [f"{k}=…" for k in pairs])
                fail(line, f"otsikon attribuutti {what} {UNSUPPORTED}")
            attrs = " {" + attrs + "}"
        return f"{hashes} {self.inline(content, line)}{attrs}"

    def _open_div(self, spec: str, line: Line, lines: list[Line], i: int) -> int:
        ident, classes, pairs = parse_attributes(spec, line)
        if not classes and not ident and pairs and set(pairs) <= {"data-when-meta", "data-unless-meta"}:
            # A conditional block whose condition holds, as apply_conditions marks it (false ones
            # are gone already). A Pandoc div, so that headings inside it nest properly in the
            # HTML; in Typst the block Pandoc wraps it in is unwrapped again (CONDITION_OPEN/CLOSE,
            # pandoc_engine).
            from ..conditional import Attr

            self.callouts.append((line, "ehto"))
            self.out.append(f"\n::: {Attr('', (), tuple(pairs.items())).source()}")
            self.out.append(raw_block("typst", CONDITION_OPEN))
            return i
        kinds = [c.removeprefix("callout-") for c in classes
                 if c in ("callout-note", "callout-tip")]
        if len(kinds) != 1 or len(classes) != 1 or ident or set(pairs) - {"title"}:
            fail(line, f"div-lohko ::: {spec} {UNSUPPORTED}; vain ::: {{.callout-note}}, "
                       "::: {.callout-tip} (valinnaisena title=\"…\") ja "
                       "::: {.content-visible when-meta=\"…\"} toimivat")
        kind = kinds[0]
        if "title" in pairs:
            title = escape_markdown(pairs["title"])
        else:
            title = escape_markdown(self.project.callout_title(kind))
            j = i
            while j < len(lines) and not lines[j].text.strip():
                j += 1
            if j < len(lines) and (match := _HEADING.match(lines[j].text)):
                content = re.sub(r"\s+#+$", "", match.group(2))
                if m := _HEADING_ATTRS.match(content):
                    content = m.group(1)
                title = self.inline(content, lines[j])
                i = j + 1
        self.callouts.append((line, "callout"))
        self.out.append(raw_block("html", f'<div class="callout callout-{kind}" role="note">'))
        self.out.append(raw_block("typst", f'#joppi-callout(kind: "{kind}")['))
        self.out.append(f"\n::: {{.callout-title}}\n**{title}**\n:::\n")
        return i

    def _close_div(self, line: Line) -> None:
        if not self.callouts:
            fail(line, "::: sulkee lohkon, jota ei ole avattu")
        _where, kind = self.callouts.pop()
        if kind == "ehto":
            self.out.append(raw_block("typst", CONDITION_CLOSE))
            self.out.append(":::\n")
            return
        self.out.append(raw_block("html", "</div>"))
        self.out.append(raw_block("typst", "]"))

    def _embed(self, address: str, line: Line) -> None:
        label = _shortcode_path(address).partition("#")[2]
        figure = self.figures[label]
        svg_path = f"{self.svg_dir}/{figure.svg_name}" if self.svg_dir else figure.svg_name
        alt_typst = f"alt: {escape_typst_string(figure.alt)}, " if figure.alt else ""
        # The notebook's HTML names the chart itself (a role="img" container with the alt text as
        # its aria-label; Vega's own ARIA roles are off in the theme) and may carry the figure's
        # data table after it, which must stay reachable: nothing here is hidden.
        chart = figure.html      # the bundle's own `.joppi-chart` wrapper: the same in Quarto's page
        if figure.alt and html.escape(figure.alt, quote=True) not in figure.html:
            # HTML that does not carry the cell's fig-alt itself: give it to assistive technology.
            chart += f'\n<p class="visually-hidden">{html.escape(figure.alt)}</p>'
        image = f'image("{svg_path}", {alt_typst}width: 100%)'
        if figure.number is None:
            self.out.append(raw_block("html", f'<div class="joppi-embed">\n{chart}\n</div>'))
            self.out.append(raw_block("typst", f"#{image}"))
            return
        caption = self.inline(_caption_markdown(figure.caption), line)
        number = (f'<span class="figure-number">{html.escape(self.project.fig_title)}&nbsp;'
                  f"{figure.number}{html.escape(self.project.title_delim)} </span>")
        # The title above the figure, as in the original (fig-cap-location: top).
        self.out.append(raw_block(
            "html", f'<figure id="{figure.label}" class="joppi-figure">\n<figcaption>'))
        self.out.append(
            "\n" + raw_inline("typst", f"#figure({image}, caption: [")
            + raw_inline("html", number) + caption
            + raw_inline("typst", f"]) <{figure.label}>") + "\n"
        )
        self.out.append(raw_block("html", f"</figcaption>\n{chart}\n</figure>"))


def _caption_markdown(caption: str | None) -> str:
    """Captions come from notebook options: markdown on one line, as Quarto reads them."""
    return " ".join((caption or "").split())


def resolve_shortcodes(project: Project, lines: list[Line], cache: dict) -> None:
    """Resolve every shortcode of every line, shown or hidden, as Quarto does before it filters
    conditional content: a missing include (expand_includes), an embed without output and an
    unknown var fail here even inside a false condition. `cache` keeps the notebooks read."""
    converter = _Converter(project, {}, "")
    fences = _Fences()
    for line in lines:
        if fences.feed(line.text) != fences.OUTSIDE:
            continue
        if match := _EMBED.match(line.text):
            load_embed(project, line, match.group(1), cache)
        elif "{{<" in line.text:
            converter.inline(line.text, line, vars_only=True)


def _collect_figures(project: Project, lines: list[Line], cache: dict | None = None) -> dict[str, Figure]:
    """Find the embedded figures in order, so forward references get their numbers."""
    figures: dict[str, Figure] = {}
    cache = {} if cache is None else cache
    fences = _Fences()
    count = 0
    for line in lines:
        if fences.feed(line.text) != fences.OUTSIDE:
            continue
        if match := _EMBED.match(line.text):
            figure = load_embed(project, line, match.group(1), cache)
            if figure.hidden:
                fail(line, f"kuvio {figure.label} ei kuulu vuoden painokseen, mutta se näytetään: upota "
                           "se ehdollisen lohkon sisään, jonka ehto on sama kuin kuvion (katso "
                           "kirjoittajan opas)")
            if figure.label in figures:
                fail(line, f"kuvio {figure.label} on upotettu jo rivillä "
                           f"{figures[figure.label].line.where()}")
            if figure.label.startswith("fig-"):
                if not figure.caption:
                    fail(line, f"kuviolta {figure.label} puuttuu otsikko (#| fig-cap:) "
                               f"muistikirjassa {figure.notebook}")
                count += 1
                figure.number = count
            elif figure.caption:
                fail(line, f"solulla {figure.label} on otsikko (fig-cap), mutta numeroitu kuvio "
                           "tarvitsee fig-alkuisen tunnisteen")
            figures[figure.label] = figure
    return figures


def _collect_tables(lines: list[Line]) -> dict[str, int]:
    """The numbered tables (caption lines `: Otsikko {#tbl-x}`) in order, so forward references
    get their numbers."""
    tables: dict[str, int] = {}
    fences = _Fences()
    for line in lines:
        if fences.feed(line.text) != fences.OUTSIDE:
            continue
        if match := _TABLE_CAPTION.match(line.text):
            if match.group("label") in tables:
                fail(line, f"taulukon tunniste {match.group('label')} on käytetty jo")
            tables[match.group("label")] = len(tables) + 1
    return tables


_META_TEXT_KEYS = ("title", "subtitle", "author", "date", "description", "abstract")


def _front_matter_line(project: Project, needle: str) -> Line:
    rel = _rel(project, project.main)
    lines = project.main.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(lines[: project.body_start - 1], 1):
        if needle in text:
            return Line(text, rel, number)
    return Line("", rel, 1)


def _meta_markdown(project: Project, converter: _Converter) -> dict:
    """The title block's values as Pandoc markdown, with vars resolved."""
    def convert(value):
        if isinstance(value, str):
            first = _INLINE.search(value)
            where = _front_matter_line(project, first.group(0) if first else value.split("\n")[0])
            return converter.inline(value, where, vars_only=True).replace("\n", " ")
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    meta = {}
    for key in _META_TEXT_KEYS:
        if key in project.meta and project.meta[key] is not None:
            meta[key] = convert(project.meta[key])
    if "date" in meta and not isinstance(meta["date"], str):
        meta["date"] = str(meta["date"])
    meta["lang"] = str(project.meta.get("lang", "fi"))
    return meta


def preprocess(root: Path, svg_dir: str = "") -> Document:
    """Read the project at `root` and give the markdown both outputs are written from.

    `svg_dir` is the folder, as Typst will see it, where the caller writes each figure's
    SVG under `Figure.svg_name`.
    """
    project = load_project(root)
    from .conditions import apply_conditions

    cache: dict = {}         # each notebook read once
    lines = expand_includes(project, cache=cache)
    resolve_shortcodes(project, lines, cache)
    lines = apply_conditions(project, lines)
    figures = _collect_figures(project, lines, cache)
    converter = _Converter(project, figures, svg_dir, _collect_tables(lines))
    body = converter.run(lines)
    meta = _meta_markdown(project, converter)
    return Document(project=project, meta=meta, markdown=body, figures=list(figures.values()))
