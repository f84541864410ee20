"""The writers' sources (index.qmd, chapters/), checked with the data before a build starts.

What the chapters may pull into the publication is decided here, for both engines: an
`{{< include >}}` names a file in `chapters/` or one the build generates under `_joppi/` (never
`data/`: `{{< include data/kysely/2023.csv >}}` would publish the survey's free-text answers), and
an `{{< embed >}}` names a notebook that `data/julkaisu.yml` runs. Every source is UTF-8. Problems
are DataErrors naming the file and line (exit status 2, nothing published).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from .errors import DataError, Issue
from .notebooks import TEXTS_NOTEBOOK
from .paths import GENERATED

CHAPTERS = "chapters"
INCLUDE = re.compile(r"^\s*\{\{<\s*include\s+(.+?)\s*>\}\}\s*$")
ANY_INCLUDE = re.compile(r"\{\{<\s*include\s+(.+?)\s*>\}\}")   # anywhere in a line: Quarto's own reading may differ
EMBED = re.compile(r"^\s*\{\{<\s*embed\s+(.+?)\s*>\}\}\s*$")
INCLUDE_EXPECTED = (f"sisällytettävä tiedosto kansiosta {CHAPTERS}/ tai rakennuksen tuottama tiedosto kansiossa "
                    f"{GENERATED}/ (muita tiedostoja, kuten aineistoa kansiosta data/, ei sisällytetä julkaisuun; "
                    "kyselyn vapaat vastaukset päätyisivät julkaisuun)")
UTF8_EXPECTED = "UTF-8-koodattu teksti (tallenna tiedosto UTF-8-muodossa)"


def narrative_files(root: Path) -> list[Path]:
    """The main documents and every chapter, in both languages."""
    root = Path(root)
    found = [*root.glob("index*.qmd"), *(root / CHAPTERS).rglob("*.qmd")]
    return sorted(p for p in found if p.is_file())


def shortcode_path(arg: str) -> str:
    return arg.strip().strip("\"'")


def include_allowed(root: Path, main_dir: Path, arg: str) -> bool:
    """Whether `{{< include arg >}}` names a chapter file or a generated one.

    Quarto resolves the path against the main document's folder (a leading / against the project).
    A chapter must be a file whose real path (links followed) is inside chapters/; a generated
    file is named by its place under _joppi/ (it does not exist before the build writes it), never
    through "..".
    """
    root = Path(root).resolve()
    text = shortcode_path(arg)
    target = (root / text.lstrip("/")) if text.startswith("/") else Path(main_dir) / text
    try:
        rel = PurePosixPath(Path(target).absolute().relative_to(root).as_posix())
    except ValueError:
        return False
    if ".." in rel.parts or not rel.parts:
        return False
    if rel.parts[0] == GENERATED:
        return not (root / GENERATED).is_symlink()
    if rel.parts[0] == CHAPTERS:
        real = (root / rel).resolve()
        return real.is_relative_to((root / CHAPTERS).resolve()) and real.is_file()
    return False


def _lines(path: Path, rel: str) -> tuple[list[str], list[Issue]]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig").splitlines(), []
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return [], [Issue(rel, line, None, None, f"{UTF8_EXPECTED}; rivillä {line} on tavu 0x{data[exc.start]:02X}, "
                                                 "joka ei ole UTF-8:aa (esim. Latin-1-muotoinen ä tai ö)")]


MAX_SOURCE_YAML_DEPTH = 16     # _quarto.yml nests four levels; front matter two


def _yaml_issues(text: str, rel: str) -> list[Issue]:
    """A YAML source (or front matter) too deep for PyYAML: refused as data/julkaisu.yml is."""
    import yaml

    from .config import scan_yaml

    try:
        scan_yaml(text, rel, MAX_SOURCE_YAML_DEPTH, anchors=True)
    except DataError as exc:
        return exc.issues
    except yaml.YAMLError:
        return []       # the renderer reports broken YAML with its line
    return []


def _front_matter(lines: list[str]) -> str:
    if not lines or lines[0].strip() != "---":
        return ""
    for i, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return "\n".join(["", *lines[1:i]])     # a leading empty line: the lines keep their numbers
    return ""


def source_issues(root: Path, notebooks: tuple[str, ...] | None = None) -> list[Issue]:
    """Every problem of the sources: encoding, includes, embedded notebooks not run, YAML too deep."""
    root = Path(root)
    issues: list[Issue] = []
    for path in sorted(root.glob("_quarto*.yml")):
        rel = path.relative_to(root).as_posix()
        lines, bad = _lines(path, rel)
        issues += bad or _yaml_issues("\n".join(lines), rel)
    for path in narrative_files(root):
        rel = path.relative_to(root).as_posix()
        lines, bad = _lines(path, rel)
        issues += bad or _yaml_issues(_front_matter(lines), rel)
        for number, text in enumerate(lines, 1):
            for m in ANY_INCLUDE.finditer(text):
                if not include_allowed(root, root, m.group(1)):
                    issues.append(Issue(rel, number, None, shortcode_path(m.group(1)), INCLUDE_EXPECTED))
            if notebooks is not None and (m := EMBED.match(text)):
                address = shortcode_path(m.group(1)).split("#", 1)[0]
                name = PurePosixPath(address).name.removesuffix(".ipynb")
                if name not in notebooks and PurePosixPath(address).name != TEXTS_NOTEBOOK:   # the build writes it
                    issues.append(Issue(rel, number, None, address,
                                        f"muistikirja, joka on data/julkaisu.yml:n luettelossa muistikirjat (nyt: "
                                        f"{', '.join(notebooks)}); lisää {name} luetteloon tai poista upotus"))
    return issues


def check_sources(root: Path, notebooks: tuple[str, ...] | None = None) -> None:
    issues = source_issues(root, notebooks)
    if issues:
        raise DataError(issues)
