"""Report sections of the yearly cycle: changes since the previous period, and data quality."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.i18n import LANGS, fmt_date, fmt_int, fmt_percent, t
from analysis.report.overview import ATTENTION_ROWS, Html, esc, html_table, records, text_of

_CHANGES = (
    "select * from measure_changes_by_division where period = ? "
    "order by sort_order nulls last, division"
)
_MOVES = """
select c.*, d.name_fi as division_name_fi, d.name_en as division_name_en, d.sort_order
from measure_changes as c
left join ref_division as d using (division)
where c.period = ? and (c.direction = 'backward' or c.report_unchanged)
order by c.direction = 'backward' desc, d.sort_order nulls last, c.division, c.measure_id
"""
_QUALITY = (
    "select * from quality_findings_by_division where period = ? "
    "order by sort_order nulls last, division"
)
_FINDINGS = """
select f.*, d.name_fi as division_name_fi, d.name_en as division_name_en, d.sort_order
from quality_findings as f
left join ref_division as d using (division)
where f.period = ?
order by d.sort_order nulls last, f.division, f.source_file, f.sheet, f.row_number, f.finding
"""
_LATE = "select * from late_returns where period = ? order by source_file"
_STATUSES = "select status, name_fi, name_en from ref_status"
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


@dataclass(frozen=True, eq=False)
class CycleSection:
    """Changes and data quality of one period in one language, read from finished views."""

    period: str
    lang: str
    changes: pd.DataFrame
    moves: pd.DataFrame
    quality: pd.DataFrame
    findings: pd.DataFrame
    late: pd.DataFrame
    status_names: dict[str, str]

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def _name(self, row: dict) -> str:
        return text_of(row.get(f"division_name_{self.lang}")) or text_of(row["division"])

    def _section(self, heading: str, anchor: str, body: str) -> Html:
        return Html(
            f'<section class="sr-section" aria-labelledby="{anchor}">'
            f'<h2 id="{anchor}">{esc(heading)}</h2>{body}</section>'
        )

    def changes_table(self) -> Html:
        """Per division: measures added, finished, dropped, moved forward or back, unchanged."""
        heading = self._t("cycle.changes.heading")
        if self.changes.empty:
            note = self._t("cycle.changes.none", period=self.period)
            return self._section(heading, "sr-changes", f'<p class="sr-note">{esc(note)}</p>')
        previous = text_of(self.changes["previous_period"].iloc[0])
        rows = [
            [self._name(row), *(fmt_int(int(row[c]), self.lang) for c in CHANGE_COLUMNS)]
            for row in self.changes.to_dict("records")
        ]
        header = [
            self._t("cycle.column.division"),
            *(self._t(f"cycle.column.{c}") for c in CHANGE_COLUMNS),
        ]
        table = html_table(
            self._t("cycle.changes.caption", period=self.period, previous=previous), header, rows
        )
        note = f'<p class="sr-note">{esc(self._t("cycle.changes.note"))}</p>'
        return self._section(heading, "sr-changes", table + note + self._moves_table(previous))

    def _more(self, frame: pd.DataFrame, sheet: str) -> str:
        """The note above a list cut to its first ATTENTION_ROWS rows: where all of them are."""
        if len(frame) <= ATTENTION_ROWS:
            return ""
        more = self._t(
            "cycle.more",
            shown=fmt_int(ATTENTION_ROWS, self.lang),
            count=fmt_int(len(frame), self.lang),
            sheet=self._t(f"xlsx.sheet.{sheet}"),
        )
        return f'<p class="sr-note">{esc(more)}</p>'

    def _moves_table(self, previous: str) -> str:
        """The measures that moved back (first) or whose report repeats last period's, up to
        ATTENTION_ROWS of them; all are in the workbook."""
        if self.moves.empty:
            return f'<p class="sr-note">{esc(self._t("cycle.moves.none"))}</p>'
        rows = []
        for row in records(self.moves.head(ATTENTION_ROWS)):
            what = (
                self._t("cycle.move.backward")
                if row["direction"] == "backward"
                else self._t("cycle.move.report_unchanged")
            )
            rows.append(
                [
                    text_of(row["measure_id"]),
                    self._name(row),
                    text_of(row["measure"]),
                    self.status_names.get(text_of(row["previous_status"]), ""),
                    self.status_names.get(text_of(row["status"]), ""),
                    what,
                    text_of(row["report"]),
                ]
            )
        header = [
            self._t("cycle.column.id"),
            self._t("cycle.column.division"),
            self._t("cycle.column.measure"),
            self._t("cycle.column.before", previous=previous),
            self._t("cycle.column.now", period=self.period),
            self._t("cycle.column.what"),
            self._t("cycle.column.report"),
        ]
        table = html_table(
            self._t("cycle.moves.caption", period=self.period), header, rows, text=True
        )
        return self._more(self.moves, "measure_changes") + table

    def quality_table(self) -> Html:
        """Per division: quality score with the counts it is computed from, and late files."""
        rows = [
            [
                self._name(row),
                fmt_int(int(row["measures"]), self.lang),
                fmt_int(int(row["measures_with_findings"]), self.lang),
                fmt_int(int(row["findings"]), self.lang),
                fmt_percent(float(row["quality_score"]), self.lang),
                fmt_int(int(row["late_files"]), self.lang),
            ]
            for row in self.quality.to_dict("records")
        ]
        header = [
            self._t("cycle.column.division"),
            self._t("cycle.column.measures"),
            self._t("cycle.column.with_findings"),
            self._t("cycle.column.findings"),
            self._t("cycle.column.score"),
            self._t("cycle.column.late"),
        ]
        table = html_table(self._t("cycle.quality.caption", period=self.period), header, rows)
        note = f'<p class="sr-note">{esc(self._t("cycle.quality.note"))}</p>'
        return self._section(
            self._t("cycle.quality.heading"),
            "sr-quality",
            table + note + self._findings_table() + self._late_table(),
        )

    def _findings_table(self) -> str:
        """The findings to fix, by division, up to ATTENTION_ROWS of them; all are in the
        workbook."""
        if self.findings.empty:
            return f'<p class="sr-note">{esc(self._t("cycle.findings.none"))}</p>'
        groups: dict[str, list[list[str]]] = {}
        for row in records(self.findings.head(ATTENTION_ROWS)):
            where = f"{row['source_file']} [{row['sheet']} {row['row_number']}]"
            groups.setdefault(self._name(row), []).append(
                [
                    text_of(row["measure_id"]),
                    self._t(f"cycle.finding.{row['finding']}"),
                    text_of(row["value"]),
                    where,
                ]
            )
        header = [
            self._t("cycle.column.id"),
            self._t("cycle.column.what"),
            self._t("cycle.column.value"),
            self._t("cycle.column.where"),
        ]
        table = html_table(
            self._t("cycle.findings.caption", period=self.period),
            header,
            [],
            text=True,
            groups=list(groups.items()),
        )
        return self._more(self.findings, "findings") + table

    def _late_table(self) -> str:
        if self.late.empty:
            return ""
        rows = [
            [
                text_of(row["source_file"]),
                fmt_date(row["saved_at"].date(), self.lang),
                fmt_date(row["deadline"], self.lang),
            ]
            for row in self.late.to_dict("records")
        ]
        header = [
            self._t("cycle.column.file"),
            self._t("cycle.column.saved"),
            self._t("cycle.column.deadline"),
        ]
        return html_table(
            self._t("cycle.late.caption", period=self.period), header, rows, text=True
        )


def load(period: str, lang: str, db_path: str | Path) -> CycleSection:
    """Read the period's change and quality views from the DuckDB file, read-only."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    with duckdb.connect(str(db_path), read_only=True) as con:
        frames = [
            con.execute(sql, [period]).df()
            for sql in (_CHANGES, _MOVES, _QUALITY, _FINDINGS, _LATE)
        ]
        statuses = con.execute(_STATUSES).df()
    names = dict(zip(statuses["status"], statuses[f"name_{lang}"], strict=True))
    return CycleSection(period, lang, *frames, status_names=names)
