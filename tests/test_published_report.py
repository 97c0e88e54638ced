"""The published report as a reader gets it: every page of the three languages after a run.

One run of the example periods 2024 and 2025 in Finnish, Swedish and English with each renderer
(nbconvert, and the real Quarto when it is found), with a script put into one division's sheet
as a progress report and as a measure's name, then:
- on disk: the pages, their links, their size, no reference to the network, the workbook;
- Quarto's rendering of the nbconvert run's executed notebooks: the same structure, page by
  page (tests/page_structure.py);
- in headless Chromium (launched once), with every request that is not `file://` blocked and
  recorded: no such request, no console error, every chart drawn, no dialog, the script shown
  as text, row headers kept, no table wider than its column at 1400 px, every Finnish text on a
  Swedish or English page inside `lang="fi"` and marked, and no serious or critical axe-core
  violation of WCAG 2.1 A/AA.

The browser part needs Debian's chromium, the Python `playwright` package (dev extra) and npm's
`axe-core` (`make setup`). Without them it is skipped with the reason, except when the
environment variable CI is set: then it fails, so that CI never passes without it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import duckdb
import pytest
from openpyxl import load_workbook

from analysis.config import load_reference
from analysis.report.render import render_pages
from tests.conftest import (
    CONFIG,
    ROOT,
    find_quarto,
    quarto_or_skip,
    run_example_periods,
    using_quarto,
)
from tests.page_structure import structure

pytestmark = pytest.mark.slow

XSS_REPORT = "<script>alert(1)</script>"
XSS_MEASURE = '<img src=x onerror="alert(2)">'
LANGS = ("fi", "sv", "en")
DIVISIONS = [entry.code for entry in load_reference(CONFIG).divisions]
PAGES = ["index.html", *(f"divisions/{code}.html" for code in DIVISIONS), "accessibility.html"]
MAX_PAGE_BYTES = 6 * 1024 * 1024
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
NETWORK = re.compile(
    r"""<(script|link|img|iframe|source|video|audio)\b[^>]*\b(src|href)=["']?(https?:)?//""", re.I
)


def inject_script(period_dir: Path) -> str:
    """Write the scripts into the first delayed measure of the period's sheets; its id."""
    for path in sorted(period_dir.glob("status/*.xlsx")):
        book = load_workbook(path)
        for sheet in book.worksheets:
            header = None
            for row in sheet.iter_rows():
                texts = [str(cell.value or "").strip() for cell in row]
                if header is None and {"Tila", "Raportointi"} <= set(texts):
                    header = {text: i for i, text in enumerate(texts)}
                elif header and texts[header["Tila"]].lower() in {"viivästynyt", "delayed"}:
                    row[header["Raportointi"]].value = XSS_REPORT
                    row[header["Toimenpide"]].value = f"Mittari {XSS_MEASURE}"
                    book.save(path)
                    return texts[header["Tunnus"]]
    raise AssertionError(f"no delayed measure with Finnish headers in {period_dir}")


def publish(renderer: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reports/2025 of a run of both example periods rendered with `renderer`, with the
    scripts in one sheet."""
    quarto = quarto_or_skip(find_quarto()) if renderer == "quarto" else None
    base = tmp_path_factory.mktemp(f"published-{renderer}")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    inject_script(base / "raw" / "2025")
    options = ("--renderer", renderer, "--pdf", "--lang", ",".join(LANGS))
    if quarto:
        with using_quarto(quarto):
            run_example_periods(base, *options)
    else:
        run_example_periods(base, *options)
    return base / "reports" / "2025"


@pytest.fixture(scope="module")
def nbconvert_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run rendered with nbconvert; its executed notebooks are also rendered by Quarto."""
    return publish("nbconvert", tmp_path_factory)


@pytest.fixture(scope="module", params=["nbconvert", "quarto"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """reports/2025 of a run of both example periods rendered with the renderer of the param,
    with the scripts in one sheet."""
    if request.param == "nbconvert":
        return request.getfixturevalue("nbconvert_site")
    return publish("quarto", tmp_path_factory)


def all_pages(site: Path) -> Iterator[tuple[str, str, Path]]:
    for lang in LANGS:
        for page in PAGES:
            yield lang, page, site / lang / page


class Links(HTMLParser):
    """The href of every <a> and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def links_of(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# -- on disk -------------------------------------------------------------------------------


def test_every_page_of_both_languages(site: Path) -> None:
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert written == sorted(f"{lang}/{page}" for lang, page, _ in all_pages(site))
    for lang, page, path in all_pages(site):
        html = path.read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]*\blang="{lang}"', html), page
        assert html.count("<h1 ") == 1, page
        assert re.search(r"<title>[^<]*2025[^<]*</title>", html), page


def test_pages_are_under_6_mb(site: Path) -> None:
    sizes = {f"{lang}/{page}": path.stat().st_size for lang, page, path in all_pages(site)}
    print(json.dumps(sizes, indent=1))  # the measured sizes, shown with pytest -s
    assert max(sizes.values()) < MAX_PAGE_BYTES, sizes


def test_pages_load_nothing_from_the_network(site: Path) -> None:
    for lang, page, path in all_pages(site):
        html = path.read_text(encoding="utf-8")
        assert not NETWORK.search(html), f"{lang}/{page}"
        assert "require.js" not in html, f"{lang}/{page}"
        # plotly.js inline on each page with a chart, and only there (not the statement)
        charted = 'class="plotly-graph-div"' in html
        assert charted == (page != "accessibility.html"), f"{lang}/{page}"
        assert ("window.Plotly" in html) == charted, f"{lang}/{page}"


def test_links_reach_pages_that_exist(site: Path) -> None:
    for lang, page, path in all_pages(site):
        links = links_of(path)
        targets = set()
        for href in links.hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{lang}/{page}: {href}"
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), f"{lang}/{page}: {href}"
            if parts.fragment:
                assert parts.fragment in links_of(target).ids, f"{lang}/{page}: {href}"
            targets.add(target)
        for other in (other for other in LANGS if other != lang):
            assert site / other / page in targets, f"{lang}/{page} has no link to {other}"
        if page == "index.html":
            assert {site / lang / p for p in PAGES[1:]} <= targets  # every other page
        else:
            assert site / lang / "index.html" in targets  # back to the overview


def test_free_text_is_escaped_in_the_html(site: Path) -> None:
    for lang, page, path in all_pages(site):
        html = path.read_text(encoding="utf-8")
        assert XSS_REPORT not in html and XSS_MEASURE not in html, f"{lang}/{page}"
    index = (site / "fi" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    # nbconvert re-serialises the page: a quote in text may stay a quote, `<` never does
    assert re.search(r"Mittari &lt;img src=x onerror=(&quot;|\")alert\(2\)(&quot;|\")&gt;", index)


def test_overview_starts_with_a_skip_link_contents_and_the_decision_list(site: Path) -> None:
    for lang in LANGS:
        html = (site / lang / "index.html").read_text(encoding="utf-8")
        skip = html.index('class="sr-skip" href="#sr-main"')
        assert skip < html.index('<h1 id="sr-main"') < html.index('class="sr-toc"')
        assert html.index('class="sr-toc"') < html.index('id="sr-decisions"')
        assert html.index('id="sr-decisions"') < html.index('id="sr-key-figures"')
        assert 'href="../../2024/' + lang + '/index.html"' in html  # the previous period
        workbook = "indicators.xlsx" if lang == "fi" else f"indicators.{lang}.xlsx"
        assert f'href="../{workbook}"' in html  # the workbook in the page's language
        for division in DIVISIONS:
            page = (site / lang / "divisions" / f"{division}.html").read_text(encoding="utf-8")
            assert 'class="sr-skip" href="#sr-main"' in page and '<h1 id="sr-main"' in page
    fi = (site / "fi" / "index.html").read_text(encoding="utf-8")
    table = fi[fi.index('id="sr-decisions"') : fi.index('id="sr-key-figures"')]
    rows = re.findall(r'<tr><th scope="row"[^>]*>(.*?)</tr>', table, re.S)
    assert len(rows) == 5  # the example: 3 delayed, 1 moved back, 1 not started
    for row in rows:
        assert re.search(r'href="divisions/[^"#]+\.html#m-[^"]+"', row)  # to its row
        assert 'data-label="Vastuuhenkilö"' in row and 'data-label="Aikataulu"' in row
        assert " → " in row  # status before -> now
    assert "ELTY-06" in table and "Toteutettu</span> → " in table  # moved back: in the list
    assert "KYMP-07" in table and "2024 alkaen (2. kausi)" in table


def test_the_same_figure_reads_the_same_on_the_page_and_in_the_workbook(site: Path) -> None:
    book = load_workbook(site / "indicators.xlsx")
    header, *rows = book["Koko kaupunki"].iter_rows(values_only=True)
    row = dict(zip(header, next(r for r in rows if r[0] == "2025"), strict=True))
    cell = next(c for c in book["Koko kaupunki"][3] if c.value == row["Toteutumisaste"])
    assert cell.number_format == "0.0%"  # Excel shows it to one decimal, rounded half up
    shown = Decimal(str(row["Toteutumisaste"] * 100)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    fi = (site / "fi" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "index.html").read_text(encoding="utf-8")
    assert f'<dd class="sr-kpi-value">{str(shown).replace(".", ",")}\u00a0%</dd>' in fi
    assert f'<dd class="sr-kpi-value">{shown}%</dd>' in en


def test_pdf_of_each_overview_where_chromium_is_found(site: Path) -> None:
    if chromium_path() is None:
        _unavailable("chromium not found: seuranta run --pdf writes no PDF")
    for lang in LANGS:
        data = (site / lang / "report.pdf").read_bytes()
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert data.startswith(b"%PDF") and 6 <= pages <= 30, (lang, pages)
        assert b"/StructTreeRoot" in data and b"/Outlines" in data  # tagged, with an outline


def test_workbook_in_the_first_language_and_one_in_each_other(site: Path) -> None:
    book = load_workbook(site / "indicators.xlsx")
    assert book.sheetnames[:2] == ["Koko kaupunki", "Toimialoittain"]
    attention = book["Huomiota vaativat"]
    reports = [cell.value for cell in attention["H"]]
    assert XSS_REPORT in reports
    assert load_workbook(site / "indicators.sv.xlsx").sheetnames[:2] == [
        "Hela staden",
        "Per sektor",
    ]
    assert load_workbook(site / "indicators.en.xlsx").sheetnames[:2] == [
        "Whole city",
        "By division",
    ]
    for lang in LANGS:
        name = "indicators.xlsx" if lang == "fi" else f"indicators.{lang}.xlsx"
        assert f'href="../{name}"' in (site / lang / "index.html").read_text(encoding="utf-8")


# -- in the browser ------------------------------------------------------------------------


def test_quarto_gives_the_same_pages_from_the_same_notebooks(
    nbconvert_site: Path, real_quarto_module: str, tmp_path: Path
) -> None:
    """Quarto's rendering of the nbconvert run's executed notebooks has the same structure,
    page by page: language, title, headings, tables (row headers `th scope="row"`, no class of
    the renderer's own), charts, links and scripts."""
    for lang in LANGS:
        executed = nbconvert_site / "notebooks" / f"30_report.{lang}.ipynb"
        render_pages([executed], tmp_path / lang, lang, "2025", renderer="quarto")
    pages = sorted(
        p.relative_to(nbconvert_site).as_posix() for p in nbconvert_site.glob("??/**/*.html")
    )
    assert len(pages) == len(LANGS) * len(PAGES)
    assert pages == sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("??/**/*.html")
    )
    for page in pages:
        a, b = structure(nbconvert_site / page), structure(tmp_path / page)
        assert a.lang == b.lang == page[:2], page
        assert a.title == b.title and a.title, page
        assert a.headings == b.headings and a.headings, page
        text_only = page.endswith("accessibility.html")  # the statement: no table, no chart
        assert a.tables == b.tables and (a.tables or text_only), page
        row_headers = [c for table in a.tables for c in table if ("scope", "row") in c[1]]
        assert {name for name, _, _ in row_headers} == ({"th"} if not text_only else set()), page
        assert a.figures == b.figures and (a.figures or text_only), page
        assert a.links == b.links and a.links, page
        assert a.scripts == b.scripts, page


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    """Debian's chromium (or CHROMIUM=path); Playwright's own browser download is not used."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


@dataclass
class Visit:
    """What one page did in the browser."""

    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    charts: list[dict] = field(default_factory=list)
    text: str = ""
    row_headers: int = 0
    layout: dict = field(default_factory=dict)
    overflowing: list[dict] = field(default_factory=list)
    violations: list[dict] = field(default_factory=list)
    narrow: dict = field(default_factory=dict)  # what a phone (390 px) and A4 print show
    outline: list[str] = field(default_factory=list)
    finnish: dict = field(default_factory=dict)  # the Finnish texts found, and those not marked


CHARTS_JS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(div => ({
    id: div.id,
    svg: div.querySelectorAll('.main-svg').length,
    traces: div.querySelectorAll('.trace').length,
    points: div.querySelectorAll('.point, .js-line').length,
}))"""
# Tables wider than the column they sit in, and cells whose text spills out of them.
OVERFLOW_JS = """() => [...document.querySelectorAll('table')].flatMap((table, i) => {
    const column = table.parentElement.clientWidth;
    const cells = [...table.querySelectorAll('th, td')]
        .filter(cell => cell.scrollWidth > cell.clientWidth + 1);
    return table.offsetWidth > column + 1 || cells.length
        ? [{table: i, width: table.offsetWidth, column: column,
            cells: cells.slice(0, 3).map(cell => cell.textContent.trim().slice(0, 40))}]
        : [];
})"""
WIDE = {"width": 1400, "height": 900}
# A phone, and the content width of an A4 page with 15 mm margins (print media)
NARROW = {"phone": ({"width": 390, "height": 844}, "screen"),
          "print": ({"width": 680, "height": 1000}, "print")}  # fmt: skip
# Sideways scrolling of the page, and the tables wider than their column, at a narrow width
SIDEWAYS_JS = """() => ({scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth})"""
OUTLINE_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.offsetParent !== null || getComputedStyle(h).position === 'fixed')
    .map(h => h.tagName)"""
# The overview and the first division page are also looked at on a phone and in print
NARROW_PAGES = ("index.html", f"divisions/{DIVISIONS[0]}.html")
# Every text node that is one of the given Finnish texts: it must sit in an element whose
# nearest lang is "fi" (not the page's <html>), followed by the visible marker.
FINNISH_JS = """(texts) => {
    const wanted = new Set(texts);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let found = 0; const wrong = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent.trim();
        if (!wanted.has(text)) continue;
        found += 1;
        const owner = node.parentElement.closest('[lang]');
        const mark = owner && owner.nextElementSibling;
        if (owner === document.documentElement || owner.getAttribute('lang') !== 'fi'
            || !mark || !mark.classList.contains('sr-lang-mark')) wrong.push(text.slice(0, 60));
    }
    return {found: found, wrong: wrong};
}"""
# The page frame of page.css, which both renderers must apply: body font and the main column.
LAYOUT_JS = """() => ({font: getComputedStyle(document.body).fontSize,
    main: document.querySelector('main').getBoundingClientRect().width})"""
# A page with known faults: axe must find them, or the check below could not fail.
CONTROL = "control"
CONTROL_HTML = '<html><body><p style="color:#ccc">grey</p><img src="data:,"></body></html>'
AXE_JS = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                            resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def visits(site: Path) -> dict[str, Visit]:
    """Open every page once in one headless Chromium with the network blocked."""
    executable = chromium_path()
    if executable is None:
        _unavailable("chromium not found (/usr/bin/chromium; `make browser` installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install -e '.[dev]')")
    if not AXE.is_file():
        _unavailable(f"{AXE.relative_to(ROOT)} not found (`npm ci` installs it)")
    axe = AXE.read_text(encoding="utf-8")
    finnish = finnish_texts(site)
    results: dict[str, Visit] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for lang, page_path, path in all_pages(site):
                visit = results.setdefault(f"{lang}/{page_path}", Visit())

                def route(route, visit=visit):  # noqa: ANN001
                    if route.request.url.startswith("file://"):
                        route.continue_()
                    else:
                        visit.blocked.append(route.request.url)
                        route.abort()

                page = context.new_page()
                page.route("**/*", route)
                page.on("request", lambda request, v=visit: v.requests.append(request.url))
                page.on("dialog", lambda dialog, v=visit: (v.dialogs.append(dialog.message),
                                                             dialog.dismiss()))  # fmt: skip
                page.on("pageerror", lambda error, v=visit: v.errors.append(str(error)))
                page.on(
                    "console",
                    lambda msg, v=visit: v.errors.append(msg.text) if msg.type == "error" else None,
                )
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.plotly-graph-div')]"
                    ".every(div => div.querySelector('.main-svg .trace'))",
                    timeout=15_000,
                )
                visit.charts = page.evaluate(CHARTS_JS)
                visit.text = page.inner_text("body")
                visit.row_headers = page.locator('th[scope="row"]').count()
                page.set_viewport_size(WIDE)
                visit.overflowing = page.evaluate(OVERFLOW_JS)
                visit.layout = page.evaluate(LAYOUT_JS)
                visit.outline = page.evaluate(OUTLINE_JS)
                if page_path in NARROW_PAGES:
                    for name, (size, media) in NARROW.items():
                        page.set_viewport_size(size)
                        page.emulate_media(media=media)
                        page.wait_for_timeout(300)  # plotly redraws at the new width
                        visit.narrow[name] = {
                            **page.evaluate(SIDEWAYS_JS),
                            "tables": page.evaluate(OVERFLOW_JS),
                        }
                    page.emulate_media(media="screen")
                if lang != "fi":
                    visit.finnish = page.evaluate(FINNISH_JS, finnish[lang])
                page.set_viewport_size({"width": 1280, "height": 900})
                page.add_script_tag(content=axe)
                visit.violations = page.evaluate(AXE_JS, AXE_TAGS)
                page.close()
            results[CONTROL] = control = Visit()
            page = context.new_page()
            page.set_content(CONTROL_HTML)
            page.add_script_tag(content=axe)
            control.violations = page.evaluate(AXE_JS, AXE_TAGS)
            page.close()
        finally:
            browser.close()
    return results


def finnish_texts(site: Path) -> dict[str, list[str]]:
    """lang -> the goals, measures and reports its pages show in Finnish (untranslated), from
    the run's database."""
    with duckdb.connect(str(site.parents[1] / "seuranta.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select lang, list(distinct trim(shown_text)) from measure_texts "
            "where period = '2025' and shown_lang = 'fi' and lang <> 'fi' group by lang"
        ).fetchall()
    return dict(rows)


def pages_of(visits: dict[str, Visit]) -> dict[str, Visit]:
    return {name: visit for name, visit in visits.items() if name != CONTROL}


def test_no_request_leaves_file(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        assert visit.blocked == [], name
        assert all(url.startswith("file://") for url in visit.requests), name


def test_every_chart_renders(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        # division, status, trend; a division's trend; the accessibility statement has none
        expected = 3 if name.endswith("index.html") else 0 if "accessibility" in name else 1
        assert len(visit.charts) >= expected, name
        for chart in visit.charts:
            assert chart["svg"] > 0 and chart["traces"] > 0 and chart["points"] > 0, (name, chart)
        assert visit.errors == [], name


def test_a_script_in_a_sheet_shows_as_text_and_never_runs(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        assert visit.dialogs == [], name
    shown = [name for name, visit in pages_of(visits).items() if XSS_REPORT in visit.text]
    assert {f"{lang}/index.html" for lang in LANGS} <= set(shown)  # needing attention
    assert len(shown) == 2 * len(LANGS)  # and the page of its division, in every language
    assert all(f"Mittari {XSS_MEASURE}" in visits[name].text for name in shown)


def test_finnish_text_on_other_pages_is_in_lang_fi_and_marked(visits: dict[str, Visit]) -> None:
    checked = {name: visit.finnish for name, visit in pages_of(visits).items() if visit.finnish}
    assert len(checked) == 2 * len(PAGES)  # every Swedish and English page
    assert sum(found["found"] for found in checked.values()) > 100  # the check sees them
    assert {name: found["wrong"] for name, found in checked.items() if found["wrong"]} == {}
    marker = {"sv": "(på finska)", "en": "(in Finnish)"}
    for name, visit in pages_of(visits).items():
        lang = name.split("/")[0]
        if lang in marker and visit.finnish["found"]:
            assert marker[lang] in visit.text, name


def test_row_headers_are_kept(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        if not name.endswith("accessibility.html"):  # a page of text, without tables
            assert visit.row_headers > 0, name


def test_tables_fit_their_column_at_1400_px(visits: dict[str, Visit]) -> None:
    found = {name: visit.overflowing for name, visit in pages_of(visits).items()}
    assert {name: tables for name, tables in found.items() if tables} == {}


def test_page_frame_at_1400_px(visits: dict[str, Visit]) -> None:
    # page.css: 16 px body text, a 68rem (1,088 px) main column, whichever renderer wrote it
    for name, visit in pages_of(visits).items():
        assert visit.layout == {"font": "16px", "main": 1088}, name


def test_axe_finds_no_serious_or_critical_violation(visits: dict[str, Visit]) -> None:
    control = {v["id"] for v in visits[CONTROL].violations}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= control  # axe does run
    found = {
        name: [v for v in visit.violations if v["impact"] in {"serious", "critical"}]
        for name, visit in pages_of(visits).items()
    }
    print(json.dumps({name: v.violations for name, v in pages_of(visits).items()}, indent=1))
    assert {name: v for name, v in found.items() if v} == {}


def test_on_a_phone_and_printed_on_a4_nothing_is_wider_than_the_page(
    visits: dict[str, Visit],
) -> None:
    measured = {
        f"{name} {width}": found
        for name, visit in pages_of(visits).items()
        for width, found in visit.narrow.items()
    }
    print(json.dumps(measured, indent=1))  # the measured widths, shown with pytest -s
    assert len(measured) == 2 * len(LANGS) * len(NARROW_PAGES)
    for name, found in measured.items():
        assert found["scroll"] <= found["width"], name  # the page never scrolls sideways
        assert found["tables"] == [], name  # no table wider than its box


def test_headings_go_down_one_level_at_a_time(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        levels = [int(tag[1]) for tag in visit.outline]
        assert levels[0] == 1 and levels.count(1) == 1, name
        steps = zip(levels, levels[1:], strict=False)
        assert all(b <= a + 1 for a, b in steps), (name, visit.outline)
        if not name.endswith("accessibility.html"):  # text only: no table, no chart
            assert 3 in levels, name  # each table and chart has its h3


def test_no_developer_words_on_the_pages(visits: dict[str, Visit]) -> None:
    for name, visit in pages_of(visits).items():
        # the number of sheets was a column of the input files (0 for a CSV)
        for word in ("Code version", "Ohjelmaversio", "\tSheets", "Välilehtiä", "0.1.0"):
            assert word not in visit.text, (name, word)
        locations = re.findall(r"\[[^\]\n]+\]", visit.text)
        assert all("!" in where for where in locations if "Tilannekatsaus" in where), name


def test_missing_browser_skips_on_a_developer_machine_and_fails_in_ci(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no chromium"):
        _unavailable("no chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI: no chromium"):
        _unavailable("no chromium")
