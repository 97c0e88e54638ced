"""The report's one data loader: every finished table the pages show, read once, read-only.

`load` opens the DuckDB file once, reads the marts of sql/marts/ for one period (earlier periods
too where a page shows a trend) as they are (from their stored tables where those are up to
date, analysis.db), closes it, and returns them as plain tables
(`ReportData`, one DataFrame each). It adds only the names in the report's language (`name`
columns, from the views' `<code>_name_<lang>` columns): every figure is the database's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analysis import db
from analysis.config import FALLBACK_LANG, STATUS_CODES
from analysis.i18n import LANGS, t
from analysis.report.pages import LIST_ROWS

# Finished tables, read as they are: name in ReportData -> query with the period as `$period`.
# Later periods are left out, so that a re-run of an old period shows the same page as before.
QUERIES: Mapping[str, str] = {
    # completion (analysis.report.completion, decisions, divisions)
    "overall": "select * from completion_overall where period <= $period order by period",
    "divisions": (
        "select * from completion_by_division where period <= $period "
        "order by period, sort_order nulls last, division"
    ),
    "themes": (
        "select * from completion_by_theme where period = $period "
        "order by sort_order nulls last, theme"
    ),
    "matrix": (
        "select * from completion_by_division_theme where period = $period "
        "order by division_sort_order nulls last, division, theme_sort_order nulls last, theme"
    ),
    # with the goal, measure and report in the page's language where translated (measure_texts)
    # and the language each is in; the owner is in the language the division writes in
    "measures": """
        with texts as (
            select
                measure_id,
                any_value(shown_text) filter (where field = 'goal') as goal_shown,
                any_value(shown_lang) filter (where field = 'goal') as goal_lang,
                any_value(shown_text) filter (where field = 'measure') as measure_shown,
                any_value(shown_lang) filter (where field = 'measure') as measure_lang,
                any_value(shown_text) filter (where field = 'report') as report_shown,
                any_value(shown_lang) filter (where field = 'report') as report_lang,
                any_value(source_lang) filter (where field = 'measure') as owner_lang
            from measure_texts
            where period = $period and lang = $lang
            group by measure_id
        )
        select
            measures.* replace (
                coalesce(texts.goal_shown, measures.goal) as goal,
                coalesce(texts.measure_shown, measures.measure) as measure,
                coalesce(texts.report_shown, measures.report) as report
            ),
            coalesce(texts.owner_lang, $lang) as owner_lang,
            coalesce(texts.goal_lang, $lang) as goal_lang,
            coalesce(texts.measure_lang, $lang) as measure_lang,
            coalesce(texts.report_lang, $lang) as report_lang
        from division_measures as measures
        left join texts on texts.measure_id = measures.measure_id
        where measures.period = $period
        order by division_sort_order nulls last, division, source_file, sheet, row_number
    """,
    # The lists are read as their first LIST_ROWS rows (all are on the division pages and in
    # indicators.xlsx), each row with the number of them all (`listed_rows`); the decisions
    # also with the number of those behind for two periods or more running (`behind_again`).
    "decisions": """
        with listed as materialized (
            select * from measures_needing_decision where period = $period
        ),
        counts as (
            select
                count(*) as listed_rows,
                count(*) filter (
                    where status in ('delayed', 'not_started') and behind_periods >= 2
                ) as behind_again
            from listed
        )
        select listed.*, counts.*
        from listed, counts
        order by urgency, behind_periods desc, division_sort_order nulls last, division,
            measure_id
        limit $rows
    """,
    "statuses": "select * from ref_status",
    # provenance (analysis.report.provenance)
    "files": (
        "select source_file, kind, file_sha256, size_bytes, sheets, data_rows, loaded_at "
        "from raw_file where period = $period order by source_file"
    ),
    "problems": (
        "select severity, source_file, sheet, cell, message, fix, code, value, detail, params "
        "from raw_problem as problem where period = $period "
        # a warning about a measure's row is a finding of the data-quality section: listed there
        "and not exists (select 1 from quality_findings as finding "
        "where finding.period = problem.period and finding.finding = problem.code "
        "and finding.source_file = problem.source_file and finding.sheet = problem.sheet "
        "and finding.row_number = try_cast(regexp_extract(problem.cell, '[0-9]+') as integer)) "
        "order by source_file, sheet nulls first, "
        "try_cast(regexp_extract(cell, '[0-9]+') as integer) nulls first, cell"
    ),
    "corrections": "select * from corrections where period = $period order by entry",
    # EU funding (analysis.report.funding)
    "funding_overall": "select * from funding_overall where period = $period",
    "funding_divisions": (
        "select * from funding_by_division where period = $period "
        "order by sort_order nulls last, division nulls last"
    ),
    "funding_themes": (
        "select * from funding_by_theme where period = $period "
        "order by sort_order nulls last, theme"
    ),
    "funding_programmes": (
        "select * from funding_by_programme where period = $period "
        "order by sort_order nulls last, programme nulls last"
    ),
    "funding_pipeline": "select * from funding_pipeline where period = $period order by sort_order",
    "funding_follow_up": (
        "select * from funding_follow_up where period = $period "
        "order by end_on desc, name, project_key"
    ),
    # the yearly cycle: changes and data quality (analysis.report.cycle)
    "changes": (
        "select * from measure_changes_by_division where period = $period "
        "order by sort_order nulls last, division"
    ),
    "moves": """
        with listed as materialized (
            select * from measure_changes
            where period = $period and (direction = 'backward' or report_unchanged)
        )
        select listed.*, counts.*
        from listed, (select count(*) as listed_rows from listed) as counts
        order by direction = 'backward' desc, division_sort_order nulls last, division,
            measure_id
        limit $rows
    """,
    "quality": (
        "select * from quality_findings_by_division where period = $period "
        "order by sort_order nulls last, division"
    ),
    # with the cell of the finding's field, from the sheet's header lineage
    "findings": """
        with listed as materialized (
            select finding.*, columns.column_letter || finding.row_number as cell
            from quality_findings as finding
            left join raw_status_column as columns on columns.period = finding.period
                and columns.source_file = finding.source_file and columns.sheet = finding.sheet
                and columns.field = finding.field
            where finding.period = $period
        )
        select listed.*, counts.*
        from listed, (select count(*) as listed_rows from listed) as counts
        order by division_sort_order nulls last, division, source_file, sheet, row_number,
            finding
        limit $rows
    """,
    "late": "select * from late_returns where period = $period order by source_file",
    # indicators with targets (analysis.report.indicators): every period up to the report's
    "indicators": (
        "select * from indicator_progress where period <= $period order by period, sort_order"
    ),
    "coverage": (
        "select * from translation_coverage where period = $period and lang = $lang "
        "order by sort_order nulls last, division"
    ),
}
# The tables and views the queries read; a database of an older version may lack some.
VIEWS = (
    "completion_overall",
    "completion_by_division",
    "completion_by_theme",
    "completion_by_division_theme",
    "division_measures",
    "measures_needing_decision",
    "raw_status_column",
    "ref_status",
    "raw_file",
    "raw_problem",
    "corrections",
    "funding_overall",
    "funding_by_division",
    "funding_by_theme",
    "funding_by_programme",
    "funding_pipeline",
    "funding_follow_up",
    "measure_changes_by_division",
    "measure_changes",
    "quality_findings_by_division",
    "quality_findings",
    "late_returns",
    "indicator_progress",
    "measure_texts",
    "translation_coverage",
)


@dataclass(frozen=True, eq=False)
class ReportData:
    """The finished tables of one period, with names in the report's language `lang`."""

    period: str
    lang: str
    status_names: Mapping[str, str]  # status code -> name in `lang`, in display order
    overall: pd.DataFrame  # completion_overall, one row per period up to `period`
    divisions: pd.DataFrame  # completion_by_division up to `period`, plus `name`
    themes: pd.DataFrame  # completion_by_theme, plus `name`
    matrix: pd.DataFrame  # completion_by_division_theme
    measures: pd.DataFrame  # division_measures, in sheet order
    # the lists are their first LIST_ROWS rows; `list_total` tells how many there are in all
    decisions: pd.DataFrame  # measures_needing_decision, most urgent first, plus `division_name`
    files: pd.DataFrame  # raw_file: the input files
    problems: pd.DataFrame  # raw_problem: the warnings an ingest let through
    corrections: pd.DataFrame  # corrections: the analyst's corrections (config/corrections.yml)
    funding_overall: pd.DataFrame  # one row, or none when the period has no funding data
    funding_divisions: pd.DataFrame  # funding_by_division, plus `name`
    funding_themes: pd.DataFrame  # funding_by_theme, plus `name`
    funding_programmes: pd.DataFrame  # funding_by_programme, plus `name`
    funding_pipeline: pd.DataFrame  # funding_pipeline, plus `name`
    funding_follow_up: pd.DataFrame  # plus `label`, `division_name`, `programme_name`
    changes: pd.DataFrame  # measure_changes_by_division, plus `division_label`
    moves: pd.DataFrame  # measures moved back or with a repeated report, plus `division_label`
    quality: pd.DataFrame  # quality_findings_by_division, plus `division_label`
    findings: pd.DataFrame  # quality_findings, plus `division_label`
    late: pd.DataFrame  # late_returns
    indicators: pd.DataFrame  # indicator_progress up to `period`
    coverage: pd.DataFrame  # translation_coverage in `lang`, plus `division_label`


def load(period: str, lang: str, db_path: str | Path) -> ReportData:
    """Read every table of the report of `period` from the DuckDB file, read-only; the
    connection is closed before returning."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGS)}")
    with db.connect(db_path, read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
            ).fetchall()
        }
        missing = [view for view in VIEWS if view not in present]
        if missing:
            raise ValueError(
                f"{db_path}: the report's views {', '.join(missing)} are missing; "
                "run the ingest of this version (seuranta run) to create them"
            )
        params = {"period": period, "lang": lang, "rows": LIST_ROWS}
        frames = {
            name: _read(con, sql, {k: v for k, v in params.items() if f"${k}" in sql}, name)
            for name, sql in QUERIES.items()
        }
    return _named(period, lang, frames)


# Read through Arrow (`db.arrow_frame`): every measure of the period, 300,000 rows at national
# scale, which DuckDB's own DataFrame conversion takes twice as long to make.
THROUGH_ARROW = frozenset({"measures"})


def _read(
    con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object], name: str
) -> pd.DataFrame:
    if name in THROUGH_ARROW:
        return db.arrow_frame(con, sql, params)
    return con.execute(sql, params).df()


def _named(period: str, lang: str, frames: dict[str, pd.DataFrame]) -> ReportData:
    """The tables with the names of divisions, themes, programmes and phases in `lang`."""
    statuses = frames.pop("statuses")
    measures = frames["measures"]
    names = dict(zip(statuses["status"], statuses[f"name_{lang}"], strict=True))
    no_division, no_programme = t("funding.no_division", lang), t("funding.no_programme", lang)
    follow_up = frames["funding_follow_up"]
    ids = follow_up["project_id"].fillna(follow_up["external_id"]).fillna("")
    return ReportData(
        period=period,
        lang=lang,
        status_names={code: names.get(code, code) for code in STATUS_CODES},
        overall=frames["overall"],
        divisions=_with_name(frames["divisions"], "division", lang),
        themes=_with_name(frames["themes"], "theme", lang),
        matrix=frames["matrix"],
        measures=measures,
        decisions=_with_label(_with_texts(frames["decisions"], measures, lang), lang).assign(
            division_name=lambda frame: frame["division_label"]
        ),
        files=frames["files"],
        problems=frames["problems"],
        corrections=frames["corrections"],
        funding_overall=frames["funding_overall"],
        funding_divisions=_with_name(frames["funding_divisions"], "division", lang, no_division),
        funding_themes=_with_name(frames["funding_themes"], "theme", lang, ""),
        funding_programmes=_with_name(
            frames["funding_programmes"], "programme", lang, no_programme
        ),
        funding_pipeline=_with_name(frames["funding_pipeline"], "phase", lang, ""),
        funding_follow_up=follow_up.assign(
            label=[
                f"{name} ({pid})" if pid else str(name)
                for name, pid in zip(follow_up["name"], ids, strict=True)
            ],
            division_name=follow_up[f"division_name_{lang}"].fillna(no_division),
            programme_name=follow_up[f"programme_name_{lang}"]
            .fillna(follow_up["programme"])
            .fillna(no_programme),
        ),
        changes=_with_label(frames["changes"], lang),
        moves=_with_label(_with_texts(frames["moves"], measures, lang), lang),
        quality=_with_label(frames["quality"], lang),
        findings=_with_label(frames["findings"], lang),
        late=frames["late"],
        indicators=frames["indicators"],
        coverage=_with_label(frames["coverage"], lang),
    )


def _with_name(
    frame: pd.DataFrame, code: str, lang: str, missing: str | None = None
) -> pd.DataFrame:
    """Add `name` and `name_lang`: the `<code>_name_<lang>` column, else the Finnish name (a
    configuration without that language: `name_lang` says so, and the page marks it), else the
    code, else `missing`."""
    names, name_lang = _in_language(frame, code, lang)
    names = names.fillna(frame[code])
    return frame.assign(
        name=names if missing is None else names.fillna(missing), name_lang=name_lang
    )


def _with_label(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add `division_label` (the division's name in `lang`, else the Finnish one, else its
    code, else empty) and `division_label_lang`, the language it is in."""
    names, name_lang = _in_language(frame, "division", lang)
    names = names.fillna(frame["division"])
    return frame.assign(division_label=names.fillna(""), division_label_lang=name_lang)


def _in_language(frame: pd.DataFrame, code: str, lang: str) -> tuple[pd.Series, pd.Series]:
    """A code's names in `lang`, else in Finnish, and the language of each."""
    own = frame[f"{code}_name_{lang}"].replace("", None)
    finnish = frame[f"{code}_name_{FALLBACK_LANG}"].replace("", None)
    fallback = own.isna() & finnish.notna()
    return own.where(~fallback, finnish), fallback.map({True: FALLBACK_LANG, False: lang})


TEXT_FIELDS = ("goal", "measure", "report")


def list_total(frame: pd.DataFrame, column: str = "listed_rows") -> int:
    """The number of all the rows of a list read as its first LIST_ROWS (`decisions`, `moves`,
    `findings`), which the query counts in `column`; 0 for an empty list."""
    return int(frame[column].iloc[0]) if len(frame) else 0


def _with_texts(frame: pd.DataFrame, measures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Replace the goal, measure and report of each measure by the text to show in `lang`, as
    the period's `measures` show it (the query joins measure_texts: the translation, else the
    text as written), and add `<field>_lang`, the language each is in. The owner (a name or a
    title) is never translated: `owner_lang` is the language the division writes in. A measure
    not among `measures` keeps its texts, in `lang`."""
    # the row of each of the frame's measures among `measures`, -1 for none
    at = pd.Index(measures["measure_id"]).get_indexer(frame["measure_id"])
    found = at >= 0

    def mapped(column: str, otherwise: pd.Series | str) -> pd.Series:
        values = np.full(len(frame), None, dtype=object)
        values[found] = measures[column].to_numpy(dtype=object)[at[found]]
        return pd.Series(values, index=frame.index, dtype=object).where(found, otherwise)

    shown = {}
    if "owner" in frame.columns:
        shown["owner_lang"] = mapped("owner_lang", lang)
    for field in TEXT_FIELDS:
        if field in frame.columns:
            shown[field] = mapped(field, frame[field])
            shown[f"{field}_lang"] = mapped(f"{field}_lang", lang)
    return frame.assign(**shown)
