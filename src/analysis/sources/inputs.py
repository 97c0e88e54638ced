"""Tables about the inputs of a period (files, hashes, rows, problems) for notebooks and reports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import db
from analysis.problems import Problem

PROBLEM_COLUMNS = ["severity", "file", "sheet", "cell", "message", "fix"]


def files(db_path: str | Path, period: str) -> pd.DataFrame:
    """One row per input file of the period: path, SHA-256, size, sheets, data rows, load time."""
    with db.connect(db_path, read_only=True) as con:
        return con.execute(
            "select source_file, kind, file_sha256, size_bytes, sheets, data_rows, loaded_at "
            "from raw_file where period = ? order by source_file",
            [period],
        ).df()


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    """Problems as a table, one row each."""
    return pd.DataFrame([p.as_dict() for p in problems], columns=PROBLEM_COLUMNS)
