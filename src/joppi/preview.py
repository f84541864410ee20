"""`joppi preview`: rebuild on every saved change and serve the edition on localhost."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

from .errors import DataError

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


def serve(root: Path, year, port: int = 8000, engine: str = "auto") -> int:
    from watchfiles import watch

    from .dataset import check_year

    year = check_year(root, year)
    _rebuild(root, year, engine)
    site = root / "_output" / str(year)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
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
