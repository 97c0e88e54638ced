"""Parts of the division pages: one page per division of the period, all from one notebook.

They come from the same report notebook (30_report) as the overview, which runs once per
language: each of its last cells calls one `DivisionPages` method, which returns that part of
every division's page (`Parts`, one output each). Every part names its page in its display
metadata (`divisions/<code>.html`, see analysis.report.pages), and analysis.report.render
splits the executed notebook into pages by it. A city with 50 divisions thus costs no kernel,
notebook execution or database read more than a city with one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import analysis
from analysis.i18n import fmt_date, t
from analysis.report import overview as report
from analysis.report import pages
from analysis.report.overview import (
    OVERALL_COLOUR,
    RATE_COLOUR,
    Html,
    Parts,
    Report,
    esc,
    html_table,
)


@dataclass(frozen=True, eq=False)
class DivisionPage:
    """One division's page of the period in the report's language."""

    report: Report
    code: str
    name: str
    rows: pd.DataFrame  # completion_by_division of this division, one row per period
    measures: pd.DataFrame  # division_measures of this division in the period, in sheet order

    @property
    def page(self) -> str:
        return pages.division_page(self.code)

    @property
    def title(self) -> str:
        return self._t("division.page_title", division=self.name, period=self.report.period)

    def header(self) -> Html:
        """Links back to the overview and to this page in the other language, then the name."""
        overview = pages.href(self.page, pages.INDEX)
        crumbs = (
            f'<li><a href="{esc(overview)}">{esc(self.report.title)}</a></li>'
            f"<li>{self.report.language_links(self.page)}</li>"
        )
        subtitle = self._t("division.subtitle", period=self.report.period)
        return self._html(
            '<header class="sr-header">'
            f'<nav aria-label="{esc(self._t("division.nav"))}">'
            f'<ul class="sr-crumbs">{crumbs}</ul></nav>'
            f"<h1>{esc(self.name)}</h1>"
            f'<p class="sr-subtitle">{esc(subtitle)}</p>'
            "</header>"
        )

    def key_figures(self) -> Html:
        """The division's completion rate, its change, its measures and counts by status."""
        city = int(self.report.overall_row()["measures"])
        note = self._t("division.city_measures", total=self.report.num(city))
        return self._html(self.report.key_figures_of(self.rows, note))

    def measures_table(self) -> Html:
        """Every measure of the division under its goal: status, progress and the report as
        written in the sheet."""
        header = [
            self._t("column.measure_id"),
            self._t("column.measure"),
            self._t("column.themes"),
            self._t("column.status"),
            self._t("column.progress"),
            self._t("column.report"),
        ]
        groups: dict[str, list[list[report.Cell]]] = {}
        for row in report.records(self.measures):
            groups.setdefault(report.text_of(row["goal"]), []).append(
                [
                    report.text_of(row["measure_id"]),
                    report.text_of(row["measure"]),
                    report.text_of(row[f"themes_{self.report.lang}"]),
                    self.report.status_cell(row["status"]),
                    self.report.progress(row["progress_pct"]),
                    report.text_of(row["report"]),
                ]
            )
        table = html_table(
            self._t("division.measures_caption", period=self.report.period),
            header,
            (),
            text=True,
            groups=[(self._t("division.goal", goal=goal), rows) for goal, rows in groups.items()],
            cell_class=("", "", "", "sr-num", "sr-free"),
        )
        return self._html(table)

    def trend_chart(self) -> Html:
        """The division's completion rate by period beside the whole city's."""
        title = self._t("chart.trend.title")
        series = [
            (self.name, self.rows, RATE_COLOUR, 4),
            (self._t("chart.trend.overall"), self.report.overall, OVERALL_COLOUR, 2),
        ]
        summary = self._t(
            "division.trend_summary",
            items=self.report.trend_items(self.rows),
            city=self.report.trend_items(self.report.overall),
        )
        return self._html(
            self.report.trend_figure(f"trend-{pages.file_name(self.code)}", title, series, summary)
        )

    def footer(self) -> Html:
        """Definition of the rate, the division's source files, render date and code version."""
        sources = sorted(set(self.measures["source_file"].dropna().astype(str)))
        appendix = f"{pages.href(self.page, pages.INDEX)}#sr-provenance"
        facts = [
            (self._t("division.sources"), ", ".join(sources)),
            (self._t("footer.data_rows"), self.report.num(len(self.measures))),
            (self._t("footer.rendered"), fmt_date(self.report.rendered_on, self.report.lang)),
            (self._t("footer.version"), analysis.__version__),
        ]
        link = f'<p><a href="{esc(appendix)}">{esc(self._t("provenance.heading"))}</a></p>'
        return self._html(self.report.footer_of(facts, extra=link))

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.report.lang, **values)

    def _html(self, markup: str) -> Html:
        return Html(markup, page=self.page, title=self.title)


@dataclass(frozen=True, eq=False)
class DivisionPages:
    """The pages of every division of the period; each method gives one part of every page."""

    report: Report
    pages: tuple[DivisionPage, ...]

    def headers(self) -> Parts:
        """Each page's links to the overview and the other language, and its title."""
        return Parts(tuple(page.header() for page in self.pages))

    def key_figures(self) -> Parts:
        """Each division's completion rate, change, measures and counts by status."""
        return Parts(tuple(page.key_figures() for page in self.pages))

    def measures(self) -> Parts:
        """Each division's measures by goal with status, progress and report."""
        return Parts(tuple(page.measures_table() for page in self.pages))

    def trends(self) -> Parts:
        """Each division's completion rate by period beside the whole city's."""
        return Parts(tuple(page.trend_chart() for page in self.pages))

    def footers(self) -> Parts:
        """Each page's definition, sources, date and version."""
        return Parts(tuple(page.footer() for page in self.pages))


def division_pages(base: Report) -> DivisionPages:
    """A page for each division that has measures in the report's period, in config order."""
    current = base.divisions[base.divisions["period"] == base.period]
    trends = dict(tuple(base.divisions.groupby("division", sort=False)))
    measures = dict(
        tuple(base.measures.groupby("division", sort=False))
    )  # one pass, not one a page
    built = []
    for row in current.to_dict("records"):
        code = str(row["division"])
        built.append(
            DivisionPage(
                report=base,
                code=code,
                name=str(row["name"]),
                rows=trends[code],
                measures=measures.get(code, base.measures.iloc[0:0]),
            )
        )
    return DivisionPages(report=base, pages=tuple(built))


def load(period: str, lang: str, db_path: str | Path) -> DivisionPages:
    """Read the finished tables (as analysis.report.load) and prepare every division's page."""
    return division_pages(report.load(period=period, lang=lang, db_path=db_path))
