"""Read status workbooks: find the header row, map Finnish or English headers, keep lineage."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from analysis.config import Reference
from analysis.mapping import header_key, match_key, split_themes
from analysis.problems import Problem, Severity

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
HEADER_KEYS: dict[str, str] = {
    key: name for name, (fi, en, _) in FIELDS.items() for key in (header_key(fi), header_key(en))
}
HEADER_SCAN_ROWS = 30  # title rows above the header are normal; the header is within these
MIN_HEADER_MATCHES = 3  # a row with this many known headers is the header row


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
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        found: dict[str, tuple[int, str]] = {}
        for col, value in enumerate(row):
            name = HEADER_KEYS.get(header_key(value) or "")
            if name and name not in found:
                found[name] = (col, str(value).strip())
        if len(found) >= MIN_HEADER_MATCHES:
            return index, found
    return None


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
        fix = f"add a column headed '{fi}' (or '{en}') to row {header_row}"
        if name == "division":
            fix += " or name the sheet after a division: " + ", ".join(
                reference.accepted("division", "fi")
            )
        problems.append(
            Problem(
                source_file,
                sheet,
                f"{header_row}:{header_row}",
                f"required column '{fi}' / '{en}' not found in the header row {header_row}.",
                fix + f". Expected headers: {expected_headers()}.",
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


# Guards against files no division would send: far larger than any status sheet.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # a zip bomb unpacks to far more than it weighs
MAX_SHEET_CELLS = 5_000_000  # rows x columns in use in one sheet
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx
SAVE_AS_XLSX = "open it in Excel and save it as 'Excel Workbook (*.xlsx)'."


def _file_problem(
    book: Workbook, message: str, fix: str, severity: Severity = "error", code: str | None = None
) -> None:
    book.problems.append(Problem(book.source_file, None, None, message, fix, severity, code))


def _looks_like_text(head: bytes) -> bool:
    """Whether a file's first bytes are text (CSV, TSV, HTML), not a binary workbook."""
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


def saved_at(archive: zipfile.ZipFile) -> dt.datetime | None:
    """When the workbook was last saved, from its document properties (UTC), if recorded."""
    try:
        core = archive.read("docProps/core.xml")
    except (KeyError, zipfile.BadZipFile):
        return None
    match = _MODIFIED.search(core)
    if not match:
        return None
    try:
        stamp = dt.datetime.fromisoformat(match.group(1).decode().strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.astimezone(dt.UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


def _container_problem(book: Workbook) -> bool:
    """Check what the file is by its content, not its name; record why it cannot be read."""
    path = book.path
    if book.size_bytes > MAX_FILE_BYTES:
        _file_problem(
            book,
            f"the file is {book.size_bytes / 1e6:.0f} MB; a status sheet is normally well "
            f"under 1 MB (limit {MAX_FILE_BYTES / 1e6:.0f} MB).",
            "check that this is the right file; remove pictures and unused sheets.",
        )
        return True
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:  # opened once: size guard and saved time
                unpacked = sum(info.file_size for info in archive.infolist())
                book.saved_at = saved_at(archive)
        except zipfile.BadZipFile:
            _file_problem(
                book,
                "the workbook is damaged (its zip container cannot be opened).",
                SAVE_AS_XLSX + " If Excel cannot open it, ask for the file again.",
            )
            return True
        if unpacked > MAX_UNPACKED_BYTES:
            _file_problem(
                book,
                f"the workbook unpacks to {unpacked / 1e6:.0f} MB "
                f"(limit {MAX_UNPACKED_BYTES / 1e6:.0f} MB).",
                "check that this is the right file; a status sheet unpacks to a few MB.",
            )
            return True
        return False
    if head.startswith(OLE2_MAGIC):
        return False  # legacy .xls (readable) or a password-protected workbook (reported later)
    if _looks_like_text(head):
        _file_problem(
            book,
            f"'{path.name}' is a text file (for example CSV), not an Excel workbook.",
            "open it in Excel and save it as 'Excel Workbook (*.xlsx)', or remove it "
            "from the status folder.",
        )
        return True
    _file_problem(
        book,
        f"'{path.name}' is not an Excel workbook.",
        SAVE_AS_XLSX + " Only .xlsx workbooks belong in the status folder.",
    )
    return True


def _open(book: Workbook) -> python_calamine.CalamineWorkbook | None:
    """Open with calamine: a zip workbook by its content whatever its name (an .xlsx saved as
    .xls), a legacy or encrypted one by its path, which tells a password apart."""
    try:
        with book.path.open("rb") as handle:
            if handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
                handle.seek(0)
                return python_calamine.CalamineWorkbook.from_filelike(handle)
        return python_calamine.CalamineWorkbook.from_path(str(book.path))
    except python_calamine.PasswordError:
        _file_problem(
            book,
            "the workbook is password-protected, so it cannot be read.",
            "open it in Excel, remove the password (File > Info > Protect Workbook > "
            "Encrypt with Password, clear it) and save it.",
        )
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        _file_problem(
            book,
            f"the file cannot be read as an Excel workbook ({exc}).",
            SAVE_AS_XLSX + " If Excel cannot open it, ask for the file again.",
        )
    return None


def fill_merged(
    rows: list[list[object]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    """Give every cell of a merged range the value of its top-left cell, as Excel shows it."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value


def _sheet_values(
    book: Workbook, workbook: python_calamine.CalamineWorkbook, name: str
) -> list[list[object]] | None:
    sheet = workbook.get_sheet_by_name(name)
    end = sheet.end  # 0-based (row, column) of the last cell in use, None for an empty sheet
    height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
    if height * width > MAX_SHEET_CELLS:
        book.problems.append(
            Problem(
                book.source_file,
                name,
                None,
                f"the sheet uses {height:,} rows x {width:,} columns, far more than a status "
                "table.",
                "delete the rows below and the columns right of the table (select them, "
                "Delete), then save.",
            )
        )
        return None
    rows = sheet.to_python(skip_empty_area=False)
    fill_merged(rows, sheet.merged_cell_ranges or [])
    return rows


def read_workbook(path: Path, source_file: str, reference: Reference) -> Workbook:
    """Read every visible sheet of a status workbook that has a recognisable header row.

    The file is recognised by its content, whatever its name: an .xlsx, or a legacy .xls,
    is read; a CSV, a password-protected, damaged or absurdly large file is a located problem.
    """
    book = Workbook(path, source_file, file_sha256(path), path.stat().st_size)
    if _container_problem(book):
        return book
    workbook = _open(book)
    if workbook is None:
        return book
    visible = [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.visible == python_calamine.SheetVisibleEnum.Visible
    ]
    with_content: list[str] = []  # visible sheets with at least one filled cell
    try:
        for name in visible:
            rows = _sheet_values(book, workbook, name)
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
        _file_problem(
            book,
            f"a sheet cannot be read ({exc}).",
            SAVE_AS_XLSX + " If Excel cannot open it, ask for the file again.",
        )
    finally:
        workbook.close()
    if not book.sheets and not book.problems:
        if with_content:
            _file_problem(
                book,
                "no sheet has a header row with the status table's columns "
                f"(looked in the first {HEADER_SCAN_ROWS} rows of: {', '.join(with_content)}).",
                f"add a header row with at least: {expected_headers(required_only=True)}.",
            )
        else:
            _file_problem(
                book,
                "the workbook is empty: no measures are read from it.",
                "ask the division for its filled-in sheet.",
                "warning",
                code="empty_workbook",
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
