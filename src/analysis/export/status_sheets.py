"""Next period's status-sheet templates: one workbook per division, filled with its measures."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from analysis import db
from analysis.config import Reference
from analysis.i18n import fmt_date, t
from analysis.mapping import match_key
from analysis.problems import UsageError
from analysis.sources.ingest import check_period_name
from analysis.sources.status import FIELDS, SWEDISH_HEADERS

log = logging.getLogger(__name__)

TITLE_ROWS = 3  # title, instructions line, empty row; the header is the row below
EDITABLE = ("status", "progress", "report", "owner", "planned_end")
BLANK_ROWS = 20  # unlocked rows below the measures, for measures the division adds
FINISHED = ("done", "cancelled")
_LOCKED_FILL = PatternFill("solid", fgColor="EEEEEE")
_HEADER_FONT = Font(bold=True)

_MEASURES = """
select
    m.measure_id, m.goal, m.measure, m.division, r.themes, m.status, m.report, m.owner,
    m.planned_end, m.row_number
from stg_measures as m
join raw_status as r using (period, source_file, sheet, row_number)
where m.period = ?
order by m.division, m.source_file, m.sheet, m.row_number
"""


@dataclass(frozen=True)
class TemplateOptions:
    """What to write: for which period, from which earlier one, in which language."""

    period: str
    raw_dir: Path
    db_path: Path
    previous: str | None = None  # default: the latest loaded period before `period`
    lang: str = "fi"
    include_finished: bool = False  # also measures done or cancelled in the previous period
    overwrite: bool = False


def previous_period(db_path: Path, period: str) -> str:
    """The latest period loaded before `period`."""
    with db.connect(db_path, read_only=True) as con:
        row = con.execute(
            "select max(period) from raw_status where period < ?", [period]
        ).fetchone()
    if row[0] is None:
        raise UsageError(
            f"{db_path} has no period before {period}: run `seuranta run` for the previous "
            "period first, or give --from"
        )
    return row[0]


def _text_cell(cell: Cell, value: object) -> None:
    """Set a value; text stays text even when it begins with '=', '+', '-' or '@'."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _theme_names(text: object, reference: Reference, lang: str) -> str | None:
    """The themes of a measure in the template's language (they match back on ingest)."""
    if not isinstance(text, str):
        return None
    lookup = reference.lookup("theme")
    names = {e.code: e.name(lang) for e in reference.themes}
    parts = [part.strip() for part in text.split(";") if part.strip()]
    return "; ".join(names.get(lookup.get(match_key(part) or "", ""), part) for part in parts)


def field_header(name: str, lang: str) -> str:
    """The header of a field in the template's language (all three are matched on ingest)."""
    fi, en, _ = FIELDS[name]
    return {"fi": fi, "sv": SWEDISH_HEADERS[name], "en": en}[lang]


def _headers(lang: str, previous: str) -> list[str]:
    fields = [field_header(name, lang) for name in FIELDS]
    return [
        *fields,
        t("template.previous_status", lang, period=previous),
        t("template.previous_report", lang, period=previous),
    ]


def _instruction_rows(
    lang: str, reference: Reference, deadline: dt.date | None
) -> list[tuple[str, str]]:
    """(column, instruction) rows of the instructions sheet in `lang`."""
    statuses = ", ".join(e.name(lang) for e in reference.statuses)
    done = next(e.name(lang) for e in reference.statuses if e.code == "done")
    rows = [
        (t("template.help.heading.column", lang), t("template.help.heading", lang)),
        (field_header("measure_id", lang), t("template.help.measure_id", lang)),
        (field_header("status", lang), t("template.help.status", lang, statuses=statuses)),
        (field_header("progress", lang), t("template.help.progress", lang)),
        (field_header("report", lang), t("template.help.report", lang, done=done)),
        (field_header("planned_end", lang), t("template.help.planned_end", lang)),
        (t("template.help.translations.column", lang), t("template.help.translations", lang)),
        (t("template.help.previous.column", lang), t("template.help.previous", lang)),
        (t("template.help.new.column", lang), t("template.help.new", lang)),
    ]
    if deadline:
        rows.append((t("template.help.deadline.column", lang), fmt_date(deadline, lang)))
    return rows


def _instructions(
    book: Workbook, reference: Reference, deadline: dt.date | None, lang: str
) -> None:
    """The instructions sheet: in Finnish and in the template's language (English beside a
    Finnish template)."""
    other = "en" if lang == "fi" else lang
    sheet = book.create_sheet(t("template.instructions_sheet", other))
    first = _instruction_rows("fi", reference, deadline)
    second = _instruction_rows(other, reference, deadline)
    for (column_fi, text_fi), (column, text) in zip(first, second, strict=True):
        sheet.append([column_fi, text_fi, column, text])
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
    for letter, width in zip("ABCD", (28, 60, 28, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_division(
    path: Path,
    measures: pd.DataFrame,
    division: str,
    options: TemplateOptions,
    previous: str,
    reference: Reference,
) -> None:
    lang = options.lang
    entry = next(e for e in reference.divisions if e.code == division)
    status_names = {e.code: e.name(lang) for e in reference.statuses}
    deadline = reference.deadlines.get(options.period)
    book = Workbook()
    sheet = book.active
    sheet.title = t("template.sheet", lang)
    sheet["A1"] = t("template.title", lang, period=options.period, division=entry.name(lang))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        t("template.subtitle", lang, deadline=fmt_date(deadline, lang))
        if deadline
        else t("template.subtitle_no_deadline", lang)
    )
    headers = _headers(lang, previous)
    header_row = TITLE_ROWS + 1
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(header_row, col, text)
        cell.font = _HEADER_FONT
        cell.fill = _LOCKED_FILL
    fields = list(FIELDS)
    for offset, record in enumerate(measures.to_dict("records"), start=header_row + 1):
        values = {
            "measure_id": record["measure_id"],
            "goal": record["goal"],
            "measure": record["measure"],
            "division": entry.name(lang),
            "themes": _theme_names(record["themes"], reference, lang),
            "owner": record["owner"],
            "planned_end": record["planned_end"],
        }
        for col, name in enumerate(fields, start=1):
            cell = sheet.cell(offset, col)
            value = values.get(name)
            _text_cell(cell, None if pd.isna(value) else value)
            if name == "planned_end" and cell.value is not None:
                cell.number_format = "d.m.yyyy"
            if name in EDITABLE:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _LOCKED_FILL
        previous_values = (status_names.get(record["status"]), record["report"])
        for col, value in enumerate(previous_values, start=len(fields) + 1):
            cell = sheet.cell(offset, col)
            _text_cell(cell, None if pd.isna(value) else value)
            cell.fill = _LOCKED_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = header_row + len(measures)
    for row in range(last + 1, last + BLANK_ROWS + 1):  # room for new measures
        for col in range(1, len(fields) + 1):
            sheet.cell(row, col).protection = Protection(locked=False)
    status_col = get_column_letter(fields.index("status") + 1)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(status_names.values()) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=headers[fields.index("status")],
        error=t("template.status_error", lang),
        promptTitle=headers[fields.index("status")],
        prompt=t("template.status_prompt", lang),
        showInputMessage=True,
    )
    choices.add(f"{status_col}{header_row + 1}:{status_col}{last + BLANK_ROWS}")
    sheet.add_data_validation(choices)
    widths = {
        "measure_id": 12,
        "goal": 40,
        "measure": 50,
        "division": 24,
        "themes": 28,
        "status": 16,
        "progress": 14,
        "report": 60,
        "owner": 22,
        "planned_end": 14,
    }
    for col, name in enumerate(fields, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = widths[name]
    for col in (len(fields) + 1, len(fields) + 2):
        sheet.column_dimensions[get_column_letter(col)].width = 18 if col == len(fields) + 1 else 60
    sheet.freeze_panes = f"B{header_row + 1}"  # header row and the id column stay in view
    sheet.protection.sheet = True  # no password: protection guards against slips, not people
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    _instructions(book, reference, deadline, lang)
    book.save(path)


def write_templates(options: TemplateOptions, reference: Reference) -> list[Path]:
    """Write `raw_dir/<period>/status/<division>.xlsx` for every division of the previous period.

    Measures done or cancelled in the previous period are left out unless `include_finished`.
    Existing files are never overwritten unless `overwrite`: they may be returned sheets.
    """
    period = check_period_name(options.period)
    previous = options.previous or previous_period(options.db_path, period)
    with db.connect(options.db_path, read_only=True) as con:
        measures = con.execute(_MEASURES, [previous]).df()
    if measures.empty:
        raise UsageError(f"{options.db_path} has no measures for period {previous}")
    if not options.include_finished:
        measures = measures[~measures["status"].isin(FINISHED)]
    folder = options.raw_dir / period / "status"
    divisions = [e.code for e in reference.divisions if e.code in set(measures["division"])]
    targets = {code: folder / f"{code}.xlsx" for code in divisions}
    existing = [str(p) for p in targets.values() if p.exists()]
    if existing and not options.overwrite:
        raise UsageError(
            "these files exist and may be returned sheets: "
            + ", ".join(existing)
            + "; move them away or give --force"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for code, path in targets.items():
        rows = measures[measures["division"] == code]
        _write_division(path, rows, code, options, previous, reference)
        log.info("%s: %d measures", path, len(rows))
    return list(targets.values())
