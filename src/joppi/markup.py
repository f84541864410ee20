"""Data text made literal for Pandoc markdown: one escaping for the generated markdown and the
`{{< var >}}` values, so that names with markup reach the reader as text."""

from __future__ import annotations

import re

_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every ASCII punctuation mark so Pandoc reads `text` literally (one line)."""
    return _MD_PUNCT.sub(r"\\\1", " ".join(str(text).splitlines()))
