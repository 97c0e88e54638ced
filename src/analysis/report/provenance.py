"""What a page is made from: the overview's appendix on provenance, and the footer of every page.

The appendix lists the period's input files with their SHA-256 and rows, the rows rejected, the
warnings an ingest let through (worded in the page's language from locales/problems.yml by
their code) and the code version; a footer defines the completion rate and names the sources,
the date and the version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from analysis.problems import worded
from analysis.report.data import ReportData
from analysis.report.html import (
    Html,
    esc,
    facts,
    html_table,
    link,
    location,
    note,
    part,
    section,
    text_of,
)
from analysis.report.pages import (
    ACCESSIBILITY,
    OPEN_DATA,
    Page,
    href,
    open_data_href,
    workbook_href,
    workbook_name,
)

Row = Mapping[str, Any]
ANCHOR = "sr-provenance-h"
HASH_SHOWN = 12  # characters of a SHA-256 shown; the whole digest is the cell's title


def hash_cell(digest: object) -> Html:
    """A file's SHA-256 shortened to its first characters, the whole digest in its title (and
    in indicators.xlsx): enough to tell files apart, and never wrapped a character a line."""
    whole = text_of(digest)
    return Html(f'<code class="sr-hash" title="{esc(whole)}">{esc(whole[:HASH_SHOWN])}</code>')


def footer(
    page: Page, status_names: Mapping[str, str], pairs: Sequence[tuple[str, str]], extra: str = ""
) -> str:
    """A page's footer: the definition of the completion rate, the facts `pairs`, `extra`."""
    definition = page.t(
        "footer.definition",
        done_status=status_names["done"],
        cancelled_status=status_names["cancelled"],
    )
    return (
        '<footer class="sr-footer">'
        f"<h2>{esc(page.t('footer.heading'))}</h2>"
        f"<p>{esc(definition)}</p><dl>{facts(pairs)}</dl>{extra}</footer>"
    )


def workbook_anchor(page: Page) -> Html:
    """A link from the page to the period's indicators.xlsx, every table of the report as a
    workbook."""
    name = workbook_name(page.lang, page.langs)
    return link(workbook_href(page.path, name), page.t("nav.workbook", file=name))


def workbook_link(page: Page) -> str:
    """A paragraph linking the page to the period's indicators.xlsx, every table of the report
    as a workbook."""
    name = workbook_name(page.lang, page.langs)
    href = esc(workbook_href(page.path, name))
    return f'<p><a href="{href}">{esc(page.t("footer.workbook", file=name))}</a></p>'


def appendix_heading(page: Page) -> str:
    """The appendix's heading: a public report's has no data quality in it."""
    if page.shows_quality:
        return page.t("provenance.heading")
    return page.t("provenance.public_heading")


def footer_links(page: Page) -> str:
    """The links of every page's footer: the workbook, the open data, the accessibility
    statement."""
    data = esc(open_data_href(page.path))
    statement = esc(href(page.path, ACCESSIBILITY))
    return (
        workbook_link(page)
        + f'<p><a href="{data}">{esc(page.t("footer.open_data", file=OPEN_DATA))}</a></p>'
        + f'<p><a href="{statement}">{esc(page.t("a11y.link"))}</a></p>'
    )


@dataclass(frozen=True, eq=False)
class Provenance:
    """The period's inputs and what produced the overview `page`."""

    data: ReportData
    page: Page

    @property
    def data_rows(self) -> int:
        files = self.data.files
        return int(files["data_rows"].sum()) if len(files) else 0

    def appendix(self) -> Html:
        """Input files with their SHA-256 (the first 12 characters shown, the whole in the
        title) and rows, rows rejected, warnings not listed elsewhere, and the date. The code
        version is in the run's record (run.json) and the executed notebooks, not on the page.
        A public report leaves out the hashes and the warnings."""
        page, files, problems = self.page, self.data.files, self.data.problems
        pairs = [
            (page.t("provenance.period"), page.period),
            (page.t("footer.input_files"), page.num(len(files))),
            (page.t("footer.data_rows"), page.num(self.data_rows)),
            (page.t("provenance.rejected"), page.num(0)),
            *(
                [(page.t("provenance.warnings"), page.num(len(problems)))]
                if page.shows_quality
                else []
            ),
            (page.t("footer.rendered"), page.long_date(page.rendered_on)),
        ]
        hashed = page.audience.shows_hashes
        # what was rejected; an internal report's note adds that the warnings are listed
        note_key = "provenance.rejected_note" if page.shows_quality else "provenance.public_note"
        parts = [
            f'<dl class="sr-facts">{facts(pairs)}</dl>',
            f"<p>{esc(page.t(note_key))}</p>",
            html_table(
                page.t("provenance.files_caption"),
                [
                    page.t("column.source_file"),
                    page.t("column.data_rows"),
                    *([page.t("column.sha256")] if hashed else []),
                ],
                [
                    [text_of(name), page.num(rows), *([hash_cell(code)] if hashed else [])]
                    for name, rows, code in zip(
                        files["source_file"], files["data_rows"], files["file_sha256"], strict=True
                    )
                ],
                text=True,
                cell_class=("sr-num", "") if hashed else ("sr-num",),
            ),
            *([note(page.t("provenance.hash_note"))] if hashed else []),
        ]
        if page.shows_quality:  # warnings, and corrections naming who made them: internal only
            parts.append(
                self._warnings(problems)
                if len(problems)
                else note(page.t("provenance.no_problems"))
            )
            parts.append(self._corrections())
        heading = appendix_heading(page)
        body = "\n".join(parts)
        return part(section(ANCHOR, heading, body, section_id="sr-provenance"), page)

    def _warnings(self, problems: Any) -> str:  # the period's raw_problem rows (a DataFrame)
        """The warnings that are not data-quality findings, worded in the page's language."""
        page = self.page
        return html_table(
            page.t("provenance.problems_caption"),
            [page.t("column.location"), page.t("column.message"), page.t("column.fix")],
            [
                [self._location(row), *self._problem_text(row)]
                for row in problems.to_dict("records")
            ],
            text=True,
        )

    def _corrections(self) -> str:
        """The analyst's corrections of config/corrections.yml: where, what, why, who; the new
        value is "row left out" for a skipped row, and a correction not applied says why."""
        page, rows = self.page, self.data.corrections
        if not len(rows):
            return note(page.t("provenance.no_corrections"))

        def name(row: Row, column: str) -> str:
            return text_of(row.get(f"{column}_name_{page.lang}")) or text_of(row[column])

        body = []
        for row in rows.to_dict("records"):
            new = text_of(row["new_value"])
            if row["correction_action"] != "set":
                new = name(row, "correction_action")
            if row["correction_state"] != "applied":
                new = (
                    f"{new} ({name(row, 'correction_state')})"
                    if new
                    else name(row, "correction_state")
                )
            why = page.t(
                "provenance.correction_reason",
                reason=text_of(row["reason"]),
                by=text_of(row["corrected_by"]),
            )
            body.append(
                [self._cell_of(row), name(row, "field"), text_of(row["was_value"]), new, why]
            )
        table = html_table(
            page.t("provenance.corrections_caption"),
            [
                page.t("column.location"),
                page.t("column.field"),
                page.t("column.was_value"),
                page.t("column.new_value"),
                page.t("column.correction_reason"),
            ],
            body,
            text=True,
        )
        return f"<p>{esc(page.t('provenance.corrections_note'))}</p>{table}"

    def footer(self) -> Html:
        """Definition of the rate, sources, render date and code version."""
        page = self.page
        pairs = [
            (page.t("footer.input_files"), page.num(len(self.data.files))),
            (page.t("footer.data_rows"), page.num(self.data_rows)),
            (page.t("footer.rendered"), page.long_date(page.rendered_on)),
        ]
        return part(footer(page, self.data.status_names, pairs, extra=footer_links(page)), page)

    def _problem_text(self, row: Row) -> tuple[str, str]:
        """A warning's message and fix in the page's language (see `analysis.problems.worded`)."""
        return worded(row, self.page.lang)

    def _cell_of(self, row: Row) -> Html:
        """A corrected cell as its file (which may wrap at `/` and `_`) and, on a line of its
        own, `Sheet!F12`: a narrow cell, so that the table fits a phone and an A4 page."""
        where = f"{text_of(row['sheet'])}!{text_of(row['cell'])}"
        name = esc(text_of(row["source_file"])).replace("/", "/<wbr>").replace("_", "_<wbr>")
        return Html(f"{name}<br>{esc(where)}")

    def _location(self, row: Row) -> str:
        """`file`, `file [Sheet]` or `file [Sheet!F12]`, as the command line writes it."""
        return location(row["source_file"], row["sheet"], row["cell"])
