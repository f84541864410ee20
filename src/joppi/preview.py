"""`joppi preview`: rebuild on every saved change and serve the edition on localhost."""

from __future__ import annotations

import functools
import http.server
import threading
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


def _server(port: int, handler, year: int) -> http.server.ThreadingHTTPServer:
    """The server bound to localhost:port; a port in use or reserved is said so, with what to do."""
    import errno

    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        other = f"joppi preview --year {year} --port {port + 1 if port < MAX_PORT else 8000}"
        if exc.errno == errno.EADDRINUSE:
            raise PreviewError(f"portti {port} on jo toisen ohjelman käytössä (esimerkiksi toisen esikatselun). "
                               f"Lopeta se tai valitse toinen portti: {other}.") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise PreviewError(f"porttia {port} ei saa käyttää ilman ylläpitäjän oikeuksia. Valitse portti "
                               f"väliltä 1024–{MAX_PORT}: {other}.") from None
        raise PreviewError(f"porttia {port} ei voitu avata ({exc.strerror or 'tuntematon syy'}). "
                           f"Valitse toinen portti: {other}.") from None


def serve(root: Path, year, port: int = 8000, engine: str = "auto") -> int:
    from watchfiles import watch

    from .dataset import check_year

    year = check_year(root, year)
    check_port(port)
    site = root / "_output" / str(year)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = _server(port, handler, year)   # before the first build: a busy port is said at once
    _rebuild(root, year, engine)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Esikatselu: http://localhost:{port}/  (Ctrl+C lopettaa)")
    paths = [root / p for p in WATCHED if (root / p).exists()]
    try:
        for _changes in watch(*paths, watch_filter=lambda change, path: "__pycache__" not in path):
            _rebuild(root, year, engine)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
