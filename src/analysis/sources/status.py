"""Read status workbooks: find the header row, map Finnish or English headers, keep lineage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa
import python_calamine

from analysis.config import Reference
from analysis.mapping import match_key, split_themes
from analysis.problems import Problem, coded
from analysis.sources import layout
from analysis.sources.cells import cell_text, column_letter, column_texts, file_sha256
from analysis.sources.layout import HEADER_SCAN_ROWS, Field, Layout
from analysis.sources.shared_reading import read_shared
from analysis.sources.table import IdFormats, measure_indices, number_formats, shown_ids
from analysis.sources.workbooks import (
    InputWorkbook,
    Parsed,
    open_workbook,
    parse_sheets,
    read_ahead,
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


# The raw_status columns that are not text: the reader's row numbers and theme keys, and the
# ingest's loaded_at; every field of the sheet is text.
ARROW_TYPES = {
    "row_number": pa.int32(),
    "loaded_at": pa.timestamp("us"),
    "theme_keys": pa.list_(pa.string()),
}


@dataclass
class SheetRows:
    """The measure rows of one sheet as an Arrow table, every value as text, with where each
    field was found. Beside the sheet's fields, `data` has row_number, division_from,
    division_key, status_key and theme_keys (the raw_status columns the reader derives).

    A table, not Python objects: it becomes raw_status without conversion, and it passes
    between processes as buffers (sources/shared_reading.py)."""

    sheet: str
    header_row: int
    columns: dict[str, tuple[str, str]]  # field -> (column letter, header text)
    data: pa.Table

    @property
    def count(self) -> int:
        """How many measure rows were read."""
        return self.data.num_rows

    @property
    def rows(self) -> list[dict[str, object]]:
        """The measure rows, one dict each (for lookups; the ingest reads `data`)."""
        return self.data.to_pylist()


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
        return sum(sheet.count for sheet in self.sheets)


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
    match = layout.find_header(rows, (STATUS_LAYOUT,))
    if match is None:
        return None, []
    header_index, found = match.row_index, match.columns
    header_row = header_index + 1
    problems: list[Problem] = []
    sheet_key = sheet_division_key(sheet, reference)
    sheet_is_division = sheet_key in reference.lookup("division")
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
    columns = {name: (column_letter(col), match.texts[name]) for name, col in found.items()}
    body = rows[header_index + 1 :]
    first = header_row + 1  # the Excel row of body[0]
    data = {name: column_texts(body, col) for name, col in found.items()}
    for number, shown in shown_ids(rows, header_index, found["measure_id"], formats).items():
        data["measure_id"][number - first] = shown
    keep = measure_indices((source_file, sheet), body, data, match, first, problems)
    if len(keep) < len(body):
        data = {name: [values[i] for i in keep] for name, values in data.items()}
    data["row_number"] = [first + i for i in keep]
    divisions = data.get("division") or [None] * len(keep)
    data["division_from"] = ["column" if d else "sheet" for d in divisions]
    data["division_key"] = [match_key(d) if d else sheet_key for d in divisions]
    data["division"] = [d or sheet for d in divisions]
    data["status_key"] = [match_key(s) for s in data["status"]]
    data["theme_keys"] = [split_themes(t) for t in data.get("themes") or [None] * len(keep)]
    types = {name: ARROW_TYPES.get(name, pa.string()) for name in data}
    table = pa.table({name: pa.array(values, types[name]) for name, values in data.items()})
    return SheetRows(sheet=sheet, header_row=header_row, columns=columns, data=table), problems


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
    return _read_opened(_open(path, source_file), reference)


@dataclass
class _Opened:
    """A status workbook opened, hashed and its visible sheets parsed, not yet read."""

    book: Workbook
    opened: InputWorkbook
    workbook: python_calamine.CalamineWorkbook | None  # None when it cannot be opened
    parsed: dict[str, Parsed]


def _open(path: Path, source_file: str) -> _Opened:
    """The part of reading a workbook that can run in a thread ahead (no shared state)."""
    book = Workbook(path, source_file, file_sha256(path), path.stat().st_size)
    opened = InputWorkbook(path, source_file, "status", book.problems)
    workbook = open_workbook(opened)
    book.saved_at = opened.saved_at
    parsed = {} if workbook is None else parse_sheets(workbook, visible_sheets(workbook))
    return _Opened(book, opened, workbook, parsed)


def _read_opened(found: _Opened, reference: Reference) -> Workbook:
    book, opened, workbook = found.book, found.opened, found.workbook
    if workbook is None:
        return book
    with_content: list[str] = []  # visible sheets with at least one filled cell
    try:
        for name, parsed in found.parsed.items():
            rows = sheet_values(opened, workbook, name, parsed)
            if rows is None:
                continue
            if any(cell_text(value) for row in rows for value in row):
                with_content.append(name)
            formats = partial(number_formats, book.path, name) if opened.zipped else None
            sheet, problems = _sheet_rows(book.source_file, name, rows, reference, formats)
            book.problems.extend(problems)
            if sheet is None:
                continue
            book.sheets.append(sheet)
            if not sheet.count:
                book.problems.append(
                    Problem(
                        book.source_file,
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
                    book.source_file,
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


def read_status_folder(folder: Path, period_dir: Path, reference: Reference) -> list[Workbook]:
    """Every status workbook of the folder, in file-name order. Many large ones are read in two
    processes (sources/shared_reading.py); in each, a workbook is opened and parsed in a thread
    ahead while the one before is read (`read_ahead`)."""
    paths = status_files(folder)
    total = sum(path.stat().st_size for path in paths)
    return read_shared(partial(_read_indexed, period_dir, reference), paths, total)


def _read_indexed(
    period_dir: Path, reference: Reference, paths: Sequence[Path], indices: Iterator[int]
) -> Iterator[tuple[int, Workbook]]:
    """(index, workbook) for the given indices of `paths`, in their order."""

    def open_one(index: int) -> tuple[int, _Opened | Workbook]:
        path = paths[index]
        source_file = path.relative_to(period_dir).as_posix()
        shown = undecodable_name(source_file)
        if shown is None:
            return index, _open(path, source_file)
        book = Workbook(path, shown, file_sha256(path), path.stat().st_size)
        book.problems.append(coded(shown, None, None, "file_name_not_utf8", value=shown))
        return index, book

    for index, found in read_ahead(open_one, indices):
        yield index, found if isinstance(found, Workbook) else _read_opened(found, reference)
