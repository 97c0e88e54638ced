"""Parts of the annual report page (key figures, tables, charts) built from the finished tables.

The report notebook calls `load` once and then one `Report` method per cell; each returns an
`Html` that Jupyter shows as text/html. Nothing here computes an indicator: a page reads the
finished tables and only chooses labels, formats and colours for its language.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

import analysis
from analysis.config import STATUS_CODES
from analysis.i18n import (
    LANGS,
    fmt_date,
    fmt_decimal,
    fmt_int,
    fmt_percent,
    percent_suffix,
    plotly_separators,
    t,
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
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
PLOTLY_CONFIG: Mapping[str, bool] = {"displaylogo": False, "responsive": True}

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
_SQL_STATUSES = "select * from ref_status"
_SQL_SOURCES = (
    "select count(*) as files, coalesce(sum(data_rows), 0) as data_rows "
    "from raw_file where period = ?"
)

CSS = """
.sr-header { margin: 0 0 2rem; }
.sr-header h1 { margin: 0 0 .25rem; font-size: 2rem; line-height: 1.2; }
.sr-subtitle { margin: 0; color: #454545; font-size: 1.1rem; }
.sr-lang { margin: .75rem 0 0; }
.sr-section { margin: 2rem 0; }
.sr-section h2 { font-size: 1.4rem; margin: 0 0 1rem; }
.sr-kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  gap: 1rem; margin: 0; }
.sr-kpi { border: 1px solid #c8ced6; border-radius: 6px; padding: 1rem; }
.sr-kpi dt { color: #454545; font-size: .95rem; }
.sr-kpi dd { margin: 0; }
.sr-kpi-value { font-size: 2.2rem; font-weight: 700; line-height: 1.3;
  font-variant-numeric: tabular-nums; }
.sr-kpi-note { color: #454545; font-size: .9rem; }
.sr-status-counts { list-style: none; padding: 0; margin: 1rem 0 0; display: flex;
  flex-wrap: wrap; gap: .5rem 1.5rem; }
.sr-swatch { display: inline-block; width: .85em; height: .85em; border-radius: 2px;
  margin-right: .4em; vertical-align: -.05em; }
.sr-figure { margin: 2rem 0; }
.sr-figure figcaption { color: #454545; font-size: .9rem; margin-top: .25rem; }
.sr-table-wrap { overflow-x: auto; margin: 2rem 0 .5rem; }
.sr-table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
.sr-table caption { caption-side: top; text-align: left; font-weight: 700; font-size: 1.2rem;
  padding: 0 0 .5rem; color: inherit; }
.sr-table th, .sr-table td { padding: .4rem .6rem; border-bottom: 1px solid #c8ced6;
  text-align: right; vertical-align: top; }
.sr-table thead th { border-bottom: 2px solid #1a1a1a; vertical-align: bottom; }
.sr-table th:first-child { text-align: left; }
.sr-table tbody th { font-weight: 400; }
.sr-table tfoot th, .sr-table tfoot td { font-weight: 700; border-top: 2px solid #1a1a1a; }
.sr-note { color: #454545; font-size: .9rem; margin: 0 0 2rem; }
.sr-footer { margin: 3rem 0 0; padding-top: 1rem; border-top: 1px solid #c8ced6;
  font-size: .9rem; color: #454545; }
.sr-footer h2 { font-size: 1rem; margin: 0 0 .5rem; }
.sr-footer dl { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: 0; }
.sr-footer dt { font-weight: 600; }
.sr-footer dd { margin: 0; }
"""


def esc(text: object) -> str:
    """Text for HTML, and for plotly, which reads its labels as HTML: `<>&"'` escaped."""
    return html.escape(str(text), quote=True)


@dataclass(frozen=True, repr=False)
class Html:
    """Finished markup that Jupyter, Quarto and nbconvert show as text/html."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # the text/plain fallback, kept short in the executed notebook
        return f"<Html: {len(self.markup):,} characters>"


def _rate(value: object) -> float | None:
    """A completion rate from the database; NULL (no measure that counts) becomes None."""
    return None if pd.isna(value) else float(value)


def _with_names(frame: pd.DataFrame, code: str, lang: str) -> pd.DataFrame:
    """Add `name`: the `<code>_name_<lang>` column, or the code where the name is missing."""
    return frame.assign(name=frame[f"{code}_name_{lang}"].fillna(frame[code]))


def html_table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    foot: Sequence[Sequence[str]] = (),
) -> str:
    """An HTML table with every cell escaped; the first cell of each row heads the row."""

    def row(cells: Sequence[str]) -> str:
        head, *rest = cells
        tds = "".join(f"<td>{esc(cell)}</td>" for cell in rest)
        return f'<tr><th scope="row">{esc(head)}</th>{tds}</tr>'

    ths = "".join(f'<th scope="col">{esc(cell)}</th>' for cell in header)
    parts = [
        '<div class="sr-table-wrap"><table class="sr-table">',
        f"<caption>{esc(caption)}</caption>",
        f"<thead><tr>{ths}</tr></thead>",
        "<tbody>",
        *map(row, rows),
        "</tbody>",
    ]
    if foot:
        parts += ["<tfoot>", *map(row, foot), "</tfoot>"]
    parts.append("</table></div>")
    return "\n".join(parts)


@dataclass(frozen=True, eq=False)
class Report:
    """The finished figures of one period in one language; each method renders one page part."""

    period: str
    lang: str
    overall: pd.DataFrame  # completion_overall, one row per period up to `period`
    divisions: pd.DataFrame  # completion_by_division up to `period`, plus `name`
    themes: pd.DataFrame  # completion_by_theme of `period`, plus `name`
    status_names: Mapping[str, str]  # status code -> name in `lang`, in display order
    input_files: int
    data_rows: int
    rendered_on: date

    # -- page parts -------------------------------------------------------------------------

    def assets(self) -> Html:
        """The component CSS and plotly.js inline, so that charts render with no network."""
        return Html(f"<style>{CSS}</style>\n<script>{get_plotlyjs()}</script>")

    def header(self) -> Html:
        """Title, subtitle and links to the same page in the other languages."""
        links = " · ".join(
            f'<a href="../{other}/index.html" hreflang="{other}" lang="{other}">'
            f"{esc(t('report.other_language', other))}</a>"
            for other in LANGS
            if other != self.lang
        )
        return Html(
            '<header class="sr-header">'
            f"<h1>{esc(self._t('report.title', period=self.period))}</h1>"
            f'<p class="sr-subtitle">{esc(self._t("report.subtitle", period=self.period))}</p>'
            f'<p class="sr-lang">{links}</p>'
            "</header>"
        )

    def key_figures(self) -> Html:
        """Completion rate, its change from the previous period, measures and counts by status."""
        row = self._overall_row()
        done, cancelled = int(row["done"]), int(row["cancelled"])
        basis = self._t(
            "key_figures.completion_basis",
            done_status=self.status_names["done"],
            done=self._int(done),
            active=self._int(int(row["measures"]) - cancelled),
            cancelled_status=self.status_names["cancelled"],
            cancelled=self._int(cancelled),
        )
        kpis = [
            (
                self._t("key_figures.completion_rate"),
                fmt_percent(_rate(row["completion_rate"]), self.lang, digits=1),
                basis,
            ),
            self._change(),
            (
                self._t("key_figures.measures"),
                self._int(row["measures"]),
                self._t("key_figures.divisions", divisions=self._int(row["divisions"])),
            ),
        ]
        cards = "".join(
            f'<div class="sr-kpi"><dt>{esc(label)}</dt>'
            f'<dd class="sr-kpi-value">{esc(value)}</dd>'
            f'<dd class="sr-kpi-note">{esc(note)}</dd></div>'
            for label, value, note in kpis
        )
        counts = "".join(
            f'<li><span class="sr-swatch" style="background-color:{STATUS_COLOURS[code]}">'
            f"</span>{esc(name)} <strong>{esc(self._int(row[code]))}</strong></li>"
            for code, name in self.status_names.items()
        )
        heading = esc(self._t("key_figures.heading"))
        counts_label = esc(self._t("key_figures.status_counts"))
        return Html(
            '<section class="sr-section" aria-labelledby="sr-key-figures">'
            f'<h2 id="sr-key-figures">{heading}</h2>'
            f'<dl class="sr-kpis">{cards}</dl>'
            f'<ul class="sr-status-counts" aria-label="{counts_label}">{counts}</ul>'
            "</section>"
        )

    def status_chart(self) -> Html:
        """Bar chart of the period's measures by status."""
        row = self._overall_row()
        names = list(self.status_names.values())
        counts = [int(row[code]) for code in self.status_names]
        title = self._t("chart.status.title", period=self.period)
        fig = go.Figure(
            go.Bar(
                x=[esc(name) for name in names],
                y=counts,
                marker_color=[STATUS_COLOURS[code] for code in self.status_names],
                text=[self._int(count) for count in counts],
                textposition="outside",
                cliponaxis=False,
                hovertext=[
                    f"{esc(name)}<br>{esc(self._t('hover.measures', count=self._int(count)))}"
                    for name, count in zip(names, counts, strict=True)
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        self._layout(fig, title, height=420)
        fig.update_layout(showlegend=False)
        fig.update_xaxes(title_text=esc(self._t("axis.status")))
        fig.update_yaxes(
            title_text=esc(self._t("axis.measures")), rangemode="tozero", tickformat=",d"
        )
        summary = self._t(
            "chart.status.summary",
            total=self._int(row["measures"]),
            counts=", ".join(
                f"{name} {self._int(count)}" for name, count in zip(names, counts, strict=True)
            ),
        )
        return Html(self._figure("status", fig, title, summary))

    def division_table(self) -> Html:
        """Measures by status and completion rate per division, with the city's total."""
        rows = self._current(self.divisions)
        total = self._completion_cells(self._t("table.total"), self._overall_row())
        return Html(
            html_table(
                self._t("table.division.caption", period=self.period),
                self._completion_header(self._t("column.division")),
                [self._completion_cells(row["name"], row) for row in rows.to_dict("records")],
                foot=[total],
            )
        )

    def division_chart(self) -> Html:
        """Horizontal bars of the completion rate per division."""
        rows = self._current(self.divisions).to_dict("records")
        rates = [_rate(row["completion_rate"]) for row in rows]
        title = self._t("chart.division.title", period=self.period)
        fig = go.Figure(
            go.Bar(
                orientation="h",
                y=[esc(row["name"]) for row in rows],
                x=[None if rate is None else rate * 100 for rate in rates],
                marker_color=RATE_COLOUR,
                text=[fmt_percent(rate, self.lang) for rate in rates],
                textposition="auto",
                hovertext=[self._rate_hover(row["name"], row) for row in rows],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
        self._layout(fig, title, height=160 + 44 * max(len(rows), 1))
        fig.update_layout(showlegend=False)
        fig.update_xaxes(**self._percent_axis())
        fig.update_yaxes(title_text=esc(self._t("axis.division")), autorange="reversed")
        items = "; ".join(
            f"{row['name']} {fmt_percent(rate, self.lang)}"
            for row, rate in zip(rows, rates, strict=True)
        )
        summary = self._t("chart.division.summary", items=items)
        return Html(self._figure("division", fig, title, summary))

    def theme_table(self) -> Html:
        """Measures by status and completion rate per theme."""
        if self.themes.empty:
            empty = self._t("table.theme.empty", period=self.period)
            return Html(f'<p class="sr-note">{esc(empty)}</p>')
        table = html_table(
            self._t("table.theme.caption", period=self.period),
            self._completion_header(self._t("column.theme")),
            [self._completion_cells(row["name"], row) for row in self.themes.to_dict("records")],
        )
        return Html(f'{table}\n<p class="sr-note">{esc(self._t("table.theme.note"))}</p>')

    def trend_chart(self) -> Html:
        """Completion rate by period: the whole city, and each division when there is a trend."""
        title = self._t("chart.trend.title")
        overall_name = self._t("chart.trend.overall")
        fig = go.Figure()
        self._add_trend(fig, overall_name, self.overall, OVERALL_COLOUR, width=4)
        has_trend = len(self.overall) > 1
        if has_trend:
            codes = self.divisions.sort_values(["sort_order", "division"])["division"].unique()
            for i, code in enumerate(codes):
                rows = self.divisions[self.divisions["division"] == code]
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                self._add_trend(fig, rows["name"].iloc[-1], rows, colour, width=2)
        self._layout(fig, title, height=520)
        fig.update_layout(legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"})
        fig.update_xaxes(title_text=esc(self._t("axis.period")), type="category")
        fig.update_yaxes(**self._percent_axis())
        items = ", ".join(
            f"{row['period']}: {fmt_percent(_rate(row['completion_rate']), self.lang)}"
            for row in self.overall.to_dict("records")
        )
        summary = self._t("chart.trend.summary", items=items)
        if not has_trend:
            summary = f"{summary} {self._t('chart.trend.single_period')}"
        return Html(self._figure("trend", fig, title, summary))

    def footer(self) -> Html:
        """Definition of the rate, sources, render date and code version."""
        facts = [
            (self._t("footer.input_files", period=self.period), self._int(self.input_files)),
            (self._t("footer.data_rows"), self._int(self.data_rows)),
            (self._t("footer.rendered"), fmt_date(self.rendered_on, self.lang)),
            (self._t("footer.version"), analysis.__version__),
        ]
        items = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
        definition = self._t(
            "footer.definition",
            done_status=self.status_names["done"],
            cancelled_status=self.status_names["cancelled"],
        )
        return Html(
            '<footer class="sr-footer">'
            f"<h2>{esc(self._t('footer.heading'))}</h2>"
            f"<p>{esc(definition)}</p><dl>{items}</dl></footer>"
        )

    # -- helpers ----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def _int(self, n: Any) -> str:
        return fmt_int(int(n), self.lang)

    def _overall_row(self) -> Row:
        return self._current(self.overall).iloc[0].to_dict()

    def _current(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["period"] == self.period]

    def _change(self) -> tuple[str, str, str]:
        """The key figure for the change in percentage points from the previous loaded period."""
        earlier = self.overall[self.overall["period"] < self.period]
        if earlier.empty:
            return (
                self._t("key_figures.change_unavailable"),
                fmt_percent(None, self.lang),
                self._t("key_figures.no_previous"),
            )
        previous = earlier.iloc[-1]
        rate = _rate(self._overall_row()["completion_rate"])
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

    def _completion_cells(self, name: object, row: Row) -> list[str]:
        return [
            str(name),
            self._int(row["measures"]),
            *(self._int(row[code]) for code in self.status_names),
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
                done=self._int(row["done"]),
                active=self._int(row["measures"] - row["cancelled"]),
            ),
        ]
        return "<br>".join(esc(line) for line in lines)

    def _add_trend(
        self, fig: go.Figure, name: str, rows: pd.DataFrame, colour: str, width: int
    ) -> None:
        records = rows.to_dict("records")
        rates = [_rate(row["completion_rate"]) for row in records]
        fig.add_trace(
            go.Scatter(
                x=[row["period"] for row in records],
                y=[None if rate is None else rate * 100 for rate in rates],
                name=esc(name),
                mode="lines+markers",
                line={"color": colour, "width": width},
                marker={"size": 4 + width * 2},
                hovertext=[self._rate_hover(f"{name}, {row['period']}", row) for row in records],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )

    def _layout(self, fig: go.Figure, title: str, height: int) -> None:
        fig.update_layout(
            title={"text": esc(title), "x": 0, "xanchor": "left"},
            template="plotly_white",
            separators=plotly_separators(self.lang),
            font={"family": FONT, "size": 14, "color": "#1a1a1a"},
            height=height,
            margin={"l": 10, "r": 30, "t": 60, "b": 10},
            hoverlabel={"align": "left"},
        )
        fig.update_xaxes(automargin=True)
        fig.update_yaxes(automargin=True)

    def _percent_axis(self) -> dict[str, Any]:
        """Settings of a 0-100 % axis with the locale's percent sign (fi `50 %`, en `50%`)."""
        return {
            "title_text": esc(self._t("axis.completion_rate")),
            "range": [0, 100],
            "dtick": 20,
            "ticksuffix": percent_suffix(self.lang),
        }

    def _figure(self, key: str, fig: go.Figure, title: str, summary: str) -> str:
        """The chart in a <figure>: labelled with its title, the summary as a text alternative."""
        plot = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            config=dict(PLOTLY_CONFIG),
            div_id=f"sr-chart-{key}",
        )
        return (
            '<figure class="sr-figure">'
            f'<div class="sr-chart" role="img" aria-label="{esc(title)}">{plot}</div>'
            f"<figcaption>{esc(summary)}</figcaption></figure>"
        )


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
        statuses = _frame(con, _SQL_STATUSES)
        sources = _frame(con, _SQL_SOURCES, period).iloc[0]
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
        input_files=int(sources["files"]),
        data_rows=int(sources["data_rows"]),
        rendered_on=date.today(),
    )
