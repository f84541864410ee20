"""What changed since the previous edition: pure computations over two editions' rows.

An edition after the first states, from data, what is new since the edition before it: the year's
new implementations and projects (by ELY centre and field), the shares that moved by at least the
threshold of data/julkaisu.yml (`muutos_kynnys_prosenttiyksikkoa`), the regions, fields and
implementer types present for the first time, the projects that ended in the year and those that
end in the next, and the rise or drop of new starts (52 → 9).

Shares are compared as the publication shows them, rounded to whole per cents (half up, as
`fmt.fi_percent`): a shift is the difference of the two shown numbers, so a reader who subtracts
the printed values gets the printed change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from . import compute as c
from .classifications import NO_FIELD


def shown_percent(share: float) -> int:
    """A share (0..1) as the whole per cent the text shows: 0.305 -> 31, 0.125 -> 13."""
    return int((Decimal(str(float(share))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Shift:
    """A share that moved: `before` and `after` are the shown whole per cents."""
    name: str
    before: int
    after: int

    @property
    def points(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Changes:
    year: int
    previous_year: int
    threshold: int                                   # percentage points
    new_rows: int                                    # implementations started in the year
    new_projects: int                                # projects as funded (leads) started in the year
    new_by_ely: list[tuple[str, int]] = field(default_factory=list)
    new_by_field: list[tuple[str, int]] = field(default_factory=list)
    starts_before: int = 0                           # implementations started in the previous year
    starts_now: int = 0
    ely_shifts: list[Shift] = field(default_factory=list)
    field_shifts: list[Shift] = field(default_factory=list)
    new_regions: list[str] = field(default_factory=list)
    new_fields: list[str] = field(default_factory=list)
    new_types: list[str] = field(default_factory=list)
    ended_in_year: int = 0                           # projects (leads) whose planned end falls in the year
    ending_next_year: int = 0                        # ... in the year after

    @property
    def starts_direction(self) -> str:
        """"vahemman", "enemman" or "yhta": new starts compared with the previous year's."""
        if self.starts_now < self.starts_before:
            return "vahemman"
        return "enemman" if self.starts_now > self.starts_before else "yhta"

    @property
    def first_time(self) -> bool:
        return bool(self.new_regions or self.new_fields or self.new_types)


def _counts(frame: pd.DataFrame) -> list[tuple[str, int]]:
    return [(str(r.luokka), int(r.lukumaara)) for r in frame.itertuples(index=False)]


def _shifts(before: pd.DataFrame, now: pd.DataFrame, order, threshold: int) -> list[Shift]:
    """Categories whose shown share moved by at least `threshold` points, in the classification's order."""
    then = {str(k): shown_percent(v) for k, v in zip(before["luokka"], before["osuus"])}
    nows = {str(k): shown_percent(v) for k, v in zip(now["luokka"], now["osuus"])}
    names = [n for n in order if n in then or n in nows]
    names += sorted((set(then) | set(nows)) - set(names))
    out = [Shift(n, then.get(n, 0), nows.get(n, 0)) for n in names]
    return [s for s in out if abs(s.points) >= threshold]


def _new_names(before: pd.DataFrame, now: pd.DataFrame, order) -> list[str]:
    seen = set(before["luokka"])
    fresh = [str(n) for n in now["luokka"] if n not in seen]
    position = {n: i for i, n in enumerate(order)}
    return sorted(fresh, key=lambda n: (position.get(n, len(position)), n))


def changes(now_scope: pd.DataFrame, before_scope: pd.DataFrame, new_rows: pd.DataFrame,
            before_starts: pd.DataFrame, year: int, previous_year: int, threshold: int, *,
            ely_order=(), field_order=(), region_order=(), type_order=()) -> Changes:
    """What changed from the edition of `previous_year` (its rows `before_scope`, its year's new rows
    `before_starts`) to the edition of `year` (rows `now_scope`, the year's new rows `new_rows`)."""
    def real(frame):
        return frame[frame["luokka"] != NO_FIELD]

    leads = c.leads(now_scope)
    end_years = leads["paattymispaiva"].dt.year
    return Changes(
        year=year, previous_year=previous_year, threshold=threshold,
        new_rows=len(new_rows), new_projects=len(c.leads(new_rows)),
        new_by_ely=_counts(c.shares_by_ely(new_rows, ely_order)),
        new_by_field=_counts(real(c.fields(new_rows, field_order))),
        starts_before=len(before_starts), starts_now=len(new_rows),
        ely_shifts=_shifts(c.shares_by_ely(before_scope, ely_order), c.shares_by_ely(now_scope, ely_order),
                           ely_order, threshold),
        field_shifts=_shifts(real(c.fields(before_scope, field_order)), real(c.fields(now_scope, field_order)),
                             field_order, threshold),
        new_regions=_new_names(c.shares_by_region(before_scope), c.shares_by_region(now_scope), region_order),
        new_fields=_new_names(real(c.fields(before_scope)), real(c.fields(now_scope)), field_order),
        new_types=_new_names(c.implementers_by_type(before_scope), c.implementers_by_type(now_scope), type_order),
        ended_in_year=int((end_years == year).sum()),
        ending_next_year=int((end_years == year + 1).sum()),
    )


def changes_between(current, previous, threshold: int) -> Changes:
    """`changes` for two editions' YearData (dataset.YearData)."""
    from .values import covered

    cls = current.classifications
    return changes(covered(current), covered(previous), current.cohort, previous.cohort,
                   current.year, previous.year, threshold, ely_order=cls.ely, field_order=cls.fields,
                   region_order=cls.region_names, type_order=cls.org_types)


# --- the values the chapters read (`muutokset.…`) and the conditions (`vaitteet.muutos_…`) -------------

def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def change_values(ch: Changes | None, lang: str = "fi", names: dict[str, dict[str, str]] | None = None) -> dict:
    """The texts of `muutokset` in `lang`. `names` maps each kind ("ely", "maakunta", "toimiala",
    "tyyppi") to its Swedish names. Without a previous edition: `on` is false and every key still
    exists (Quarto resolves every `var`, shown or not)."""
    from .fmt import DASH, NBSP, fi_list

    if ch is None:
        return {"on": False, "aiempi_vuosi": "", "ensi_vuosi": "", "kynnys": 0, "uudet_toteutukset": 0,
                "uudet_hankkeet": 0, "uudet_ely": DASH, "uudet_toimialat": DASH, "alkaneet_aiemmin": 0,
                "alkaneet_nyt": 0, "siirtymat_ely": DASH, "siirtymat_toimialat": DASH, "ensi_kertaa": DASH,
                "paattyneet": 0, "paattyy_ensi_vuonna": 0}
    sv = lang == "sv"
    names = names or {}

    def name(kind: str, n: str) -> str:
        return names.get(kind, {}).get(n, n) if sv else n

    def join(items) -> str:
        items = list(items)
        if sv:
            from .svenska import sv_list

            return sv_list(items) if items else DASH
        return fi_list(items) if items else DASH

    def shift(kind: str, s: Shift, lower: bool = False) -> str:
        shown = name(kind, s.name)
        return f"{_lower(shown) if lower else shown} {s.before}{NBSP}% → {s.after}{NBSP}%"

    def first(kind_fi: tuple[str, str], kind_sv: tuple[str, str], kind: str, items: list[str], lower: bool):
        if not items:
            return None
        shown = [_lower(name(kind, n)) if lower else name(kind, n) for n in items]
        words = kind_sv if sv else kind_fi
        return f"{words[0] if len(items) == 1 else words[1]} {join(shown)}"

    parts = [p for p in (
        first(("maakunta", "maakunnat"), ("landskapet", "landskapen"), "maakunta", ch.new_regions, False),
        first(("ala", "alat"), ("branschen", "branscherna"), "toimiala", ch.new_fields, True),
        first(("organisaatiotyyppi", "organisaatiotyypit"), ("organisationstypen", "organisationstyperna"),
              "tyyppi", ch.new_types, True),
    ) if p]
    return {
        "on": True,
        "aiempi_vuosi": ch.previous_year,
        "ensi_vuosi": ch.year + 1,
        "kynnys": ch.threshold,
        "uudet_toteutukset": ch.new_rows,
        "uudet_hankkeet": ch.new_projects,
        "uudet_ely": join(f"{name('ely', n)} {k}" for n, k in ch.new_by_ely),
        "uudet_toimialat": join(f"{_lower(name('toimiala', n))} {k}" for n, k in ch.new_by_field),
        "alkaneet_aiemmin": ch.starts_before,
        "alkaneet_nyt": ch.starts_now,
        "siirtymat_ely": join(shift("ely", s) for s in ch.ely_shifts),
        "siirtymat_toimialat": join(shift("toimiala", s, lower=True) for s in ch.field_shifts),
        "ensi_kertaa": join(parts),
        "paattyneet": ch.ended_in_year,
        "paattyy_ensi_vuonna": ch.ending_next_year,
    }


def change_claims(ch: Changes | None) -> dict[str, bool]:
    """The conditions of the "what changed" sentences (values.claims adds each one's `ei_` opposite)."""
    on = ch is not None
    return {
        "muutokset_on": on,
        "muutos_uusia_on": on and ch.new_rows > 0,
        "muutos_alkaneita_vahemman": on and ch.starts_direction == "vahemman",
        "muutos_alkaneita_enemman": on and ch.starts_direction == "enemman",
        "muutos_alkaneita_yhta_paljon": on and ch.starts_direction == "yhta",
        "muutos_ely_siirtymia_on": on and bool(ch.ely_shifts),
        "muutos_toimiala_siirtymia_on": on and bool(ch.field_shifts),
        "muutos_siirtymia_on": on and bool(ch.ely_shifts or ch.field_shifts),
        "muutos_ensi_kertaa_on": on and ch.first_time,
        "muutos_paattyneita_on": on and ch.ended_in_year > 0,
        "muutos_paattyy_ensi_vuonna_on": on and ch.ending_next_year > 0,
    }


def swedish_names(cls) -> dict[str, dict[str, str]]:
    """Each kind's Swedish names, from the classifications' `*_sv` columns."""
    return {"ely": cls.swedish("ely_keskukset.csv"), "maakunta": cls.swedish("maakunnat.csv"),
            "toimiala": cls.swedish("toimialat.csv"), "tyyppi": cls.swedish("organisaatiotyypit.csv")}
