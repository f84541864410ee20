"""The second rendering engine: the same .qmd sources through Pandoc (HTML) and Typst (PDF).

Used when the Quarto CLI is not installed. `qmd.preprocess` resolves the Quarto features the
sources use into one Pandoc markdown text; here Pandoc writes it twice, with joppi's own
templates, and the Typst library compiles the PDF as PDF/UA-1.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pypandoc
import typst
import yaml

from joppi.brand import Brand, load_brand
from joppi.paths import ASSETS, GENERATED
from joppi.render.qmd import (
    Document,
    RenderError,
    escape_typst_string,
    preprocess,
    unwrap_conditions,
)

log = logging.getLogger(__name__)

READER = "markdown-citations-implicit_figures"
# Output the engine owns inside out_dir; cleared before each render so nothing stale stays.
SITE_DIR = GENERATED
WORK_DIR = Path(GENERATED) / "render"
SKIP_LABEL = "Siirry sisältöön"
SKIP_LABELS = {"fi": SKIP_LABEL, "sv": "Hoppa till innehållet"}   # by the project's `lang`
# Made by the build; the embedded charts' text/html calls the vegaEmbed it defines.
VEGA_BUNDLE = "_joppi/vega-bundle.js"


def render_pandoc(build_dir: Path, out_dir: Path, *, timestamp: datetime | None = None) -> dict:
    """Render build_dir's publication to out_dir/index.html and out_dir/index.pdf."""
    build_dir = Path(build_dir).resolve()
    out_dir = Path(out_dir).resolve()
    if out_dir == build_dir:
        raise RenderError("Tulostushakemisto ei voi olla sama kuin käännöshakemisto")
    work = build_dir / WORK_DIR
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out_dir / SITE_DIR, ignore_errors=True)

    document = preprocess(build_dir)
    brand = load_brand(build_dir)
    _check_fonts(brand)
    _resolve_date(document, timestamp)
    markdown = _with_metadata(document)
    (work / "index.md").write_text(markdown, encoding="utf-8")

    # The two formats share nothing they write: render them side by side (pandoc runs as a
    # subprocess, Typst in Rust), which the machine's two cores make nearly twice as fast.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        html_job = pool.submit(_write_html, document, brand, markdown, out_dir, timestamp)
        pdf_job = pool.submit(_write_pdf, document, brand, markdown, work, out_dir, timestamp)
        html_path, pdf_path = html_job.result(), pdf_job.result()
    return {"engine": "pandoc", "html": html_path, "pdf": pdf_path}


# ---------------------------------------------------------------------------------------
# Shared


def _check_fonts(brand: Brand) -> None:
    if not brand.font_files:
        raise RenderError(f"_brand.yml: fontille {brand.font_family} ei ole fonttitiedostoja")
    for font in brand.font_files:
        if not font.path.is_file():
            raise RenderError(f"_brand.yml: fonttitiedostoa {font.path} ei löydy")


def _resolve_date(document: Document, timestamp: datetime | None) -> None:
    """Quarto's `date: today` and friends become the render date, written the Finnish way."""
    date = document.meta.get("date")
    if date in ("today", "now", "last-modified"):
        moment = _utc(timestamp) or datetime.now(timezone.utc)
        document.meta["date"] = f"{moment.day}.{moment.month}.{moment.year}"


def _utc(timestamp: datetime | None) -> datetime | None:
    if timestamp is None:
        return None
    if timestamp.tzinfo is None:
        return timestamp.replace(tzinfo=timezone.utc)
    return timestamp.astimezone(timezone.utc)


def _with_metadata(document: Document) -> str:
    meta = dict(document.meta)
    if not meta.get("title"):
        raise RenderError(f"{document.project.main.name}: julkaisulta puuttuu otsikko (title)")
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True, width=10**6)
    return f"---\n{header}---\n\n{document.markdown}"


#: The Lua filter both engines run (Quarto by _quarto.yml's `filters`), so that lists and wrappers
#: come out the same.
LUA_FILTER = "joppi-quarto.lua"


def _pandoc(markdown: str, args: list[str], what: str, variables: dict | None = None) -> str:
    """Run Pandoc on markdown; template variables travel in a defaults file, never as arguments.

    Pandoc decodes its arguments by the locale (under LC_ALL=C "ä" would be mangled) but reads
    files as UTF-8, so the same inputs give the same bytes under any locale.
    """
    import tempfile

    command = [pypandoc.get_pandoc_path(), "-f", READER, "--wrap=none",
               "--syntax-highlighting=none", f"--lua-filter={ASSETS / LUA_FILTER}", *args]
    with tempfile.TemporaryDirectory(prefix="joppi-pandoc-") as tmp:
        if variables:
            defaults = Path(tmp) / "muuttujat.yaml"
            defaults.write_text(yaml.safe_dump({"variables": variables}, allow_unicode=True, width=10**6),
                                encoding="utf-8")
            command.append(f"--defaults={defaults}")
        result = subprocess.run(command, input=markdown, capture_output=True, text=True,
                                encoding="utf-8")
    if result.returncode != 0:
        raise RenderError(f"Pandoc ei onnistunut ({what}): {result.stderr.strip()}")
    for warning in result.stderr.splitlines():
        if warning.strip():
            log.warning("pandoc (%s): %s", what, warning.strip())
    return result.stdout


def _brand_colors(brand: Brand) -> dict[str, str]:
    """The brand's colours by role; heading and link colours as _brand.yml's typography says."""
    data = yaml.safe_load((brand.root / "_brand.yml").read_text(encoding="utf-8")) or {}
    typo = data.get("typography") or {}

    def role(section: str, fallback: str) -> str:
        settings = typo.get(section)
        value = settings.get("color") if isinstance(settings, dict) else None
        return brand.palette.get(value, value) if value else fallback

    colors = brand.colors
    primary = colors.get("primary", "#000000")
    return {
        "primary": primary,
        "secondary": colors.get("secondary", primary),
        "tertiary": colors.get("tertiary", colors.get("secondary", primary)),
        "foreground": colors.get("foreground", "#000000"),
        "background": colors.get("background", "#ffffff"),
        "light": colors.get("light", "#f4f4f4"),
        # _brand.yml has no semantic grey; its palette names one for notes and axis labels.
        "muted": brand.palette.get("harmaa", colors.get("foreground", "#000000")),
        "heading": role("headings", primary),
        "link": role("link", colors.get("secondary", primary)),
    }


def _header_includes(project_root: Path, options: dict, what: str) -> list[str]:
    """format.<x>.include-in-header entries: a file path, {file: …} or {text: …}."""
    entries = options.get("include-in-header") or []
    if not isinstance(entries, list):
        entries = [entries]
    out = []
    for entry in entries:
        if isinstance(entry, dict) and "text" in entry:
            out.append(str(entry["text"]))
            continue
        name = entry.get("file") if isinstance(entry, dict) else entry
        path = project_root / str(name)
        if not path.is_file():
            raise RenderError(f"_quarto.yml: format.{what}.include-in-header: tiedostoa {name} "
                              "ei löydy")
        out.append(path.read_text(encoding="utf-8"))
    return out


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# ---------------------------------------------------------------------------------------
# HTML


def _brand_css(brand: Brand, colors: dict[str, str], font_dir: str) -> str:
    """@font-face rules for the copied font files and --joppi-* custom properties."""
    parts = ["/* Generated by joppi from _brand.yml; do not edit. */\n"]
    for font in brand.font_files:
        parts.append(
            "@font-face {\n"
            f'  font-family: "{brand.font_family}";\n'
            f'  src: url("{font_dir}/{font.path.name}") format("truetype");\n'
            f"  font-weight: {font.weight};\n"
            f"  font-style: {font.style};\n"
            "  font-display: swap;\n"
            "}\n"
        )
    props = {f"--joppi-{name}": value for name, value in sorted(colors.items())}
    props.update({f"--brand-{name}": value for name, value in sorted(brand.palette.items())})
    props["--joppi-font"] = f'"{brand.font_family}", system-ui, sans-serif'
    props["--joppi-line-height"] = str(brand.line_height)
    parts.append(":root {\n" + "".join(f"  {k}: {v};\n" for k, v in props.items()) + "}\n")
    return "\n".join(parts)


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)


def _write_html(document: Document, brand: Brand, markdown: str, out_dir: Path,
                timestamp: datetime | None) -> Path:
    project = document.project
    root = project.root
    options = project.html
    site = out_dir / SITE_DIR
    colors = _brand_colors(brand)

    for font in brand.font_files:
        _copy(font.path, site / "fonts" / font.path.name)
    (site / "brand.css").write_text(_brand_css(brand, colors, "fonts"), encoding="utf-8")
    stylesheets = [f"{SITE_DIR}/brand.css"]
    for name in _as_list(options.get("css")):
        src = root / str(name)
        if not src.is_file():
            raise RenderError(f"_quarto.yml: format.html.css: tiedostoa {name} ei löydy")
        _copy(src, site / src.name)
        stylesheets.append(f"{SITE_DIR}/{src.name}")
    for pattern in _as_list(options.get("resources")):
        matches = sorted(p for p in root.glob(str(pattern)) if p.is_file())
        if not matches:
            raise RenderError(f"_quarto.yml: format.html.resources: {pattern} ei vastaa yhtään "
                              "tiedostoa käännöshakemistossa")
        for src in matches:
            _copy(src, out_dir / src.relative_to(root))

    args = ["-t", "html5", "--template", str(ASSETS / "template.html"), "--section-divs"]
    if project.meta.get("number-sections"):
        args.append("--number-sections")
    if project.meta.get("toc"):
        args += ["--toc", f"--toc-depth={int(project.meta.get('toc-depth', 3))}"]
    variables = {
        "toc-title": html.escape(project.toc_title),
        "skip-label": html.escape(SKIP_LABELS.get(str(project.meta.get("lang", "fi")), SKIP_LABEL)),
        "footer": _footer(brand, project.meta.get("joppi-footer")),
    }
    from ..logo import edition_logo

    logo_path = edition_logo(project.root, project.meta, brand.logo_path)   # the language's wordmark
    if logo_path and logo_path.is_file():
        _copy(logo_path, site / logo_path.name)
        variables["logo"] = f"{SITE_DIR}/{logo_path.name}"
        variables["logo-alt"] = html.escape(str(project.meta.get("joppi-logo-alt") or brand.logo_alt))
    variables["visibility"] = _visibility(brand, project, site, f"{SITE_DIR}/", "html")
    if timestamp is not None:
        variables["generated"] = _utc(timestamp).strftime("%Y-%m-%dT%H:%M:%SZ")
    if stylesheets:
        variables["css"] = [str(css) for css in stylesheets]
    includes = _header_includes(root, options, "html")
    if document.figures:
        includes += _vega_bundle(root, out_dir, includes)
    if includes:
        variables["header-includes"] = [str(i) for i in includes]
    before = [e["text"] for e in _as_list(options.get("include-before-body")) if isinstance(e, dict) and "text" in e]
    if before:
        variables["include-before"] = [str(b) for b in before]

    page = _pandoc(markdown, args, "HTML", variables)
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _vega_bundle(root: Path, out_dir: Path, includes: list[str]) -> list[str]:
    """The charts need the bundle beside the page; load it unless _quarto.yml already does."""
    bundle = root / VEGA_BUNDLE
    if not bundle.is_file():
        raise RenderError(f"{VEGA_BUNDLE} puuttuu käännöshakemistosta; upotetut kuviot "
                          "tarvitsevat sen")
    if not (out_dir / VEGA_BUNDLE).is_file():
        _copy(bundle, out_dir / VEGA_BUNDLE)
    if any(VEGA_BUNDLE in include for include in includes):
        return []
    return [f'<script src="{VEGA_BUNDLE}"></script>']


def _visibility(brand: Brand, project, folder: Path, prefix: str, kind: str) -> str:
    """The EU emblem, the co-funding statement and the publisher (joppi.logo), with the files copied
    into `folder` (referred to as `prefix` + name)."""
    from ..brand import asset_path
    from ..logo import EMBLEM_FILE, publisher, visibility_html, visibility_typst

    lang = str(project.meta.get("lang", "fi"))
    lang = lang if lang in ("fi", "sv") else "fi"
    _copy(ASSETS / EMBLEM_FILE, folder / EMBLEM_FILE)
    name, logo = publisher(brand.extra, lang)
    logo_ref = None
    if logo:
        source = asset_path(brand.root, logo)
        if source.is_file():
            _copy(source, folder / ("julkaisija" + source.suffix))
            logo_ref = prefix + "julkaisija" + source.suffix
    if kind == "html":
        return visibility_html(lang, prefix + EMBLEM_FILE, name, logo_ref)
    return visibility_typst(lang, prefix + EMBLEM_FILE, name, logo_ref)


def _footer(brand: Brand, text: str | None = None) -> str:
    """The brand's name linked home; `text` (another language's name, _quarto-sv.yml) replaces it."""
    data = yaml.safe_load((brand.root / "_brand.yml").read_text(encoding="utf-8")) or {}
    home = ((data.get("meta") or {}).get("link") or {}).get("home")
    name = html.escape(str(text) if text else (brand.name_full or brand.name_short))
    if home:
        return f'<a href="{html.escape(home)}">{name}</a>'
    return name


# ---------------------------------------------------------------------------------------
# PDF


def _plain_authors(document: Document) -> list[str]:
    """Author names as plain text for the PDF's metadata (the markdown is in `meta`)."""
    names = []
    for author in _as_list(document.project.meta.get("author")):
        name = author.get("name") if isinstance(author, dict) else author
        if name and "{{<" not in str(name):
            names.append(str(name))
    return names


def _write_pdf(document: Document, brand: Brand, markdown: str, work: Path, out_dir: Path,
               timestamp: datetime | None) -> Path:
    project = document.project
    options = project.typst
    colors = _brand_colors(brand)

    for figure in document.figures:
        (work / figure.svg_name).write_text(figure.svg, encoding="utf-8")

    args = ["-t", "typst", "--template", str(ASSETS / "template.typ")]
    variables = {
        "papersize": str(options.get("papersize", "a4")),
        "mainfont": brand.font_family,
        "fontsize": brand.base_size,
        "toc-title": escape_typst_string(project.toc_title),
        "toc-depth": str(int(project.meta.get("toc-depth", 3))),
        **{f"brand-{name}": value for name, value in colors.items()},
    }
    if project.meta.get("toc"):
        variables["toc"] = "true"
    if project.meta.get("number-sections"):
        variables["section-numbering"] = str(options.get("section-numbering", "1.1"))
    authors = _plain_authors(document)
    if authors:
        variables["doc-authors"] = "".join(escape_typst_string(a) + ", " for a in authors)
    from ..logo import edition_logo

    logo_path = edition_logo(project.root, project.meta, brand.logo_path)   # the language's wordmark
    if logo_path and logo_path.is_file():
        logo = "logo" + logo_path.suffix
        _copy(logo_path, work / logo)
        variables["logo"] = logo
        variables["logo-alt"] = escape_typst_string(str(project.meta.get("joppi-logo-alt") or brand.logo_alt))
    variables["visibility"] = _visibility(brand, project, work, "", "typst")
    dated = project.root / GENERATED / "paivays.typ"      # the publication date (build.write_brand_header)
    if dated.is_file():
        variables["document-date"] = dated.read_text(encoding="utf-8").strip()
    includes = _header_includes(project.root, options, "typst")
    if includes:
        variables["header-includes"] = [str(i) for i in includes]

    source = unwrap_conditions(_pandoc(markdown, args, "Typst", variables))
    typ_path = work / "index.typ"
    typ_path.write_text(source, encoding="utf-8")
    try:
        pdf = typst.compile(
            str(typ_path),
            root=str(work),
            font_paths=[str(d) for d in brand.font_dirs],
            ignore_system_fonts=True,
            pdf_standards=["ua-1"],
            timestamp=_typst_timestamp(timestamp),
        )
    except typst.TypstError as exc:
        raise RenderError(_typst_message(str(exc), document, typ_path)) from None
    path = out_dir / "index.pdf"
    path.write_bytes(pdf)
    return path


def _typst_timestamp(timestamp: datetime | None) -> int | None:
    if timestamp is not None:
        return int(_utc(timestamp).timestamp())
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return int(epoch) if epoch and epoch.isdigit() else None


def _typst_message(message: str, document: Document, typ_path: Path) -> str:
    """Typst's error, with the figures to fix when PDF/UA finds missing alt text."""
    text = f"Typst ei saanut PDF:ää valmiiksi: {message.strip()}"
    if re.search(r"alt text", message, re.IGNORECASE):
        missing = [f for f in document.figures if not (f.alt or "").strip()]
        if missing:
            where = "; ".join(
                f"{f.line.where()}: {f.label} (muistikirja {f.notebook})" for f in missing)
            text += (". PDF/UA-1 vaatii jokaiselle kuviolle vaihtoehtoisen tekstin "
                     f"(#| fig-alt: …). Puuttuu: {where}")
    else:
        text += f" (Typst-lähde: {typ_path})"
    return text

