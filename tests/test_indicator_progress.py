"""indicator_progress and indicator_values on an in-memory DuckDB: given rows, expected rows.

Each test gives the raw rows of one indicator over one or more periods and expects the
evaluation of docs/indicators.md ("Evaluation"), worked out by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt

import duckdb
from pytest import approx

from analysis.mapping import match_key

LOADED = dt.datetime(2025, 1, 1)


def indicator(
    con: duckdb.DuckDBPyConnection,
    period: str,
    value: float | None,
    *,
    direction: str = "up",
    baseline: tuple[float, int] | None = None,
    target: tuple[float, int] | None = None,
    indicator_id: str = "M-1",
    division: str | None = None,
    row: int = 5,
) -> None:
    """One row of an indicator workbook, as the reader stores it (texts and numbers)."""
    base_value, base_year = baseline or (None, None)
    target_value, target_year = target or (None, None)
    text = {
        "baseline_value": base_value,
        "baseline_year": base_year,
        "target_value": target_value,
        "target_year": target_year,
        "value": value,
    }
    con.execute(
        "insert into raw_indicator by name select ?::varchar as period, "
        "'indicators/m.xlsx' as source_file, 'Mittarit' as sheet, ? as row_number, "
        "'h' as file_sha256, ? as loaded_at, ? as indicator_id, 'Mittari' as name_fi, "
        "'kpl' as unit, ? as direction, ? as direction_code, 'count' as unit_code, "
        "? as division, ? as division_key, ? as baseline_value, ? as baseline_year, "
        "? as target_value, ? as target_year, ? as value, 'lähde' as value_source, "
        "?::double as baseline_number, ?::integer as baseline_year_number, "
        "?::double as target_number, ?::integer as target_year_number, ?::double as value_number",
        [
            period,
            row,
            LOADED,
            indicator_id,
            direction,
            direction,
            division,
            match_key(division),
            *(None if v is None else str(v) for v in text.values()),
            base_value,
            base_year,
            target_value,
            target_year,
            value,
        ],
    )


COLUMNS = (
    "value, previous_value, progress, expected_progress, needed_value, target_reached, "
    "evaluation, trend"
)


def progress(con, period: str = "2025", indicator_id: str = "M-1") -> dict:
    cursor = con.execute(
        f"select {COLUMNS} from indicator_progress where period = ? and indicator = ?",  # noqa: S608
        [period, indicator_id],
    )
    names = [d[0] for d in cursor.description]
    found = cursor.fetchall()
    assert len(found) == 1, found
    return dict(zip(names, found[0], strict=True))


def test_on_the_straight_line_is_on_track(con):
    # baseline 4 in 2022, target 12 in 2026: by 2025 3/4 of the way, 4 + 8 x 0.75 = 10 needed
    indicator(con, "2025", 10, baseline=(4, 2022), target=(12, 2026))
    row = progress(con)
    assert row["expected_progress"] == approx(0.75)
    assert row["needed_value"] == approx(10)
    assert row["progress"] == approx(0.75)  # (10 - 4) / (12 - 4)
    assert row["evaluation"] == "on_track"
    assert row["target_reached"] is False


def test_short_of_the_line_by_at_most_a_tenth_of_the_way_is_behind(con):
    # 20 in 2023 -> 100 in 2026: 2025 needs 2/3 of the way (73.3); 68 is 0.6 of it, 0.067 short
    indicator(con, "2025", 68, baseline=(20, 2023), target=(100, 2026))
    row = progress(con)
    assert row["needed_value"] == approx(20 + 80 * 2 / 3)
    assert row["progress"] == approx(0.6)
    assert row["evaluation"] == "behind"


def test_further_short_of_the_line_is_off_track(con):
    # 20 in 2023 -> 40 in 2026: 2025 needs 2/3 (33.3); 26 is 0.3 of the way, 0.37 short
    indicator(con, "2025", 26, baseline=(20, 2023), target=(40, 2026))
    assert progress(con)["evaluation"] == "off_track"


def test_a_target_reached_early_is_on_track_with_progress_beyond_one(con):
    indicator(con, "2025", 7, baseline=(2, 2022), target=(6, 2026))
    row = progress(con)
    assert row["target_reached"] is True
    assert row["progress"] == approx(1.25)  # (7 - 2) / (6 - 2)
    assert row["evaluation"] == "on_track"


def test_after_the_target_year_only_the_target_counts(con):
    # target year 2024 passed: 4.5 of 5 would be "behind" on the line's last day, now off track
    indicator(con, "2025", 4.5, baseline=(2, 2021), target=(5, 2024))
    row = progress(con)
    assert row["expected_progress"] == approx(1.0)
    assert row["needed_value"] == approx(5)
    assert row["evaluation"] == "off_track"
    indicator(con, "2025", 5, baseline=(2, 2021), target=(5, 2024), indicator_id="M-2", row=6)
    assert progress(con, indicator_id="M-2")["evaluation"] == "on_track"


def test_in_the_target_year_a_tenth_of_the_way_short_is_behind(con):
    indicator(con, "2024", 4.8, baseline=(2, 2021), target=(5, 2024))  # 0.93 of the way
    assert progress(con, "2024")["evaluation"] == "behind"


def test_direction_down(con):
    # 5 in 2022 -> 1 in 2026, lower is better: 2024 needs 3; 3 is on the line
    indicator(con, "2024", 3, direction="down", baseline=(5, 2022), target=(1, 2026))
    # 2025 needs 2; 2.3 is 0.675 of the way against 0.75 expected: behind
    indicator(con, "2025", 2.3, direction="down", baseline=(5, 2022), target=(1, 2026))
    first, second = progress(con, "2024"), progress(con, "2025")
    assert (first["needed_value"], first["evaluation"]) == (approx(3), "on_track")
    assert second["progress"] == approx(0.675)
    assert (second["evaluation"], second["trend"]) == ("behind", "improving")  # 3 -> 2.3 is down


def test_direction_down_reached_and_worsening(con):
    indicator(con, "2024", 0, direction="down", baseline=(5, 2022), target=(1, 2026))
    indicator(con, "2025", 1, direction="down", baseline=(5, 2022), target=(1, 2026))
    row = progress(con)
    assert (row["target_reached"], row["evaluation"]) == (True, "on_track")
    assert row["trend"] == "worsening"  # 0 -> 1, and any rise from 0 is beyond 5 %


def test_no_baseline_is_measured_against_the_target(con):
    # without a baseline there is no line: within 10 % of the target is behind
    indicator(con, "2025", 9.2, target=(10, 2026))
    indicator(con, "2025", 8.9, target=(10, 2026), indicator_id="M-2", row=6)
    indicator(con, "2025", 10, target=(10, 2026), indicator_id="M-3", row=7)
    first = progress(con)
    assert (first["progress"], first["needed_value"], first["expected_progress"]) == (
        None,
        None,
        None,
    )
    assert first["evaluation"] == "behind"
    assert progress(con, indicator_id="M-2")["evaluation"] == "off_track"
    assert progress(con, indicator_id="M-3")["evaluation"] == "on_track"


def test_no_target(con):
    indicator(con, "2024", 14, baseline=(10, 2022))
    indicator(con, "2025", 15, baseline=(10, 2022))
    row = progress(con)
    assert (row["evaluation"], row["trend"]) == ("no_target", "improving")  # 14 -> 15 is +7 %
    assert row["target_reached"] is None


def test_value_missing_this_period(con):
    indicator(con, "2024", 47000, baseline=(42000, 2023), target=(60000, 2026))
    indicator(con, "2025", None, baseline=(42000, 2023), target=(60000, 2026))
    row = progress(con)
    assert (row["value"], row["evaluation"], row["trend"]) == (None, "no_value", None)
    assert row["needed_value"] == approx(54000)  # still says what was needed
    assert row["previous_value"] == 47000
    values = con.execute("select period, value from indicator_values order by period").fetchall()
    assert values == [("2024", 47000.0)]  # a missing value has no row in indicator_values


def test_trend_tolerance_and_previous_value_from_the_latest_period_with_one(con):
    indicator(con, "2023", 100, baseline=(90, 2022), target=(200, 2030))
    indicator(con, "2024", None, baseline=(90, 2022), target=(200, 2030))
    indicator(con, "2025", 104.9, baseline=(90, 2022), target=(200, 2030))
    row = progress(con)
    assert row["previous_value"] == 100  # 2024 had no value: compared with 2023
    assert row["trend"] == "maintaining"  # +4.9 %, within 5 %
    indicator(con, "2026", 94, baseline=(90, 2022), target=(200, 2030))
    assert progress(con, "2026")["trend"] == "worsening"  # 104.9 -> 94, -10 %


def test_direction_stay(con):
    # keep 6: within 5 % on track, within 10 % behind, else off track; trend towards the target
    indicator(con, "2024", 5.5, direction="stay", baseline=(6, 2022), target=(6, 2026))
    indicator(con, "2025", 6.2, direction="stay", baseline=(6, 2022), target=(6, 2026))
    first, second = progress(con, "2024"), progress(con, "2025")
    assert first["evaluation"] == "behind"  # 8.3 % below
    assert (second["evaluation"], second["trend"]) == ("on_track", "improving")
    indicator(con, "2025", 7, direction="stay", target=(6, 2026), indicator_id="M-2", row=6)
    assert progress(con, indicator_id="M-2")["evaluation"] == "off_track"


def test_computed_indicators_from_the_city_data(con):
    con.execute(
        "insert into raw_indicator_computed by name select '2025' as period, "
        "'indicators.yml' as source_file, 1 as entry, 'G6-TOT' as indicator_id, "
        "'goal_completion' as compute, 'Toteutettu' as name_fi, 'Done' as name_en, "
        "'percent' as unit_code, 'up' as direction_code, 'g6' as goal, "
        "0.0 as baseline_number, 2023 as baseline_year_number, 100.0 as target_number, "
        "2026 as target_year_number"
    )
    measures = [
        ("G6 Rahoitus", "Valmis"),
        ("G6 Rahoitus", "Käynnissä"),
        ("G60 Muu", "Valmis"),
        ("G6", "Luovuttu"),
        ("G6 Rahoitus", "Valmis"),
        ("G6 Rahoitus", "Käynnissä"),
    ]
    for number, (goal, status) in enumerate(measures, start=2):
        con.execute(
            "insert into raw_status by name select '2025' as period, 's.xlsx' as source_file, "
            "'S' as sheet, ? as row_number, 'h' as file_sha256, ? as loaded_at, "
            "'K-' || ? as measure_id, ? as goal, 'M' as measure, 'Kanslia' as division, "
            "'column' as division_from, ? as status, 'kanslia' as division_key, "
            "? as status_key",
            [number, LOADED, number, goal, status, match_key(status)],
        )
    row = con.execute(
        "select computed, value, value_source, evaluation from indicator_progress"
    ).fetchone()
    # G6 measures: 2 done, 2 in progress, 1 cancelled (left out); G60 is another goal: 2 / 4
    assert row[0] is True
    assert row[1] == approx(50)
    assert row[2] == "stg_measures.status (n = 5)"
    assert row[3] == "off_track"  # 2/3 of the way expected in 2025, 0.5 < 0.667 - 0.10
