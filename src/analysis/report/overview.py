"""Parts of the annual report's overview page (key figures, tables, charts) from finished tables.

The report notebook calls `load` once and then one `Report` method per cell; each returns an
`Html` that Jupyter shows as text/html. Nothing here computes an indicator: a page reads the
finished tables (the views under sql/marts/) and only chooses labels, formats and colours for
its language. The division pages (analysis.report.divisions) are built from the same `Report`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

import analysis
from analysis.config import STATUS_CODES
from analysis.i18n import (
    LANGS,
    MISSING,
    catalogue,
    fmt_date,
    fmt_decimal,
    fmt_int,
    fmt_percent,
    percent_suffix,
    t,
)
from analysis.report import pages
from analysis.report.assets import CSS, plotly_js
from analysis.report.charts import (
    Figure,
    Trace,
    axis_title,
    bar,
    chart_figure,
    count_bars,
    esc,
    figure,
    line,
)

# Okabe-Ito colours (and a neutral grey), told apart with the common colour-vision
# deficiencies; one per status.
STATUS_COLOURS: Mapping[str, str] = {
    "done": "#009E73",
    "in_progress": "#0072B2",
    "not_started": "#999999",
    "delayed": "#E69F00",
    "cancelled": "#CC79A7",
}
RATE_COLOUR = "#0072B2"
OVERALL_COLOUR = "#000000"
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")

Row = Mapping[str, Any]  # one row of a finished table

# Finished tables, read as they are. Later periods are left out so that a re-run of an old
# period shows the same page as before.
_SQL_OVERALL = "select * from completion_overall where period <= ? order by period"
_SQL_DIVISIONS = (
    "select * from completion_by_division where period <= ? "
    "order by period, sort_order nulls last, division"
)
_SQL_THEMES = (
    "select * from completion_by_theme where period = ? order by sort_order nulls last, theme"
)
_SQL_MATRIX = (
    "select * from completion_by_division_theme where period = ? "
    "order by division_sort_order nulls last, division, theme_sort_order nulls last, theme"
)
_SQL_MEASURES = (
    "select * from division_measures where period = ? "
    "order by division_sort_order nulls last, division, source_file, sheet, row_number"
)
# The overview lists this many measures needing attention, the most urgent first; every one of
# them is on its division's page and in indicators.xlsx (a city can have thousands).
ATTENTION_ROWS = 50
_SQL_ATTENTION = (
    "select * from measures_needing_attention where period = ? "
    "order by urgency, division_sort_order nulls last, division, measure_id"
)
_SQL_STATUSES = "select * from ref_status"
_SQL_FILES = (
    "select source_file, kind, file_sha256, size_bytes, sheets, data_rows, loaded_at "
    "from raw_file where period = ? order by source_file"
)
_SQL_PROBLEMS = (
    "select severity, source_file, sheet, cell, message, fix, code, value, detail "
    "from raw_problem where period = ? "
    "order by source_file, sheet nulls first, "
    "try_cast(regexp_extract(cell, '[0-9]+') as integer) nulls first, cell"
)


@dataclass(frozen=True, repr=False)
class Html:
    """Finished markup that Jupyter, Quarto and nbconvert show as text/html.

    `page` puts it on a page other than the overview (see analysis.report.pages), `title` names that
    page; both travel as the output's display metadata.
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


def _cell(value: Cell) -> str:
    return value.markup if isinstance(value, Html) else esc(value)


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    foot: Sequence[Sequence[Cell]] = (),
    *,
    text: bool = False,
    groups: Sequence[tuple[str, Sequence[Sequence[Cell]]]] = (),
    cell_class: Sequence[str] = (),
    extra_class: Sequence[str] = (),
) -> str:
    """An HTML table with every text cell escaped; the first cell of each row heads the row.

    `text` aligns the columns left (a table of words, not figures); `groups` replaces `rows`
    with row groups, each under a heading row; `cell_class` gives each data column (and its
    header) a class; `extra_class` is added to the table's.
    The table sits in a labelled, focusable region so that a keyboard can scroll it.
    """

    opening = [f"<td{_class_attr(cell_class, i)}>" for i in range(len(header) - 1)]

    def row(cells: Sequence[Cell]) -> str:
        head, *rest = cells
        tds = "".join([f"{td}{_cell(cell)}</td>" for td, cell in zip(opening, rest, strict=True)])
        return f'<tr><th scope="row">{_cell(head)}</th>{tds}</tr>'

    ths = "".join(
        f'<th scope="col"{_class_attr(("", *cell_class), i)}>{esc(cell)}</th>'
        for i, cell in enumerate(header)
    )
    table_class = " ".join(["sr-table", *(["sr-table-text"] if text else []), *extra_class])
    parts = [
        f'<div class="sr-table-wrap" role="region" tabindex="0" aria-label="{esc(caption)}">',
        f'<table class="{table_class}">',
        f"<caption>{esc(caption)}</caption>",
        f"<thead><tr>{ths}</tr></thead>",
    ]
    if groups:
        for heading, group_rows in groups:
            parts += [
                "<tbody>",
                f'<tr><th scope="rowgroup" colspan="{len(header)}" class="sr-group">'
                f"{esc(heading)}</th></tr>",
                *map(row, group_rows),
                "</tbody>",
            ]
    else:
        parts += ["<tbody>", *map(row, rows), "</tbody>"]
    if foot:
        parts += ["<tfoot>", *map(row, foot), "</tfoot>"]
    parts.append("</table></div>")
    return "\n".join(parts)


def _class_attr(classes: Sequence[str], index: int) -> str:
    return f' class="{classes[index]}"' if index < len(classes) and classes[index] else ""


def _rate(value: object) -> float | None:
    """A completion rate from the database; NULL (no measure that counts) becomes None."""
    return None if pd.isna(value) else float(value)


def _with_names(frame: pd.DataFrame, code: str, lang: str) -> pd.DataFrame:
    """Add `name`: the `<code>_name_<lang>` column, or the code where the name is missing."""
    return frame.assign(name=frame[f"{code}_name_{lang}"].fillna(frame[code]))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as dicts, like `to_dict("records")` but built from whole columns,
    which is many times faster on large frames."""
    columns = list(frame.columns)
    return [
        dict(zip(columns, values, strict=True))
        for values in zip(*(frame[c].tolist() for c in columns), strict=True)
    ]


def text_of(value: object) -> str:
    """Free text from a sheet as written; a missing value is an empty cell."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


@dataclass(frozen=True, eq=False)
class Report:
    """The finished figures of one period in one language; each method renders one page part."""

    period: str
    lang: str
    overall: pd.DataFrame  # completion_overall, one row per period up to `period`
    divisions: pd.DataFrame  # completion_by_division up to `period`, plus `name`
    themes: pd.DataFrame  # completion_by_theme of `period`, plus `name`
    status_names: Mapping[str, str]  # status code -> name in `lang`, in display order
    rendered_on: date
    matrix: pd.DataFrame = field(default_factory=pd.DataFrame)  # completion_by_division_theme
    measures: pd.DataFrame = field(default_factory=pd.DataFrame)  # division_measures
    attention: pd.DataFrame = field(default_factory=pd.DataFrame)  # measures_needing_attention
    files: pd.DataFrame = field(default_factory=pd.DataFrame)  # raw_file of `period`
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)  # raw_problem of `period`

    @property
    def input_files(self) -> int:
        return len(self.files)

    @property
    def data_rows(self) -> int:
        return int(self.files["data_rows"].sum()) if len(self.files) else 0

    @property
    def title(self) -> str:
        return self._t("report.title", period=self.period)

    # -- page parts -------------------------------------------------------------------------

    def assets(self) -> Html:
        """The component CSS and plotly.js inline, so that charts render with no network; shared
        by every page of the notebook (the overview and the division pages)."""
        return Html(f"<style>{CSS}</style>\n<script>{plotly_js()}</script>", page=pages.SHARED)

    def header(self) -> Html:
        """Title, subtitle and links to the same page in the other languages."""
        return Html(
            '<header class="sr-header">'
            f"<h1>{esc(self.title)}</h1>"
            f'<p class="sr-subtitle">{esc(self._t("report.subtitle", period=self.period))}</p>'
            f'<p class="sr-lang">{self.language_links(pages.INDEX)}</p>'
            "</header>"
        )

    def key_figures(self) -> Html:
        """Completion rate, its change from the previous period, measures and counts by status."""
        row = self.overall_row()
        note = self._t("key_figures.divisions", divisions=self.num(row["divisions"]))
        return Html(self.key_figures_of(self.overall, note))

    def status_chart(self) -> Html:
        """Bar chart of the period's measures by status."""
        row = self.overall_row()
        names = list(self.status_names.values())
        counts = [int(row[code]) for code in self.status_names]
        title = self._t("chart.status.title", period=self.period)
        fig = count_bars(
            [esc(name) for name in names],
            counts,
            [STATUS_COLOURS[code] for code in self.status_names],
            [self.num(count) for count in counts],
            [
                f"{esc(name)}<br>{esc(self._t('hover.measures', count=self.num(count)))}"
                for name, count in zip(names, counts, strict=True)
            ],
            title,
            self.lang,
            self._t("axis.status"),
            self._t("axis.measures"),
        )
        summary = self._t(
            "chart.status.summary",
            total=self.num(row["measures"]),
            counts=", ".join(
                f"{name} {self.num(count)}" for name, count in zip(names, counts, strict=True)
            ),
        )
        return Html(self.figure("status", fig, title, summary))

    def division_table(self) -> Html:
        """Measures by status and completion rate per division, with the city's total; each
        division's name links to its page."""
        rows = self._current(self.divisions).to_dict("records")
        total = self._completion_cells(self._t("table.total"), self.overall_row())
        body = [
            self._completion_cells(self._division_link(row["division"], row["name"]), row)
            for row in rows
        ]
        return Html(
            html_table(
                self._t("table.division.caption", period=self.period),
                self._completion_header(self._t("column.division")),
                body,
                foot=[total],
            )
            + f'\n<p class="sr-note">{esc(self._t("table.division.note"))}</p>'
        )

    def division_chart(self) -> Html:
        """Horizontal bars of the completion rate per division."""
        rows = self._current(self.divisions).to_dict("records")
        rates = [_rate(row["completion_rate"]) for row in rows]
        title = self._t("chart.division.title", period=self.period)
        trace = bar(
            orientation="h",
            y=[esc(row["name"]) for row in rows],
            x=[None if rate is None else rate * 100 for rate in rates],
            marker={"color": RATE_COLOUR},
            text=[fmt_percent(rate, self.lang) for rate in rates],
            textposition="auto",
            hovertext=[self._rate_hover(row["name"], row) for row in rows],
        )
        fig = figure(
            [trace],
            title,
            160 + 44 * max(len(rows), 1),
            self.lang,
            xaxis=self._percent_axis(),
            yaxis={**axis_title(self._t("axis.division")), "autorange": "reversed"},
            showlegend=False,
        )
        items = "; ".join(
            f"{row['name']} {fmt_percent(rate, self.lang)}"
            for row, rate in zip(rows, rates, strict=True)
        )
        summary = self._t("chart.division.summary", items=items)
        return Html(self.figure("division", fig, title, summary))

    def matrix_table(self) -> Html:
        """Divisions by themes: in each cell the measures of that division tagged with that theme
        and their completion rate; the totals of each theme below."""
        if self.themes.empty:
            return Html(self._note(self._t("table.theme.empty", period=self.period)))
        themes = self.themes.to_dict("records")
        cells = {
            (row["division"], row["theme"]): row
            for row in self.matrix.to_dict("records")
            if row["period"] == self.period
        }
        body = [
            [
                self._division_link(division["division"], division["name"]),
                *(
                    self._matrix_cell(cells.get((division["division"], theme["theme"])))
                    for theme in themes
                ),
            ]
            for division in self._current(self.divisions).to_dict("records")
        ]
        foot = [[self._t("table.total"), *(self._matrix_cell(theme) for theme in themes)]]
        table = html_table(
            self._t("table.matrix.caption", period=self.period),
            [self._t("column.division"), *(theme["name"] for theme in themes)],
            body,
            foot=foot,
            extra_class=["sr-matrix"],
        )
        return Html(f"{table}\n{self._note(self._t('table.matrix.note'))}")

    def theme_table(self) -> Html:
        """Measures by status and completion rate per theme."""
        if self.themes.empty:
            return Html(self._note(self._t("table.theme.empty", period=self.period)))
        table = html_table(
            self._t("table.theme.caption", period=self.period),
            self._completion_header(self._t("column.theme")),
            [self._completion_cells(row["name"], row) for row in self.themes.to_dict("records")],
        )
        return Html(f"{table}\n{self._note(self._t('table.theme.note'))}")

    def trend_chart(self) -> Html:
        """Completion rate by period: the whole city, and each division when there is a trend."""
        title = self._t("chart.trend.title")
        series = [(self._t("chart.trend.overall"), self.overall, OVERALL_COLOUR, 4)]
        has_trend = len(self.overall) > 1
        if has_trend:
            codes = self.divisions.sort_values(["sort_order", "division"])["division"].unique()
            for i, code in enumerate(codes):
                rows = self.divisions[self.divisions["division"] == code]
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                series.append((rows["name"].iloc[-1], rows, colour, 2))
        summary = self._t("chart.trend.summary", items=self.trend_items(self.overall))
        if not has_trend:
            summary = f"{summary} {self._t('chart.trend.single_period')}"
        return Html(self.trend_figure("trend", title, series, summary))

    def attention_table(self) -> Html:
        """The delayed and not-started measures with their progress reports as written."""
        heading = self._t("attention.heading")
        count = len(self.attention)
        rows = records(self.attention.head(ATTENTION_ROWS))  # the most urgent first
        intro = self._t(
            "attention.intro",
            delayed=self.status_names["delayed"],
            not_started=self.status_names["not_started"],
            count=self.num(count),
        )
        parts = [
            '<section class="sr-section" aria-labelledby="sr-attention">',
            f'<h2 id="sr-attention">{esc(heading)}</h2>',
            f"<p>{esc(intro)}</p>",
        ]
        if count > len(rows):
            more = self._t(
                "attention.more",
                shown=self.num(len(rows)),
                count=self.num(count),
                delayed=self.status_names["delayed"],
            )
            parts.append(f'<p class="sr-note">{esc(more)}</p>')
        if rows:
            parts.append(
                html_table(
                    self._t("attention.caption", period=self.period),
                    [
                        self._t("column.measure_id"),
                        self._t("column.measure"),
                        self._t("column.division"),
                        self._t("column.status"),
                        self._t("column.progress"),
                        self._t("column.report"),
                    ],
                    [
                        [
                            text_of(row["measure_id"]),
                            text_of(row["measure"]),
                            self._division_link(row["division"], self._name(row, "division")),
                            self.status_cell(row["status"]),
                            self.progress(row["progress_pct"]),
                            text_of(row["report"]),
                        ]
                        for row in rows
                    ],
                    text=True,
                    cell_class=("", "", "", "sr-num", "sr-free"),
                )
            )
        parts.append("</section>")
        return Html("\n".join(parts))

    def provenance(self) -> Html:
        """Appendix: input files with their SHA-256 and rows, rows rejected, warnings let
        through, and what produced the page."""
        files = self.files.to_dict("records")
        problems = self.problems.to_dict("records")
        facts = [
            (self._t("provenance.period"), self.period),
            (self._t("footer.input_files", period=self.period), self.num(self.input_files)),
            (self._t("footer.data_rows"), self.num(self.data_rows)),
            (self._t("provenance.rejected"), self.num(0)),
            (self._t("provenance.warnings"), self.num(len(problems))),
            (self._t("footer.version"), analysis.__version__),
            (self._t("footer.rendered"), fmt_date(self.rendered_on, self.lang)),
        ]
        parts = [
            '<section class="sr-section" id="sr-provenance" aria-labelledby="sr-provenance-h">',
            f'<h2 id="sr-provenance-h">{esc(self._t("provenance.heading"))}</h2>',
            f'<dl class="sr-facts">{self._facts(facts)}</dl>',
            f"<p>{esc(self._t('provenance.rejected_note'))}</p>",
            html_table(
                self._t("provenance.files_caption", period=self.period),
                [
                    self._t("column.source_file"),
                    self._t("column.sha256"),
                    self._t("column.sheets"),
                    self._t("column.data_rows"),
                ],
                [
                    [
                        text_of(row["source_file"]),
                        Html(f'<code class="sr-hash">{esc(row["file_sha256"])}</code>'),
                        self.num(row["sheets"]),
                        self.num(row["data_rows"]),
                    ]
                    for row in files
                ],
                text=True,
                cell_class=("", "sr-num", "sr-num"),
            ),
        ]
        if problems:
            parts.append(
                html_table(
                    self._t("provenance.problems_caption", period=self.period),
                    [
                        self._t("column.location"),
                        self._t("column.message"),
                        self._t("column.fix"),
                    ],
                    [[self._location(row), *self._problem_text(row)] for row in problems],
                    text=True,
                )
            )
        else:
            parts.append(self._note(self._t("provenance.no_problems", period=self.period)))
        parts.append("</section>")
        return Html("\n".join(parts))

    def footer(self) -> Html:
        """Definition of the rate, sources, render date and code version."""
        facts = [
            (self._t("footer.input_files", period=self.period), self.num(self.input_files)),
            (self._t("footer.data_rows"), self.num(self.data_rows)),
            (self._t("footer.rendered"), fmt_date(self.rendered_on, self.lang)),
            (self._t("footer.version"), analysis.__version__),
        ]
        return Html(self.footer_of(facts))

    # -- building blocks, also of the division pages -----------------------------------------

    def language_links(self, page: str) -> str:
        """Links to `page` in the other languages, each named in its own language."""
        return " · ".join(
            f'<a href="{esc(pages.other_language_href(page, other))}" hreflang="{other}" '
            f'lang="{other}">{esc(t("report.other_language", other))}</a>'
            for other in LANGS
            if other != self.lang
        )

    def key_figures_of(self, rows: pd.DataFrame, measures_note: str) -> str:
        """The key figures section of `rows` (one row per period with the status counts and
        completion_rate): the rate, its change, the measures and the counts by status."""
        row = self._current(rows).iloc[0].to_dict()
        done, cancelled = int(row["done"]), int(row["cancelled"])
        basis = self._t(
            "key_figures.completion_basis",
            done_status=self.status_names["done"],
            done=self.num(done),
            active=self.num(int(row["measures"]) - cancelled),
            cancelled_status=self.status_names["cancelled"],
            cancelled=self.num(cancelled),
        )
        kpis = [
            (
                self._t("key_figures.completion_rate"),
                fmt_percent(_rate(row["completion_rate"]), self.lang, digits=1),
                basis,
            ),
            self._change(rows),
            (self._t("key_figures.measures"), self.num(row["measures"]), measures_note),
        ]
        cards = "".join(
            f'<div class="sr-kpi"><dt>{esc(label)}</dt>'
            f'<dd class="sr-kpi-value">{esc(value)}</dd>'
            f'<dd class="sr-kpi-note">{esc(note)}</dd></div>'
            for label, value, note in kpis
        )
        counts = "".join(
            f"<li>{self.swatch(code)}{esc(name)} <strong>{esc(self.num(row[code]))}</strong></li>"
            for code, name in self.status_names.items()
        )
        heading = esc(self._t("key_figures.heading"))
        counts_label = esc(self._t("key_figures.status_counts"))
        return (
            '<section class="sr-section" aria-labelledby="sr-key-figures">'
            f'<h2 id="sr-key-figures">{heading}</h2>'
            f'<dl class="sr-kpis">{cards}</dl>'
            f'<ul class="sr-status-counts" aria-label="{counts_label}">{counts}</ul>'
            "</section>"
        )

    def trend_figure(
        self,
        key: str,
        title: str,
        series: Sequence[tuple[str, pd.DataFrame, str, int]],
        summary: str,
    ) -> str:
        """A line chart of the completion rate by period, one line per (name, rows, colour,
        width) in `series`."""
        fig = figure(
            [self._trend(name, rows, colour, width) for name, rows, colour, width in series],
            title,
            520,
            self.lang,
            xaxis={**axis_title(self._t("axis.period")), "type": "category"},
            yaxis=self._percent_axis(),
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        )
        return self.figure(key, fig, title, summary)

    def figure(self, key: str, fig: Figure, title: str, summary: str) -> str:
        return chart_figure(key, fig, title, summary)

    def footer_of(self, facts: Sequence[tuple[str, str]], extra: str = "") -> str:
        """The page footer: the definition of the completion rate, `facts` and `extra` markup."""
        definition = self._t(
            "footer.definition",
            done_status=self.status_names["done"],
            cancelled_status=self.status_names["cancelled"],
        )
        return (
            '<footer class="sr-footer">'
            f"<h2>{esc(self._t('footer.heading'))}</h2>"
            f"<p>{esc(definition)}</p><dl>{self._facts(facts)}</dl>{extra}</footer>"
        )

    def swatch(self, status: str) -> str:
        colour = STATUS_COLOURS.get(status, "#ffffff")
        return (
            f'<span class="sr-swatch" aria-hidden="true" style="background-color:{colour}"></span>'
        )

    def status_cell(self, status: object) -> Html:
        """A status name in the page's language, with its colour."""
        code = text_of(status)
        return self._status_cells.get(code) or self._status_markup(code)

    def _status_markup(self, code: str) -> Html:
        name = self.status_names.get(code, code)
        return Html(f'<span class="sr-nowrap">{self.swatch(code)}{esc(name)}</span>')

    @cached_property
    def _status_cells(self) -> dict[str, Html]:
        """The cell of each known status, made once: a page can list thousands of measures."""
        return {code: self._status_markup(code) for code in self.status_names}

    def progress(self, pct: object) -> str:
        """Progress % from the sheet (0-100) in the locale's format; `–` when not given."""
        return MISSING if pct is None or pd.isna(pct) else fmt_percent(float(pct) / 100, self.lang)

    # -- helpers ----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def num(self, n: Any) -> str:
        """A whole number in the page's locale."""
        return fmt_int(int(n), self.lang)

    def _name(self, row: Row, code: str) -> str:
        """The `<code>_name_<lang>` of a row, or its code."""
        name = row.get(f"{code}_name_{self.lang}")
        return text_of(row[code]) if name is None or pd.isna(name) else str(name)

    def _note(self, text: str) -> str:
        return f'<p class="sr-note">{esc(text)}</p>'

    def _facts(self, facts: Sequence[tuple[str, str]]) -> str:
        return "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)

    def _problem_text(self, row: Row) -> tuple[str, str]:
        """A warning's message and fix in the page's language; the validator's own English text
        for a warning that has no catalogue entry (see locales/problems.yml)."""
        code = text_of(row.get("code"))
        if f"problem.{code}.message" not in catalogue():
            return text_of(row["message"]), text_of(row["fix"])
        values = {"value": text_of(row.get("value")), "detail": text_of(row.get("detail"))}
        return self._t(f"problem.{code}.message", **values), self._t(f"problem.{code}.fix")

    def _location(self, row: Row) -> str:
        """`file`, `file [Sheet]` or `file [Sheet!F12]`, as the command line writes it."""
        where = text_of(row["source_file"])
        sheet, cell = text_of(row["sheet"]), text_of(row["cell"])
        if sheet and cell:
            return f"{where} [{sheet}!{cell}]"
        return f"{where} [{sheet or cell}]" if sheet or cell else where

    def _division_link(self, code: object, name: object) -> Html:
        target = pages.href(pages.INDEX, pages.division_page(str(code)))
        return Html(f'<a href="{esc(target)}">{esc(name)}</a>')

    def _matrix_cell(self, row: Row | None) -> str:
        if row is None:
            return MISSING
        rate = fmt_percent(_rate(row["completion_rate"]), self.lang)
        return self._t("table.matrix.cell", measures=self.num(row["measures"]), rate=rate)

    def overall_row(self) -> Row:
        """The whole city's row of the report's period."""
        return self._current(self.overall).iloc[0].to_dict()

    def _current(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["period"] == self.period]

    def trend_items(self, rows: pd.DataFrame) -> str:
        """`2024: 40 %, 2025: 58 %`: the completion rate of each period of `rows`."""
        return ", ".join(
            f"{row['period']}: {fmt_percent(_rate(row['completion_rate']), self.lang)}"
            for row in rows.to_dict("records")
        )

    def _change(self, rows: pd.DataFrame) -> tuple[str, str, str]:
        """The key figure for the change in percentage points from the previous loaded period."""
        earlier = rows[rows["period"] < self.period]
        if earlier.empty:
            return (
                self._t("key_figures.change_unavailable"),
                fmt_percent(None, self.lang),
                self._t("key_figures.no_previous"),
            )
        previous = earlier.iloc[-1]
        rate = _rate(self._current(rows).iloc[0]["completion_rate"])
        previous_rate = _rate(previous["completion_rate"])
        value = fmt_percent(None, self.lang)
        if rate is not None and previous_rate is not None:
            points = fmt_decimal((rate - previous_rate) * 100, self.lang, digits=1, signed=True)
            value = self._t("unit.percentage_points", value=points)
        note = self._t(
            "key_figures.previous_rate",
            previous=previous["period"],
            rate=fmt_percent(previous_rate, self.lang, digits=1),
        )
        return self._t("key_figures.change", previous=previous["period"]), value, note

    def _completion_header(self, first: str) -> list[str]:
        return [
            first,
            self._t("column.measures"),
            *self.status_names.values(),
            self._t("column.completion_rate"),
        ]

    def _completion_cells(self, name: Cell, row: Row) -> list[Cell]:
        return [
            name if isinstance(name, Html) else str(name),
            self.num(row["measures"]),
            *(self.num(row[code]) for code in self.status_names),
            fmt_percent(_rate(row["completion_rate"]), self.lang),
        ]

    def _rate_hover(self, heading: object, row: Row) -> str:
        """Hover text of a rate: what it is, the rate and the counts it is computed from."""
        rate = fmt_percent(_rate(row["completion_rate"]), self.lang)
        lines = [
            str(heading),
            self._t("hover.completion_rate", rate=rate),
            self._t(
                "hover.done_of_active",
                done_status=self.status_names["done"],
                done=self.num(row["done"]),
                active=self.num(row["measures"] - row["cancelled"]),
            ),
        ]
        return "<br>".join(esc(line) for line in lines)

    def _trend(self, name: str, rows: pd.DataFrame, colour: str, width: int) -> Trace:
        """One line of a trend chart: the completion rate of each period of `rows`."""
        records = rows.to_dict("records")
        rates = [_rate(row["completion_rate"]) for row in records]
        return line(
            x=[row["period"] for row in records],
            y=[None if rate is None else rate * 100 for rate in rates],
            name=esc(name),
            line={"color": colour, "width": width},
            marker={"size": 4 + width * 2},
            hovertext=[self._rate_hover(f"{name}, {row['period']}", row) for row in records],
        )

    def _percent_axis(self) -> dict[str, Any]:
        """Settings of a 0-100 % axis with the locale's percent sign (fi `50 %`, en `50%`)."""
        return {
            **axis_title(self._t("axis.completion_rate")),
            "range": [0, 100],
            "dtick": 20,
            "ticksuffix": percent_suffix(self.lang),
        }


def _frame(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> pd.DataFrame:
    return con.execute(sql, list(params)).df()


def load(period: str, lang: str, db_path: str | Path) -> Report:
    """Read the finished tables of `period` (and earlier periods, for the trend) from the DuckDB
    file, read-only; the connection is closed before returning."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    with duckdb.connect(str(db_path), read_only=True) as con:
        overall = _frame(con, _SQL_OVERALL, period)
        divisions = _frame(con, _SQL_DIVISIONS, period)
        themes = _frame(con, _SQL_THEMES, period)
        matrix = _frame(con, _SQL_MATRIX, period)
        measures = _frame(con, _SQL_MEASURES, period)
        attention = _frame(con, _SQL_ATTENTION, period)
        statuses = _frame(con, _SQL_STATUSES)
        files = _frame(con, _SQL_FILES, period)
        problems = _frame(con, _SQL_PROBLEMS, period)
    if period not in set(overall["period"]):
        raise ValueError(f"{db_path}: completion_overall has no row for period {period!r}")
    names = dict(zip(statuses["status"], statuses[f"name_{lang}"], strict=True))
    return Report(
        period=period,
        lang=lang,
        overall=overall,
        divisions=_with_names(divisions, "division", lang),
        themes=_with_names(themes, "theme", lang),
        status_names={code: names.get(code, code) for code in STATUS_CODES},
        rendered_on=date.today(),
        matrix=matrix,
        measures=measures,
        attention=attention,
        files=files,
        problems=problems,
    )
