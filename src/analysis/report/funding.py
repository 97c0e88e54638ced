"""The report's EU funding section (key figures, charts, tables) from the funding views.

Each `FundingSection` method returns one part of the overview. Nothing here computes an
indicator: the section shows the finished views of sql/marts/funding_*.sql and only chooses
labels, formats and colours. For a period without funding data `key_figures` says so and the
other parts are empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.report.components import Column, Series, bar_chart, table
from analysis.report.data import ReportData
from analysis.report.html import Html, kpis, note, part, section
from analysis.report.pages import Page, missing
from analysis.report.theme import SERIES_COLOURS

APPLICATIONS_COLOUR = SERIES_COLOURS[0]
TARGET_COLOUR = SERIES_COLOURS[1]
RUNNING_COLOUR = SERIES_COLOURS[4]
PHASE_COLOUR = SERIES_COLOURS[2]
# The figures of a division, a theme and the total, after the first column.
FIGURES = (
    Column("applications", "funding.column.applications"),
    Column("approved", "funding.column.approved"),
    Column("rejected", "funding.column.rejected"),
    Column("success_rate", "funding.column.success_rate"),
    Column("eu_contribution_eur", "funding.column.eu_contribution"),
    Column("running", "funding.column.running"),
)

Row = Mapping[str, Any]


def _number(value: object) -> float:
    """A count or an amount from a view; NULL counts as 0."""
    return 0.0 if missing(value) else float(value)


@dataclass(frozen=True, eq=False)
class FundingSection:
    """The funding figures of the report's period on `page`."""

    data: ReportData
    page: Page

    @property
    def has_data(self) -> bool:
        return not self.data.funding_overall.empty

    # -- page parts -------------------------------------------------------------------------

    def key_figures(self) -> Html:
        """Heading and the key figures: EU funding secured, applications against the target,
        success rate (with its counts), projects running and in the idea phase."""
        heading = self.page.t("funding.heading")
        if not self.has_data:
            return self._part(section("sr-funding", heading, note(self._t("funding.no_data"))))
        row = self.data.funding_overall.iloc[0]
        extra = ""
        if _number(row["not_in_register"]):
            count = self._int(row["not_in_register"])
            extra = note(self._t("funding.kpi.not_in_register", count=count))
        body = f"{kpis(self._kpis(row))}{extra}{note(self._t('funding.definitions'))}"
        return self._part(section("sr-funding", heading, body))

    def applications_chart(self) -> Html:
        """Bars per division: EU applications of the period, and the division's target as a mark
        across its bar where it has one."""
        divisions = self.data.funding_divisions
        rows = divisions[(divisions["applications"].fillna(0) != 0) | divisions["target"].notna()]
        if not self.has_data or rows.empty:
            return self._part("")
        total = self.data.funding_overall.iloc[0]
        items = "; ".join(
            self._t(
                "funding.chart.applications.item",
                name=name,
                applications=self._int(applications),
                target=self.page.num(target),
            )
            for name, applications, target in zip(
                rows["name"], rows["applications"], rows["target"], strict=True
            )
        )
        summary = self._t(
            "funding.chart.applications.summary",
            applications=self._int(total["applications"]),
            target=self.page.num(total["target"]),
            items=items,
        )
        series = [
            Series("applications", "funding.series.applications", APPLICATIONS_COLOUR,
                   self._count_hover("funding.hover.applications", "applications")),
            Series("target", "funding.series.target", TARGET_COLOUR,
                   self._count_hover("funding.hover.target", "target"), mark=True),
        ]  # fmt: skip
        return bar_chart(
            rows,
            x="name",
            y=series,
            title_key="funding.chart.applications.title",
            page=self.page,
            horizontal=True,
            axis_keys=("funding.axis.division", "funding.axis.applications"),
            summary=summary,
        )

    def programme_chart(self) -> Html:
        """Horizontal bars per programme: EU contribution secured in the period, and that of
        the projects running in it."""
        if not self.has_data:
            return self._part("")
        programmes = self.data.funding_programmes
        secured, running = "eu_contribution_eur", "running_eu_contribution_eur"
        shown = (programmes[secured].fillna(0) != 0) | (programmes[running].fillna(0) != 0)
        if not shown.any():
            return self._part(note(self._t("funding.chart.programme.empty")))
        series = [
            Series(secured, "funding.series.secured", APPLICATIONS_COLOUR,
                   self._eur_hover("funding.series.secured", secured, "approved")),
            Series(running, "funding.series.running", RUNNING_COLOUR,
                   self._eur_hover("funding.series.running", running, "running")),
        ]  # fmt: skip
        return bar_chart(
            programmes[shown],
            x="name",
            y=series,
            title_key="funding.chart.programme.title",
            page=self.page,
            horizontal=True,
            axis_keys=("funding.axis.programme", "funding.axis.eur"),
            summary_key="funding.chart.programme.summary",
            key="funding-programmes",
        )

    def pipeline_chart(self) -> Html:
        """Bars of the projects in each phase at the end of the period, with a sentence on why
        its counts differ from the key figures' (running during the period, approved in it)."""
        rows = self.data.funding_pipeline
        if not self.has_data or rows.empty:
            return self._part("")
        items = ", ".join(
            f"{name} {self._int(n)}" for name, n in zip(rows["name"], rows["projects"], strict=True)
        )
        chart = bar_chart(
            rows,
            x="name",
            y="projects",
            title_key="funding.chart.pipeline.title",
            page=self.page,
            axis_keys=("funding.axis.phase", "funding.axis.projects"),
            colour=PHASE_COLOUR,
            hover=lambda row: self._t(
                "funding.hover.phase",
                count=self._int(row["projects"]),
                eur=self.page.eur(_number(row["eu_contribution_eur"])),
            ),
            summary=self._t("funding.chart.pipeline.summary", items=items),
        )
        # the key figures count differently: say so beside the figures that differ
        notes = note(self._t("note.running_vs_phase")) + note(self._t("note.approved_vs_granted"))
        return self._part(chart.markup + notes)

    def division_table(self) -> Html:
        """Applications, target, decisions, success rate and euros per division, with the total."""
        if not self.has_data or self.data.funding_divisions.empty:
            return self._part("")
        total = self.data.funding_overall.assign(name=self._t("funding.total"))
        return table(
            self.data.funding_divisions,
            page=self.page,
            foot=total,
            columns=[
                Column("name", "funding.column.division"),
                Column("target", "funding.column.target"),
                *FIGURES,
            ],
            caption_key="funding.table.division.caption",
        )

    def theme_table(self) -> Html:
        """Applications, decisions, success rate and euros per theme."""
        if not self.has_data:
            return self._part("")
        if self.data.funding_themes.empty:
            return self._part(note(self._t("funding.table.theme.empty")))
        return table(
            self.data.funding_themes,
            page=self.page,
            columns=[Column("name", "funding.column.theme"), *FIGURES],
            caption_key="funding.table.theme.caption",
            note_key="funding.table.theme.note",
        )

    def follow_up_table(self) -> Html:
        """The projects that ended within the last two years: their results are followed."""
        if not self.has_data:
            return self._part("")
        if self.data.funding_follow_up.empty:
            return self._part(note(self._t("funding.table.follow_up.empty")))
        columns = {
            "label": "funding.column.project",
            "division_name": "funding.column.division",
            "programme_name": "funding.column.programme",
            "end_on": "funding.column.ended",
            "follow_up_until": "funding.column.follow_up_until",
            "eu_contribution_eur": "funding.column.eu_total",
        }
        return table(
            self.data.funding_follow_up,
            columns=columns,
            page=self.page,
            caption_key="funding.table.follow_up.caption",
            note_key="funding.table.follow_up.note",
            values={"years": self._int(self.data.funding_overall.iloc[0]["follow_up_years"])},
        )

    # -- helpers ----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return self.page.t(key, **values)

    def _part(self, markup: str) -> Html:
        return part(markup, self.page)

    def _int(self, value: object) -> str:
        """A count; NULL counts as 0."""
        return self.page.num(_number(value))

    def _count_hover(self, key: str, column: str) -> Callable[[Row], str]:
        """The hover text of a bar of a count: `key` with the count; `–` when missing."""
        return lambda row: self._t(key, count=self.page.num(row[column]))

    def _eur_hover(self, label_key: str, amount: str, count: str) -> Callable[[Row], str]:
        """The hover text of a bar of euros: the series, the amount and the projects."""
        label = self._t(label_key)
        return lambda row: self._t(
            "funding.hover.eur",
            label=label,
            eur=self.page.eur(_number(row[amount])),
            count=self._int(row[count]),
        )

    def _kpis(self, row: pd.Series) -> list[tuple[str, str, str]]:
        page = self.page
        decided = _number(row["approved"]) + _number(row["rejected"])
        if missing(row["target"]):
            applications = self._int(row["applications"])
            attainment = self._t("funding.kpi.no_target_note")
        else:
            applications = self._t(
                "funding.kpi.applications_value",
                applications=self._int(row["applications"]),
                target=self._int(row["target"]),
            )
            attainment = self._t(
                "funding.kpi.attainment_note",
                rate=page.pct(row["target_attainment"], 1),
                divisions=self._int(row["divisions_with_target"]),
            )
        return [
            (
                self._t("funding.kpi.secured"),
                page.eur(_number(row["eu_contribution_eur"])),
                self._t(
                    "funding.kpi.secured_note",
                    approved=self._int(row["approved"]),
                    total=page.eur(_number(row["total_budget_eur"])),
                    own=page.eur(_number(row["own_financing_eur"])),
                ),
            ),
            (self._t("funding.kpi.applications"), applications, attainment),
            (
                self._t("funding.kpi.success_rate"),
                page.pct(row["success_rate"], 1),
                self._t(
                    "funding.kpi.success_note",
                    approved=self._int(row["approved"]),
                    decided=self._int(decided),
                    rejected=self._int(row["rejected"]),
                ),
            ),
            (
                self._t("funding.kpi.running"),
                self._int(row["running"]),
                self._t(
                    "funding.kpi.running_note",
                    eur=page.eur(_number(row["running_eu_contribution_eur"])),
                    follow_up=self._int(row["follow_up"]),
                ),
            ),
            (
                self._t("funding.kpi.idea"),
                self._int(row["idea"]),
                self._t(
                    "funding.kpi.idea_note",
                    preparation=self._int(row["preparation"]),
                    awaiting=self._int(row["awaiting_decision"]),
                ),
            ),
        ]
