"""Every message the user sees is a Finnish sentence saying what to do: the command line's usage
errors, failures other than bad data, and the operating system's errors; never an exception
class's name or an English message."""

from __future__ import annotations

import errno
import shutil

import pytest

import synthetic as syn
from conftest import copy_full_project
from joppi import cli
from joppi.safefs import explain_os_error, finnish_os_text

ENGLISH = ("usage", "error:", "the following", "invalid", "choose from", "unrecognized", "expected",
           "required", "ambiguous", "Traceback", "Errno", "No space", "Permission denied", "not allowed",
           "while parsing", "does not appear", "Error", "Exception")

USAGE_ERRORS = {
    "no-command": [],
    "unknown-command": ["rakenna"],
    "validate-without-year": ["validate"],
    "build-without-year": ["build"],
    "year-without-value": ["validate", "--year"],
    "bad-engine": ["build", "--year", "2023", "--engine", "latex"],
    "port-not-a-number": ["preview", "--year", "2023", "--port", "abc"],
    "unknown-option": ["validate", "--year", "2023", "--vuosi", "2023"],
    "unknown-root-option": ["--juuri", ".", "validate", "--year", "2023"],
    "ambiguous-option": ["build", "--year", "2023", "--e", "pandoc", "--e"],
}


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


@pytest.mark.parametrize("argv", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_are_finnish(argv, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "virhe:" in err and "Katso ohje: joppi" in err, err
    assert "käyttö: joppi" in err
    assert not english_in(err), (english_in(err), err)


def test_the_missing_year_says_how_to_give_it(capsys):
    with pytest.raises(SystemExit):
        cli.main(["build"])
    assert "pakollinen argumentti puuttuu: --year (esimerkiksi --year 2023)" in capsys.readouterr().err


def test_help_is_finnish(capsys):
    for argv in (["--help"], ["build", "--help"]):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith("käyttö: joppi") and "näytä tämä ohje ja lopeta" in out
        assert not english_in(out.replace("--engine", "")), english_in(out)


def _failures():
    import nbformat
    import yaml

    from joppi.build import BuildError
    from joppi.render.qmd import RenderError

    out = {}
    try:
        yaml.safe_load("otsikko: [auki\nmuuta: x")
    except yaml.YAMLError as exc:
        out["yaml"] = exc
    try:
        nbformat.reads("ei json", as_version=4)
    except Exception as exc:  # noqa: BLE001
        out["not-json-notebook"] = exc
    out["render"] = RenderError("luvun chapters/_01.qmd kuva puuttuu")
    out["build"] = BuildError("Muistikirja luvut ei tuottanut tiedostoa _variables.yml.")
    out["unexpected"] = ValueError("something odd happened")
    out["key"] = KeyError("color")
    return out


FAILURES = _failures()


@pytest.mark.parametrize("exc", FAILURES.values(), ids=FAILURES.keys())
def test_failures_have_no_class_names(exc):
    text = cli.failure_message(exc)
    assert type(exc).__name__ not in text, text
    assert not [w for w in ("Error", "Exception", "while parsing", "does not appear") if w in text], text
    assert text.endswith((".", ")")), text


def test_a_yaml_failure_names_the_line():
    assert "rivi 2" in cli.failure_message(FAILURES["yaml"])


@pytest.mark.parametrize("exc, expected", [
    (OSError(errno.ENOSPC, "No space left on device", "/p/_build/x"), "levy on täynnä (vapauta levytilaa"),
    (OSError(errno.EFBIG, "File too large", "/p/_build/x"), "liian suuri"),
    (OSError(errno.EHOSTDOWN, "Host is down", "/mnt/verkko"), "EHOSTDOWN"),
    (OSError(errno.ENOTEMPTY, "Directory not empty", "/p/_build"), "kansio ei ole tyhjä"),
    (shutil.Error([("/a/b.csv", "/c/b.csv", "[Errno 28] No space left on device: '/c/b.csv'")]), "levy on täynnä"),
    (shutil.Error([("/a/b.csv", "/c/b.csv", "[Errno 122] Disk quota exceeded")]), "kiintiö"),
])
def test_os_errors_are_finnish(exc, expected):
    text = explain_os_error(exc)
    assert expected in text, text
    assert not english_in(text), text
    if isinstance(exc, OSError) and exc.strerror:
        assert exc.strerror not in text


def test_errno_text_inside_a_message_is_translated():
    text = finnish_os_text("kopio epäonnistui: [Errno 28] No space left on device: '/p/x'")
    assert text == "kopio epäonnistui: /p/x: levy on täynnä (vapauta levytilaa tai siirrä _build/ isommalle levylle)"


@pytest.mark.build
def test_a_broken_notebook_is_named_in_finnish(tmp_path):
    root = copy_full_project(tmp_path / "projekti")
    (root / "notebooks" / "kuviot.ipynb").write_text("{ei json", encoding="utf-8")
    proc = syn.build_cli(root, 2023)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Muistikirja kuviot.ipynb ei ole kelvollinen Jupyter-muistikirja" in proc.stderr, proc.stderr
    assert "git checkout notebooks/kuviot.ipynb" in proc.stderr
    assert not english_in(proc.stderr), proc.stderr
    assert not (root / "_output" / "2023").exists()
