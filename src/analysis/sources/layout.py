"""The one header matcher: a table's layout names its fields and the headers each is found under.

Status sheets and funding tables are both recognised by a header row within the first
HEADER_SCAN_ROWS rows. A header cell matches a field's header whatever its case and spaces,
a trailing `*` or `:`, surrounding quotes or a trailing `;`, invisible characters pasted from
the web (zero-width spaces, BOMs, soft hyphens) and an addition in parentheses: "Raportointi
(lyhyt kuvaus)" and " TILA* " are found as "Raportointi" and "Tila".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.mapping import header_key, visible

HEADER_SCAN_ROWS = 30  # title rows above the header are normal; the header is within these

_PARENTHESISED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def column_key(text: object) -> str | None:
    """A header compared without case, spaces, surrounding quotes or a trailing `;`."""
    if text is None:
        return None
    return header_key(header_text(text)) or None


def header_keys(text: object) -> tuple[str, ...]:
    """The keys a header cell is looked up by: as written, then without parenthesised parts."""
    key = column_key(text)
    if key is None:
        return ()
    bare = column_key(_PARENTHESISED.sub("", str(text)))
    return (key, bare) if bare and bare != key else (key,)


def header_text(value: object) -> str:
    """A header cell as written, without surrounding quotes or a trailing `;`."""
    return visible(str(value)).strip().strip('";').strip()


@dataclass(frozen=True)
class Field:
    """One field of a layout: its name, accepted headers, and whether a table must have it."""

    name: str
    headers: tuple[str, ...]
    required: bool = False
    shape: re.Pattern[str] | None = None  # for EURA column alignment; None = free text

    def keys(self) -> set[str]:
        return {key for key in map(column_key, self.headers) if key}

    @property
    def label(self) -> str:
        """`Finnish / English` header, for messages (one header for the public exports)."""
        return " / ".join(self.headers[:2])


@dataclass(frozen=True)
class Layout:
    """A kind of table: the raw table it lands in and its fields.

    A row is the layout's header when it has every required field, or, with `min_matches`,
    at least that many of the fields (the missing required ones are then reported).
    """

    name: str
    kind: str  # raw_file.kind
    fields: tuple[Field, ...]
    quoted: bool = True  # False: fields are never quoted and may contain the delimiter
    description: str = ""
    min_matches: int | None = None
    _lookup: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def lookup(self) -> dict[str, str]:
        """Header key -> field name."""
        if not self._lookup:
            self._lookup.update({key: f.name for f in self.fields for key in f.keys()})
        return self._lookup

    def field_of(self, value: object) -> str | None:
        """The field a header cell names, or None."""
        lookup = self.lookup()
        return next((lookup[k] for k in header_keys(value) if k in lookup), None)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]


@dataclass(frozen=True)
class HeaderMatch:
    """A row recognised as the header of a layout: field -> 0-based column index."""

    layout: Layout
    row_index: int
    columns: dict[str, int]
    texts: dict[str, str]

    @property
    def score(self) -> tuple[int, int]:
        """More recognised columns wins; then fewer of the layout's fields left unmatched."""
        return len(self.columns), -(len(self.layout.fields) - len(self.columns))


def match_header(row: Sequence[object], layout: Layout, row_index: int) -> HeaderMatch | None:
    """The row as the header of `layout`, or None."""
    columns: dict[str, int] = {}
    texts: dict[str, str] = {}
    for index, value in enumerate(row):
        if value is None or value == "":
            continue
        name = layout.field_of(value)
        if name and name not in columns:
            columns[name] = index
            texts[name] = header_text(value)
    if layout.min_matches is not None:
        recognised = len(columns) >= layout.min_matches
    else:
        recognised = all(f.name in columns for f in layout.required())
    return HeaderMatch(layout, row_index, columns, texts) if recognised else None


def find_header(
    rows: Sequence[Sequence[object]], layouts: Sequence[Layout], start: int = 0
) -> HeaderMatch | None:
    """The first row from `start` within HEADER_SCAN_ROWS that is the header of a layout (the
    best one)."""
    for index in range(start, min(len(rows), start + HEADER_SCAN_ROWS)):
        matches = [m for layout in layouts if (m := match_header(rows[index], layout, index))]
        if matches:
            return max(matches, key=lambda m: m.score)
    return None


def near_misses(
    rows: Sequence[Sequence[object]], layouts: Sequence[Layout]
) -> list[tuple[Layout, list[Field]]]:
    """Layouts some of whose headers appear in the first rows, with the required fields missing."""
    found: list[tuple[Layout, list[Field]]] = []
    for layout in layouts:
        best: set[str] = set()
        for row in rows[:HEADER_SCAN_ROWS]:
            names = {name for v in row if v is not None and (name := layout.field_of(v))}
            if len(names) > len(best):
                best = names
        if len(best) >= 2:
            found.append((layout, [f for f in layout.required() if f.name not in best]))
    return found
