"""Where a status table ends: which rows under the header are measures, and ids as shown.

The rule (docs/assumptions.md, "Where a status table ends"): a row under the header is a
measure when at least two of its Tunnus, Tavoite, Toimenpide and Tila cells are filled, its
filled cells do not all hold one text (a note merged across the table) and its first filled
cell is not a totals label ("Yhteensä", "Total"). A row that repeats the header starts a
second table: its rows are read when its columns are the first table's, and are listed as not
read otherwise. Every other row with text (notes, sources, dates, totals, titles) is skipped
with a warning naming its cell and text; empty rows, formatted or not, are skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from analysis.problems import Problem, coded
from analysis.sources.cells import cell_text, column_letter
from analysis.sources.layout import HeaderMatch, Layout, match_header

IdFormats = Callable[[int], dict[int, str]]  # column -> Excel row -> number format
MEASURE_FIELDS = ("measure_id", "goal", "measure", "status")
MIN_MEASURE_FIELDS = 2
TOTAL_LABELS = frozenset(
    {"yhteensä", "yht", "kaikki yhteensä", "summa", "total", "totals", "sum", "totalt"}
)
TOTAL_LENGTH = max(map(len, TOTAL_LABELS))
NOTE_CHARS = 80  # a skipped row's text is quoted up to this many characters


def skip_reason(values: Mapping[str, str | None]) -> str | None:
    """Why a row with text in the table's columns is not a measure, or None if it is one."""
    get = values.get
    filled = [
        text for text in (get("measure_id"), get("goal"), get("measure"), get("status")) if text
    ]
    if len(filled) < MIN_MEASURE_FIELDS:
        return "note"
    first = filled[0]
    if first == filled[1] and len(set(filter(None, values.values()))) == 1:
        return "merged"
    if is_total(first):
        return "total"
    return None


def is_total(text: str) -> bool:
    """Whether a row's first filled cell is a totals label ("Yhteensä:", "Total")."""
    return len(text) <= TOTAL_LENGTH and text.rstrip(":. ").lower() in TOTAL_LABELS


def measure_indices(
    where: tuple[str, str],
    body: list[list[object]],
    data: dict[str, list],
    header: HeaderMatch,
    first: int,
    problems: list[Problem],
) -> list[int]:
    """The indices of the table's rows that are measures, by the rule above, with a warning in
    `problems` for every other row with text.

    `where` is the file and sheet, `body` the rows under the header (the first is Excel row
    `first`), `data` their cells' texts by field (status.column_texts) and `header` the table's
    header. A row with its id, goal, measure and status filled, an id that is neither its goal
    nor a totals label and a status that is no header word is a measure at one look; every
    other row is looked at whole.
    """
    source_file, sheet = where
    words = _header_words(header.layout)
    statuses = data["status"]
    header_like = {s for s in set(statuses) if s is None or not _not_a_header(s, words)}
    keep: list[int] = []
    second: tuple[int, int, int] | None = None  # header row, first and last row not read
    measure_columns = zip(data["measure_id"], data["goal"], data["measure"], statuses, strict=True)
    for index, (measure_id, goal, measure, status) in enumerate(measure_columns):
        if (
            second is None
            and measure_id
            and goal
            and measure
            and status not in header_like
            and measure_id != goal
            and not is_total(measure_id)
        ):
            keep.append(index)
            continue
        row, offset = body[index], first + index
        values = {name: column[index] for name, column in data.items()}
        if not any(values.values()):
            note = next(((c, t) for c, v in enumerate(row) if (t := cell_text(v))), None)
            if note:  # text only outside the table's columns
                problems.append(_skipped(source_file, sheet, offset, *note, "note"))
            continue  # empty rows between and after the data
        if second is not None:
            second = (second[0], second[1], offset)
            continue
        if _repeats_header(values, words):
            repeated = match_header(row, header.layout, offset - 1)
            if repeated and header.columns == repeated.columns:
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
        keep.append(index)
    if second is not None:
        header_at, first_row, last = second
        problems.append(
            coded(
                source_file,
                sheet,
                f"{first_row}:{last}" if last >= first_row else f"{header_at}:{header_at}",
                "second_table_not_read",
                severity="warning",
                value=f"{first_row}-{last}" if last >= first_row else "-",
                detail=header_at,
            )
        )
    return keep


@cache
def _header_words(layout: Layout) -> frozenset[str]:
    """The headers of the layout's fields, lower case: a quick look for a repeated header
    (match_header then decides)."""
    return frozenset(
        text.lower() for field in layout.fields if "@" not in field.name for text in field.headers
    )


def _repeats_header(values: dict[str, str | None], words: frozenset[str]) -> bool:
    """Whether two of a row's measure cells hold headers (the header of a second table).

    A repeated header has a header word, or nothing, in the Tila column: other rows are
    passed over at the cost of one look.
    """
    status = values.get("status")
    if status is not None and _not_a_header(status, words):
        return False
    headers = 0
    for name in MEASURE_FIELDS:
        text = values.get(name)
        if text is not None and len(text) < 30 and text.rstrip("*: ").lower() in words:
            headers += 1
    return headers >= 2


def _not_a_header(status: str, words: frozenset[str]) -> bool:
    return len(status) > 30 or status.rstrip("*: ").lower() not in words


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


def quoted(text: str) -> str:
    """A skipped row's text as quoted in its warning: one line, at most NOTE_CHARS characters."""
    line = " ".join(text.split())
    return line if len(line) <= NOTE_CHARS else line[: NOTE_CHARS - 1] + "…"


# Number formats: the digits after the decimal point of the format's first section.
_DECIMALS = re.compile(r"\.([0#?]+)")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def shown_number(value: float, number_format: str | None) -> str:
    """A number as Excel shows it with a format such as 0.00 (1.1 -> "1.10"), for ids."""
    section = _QUOTED.sub("", (number_format or "General").split(";")[0])
    match = _DECIMALS.search(section)
    if match is None or "general" in section.lower():
        if value.is_integer():
            return str(int(value))
        return repr(value)
    digits = match.group(1)
    least = digits.count("0")
    text = f"{value:.{len(digits)}f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(least, "0")
    return f"{whole}.{fraction}" if fraction else whole


def number_formats(path: Path, sheet: str, column: int) -> dict[int, str]:
    """Excel row number -> number format of one column's cells (of an .xlsx, via openpyxl)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in book.sheetnames:
            return {}
        cells = book[sheet].iter_rows(min_col=column + 1, max_col=column + 1)
        return {
            row[0].row: row[0].number_format
            for row in cells
            if row and getattr(row[0], "row", None) and isinstance(row[0].value, float | int)
        }
    finally:
        book.close()


def shown_ids(
    rows: list[list[object]], header_index: int, column: int, formats: IdFormats | None
) -> dict[int, str]:
    """Excel row -> id as shown, for ids typed as decimal numbers (1.10 in a 0.00 cell).

    Only a sheet with such an id has its number formats read (openpyxl, for .xlsx only).
    """
    numbers = {
        number: value
        for number, row in enumerate(rows[header_index + 1 :], start=header_index + 2)
        if column < len(row) and isinstance(value := row[column], float)
    }
    if formats is None or not any(not v.is_integer() for v in numbers.values()):
        return {}
    shown = formats(column)
    return {number: shown_number(value, shown.get(number)) for number, value in numbers.items()}
