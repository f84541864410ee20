"""Where the project rows came from: data/haku/<vuosi>-lahde.yml, written by `joppi tuo`, read for the colophon."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..markup import escape_markdown

SOURCE_GLOB = "*-lahde.yml"


def extractions(data_dir: Path, year: int) -> list[dict]:
    """The recorded exports of the years up to the edition's, oldest first; a damaged file is skipped."""
    out = []
    for path in sorted((Path(data_dir) / "haku").glob(SOURCE_GLOB)):
        try:
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(record, dict) and str(record.get("vuosi", "")).isdigit() and int(record["vuosi"]) <= year:
            out.append(record)
    return sorted(out, key=lambda r: int(r["vuosi"]))


def colophon_lines(records: list[dict], lang: str = "fi") -> str:
    """One sentence per export: "Vuoden 2023 hankkeet: EURA 2021 -tietopalvelu, poimittu 15.1.2025 (…)"."""
    lines = []
    for r in records:
        service, when = escape_markdown(str(r.get("tietopalvelu", ""))), escape_markdown(str(r.get("poimittu", "")))
        file, digest = str(r.get("tiedosto", "")), str(r.get("sha256", ""))
        if lang == "sv":
            lines.append(f"- Projekten från {r['vuosi']}: {service}, hämtat {when} (exportfil `{file}`, SHA-256:  \n"
                         f"  `{digest}`)")
        else:
            lines.append(f"- Vuoden {r['vuosi']} hankkeet: {service}, poimittu {when} (vientitiedosto `{file}`, "
                         f"SHA-256:  \n  `{digest}`)")
    if not lines:
        return ""
    head = "Projektmaterialet har hämtats ur:" if lang == "sv" else "Hankeaineisto on poimittu:"
    return head + "\n\n" + "\n".join(lines) + "\n\n"
