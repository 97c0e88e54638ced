"""Next period's indicator workbook: written by `seuranta template`, filled, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from analysis.cli import main
from analysis.sources.indicators import read_indicator_file
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT

HEADER_ROW = 4


def template(base: Path, *extra: str) -> int:
    return main(
        ["template", "--period", "2026", "--raw", str(base / "raw"), "--db",
         str(base / "seuranta.duckdb"), "--config", str(CONFIG), *extra]
    )  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The example periods loaded, and the 2026 templates written from 2025."""
    base = tmp_path_factory.mktemp("indicator-template")
    shutil.copytree(ROOT / "data/raw", base / "raw")
    for period in ("2024", "2025"):
        ingest_period(period, base / "raw", base / "seuranta.duckdb", CONFIG)
    assert template(base) == 0
    return base


def test_the_workbook_lists_the_indicators_of_the_workbooks_prefilled(base):
    path = base / "raw/2026/indicators/mittarit.xlsx"
    book, problems = read_indicator_file(path, "indicators/mittarit.xlsx")
    assert problems == []
    with duckdb.connect(str(base / "seuranta.duckdb"), read_only=True) as con:
        expected = con.execute(
            "select indicator, direction, baseline_value, target_value, target_year, "
            "division_name_fi from indicator_progress where period = '2025' and not computed "
            "order by sort_order"
        ).fetchall()
    rows = {row["indicator_id"]: row for row in book.rows}
    assert list(rows) == [indicator for indicator, *_ in expected]  # computed ones are not in it
    for indicator, direction, baseline, target, target_year, division in expected:
        row = rows[indicator]
        assert row["direction_code"] == direction
        assert (row["baseline_number"], row["target_number"]) == (baseline, target)
        assert row["target_year_number"] == target_year
        assert row["division"] == division  # named in the template's language
        assert row["value"] is None and row["value_source"] is None  # left to fill


def test_previous_values_locked_and_value_cells_open(base):
    sheet = load_workbook(base / "raw/2026/indicators/mittarit.xlsx").worksheets[0]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    assert headers[-1] == "Edellinen arvo (2025)"
    first = {header: cell for header, cell in zip(headers, sheet[HEADER_ROW + 1], strict=True)}
    assert first["Mittarin tunnus"].value == "KASKO-VAIHTO"
    assert first["Edellinen arvo (2025)"].value == 49
    assert first["Mittarin tunnus"].protection.locked
    assert not first["Arvo"].protection.locked and not first["Lähde"].protection.locked
    assert sheet.protection.sheet
    assert sheet.data_validations.dataValidation[0].formula1 == '"ylös,alas,pysyy"'


def test_a_filled_workbook_reads_back_without_problems(base):
    path = base / "raw/2026/indicators/mittarit.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[HEADER_ROW]]
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        if row[0].value == "EC-TR":
            row[headers.index("Arvo")].value = 12
            row[headers.index("Lähde")].value = "Eurocities-jäsenrekisteri"
    book.save(path)
    book_read, problems = read_indicator_file(path, "indicators/mittarit.xlsx")
    assert problems == []
    row = next(r for r in book_read.rows if r["indicator_id"] == "EC-TR")
    assert row["value_number"] == 12
    assert row["value_source"] == "Eurocities-jäsenrekisteri"


def test_an_existing_workbook_is_not_overwritten(base, capsys):
    shutil.rmtree(base / "raw/2026/status")
    assert template(base) == 1
    assert "mittarit.xlsx exists and may be a returned workbook" in capsys.readouterr().err


def test_english_template_has_english_headers(base):
    assert template(base, "--lang", "en", "--force") == 0
    path = base / "raw/2026/indicators/indicators.xlsx"
    headers = [cell.value for cell in load_workbook(path).worksheets[0][HEADER_ROW]]
    assert headers[:6] == ["Indicator ID", "Indicator (fi)", "Indicator (sv)", "Indicator (en)",
                           "Unit", "Direction"]  # fmt: skip
    book, problems = read_indicator_file(path, "indicators/indicators.xlsx")
    assert problems == [] and len(book.rows) == 10
