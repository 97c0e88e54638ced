"""A chart or a table of a finished table in about five lines, for a section or the notebook.

    bar_chart(frame, x="name", y="completion_rate", page=report.page,
              title_key="chart.division.title", horizontal=True)
    table(frame, columns={"name": "column.division", "completion_rate": "column.completion_rate"},
          caption_key="table.division.caption", page=report.page)

Titles, captions and headers come from the catalogue (locales/*.yml) in the page's language, with
`{period}` filled in; each value is formatted by the locale as its column's kind says (from its
name and type: `*_rate`, `*_score`, `*_attainment` are rates, `*_eur` euros, `*_pct` progress
percentages, numbers whole numbers, dates dates, anything else text). The helpers escape every
text and make the part accessible: a chart is a labelled figure with its text summary as the
caption, a table has its caption and scoped row and column headers. Nothing here computes: a
value is shown as the table holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from analysis.i18n import percent_suffix
from analysis.report import charts
from analysis.report.html import (
    Cell,
    Html,
    cell_markup,
    each_once,
    esc,
    esc_all,
    esc_texts,
    listed,
    note,
    part,
    records,
    table_markup,
    table_rows,
    text_of,
)
from analysis.report.pages import Page, missing
from analysis.report.theme import OVERALL_COLOUR, RATE_COLOUR

Kind = Literal["text", "int", "rate", "eur", "date", "progress"]
Row = Mapping[str, Any]
RATE_SUFFIXES = ("_rate", "_score", "_attainment")
MARGIN = {"l": 10, "r": 30, "t": 20, "b": 10}  # charts.figure's
LEGEND_BELOW = {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container",
                "yanchor": "bottom"}  # fmt: skip


def kind_of(column: str, values: pd.Series | None = None) -> Kind:
    """How the values of `column` are shown, from its name, else from its type."""
    if column.endswith(RATE_SUFFIXES):
        return "rate"
    if column.endswith("_eur"):
        return "eur"
    if column.endswith("_pct"):
        return "progress"
    if values is not None and pd.api.types.is_datetime64_any_dtype(values):
        return "date"
    if (
        values is not None
        and pd.api.types.is_numeric_dtype(values)
        and not pd.api.types.is_bool_dtype(values)
    ):
        return "int"
    return "text"


def formatter(kind: Kind, page: Page) -> Callable[[object], str]:
    """The function that writes a value of `kind` in the page's locale."""
    return {
        "text": text_of,
        "int": page.num,
        "rate": page.pct,
        "eur": page.eur,
        "date": page.long_date,
        "progress": page.progress,
    }[kind]


@dataclass(frozen=True)
class Column:
    """A column of a table: the frame's column `field`, its header and how it is shown.

    The header is the catalogue's `key`, or `label` as given (a status name from the database);
    `kind` overrides the kind found from the column; `css` is the class of its cells; `markup`
    says that the values are finished markup strings (e.g. `language.in_languages_markup`).
    """

    field: str
    key: str | None = None
    label: str | None = None
    kind: Kind | None = None
    css: str = ""
    markup: bool = False

    def header(self, page: Page, values: Mapping[str, object]) -> str:
        if self.label is not None:
            return self.label
        if self.key is None:
            raise ValueError(f"column {self.field!r} has neither a catalogue key nor a label")
        return page.t(self.key, **values)


Columns = Mapping[str, str] | Sequence[Column]


def _columns(columns: Columns) -> list[Column]:
    if isinstance(columns, Mapping):
        return [Column(field, key) for field, key in columns.items()]
    return list(columns)


def _markup(frame: pd.DataFrame, columns: Sequence[Column], page: Page) -> list[list[str]]:
    """The finished markup of each cell, a column at a time (every division's measures are
    built at once): `Html` as it is, any other value formatted and escaped."""
    shown = []
    for column in columns:
        values = frame[column.field]
        kind = column.kind or kind_of(column.field, values)
        cells = listed(values)
        if column.markup:
            shown.append(cells)
        elif any(isinstance(value, Html) for value in cells):
            write = formatter(kind, page)
            shown.append([v.markup if isinstance(v, Html) else esc(write(v)) for v in cells])
        elif kind == "text":
            shown.append(esc_texts(values))
        else:
            shown.append(esc_all(each_once(cells, formatter(kind, page))))
    return shown


def body_rows(
    frame: pd.DataFrame,
    columns: Columns,
    page: Page,
    values: Mapping[str, object] | None = None,
    anchor: str | None = None,
) -> list[str]:
    """The `<tr>` of each row of `table(frame, columns=columns, ...)`, for a table that is
    shown in parts: every division's measures are built at once, each page shows its own."""
    specs = _columns(columns)
    if not len(frame):
        return []
    header = [spec.header(page, dict(values or {})) for spec in specs]
    anchors = listed(frame[anchor]) if anchor is not None else None
    return table_rows(_markup(frame, specs, page), header, [s.css for s in specs[1:]], anchors)


def table(
    frame: pd.DataFrame,
    *,
    columns: Columns,
    caption_key: str,
    page: Page,
    values: Mapping[str, object] | None = None,
    foot: pd.DataFrame | None = None,
    group_by: str | None = None,
    group_key: str | None = None,
    note_key: str | None = None,
    text: bool = False,
    extra_class: Sequence[str] = (),
    anchor: str | None = None,
    rows: Sequence[str] | None = None,
) -> Html:
    """A table of `frame`'s `columns` (field -> header key, or `Column`s), the first heading
    each row, captioned by `caption_key`.

    `values` fill the placeholders of the caption, headers and note (`{period}` is the page's);
    `foot` rows (e.g. the total) are shown like the body under it; `group_by` puts the rows
    under a heading row for each value of that column (`group_key` words it, with the value as
    `{<group_by>}`); `note_key` adds a note under the table; `text` aligns a table of words left.
    A cell of the frame that is already `Html` (a link) is shown as it is. `anchor` names the
    frame's column of row ids (e.g. `pages.measure_anchor`), so that a link can go to a row.
    `rows` are the frame's rows as `body_rows` built them, e.g. a page's share of a larger table.
    """
    values = dict(values or {})
    specs = _columns(columns)
    header = [spec.header(page, values) for spec in specs]
    cell_class = [spec.css for spec in specs[1:]]
    if rows is None:
        rows = body_rows(frame, specs, page, values, anchor)
    groups: dict[str, list[str]] = {}
    if group_by is not None:
        headings: dict[object, str] = {}  # a group's heading, worded once
        for value, row in zip(listed(frame[group_by]), rows, strict=True):
            key = (True, value.markup) if isinstance(value, Html) else (False, value)
            shown = headings.get(key)
            if shown is None:
                worded = _heading(value, group_by, group_key, page, values)
                shown = headings[key] = cell_markup(worded)
            groups.setdefault(shown, []).append(row)
    foot_rows = []
    if foot is not None and len(foot):
        foot_rows = table_rows(_markup(foot, specs, page), header, cell_class)
    markup = table_markup(
        page.t(caption_key, **values),
        header,
        rows if group_by is None else (),
        groups=list(groups.items()),
        foot=foot_rows,
        text=text,
        cell_class=cell_class,
        extra_class=extra_class,
    )
    if note_key is not None:
        markup = f"{markup}\n{note(page.t(note_key, **values))}"
    return part(markup, page)


def _heading(
    value: object, group_by: str, key: str | None, page: Page, values: Mapping[str, object]
) -> Cell:
    """A group's heading: its value (text, or markup such as a text in another language),
    worded by the catalogue's `key` when given."""
    if key is None:
        return value if isinstance(value, Html) else text_of(value)
    if not isinstance(value, Html):
        return page.t(key, **{**values, group_by: text_of(value)})
    slot = "\x00"  # the value's place in the worded heading, escaped around it
    worded = esc(page.t(key, **{**values, group_by: slot}))
    return Html(worded.replace(slot, value.markup))


@dataclass(frozen=True)
class Series:
    """One series of bars: the column of its values, its name in the legend (catalogue `key`),
    its colour (one, or one per bar) and the hover text of each bar under the bar's name (lines
    of plain text from the row; by default the value axis's title and the value). A `mark`
    series draws a short line across each bar's place where it has a value (a target), not a
    bar."""

    column: str
    key: str | None = None
    colour: str | Sequence[str] = RATE_COLOUR
    hover: Callable[[Row], str | Sequence[str]] | None = None
    mark: bool = False  # a mark across each bar's place instead of a bar (a target)


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str | Sequence[Series],
    *,
    title_key: str,
    page: Page,
    horizontal: bool = False,
    axis_keys: tuple[str, str] | None = None,
    colour: str | Sequence[str] = RATE_COLOUR,
    hover: Callable[[Row], str | Sequence[str]] | None = None,
    summary_key: str | None = None,
    summary: str | None = None,
    values: Mapping[str, object] | None = None,
    key: str | None = None,
    reference: tuple[str, object] | None = None,
) -> Html:
    """Bars of `frame`'s column `y` (or grouped bars, one per `Series`) named by column `x`, in
    a figure titled by `title_key` with a text summary as its caption.

    `horizontal` draws the names down the side, first on top; `axis_keys` title the (names,
    values) axes; `colour` and `hover` style a single series. The summary is `summary` as given,
    else `summary_key` with `{items}` (`name value; ...` of the first series), else the items.
    A rate is drawn in percent on a 0-100 % axis. `key` names the chart on its page (default:
    from the title's key); `values` fill placeholders of the title and summary. `reference`
    (label, value of the first series' kind) draws a dashed line across the bars at that value,
    named by the label with the value (the whole city's figure beside its divisions').
    """
    values = dict(values or {})
    series = [Series(y, colour=colour, hover=hover)] if isinstance(y, str) else list(y)
    kind = kind_of(series[0].column, frame[series[0].column])
    write = formatter(kind, page)
    rows = records(frame)
    names = [esc(text_of(row[x])) for row in rows]
    name_axis, value_axis = (
        (page.t(axis_key) for axis_key in axis_keys) if axis_keys else (None, None)
    )
    traces = []
    for one in series:
        shown = [row[one.column] for row in rows]
        plotted = [_plotted(value, kind) for value in shown]
        hovers = [
            _hover(name, one.hover(row) if one.hover else f"{value_axis or ''}: {write(value)}")
            for name, row, value in zip(names, rows, shown, strict=True)
        ]
        draw = _marks if one.mark else _bars
        traces.append(
            draw(
                names,
                plotted,
                labels=["" if p is None else write(v) for p, v in zip(plotted, shown, strict=True)],
                hovers=hovers,
                colour=one.colour,
                name=page.t(one.key) if one.key else None,
                horizontal=horizontal,
            )
        )
    title = page.t(title_key, **values)
    name_axis_style = _name_axis(name_axis, horizontal)
    if horizontal:  # long names in lines down the side, so that a phone leaves the bars room
        wrapped = [charts.wrapped(text_of(row[x])) for row in rows]
        name_axis_style |= {"tickmode": "array", "tickvals": names, "ticktext": wrapped}
    axes = {
        "xaxis": name_axis_style,
        "yaxis": _value_axis(value_axis, kind, page, _largest(traces, horizontal)),
    }
    if horizontal:
        axes = {"xaxis": axes["yaxis"], "yaxis": axes["xaxis"]}
    layout: dict[str, Any] = {"showlegend": False}
    if len(series) > 1:
        # the legend at the foot of the figure, under the value axis and its title
        layout = {"barmode": "group", "legend": LEGEND_BELOW, "margin": {**MARGIN, "b": 70}}
    if reference is not None and not missing(reference[1]):
        label = f"{reference[0]} {write(reference[1])}"
        line = charts.reference_line(
            _plotted(reference[1], kind), label, OVERALL_COLOUR, horizontal
        )
        layout |= {"shapes": [line], "margin": {**layout.get("margin", MARGIN), "t": 44}}
    fig = charts.figure(
        traces, _height(len(rows), len(series), horizontal), page.lang, **axes, **layout
    )
    items = "; ".join(f"{text_of(row[x])} {write(row[series[0].column])}" for row in rows)
    if summary is None:
        summary = page.t(summary_key, **{"items": items, **values}) if summary_key else items
    chart_key = key or title_key.removesuffix(".title").replace("chart.", "").replace(".", "-")
    return part(charts.chart_figure(chart_key, fig, title, summary), page)


def _plotted(value: object, kind: Kind) -> float | int | None:
    """The value a bar is drawn at: rates in percent, counts as whole numbers."""
    if missing(value):
        return None
    if kind == "rate":
        return float(value) * 100
    return int(value) if kind == "int" else float(value)


def _hover(name: str, lines: str | Sequence[str]) -> str:
    """A bar's hover text: its (escaped) name, then `lines`, escaped here."""
    lines = [lines] if isinstance(lines, str) else list(lines)
    return "<br>".join([name, *(esc(line) for line in lines)])


def _bars(
    names: Sequence[str],
    values: Sequence[float | int | None],
    *,
    labels: Sequence[str],
    hovers: Sequence[str],
    colour: str | Sequence[str],
    name: str | None,
    horizontal: bool,
) -> charts.Trace:
    """One series of bars, each labelled with its value (beside it, or above it)."""
    if horizontal:
        placed: dict[str, Any] = {"orientation": "h", "y": list(names), "x": list(values)}
    else:
        placed = {"x": list(names), "y": list(values)}
    if name is not None:
        placed["name"] = esc(name)
    placed |= {"marker": {"color": colour}, "text": list(labels)}
    if horizontal:
        placed["textposition"] = "auto"
    else:
        placed |= {"textposition": "outside", "cliponaxis": False}
    return charts.bar(**placed, hovertext=list(hovers))


def _marks(
    names: Sequence[str],
    values: Sequence[float | int | None],
    *,
    labels: Sequence[str],
    hovers: Sequence[str],
    colour: str | Sequence[str],
    name: str | None,
    horizontal: bool,
) -> charts.Trace:
    """One series of marks, a thick short line across each bar's place at its value (none where
    the value is missing); `labels` are not drawn, the hover tells the value."""
    placed: dict[str, Any] = (
        {"y": list(names), "x": list(values)}
        if horizontal
        else {"x": list(names), "y": list(values)}
    )
    symbol = "line-ns" if horizontal else "line-ew"
    placed["marker"] = {"symbol": symbol, "size": 30, "color": colour,
                        "line": {"width": 4, "color": colour}}  # fmt: skip
    if name is not None:
        placed["name"] = esc(name)
    return charts.line(**placed, mode="markers", hovertext=list(hovers))


def _name_axis(title: str | None, horizontal: bool) -> dict[str, Any]:
    axis = charts.axis_title(title) if title is not None else {}
    return {**axis, "autorange": "reversed"} if horizontal else axis


def _largest(traces: Sequence[charts.Trace], horizontal: bool) -> float:
    """The largest value the bars of `traces` show (0 when there is none)."""
    values = [v for trace in traces for v in trace["x" if horizontal else "y"] if v is not None]
    return max(values, default=0)


def _value_axis(title: str | None, kind: Kind, page: Page, largest: float) -> dict[str, Any]:
    """A 0-100 % axis with the locale's percent sign for rates, else an axis from zero; a count
    axis has whole-number ticks only (plotly would put ticks at halves of small counts)."""
    axis = charts.axis_title(title) if title is not None else {}
    if kind == "rate":
        return {**axis, "range": [0, 100], "dtick": 20, "ticksuffix": percent_suffix(page.lang)}
    if kind == "eur":
        return {**axis, "rangemode": "tozero", "tickformat": ",.0f"}
    return {**axis, "rangemode": "tozero", "tickformat": ",d", "dtick": charts.count_step(largest)}


def _height(bars: int, series: int, horizontal: bool) -> int:
    """The figure's height: fixed for upright bars; across, 44 px a bar, or 60 px a group."""
    if not horizontal:
        return 420
    return 160 + 44 * max(bars, 1) if series == 1 else 200 + 60 * bars
