"""Messages of the commands other than validate: Finnish sentences naming the place and saying what
to do, never an exception's class name; nothing built or published when the command cannot start."""

from __future__ import annotations

import socket

import pytest

from conftest import copy_project
from joppi import cli
from test_bad_inputs import snapshot


def preview(project, port: str) -> list[str]:
    return ["--root", str(project), "preview", "--year", "2023", "--port", port, "--engine", "pandoc"]


@pytest.mark.parametrize("port", ["70000", "65536", "0", "-1"])
def test_a_port_out_of_range_is_bad_input(project_copy, capsys, port):
    before = snapshot(project_copy)
    assert cli.main(preview(project_copy, port)) == 2
    err = capsys.readouterr().err
    assert f"- --port: arvo ”{port}” ei kelpaa. Odotettiin: porttinumero väliltä 1–65535" in err, err
    assert "OverflowError" not in err and "Virhe (" not in err
    assert snapshot(project_copy) == before, "nothing is built or written"


def test_a_port_in_use_is_said_so_with_what_to_do(tmp_path, capsys):
    project = copy_project(tmp_path / "projekti")
    before = snapshot(project)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = cli.main(preview(project, str(port)))
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"Esikatselu ei käynnistynyt: portti {port} on jo toisen ohjelman käytössä"), err
    assert f"joppi preview --year 2023 --port {port + 1}" in err
    assert "Tiedostovirhe" not in err and "Address already in use" not in err
    assert snapshot(project) == before, "the port is tried before anything is built"
