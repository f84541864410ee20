"""The own engine follows Quarto's order of operations: every shortcode (include, embed, var) is
resolved in every block, shown or hidden, and only then is conditional content removed. So what
would stop Quarto (a missing include, an embed without output) or what Quarto only warns about (an
unknown var) stops the own engine too, inside a false condition as well; and a figure the year does
not have is a hidden marker that its condition removes, never an empty figure."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from joppi.bundle import hidden_bundle
from joppi.notebooks import write_texts_notebook
from joppi.render.qmd import RenderError, preprocess

FALSE_DIV = '::: {.content-visible when-meta="vaitteet.ei"}'
TRUE_DIV = '::: {.content-visible when-meta="vaitteet.kylla"}'


def _cell(label: str, outputs: list) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(f"#| label: {label}\n#| fig-cap: Kuvio {label}\nshow()")
    cell.outputs = outputs
    return cell


def _figure_output(label: str) -> dict:
    from joppi.bundle import raw_block

    html = f'<div id="vis-{label}" class="joppi-kuvio" role="img" aria-label="Kuvio {label}"></div>'
    markdown = raw_block("html", html) + "\n" + raw_block("typst", '#image(bytes("<svg/>"), format: "svg")')
    return nbformat.v4.new_output("display_data", data={"text/markdown": markdown, "image/svg+xml": "<svg/>",
                                                        "text/plain": label})


def project(tmp_path: Path, body: str, *, cells: list | None = None) -> Path:
    """A work project with one figure shown (fig-a), one the year lacks (fig-piilo, the hidden marker)
    and one cell never executed (fig-tyhja); conditions `kylla` true and `ei` false."""
    root = tmp_path / "projekti"
    (root / "_joppi" / "notebooks").mkdir(parents=True)
    (root / "_quarto.yml").write_text(yaml.safe_dump({
        "project": {"type": "default", "render": ["index.qmd"]}, "lang": "fi",
        "language": {"crossref-fig-title": "Kuvio"}, "metadata-files": ["_joppi/ehdot.yml"]}), encoding="utf-8")
    (root / "_joppi" / "ehdot.yml").write_text(yaml.safe_dump({"vaitteet": {"kylla": True, "ei": False}}),
                                               encoding="utf-8")
    (root / "_variables.yml").write_text(yaml.safe_dump({"luku": 7}), encoding="utf-8")
    (root / "index.qmd").write_text('---\ntitle: "Otsikko"\n---\n\n' + body, encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.cells = cells if cells is not None else [
        _cell("fig-a", [_figure_output("fig-a")]),
        _cell("fig-piilo", [nbformat.v4.new_output("display_data", data=hidden_bundle("fig-piilo"))]),
        _cell("fig-tyhja", []),
    ]
    nbformat.write(nb, root / "_joppi" / "notebooks" / "kuviot.ipynb")
    return root


def embed(label: str) -> str:
    return f"{{{{< embed _joppi/notebooks/kuviot.ipynb#{label} >}}}}"


def test_an_unknown_var_inside_a_false_block_stops_the_build(tmp_path):
    root = project(tmp_path, f"Alku.\n\n{FALSE_DIV}\nArvo {{{{< var ei.ole >}}}}.\n:::\n")
    with pytest.raises(RenderError, match=r"index\.qmd:8: tuntematon muuttuja \{\{< var ei\.ole >\}\}"):
        preprocess(root)


def test_an_unknown_var_inside_a_false_span_stops_the_build(tmp_path):
    root = project(tmp_path, '[Arvo {{< var puuttuu >}}.]{.content-visible when-meta="vaitteet.ei"} Luku '
                             "{{< var luku >}}.\n")
    with pytest.raises(RenderError, match=r"index\.qmd:5: tuntematon muuttuja"):
        preprocess(root)


def test_a_missing_include_inside_a_false_block_stops_the_build(tmp_path):
    root = project(tmp_path, f"{FALSE_DIV}\n{{{{< include _joppi/ei-ole.md >}}}}\n:::\n")
    with pytest.raises(RenderError, match=r"index\.qmd:6: sisällytettävää tiedostoa _joppi/ei-ole\.md ei löydy"):
        preprocess(root)


def test_an_embed_without_output_inside_a_false_block_stops_the_build(tmp_path):
    root = project(tmp_path, f"{FALSE_DIV}\n{embed('fig-tyhja')}\n:::\n")
    with pytest.raises(RenderError, match=r"index\.qmd:6: .*solulla fig-tyhja ei ole tulostetta"):
        preprocess(root)


def test_a_hidden_figure_inside_its_false_condition_is_removed(tmp_path):
    root = project(tmp_path, f"Katso @fig-a.\n\n{embed('fig-a')}\n\n{FALSE_DIV}\n{embed('fig-piilo')}\n"
                             "Vain nyt @fig-piilo.\n:::\n")
    document = preprocess(root)
    assert [(f.label, f.number) for f in document.figures] == [("fig-a", 1)]
    assert "fig-piilo" not in document.markdown and "joppi-ei-kuviota" not in document.markdown


def test_a_hidden_figure_that_would_be_shown_stops_the_build(tmp_path):
    for body in (f"{embed('fig-piilo')}\n", f"{TRUE_DIV}\n{embed('fig-piilo')}\n:::\n"):
        root = project(tmp_path / str(len(body)), body)
        with pytest.raises(RenderError, match="kuvio fig-piilo ei kuulu vuoden painokseen, mutta se näytetään"):
            preprocess(root)


def test_an_embedded_text_cell_is_read_as_part_of_the_document(tmp_path):
    root = project(tmp_path, "# Liite\n\n{{< embed _joppi/notebooks/tekstit.ipynb#vertailu >}}\n\n"
                             "{{< embed _joppi/notebooks/tekstit.ipynb#kolofoni >}}\n")
    write_texts_notebook(root / "_joppi" / "notebooks" / "tekstit.ipynb", {
        "vertailu": "", "kolofoni": "## Lähteet {.unnumbered}\n\nLuku on {{< var luku >}}, ks. @fig-a.\n"})
    (root / "index.qmd").write_text((root / "index.qmd").read_text(encoding="utf-8") + "\n" + embed("fig-a") + "\n",
                                    encoding="utf-8")
    document = preprocess(root)
    assert "## Lähteet {.unnumbered}" in document.markdown
    assert "Luku on 7, ks." in document.markdown and "Kuvio&nbsp;1" in document.markdown
    # The year without a comparison: a comment, which neither output shows (Quarto refuses empty output).
    assert "<!-- ei tässä painoksessa -->" in document.markdown


def test_an_unknown_var_in_an_embedded_text_names_the_cell(tmp_path):
    root = project(tmp_path, "{{< embed _joppi/notebooks/tekstit.ipynb#kolofoni >}}\n")
    write_texts_notebook(root / "_joppi" / "notebooks" / "tekstit.ipynb",
                         {"kolofoni": "Rivi.\n\nArvo {{< var ei.ole >}}.\n"})
    with pytest.raises(RenderError, match=r"_joppi/notebooks/tekstit\.ipynb#kolofoni:3: tuntematon muuttuja"):
        preprocess(root)
