"""Ingest a period's status sheets: read, check in memory, then write in one transaction."""

from __future__ import annotations

import datetime as dt
import gc
import logging
import re
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analysis import db
from analysis.config import Reference, load_reference
from analysis.problems import InputError, Problem, UsageError, coded, errors_of
from analysis.sources.checks import run_checks
from analysis.sources.corrections import load_corrections, match_corrections
from analysis.sources.funding import FUNDING_TABLES, FundingBatch, check_funding, read_funding
from analysis.sources.indicators import (
    INDICATOR_TABLES,
    IndicatorBatch,
    check_indicators,
    read_indicators,
)
from analysis.sources.receipts import write_receipts
from analysis.sources.status import ARROW_TYPES, SheetRows, Workbook, read_status_folder
from analysis.translations import (
    FolderTranslations,
    read_folder,
    sheet_translations,
    translation_frame,
)

log = logging.getLogger(__name__)

PERIOD_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,31}$")
RAW_TABLES = ["raw_file", "raw_status", "raw_status_column", "raw_problem", "raw_correction"]
TRANSLATION_ORIGINS = ("sheet", "folder")  # a period's own translations, replaced with it
STATUS_COLUMNS = [
    "measure_id",
    "goal",
    "measure",
    "division",
    "division_from",
    "themes",
    "status",
    "progress",
    "report",
    "owner",
    "planned_end",
    "division_key",
    "status_key",
    "theme_keys",
]


# raw_status's columns as the ingest builds them (lineage first)
STATUS_FRAME_COLUMNS = [
    "period",
    "source_file",
    "sheet",
    "row_number",
    "file_sha256",
    "loaded_at",
    *STATUS_COLUMNS,
]


# raw_status's columns as Arrow types (the reader's tables, lineage added)
STATUS_SCHEMA = pa.schema(
    [(name, ARROW_TYPES.get(name, pa.string())) for name in STATUS_FRAME_COLUMNS]
)


def check_period_name(period: str) -> str:
    """A period names a folder: letters, digits, '-' and '_' only (for example 2025 or 2025H1)."""
    if not PERIOD_PATTERN.match(period):
        raise UsageError(
            f"period {period!r} is not valid: use letters, digits, '-' or '_' (e.g. 2025)"
        )
    return period


@dataclass
class Batch:
    """Everything read for one period, ready to be written."""

    period: str
    period_dir: Path
    workbooks: list[Workbook]
    funding: FundingBatch | None = None  # the period's EU funding exports, if any
    corrections: pd.DataFrame | None = None  # raw_correction rows (config/corrections.yml)
    receipts: list[Path] = field(default_factory=list)  # the divisions' receipts written
    indicators: IndicatorBatch | None = None  # the period's indicator workbooks, if any
    translations: FolderTranslations | None = None  # filled workbooks under translations/
    problems: list[Problem] = field(default_factory=list)
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))

    @property
    def rows(self) -> int:
        return sum(book.data_rows for book in self.workbooks)

    @property
    def has_funding(self) -> bool:
        """Whether the period has funding exports: without them, it has no funding rows to
        write or check."""
        return self.funding is not None and self.funding.has_data

    @cached_property
    def frames(self) -> dict[str, pd.DataFrame | pa.Table]:
        """The raw tables' new rows for this period (built once, written to memory and file)."""
        folder = self.translations or FolderTranslations(
            translation_frame([], self.loaded_at), [], []
        )
        files, columns, translations = [*folder.files], [], []
        status: list[pa.Table] = []
        for book in self.workbooks:
            lineage = {"period": self.period, "source_file": book.source_file}
            files.append(
                {
                    **lineage,
                    "kind": "status",
                    "file_sha256": book.sha256,
                    "size_bytes": book.size_bytes,
                    "sheets": len(book.sheets),
                    "data_rows": book.data_rows,
                    "loaded_at": self.loaded_at,
                    "saved_at": book.saved_at,
                }
            )
            for sheet in book.sheets:
                for name, (letter, text) in sheet.columns.items():
                    columns.append(
                        {
                            **lineage,
                            "sheet": sheet.sheet,
                            "field": name,
                            "column_letter": letter,
                            "header_row": sheet.header_row,
                            "header_text": text,
                        }
                    )
                status.append(self._status_table(book, sheet))
                translations += sheet_translations(sheet.data, lineage, sheet.sheet, book.sha256)
        frames: dict[str, pd.DataFrame | pa.Table] = {
            "raw_file": pd.DataFrame(files),
            "raw_status": pa.concat_tables(status) if status else STATUS_SCHEMA.empty_table(),
            "raw_status_column": pd.DataFrame(columns),
            "raw_translation": pd.concat(
                [translation_frame(translations, self.loaded_at), folder.rows],
                ignore_index=True,
            ),
        }
        if self.corrections is not None:
            frames["raw_correction"] = self.corrections
        for source in (self.funding if self.has_funding else None, self.indicators):
            if source is None:
                continue
            for table, rows in source.frames(self.loaded_at).items():
                frames[table] = (
                    pd.concat([frames[table], rows], ignore_index=True) if table in frames else rows
                )
        return frames

    def _status_table(self, book: Workbook, sheet: SheetRows) -> pa.Table:
        """A sheet's rows as raw_status rows: its table with the lineage columns added."""
        count, data = sheet.count, sheet.data
        lineage = {
            "period": self.period,
            "source_file": book.source_file,
            "sheet": sheet.sheet,
            "file_sha256": book.sha256,
            "loaded_at": self.loaded_at,
        }
        return pa.Table.from_arrays(
            [
                pa.repeat(pa.scalar(lineage[column.name], column.type), count)
                if column.name in lineage
                else data.column(column.name)
                if column.name in data.column_names
                else pa.nulls(count, column.type)
                for column in STATUS_SCHEMA
            ],
            schema=STATUS_SCHEMA,
        )


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused: reading builds hundreds of thousands of rows without
    cycles, which the collector would otherwise scan again and again as they grow (a quarter
    of the reading time of a national period)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read_period(period: str, raw_dir: str | Path, reference: Reference) -> Batch:
    """Read the status workbooks of `raw_dir/period/status` and the exports under `funding/`."""
    with cycle_collection_paused():
        return _read_period(period, raw_dir, reference)


def _read_period(period: str, raw_dir: str | Path, reference: Reference) -> Batch:
    period_dir = Path(raw_dir) / check_period_name(period)
    folder = period_dir / "status"
    workbooks = list(read_status_folder(folder, period_dir, reference))
    funding = read_funding(period, period_dir, reference.source_dir, reference)
    indicators = read_indicators(period, period_dir, reference)
    batch = Batch(period, period_dir, workbooks, funding, indicators=indicators)
    batch.translations = read_folder(period, period_dir, batch.loaded_at)
    batch.problems.extend(batch.translations.problems)
    for book in workbooks:
        batch.problems.extend(book.problems)
    config_file, corrections = load_corrections(reference.source_dir)
    batch.corrections, stale = match_corrections(period, config_file, corrections, workbooks)
    batch.problems.extend(stale)
    batch.problems.extend(funding.problems + indicators.problems)
    if not workbooks:
        batch.problems.append(coded(str(folder), None, None, "no_status_sheets", folder=folder))
    return batch


def problem_frame(period: str, problems: list[Problem]) -> pd.DataFrame:
    """Rows of `raw_problem`: the problems an ingest let through."""
    return pd.DataFrame(
        [
            {
                "period": period,
                "severity": p.severity,
                "source_file": p.file,
                "sheet": p.sheet,
                "cell": p.cell,
                "message": p.message,
                "fix": p.fix,
                "code": p.code,
                "value": p.value,
                "detail": p.detail,
                "params": p.params,
            }
            for p in problems
        ],
        columns=[
            "period",
            "severity",
            "source_file",
            "sheet",
            "cell",
            "message",
            "fix",
            "code",
            "value",
            "detail",
            "params",
        ],
    )


# The views that the data checks (sql/checks/, and the checks' SQL in sources/) and the
# receipts read; a database for checking creates only these and what they read
# (tests/test_models.py keeps the list complete).
CHECKED_VIEWS = (
    "stg_status_rows",
    "stg_measures",
    "quality_findings",
    "stg_funding_register",
    "stg_funding_cordis",
    "stg_funding_matches",
    "stg_funding_project_flags",
)


def write_batch(
    con: duckdb.DuckDBPyConnection,
    batch: Batch,
    reference: Reference,
    views: Collection[str] | None = None,
) -> None:
    """Replace the period's rows (call inside a transaction); other periods stay untouched.
    `views` as for `clear_period`."""
    clear_period(con, batch.period, reference, views)
    insert_batch(con, batch)


def clear_period(
    con: duckdb.DuckDBPyConnection,
    period: str,
    reference: Reference,
    views: Collection[str] | None = None,
) -> None:
    """The models and reference tables brought up to date, and the period's rows deleted;
    with `views`, only those views and what they read are created (db.apply_models)."""
    db.apply_models(con, views)
    db.load_reference(con, reference)
    db.delete_period(con, [*RAW_TABLES, *FUNDING_TABLES, *INDICATOR_TABLES], period)
    con.execute(
        "delete from raw_translation where period = ? and origin in ?",
        [period, list(TRANSLATION_ORIGINS)],
    )


def insert_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    for table, frame in batch.frames.items():
        db.insert_frame(con, table, frame)


def run_all_checks(
    con: duckdb.DuckDBPyConnection, period: str, reference: Reference, funding: bool = True
) -> list[Problem]:
    """The status, funding and indicator checks on the period's rows already in `con`; the
    funding checks only with `funding` (a period without funding exports has no such rows)."""
    return (
        run_checks(con, period, reference)
        + (check_funding(con, period, reference) if funding else [])
        + check_indicators(con, period, reference)
    )


def check_batch(
    batch: Batch, reference: Reference, receipts_dir: str | Path | None = None
) -> list[Problem]:
    """Load the batch into an in-memory database and run the data checks there; with
    `receipts_dir`, also write the divisions' receipts from it (analysis.sources.receipts)."""
    with db.connect(None) as con:
        write_batch(con, batch, reference, CHECKED_VIEWS)
        found = run_all_checks(con, batch.period, reference, batch.has_funding)
        if receipts_dir is not None:
            problems = sorted(batch.problems + found, key=Problem.sort_key)
            batch.receipts = write_receipts(con, batch.period, problems, reference, receipts_dir)
        return found


def validate_period(
    period: str,
    raw_dir: str | Path,
    config_dir: str | Path,
    receipts_dir: str | Path | None = None,
) -> list[Problem]:
    """Every problem in the period's inputs; writes nothing but, with `receipts_dir`, one
    receipt per division there."""
    return validate_batch(period, raw_dir, config_dir, receipts_dir)[0]


def validate_batch(
    period: str,
    raw_dir: str | Path,
    config_dir: str | Path,
    receipts_dir: str | Path | None = None,
) -> tuple[list[Problem], Batch]:
    """`validate_period`, with the batch read (and its receipts' paths)."""
    reference = load_reference(config_dir)
    batch = read_period(period, raw_dir, reference)
    found = check_batch(batch, reference, receipts_dir)
    return sorted(batch.problems + found, key=Problem.sort_key), batch


@dataclass(frozen=True)
class LoadResult:
    """What an ingest wrote: files, rows and the warnings it let through."""

    period: str
    files: int
    rows: int
    warnings: list[Problem]

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "period": [self.period],
                "files": [self.files],
                "rows": [self.rows],
                "warnings": [len(self.warnings)],
            }
        )


def ingest_period(
    period: str,
    raw_dir: str | Path,
    db_path: str | Path,
    config_dir: str | Path,
    strict: bool = False,
) -> LoadResult:
    """Load a period into the database, replacing its earlier rows, or raise InputError.

    The period's rows are written and checked on the database's own connection, in one
    transaction: with errors (with `strict`, warnings too) it is rolled back, so the database
    is as it was, and a database file this call created is removed again. The connection is
    opened first, and the period's old rows are deleted while its files are read. The stored
    marts are refreshed in the same transaction (db.refresh_marts).
    """
    reference = load_reference(config_dir)
    check_period_name(period)
    created = not Path(db_path).exists()
    try:
        with db.connect(db_path) as con, db.transaction(con):
            with ThreadPoolExecutor(1, thread_name_prefix="seuranta-db") as pool:
                # DuckDB clears the period (without the GIL) while the files are read
                cleared = pool.submit(clear_period, con, period, reference)
                batch = read_period(period, raw_dir, reference)
                cleared.result()
            insert_batch(con, batch)
            found = run_all_checks(con, batch.period, reference, batch.has_funding)
            problems = batch.problems + found
            if errors_of(problems, strict):
                raise InputError(problems, strict)
            db.insert_frame(con, "raw_problem", problem_frame(batch.period, problems))
            db.refresh_marts(con)
    except BaseException:  # an input error, a configuration error, an interrupt
        if created:
            for suffix in ("", ".wal"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        raise
    files = len(batch.frames["raw_file"])  # status workbooks and funding exports
    log.info(
        "period %s: %d status rows from %d files loaded into %s", period, batch.rows, files, db_path
    )
    return LoadResult(period, files, batch.rows, sorted(problems, key=Problem.sort_key))
