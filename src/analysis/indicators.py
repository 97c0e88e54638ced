"""Indicator tables of a period, read from the finished DuckDB views, and their Excel export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from analysis import db

TABLES: tuple[str, ...] = ("completion_overall", "completion_by_division", "completion_by_theme")
_ORDER = {
    "completion_overall": "period",
    "completion_by_division": "sort_order, division",
    "completion_by_theme": "sort_order, theme",
}
_RATE_COLUMNS = {"completion_rate"}


def read_tables(db_path: str | Path, period: str) -> dict[str, pd.DataFrame]:
    """The indicator tables of one period, in report order."""
    with db.connect(db_path, read_only=True) as con:
        return {
            name: con.execute(
                f"select * from {name} where period = ? order by {_ORDER[name]}",  # noqa: S608
                [period],
            ).df()
            for name in TABLES
        }


def _excel_value(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars -> Python numbers
        return value.item()
    return value


def write_excel(tables: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """One sheet per table: frozen header row, column widths, rates as percentages.

    Text cells are always stored as text, so a value such as '=1+2' never becomes a formula.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(frame.columns))
        for record in frame.itertuples(index=False):
            sheet.append([_excel_value(v) for v in record])
        for row in sheet.iter_rows(min_row=2):
            for cell, column in zip(row, frame.columns, strict=True):
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                elif column in _RATE_COLUMNS and cell.value is not None:
                    cell.number_format = "0.0%"
        for index, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in frame[column].tolist()])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, longest + 2)
        sheet.freeze_panes = "A2"
    book.save(path)
    return path


def export(db_path: str | Path, period: str, xlsx_path: str | Path) -> dict[str, pd.DataFrame]:
    """Read the period's indicator tables, write them to `xlsx_path`, and return them."""
    tables = read_tables(db_path, period)
    write_excel(tables, xlsx_path)
    return tables
