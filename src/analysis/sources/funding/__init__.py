"""EU funding: read a period's funding folder into raw tables, and check the loaded rows.

Integration surface (what analysis.sources.ingest, the notebooks and the report use):

``read_funding(period, period_dir, config_dir, reference) -> FundingBatch``
    Reads every file under ``period_dir / "funding"`` (subfolders too): the city's project
    register and targets (CSV or XLSX, Finnish or English headers), CORDIS ``project.csv``,
    ``organization.csv``, ``legalBasis.csv``, ``topics.csv``, EURA 2007 / 2014 project lists and
    Kohesio country files. The layout, encoding and delimiter of each file are detected. A
    missing folder means no funding data; it is not an error. ``.md``/``.txt``/``.pdf`` files
    (README, SOURCE) are documentation and are not read.

``FundingBatch.problems: list[Problem]``
    What reading found (unreadable values, broken lines, unknown layouts), each located at its
    file and cell: ``F12`` in a workbook, ``line 14, column EU-osuus`` (sheet None) in a CSV.

``FundingBatch.frames(loaded_at: datetime) -> dict[str, pyarrow.Table | pandas.DataFrame]``
    New rows for the raw tables of ``sql/schema/02_funding.sql`` (all of ``FUNDING_TABLES``,
    as Arrow tables) plus ``raw_file`` (a DataFrame, one row per funding file; ``kind`` e.g.
    ``funding-register``, ``cordis-project``, ``eura-projects``). Every frame has a ``period``
    column. Insert them with ``db.insert_frame`` after ``db.apply_models`` and
    ``db.load_reference``.

``FUNDING_TABLES: list[str]``
    The tables whose rows of a period a re-run deletes (``db.delete_period``). ``raw_file`` is
    not among them: ingest already deletes the period's ``raw_file`` rows.

``check_funding(con, period, reference) -> list[Problem]``
    SQL checks on the period's rows once the frames are inserted into ``con`` (unknown
    division, theme, programme or phase; negative amounts; end before start; duplicate ids;
    dates missing for a phase; projects of public exports that are not in the register).

Indicators are the views of ``sql/marts/funding_*.sql``; docs/funding.md defines each figure.
The report section is ``analysis.report.funding``. ``config_rows`` gives the ``funding_ref_*``
rows of a configuration (for tests that insert raw rows by hand), and
``python -m examples.funding data/raw`` rewrites the example register and targets.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analysis.config import LANGS, Reference
from analysis.problems import Problem, coded
from analysis.sources.funding import repairs
from analysis.sources.funding import rows as raw_rows
from analysis.sources.funding.checks import check_funding
from analysis.sources.funding.delimited import Table
from analysis.sources.funding.layouts import PUBLIC_LAYOUTS, register_layouts
from analysis.sources.funding.settings import CONFIG_FILE, FundingConfig, load_funding_config
from analysis.sources.funding.sources import FundingFile, funding_files, read_funding_file
from analysis.sources.funding.tables import COLUMNS, frame
from analysis.sources.workbooks import undecodable_name

__all__ = ["FUNDING_TABLES", "FundingBatch", "check_funding", "read_funding"]

log = logging.getLogger(__name__)

FUNDING_FOLDER = "funding"
FUNDING_TABLES: list[str] = list(COLUMNS)
RAW_FILE_COLUMNS = [
    "period",
    "source_file",
    "kind",
    "file_sha256",
    "size_bytes",
    "sheets",
    "data_rows",
    "loaded_at",
]
# raw table of each layout
LAYOUT_TABLES = {
    "register": "raw_funding_register",
    "targets": "raw_funding_target",
    "cordis-project": "raw_cordis_project",
    "cordis-organization": "raw_cordis_organization",
    "cordis-legal-basis": "raw_cordis_legal_basis",
    "cordis-topic": "raw_cordis_topic",
    "eura": "raw_structural_fund_project",
    "kohesio": "raw_structural_fund_project",
}


@dataclass
class FundingBatch:
    """Everything read from a period's funding folder, ready to be written."""

    period: str
    config: FundingConfig
    files: list[FundingFile] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=dict)  # raw table -> rows
    problems: list[Problem] = field(default_factory=list)

    @property
    def data_rows(self) -> int:
        return sum(book.data_rows for book in self.files)

    @property
    def has_data(self) -> bool:
        return bool(self.files)

    def frames(self, loaded_at: dt.datetime) -> dict[str, pd.DataFrame | pa.Table]:
        """The raw tables' new rows for this period (every FUNDING_TABLES key, and raw_file)."""
        frames: dict[str, pd.DataFrame | pa.Table] = {}
        for table in FUNDING_TABLES:
            loaded = {"loaded_at": loaded_at} if "loaded_at" in COLUMNS[table] else {}
            frames[table] = frame(table, self.rows.get(table, []), **loaded)
        frames["raw_file"] = pd.DataFrame(
            [
                {
                    "period": self.period,
                    "source_file": book.source_file,
                    "kind": book.kind,
                    "file_sha256": book.sha256,
                    "size_bytes": book.size_bytes,
                    "sheets": sum(1 for t in book.tables if t.sheet is not None),
                    "data_rows": book.data_rows,
                    "loaded_at": loaded_at,
                }
                for book in self.files
            ],
            columns=RAW_FILE_COLUMNS,
        )
        return frames


def read_funding(
    period: str, period_dir: Path, config_dir: Path, reference: Reference
) -> FundingBatch:
    """Read every funding file of `period_dir / "funding"`; nothing there means no funding data."""
    period_dir = Path(period_dir)
    config = load_funding_config(config_dir, reference)
    batch = FundingBatch(period, config)
    paths = funding_files(period_dir / FUNDING_FOLDER)
    if not paths:
        return batch
    if config.source is None:
        batch.problems.append(
            coded(
                str(Path(config_dir) / CONFIG_FILE),
                None,
                None,
                "funding_no_configuration",
                detail=CONFIG_FILE,
            )
        )
        return batch
    dates = config.period_dates(period)
    if dates is None:
        batch.problems.append(
            coded(
                str(config.source),
                None,
                None,
                "funding_period_not_a_year",
                value=period,
                detail=CONFIG_FILE,
            )
        )
        return batch
    layouts = (*register_layouts(config.register_headers), *PUBLIC_LAYOUTS)
    seen: dict[str, str] = {}  # sha256 -> first file with that content
    for path in paths:
        source_file = path.relative_to(period_dir).as_posix()
        shown = undecodable_name(source_file)
        if shown is not None:
            batch.problems.append(coded(shown, None, None, "file_name_not_utf8", value=shown))
            continue
        result = read_funding_file(path, source_file, layouts)
        if isinstance(result, Problem):
            batch.problems.append(result)
            continue
        batch.problems.extend(result.problems)
        if result.sha256 in seen:
            batch.problems.append(_copy_problem(result.source_file, seen[result.sha256]))
            continue
        seen[result.sha256] = result.source_file
        if result.tables:
            batch.files.append(result)
    _convert(batch)
    batch.rows.update(config_rows(period, config, dates))
    log.info("period %s: %d funding rows from %d files", period, batch.data_rows, len(batch.files))
    return batch


def _copy_problem(source_file: str, original: str) -> Problem:
    return coded(source_file, None, None, "funding_copy", detail=original)


def _readers(batch: FundingBatch) -> list[raw_rows.TableReader]:
    return [
        raw_rows.TableReader(batch.period, book, table)
        for book in batch.files
        for table in book.tables
    ]


def _convert(batch: FundingBatch) -> None:
    """Turn every table into raw rows, the CORDIS organisations first (they say which projects
    are the city's)."""
    city = raw_rows.CityIdentity.from_config(batch.config)
    readers = _readers(batch)
    by_layout: dict[str, list[raw_rows.TableReader]] = {}
    for reader in readers:
        by_layout.setdefault(reader.table.layout.name, []).append(reader)
    city_projects: set[str] = set()
    for reader in by_layout.get("cordis-organization", []):
        city_projects |= raw_rows.city_cordis_projects(reader, city)
    theme_rules = dict(batch.config.legal_basis_themes)
    for reader in readers:
        name = reader.table.layout.name
        if name == "register":
            new = raw_rows.register_rows(reader)
        elif name == "targets":
            new = raw_rows.target_rows(reader)
        elif name == "cordis-project":
            new = raw_rows.cordis_project_rows(reader, city_projects, theme_rules)
        elif name == "cordis-organization":
            new = raw_rows.cordis_organization_rows(reader, city)
        elif name == "cordis-legal-basis":
            new = raw_rows.text_rows(
                reader, ("project_id", "legal_basis", "title", "unique_programme_part")
            )
        elif name == "cordis-topic":
            new = raw_rows.text_rows(reader, ("project_id", "topic", "title"))
        else:
            new = raw_rows.structural_rows(reader, batch.config, city)
        batch.rows.setdefault(LAYOUT_TABLES[name], []).extend(new)
        batch.problems.extend(reader.problems)
        batch.problems.extend(repairs.broken_row_problems(reader, city))
        unread = repairs.unread_problem(reader)
        if unread:
            batch.problems.append(unread)
    batch.rows["raw_funding_source"] = [_source_row(batch.period, r) for r in readers]
    batch.rows["raw_funding_column"] = [
        column for reader in readers for column in _column_rows(batch.period, reader)
    ]


def _source_row(period: str, reader: raw_rows.TableReader) -> dict:
    table: Table = reader.table
    statuses = Counter(record.status for record in table.records)
    return {
        "period": period,
        "source_file": reader.book.source_file,
        "sheet": table.sheet,
        "layout": table.layout.name,
        "encoding": table.encoding,
        "delimiter": table.delimiter,
        "header_row": table.header_row,
        "data_rows": len(table.records),
        "repaired_rows": statuses["repaired"],
        "skipped_rows": statuses["skipped"],
    }


def _column_rows(period: str, reader: raw_rows.TableReader) -> list[dict]:
    table = reader.table
    return [
        {
            "period": period,
            "source_file": reader.book.source_file,
            "sheet": table.sheet,
            "field": name,
            "column_letter": table.letters[index] if table.letters else None,
            "column_number": index + 1,
            "header_text": table.header_cells[index],
        }
        for name, index in table.header.columns.items()
    ]


def config_rows(
    period: str, config: FundingConfig, dates: tuple[dt.date, dt.date]
) -> dict[str, list[dict]]:
    """The funding configuration as rows of the period's funding_ref_* tables."""
    rows: dict[str, list[dict]] = {
        "funding_ref_period": [
            {
                "period": period,
                "period_start": dates[0],
                "period_end": dates[1],
                "follow_up_years": config.follow_up_years,
            }
        ],
        "funding_ref_match_key": [
            {"period": period, "key_name": key, "priority": i + 1}
            for i, key in enumerate(config.match_on)
        ],
    }
    for kind, entries in (("programme", config.programmes), ("phase", config.phases)):
        rows[f"funding_ref_{kind}"] = [
            {
                "period": period,
                kind: e.code,
                **{f"name_{lang}": e.given_name(lang) for lang in LANGS},
                "sort_order": e.sort_order,
            }
            for e in entries
        ]
        rows[f"funding_ref_{kind}_key"] = [
            {"period": period, "key": key, kind: code}
            for key, code in config.key_lookup(entries).items()
        ]
    return rows
