"""`joppi preview` serves the edition and nothing else: only regular files whose real path lies
inside the edition, on 127.0.0.1 only; traversal in any spelling and links out get 404."""

from __future__ import annotations

import http.client
import os
import threading
from pathlib import Path

import pytest

from joppi.preview import HOST, make_server

SECRET = "SALAINEN-KYSELYVASTAUS"


@pytest.fixture
def site(tmp_path):
    """A project with an edition linked as _output/2023, and links planted inside the edition."""
    root = tmp_path / "projekti"
    (root / "data" / "kysely").mkdir(parents=True)
    (root / "data" / "hankkeet.csv").write_text(f"hanketunnus;nimi\nS1;{SECRET}\n", encoding="utf-8")
    (root / "data" / "kysely" / "2023.csv").write_text(f"onnistumiset\n{SECRET}\n", encoding="utf-8")
    (tmp_path / "ulkopuolella.txt").write_text(SECRET, encoding="utf-8")
    edition = root / "_output" / ".painokset" / "2023-1"
    (edition / "sv").mkdir(parents=True)
    (edition / "index.html").write_text("<p>julkaisu</p>", encoding="utf-8")
    (edition / "sv" / "index.html").write_text("<p>publikation</p>", encoding="utf-8")
    (edition / "tyhja").mkdir()
    (edition / "hankkeet.csv").symlink_to(root / "data" / "hankkeet.csv")
    (edition / "kysely.csv").symlink_to(os.path.relpath(root / "data" / "kysely" / "2023.csv", edition))
    (edition / "passwd").symlink_to("/etc/passwd")
    (edition / "ulkoa.txt").symlink_to(tmp_path / "ulkopuolella.txt")
    (edition / "data").symlink_to(root / "data")
    (edition / "sama.html").symlink_to("index.html")      # a link within the edition is fine
    os.mkfifo(edition / "putki")
    (root / "_output" / "2023").symlink_to(".painokset/2023-1")
    server = make_server(root / "_output" / "2023", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def get(server, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, server.server_address[1], timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)   # the path exactly as written
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_binds_to_localhost_only(site):
    assert site.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("path", ["/", "/index.html", "/sv/", "/sv/index.html", "/sama.html", "/index.html?x=1"])
def test_the_edition_is_served(site, path):
    status, body = get(site, path)
    assert status == 200 and (b"julkaisu" in body or b"publikation" in body), (path, status)


@pytest.mark.parametrize("path", [
    "/hankkeet.csv", "/kysely.csv", "/passwd", "/ulkoa.txt", "/data/hankkeet.csv", "/data/kysely/2023.csv",
    "/../../data/hankkeet.csv", "/%2e%2e/%2e%2e/data/hankkeet.csv", "/%2E%2E%2F%2E%2E%2Fdata%2Fhankkeet.csv",
    "/sv/../../../data/hankkeet.csv", "/..%2f..%2f..%2fulkopuolella.txt", "/%2e%2e%5c%2e%2e%5cdata",
    "/....//....//data/hankkeet.csv", "/%252e%252e/data/hankkeet.csv", "/index.html%00.txt",
    "//etc/passwd", "/etc/passwd", "/tyhja/", "/putki", "/ei-ole.html",
])
def test_nothing_outside_the_edition_is_served(site, path):
    status, body = get(site, path)
    assert status == 404, (path, status)
    assert SECRET.encode() not in body and b"root:" not in body
    assert "Tiedostoa ei ole tässä julkaisussa".encode() in body


def test_a_directory_without_slash_is_redirected(site):
    conn = http.client.HTTPConnection(HOST, site.server_address[1], timeout=10)
    conn.request("GET", "/sv")
    response = conn.getresponse()
    assert response.status == 301 and response.getheader("Location") == "/sv/"


def test_the_switched_edition_is_served(site, tmp_path):
    root = tmp_path / "projekti"
    new = root / "_output" / ".painokset" / "2023-2"
    new.mkdir()
    (new / "index.html").write_text("<p>uusi</p>", encoding="utf-8")
    tmp = root / "_output" / ".uusi"
    tmp.symlink_to(".painokset/2023-2")
    os.replace(tmp, root / "_output" / "2023")
    assert get(site, "/") == (200, b"<p>uusi</p>")
    assert get(site, "/sv/index.html")[0] == 404, "a file of the old edition"
    assert Path(root / "_output" / "2023").resolve() == new.resolve()
