"""The pre-render step of `quarto render` / `quarto preview` at the project root (`joppi pre-render`,
named in _quarto.yml). Nothing here runs Quarto: these are the step's own behaviour and messages;
what Quarto does with its files is tested in test_quarto_engine.py where Quarto is installed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, copy_full_project
from joppi.build import EXECUTED_NOTEBOOKS, GENERATED, PREPARED_ENV, VALUES_FILE, default_year
from joppi.bundle import bundle_html
from joppi.errors import DataError
from joppi.markup import markdown_values


def pre_render_script() -> str:
    """The step as _quarto.yml names it: a .py script that Quarto runs with its Python."""
    return yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["project"]["pre-render"]


def run_pre_render(root, env_extra=None, *args):
    """Run the step as Quarto does: the script with the interpreter, in the project's folder, and
    with no `joppi` command on PATH (Quarto must not depend on one)."""
    env = {k: v for k, v in os.environ.items() if k not in ("JOPPI_VUOSI", PREPARED_ENV, "JOPPI_ROOT")}
    env["PATH"] = "/usr/bin:/bin"
    env.update(env_extra or {})
    return subprocess.run([sys.executable, str(ROOT / pre_render_script()), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def prerendered(tmp_path_factory):
    """A copy of the project after `joppi pre-render` (no JOPPI_VUOSI: the latest year, 2023)."""
    root = copy_full_project(tmp_path_factory.mktemp("esivaihe") / "projekti")
    committed = {p.name: p.read_bytes() for p in (root / "notebooks").glob("*.ipynb")}
    result = run_pre_render(root)
    return root, committed, result


def test_pre_render_writes_what_the_sources_read(prerendered, built_2023):
    root, _committed, result = prerendered
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Vuoden 2023 luvut ja kuviot ovat valmiina Quartolle." in result.stderr
    # The same values and conditions as the build that published the 2023 edition.
    published = yaml.safe_load((built_2023.output / "_variables.yml").read_text(encoding="utf-8"))
    assert yaml.safe_load((root / VALUES_FILE).read_text(encoding="utf-8")) == published
    # What Quarto's `var` reads: the same values as literal markdown.
    assert yaml.safe_load((root / "_variables.yml").read_text(encoding="utf-8")) == markdown_values(published)
    conditions = yaml.safe_load((root / GENERATED / "ehdot.yml").read_text(encoding="utf-8"))
    assert conditions["vaitteet"]["vuosi_2023"] is True
    for name in ("vertailu.md", "taulukot.md", "kolofoni.md", "vega-bundle.js", "otsake.html", "logo.svg",
                 "notebooks/tekstit.ipynb"):
        assert (root / GENERATED / name).is_file(), name
    assert 'src="_joppi/logo.svg"' in (root / GENERATED / "otsake.html").read_text(encoding="utf-8")


def test_executed_notebooks_go_beside_the_committed_ones(prerendered):
    """The chapters embed the executed copies; the writer's output-free notebooks stay as committed."""
    import nbformat

    root, committed, _result = prerendered
    assert {p.name: p.read_bytes() for p in (root / "notebooks").glob("*.ipynb")} == committed
    executed = nbformat.read(root / EXECUTED_NOTEBOOKS / "kuviot.ipynb", as_version=4)
    ely = next(c for c in executed.cells if c.cell_type == "code" and "label: fig-ely" in c.source)
    assert 'id="vis-fig-ely"' in bundle_html(ely.outputs[0]["data"])
    assert "fig-alt:" in ely.source


def test_every_embed_points_at_the_executed_notebooks():
    sources = [ROOT / "index.qmd", *sorted((ROOT / "chapters").glob("*.qmd"))]
    embeds = [line for path in sources for line in path.read_text(encoding="utf-8").splitlines()
              if "{{< embed" in line]
    assert embeds
    assert all(f"{{{{< embed {EXECUTED_NOTEBOOKS}/" in line for line in embeds), embeds


def test_quarto_config_runs_the_step_and_git_ignores_what_it_writes():
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    script = ROOT / config["project"]["pre-render"]
    assert script.suffix == ".py" and script.is_file()      # run by Quarto's Python, not from PATH
    assert config["format"]["html"]["toc-expand"] is True
    assert "_joppi/otsake.html" in config["format"]["html"]["include-before-body"]
    for path in ("_variables.yml", "_joppi/ehdot.yml", f"{EXECUTED_NOTEBOOKS}/kuviot.ipynb", "_julkaisu/index.html"):
        out = subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=ROOT)
        assert out.returncode == 0, f"{path} is not git-ignored"
    out = subprocess.run(["git", "check-ignore", "-q", "--no-index", "notebooks/kuviot.ipynb"], cwd=ROOT)
    assert out.returncode == 1


def test_bad_input_stops_quarto_with_the_finnish_message(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    csv = root / "data" / "hankkeet.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2023-09-01", "2023-13-45", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_pre_render(root)
    assert result.returncode == 2, result.stderr
    assert ("Syöttötiedoissa on 1 virhe. Mitään ei kirjoitettu.\n- data/hankkeet.csv, rivi 2, sarake "
            "alkamispaiva: arvo ”2023-13-45” ei kelpaa.") in result.stderr, result.stderr
    # The very message `joppi validate` gives.
    validate = subprocess.run([sys.executable, "-m", "joppi.cli", "validate", "--year", "2023"], cwd=root,
                              capture_output=True, text=True, timeout=300)
    assert validate.returncode == 2 and validate.stderr in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "_variables.yml").exists() and not (root / GENERATED).exists()


def test_an_unknown_year_stops_quarto(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    result = run_pre_render(root, {"JOPPI_VUOSI": "1999"})
    assert result.returncode == 2
    assert "1999" in result.stderr and "aineisto on vuosilta: " in result.stderr
    assert "Traceback" not in result.stderr


def test_inside_joppi_build_the_step_does_nothing(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    result = run_pre_render(root, {PREPARED_ENV: "1"})
    assert result.returncode == 0 and result.stdout == ""
    assert not (root / "_variables.yml").exists() and not (root / GENERATED).exists()


def test_year_from_joppi_vuosi_else_the_latest(project_copy, monkeypatch):
    monkeypatch.delenv("JOPPI_VUOSI", raising=False)
    (project_copy / "data" / "kysely" / "2024.csv").write_text(
        (project_copy / "data" / "kysely" / "2023.csv").read_text(encoding="utf-8").splitlines()[0] + "\n",
        encoding="utf-8")
    assert default_year(project_copy) == 2024
    monkeypatch.setenv("JOPPI_VUOSI", "2023")
    assert default_year(project_copy) == 2023
    monkeypatch.setenv("JOPPI_VUOSI", "kaksituhatta")
    with pytest.raises(DataError, match="kaksituhatta"):
        default_year(project_copy)


def _generated_tree(root, text: str):
    (root / GENERATED / "luvut").mkdir(parents=True, exist_ok=True)
    (root / GENERATED / "luvut" / "arvot.md").write_text(text, encoding="utf-8")
    (root / "_variables.yml").write_text(f"x: {text}\n", encoding="utf-8")


def test_an_unchanged_pre_render_leaves_the_files_and_their_times(tmp_path):
    """`quarto preview` re-renders when a watched file's time changes: a pre-render step that
    rewrote identical files would make it render again on every request."""
    from joppi.build import install_generated

    work, root = tmp_path / "work", tmp_path / "root"
    _generated_tree(work, "a")
    root.mkdir()
    install_generated(work, root)
    written = root / GENERATED / "luvut" / "arvot.md"
    assert written.read_text(encoding="utf-8") == "a"
    os.utime(written, (1_000_000, 1_000_000))
    os.utime(root / "_variables.yml", (1_000_000, 1_000_000))
    install_generated(work, root)                       # the same contents again
    assert written.stat().st_mtime == 1_000_000
    assert (root / "_variables.yml").stat().st_mtime == 1_000_000
    _generated_tree(work, "b")                          # a change is installed
    install_generated(work, root)
    assert written.read_text(encoding="utf-8") == "b"
    assert (root / "_variables.yml").read_text(encoding="utf-8") == "x: b\n"
    (work / GENERATED / "luvut" / "uusi.md").write_text("c", encoding="utf-8")   # a new file too
    install_generated(work, root)
    assert (root / GENERATED / "luvut" / "uusi.md").is_file()
