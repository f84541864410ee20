"""The built 2023 HTML edition in a real browser (Chromium through Playwright), opened from disk offline.

Checks what a reader meets: the page opens from file:// with the network blocked, every chart is
drawn, nothing fails in the console, cross-references land on their figures, axe-core finds no
serious or critical accessibility violation, a 390 px wide phone screen needs no sideways
scrolling, and the print view works. Screenshots go to /tmp/shots/ for a human to look at.

Needs Chromium (tests/run.sh installs it with apt); Playwright's own browser downloads are not used.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(os.environ.get("JOPPI_SHOTS", "/tmp/shots"))
CHARTS_DRAWN = """() => {
  const boxes = [...document.querySelectorAll('.joppi-kuvio')];
  return boxes.length > 0 && boxes.every(d => d.querySelector('svg g.role-mark > *'));
}"""


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromiumia ei löydy (/usr/bin/chromium): asenna se komennolla "
                    "`apt-get install chromium` (tests/run.sh tekee sen) tai aseta CHROMIUM_PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python-paketti playwright puuttuu: pip install -e '.[test]'")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", params=["fi", "sv", "quarto-fi", "quarto-sv"])
def page_url(built_2023, request) -> str:
    """Every browser test runs on both editions, the Finnish page and the Swedish one (sv/), of both
    engines (Quarto's skip where Quarto is not installed)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    edition = request.getfixturevalue("built_2023_quarto") if request.param.startswith("quarto") else built_2023
    html = edition.html if request.param.endswith("fi") else edition.output / "sv" / "index.html"
    return html.resolve().as_uri()


class PageLog:
    def __init__(self):
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.console: list[tuple[str, str]] = []
        self.page_errors: list[str] = []

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


def open_page(browser, url: str, width: int, height: int = 900):
    """A new offline page: every request that is not file:// (or data:/blob:) is aborted and logged."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fi-FI")
    log = PageLog()

    def route(r):
        if r.request.url.startswith(("file://", "data:", "blob:")):
            r.continue_()
        else:
            log.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("request", lambda req: log.requests.append(req.url))
    page.on("requestfailed", lambda req: log.failed.append(f"{req.url}: {req.failure}"))
    page.on("console", lambda msg: log.console.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.goto(url, wait_until="load")
    page.wait_for_function(CHARTS_DRAWN)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return context, page, log


@pytest.fixture(scope="module")
def desktop(browser, page_url):
    context, page, log = open_page(browser, page_url, 1280)
    page.screenshot(path=str(SHOTS / "desktop-1280.png"), full_page=True)
    yield page, log
    context.close()


def test_opens_offline_without_network(desktop):
    page, log = desktop
    assert not log.blocked, f"sivu yritti ladata verkosta: {log.blocked}"
    outside = [u for u in log.requests if not u.startswith(("file://", "data:", "blob:"))]
    assert not outside, f"muita kuin paikallisia pyyntöjä: {outside}"
    assert not log.failed, f"epäonnistuneita latauksia: {log.failed}"
    assert any(u.endswith("_joppi/vega-bundle.js") for u in log.requests)


def test_every_chart_is_drawn(desktop):
    page, _ = desktop
    charts = page.evaluate("""() => [...document.querySelectorAll('.joppi-kuvio')].map(d => {
        const svg = d.querySelector('svg');
        const r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        return {id: d.id, marks: d.querySelectorAll('svg g.role-mark > *').length,
                width: r.width, height: r.height};
    })""")
    assert len(charts) >= 10, charts
    empty = [c for c in charts if c["marks"] == 0 or c["width"] < 100 or c["height"] < 50]
    assert not empty, f"piirtämättömiä tai tyhjiä kaavioita: {empty}"


def test_no_console_errors(desktop):
    _, log = desktop
    assert not log.page_errors, f"JavaScript-virheitä: {log.page_errors}"
    assert not log.console_errors, f"konsolivirheitä: {log.console_errors}"


def test_table_of_contents_is_open(desktop):
    """Every level of the table of contents shows (Quarto's page opens its lists by script: its
    scripts must run from disk)."""
    page, _log = desktop
    hidden = page.evaluate("""() => [...document.querySelectorAll('#TOC ul, nav[role="doc-toc"] ul')]
        .filter(u => getComputedStyle(u).display === 'none').length""")
    assert page.evaluate("() => document.querySelectorAll('#TOC li, nav[role=\"doc-toc\"] li').length") > 10
    assert hidden == 0, f"sisällysluettelosta {hidden} tasoa piilossa"


def test_fonts_load_from_disk(desktop):
    page, _ = desktop
    loaded = page.evaluate("""() => [...document.fonts]
        .filter(f => f.family.replace(/["']/g, '') === 'Open Sans' && f.status === 'loaded').length""")
    assert loaded >= 1, "Open Sans -fontti ei latautunut sivun vierestä"
    assert page.evaluate("() => document.fonts.check('16px \"Open Sans\"')")


def test_cross_references_resolve(desktop):
    page, _ = desktop
    refs = page.evaluate("""() => [...document.querySelectorAll('a[href^="#fig-"]')].map(a => {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        const target = document.getElementById(id);
        const cap = target && target.querySelector('figcaption, .figure-caption, [id$="-caption"]');
        return {href: a.getAttribute('href'), text: a.textContent.replace(/\\s+/g, ' ').trim(),
                found: !!target, caption: cap ? cap.textContent.replace(/\\s+/g, ' ').trim() : null};
    })""")
    assert len(refs) >= 10, refs
    broken = [r["href"] for r in refs if not r["found"]]
    assert not broken, f"ristiviitteitä ilman kohdetta: {broken}"
    assert all(r["text"].startswith(("Kuvio ", "Figur ")) for r in refs), refs
    wrong = [r for r in refs if r["text"].startswith(("Kuvio", "Figur"))
             and not (r["caption"] or "").startswith(r["text"] + ".")]
    assert not wrong, f"viitteen numero ei vastaa kuvion otsikkoa: {wrong}"


def test_cross_reference_click_scrolls_to_figure(desktop):
    page, _ = desktop
    page.evaluate("() => window.scrollTo(0, 0)")
    page.click('a[href="#fig-teemat"] >> nth=0')
    page.wait_for_function("() => location.hash === '#fig-teemat'")
    top = page.evaluate("() => document.getElementById('fig-teemat').getBoundingClientRect().top")
    height = page.evaluate("() => innerHeight")
    assert -5 <= top < height, f"kuvio ei tullut näkyviin viitettä napsautettaessa (top={top})"
    page.evaluate("() => { history.replaceState(null, '', location.pathname); window.scrollTo(0, 0); }")


def test_axe_no_serious_or_critical_violations(desktop):
    import axe_playwright_python

    page, _ = desktop
    axe_js = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    assert axe_js.is_file(), f"axe.min.js puuttuu: {axe_js}"
    page.add_script_tag(path=str(axe_js))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    message = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — " + ", ".join(
            " ".join(map(str, n["target"])) for n in v["nodes"][:8])
        for v in bad)
    assert not bad, "axe-core: vakavia saavutettavuusvirheitä:\n" + message




def _overflow(page) -> dict:
    return page.evaluate("""() => {
        const w = innerWidth;
        const wide = e => e.getBoundingClientRect().right > w + 1;
        const offenders = [...document.body.querySelectorAll('*')]
          .filter(e => wide(e) && !(e.parentElement && e.parentElement !== document.body && wide(e.parentElement)))
          .slice(0, 10)
          .map(e => { const s = e.closest('section[id]');
                      return `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''} in #${s ? s.id : '-'} `
                           + `(right ${Math.round(e.getBoundingClientRect().right)} px): `
                           + (e.innerText || '').slice(0, 50).replace(/\\s+/g, ' '); });
        return {scrollWidth: document.scrollingElement.scrollWidth, innerWidth: w, offenders};
    }""")


@pytest.mark.parametrize("width", [
    390,
    1280,
])
def test_no_horizontal_scroll(browser, page_url, width):
    context, page, _ = open_page(browser, page_url, width, 844)
    try:
        if width != 1280:
            page.screenshot(path=str(SHOTS / f"mobile-{width}.png"), full_page=True)
        o = _overflow(page)
        assert o["scrollWidth"] <= o["innerWidth"] + 1, (
            f"{width} px: sivu vierii vaakasuunnassa (scrollWidth {o['scrollWidth']} > {o['innerWidth']}); "
            "leveät elementit:\n" + "\n".join(o["offenders"]))
    finally:
        context.close()


def test_charts_fit_a_phone_screen(browser, page_url):
    context, page, _ = open_page(browser, page_url, 390, 844)
    try:
        too_wide = page.evaluate("""() => [...document.querySelectorAll('.joppi-kuvio svg')]
            .filter(s => s.getBoundingClientRect().right > innerWidth + 1)
            .map(s => s.closest('.joppi-kuvio').id)""")
        assert not too_wide, f"kaaviot eivät mahdu 390 px:n näytölle: {too_wide}"
    finally:
        context.close()


def test_print_view(browser, page_url):
    context, page, log = open_page(browser, page_url, 1280)
    try:
        page.emulate_media(media="print")
        toc = page.evaluate("""() => { const t = document.querySelector('nav#TOC, nav[role="doc-toc"], .joppi-toc');
                                       return t ? getComputedStyle(t).display : 'none'; }""")
        assert toc == "none", f"sisällysluettelo näkyy tulosteessa (display: {toc})"
        assert page.evaluate(CHARTS_DRAWN), "kaaviot katosivat tulostusnäkymässä"
        pdf = page.pdf(format="A4", print_background=True)
        (SHOTS / "print.pdf").write_bytes(pdf)
        assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
        assert not log.page_errors, log.page_errors
    finally:
        context.close()
