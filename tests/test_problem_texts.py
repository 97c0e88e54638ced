"""Warnings reach the report in its own language: every warning has Finnish and English text."""

from __future__ import annotations

import shutil

import pytest

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


def test_the_finnish_appendix_words_warnings_in_finnish(tmp_path):
    shutil.copytree(ROOT / "data/raw/2025", tmp_path / "raw/2025")
    db_path = tmp_path / "seuranta.duckdb"
    result = ingest_period("2025", tmp_path / "raw", db_path, CONFIG)
    assert [p.code for p in result.warnings] == ["done_without_report"]  # KASV-07
    fi = report.load("2025", "fi", db_path).provenance().markup
    en = report.load("2025", "en", db_path).provenance().markup
    assert "Toimenpide on merkitty toteutetuksi (&#x27;Valmis&#x27;), mutta raportointi" in fi
    assert "reported done" not in fi
    assert "The measure is reported done (&#x27;Valmis&#x27;) but its report is empty." in en
