"""Find the files of a period's funding folder and read each into tables of a known layout."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.problems import Problem, coded
from analysis.sources.cells import cell_text, column_letter, file_sha256
from analysis.sources.funding.delimited import (
    Record,
    Table,
    UnreadableFile,
    UnreadableLine,
    read_delimited,
)
from analysis.sources.funding.values import UndecodableText, decode
from analysis.sources.layout import HEADER_SCAN_ROWS, Layout, find_header, near_misses
from analysis.sources.workbooks import InputWorkbook, open_workbook, sheet_values, visible_sheets

DELIMITED_SUFFIXES = {".csv", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
DOCUMENT_SUFFIXES = {".md", ".txt", ".pdf", ".docx", ".json", ".yml", ".yaml", ".html"}


@dataclass
class FundingFile:
    """One input file of the funding folder and the tables read from it."""

    path: Path
    source_file: str  # relative to the period folder
    sha256: str
    size_bytes: int
    tables: list[Table] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """raw_file.kind: the layouts of its tables, e.g. `funding-register+funding-targets`."""
        kinds = sorted({table.layout.kind for table in self.tables})
        return "+".join(kinds) if kinds else "funding-unrecognised"

    @property
    def data_rows(self) -> int:
        return sum(len(table.records) for table in self.tables)


def funding_files(folder: Path) -> list[Path]:
    """Data files under the funding folder (subfolders too), in path order; documentation,
    hidden files and Excel lock files are left out."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)
        and path.suffix.lower() not in DOCUMENT_SUFFIXES
    )


def _expected(layouts: Sequence[Layout]) -> str:
    return "; ".join(
        f"{layout.description}: {', '.join(f.headers[0] for f in layout.required())}"
        for layout in layouts
    )


def _not_recognised(
    source_file: str,
    sheet: str | None,
    rows: Sequence[Sequence[object]],
    layouts: Sequence[Layout],
    encoding: str | None = None,
) -> Problem:
    """No known layout: the nearest one and its missing columns, or the layouts expected.

    `encoding` is how a text file was read (its problems have their own codes that say it).
    """
    text = {} if encoding is None else {"encoding": encoding}
    misses = near_misses(rows, layouts)
    if misses:
        layout, missing = max(misses, key=lambda m: -len(m[1]))
        return coded(
            source_file,
            sheet,
            None,
            "funding_layout_columns_missing_text" if text else "funding_layout_columns_missing",
            value=layout.description,
            detail=", ".join(f"'{f.label}'" for f in missing),
            rows=HEADER_SCAN_ROWS,
            **text,
        )
    return coded(
        source_file,
        sheet,
        None,
        "funding_no_layout_text" if text else "funding_no_layout",
        rows=HEADER_SCAN_ROWS,
        expected=_expected(layouts),
        **text,
    )


def read_csv_file(path: Path, source_file: str, layouts: Sequence[Layout]) -> FundingFile:
    """Read a delimited file; encoding, delimiter and layout are detected."""
    book = FundingFile(path, source_file, file_sha256(path), path.stat().st_size)
    data = path.read_bytes()
    try:
        book.tables.append(read_delimited(data, layouts))
    except UndecodableText as exc:
        line = None if exc.line is None else f"line {exc.line}"
        book.problems.append(coded(source_file, None, line, exc.code, value=exc.value))
    except UnreadableLine as exc:
        line = f"line {exc.line}"
        book.problems.append(
            coded(source_file, None, line, "funding_line_unreadable", detail=exc.reason)
        )
    except UnreadableFile as exc:
        text, _ = decode(data)
        rows = [line.split(d) for line in text.splitlines()[:HEADER_SCAN_ROWS] for d in ";,\t|"]
        book.problems.append(_not_recognised(source_file, None, rows, layouts, str(exc)))
    return book


def read_workbook_file(path: Path, source_file: str, layouts: Sequence[Layout]) -> FundingFile:
    """Read every visible sheet of a workbook that has the header of a known layout."""
    book = FundingFile(path, source_file, file_sha256(path), path.stat().st_size)
    opened = InputWorkbook(path, source_file, "funding", book.problems)
    workbook = open_workbook(opened)
    if workbook is None:
        return book
    skipped: list[Problem] = []
    for name in visible_sheets(workbook):
        rows = sheet_values(opened, workbook, name)
        if rows is None:
            continue
        texts = [[cell_text(value) for value in row] for row in rows]
        match = find_header(texts, layouts)
        if match is None:
            skipped.append(_not_recognised(source_file, name, texts, layouts))
            continue
        header = texts[match.row_index]
        width = max(match.columns.values()) + 1
        width = max(width, len(header))
        table = Table(
            match,
            match.row_index + 1,
            [text or "" for text in header],
            sheet=name,
            letters=[column_letter(i) for i in range(width)],
        )
        for number, row in enumerate(texts[match.row_index + 1 :], start=match.row_index + 2):
            values = [*row, *([None] * (width - len(row)))][:width]
            if any(values):
                table.records.append(Record(number, values))
        book.tables.append(table)
    workbook.close()
    if not book.tables:
        # a sheet that looks like a funding table but lacks a column is the likely intent
        nearest = [p for p in skipped if p.code == "funding_layout_columns_missing"]
        book.problems.extend(nearest or skipped[:1])
    return book


def read_funding_file(
    path: Path, source_file: str, layouts: Sequence[Layout]
) -> FundingFile | Problem:
    """Read one file of the funding folder, or say why it is not read."""
    suffix = path.suffix.lower()
    if suffix in DELIMITED_SUFFIXES:
        return read_csv_file(path, source_file, layouts)
    if suffix in WORKBOOK_SUFFIXES:
        return read_workbook_file(path, source_file, layouts)
    if suffix == ".xls":
        return coded(source_file, None, None, "funding_old_excel")
    return coded(
        source_file, None, None, "funding_not_a_table", severity="warning", value=path.name
    )
