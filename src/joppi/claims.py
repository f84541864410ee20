"""Sentences of the narrative whose truth depends on the data: `[…]{.vaite ehto="vaitteet.x"}`.

The build lists every such claim that does not hold for the year being built, with its file
and line, so that the writer can fix the sentence; `--strict` makes that an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CLAIM = re.compile(r"\[(?P<text>[^\]]+)\]\{\.vaite\s+ehto=\"(?P<key>[^\"]+)\"\s*\}")


@dataclass(frozen=True)
class StaleClaim:
    file: str
    line: int
    key: str
    text: str
    reason: str

    def message(self) -> str:
        return f"{self.file}, rivi {self.line}: väite ei pidä vuoden aineistossa ({self.reason}): ”{self.text}”"


def lookup(values: dict, dotted: str):
    node = values
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def find_claims(path: Path, root: Path):
    text = path.read_text(encoding="utf-8")
    for m in CLAIM.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        yield str(path.relative_to(root)), line, m.group("key"), " ".join(m.group("text").split())


def stale_claims(root: Path, values: dict) -> list[StaleClaim]:
    root = Path(root)
    out = []
    for path in sorted([root / "index.qmd", *(root / "chapters").glob("*.qmd")]):
        if not path.is_file():
            continue
        for file, line, key, text in find_claims(path, root):
            try:
                value = lookup(values, key)
            except KeyError:
                out.append(StaleClaim(file, line, key, text, f"tunnistamaton ehto {key}"))
                continue
            if value is not True:
                out.append(StaleClaim(file, line, key, text, f"{key} = {str(value).lower()}"))
    return out
