"""The report's yearly-cycle sections on the example data: changes and data quality."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.report import data
from analysis.report.cycle import CycleSection
from analysis.report.pages import LIST_ROWS, Page
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("cycle")
    raw = base / "raw"
    shutil.copytree(ROOT / "data/raw", raw)
    # KANS-12 (row 11) repeats a report that must show as text, never as markup
    for period in ("2024", "2025"):
        path = raw / period / "status/kaupunginkanslia.xlsx"
        book = load_workbook(path)
        assert book.worksheets[0]["A11"].value == "KANS-12"
        book.worksheets[0]["H11"] = "<script>alert(1)</script>"
        book.save(path)
    for period in ("2024", "2025"):
        ingest_period(period, raw, base / "seuranta.duckdb", CONFIG)
    return base / "seuranta.duckdb"


def load(period: str, lang: str, db_path: Path) -> CycleSection:
    """The yearly-cycle sections of `period` on the overview in `lang`."""
    return CycleSection(data.load(period, lang, db_path), Page(lang=lang, period=period))


def test_changes_since_the_previous_period(db_path):
    fi = load("2025", "fi", db_path).changes_table().markup
    en = load("2025", "en", db_path).changes_table().markup
    assert "2025 verrattuna kauteen 2024" in fi and "2025 compared with 2024" in en
    assert "ELTY-06" in fi and "Taantui" in fi and "Moved back" in en  # done -> in progress
    assert "KYMP-18" in en and "Report the same as last period" in en


def test_first_period_has_nothing_to_compare_with(db_path):
    html = load("2024", "en", db_path).changes_table().markup
    assert "No period before 2024 is loaded" in html and "<table" not in html


def test_quality_score_findings_and_late_returns(db_path):
    fi = load("2025", "fi", db_path).quality_table().markup
    en = load("2025", "en", db_path).quality_table().markup
    assert "Toteutettu, mutta raportointi puuttuu" in fi and "KASV-07" in fi
    assert "Not started although its planned end has passed" in en and "KYMP-18" in en
    assert "status/other_divisions_en.xlsx" in en and "19 November 2025" in en
    assert "19. marraskuuta 2025" in fi


def test_text_from_the_sheets_is_escaped(db_path):
    html = "".join(load("2025", lang, db_path).changes_table().markup for lang in ("fi", "en"))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text


def test_long_lists_are_cut_and_say_where_the_rest_are(db_path):
    section = load("2025", "en", db_path)
    assert "The table shows the first" not in section.changes_table().markup  # short: whole
    moves, findings = section.data.moves, section.data.findings
    copies = LIST_ROWS // min(len(moves), len(findings)) + 1
    longer = dataclasses.replace(
        section,
        data=dataclasses.replace(
            section.data,
            # as the queries count them all
            moves=pd.concat([moves] * copies).assign(listed_rows=len(moves) * copies),
            findings=pd.concat([findings] * copies).assign(listed_rows=len(findings) * copies),
        ),
    )
    changes, quality = longer.changes_table().markup, longer.quality_table().markup
    for html, frame, sheet in (
        (changes, longer.data.moves, "Changes by measure"),
        (quality, longer.data.findings, "Quality findings"),
    ):
        note = f"The table shows the first 50. All {len(frame)} are in indicators.xlsx"
        assert f"{note}, on the sheet “{sheet}”." in html
    moves = changes.split('<table class="sr-table sr-table-text">')[-1]
    assert moves.count('<tr><th scope="row"') == LIST_ROWS
    assert moves.index("Moved back") < moves.index("Report the same as last period")
