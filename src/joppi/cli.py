"""The `joppi` command: validate, build, preview and prepare a new year. Messages are in Finnish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .engines import ENGINES
from .errors import DataError

EXIT_DATA = 2
EXIT_FAILURE = 1
EXIT_REFUSED = 3    # required claims do not hold: a marked draft, nothing published


def _root(args) -> Path:
    from .paths import project_root

    return Path(args.root).resolve() if args.root else project_root()


def cmd_validate(args) -> int:
    from .config import load_publication
    from .dataset import load_year

    root = _root(args)
    settings_issues = []
    pub = None
    try:
        pub = load_publication(root)   # data/julkaisu.yml is an input too: checked with the data, reported with it
    except DataError as exc:
        settings_issues = exc.issues
    else:
        from .sources import source_issues

        # the chapters and _brand.yml, where the project has them (a copy of just the data has none)
        settings_issues = source_issues(root, pub.notebooks)
    if (root / "_brand.yml").exists() or (root / "_brand.yml").is_symlink():
        from .brand import load_brand

        try:
            load_brand(root)
        except DataError as exc:
            settings_issues = settings_issues + exc.issues
    if pub is not None and "sv" in pub.languages:     # as the build's first step: Swedish names are input
        from .svenska import check_swedish_names

        try:
            check_swedish_names(root / "data" / "luokitukset")
        except DataError as exc:
            settings_issues += [i for i in exc.issues if i not in settings_issues]
    try:
        # a refused run writes nothing, not even the cache of data that passed
        data = load_year(root, args.year, use_cache=not settings_issues)
    except DataError as exc:
        # load_year reads the settings and classifications too: report each problem once
        raise DataError(settings_issues + [i for i in exc.issues if i not in settings_issues]) from None
    if settings_issues:
        raise DataError(settings_issues)
    print(f"Vuoden {data.year} aineisto on kunnossa: {len(data.cohort)} hankeriviä, "
          f"{len(data.survey)} kyselyvastausta.")
    return 0


def cmd_build(args) -> int:
    from .build import build

    from .build import ClaimsRefused

    try:
        build(_root(args), args.year, engine=args.engine)
    except ClaimsRefused as exc:
        print(f"{exc}\nEdellinen julkaisu on ennallaan.", file=sys.stderr)
        return EXIT_REFUSED
    return 0


def cmd_pre_render(args) -> int:
    """Quarto's `pre-render` step (named in _quarto.yml): bad input stops Quarto (status 2)."""
    import os

    from .build import PREPARED_ENV, pre_render

    if os.environ.get(PREPARED_ENV):
        return 0    # `joppi build` has prepared its work project already
    year, stale = pre_render(_root(args), args.year, log=lambda line: print(line, file=sys.stderr))
    for claim in stale:
        print(f"Huom: väite ei pidä, joppi build ei julkaisisi tätä: {claim.message()}", file=sys.stderr)
    print(f"Vuoden {year} luvut ja kuviot ovat valmiina Quartolle.", file=sys.stderr)
    return 0


def cmd_new_year(args) -> int:
    from .newyear import prepare_year

    for line in prepare_year(_root(args), args.year):
        print(line)
    return 0


def cmd_variables(args) -> int:
    import yaml

    from .config import load_publication
    from .dataset import load_year
    from .values import narrative_values

    data = load_year(_root(args), args.year)
    values = narrative_values(data, load_publication(_root(args)))
    print(yaml.safe_dump(values, allow_unicode=True, sort_keys=True, width=1000))
    return 0


def cmd_preview(args) -> int:
    from .preview import serve

    return serve(_root(args), args.year, port=args.port, engine=args.engine)


def cmd_haku(args) -> int:
    from .intake.haku import run_haku

    root = _root(args)
    r = run_haku(root, args.year, Path(args.file), args.poimittu, replace=args.korvaa)
    print(f"Kirjoitettiin {r.path.relative_to(root)}: {r.candidates} ehdokasta ({r.already} jo aineistossa), "
          f"{r.near} lähes ehdokasta (yksi ehto ei täyty), {r.changes} muutosta aineistossa jo oleviin hankkeisiin; "
          f"{r.others} muuta viennin riviä ei täytä kahta tai useampaa ehtoa.")
    print(f"Tarkista työkirja (mukaan: kyllä/ei, ehdotetut arvot, Muutokset) ja aja sitten: joppi tuo --year {args.year}")
    return 0


def cmd_tuo(args) -> int:
    from .intake.tuo import run_tuo

    r = run_tuo(_root(args), args.year)
    if not r.wrote:
        print("Ei muutoksia: työkirjan hyväksytyt rivit ja muutokset ovat jo tiedostossa data/hankkeet.csv.")
        return 0
    print(f"Tiedostoon data/hankkeet.csv lisättiin {len(r.added)} riviä ja tehtiin {len(r.changed)} hyväksyttyä "
          f"muutosta; lähde kirjattiin tiedostoon data/haku/{args.year}-lahde.yml. Tarkista: joppi validate --year "
          f"{args.year}")
    return 0


# argparse's own messages (Python 3.11), in Finnish: what was wrong, and what to do.
_ARGPARSE_FI = [
    (r"the following arguments are required: KOMENTO",
     lambda m: "komento puuttuu: kirjoita jokin komennoista validate, build, preview, muuttujat, new-year tai "
               "pre-render (esimerkiksi joppi build --year 2023)"),
    (r"the following arguments are required: (.+)",
     lambda m: f"pakollinen argumentti puuttuu: {m[1]}" + (" (esimerkiksi --year 2023)" if "--year" in m[1] else "")),
    (r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.+)\)",
     lambda m: f"argumentin {m[1]} arvo ”{m[2]}” ei kelpaa; valitse jokin näistä: {m[3]}"),
    (r"argument (\S+): invalid int value: '?(.*?)'?",
     lambda m: f"argumentin {m[1]} arvo ”{m[2]}” ei kelpaa; anna kokonaisluku"),
    (r"argument (\S+): invalid (\S+) value: '?(.*?)'?",
     lambda m: f"argumentin {m[1]} arvo ”{m[3]}” ei kelpaa"),
    (r"argument (\S+): expected one argument", lambda m: f"argumentti {m[1]} tarvitsee arvon (esimerkiksi {m[1]} 2023)"),
    (r"unrecognized arguments: (.+)", lambda m: f"tuntematon argumentti: {m[1]}"),
    (r"ambiguous option: (\S+) could match (.+)", lambda m: f"valitsin {m[1]} on monitulkintainen: se voi olla {m[2]}"),
    (r"argument (\S+): not allowed with argument (\S+)", lambda m: f"argumentteja {m[1]} ja {m[2]} ei voi käyttää yhdessä"),
    (r"argument (\S+): ignored explicit argument '(.*)'", lambda m: f"argumentti {m[1]} ei ota arvoa (”{m[2]}”)"),
    (r"argument (\S+): expected (.+) arguments?", lambda m: f"argumentti {m[1]} tarvitsee arvon"),
]
_HELP_FI = {"usage: ": "käyttö: ", "positional arguments:": "argumentit:", "options:": "valinnat:",
            "show this help message and exit": "näytä tämä ohje ja lopeta"}


def finnish_usage_error(message: str) -> str:
    """argparse's English message as a Finnish sentence (the original only if it is unknown)."""
    import re

    for pattern, make in _ARGPARSE_FI:
        m = re.fullmatch(pattern, message.strip())
        if m:
            return make(m)
    return f"komentoa ei voitu tulkita ({message})"


class FinnishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors, usage and help are Finnish."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_DATA, f"{self.prog}: virhe: {finnish_usage_error(message)}. "
                             f"Katso ohje: {self.prog} --help\n")

    def format_usage(self) -> str:
        return self._finnish(super().format_usage())

    def format_help(self) -> str:
        return self._finnish(super().format_help())

    @staticmethod
    def _finnish(text: str) -> str:
        for english, finnish in _HELP_FI.items():
            text = text.replace(english, finnish)
        return text


def parser() -> argparse.ArgumentParser:
    p = FinnishArgumentParser(prog="joppi", description="JOPPI-tilannekuvan tuotanto: aineistosta julkaisuksi.")
    p.add_argument("--root", help="projektin kansio (oletus: lähin kansio, jossa on _quarto.yml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="KOMENTO", title="komennot")

    v = sub.add_parser("validate", help="tarkista vuoden aineisto")
    v.add_argument("--year", required=True)
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("build", help="rakenna vuoden julkaisu (HTML ja PDF) kansioon _output/<vuosi>/")
    b.add_argument("--year", required=True)
    b.add_argument("--engine", choices=ENGINES, default="auto")
    # Kept for old scripts: a false claim always stops publishing now.
    b.add_argument("--strict", action="store_true", help=argparse.SUPPRESS)
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("pre-render", help="Quarton esivaihe: tarkista aineisto, aja muistikirjat ja kirjoita "
                       "luvut projektiin (quarto render ja quarto preview ajavat tämän itse)")
    r.add_argument("--year", default=None, help="vuosi (oletus: JOPPI_VUOSI tai viimeisin vuosi, jolta on aineisto)")
    r.set_defaults(func=cmd_pre_render)

    n = sub.add_parser("new-year", help="valmistele uusi vuosi: luo kyselytiedoston pohja")
    n.add_argument("year")
    n.set_defaults(func=cmd_new_year)

    m = sub.add_parser("muuttujat", help="tulosta vuoden muuttujat, joita kertomus voi käyttää")
    m.add_argument("--year", required=True)
    m.set_defaults(func=cmd_variables)

    h = sub.add_parser("haku", help="hae vuoden ehdokashankkeet EURA 2021 -viennistä työkirjaan "
                       "data/haku/<vuosi>-ehdokkaat.xlsx")
    h.add_argument("--year", required=True)
    h.add_argument("--poimittu", help="viennin poimintapäivä (p.k.vvvv; oletus: tiedoston muokkauspäivä)")
    h.add_argument("--korvaa", action="store_true", help="korvaa aiempi ehdokastyökirja (sen muutokset menetetään)")
    h.add_argument("file", help="EURA 2021 -vienti (.xlsx tai .csv)")
    h.set_defaults(func=cmd_haku)

    t = sub.add_parser("tuo", help="tuo tarkistetun ehdokastyökirjan hyväksytyt rivit tiedostoon data/hankkeet.csv")
    t.add_argument("--year", required=True)
    t.set_defaults(func=cmd_tuo)

    w = sub.add_parser("preview", help="esikatselu: rakentaa uudelleen jokaisen tallennuksen jälkeen")
    w.add_argument("--year", required=True)
    w.add_argument("--port", type=int, default=8000)
    w.add_argument("--engine", choices=ENGINES, default="auto")
    w.set_defaults(func=cmd_preview)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(exc.report(), file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("Keskeytetty. Edellinen julkaisu on ennallaan.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - every failure ends with a Finnish message and status 1
        import shutil

        from .preview import PreviewError
        from .safefs import FileSystemError, explain_os_error

        if isinstance(exc, PreviewError):
            print(f"Esikatselu ei käynnistynyt: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        if isinstance(exc, (OSError, shutil.Error)):
            exc = FileSystemError(explain_os_error(exc))
        print(f"{failure_message(exc)}\nEdellinen julkaisu on ennallaan.", file=sys.stderr)
        return EXIT_FAILURE


def failure_message(exc: BaseException) -> str:
    """A Finnish sentence for a failure other than bad data, saying what to do; never an exception
    class's name."""
    from .build import BuildError
    from .render.qmd import RenderError
    from .safefs import FileSystemError, finnish_os_text

    if isinstance(exc, FileSystemError):
        return f"Tiedostovirhe: {exc}"
    if isinstance(exc, (BuildError, RenderError)):
        text = finnish_os_text(str(exc)).rstrip()
        return f"Rakennus epäonnistui: {text}" + ("" if text.endswith((".", "!", "?", ")")) else ".")
    try:
        import yaml

        if isinstance(exc, yaml.YAMLError):
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            where = ""
            if mark is not None:
                name = "" if str(mark.name).startswith("<") else f"tiedoston {mark.name} "
                where = f" ({name}rivi {mark.line + 1})"
            return (f"YAML-tiedoston jäsennys epäonnistui{where}. Tarkista tiedoston sisennykset, kaksoispisteet, "
                    "lainausmerkit ja sulkeet (_quarto.yml, _brand.yml, data/julkaisu.yml).")
    except ImportError:
        pass
    module = type(exc).__module__ or ""
    if module.startswith(("nbformat", "jsonschema")):
        return ("Muistikirja ei ole kelvollinen Jupyter-muistikirja (sen JSON-muoto on rikki). Palauta muistikirja "
                "versionhallinnasta (git checkout notebooks/) tai tallenna se uudelleen Jupyterissa.")
    detail = finnish_os_text(str(exc)).strip()
    return ("Rakennus pysähtyi odottamattomaan virheeseen" + (f": {detail}" if detail else "") + ". Tämä on "
            "ohjelman vika eikä aineiston: ilmoita siitä ylläpitäjälle ja liitä mukaan tämä viesti.")


if __name__ == "__main__":
    sys.exit(main())
