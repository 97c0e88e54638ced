"""The report's indicators section: each indicator's latest value against its target, by goal or
theme, with its evaluation in words and a small series chart with the target line.

Nothing here computes: the section shows `indicator_progress` (docs/indicators.md) as it is and
only chooses labels and formats. The overview lists every indicator of the period; a division's
page lists the indicators that belong to the division.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.config import FALLBACK_LANG
from analysis.i18n import MISSING, fmt_decimal, percent_suffix
from analysis.report import charts, pages
from analysis.report.components import Column, table
from analysis.report.data import ReportData
from analysis.report.html import Html, Parts, esc, note, part, section
from analysis.report.language import in_language
from analysis.report.pages import Page, missing
from analysis.report.theme import OVERALL_COLOUR, RATE_COLOUR

Row = Mapping[str, Any]
# a mark beside each evaluation's name, so that the evaluation is read from shape and text
MARKS = {"on_track": "✓", "behind": "!", "off_track": "✗", "no_target": "–", "no_value": "?"}
COLUMNS = (
    Column("name_cell", "indicator.column.indicator", kind="text"),
    Column("value_text", "indicator.column.value", kind="text", css="sr-num"),
    Column("target_text", "indicator.column.target", kind="text", css="sr-num"),
    Column("needed_text", "indicator.column.needed", kind="text", css="sr-num"),
    Column("evaluation_cell", "indicator.column.evaluation", kind="text"),
    Column("trend_text", "indicator.column.trend", kind="text"),
)
CHART_HEIGHT = 220


# The language of an indicator workbook's free text (goal, comment): the city's own.
TEXT_LANG = FALLBACK_LANG


@dataclass(frozen=True, eq=False)
class IndicatorSection:
    """The indicators of the report's period on `page`, and those of each division page."""

    data: ReportData
    page: Page
    division_pages: Sequence[tuple[str, Page]] = ()  # (division code, its page)

    @property
    def current(self) -> pd.DataFrame:
        rows = self.data.indicators
        return rows[rows["period"] == self.page.period]

    # -- page parts -------------------------------------------------------------------------

    def overview(self) -> Html:
        """Heading, the definitions, and every indicator by goal or theme with its chart."""
        heading = self.page.t("indicator.heading")
        if self.current.empty:
            return part(section("sr-indicators", heading, note(self.page.t("indicator.none"))),
                        self.page)  # fmt: skip
        body = (
            f"{note(self.page.t('indicator.definitions'))}{self._groups(self.current, self.page)}"
        )
        return part(section("sr-indicators", heading, body), self.page)

    def division_tables(self) -> Parts:
        """Each division page's indicators (those whose division is the page's)."""
        current = self.current
        return Parts(
            tuple(
                self._division_part(current[current["division"] == code], page)
                for code, page in self.division_pages
            )
        )

    # -- building blocks --------------------------------------------------------------------

    def _division_part(self, rows: pd.DataFrame, page: Page) -> Html:
        heading = page.t("indicator.division_heading")
        anchor = "sr-division-indicators"
        if rows.empty:
            return part(section(anchor, heading, note(page.t("indicator.division_none"))), page)
        return part(section(anchor, heading, self._groups(rows, page)), page)

    def _groups(self, rows: pd.DataFrame, page: Page) -> str:
        """The table of each goal or theme (its caption, an h3, names the group) and the
        group's charts."""
        shown = self._shown(rows, page)
        parts = []
        for group, members in shown.groupby("group", sort=False):
            rows_table = table(
                members,
                columns=COLUMNS,
                caption_key="indicator.caption",
                page=page,
                values={"group": group},
                text=True,
                extra_class=("sr-indicator-table",),
            )
            charts_markup = "".join(self._chart(row, page) for row in members.to_dict("records"))
            charts_block = f'<div class="sr-indicator-charts">{charts_markup}</div>'
            parts.append(f"{rows_table.markup}{charts_block}")
        return "".join(parts)

    def _shown(self, rows: pd.DataFrame, page: Page) -> pd.DataFrame:
        """The rows with their texts in the page's language, by goal or theme (in the order of
        their texts, which start with the goal's code), those without either last."""
        lang = page.lang
        theme_names = rows[f"theme_name_{lang}"]
        # a goal is free text as the city wrote it: marked in words where the page is in another
        # language (a caption cannot hold the element that would carry its lang)
        goals = rows["goal"]
        if page.lang != TEXT_LANG:
            marker = page.t(f"language.in.{TEXT_LANG}")
            goals = goals.where(goals.isna(), goals.astype(object).map(lambda g: f"{g} {marker}"))
        group = goals.where(goals.notna(), theme_names)
        records = rows.to_dict("records")
        return rows.assign(
            group=group.fillna(page.t("indicator.no_group")),
            ungrouped=group.isna(),
            name=[self._name(row, lang) for row in records],
            name_cell=[self._name_cell(row, page) for row in records],
            value_text=[self._value(row["value"], row, page) for row in records],
            target_text=[self._target(row, page) for row in records],
            needed_text=[self._value(row["needed_value"], row, page) for row in records],
            evaluation_cell=[self._evaluation(row, page) for row in records],
            trend_text=[self._trend(row, page) for row in records],
        ).sort_values(["ungrouped", "group", "sort_order"], kind="stable")

    @staticmethod
    def _name(row: Row, lang: str) -> str:
        name = row.get(f"name_{lang}")
        return str(name if not missing(name) else row["name_fi"])

    def _value(self, value: object, row: Row, page: Page) -> str:
        """A value in the indicator's unit: euros, a percentage, a count, or a number and the
        unit as written."""
        if missing(value):
            return MISSING
        number = float(value)  # type: ignore[arg-type]
        unit_code = row["unit_code"]
        if unit_code == "eur":
            return page.eur(number)
        if unit_code == "percent":
            return page.pct(number / 100, 0 if number.is_integer() else 1)
        shown = page.num(number) if number.is_integer() else fmt_decimal(number, page.lang)
        unit = row["unit"]
        return shown if unit_code == "count" or missing(unit) else f"{shown} {unit}"

    def _target(self, row: Row, page: Page) -> str:
        if missing(row["target_value"]):
            return MISSING
        return page.t(
            "indicator.target_by",
            value=self._value(row["target_value"], row, page),
            year=row["target_year"],
        )

    @staticmethod
    def _evaluation(row: Row, page: Page) -> Html:
        code = str(row["evaluation"])
        name = esc(row[f"evaluation_name_{page.lang}"])
        mark = f'<span class="sr-mark" aria-hidden="true">{MARKS.get(code, "")}</span> '
        return Html(f'<span class="sr-nowrap sr-eval sr-eval-{esc(code)}">{mark}{name}</span>')

    def _trend(self, row: Row, page: Page) -> str:
        if missing(row["trend"]):
            return MISSING
        return page.t(
            "indicator.trend_since",
            trend=row[f"trend_name_{page.lang}"],
            previous=self._value(row["previous_value"], row, page),
            period=row["previous_period"],
        )

    def _name_cell(self, row: Row, page: Page) -> Html:
        """The indicator's name, and under it the comment as written (why the value differs
        from the target) or, for a computed indicator, what it is computed from."""
        if row["computed"]:
            comment = esc(page.t(f"indicator.computed.{row['compute']}"))
        else:
            comment = "" if missing(row["comment"]) else str(row["comment"])
            comment = in_language(comment, TEXT_LANG, page).markup  # as the city wrote it
        extra = f'<span class="sr-indicator-comment">{comment}</span>' if comment else ""
        return Html(f"{esc(self._name(row, page.lang))}{extra}")

    @staticmethod
    def _value_axis(row: Row, values: Sequence[float], page: Page) -> dict[str, Any]:
        """From zero; a percentage with its sign, a count in whole-number steps."""
        axis: dict[str, Any] = {"rangemode": "tozero"}
        if row["unit_code"] == "percent":
            axis["ticksuffix"] = percent_suffix(page.lang)
        elif row["unit_code"] == "count":
            axis["dtick"] = charts.count_step(max([0.0, *values]), ticks=5)
        return axis

    def _series(self, row: Row) -> pd.DataFrame:
        rows = self.data.indicators
        series = rows[(rows["indicator"] == row["indicator"]) & rows["value"].notna()]
        return series.sort_values("period")

    def _points(self, row: Row) -> list[tuple[str, float]]:
        """(period or year, value): the baseline, then the value of each period that has one."""
        series = self._series(row)
        points = [
            (str(p), float(v)) for p, v in zip(series["period"], series["value"], strict=True)
        ]
        if points and not missing(row["baseline_value"]) and not missing(row["baseline_year"]):
            baseline = (str(int(row["baseline_year"])), float(row["baseline_value"]))
            if baseline[0] not in {p for p, _ in points}:
                points = sorted([baseline, *points])
        return points

    def figure(self, row: Row, page: Page) -> charts.Figure | None:
        """The indicator's series and its target as a dashed line to the target year; None
        for an indicator without any value yet."""
        points = self._points(row)
        if not points:
            return None
        hover = [
            esc(page.t("indicator.hover", period=p, value=self._value(v, row, page)))
            for p, v in points
        ]
        traces = [
            charts.line(x=[p for p, _ in points], y=[v for _, v in points],
                        name=esc(page.t("indicator.series.value")), hovertext=hover,
                        line={"color": RATE_COLOUR, "width": 3}, marker={"size": 8})
        ]  # fmt: skip
        if not missing(row["target_value"]):
            x = sorted({*(p for p, _ in points), str(int(row["target_year"]))})
            traces.append(
                charts.line(x=x, y=[float(row["target_value"])] * len(x), mode="lines",
                            name=esc(page.t("indicator.series.target")),
                            hovertext=[esc(self._target(row, page))] * len(x),
                            line={"color": OVERALL_COLOUR, "width": 2, "dash": "dash"})
            )  # fmt: skip
        return charts.figure(  # titled by the figure's h3 (charts.chart_figure)
            traces,
            CHART_HEIGHT,
            page.lang,
            xaxis={"type": "category"},
            yaxis=self._value_axis(row, [v for trace in traces for v in trace["y"]], page),
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        )

    def _chart(self, row: Row, page: Page) -> str:
        """The chart under its title, with its values in words as the caption."""
        fig = self.figure(row, page)
        if fig is None:
            return ""
        name = self._name(row, page.lang)
        summary = page.t(
            "indicator.chart.summary",
            name=name,
            items=", ".join(f"{p}: {self._value(v, row, page)}" for p, v in self._points(row)),
            target=self._target(row, page),
            evaluation=row[f"evaluation_name_{page.lang}"],
        )
        key = f"indicator-{pages.file_name(str(row['indicator']))}"
        return charts.chart_figure(key, fig, name, summary)
