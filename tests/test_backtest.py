"""Every mart of the example periods against its trusted copy (tests/backtest.py explains)."""

from __future__ import annotations

import duckdb
import pytest

from tests import backtest


@pytest.fixture(scope="module")
def con():
    with duckdb.connect(str(backtest.example_database()), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize("mart", backtest.marts())
def test_mart_matches_its_trusted_copy(con, mart):
    found = backtest.differences(con, mart)
    assert found == [], "\n".join(
        [*found, "If the change is intended: make backtest-update, and review the diff."]
    )


def test_every_mart_has_a_trusted_copy_and_every_copy_a_mart():
    copies = {path.stem for path in backtest.EXPECTED.glob("*.csv")} - {"columns"}
    assert copies == set(backtest.marts())


def test_a_changed_figure_a_missing_row_and_a_changed_type_are_reported(con):
    columns, types, rows = backtest.read_expected("completion_by_division")
    rate = columns.index("completion_rate")
    first = list(rows[0])
    first[rate] = repr(float(first[rate]) + 0.01)
    changed = (columns, types, [tuple(first), *rows[2:]])
    retyped = [*types[:-1], "BIGINT" if types[-1] != "BIGINT" else "INTEGER"]
    found = backtest.compare("completion_by_division", (columns, retyped, rows), changed)
    key = (rows[0][0], rows[0][1])
    assert f"completion_by_division {key} completion_rate: expected {rows[0][rate]!r}, " in (
        "\n".join(found)
    )
    assert f"completion_by_division {(rows[1][0], rows[1][1])}: row missing" in found
    assert any("sort_order: type" in line for line in found)


def test_floats_agree_within_the_tolerance_only():
    columns, types, rows = backtest.read_expected("completion_by_division")
    rate = columns.index("completion_rate")
    row = next(r for r in rows if r[rate] and float(r[rate]) > 0)

    def with_rate(value: float) -> tuple:
        changed = list(row)
        changed[rate] = repr(value)
        return (columns, types, [tuple(changed)])

    value = float(row[rate])
    near = backtest.compare(
        "completion_by_division",
        (columns, types, [row]),
        with_rate(value * (1 + backtest.FLOAT_TOLERANCE / 10)),
    )
    far = backtest.compare(
        "completion_by_division",
        (columns, types, [row]),
        with_rate(value * (1 + backtest.FLOAT_TOLERANCE * 10)),
    )
    assert near == [] and len(far) == 1


def test_volatile_columns_are_left_out():
    with duckdb.connect() as connection:
        connection.execute(
            "create view completion_overall as select '2025' as period, 3 as measures, "
            "now()::timestamp as loaded_at"
        )
        columns, types, rows = backtest.read_mart(connection, "completion_overall")
    assert columns == ["period", "measures"] and rows == [("2025", "3")]


def test_an_added_column_is_named_and_the_other_columns_still_compared():
    columns, types, rows = backtest.read_expected("completion_overall")
    done = columns.index("done")
    changed = [(*row[:done], "0", *row[done + 1 :], "x") for row in rows]
    found = backtest.compare(
        "completion_overall",
        (columns, types, rows),
        ([*columns, "extra"], [*types, "VARCHAR"], changed),
    )
    assert "completion_overall.extra: column not expected" in found
    assert (
        f"completion_overall ({rows[0][0]!r},) done: expected {rows[0][done]!r}, got '0'" in found
    )
