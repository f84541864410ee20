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
        return escape_markdown(values)
    return values

