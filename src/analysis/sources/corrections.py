"""Corrections as configuration: the analyst's fixes to a delivered sheet, kept beside it.

`config/corrections.yml` lists corrections of a period's status sheets; `data/raw` stays as
delivered. Each names a cell (or a row to skip), the text the cell held when it was corrected
(`was`), the new value or `skip: true`, a reason and who made it. They are matched to the rows
read here and stored in `raw_correction`; the staging view `stg_status_rows` applies them, so
every check, mart and report sees the corrected rows, with the corrected fields as lineage.
A correction whose cell no longer holds `was` (the division sent a new file) is stale: it is
not applied, and a warning says so; so is one whose sheet, row or column was not read. One of
a file the period does not have is listed as not found in the report and the workbook only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from analysis import yamlfile
from analysis.config import ConfigError
from analysis.mapping import match_key, split_themes, visible
from analysis.problems import Problem, coded
from analysis.sources.status import SheetRows, Workbook

CORRECTIONS_FILE = "corrections.yml"
_CELL = re.compile(r"^([A-Z]{1,3})([1-9][0-9]*)$")
KEYED = {"division": "division_key", "status": "status_key"}
COLUMNS = [
    "period",
    "source_file",
    "sheet",
    "row_number",
    "cell",
    "field",
    "action",
    "found_value",
    "was_value",
    "new_value",
    "new_key",
    "new_theme_keys",
    "reason",
    "corrected_by",
    "config_file",
    "entry",
    "state",
]


@dataclass(frozen=True)
class Correction:
    """One entry of corrections.yml."""

    entry: int  # 1-based, as named in messages
    period: str
    file: str
    sheet: str
    row: int
    column: str | None  # the cell's column letters; None for a whole row
    value: str | None  # the new text; None with skip
    skip: bool
    was: str | None
    reason: str
    by: str

    @property
    def cell(self) -> str:
        return f"{self.column}{self.row}" if self.column else f"{self.row}:{self.row}"


def _text(item: dict, name: str, where: str, required: bool = True) -> str | None:
    value = item.get(name)
    if value is None or str(value).strip() == "":
        if required:
            raise ConfigError(f"{where}: '{name}' is missing")
        return None
    if isinstance(value, bool | dict | list):
        raise ConfigError(f"{where}: '{name}' must be a text (put it in quotes)")
    return str(value).strip()


def _correction(path: Path, index: int, item: object) -> Correction:
    where = f"{path}: correction {index + 1}"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a mapping with period, file, sheet, cell, ...")
    unknown = set(item) - {
        "period", "file", "sheet", "cell", "row", "value", "skip", "was", "reason", "by"
    }  # fmt: skip
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    cell, row = _text(item, "cell", where, False), item.get("row")
    skip = item.get("skip", False) is True
    if (cell is None) == (row is None):
        raise ConfigError(f"{where}: give either 'cell' (e.g. F12) or 'row' (e.g. 12)")
    if cell is not None:
        match = _CELL.match(cell.upper())
        if not match:
            raise ConfigError(f"{where}: cell '{cell}' is not a cell such as F12")
        column, number = match.group(1), int(match.group(2))
    else:
        if not isinstance(row, int) or isinstance(row, bool) or row < 1:
            raise ConfigError(f"{where}: row '{row}' is not a row number such as 12")
        column, number = None, row
    value = item.get("value")
    if skip == ("value" in item):
        raise ConfigError(f"{where}: give either 'value' (the new text) or 'skip: true'")
    if column is None and not skip:
        raise ConfigError(f"{where}: a new value needs a 'cell'; a 'row' can only be skipped")
    if column is not None and "was" not in item:
        raise ConfigError(f"{where}: 'was' is missing (the cell's text; \"\" for an empty cell)")
    was = _text(item, "was", where, required=False)
    if was is None and column is not None:
        was = ""  # the cell was empty
    return Correction(
        entry=index + 1,
        period=_text(item, "period", where),
        file=_text(item, "file", where),
        sheet=_text(item, "sheet", where),
        row=number,
        column=column,
        value=None if skip or value is None else str(value).strip(),
        skip=skip,
        was=was,
        reason=_text(item, "reason", where),
        by=_text(item, "by", where),
    )


def load_corrections(config_dir: str | Path) -> tuple[Path, list[Correction]]:
    """The corrections of config/corrections.yml (none when the file is not there)."""
    path = Path(config_dir) / CORRECTIONS_FILE
    if not path.is_file():
        return path, []
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("corrections") or [], list):
        raise ConfigError(f"{path}: expected `corrections:` with a list of corrections")
    return path, [_correction(path, i, c) for i, c in enumerate(data.get("corrections") or [])]


def _same(found: str | None, was: str | None) -> bool:
    return visible(found or "").strip() == visible(was or "").strip()


def _sheet(books: Iterable[Workbook], correction: Correction) -> SheetRows | None:
    for book in books:
        if book.source_file == correction.file:
            return next((s for s in book.sheets if s.sheet == correction.sheet), None)
    return None


def match_corrections(
    period: str, config_file: Path, corrections: list[Correction], books: list[Workbook]
) -> tuple[pd.DataFrame, list[Problem]]:
    """The period's corrections as `raw_correction` rows, and a warning for each stale one."""
    rows: list[dict] = []
    problems: list[Problem] = []
    for correction in (c for c in corrections if c.period == period):
        sheet = _sheet(books, correction)
        row = None
        if sheet is not None:
            row = next((r for r in sheet.rows if r["row_number"] == correction.row), None)
        letters = {} if sheet is None else {v[0]: k for k, v in sheet.columns.items()}
        field = letters.get(correction.column) if correction.column else "measure_id"
        found = None if row is None or field is None else row.get(field)
        if not any(book.source_file == correction.file for book in books):
            state, code = "missing", None  # listed with the corrections, not as a warning
        elif row is None or field is None:
            state, code = "missing", "correction_target_missing"
        elif correction.was is not None and not _same(found, correction.was):
            state, code = "stale", "correction_stale"
        else:
            state, code = "applied", None
        if code:
            problems.append(
                coded(
                    correction.file,
                    correction.sheet,
                    correction.cell,
                    code,
                    severity="warning",
                    value=found,
                    detail=correction.was,
                    entry=correction.entry,
                    config=config_file.name,
                )
            )
        new = correction.value
        rows.append(
            {
                "period": period,
                "source_file": correction.file,
                "sheet": correction.sheet,
                "row_number": correction.row,
                "cell": correction.cell,
                "field": field,
                "action": "skip_row" if correction.skip else "set",
                "found_value": found,
                "was_value": correction.was,
                "new_value": new,
                "new_key": match_key(new) if field in KEYED else None,
                "new_theme_keys": split_themes(new) if field == "themes" else None,
                "reason": correction.reason,
                "corrected_by": correction.by,
                "config_file": config_file.name,
                "entry": correction.entry,
                "state": state,
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"new_theme_keys": object})
    return frame, problems
