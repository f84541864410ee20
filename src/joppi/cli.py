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
    try:
        # a refused run writes nothing, not even the cache of data that passed
        data = load_year(root, args.year, use_cache=not settings_issues)
    except DataError as exc:
        # load_year reads the settings too (rajaus): report each problem once
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="joppi", description="JOPPI-tilannekuvan tuotanto: aineistosta julkaisuksi.")
    p.add_argument("--root", help="projektin kansio (oletus: lähin kansio, jossa on _quarto.yml)")
    sub = p.add_subparsers(dest="command", required=True)

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

        from .build import BuildError
        from .preview import PreviewError
        from .safefs import FileSystemError, explain_os_error

        if isinstance(exc, PreviewError):
            print(f"Esikatselu ei käynnistynyt: {exc}", file=sys.stderr)
            return EXIT_FAILURE
        if isinstance(exc, (OSError, shutil.Error)):
            exc = FileSystemError(explain_os_error(exc))
        if isinstance(exc, FileSystemError):
            kind = "Tiedostovirhe"
        elif isinstance(exc, BuildError):
            kind = "Rakennus epäonnistui"
        else:
            kind = f"Virhe ({exc.__class__.__name__})"
        print(f"{kind}: {exc}\nEdellinen julkaisu on ennallaan.", file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
