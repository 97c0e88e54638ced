"""The HTML kit of the report: finished parts, escaped text, accessible tables, small blocks.

Every part of a page is an `Html` (one notebook output; `Parts` for several), so that Jupyter,
Quarto and nbconvert show it as text/html and the renderer can put it on its page. Text from the
data is always escaped here (`esc`, or a `Cell` that is not `Html`), never by the sections.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.i18n import t
from analysis.report import pages
from analysis.report.pages import Page

T = TypeVar("T")


def esc(text: object) -> str:
    """Text for HTML, and for plotly, which reads its labels as HTML: `<>&"'` escaped."""
    return html.escape(str(text), quote=True)


# what `esc` (html.escape with quote=True) replaces, in its order: `&` first
ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


def esc_all(texts: Sequence[str] | pa.Array) -> list[str]:
    """`esc` of every text of a column at once (the same strings, many times faster on the
    thousands of cells of a division page)."""
    return escaped(texts).to_pylist()


def escaped(texts: Sequence[str] | pa.Array) -> pa.Array:
    """`esc_all` as an Arrow array of strings."""
    array = texts if isinstance(texts, pa.Array) else pa.array(texts, type=pa.large_string())
    for char, entity in ESCAPES:
        array = pc.replace_substring(array, char, entity)
    return array


def esc_texts(values: pd.Series) -> list[str]:
    """`esc(text_of(value))` of every value of a column: free text as written, escaped; a
    missing value empty."""
    return escaped(text_array(values)).to_pylist()


def text_array(values: pd.Series) -> pa.Array:
    """`text_of` of every value of a column, as an Arrow array of strings."""
    if pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values):
        return pc.fill_null(pa.array(values).cast(pa.large_string()), "")
    return pa.array([text_of(value) for value in values.tolist()], type=pa.large_string())


def listed(values: pd.Series) -> list[object]:
    """A column's values as a list, like `tolist()`, which is slow on a column held in Arrow
    (pandas' text columns): Arrow's own conversion is many times faster."""
    if isinstance(values.dtype, pd.ArrowDtype) or (
        pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values)
    ):
        return pa.array(values).to_pylist()
    return values.tolist()


def each_once(values: Iterable[object], make: Callable[[object], T]) -> list[T]:
    """`make` of each value, made once for each distinct value (a column of thousands of rows
    holds a few statuses, progress figures or goals)."""
    made: dict[object, T] = {}
    shown = []
    for value in values:
        if value not in made:
            made[value] = make(value)
        shown.append(made[value])
    return shown


def text_of(value: object) -> str:
    """Free text from a sheet as written; a missing value is an empty cell."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts, like `to_dict("records")` but built from whole columns,
    which is many times faster on large frames."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


@dataclass(frozen=True, repr=False)
class Html:
    """Finished markup that Jupyter, Quarto and nbconvert show as text/html.

    `page` puts it on a page other than the overview (see analysis.report.pages), `title` names
    that page; both travel as the output's display metadata.
    """

    markup: str
    page: str | None = None
    title: str | None = None

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        meta = {} if self.page is None else pages.metadata(self.page, self.title)
        return {"text/html": self.markup}, meta

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain fallback, kept short in the executed notebook
        return f"<Html: {len(self.markup):,} characters>"


def part(markup: str, page: Page) -> Html:
    """`markup` as a part of `page`: the overview's parts carry no page metadata."""
    if page.path == pages.INDEX:
        return Html(markup)
    return Html(markup, page=page.path, title=page.title)


@dataclass(frozen=True)
class Parts:
    """Several parts shown by one notebook cell, one output each (e.g. one per division page)."""

    items: tuple[Html, ...]

    def _ipython_display_(self) -> None:
        from IPython.display import display  # the kernel has IPython; plain Python need not

        display(*self.items)

    def __iter__(self) -> Iterator[Html]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


Cell = str | Html  # a table cell: text (escaped) or finished markup (a link, a swatch)


@dataclass(frozen=True)
class Anchored:
    """The first cell of a table row that a link goes to: the row gets `anchor` as its id."""

    cell: Cell
    anchor: str


def cell_markup(value: Cell) -> str:
    """A cell as markup: `Html` as it is, text escaped."""
    return value.markup if isinstance(value, Html) else esc(value)


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell | Anchored]],
    foot: Sequence[Sequence[Cell]] = (),
    *,
    text: bool = False,
    groups: Sequence[tuple[Cell, Sequence[Sequence[Cell | Anchored]]]] = (),
    cell_class: Sequence[str] = (),
    extra_class: Sequence[str] = (),
) -> str:
    """An HTML table with every text cell escaped; the first cell of each row heads the row.

    The caption is the table's title, an h3 of the page's outline. `text` aligns the columns
    left (a table of words, not figures); `groups` replaces `rows` with row groups, each under
    a heading row; `cell_class` gives each data column (and its header) a class; `extra_class`
    is added to the table's. A row whose first cell is an `Anchored` has that anchor as its id,
    so that a link can go to the row.
    Every cell carries its column's header as `data-label`, which a narrow screen shows beside
    the value when the rows are stacked (theme.css). The table sits in a labelled, focusable
    region so that a keyboard can scroll it.
    """

    def markup(cells: Sequence[Sequence[Cell | Anchored]]) -> list[str]:
        anchors = [row[0].anchor if isinstance(row[0], Anchored) else None for row in cells]
        columns = [
            [cell_markup(cell.cell if isinstance(cell, Anchored) else cell) for cell in column]
            for column in zip(*cells, strict=True)
        ]
        return table_rows(columns, header, cell_class, anchors) if cells else []

    return table_markup(
        caption,
        header,
        markup(rows),
        [(cell_markup(heading), markup(group_rows)) for heading, group_rows in groups],
        markup(foot),
        text=text,
        cell_class=cell_class,
        extra_class=extra_class,
    )


def table_rows(
    columns: Sequence[Sequence[str]],
    header: Sequence[str],
    cell_class: Sequence[str] = (),
    anchors: Sequence[str | None] | None = None,
) -> list[str]:
    """The `<tr>` of each row of a table from its columns of finished cell markup, the first
    column heading each row (`html_table`'s rows; built a column at a time, as a division page
    has thousands). `anchors` gives each row its id (None: no id)."""
    labels = [esc(text) for text in header]
    if anchors is None or not any(anchors):
        starts: list[str] | str = "<tr>"
    else:
        ids = esc_all(["" if a is None else str(a) for a in anchors])
        starts = [
            "<tr>" if a is None else f'<tr id="{i}">' for a, i in zip(anchors, ids, strict=True)
        ]
    pieces: list[object] = [starts, f'<th scope="row" data-label="{labels[0]}">', columns[0]]
    pieces.append("</th>")
    for i, column in enumerate(columns[1:]):
        pieces += [f'<td{_class_attr(cell_class, i)} data-label="{labels[i + 1]}">', column]
        pieces.append("</td>")
    pieces.append("</tr>")
    return concat(*pieces).to_pylist()


def concat(*pieces: str | Sequence[str] | pa.Array) -> pa.Array:
    """The texts of columns (lists or Arrow arrays of the same length) and constant strings
    joined row by row: `concat(["a", "b"], "!")` is `["a!", "b!"]`."""
    texts = [
        piece
        if isinstance(piece, pa.Array)
        else pa.scalar(piece, type=pa.large_string())
        if isinstance(piece, str)
        else pa.array(piece, type=pa.large_string())
        for piece in pieces
    ]
    return pc.binary_join_element_wise(*texts, pa.scalar("", type=pa.large_string()))


def table_markup(
    caption: str,
    header: Sequence[str],
    rows: Sequence[str],
    groups: Sequence[tuple[str, Sequence[str]]] = (),
    foot: Sequence[str] = (),
    *,
    text: bool = False,
    cell_class: Sequence[str] = (),
    extra_class: Sequence[str] = (),
) -> str:
    """`html_table` of finished rows (`table_rows`): `groups` of (heading markup, rows) in
    place of `rows`, and `foot` rows under them."""
    ths = "".join(
        f'<th scope="col"{_class_attr(("", *cell_class), i)}>{esc(cell)}</th>'
        for i, cell in enumerate(header)
    )
    table_class = " ".join(["sr-table", *(["sr-table-text"] if text else []), *extra_class])
    parts = [
        f'<div class="sr-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">',
        f'<table class="{table_class}">',
        f'<caption><h3 class="sr-table-title">{esc(caption)}</h3></caption>',
        f"<thead><tr>{ths}</tr></thead>",
    ]
    if groups:
        for heading, group_rows in groups:
            parts += [
                "<tbody>",
                f'<tr><th scope="rowgroup" colspan="{len(header)}" class="sr-group">'
                f"{heading}</th></tr>",
                *group_rows,
                "</tbody>",
            ]
    else:
        parts += ["<tbody>", *rows, "</tbody>"]
    if foot:
        parts += ["<tfoot>", *foot, "</tfoot>"]
    parts.append("</table></div>")
    return "\n".join(parts)


def _class_attr(classes: Sequence[str], index: int) -> str:
    return f' class="{classes[index]}"' if index < len(classes) and classes[index] else ""


# -- small blocks of the sections ---------------------------------------------------------------


def note(text: str) -> str:
    """A note under a table or chart, or in place of one that has nothing to show."""
    return f'<p class="sr-note">{esc(text)}</p>'


def location(source: object, sheet: object = None, cell: object = None) -> str:
    """Where a value is, as the command line writes it: `file`, `file [Sheet]` or
    `file [Sheet!F12]`; the one way every page names a place in an input file."""
    where, sheet, cell = text_of(source), text_of(sheet), text_of(cell)
    if sheet and cell:
        return f"{where} [{sheet}!{cell}]"
    return f"{where} [{sheet or cell}]" if sheet or cell else where


def heading(anchor: str, text: str) -> str:
    """A heading of the page's outline (h2) that the contents list links to by `anchor`."""
    return f'<h2 id="{anchor}" class="sr-h2">{esc(text)}</h2>'


def section(anchor: str, heading: str, body: str, *, section_id: str | None = None) -> str:
    """A section of a page under its heading, labelled by it; `anchor` is the heading's id."""
    own_id = f' id="{section_id}"' if section_id else ""
    return (
        f'<section class="sr-section"{own_id} aria-labelledby="{anchor}">'
        f'<h2 id="{anchor}">{esc(heading)}</h2>{body}</section>'
    )


def kpis(cards: Sequence[tuple[str, str, str]]) -> str:
    """Key figures as cards of (label, value, note)."""
    items = "".join(
        f'<div class="sr-kpi"><dt>{esc(label)}</dt>'
        f'<dd class="sr-kpi-value">{esc(value)}</dd>'
        f'<dd class="sr-kpi-note">{esc(note)}</dd></div>'
        for label, value, note in cards
    )
    return f'<dl class="sr-kpis">{items}</dl>'


def facts(pairs: Sequence[tuple[str, str]]) -> str:
    """The terms and values of a description list (without the list element)."""
    return "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in pairs)


def link(href: str, text: object) -> Html:
    """A link with its text escaped (or given as finished `Html`)."""
    return Html(f'<a href="{esc(href)}">{cell_markup(text)}</a>')


def division_link(page: Page, code: object, name: object) -> Html:
    """The name of a division, linked from `page` to the division's own page."""
    return link(pages.href(page.path, pages.division_page(str(code))), name)


def language_links(page: Page) -> list[Html]:
    """Links to `page` in the run's other languages, each named in its own language; none for a
    run of one language."""
    return [
        Html(
            f'<a href="{esc(pages.other_language_href(page.path, other))}" hreflang="{other}" '
            f'lang="{other}">{esc(t("report.other_language", other))}</a>'
        )
        for other in page.other_langs
    ]


MAIN = "sr-main"  # the id of the page's h1, where the skip link goes


def page_top(page: Page, links: Sequence[Html]) -> str:
    """The top of a page: a skip link past the links to the main content (the h1 with id
    MAIN), the title and period for print, and `links` as a list (other languages, the
    workbook, ...)."""
    skip = f'<a class="sr-skip" href="#{MAIN}">{esc(page.t("nav.skip"))}</a>'
    printed = esc(page.title or page.t("report.title"))
    items = "".join(f"<li>{one.markup}</li>" for one in links)
    return (
        f'{skip}<p class="sr-print-header" aria-hidden="true">{printed}</p>'
        f'<nav class="sr-top" aria-label="{esc(page.t("nav.links"))}">'
        f'<ul class="sr-crumbs">{items}</ul></nav>'
    )


def contents(page: Page, entries: Sequence[tuple[str, str]]) -> str:
    """A short contents list of the page: (anchor, heading) of each of its sections."""
    title = esc(page.t("nav.contents"))
    items = "".join(f'<li><a href="#{anchor}">{esc(text)}</a></li>' for anchor, text in entries)
    return (
        f'<nav class="sr-toc" aria-labelledby="sr-toc-title">'
        f'<p class="sr-toc-title" id="sr-toc-title">{title}</p><ol>{items}</ol></nav>'
    )
