"""Report sections of the yearly cycle: changes since the previous period, and data quality."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.report.components import table
from analysis.report.data import ReportData, list_total
from analysis.report.html import Html, location, note, part, section, text_of
from analysis.report.language import marked
from analysis.report.pages import LIST_ROWS, Page

CHANGE_COLUMNS = (
    "added",
    "finished",
    "dropped",
    "forward",
    "backward",
    "unchanged",
    "other",
    "reports_unchanged",
)
MOVE_COLUMNS = {
    "measure_id": "cycle.column.id",
    "division_label": "cycle.column.division",
    "measure": "cycle.column.measure",
    "before": "cycle.column.before",
    "now": "cycle.column.now",
    "what": "cycle.column.what",
    "report": "cycle.column.report",
}
QUALITY_COLUMNS = {
    "division_label": "cycle.column.division",
    "measures": "cycle.column.measures",
    "measures_with_findings": "cycle.column.with_findings",
    "findings": "cycle.column.findings",
    "quality_score": "cycle.column.score",
    "late_files": "cycle.column.late",
}
FINDING_COLUMNS = {
    "measure_id": "cycle.column.id",
    "what": "cycle.column.what",
    "value": "cycle.column.value",
    "where": "cycle.column.where",
}
COVERAGE_COLUMNS = {
    "division_label": "cycle.column.division",
    "texts": "cycle.column.texts",
    "original": "cycle.column.original",
    "translated": "cycle.column.translated",
    "stale": "cycle.column.stale",
    "missing": "cycle.column.untranslated",
    "coverage_rate": "cycle.column.coverage",
}
LABELLED = ("division_label", "measure", "report")  # text that may be in another language
LATE_COLUMNS = {
    "source_file": "cycle.column.file",
    "saved_at": "cycle.column.saved",
    "deadline": "cycle.column.deadline",
}


@dataclass(frozen=True, eq=False)
class CycleSection:
    """Changes and data quality of the report's period on `page`, from finished views."""

    data: ReportData
    page: Page

    def changes_table(self) -> Html:
        """Per division: measures added, finished, dropped, moved forward or back, unchanged."""
        heading = self.page.t("cycle.changes.heading")
        changes = self.data.changes
        if changes.empty:
            body = note(self.page.t("cycle.changes.none"))
            return part(section("sr-changes", heading, body), self.page)
        previous = text_of(changes["previous_period"].iloc[0])
        columns = {"division_label": "cycle.column.division"}
        columns |= {c: f"cycle.column.{c}" for c in CHANGE_COLUMNS}
        counts = table(
            marked(changes, self.page, LABELLED),
            columns=columns,
            caption_key="cycle.changes.caption",
            page=self.page,
            values={"previous": previous},
            note_key="cycle.changes.note",
        )
        body = counts.markup + self._moves_table(previous)
        return part(section("sr-changes", heading, body), self.page)

    def quality_table(self) -> Html:
        """Per division: quality score with the counts it is computed from, and late files;
        nothing on a public report."""
        if not self.page.shows_quality:
            return part("", self.page)
        scores = table(
            marked(self.data.quality, self.page, LABELLED),
            columns=QUALITY_COLUMNS,
            caption_key="cycle.quality.caption",
            page=self.page,
            note_key="cycle.quality.note",
        )
        body = scores.markup + self._findings_table() + self._late_table() + self._coverage_table()
        return part(section("sr-quality", self.page.t("cycle.quality.heading"), body), self.page)

    # -- helpers ----------------------------------------------------------------------------

    def _more(self, frame: pd.DataFrame, sheet: str) -> str:
        """The note above a list cut to its first LIST_ROWS rows: where all of them are."""
        count = list_total(frame)
        if count <= LIST_ROWS:
            return ""
        more = self.page.t(
            "cycle.more",
            shown=self.page.num(LIST_ROWS),
            count=self.page.num(count),
            sheet=self.page.t(f"xlsx.sheet.{sheet}"),
        )
        return note(more)

    def _moves_table(self, previous: str) -> str:
        """The measures that moved back (first) or whose report repeats last period's, up to
        LIST_ROWS of them; all are in the workbook."""
        if self.data.moves.empty:
            return note(self.page.t("cycle.moves.none"))
        moves, names = self.data.moves.head(LIST_ROWS), self.data.status_names
        backward = self.page.t("code.direction.backward")
        repeated = self.page.t("cycle.move.report_unchanged")
        shown = marked(moves, self.page, LABELLED).assign(
            before=[names.get(text_of(s), "") for s in moves["previous_status"]],
            now=[names.get(text_of(s), "") for s in moves["status"]],
            what=[backward if d == "backward" else repeated for d in moves["direction"]],
        )
        listed = table(
            shown,
            columns=MOVE_COLUMNS,
            caption_key="cycle.moves.caption",
            page=self.page,
            values={"previous": previous},
            text=True,
        )
        return self._more(self.data.moves, "measure_changes") + listed.markup

    def _findings_table(self) -> str:
        """The findings to fix, by division, up to LIST_ROWS of them; all are in the
        workbook."""
        if self.data.findings.empty:
            return note(self.page.t("cycle.findings.none"))
        findings = self.data.findings.head(LIST_ROWS)
        shown = marked(findings, self.page, LABELLED).assign(
            what=[self.page.t(f"code.finding.{code}") for code in findings["finding"]],
            where=[
                location(source, sheet, cell if text_of(cell) else f"{row}")
                for source, sheet, cell, row in zip(
                    findings["source_file"],
                    findings["sheet"],
                    findings["cell"],
                    findings["row_number"],
                    strict=True,
                )
            ],
        )
        listed = table(
            shown,
            columns=FINDING_COLUMNS,
            caption_key="cycle.findings.caption",
            page=self.page,
            group_by="division_label",
            text=True,
        )
        return self._more(self.data.findings, "findings") + listed.markup

    def _late_table(self) -> str:
        if self.data.late.empty:
            return ""
        late = table(
            self.data.late,
            columns=LATE_COLUMNS,
            caption_key="cycle.late.caption",
            page=self.page,
            text=True,
        )
        return late.markup

    def _coverage_table(self) -> str:
        """Per division: how many of its texts the page shows in its own language, written so
        or translated, and how many stand in another language, marked."""
        if self.data.coverage.empty:
            return ""
        language = self.page.t(f"code.language.{self.page.lang}")
        coverage = table(
            marked(self.data.coverage, self.page, LABELLED),
            columns=COVERAGE_COLUMNS,
            caption_key="cycle.coverage.caption",
            page=self.page,
            values={"language": language},
            note_key="cycle.coverage.note",
        )
        return coverage.markup
