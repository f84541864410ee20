"""Measure the intake on the synthetic export and the 2023 round trip; write docs/haun-tarkkuus.md.

Run: PYTHONPATH=src python3 tests/intake_measure.py   (tests/test_intake.py checks the file is current)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

DOC = HERE.parent / "docs" / "haun-tarkkuus.md"


def measure() -> str:
    from conftest import copy_project
    from intake_roundtrip import export_2023, rows_2023
    from intake_synthetic import HARD, build, existing_rows, write_xlsx
    from joppi.intake.haku import run_haku
    from joppi.intake.tuo import run_tuo
    from test_intake import candidates, empty_projects, precision_recall, round_trip_agreement

    tmp = Path(tempfile.mkdtemp())
    try:
        project = copy_project(tmp / "a")
        rows, key, region = build()
        rows += existing_rows(project)
        run_haku(project, 2024, write_xlsx(rows, tmp / "vienti.xlsx"), "15.1.2025")
        got = candidates(project, 2024)
        precision, recall, tp, fp, fn = precision_recall(key, got)
        labels = Counter(key.values())
        near_ok = sum(1 for c, label in key.items() if label.startswith("lähes:") and got.get(c, {}).get("tila") == "lähes")
        regions_ok = sum(1 for c in got if c in region and got[c]["maakunta"] == region[c])
        regions_n = sum(1 for c in got if c in region)
        why = {text: reason for text, _, _, reason in HARD}
        purpose = {r["Hankekoodi"]: r["Hankkeen tarkoitus ja tulokset"] for r in rows}
        differ = [(c, purpose[c], key[c], got.get(c, {}).get("tila", "ei listattu")) for c in key
                  if (key[c] == "ehdokas") != (got.get(c, {}).get("tila") == "ehdokas")]

        other = copy_project(tmp / "b")
        original = rows_2023(other)
        export = export_2023(other, tmp / "eura-2023.xlsx")
        empty_projects(other)
        run_haku(other, 2023, export, "15.1.2025")
        run_tuo(other, 2023)
        back = {r["hanketunnus"]: r for r in rows_2023(other)}
        agree = round_trip_agreement(original, back)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    near_total = sum(n for label, n in labels.items() if label.startswith("lähes:"))
    lines = [
        "# Haun tarkkuus (synteettinen EURA 2021 -vienti)",
        "",
        "Tämän tiedoston kirjoittaa `tests/intake_measure.py`; `tests/test_intake.py` tarkistaa, että se on ajan tasalla.",
        "Älä muokkaa käsin.",
        "",
        f"Synteettisessä viennissä on {len(rows)} toimenpidettä (kaikki rahastot ja erityistavoitteet, "
        "ryhmähankkeet osatoteutuksineen, kaksi jo aineistossa olevaa hanketta). Vastausavain on kirjoitettu "
        "käsin (`tests/intake_synthetic.py`).",
        "",
        "| mitta | arvo |",
        "|---|---|",
        f"| ehdokkaita avaimessa | {labels['ehdokas']} |",
        f"| ehdokkaita haussa | {tp + fp} |",
        f"| oikein valittuja | {tp} |",
        f"| väärin valittuja | {fp} |",
        f"| valitsematta jääneitä | {fn} |",
        f"| tarkkuus (precision) | {precision:.3f} |",
        f"| saanti (recall) | {recall:.3f} |",
        f"| lähes-ehdokkaita oikein syin | {near_ok} / {near_total} |",
        f"| maakunta kuten avaimessa (tunnistamattomat tyhjinä) | {regions_ok} / {regions_n} |",
        "",
        "Erot avaimeen (vaikeat tapaukset, `HARD` tiedostossa `tests/intake_synthetic.py`):",
        "",
        "| hanke | tarkoitus | avain | haku | miksi |",
        "|---|---|---|---|---|",
        *(f"| {c} | {text.replace(chr(10), ' ')} | {k} | {g} | {why.get(text, '')} |" for c, text, k, g in differ),
        "",
        "Vuoden 2023 edestakainen tuonti (45 riviä, kaikki ehdotukset hyväksytty): kymmenen saraketta "
        "vastaa alkuperäistä joka rivillä; hakusanoista ehdotetut sarakkeet, jotka työkirja merkitsee "
        "tarkistettaviksi:",
        "",
        "| sarake | ehdotus sama kuin alkuperäinen |",
        "|---|---|",
        f"| toimialat | {agree['toimialat']} / {len(original)} |",
        f"| kehittamisteema | {agree['kehittamisteema']} / {len(original)} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    DOC.write_text(measure(), encoding="utf-8")
    print(DOC.read_text(encoding="utf-8"))
