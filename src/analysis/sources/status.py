"""Read status workbooks: find the header row, map Finnish or English headers, keep lineage."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from analysis.config import Reference
from analysis.mapping import match_key, split_themes, visible
from analysis.problems import Problem, coded
from analysis.sources import layout
from analysis.sources.layout import HEADER_SCAN_ROWS, Field, Layout
from analysis.sources.table import (
    MEASURE_FIELDS,
    IdFormats,
    number_formats,
    quoted,
    shown_ids,
    skip_reason,
)
from analysis.sources.workbooks import (
    InputWorkbook,
    open_workbook,
    sheet_values,
    undecodable_name,
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
SHEET_NAME_MAX = 31  # Excel's limit of a sheet name
# field -> Swedish header, accepted beside the Finnish and English ones (a bilingual city's
# sheets, and the templates of `seuranta template --lang sv`)
SWEDISH_HEADERS: dict[str, str] = {
    "measure_id": "Kod",
    "goal": "Mål",
    "measure": "Åtgärd",
    "division": "Sektor",
    "themes": "Tema",
    "status": "Läge",
    "progress": "Framsteg %",
    "report": "Rapportering",
    "owner": "Ansvarsperson",
    "planned_end": "Tidtabell",
}
# Free text a division may give in another language too, in an optional column headed by the
# field's header and the language in brackets: `Toimenpide (en)`, `Raportointi (sv)`,
# `Measure (sv)`, `Åtgärd (fi)`. Its field is `<field>@<lang>` (analysis.translations).
TRANSLATABLE = ("goal", "measure", "report")
TRANSLATION_LANGS = ("fi", "sv", "en")
MIN_HEADER_MATCHES = 3  # a row with this many known headers is the header row
STATUS_LAYOUT = Layout(
    "status",
    "status",
    (
        *(
            Field(name, (fi, en, SWEDISH_HEADERS[name]), required)
            for name, (fi, en, required) in FIELDS.items()
        ),
        *(
            Field(
                f"{name}@{lang}",
                tuple(
                    f"{header} ({lang})" for header in (*FIELDS[name][:2], SWEDISH_HEADERS[name])
                ),
            )
            for name in TRANSLATABLE
            for lang in TRANSLATION_LANGS
        ),
    ),
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
    """A cell value as the text a person sees; None for an empty cell.

    Invisible characters pasted from the web (zero-width spaces, BOMs, soft hyphens) are
    dropped: `'Valmis\u200b'` is `Valmis`.
    """
    if value.__class__ is str:  # most cells: text first
        text = value.strip()
        if not text.isascii():
            text = visible(text).strip()
        return text or None
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
    text = visible(str(value)).strip()
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
    """A name for each division's sheet that fits Excel's 31 characters: its Finnish name, or
    else its first alias that fits (else the name cut to 31 characters, which is accepted)."""
    names = []
    for entry in reference.divisions:
        fitting = [n for n in (entry.name_fi, *entry.aliases) if len(n) <= SHEET_NAME_MAX]
        names.append(fitting[0] if fitting else entry.name_fi[:SHEET_NAME_MAX])
    return names


def _sheet_rows(
    source_file: str,
    sheet: str,
    rows: list[list[object]],
    reference: Reference,
    formats: IdFormats | None = None,
) -> tuple[SheetRows | None, list[Problem]]:
    header = find_header(rows)
    if header is None:
        return None, []
    header_index, found = header
    header_row = header_index + 1
    problems: list[Problem] = []
    sheet_is_division = sheet_division_key(sheet, reference) in reference.lookup("division")
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
    ids = shown_ids(rows, header_index, found["measure_id"][0], formats)
    division_key = sheet_division_key(sheet, reference)
    second: tuple[int, int, int] | None = None  # header row, first and last row not read
    for offset, row in enumerate(rows[header_index + 1 :], start=header_row + 1):
        values = {
            name: cell_text(row[col]) if col < len(row) else None
            for name, (col, _) in found.items()
        }
        if offset in ids:
            values["measure_id"] = ids[offset]
        if not any(values.values()):
            note = next(((c, t) for c, v in enumerate(row) if (t := cell_text(v))), None)
            if note:  # text only outside the table's columns
                problems.append(_skipped(source_file, sheet, offset, *note, "note"))
            continue  # empty rows between and after the data
        if second is not None:
            second = (second[0], second[1], offset)
            continue
        if _repeats_header(values):
            repeated = layout.match_header(row, STATUS_LAYOUT, offset - 1)
            if repeated and {n: c for n, (c, _) in found.items()} == repeated.columns:
                problems.append(_skipped(source_file, sheet, offset, 0, "", "repeated_header"))
                continue
            if repeated:
                second = (offset, offset + 1, offset)
                continue
        reason = skip_reason(values)
        if reason:
            col, text = next((c, t) for c, v in enumerate(row) if (t := cell_text(v)))
            problems.append(_skipped(source_file, sheet, offset, col, text, reason))
            continue
        division = values.get("division")
        values["division_from"] = "column" if division else "sheet"
        values["row_number"] = offset
        if division:
            values["division_key"] = match_key(division)
        else:
            values["division"] = sheet
            values["division_key"] = division_key
        values["status_key"] = match_key(values.get("status"))
        values["theme_keys"] = split_themes(values.get("themes"))
        result.rows.append(values)
    if second is not None:
        header_at, first, last = second
        problems.append(
            coded(
                source_file,
                sheet,
                f"{first}:{last}" if last >= first else f"{header_at}:{header_at}",
                "second_table_not_read",
                severity="warning",
                value=f"{first}-{last}" if last >= first else "-",
                detail=header_at,
            )
        )
    return result, problems


HEADER_WORDS = frozenset(
    text.lower() for fi, en, _ in FIELDS.values() for text in (fi, en)
)  # a quick look for a repeated header; layout.match_header then decides


def _repeats_header(values: dict[str, str | None]) -> bool:
    """Whether two of a row's measure cells hold headers (the header of a second table).

    A repeated header has a header word, or nothing, in the Tila column: other rows are
    passed over at the cost of one look.
    """
    status = values.get("status")
    if status is not None and (
        len(status) > 30 or status.rstrip("*: ").lower() not in HEADER_WORDS
    ):
        return False
    words = 0
    for name in MEASURE_FIELDS:
        text = values.get(name)
        if text is not None and len(text) < 30 and text.rstrip("*: ").lower() in HEADER_WORDS:
            words += 1
    return words >= 2


def _skipped(
    source_file: str, sheet: str, row: int, column: int, text: str, reason: str
) -> Problem:
    """The warning of a row under the header that is not read as a measure."""
    if reason == "repeated_header":
        return coded(source_file, sheet, f"{row}:{row}", "repeated_header", severity="warning")
    return coded(
        source_file,
        sheet,
        f"{column_letter(column)}{row}",
        {"note": "row_not_a_measure", "merged": "row_merged_note", "total": "row_total"}[reason],
        severity="warning",
        value=quoted(text),
    )


def sheet_division_key(sheet: str, reference: Reference) -> str | None:
    """The match key of the division a sheet is named after, also in a name cut to 31 characters.

    Excel and LibreOffice allow at most 31 characters in a sheet name and cut longer names, so
    "Kasvatuksen ja oppimisen toimiala" (33) can only be "Kasvatuksen ja oppimisen toimia".
    """
    key = match_key(sheet)
    if key is None or key in reference.lookup("division"):
        return key
    for entry in reference.divisions:
        for spelling in (entry.name_fi, entry.name_en, *entry.aliases):
            if len(spelling) > SHEET_NAME_MAX and match_key(spelling[:SHEET_NAME_MAX]) == key:
                return match_key(spelling)
    return key


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
            formats = partial(number_formats, path, name) if opened.zipped else None
            sheet, problems = _sheet_rows(source_file, name, rows, reference, formats)
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
        source_file = path.relative_to(period_dir).as_posix()
        shown = undecodable_name(source_file)
        if shown is None:
            yield read_workbook(path, source_file, reference)
            continue
        book = Workbook(path, shown, file_sha256(path), path.stat().st_size)
        book.problems.append(coded(shown, None, None, "file_name_not_utf8", value=shown))
        yield book
