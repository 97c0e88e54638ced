"""A cell as the text a person sees, column letters, and the hash that names an input file."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from analysis.mapping import visible


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


def column_texts(body: list[list[object]], column: int) -> list[str | None]:
    """One column's cells as `cell_text` gives them, for the rows of a whole table at once."""
    return [cell_text(row[column]) if column < len(row) else None for row in body]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
