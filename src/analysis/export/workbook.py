"""Indicator tables of a period, read from the finished DuckDB views, and their Excel export.

`indicators.xlsx` holds every table of the report (the same `Report` the pages are built from),
with headers, sheet names and status, division and theme names in the report's language, and
formatted as a person would: bold frozen header row with filters, column widths, percentages,
whole numbers with grouping, dates. Text is always stored as text, so a value such as `=1+2`
from a sheet never becomes a formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import db
from analysis.export import xlsx
from analysis.i18n import t
from analysis.report.data import ReportData
from analysis.report.overview import Report, load

TABLES: tuple[str, ...] = ("completion_overall", "completion_by_division", "completion_by_theme")
_ORDER = {
    "completion_overall": "period",
    "completion_by_division": "sort_order, division",
    "completion_by_theme": "sort_order, theme",
}
PERCENT_FORMAT = "0.0%"
WHOLE_PERCENT_FORMAT = "0%"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name, its table (headers as shown) and the columns of rates 0..1."""

    title: str
    frame: pd.DataFrame
    percent: frozenset[str] = field(default_factory=frozenset)  # shown as 12.3 %
    whole_percent: frozenset[str] = field(default_factory=frozenset)  # shown as 12 %


def read_tables(db_path: str | Path, period: str) -> dict[str, pd.DataFrame]:
    """The indicator views of one period as they are in the database, in report order."""
    with db.connect(db_path, read_only=True) as con:
        return {
            name: con.execute(
                f"select * from {name} where period = ? order by {_ORDER[name]}",  # noqa: S608
                [period],
            ).df()
            for name in TABLES
        }


def _counts(page: ReportData, frame: pd.DataFrame, first: Mapping[str, str]) -> pd.DataFrame:
    """`first` columns (source -> header), then measures, the counts by status and the rate."""
    columns = {
        **first,
        "measures": t("column.measures", page.lang),
        **dict(page.status_names),
        "completion_rate": t("column.completion_rate", page.lang),
    }
    return frame[list(columns)].rename(columns=columns)


def _names(page: ReportData, frame: pd.DataFrame, code: str) -> pd.Series:
    """The names of `code` in the report's language, or the code where a name is missing."""
    return frame[f"{code}_name_{page.lang}"].fillna(frame[code])


def _measure_table(page: ReportData, frame: pd.DataFrame, lineage: bool) -> pd.DataFrame:
    lang = page.lang
    table = pd.DataFrame(
        {
            t("column.division", lang): _names(page, frame, "division"),
            t("column.measure_id", lang): frame["measure_id"],
            t("column.goal", lang): frame["goal"],
            t("column.measure", lang): frame["measure"],
            t("column.themes", lang): frame[f"themes_{lang}"],
            t("column.status", lang): frame["status"]
            .map(page.status_names)
            .fillna(frame["status"]),
            t("column.progress", lang): frame["progress_pct"] / 100,
            t("column.report", lang): frame["report"],
            t("column.owner", lang): frame["owner"],
        }
    )
    if lineage:
        table[t("column.source_file", lang)] = frame["source_file"]
        table[t("column.sheet", lang)] = frame["sheet"]
        table[t("column.row", lang)] = frame["row_number"]
    return table


def workbook(report: Report) -> list[Sheet]:
    """Every table of the report of `report.data.period`, in its language, one sheet each."""
    page = report.data
    lang = page.lang
    rate = frozenset({t("column.completion_rate", lang)})
    progress = frozenset({t("column.progress", lang)})
    current = page.divisions[page.divisions["period"] == page.period]
    division = {"name": t("column.division", lang)}
    overall = _counts(page, page.overall, {"period": t("column.period", lang)})
    overall[t("column.divisions", lang)] = page.overall["divisions"].to_numpy()
    matrix = page.matrix.assign(
        division_label=_names(page, page.matrix, "division"),
        theme_label=_names(page, page.matrix, "theme"),
    )
    files = page.files.rename(
        columns={
            "source_file": t("column.source_file", lang),
            "file_sha256": t("column.sha256", lang),
            "size_bytes": t("column.size_bytes", lang),
            "sheets": t("column.sheets", lang),
            "data_rows": t("column.data_rows", lang),
            "loaded_at": t("column.loaded_at", lang),
        }
    ).drop(columns=["kind"])
    problems = page.problems.rename(
        columns={
            "severity": t("column.severity", lang),
            "source_file": t("column.source_file", lang),
            "sheet": t("column.sheet", lang),
            "cell": t("column.cell", lang),
            "message": t("column.message", lang),
            "fix": t("column.fix", lang),
        }
    )
    trend = _counts(
        page,
        page.divisions,
        {"period": t("column.period", lang), "name": t("column.division", lang)},
    )
    return [
        Sheet(t("workbook.overall", lang), overall, percent=rate),
        Sheet(t("workbook.divisions", lang), _counts(page, current, division), percent=rate),
        Sheet(
            t("workbook.themes", lang),
            _counts(page, page.themes, {"name": t("column.theme", lang)}),
            percent=rate,
        ),
        Sheet(
            t("workbook.matrix", lang),
            _counts(
                page,
                matrix,
                {
                    "division_label": t("column.division", lang),
                    "theme_label": t("column.theme", lang),
                },
            ),
            percent=rate,
        ),
        Sheet(
            t("workbook.attention", lang),
            _measure_table(page, page.attention, lineage=False),
            whole_percent=progress,
        ),
        Sheet(
            t("workbook.measures", lang),
            _measure_table(page, page.measures, lineage=True),
            whole_percent=progress,
        ),
        Sheet(t("workbook.trend", lang), trend, percent=rate),
        Sheet(t("workbook.files", lang), files),
        Sheet(t("workbook.problems", lang), problems),
    ]


def _number_format(sheet: Sheet, column: str, series: pd.Series) -> str | None:
    if column in sheet.percent:
        return PERCENT_FORMAT
    if column in sheet.whole_percent:
        return WHOLE_PERCENT_FORMAT
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INTEGER_FORMAT
    if pd.api.types.is_float_dtype(series):
        return DECIMAL_FORMAT
    return None  # text, and dates and times, which analysis.export.xlsx formats by their type


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no `[]:*?/\\`, at most 31 characters."""
    return title.translate(_SHEET_NAME_FORBIDDEN).strip()[:31] or "Sheet"


def write_excel(sheets: Sequence[Sheet], path: str | Path) -> Path:
    """One worksheet per table: bold frozen header row with filters, widths, number formats;
    text always stored as text (see analysis.export.xlsx)."""
    tables = [
        xlsx.Table(
            sheet_title(spec.title),
            spec.frame,
            [_number_format(spec, column, spec.frame[column]) for column in spec.frame.columns],
        )
        for spec in sheets
    ]
    return xlsx.write_workbook(tables, path)


# The funding and yearly-cycle sheets: sheet key -> (view, columns shown, rate columns, order).
# `<code>_name` columns are the view's name column in the workbook's language.
VIEW_SHEETS: dict[str, tuple[str, tuple[str, ...], frozenset[str], str]] = {
    "funding_divisions": (
        "funding_by_division",
        (
            "division_name",
            "applications",
            "target",
            "target_attainment",
            "approved",
            "rejected",
            "success_rate",
            "eu_contribution_eur",
            "total_budget_eur",
            "own_financing_eur",
            "running",
            "idea",
        ),
        frozenset({"target_attainment", "success_rate"}),
        "sort_order, division",
    ),
    "funding_themes": (
        "funding_by_theme",
        (
            "theme_name",
            "applications",
            "approved",
            "rejected",
            "success_rate",
            "eu_contribution_eur",
            "total_budget_eur",
            "own_financing_eur",
            "running",
            "idea",
        ),
        frozenset({"success_rate"}),
        "sort_order, theme",
    ),
    "funding_programmes": (
        "funding_by_programme",
        (
            "programme_name",
            "applications",
            "approved",
            "rejected",
            "success_rate",
            "eu_contribution_eur",
            "total_budget_eur",
            "running",
        ),
        frozenset({"success_rate"}),
        "sort_order, programme",
    ),
    "funding_pipeline": (
        "funding_pipeline",
        ("phase_name", "projects", "eu_contribution_eur"),
        frozenset(),
        "sort_order, phase",
    ),
    "funding_follow_up": (
        "funding_follow_up",
        (
            "project_id",
            "acronym",
            "name",
            "division_name",
            "programme_name",
            "start_on",
            "end_on",
            "follow_up_until",
            "eu_contribution_eur",
            "source_file",
            "row_number",
        ),
        frozenset(),
        "follow_up_until, project_id",
    ),
    "changes": (
        "measure_changes_by_division",
        (
            "division_name",
            "previous_period",
            "added",
            "finished",
            "dropped",
            "forward",
            "backward",
            "unchanged",
            "other",
            "reports_unchanged",
        ),
        frozenset(),
        "sort_order, division",
    ),
    "measure_changes": (
        "measure_changes",
        (
            "measure_id",
            "division",
            "change",
            "previous_status",
            "status",
            "direction",
            "report_unchanged",
            "report",
        ),
        frozenset(),
        "division, measure_id",
    ),
    "quality": (
        "quality_findings_by_division",
        (
            "division_name",
            "measures",
            "measures_with_findings",
            "findings",
            "quality_score",
            "late_files",
        ),
        frozenset({"quality_score"}),
        "sort_order, division",
    ),
    "findings": (
        "quality_findings",
        (
            "division",
            "measure_id",
            "finding",
            "field",
            "value",
            "source_file",
            "sheet",
            "row_number",
        ),
        frozenset(),
        "division, source_file, sheet, row_number, finding",
    ),
}


def view_sheets(db_path: str | Path, period: str, lang: str) -> list[Sheet]:
    """The funding and yearly-cycle views of the period, one sheet each, headers in `lang`."""
    sheets = []
    with db.connect(db_path, read_only=True) as con:
        for key, (view, columns, rates, order) in VIEW_SHEETS.items():
            frame = con.execute(
                f"select * from {view} where period = ? order by {order}",  # noqa: S608
                [period],
            ).df()
            shown = pd.DataFrame(
                {
                    t(f"xlsx.column.{column.removesuffix('_name')}", lang): frame[
                        f"{column}_{lang}" if column.endswith("_name") else column
                    ]
                    for column in columns
                }
            )
            percent = frozenset(t(f"xlsx.column.{column}", lang) for column in rates)
            sheets.append(Sheet(t(f"xlsx.sheet.{key}", lang), shown, percent=percent))
    return sheets


def export(
    db_path: str | Path, period: str, xlsx_path: str | Path, lang: str = "fi"
) -> dict[str, pd.DataFrame]:
    """Write every table of the period's report to `xlsx_path` in `lang`; return the indicator
    views as they are in the database, for the notebook to show."""
    page = load(period=period, lang=lang, db_path=db_path)
    write_excel([*workbook(page), *view_sheets(db_path, period, lang)], xlsx_path)
    return read_tables(db_path, period)
