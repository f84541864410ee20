"""Synthetic data for the tests that build editions, and small helpers those tests share.

`add_2024(project)` adds a synthetic 2024 cohort to a copy of the project (rows in
data/hankkeet.csv starting in 2024, and data/kysely/2024.csv). It is built to differ from the
2023 reconstruction wherever the narrative states a number, a ranking or a fact, so that a 2024
edition that still said anything of 2023 would be caught:

| fact                                   | 2023 (data/README.md)                 | 2024 (here)                          |
|----------------------------------------|---------------------------------------|--------------------------------------|
| rows: groups / subs / singles          | 45: 13 / 25 / 7                       | 30: 8 / 16 / 6                       |
| two leading fields                     | sote (18) and teknologia-ala (15)     | teknologia-ala (17) and palvelualat (11); sote 7 |
| theme 3 (ennakointi)                   | in all four ELY areas                 | absent from Häme                     |
| survey responses                       | 15 of 20 (75 %)                       | 10 of 14 (71 %)                      |
| main implementers' staff (full-time)   | 49 (5)                                | 33 (8)                               |
| sub-implementers' staff (full-time)    | 28 (0)                                | 20 (4)                               |
| most common result                     | hankkeen verkkosivut                  | yhteistyöverkostot                   |
| standout implementers                  | Ammattikorkeakoulu A, B and C (6, 5, 5) | Ammattikorkeakoulu D and G (4, 3)  |

Conditions of the narrative that 2024 breaks are listed in `STALE_2024`: their sentences are hidden.
The facts are worked out by hand here (`EXPECTED_2024`), not by the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from joppi.validation import PROJECT_COLUMNS, SURVEY_COLUMNS

SOTE = "Sosiaali-, terveys- ja hyvinvointiala"
TEK = "Teknologia-ala"
PAL = "Palvelualat"
KAS = "Kasvatus- ja opetusala"
LUO = "Luonto- ja ympäristöala"
ICT = "Tieto- ja viestintätekniikka"

T1 = "Joustavien koulutusmallien kehittäminen"
T2 = "Osaamisen vahvistaminen ja laajentaminen"
T3 = "Osaamistarpeiden ennakointi ja varmistaminen"

# name -> (organisation type, maakunta)
def _reconstruction():
    """data/reconstruct_2023.py, whose anonymous implementers the 2024 cohort reuses."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "data" / "reconstruct_2023.py"
    spec = importlib.util.spec_from_file_location("reconstruct_2023", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The 2023 implementers, and one company new in 2024.
ORGS_2024 = {**_reconstruction().ORGS, "Yritys B": ("Yritys", "Kymenlaakso")}

# (code, name, main implementer, ELY, theme, fields, (start, end), [(sub-implementer, fields)])
PROJECTS_2024 = [
    ("S24001", "Palveluosaajien joustavat polut", "Ammattikorkeakoulu G", "Häme", T1, [TEK, PAL],
     ("2024-01-15", "2026-12-31"), [("Ammattikorkeakoulu C", [TEK]), ("Ammattiopisto F", [PAL])]),
    ("S24002", "Matkailun täsmäkoulutukset", "Ammattikorkeakoulu C", "Häme", T2, [PAL],
     ("2024-02-01", "2026-06-30"), [("Kunta C", [PAL]), ("Yritys B", [TEK])]),
    ("S24003", "Teollisuuden osaamistarpeet Keski-Suomessa", "Yliopisto A", "Keski-Suomi", T3, [TEK, KAS],
     ("2024-03-01", "2027-02-28"), [("Ammattikorkeakoulu D", [TEK]), ("Kansalaisopisto A", [KAS])]),
    ("S24004", "Työn ohessa tekniikkaan", "Ammattikorkeakoulu A", "Keski-Suomi", T1, [TEK, SOTE],
     ("2024-04-01", "2026-09-30"), [("Ammattikorkeakoulu G", [TEK]), ("Yhdistys B", [SOTE])]),
    ("S24005", "Hyvinvointiteknologian ennakointi", "Ammattikorkeakoulu B", "Etelä-Savo", T3, [SOTE, TEK],
     ("2024-05-01", "2027-04-30"), [("Ammattikorkeakoulu D", [TEK]), ("Hyvinvointialue A", [SOTE])]),
    ("S24006", "Palvelualojen osaamisen vahvistaminen", "Koulutuskuntayhtymä A", "Etelä-Savo", T2, [PAL, SOTE],
     ("2024-06-01", "2026-05-31"), [("Kunta B", [PAL]), ("Ammattikorkeakoulu F", [SOTE])]),
    ("S24007", "Pohjoisen vihreä teknologia", "Ammattikorkeakoulu D", "Pohjois-Pohjanmaa", T3, [TEK, LUO],
     ("2024-08-01", "2027-07-31"), [("Ammattiopisto G", [TEK]), ("Yhdistys C", [LUO])]),
    ("S24008", "Digitaaliset palvelut joustavasti", "Ammattikorkeakoulu D", "Pohjois-Pohjanmaa", T1, [TEK, PAL],
     ("2024-09-01", "2027-08-31"), [("Yliopisto B", [TEK, ICT]), ("Koulutuskuntayhtymä C", [PAL])]),
    # single projects
    ("S24009", "Palvelumuotoilu pk-yrityksille", "Ammattikorkeakoulu G", "Häme", T2, [TEK, PAL],
     ("2024-01-08", "2025-12-31"), []),
    ("S24010", "Automaatio-osaaminen", "Yritys A", "Keski-Suomi", T2, [TEK],
     ("2024-03-15", "2025-09-30"), []),
    ("S24011", "Seudun palveluosaajat", "Kehittämisyhtiö A", "Etelä-Savo", T1, [PAL],
     ("2024-10-01", "2026-09-30"), []),
    ("S24012", "Kuntien digipalvelut", "Kunta A", "Pohjois-Pohjanmaa", T2, [PAL, TEK],
     ("2024-11-01", "2027-10-31"), []),
    ("S24013", "Järjestöjen hyvinvointiosaaminen", "Yhdistys A", "Pohjois-Pohjanmaa", T3, [SOTE],
     ("2024-02-15", "2026-02-14"), []),
    ("S24014", "Konepajojen osaamistarpeet", "Koulutuskuntayhtymä D", "Pohjois-Pohjanmaa", T3, [TEK],
     ("2024-12-01", "2026-11-30"), []),
]

# 10 responses of the 14 main implementers and single projects (S24010, S24011, S24012 and
# S24014 did not answer). (main full-time, main part-time, sub full-time, sub part-time,
# challenges, results, channels, networks) as codes of data/luokitukset/kysely_*.csv.
SURVEY_2024 = {
    "S24001": (2, 3, 1, 2, "H5;H6;H1", "R1;R3", "V1;V3;V8", "N1;N2;N7"),
    "S24002": (1, 2, 0, 2, "H5;H6", "R1;R4", "V2;V3", "N1;N2"),
    "S24003": (0, 4, 1, 3, "H5;H2", "R1;R2;R3", "V2;V3;V6", "N1;N3;N9"),
    "S24004": (1, 3, 0, 2, "H5;H6", "R1;R4", "V3;V6;V8", "N1;N2;N5"),
    "S24005": (2, 2, 1, 1, "H5;H6;H1", "R1;R3;R6", "V1;V2;V3", "N1;N7"),
    "S24006": (0, 3, 0, 2, "H5;H4", "R1;R2", "V3;V8", "N1;N2;N3"),
    "S24007": (1, 2, 0, 3, "H6;H1", "R1;R6;R4", "V2;V3;V6", "N1;N8"),
    "S24008": (0, 3, 1, 1, "H5;H6", "R1;R3", "V3;V8", "N1;N2;N7"),
    "S24009": (1, 1, None, None, "H5;H2", "R2;R4", "V2;V3", "N2;N7"),
    "S24013": (0, 2, None, None, "H6;H4", "R3;R6", "V1;V3", "N5;N7"),
}

# Worked out by hand from the tables above (counting rules: docs and src/joppi/compute.py).
EXPECTED_2024 = {
    "hankkeet.yhteensa": 30,
    "hankkeet.ryhmahankkeet": 8,
    "hankkeet.osatoteuttajat": 16,
    "hankkeet.yksittaiset": 6,
    "hankkeet.yksittaiset_sana": "kuusi",
    "hankkeet.hankkeet": 14,
    "hankkeet.ryhmahankkeiden_yleisin_paatoteuttaja_lkm": 6,
    "toimialat.kaksi_suurinta": "teknologia-ala sekä palvelualat",
    "toimialat.suurin_osuus": "57\u00a0%",           # 17 of 30
    "toimialat.lukumaara": 6,
    "toimialat.useita_aloja": 10,
    "ely.suurin": "Pohjois-Pohjanmaa",
    "ely.suurin_osuus": "30\u00a0%",                 # 9 of 30
    "teemat.t3.hankkeita": 5,
    "teemat.t3.puuttuu": "Hämeessä",
    "teemat.t3.kaikilla_alueilla": False,
    "teemat.tasaiset_alueet": "Keski-Suomessa ja Etelä-Savossa",
    "kysely.vastauksia": 10,
    "kysely.perusjoukko": 14,
    "kysely.vastausprosentti": "71\u00a0%",
    "kysely.henkilosto.paatoteuttajat": 33,
    "kysely.henkilosto.paatoteuttajat_paatoimiset": 8,
    "kysely.henkilosto.paatoteuttajat_paatoimiset_sana": "kahdeksan",
    "kysely.henkilosto.paatoteuttajat_osa_aikaiset": 25,
    "kysely.henkilosto.osatoteuttajat": 20,
    "kysely.henkilosto.osatoteuttajat_paatoimiset": 4,
    "kysely.haasteet.kaksi_yleisinta": "kohderyhmän tavoittaminen ja hallinnollinen työ",
    "kysely.haasteet.piilotettuja": 2,
    "kysely.tulokset.yleisin": "yhteistyöverkostot",
    "toimijat.aktiivisimmat": "kaksi ammattikorkeakoulua",
    "toimijat.aktiivisimmat_nimet": "Ammattikorkeakoulu D ja Ammattikorkeakoulu G",
    "toimijat.aktiivisimmat_toteutuksia": "4 ja 3",
    "aikataulu.alkaen": "8.1.2024",
    "aikataulu.paattyen": "31.10.2027",
}

# The narrative's conditions (`vaitteet.*`) true in 2023 that 2024 breaks; every other one still holds.
# (sitoutumattomia_on: no 2024 row is outside every field.)
# (ely_pienin_yksi: two ELY centres tie for the smallest in 2024; haasteet_yleisin_useita: 2023's
# two most named challenges tie, 2024's do not.)
STALE_2024 = {"t3_kaikilla_alueilla", "osatoteuttajat_vain_osa_aikaisia", "verkkosivut_yleisin_tulos",
              "sitoutumattomia_on", "t3_ainoa_kaikilla_alueilla", "sitoutumattomia_yksi", "ely_pienin_yksi",
              "haasteet_yleisin_useita"}

# Sentences of the 2023 edition that must not appear in the 2024 one (outside the comparison).
TEXT_2023_ONLY = [
    "kaikkiaan 45 toteutusta",
    "Ryhmähankkeita on 13",
    "yhteensä 25 osatoteuttajaa",
    "Kärkeen nousevat sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala",
    "Suurimmat alat ovat sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala",
    "75 %",
    "perusjoukon koko oli 20",
    "vastauksia saatiin 15",
    "työskentelee 49 henkilöä",
    "tekee 28 henkilöä",
    "Ammattikorkeakoulu A, Ammattikorkeakoulu B ja Ammattikorkeakoulu C",
    "kolme ammattikorkeakoulua",
    "hankehenkilöstön rekrytointi ja henkilöstön vaihtuvuus",
]
# ... and what the 2024 edition says instead.
TEXT_2024 = [
    "kaikkiaan 30 toteutusta",
    "Ryhmähankkeita on 8",
    "yhteensä 16 osatoteuttajaa",
    "Yksittäisiä hankkeita on kuusi",
    "Kärkeen nousevat teknologia-ala sekä palvelualat",
    "Suurimmat alat ovat teknologia-ala sekä palvelualat",
    "Vastausprosentti oli siten 71 %",
    "perusjoukon koko oli 14, ja vastauksia saatiin 10",
    "työskentelee 33 henkilöä",
    "päätoimisia on 8 ja osa-aikaisia 25",
    "tekee 20 henkilöä",
    "kaksi ammattikorkeakoulua: Ammattikorkeakoulu D ja Ammattikorkeakoulu G (toteutuksia 4 ja 3)",
    "kohderyhmän tavoittaminen ja hallinnollinen työ",
    "vuonna 2024",
]


# --- CSV editing ----------------------------------------------------------------------------

def read_rows(path: Path) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, columns, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def choice_names(project: Path, file: str, codes: str) -> str:
    """'H1;H2' -> the options' names from data/luokitukset/<file>."""
    table = {r["koodi"]: r["nimi"] for r in read_rows(Path(project) / "data" / "luokitukset" / file)}
    return ";".join(table[c] for c in codes.split(";"))


def project_rows_2024() -> list[dict[str, str]]:
    return project_rows_of(PROJECTS_2024, ORGS_2024)


def project_rows_of(projects, orgs: dict[str, tuple[str, str]]) -> list[dict[str, str]]:
    """Rows of data/hankkeet.csv for projects given as (code, name, main implementer, ELY, theme,
    fields, (start, end), [(sub-implementer, fields)]), organisations as name -> (type, region)."""
    rows = []
    for code, name, main, ely, theme, fields, (start, end), subs in projects:
        org_type, region = orgs[main]
        rows.append(dict(
            hanketunnus=code, nimi=name, toteuttaja=main, organisaatiotyyppi=org_type,
            rooli="päätoteuttaja" if subs else "yksittäinen", ryhmahanke="", ely_keskus=ely,
            maakunta=region, toimialat=";".join(fields), kehittamisteema=theme,
            alkamispaiva=start, paattymispaiva=end))
        for i, (org, sub_fields) in enumerate(subs, start=1):
            org_type, region = orgs[org]
            rows.append(dict(
                hanketunnus=f"{code}-{i}", nimi=name, toteuttaja=org, organisaatiotyyppi=org_type,
                rooli="osatoteuttaja", ryhmahanke=code, ely_keskus=ely, maakunta=region,
                toimialat=";".join(sub_fields), kehittamisteema="", alkamispaiva=start, paattymispaiva=end))
    return rows


def survey_rows_2024(project: Path) -> list[dict[str, str]]:
    rows = []
    for code, (mf, mp, sf, sp, chal, res, chan, net) in SURVEY_2024.items():
        rows.append(dict(
            hanketunnus=code,
            henkilosto_paatoimiset=str(mf), henkilosto_osa_aikaiset=str(mp),
            osatoteuttajat_paatoimiset="" if sf is None else str(sf),
            osatoteuttajat_osa_aikaiset="" if sp is None else str(sp),
            haasteet=choice_names(project, "kysely_haasteet.csv", chal),
            tulokset=choice_names(project, "kysely_tulokset.csv", res),
            viestintakanavat=choice_names(project, "kysely_viestintakanavat.csv", chan),
            verkostot=choice_names(project, "kysely_verkostot.csv", net),
            onnistumiset="(vapaa teksti, ei julkaista)", muuta=""))
    return rows


def add_2024(project: Path) -> Path:
    """Add the synthetic 2024 cohort to a copy of the project (other years' rows are kept)."""
    project = Path(project)
    projects = project / "data" / "hankkeet.csv"
    kept = [r for r in read_rows(projects) if not r["alkamispaiva"].startswith("2024")]
    write_rows(projects, PROJECT_COLUMNS, kept + project_rows_2024())
    write_rows(project / "data" / "kysely" / "2024.csv", SURVEY_COLUMNS, survey_rows_2024(project))
    return project


def set_scope(project: Path, rule: str) -> Path:
    """`rajaus` of data/julkaisu.yml: kertyva (the default) or vuosikohortti."""
    settings = Path(project) / "data" / "julkaisu.yml"
    lines = [line for line in settings.read_text(encoding="utf-8").splitlines() if not line.startswith("rajaus:")]
    settings.write_text("\n".join(lines + [f"rajaus: {rule}"]) + "\n", encoding="utf-8")
    return Path(project)


from joppi.claims import lookup  # noqa: E402,F401 - the tests' dotted-key lookup is the build's own


# --- helpers for the tests that build editions ------------------------------------------------

EPOCH = "1767225600"   # 2026-01-01T00:00:00Z: a fixed SOURCE_DATE_EPOCH for byte-identical builds


def build_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("JOPPI_ROOT", "QUARTO_PATH")}
    env.update(PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", SOURCE_DATE_EPOCH=EPOCH)
    env.update(extra)
    return env


def joppi_argv(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "joppi.cli", "--root", str(root), *args]


def run_joppi(root: Path, *args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """`joppi --root ROOT ARGS` in a subprocess, the way a user runs it."""
    return subprocess.run(joppi_argv(root, *args), capture_output=True, text=True, encoding="utf-8",
                          env=build_env(**env), timeout=timeout, cwd=str(root))


def build_cli(root: Path, year: int | str, *extra: str, timeout: float = 300, **env: str):
    return run_joppi(root, "build", "--year", str(year), "--engine", "pandoc", *extra, timeout=timeout, **env)


def sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def tree_snapshot(root: Path, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Every entry under root: files by SHA-256, symbolic links by target, directories as <dir>."""
    root = Path(root)
    out: dict[str, str] = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir.parts and rel_dir.parts[0] in exclude:
            dirnames[:] = []
            continue
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if rel.split("/")[0] in exclude:
                continue
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "<dir>"
            elif not p.is_file():
                out[rel] = "<not a regular file>"     # a FIFO is never opened: it would block
            else:
                out[rel] = sha(p)
    return out


def descendants(pid: int) -> list[int]:
    """Process ids of pid's children, grandchildren, … (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def kill_tree(proc: subprocess.Popen) -> None:
    """SIGKILL the process (as a power cut or `kill -9` would), then the helpers it had started
    (Jupyter kernels run in their own sessions, so they are collected by pid beforehand)."""
    helpers = descendants(proc.pid)
    try:
        os.kill(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)
    for pid in helpers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and _alive(p) for p in helpers):
        time.sleep(0.05)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- reading an edition as its reader gets it ---------------------------------------------------
# One copy of each reader, in helpers.py; re-exported here for the tests that use `syn.…`.

from helpers import (  # noqa: E402,F401
    dataset_rows, normal_spaces, pdf_text, read_page, section_text, squash, strings_in, vega_specs,
    visible_text,
)
