"""What a chapter may include: files of chapters/ and the build's generated _joppi/ files only, by
the one rule (sources.include_allowed) that validate, the build's first step and the own engine use."""

from __future__ import annotations

import pytest

from joppi.render.qmd import RenderError, expand_includes, load_project
from joppi.sources import include_allowed


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "projekti"
    (root / "chapters").mkdir(parents=True)
    (root / "data" / "kysely").mkdir(parents=True)
    (root / "data" / "kysely" / "2023.csv").write_text("hanketunnus;muuta\nS1;SALAINEN\n", encoding="utf-8")
    (root / "chapters" / "_01.qmd").write_text("Luku.\n", encoding="utf-8")
    (root / "chapters" / "linkki.md").symlink_to(root / "data" / "kysely" / "2023.csv")
    (root / "_quarto.yml").write_text("project:\n  render: [index.qmd]\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("arg, allowed", [
    ("chapters/_01.qmd", True), ("/chapters/_01.qmd", True), ('"chapters/_01.qmd"', True),
    ("_joppi/kolofoni.md", True),                       # generated: need not exist yet
    ("data/kysely/2023.csv", False), ("/data/kysely/2023.csv", False),
    ("chapters/../data/kysely/2023.csv", False), ("_joppi/../data/kysely/2023.csv", False),
    ("chapters/linkki.md", False),                      # a link out of chapters/
    ("chapters/puuttuu.qmd", False), ("../muualla.qmd", False), ("/etc/hostname", False), ("", False),
])
def test_include_allowed(project, arg, allowed):
    assert include_allowed(project, project, arg) is allowed


def test_the_own_engine_refuses_to_include_data(project):
    (project / "index.qmd").write_text("---\ntitle: T\n---\n\n{{< include data/kysely/2023.csv >}}\n",
                                       encoding="utf-8")
    with pytest.raises(RenderError) as err:
        expand_includes(load_project(project))
    assert "index.qmd:5" in str(err.value) and "ei sisällytetä julkaisuun" in str(err.value)
    (project / "index.qmd").write_text("---\ntitle: T\n---\n\n{{< include chapters/_01.qmd >}}\n", encoding="utf-8")
    assert "Luku." in [line.text for line in expand_includes(load_project(project))]
