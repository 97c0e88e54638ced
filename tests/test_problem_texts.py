"""Warnings reach the report in its own language: every warning has Finnish and English text."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

from analysis.i18n import LANGS, catalogue, t
from analysis.report import overview as report
from analysis.sources.checks import CHECKS
from analysis.sources.ingest import ingest_period
from tests.conftest import CONFIG, ROOT

WARNING_CODES = [c.name for c in CHECKS if c.severity == "warning"] + [
    "sheet_without_measures",
    "empty_workbook",
]


@pytest.mark.parametrize("code", WARNING_CODES)
def test_every_status_warning_has_text_in_both_languages(code):
    for part in ("message", "fix"):
        key = f"problem.{code}.{part}"
        assert key in catalogue(), key
        for lang in LANGS:
            assert t(key, lang, value="40 %", detail="Valmis")


def test_warnings_are_worded_in_the_pages_language_and_listed_once(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data/raw/2025", raw / "2025")
    book_path = raw / "2025/status/kaupunginkanslia.xlsx"
    book = load_workbook(book_path)
    header = [cell.value for cell in next(row for row in book.active.iter_rows() if row[2].value)]
    book.create_sheet("Varalla").append(header)  # a header row and no measures under it
    book.save(book_path)
    db_path = tmp_path / "seuranta.duckdb"
    result = ingest_period("2025", raw, db_path, CONFIG)
    codes = sorted(p.code for p in result.warnings)
    assert codes == ["done_without_report", "sheet_without_measures"]  # KASV-07; the new sheet
    fi = report.load("2025", "fi", db_path)
    en = report.load("2025", "en", db_path)
    # a warning that is not a data-quality finding: in the appendix, in the page's language
    assert "Välilehdellä on otsikkorivi, mutta sen alla ei ole toimenpiteitä." in (
        fi.provenance().markup
    )
    assert "The sheet has a header row but no measures below it." in en.provenance().markup
    assert "header row but no measures" not in fi.provenance().markup
    # a data-quality finding: in the quality section, named in the page's language, not twice
    finding_fi = t("code.finding.done_without_report", "fi")
    assert finding_fi in fi.cycle.quality_table().markup
    assert finding_fi not in fi.provenance().markup
    assert t("code.finding.done_without_report", "en") in en.cycle.quality_table().markup
