"""The report of one period in one language: its overview page, its sections and its division
pages, from one read of the finished tables.

The report notebook calls `load` once, then one method per cell, e.g. `report.header()`,
`report.completion.key_figures()`, `report.funding.applications_chart()`,
`report.divisions.headers()`; each returns an `Html` (or `Parts`) that Jupyter shows as
text/html. Where each section lives:

- analysis.report.completion: key figures, completion by division and theme, matrix, trend
- analysis.report.attention: the measures needing attention
- analysis.report.funding: EU funding; analysis.report.cycle: changes and data quality
- analysis.report.provenance: the appendix on provenance and the footers
- analysis.report.divisions: the division pages
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from analysis.i18n import LANGS
from analysis.report import assets, data
from analysis.report.attention import Attention
from analysis.report.completion import Completion
from analysis.report.cycle import CycleSection
from analysis.report.data import ReportData
from analysis.report.divisions import DivisionPages, division_pages
from analysis.report.funding import FundingSection
from analysis.report.html import Html, esc, language_links, part
from analysis.report.pages import Page, run_languages
from analysis.report.provenance import Provenance


@dataclass(frozen=True, eq=False)
class Report:
    """The finished tables of one period (`data`) and the overview page (`page`) they go on."""

    data: ReportData
    page: Page

    @property
    def title(self) -> str:
        return self.page.t("report.title")

    @cached_property
    def completion(self) -> Completion:
        return Completion(self.data, self.page)

    @cached_property
    def attention(self) -> Attention:
        return Attention(self.data, self.page)

    @cached_property
    def funding(self) -> FundingSection:
        return FundingSection(self.data, self.page)

    @cached_property
    def cycle(self) -> CycleSection:
        return CycleSection(self.data, self.page)

    @cached_property
    def divisions(self) -> DivisionPages:
        return division_pages(self.data, self.page)

    def assets(self) -> Html:
        """The CSS and plotly.js inline, for every page of the notebook."""
        return assets.inline()

    def header(self) -> Html:
        """Title, subtitle, links to the same page in the run's other languages, and the
        headline: how things stand, in a sentence built from the figures."""
        subtitle = esc(self.page.t("report.subtitle"))
        headline = esc(self.completion.headline())
        links = language_links(self.page)  # none in a run of one language
        other = f'<p class="sr-lang">{links}</p>' if links else ""
        return part(
            '<header class="sr-header">'
            f"<h1>{esc(self.title)}</h1>"
            f'<p class="sr-subtitle">{subtitle}</p>{other}'
            f'<p class="sr-headline">{headline}</p>'
            "</header>",
            self.page,
        )

    def provenance(self) -> Html:
        """Appendix: input files, rows rejected, warnings let through, what produced the page."""
        return Provenance(self.data, self.page).appendix()

    def footer(self) -> Html:
        """Definition of the rate, sources, render date and code version."""
        return Provenance(self.data, self.page).footer()


def load(
    period: str,
    lang: str,
    db_path: str | Path,
    langs: str | Sequence[str] = LANGS,
) -> Report:
    """The report of `period` in `lang` from the DuckDB file (read once, read-only); `langs` are
    the run's languages (`"fi,en"`), to which the pages link."""
    tables = data.load(period, lang, db_path)
    if period not in set(tables.overall["period"]):
        raise ValueError(f"{db_path}: completion_overall has no row for period {period!r}")
    return Report(tables, Page(lang=lang, period=period, langs=run_languages(langs)))
