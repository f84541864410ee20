"""The figures' Finnish alt texts, written from the same frames as the charts: every value the
chart shows, in the chart's order, and never a suppressed count."""

from __future__ import annotations

from typing import Literal, Sequence

import pandas as pd

from joppi.compute import SUPPRESS_BELOW
from joppi.fmt import fi_date_range, fi_list, fi_number, fi_percent

from .frames import ValueField, category_order, count_phrase, survey_data, value_label


def _sentence(s: str) -> str:
    s = s.rstrip()
    return s if not s or s.endswith((".", "!", "?")) else s + "."


def sentences(*parts: str | None) -> str:
    """The alt text's sentences joined: each ends in one full stop, an empty one is left out (an
    empty list of values would otherwise leave "… n = 17). ." behind)."""
    return " ".join(_sentence(p) for p in parts if p and p.strip(" ."))


#: The alt texts' words in the Swedish edition (lang="sv").
_SV = {
    "Vaakapylväskuvio": "Liggande stapeldiagram",
    "Vaakapylväskuvio paneeleittain": "Liggande stapeldiagram i paneler",
    "Aikajanakuvio": "Tidslinjediagram",
    "yhteensä": "totalt",
    "ei hankkeita": "inga projekt",
    "; muissa ELY-keskuksissa ei hankkeita": "; inga projekt vid de övriga NTM-centralerna",
    "alle": "färre än",
    "vastaajaa": "svarande",
    "vuonna": "år",
    "ja": "och",
}


def _w(word: str, lang: str) -> str:
    return _SV.get(word, word) if lang == "sv" else word


#: Swedish forms of the counted units: (singular, plural).
_UNITS_SV = {"hanke": ("projekt", "projekt"), "toteutus": ("genomförande", "genomföranden")}


def _count(n, lang: str, unit: tuple[str, str] = ("hanke", "hanketta")) -> str:
    from joppi.fmt import fi_number as _n

    if lang == "sv" and not pd.isna(n):
        one, many = _UNITS_SV[unit[0]]
        return f"{_n(n)} {one if int(n) == 1 else many}"
    return count_phrase(n, unit)


def _join_items(items: Sequence[str], lang: str = "fi") -> str:
    """Finnish list "a, b ja c"; if an item itself contains a comma ("Kunta, kuntayhtymä
    tai …"), items are separated by semicolons so that the listener can tell them apart."""
    items = list(items)
    if any("," in i for i in items):
        return "; ".join(items)
    if lang == "sv":
        from joppi.svenska import sv_list

        return sv_list(items)
    return fi_list(items)


def alt_text_distribution(
    frame: pd.DataFrame,
    subject: str,
    value: ValueField = "osuus",
    *,
    unit: str | None = None,
    sort: Literal["value", "input"] = "value",
    note: str | None = None,
    lang: str = "fi",
) -> str:
    """Finnish (or Swedish, lang="sv") alt text of a distribution bar chart, in the chart's order:
    "Vaakapylväskuvio: hankkeiden osuudet ELY-keskuksittain. Keski-Suomi 31 %, Etelä-Savo
    27 % ja Lappi 5 %." ``unit`` follows counts ("12 hanketta")."""
    order = category_order(frame, value, sort)
    values = {str(c): v for c, v in zip(frame["luokka"], frame[value])}
    items = []
    for c in order:
        text = value_label(values[c], value)
        if unit and value == "lukumaara":
            text += f" {unit}"
        items.append(f"{c} {text}")
    return sentences(f"{_w('Vaakapylväskuvio', lang)}: {subject}", _join_items(items, lang), note)


def alt_text_theme_ely(
    frame: pd.DataFrame,
    theme_order: Sequence[str],
    ely_order: Sequence[str],
    subject: str = "hankkeiden määrä teemoittain ja ELY-keskuksittain",
    lang: str = "fi",
) -> str:
    """Alt text of the theme × ELY chart: per theme its total and the ELY centres that have
    projects (in ``ely_order``), e.g. "Teema A (yhteensä 12): Keski-Suomi 5, Lappi 7;
    muissa ELY-keskuksissa ei hankkeita." """
    counts = {
        (str(t), str(e)): v for t, e, v in zip(frame["teema"], frame["ely_keskus"], frame["lukumaara"])
    }
    parts = []
    for t in theme_order:
        t = str(t)
        nonzero = [
            (e, counts.get((t, str(e)), 0)) for e in ely_order if (counts.get((t, str(e))) or 0) > 0
        ]
        total = sum(int(v) for _, v in nonzero)
        if not nonzero:
            parts.append(f"{t}: {_w('ei hankkeita', lang)}.")
            continue
        listed = _join_items([f"{e} {fi_number(v)}" for e, v in nonzero], lang)
        rest = "" if len(nonzero) == len(ely_order) else _w("; muissa ELY-keskuksissa ei hankkeita", lang)
        parts.append(f"{t} ({_w('yhteensä', lang)} {fi_number(total)}): {listed}{rest}.")
    return sentences(f"{_w('Vaakapylväskuvio paneeleittain', lang)}: {subject}", *parts)


def alt_text_timeline(frame: pd.DataFrame, subject: str = "hankkeiden toteutusajat", lang: str = "fi",
                      unit: tuple[str, str] = ("hanke", "hanketta")) -> str:
    """Alt text of the timeline: the periods in chronological order with their counts in `unit`."""
    ordered = frame.sort_values(["alkamispaiva", "paattymispaiva"], kind="stable")
    items = [
        f"{fi_date_range(a, b)}: {_count(v, lang, unit)}"
        for a, b, v in zip(ordered["alkamispaiva"], ordered["paattymispaiva"], ordered["lukumaara"])
    ]
    total = pd.to_numeric(frame["lukumaara"], errors="coerce").sum()
    return sentences(f"{_w('Aikajanakuvio', lang)}: {subject}, {_w('yhteensä', lang)} {_count(total, lang, unit)}",
                     "; ".join(items))


def alt_text_survey(
    frame: pd.DataFrame,
    n: int,
    subject: str,
    *,
    sort: Literal["value", "input"] = "value",
    suppress_below: int = SUPPRESS_BELOW,
    lang: str = "fi",
) -> str:
    """Alt text of a survey chart; suppressed rows read "alle N vastaajaa", never a number."""
    data = survey_data(frame)
    order = category_order(data, "osuus", sort)
    rows = {str(c): (h, v) for c, h, v in zip(data["luokka"], data["piilotettu"], data["osuus"])}
    items = [
        f"{c} {_w('alle', lang)} {suppress_below} {_w('vastaajaa', lang)}" if rows[c][0] else f"{c} {fi_percent(rows[c][1])}" for c in order
    ]
    return sentences(f"{_w('Vaakapylväskuvio', lang)}: {subject} (n = {fi_number(n)})", _join_items(items, lang))


def alt_text_comparison(counts: pd.DataFrame, years: tuple[int, int], subject: str, lang: str = "fi") -> str:
    """Alt text of the comparison chart: every measure's count in both years."""
    then, now = years
    items = "; ".join(
        f"{r.mittari}: {fi_number(r.arvo_aiempi)} {_w('vuonna', lang)} {then} {_w('ja', lang)} "
        f"{fi_number(r.arvo)} {_w('vuonna', lang)} {now}"
        for r in counts.itertuples(index=False))
    return sentences(f"{_w('Vaakapylväskuvio', lang)}: {subject}", items)
