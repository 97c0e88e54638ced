"""Report page parts read from a small DuckDB file of finished tables, and the report notebook."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import nbformat
import pandas as pd
import papermill
import pytest

import analysis
from analysis import db
from analysis.report import data as report_data
from analysis.report import overview as report
from analysis.report import pages
from analysis.report.html import esc
from analysis.report.render import render_pages
from tests.conftest import assert_valid_figures

ROOT = Path(__file__).resolve().parents[1]
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NBSP = "\u00a0"

COUNTS = ("measures", "done", "in_progress", "not_started", "delayed", "cancelled")
COMPLETION = (*COUNTS, "completion_rate")
CHANGE = ("previous_period", "previous_completion_rate", "completion_change_pp")


def change(rate: float | None, previous: float | None) -> tuple:
    """The change columns of a 2025 row against its 2024 rate."""
    if previous is None:
        return (None, None, None)
    return ("2024", previous, None if rate is None else (rate - previous) * 100)


NO_CHANGE = (None, None, None)
OVERALL_COLUMNS = ("period", *COMPLETION, "divisions", *CHANGE)
OVERALL = [
    ("2024", 40, 17, 13, 7, 3, 0, 17 / 40, 2, *NO_CHANGE),
    ("2025", 50, 22, 12, 5, 3, 8, 22 / 42, 3, *change(22 / 42, 17 / 40)),
]
DIVISION_COLUMNS = ("period", "division", *COMPLETION, "division_name_fi", "division_name_en",
                    "sort_order", *CHANGE)  # fmt: skip
DIVISIONS = [
    ("2024", "kanslia", 18, 8, 6, 3, 1, 0, 8 / 18, "Kaupunginkanslia", "Executive Office", 1,
     *NO_CHANGE),
    ("2024", "kasvatus", 22, 9, 7, 4, 2, 0, 9 / 22, "Kasvatus ja oppiminen", "Education", 2,
     *NO_CHANGE),
    ("2025", "kanslia", 20, 12, 4, 2, 1, 1, 12 / 19, "Kaupunginkanslia", "Executive Office", 1,
     *change(12 / 19, 8 / 18)),
    ("2025", "kasvatus", 25, 10, 8, 3, 2, 2, 10 / 23, "Kasvatus ja oppiminen", "Education", 2,
     *change(10 / 23, 9 / 22)),
    ("2025", "testi", 5, 0, 0, 0, 0, 5, None, XSS, XSS, 3, *NO_CHANGE),
]  # fmt: skip
THEME_COLUMNS = ("period", "theme", *COMPLETION, "theme_name_fi", "theme_name_en", "sort_order")
THEMES = [
    ("2025", "climate", 6, 2, 2, 1, 0, 1, 2 / 5, "Hiilineutraalisuus", "Carbon neutrality", 6),
    ("2025", "learning", 10, 5, 3, 1, 1, 0, 5 / 10, "Oppiminen ja jakaminen", "Learning", 1),
]
MATRIX_COLUMNS = ("period", "division", "theme", *COMPLETION, "division_name_fi",
                  "division_name_en", "division_sort_order", "theme_name_fi", "theme_name_en",
                  "theme_sort_order")  # fmt: skip
MATRIX = [
    ("2025", "kanslia", "learning", 6, 3, 2, 0, 1, 0, 3 / 6, "Kaupunginkanslia",
     "Executive Office", 1, "Oppiminen ja jakaminen", "Learning", 1),
    ("2025", "kanslia", "climate", 2, 1, 1, 0, 0, 0, 1 / 2, "Kaupunginkanslia",
     "Executive Office", 1, "Hiilineutraalisuus", "Carbon neutrality", 6),
    ("2025", "kasvatus", "learning", 4, 2, 1, 1, 0, 0, 2 / 4, "Kasvatus ja oppiminen",
     "Education", 2, "Oppiminen ja jakaminen", "Learning", 1),
]  # fmt: skip
MEASURE_COLUMNS = ("period", "division", "measure_id", "goal", "measure", "status",
                   "progress_pct", "report", "owner", "themes_fi", "themes_en",
                   "division_name_fi", "division_name_en", "division_sort_order",
                   "status_name_fi", "status_name_en", "status_sort_order", "source_file",
                   "sheet", "row_number")  # fmt: skip
MEASURES = [
    ("2025", "kanslia", "K-1", "G1 Yhteistyö", "Verkostot", "done", 100.0, "Valmis & hyvä",
     "Liisa", "Oppiminen ja jakaminen", "Learning", "Kaupunginkanslia", "Executive Office", 1,
     "Toteutettu", "Done", 1, "status/kanslia.xlsx", "Kanslia", 4),
    ("2025", "kanslia", "K-2", "G1 Yhteistyö", f"Mittari {XSS}", "delayed", 40.0, XSS, None,
     None, None, "Kaupunginkanslia", "Executive Office", 1, "Viivästynyt", "Delayed", 4,
     "status/kanslia.xlsx", "Kanslia", 5),
    ("2025", "kanslia", "K-3", "G2 EU", "Edunvalvonta", "not_started", None, "Syksyllä",
     None, None, None, "Kaupunginkanslia", "Executive Office", 1, "Ei aloitettu",
     "Not started", 3, "status/kanslia.xlsx", "Kanslia", 6),
    ("2025", "kasvatus", "KA-1", "G1 Yhteistyö", "Vaihto", "not_started", 0.0, "=1+2", None,
     None, None, "Kasvatus ja oppiminen", "Education", 2, "Ei aloitettu", "Not started", 3,
     "status/kasvatus.xlsx", "Kasvatus", 2),
]  # fmt: skip
STATUS_COLUMNS = ("status", "name_fi", "name_en", "sort_order")
STATUSES = [
    ("done", "Toteutettu", "Done", 1),
    ("in_progress", "Käynnissä", "In progress", 2),
    ("not_started", "Ei aloitettu", "Not started", 3),
    ("delayed", "Viivästynyt", "Delayed", 4),
    ("cancelled", "Luovuttu", "Cancelled", 5),
]
FILE_COLUMNS = ("period", "source_file", "file_sha256", "data_rows")
FILES = [
    ("2024", "status/kaikki.xlsx", "a" * 64, 40),
    ("2025", "status/kanslia.xlsx", "b" * 64, 1000),
    ("2025", "status/kasvatus.xlsx", "c" * 64, 234),
]
PROBLEM_COLUMNS = ("period", "severity", "source_file", "sheet", "cell", "message", "fix")
PROBLEMS = [
    ("2025", "warning", "status/kanslia.xlsx", "Kanslia", "G12", f"progress {XSS}", "write 40"),
    ("2025", "warning", "status/kanslia.xlsx", "Kanslia", "G4", "progress 120", "at most 100"),
]
# table -> (columns, rows) of the hand-made rows; every other table the report reads is empty
ROWS = {
    "completion_overall": (OVERALL_COLUMNS, OVERALL),
    "completion_by_division": (DIVISION_COLUMNS, DIVISIONS),
    "completion_by_theme": (THEME_COLUMNS, THEMES),
    "completion_by_division_theme": (MATRIX_COLUMNS, MATRIX),
    "division_measures": (MEASURE_COLUMNS, MEASURES),
    "ref_status": (STATUS_COLUMNS, STATUSES),
    "raw_file": (FILE_COLUMNS, FILES),
    "raw_problem": (PROBLEM_COLUMNS, PROBLEMS),
}


def insert(con: duckdb.DuckDBPyConnection, table: str, columns: tuple, rows: list[tuple]) -> None:
    names, marks = ", ".join(columns), ", ".join("?" * len(columns))
    con.executemany(f"insert into {table} ({names}) values ({marks})", rows)  # noqa: S608


def build_db(path: Path) -> Path:
    """The finished tables the report reads, as plain tables with the real models' columns and
    hand-made rows (a column a row does not give is empty)."""
    with duckdb.connect(str(path)) as con:
        create_tables_like_the_models(con)
        for table, (columns, rows) in ROWS.items():
            insert(con, table, columns, rows)
        con.execute(
            "insert into measures_needing_decision by name select *, status as reason, "
            "case status when 'delayed' then 1 else 3 end as urgency, false as moved_back, "
            "1 as behind_periods, period as behind_since from division_measures "
            "where status in ('delayed', 'not_started')"
        )
    return path


def create_tables_like_the_models(con: duckdb.DuckDBPyConnection) -> None:
    """An empty table for every table and view of the models, with the same columns."""
    with db.connect(None) as models:
        db.apply_models(models)
        names = [
            row[0]
            for row in models.execute(
                "select table_name from information_schema.tables order by table_name"
            ).fetchall()
        ]
        for name in names:
            columns = models.execute(f"describe {name}").fetchall()  # noqa: S608
            spec = ", ".join(f'"{column[0]}" {column[1]}' for column in columns)
            con.execute(f"create table {name} ({spec})")  # noqa: S608


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("db") / "seuranta.duckdb")


def plain(markup: str) -> str:
    """Markup without the cells' data-label attributes (the header of their column, tested in
    test_cells_carry_their_column_header_for_narrow_screens)."""
    return re.sub(r' data-label="[^"]*"', "", markup)


def overview(lang: str, db_path: Path, period: str = "2025") -> report.Report:
    return report.load(period=period, lang=lang, db_path=db_path)


def on_day(page: report.Report, day: date) -> report.Report:
    """The report as rendered on `day`."""
    return replace(page, page=replace(page.page, rendered_on=day))


def page_html(page: report.Report) -> str:
    """Every part of the overview and of the division pages except the assets (plotly.js)."""
    completion = page.completion
    parts = [
        page.header(),
        page.decisions.table(),
        completion.key_figures(),
        page.completion_heading(),
        completion.status_chart(),
        completion.division_table(),
        completion.division_chart(),
        completion.matrix_table(),
        completion.theme_table(),
        completion.trend_chart(),
        page.provenance(),
        page.footer(),
    ]
    book = page.divisions
    for group in (book.headers(), book.key_figures(), book.measures(), book.trends()):
        parts += list(group)
    parts += list(book.footers())
    return "\n".join(part._repr_html_() for part in parts)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_charts_are_valid_plotly_figures(db_path: Path, lang: str, drawn_figures) -> None:
    page_html(overview(lang, db_path))
    # status, division and trend charts on the overview; a trend chart on each division's page
    assert len(drawn_figures) == 3 + 3
    assert_valid_figures(drawn_figures)
    # the title of a chart is the h3 above it (a heading of the page), not drawn by plotly
    assert not any("title" in fig["layout"] for fig in drawn_figures)


def test_key_figures_are_formatted_per_locale(db_path: Path) -> None:
    fi = overview("fi", db_path).completion.key_figures()._repr_html_()
    en = overview("en", db_path).completion.key_figures()._repr_html_()
    assert f"52,4{NBSP}%" in fi and "52.4%" in en  # 22 / (50 - 8)
    assert f"+9,9{NBSP}%-yks." in fi and f"+9.9{NBSP}pp" in en  # 52.38 - 42.50
    assert f"42,5{NBSP}%" in fi and "42.5%" in en  # the previous period, beside the change
    assert "Toteutettu 22 / 42 toimenpidettä (ei mukana: Luovuttu 8)" in fi
    assert "Done 22 / 42 measures (not counted: Cancelled 8)" in en
    assert "Käynnissä <strong>12</strong>" in fi and "In progress <strong>12</strong>" in en


def test_headline_says_how_things_stand_in_each_language(db_path: Path) -> None:
    fi, en = (overview(lang, db_path).header()._repr_html_() for lang in ("fi", "en"))
    assert (
        f'<p class="sr-headline">Toimenpiteistä 52,4{NBSP}% on toteutettu (22/42). '
        f"Muutos kaudesta 2024: +9,9{NBSP}%-yks. "
    ) in fi
    assert f"{NBSP}pp. " in en and "52.4% of the measures are done (22 of 42)." in en
    assert " measures are delayed or not started.</p>" in en
    first = overview("en", db_path, period="2024").header()._repr_html_()
    assert "Change from" not in first and "42.5% of the measures are done" in first


def test_every_page_links_to_the_workbook(db_path: Path) -> None:
    """reports/<period>/indicators.xlsx, from the overview and from a division page."""
    page = overview("fi", db_path)
    assert '<a href="../indicators.xlsx">Raportin taulukot Excel-työkirjana: indicators.xlsx' in (
        page.footer()._repr_html_()
    )
    division = page.divisions.pages[0]
    assert '<a href="../../indicators.xlsx">' in division.footer()._repr_html_()


def test_first_period_has_no_change(db_path: Path) -> None:
    page = overview("en", db_path, period="2024")
    markup = page.completion.key_figures()._repr_html_()
    assert "No earlier period loaded" in markup and f"{NBSP}pp" not in markup
    assert "42.5%" in markup
    completion = page.completion
    later = "".join(
        part().markup
        for part in (completion.key_figures, completion.trend_chart, completion.division_table)
    )
    assert "2025" not in later  # a later period never shows on an earlier page


def test_names_come_in_the_page_language(db_path: Path) -> None:
    fi, en = overview("fi", db_path), overview("en", db_path)
    assert "Kaupunginkanslia" in fi.completion.division_table()._repr_html_()
    assert "Executive Office" not in page_html(fi)
    assert "Executive Office" in en.completion.division_table()._repr_html_()
    assert "Kaupunginkanslia" not in page_html(en)
    assert "Oppiminen ja jakaminen" in fi.completion.theme_table()._repr_html_()
    assert '<th scope="col">Luovuttu</th>' in fi.completion.division_table()._repr_html_()
    assert "Strategian seuranta 2025" in fi.header()._repr_html_()
    assert "Strategy follow-up 2025" in en.header()._repr_html_()
    assert "Viivästynyt" in fi.decisions.table().markup and "Delayed" in en.decisions.table().markup


def test_division_table_rows_counts_total_and_links(db_path: Path) -> None:
    markup = plain(overview("fi", db_path).completion.division_table()._repr_html_())
    assert '<caption><h3 class="sr-table-title">Toimialoittain, 2025</h3></caption>' in markup
    assert markup.index("Kaupunginkanslia") < markup.index("Kasvatus ja oppiminen")  # sort_order
    row = (
        '<tr><th scope="row"><a href="divisions/kanslia.html">Kaupunginkanslia</a></th>'
        "<td>20</td><td>12</td><td>4</td><td>2</td>"
        f"<td>1</td><td>1</td><td>63,2{NBSP}%</td></tr>"
    )
    assert row in markup
    assert "<td>–</td>" in markup  # every measure cancelled: no rate
    assert '<tfoot>\n<tr><th scope="row">Yhteensä</th><td>50</td>' in markup
    assert 'role="region" tabindex="0" aria-label="Toimialoittain, 2025"' in markup


def test_matrix_of_divisions_and_themes(db_path: Path) -> None:
    fi = plain(overview("fi", db_path).completion.matrix_table().markup)
    en = plain(overview("en", db_path).completion.matrix_table().markup)
    assert '<caption><h3 class="sr-table-title">Toimialat ja teemat, 2025</h3></caption>' in fi
    assert (
        '<th scope="col">Oppiminen ja jakaminen</th><th scope="col">Hiilineutraalisuus</th>' in fi
    )
    kanslia = (
        '<tr><th scope="row"><a href="divisions/kanslia.html">Kaupunginkanslia</a></th>'
        f"<td>6 (50,0{NBSP}%)</td><td>2 (50,0{NBSP}%)</td></tr>"
    )
    assert kanslia in fi
    assert f"<td>4 (50,0{NBSP}%)</td><td>–</td></tr>" in fi  # kasvatus has no climate measure
    assert f'<th scope="row">Yhteensä</th><td>10 (50,0{NBSP}%)</td><td>6 (40,0{NBSP}%)</td>' in fi
    assert '<th scope="row">Total</th><td>10 (50.0%)</td><td>6 (40.0%)</td>' in en
    assert "sr-matrix" in fi


def test_measures_needing_a_decision_delayed_first_with_owner_and_links(db_path: Path) -> None:
    markup = plain(overview("fi", db_path).decisions.table().markup)
    assert '<h2 id="sr-decisions">Päätöstä vaativat toimenpiteet</h2>' in markup
    assert "tila on Viivästynyt tai Ei aloitettu tai jotka ovat siirtyneet" in markup
    ids = re.findall(r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a>', markup)
    assert ids == [  # delayed first, then by division order; each to its row on its page
        ("divisions/kanslia.html#m-K-2", "K-2"),
        ("divisions/kanslia.html#m-K-3", "K-3"),
        ("divisions/kasvatus.html#m-KA-1", "KA-1"),
    ]
    assert '<td class="sr-free">Syksyllä</td>' in markup
    assert '<td class="sr-free">=1+2</td>' in markup
    assert f'<td class="sr-free">{XSS_ESCAPED}</td>' in markup
    assert '<a href="divisions/kasvatus.html">Kasvatus ja oppiminen</a>' in markup
    assert "<td>tällä kaudella</td>" in markup  # behind in this period only
    first = plain(overview("fi", db_path, period="2024").decisions.table().markup)
    assert "tila on Viivästynyt tai Ei aloitettu (" in first  # nothing can have moved back
    assert '<span class="sr-nowrap">–</span> → ' in markup  # no status in an earlier period


def test_provenance_appendix(db_path: Path) -> None:
    page = on_day(overview("en", db_path), date(2026, 3, 5))
    markup = plain(page.provenance().markup)
    assert 'id="sr-provenance"' in markup and ">Appendix: where the data come from</h2>" in markup
    assert f'<code class="sr-hash" title="{"b" * 64}">{"b" * 12}</code>' in markup
    assert "a" * 12 not in markup  # another period's file
    assert '<th scope="row">status/kasvatus.xlsx</th>' in markup
    assert "<dt>Rows rejected</dt><dd>0</dd>" in markup
    assert "<dt>Warnings</dt><dd>2</dd>" in markup
    assert analysis.__version__ not in markup  # the version is in run.json, not on the page
    assert "Sheets" not in markup and "Code version" not in markup
    assert "<dd>5 March 2026</dd>" in markup and "<dt>Period</dt><dd>2025</dd>" in markup
    assert markup.index("[Kanslia!G4]") < markup.index("[Kanslia!G12]")  # reading order


def test_a_run_of_one_language_links_to_no_other(db_path: Path) -> None:
    page = report.load("2025", "fi", db_path, langs="fi")
    markup = page.header().markup + "".join(part.markup for part in page.divisions.headers())
    assert "hreflang" not in markup and "../en/" not in markup and "sr-lang" not in markup
    both = report.load("2025", "fi", db_path, langs="fi,en").header().markup
    assert 'href="../en/index.html" hreflang="en"' in both
    with pytest.raises(ValueError, match="not one of the run's"):
        report.load("2025", "fi", db_path, langs="en")
    with pytest.raises(ValueError, match="unknown report language.*'de'"):
        report.load("2025", "fi", db_path, langs="fi,de")


def test_charts_are_labelled_and_use_the_locale(db_path: Path) -> None:
    page = overview("fi", db_path)
    status = page.completion.status_chart()._repr_html_()
    assert status.startswith('<figure class="sr-figure">')
    assert (
        '<h3 class="sr-figure-title" id="sr-chart-status-title">Toimenpiteet tilan mukaan, 2025'
        "</h3>" in status
    )
    assert 'aria-labelledby="sr-chart-status-title"' in status
    assert 'aria-describedby="sr-chart-status-summary"' in status
    assert (
        '<figcaption id="sr-chart-status-summary">Toimenpiteitä yhteensä 50: Toteutettu 22, '
        "Käynnissä 12" in status
    )
    assert '"separators":",\\u00a0"' in status or f'"separators":",{NBSP}"' in status
    assert '{"displayModeBar": false, "displaylogo": false, "responsive": true}' in status
    assert "Plotly.newPlot" in status
    trend = page.completion.trend_chart()._repr_html_()
    assert "Koko kaupunki" in trend and "Kaupunginkanslia" in trend  # two periods: divisions too
    assert '"range":[0,100]' in trend


def test_footer_names_sources_date_and_version(db_path: Path) -> None:
    day = date(2026, 3, 5)
    fi = on_day(overview("fi", db_path), day).footer()._repr_html_()
    en = on_day(overview("en", db_path), day).footer()._repr_html_()
    assert "<dd>2</dd>" in fi and f"<dd>1{NBSP}234</dd>" in fi and "<dd>1,234</dd>" in en
    assert "<dd>5. maaliskuuta 2026</dd>" in fi and "<dd>5 March 2026</dd>" in en
    assert analysis.__version__ not in fi and "Ohjelmaversio" not in fi  # no developer words
    assert "Toteutumisaste = Toteutettu / (kaikki toimenpiteet − Luovuttu)." in fi


def test_assets_inline_css_for_every_page_and_plotly_js_for_pages_with_charts(
    db_path: Path,
) -> None:
    css, scripts = overview("fi", db_path).assets()
    assert css._repr_html_().startswith("<style>") and "<script" not in css._repr_html_()
    assert css._repr_mimebundle_()[1] == {"seuranta": {"page": "*"}}
    markup = scripts._repr_html_()
    assert markup.startswith("<script>") and "<script src" not in markup
    assert "window.Plotly" in markup
    assert repr(scripts).startswith("<Html: ")  # short text/plain in the notebook
    assert scripts._repr_mimebundle_()[1] == {"seuranta": {"page": "*charts"}}


def test_overview_parts_belong_to_the_overview(db_path: Path) -> None:
    data, meta = overview("fi", db_path).header()._repr_mimebundle_()
    assert meta == {} and data["text/html"].startswith("<header")


def test_division_pages_one_per_division_of_the_period(db_path: Path) -> None:
    book = overview("fi", db_path).divisions
    assert [page.code for page in book.pages] == ["kanslia", "kasvatus", "testi"]
    headers = list(book.headers())
    assert len(book.headers()) == 3
    data, meta = headers[0]._repr_mimebundle_()
    assert meta == {
        "seuranta": {
            "page": "divisions/kanslia.html",
            "title": "Kaupunginkanslia – Strategian seuranta 2025",
        }
    }
    assert {part.page for part in book.footers()} == {
        "divisions/kanslia.html",
        "divisions/kasvatus.html",
        "divisions/testi.html",
    }
    assert headers[2].title == f"{XSS} – Strategian seuranta 2025"  # escaped when rendered


def test_division_page_links_back_and_to_the_other_language(db_path: Path) -> None:
    fi = overview("fi", db_path).divisions.pages[0].header().markup
    en = overview("en", db_path).divisions.pages[0].header().markup
    assert '<a href="../index.html">Strategian seuranta 2025</a>' in fi
    assert '<a href="../../en/divisions/kanslia.html" hreflang="en" lang="en">In English</a>' in fi
    assert '<a href="../../fi/divisions/kanslia.html" hreflang="fi" lang="fi">Suomeksi</a>' in en
    assert '<h1 id="sr-main" tabindex="-1">Kaupunginkanslia</h1>' in fi
    assert '<h1 id="sr-main" tabindex="-1">Executive Office</h1>' in en
    assert '<a class="sr-skip" href="#sr-main">Siirry pääsisältöön</a>' in fi
    assert '<a href="../../indicators.xlsx">' in fi


def test_division_page_figures_measures_and_trend(db_path: Path) -> None:
    page = overview("fi", db_path).divisions.pages[0]
    figures = page.key_figures().markup
    assert f"63,2{NBSP}%" in figures  # 12 / 19
    assert f"+18,7{NBSP}%-yks." in figures  # 63.16 - 44.44
    assert "Koko kaupungissa 50" in figures
    measures = plain(page.measures_table().markup)
    assert '<tr id="m-K-1"><th scope="row">K-1</th>' in measures  # the decision list's target
    assert measures.count('scope="rowgroup"') == 2
    assert measures.index("Tavoite: G1 Yhteistyö") < measures.index("K-1")
    assert measures.index("K-2") < measures.index("Tavoite: G2 EU") < measures.index("K-3")
    assert "KA-1" not in measures  # another division's measure
    assert '<td class="sr-free">Valmis &amp; hyvä</td>' in measures
    assert f"<td>Mittari {XSS_ESCAPED}</td>" in measures
    trend = page.trend_chart().markup
    assert 'id="sr-chart-trend-kanslia-summary"' in trend
    assert f"Toimialan toteutumisaste kausittain: 2024: 44,4{NBSP}%, 2025: 63,2{NBSP}%." in trend
    footer = page.footer().markup
    assert "<dd>status/kanslia.xlsx</dd>" in footer
    assert '<a href="../index.html#sr-provenance">' in footer


def test_unknown_period_or_language_is_a_clear_error(db_path: Path) -> None:
    with pytest.raises(ValueError, match="no row for period '2030'"):
        overview("fi", db_path, period="2030")
    with pytest.raises(ValueError, match="unknown report language 'de'"):
        overview("de", db_path)


def execute_report(db_path: Path, executed: Path, lang: str, langs: str) -> Path:
    """The report notebook executed on the test database, as a run of `langs` executes it."""
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "30_report.ipynb"),
        str(executed),
        parameters={"period": "2025", "lang": lang, "langs": langs, "db_path": str(db_path)},
        kernel_name="python3",
        progress_bar=False,
    )
    return executed


@pytest.mark.slow
def test_report_notebook_runs_and_renders_every_page(db_path: Path, tmp_path: Path) -> None:
    executed = execute_report(db_path, tmp_path / "30_report.fi.ipynb", "fi", "fi,en")
    outputs = [
        o for cell in nbformat.read(executed, as_version=4).cells for o in cell.get("outputs", [])
    ]
    assert all("text/html" in o.get("data", {}) for o in outputs)
    on = [pages.page_of(o)[0] for o in outputs]
    # 11 completion parts, 7 funding parts, 2 yearly-cycle parts and the indicators
    assert on.count("*") == 1 and on.count("index.html") == 22
    assert on.count("divisions/kanslia.html") == on.count("divisions/testi.html") == 6
    assert on.count("accessibility.html") == 1  # the statement is one part
    written = render_pages([executed], tmp_path / "fi", "fi", "2025", renderer="nbconvert")
    assert sorted(p.relative_to(tmp_path / "fi").as_posix() for p in written) == [
        "accessibility.html",
        "divisions/kanslia.html",
        "divisions/kasvatus.html",
        "divisions/testi.html",
        "index.html",
    ]
    page = (tmp_path / "fi" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fi">' in page and "<title>Strategian seuranta 2025</title>" in page
    assert 'class="plotly-graph-div"' in page and "window.Plotly" in page
    assert "report.load(" not in page and XSS not in page
    assert "<h1>Kaupunginkanslia</h1>" not in page
    division = (tmp_path / "fi" / "divisions" / "testi.html").read_text(encoding="utf-8")
    assert f"<title>{XSS_ESCAPED} – Strategian seuranta 2025</title>" in division
    assert "window.Plotly" in division and "Keskeiset luvut" in division
    assert "Toimialoittain, 2025" not in division  # the overview's table stays on the overview
    headings = [
        cell.source
        for cell in nbformat.read(executed, as_version=4).cells
        if cell.cell_type == "markdown"
    ]
    assert "## EU funding" in headings and "## Division pages" in "\n".join(headings)
    for html in (page, division):  # the notebook's headings are for its reader only
        assert "EU funding" not in html and "Division pages" not in html
    assert 'href="../en/index.html"' in page  # a run of both languages links to the other


@pytest.mark.slow
def test_a_run_of_one_language_writes_no_link_to_another(db_path: Path, tmp_path: Path) -> None:
    executed = execute_report(db_path, tmp_path / "30_report.fi.ipynb", "fi", "fi")
    written = render_pages([executed], tmp_path / "fi", "fi", "2025", renderer="nbconvert")
    assert len(written) == 5  # the overview, 3 divisions, the accessibility statement
    for path in written:
        html = path.read_text(encoding="utf-8")
        assert "/en/" not in html and 'hreflang="en"' not in html, path.name


def test_the_overview_lists_the_most_urgent_measures_and_says_where_the_rest_are(
    db_path: Path,
) -> None:
    page = overview("en", db_path)
    decisions = page.data.decisions
    many = pd.concat([decisions] * (pages.LIST_ROWS // max(len(decisions), 1) + 2))
    many = many.assign(listed_rows=len(many))  # as the query counts them all
    html = replace(page, data=replace(page.data, decisions=many)).decisions.table().markup
    assert html.count('<th scope="row"') == pages.LIST_ROWS
    note = f"All {len(many)} are on the divisions' pages and in indicators.xlsx"
    assert esc(note) in html
    assert "most urgent." not in page.decisions.table().markup  # a short list is shown whole


def test_a_long_list_is_read_as_its_first_rows_with_the_number_of_them_all(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lists that show their first LIST_ROWS rows read no more rows than those from the
    database, and the count of all of them comes from the database too."""
    listed = tmp_path / "listed.duckdb"
    shutil.copy(db_path, listed)
    with duckdb.connect(str(listed)) as con:  # every measure moved back and with a finding
        con.execute(
            "insert into measure_changes by name select period, measure_id, division, "
            "division_sort_order, 'backward' as direction, false as report_unchanged "
            "from division_measures"
        )
        con.execute(
            "insert into quality_findings by name select period, measure_id, division, "
            "division_sort_order, source_file, sheet, row_number, 'done_without_report' "
            "as finding from division_measures"
        )
    whole = overview("en", listed).data
    monkeypatch.setattr(report_data, "LIST_ROWS", 1)
    cut = overview("en", listed).data
    for name in ("decisions", "moves", "findings"):
        every, first = getattr(whole, name), getattr(cut, name)
        assert len(every) >= 2 and len(first) == 1, name
        assert report_data.list_total(first) == report_data.list_total(every) == len(every)
        assert first.iloc[0]["measure_id"] == every.iloc[0]["measure_id"], name


def test_the_tables_read_through_arrow_are_those_duckdb_would_give(db_path: Path) -> None:
    params = {"period": "2025", "lang": "sv"}
    with duckdb.connect(str(db_path), read_only=True) as con:
        for name in report_data.THROUGH_ARROW:
            sql = report_data.QUERIES[name]
            read, duck = report_data._read(con, sql, params, name), con.execute(sql, params).df()

            def values(frame: pd.DataFrame) -> pd.DataFrame:  # None and NaN alike: missing
                return frame.astype(object).where(frame.notna(), None)

            pd.testing.assert_frame_equal(values(read), values(duck))
            for column in duck.columns:  # an empty text column: str for Arrow, object for DuckDB
                if read[column].dtype != duck[column].dtype:
                    assert duck[column].isna().all() and duck[column].dtype == object, column
                    assert pd.api.types.is_string_dtype(read[column]), column
