"""Conditional content and required claims in every attribute form Pandoc reads (issue 21, item 1).

The own engine and the claim check read the sources through Pandoc's own parse: a condition
written in another order, with other quotes, over two lines, nested, with extra classes, with
`unless-meta` or `.content-hidden`, is evaluated as Quarto evaluates it, and a false sentence is
never published. A form the two engines would read differently is refused with its file and line.
"""

from __future__ import annotations

from pathlib import Path

import pypandoc
import pytest
import yaml

from joppi.claims import mark_stale_claims, stale_claims, unknown_conditions
from joppi.conditional import pandoc_json
from joppi.errors import DataError
from joppi.render.qmd import preprocess
from test_quarto_order import embed, project

F, T = "vaitteet.ei", "vaitteet.kylla"     # false and true in the fixture's _joppi/ehdot.yml

# (case, source, {marker: shown?}). Markers are words that occur nowhere else.
SHOWN_OR_NOT = [
    ("perusmuoto", f'Alku [PIILO01.]{{.content-visible when-meta="{F}"}} loppu.', {"PIILO01": False}),
    ("perusmuoto tosi", f'Alku [NAKYY01.]{{.content-visible when-meta="{T}"}} loppu.', {"NAKYY01": True}),
    ("avain ensin", f'Alku [PIILO02.]{{when-meta="{F}" .content-visible}} loppu.', {"PIILO02": False}),
    ("avain ensin tosi", f'Alku [NAKYY02.]{{when-meta="{T}" .content-visible}}', {"NAKYY02": True}),
    ("yksinkertaiset lainausmerkit", f"[PIILO03.]{{.content-visible when-meta='{F}'}}", {"PIILO03": False}),
    ("lainausmerkeittä", f"[PIILO04.]{{.content-visible when-meta={F}}}", {"PIILO04": False}),
    ("lainausmerkeittä tosi", f"[NAKYY04.]{{.content-visible when-meta={T}}}", {"NAKYY04": True}),
    ("kahdella rivillä", f'Alku [PIILO05\njatkuu PIILO05B.]{{.content-visible when-meta="{F}"}}\nloppu.',
     {"PIILO05": False, "PIILO05B": False}),
    ("attribuutit kahdella rivillä", f'Alku [PIILO06.]{{.content-visible\nwhen-meta="{F}"}} loppu.',
     {"PIILO06": False}),
    ("lisäluokka", f'[PIILO07.]{{.content-visible .tarkea when-meta="{F}"}}', {"PIILO07": False}),
    ("lisäluokka ensin", f'[PIILO08.]{{.tarkea when-meta="{F}" .content-visible}}', {"PIILO08": False}),
    ("tunniste", f'[PIILO09.]{{#lause-1 .content-visible when-meta="{F}"}}', {"PIILO09": False}),
    ("välilyöntejä", f'[PIILO10.]{{   .content-visible    when-meta="{F}"   }}', {"PIILO10": False}),
    ("unless-meta", f'[PIILO11.]{{.content-visible unless-meta="{T}"}} [NAKYY11.]{{.content-visible '
                    f'unless-meta="{F}"}}', {"PIILO11": False, "NAKYY11": True}),
    ("content-hidden", f'[PIILO12.]{{.content-hidden when-meta="{T}"}} [NAKYY12.]{{.content-hidden '
                       f'when-meta="{F}"}}', {"PIILO12": False, "NAKYY12": True}),
    ("content-hidden unless", f'[PIILO13.]{{.content-hidden unless-meta="{F}"}}', {"PIILO13": False}),
    ("when ja unless", f'[PIILO14.]{{.content-visible when-meta="{T}" unless-meta="{T}"}} '
                       f'[NAKYY14.]{{.content-visible when-meta="{T}" unless-meta="{F}"}}',
     {"PIILO14": False, "NAKYY14": True}),
    ("hakasulkeita sisällä", f'[PIILO15 [sisä PIILO15B]{{.tarkea}} **lihava** [linkki](https://example.org)]'
                             f'{{.content-visible when-meta="{F}"}} loppu.', {"PIILO15": False, "PIILO15B": False}),
    ("tosi epätoden sisällä", f'[PIILO16 [PIILO16B]{{.content-visible when-meta="{T}"}}.]'
                              f'{{.content-visible when-meta="{F}"}}', {"PIILO16": False, "PIILO16B": False}),
    ("epätosi toden sisällä", f'[NAKYY17 [PIILO17]{{.content-visible when-meta="{F}"}}.]'
                              f'{{.content-visible when-meta="{T}"}}', {"NAKYY17": True, "PIILO17": False}),
    ("lohko", f'::: {{.content-visible when-meta="{F}"}}\nPIILO20.\n:::\n\nNAKYY20.', {"PIILO20": False, "NAKYY20": True}),
    ("lohko avain ensin", f'::: {{when-meta="{F}" .content-visible}}\nPIILO21.\n:::', {"PIILO21": False}),
    ("lohko neljä kaksoispistettä", f":::: {{.content-visible when-meta='{F}'}}\nPIILO22.\n::::", {"PIILO22": False}),
    ("lohko lainausmerkeittä", f"::: {{.content-visible when-meta={F}}}\nPIILO23.\n:::", {"PIILO23": False}),
    ("lohko content-hidden", f'::: {{.content-hidden when-meta="{T}"}}\nPIILO24.\n:::\n\n'
                             f'::: {{.content-hidden when-meta="{F}"}}\nNAKYY24.\n:::', {"PIILO24": False, "NAKYY24": True}),
    ("lohko unless-meta", f'::: {{.content-visible unless-meta="{T}"}}\nPIILO25.\n:::', {"PIILO25": False}),
    ("lohko lisäluokalla", f'::: {{.content-visible .huomio when-meta="{F}"}}\nPIILO26.\n:::', {"PIILO26": False}),
    ("koodilohko ::: epätoden sisällä", f'::: {{.content-visible when-meta="{F}"}}\n```\n:::\n```\nPIILO27.\n:::\n\n'
                                        "NAKYY27.", {"PIILO27": False, "NAKYY27": True}),
    ("tilde-koodilohko", f'::: {{.content-visible when-meta="{F}"}}\n~~~~\n:::\n~~~~\nPIILO28.\n:::', {"PIILO28": False}),
    ("epätosi lohko toden sisällä", f'::: {{.content-visible when-meta="{T}"}}\nNAKYY29.\n\n'
                                    f'::: {{.content-visible when-meta="{F}"}}\nPIILO29.\n:::\n\nNAKYY29B.\n:::',
     {"NAKYY29": True, "PIILO29": False, "NAKYY29B": True}),
    ("tosi lohko epätoden sisällä", f':::: {{.content-visible when-meta="{F}"}}\nPIILO30.\n\n'
                                    f'::: {{.content-visible when-meta="{T}"}}\nPIILO30B.\n:::\n::::',
     {"PIILO30": False, "PIILO30B": False}),
    ("huomautus epätoden sisällä", f'::: {{.content-visible when-meta="{F}"}}\n::: {{.callout-note}}\nPIILO31.\n'
                                   ":::\n:::", {"PIILO31": False}),
    ("lause epätoden lohkon sisällä", f'::: {{.content-visible when-meta="{F}"}}\nPIILO32 '
                                      f'[PIILO32B]{{.content-visible when-meta="{T}"}}.\n:::', {"PIILO32": False, "PIILO32B": False}),
    ("lause toden lohkon sisällä", f'::: {{.content-visible when-meta="{T}"}}\nNAKYY33 '
                                   f'[PIILO33]{{.content-visible when-meta="{F}"}}.\n:::', {"NAKYY33": True, "PIILO33": False}),
    ("lause omalla rivillään kappaleen keskellä", f'Alku NAKYY34.\n[PIILO34.]{{.content-visible when-meta="{F}"}}\n'
                                                  "Loppu NAKYY34B.", {"NAKYY34": True, "PIILO34": False, "NAKYY34B": True}),
    ("kaksi epätotta samalla rivillä", f'Alku NAKYY35.\n[PIILO35.]{{.content-visible when-meta="{F}"}} '
                                       f'[PIILO35B.]{{.content-visible when-meta="{F}"}}\nLoppu.',
     {"NAKYY35": True, "PIILO35": False, "PIILO35B": False}),
    ("luettelossa", f'- NAKYY37 [PIILO37]{{.content-visible when-meta="{F}"}}\n- toinen', {"NAKYY37": True, "PIILO37": False}),
    ("koodin sisällä ei ole ehto", f'Koodi `[NAKYY38]{{.content-visible when-meta="{F}"}}` jää.', {"NAKYY38": True}),
    ("koodilohkossa ei ole ehto", f'```\n[NAKYY39]{{.content-visible when-meta="{F}"}}\n```', {"NAKYY39": True}),
    ("kommentti", f'<!-- [NAKYY40]{{.content-visible when-meta="{F}"}} -->\nTeksti.', {}),
]

# (case, source, the line of index.qmd named: the body starts on line 5)
REFUSED = [
    ("näkyvä ja piilotettu", f'[X]{{.content-visible .content-hidden when-meta="{F}"}}', 5),
    ("sama ehto kahdesti", f'Alku.\n\n[X]{{.content-visible when-meta="{F}" when-meta="{T}"}}', 7),
    ("when-format", '[X]{.content-visible when-format="html"}', 5),
    ("when-profile", '::: {.content-visible when-profile="sv"}\nX\n:::', 5),
    ("ehto ilman luokkaa", f'[X]{{when-meta="{F}"}}', 5),
    ("luokka ilman ehtoa", "[X]{.content-hidden}", 5),
    ("lohko luokan nimellä", "::: content-hidden\nX\n:::", 5),
    ("otsikon attribuutti", f'Alku.\n\n## Otsikko {{.content-visible when-meta="{F}"}}', 7),
    ("lause otsikossa", f'Alku.\n\n## Otsikko [X]{{.content-visible when-meta="{F}"}} Y', 7),
    ("koodilohkon attribuutti", f'```{{.content-visible when-meta="{F}"}}\nX\n```', 5),
    ("koodin attribuutti", f'Alku `X`{{.content-visible when-meta="{F}"}}.', 5),
    ("linkin attribuutti", f'[X](https://example.org){{.content-visible when-meta="{F}"}}', 5),
    ("HTML-span", f'Alku.\n\n<span class="content-visible" when-meta="{F}">X</span>', 7),
    ("tyhjä ehto", '[X]{.content-visible when-meta=""}', 5),
    ("tuntematon ehto", '[X]{.content-visible when-meta="vaitteet.puuttuu"}', 5),
    ("ehto muualla kuin vaitteissa", '[X]{.content-visible when-meta="vertailu.on"}', 5),
    ("välilyönti yhtäsuuruusmerkin ympärillä", f'Alku.\n\n[X]{{.content-visible when-meta = "{F}"}}', 7),
    ("lohkon attribuutit eivät ole attribuutteja", f'::: {{.content-visible when-meta = "{F}"}}\nX\n:::', 5),
    ("välilyönti hakasulkeen jälkeen", f'[X] {{.content-visible when-meta="{F}"}}', 5),
    ("tyhjä rivi lauseen sisällä", f'[X\n\nY]{{.content-visible when-meta="{F}"}}', 7),
    ("sisennetty lohko", f'Alku.\n\n- kohta\n\n  ::: {{.content-visible when-meta="{F}"}}\n  X\n  :::', 9),
    ("isot kirjaimet", f'[X]{{.Content-Visible when-meta="{F}"}}', 5),
    ("alaviiva", f'[X]{{.content-visible when_meta="{F}"}}', 5),
    ("kirjoitusvirhe", f'[X]{{.content-visble when-meta="{F}"}}', 5),
    ("väitteen kirjoitusvirhe", f'[X]{{.Vaite ehto="{F}"}}', 5),
    ("HTML-lohko", f'<div class="content-visible" when-meta="{F}">\nX\n</div>', 5),
    ("väite lohkona", f'::: {{.vaite ehto="{T}"}}\nX\n:::', 5),
    ("väite ilman ehtoa", "[X]{.vaite}", 5),
]


def _html(markdown: str) -> str:
    from joppi.render.pandoc_engine import READER

    return pypandoc.convert_text(markdown, "html", format=READER, extra_args=["--wrap=none"])


@pytest.mark.parametrize("case,source,markers", SHOWN_OR_NOT, ids=[c[0] for c in SHOWN_OR_NOT])
def test_a_condition_in_any_form_is_read_as_quarto_reads_it(tmp_path, case, source, markers):
    document = preprocess(project(tmp_path, source + "\n\nVIIMEINEN.\n"))
    html = _html(document.markdown)
    for marker, shown in markers.items():
        assert (marker in document.markdown) == shown, (marker, document.markdown)
        assert (marker in html) == shown, (marker, html)
    assert "VIIMEINEN" in html
    if "`" not in source and "<!--" not in source:      # code and comments are shown as written
        assert "content-visible" not in html and "content-hidden" not in html and "when-meta" not in html.replace(
        "data-when-meta", "")


def test_every_form_together_in_one_document(tmp_path):
    """The corpus as one text: the forms next to each other do not change how each is read."""
    body = "\n\n".join(source for _case, source, _markers in SHOWN_OR_NOT)
    html = _html(preprocess(project(tmp_path, body + "\n")).markdown)
    for _case, _source, markers in SHOWN_OR_NOT:
        for marker, shown in markers.items():
            assert (f"{marker}" in html) == shown, marker


def test_a_shown_span_keeps_its_other_attributes_and_its_key_as_data(tmp_path):
    markdown = preprocess(project(tmp_path, f'[Lause.]{{#l1 when-meta="{T}" .tarkea .content-visible}}\n')).markdown
    html = _html(markdown)
    assert '<span id="l1" class="tarkea" data-when-meta="vaitteet.kylla">Lause.</span>' in html


def test_a_removed_sentence_on_its_own_line_leaves_one_paragraph(tmp_path):
    html = _html(preprocess(project(tmp_path, f'Alku.\n[Pois.]{{when-meta="{F}" .content-visible}}\nLoppu.\n')).markdown)
    assert "<p>Alku. Loppu.</p>" in html


@pytest.mark.parametrize("case,source,line", REFUSED, ids=[c[0] for c in REFUSED])
def test_a_form_the_engines_would_read_differently_is_refused_with_its_place(tmp_path, case, source, line):
    with pytest.raises(DataError) as info:
        preprocess(project(tmp_path, source + "\n"))
    message = str(info.value)
    assert message.startswith(f"index.qmd, rivi {line}: "), message
    assert "Traceback" not in message


def test_figures_in_a_false_block_of_any_form_are_not_numbered(tmp_path):
    body = (f"::: {{when-meta='{F}' .content-visible}}\n{embed('fig-piilo')}\n:::\n\n"
            f"::: {{.content-hidden unless-meta={F}}}\n{embed('fig-piilo')}\n:::\n\n"
            f"{embed('fig-a')}\n\nKatso @fig-a.\n")
    document = preprocess(project(tmp_path, body))
    assert [(f.label, f.number) for f in document.figures] == [("fig-a", 1)]
    assert "Kuvio&nbsp;1" in document.markdown


def test_a_shortcode_in_a_false_span_of_another_form_is_still_resolved(tmp_path):
    """Quarto resolves every shortcode before it filters content: a bad var stops the build."""
    from joppi.render.qmd import RenderError

    body = f"[Arvo {{{{< var puuttuu >}}}}.]{{when-meta='{F}' .content-visible}}\n"
    with pytest.raises(RenderError, match=r"index\.qmd:5: tuntematon muuttuja"):
        preprocess(project(tmp_path, body))


# ---------------------------------------------------------------------------------------
# The claim check


def chapters(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "kertomus"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


VALUES = {"vaitteet": {"kylla": True, "ei": False}, "vertailu": {"on": False}}


def test_false_claims_are_found_in_every_form_and_both_languages(tmp_path):
    root = chapters(tmp_path, {
        "index.qmd": '---\ntitle: "X"\n---\n\n[Perus.]{.vaite ehto="vaitteet.ei"}\n',
        "chapters/_01-a.qmd": ("Alku.\n\n[Avain ensin.]{ehto=\"vaitteet.ei\" .vaite}\n\n"
                               "[Lisäluokka.]{.vaite .tarkea ehto='vaitteet.ei'}\n\n"
                               "[Kahdella\nrivillä.]{.vaite ehto=vaitteet.ei}\n\n"
                               "[Pitää.]{.vaite ehto=\"vaitteet.kylla\"}\n\n"
                               "[Vertailu.]{.vaite ehto=\"vertailu.on\"}\n"),
        "chapters/sv/_01-a.qmd": "Början.\n\n[Påstående.]{ehto='vaitteet.ei' .vaite}\n",
    })
    stale = stale_claims(root, VALUES)
    assert [(c.file, c.line, c.key, c.text) for c in stale] == [
        ("chapters/_01-a.qmd", 3, "vaitteet.ei", "Avain ensin."),
        ("chapters/_01-a.qmd", 5, "vaitteet.ei", "Lisäluokka."),
        ("chapters/_01-a.qmd", 7, "vaitteet.ei", "Kahdella rivillä."),
        ("chapters/_01-a.qmd", 12, "vertailu.on", "Vertailu."),
        ("chapters/sv/_01-a.qmd", 3, "vaitteet.ei", "Påstående."),
        ("index.qmd", 5, "vaitteet.ei", "Perus."),
    ]
    assert unknown_conditions(root, VALUES) == []


def test_a_claim_inside_false_content_is_not_published_so_not_checked(tmp_path):
    root = chapters(tmp_path, {"chapters/_01-a.qmd": (
        "::: {when-meta='vaitteet.ei' .content-visible}\n[Piilossa.]{.vaite ehto=\"vaitteet.ei\"}\n:::\n\n"
        "[Ehdollinen [väite.]{.vaite ehto=vaitteet.ei}]{.content-hidden when-meta=vaitteet.kylla}\n\n"
        "::: {.content-visible unless-meta=vaitteet.ei}\n[Näkyvissä.]{ehto=vaitteet.ei .vaite}\n:::\n")})
    assert [(c.line, c.text) for c in stale_claims(root, VALUES)] == [(8, "Näkyvissä.")]


def test_unknown_condition_keys_are_found_in_every_form(tmp_path):
    root = chapters(tmp_path, {"chapters/_01-a.qmd": (
        "[A.]{when-meta='vaitteet.puuttuu' .content-visible}\n\n"
        "::: {.content-hidden unless-meta=vaitteet.toinen}\nB.\n:::\n\n"
        "[C.]{.content-visible when-meta=\"vertailu.on\"}\n\n"       # not in what Quarto reads
        "[D.]{ehto=vaitteet.kolmas .vaite}\n")})
    assert [(c.line, c.key, c.kind) for c in unknown_conditions(root, VALUES)] == [
        (1, "vaitteet.puuttuu", "ehdollinen"), (3, "vaitteet.toinen", "ehdollinen"),
        (7, "vertailu.on", "ehdollinen"), (9, "vaitteet.kolmas", "vaite")]


def test_an_ambiguous_form_stops_the_claim_check_with_its_place(tmp_path):
    root = chapters(tmp_path, {"chapters/_01-a.qmd": "Alku.\n\n[X]{.vaite .content-visible .content-hidden "
                                                     "when-meta=vaitteet.ei ehto=vaitteet.ei}\n"})
    with pytest.raises(DataError, match=r"chapters/_01-a\.qmd, rivi 3: ehtoa ei voi lukea yksiselitteisesti"):
        stale_claims(root, VALUES)


def test_false_claims_of_any_form_are_marked_in_place(tmp_path):
    text = ("Alku [Avain ensin.]{ehto=\"vaitteet.ei\" .vaite} ja\n[kahdella\nrivillä]{#v2 .vaite .tarkea "
            "ehto='vaitteet.ei'} sekä [pitää]{.vaite ehto=vaitteet.kylla}.\n")
    root = chapters(tmp_path, {"chapters/_01-a.qmd": text})
    mark_stale_claims(root, stale_claims(root, VALUES))
    marked = (root / "chapters" / "_01-a.qmd").read_text(encoding="utf-8")
    spans = [b for b in _spans(pandoc_json(marked))]
    assert spans == [
        (["vaite", "ei-pida"], [["ehto", "vaitteet.ei"]], "VÄITE EI PIDÄ: Avain ensin."),
        (["vaite", "ei-pida", "tarkea"], [["ehto", "vaitteet.ei"]], "VÄITE EI PIDÄ: kahdella rivillä"),
        (["vaite"], [["ehto", "vaitteet.kylla"]], "pitää"),
    ]
    assert stale_claims(root, VALUES)[0].text == "**VÄITE EI PIDÄ:** Avain ensin."


def _spans(ast):
    def text(inlines):
        out = []
        for n in inlines:
            if n["t"] == "Str":
                out.append(n["c"])
            elif n["t"] in ("Space", "SoftBreak"):
                out.append(" ")
            elif n["t"] == "Strong":
                out.append(text(n["c"]))
        return "".join(out)

    for block in ast["blocks"]:
        for n in block["c"]:
            if n["t"] == "Span":
                (_ident, classes, pairs), inlines = n["c"]
                yield classes, pairs, text(inlines)


def test_the_canonical_metadata_has_only_what_quarto_reads(tmp_path):
    from joppi.claims import conditions_metadata

    assert yaml.safe_dump(conditions_metadata(VALUES)) == "vaitteet:\n  ei: false\n  kylla: true\n"
