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
from pathlib import Path

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
    if len(first) <= TOTAL_LENGTH and first.rstrip(":. ").lower() in TOTAL_LABELS:
        return "total"
    return None


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
