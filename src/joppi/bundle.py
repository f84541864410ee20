"""A figure's Jupyter output bundle as both engines read it: the mime types, and the raw HTML and
raw Typst blocks its markdown carries. Light on purpose (no Altair): the render engine imports it."""

from __future__ import annotations

import re

#: The output bundle's mime types. No ``text/html`` (nor ``application/javascript``): Quarto puts
#: require.js and jQuery from a CDN into the head of any page that embeds a notebook holding
#: either, so the page would not be self-contained. ``text/markdown`` comes first in Quarto's
#: display priority for HTML and Typst alike (after the HTML-only types), and carries a raw HTML
#: block and a raw Typst block: Pandoc keeps the block of the format it writes and drops the other.
BUNDLE_MIMES = ("text/markdown", "image/svg+xml", "text/plain")
_RAW_BLOCK = re.compile(r"^(?P<fence>`{3,})\{=(?P<fmt>[a-z]+)\}\n(?P<body>.*?)\n(?P=fence)$",
                        re.MULTILINE | re.DOTALL)


def raw_block(fmt: str, content: str) -> str:
    """A Pandoc raw block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{{={fmt}}}\n{content}\n{fence}\n"


def raw_blocks(markdown: str) -> dict[str, str]:
    """{format: content} of the raw blocks in a bundle's markdown (the first of each format)."""
    found: dict[str, str] = {}
    for m in _RAW_BLOCK.finditer(markdown):
        found.setdefault(m.group("fmt"), m.group("body"))
    return found


#: The class of the output a figure cell shows in a year that does not have the figure (its condition
#: is false, or there is no comparison year). Quarto resolves every `{{< embed >}}` before it removes
#: hidden content, and refuses a cell without output even inside a false condition; so the cell
#: always has this marker, and the condition around the embed removes it. Neither engine shows it.
HIDDEN_CLASS = "joppi-ei-kuviota"


def hidden_bundle(label: str) -> dict[str, str]:
    """The output of a figure the year does not have (see HIDDEN_CLASS)."""
    marker = f'<div class="{HIDDEN_CLASS}" data-kuvio="{label}" hidden></div>'
    return {"text/markdown": raw_block("html", marker), "text/plain": f"{label}: ei tämän vuoden painoksessa"}


def is_hidden(bundle: dict) -> bool:
    markdown = bundle.get("text/markdown")
    text = "".join(markdown) if isinstance(markdown, list) else str(markdown or "")
    return f'class="{HIDDEN_CLASS}"' in (raw_blocks(text).get("html") or "")


def typst_string(text: str) -> str:
    """`text` as a Typst string literal: any SVG or alt text stays data."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def bundle_html(bundle: dict) -> str | None:
    """The HTML a figure bundle shows on the web page: its markdown's raw HTML block, or (an
    older notebook) its ``text/html``."""
    markdown = bundle.get("text/markdown")
    if markdown is not None:
        text = "".join(markdown) if isinstance(markdown, list) else str(markdown)
        return raw_blocks(text).get("html")
    value = bundle.get("text/html")
    if value is None:
        return None
    return "".join(value) if isinstance(value, list) else str(value)
