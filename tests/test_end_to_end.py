"""`seuranta run` on the shipped example data: figures, reports, audit trail, reruns."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import i18n
from analysis.cli import main
from tests.conftest import CONFIG, ROOT, run_example_periods

pytestmark = pytest.mark.slow

# Hand-computed from the status letters in analysis/examples.py (D done, I in progress,
# N not started, L delayed, C cancelled), e.g. kanslia 2024 "DIDIDIIDNN" -> 4 D, 4 I, 2 N.
OVERALL = {
    # period: measures, done, in_progress, not_started, delayed, cancelled, rate
    "2024": (49, 10, 22, 16, 1, 0, 10 / 49),
    "2025": (50, 27, 17, 1, 3, 2, 27 / 48),
}
BY_DIVISION_2025 = [
    ("kanslia", 11, 8, 3, 0, 0, 0, 8 / 11),
    ("kasvatus", 10, 5, 4, 0, 1, 0, 5 / 10),
    ("ymparisto", 10, 4, 3, 1, 1, 1, 4 / 9),
    ("elinvoima", 10, 7, 3, 0, 0, 0, 7 / 10),  # "DDIIDDDDID"
    ("vapaa_aika", 9, 3, 4, 0, 1, 1, 3 / 8),
]
# theme: measures, done, cancelled in 2025 (a measure counts in each of its themes)
BY_THEME_2025 = {
    "learning": (25, 15, 0),
    "eu_advocacy": (11, 6, 2),
    "funding": (14, 6, 0),
    "employment": (4, 2, 1),
    "logistics": (2, 1, 1),
}
# Hand-computed from examples/indicators.py and config/indicators.yml (docs/indicators.md,
# "Evaluation"): indicator -> (value, needed value, evaluation, trend) in 2025.
INDICATORS_2025 = {
    "EC-TR": (10, 10, "on_track", "improving"),  # 4 + (12 - 4) x 3/4
    "KV-VIER": (26, 20 + 20 * 2 / 3, "off_track", "maintaining"),  # 0.3 < 2/3 - 0.1; +4 %
    "KV-MEN": (68, 20 + 80 * 2 / 3, "behind", "improving"),  # 0.6 >= 2/3 - 0.1
    "EU-KANN": (7, 5, "on_track", "improving"),  # 7 >= 6: reached early
    "EU-VAST": (4, 0, "off_track", "worsening"),  # down, target year 2024 passed; 3 -> 4
    "KV-MATK": (15, None, "no_target", "improving"),
    "YSTK": (6, 6, "on_track", "maintaining"),  # stay
    "VERKKO-EN": (None, 42000 + 18000 * 2 / 3, "no_value", None),
    "KASKO-VAIHTO": (49, 30 + 30 * 3 / 5, "on_track", "improving"),
    "KASKO-ERAS": (4, 5, "off_track", "improving"),  # target year 2025: 0.67 < 0.9
    "EU-HAK": (10, 16, "off_track", "improving"),  # 16 = the period's application target
    "EU-RAHA": (3340000, 200000 + 4800000 * 3 / 5, "on_track", "improving"),
    "G6-TOT": (40, 100 * 2 / 3, "off_track", "improving"),  # 4 of the 10 G6 measures done
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """Both example periods run once through the CLI into a temporary project folder."""
    base = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    run_example_periods(base)
    return base


def query(base: Path, sql: str, *params: object) -> list[tuple]:
    with duckdb.connect(str(base / "seuranta.duckdb"), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def test_overall_figures(run_dir):
    for period, expected in OVERALL.items():
        [row] = query(
            run_dir,
            "select measures, done, in_progress, not_started, delayed, cancelled, "
            "completion_rate from completion_overall where period = ?",
            period,
        )
        assert row[:6] == expected[:6]
        assert row[6] == pytest.approx(expected[6])


def test_figures_by_division(run_dir):
    got = query(
        run_dir,
        "select division, measures, done, in_progress, not_started, delayed, "
        "cancelled, completion_rate from completion_by_division "
        "where period = '2025' order by sort_order",
    )
    assert [r[:7] for r in got] == [e[:7] for e in BY_DIVISION_2025]  # config order
    for row, expected in zip(got, BY_DIVISION_2025, strict=True):
        assert row[7] == pytest.approx(expected[7])


def test_figures_by_theme(run_dir):
    got = {
        r[0]: r[1:]
        for r in query(
            run_dir,
            "select theme, measures, done, cancelled "
            "from completion_by_theme where period = '2025'",
        )
    }
    for theme, expected in BY_THEME_2025.items():
        assert got[theme] == expected, theme


def test_indicator_evaluations(run_dir):
    got = {
        row[0]: row[1:]
        for row in query(
            run_dir,
            "select indicator, value, needed_value, evaluation, trend from indicator_progress "
            "where period = '2025'",
        )
    }
    assert set(got) == set(INDICATORS_2025)
    for indicator, (value, needed, evaluation, trend) in INDICATORS_2025.items():
        assert got[indicator] == (
            pytest.approx(value) if value is not None else None,
            pytest.approx(needed) if needed is not None else None,
            evaluation,
            trend,
        ), indicator
    fi = (run_dir / "reports/2025/fi/index.html").read_text(encoding="utf-8")
    en = (run_dir / "reports/2025/en/index.html").read_text(encoding="utf-8")
    for name in ("Tavoitteessa", "Hieman jäljessä", "Selvästi jäljessä", "Ei tavoitetta"):
        assert name in fi
    assert "Eurocities working groups with a city representative" in en
    kanslia = (run_dir / "reports/2025/fi/divisions/kanslia.html").read_text(encoding="utf-8")
    assert "Eurocities-työryhmät, joissa on kaupungin edustaja" in kanslia
    assert "Oppilasvaihdot ystävyyskouluihin" not in kanslia  # Education's indicator


def test_lineage_of_every_row(run_dir):
    rows = query(
        run_dir,
        "select source_file, sheet, row_number, file_sha256 from raw_status "
        "where period = '2025' and measure_id = 'VAPA-08'",
    )
    assert rows[0][:3] == ("status/other_divisions_en.xlsx", "Vapaa-aika", 9)
    assert re.fullmatch(r"[0-9a-f]{64}", rows[0][3])


def test_reports_in_both_languages(run_dir):
    catalogue = i18n.catalogue()
    for lang, other in (("fi", "en"), ("en", "fi")):
        html = (run_dir / "reports/2025" / lang / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<html[^>]*\blang="{lang}"', html)
        assert re.search(r"<title>[^<]*2025[^<]*</title>", html)
        assert f'href="../{other}/index.html"' in html
        assert "plotly-graph-div" in html
        assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', html)
        assert "from analysis import" not in html and "page.header()" not in html
        for key in catalogue:
            assert key not in html, f"untranslated key {key} in {lang}"
    fi = (run_dir / "reports/2025/fi/index.html").read_text(encoding="utf-8")
    en = (run_dir / "reports/2025/en/index.html").read_text(encoding="utf-8")
    assert "Kaupunginkanslia" in fi and "City Executive Office" in en
    assert re.search(r"56,3(\s|&nbsp;|\u00a0)%", fi) and "56.3%" in en  # 27 / 48 = 56.25 %


def test_audit_trail_and_indicators_workbook(run_dir):
    folder = run_dir / "reports/2025"
    assert sorted(p.name for p in (folder / "notebooks").iterdir()) == [
        "10_ingest.ipynb",
        "20_indicators.ipynb",
        "30_report.en.ipynb",
        "30_report.fi.ipynb",
    ]
    assert (folder / "indicators.xlsx").stat().st_size > 0
    assert (folder / "indicators.en.xlsx").stat().st_size > 0  # each further language has one
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert record["period"] == "2025" and record["renderer"] == "nbconvert"
    assert set(record["timings_s"]) == {
        "ingest",
        "audit",
        "receipts",
        "indicators",
        "open_data",
        "report_fi",
        "render_fi",
        "report_en",
        "render_en",
        "total",
    }
    assert not list((run_dir / "reports").glob(".*"))  # no staging folders left behind
    assert not list(run_dir.glob("seuranta.duckdb.pending*"))


def test_rerun_replaces_the_period_and_leaves_others(run_dir, capsys):
    before_2024 = query(
        run_dir, "select * exclude (loaded_at) from raw_status where period = '2024' order by all"
    )
    same_inputs = {
        sql: query(run_dir, sql)
        for sql in (
            "select * exclude (loaded_at) from raw_status where period = '2025' order by all",
            "select * from raw_status_column where period = '2025' order by all",
            "select * exclude (loaded_at) from raw_file where period = '2025' order by all",
            "select * from completion_by_division order by all",
            "select * from completion_by_theme order by all",
        )
    }
    code = main(
        [
            "run",
            "--period",
            "2025",
            "--raw",
            str(run_dir / "raw"),
            "--lang",
            "en",
            "--db",
            str(run_dir / "seuranta.duckdb"),
            "--out",
            str(run_dir / "reports"),
            "--config",
            str(CONFIG),
            "--notebooks",
            str(ROOT / "notebooks"),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "reports rendered with" in out and "report (en)" in out
    assert query(run_dir, "select count(*) from raw_status where period = '2025'") == [(50,)]
    assert (
        query(
            run_dir,
            "select * exclude (loaded_at) from raw_status where period = '2024' order by all",
        )
        == before_2024
    )
    for sql, rows in same_inputs.items():  # the same inputs give the same tables
        assert query(run_dir, sql) == rows, sql
    assert not (run_dir / "reports/2025/fi").exists()  # the period's folder is this run's
    for page in (run_dir / "reports/2025/en").rglob("*.html"):  # so no page links to it
        html = page.read_text(encoding="utf-8")
        assert "/fi/" not in html and 'hreflang="fi"' not in html, page.name
