"""End-to-end checks of the built 2023 edition (pandoc engine): what a reader finds in the PDF and the HTML.

Uses the session fixture `built_2023` (conftest.py). The facts of the 2023 edition are written
below (FACT_SENTENCES, FACT_VARIABLES), as the sentences the chapters (chapters/*.qmd) make of
them, with the real numbers filled in. test_quarto_engine.py reuses the lists and checks below.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest
import yaml

from helpers import (Node, parse_html, pdf_text, repeated_passages, shingle_hashes, spaced, squash,
                     vega_specs, without_page_numbers)
from joppi.figures import CAPTIONS

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2023

# The original edition's five figures: label, number, title.
ORIGINAL_FIGURES = [
    ("fig-toimijat", 1, "Hanketoimijat taustaorganisaation mukaan"),
    ("fig-ely", 2, "Hankkeiden prosentuaalinen jakautuminen rahoituksista vastaavissa ELY-keskuksissa"),
    ("fig-maakunnat", 3, "Hankkeiden prosentuaalinen jakautuminen maakuntien näkökulmasta"),
    ("fig-toimialat", 4, "Hankkeiden jakautuminen toimi- ja koulutusalan mukaan"),
    ("fig-teemat", 5, "Hankkeiden kehittämisteemat ja ELY-alueet"),
]
# Figures added by the project; fig-vertailu only appears when an earlier year has data (not for 2023).
ADDED_FIGURES = ["fig-haasteet", "fig-verkostot", "fig-viestinta", "fig-tulokset", "fig-aikajana"]

# The facts as the chapters state them (chapters/_01 … _04 with the 2023 values filled in).
FACT_SENTENCES = [
    # scope and sources
    "Rahoituspäätöksiä tekevät seuraavat ELY-keskukset: Häme, Keski-Suomi, Etelä-Savo ja Pohjois-Pohjanmaa.",
    "Jatkuva oppiminen on osa Uudistuva ja osaava Suomi 2021–2027 -ohjelmaa.",
    "sijoittuu toimintalinjaan 4 eli Työllistävä, osaava ja osallistava Suomi (ESR+), ja sen sisällä "
    "erityistavoitteeseen 4.2, jonka nimi on Uutta osaamista työelämään.",
    "EURA 2021 -tietopalvelusta",
    "hakusanoilla jatkuva oppiminen, aikuiskoulutus, ammatillinen koulutus ja lisäkoulutus.",
    "Hakutuloksia täydennettiin ELY-keskusten rahoitusasiantuntijoilta saaduilla tiedoilla.",
    "jotka käynnistyivät aikavälillä 1.1.2023–31.12.2023",
    "Kartoituksen perusjoukon koko oli 20, ja vastauksia saatiin 15. Vastausprosentti oli siten 75 %.",
    # counts (3.1)
    "Selvityksen kohortissa on kaikkiaan 45 toteutusta.",
    "Ryhmähankkeita on 13, ja niissä on yhteensä 25 osatoteuttajaa.",
    "Yksittäisiä hankkeita on seitsemän.",
    "Ryhmähankkeita vetävät pääosin ammattikorkeakoulut, jotka toimivat päätoteuttajana 10 ryhmähankkeessa.",
    "Toteuttajat edustavat seuraavia organisaatiotyyppejä: ammattikorkeakoulut, ammatillisen koulutuksen "
    "järjestäjät, yliopistot, kunnat, yhdistykset ja järjestöt, kansalaisopistot, yritykset, "
    "kehittämisyhtiöt ja hyvinvointialueet.",
    "Osaa tyypeistä edustaa vain yksi toteuttaja; tällaisia ovat yritys, kehittämisyhtiö ja hyvinvointialue.",
    "Kaikki kohortin hankkeet ovat käynnistyneet vuoden 2023 aikana.",
    "Suunnitellut toteutusajat sijoittuvat ajanjaksolle 1.1.2023–31.10.2026.",
    "erilaisia päivämääräpareja on 17.",
    "Kohortin aktiivisin toimintavuosi on 2025:",
    # the definition of "most active year" is stated (facts: choose one and state it)
    "Aktiivisin toimintavuosi on se vuosi, jolle osuu eniten toteutusten puolivälejä.",
    "Toteutukset sijoittuvat 11 maakuntaan.",
    "yksi ryhmähanke voi ulottua usean maakunnan alueelle.",
    "Toimi- ja koulutusaloja, joille toteutukset kohdistuvat, on kaikkiaan seitsemän:",
    "palvelualat, luonto- ja ympäristöala",
    "Yksi toteutus ei sitoudu mihinkään tiettyyn alaan.",
    "Osa toteutuksista puolestaan ulottuu usean alan alueelle",
    "Kärkeen nousevat sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala.",
    # themes (3.2)
    "Joustavien koulutusmallien kehittäminen",
    "Osaamisen vahvistaminen ja laajentaminen",
    "Osaamistarpeiden ennakointi ja varmistaminen",
    "Ensimmäisen teeman hankkeita on 6. Niitä toteutetaan Hämeessä, Keski-Suomessa ja Etelä-Savossa",
    "Toisen teeman hankkeita on 5. Niitä on Keski-Suomessa, Etelä-Savossa ja Pohjois-Pohjanmaalla",
    "Kolmannen teeman hankkeita on 9. Niitä on Hämeessä, Keski-Suomessa, Etelä-Savossa ja "
    "Pohjois-Pohjanmaalla, ja eniten Etelä-Savossa.",
    "Kolmas teema on siis edustettuna jokaisen rahoittavan ELY-keskuksen alueella.",
    "Keski-Suomessa kaikki teemat ovat edustettuina yhtä monella hankkeella.",
    # survey (3.3–3.5)
    "hankkeessa työskentelee 49 henkilöä. Heistä päätoimisia on 5 ja osa-aikaisia 44.",
    "Osatoteuttajien organisaatioissa hanketyötä tekee 28 henkilöä.",
    "Osatoteuttajien hankehenkilöstö työskentelee hankkeessa kokonaan osa-aikaisesti.",
    "useimmin hankaloittaneet hankehenkilöstön rekrytointi ja henkilöstön vaihtuvuus.",
    "Muita mainittuja haasteita ovat aikataulujen yhteensovittaminen kumppanien kanssa ja tekniset ongelmat.",
    "hyvinvointialue voi nyt toimia itse hankkeen toteuttajana",
    "Hanketoimijat pitävät verkkosivuja yhtenä tärkeimmistä tähänastisista tuloksistaan",
    "yhteinen digitaalinen alusta",
    "suomen kielen taito saa liian suuren painon suhteessa varsinaiseen ammattitaitoon.",
    # conclusions (4)
    "Suurimmat alat ovat sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala.",
    "Kehittämistyön pääteemat ovat joustavien koulutusmallien kehittäminen, osaamisen vahvistaminen ja "
    "laajentaminen sekä osaamistarpeiden ennakointi ja varmistaminen.",
    "Rahoittavia ELY-keskuksia on 4, ja toteutukset sijoittuvat 11 maakuntaan.",  # one number style a sentence
    "kynnysarvot ylittää kolme ammattikorkeakoulua: Ammattikorkeakoulu A, Ammattikorkeakoulu B ja "
    "Ammattikorkeakoulu C (toteutuksia 6, 5 ja 5).",
    "Vastanneiden päätoteuttajien 49 hanketyöntekijästä osa-aikaisia on 44.",
]

# _variables.yml of the edition: dotted key -> the value the facts require.
FACT_VARIABLES = {
    "vuosi": 2023,
    "hankkeet.yhteensa": 45,
    "hankkeet.ryhmahankkeet": 13,
    "hankkeet.osatoteuttajat": 25,
    "hankkeet.yksittaiset": 7,
    "hankkeet.yksittaiset_sana": "seitsemän",
    "hankkeet.ryhmahankkeiden_yleisin_paatoteuttaja": "ammattikorkeakoulut",
    "aikataulu.eri_ajanjaksoja": 17,
    "aikataulu.aktiivisin_vuosi": 2025,
    "aikataulu.alkaen": "1.1.2023",
    "aikataulu.paattyen": "31.10.2026",
    "maakunnat.lukumaara": 11,
    "ely.lukumaara": 4,
    "ely.kaikki": "Häme, Keski-Suomi, Etelä-Savo ja Pohjois-Pohjanmaa",
    "toimialat.lukumaara": 7,
    "toimialat.sitoutumattomia": 1,
    "toimialat.kaksi_suurinta": "sosiaali-, terveys- ja hyvinvointiala sekä teknologia-ala",
    "teemat.t1.nimi": "Joustavien koulutusmallien kehittäminen",
    "teemat.t2.nimi": "Osaamisen vahvistaminen ja laajentaminen",
    "teemat.t3.nimi": "Osaamistarpeiden ennakointi ja varmistaminen",
    "teemat.t1.alueet": "Hämeessä, Keski-Suomessa ja Etelä-Savossa",
    "teemat.t2.alueet": "Keski-Suomessa, Etelä-Savossa ja Pohjois-Pohjanmaalla",
    "teemat.t3.alueet": "Hämeessä, Keski-Suomessa, Etelä-Savossa ja Pohjois-Pohjanmaalla",
    "teemat.t3.vahvin": "Etelä-Savossa",
    "teemat.tasaiset_alueet": "Keski-Suomessa",
    "kysely.vastausprosentti": "75\u00a0%",   # no-break space before %
    "kysely.henkilosto.paatoteuttajat": 49,
    "kysely.henkilosto.paatoteuttajat_paatoimiset": 5,
    "kysely.henkilosto.osatoteuttajat": 28,
    "kysely.henkilosto.osatoteuttajat_paatoimiset": 0,
    "kysely.haasteet.kaksi_yleisinta": "hankehenkilöstön rekrytointi ja henkilöstön vaihtuvuus",
    "toimijat.aktiivisimmat": "kolme ammattikorkeakoulua",
    "toimijat.yksi_kutakin": "yritys, kehittämisyhtiö ja hyvinvointialue",
}


# ---------------------------------------------------------------------------------------------
# helpers of these checks (also used by test_quarto_engine.py); the readers are in helpers.py

def missing_sentences(text: str, sentences=FACT_SENTENCES) -> list[str]:
    flat = squash(without_page_numbers(text))
    return [s for s in sentences if squash(s) not in flat]


def caption_numbers(text: str) -> dict[str, int]:
    """label -> N for every CAPTIONS entry that the text states as "Kuvio N. <caption>"."""
    flat = squash(text)
    found = {}
    for label, caption in CAPTIONS.items():
        m = re.search(r"Kuvio(\d+)\." + re.escape(squash(caption)), flat)
        if m:
            found[label] = int(m.group(1))
    return found


def check_captions(text: str, what: str) -> dict[str, int]:
    """The five original figures are Kuvio 1–5 in that order, the added ones follow; numbers 1..N."""
    numbers = caption_numbers(text)
    for label, n, title in ORIGINAL_FIGURES:
        assert numbers.get(label) == n, f"{what}: ei löydy '{'Kuvio'} {n}. {title}' (löytyi: {numbers})"
    for label in ADDED_FIGURES:
        assert label in numbers, f"{what}: kuvion {label} otsikkoa 'Kuvio N. {CAPTIONS[label]}' ei löydy"
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1)), \
        f"{what}: kuvioiden numerot eivät ole 1..{len(numbers)}: {numbers}"
    flat = squash(text)
    positions = [flat.index(f"Kuvio{n}." + squash(title)) for _, n, title in ORIGINAL_FIGURES]
    assert positions == sorted(positions), f"{what}: Kuviot 1–5 eivät ole järjestyksessä"
    return numbers


def free_text_answers() -> list[str]:
    """The survey's free-text answers (never to be published), from data/kysely/<year>.csv."""
    frame = pd.read_csv(ROOT / "data" / "kysely" / f"{YEAR}.csv", sep=None, engine="python", dtype=str,
                        encoding="utf-8-sig")
    values = set()
    for column in ("onnistumiset", "muuta"):
        if column in frame.columns:
            values.update(v.strip() for v in frame[column].dropna() if v.strip())
    return sorted(values)


from joppi.claims import lookup as deep_get  # noqa: E402 - the build's own dotted-key lookup


# ---------------------------------------------------------------------------------------------
# fixtures

@pytest.fixture(scope="module")
def edition(built_2023):
    assert built_2023.html.is_file(), f"HTML puuttuu: {built_2023.html}"
    assert built_2023.pdf.is_file(), f"PDF puuttuu: {built_2023.pdf}"
    return built_2023


@pytest.fixture(scope="module")
def pdf_txt(edition) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) puuttuu: asenna se (tests/run.sh asentaa)")
    return pdf_text(edition.pdf, layout=True)


@pytest.fixture(scope="module")
def html_src(edition) -> str:
    return edition.html.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dom(edition) -> Node:
    return parse_html(edition.html)


@pytest.fixture(scope="module")
def html_txt(dom) -> str:
    return dom.text()


# ---------------------------------------------------------------------------------------------
# the build itself

def test_build_published_the_edition(edition):
    assert edition.engine == "pandoc"
    assert edition.output.name == str(YEAR)
    assert edition.pdf.name == f"joppi-tilannekuva-{YEAR}.pdf"
    for asset in ("_joppi/vega-bundle.js", "_joppi/joppi.css"):
        assert (edition.output / asset).is_file(), f"{asset} puuttuu julkaisun vierestä"
    assert list((edition.output / "_joppi").rglob("*.ttf")) or list((edition.output / "_joppi").rglob("*.woff2")), \
        "fontteja ei ole julkaistu sivun viereen"
    assert edition.stale_claims == [], "kertomuksen väitteitä ei pidä: " + "; ".join(
        c.message() for c in edition.stale_claims)


def test_variables_hold_the_facts(edition):
    values = yaml.safe_load((edition.output / "_variables.yml").read_text(encoding="utf-8"))
    wrong = {k: (deep_get(values, k), v) for k, v in FACT_VARIABLES.items() if deep_get(values, k) != v}
    assert not wrong, f"_variables.yml ei vastaa faktoja (saatu, odotettu): {wrong}"


# ---------------------------------------------------------------------------------------------
# PDF

def test_pdf_captions_numbered_in_order(pdf_txt):
    check_captions(pdf_txt, "PDF")


def test_pdf_states_the_facts(pdf_txt):
    missing = missing_sentences(pdf_txt)
    assert not missing, "PDF:stä puuttuu:\n" + "\n".join(missing)


def test_pdf_has_no_unresolved_markup(pdf_txt):
    for token in ("{{<", ">}}", "?var", "?@fig", "@fig-", "?sec", "??"):
        assert token not in pdf_txt, f"PDF:ssä on ratkaisematon merkintä {token!r}"


def test_pdf_toc_page(pdf_txt):
    pages = pdf_txt.split("\f")
    assert any("Sisällys" in page for page in pages), "PDF:ssä ei ole Sisällys-sivua"


def test_pdf_metadata(edition):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) puuttuu")
    info = subprocess.run(["pdfinfo", str(edition.pdf)], capture_output=True, text=True, encoding="utf-8")
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    assert "(A4)" in fields.get("Page size", ""), fields.get("Page size")
    assert fields.get("Title") == "Jatkuvan oppimisen kehittäminen alueellisissa ESR+-hankkeissa", fields.get("Title")
    assert fields.get("Tagged") == "yes", "PDF ei ole rakenteistettu (Tagged: no)"
    assert int(fields.get("Pages", "0")) >= 5


def test_pdf_every_page_is_a4(edition):
    from pypdf import PdfReader

    reader = PdfReader(str(edition.pdf))
    for i, page in enumerate(reader.pages, 1):
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(w - 595.28) < 1 and abs(h - 841.89) < 1, f"sivu {i} ei ole A4: {w} x {h}"


def test_pdf_fonts_embedded(edition):
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) puuttuu")
    out = subprocess.run(["pdffonts", str(edition.pdf)], capture_output=True, text=True, encoding="utf-8")
    rows = out.stdout.splitlines()[2:]
    assert rows, "pdffonts ei listannut yhtään fonttia"
    not_embedded = [r for r in rows if re.split(r"\s+", r.strip())[-5] != "yes"]
    assert not not_embedded, "upottamattomia fontteja:\n" + "\n".join(not_embedded)


def test_pdf_language_and_structure(edition):
    from pypdf import PdfReader

    reader = PdfReader(str(edition.pdf))
    root = reader.trailer["/Root"]
    assert str(root.get("/Lang", "")).lower().split("-")[0] == "fi", f"/Lang = {root.get('/Lang')!r}"
    assert bool(root.get("/MarkInfo", {}).get("/Marked")) is True, "PDF:n /MarkInfo /Marked ei ole tosi"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Jatkuvan oppimisen kehittäminen alueellisissa ESR+-hankkeissa"


# ---------------------------------------------------------------------------------------------
# HTML

def test_html_lang_fi(dom):
    html = next(dom.find_all("html"))
    assert html.attrs.get("lang") == "fi"
    title = next(dom.find_all("title"))
    assert spaced(title.text()) == "Jatkuvan oppimisen kehittäminen alueellisissa ESR+-hankkeissa"


def test_html_captions_numbered_in_order(dom, html_txt):
    numbers = check_captions(html_txt, "HTML")
    # each figure element carries its own caption
    for label, n in numbers.items():
        figure = next(dom.find_all(id=label), None)
        assert figure is not None, f"HTML:ssä ei ole elementtiä id={label}"
        captions = list(figure.find_all("figcaption"))
        assert captions, f"{label}: ei figcaptionia"
        assert spaced(captions[0].text()) == f"Kuvio {n}. {CAPTIONS[label]}", spaced(captions[0].text())


def test_html_and_pdf_number_figures_alike(html_txt, pdf_txt):
    assert caption_numbers(html_txt) == caption_numbers(pdf_txt)


def test_html_states_the_facts(html_txt):
    missing = missing_sentences(html_txt)
    assert not missing, "HTML:stä puuttuu:\n" + "\n".join(missing)


def test_html_seven_conclusions(dom):
    section = next(dom.find_all(id="sec-johtopaatokset"))
    first_list = next(section.find_all("ul"))
    items = [li for li in first_list.children if isinstance(li, Node) and li.tag == "li"]
    assert len(items) == 7, [spaced(li.text()) for li in items]


def test_html_has_no_unresolved_markup(html_txt):
    for token in ("{{<", ">}}", "?var", "?@fig", "@fig-", "??"):
        assert token not in html_txt, f"HTML:ssä on ratkaisematon merkintä {token!r}"


def test_html_internal_links_resolve(dom):
    ids = {n.attrs["id"] for n in dom.iter() if n.attrs.get("id")}
    broken = []
    for a in dom.find_all("a"):
        href = a.attrs.get("href", "")
        if href.startswith("#") and len(href) > 1 and unquote(href[1:]) not in ids:
            broken.append(href)
    assert not broken, f"linkkejä, joiden kohdetta ei ole: {broken}"
    fig_links = [a for a in dom.find_all("a") if a.attrs.get("href", "").startswith("#fig-")]
    assert len(fig_links) >= 10


def _local_refs(dom: Node) -> list[tuple[str, str]]:
    refs = []
    for node in dom.iter():
        if node.tag in ("script", "img", "source", "iframe", "audio", "video", "embed") and node.attrs.get("src"):
            refs.append((node.tag, node.attrs["src"]))
        if node.tag == "link" and node.attrs.get("href"):
            refs.append(("link", node.attrs["href"]))
    return refs


def test_html_opens_offline(edition, dom):
    """No script, style, font or image comes from the network, and every local one exists."""
    remote, missing = [], []
    for tag, ref in _local_refs(dom):
        if urlparse(ref).scheme in ("http", "https") or ref.startswith("//"):
            remote.append(f"<{tag}> {ref}")
        elif not ref.startswith("data:"):
            if not (edition.output / unquote(ref.split("#")[0].split("?")[0])).exists():
                missing.append(ref)
    css_files = [edition.output / unquote(ref) for tag, ref in _local_refs(dom)
                 if tag == "link" and ref.endswith(".css")]
    assert css_files, "sivu ei lataa yhtään tyylitiedostoa"
    for css in css_files:
        text = css.read_text(encoding="utf-8")
        for url in re.findall(r"""url\(\s*['"]?([^'")]+)""", text) + re.findall(r"""@import\s+['"]([^'"]+)""", text):
            if url.startswith(("http:", "https:", "//")):
                remote.append(f"{css.name}: {url}")
            elif not url.startswith(("data:", "#")) and not (css.parent / unquote(url)).exists():
                missing.append(f"{css.name}: {url}")
    assert not remote, f"verkosta ladattavia resursseja: {remote}"
    assert not missing, f"puuttuvia paikallisia resursseja: {missing}"


def test_html_figures_have_alt_text_and_data_table(dom):
    figures = [n for n in dom.iter() if (n.attrs.get("id") or "").startswith("fig-") and n.attrs["id"] in CAPTIONS]
    assert len(figures) >= 10, [f.attrs["id"] for f in figures]
    appendix = next(dom.find_all(id="sec-aineistot"), None)
    assert appendix is not None, "liite Kuvioiden aineistot puuttuu"
    for figure in figures:
        label = figure.attrs["id"]
        alts = [n.attrs.get("aria-label", "") for n in figure.iter() if n.attrs.get("role") == "img"]
        alts += [n.attrs.get("alt", "") for n in figure.find_all("img")]
        alts = [a for a in alts if a.strip()]
        assert alts, f"{label}: kuviolla ei ole tekstivastinetta (role=img + aria-label tai img alt)"
        assert len(alts[0]) > 30, f"{label}: tekstivastine on liian lyhyt: {alts[0]!r}"
        # The chart itself is aria-hidden, so the same description must also be readable as text.
        hidden = any(n.attrs.get("aria-hidden") == "true" for n in figure.iter())
        if hidden:
            assert squash(alts[0]) in squash(figure.text()), \
                f"{label}: kaavio on aria-hidden, mutta tekstivastinetta ei ole tekstinä kuviossa"
        # the data table: a section of the appendix that links to this figure and holds a table
        sections = [s for s in appendix.find_all("section")
                    if any(a.attrs.get("href") == f"#{label}" for a in s.find_all("a"))]
        assert sections, f"{label}: liitteessä ei ole kuvion aineistotaulukkoa"
        tables = list(sections[0].find_all("table"))
        assert tables, f"{label}: aineisto-osiossa ei ole taulukkoa"
        assert len(list(tables[0].find_all("td"))) >= 2, f"{label}: aineistotaulukko on tyhjä"


def test_html_charts_are_embedded_specs(html_src, dom):
    containers = [n for n in dom.iter() if "joppi-kuvio" in n.classes()]
    specs = list(vega_specs(html_src).values())
    assert len(specs) == len(containers) >= 10
    for spec in specs:
        assert spec.get("datasets") or spec.get("data"), "kaaviossa ei ole aineistoa"


def test_free_text_answers_are_never_published(edition, html_src, pdf_txt):
    answers = free_text_answers()
    assert answers, "kyselyssä ei ole vapaatekstivastauksia (sarake onnistumiset puuttuu?)"
    specs = json.dumps(list(vega_specs(html_src).values()), ensure_ascii=False)
    published = {"HTML": html_src, "PDF": pdf_txt, "Vega-spesifikaatiot": specs}
    for path in edition.output.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".yaml", ".json", ".md", ".csv", ".txt", ".html"):
            published[str(path.relative_to(edition.output))] = path.read_text(encoding="utf-8", errors="replace")
    leaks = [(where, answer) for answer in answers for where, text in published.items()
             if squash(answer) in squash(text)]
    assert not leaks, f"vapaatekstivastauksia julkaistu: {leaks}"


def test_publication_date_is_plausible(html_txt, pdf_txt):
    for what, text in (("HTML", html_txt), ("PDF", pdf_txt)):
        m = re.search(r"Julkaisun päiväys on (\d{1,2})\.(\d{1,2})\.(\d{4})", spaced(text))
        assert m, f"{what}: julkaisun päiväystä ei löydy"
        assert int(m.group(3)) >= YEAR, f"{what}: julkaisun päiväys {m.group(0)} on ennen vuotta {YEAR}"


def test_data_tables_in_figure_order(dom):
    appendix = next(dom.find_all(id="sec-aineistot"))
    order = []
    for a in appendix.find_all("a"):
        m = re.fullmatch(r"Kuvio (\d+)", spaced(a.text()))
        if (a.attrs.get("href") or "").startswith("#fig-") and m:
            order.append(int(m.group(1)))
    assert len(order) >= 10
    assert order == sorted(order), f"aineistotaulukot eivät ole kuvioiden järjestyksessä: {order}"


# ---------------------------------------------------------------------------------------------
# originality: the publication is written in its own words. The original 2023 edition is known
# here only by its fingerprint (tests/original-2023.shingles: hashes of its runs of 8 words).

def tracked_text_files() -> list[Path]:
    """The repository's text files that git tracks (the writers' sources among them)."""
    suffixes = {".qmd", ".md", ".py", ".yml", ".yaml", ".txt", ".csv", ".typ", ".ipynb", ".toml"}
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("git puuttuu tai hakemisto ei ole git-työpuu: versionhallinnan tiedostoja ei voi listata")
    names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / n for n in names.split() if Path(n).suffix in suffixes and (ROOT / n).is_file()]


def test_shingles_are_runs_of_eight_lowercased_words():
    text = "Yksi kaksi Kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän – 2021–2027"
    assert list(shingle_hashes(text).values()) == [
        "yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan",
        "kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän",
        "kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän 2021-2027",
    ]
    assert shingle_hashes("vain seitsemän sanaa ei riitä yhteen jaksoon") == {}


def test_the_fingerprint_recognises_the_original_and_not_new_text():
    from helpers import original_shingles

    assert len(original_shingles()) > 1000
    # A sentence written for this test shares no run of 8 words with the original.
    assert repeated_passages("Tämä testiä varten kirjoitettu virke ei toista alkuperäisen julkaisun "
                             "sanajaksoja, koska kukaan ei ole kirjoittanut sitä aiemmin.") == []


def test_sources_repeat_no_passage_of_the_original():
    """Every tracked text file (chapters, docs, data, code): no 8-word run of the original."""
    repeated = {}
    for path in tracked_text_files():
        if path.name == "original-2023.shingles":
            continue
        found = repeated_passages(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            repeated[path.relative_to(ROOT).as_posix()] = found[:3]
    assert not repeated, f"tiedostot toistavat alkuperäisen julkaisun sanajaksoja: {repeated}"


def test_rendered_text_repeats_no_passage_of_the_original(html_src):
    """Prose only: headings, figure captions and tables carry the original's titles by design."""
    import html as html_module

    body = re.sub(r"<(figcaption|table|h[1-6])\b.*?</\1>", " ", html_src.split("<main", 1)[1], flags=re.S)
    paragraphs = re.findall(r"<(p|li)\b[^>]*>(.*?)</\1>", body, flags=re.S)
    assert len(paragraphs) > 40
    text = "\n".join(html_module.unescape(re.sub(r"<[^>]+>", " ", inner)) for _, inner in paragraphs)
    repeated = repeated_passages(text)
    assert not repeated, f"julkaisun teksti toistaa alkuperäisen sanajaksoja: {repeated[:5]}"


def test_every_html_figure_carries_its_data_table(html_src):
    """Under each chart on the web page: its numbers as a table (the PDF has them in the appendix)."""
    figures = re.findall(r'<figure id="(fig-[\w-]+)"(.*?)</figure>', html_src, flags=re.S)
    assert len(figures) >= 10
    for label, body in figures:
        table = re.search(r'<details class="joppi-aineisto">.*?<table>(.*?)</table>', body, flags=re.S)
        assert table, f"{label}: kuvion alla ei ole lukutaulukkoa"
        assert '<th scope="col">' in table.group(1) and "<td>" in table.group(1), label
    # Kuvio 2's table, worked out from the data: Keski-Suomi 15 toteutusta, 33 %
    ely = dict(figures)["fig-ely"]
    assert "<td>Keski-Suomi</td><td>15</td><td>33\u00a0%</td>" in ely
