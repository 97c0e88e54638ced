"""indicators.xlsx: every table of the period's report, from one declarative list of sheets.

Each sheet of `SHEETS` names a finished table (a mart, or a raw table of the inputs), the columns
it shows, their order and which are rates. The workbook is then built the same way for every
sheet, in the language asked for:

- every header comes from the catalogue (`column.<column>`), the counts by status from the
  configured status names: a header is never a raw column name;
- a code column is shown by its name in the language (`<column>_name_<lang>` beside it in the
  mart), text kept per language by that language's column (`themes_<lang>`); a code without a
  name is shown as the code;
- a yes/no column is a word of the language, a problem's message and fix are worded in the
  language from its code (see `analysis.problems.worded`);
- rates are percentages, progress (0-100 in the sheets) a whole percentage, counts whole numbers
  with grouping, dates and times as Excel dates.

Text is always stored as text (`analysis.export.xlsx`), so a value such as `=1+2` from a sheet
never becomes a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db
from analysis.config import FALLBACK_LANG, STATUS_CODES
from analysis.export import xlsx
from analysis.i18n import LANGS, catalogue, t
from analysis.problems import worded
from analysis.publication import Audience, load_publication
from analysis.report.pages import run_languages, workbook_name

PERCENT_FORMAT = "0.0%"
WHOLE_PERCENT_FORMAT = "0%"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
_SHEET_NAME_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})

COUNTS = ("measures", *STATUS_CODES)
COMPLETION = (*COUNTS, "completion_rate")
CHANGE = ("previous_period", "previous_completion_rate", "completion_change_pp")
MEASURE = ("measure_id", "goal", "measure", "themes", "status", "progress_pct", "report", "owner")
LINEAGE = ("source_file", "sheet", "row_number")
RATES = frozenset(
    {
        "completion_rate",
        "previous_completion_rate",
        "target_attainment",
        "success_rate",
        "quality_score",
        "progress",  # indicator_progress: the share of the way from baseline to target
        "expected_progress",
        "coverage_rate",
    }
)
PROGRESS = frozenset({"progress_pct"})  # 0-100 in the sheets, a percentage in the workbook
# The tables of a row per measure, read through Arrow (`db.arrow_frame`): twice as fast there.
THROUGH_ARROW = frozenset({"division_measures", "measure_changes", "measures_needing_attention"})


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook: its catalogue key (`xlsx.sheet.<key>`), the table it shows,
    the table's columns in the order shown, the order of its rows, and whether it holds the
    period only or every period up to it (a trend)."""

    key: str
    table: str
    columns: tuple[str, ...]
    order: str
    trend: bool = False


# The sheets of indicators.xlsx, in workbook order. Row orders are the pages' orders.
SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("overall", "completion_overall", ("period", *COMPLETION, *CHANGE[1:], "divisions"),
              "period", trend=True),
    SheetSpec("divisions", "completion_by_division", ("division", *COMPLETION, *CHANGE),
              "sort_order nulls last, division"),
    SheetSpec("themes", "completion_by_theme", ("theme", *COMPLETION, *CHANGE),
              "sort_order nulls last, theme"),
    SheetSpec("matrix", "completion_by_division_theme", ("division", "theme", *COMPLETION),
              "division_sort_order nulls last, division, theme_sort_order nulls last, theme"),
    SheetSpec("attention", "measures_needing_attention", ("division", *MEASURE),
              "urgency, division_sort_order nulls last, division, measure_id"),
    SheetSpec("measures", "division_measures", ("division", *MEASURE, *LINEAGE),
              "division_sort_order nulls last, division, source_file, sheet, row_number"),
    SheetSpec("trend", "completion_by_division", ("period", "division", *COMPLETION),
              "period, sort_order nulls last, division", trend=True),
    SheetSpec("files", "raw_file",
              ("source_file", "file_sha256", "size_bytes", "sheets", "data_rows", "loaded_at"),
              "source_file"),
    SheetSpec("problems", "raw_problem",
              ("severity", "source_file", "sheet", "cell", "message", "fix"),
              "source_file, sheet nulls first, "
              "try_cast(regexp_extract(cell, '[0-9]+') as integer) nulls first, cell"),
    SheetSpec("corrections", "corrections",
              ("source_file", "sheet", "cell", "field", "correction_action", "was_value",
               "new_value", "reason", "corrected_by", "correction_state"),
              "entry"),
    SheetSpec("funding_divisions", "funding_by_division",
              ("division", "applications", "target", "target_attainment", "approved", "rejected",
               "success_rate", "eu_contribution_eur", "total_budget_eur", "own_financing_eur",
               "running", "idea"),
              "sort_order nulls last, division nulls last"),
    SheetSpec("funding_themes", "funding_by_theme",
              ("theme", "applications", "approved", "rejected", "success_rate",
               "eu_contribution_eur", "total_budget_eur", "own_financing_eur", "running", "idea"),
              "sort_order nulls last, theme"),
    SheetSpec("funding_programmes", "funding_by_programme",
              ("programme", "applications", "approved", "rejected", "success_rate",
               "eu_contribution_eur", "total_budget_eur", "running"),
              "sort_order nulls last, programme nulls last"),
    SheetSpec("funding_pipeline", "funding_pipeline", ("phase", "projects", "eu_contribution_eur"),
              "sort_order, phase"),
    SheetSpec("funding_follow_up", "funding_follow_up",
              ("project_id", "acronym", "name", "division", "programme", "start_on", "end_on",
               "follow_up_until", "eu_contribution_eur", "source_file", "row_number"),
              "follow_up_until, project_id"),
    SheetSpec("changes", "measure_changes_by_division",
              ("division", "previous_period", "added", "finished", "dropped", "forward",
               "backward", "unchanged", "other", "reports_unchanged"),
              "sort_order nulls last, division"),
    SheetSpec("measure_changes", "measure_changes",
              ("measure_id", "division", "change", "previous_status", "status", "direction",
               "report_unchanged", "report"),
              "division, measure_id"),
    SheetSpec("quality", "quality_findings_by_division",
              ("division", "measures", "measures_with_findings", "findings", "quality_score",
               "late_files"),
              "sort_order nulls last, division"),
    SheetSpec("translations", "translation_coverage",
              ("division", "lang", "texts", "original", "translated", "stale", "missing",
               "coverage_rate"),
              "sort_order nulls last, division, lang_sort_order"),
    SheetSpec("findings", "quality_findings",
              ("division", "measure_id", "finding", "field", "value", *LINEAGE),
              "division, source_file, sheet, row_number, finding"),
    SheetSpec("indicators", "indicator_progress",
              ("period", "indicator", "name", "computed", "compute", "goal", "theme", "division",
               "unit", "unit_code", "direction", "baseline_value", "baseline_year",
               "target_value", "target_year", "value", "value_source", "previous_period",
               "previous_value", "needed_value", "progress", "expected_progress", "evaluation",
               "trend", "comment", *LINEAGE),
              "period, sort_order", trend=True),
)  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    """One worksheet as written: its name, its table (headers as shown) and the columns of rates
    0..1 and of whole percentages."""

    title: str
    frame: pd.DataFrame
    percent: frozenset[str] = field(default_factory=frozenset)  # shown as 12.3 %
    whole_percent: frozenset[str] = field(default_factory=frozenset)  # shown as 12 %


def _read(con: duckdb.DuckDBPyConnection, spec: SheetSpec, period: str) -> pd.DataFrame:
    """The rows of the sheet's table for the period (every period up to it for a trend)."""
    where = "period <= ?" if spec.trend else "period = ?"
    sql = f"select * from {spec.table} where {where} order by {spec.order}"  # noqa: S608
    if spec.table in THROUGH_ARROW:  # the table and order are SHEETS' constants
        return db.arrow_frame(con, sql, [period])
    return con.execute(sql, [period]).df()


def _status_names(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, str]:
    rows = con.execute(f"select status, name_{lang} from ref_status").fetchall()  # noqa: S608
    return dict(rows)  # lang is one of LANGS, checked by `workbook`


def _header(column: str, lang: str, status_names: dict[str, str]) -> str:
    return status_names.get(column) or t(f"column.{column}", lang)


def _code_names(column: str, lang: str) -> dict[str, str]:
    """code -> name in `lang` for a column whose codes are named in locales/codes.yml."""
    prefix = f"code.{column}."
    return {key[len(prefix) :]: texts[lang] for key, texts in catalogue().items()
            if key.startswith(prefix)}  # fmt: skip


def _shown(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """The values of `column` as a reader sees them in `lang`."""
    for named in (f"{column}_name_{lang}", f"{column}_{lang}"):
        if named in frame.columns:
            names = frame[named]
            finnish = f"{column}_name_{FALLBACK_LANG}"  # a configuration without that language
            if finnish in frame.columns:
                names = names.fillna(frame[finnish])
            return names.fillna(frame[column]) if column in frame.columns else names
    values = frame[column]
    names = _code_names(column, lang)
    if names:  # a code column without a name column in its table, e.g. raw_problem.severity
        return values.map(lambda value: names.get(value, value))
    if column in PROGRESS:
        return values / 100
    if pd.api.types.is_bool_dtype(values):
        yes, no = t("value.yes", lang), t("value.no", lang)
        return values.map({True: yes, False: no})
    return values


def _worded(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """raw_problem rows with their message and fix in `lang`."""
    texts = [worded(row, lang) for row in frame.to_dict("records")]
    return frame.assign(message=[message for message, _ in texts], fix=[fix for _, fix in texts])


def sheet(frame: pd.DataFrame, spec: SheetSpec, lang: str, status_names: dict[str, str]) -> Sheet:
    """One sheet of `SHEETS` in `lang`, from its table's rows for the period (`_read`)."""
    if spec.table == "raw_problem":
        frame = _worded(frame, lang)
    headers = [_header(column, lang, status_names) for column in spec.columns]
    shown = pd.DataFrame(
        {
            header: _shown(frame, column, lang)
            for header, column in zip(headers, spec.columns, strict=True)
        }
    )
    percent = frozenset(h for h, c in zip(headers, spec.columns, strict=True) if c in RATES)
    whole = frozenset(h for h, c in zip(headers, spec.columns, strict=True) if c in PROGRESS)
    return Sheet(t(f"xlsx.sheet.{spec.key}", lang), shown, percent=percent, whole_percent=whole)


def for_audience(audience: Audience) -> list[SheetSpec]:
    """The sheets of `SHEETS` that the audience's workbook has, without the columns it may not
    show (a public workbook: no data-quality sheets, hashes or owners' names)."""
    return [
        replace(spec, columns=tuple(c for c in spec.columns if audience.shows_column(c)))
        for spec in SHEETS
        if audience.shows_table(spec.table)
    ]


def workbooks(
    db_path: str | Path, period: str, langs: Sequence[str], audience: Audience | None = None
) -> dict[str, list[Sheet]]:
    """Every sheet of `SHEETS` for the period and the audience (internal: all of them), in each
    of `langs`; every table is read from the database (read-only) once for all of them."""
    for lang in langs:
        if lang not in LANGS:
            known = ", ".join(LANGS)
            raise ValueError(f"unknown workbook language {lang!r}: expected one of {known}")
    specs = for_audience(audience or Audience())
    with db.connect(db_path, read_only=True) as con:
        frames = [_read(con, spec, period) for spec in specs]
        names = {lang: _status_names(con, lang) for lang in langs}
    read = list(zip(specs, frames, strict=True))
    return {lang: [sheet(frame, spec, lang, names[lang]) for spec, frame in read] for lang in langs}


def workbook(
    db_path: str | Path, period: str, lang: str = "fi", audience: Audience | None = None
) -> list[Sheet]:
    """Every sheet of `SHEETS` for the period and the audience, in `lang` (`workbooks`)."""
    return workbooks(db_path, period, [lang], audience)[lang]


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


INDICATOR_TABLES: tuple[str, ...] = (
    "completion_overall",
    "completion_by_division",
    "completion_by_theme",
    "indicator_progress",
)


def export(
    db_path: str | Path,
    period: str,
    xlsx_path: str | Path,
    lang: str = "fi",
    audience: str = "internal",
    config_dir: str | Path | None = None,
    langs: str | Sequence[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Write indicators.xlsx of the period in `lang` for `audience` (publication.yml of
    `config_dir` says whether a public one names owners) to `xlsx_path` and, with the run's
    `langs`, indicators.<lang>.xlsx beside it for each language after the first, so each page
    links to a workbook in its own language (the tables are read once for all of them); return
    the completion views and indicator_progress of the period as they are in the database, for
    the notebook to show."""
    chosen = load_publication(config_dir).audience(audience) if config_dir else Audience(audience)
    run = run_languages(langs) if langs is not None else [lang]
    written = workbooks(db_path, period, [lang, *run[1:]], chosen)
    write_excel(written[lang], xlsx_path)
    folder = Path(xlsx_path).parent
    for other in run[1:]:
        write_excel(written[other], folder / workbook_name(other, run))
    specs = {spec.table: replace(spec, trend=False) for spec in SHEETS}
    with db.connect(db_path, read_only=True) as con:
        return {name: _read(con, specs[name], period) for name in INDICATOR_TABLES}
