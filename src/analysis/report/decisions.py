"""The overview's first section: the measures needing a decision of the executive group.

They are the rows of the view measures_needing_decision (delayed or not started now, or moved
back since the previous period), most urgent first, each with what a decision needs: the owner,
the planned end, the status in the previous period and now, and since when it has been behind.
Every measure id links to the measure's row on its division's page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from analysis.i18n import MISSING
from analysis.report import pages
from analysis.report.components import Column, table
from analysis.report.data import ReportData, list_total
from analysis.report.html import Html, division_link, esc, link, note, part, section, text_of
from analysis.report.language import marked
from analysis.report.pages import LIST_ROWS, Page, missing
from analysis.report.theme import status_cell

ANCHOR = "sr-decisions"
COLUMNS = (
    Column("id_link", "column.measure_id"),
    Column("measure", "column.measure"),
    Column("division_link", "column.division"),
    Column("owner", "column.owner"),
    Column("planned_end", "column.planned_end", kind="date", css="sr-date"),
    Column("status_change", "decisions.column.status"),
    Column("since", "decisions.column.since"),
    Column("report", "column.report", css="sr-free"),
)

Row = Mapping[str, Any]


@dataclass(frozen=True, eq=False)
class Decisions:
    """The measures of the report's period that need a decision, on the overview `page`."""

    data: ReportData
    page: Page

    def table(self) -> Html:
        """The section: a sentence on what is listed, then the first LIST_ROWS measures (all of
        them are on the division pages and in indicators.xlsx)."""
        page, names, rows = self.page, self.data.status_names, self.data.decisions
        # without an earlier period loaded, nothing can have moved back
        first = self.data.overall["period"].min() == page.period
        key = "decisions.intro_first" if first else "decisions.intro"
        count = list_total(rows)
        intro = page.t(
            key,
            delayed=names["delayed"],
            not_started=names["not_started"],
            count=page.num(count),
        )
        body = [f"<p>{esc(intro)}</p>"]
        shown = rows.head(LIST_ROWS)
        if count > len(shown):
            body.append(
                note(page.t("decisions.more", shown=page.num(len(shown)), count=page.num(count)))
            )
        if len(shown):
            records = shown.to_dict("records")
            labelled = marked(shown, page, ("measure", "report", "owner", "division_label"))
            frame = labelled.assign(
                id_link=[self._id_link(row) for row in records],
                division_link=[
                    division_link(page, code, name)
                    for code, name in zip(
                        shown["division"], labelled["division_label"], strict=True
                    )
                ],
                status_change=[self._status_change(row) for row in records],
                since=[self._since(row) for row in records],
            )
            listed = table(
                frame,
                # a public report names no owner unless publication.yml allows it
                columns=[c for c in COLUMNS if c.field != "owner" or page.shows_names],
                caption_key="decisions.caption",
                page=page,
                text=True,
                extra_class=["sr-decision-list"],
            )
            body.append(listed.markup)
        else:
            body.append(note(page.t("decisions.none")))
        return part(section(ANCHOR, page.t("decisions.heading"), "\n".join(body)), page)

    def _id_link(self, row: Row) -> Html:
        """The measure's id, linked to its row on its division's page."""
        return link(pages.measure_href(self.page.path, row["division"], row["measure_id"]),
                    row["measure_id"])  # fmt: skip

    def _status_change(self, row: Row) -> Html:
        """`In progress -> Delayed`: the status of the previous period (– for a new measure)
        and the status now, with its colour."""
        names = self.data.status_names
        previous = text_of(row["previous_status"])
        before = names.get(previous, previous) if previous else MISSING
        now = status_cell(text_of(row["status"]), names.get(row["status"], text_of(row["status"])))
        arrow = esc(self.page.t("decisions.arrow"))
        return Html(
            f'<span><span class="sr-nowrap">{esc(before)}</span> {arrow} {now.markup}</span>'
        )  # one element: a stacked row (on a phone) shows a cell's content beside its label

    def _since(self, row: Row) -> str:
        """Since when the measure has been delayed or not started, or that it moved back."""
        page, periods = self.page, int(row["behind_periods"])
        if row["moved_back"] and not periods:
            return page.t("decisions.moved_back", previous=text_of(row["previous_period"]))
        if missing(row["behind_since"]) or periods < 2:
            return page.t("decisions.since_now")
        return page.t(
            "decisions.since", since=text_of(row["behind_since"]), count=page.num(periods)
        )
