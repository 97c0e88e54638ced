"""Open an input workbook with every guard, and read a sheet's cells with merged ranges filled.

The one opener of the status sheets and the funding register: the file is recognised by its
content, not its name; a file far too large, a zip bomb, a text file, a password-protected or
damaged workbook and a sheet far too large are each a located problem, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

import python_calamine

from analysis.problems import Problem, coded

# Guards against files nobody would send: far larger than any status sheet or register.
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # a zip bomb unpacks to far more than it weighs
MAX_SHEET_CELLS = 5_000_000  # rows x columns in use in one sheet
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx
READ_AHEAD = 2  # workbooks opened and parsed ahead of the one being read (read_ahead)

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass
class InputWorkbook:
    """A workbook being opened: where it is, what it holds (for the wording) and its problems."""

    path: Path
    source_file: str  # as named in problems, relative to the period folder
    folder: str  # the folder it belongs in, "status" or "funding" (the problems' wording)
    problems: list[Problem] = field(default_factory=list)
    saved_at: dt.datetime | None = None  # when Excel last saved it (docProps), if recorded
    zipped: bool = False  # an .xlsx (not an .ods): openpyxl can read its cell formats

    def problem(self, code: str, sheet: str | None = None, **params: object) -> None:
        """A file-level (or sheet-level) error, worded from `problem.<code>` of the catalogue."""
        self.problems.append(coded(self.source_file, sheet, None, code, **params))


def undecodable_name(relative: str) -> str | None:
    """A file name that is not valid UTF-8 (as a Windows zip leaves it) as it can be shown,
    with its odd bytes as `\\xe4`; None for a valid name."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(relative).decode("utf-8", "backslashreplace")
    return None


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
_ODS_DATE = re.compile(rb"<dc:date>([^<]+)</dc:date>")  # meta.xml of an OpenDocument file


def _utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.astimezone(dt.UTC).replace(tzinfo=None) if stamp.tzinfo else stamp


def saved_at(archive: zipfile.ZipFile) -> dt.datetime | None:
    """When the workbook was last saved, from its document properties (UTC), if recorded:
    docProps/core.xml of an .xlsx, meta.xml of an .ods."""
    for name, pattern in (("docProps/core.xml", _MODIFIED), ("meta.xml", _ODS_DATE)):
        try:
            match = pattern.search(archive.read(name))
        except (KeyError, zipfile.BadZipFile, OSError):
            continue
        if not match:
            continue
        try:
            text = match.group(1).decode().strip().replace("Z", "+00:00")
            return _utc(dt.datetime.fromisoformat(text))
        except ValueError:
            return None
    return None


def ole_saved_at(path: Path) -> dt.datetime | None:
    """When a legacy .xls was last saved, from its SummaryInformation stream (UTC), if recorded."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            stamp = ole.get_metadata().last_saved_time
    except Exception:  # noqa: BLE001 - a damaged or encrypted container has no usable save time
        return None
    return stamp if isinstance(stamp, dt.datetime) else None


def _container_problem(book: InputWorkbook) -> bool:
    """Check what the file is by its content, not its name; record why it cannot be read."""
    path = book.path
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        book.problem(
            "file_too_large"
            if book.folder == "status"
            else "indicators_file_too_large"
            if book.folder == "indicators"
            else "funding_file_too_large",
            size=f"{size / 1e6:.0f}",
            limit=f"{MAX_FILE_BYTES / 1e6:.0f}",
        )
        return True
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as archive:  # opened once: size guard and saved time
                unpacked = sum(info.file_size for info in archive.infolist())
                book.saved_at = saved_at(archive)
                book.zipped = "xl/workbook.xml" in archive.namelist()
        except zipfile.BadZipFile:
            book.problem("workbook_damaged")
            return True
        if unpacked > MAX_UNPACKED_BYTES:
            book.problem(
                "workbook_unpacks_too_large"
                if book.folder == "status"
                else "indicators_workbook_unpacks_too_large"
                if book.folder == "indicators"
                else "funding_workbook_unpacks_too_large",
                size=f"{unpacked / 1e6:.0f}",
                limit=f"{MAX_UNPACKED_BYTES / 1e6:.0f}",
            )
            return True
        return False
    if head.startswith(OLE2_MAGIC):
        book.saved_at = ole_saved_at(path)
        return False  # legacy .xls (readable) or a password-protected workbook (reported later)
    if _looks_like_text(head):
        book.problem("text_file", value=path.name, folder=book.folder)
        return True
    book.problem("not_a_workbook", value=path.name, folder=book.folder)
    return True


def open_workbook(book: InputWorkbook) -> python_calamine.CalamineWorkbook | None:
    """The workbook opened with calamine, or None with the reason in `book.problems`.

    A zip workbook is opened by its content whatever its name (an .xlsx saved as .xls), a
    legacy or encrypted one by its path, which tells a password apart.
    """
    if _container_problem(book):
        return None
    try:
        with book.path.open("rb") as handle:
            if handle.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
                handle.seek(0)
                return python_calamine.CalamineWorkbook.from_filelike(handle)
        return python_calamine.CalamineWorkbook.from_path(str(book.path))
    except python_calamine.PasswordError:
        book.problem("workbook_password")
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged files
        book.problem("workbook_unreadable", detail=exc)
    return None


def visible_sheets(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    return [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.visible == python_calamine.SheetVisibleEnum.Visible
    ]


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


Parsed = python_calamine.CalamineSheet | Exception  # a sheet's parsed XML, or why it failed


def parse_sheets(workbook: python_calamine.CalamineWorkbook, names: list[str]) -> dict[str, Parsed]:
    """Each named sheet's XML parsed, or the exception that a damaged sheet raised (reported
    by `sheet_values` as if the sheet were parsed there)."""
    parsed: dict[str, Parsed] = {}
    for name in names:
        try:
            parsed[name] = workbook.get_sheet_by_name(name)
        except Exception as exc:  # noqa: BLE001 - reported by sheet_values, as without parsing ahead
            parsed[name] = exc
    return parsed


def read_ahead(
    function: Callable[[Item], Result], items: Iterable[Item], depth: int = READ_AHEAD
) -> Iterator[Result]:
    """`function(item)` for each item in order, computed in one background thread up to `depth`
    items ahead of the caller. The file reads, the hashing and the unzipping of the next files
    (which release the GIL) overlap the reading of the one before; calamine's parsing holds
    the GIL, so the gain is small (about a tenth at city scale). At most `depth` results wait."""
    items = iter(items)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="seuranta-read") as pool:
        pending = deque(pool.submit(function, item) for item in islice(items, depth))
        while pending:
            result = pending.popleft().result()
            pending.extend(pool.submit(function, item) for item in islice(items, 1))
            yield result


def sheet_values(
    book: InputWorkbook,
    workbook: python_calamine.CalamineWorkbook,
    name: str,
    parsed: Parsed | None = None,
) -> list[list[object]] | None:
    """A sheet's cells, merged ranges filled; None with a problem for a huge or damaged sheet.

    `parsed` is the sheet as `parse_sheets` left it, when it was parsed ahead.
    """
    try:
        if isinstance(parsed, Exception):
            raise parsed
        sheet = workbook.get_sheet_by_name(name) if parsed is None else parsed
        end = sheet.end  # 0-based (row, column) of the last cell in use, None for an empty sheet
        height, width = (end[0] + 1, end[1] + 1) if end else (0, 0)
        if height * width > MAX_SHEET_CELLS:
            book.problem(
                "sheet_too_large"
                if book.folder == "status"
                else "indicators_sheet_too_large"
                if book.folder == "indicators"
                else "funding_sheet_too_large",
                name,
                rows=f"{height:,}",
                columns=f"{width:,}",
            )
            return None
        rows = sheet.to_python(skip_empty_area=False)
        fill_merged(rows, sheet.merged_cell_ranges or [])
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for damaged XML
        book.problem("sheet_unreadable", name, detail=exc)
        return None
    return rows
