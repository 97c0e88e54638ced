"""What an ingest loaded for a period, read back from the database: the audit tables of the
ingest notebook (files, hashes, rows, the columns found, the warnings let through)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import db

PROBLEM_COLUMNS = ["severity", "file", "sheet", "cell", "message", "fix"]


def _query(db_path: str | Path, sql: str, period: str) -> pd.DataFrame:
    with db.connect(db_path, read_only=True) as con:
        return con.execute(sql, [period]).df()


def loaded(db_path: str | Path, period: str) -> pd.DataFrame:
    """One row per kind of input (status, register, cordis, ...): files, data rows, warnings."""
    return _query(
        db_path,
        "select f.kind, count(*) as files, sum(f.data_rows) as data_rows, "
        "sum(coalesce(p.warnings, 0)) as warnings "
        "from raw_file f left join ("
        "  select source_file, count(*) as warnings from raw_problem where period = $1 "
        "  group by source_file) p using (source_file) "
        "where f.period = $1 group by f.kind order by f.kind",
        period,
    )


def files(db_path: str | Path, period: str) -> pd.DataFrame:
    """One row per input file of the period: path, SHA-256, size, sheets, data rows, load time."""
    return _query(
        db_path,
        "select source_file, kind, file_sha256, size_bytes, sheets, data_rows, loaded_at "
        "from raw_file where period = ? order by source_file",
        period,
    )


def columns(db_path: str | Path, period: str) -> pd.DataFrame:
    """Where each field was found in each status sheet: column letter and header as written."""
    return _query(
        db_path,
        "select source_file, sheet, header_row, field, column_letter, header_text "
        "from raw_status_column where period = ? order by source_file, sheet, column_letter",
        period,
    )


def warnings(db_path: str | Path, period: str) -> pd.DataFrame:
    """The problems the ingest let through (warnings), one row each, in reading order."""
    return _query(
        db_path,
        "select severity, source_file as file, sheet, cell, message, fix "
        "from raw_problem where period = ? order by file, sheet, "
        "try_cast(regexp_extract(cell, '(\\d+)', 1) as integer), cell",
        period,
    )
