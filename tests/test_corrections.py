"""Corrections as configuration: applied in staging with lineage, stale ones reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from analysis.cli import main
from analysis.config import ConfigError
from analysis.sources.ingest import ingest_period, validate_period
from tests.bad_inputs import book_bytes, table, with_row
from tests.conftest import CONFIG

FILE = "status/kanslia.xlsx"


@pytest.fixture
def period(tmp_path: Path) -> tuple[Path, Path]:
    """A period whose sheet has an unknown status at F4 and a row without a goal at row 5,
    and a copy of the configuration to add corrections to."""
    folder = tmp_path / "raw/2025/status"
    folder.mkdir(parents=True)
    rows = table(
        with_row(Tila="Valmis (osittain)"),
        with_row(Tunnus="K-2", Tavoite=None),
        with_row(Tunnus="K-3"),
    )
    (folder / "kanslia.xlsx").write_bytes(book_bytes({"Kanslia": rows}))
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    return tmp_path / "raw", config


def write_corrections(config: Path, *entries: dict) -> None:
    common = {"period": "2025", "file": FILE, "sheet": "Kanslia", "by": "Analyytikko A"}
    items = [{**common, "reason": "toimiala vahvisti 20.11.2025", **e} for e in entries]
    (config / "corrections.yml").write_text(
        yaml.safe_dump({"corrections": items}, allow_unicode=True), encoding="utf-8"
    )


STATUS = {"cell": "F4", "was": "Valmis (osittain)", "value": "Käynnissä"}
SKIP = {"row": 5, "skip": True, "was": "K-2"}


def test_without_corrections_the_sheet_has_errors(period):
    raw, config = period
    codes = {p.code for p in validate_period("2025", raw, config) if p.severity == "error"}
    assert codes == {"unknown_status", "missing_value"}


def test_corrections_are_applied_in_staging_with_lineage(period, tmp_path):
    raw, config = period
    write_corrections(config, STATUS, SKIP)
    assert validate_period("2025", raw, config) == []
    db_path = tmp_path / "seuranta.duckdb"
    result = ingest_period("2025", raw, db_path, config)
    assert result.rows == 3  # rows as read; the skipped row stays in raw_status
    with duckdb.connect(str(db_path), read_only=True) as con:
        raw_text = con.execute(
            "select status from raw_status where row_number = 4 and period = '2025'"
        ).fetchone()
        assert raw_text == ("Valmis (osittain)",)  # the delivered text is kept
        measures = con.execute(
            "select measure_id, status, status_label from stg_measures "
            "where period = '2025' order by measure_id"
        ).fetchall()
        assert measures == [
            ("K-1", "in_progress", "Käynnissä"),
            ("K-3", "in_progress", "Käynnissä"),
        ]
        lineage = con.execute(
            "select row_number, corrected_fields from stg_status_rows where period = '2025' "
            "order by row_number"
        ).fetchall()
        assert lineage == [(4, ["status"]), (6, [])]
        stored = con.execute(
            "select cell, action, found_value, new_value, reason, corrected_by, state "
            "from raw_correction order by entry"
        ).fetchall()
    assert stored == [
        ("F4", "set", "Valmis (osittain)", "Käynnissä", "toimiala vahvisti 20.11.2025",
         "Analyytikko A", "applied"),
        ("5:5", "skip_row", "K-2", None, "toimiala vahvisti 20.11.2025", "Analyytikko A",
         "applied"),
    ]  # fmt: skip


def test_a_correction_whose_cell_changed_is_stale(period):
    raw, config = period
    write_corrections(
        config,
        {**STATUS, "was": "Valmis osittain"},
        {**SKIP, "row": 9},
        {**SKIP, "file": "status/muu.xlsx"},  # not in the period: listed, not warned
    )
    problems = validate_period("2025", raw, config)
    stale = [(p.code, p.cell, p.value) for p in problems if p.code.startswith("correction")]
    assert stale == [
        ("correction_stale", "F4", "Valmis (osittain)"),
        ("correction_target_missing", "9:9", None),
    ]
    assert "unknown_status" in {p.code for p in problems}  # not applied


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"cell": "F4", "value": "Käynnissä"}, "'was' is missing"),
        ({"cell": "4F", "was": "x", "value": "y"}, "is not a cell such as F12"),
        ({"row": 5}, "give either 'value' (the new text) or 'skip: true'"),
        ({"row": 5, "value": "x"}, "a new value needs a 'cell'"),
        ({"cell": "F4", "row": 4, "skip": True, "was": "x"}, "give either 'cell'"),
        ({**STATUS, "reason": ""}, "'reason' is missing"),
        ({**STATUS, "who": "A"}, "unknown key(s) who"),
    ],
)
def test_a_bad_correction_is_a_located_configuration_error(period, capsys, entry, message):
    raw, config = period
    write_corrections(config, STATUS, entry)
    with pytest.raises(ConfigError, match="correction 2"):
        validate_period("2025", raw, config)
    args = ["validate", "--period", "2025", "--raw", str(raw), "--config", str(config)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err and "corrections.yml: correction 2" in err and "Traceback" not in err


def test_corrections_are_shown_in_the_appendix_and_the_workbook(period, tmp_path):
    from analysis.export.workbook import workbook
    from analysis.i18n import t
    from analysis.publication import PUBLIC, Audience
    from analysis.report import overview

    raw, config = period
    write_corrections(config, {**STATUS, "reason": '=HYPERLINK("x") <b>vahvistettu</b>'}, SKIP)
    db_path = tmp_path / "seuranta.duckdb"
    ingest_period("2025", raw, db_path, config)
    markup = overview.load("2025", "fi", db_path).provenance().markup
    assert "Analyytikon korjaukset" in markup and "Rivi jätetään pois" in markup
    assert "&lt;b&gt;vahvistettu&lt;/b&gt;" in markup and "<b>vahvistettu" not in markup
    (sheet,) = [
        s for s in workbook(db_path, "2025", "fi") if s.title == t("xlsx.sheet.corrections", "fi")
    ]
    shown = sheet.frame.to_dict("records")
    assert [r[t("column.correction_state", "fi")] for r in shown] == ["Käytetty", "Käytetty"]
    assert shown[0][t("column.field", "fi")] == "Tila"
    assert shown[0][t("column.reason", "fi")].startswith("=HYPERLINK")  # text, written as text
    public = workbook(db_path, "2025", "fi", Audience(PUBLIC))
    assert t("xlsx.sheet.corrections", "fi") not in [s.title for s in public]
    public_page = overview.load("2025", "fi", db_path, audience=PUBLIC)
    assert "Analyytikon korjaukset" not in public_page.provenance().markup
