"""`joppi haku --year Y FILE`: the year's candidates from the export, into data/haku/<Y>-ehdokkaat.xlsx."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..classifications import load_classifications
from ..dataset import YEAR_PATTERN, InputPaths
from ..errors import DataError, Issue, display_path
from ..safefs import write_atomic
from ..validation import PROJECT_COLUMNS, parse_date
from .export import Operation, read_export
from .rules import JUDGED, Decision, Suggestion, decide, load_rules, suggest
from .settings import HAKU_DIR, load_settings
from .sheets import write_workbook

SHEET_CANDIDATES = "Ehdokkaat"
SHEET_CHANGES = "Muutokset"
SHEET_SOURCE = "Lähde"
YES, NO = "kyllä", "ei"
CANDIDATE_COLUMNS = ["hanketunnus", "mukaan", "tila", "perustelu", *PROJECT_COLUMNS[1:], "tarkistettavaa",
                     "organisaatiotyyppi_peruste", "toimialat_pisteet", "kehittamisteema_pisteet", "kunta",
                     "rahasto", "erityistavoite", "viranomainen", "kokonaiskustannukset", "eu_osarahoitus",
                     "viennin_rivi"]
CHANGE_COLUMNS = ["hanketunnus", "sarake", "nykyinen", "viennissa", "hyvaksy"]
SOURCE_COLUMNS = ["tieto", "arvo"]
# What the export says about a project already in hankkeet.csv, compared column by column.
COMPARED = ("nimi", "toteuttaja", "alkamispaiva", "paattymispaiva")
JUDGED_NOTE = "toimialat ja kehittamisteema: vienti ei kerro näitä, ehdotus on hakusanoista (tarkista)"


def candidates_path(root: Path, year: int) -> Path:
    return Path(root) / HAKU_DIR / f"{year}-ehdokkaat.xlsx"


def check_year_text(year) -> int:
    text = str(year).strip()
    if not YEAR_PATTERN.match(text):
        raise DataError([Issue("--year", None, None, text, "vuosi neljällä numerolla, esim. 2025")])
    return int(text)


def parse_extracted(text: str | None, export: Path) -> date:
    if text is None:
        return date.fromtimestamp(Path(export).stat().st_mtime)
    d = parse_date(text.strip())
    if d is None:
        raise DataError([Issue("--poimittu", None, None, text, "päivämäärä muodossa p.k.vvvv tai vvvv-kk-pp")])
    return d


def existing_rows(root: Path) -> dict[str, tuple[int, dict[str, str]]]:
    """hankkeet.csv's rows as strings by code (line number, row); the file need not be valid here."""
    from ..readers import read_table

    paths = InputPaths.of(root)
    if not paths.projects.exists():
        return {}
    frame = read_table(paths.projects, PROJECT_COLUMNS, paths.root)
    return {row["hanketunnus"]: (int(line), {c: row[c] for c in PROJECT_COLUMNS}) for line, row in frame.iterrows()}


def _same(column: str, a: str, b: str) -> bool:
    if column in ("alkamispaiva", "paattymispaiva"):
        return (parse_date(a) or a) == (parse_date(b) or b)
    return a == b


def changes(ops: list[Operation], existing: dict[str, tuple[int, dict[str, str]]]) -> list[list[str]]:
    rows = []
    for op in ops:
        if op.code not in existing:
            continue
        current = existing[op.code][1]
        now = {"nimi": op.name, "toteuttaja": op.beneficiary, "alkamispaiva": op.start.isoformat(),
               "paattymispaiva": op.end.isoformat()}
        for column in COMPARED:
            if not _same(column, current[column], now[column]):
                rows.append([op.code, column, current[column], now[column], ""])
    return rows


@dataclass
class HakuResult:
    path: Path
    candidates: int
    near: int
    others: int
    already: int
    changes: int


def _row(d: Decision, s: Suggestion, existing: dict) -> list:
    op = d.op
    in_data = op.code in existing
    status = d.status + (", jo aineistossa" if in_data else "")
    include = YES if d.status == "ehdokas" and not in_data else NO
    review = [JUDGED_NOTE] + s.notes
    if in_data:
        review.append(f"hanke on jo tiedostossa data/hankkeet.csv (rivi {existing[op.code][0]}); "
                      "muutokset ovat taulukossa Muutokset")
    money = [float(v) if v is not None else "" for v in (op.total_cost, op.eu_share)]
    return [op.code, include, status, d.reason, *(s.row[c] for c in PROJECT_COLUMNS[1:]), "\n".join(review),
            s.org_rule, s.field_scores, s.theme_scores, op.municipality, op.fund, op.objective, op.authority,
            *money, op.row]


def run_haku(root: Path, year, export: Path, extracted: str | None = None, replace: bool = False) -> HakuResult:
    root = Path(root).resolve()
    year = check_year_text(year)
    export = Path(export)
    cls = load_classifications(root / "data" / "luokitukset")
    settings = load_settings(root, cls)
    table, ops = read_export(export, root, settings)
    when = parse_extracted(extracted, export)
    rules = load_rules(root, settings)
    existing = existing_rows(root)
    decisions = decide(ops, year, settings, rules)
    by_code = {op.code: op for op in ops}
    mains = {op.main_code for op in ops if op.main_code}
    listed = [d for d in decisions if d.status in ("ehdokas", "lähes")]
    rows = [_row(d, suggest(d.op, by_code, mains, settings, cls, rules), existing) for d in listed]
    change_rows = changes(ops, existing)
    digest = hashlib.sha256(export.read_bytes()).hexdigest()
    counts = {s: sum(d.status == s for d in decisions) for s in ("ehdokas", "lähes", "ei")}
    source = [
        ["vuosi", str(year)], ["tietopalvelu", settings.service], ["tiedosto", export.name],
        ["poimittu", f"{when.day}.{when.month}.{when.year}"], ["sha256", digest],
        ["rivejä viennissä", str(len(ops))], ["ehdokkaita", str(counts["ehdokas"])],
        ["lähes ehdokkaita (yksi ehto ei täyty)", str(counts["lähes"])],
        ["muita (kaksi tai useampi ehto ei täyty)", str(counts["ei"])],
        ["hakusanat", ", ".join(settings.search_words)],
        ["ehdot", "rahasto " + " / ".join(settings.funds) + "; erityistavoite " + ", ".join(settings.objectives)
         + f"; viranomaiset: {len(set(settings.authorities.values()))}; alkanut vuonna {year}"],
        ["ohje", "Muuta sarakkeen mukaan arvoksi kyllä tai ei ja korjaa ehdotetut arvot; hyväksy muutokset "
                 "taulukossa Muutokset kirjoittamalla sarakkeeseen hyvaksy kyllä. Sitten: joppi tuo --year "
                 f"{year}. Sarakkeet {', '.join(JUDGED)} eivät tule viennistä: tarkista ne."],
    ]
    data = write_workbook({SHEET_CANDIDATES: (CANDIDATE_COLUMNS, rows), SHEET_CHANGES: (CHANGE_COLUMNS, change_rows),
                           SHEET_SOURCE: (SOURCE_COLUMNS, source)},
                          widths={SHEET_CANDIDATES: {0: 12, 3: 50, 4: 30, 5: 25, 15: 50},
                                  SHEET_SOURCE: {0: 30, 1: 70}})
    out = candidates_path(root, year)
    if out.exists() and out.read_bytes() != data and not replace:
        raise DataError([Issue(display_path(out, root), None, None, None,
                               "ei aiempaa työkirjaa: työkirja on jo olemassa ja siinä voi olla tarkistettuja "
                               f"muutoksia (aja ensin joppi tuo --year {year}, siirrä työkirja talteen, tai korvaa se "
                               "valitsimella --korvaa)")])
    out.parent.mkdir(parents=True, exist_ok=True)
    if not out.exists() or out.read_bytes() != data:
        write_atomic(out, data)
    return HakuResult(out, counts["ehdokas"], counts["lähes"], counts["ei"],
                      sum(d.op.code in existing for d in listed), len(change_rows))
