"""Read status workbooks: find the header row, map Finnish or English headers, keep lineage."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from analysis.config import Reference
from analysis.mapping import match_key, split_themes
from analysis.problems import Problem, coded
from analysis.sources import layout
from analysis.sources.layout import HEADER_SCAN_ROWS, Field, Layout
from analysis.sources.workbooks import (
    InputWorkbook,
    open_workbook,
    sheet_values,
    visible_sheets,
)

# field -> (Finnish header, English header, required). The data contract of PRODUCT.md.
FIELDS: dict[str, tuple[str, str, bool]] = {
    "measure_id": ("Tunnus", "ID", True),
    "goal": ("Tavoite", "Goal", True),
    "measure": ("Toimenpide", "Measure", True),
    "division": ("Toimiala", "Division", False),  # required unless the sheet name is a division
    "themes": ("Teema", "Theme", False),
    "status": ("Tila", "Status", True),
    "progress": ("Edistyminen %", "Progress %", False),
    "report": ("Raportointi", "Report", False),
    "owner": ("Vastuuhenkilö", "Owner", False),
    "planned_end": ("Aikataulu", "Planned end", False),  # a date: when the measure should be done
}
MIN_HEADER_MATCHES = 3  # a row with this many known headers is the header row
STATUS_LAYOUT = Layout(
    "status",
    "status",
    tuple(Field(name, (fi, en), required) for name, (fi, en, required) in FIELDS.items()),
    description="status sheet",
    min_matches=MIN_HEADER_MATCHES,
)


@dataclass
class SheetRows:
    """The data rows of one sheet, every value as text, with where each field was found."""

    sheet: str
    header_row: int
    columns: dict[str, tuple[str, str]]  # field -> (column letter, header text)
    rows: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Workbook:
    """What was read from one status workbook."""

    path: Path
    source_file: str
    sha256: str
    size_bytes: int
    sheets: list[SheetRows] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    saved_at: dt.datetime | None = None  # when Excel last saved it (docProps), if recorded

    @property
    def data_rows(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def column_letter(index: int) -> str:
    """0-based column index -> Excel column letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: object) -> str | None:
    """A cell value as the text a person sees; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_headers(required_only: bool = False) -> str:
    return ", ".join(
        f"{fi} / {en}" for fi, en, required in FIELDS.values() if required or not required_only
    )


def find_header(rows: list[list[object]]) -> tuple[int, dict[str, tuple[int, str]]] | None:
    """Index of the header row and field -> (column index, header text), or None."""
    match = layout.find_header(rows, (STATUS_LAYOUT,))
    if match is None:
        return None
    return match.row_index, {n: (c, match.texts[n]) for n, c in match.columns.items()}


def sheet_names(reference: Reference) -> list[str]:
    """The names a sheet may have to name its division (Finnish names and aliases)."""
    return reference.accepted("division", "fi")


def _sheet_rows(
    source_file: str, sheet: str, rows: list[list[object]], reference: Reference
) -> tuple[SheetRows | None, list[Problem]]:
    header = find_header(rows)
    if header is None:
        return None, []
    header_index, found = header
    header_row = header_index + 1
    problems: list[Problem] = []
    sheet_is_division = match_key(sheet) in reference.lookup("division")
    missing = [
        name
        for name, (_, _, required) in FIELDS.items()
        if name not in found and (required or (name == "division" and not sheet_is_division))
    ]
    for name in missing:
        fi, en, _ = FIELDS[name]
        params = {"fi": fi, "en": en, "row": header_row, "expected": expected_headers()}
        if name == "division":
            params["division_names"] = ", ".join(sheet_names(reference))
        problems.append(
            coded(
                source_file,
                sheet,
                f"{header_row}:{header_row}",
                "missing_column_division" if name == "division" else "missing_column",
                **params,
            )
        )
    if problems:
        return None, problems
    columns = {name: (column_letter(col), text) for name, (col, text) in found.items()}
    result = SheetRows(sheet=sheet, header_row=header_row, columns=columns)
    for offset, row in enumerate(rows[header_index + 1 :], start=header_row + 1):
        values = {
            name: cell_text(row[col]) if col < len(row) else None
            for name, (col, _) in found.items()
        }
        if not any(values.values()):
            continue  # empty rows between and after the data
        division = values.get("division")
        values["division_from"] = "column" if division else "sheet"
        if not division:
            values["division"] = sheet
        values["row_number"] = offset
        values["division_key"] = match_key(values["division"])
        values["status_key"] = match_key(values.get("status"))
        values["theme_keys"] = split_themes(values.get("themes"))
        result.rows.append(values)
    return result, problems


def read_workbook(path: Path, source_file: str, reference: Reference) -> Workbook:
    """Read every visible sheet of a status workbook that has a recognisable header row.

    The file is recognised by its content, whatever its name: an .xlsx, or a legacy .xls,
    is read; a CSV, a password-protected, damaged or absurdly large file is a located problem.
    """
    book = Workbook(path, source_file, file_sha256(path), path.stat().st_size)
    opened = InputWorkbook(path, source_file, "status", book.problems)
    workbook = open_workbook(opened)
    book.saved_at = opened.saved_at
    if workbook is None:
        return book
    visible = visible_sheets(workbook)
    with_content: list[str] = []  # visible sheets with at least one filled cell
    try:
        for name in visible:
            rows = sheet_values(opened, workbook, name)
            if rows is None:
                continue
            if any(cell_text(value) for row in rows for value in row):
                with_content.append(name)
            sheet, problems = _sheet_rows(source_file, name, rows, reference)
            book.problems.extend(problems)
            if sheet is None:
                continue
            book.sheets.append(sheet)
            if not sheet.rows:
                book.problems.append(
                    Problem(
                        source_file,
                        name,
                        f"{sheet.header_row}:{sheet.header_row}",
                        "the sheet has a header row but no measures below it.",
                        "fill in the measures, or delete the sheet if it is not used.",
                        "warning",
                        code="sheet_without_measures",
                    )
                )
    except Exception as exc:  # noqa: BLE001 - a damaged sheet must not end the whole check
        opened.problem("sheet_unreadable", detail=exc)
    finally:
        workbook.close()
    if not book.sheets and not book.problems:
        if with_content:
            opened.problem(
                "no_status_header",
                rows=HEADER_SCAN_ROWS,
                sheets=", ".join(with_content),
                expected=expected_headers(required_only=True),
            )
        else:
            book.problems.append(
                Problem(
                    source_file,
                    None,
                    None,
                    "the workbook is empty: no measures are read from it.",
                    "ask the division for its filled-in sheet.",
                    "warning",
                    code="empty_workbook",
                )
            )
    return book


def status_files(folder: Path) -> list[Path]:
    """Input files of a status folder, skipping Excel lock files and hidden files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(("~$", ".")))


def read_status_folder(folder: Path, period_dir: Path, reference: Reference) -> Iterable[Workbook]:
    for path in status_files(folder):
        yield read_workbook(path, path.relative_to(period_dir).as_posix(), reference)
