"""Data text made literal for Pandoc markdown: one escaping for the generated markdown and the
`{{< var >}}` values, so that names with markup reach the reader as text."""

from __future__ import annotations

import re

_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark so Pandoc reads `text` literally (one line)."""
    return _MD_PUNCT.sub(r"\\\1", " ".join(str(text).splitlines()))


def markdown_values(values):
    """The values as `{{< var >}}` reads them: Quarto parses a var's value as markdown (raw HTML and
    `@citations` included), so every text is made literal here, once, for both engines."""
    if isinstance(values, dict):
        return {key: markdown_values(value) for key, value in values.items()}
    if isinstance(values, list):
        return [markdown_values(value) for value in values]
    if isinstance(values, str):
        text = escape_markdown(values)
        # Quarto finds shortcodes in the parsed text, escapes or not: `{{{< … >}}}` is its own escape
        # for a literal `{{< … >}}`.
        for plain, quarto in SHORTCODE_ESCAPES:
            text = text.replace(plain, quarto)
        return text
    return values


#: A shortcode's delimiters as escape_markdown writes them, and Quarto's escape of each.
SHORTCODE_ESCAPES = ((r"\{\{\<", r"\{\{\{\<"), (r"\>\}\}", r"\>\}\}\}"))


def pandoc_value(text: str) -> str:
    """A `_variables.yml` value for plain Pandoc (the project's engine): Quarto's shortcode escape undone."""
    for plain, quarto in SHORTCODE_ESCAPES:
        text = text.replace(quarto, plain)
    return text

