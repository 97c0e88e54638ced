"""Read a period's indicator workbooks and the configured computed indicators into raw tables.

Integration surface (analysis.sources.ingest): ``read_indicators(period, period_dir, reference)``
reads every workbook of ``period_dir / "indicators"`` (Finnish or English headers, matched like
the funding register's) and ``config/indicators.yml``; ``IndicatorBatch.frames(loaded_at)`` gives
the rows of ``sql/schema/04_indicators.sql`` and ``raw_file``; ``check_indicators`` runs the SQL
checks ``sql/checks/indicator_*.sql`` on the rows once they are in a database. A missing folder
means the period has no indicator workbook; it is not an error. docs/indicators.md defines the
fields and every rule of ``indicator_progress``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis.config import Reference
from analysis.mapping import match_key
from analysis.problems import Problem, coded
from analysis.sources.cells import cell_text, column_letter, file_sha256
from analysis.sources.checks import offending_rows
from analysis.sources.funding.values import parse_amount
from analysis.sources.indicator_config import ComputedIndicator, load_computed
from analysis.sources.layout import Field, Layout, find_header, near_misses
from analysis.sources.status import status_files
from analysis.sources.workbooks import InputWorkbook, open_workbook, sheet_values, visible_sheets

FOLDER = "indicators"
# The first header of a field is the documented Finnish one, the second the English one.
FIELDS: tuple[Field, ...] = (
    Field("indicator_id", ("Mittarin tunnus", "Indicator ID", "Tunnus", "ID"), required=True),
    Field("name_fi", ("Mittari", "Indicator", "Mittari (fi)", "Indicator (fi)"), required=True),
    Field("name_sv", ("Mittari (sv)", "Indicator (sv)")),
    Field("name_en", ("Mittari (en)", "Indicator (en)")),
    Field("unit", ("Yksikkö", "Unit"), required=True),
    Field("direction", ("Suunta", "Direction", "Tavoiteltu suunta", "Desired direction"),
          required=True),
    Field("goal", ("Tavoite", "Goal")),
    Field("theme", ("Teema", "Theme")),
    Field("division", ("Toimiala", "Division")),
    Field("baseline_value", ("Lähtötaso", "Baseline")),
    Field("baseline_year", ("Lähtötason vuosi", "Baseline year")),
    Field("target_value", ("Tavoitearvo", "Target value", "Tavoitetaso", "Target")),
    Field("target_year", ("Tavoitevuosi", "Target year")),
    Field("value", ("Arvo", "Value", "Toteuma"), required=True),
    Field("value_source", ("Lähde", "Source")),
    Field("comment", ("Kommentti", "Comment", "Selitys", "Explanation")),
)  # fmt: skip
LAYOUT = Layout("indicators", FOLDER, FIELDS, description="indicator table")
TEXT_FIELDS = tuple(f.name for f in FIELDS)
# field -> the raw_indicator column of the number read from it
NUMBER_COLUMNS = {"baseline_value": "baseline_number", "target_value": "target_number",
                  "value": "value_number"}  # fmt: skip
YEAR_COLUMNS = {"baseline_year": "baseline_year_number", "target_year": "target_year_number"}
YEARS = range(1900, 2201)
# desired direction and unit: match key of a label -> code (the labels are in the docs)
DIRECTIONS: dict[str, str] = {
    **dict.fromkeys(("up", "ylös", "kasvu", "nouseva", "suurempi on parempi", "higher is better",
                     "increase", "upp", "ökning"), "up"),
    **dict.fromkeys(("down", "alas", "lasku", "laskeva", "pienempi on parempi", "lower is better",
                     "decrease", "ned", "minskning"), "down"),
    **dict.fromkeys(("stay", "pysyy", "ennallaan", "säilyy", "keep", "maintain", "hålls"), "stay"),
}  # fmt: skip
UNITS: dict[str, str] = {
    **dict.fromkeys(("kpl", "lkm", "lukumäärä", "count", "number", "st", "antal"), "count"),
    **dict.fromkeys(("%", "prosentti", "prosenttia", "percent", "share %", "procent"), "percent"),
    **dict.fromkeys(("€", "eur", "euroa", "euro", "euros", "euro (€)"), "eur"),
}
INDICATOR_TABLES = ["raw_indicator", "raw_indicator_column", "raw_indicator_computed"]

Row = dict[str, object]


@dataclass
class IndicatorFile:
    """One indicator workbook: its lineage, its rows and where each field's column was found."""

    source_file: str
    sha256: str
    size_bytes: int
    sheets: int = 0
    saved_at: dt.datetime | None = None  # when Excel last saved it (docProps), if recorded
    rows: list[Row] = field(default_factory=list)
    columns: list[Row] = field(default_factory=list)


@dataclass
class IndicatorBatch:
    """Everything read for a period's indicators, ready to be written."""

    period: str
    files: list[IndicatorFile] = field(default_factory=list)
    computed: list[ComputedIndicator] = field(default_factory=list)
    config_file: str = ""
    problems: list[Problem] = field(default_factory=list)

    def frames(self, loaded_at: dt.datetime) -> dict[str, pd.DataFrame]:
        """New rows of the indicator tables and raw_file for this period."""
        lineage = {"period": self.period, "loaded_at": loaded_at}
        rows = [{**lineage, **row} for book in self.files for row in book.rows]
        computed = [
            {"period": self.period, "source_file": self.config_file, **item.row()}
            for item in self.computed
        ]
        return {
            "raw_file": pd.DataFrame(
                [
                    {
                        "period": self.period,
                        "source_file": book.source_file,
                        "kind": FOLDER,
                        "file_sha256": book.sha256,
                        "size_bytes": book.size_bytes,
                        "sheets": book.sheets,
                        "data_rows": len(book.rows),
                        "loaded_at": loaded_at,
                        "saved_at": book.saved_at,
                    }
                    for book in self.files
                ]
            ),
            "raw_indicator": _typed(pd.DataFrame(rows)),
            "raw_indicator_column": pd.DataFrame(
                [{"period": self.period, **c} for book in self.files for c in book.columns]
            ),
            "raw_indicator_computed": pd.DataFrame(computed),
        }


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as floats and years as nullable integers, whatever the rows held."""
    if frame.empty:
        return frame
    types = {**dict.fromkeys(NUMBER_COLUMNS.values(), "float64"),
             **dict.fromkeys(YEAR_COLUMNS.values(), "Int64")}  # fmt: skip
    return frame.astype(types)


def _number(value: object) -> float | None:
    """A number as typed in a cell: `12`, `0,45`, `40 %`, `1 200`, `48 000 €`."""
    if isinstance(value, str):
        value = value.replace("%", "")
    amount = parse_amount(value, human=True)
    return None if amount is None else float(amount)


def _year(value: object) -> int | None:
    text = cell_text(value)
    if text is None:
        return None
    if not text.isdigit() or int(text) not in YEARS:
        raise ValueError(text)
    return int(text)


def _record(
    book: IndicatorFile, sheet: str, number: int, values: dict[str, object],
    columns: dict[str, tuple[str, str]], problems: list[Problem],
) -> Row:  # fmt: skip
    """One raw_indicator row: the texts, their match keys and codes, the numbers read;
    `columns` gives each field's column letter and header as found."""
    text = {name: cell_text(values.get(name)) for name in TEXT_FIELDS}
    row: Row = {
        "source_file": book.source_file,
        "sheet": sheet,
        "row_number": number,
        "file_sha256": book.sha256,
        **text,
        "direction_code": DIRECTIONS.get(match_key(text["direction"]) or ""),
        "unit_code": UNITS.get(match_key(text["unit"]) or ""),
        "division_key": match_key(text["division"]),
        "theme_key": match_key(text["theme"]),
    }
    for name, column, read, code in (
        *((n, c, _number, "indicator_invalid_number") for n, c in NUMBER_COLUMNS.items()),
        *((n, c, _year, "indicator_invalid_year") for n, c in YEAR_COLUMNS.items()),
    ):
        try:
            row[column] = read(values.get(name))
        except ValueError:
            letter, header = columns[name]
            cell = f"{letter}{number}"
            problems.append(
                coded(book.source_file, sheet, cell, code, value=text[name], header=header)
            )
            row[column] = None
    return row


def _missing_columns(source_file: str, sheet: str, texts: list[list[str | None]]) -> Problem | None:
    """The sheet looks like an indicator table but lacks required columns, or None."""
    misses = near_misses(texts, [LAYOUT])
    if not misses or not misses[0][1]:
        return None
    names = ", ".join(f"'{f.label}'" for f in misses[0][1])
    return coded(source_file, sheet, None, "indicator_missing_column", value=names)


def read_indicator_file(path: Path, source_file: str) -> tuple[IndicatorFile, list[Problem]]:
    """Every visible sheet of an indicator workbook that has the indicator table's header row."""
    problems: list[Problem] = []
    book = IndicatorFile(source_file, file_sha256(path), path.stat().st_size)
    opened = InputWorkbook(path, source_file, FOLDER, problems)
    workbook = open_workbook(opened)
    book.saved_at = opened.saved_at
    if workbook is None:
        return book, problems
    near: list[Problem] = []
    try:
        for name in visible_sheets(workbook):
            rows = sheet_values(opened, workbook, name)
            if rows is None:
                continue
            texts = [[cell_text(value) for value in row] for row in rows]
            match = find_header(texts, [LAYOUT])
            if match is None:
                near.extend(p for p in [_missing_columns(source_file, name, texts)] if p)
                continue
            book.sheets += 1
            header_row = match.row_index + 1
            columns = {f: (column_letter(i), match.texts[f]) for f, i in match.columns.items()}
            book.columns.extend(
                {"source_file": source_file, "sheet": name, "field": f, "column_letter": letter,
                 "header_row": header_row, "header_text": text}
                for f, (letter, text) in columns.items()
            )  # fmt: skip
            for number, cells in enumerate(rows[match.row_index + 1 :], start=header_row + 1):
                values = {f: cells[i] if i < len(cells) else None for f, i in match.columns.items()}
                if any(cell_text(v) for v in values.values()):
                    book.rows.append(_record(book, name, number, values, columns, problems))
    finally:
        workbook.close()
    if not book.sheets and not opened.problems:
        problems.extend(near or [coded(source_file, None, None, "indicator_no_table")])
    return book, problems


def read_indicators(period: str, period_dir: Path, reference: Reference) -> IndicatorBatch:
    """The indicator workbooks of `period_dir/indicators` and the computed indicators."""
    config_file, computed = load_computed(reference)
    batch = IndicatorBatch(period, computed=computed, config_file=config_file)
    seen: dict[str, str] = {}  # sha256 -> first file with that content
    for path in status_files(Path(period_dir) / FOLDER):
        source_file = path.relative_to(period_dir).as_posix()
        book, problems = read_indicator_file(path, source_file)
        batch.problems.extend(problems)
        if book.sha256 in seen:
            copy = coded(source_file, None, None, "indicator_copy", detail=seen[book.sha256])
            batch.problems.append(copy)
            continue
        seen[book.sha256] = source_file
        if book.sheets:
            batch.files.append(book)
    return batch


# Check SQL comes from the package's own files; values are bound as $period.
_LOCATE = """
with offending as ({check})
select o.*, c.column_letter, c.header_text
from offending as o
left join raw_indicator_column as c
    on c.period = $period and c.source_file = o.source_file and c.sheet = o.sheet
    and c.field = o.field
order by o.check_index, o.source_file, o.sheet, o.row_number
"""
# check -> severity; each returns source_file, sheet, row_number, field, value, detail
CHECKS: dict[str, str] = {
    "indicator_missing_value": "error",
    "indicator_unknown_direction": "error",
    "indicator_unknown_division": "error",
    "indicator_unknown_theme": "error",
    "indicator_duplicate_id": "error",
    "indicator_incomplete_pair": "error",
    "indicator_target_year_order": "error",
    "indicator_target_against_direction": "error",
    "indicator_value_without_source": "warning",
}


def check_indicators(
    con: duckdb.DuckDBPyConnection, period: str, reference: Reference
) -> list[Problem]:
    """Run every indicator check on the period's rows already in `con`."""
    accepted = {
        "indicator_unknown_direction": ", ".join(sorted(DIRECTIONS)),
        "indicator_unknown_division": ", ".join(reference.accepted("division")),
        "indicator_unknown_theme": ", ".join(reference.accepted("theme")),
    }
    problems = []
    for name, row in offending_rows(con, period, list(CHECKS), _LOCATE):
        severity = CHECKS[name]
        letter, number = row["column_letter"], row["row_number"]
        params = {"header": row["header_text"] or LAYOUT.field(row["field"]).label}
        if name in accepted:
            params["accepted"] = accepted[name]
        if name == "indicator_incomplete_pair":
            params["other"] = LAYOUT.field(row["detail"]).label
        problems.append(
            coded(
                row["source_file"], row["sheet"],
                f"{letter}{number}" if letter else f"{number}:{number}",
                name, severity=severity, value=row["value"], detail=row["detail"], **params,
            )
        )  # fmt: skip
    return problems
