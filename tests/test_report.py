"""Report page parts read from a small DuckDB file of finished tables, and the report notebook."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import nbformat
import papermill
import pytest

import analysis
from analysis import report
from analysis.render import render_report

ROOT = Path(__file__).resolve().parents[1]
XSS = "<script>alert(1)</script>"
NBSP = "\u00a0"

# period, measures, done, in_progress, not_started, delayed, cancelled, rate, divisions
OVERALL = [
    ("2024", 40, 17, 13, 7, 3, 0, 17 / 40, 2),
    ("2025", 50, 22, 12, 5, 3, 8, 22 / 42, 3),
]
# period, code, counts as above, rate, name_fi, name_en, sort_order
DIVISIONS = [
    ("2024", "kanslia", 18, 8, 6, 3, 1, 0, 8 / 18, "Kaupunginkanslia", "Executive Office", 1),
    ("2024", "kasvatus", 22, 9, 7, 4, 2, 0, 9 / 22, "Kasvatus ja oppiminen", "Education", 2),
    ("2025", "kanslia", 20, 12, 4, 2, 1, 1, 12 / 19, "Kaupunginkanslia", "Executive Office", 1),
    ("2025", "kasvatus", 25, 10, 8, 3, 2, 2, 10 / 23, "Kasvatus ja oppiminen", "Education", 2),
    ("2025", "testi", 5, 0, 0, 0, 0, 5, None, XSS, XSS, 3),
]
THEMES = [
    ("2025", "climate", 6, 2, 2, 1, 0, 1, 2 / 5, "Hiilineutraalisuus", "Carbon neutrality", 6),
    ("2025", "learning", 10, 5, 3, 1, 1, 0, 5 / 10, "Oppiminen ja jakaminen", "Learning", 1),
]
STATUSES = [
    ("done", "Toteutettu", "Done", 1),
    ("in_progress", "Käynnissä", "In progress", 2),
    ("not_started", "Ei aloitettu", "Not started", 3),
    ("delayed", "Viivästynyt", "Delayed", 4),
    ("cancelled", "Luovuttu", "Cancelled", 5),
]
FILES = [
    ("2024", "status/kaikki.xlsx", 40),
    ("2025", "status/kanslia.xlsx", 1000),
    ("2025", "status/kasvatus.xlsx", 234),
]
SCHEMA = """
create table completion_overall (
    period varchar, measures bigint, done bigint, in_progress bigint, not_started bigint,
    delayed bigint, cancelled bigint, completion_rate double, divisions bigint);
create table completion_by_division (
    period varchar, division varchar, measures bigint, done bigint, in_progress bigint,
    not_started bigint, delayed bigint, cancelled bigint, completion_rate double,
    division_name_fi varchar, division_name_en varchar, sort_order integer);
create table completion_by_theme (
    period varchar, theme varchar, measures bigint, done bigint, in_progress bigint,
    not_started bigint, delayed bigint, cancelled bigint, completion_rate double,
    theme_name_fi varchar, theme_name_en varchar, sort_order integer);
create table ref_status (status varchar, name_fi varchar, name_en varchar, sort_order integer);
create table raw_file (
    period varchar, source_file varchar, kind varchar, file_sha256 varchar, size_bytes bigint,
    sheets integer, data_rows integer, loaded_at timestamp);
"""


def build_db(path: Path) -> Path:
    """The finished tables the report reads, as plain tables with hand-made rows."""
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        con.executemany(
            "insert into completion_overall values (?, ?, ?, ?, ?, ?, ?, ?, ?)", OVERALL
        )
        con.executemany(
            "insert into completion_by_division values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            DIVISIONS,
        )
        con.executemany(
            "insert into completion_by_theme values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", THEMES
        )
        con.executemany("insert into ref_status values (?, ?, ?, ?)", STATUSES)
        con.executemany(
            "insert into raw_file values (?, ?, 'status', 'sha', 100, 1, ?, now())", FILES
        )
    return path


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("db") / "seuranta.duckdb")


def page_html(page: report.Report) -> str:
    """Every part of the page except the assets (plotly.js), as one string."""
    parts = [
        page.header(),
        page.key_figures(),
        page.status_chart(),
        page.division_table(),
        page.division_chart(),
        page.theme_table(),
        page.trend_chart(),
        page.footer(),
    ]
    return "\n".join(part._repr_html_() for part in parts)


def test_key_figures_are_formatted_per_locale(db_path: Path) -> None:
    fi = report.load(period="2025", lang="fi", db_path=str(db_path)).key_figures()._repr_html_()
    en = report.load(period="2025", lang="en", db_path=str(db_path)).key_figures()._repr_html_()
    assert f"52,4{NBSP}%" in fi and "52.4%" in en  # 22 / (50 - 8)
    assert f"+9,9{NBSP}%-yks." in fi and f"+9.9{NBSP}pp" in en  # 52.38 - 42.50
    assert f"42,5{NBSP}%" in fi and "42.5%" in en  # the previous period, beside the change
    assert "Toteutettu 22 / 42 toimenpidettä (ei mukana: Luovuttu 8)" in fi
    assert "Done 22 / 42 measures (not counted: Cancelled 8)" in en
    assert "Käynnissä <strong>12</strong>" in fi and "In progress <strong>12</strong>" in en


def test_first_period_has_no_change(db_path: Path) -> None:
    page = report.load(period="2024", lang="en", db_path=db_path)
    markup = page.key_figures()._repr_html_()
    assert "No earlier period loaded" in markup and f"{NBSP}pp" not in markup
    assert "42.5%" in markup
    later = page.key_figures().markup + page.trend_chart().markup + page.division_table().markup
    assert "2025" not in later  # a later period never shows on an earlier page


def test_names_come_in_the_page_language(db_path: Path) -> None:
    fi = report.load(period="2025", lang="fi", db_path=db_path)
    en = report.load(period="2025", lang="en", db_path=db_path)
    assert "Kaupunginkanslia" in fi.division_table()._repr_html_()
    assert "Executive Office" not in page_html(fi)
    assert "Executive Office" in en.division_table()._repr_html_()
    assert "Kaupunginkanslia" not in page_html(en)
    assert "Oppiminen ja jakaminen" in fi.theme_table()._repr_html_()
    assert '<th scope="col">Luovuttu</th>' in fi.division_table()._repr_html_()
    assert "Strategian seuranta 2025" in fi.header()._repr_html_()
    assert "Strategy follow-up 2025" in en.header()._repr_html_()


def test_division_table_rows_counts_and_total(db_path: Path) -> None:
    markup = report.load(period="2025", lang="fi", db_path=db_path).division_table()._repr_html_()
    assert "<caption>Toimialoittain, 2025</caption>" in markup
    assert markup.index("Kaupunginkanslia") < markup.index("Kasvatus ja oppiminen")  # sort_order
    row = (
        '<tr><th scope="row">Kaupunginkanslia</th><td>20</td><td>12</td><td>4</td><td>2</td>'
        f"<td>1</td><td>1</td><td>63{NBSP}%</td></tr>"
    )
    assert row in markup
    assert "<td>–</td>" in markup  # every measure cancelled: no rate
    assert '<tfoot>\n<tr><th scope="row">Yhteensä</th><td>50</td>' in markup


def test_text_from_data_is_escaped_everywhere(db_path: Path) -> None:
    for lang in ("fi", "en"):
        markup = page_html(report.load(period="2025", lang=lang, db_path=db_path))
        assert XSS not in markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
        # chart labels too: plotly reads them as HTML (its JSON writes `/` as \u002f)
        assert '"&lt;script&gt;alert(1)&lt;\\u002fscript&gt;"' in markup
        assert "\\u003cscript" not in markup


def test_link_to_the_other_language(db_path: Path) -> None:
    fi = report.load(period="2025", lang="fi", db_path=db_path).header()._repr_html_()
    en = report.load(period="2025", lang="en", db_path=db_path).header()._repr_html_()
    assert '<a href="../en/index.html" hreflang="en" lang="en">In English</a>' in fi
    assert '<a href="../fi/index.html" hreflang="fi" lang="fi">Suomeksi</a>' in en


def test_charts_are_labelled_and_use_the_locale(db_path: Path) -> None:
    page = report.load(period="2025", lang="fi", db_path=db_path)
    status = page.status_chart()._repr_html_()
    assert status.startswith('<figure class="sr-figure">')
    assert 'aria-label="Toimenpiteet tilan mukaan, 2025"' in status
    assert "<figcaption>Toimenpiteitä yhteensä 50: Toteutettu 22, Käynnissä 12" in status
    assert '"separators":",\\u00a0"' in status or f'"separators":",{NBSP}"' in status
    assert '{"displaylogo": false, "responsive": true}' in status and "Plotly.newPlot" in status
    trend = page.trend_chart()._repr_html_()
    assert "Koko kaupunki" in trend and "Kaupunginkanslia" in trend  # two periods: divisions too
    assert '"range":[0,100]' in trend


def test_footer_names_sources_date_and_version(db_path: Path) -> None:
    day = date(2026, 3, 5)
    fi = replace(report.load(period="2025", lang="fi", db_path=db_path), rendered_on=day)
    en = replace(report.load(period="2025", lang="en", db_path=db_path), rendered_on=day)
    fi, en = fi.footer()._repr_html_(), en.footer()._repr_html_()
    assert "<dd>2</dd>" in fi and f"<dd>1{NBSP}234</dd>" in fi and "<dd>1,234</dd>" in en
    assert "<dd>5. maaliskuuta 2026</dd>" in fi and "<dd>5 March 2026</dd>" in en
    assert f"<dd>{analysis.__version__}</dd>" in fi
    assert "Toteutumisaste = Toteutettu / (kaikki toimenpiteet − Luovuttu)." in fi


def test_assets_inline_plotly_js(db_path: Path) -> None:
    assets = report.load(period="2025", lang="fi", db_path=db_path).assets()._repr_html_()
    assert assets.startswith("<style>") and "<script src" not in assets
    assert "window.Plotly" in assets
    assert repr(report.Html(assets)).startswith("<Html: ")  # short text/plain in the notebook


def test_unknown_period_or_language_is_a_clear_error(db_path: Path) -> None:
    with pytest.raises(ValueError, match="no row for period '2030'"):
        report.load(period="2030", lang="fi", db_path=db_path)
    with pytest.raises(ValueError, match="unknown report language 'sv'"):
        report.load(period="2025", lang="sv", db_path=db_path)


@pytest.mark.slow
def test_report_notebook_runs_and_renders(db_path: Path, tmp_path: Path) -> None:
    executed = tmp_path / "30_report.fi.ipynb"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / "30_report.ipynb"),
        str(executed),
        parameters={"period": "2025", "lang": "fi", "db_path": str(db_path)},
        kernel_name="python3",
        progress_bar=False,
    )
    outputs = [
        o for cell in nbformat.read(executed, as_version=4).cells for o in cell.get("outputs", [])
    ]
    assert len(outputs) == 9 and all("text/html" in o.get("data", {}) for o in outputs)
    out_html = tmp_path / "fi" / "index.html"
    assert render_report(executed, out_html, "fi", "2025", renderer="nbconvert") == "nbconvert"
    page = out_html.read_text(encoding="utf-8")
    assert '<html lang="fi">' in page and "<title>Strategian seuranta 2025</title>" in page
    assert 'class="plotly-graph-div"' in page and "window.Plotly" in page
    assert "report.load(" not in page and XSS not in page
