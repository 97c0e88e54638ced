"""The SQL models' own statements about themselves: each mart's key holds on the example data."""

from __future__ import annotations

import duckdb
import pytest

from tests import backtest


@pytest.fixture(scope="module")
def con():
    with duckdb.connect(str(backtest.example_database()), read_only=True) as connection:
        yield connection


@pytest.mark.parametrize("mart", backtest.marts())
def test_the_key_of_each_mart_is_unique_and_not_null(con, mart):
    key = backtest.grain(mart)
    columns = ", ".join(f'"{column}"' for column in key)
    nulls = " or ".join(f'"{column}" is null' for column in key)
    rows, distinct, with_null = con.execute(
        f"select count(*), count(distinct ({columns})), count(*) filter (where {nulls}) "  # noqa: S608
        f"from {mart}"
    ).fetchone()
    assert rows > 0, f"{mart} has no rows on the example data, so its key is not tested"
    assert (distinct, with_null) == (rows, 0), f"{mart}: key ({columns}) of {rows} rows"
