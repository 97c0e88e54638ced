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
from functools import cached_property

import pandas as pd

from analysis.report import pages
from analysis.report.completion import Completion, Line, division_lines
from analysis.report.components import Column, body_rows, table
from analysis.report.data import TEXT_FIELDS, ReportData
from analysis.report.html import (
    MAIN,
    Html,
    Parts,
    each_once,
    esc,
    heading,
    language_links,
    link,
    listed,
    page_top,
    part,
    records,
    text_of,
)
from analysis.report.language import in_language, in_languages_markup
from analysis.report.pages import Page
from analysis.report.provenance import appendix_heading, footer, footer_links, workbook_anchor
from analysis.report.theme import OVERALL_COLOUR, RATE_COLOUR, status_cells

# The columns of a division's measures: id, measure, themes, status (a `status_cell` column),
# progress and the report as written.
MEASURE_COLUMNS = (
    Column("measure_id", "column.measure_id"),
    Column("measure", "column.measure", markup=True),
    Column("themes", "column.themes"),
    Column("status_cell", "column.status"),
    Column("progress_pct", "column.progress", css="sr-num"),
    Column("report", "column.report", css="sr-free", markup=True),
)
MEASURES = "sr-measures"


@dataclass(frozen=True, eq=False)
class DivisionPage:
    """One division's page of the period in the report's language."""

    data: ReportData
    page: Page  # on divisions/<code>.html, titled by the division
    code: str
    name: str
    name_lang: str  # the language of `name`: the page's, or Finnish where config lacks it
    rows: Line  # completion_by_division of this division, one row per period
    city: Line  # completion_overall: the whole city's rows, shared by every division's page
    # the division's measures in the period, in sheet order: the rows of their table
    # (`components.body_rows` of `shown_measures`), the goal of each as shown, and the files
    measure_rows: list[str]
    goals: list[Html]
    sources: list[str]

    @cached_property
    def completion(self) -> Completion:
        return Completion(self.data, self.page, self.city)

    def header(self) -> Html:
        """A skip link, links back to the overview, to this page in the other languages and to
        indicators.xlsx, then the name."""
        page = self.page
        overview = link(pages.href(page.path, pages.INDEX), page.t("report.title"))
        links = [overview, *language_links(page), workbook_anchor(page)]
        name = in_language(self.name, self.name_lang, page).markup
        return part(
            '<header class="sr-header">'
            f"{page_top(page, links)}"
            f'<h1 id="{MAIN}" tabindex="-1">{name}</h1>'
            f'<p class="sr-subtitle">{esc(page.t("division.subtitle"))}</p>'
            "</header>",
            page,
        )

    def key_figures(self) -> Html:
        """The division's completion rate, its change, its measures and counts by status."""
        city = self.completion.overall_row()["measures"]
        note = self.page.t("division.city_measures", total=self.page.num(city))
        return self.completion.key_figures_of(self.rows, note)

    def measures_table(self) -> Html:
        """Every measure of the division under its goal: status, progress and the report as
        written in the sheet; each row has the measure's anchor (`pages.measure_anchor`), to
        which the overview's list of measures needing a decision links."""
        listed = table(
            pd.DataFrame({"goal": self.goals}),
            columns=MEASURE_COLUMNS,
            caption_key="division.measures_caption",
            page=self.page,
            group_by="goal",
            group_key="division.goal",
            text=True,
            rows=self.measure_rows,  # with each measure's anchor
        )
        return part(heading(MEASURES, self.page.t("section.measures")) + listed.markup, self.page)

    def trend_chart(self) -> Html:
        """The division's completion rate by period beside the whole city's."""
        overall = self.completion.overall
        series = [
            (self.name, self.rows, RATE_COLOUR, 4, 0),
            (self.page.t("chart.trend.overall"), overall, OVERALL_COLOUR, 2, 1),
        ]
        summary = self.page.t(
            "division.trend_summary",
            items=self.completion.trend_items(self.rows),
            city=self.completion.trend_items(overall),
        )
        key = f"trend-{pages.file_name(self.code)}"
        return self.completion.trend_figure(key, series, summary)

    def footer(self) -> Html:
        """Definition of the rate, the division's source files, render date and code version."""
        page = self.page
        appendix = f"{pages.href(page.path, pages.INDEX)}#sr-provenance"
        pairs = [
            (page.t("division.sources"), ", ".join(self.sources)),
            (page.t("footer.data_rows"), page.num(len(self.measure_rows))),
            (page.t("footer.rendered"), page.long_date(page.rendered_on)),
        ]
        link = f'<p><a href="{esc(appendix)}">{esc(appendix_heading(page))}</a></p>'
        link += footer_links(page)
        return part(footer(page, self.data.status_names, pairs, extra=link), page)


@dataclass(frozen=True, eq=False)
class DivisionPages:
    """The pages of every division of the period; each method gives one part of every page."""

    pages: tuple[DivisionPage, ...]

    def headers(self) -> Parts:
        """Each page's links to the overview and the other languages, and its title."""
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


def shown_measures(measures: pd.DataFrame, data: ReportData, page: Page) -> pd.DataFrame:
    """`measures` with the cells of MEASURE_COLUMNS as a page in `page`'s language shows them
    (every division's at once): the goal, measure and report as markup in their language, the
    themes' names, the status with its colour, the row's anchor."""
    texts = {
        field: in_languages_markup(measures[field], measures[f"{field}_lang"], page)
        for field in TEXT_FIELDS
    }
    return measures.assign(
        **texts,
        themes=measures[f"themes_{page.lang}"],
        status_cell=status_cells(listed(measures["status"]), data.status_names),
        anchor=[pages.measure_anchor(m) for m in listed(measures["measure_id"])],
    )


def division_pages(data: ReportData, overview: Page) -> DivisionPages:
    """A page for each division that has measures in the report's period, in config order; each
    page is of the same report as `overview` (language, period, the run's languages). The
    measures of every division are shown and their rows built at once, then split by page."""
    divisions = data.divisions
    current = divisions[divisions["period"] == overview.period]
    trends = division_lines(divisions)
    city = records(data.overall)  # the whole city's line, the same on every page
    measures = data.measures.reset_index(drop=True)
    shown = shown_measures(measures, data, overview)
    rows = body_rows(shown, MEASURE_COLUMNS, overview, anchor="anchor")
    goals = each_once(shown["goal"], Html)  # a goal's heading markup, shared by its measures
    files = [text_of(f) for f in listed(measures["source_file"])]
    positions = measures.groupby("division", sort=False).indices  # one pass, not a page each
    built = []
    for code, name, name_lang in zip(
        current["division"].astype(str),
        current["name"].astype(str),
        current["name_lang"],
        strict=True,
    ):
        title = overview.t("division.page_title", division=name)
        own = positions.get(code, [])
        built.append(
            DivisionPage(
                data=data,
                page=overview.on(pages.division_page(code), title),
                code=code,
                name=name,
                name_lang=name_lang,
                rows=trends[code],
                city=city,
                measure_rows=[rows[i] for i in own],
                goals=[goals[i] for i in own],
                sources=sorted({files[i] for i in own if files[i]}),
            )
        )
    return DivisionPages(pages=tuple(built))
