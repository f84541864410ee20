"""The publication's settings (data/julkaisu.yml): what the analyst changes without touching code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DataError, Issue


@dataclass(frozen=True)
class Publication:
    title: str
    subtitle: str
    publisher: str
    pdf_name: str
    licence: str
    notebooks: tuple[str, ...]
    standout_min_rows: int
    standout_min_leads: int
    suppress_below: int
    scope: str = "kertyva"    # rajaus: kertyva (every project started so far) | vuosikohortti (the year's only)

    def pdf_file(self, year: int) -> str:
        return self.pdf_name.format(vuosi=year)

    def subtitle_for(self, year: int) -> str:
        return self.subtitle.format(vuosi=year)


SCOPES = ("kertyva", "vuosikohortti")


def _scope(value) -> str:
    if str(value) not in SCOPES:
        raise DataError([Issue("data/julkaisu.yml", None, "rajaus", str(value), "kertyva tai vuosikohortti")])
    return str(value)


def load_publication(root: Path) -> Publication:
    path = Path(root) / "data" / "julkaisu.yml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        active = raw["aktiivisimmat"]
        for key in ("alaotsikko", "pdf_tiedosto"):
            str(raw[key]).format(vuosi=2000)   # only {vuosi} may stand in these: fail now, not after rendering
        if not str(raw["pdf_tiedosto"]).endswith(".pdf") or "/" in str(raw["pdf_tiedosto"]):
            raise ValueError("pdf_tiedosto on tiedostonimi, joka päättyy .pdf")
        return Publication(
            title=str(raw["nimi"]),
            subtitle=str(raw["alaotsikko"]),
            publisher=str(raw["julkaisija"]),
            pdf_name=str(raw["pdf_tiedosto"]),
            licence=str(raw["lisenssi"]),
            notebooks=tuple(raw["muistikirjat"]),
            standout_min_rows=int(active["vahintaan_toteutuksia"]),
            standout_min_leads=int(active["vahintaan_vetovastuita"]),
            suppress_below=int(raw["kysely_pienin_naytettava"]),
            scope=_scope(raw.get("rajaus", "kertyva")),
        )
    except FileNotFoundError:
        raise DataError([Issue("data/julkaisu.yml", None, None, None, "julkaisun asetustiedosto")])
    except KeyError as exc:
        raise DataError([Issue("data/julkaisu.yml", None, None, str(exc).strip("'"),
                               "asetus nimeltä tai paikkamerkki {vuosi} (tämä asetus puuttuu, tai tekstissä on "
                               "tuntematon paikkamerkki)")])
    except (TypeError, ValueError, IndexError, yaml.YAMLError) as exc:
        raise DataError([Issue("data/julkaisu.yml", None, None, None,
                               f"kelvollinen asetustiedosto (ongelma: {exc})")])
