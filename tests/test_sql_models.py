"""Each SQL model on an in-memory DuckDB: given raw rows, expected rows."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from pytest import approx

from analysis.config import LANGS
from analysis.mapping import match_key, split_themes

LOADED = dt.datetime(2025, 1, 1)


def add(
    con: duckdb.DuckDBPyConnection,
    period: str,
    measure_id: str,
    division: str,
    status: str | None,
    themes: str | None = None,
    progress: str | None = None,
    row: int = 2,
    report: str | None = None,
    planned_end: str | None = None,
) -> None:
    con.execute(
        "insert into raw_status (period, source_file, sheet, row_number, file_sha256, loaded_at, "
        "measure_id, goal, measure, division, division_from, themes, status, progress, report, "
        "planned_end, division_key, status_key, theme_keys) values "
        "(?, 'status/a.xlsx', 'S', ?, 'h', ?, ?, 'G', 'M', ?, 'column', ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            period,
            row,
            LOADED,
            measure_id,
            division,
            themes,
            status,
            progress,
            report,
            planned_end,
            match_key(division),
            match_key(status),
            split_themes(themes),
        ],
    )


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_completion_by_division_counts_and_rate(con):
    for i, status in enumerate(["Valmis", "Toteutettu", "Käynnissä", "Luovuttu", "Viivästynyt"]):
        add(con, "2025", f"K-{i}", "Kanslia", status, row=i + 2)
    add(con, "2025", "V-1", "Vapaa-aika", "Ei aloitettu")
    add(con, "2024", "K-0", "Kaupunginkanslia", "Done")
    assert rows(
        con,
        """select period, division, measures, done, in_progress, not_started, delayed,
                      cancelled, completion_rate from completion_by_division order by all""",
    ) == [
        ("2024", "kanslia", 1, 1, 0, 0, 0, 0, 1.0),
        ("2025", "kanslia", 5, 2, 1, 0, 1, 1, 0.5),  # 2 done / (5 - 1 cancelled)
        ("2025", "vapaa_aika", 1, 0, 0, 1, 0, 0, 0.0),
    ]
    assert rows(
        con,
        "select division_name_fi, division_name_en from completion_by_division "
        "where division = 'vapaa_aika'",
    ) == [("Vapaa-ajan toimiala", "Leisure and Culture")]


def test_rate_is_null_when_every_measure_is_cancelled(con):
    add(con, "2025", "K-1", "Kanslia", "Peruttu")
    assert rows(con, "select measures, cancelled, completion_rate from completion_by_division") == [
        (1, 1, None)
    ]


def test_completion_by_theme_counts_a_measure_in_each_of_its_themes(con):
    add(con, "2025", "K-1", "Kanslia", "Valmis", themes="EU-vaikuttaminen; Kotoutuminen")
    add(con, "2025", "K-2", "Kanslia", "Käynnissä", themes="eu-edunvalvonta", row=3)
    add(con, "2025", "K-3", "Kanslia", "Käynnissä", themes=None, row=4)
    assert rows(
        con,
        """select theme, measures, done, in_progress, completion_rate
                      from completion_by_theme order by theme""",
    ) == [
        ("eu_advocacy", 2, 1, 1, 0.5),
        ("integration", 1, 1, 0, 1.0),
    ]


def test_theme_listed_twice_in_one_cell_counts_once(con):
    add(con, "2025", "K-1", "Kanslia", "Valmis", themes="Kotoutuminen; kotoutuminen")
    # two spellings of one theme (its name and its alias), and one theme alone
    add(con, "2025", "K-2", "Kanslia", "Valmis", themes="Logistinen sijainti; Aviapolis", row=3)
    add(con, "2025", "K-3", "Kanslia", "Valmis", themes="Aviapolis", row=4)
    assert rows(con, "select theme, measures from completion_by_theme order by theme") == [
        ("integration", 1),
        ("logistics", 2),
    ]


def test_completion_overall(con):
    add(con, "2025", "K-1", "Kanslia", "Valmis")
    add(con, "2025", "K-2", "Kanslia", "Planned", row=3)
    add(con, "2025", "V-1", "Vapaa-aika", "Dropped")
    assert rows(
        con,
        "select period, measures, done, not_started, cancelled, completion_rate, "
        "divisions from completion_overall",
    ) == [("2025", 3, 1, 1, 1, 0.5, 2)]


@pytest.mark.parametrize(
    ("progress", "pct"),
    [
        ("40", 40.0),
        ("40 %", 40.0),
        ("0.4", 40.0),
        ("0,4", 40.0),
        ("1", 100.0),
        ("100", 100.0),
        ("0 %", 0.0),
        ("12,5 %", 12.5),
        ("noin puolet", None),
        (None, None),
    ],
)
def test_stg_measures_progress(con, progress, pct):
    add(con, "2025", "K-1", "Kanslia", "Käynnissä", progress=progress)
    assert rows(con, "select progress_pct from stg_measures") == [(pct,)]


def test_stg_measures_maps_codes_and_keeps_lineage(con):
    add(con, "2025", "K-1", "KANSLIA", " toteutettu. ", row=7)
    assert rows(
        con,
        "select measure_id, division, status, status_label, source_file, sheet, "
        "row_number from stg_measures",
    ) == [("K-1", "kanslia", "done", " toteutettu. ", "status/a.xlsx", "S", 7)]


def test_measure_changes_follow_renamed_and_merged_ids(con):
    add(con, "2024", "K-1", "Kanslia", "Valmis")
    add(con, "2024", "K-2", "Kanslia", "Käynnissä", row=3)
    add(con, "2024", "K-3", "Kanslia", "Ei aloitettu", row=4)
    add(con, "2024", "K-4", "Kanslia", "Käynnissä", row=5)
    add(con, "2025", "K-9", "Kanslia", "Käynnissä")  # K-2 and K-3 merged into K-9
    add(con, "2025", "K-4", "Kanslia", "Viivästynyt", row=3)
    con.execute("insert into ref_measure_id values ('K-2', 'K-9'), ('K-3', 'K-9')")
    assert rows(
        con,
        """select measure_id, change, previous_ids, previous_status, status, direction
                      from measure_changes order by measure_id""",
    ) == [
        ("K-1", "finished", "K-1", "done", None, None),
        ("K-4", "compared", "K-4", "in_progress", "delayed", "backward"),
        ("K-9", "compared", "K-2, K-3", "not_started", "in_progress", "forward"),
    ]
    assert rows(
        con, "select added, finished, dropped, forward, backward from measure_changes_by_division"
    ) == [(0, 1, 0, 1, 1)]


def test_ref_code_names_every_code_of_the_catalogue_in_every_language(con):
    names = rows(con, "select kind, code, name_fi, name_en, sort_order from ref_code")
    assert ("direction", "backward", "Taantui", "Moved back", 2) in names
    assert ("finding", "report_missing", "Raportointi puuttuu", "The report is empty", 2) in names
    assert {kind for kind, *_ in names} >= {"change", "direction", "finding", "field", "source"}
    assert all(name_fi and name_en for _, _, name_fi, name_en, _ in names)


def test_every_reference_table_has_a_name_column_per_language(con):
    columns = rows(
        con,
        "select table_name, list(column_name order by column_name) from duckdb_columns() "
        "where column_name like 'name\\_%' escape '\\' group by table_name order by table_name",
    )
    assert {table for table, _ in columns} >= {"ref_code", "ref_division", "funding_ref_phase"}
    for table, names in columns:
        assert names == sorted(f"name_{lang}" for lang in LANGS), table


def test_measure_changes_name_every_change_direction_status_and_division(con):
    before = {"A": "Valmis", "D": "Käynnissä", "F": "Käynnissä", "B": "Valmis", "U": "Valmis"}
    before |= {"O": "Luovuttu"}
    now = {"N": "Ei aloitettu", "F": "Valmis", "B": "Käynnissä", "U": "Valmis", "O": "Valmis"}
    for row, (measure_id, status) in enumerate(before.items(), start=2):
        add(con, "2024", measure_id, "Kanslia", status, row=row)
    for row, (measure_id, status) in enumerate(now.items(), start=2):
        add(con, "2025", measure_id, "Kanslia", status, row=row)
    assert rows(
        con,
        "select measure_id, change, change_name_fi, change_name_en, direction_name_en, "
        "previous_status_name_en, status_name_fi, division_name_en "
        "from measure_changes order by measure_id",
    ) == [
        ("A", "finished", "Valmistunut", "Finished", None, "Done", None, "City Executive Office"),
        (
            "B",
            "compared",
            "Verrattu",
            "Compared",
            "Moved back",
            "Done",
            "Käynnissä",
            "City Executive Office",
        ),
        (
            "D",
            "dropped",
            "Poistunut",
            "Dropped",
            None,
            "In progress",
            None,
            "City Executive Office",
        ),
        (
            "F",
            "compared",
            "Verrattu",
            "Compared",
            "Moved forward",
            "In progress",
            "Toteutettu",
            "City Executive Office",
        ),
        ("N", "added", "Uusi", "Added", None, None, "Ei aloitettu", "City Executive Office"),
        (
            "O",
            "compared",
            "Verrattu",
            "Compared",
            "Other change",
            "Cancelled",
            "Toteutettu",
            "City Executive Office",
        ),
        (
            "U",
            "compared",
            "Verrattu",
            "Compared",
            "Status unchanged",
            "Done",
            "Toteutettu",
            "City Executive Office",
        ),
    ]


def test_quality_findings_name_every_finding_and_field(con):
    add(con, "2025", "K-1", "Kanslia", "Valmis", progress="50")
    add(con, "2025", "K-2", "Kanslia", "Käynnissä", report="R", progress="300", row=3)
    add(con, "2025", "K-3", "Kanslia", "Ei aloitettu", report="R", planned_end="1.2.2025", row=4)
    add(con, "2025", "K-4", "Kanslia", "Ei aloitettu", report="R", planned_end="pian", row=5)
    add(con, "2025", "K-5", "Kanslia", "Viivästynyt", row=6)
    found = rows(
        con,
        "select finding, finding_name_en, field, field_name_fi, status_name_en, division_name_fi "
        "from quality_findings order by finding",
    )
    assert [(finding, field) for finding, _, field, *_ in found] == [
        ("done_without_report", "report"),
        ("invalid_date", "planned_end"),
        ("invalid_progress", "progress"),
        ("past_planned_end", "planned_end"),
        ("progress_contradicts_status", "progress"),
        ("report_missing", "report"),
    ]
    assert found[0] == (
        "done_without_report",
        "Done, but the report is empty",
        "report",
        "Raportointi",
        "Done",
        "Kaupunginkanslia",
    )
    assert all(all(row) for row in found)  # every code of every finding has its names


def test_completion_change_is_against_the_same_keys_latest_earlier_period(con):
    add(con, "2023", "K-1", "Kanslia", "Valmis")  # kanslia 2023: 1 / 2
    add(con, "2023", "K-2", "Kanslia", "Käynnissä", row=3)
    add(con, "2023", "V-1", "Vapaa-aika", "Peruttu", themes="Kotoutuminen")  # rate null
    add(con, "2024", "V-1", "Vapaa-aika", "Valmis", themes="Kotoutuminen")  # no kanslia in 2024
    add(con, "2025", "K-1", "Kanslia", "Valmis")
    add(con, "2025", "K-2", "Kanslia", "Valmis", row=3)
    add(con, "2025", "V-1", "Vapaa-aika", "Käynnissä", themes="Kotoutuminen", row=4)
    by_division = rows(
        con,
        "select period, division, completion_rate, previous_period, previous_completion_rate, "
        "completion_change_pp from completion_by_division order by division, period",
    )
    assert by_division == [
        ("2023", "kanslia", 0.5, None, None, None),
        ("2025", "kanslia", 1.0, "2023", 0.5, 50.0),  # 2024 has no row for kanslia
        ("2023", "vapaa_aika", None, None, None, None),
        ("2024", "vapaa_aika", 1.0, "2023", None, None),  # the earlier rate is null
        ("2025", "vapaa_aika", 0.0, "2024", 1.0, -100.0),
    ]
    overall = rows(
        con,
        "select period, previous_period, previous_completion_rate, completion_change_pp "
        "from completion_overall order by period",
    )
    assert overall == [
        ("2023", None, None, None),
        ("2024", "2023", 0.5, 50.0),
        ("2025", "2024", 1.0, approx(-100 / 3)),
    ]
    moves = [("2023", None, None), ("2024", "2023", None), ("2025", "2024", -100.0)]
    assert (
        rows(
            con,
            "select period, previous_period, completion_change_pp from completion_by_theme "
            "where theme = 'integration' order by period",
        )
        == moves
    )
    assert (
        rows(
            con,
            "select period, previous_period, completion_change_pp "
            "from completion_by_division_theme "
            "where division = 'vapaa_aika' and theme = 'integration' order by period",
        )
        == moves
    )
