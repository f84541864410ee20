"""Reads _brand.yml, the one source of colours, fonts and logo for every output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


@dataclass(frozen=True)
class FontFile:
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class Brand:
    root: Path
    name_short: str
    name_full: str
    palette: dict[str, str]
    colors: dict[str, str]          # semantic names resolved to hex: primary, secondary, foreground, ...
    font_family: str
    font_files: tuple[FontFile, ...]
    base_size: str
    line_height: float
    logo_path: Path | None
    logo_alt: str
    chart_categorical: tuple[str, ...]
    chart_bar: str
    extra: dict = field(default_factory=dict)

    @property
    def font_dirs(self) -> list[Path]:
        return sorted({f.path.parent for f in self.font_files})


def asset_path(root: Path, relative: str) -> Path:
    """A brand file: in the project if there, else the installed package's copy of src/joppi/assets."""
    from .paths import ASSETS, ASSETS_IN_PROJECT

    path = root / relative
    prefix = ASSETS_IN_PROJECT + "/"
    if not path.exists() and relative.startswith(prefix):
        return ASSETS / relative[len(prefix):]
    return path


def _resolve(value: str, palette: dict[str, str]) -> str:
    return palette.get(value, value)


def load_brand(root: Path) -> Brand:
    """Load `root/_brand.yml`; palette names used as values are resolved to their hex codes."""
    root = Path(root)
    data = yaml.safe_load((root / "_brand.yml").read_text(encoding="utf-8"))
    palette = {k: str(v) for k, v in data["color"].get("palette", {}).items()}
    colors = {
        k: _resolve(str(v), palette)
        for k, v in data["color"].items()
        if k != "palette"
    }
    typo = data.get("typography", {})
    base = typo.get("base", {})
    if isinstance(base, str):
        base = {"family": base}
    family = base.get("family", "sans-serif")
    files: list[FontFile] = []
    for font in typo.get("fonts", []):
        if font.get("family") == family and font.get("source") == "file":
            for f in font.get("files", []):
                files.append(
                    FontFile(asset_path(root, f["path"]), int(f.get("weight", 400)), f.get("style", "normal"))
                )
    logo = data.get("logo", {})
    images = logo.get("images", {})
    logo_key = logo.get("medium") or logo.get("small")
    logo_path, logo_alt = None, ""
    if logo_key and logo_key in images:
        img = images[logo_key]
        logo_path = asset_path(root, img["path"])
        logo_alt = img.get("alt", "")
    joppi = data.get("defaults", {}).get("joppi", {})
    name = data.get("meta", {}).get("name", {})
    return Brand(
        root=root,
        name_short=name.get("short", ""),
        name_full=name.get("full", ""),
        palette=palette,
        colors=colors,
        font_family=family,
        font_files=tuple(files),
        base_size=str(base.get("size", "11pt")),
        line_height=float(base.get("line-height", 1.5)),
        logo_path=logo_path,
        logo_alt=logo_alt,
        chart_categorical=tuple(_resolve(c, palette) for c in joppi.get("chart-categorical", [])),
        chart_bar=_resolve(joppi.get("chart-bar", colors.get("primary", "#000000")), palette),
        extra=joppi,
    )
