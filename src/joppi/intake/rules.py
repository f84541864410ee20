"""Which operations are candidates, and the suggested row of hankkeet.csv for each: pure functions.

The rules are data: the filters of data/haku/haku.yml, the search words of hakusanat.yml, the
organisation types' name patterns (organisaatiotyypit.csv: tunnistus), the fields' and themes'
keyword lists (toimialat.csv, kehittamisteemat.csv: hakusanat) and the municipalities'
regions (data/haku/kunnat.csv).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..classifications import NO_FIELD, ROLE_MAIN, ROLE_SINGLE, ROLE_SUB, Classifications
from ..errors import nfc
from . import morphology
from .export import Operation
from .settings import IntakeSettings

# The filters, in the order they are reported.
FILTERS = ("rahasto", "erityistavoite", "viranomainen", "alkamisvuosi", "hakusana")
FILTER_TEXT = {
    "rahasto": "rahasto ei ole haun rahasto",
    "erityistavoite": "erityistavoite ei ole haun erityistavoite",
    "viranomainen": "rahoittava viranomainen ei ole haun viranomainen",
    "alkamisvuosi": "ei alkanut haun vuonna",
    "hakusana": "nimessä tai tarkoituksessa ei ole hakusanaa",
}
# The columns the export cannot know: suggested from keywords, always for the analyst to check.
JUDGED = ("toimialat", "kehittamisteema")


@dataclass(frozen=True)
class Rules:
    org_patterns: tuple[tuple[str, str], ...]          # (pattern, organisation type)
    field_words: tuple[tuple[str, tuple[morphology.Phrase, ...]], ...]
    theme_words: tuple[tuple[str, tuple[morphology.Phrase, ...]], ...]
    search: tuple[morphology.Phrase, ...]


def _column(path: Path, column: str) -> list[tuple[str, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(nfc(r["nimi"].strip()), [nfc(p.strip()) for p in (r.get(column) or "").split(",") if p.strip()])
                for r in csv.DictReader(f, delimiter=";")]


def load_rules(root: Path, settings: IntakeSettings) -> Rules:
    d = Path(root) / "data" / "luokitukset"
    orgs = tuple((p.casefold(), name) for name, ps in _column(d / "organisaatiotyypit.csv", "tunnistus") for p in ps)

    def phrases(file):
        return tuple((name, tuple(morphology.phrase(w) for w in ws)) for name, ws in _column(d / file, "hakusanat"))

    return Rules(orgs, phrases("toimialat.csv"), phrases("kehittamisteemat.csv"),
                 tuple(morphology.phrase(w) for w in settings.search_words))


# --- the filters ---------------------------------------------------------------------------

def _objective_code(text: str) -> str:
    m = re.match(r"^\s*(\d+(?:\.\d+)*)", text)
    return m.group(1) if m else text.strip()


def keyword_hits(op: Operation, search: tuple[morphology.Phrase, ...]) -> list[str]:
    """The search words found, each as "word: 'as written' (where)"."""
    hits = []
    for p in search:
        for where, text in (("nimi", op.name), ("tarkoitus", op.purpose)):
            found = morphology.find(p, text)
            if found:
                shown = ", ".join(f"”{f}”" for f in dict.fromkeys(found))
                hits.append(f"{p.text}: {shown} ({where})")
    return hits


def filters(op: Operation, year: int, settings: IntakeSettings, rules: Rules) -> tuple[dict[str, bool], list[str]]:
    """Each filter's verdict, and the search words found.

    A row that fails two of the other filters is no candidate nor a near miss whatever its words
    say: its text is not analysed (most of a programme's export), and the search word counts as failed.
    """
    funds = {f.casefold() for f in settings.funds}
    results = {
        "rahasto": op.fund.casefold() in funds,
        "erityistavoite": _objective_code(op.objective) in settings.objectives,
        "viranomainen": op.authority.casefold() in settings.authorities,
        "alkamisvuosi": op.start.year == year,
    }
    hits = keyword_hits(op, rules.search) if sum(not ok for ok in results.values()) < 2 else []
    results["hakusana"] = bool(hits)
    return results, hits


@dataclass
class Decision:
    op: Operation
    status: str                 # ehdokas, lähes, ei
    failed: list[str]           # the filters that failed
    hits: list[str]
    reason: str = ""


def decide(ops: list[Operation], year: int, settings: IntakeSettings, rules: Rules) -> list[Decision]:
    """Every operation's decision; a group's sub-implementations follow their main row."""
    out: dict[str, Decision] = {}
    for op in ops:
        results, hits = filters(op, year, settings, rules)
        failed = [f for f in FILTERS if not results[f]]
        status = "ehdokas" if not failed else ("lähes" if len(failed) == 1 else "ei")
        reason = ("kaikki ehdot täyttyvät; hakusanat: " + "; ".join(hits)) if not failed else \
            "; ".join(FILTER_TEXT[f] for f in failed) + (f" ({_detail(op, failed[0], year)})" if len(failed) == 1 else "")
        if not failed or len(failed) == 1:
            if failed and hits:
                reason += "; hakusanat: " + "; ".join(hits)
        out[op.code] = Decision(op, status, failed, hits, reason)
    for op in ops:
        main = out.get(op.main_code) if op.main_code else None
        if main is not None:
            own = out[op.code]
            own.status = main.status
            own.failed = list(main.failed)
            own.reason = f"ryhmähankkeen {op.main_code} osatoteutus: päätoteuttajan rivi on {main.status}" + \
                (f" ({main.reason})" if main.status != "ehdokas" else "")
    return [out[op.code] for op in ops]


def _detail(op: Operation, failed: str, year: int) -> str:
    return {"rahasto": f"”{op.fund}”", "erityistavoite": f"”{op.objective}”",
            "viranomainen": f"”{op.authority}”",
            "alkamisvuosi": f"alkoi {op.start.day}.{op.start.month}.{op.start.year}, haettiin vuotta {year}",
            "hakusana": "ei osumaa"}[failed]


# --- suggested values -------------------------------------------------------------------

def _word_match(pattern: str, word: str) -> bool:
    if pattern.startswith("*") and pattern.endswith("*") and len(pattern) > 2:
        return pattern[1:-1] in word
    if pattern.startswith("*"):
        return word.endswith(pattern[1:])
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def organisation_type(beneficiary: str, rules: Rules) -> tuple[str, str]:
    """(type, the pattern that decided); the longest matching pattern wins, "" when none matches."""
    ws = [w.casefold() for w in re.findall(r"[\w.]+", beneficiary)]
    ws = [w.rstrip(".") if w.count(".") == 1 else w for w in ws]
    best = ("", "")
    for pattern, kind in rules.org_patterns:
        if any(_word_match(pattern, w) for w in ws) and len(pattern.strip("*")) > len(best[1].strip("*")):
            best = (kind, pattern)
    return best


def municipality_region(text: str, settings: IntakeSettings, cls: Classifications) -> tuple[str, str]:
    """(maakunta, note): the region of the municipality named, "" with a note when it is not known."""
    raw = nfc(re.sub(r"\s+", " ", text or "").strip())
    if not raw:
        return "", "sijainti puuttuu viennistä"
    known = settings.municipalities
    if raw.casefold() in known:
        return cls.regions.get(known[raw.casefold()], ""), ""
    parts = [p.strip() for p in re.split(r"[,;/()–]| - ", raw) if p.strip()]
    regions = {known[p.casefold()] for p in parts if p.casefold() in known}
    if len(regions) == 1:
        return cls.regions.get(regions.pop(), ""), f"kunta tunnistettu sijainnista ”{raw}”"
    if len(regions) > 1:
        names = ", ".join(sorted(cls.regions.get(r, r) for r in regions))
        return "", f"sijainnissa ”{raw}” on kuntia useasta maakunnasta ({names})"
    return "", f"kuntaa ”{raw}” ei ole kuntaluokituksessa (data/haku/kunnat.csv)"


def scores(text: str, words: tuple[tuple[str, tuple[morphology.Phrase, ...]], ...]) -> list[tuple[str, int, list[str]]]:
    """Each category with a hit: (name, number of its keywords found, the keywords)."""
    out = []
    for name, phrases in words:
        found = [p.text for p in phrases if morphology.find(p, text)]
        if found:
            out.append((name, len(found), found))
    return out


def score_text(items: list[tuple[str, int, list[str]]]) -> str:
    return "; ".join(f"{name}: {n} ({', '.join(found)})" for name, n, found in items)


@dataclass
class Suggestion:
    row: dict[str, str]                    # a row of hankkeet.csv
    notes: list[str] = field(default_factory=list)
    org_rule: str = ""
    field_scores: str = ""
    theme_scores: str = ""


def suggest(op: Operation, ops_by_code: dict[str, Operation], mains: set[str], settings: IntakeSettings,
            cls: Classifications, rules: Rules) -> Suggestion:
    notes: list[str] = []
    if op.main_code:
        role = ROLE_SUB
        if op.main_code not in ops_by_code:
            notes.append(f"päähanke {op.main_code} puuttuu viennistä")
    else:
        role = ROLE_MAIN if op.code in mains else ROLE_SINGLE
    kind, pattern = organisation_type(op.beneficiary, rules)
    if not kind:
        notes.append("organisaatiotyyppiä ei tunnistettu tuensaajan nimestä")
    authority_of = op.authority
    if role == ROLE_SUB and op.main_code in ops_by_code:
        authority_of = ops_by_code[op.main_code].authority
    ely = settings.authorities.get(authority_of.casefold(), "")
    if ely not in cls.ely:
        ely = ""
        notes.append(f"rahoittava viranomainen ”{authority_of}” ei ole ELY-keskusluokituksessa")
    region, note = municipality_region(op.municipality, settings, cls)
    if note:
        notes.append(f"maakunta: {note}")
    text = f"{op.name}. {op.purpose}"
    fields = scores(text, rules.field_words)
    chosen = [name for name, _, _ in fields if name != NO_FIELD]
    if not chosen:
        chosen = [NO_FIELD]
        notes.append(f"toimialan hakusanoja ei löytynyt: ehdotus {NO_FIELD}")
    theme = ""
    themes = scores(text, rules.theme_words)
    if role != ROLE_SUB:
        if themes:
            top = max(n for _, n, _ in themes)
            best = [name for name, n, _ in themes if n == top]
            theme = best[0]
            if len(best) > 1:
                notes.append("kehittämisteemoilla on sama pistemäärä: " + ", ".join(best))
        else:
            notes.append("kehittämisteeman hakusanoja ei löytynyt: valitse teema")
    row = {
        "hanketunnus": op.code, "nimi": op.name, "toteuttaja": op.beneficiary, "organisaatiotyyppi": kind,
        "rooli": role, "ryhmahanke": op.main_code if role == ROLE_SUB else "", "ely_keskus": ely,
        "maakunta": region, "toimialat": ";".join(chosen), "kehittamisteema": theme,
        "alkamispaiva": op.start.isoformat(), "paattymispaiva": op.end.isoformat(),
    }
    return Suggestion(row, notes, pattern, score_text(fields), score_text(themes))
