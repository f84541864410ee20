"""Reads _brand.yml, the one source of colours, fonts and logo for every output.

The file is checked as it is read (the build's first step): a wrong shape is a DataError naming
_brand.yml and the setting (exit status 2), never a KeyError from deep inside a build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError, Issue, input_file_issue

BRAND = "_brand.yml"
MAX_BRAND_BYTES = 256 * 1024       # the file is a hundred lines
MAX_BRAND_DEPTH = 12               # typography.fonts[].files[] is the deepest: five levels


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


def _issue(key: str | None, value, expected: str, line: int | None = None) -> DataError:
    return DataError([Issue(BRAND, line, key, None if value is None else str(value)[:80], expected,
                            column_label="asetus")])


def read_brand_file(root: Path) -> dict:
    """_brand.yml as a mapping: a regular UTF-8 file, bounded, YAML that loads to a mapping."""
    from .config import scan_yaml

    path = Path(root) / BRAND
    if (issue := input_file_issue(path, BRAND, MAX_BRAND_BYTES)) is not None:
        raise DataError([issue])
    if not path.is_file():
        raise _issue(None, None, "tiedosto _brand.yml (julkaisun värit, fontit ja tunnus) projektin kansiossa")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _issue(None, None, "UTF-8-koodattu tiedosto (tallenna _brand.yml UTF-8-muodossa)") from None
    try:
        scan_yaml(text, BRAND, MAX_BRAND_DEPTH, anchors=True)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise _issue(None, None, "kelvollinen YAML-tiedosto muodossa avain: arvo (tarkista sisennys, kaksoispisteet "
                                 "ja lainausmerkit)", None if mark is None else mark.line + 1) from None
    if not isinstance(data, dict):
        raise _issue(None, None, "asetukset muodossa avain: arvo (tiedosto on tyhjä tai ei ole YAML-sanakirja)")
    return data


def _mapping(data: dict, key: str, required: bool = False) -> dict:
    value = data.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        if value is None:
            raise _issue(key, None, f"asetus {key} puuttuu; se on sisennetty luettelo, esim. color: ja sen alla "
                                    'primary: "#1b2b5e"')
        raise _issue(key, value, f"sisennetyt asetukset avain: arvo kohdan {key} alla")
    return value


def load_brand(root: Path) -> Brand:
    """Load `root/_brand.yml`; palette names used as values are resolved to their hex codes."""
    root = Path(root)
    data = read_brand_file(root)
    color = _mapping(data, "color", required=True)
    palette = _mapping(color, "palette")
    for where, values in (("color", {k: v for k, v in color.items() if k != "palette"}), ("color.palette", palette)):
        for key, value in values.items():
            if not isinstance(value, str):
                raise _issue(f"{where}.{key}", value, 'väri tekstinä: heksakoodi, esim. "#1b2b5e", tai '
                                                      "paletin värin nimi")
    for key in ("typography", "logo", "defaults", "meta"):
        _mapping(data, key)
    try:
        return _load_brand(root, data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        missing = exc.args[0] if isinstance(exc, KeyError) and exc.args else None
        raise _issue(None if missing is None else str(missing), None,
                     "kelvollinen _brand.yml: " + (f"asetus {missing} puuttuu" if missing is not None else
                                                   "jokin asetus on väärää muotoa") +
                     " (värit kohdassa color, fontit kohdassa typography: fonts ja files, tunnus kohdassa logo: "
                     "images, kukin kuva path-asetuksineen; vertaa projektin alkuperäiseen _brand.yml:ään)") from None


def _load_brand(root: Path, data: dict) -> Brand:
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
