"""The report's indicators section on the example data, with an indicator written to attack it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.report import overview
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT, assert_valid_figures

XSS = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    """The example periods, the 2025 workbook with one more indicator named and commented XSS."""
    base = tmp_path_factory.mktemp("indicator-report")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    path = base / "raw/2025/indicators/mittarit.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    sheet.append(["XSS-1", XSS, None, None, "vierailua", "ylös", None, None, "Vapaa-aika",
                  None, None, 10, 2026, 2.5, "lähde", XSS])  # fmt: skip
    book.save(path)
    db = base / "seuranta.duckdb"
    for period in ("2024", "2025"):
        ingest_period(period, base / "raw", db, CONFIG)
    return db


def test_free_text_is_escaped_and_the_evaluation_is_written_out(db_path):
    report = overview.load(period="2025", lang="fi", db_path=db_path, langs="fi,en")
    markup = report.indicators.overview().markup
    assert XSS not in markup and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in markup
    assert "2,5 vierailua" in markup  # another unit is shown as written after the number
    # each evaluation by its mark and its name, not by colour
    for mark, name in (("✓", "Tavoitteessa"), ("!", "Hieman jäljessä"),
                       ("✗", "Selvästi jäljessä"), ("–", "Ei tavoitetta"),
                       ("?", "Ei arvoa tältä kaudelta")):  # fmt: skip
        assert f'aria-hidden="true">{mark}</span> {name}' in markup
    groups = re.findall(r'<h3 class="sr-table-title">([^<]*)</h3>', markup)
    assert groups[0].startswith("G1 ") and groups[-1] == "Muut mittarit: mittarit 2025"  # XSS-1
    assert "Laskettu EU-rahoitustiedoista" in markup  # computed ones say what from


def test_the_citys_free_text_is_marked_on_a_page_in_another_language(db_path):
    en = overview.load(period="2025", lang="en", db_path=db_path, langs="fi,en")
    markup = en.indicators.overview().markup
    groups = re.findall(r'<h3 class="sr-table-title">([^<]*)</h3>', markup)
    assert groups[0].startswith("G1 ") and "(in Finnish): indicators 2025" in groups[0]
    assert '<span lang="fi">Kaksi toimialaa valmistelee vielä.</span>' in markup  # a comment
    assert "Computed from" in markup  # a computed indicator's text is the page's own
    fi = overview.load(period="2025", lang="fi", db_path=db_path, langs="fi,en")
    assert "(suomeksi)" not in fi.indicators.overview().markup


def test_series_chart_has_the_values_the_baseline_and_the_target_line(db_path):
    report = overview.load(period="2025", lang="en", db_path=db_path, langs="fi,en")
    markup = report.indicators.overview().markup
    start = markup.index('id="sr-chart-indicator-EC-TR"')
    call = re.search(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*\{", markup[start:], re.S)
    values, target = json.loads(call.group(1))
    assert values["x"] == ["2022", "2024", "2025"] and values["y"] == [4, 8, 10]
    assert target["x"] == ["2022", "2024", "2025", "2026"] and set(target["y"]) == {12}
    assert target["line"]["dash"] == "dash"
    assert "Eurocities working groups with a city representative: 2022: 4, 2024: 8, 2025: 10." in (
        markup
    )


def test_division_pages_list_their_own_indicators(db_path):
    report = overview.load(period="2025", lang="fi", db_path=db_path, langs="fi,en")
    parts = {part.page: part.markup for part in report.indicators.division_tables()}
    assert "Eurocities-työryhmät" in parts["divisions/kanslia.html"]
    assert "Oppilasvaihdot" in parts["divisions/kasvatus.html"]
    assert "Oppilasvaihdot" not in parts["divisions/kanslia.html"]
    assert "&lt;img" in parts["divisions/vapaa_aika.html"]
    assert "ei ole kaudella 2025 omia mittareita" in parts["divisions/elinvoima.html"]


def test_an_earlier_period_shows_its_own_values_only(db_path):
    report = overview.load(period="2024", lang="en", db_path=db_path, langs="fi,en")
    markup = report.indicators.overview().markup
    assert "XSS-1" not in markup and "&lt;img" not in markup
    assert "Value 2024" in markup and "2025: 10" not in markup


def test_every_chart_is_a_valid_plotly_figure_with_whole_number_count_steps(db_path):
    report = overview.load(period="2025", lang="fi", db_path=db_path, langs="fi,en")
    section = report.indicators
    rows = section.current.to_dict("records")
    figures = {row["indicator"]: section.figure(row, report.page) for row in rows}
    assert figures["VERKKO-EN"] is not None  # a value in 2024 only still has its series
    assert_valid_figures([fig for fig in figures.values() if fig is not None])
    assert figures["EC-TR"]["layout"]["yaxis"]["dtick"] == 5  # counts up to 12: 0, 5, 10
    assert figures["KV-MEN"]["layout"]["yaxis"]["ticksuffix"] == "\u00a0%"
