"""The overview's list of measures needing attention: delayed and not started, most urgent first,
with the divisions' reports on them as written."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.report.components import Column, table
from analysis.report.data import ReportData
from analysis.report.html import Html, division_link, esc, note, part, section
from analysis.report.pages import LIST_ROWS, Page
from analysis.report.theme import status_cells


def measure_columns(third: Column) -> tuple[Column, ...]:
    """The columns of a list of measures (here, and on a division's page): id, measure, `third`,
    status (a `status_cell` column), progress and the report as written."""
    return (
        Column("measure_id", "column.measure_id"),
        Column("measure", "column.measure"),
        third,
        Column("status_cell", "column.status"),
        Column("progress_pct", "column.progress", css="sr-num"),
        Column("report", "column.report", css="sr-free"),
    )


COLUMNS = measure_columns(Column("division_link", "column.division"))


@dataclass(frozen=True, eq=False)
class Attention:
    """The measures of the period that need attention, on `page`."""

    data: ReportData
    page: Page

    def table(self) -> Html:
        """The delayed and not-started measures with their progress reports as written; the
        first LIST_ROWS of them (all are on the division pages and in the workbook)."""
        page, names = self.page, self.data.status_names
        count = len(self.data.attention)
        rows = self.data.attention.head(LIST_ROWS)  # the most urgent first
        intro = page.t(
            "attention.intro",
            delayed=names["delayed"],
            not_started=names["not_started"],
            count=page.num(count),
        )
        body = [f"<p>{esc(intro)}</p>"]
        if count > len(rows):
            more = page.t(
                "attention.more",
                shown=page.num(len(rows)),
                count=page.num(count),
                delayed=names["delayed"],
            )
            body.append(note(more))
        if len(rows):
            division_names = rows[f"division_name_{page.lang}"].fillna(rows["division"])
            shown = rows.assign(
                division_link=[
                    division_link(page, code, name)
                    for code, name in zip(rows["division"], division_names, strict=True)
                ],
                status_cell=status_cells(rows["status"], names),
            )
            body.append(
                table(
                    shown, columns=COLUMNS, caption_key="attention.caption", page=page, text=True
                ).markup
            )
        heading = page.t("attention.heading")
        return part(section("sr-attention", heading, "\n".join(body)), page)
