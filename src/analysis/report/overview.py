"""The report of one period in one language: its overview page, its sections and its division
pages, from one read of the finished tables.

The report notebook calls `load` once, then one method per cell, e.g. `report.header()`,
`report.decisions.table()`, `report.funding.applications_chart()`,
`report.divisions.headers()`; each returns an `Html` (or `Parts`) that Jupyter shows as
text/html. Where each section lives:

- analysis.report.completion: key figures, completion by division and theme, matrix, trend
- analysis.report.decisions: the measures needing a decision, first after the headline
- analysis.report.funding: EU funding; analysis.report.cycle: changes and data quality
- analysis.report.indicators: indicators with targets (overview and division pages)
- analysis.report.provenance: the appendix on provenance and the footers
- analysis.report.divisions: the division pages
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from analysis.i18n import LANGS
from analysis.publication import Publication, load_publication
from analysis.report import assets, data, pages
from analysis.report.accessibility import AccessibilityStatement
from analysis.report.completion import Completion
from analysis.report.cycle import CycleSection
from analysis.report.data import ReportData
from analysis.report.decisions import Decisions
from analysis.report.divisions import DivisionPages, division_pages
from analysis.report.funding import FundingSection
from analysis.report.html import (
    MAIN,
    Html,
    Parts,
    contents,
    esc,
    heading,
    language_links,
    link,
    page_top,
    part,
)
from analysis.report.indicators import IndicatorSection
from analysis.report.pages import Page, missing, run_languages
from analysis.report.provenance import ANCHOR as PROVENANCE
from analysis.report.provenance import Provenance, appendix_heading, workbook_anchor

COMPLETION = "sr-completion"
# The overview's sections in the contents list: (anchor of the h2, catalogue key of its text).
CONTENTS = (
    ("sr-decisions", "decisions.heading"),
    ("sr-key-figures", "key_figures.heading"),
    (COMPLETION, "section.completion"),
    ("sr-indicators", "indicator.heading"),
    ("sr-funding", "funding.heading"),
    ("sr-changes", "cycle.changes.heading"),
    ("sr-quality", "cycle.quality.heading"),
    (PROVENANCE, "provenance.heading"),
)


@dataclass(frozen=True, eq=False)
class Report:
    """The finished tables of one period (`data`) and the overview page (`page`) they go on."""

    data: ReportData
    page: Page
    reports_dir: Path | None = None  # where the periods' reports are published (`--out`)
    publication: Publication = field(default_factory=Publication)  # publication.yml

    @property
    def title(self) -> str:
        return self.page.t("report.title")

    @cached_property
    def completion(self) -> Completion:
        return Completion(self.data, self.page)

    @cached_property
    def funding(self) -> FundingSection:
        return FundingSection(self.data, self.page)

    @cached_property
    def cycle(self) -> CycleSection:
        return CycleSection(self.data, self.page)

    @cached_property
    def divisions(self) -> DivisionPages:
        return division_pages(self.data, self.page)

    @cached_property
    def decisions(self) -> Decisions:
        return Decisions(self.data, self.page)

    @cached_property
    def indicators(self) -> IndicatorSection:
        pages = tuple((page.code, page.page) for page in self.divisions.pages)
        return IndicatorSection(self.data, self.page, pages)

    def assets(self) -> Parts:
        """The CSS inline for every page of the notebook, plotly.js for each page with a
        chart."""
        return assets.inline()

    def header(self) -> Html:
        """A skip link; links to the same page in the run's other languages, to indicators.xlsx
        and to the previous period's report (when it is in the reports folder); the title, the
        headline (how things stand, in a sentence built from the figures) and the contents."""
        page = self.page
        links = [*language_links(page), workbook_anchor(page)]
        # the sections in the contents list; a public report has no data quality
        entries = [
            (anchor, appendix_heading(page) if anchor == PROVENANCE else page.t(key))
            for anchor, key in CONTENTS
            if page.shows_quality or anchor != "sr-quality"
        ]
        previous = self.previous_report()
        if previous is not None:
            links.append(link(previous[1], page.t("nav.previous", previous=previous[0])))
        return part(
            '<header class="sr-header">'
            f"{page_top(page, links)}"
            f'<h1 id="{MAIN}" tabindex="-1">{esc(self.title)}</h1>'
            f'<p class="sr-subtitle">{esc(page.t("report.subtitle"))}</p>'
            f'<p class="sr-headline">{esc(self.completion.headline())}</p>'
            f"{contents(page, entries)}"
            "</header>",
            page,
        )

    def completion_heading(self) -> Html:
        """The heading of the completion section: its charts and tables follow as h3s."""
        return part(heading(COMPLETION, self.page.t("section.completion")), self.page)

    def previous_report(self) -> tuple[str, str] | None:
        """(period, link) of the previous loaded period's report in this language, when it is in
        the reports folder the run publishes to."""
        row = self.completion.overall_row()
        previous = row["previous_period"]
        if self.reports_dir is None or missing(previous):
            return None
        if not (self.reports_dir / str(previous) / self.page.lang / pages.INDEX).is_file():
            return None
        return str(previous), pages.period_href(self.page.path, str(previous), self.page.lang)

    def provenance(self) -> Html:
        """Appendix: input files, rows rejected, warnings let through, what produced the page."""
        return Provenance(self.data, self.page).appendix()

    def footer(self) -> Html:
        """Definition of the rate, sources, render date and code version."""
        return Provenance(self.data, self.page).footer()

    def accessibility(self) -> Html:
        """The accessibility statement, a page of its own (accessibility.html)."""
        return AccessibilityStatement(self.data, self.page, self.publication).html()


def load(
    period: str,
    lang: str,
    db_path: str | Path,
    langs: str | Sequence[str] = LANGS,
    reports_dir: str | Path | None = None,
    audience: str = "internal",
    config_dir: str | Path | None = None,
) -> Report:
    """The report of `period` in `lang` from the DuckDB file (read once, read-only); `langs` are
    the run's languages (`"fi,en"`), to which the pages link; `reports_dir` is the folder the
    reports are published to (`reports/`), where the previous period's report may be;
    `audience` is who it is for, and `config_dir`'s publication.yml gives the accessibility
    statement's facts."""
    tables = data.load(period, lang, db_path)
    if period not in set(tables.overall["period"]):
        raise ValueError(f"{db_path}: completion_overall has no row for period {period!r}")
    publication = load_publication(config_dir) if config_dir else Publication()
    page = Page(
        lang=lang,
        period=period,
        langs=run_languages(langs),
        audience=publication.audience(audience),
    )
    return Report(tables, page, Path(reports_dir) if reports_dir else None, publication)
