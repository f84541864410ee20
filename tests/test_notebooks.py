"""The notebooks: stored without outputs, parameterised, and executed by papermill they yield every
figure with its label, caption and data-derived alt text."""

from __future__ import annotations


import nbformat
import pytest

from conftest import ROOT
from joppi.bundle import is_hidden, BUNDLE_MIMES, bundle_html
from joppi.figures import CAPTIONS, FIGURES, REGISTRY

from joppi.notebooks import cell_options, execute, finalise, set_options
from joppi.classifications import END_SURVEY_CHOICE_FILES
from joppi.validation import SURVEY_CHOICE_COLUMNS

# The figures of a first edition (2023): none needs a comparison year or a later year's data.
FIRST_EDITION_FIGURES = [spec.label for spec in FIGURES if not spec.needs_previous and spec.condition is None]

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


def test_the_figure_notebook_has_one_cell_per_registry_entry_in_its_order():
    """The registry names the figures; the notebook only lists them, each cell showing its own."""
    nb = nbformat.read(str(ROOT / "notebooks" / "kuviot.ipynb"), as_version=4)
    labelled = [(cell_options(c.source).get("label"), c.source) for c in nb.cells if c.cell_type == "code"]
    labelled = [(label, source) for label, source in labelled if label]
    assert [label for label, _ in labelled] == [spec.label for spec in FIGURES]
    for label, source in labelled:
        assert f'show(figs, "{label}", brand)' in source, label
        # the caption comes from the registry at build time, never from a copy in the cell
        assert "fig-cap" not in cell_options(source), label


def test_registry_survey_figures_are_the_validated_choice_columns():
    survey = [spec.column for spec in FIGURES if spec.survey and not spec.end_survey]
    assert sorted(survey) == sorted(SURVEY_CHOICE_COLUMNS)
    assert len(set(survey)) == len(survey)
    end = [spec.column for spec in FIGURES if spec.end_survey]
    assert set(end) <= set(END_SURVEY_CHOICE_FILES) and len(set(end)) == len(end)
    assert [spec.label for spec in FIGURES if spec.needs_previous] == ["fig-vertailu"]
    assert CAPTIONS["fig-ely"] == REGISTRY["fig-ely"].caption


def test_cell_options_read_quoted_and_plain_values_and_stop_at_code():
    source = '#| label: fig-x\n#|fig-cap: "Otsikko: \\"lainaus\\""\nx = 1\n#| fig-alt: myöhässä'
    assert cell_options(source) == {"label": "fig-x", "fig-cap": 'Otsikko: "lainaus"'}
    assert cell_options("x = 1") == {}
    assert cell_options("#| label: [avoin") == {}


def test_set_options_replaces_in_place_and_appends_the_missing():
    source = "#| label: fig-x\n#| fig-alt: vanha\nshow()"
    out = set_options(source, {"fig-cap": 'Uusi "otsikko"', "fig-alt": "A\\B"})
    assert out.splitlines() == ["#| label: fig-x", '#| fig-alt: "A\\\\B"', '#| fig-cap: "Uusi \\"otsikko\\""', "show()"]
    assert cell_options(out) == {"label": "fig-x", "fig-alt": "A\\B", "fig-cap": 'Uusi "otsikko"'}


def _notebook_with_output(tmp_path, label, meta):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(f"#| label: {label}\nshow()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": "x"},
                                           metadata={"joppi": meta})]
    nb.cells = [cell]
    path = tmp_path / "k.ipynb"
    nbformat.write(nb, str(path))
    return path


def test_finalise_writes_caption_and_alt_of_the_shown_figure(tmp_path):
    path = _notebook_with_output(tmp_path, "fig-a", {"label": "fig-a", "caption": "Otsikko", "alt": "Kuvaus"})
    finalise(path)
    options = cell_options(nbformat.read(str(path), as_version=4).cells[0].source)
    assert options == {"label": "fig-a", "fig-cap": "Otsikko", "fig-alt": "Kuvaus"}


def test_finalise_refuses_a_cell_that_shows_another_figure(tmp_path):
    path = _notebook_with_output(tmp_path, "fig-a", {"label": "fig-b", "caption": "B", "alt": "B"})
    with pytest.raises(ValueError, match="fig-a.*fig-b"):
        finalise(path)


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
        if is_hidden(cell.outputs[0]["data"]):     # a figure 2023 does not have: its hidden marker only
            assert len(cell.outputs) == 1 and "fig-cap" not in options, label
            continue
        found[label] = options
        assert options["fig-cap"].strip('"') == CAPTIONS[label]
        alt = options["fig-alt"].strip('"')
        assert alt != "Tekstivaihtoehto kirjoitetaan aineistosta rakennuksen aikana.", label
        data = cell.outputs[0]["data"]
        assert set(data) == set(BUNDLE_MIMES), label
        assert f'id="vis-{label}"' in bundle_html(data)
        assert data["image/svg+xml"].lstrip().startswith("<svg")
    # the five figures of the original, the timeline and the four survey figures; no comparison in 2023
    assert set(found) == set(FIRST_EDITION_FIGURES)


def test_no_output_makes_quarto_load_scripts_from_a_cdn(executed):
    """Quarto adds require.js and jQuery from a CDN to a page embedding a notebook in which any
    display output holds text/html or application/javascript: the executed notebook has none."""
    nb, _ = executed
    kinds = {mime for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs
             if output.get("output_type") in ("display_data", "execute_result") for mime in output["data"]}
    assert kinds == set(BUNDLE_MIMES)
    assert not kinds & {"text/html", "application/javascript"}


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
    for label in FIRST_EDITION_FIGURES:
        assert f"@{label}" in tables
