"""Next period's indicator workbook: the indicators of the previous period, their definitions
filled in, the period's value, source and comment left to fill (docs/indicators.md)."""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import db
from analysis.config import Reference
from analysis.export.status_sheets import (
    _HEADER_FONT,
    _LOCKED_FILL,
    BLANK_ROWS,
    TITLE_ROWS,
    TemplateOptions,
    _text_cell,
)
from analysis.i18n import fmt_date, t
from analysis.problems import UsageError
from analysis.sources.indicators import FIELDS, FOLDER
from analysis.sources.ingest import check_period_name

log = logging.getLogger(__name__)

# what the person filling in the workbook changes; the definitions stay as they were
EDITABLE = ("value", "value_source", "comment", "target_value", "target_year")
DIRECTION_LABELS = {"fi": {"up": "ylös", "down": "alas", "stay": "pysyy"},
                    "en": {"up": "up", "down": "down", "stay": "stay"}}  # fmt: skip
WIDTHS = {"indicator_id": 14, "goal": 40, "comment": 50, "value_source": 24}
FILE_NAMES = {"fi": "mittarit.xlsx", "en": "indicators.xlsx"}

_INDICATORS = """
select
    stg.*, raw.unit as unit_text, raw.theme as theme_text, raw.division as division_text
from stg_indicators as stg
join raw_indicator as raw using (period, source_file, sheet, row_number)
where stg.period = ? and not stg.computed
order by stg.source_file, stg.sheet, stg.row_number
"""


def _values(record: dict, reference: Reference, lang: str) -> dict[str, object]:
    """The definition of an indicator as the template shows it, in the template's language."""
    themes = {e.code: e.name(lang) for e in reference.themes}
    divisions = {e.code: e.name(lang) for e in reference.divisions}

    def known(value: object) -> object:
        return None if pd.isna(value) else value

    def year(value: object) -> int | None:
        return None if pd.isna(value) else int(value)  # type: ignore[arg-type]

    return {
        "indicator_id": record["indicator"],
        "name_fi": known(record["name_fi"]),
        "name_sv": known(record["name_sv"]),
        "name_en": known(record["name_en"]),
        "unit": known(record["unit_text"]),
        "direction": DIRECTION_LABELS[lang].get(record["direction"]),
        "goal": known(record["goal"]),
        "theme": themes.get(record["theme"], known(record["theme_text"])),
        "division": divisions.get(record["division"], known(record["division_text"])),
        "baseline_value": known(record["baseline_value"]),
        "baseline_year": year(record["baseline_year"]),
        "target_value": known(record["target_value"]),
        "target_year": year(record["target_year"]),
    }


def _write(path: Path, rows: pd.DataFrame, options: TemplateOptions, previous: str,
           reference: Reference) -> None:  # fmt: skip
    lang = options.lang
    index = 0 if lang == "fi" else 1
    deadline = reference.deadlines.get(options.period)
    book = Workbook()
    sheet = book.active
    sheet.title = t("template.indicator_sheet", lang)
    sheet["A1"] = t("template.indicator_title", lang, period=options.period)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        t("template.subtitle", lang, deadline=fmt_date(deadline, lang))
        if deadline
        else t("template.subtitle_no_deadline", lang)
    )
    fields = [f.name for f in FIELDS]
    headers = [f.headers[index] for f in FIELDS]
    headers[fields.index("name_fi")] = FIELDS[1].headers[2 + index]  # `Mittari (fi)`
    headers.append(t("template.indicator_previous_value", lang, period=previous))
    header_row = TITLE_ROWS + 1
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(header_row, col, text)
        cell.font = _HEADER_FONT
        cell.fill = _LOCKED_FILL
    for offset, record in enumerate(rows.to_dict("records"), start=header_row + 1):
        values = _values(record, reference, lang)
        for col, name in enumerate(fields, start=1):
            cell = sheet.cell(offset, col)
            _text_cell(cell, values.get(name))
            if name in EDITABLE:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _LOCKED_FILL
        cell = sheet.cell(offset, len(fields) + 1)
        _text_cell(cell, None if pd.isna(record["value"]) else record["value"])
        cell.fill = _LOCKED_FILL
    last = header_row + len(rows)
    for row in range(last + 1, last + BLANK_ROWS + 1):  # room for new indicators
        for col in range(1, len(fields) + 1):
            sheet.cell(row, col).protection = Protection(locked=False)
    column = get_column_letter(fields.index("direction") + 1)
    labels = ",".join(DIRECTION_LABELS[lang].values())
    choices = DataValidation(
        type="list", allow_blank=True, showErrorMessage=True, formula1=f'"{labels}"'
    )
    choices.add(f"{column}{header_row + 1}:{column}{last + BLANK_ROWS}")
    sheet.add_data_validation(choices)
    for col, name in enumerate([*fields, "previous"], start=1):
        width = WIDTHS.get(name, 36 if name.startswith("name") else 14)
        sheet.column_dimensions[get_column_letter(col)].width = width
    for row in sheet.iter_rows(min_row=header_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"B{header_row + 1}"
    sheet.protection.sheet = True  # no password: protection guards against slips, not people
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    book.save(path)


def planned_template(options: TemplateOptions, previous: str) -> tuple[Path, pd.DataFrame] | None:
    """Where the indicator workbook of `options.period` goes and the indicators of the
    workbooks of `previous` it lists; None when that period had none."""
    with db.connect(options.db_path, read_only=True) as con:
        rows = con.execute(_INDICATORS, [previous]).df()
    if rows.empty:
        return None
    return options.raw_dir / check_period_name(options.period) / FOLDER / FILE_NAMES[
        options.lang
    ], rows


def write_indicator_template(
    planned: tuple[Path, pd.DataFrame], options: TemplateOptions, previous: str,
    reference: Reference,
) -> Path:  # fmt: skip
    """Write the planned workbook. Computed indicators are not in it (config/indicators.yml
    defines them); the value, source and comment cells and the target are left to fill. An
    existing file (it may be a returned workbook) is kept unless `overwrite`: UsageError."""
    path, rows = planned
    if path.exists() and not options.overwrite:
        raise UsageError(
            f"{path} exists and may be a returned workbook; move it away or give --force"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, rows, options, previous, reference)
    log.info("%s: %d indicators", path, len(rows))
    return path
