"""The notebooks: stored without outputs, parameterised, and executed by papermill they yield every
figure with its label, caption and data-derived alt text."""

from __future__ import annotations


import nbformat
import pytest

from conftest import ROOT
from joppi.figures import CAPTIONS
from joppi.notebooks import cell_options, execute

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_repository_notebooks_keep_no_outputs_and_have_parameters(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), f"{path.name} has stored outputs"
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("vuosi", "projektin_juuri", "tulos"):
        assert f"{name} =" in tagged[0].source


def test_notebooks_hold_no_computation():
    """Thin notebooks: no function or class is defined in them; the computations live in src/."""
    for path in NOTEBOOKS:
        for cell in nbformat.read(str(path), as_version=4).cells:
            if cell.cell_type == "code":
                assert "def " not in cell.source and "class " not in cell.source, path.name


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = tmp_path_factory.mktemp("muistikirjat")
    target = out / "kuviot.ipynb"
    execute(ROOT / "notebooks" / "kuviot.ipynb", target,
            {"vuosi": 2023, "projektin_juuri": str(ROOT), "tulos": str(out / "kuviot")})
    return nbformat.read(str(target), as_version=4), out


def test_papermill_injects_the_year(executed):
    nb, _ = executed
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "vuosi = 2023" in injected[0].source


def test_every_figure_has_caption_alt_text_and_both_renderings(executed):
    nb, _ = executed
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        options = cell_options(cell.source)
        label = options.get("label", "")
        if not label.startswith("fig-") or not cell.outputs:
            continue
        found[label] = options
        assert options["fig-cap"].strip('"') == CAPTIONS[label]
        alt = options["fig-alt"].strip('"')
        assert alt != "Tekstivaihtoehto kirjoitetaan aineistosta rakennuksen aikana.", label
        data = cell.outputs[0]["data"]
        assert {"text/html", "image/svg+xml"} <= set(data), label
        assert f'id="vis-{label}"' in data["text/html"]
        assert data["image/svg+xml"].lstrip().startswith("<svg")
    # the five figures of the original, the timeline and the four survey figures; no comparison in 2023
    assert set(found) == set(CAPTIONS) - {"fig-vertailu"}


def test_alt_text_is_written_from_the_data(executed):
    nb, _ = executed
    alts = {cell_options(c.source).get("label"): cell_options(c.source).get("fig-alt", "")
            for c in nb.cells if c.cell_type == "code"}
    # Worked out from data/hankkeet.csv: Keski-Suomi 15/45 = 33 %, Etelä-Savo 12/45 = 27 %,
    # Häme 11/45 = 24 %, Pohjois-Pohjanmaa 7/45 = 16 %, in that order.
    ely = alts["fig-ely"]
    positions = [ely.index(s) for s in ("Keski-Suomi 33\u00a0%", "Etelä-Savo 27\u00a0%", "Häme 24\u00a0%",
                                        "Pohjois-Pohjanmaa 16\u00a0%")]
    assert positions == sorted(positions)
    # 15 respondents; recruitment chosen by 10 of them: 67 %.
    assert "n = 15" in alts["fig-haasteet"] and "Hankehenkilöstön rekrytointi 67\u00a0%" in alts["fig-haasteet"]


def test_tables_for_every_figure_are_written(executed):
    _, out = executed
    tables = (out / "kuviot" / "taulukot.md").read_text(encoding="utf-8")
    for label in set(CAPTIONS) - {"fig-vertailu"}:
        assert f"@{label}" in tables
