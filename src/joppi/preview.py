"""`joppi preview`: rebuild on every saved change and serve the edition on 127.0.0.1 only."""

from __future__ import annotations

import email.utils
import http.server
import mimetypes
import os
import stat
import threading
import urllib.parse
from http import HTTPStatus
from pathlib import Path

from .errors import DataError, Issue

MIN_PORT, MAX_PORT = 1, 65535
WATCHED = ("chapters", "index.qmd", "_quarto.yml", "_brand.yml", "data", "notebooks", "src/joppi")


def _rebuild(root: Path, year: int, engine: str) -> None:
    from .build import build

    try:
        build(root, year, engine=engine)
        print("Esikatselu päivitetty.")
    except DataError as exc:
        print(exc.report())
        print("Esikatselussa näkyy edellinen onnistunut versio.")
    except Exception as exc:  # noqa: BLE001 - preview keeps running after any failure
        print(f"Rakennus epäonnistui: {exc}\nEsikatselussa näkyy edellinen onnistunut versio.")


class PreviewError(Exception):
    """The preview could not start (its port): a Finnish sentence saying what to do."""


def check_port(port: int) -> int:
    if not MIN_PORT <= port <= MAX_PORT:
        raise DataError([Issue("--port", None, None, str(port),
                               f"porttinumero väliltä {MIN_PORT}–{MAX_PORT}, esim. 8000")])
    return port


def _server(port: int, handler, year: int | None) -> http.server.ThreadingHTTPServer:
    """The server bound to localhost:port; a port in use or reserved is said so, with what to do."""
    import errno

    try:
        return http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as exc:
        other = f"joppi preview --year {year or 'VUOSI'} --port {port + 1 if port < MAX_PORT else 8000}"
        if exc.errno == errno.EADDRINUSE:
            raise PreviewError(f"portti {port} on jo toisen ohjelman käytössä (esimerkiksi toisen esikatselun). "
                               f"Lopeta se tai valitse toinen portti: {other}.") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise PreviewError(f"porttia {port} ei saa käyttää ilman ylläpitäjän oikeuksia. Valitse portti "
                               f"väliltä 1024–{MAX_PORT}: {other}.") from None
        raise PreviewError(f"porttia {port} ei voitu avata ({exc.strerror or 'tuntematon syy'}). "
                           f"Valitse toinen portti: {other}.") from None


HOST = "127.0.0.1"      # the preview is for this machine only


class EditionHandler(http.server.BaseHTTPRequestHandler):
    """Serves the files of one edition, and nothing else: only regular files whose real path
    (links resolved) lies inside the edition's real directory; `..` in any spelling, links that
    lead out (to data/, the survey, anything on the machine), directories without index.html,
    devices and FIFOs get 404. The edition is resolved on every request: a build switches it."""

    site: Path = Path(".")
    server_version = "joppi-esikatselu"
    error_message_format = ("<!doctype html><html lang=\"fi\"><meta charset=\"utf-8\"><title>%(code)d</title>"
                            "<p>%(code)d: %(message)s</p></html>\n")
    error_content_type = "text/html; charset=utf-8"

    def log_message(self, format, *args) -> None:   # noqa: A002 - the base class's name
        pass        # the build's log stays readable

    def target(self) -> Path | None:
        """The file a request names, if the edition may serve it."""
        raw = urllib.parse.urlsplit(self.path).path
        rel = urllib.parse.unquote(raw, errors="strict") if "%" in raw else raw
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if "\x00" in rel or "\\" in rel or any(p == ".." for p in parts):
            return None
        try:
            base = Path(os.path.realpath(self.site))
            wanted = base.joinpath(*parts)
            if wanted.is_dir():
                wanted = wanted / "index.html"
            real = Path(os.path.realpath(wanted))
            if real != base and base not in real.parents:
                return None
            if not stat.S_ISREG(os.stat(real).st_mode):
                return None
        except (OSError, ValueError):
            return None
        return real

    def _respond(self, body: bool) -> None:
        real = self.target()
        if real is None:
            self.send_error(HTTPStatus.NOT_FOUND, "Tiedostoa ei ole tässä julkaisussa")
            return
        raw = urllib.parse.urlsplit(self.path).path
        if (Path(os.path.realpath(self.site)) / raw.lstrip("/")).is_dir() and not raw.endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", raw + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "Tiedostoa ei ole tässä julkaisussa")
            return
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                self.send_error(HTTPStatus.NOT_FOUND, "Tiedostoa ei ole tässä julkaisussa")
                return
            kind = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                kind += "; charset=utf-8"
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(info.st_size))
            self.send_header("Last-Modified", email.utils.formatdate(info.st_mtime, usegmt=True))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if body:
                while chunk := f.read(1 << 16):
                    self.wfile.write(chunk)

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)


def make_server(site: Path, port: int, year: int | None = None) -> http.server.ThreadingHTTPServer:
    """The preview's server for the edition at `site`, on 127.0.0.1 only (`_server`: a busy port said so)."""
    handler = type("Handler", (EditionHandler,), {"site": Path(site)})
    return _server(port, handler, year)


def serve(root: Path, year, port: int = 8000, engine: str = "auto") -> int:
    from watchfiles import watch

    from .dataset import check_year

    year = check_year(root, year)
    check_port(port)
    site = root / "_output" / str(year)
    server = make_server(site, port, year)   # before the first build: a busy port is said at once
    _rebuild(root, year, engine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Esikatselu: http://{HOST}:{port}/  (Ctrl+C lopettaa)")
    paths = [root / p for p in WATCHED if (root / p).exists()]
    try:
        for _changes in watch(*paths, watch_filter=lambda change, path: "__pycache__" not in path):
            _rebuild(root, year, engine)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
