"""One counting unit per figure: the text, the axis, the tooltips, the alt text, the table and the
downloads of a figure that counts implementations (toteutukset / genomföranden) say so, and those
that count projects (hankkeet / projekt) say that; never both (issue 20, item 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from joppi.brand import load_brand
from joppi.config import load_publication
from joppi.figures import year_figures

ROOT = Path(__file__).resolve().parents[1]

#: What each figure counts, as the chapters' sentences around it count it (chapters/_03-tuloksia.qmd:
#: "miten toteutukset jakautuvat", "Toteutusten maakunnallinen jakauma", "Jokaisen toteutuksen
#: aikataulu"; the themes are counted per project, by its main implementer).
UNITS = {"fig-ely": "toteutus", "fig-maakunnat": "toteutus", "fig-toimialat": "toteutus",
         "fig-aikajana": "toteutus", "fig-alkamisvuodet": "toteutus", "fig-teemat": "hanke"}
WORDS = {("fi", "toteutus"): r"\btoteut\w*", ("fi", "hanke"): r"\bhank\w*",
         ("sv", "toteutus"): r"\bgenomförand\w*", ("sv", "hanke"): r"\bprojekt\w*"}


def strings(node):
    """Every text of a Vega-Lite spec: titles, tooltips, the chart's own data values."""
    if isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)
    elif isinstance(node, str):
        yield node


def figure_texts(fig) -> dict[str, str]:
    spec = fig.chart.to_dict()
    return {"kuvio": " ".join(strings(spec)), "vaihtoehtoinen teksti": fig.alt,
            "taulukko": " ".join(map(str, fig.table.columns)),
            "lataus": " ".join(map(str, fig.numbers.columns)) if fig.numbers is not None else ""}


@pytest.fixture(scope="module")
def editions(year_2023, tmp_path_factory):
    from conftest import copy_project
    from synthetic_years import add_years

    from joppi.dataset import load_year

    project = add_years(copy_project(tmp_path_factory.mktemp("yksikot") / "projekti"))
    pub, brand = load_publication(project), load_brand(ROOT)
    out = []
    for data in (year_2023, load_year(project, 2025)):       # 2025: cumulative, with the start years
        for lang in ("fi", "sv"):
            out.append((data.year, lang, year_figures(data, brand, pub, lang=lang)))
    return out


def test_each_figure_names_one_unit(editions):
    wrong = []
    seen = set()
    for year, lang, figs in editions:
        for label, unit in UNITS.items():
            if label not in figs:
                continue
            seen.add(label)
            other = "hanke" if unit == "toteutus" else "toteutus"
            texts = figure_texts(figs[label])
            # The categories themselves are names (a field may contain any word); the unit is read
            # from the figure's own words, so the data values of the classification are left out.
            names = set(figs[label].table.iloc[:, 0].astype(str)) if len(figs[label].table.columns) else set()
            for where, text in texts.items():
                for name in names:
                    text = text.replace(name, " ")
                if re.search(WORDS[(lang, other)], text, re.IGNORECASE):
                    wrong.append((year, lang, label, where, re.findall(WORDS[(lang, other)], text, re.I)))
            said = " ".join(texts.values())
            if not re.search(WORDS[(lang, unit)], said, re.IGNORECASE):
                wrong.append((year, lang, label, "ei yksikköä", unit))
    assert wrong == []
    assert seen == set(UNITS)


def test_the_share_axis_names_implementations(editions):
    for year, lang, figs in editions:
        words = " ".join(strings(figs["fig-ely"].chart.to_dict()))
        n = "45" if year == 2023 else None
        expected = "Osuus toteutuksista" if lang == "fi" else "Andel av genomförandena"
        assert expected in words, (year, lang)
        if n:
            assert f"{expected} (n = {n})" in words


def test_the_timeline_counts_implementations(editions):
    for year, lang, figs in editions:
        fig = figs["fig-aikajana"]
        unit = r"\d+ (toteutus|toteutusta)\b" if lang == "fi" else r"\d+ (genomförande|genomföranden)\b"
        assert re.search(unit, fig.alt), (year, lang, fig.alt[:200])
        assert re.search(unit, " ".join(strings(fig.chart.to_dict()))), (year, lang)
        assert ("Toteutuksia" if lang == "fi" else "Genomföranden") in fig.table.columns


# --- the built 2023 edition (marker build) ------------------------------------------------------------

@pytest.mark.build
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_built_figures_name_the_texts_unit(built_2023, lang):
    """The published page: each figure's spec (axes, tooltips, labels) and its alt text (aria-label)
    count in the unit of the chapter's text, in the edition's language."""
    import html as html_lib

    from helpers import vega_specs

    page = (built_2023.output / ("index.html" if lang == "fi" else "sv/index.html")).read_text(encoding="utf-8")
    specs = vega_specs(page)
    labels = {m.group(1): html_lib.unescape(m.group(2))
              for m in re.finditer(r'id="vis-([\w-]+)"[^>]*aria-label="([^"]*)"', page)}
    wrong = []
    for label, unit in UNITS.items():
        if label not in specs:
            continue
        other = "hanke" if unit == "toteutus" else "toteutus"
        spec_words = " ".join(s for s in strings({k: v for k, v in specs[label].items() if k != "datasets"}))
        spec_words += " " + " ".join(str(r.get("teksti", "")) for r in
                                     (row for rows in (specs[label].get("datasets") or {}).values() for row in rows))
        for where, text in (("kuvio", spec_words), ("vaihtoehtoinen teksti", labels.get(label, ""))):
            if re.search(WORDS[(lang, other)], text, re.IGNORECASE):
                wrong.append((label, where, re.findall(WORDS[(lang, other)], text, re.I)))
        if not re.search(WORDS[(lang, unit)], spec_words + " " + labels.get(label, ""), re.IGNORECASE):
            wrong.append((label, "ei yksikköä", unit))
    assert wrong == []
    axis = "Osuus toteutuksista (n = 45)" if lang == "fi" else "Andel av genomförandena (n = 45)"
    assert axis in json.dumps(specs["fig-ely"], ensure_ascii=False)
