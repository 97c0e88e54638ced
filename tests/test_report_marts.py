"""The marts the report pages read, on an in-memory DuckDB: given raw rows, expected rows.

completion_by_division_theme (the division x theme matrix), division_measures (the division
pages), measures_needing_attention (the workbook's list of delayed and not-started measures) and
measures_needing_decision (the overview's first section).
"""

from __future__ import annotations

import datetime as dt

import duckdb

from analysis.mapping import match_key, split_themes

LOADED = dt.datetime(2025, 1, 1)


def add(
    con: duckdb.DuckDBPyConnection,
    measure_id: str,
    division: str,
    status: str,
    themes: str | None = None,
    *,
    period: str = "2025",
    report: str | None = None,
    progress: str | None = None,
    goal: str = "G1",
    row: int = 2,
) -> None:
    """One sheet row, as the ingest writes it to raw_status."""
    con.execute(
        "insert into raw_status (period, source_file, sheet, row_number, file_sha256, loaded_at, "
        "measure_id, goal, measure, division, division_from, themes, status, progress, report, "
        "owner, division_key, status_key, theme_keys) values "
        "(?, 'status/a.xlsx', 'S', ?, 'h', ?, ?, ?, ?, ?, 'column', ?, ?, ?, ?, 'Liisa', ?, ?, ?)",
        [
            period,
            row,
            LOADED,
            measure_id,
            goal,
            f"Toimenpide {measure_id}",
            division,
            themes,
            status,
            progress,
            report,
            match_key(division),
            match_key(status),
            split_themes(themes),
        ],
    )


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_division_theme_matrix_counts_each_pair(con):
    add(con, "K-1", "Kanslia", "Valmis", "Kotoutuminen; EU-edunvalvonta", row=2)
    add(con, "K-2", "Kanslia", "Käynnissä", "Kotoutuminen", row=3)
    add(con, "K-3", "Kanslia", "Peruttu", "Kotoutuminen", row=4)
    add(con, "K-4", "Kanslia", "Valmis", None, row=5)  # no theme: in no cell
    add(con, "V-1", "Vapaa-aika", "Viivästynyt", "kotoutuminen", row=6)
    add(con, "V-0", "Vapaa-aika", "Valmis", "Kotoutuminen", period="2024")
    assert rows(
        con,
        "select period, division, theme, measures, done, in_progress, delayed, cancelled, "
        "completion_rate from completion_by_division_theme order by all",
    ) == [
        ("2024", "vapaa_aika", "integration", 1, 1, 0, 0, 0, 1.0),
        ("2025", "kanslia", "eu_advocacy", 1, 1, 0, 0, 0, 1.0),
        ("2025", "kanslia", "integration", 3, 1, 1, 0, 1, 0.5),  # 1 done / (3 - 1 cancelled)
        ("2025", "vapaa_aika", "integration", 1, 0, 0, 1, 0, 0.0),
    ]
    assert rows(
        con,
        "select division_name_fi, division_name_en, division_sort_order, theme_name_fi, "
        "theme_name_en, theme_sort_order from completion_by_division_theme "
        "where period = '2025' and division = 'vapaa_aika'",
    ) == [("Vapaa-ajan toimiala", "Leisure and Culture", 5, "Kotoutuminen", "Integration", 4)]


def test_matrix_rate_is_null_when_every_measure_of_the_cell_is_cancelled(con):
    add(con, "K-1", "Kanslia", "Luovuttu", "Työllisyys")
    assert rows(
        con, "select measures, cancelled, completion_rate from completion_by_division_theme"
    ) == [(1, 1, None)]


def test_division_measures_one_row_per_measure_with_names_and_lineage(con):
    add(
        con,
        "K-1",
        "Kanslia",
        "Toteutettu",
        "Työllisyys; Oppiminen ja jakaminen",
        report="Valmis <b>ok</b>",
        progress="100 %",
        goal="G2 Verkostot",
        row=7,
    )
    add(con, "K-2", "Kanslia", "Ei aloitettu", None, row=8)
    assert rows(
        con,
        "select period, division, measure_id, goal, measure, status, progress_pct, report, owner, "
        "themes_fi, themes_en from division_measures order by measure_id",
    ) == [
        (
            "2025",
            "kanslia",
            "K-1",
            "G2 Verkostot",
            "Toimenpide K-1",
            "done",
            100.0,
            "Valmis <b>ok</b>",  # as written: escaping is the page's job
            "Liisa",
            "Oppiminen ja jakaminen; Työllisyys",  # in the configuration's theme order
            "Learning and sharing; Employment",
        ),
        ("2025", "kanslia", "K-2", "G1", "Toimenpide K-2", "not_started", None, None, "Liisa",
         None, None),
    ]  # fmt: skip
    assert rows(
        con,
        "select division_name_fi, division_name_en, division_sort_order, status_name_fi, "
        "status_name_en, status_sort_order, source_file, sheet, row_number "
        "from division_measures where measure_id = 'K-1'",
    ) == [
        ("Kaupunginkanslia", "City Executive Office", 1, "Toteutettu", "Done", 1,
         "status/a.xlsx", "S", 7)
    ]  # fmt: skip


def test_measures_needing_attention_are_the_delayed_and_not_started(con):
    statuses = ["Valmis", "Käynnissä", "Ei aloitettu", "Viivästynyt", "Luovuttu", "Suunniteltu"]
    for i, status in enumerate(statuses):
        add(con, f"K-{i}", "Kanslia", status, report=f"raportti {i}", row=i + 2)
    add(con, "K-9", "Kanslia", "Viivästynyt", period="2024")
    assert rows(
        con,
        "select period, measure_id, status, urgency, report from measures_needing_attention "
        "order by period, urgency, measure_id",
    ) == [
        ("2024", "K-9", "delayed", 1, None),
        ("2025", "K-3", "delayed", 1, "raportti 3"),
        ("2025", "K-2", "not_started", 2, "raportti 2"),
        ("2025", "K-5", "not_started", 2, "raportti 5"),  # "Suunniteltu" maps to not started
    ]


def test_attention_rows_carry_the_division_page_columns(con):
    add(con, "K-1", "Kanslia", "Viivästynyt")
    page_columns = {c[0] for c in con.execute("describe division_measures").fetchall()}
    attention_columns = {
        c[0] for c in con.execute("describe measures_needing_attention").fetchall()
    }
    assert attention_columns == page_columns | {"urgency"}


def test_measures_needing_a_decision_are_behind_or_moved_back_with_their_history(con):
    add(con, "K-1", "Kanslia", "Viivästynyt", period="2024")
    add(con, "K-1", "Kanslia", "Viivästynyt")  # behind for the second period running
    add(con, "K-2", "Kanslia", "Valmis", period="2024")
    add(con, "K-2", "Kanslia", "Käynnissä")  # moved back
    add(con, "K-3", "Kanslia", "Ei aloitettu")  # new this period
    add(con, "K-4", "Kanslia", "Ei aloitettu", period="2024")
    add(con, "K-4", "Kanslia", "Käynnissä")  # moved forward: no decision needed
    add(con, "K-5", "Kanslia", "Käynnissä", period="2024")
    add(con, "K-5", "Kanslia", "Viivästynyt")  # behind again, since this period
    assert rows(
        con,
        "select measure_id, previous_status, status, reason, moved_back, behind_since, "
        "behind_periods, urgency, owner from measures_needing_decision where period = '2025' "
        "order by urgency, behind_periods desc, measure_id",
    ) == [
        ("K-1", "delayed", "delayed", "delayed", False, "2024", 2, 1, "Liisa"),
        ("K-5", "in_progress", "delayed", "delayed", True, "2025", 1, 1, "Liisa"),
        ("K-2", "done", "in_progress", "moved_back", True, None, 0, 2, "Liisa"),
        ("K-3", None, "not_started", "not_started", False, "2025", 1, 3, "Liisa"),
    ]


def test_a_run_of_periods_behind_restarts_after_a_period_on_track(con):
    add(con, "K-1", "Kanslia", "Viivästynyt", period="2023")
    add(con, "K-1", "Kanslia", "Käynnissä", period="2024")
    add(con, "K-1", "Kanslia", "Viivästynyt")
    assert rows(
        con,
        "select period, behind_since, behind_periods from measures_needing_decision "
        "order by period",
    ) == [("2023", "2023", 1), ("2025", "2025", 1)]
