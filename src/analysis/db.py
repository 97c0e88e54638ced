"""The DuckDB store: schema, reference tables and the SQL files under analysis/sql."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import duckdb
import pandas as pd

from analysis.config import Reference

SQL_LAYERS: tuple[str, ...] = ("schema", "staging", "marts")


def sql_files(layer: str) -> list[tuple[str, str]]:
    """(name, text) of the SQL files of one layer, in file-name order."""
    folder = files("analysis").joinpath("sql", layer)
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".sql")), key=lambda e: e.name)
    return [
        (entry.name.removesuffix(".sql"), entry.read_text(encoding="utf-8")) for entry in entries
    ]


def header_list(text: str, field: str) -> tuple[str, ...]:
    """The names of a model file's `-- <field>: a, b` header line, e.g. its grain."""
    prefix = f"-- {field}:"
    for line in text.splitlines():
        if line.startswith(prefix):
            return tuple(
                name.strip() for name in line.removeprefix(prefix).split(",") if name.strip()
            )
    return ()


def sql_text(layer: str, name: str) -> str:
    return files("analysis").joinpath("sql", layer, f"{name}.sql").read_text(encoding="utf-8")


def apply_models(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and reference tables if needed and (re)create every view."""
    for layer in SQL_LAYERS:
        for _, text in sql_files(layer):
            con.execute(text)


def _reference_frames(reference: Reference) -> dict[str, pd.DataFrame]:
    frames: dict[str, pd.DataFrame] = {}
    for kind in ("division", "theme", "status"):
        entries = reference.entries(kind)
        frames[f"ref_{kind}"] = pd.DataFrame(
            {
                kind: [e.code for e in entries],
                "name_fi": [e.name_fi for e in entries],
                "name_en": [e.name_en for e in entries],
                "sort_order": [e.sort_order for e in entries],
            }
        )
        keys = reference.lookup(kind)
        frames[f"ref_{kind}_key"] = pd.DataFrame({"key": list(keys), kind: list(keys.values())})
    frames["ref_period"] = pd.DataFrame(
        {"period": list(reference.deadlines), "deadline": list(reference.deadlines.values())}
    ).astype({"period": object, "deadline": "datetime64[s]"})
    frames["ref_measure_id"] = pd.DataFrame(
        {"old_id": list(reference.renamed), "new_id": list(reference.renamed.values())},
        dtype=object,
    )
    return frames


def load_reference(con: duckdb.DuckDBPyConnection, reference: Reference) -> None:
    """Replace the reference tables with the configuration's divisions, themes and statuses."""
    for table, frame in _reference_frames(reference).items():
        con.execute(f"delete from {table}")  # noqa: S608 - table names are the constants above
        insert_frame(con, table, frame)


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Append a DataFrame to a table, matching columns by name."""
    if frame.empty:
        return
    con.register("incoming_rows", frame)
    con.execute(f"insert into {table} by name select * from incoming_rows")  # noqa: S608
    con.unregister("incoming_rows")


def delete_period(con: duckdb.DuckDBPyConnection, tables: list[str], period: str) -> None:
    for table in tables:
        con.execute(f"delete from {table} where period = ?", [period])  # noqa: S608


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit on success, roll back on any exception: the database is all or nothing."""
    con.begin()
    try:
        yield con
    except BaseException:
        con.rollback()
        raise
    con.commit()


def connect(
    db_path: str | Path | None = None, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (its folder is created), or an in-memory database for None."""
    if db_path is None:
        return duckdb.connect()
    db_path = Path(db_path)
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(db_path), read_only=read_only)
