"""Read delimited text files: detect encoding, delimiter and layout; repair or skip broken rows.

A record keeps the line number where it starts (a quoted field may span lines). In an
unquoted layout (the EURA lists) a comma inside a name splits it into more fields than the
header has; `align` puts such a row back together by the documented rule, or reports that it
cannot, and the row is then skipped and counted, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from analysis.sources.funding.values import decode
from analysis.sources.layout import HEADER_SCAN_ROWS, HeaderMatch, Layout, find_header

DELIMITERS: tuple[str, ...] = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab", "|": "'|'"}
MAX_ALIGNMENTS = 64  # enough to tell one from several; more are not enumerated
# The longest field read, in characters: the csv module's default limit, checked here too,
# because the module's limit is process-wide and other libraries raise it.
FIELD_LIMIT = 131_072


@dataclass
class Record:
    """One data row of a table: where it starts, its values, and any repair made to it."""

    number: int  # CSV line (1-based) where the record starts, or Excel row
    values: list[str | None]
    raw_line: str | None = None
    status: str = "ok"  # ok, repaired, skipped
    repair: str | None = None


@dataclass
class Table:
    """A table read from a CSV file or a sheet: its layout, header and records."""

    header: HeaderMatch
    header_row: int  # 1-based line or row of the header
    header_cells: list[str]
    records: list[Record] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None  # the sheet of a workbook; None for a CSV file
    letters: list[str] | None = None  # Excel column letters, for a sheet

    @property
    def layout(self) -> Layout:
        return self.header.layout


class UnreadableFile(ValueError):
    """A delimited file whose layout cannot be recognised."""


class UnreadableLine(ValueError):
    """A line that the CSV reader cannot split (e.g. a field beyond its size limit)."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line} cannot be read ({reason})")
        self.line, self.reason = line, reason


def _split_lines(text: str, delimiter: str, quoted: bool) -> Iterator[tuple[int, list[str], str]]:
    """(start line, fields, raw text) of each record; blank lines are skipped. Raises
    UnreadableLine for a record the reader cannot split or with a field over FIELD_LIMIT."""
    for start, fields, raw in _records(text, delimiter, quoted):
        if fields and max(map(len, fields)) > FIELD_LIMIT:
            raise UnreadableLine(start, f"field larger than field limit ({FIELD_LIMIT})")
        yield start, fields, raw


def _records(text: str, delimiter: str, quoted: bool) -> Iterator[tuple[int, list[str], str]]:
    if quoted:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        previous_end = 0
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. "field larger than field limit (131072)"
                raise UnreadableLine(reader.line_num, str(exc)) from exc
            start = previous_end + 1
            previous_end = reader.line_num
            if any(map(str.strip, fields)):
                yield start, fields, ""
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line.split(delimiter), line


def _trim_line_end(fields: list[str], header_length: int) -> list[str]:
    """Drop the export artefacts of the EURA 2014 list: a final `;` and empty extra fields."""
    if fields and fields[-1].endswith(";"):
        fields = [*fields[:-1], fields[-1][:-1]]
    while len(fields) > header_length and not fields[-1].strip():
        fields = fields[:-1]
    return fields


def align(fields: Sequence[str], shapes: Sequence[re.Pattern[str] | None]) -> list[list[str]]:
    """Every way to put `fields` into the columns described by `shapes`.

    A column with a shape takes exactly one field that has that shape; a text column (None)
    takes one or more consecutive fields, joined back with the comma that split them.
    """
    results: list[list[str]] = []

    def walk(index: int, column: int, taken: list[str]) -> None:
        if len(results) >= MAX_ALIGNMENTS:
            return
        if column == len(shapes):
            if index == len(fields):
                results.append(list(taken))
            return
        shape = shapes[column]
        left_for_rest = len(shapes) - column - 1
        if shape is not None:
            if index < len(fields) and shape.match(fields[index].strip()):
                walk(index + 1, column + 1, [*taken, fields[index]])
            return
        for end in range(index + 1, len(fields) - left_for_rest + 1):
            walk(end, column + 1, [*taken, ",".join(fields[index:end])])

    walk(0, 0, [])
    return results


def _joins_after_space(aligned: Sequence[str]) -> bool:
    """True if every comma put back into a text field is followed by a space (`a, b`)."""
    return all(part.startswith(" ") for value in aligned for part in value.split(",")[1:])


def repair(
    fields: Sequence[str], shapes: Sequence[re.Pattern[str] | None], header_cells: Sequence[str]
) -> list[str] | str:
    """The values of a row with more fields than columns, put back into the columns, or the
    reason why that cannot be done.

    Rule: the row is aligned with the columns so that every column with a shape (code, fund,
    number, date, amount) gets one value of that shape and the commas go back into the text
    columns. If exactly one alignment fits, it is used. If several fit, the one where every
    comma put back is followed by a space (as in `elinkeino-, liikenne-`) is used when it is
    the only such one. Otherwise the row cannot be repaired.
    """
    width = len(shapes)
    candidates = align(fields, shapes)
    if len(candidates) > 1:
        candidates = [c for c in candidates if _joins_after_space(c)]
        if len(candidates) != 1:
            return (
                f"{len(fields)} fields for {width} columns; the extra commas could belong to "
                "more than one text column"
            )
    if not candidates:
        return f"{len(fields)} fields for {width} columns; no column order fits the values"
    return candidates[0]


def read_delimited(data: bytes, layouts: Sequence[Layout]) -> Table:
    """Decode `data`, find the delimiter and header that make a known layout, read the records."""
    text, encoding = decode(data)
    best: tuple[tuple[int, int], str, HeaderMatch, list[list[str]]] | None = None
    for delimiter in DELIMITERS:
        head = [
            fields
            for _, fields, _ in _first(_split_lines(text, delimiter, quoted=True), HEADER_SCAN_ROWS)
        ]
        match = find_header(head, layouts)
        if match and (best is None or match.score > best[0]):
            best = (match.score, delimiter, match, head)
    if best is None:
        raise UnreadableFile(encoding)
    _, delimiter, match, head = best
    header_cells = [cell.strip().strip('"').rstrip(";").strip() for cell in head[match.row_index]]
    records = list(_split_lines(text, delimiter, quoted=match.layout.quoted))
    header_line = records[match.row_index][0]
    table = Table(match, header_line, header_cells, encoding=encoding, delimiter=delimiter)
    for number, fields, raw in records[match.row_index + 1 :]:
        table.records.append(_record(number, fields, raw, match, header_cells))
    return table


def _first(items: Iterator[tuple[int, list[str], str]], n: int) -> list[tuple[int, list[str], str]]:
    result = []
    for item in items:
        result.append(item)
        if len(result) >= n:
            break
    return result


def _record(
    number: int, fields: list[str], raw: str, header: HeaderMatch, header_cells: list[str]
) -> Record:
    layout, width = header.layout, len(header_cells)
    if not layout.quoted:
        fields = _trim_line_end(fields, width)
    if len(fields) == width:
        return Record(number, list(fields))
    if len(fields) > width and not layout.quoted:
        by_index = {index: name for name, index in header.columns.items()}
        shapes = [layout.field(by_index[i]).shape if i in by_index else None for i in range(width)]
        repaired = repair(fields, shapes, header_cells)
        if isinstance(repaired, list):
            joined = [header_cells[i] for i, value in enumerate(repaired) if "," in value]
            note = (
                f"{len(fields)} fields for {width} columns; the commas were kept inside "
                + ", ".join(f"'{name}'" for name in joined)
            )
            return Record(number, repaired, raw_line=raw, status="repaired", repair=note)
        return Record(number, [None] * width, raw_line=raw, status="skipped", repair=repaired)
    if len(fields) < width:
        reason = f"{len(fields)} fields for {width} columns; values are missing"
    else:
        reason = (
            f"{len(fields)} fields for {width} columns; a value that contains the delimiter "
            "is probably not quoted"
        )
    return Record(
        number,
        [None] * width,
        raw_line=raw or header_delimiter_join(fields),
        status="skipped",
        repair=reason,
    )


def header_delimiter_join(fields: Sequence[str]) -> str:
    """A stand-in for the raw text of a quoted record: its fields, `|`-separated."""
    return " | ".join(fields)
