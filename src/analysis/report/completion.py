"""The overview's completion sections: key figures, completion by division and by theme, the
division x theme matrix, the status distribution and the trend over every loaded period.

Each method returns one part of `page` (the overview; for a division page, its key figures and
trend). The figures are the completion views' as they are: a rate is the database's, its
change the difference of two of them, shown in percentage points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from analysis.i18n import MISSING, fmt_decimal, percent_suffix
from analysis.report import charts
from analysis.report.assets import END_LABELS
from analysis.report.components import Column, bar_chart, table
from analysis.report.data import ReportData, list_total
from analysis.report.html import (
    Html,
    division_link,
    esc,
    html_table,
    kpis,
    note,
    part,
    records,
    section,
)
from analysis.report.language import in_language
from analysis.report.pages import Page, missing
from analysis.report.theme import (
    DASHES,
    OVERALL_COLOUR,
    SERIES_COLOURS,
    STATUS_COLOURS,
    swatch,
)

Row = Mapping[str, Any]
# The rows of one line of completion figures (the city's or a division's), one per period in
# period order: a small table, read as dicts (pandas' overhead per row is many times the work).
Line = Sequence[Row]


@dataclass(frozen=True, eq=False)
class Completion:
    """The completion figures of the report's period on `page`."""

    data: ReportData
    page: Page
    city: Line | None = None  # `overall`, where the caller has it already (a division page)

    @cached_property
    def overall(self) -> Line:
        """The whole city's rows, one per period up to the report's."""
        return records(self.data.overall) if self.city is None else self.city

    # -- parts of the overview --------------------------------------------------------------

    def key_figures(self) -> Html:
        """Completion rate, its change from the previous period, measures and counts by status."""
        note_text = self.page.t(
            "key_figures.divisions", divisions=self.page.num(self.overall_row()["divisions"])
        )
        return self.key_figures_of(self.overall, note_text)

    def division_chart(self) -> Html:
        """Horizontal bars of the completion rate per division, highest first, with the whole
        city's rate as a reference line."""
        rows = self.current(self.data.divisions).sort_values(
            ["completion_rate", "sort_order", "division"],
            ascending=[False, True, True],
            na_position="last",
            kind="stable",
        )
        city = (self.page.t("chart.trend.overall"), self.overall_row()["completion_rate"])
        return bar_chart(
            rows,
            reference=city,
            x="name",
            y="completion_rate",
            page=self.page,
            title_key="chart.division.title",
            summary_key="chart.division.summary",
            axis_keys=("axis.division", "axis.completion_rate"),
            horizontal=True,
            hover=self.rate_hover,
        )

    def division_table(self) -> Html:
        """Measures by status and completion rate per division, with the city's total; each
        division's name links to its page."""
        rows = self.current(self.data.divisions)
        links = [
            division_link(self.page, code, in_language(name, lang, self.page))
            for code, name, lang in zip(
                rows["division"], rows["name"], rows["name_lang"], strict=True
            )
        ]
        total = self.current(self.data.overall).assign(name=self.page.t("table.total"))
        return table(
            rows.assign(name=links),
            columns=self.completion_columns("column.division"),
            caption_key="table.division.caption",
            page=self.page,
            foot=total,
            note_key="table.division.note",
        )

    def matrix_table(self) -> Html:
        """Divisions by themes: in each cell the measures of that division tagged with that theme
        and their completion rate; the totals of each theme below."""
        if self.data.themes.empty:
            return part(note(self.page.t("table.theme.empty")), self.page)
        themes = self.data.themes.to_dict("records")
        cells = {
            (row["division"], row["theme"]): row
            for row in self.data.matrix.to_dict("records")
            if row["period"] == self.page.period
        }
        body = [
            [
                division_link(
                    self.page,
                    division["division"],
                    in_language(division["name"], division["name_lang"], self.page),
                ),
                *(
                    self._matrix_cell(cells.get((division["division"], theme["theme"])))
                    for theme in themes
                ),
            ]
            for division in self.current(self.data.divisions).to_dict("records")
        ]
        foot = [[self.page.t("table.total"), *(self._matrix_cell(theme) for theme in themes)]]
        matrix = html_table(
            self.page.t("table.matrix.caption"),
            [self.page.t("column.division"), *(theme["name"] for theme in themes)],
            body,
            foot=foot,
            extra_class=["sr-matrix"],
        )
        return part(f"{matrix}\n{note(self.page.t('table.matrix.note'))}", self.page)

    def theme_table(self) -> Html:
        """Measures by status and completion rate per theme."""
        if self.data.themes.empty:
            return part(note(self.page.t("table.theme.empty")), self.page)
        return table(
            self.data.themes,
            columns=self.completion_columns("column.theme"),
            caption_key="table.theme.caption",
            page=self.page,
            note_key="table.theme.note",
        )

    def status_chart(self) -> Html:
        """Bar chart of the period's measures by status."""
        row = self.overall_row()
        counts = pd.DataFrame(
            {
                "name": list(self.data.status_names.values()),
                "measures": [int(row[code]) for code in self.data.status_names],
            }
        )
        items = ", ".join(f"{name} {self.page.num(n)}" for name, n in counts.itertuples(False))
        return bar_chart(
            counts,
            x="name",
            y="measures",
            page=self.page,
            title_key="chart.status.title",
            axis_keys=("axis.status", "axis.measures"),
            colour=[STATUS_COLOURS[code] for code in self.data.status_names],
            hover=lambda r: self.page.t("hover.measures", count=self.page.num(r["measures"])),
            summary=self.page.t(
                "chart.status.summary", total=self.page.num(row["measures"]), counts=items
            ),
        )

    def trend_chart(self) -> Html:
        """Completion rate by period: the whole city, and each division when there is a trend."""
        divisions = self.data.divisions
        series = [(self.page.t("chart.trend.overall"), self.overall, OVERALL_COLOUR, 4, 0)]
        has_trend = len(self.overall) > 1
        if has_trend:
            by_division = division_lines(divisions)
            codes = divisions.sort_values(["sort_order", "division"])["division"].unique()
            for i, code in enumerate(codes):
                rows = by_division[code]
                colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
                series.append((rows[-1]["name"], rows, colour, 2, i + 1))
        summary = self.page.t("chart.trend.summary", items=self.trend_items(self.overall))
        if not has_trend:
            summary = f"{summary} {self.page.t('chart.trend.single_period')}"
        return self.trend_figure("trend", series, summary)

    # -- building blocks, also of the division pages -----------------------------------------

    def headline(self) -> str:
        """How things stand, in one or two sentences built from the period's figures: the
        completion rate with its basis, the change from the previous period, how many
        measures are delayed or not started, and how many of them have been so for two loaded
        periods or more (measures_needing_decision's `behind_periods`)."""
        page, row = self.page, self.overall_row()
        active = int(row["measures"]) - int(row["cancelled"])
        sentences = [
            page.t("headline.done", rate=page.pct(row["completion_rate"]),
                   done=page.num(row["done"]), active=page.num(active))
        ]  # fmt: skip
        if not missing(row["previous_period"]) and not missing(row["completion_change_pp"]):
            points = fmt_decimal(row["completion_change_pp"], page.lang, digits=1, signed=True)
            sentences.append(
                page.t("headline.change", previous=row["previous_period"],
                       points=page.t("unit.percentage_points", value=points))
            )  # fmt: skip
        behind = int(row["delayed"]) + int(row["not_started"])
        key = {0: "headline.behind_none", 1: "headline.behind_one"}.get(behind, "headline.behind")
        sentences.append(page.t(key, count=page.num(behind)))
        again = list_total(self.data.decisions, "behind_again")
        if again:
            sentences.append(page.t("headline.behind_again", count=page.num(again)))
        return " ".join(sentences)

    def key_figures_of(self, rows: Line, measures_note: str) -> Html:
        """The key figures section of `rows` (one row per period with the status counts and
        completion_rate): the rate, its change, the measures and the counts by status."""
        row = self.current_row(rows)
        names, page = self.data.status_names, self.page
        done, cancelled = int(row["done"]), int(row["cancelled"])
        basis = page.t(
            "key_figures.completion_basis",
            done_status=names["done"],
            done=page.num(done),
            active=page.num(int(row["measures"]) - cancelled),
            cancelled_status=names["cancelled"],
            cancelled=page.num(cancelled),
        )
        cards = [
            (page.t("key_figures.completion_rate"), page.pct(row["completion_rate"], 1), basis),
            self._change(rows),
            (page.t("key_figures.measures"), page.num(row["measures"]), measures_note),
        ]
        counts = "".join(
            f"<li>{swatch(code)}{esc(name)} <strong>{esc(page.num(row[code]))}</strong></li>"
            for code, name in names.items()
        )
        label = esc(page.t("key_figures.status_counts"))
        body = f'{kpis(cards)}<ul class="sr-status-counts" aria-label="{label}">{counts}</ul>'
        return part(section("sr-key-figures", page.t("key_figures.heading"), body), page)

    def trend_figure(
        self, key: str, series: Sequence[tuple[str, Line, str, int, int]], summary: str
    ) -> Html:
        """A line chart of the completion rate by period, one line per (name, rows, colour,
        width, number) in `series`; the number picks the line's dash, so that lines differ by
        more than colour (the legend shows both). Each line is named at its last point, and the
        legend lists the lines in the order of their last values."""
        title = self.page.t("chart.trend.title")
        lines = [
            self._trend(name, rows, colour, width, n) for name, rows, colour, width, n in series
        ]
        # the legend lists the lines in the order of their last values, highest first
        lines.sort(key=lambda trace: -next((y for y in reversed(trace["y"]) if y is not None), -1))
        periods = sorted({row["period"] for _, rows, *_ in series for row in rows})
        fig = charts.figure(
            lines,
            520,
            self.page.lang,
            xaxis={
                **charts.axis_title(self.page.t("axis.period")),
                "type": "category",
                "categoryorder": "array",
                "categoryarray": periods,
                "range": [-0.3, len(periods) - 1 + 0.9],  # room for the names at the lines' ends
            },
            yaxis={
                **charts.axis_title(self.page.t("axis.completion_rate")),
                "range": [0, 100],
                "dtick": 20,
                "ticksuffix": percent_suffix(self.page.lang),
            },
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        )
        return part(charts.chart_figure(key, fig, title, summary), self.page)

    def trend_items(self, rows: Line) -> str:
        """`2024: 40 %, 2025: 58 %`: the completion rate of each period of `rows`."""
        pct = self.page.pct
        return ", ".join(f"{row['period']}: {pct(row['completion_rate'])}" for row in rows)

    def completion_columns(self, first: str) -> list[Column]:
        """`name` under the header key `first`, the measures, the counts by status, the rate."""
        return [
            Column("name", first),
            Column("measures", "column.measures"),
            *(Column(code, label=name) for code, name in self.data.status_names.items()),
            Column("completion_rate", "column.completion_rate"),
        ]

    def rate_hover(self, row: Row) -> list[str]:
        """Hover lines of a rate: the rate and the counts it is computed from."""
        return [
            self.page.t("hover.completion_rate", rate=self.page.pct(row["completion_rate"])),
            self.page.t(
                "hover.done_of_active",
                done_status=self.data.status_names["done"],
                done=self.page.num(row["done"]),
                active=self.page.num(row["measures"] - row["cancelled"]),
            ),
        ]

    def overall_row(self) -> Row:
        """The whole city's row of the report's period."""
        return self.current_row(self.overall)

    def current_row(self, rows: Line) -> Row:
        """The row of the report's period among `rows`."""
        row = next((row for row in rows if row["period"] == self.page.period), None)
        if row is None:
            raise ValueError(f"no completion figures of period {self.page.period} to show")
        return row

    def current(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of the report's period."""
        return frame[frame["period"] == self.page.period]

    # -- helpers ----------------------------------------------------------------------------

    def _matrix_cell(self, row: Row | None) -> str:
        if row is None:
            return MISSING
        return self.page.t(
            "table.matrix.cell",
            measures=self.page.num(row["measures"]),
            rate=self.page.pct(row["completion_rate"]),
        )

    def _change(self, rows: Line) -> tuple[str, str, str]:
        """The key figure for the change in percentage points from the previous loaded period,
        as the view computes it (`completion_change_pp`)."""
        page = self.page
        row = self.current_row(rows)
        previous = row["previous_period"]
        if missing(previous):
            return (
                page.t("key_figures.change_unavailable"),
                MISSING,
                page.t("key_figures.no_previous"),
            )
        value = MISSING
        if not missing(row["completion_change_pp"]):
            points = fmt_decimal(row["completion_change_pp"], page.lang, digits=1, signed=True)
            value = page.t("unit.percentage_points", value=points)
        note_text = page.t(
            "key_figures.previous_rate",
            previous=previous,
            rate=page.pct(row["previous_completion_rate"], 1),
        )
        return page.t("key_figures.change", previous=previous), value, note_text

    def _trend(
        self, name: str, rows: Line, colour: str, width: int, number: int
    ) -> charts.Trace:
        """One line of a trend chart: the completion rate of each period of `rows`, dashed by
        `number`."""
        end = [""] * len(rows)
        if end:
            end[-1] = esc(name)
        return charts.line(
            mode="lines+markers+text",
            meta=END_LABELS,  # left out on a phone (assets.PRINT_JS)
            text=end,
            textposition="middle right",
            textfont={"color": colour, "size": 12},
            cliponaxis=False,
            x=[row["period"] for row in rows],
            y=[
                None if missing(r["completion_rate"]) else float(r["completion_rate"]) * 100
                for r in rows
            ],
            name=esc(name),
            line={"color": colour, "width": width, "dash": DASHES[number % len(DASHES)]},
            marker={"size": 4 + width * 2},
            hovertext=[
                "<br>".join(
                    esc(line) for line in [f"{name}, {row['period']}", *self.rate_hover(row)]
                )
                for row in rows
            ],
        )


def division_lines(divisions: pd.DataFrame) -> dict[str, Line]:
    """Each division's rows of completion_by_division (`divisions`, in period order), as
    records: converted once for every division."""
    by_division: dict[str, list[Row]] = {}
    for row in records(divisions):
        by_division.setdefault(row["division"], []).append(row)
    return by_division
