"""Three cumulative editions (2023, 2024, 2025) built from one project, read as a reader would.

The data are tests/synthetic_years.py's: the 2023 reconstruction, a small 2024 and 2025 that
differ on purpose, and the 2025 end-of-project survey. The numbers below are worked out by hand
from that file (see also tests/test_editions_data.py, which checks the computations themselves):

| edition | rows covered | new rows (share)   | ended by 31.12. / ongoing | end survey             |
|---------|--------------|--------------------|---------------------------|------------------------|
| 2023    | 45           | 45 (100 %)         | 0 / 45                    | none                   |
| 2024    | 45 + 7 = 52  | 7 (7/52 = 13 %)    | 1 / 51 (S24103)           | none                   |
| 2025    | 52 + 2 = 54  | 2 (2/54 = 4 %)     | 7 / 47                    | 4 of 5 (80 %), 365 reached |

2025's end survey: "Uudet koulutusmallit" 4/4 = 100 %, "Uudet yhteistyöverkostot" 3/4 = 75 %,
two results chosen once (hidden: fewer than 3 respondents); continuation "Osaksi organisaation
perustoimintaa" 3/4 = 75 %, two others once (hidden).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

import synthetic as syn
import synthetic_years as sy
from conftest import copy_full_project
from helpers import figure_sheet
from joppi.claims import CONDITIONAL_SPAN, CONDITIONAL_DIV

pytestmark = pytest.mark.build
YEARS = (2023, 2024, 2025)


@dataclass
class Edition:
    year: int
    status: int
    log: str
    err: str
    html: str
    pdf: str            # squashed PDF text
    values: dict


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return sy.add_years(copy_full_project(tmp_path_factory.mktemp("kolme-vuotta") / "projekti"))


@pytest.fixture(scope="module")
def editions(project) -> dict[int, Edition]:
    out = {}
    for year in YEARS:
        proc = syn.build_cli(project, year)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        folder = project / "_output" / str(year)
        out[year] = Edition(year, proc.returncode, proc.stdout, proc.stderr,
                            (folder / "index.html").read_text(encoding="utf-8"),
                            syn.squash(syn.pdf_text(folder / f"joppi-tilannekuva-{year}.pdf")),
                            yaml.safe_load((folder / "_variables.yml").read_text(encoding="utf-8")))
    return out


def text(edition: Edition) -> str:
    return syn.normal_spaces(syn.visible_text(edition.html))


def both(edition: Edition, sentence: str) -> bool:
    return sentence in text(edition) and syn.squash(sentence) in edition.pdf


# --- the cumulative picture -------------------------------------------------------------------------

@pytest.mark.parametrize("year, rows, new, share", [(2024, 52, 7, "13 %"), (2025, 54, 2, "4 %")])
def test_the_edition_covers_every_project_started_so_far(editions, year, rows, new, share):
    e = editions[year]
    assert both(e, f"Selvityksen kohortissa on kaikkiaan {rows} toteutusta.")
    assert both(e, f"Kohortin toteutuksista {new} eli {share} alkoi vuonna {year}, ja loput {rows - new} olivat "
                   "alkaneet aiempina vuosina")
    assert both(e, f"Tämä julkaisu käsittelee hankkeita, jotka alkoivat vuosina 2023–{year}.")
    assert both(e, f"Tilannekuva vuosina 2023–{year} alkaneista hankkeista")
    assert both(e, f"käynnistyivät aikavälillä 1.1.2023–31.12.{year}")


def test_2023_is_its_own_first_year(editions):
    e = editions[2023]
    assert both(e, "Selvityksen kohortissa on kaikkiaan 45 toteutusta.")
    assert both(e, "Kaikki kohortin hankkeet ovat käynnistyneet vuoden 2023 aikana.")
    assert both(e, "Tilannekuva vuonna 2023 alkaneista hankkeista")
    assert "aiempina vuosina" not in text(e) and "fig-alkamisvuodet" not in e.html
    assert "Päättyneiden hankkeiden loppukysely" not in text(e)


@pytest.mark.parametrize("year, ended, ongoing", [(2024, 1, 51), (2025, 7, 47)])
def test_status_at_the_cut_off(editions, year, ended, ongoing):
    counted = "yksi toteutus" if ended == 1 else f"{ended} toteutusta"     # the singular for one
    assert both(editions[year], f"Suunnitellun aikataulunsa mukaan {counted} oli päättynyt "
                                f"31.12.{year} mennessä, ja {ongoing} oli yhä käynnissä.")
    assert editions[year].values["tila"]["paattyneet"] == ended


def test_the_start_year_figure(editions):
    spec = syn.vega_specs(editions[2025].html)["fig-alkamisvuodet"]
    rows = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(spec)}
    assert rows == {"2023": 45, "2024": 7, "2025": 2}
    assert "Kuvio 1. Hankkeiden toteutukset alkamisvuoden mukaan" in text(editions[2025])
    spec24 = syn.vega_specs(editions[2024].html)["fig-alkamisvuodet"]
    assert {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(spec24)} == {"2023": 45, "2024": 7}


def test_the_comparison_compares_the_two_editions(editions):
    section = syn.section_text(editions[2025].html, "sec-vertailu")
    assert section.startswith("Vertailu vuoteen 2024")
    assert "Hankkeita (toteutuksia) yhteensä 52 54 " in section


# --- what changed since the previous edition (changes.py) and the comparison table ---------------------
# Worked out by hand from tests/synthetic_years.py and data/hankkeet.csv. ELY rows: 2023 Keski-Suomi 15,
# Etelä-Savo 12, Häme 11, Pohjois-Pohjanmaa 7 (of 45); 2024 adds Keski-Suomi 3 (S24102 and its two subs),
# Häme 2 (S24101 and its sub), Etelä-Savo 2 (S24103, S24104): 18, 14, 13, 7 of 52; 2025 adds Häme 1 and
# Pohjois-Pohjanmaa 1: 18, 14, 14, 8 of 54. Shown shares: 2023 33, 27, 24, 16 %; 2024 35 (34.6), 27 (26.9),
# 25, 13 (13.5) %; 2025 33, 26 (25.9), 26 (25.9), 15 (14.8) %. No ELY share moves 5 points; Kulttuuriala
# 3/45 = 7 % -> 6/52 = 12 % does. Leads ending: S24103 in 2024; S23014, S23016, S23018, S23019, S24101 in
# 2025; in 2026 the 13 group projects of 2023, three single ones, S24104 and S25001 = 18.

def _in_pdf(sentence: str, pdf: str) -> bool:
    """pdftotext drops a hyphen that ends a line ("ELY-|keskuksittain" reads "ELYkeskuksittain")."""
    return syn.squash(sentence).replace("-", "") in pdf.replace("-", "")


def _sv(project, year: int) -> tuple[str, str]:
    folder = project / "_output" / str(year) / "sv"
    return (syn.normal_spaces(syn.visible_text((folder / "index.html").read_text(encoding="utf-8"))),
            syn.squash(syn.pdf_text(folder / f"joppi-lagesbild-{year}.pdf")))


WHAT_CHANGED = {
    2024: ("Mitä muuttui edellisestä tilannekuvasta? Vuoden 2024 uusia toteutuksia on 7 ja uusia hankkeita 4, "
           "kun verrataan vuoden 2023 tilannekuvaan. Uudet toteutukset jakautuvat ELY-keskuksittain näin: "
           "Keski-Suomi 3, Häme 2 ja Etelä-Savo 2; aloittain näin: kulttuuriala 3, teknologia-ala 2, sosiaali-, "
           "terveys- ja hyvinvointiala 1 ja kasvatus- ja opetusala 1. Uusia toteutuksia alkoi vähemmän kuin "
           "vuonna 2023: 45 → 7. Alojen osuuksissa vähintään 5 prosenttiyksikön muutos näkyy seuraavasti: "
           "kulttuuriala 7 % → 12 %. Ensimmäistä kertaa mukana: organisaatiotyyppi säätiö. Suunnitelman mukaan "
           "vuonna 2024 päättyneitä hankkeita on 1. Vuonna 2025 päättyviä hankkeita on suunnitelman mukaan 5.",
           "Antalet nya genomföranden som inleddes år 2024 är 7 och antalet nya projekt 4, jämfört med "
           "lägesbilden för år 2023. De nya genomförandena fördelar sig per NTM-central så här: Mellersta Finland "
           "3, Tavastland 2 och Södra Savolax 2;"),
    2025: ("Mitä muuttui edellisestä tilannekuvasta? Vuoden 2025 uusia toteutuksia on 2 ja uusia hankkeita 2, "
           "kun verrataan vuoden 2024 tilannekuvaan. Uudet toteutukset jakautuvat ELY-keskuksittain näin: "
           "Häme 1 ja Pohjois-Pohjanmaa 1; aloittain näin: teknologia-ala 1 ja palvelualat 1. Uusia toteutuksia "
           "alkoi vähemmän kuin vuonna 2024: 7 → 2. Minkään ELY-keskuksen tai alan osuus ei muuttunut 5 "
           "prosenttiyksikköä tai enempää. Suunnitelman mukaan vuonna 2025 päättyneitä hankkeita on 5. Vuonna "
           "2026 päättyviä hankkeita on suunnitelman mukaan 18.",
           "Färre nya genomföranden inleddes än år 2024: 7 → 2. Ingen NTM-centrals eller branschs andel "
           "förändrades med 5 procentenheter eller mer. Antalet projekt som enligt planen avslutades år 2025 är "
           "5. Antalet projekt som enligt planen avslutas år 2026 är 18."),
}


@pytest.mark.parametrize("year", [2024, 2025])
def test_each_later_edition_says_what_changed(editions, project, year):
    finnish, swedish = WHAT_CHANGED[year]
    assert finnish in text(editions[year]) and _in_pdf(finnish, editions[year].pdf)
    sv_html, sv_pdf = _sv(project, year)
    assert swedish in sv_html and _in_pdf(swedish, sv_pdf)
    bullet = f"Uusien toteutusten määrä oli {7 if year == 2025 else 45} vuonna {year - 1} ja " \
             f"{2 if year == 2025 else 7} vuonna {year}."
    assert bullet in text(editions[year]) and _in_pdf(bullet, editions[year].pdf)
    assert (f"Antalet nya genomföranden var {7 if year == 2025 else 45} år {year - 1} och "
            f"{2 if year == 2025 else 7} år {year}.") in sv_html
    assert editions[year].values["vaitteet"]["muutokset_on"] is True


def test_the_first_edition_says_nothing_of_changes(editions, project):
    assert "Mitä muuttui" not in text(editions[2023]) and "Uusien toteutusten määrä oli" not in text(editions[2023])
    assert syn.squash("Mitä muuttui") not in editions[2023].pdf
    sv_html, _pdf = _sv(project, 2023)
    assert "Vad har ändrats" not in sv_html and "Antalet nya genomföranden var" not in sv_html
    assert editions[2023].values["vaitteet"]["muutokset_on"] is False


def test_the_comparison_table_agrees_with_its_numbers(editions, project):
    e = editions[2025]
    section = syn.normal_spaces(syn.section_text(e.html, "sec-vertailu"))
    assert "keskeiset luvut ovat taulukossa rinnakkain edellisen, vuoden 2024 tilannekuvan lukujen kanssa " \
           "(Taulukko 1)." in section
    assert "Taulukko 1. Tilannekuvien 2024 ja 2025 keskeiset luvut" in section
    assert 'id="tbl-vertailu"' in e.html and 'href="#tbl-vertailu"' in e.html
    # the changes are those of the shown values: 13 % → 15 % is +2 (14.8 − 13.5 = 1.3), 35 % → 33 % is −2
    for row in ("Osuus hankkeista: Pohjois-Pohjanmaa 13 % 15 % +2 %-yks.",
                "Osuus hankkeista: Keski-Suomi 35 % 33 % −2 %-yks.",
                "Osuus hankkeista: Häme 25 % 26 % +1 %-yks.", "Osuus hankkeista: Etelä-Savo 27 % 26 % −1 %-yks.",
                "Ryhmähankkeita 15 15 ±0", "Osatoteuttajia 28 28 ±0", "Maakuntia 11 11 ±0",
                "Kartoituksen vastausprosentti 75 % 100 % +25 %-yks."):
        assert row in section, (row, section)
        assert _in_pdf(row, e.pdf), row
    assert "+0" not in section and " 0 " not in section.split("Muutos", 1)[1]
    # the response rates are of different projects, and the text says whose
    assert ("vuoden 2024 luku on vuonna 2024 alkaneiden hankkeiden aloituskartoituksesta (vastanneita 3/4), "
            "vuoden 2025 luku vuonna 2025 alkaneiden (vastanneita 2/2).") in section
    assert _in_pdf("Taulukko 1. Tilannekuvien 2024 ja 2025 keskeiset luvut", e.pdf)
    sv_html, sv_pdf = _sv(project, 2025)
    assert "Tabell 1. Nyckeltal i lägesbilderna 2024 och 2025" in sv_html and "(Tabell 1)" in sv_html
    assert "Andel av projekten: Tavastland 25 % 26 % +1 procentenhet " in sv_html
    assert "Andel av projekten: Mellersta Finland 35 % 33 % −2 procentenheter" in sv_html
    assert _in_pdf("Tabell 1. Nyckeltal i lägesbilderna 2024 och 2025", sv_pdf)
    # 2024: Häme 11/45 = 24 % → 13/52 = 25 %; Pohjois-Pohjanmaa 16 % → 13 % (7/52 = 13.46 %)
    s24 = syn.normal_spaces(syn.section_text(editions[2024].html, "sec-vertailu"))
    assert "Osuus hankkeista: Pohjois-Pohjanmaa 16 % 13 % −3 %-yks." in s24
    assert "Osuus hankkeista: Etelä-Savo 27 % 27 % ±0" in s24


def test_the_comparison_downloads_hold_every_row(project):
    import csv
    import io

    import openpyxl

    folder = project / "_output" / "2025" / "_joppi" / "aineistot"
    rows = list(csv.reader(io.StringIO((folder / "fig-vertailu.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    expected = [["Mittari", "2024", "2025", "Muutos", "Yksikkö"],
                ["Hankkeita (toteutuksia) yhteensä", "52", "54", "2", "lukumäärä"],
                ["Ryhmähankkeita", "15", "15", "0", "lukumäärä"], ["Osatoteuttajia", "28", "28", "0", "lukumäärä"],
                ["Yksittäisiä hankkeita", "9", "11", "2", "lukumäärä"], ["Maakuntia", "11", "11", "0", "lukumäärä"]]
    pct = "prosenttia (muutos prosenttiyksikköinä)"
    expected += [["Kartoituksen vastausprosentti", "75", "100", "25", pct],
                 ["Osuus hankkeista: Häme", "25", "26", "1", pct], ["Osuus hankkeista: Keski-Suomi", "35", "33", "-2", pct],
                 ["Osuus hankkeista: Etelä-Savo", "27", "26", "-1", pct],
                 ["Osuus hankkeista: Pohjois-Pohjanmaa", "13", "15", "2", pct]]
    assert rows == expected
    sheet = figure_sheet(openpyxl.load_workbook(folder / "joppi-tilannekuva-2025-taulukot.xlsx"), "fig-vertailu")
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = cells.index(["Mittari", "2024", "2025", "Muutos", "Yksikkö"])
    assert [[str(v) for v in r] for r in cells[start:start + len(expected)]] == expected
    sv = project / "_output" / "2025" / "sv" / "_joppi" / "aineistot" / "figur-jamforelse.csv"
    sv_rows = list(csv.reader(io.StringIO(sv.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert sv_rows[0] == ["Indikator", "2024", "2025", "Förändring", "Enhet"]
    assert sv_rows[7] == ["Andel av projekten: Tavastland", "25", "26", "1", "procent (förändringen i procentenheter)"]


def test_the_comparison_chart_counts_projects_and_each_year_keeps_its_colour(editions):
    ranges = {}
    for year in (2024, 2025):
        spec = syn.vega_specs(editions[year].html)["fig-vertailu"]
        assert {r["mittari"] for r in syn.dataset_rows(spec)} == {
            "Hankkeita (toteutuksia) yhteensä", "Ryhmähankkeita", "Osatoteuttajia", "Yksittäisiä hankkeita"}
        colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
        ranges[year] = dict(zip(colour["scale"]["domain"], colour["scale"]["range"]))
    # _brand.yml chart-categorical [yo, turkoosi, oranssi, sini] by year % 4: 2023 sini, 2024 yo, 2025 turkoosi
    assert ranges[2024] == {"2023": "#2f6db5", "2024": "#1b2b5e"}
    assert ranges[2025] == {"2024": "#1b2b5e", "2025": "#00766b"}


# --- the end-of-project survey -----------------------------------------------------------------------

def test_the_end_survey_section_only_where_the_year_has_one(editions):
    heading = "Päättyneiden hankkeiden loppukysely"
    assert heading not in text(editions[2024]) and syn.squash(heading) not in editions[2024].pdf
    e = editions[2025]
    assert both(e, heading)
    assert both(e, "Tällaisia hankkeita oli 5, ja vastauksia saatiin 4, joten vastausprosentti oli 80 %.")
    assert both(e, "Vastanneet hankkeet tavoittivat toimillaan yhteensä 365 osallistujaa.")
    assert both(e, "Saavutetuiksi tuloksiksi vastaajat nimesivät uudet koulutusmallit ja uudet "
                   "yhteistyöverkostot. Useimmin mainittiin uudet koulutusmallit")
    assert both(e, "Työn jatkumisesta julkaistavan määrän vastauksia sai vain yksi vaihtoehto: "
                   "osaksi organisaation perustoimintaa")


def test_end_survey_counts_below_the_threshold_are_never_published(editions):
    e = editions[2025]
    spec = syn.vega_specs(e.html)["fig-loppu-tulokset"]
    rows = {r["luokka"]: r for r in syn.dataset_rows(spec)}
    assert rows["Uudet koulutusmallit"]["lukumaara"] == 4
    assert rows["Uudet yhteistyöverkostot"]["lukumaara"] == 3
    for hidden in ("Osaamiskartoitukset", "Koulutusmateriaalit"):
        assert rows[hidden]["lukumaara"] is None and rows[hidden].get("osuus") is None, rows[hidden]
    jatkuvuus = {r["luokka"]: r["lukumaara"] for r in syn.dataset_rows(syn.vega_specs(e.html)["fig-loppu-jatkuvuus"])}
    assert jatkuvuus == {"Osaksi organisaation perustoimintaa": 3, "Jatkohanke": None,
                         "Yhteistyö jatkuu verkostossa": None}
    assert e.values["loppukysely"]["tulokset"]["piilotettuja"] == 2


def test_participants_hidden_when_too_few_answered(tmp_path):
    """Two end-survey responses: the participants' sum is not shown anywhere, the sentence says why."""
    root = sy.add_years(copy_full_project(tmp_path / "projekti"))
    sy.write_end_survey(root, sy.end_survey_rows()[:2])
    proc = syn.build_cli(root, 2025)
    assert proc.returncode == 0, proc.stderr
    folder = root / "_output" / "2025"
    values = yaml.safe_load((folder / "_variables.yml").read_text(encoding="utf-8"))
    assert values["loppukysely"]["osallistujat"] == "–"
    page = syn.normal_spaces(syn.visible_text((folder / "index.html").read_text(encoding="utf-8")))
    assert "Osallistujamäärää ei julkaista, koska se perustuisi alle 3 vastaajan tietoihin." in page
    assert "osallistujaa" not in page
    both_rows = sy.end_survey_rows()[:2]
    total = sum(int(r["osallistujat"]) for r in both_rows)
    assert f"{total} osallistujaa" not in page and str(total) not in str(values["loppukysely"])


# --- no false sentence -----------------------------------------------------------------------------

def _conditional_texts(root: Path) -> list[tuple[str, str]]:
    """(key, literal text) of every conditional span without shortcodes, from the sources."""
    found = []
    for path in sorted((root / "chapters").glob("*.qmd")):
        for m in CONDITIONAL_SPAN.finditer(path.read_text(encoding="utf-8")):
            if "{{<" not in m.group("text") and "@fig" not in m.group("text"):
                found.append((m.group("key"), m.group("text")))
    return found


@pytest.mark.parametrize("year", YEARS)
def test_no_sentence_whose_condition_is_false_is_published(project, editions, year):
    e = editions[year]
    conditions = e.values["vaitteet"]
    page, checked = text(e), 0
    for key, sentence in _conditional_texts(project):
        shown = conditions[key.removeprefix("vaitteet.")]
        if not shown:
            checked += 1
            assert sentence not in page, (year, key, sentence)
            assert syn.squash(sentence) not in e.pdf, (year, key, sentence)
    assert checked > 0
    assert "kaikki väitteet pitävät" in e.log


def test_every_kept_conditional_keeps_its_key(project, editions):
    e = editions[2025]

    def holds(key):
        return e.values["vaitteet"][key.removeprefix("vaitteet.")]

    # each key with whether some occurrence of it is outside every false block (a true claim nested
    # in a false block, e.g. one of 2023's own observations, is rightly not rendered)
    keys: dict[str, bool] = {}
    for path in (project / "chapters").glob("*.qmd"):
        blocks: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() == ":::" and blocks:
                blocks.pop()
                continue
            reachable = all(holds(k) for k in blocks)
            div = CONDITIONAL_DIV.match(line)
            for m in [*CONDITIONAL_SPAN.finditer(line), div]:
                if m:
                    keys[m.group("key")] = keys.get(m.group("key"), False) or reachable
            if div:
                blocks.append(div.group("key"))
    shown = {k for k, reachable in keys.items() if holds(k) and reachable}
    for key in shown:
        assert f'data-when-meta="{key}"' in e.html, key
    for key in {k for k in keys if not holds(k)}:
        assert f'data-when-meta="{key}"' not in e.html, key


def test_a_later_year_never_breaks_into_empty_lists(editions):
    for year in (2024, 2025):
        page = text(editions[year])
        for broken in (" , ", " ja .", "ovat .", "on , ", "( )", "ovat  ", "–, "):
            assert broken not in page, (year, broken)


def test_2023_observations_stay_in_their_own_edition(editions):
    """Sentences summarising 2023's open answers are shown only in the 2023 edition."""
    sentence = "Vastaajat nostivat esiin erityisesti opiskelijoille järjestetyt työpajat"
    assert sentence in text(editions[2023])
    assert sentence not in text(editions[2024]) and sentence not in text(editions[2025])


def test_the_build_is_quiet(editions):
    """The log is the six steps and what to act on: no library noise (Jupyter's TCP transport
    warning was printed twice per build)."""
    for e in editions.values():
        assert e.err == "", e.err
        assert "TCP" not in e.log and "WARNING" not in e.log and "Warning" not in e.log, e.log
        steps = [line for line in e.log.splitlines() if line.startswith("[")]
        assert [line[:5] for line in steps] == [f"[{i}/6]" for i in range(1, 7)], e.log


def test_a_year_cohort_that_really_differs_reads_sensibly(tmp_path):
    """2025 alone: no sub-implementers, theme 3 absent everywhere, ELY centres without projects,
    every survey count suppressed (two respondents). Sensible Finnish, never a traceback."""
    root = syn.set_scope(sy.add_years(copy_full_project(tmp_path / "projekti")), "vuosikohortti")
    proc = syn.build_cli(root, 2025)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = syn.normal_spaces(syn.visible_text((root / "_output/2025/index.html").read_text(encoding="utf-8")))
    for sentence in ("Selvityksen kohortissa on kaikkiaan 2 toteutusta.",
                     "Ryhmähankkeita ei ole, joten osatoteuttajiakaan ei ole.",
                     "Kolmannen teeman hankkeita ei tässä tilannekuvassa ole.",
                     "Henkilöstön määrää ei kerrota, koska tieto perustuisi alle 3 vastaajaan.",
                     "Yksikään haaste ei saanut niin monta mainintaa, että sen voisi julkaista.",
                     "Verkostoista ei vuoden 2025 kartoituksessa kysytty.",   # kysymatta: {2025: [verkostot]}
                     "Tilannekuva vuonna 2025 alkaneista hankkeista"):
        assert sentence in page, sentence
    for broken in (" , ", " ja .", "ovat .", "on , ", "( )", "–, "):
        assert broken not in page, broken
    assert "fig-alkamisvuodet" not in (root / "_output/2025/index.html").read_text(encoding="utf-8")


def test_suppressed_counts_are_marked_in_the_downloads(project, editions):
    """2025's end survey hides two results chosen once: "[p]" in the CSV and the workbook, with its note."""
    import csv
    import io
    import re

    import openpyxl

    folder = project / "_output" / "2025" / "_joppi" / "aineistot"
    rows = list(csv.reader(io.StringIO((folder / "fig-loppu-tulokset.csv").read_text(encoding="utf-8-sig")),
                           delimiter=";"))
    by_name = {r[0]: r[1:] for r in rows[1:]}
    assert by_name["Uudet koulutusmallit"] == ["4", "100,0"]
    assert by_name["Osaamiskartoitukset"] == ["[p]", "[p]"] and by_name["Koulutusmateriaalit"] == ["[p]", "[p]"]
    book = openpyxl.load_workbook(folder / "joppi-tilannekuva-2025-taulukot.xlsx")
    from joppi.figures import CAPTIONS

    found = [s for s in book.worksheets if CAPTIONS["fig-loppu-tulokset"] in str(s["A1"].value)]
    assert len(found) == 1 and found[0].title.startswith("Kuvio "), "the sheet is named by its figure number"
    sheet = list(found[0].iter_rows(values_only=True))
    note = re.search(r"\[huomautus (\d+)\]", sheet[0][0])
    assert note, "the title refers to the suppression note"
    numbered = {r[0]: r[1] for r in book["Huomautukset"].iter_rows(values_only=True) if r and isinstance(r[0], int)}
    assert "[p]" in numbered[int(note.group(1))], "the note it refers to explains [p]"
    cells = {r[0]: r[1:] for r in sheet if r and r[0]}
    assert cells["Osaamiskartoitukset"] == ("[p]", "[p]") and cells["Uudet koulutusmallit"] == (4, 100.0)
    notes = " ".join(str(c) for r in book["Huomautukset"].iter_rows(values_only=True) for c in r if c)
    assert "[p]" in notes and "alle 3 vastaajaan" in notes


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_tables_and_sheets_follow_the_figure_numbers(project, editions, lang):
    """2025 shows the start-year figure first: the appendix tables and the workbook's sheets follow
    the figures' numbers in both languages ("Kuvio 1" / "Figur 1" is the start-year figure)."""
    import re

    import openpyxl

    from joppi.downloads import workbook_name
    from joppi.figures import CAPTIONS, FIGURES_SV

    folder = project / "_output" / "2025" / ("" if lang == "fi" else "sv")
    html = (folder / "index.html").read_text(encoding="utf-8")
    word = "Kuvio" if lang == "fi" else "Figur"
    captions = {label: (CAPTIONS[label] if lang == "fi" else FIGURES_SV[label][0]) for label in CAPTIONS}
    appendix = syn.section_text(html, "sec-aineistot")
    shown = [label for label in captions if captions[label] in appendix]
    positions = {label: appendix.index(captions[label]) for label in shown}
    book = openpyxl.load_workbook(folder / "_joppi" / "aineistot" / workbook_name(2025, lang))
    sheets = [name for name in book.sheetnames if name.startswith(word)]
    titles = [book[name]["A1"].value for name in sheets]
    assert titles[0].startswith(f"{word} 1. {captions['fig-alkamisvuodet']}"), titles[0]
    order = [next(label for label in captions if t.startswith(f"{word} {i}. {captions[label]}"))
             for i, t in enumerate(titles, start=1)]
    assert order.index("fig-alkamisvuodet") < order.index("fig-toimijat") < order.index("fig-aikajana")
    in_appendix = sorted((positions[label], label) for label in order if label in positions)
    assert [label for _pos, label in in_appendix] == [label for label in order if label in positions], \
        "the appendix tables in the figures' order"
    assert len(in_appendix) == len(order), "every sheet's figure has its table in the appendix"
    # the page numbers the figures the same way: the start-year figure is the first
    assert re.search(rf"{word}\s1\.\s*{re.escape(captions['fig-alkamisvuodet'])}", syn.normal_spaces(syn.visible_text(html)))
