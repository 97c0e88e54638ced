"""The report's EU funding section (key figures, charts, tables) built from the funding views.

The report notebook calls `load` once and then one `FundingSection` method per cell; each
returns an `analysis.report.Html`. Nothing here computes an indicator: the section reads the
finished views of sql/marts/funding_*.sql and only chooses labels, formats and colours. For a
period without funding data `key_figures` says so and the other parts are empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analysis.i18n import LANGS, fmt_date, fmt_eur, fmt_int, fmt_percent, t
from analysis.report.charts import (
    Figure,
    Trace,
    axis_title,
    bar,
    chart_figure,
    count_bars,
    esc,
    figure,
)
from analysis.report.overview import SERIES_COLOURS, Html, html_table

APPLICATIONS_COLOUR = SERIES_COLOURS[0]
TARGET_COLOUR = SERIES_COLOURS[1]
RUNNING_COLOUR = SERIES_COLOURS[4]
PHASE_COLOUR = SERIES_COLOURS[2]

# Finished views, read as they are, for one period.
_SQL = {
    "overall": "select * from funding_overall where period = ?",
    "divisions": (
        "select * from funding_by_division where period = ? "
        "order by sort_order nulls last, division nulls last"
    ),
    "themes": (
        "select * from funding_by_theme where period = ? order by sort_order nulls last, theme"
    ),
    "programmes": (
        "select * from funding_by_programme where period = ? "
        "order by sort_order nulls last, programme nulls last"
    ),
    "pipeline": "select * from funding_pipeline where period = ? order by sort_order",
    "follow_up": (
        "select * from funding_follow_up where period = ? order by end_on desc, name, project_key"
    ),
}
_VIEWS = (
    "funding_overall",
    "funding_by_division",
    "funding_by_theme",
    "funding_by_programme",
    "funding_pipeline",
    "funding_follow_up",
)


def _number(value: object) -> float:
    """A count or an amount from a view; NULL counts as 0."""
    return 0.0 if value is None or pd.isna(value) else float(value)


def _rate(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


@dataclass(frozen=True, eq=False)
class FundingSection:
    """The funding figures of one period in one language; each method renders one part."""

    period: str
    lang: str
    overall: pd.DataFrame  # funding_overall: one row, or none when the period has no data
    divisions: pd.DataFrame  # funding_by_division, plus `name`
    themes: pd.DataFrame  # funding_by_theme, plus `name`
    programmes: pd.DataFrame  # funding_by_programme, plus `name`
    pipeline: pd.DataFrame  # funding_pipeline, plus `name`
    follow_up: pd.DataFrame  # funding_follow_up, plus `division_name`, `programme_name`

    @property
    def has_data(self) -> bool:
        return not self.overall.empty

    # -- page parts -------------------------------------------------------------------------

    def key_figures(self) -> Html:
        """Heading and the key figures: EU funding secured, applications against the target,
        success rate (with its counts), projects running and in the idea phase."""
        heading = f'<h2 id="sr-funding">{esc(self._t("funding.heading"))}</h2>'
        if not self.has_data:
            note = esc(self._t("funding.no_data", period=self.period))
            return Html(
                f'<section class="sr-section" aria-labelledby="sr-funding">{heading}'
                f'<p class="sr-note">{note}</p></section>'
            )
        row = self.overall.iloc[0]
        cards = "".join(
            f'<div class="sr-kpi"><dt>{esc(label)}</dt>'
            f'<dd class="sr-kpi-value">{esc(value)}</dd>'
            f'<dd class="sr-kpi-note">{esc(note)}</dd></div>'
            for label, value, note in self._kpis(row)
        )
        extra = ""
        if _number(row["not_in_register"]):
            text = self._t("funding.kpi.not_in_register", count=self._int(row["not_in_register"]))
            extra = f'<p class="sr-note">{esc(text)}</p>'
        definitions = esc(self._t("funding.definitions"))
        return Html(
            f'<section class="sr-section" aria-labelledby="sr-funding">{heading}'
            f'<dl class="sr-kpis">{cards}</dl>{extra}'
            f'<p class="sr-note">{definitions}</p></section>'
        )

    def applications_chart(self) -> Html:
        """Grouped bars per division: EU applications of the period and the division's target."""
        rows = [
            row
            for row in self.divisions.to_dict("records")
            if _number(row["applications"]) or _rate(row["target"]) is not None
        ]
        if not self.has_data or not rows:
            return Html("")
        names = [esc(row["name"]) for row in rows]
        applications = [int(_number(row["applications"])) for row in rows]
        targets = [None if pd.isna(row["target"]) else int(row["target"]) for row in rows]
        title = self._t("funding.chart.applications.title", period=self.period)
        traces = [
            self._hbar(
                names,
                applications,
                self._t("funding.series.applications"),
                APPLICATIONS_COLOUR,
                [self._t("funding.hover.applications", count=self._int(n)) for n in applications],
            ),
            self._hbar(
                names,
                targets,
                self._t("funding.series.target"),
                TARGET_COLOUR,
                [self._t("funding.hover.target", count=self._count(n)) for n in targets],
            ),
        ]
        fig = self._grouped_bars(traces, title, "applications", ",d", "division")
        row = self.overall.iloc[0]
        summary = self._t(
            "funding.chart.applications.summary",
            applications=self._int(row["applications"]),
            target=self._count(row["target"]),
            items="; ".join(
                self._t(
                    "funding.chart.applications.item",
                    name=r["name"],
                    applications=self._int(a),
                    target=self._count(tg),
                )
                for r, a, tg in zip(rows, applications, targets, strict=True)
            ),
        )
        return Html(chart_figure("funding-applications", fig, title, summary))

    def programme_chart(self) -> Html:
        """Horizontal bars per programme: EU contribution secured in the period, and that of
        the projects running in it."""
        if not self.has_data:
            return Html("")
        rows = [
            row
            for row in self.programmes.to_dict("records")
            if _number(row["eu_contribution_eur"]) or _number(row["running_eu_contribution_eur"])
        ]
        if not rows:
            text = self._t("funding.chart.programme.empty", period=self.period)
            return Html(f'<p class="sr-note">{esc(text)}</p>')
        names = [esc(row["name"]) for row in rows]
        title = self._t("funding.chart.programme.title", period=self.period)
        traces = []
        for label_key, amount, count, colour in (
            ("funding.series.secured", "eu_contribution_eur", "approved", APPLICATIONS_COLOUR),
            ("funding.series.running", "running_eu_contribution_eur", "running", RUNNING_COLOUR),
        ):
            label = self._t(label_key)
            values = [_number(row[amount]) for row in rows]
            hover = [
                self._t(
                    "funding.hover.eur",
                    label=label,
                    eur=fmt_eur(v, self.lang),
                    count=self._int(row[count]),
                )
                for v, row in zip(values, rows, strict=True)
            ]
            traces.append(self._hbar(names, values, label, colour, hover, eur=True))
        fig = self._grouped_bars(traces, title, "eur", ",.0f", "programme")
        summary = self._t(
            "funding.chart.programme.summary",
            items="; ".join(
                f"{row['name']} {fmt_eur(_number(row['eu_contribution_eur']), self.lang)}"
                for row in rows
            ),
        )
        return Html(chart_figure("funding-programmes", fig, title, summary))

    def pipeline_chart(self) -> Html:
        """Bars of the projects in each phase at the end of the period."""
        if not self.has_data or self.pipeline.empty:
            return Html("")
        rows = self.pipeline.to_dict("records")
        names = [esc(row["name"]) for row in rows]
        counts = [int(_number(row["projects"])) for row in rows]
        title = self._t("funding.chart.pipeline.title", period=self.period)
        hover = [
            self._t(
                "funding.hover.phase",
                count=self._int(n),
                eur=fmt_eur(_number(row["eu_contribution_eur"]), self.lang),
            )
            for n, row in zip(counts, rows, strict=True)
        ]
        fig = count_bars(
            names,
            counts,
            PHASE_COLOUR,
            [self._int(n) for n in counts],
            [f"{name}<br>{esc(h)}" for name, h in zip(names, hover, strict=True)],
            title,
            self.lang,
            self._t("funding.axis.phase"),
            self._t("funding.axis.projects"),
        )
        summary = self._t(
            "funding.chart.pipeline.summary",
            items=", ".join(
                f"{row['name']} {self._int(n)}" for row, n in zip(rows, counts, strict=True)
            ),
        )
        return Html(chart_figure("funding-pipeline", fig, title, summary))

    def division_table(self) -> Html:
        """Applications, target, decisions, success rate and euros per division, with the total."""
        if not self.has_data or self.divisions.empty:
            return Html("")
        first = self._t("funding.column.division")
        header = [first, self._t("funding.column.target"), *self._figure_header()]
        rows = [
            [str(row["name"]), self._count(row["target"]), *self._figure_cells(row)]
            for row in self.divisions.to_dict("records")
        ]
        total = self.overall.iloc[0]
        foot = [
            [self._t("funding.total"), self._count(total["target"]), *self._figure_cells(total)]
        ]
        caption = self._t("funding.table.division.caption", period=self.period)
        return Html(html_table(caption, header, rows, foot=foot))

    def theme_table(self) -> Html:
        """Applications, decisions, success rate and euros per theme."""
        if not self.has_data:
            return Html("")
        if self.themes.empty:
            text = self._t("funding.table.theme.empty", period=self.period)
            return Html(f'<p class="sr-note">{esc(text)}</p>')
        table = html_table(
            self._t("funding.table.theme.caption", period=self.period),
            [self._t("funding.column.theme"), *self._figure_header()],
            [
                [str(row["name"]), *self._figure_cells(row)]
                for row in self.themes.to_dict("records")
            ],
        )
        note = esc(self._t("funding.table.theme.note"))
        return Html(f'{table}\n<p class="sr-note">{note}</p>')

    def follow_up_table(self) -> Html:
        """The projects that ended within the last two years: their results are followed."""
        if not self.has_data:
            return Html("")
        if self.follow_up.empty:
            text = self._t("funding.table.follow_up.empty", period=self.period)
            return Html(f'<p class="sr-note">{esc(text)}</p>')
        rows = [
            [
                str(row["label"]),
                str(row["division_name"]),
                str(row["programme_name"]),
                self._date(row["end_on"]),
                self._date(row["follow_up_until"]),
                self._eur(row["eu_contribution_eur"]),
            ]
            for row in self.follow_up.to_dict("records")
        ]
        years = self._int(self.overall.iloc[0]["follow_up_years"])
        table = html_table(
            self._t("funding.table.follow_up.caption", period=self.period, years=years),
            [
                self._t("funding.column.project"),
                self._t("funding.column.division"),
                self._t("funding.column.programme"),
                self._t("funding.column.ended"),
                self._t("funding.column.follow_up_until"),
                self._t("funding.column.eu_total"),
            ],
            rows,
        )
        note = esc(self._t("funding.table.follow_up.note", years=years))
        return Html(f'{table}\n<p class="sr-note">{note}</p>')

    # -- helpers ----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    def _int(self, value: object) -> str:
        return fmt_int(int(_number(value)), self.lang)

    def _count(self, value: object) -> str:
        """A count that may be missing (a target not set): `–` then."""
        return fmt_percent(None, self.lang) if _rate(value) is None else self._int(value)

    def _eur(self, value: object) -> str:
        return fmt_eur(_number(value), self.lang)

    def _date(self, value: object) -> str:
        if value is None or pd.isna(value):
            return fmt_percent(None, self.lang)
        return fmt_date(pd.Timestamp(value).date(), self.lang)

    def _kpis(self, row: pd.Series) -> list[tuple[str, str, str]]:
        decided = _number(row["approved"]) + _number(row["rejected"])
        target = _rate(row["target"])
        if target is None:
            applications = self._int(row["applications"])
            attainment = self._t("funding.kpi.no_target_note")
        else:
            applications = self._t(
                "funding.kpi.applications_value",
                applications=self._int(row["applications"]),
                target=self._int(target),
            )
            attainment = self._t(
                "funding.kpi.attainment_note",
                rate=fmt_percent(_rate(row["target_attainment"]), self.lang, digits=1),
                divisions=self._int(row["divisions_with_target"]),
            )
        return [
            (
                self._t("funding.kpi.secured", period=self.period),
                self._eur(row["eu_contribution_eur"]),
                self._t(
                    "funding.kpi.secured_note",
                    approved=self._int(row["approved"]),
                    total=self._eur(row["total_budget_eur"]),
                    own=self._eur(row["own_financing_eur"]),
                ),
            ),
            (self._t("funding.kpi.applications"), applications, attainment),
            (
                self._t("funding.kpi.success_rate"),
                fmt_percent(_rate(row["success_rate"]), self.lang, digits=1),
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
                    eur=self._eur(row["running_eu_contribution_eur"]),
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

    def _figure_header(self) -> list[str]:
        return [
            self._t("funding.column.applications"),
            self._t("funding.column.approved"),
            self._t("funding.column.rejected"),
            self._t("funding.column.success_rate"),
            self._t("funding.column.eu_contribution"),
            self._t("funding.column.running"),
        ]

    def _figure_cells(self, row: Any) -> list[str]:
        return [
            self._int(row["applications"]),
            self._int(row["approved"]),
            self._int(row["rejected"]),
            fmt_percent(_rate(row["success_rate"]), self.lang),
            self._eur(row["eu_contribution_eur"]),
            self._int(row["running"]),
        ]

    def _grouped_bars(
        self, traces: Sequence[Trace], title: str, value_axis: str, tickformat: str, name_axis: str
    ) -> Figure:
        """Horizontal bars grouped by name, one series per trace, the first name on top; the
        axes titled by `funding.axis.<value_axis>` and `funding.axis.<name_axis>`."""
        names = len(traces[0]["y"]) if traces else 0
        return figure(
            traces,
            title,
            200 + 60 * names,
            self.lang,
            xaxis={
                **axis_title(self._t(f"funding.axis.{value_axis}")),
                "rangemode": "tozero",
                "tickformat": tickformat,
            },
            yaxis={**axis_title(self._t(f"funding.axis.{name_axis}")), "autorange": "reversed"},
            barmode="group",
            legend={"orientation": "h", "y": -0.15},
        )

    def _hbar(
        self,
        names: Sequence[str],
        values: Sequence[float | int | None],
        label: str,
        colour: str,
        hover: Sequence[str],
        eur: bool = False,
    ) -> Trace:
        """One series of horizontal bars; names are already escaped, hover texts are not."""
        text = [
            "" if v is None else (fmt_eur(v, self.lang) if eur else self._int(v)) for v in values
        ]
        return bar(
            orientation="h",
            y=list(names),
            x=list(values),
            name=esc(label),
            marker={"color": colour},
            text=text,
            textposition="auto",
            hovertext=[f"{n}<br>{esc(h)}" for n, h in zip(names, hover, strict=True)],
        )


def _named(frame: pd.DataFrame, code: str, lang: str, missing: str) -> pd.DataFrame:
    """Add `name`: the `<code>_name_<lang>` column, else the code, else `missing`."""
    names = frame[f"{code}_name_{lang}"].fillna(frame[code]).fillna(missing)
    return frame.assign(name=names)


def _follow_up_labels(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add the project label (`name (id)`) and the division and programme names in `lang`."""
    ids = frame["project_id"].fillna(frame["external_id"]).fillna("")
    labels = [
        f"{name} ({pid})" if pid else str(name)
        for name, pid in zip(frame["name"], ids, strict=True)
    ]
    return frame.assign(
        label=labels,
        division_name=frame[f"division_name_{lang}"].fillna(t("funding.no_division", lang)),
        programme_name=frame[f"programme_name_{lang}"]
        .fillna(frame["programme"])
        .fillna(t("funding.no_programme", lang)),
    )


def load(period: str, lang: str, db_path: str | Path) -> FundingSection:
    """Read the funding views of `period` from the DuckDB file, read-only; the connection is
    closed before returning. A period without funding data gives an empty section."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    with duckdb.connect(str(db_path), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_name like 'funding_%'"
            ).fetchall()
        }
        missing = [view for view in _VIEWS if view not in present]
        if missing:
            raise ValueError(
                f"{db_path}: the funding views {', '.join(missing)} are missing; "
                "run the ingest of this version (seuranta run) to create them"
            )
        frames = {name: con.execute(sql, [period]).df() for name, sql in _SQL.items()}
    no_division = t("funding.no_division", lang)
    return FundingSection(
        period=period,
        lang=lang,
        overall=frames["overall"],
        divisions=_named(frames["divisions"], "division", lang, no_division),
        themes=_named(frames["themes"], "theme", lang, ""),
        programmes=_named(frames["programmes"], "programme", lang, t("funding.no_programme", lang)),
        pipeline=_named(frames["pipeline"], "phase", lang, ""),
        follow_up=_follow_up_labels(frames["follow_up"], lang),
    )
