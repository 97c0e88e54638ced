"""Back-test: every mart of the shipped example periods against its trusted copy in backtest/.

    python -m tests.backtest            compare, print the differences (exit code 1 if any)
    python -m tests.backtest --update   rewrite backtest/*.csv from the current SQL

`tests/test_backtest.py` runs the comparison. The example data (`data/raw/2024`, `data/raw/2025`,
`config/`) are ingested into a temporary database; each mart is read sorted by its key (the
`-- grain:` line of its file) and compared row for row and column for column with
`backtest/<mart>.csv`, and the column types with `backtest/columns.csv`. An expected file is
changed only on purpose (`make backtest-update`), and its diff is reviewed like code: every
changed figure in it is a changed figure in the report.
"""

from __future__ import annotations

import argparse
import atexit
import csv
import datetime as dt
import json
import math
import shutil
import sys
import tempfile
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import duckdb

from analysis import db
from analysis.sources.ingest import ingest_period

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = Path(__file__).resolve().parent / "backtest"
TYPES_FILE = EXPECTED / "columns.csv"
PERIODS = ("2024", "2025")
# Columns that differ between two loads of the same files; left out of every comparison.
VOLATILE_COLUMNS = frozenset({"loaded_at"})
# Two doubles are equal when they agree to this relative (or, near zero, absolute) difference.
FLOAT_TOLERANCE = 1e-9
FLOAT_TYPES = frozenset({"DOUBLE", "FLOAT"})
SHOWN_DIFFERENCES = 20  # per mart

Row = tuple[str, ...]  # one row, every value encoded as text (NULL as an empty field)


@cache
def example_database() -> Path:
    """A DuckDB file with the example periods loaded, built once per process."""
    folder = Path(tempfile.mkdtemp(prefix="seuranta-backtest-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "example.duckdb"
    for period in PERIODS:
        ingest_period(period, ROOT / "data" / "raw", path, ROOT / "config")
    return path


def marts() -> list[str]:
    return [model.name for model in db.models() if model.layer == "marts"]


def grain(mart: str) -> tuple[str, ...]:
    """The key columns of a mart, from the `-- grain:` line of its file."""
    key = db.Model(mart, "marts", db.sql_text("marts", mart)).grain
    if not key:
        raise ValueError(f"sql/marts/{mart}.sql has no `-- grain: ...` line")
    return key


def encode(value: object) -> str:
    """A value as the text the expected files hold; NULL is an empty field."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False, default=str)
    text = str(value)
    if text == "":
        raise ValueError("an empty string cannot be told from NULL in the expected files")
    return text


def read_mart(con: duckdb.DuckDBPyConnection, mart: str) -> tuple[list[str], list[str], list[Row]]:
    """(columns, types, rows) of a mart without its volatile columns, sorted by its key."""
    described = con.execute(f"describe {mart}").fetchall()  # noqa: S608 - a model's name
    kept = [(name, kind) for name, kind, *_ in described if name not in VOLATILE_COLUMNS]
    columns = [name for name, _ in kept]
    order = ", ".join(f'"{column}" nulls first' for column in grain(mart))
    select = ", ".join(f'"{column}"' for column in columns)
    rows = con.execute(f"select {select} from {mart} order by {order}").fetchall()  # noqa: S608
    return columns, [kind for _, kind in kept], [tuple(map(encode, row)) for row in rows]


def _same(expected: str, actual: str, kind: str) -> bool:
    if expected == actual:
        return True
    if not expected or not actual:
        return False
    if kind in FLOAT_TYPES:
        return math.isclose(
            float(expected), float(actual), rel_tol=FLOAT_TOLERANCE, abs_tol=FLOAT_TOLERANCE
        )
    if kind.startswith("DECIMAL"):
        return Decimal(expected) == Decimal(actual)
    return False


def _columns(rows: Sequence[Row], columns: list[str], wanted: list[str]) -> list[Row]:
    positions = [columns.index(column) for column in wanted]
    return [tuple(row[i] for i in positions) for row in rows]


def compare(
    mart: str,
    expected: tuple[list[str], list[str], list[Row]],
    actual: tuple[list[str], list[str], list[Row]],
) -> list[str]:
    """The differences between two copies of a mart, one readable line each."""
    columns, types, rows = actual
    expected_columns, expected_types, expected_rows = expected
    problems = [f"{mart}.{c}: column missing" for c in expected_columns if c not in columns]
    problems += [f"{mart}.{c}: column not expected" for c in columns if c not in expected_columns]
    if not problems and columns != expected_columns:
        problems.append(f"{mart}: columns in the order {columns}, expected {expected_columns}")
    shared = [column for column in expected_columns if column in columns]
    kinds = dict(zip(columns, types, strict=True))
    for column, want in zip(expected_columns, expected_types, strict=True):
        if column in kinds and want != kinds[column]:
            problems.append(f"{mart}.{column}: type {want} expected, got {kinds[column]}")
    # the values of the columns both copies have
    expected_rows = _columns(expected_rows, expected_columns, shared)
    rows = _columns(rows, columns, shared)
    columns, types = shared, [kinds[column] for column in shared]
    if not set(grain(mart)) <= set(shared):
        return problems  # rows cannot be matched without their key
    positions = [columns.index(column) for column in grain(mart)]

    def keyed(table: Sequence[Row]) -> dict[Row, Row]:
        return {tuple(row[i] for i in positions): row for row in table}

    want_rows, got_rows = keyed(expected_rows), keyed(rows)
    for key in want_rows.keys() - got_rows.keys():
        problems.append(f"{mart} {key}: row missing")
    for key in got_rows.keys() - want_rows.keys():
        problems.append(f"{mart} {key}: row not expected")
    for key in want_rows.keys() & got_rows.keys():
        for column, kind, want, got in zip(
            columns, types, want_rows[key], got_rows[key], strict=True
        ):
            if not _same(want, got, kind):
                problems.append(f"{mart} {key} {column}: expected {want!r}, got {got!r}")
    if len(rows) != len(got_rows):
        problems.append(f"{mart}: its key {grain(mart)} is not unique")
    problems.sort()
    if len(problems) > SHOWN_DIFFERENCES:
        rest = len(problems) - SHOWN_DIFFERENCES
        problems = [*problems[:SHOWN_DIFFERENCES], f"{mart}: ... and {rest} more"]
    return problems


def read_expected(mart: str) -> tuple[list[str], list[str], list[Row]]:
    with (EXPECTED / f"{mart}.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    with TYPES_FILE.open(encoding="utf-8", newline="") as handle:
        kinds = {(m, c): k for m, c, k in list(csv.reader(handle))[1:]}
    return header, [kinds.get((mart, column), "") for column in header], [tuple(r) for r in rows]


def write_expected(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite every expected file from the marts as they are now."""
    shutil.rmtree(EXPECTED, ignore_errors=True)
    EXPECTED.mkdir()
    types = []
    for mart in marts():
        columns, kinds, rows = read_mart(con, mart)
        with (EXPECTED / f"{mart}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([columns, *rows])
        types += [(mart, column, kind) for column, kind in zip(columns, kinds, strict=True)]
    with TYPES_FILE.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([("mart", "column", "type"), *types])


def differences(con: duckdb.DuckDBPyConnection, mart: str) -> list[str]:
    return compare(mart, read_expected(mart), read_mart(con, mart))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the expected files")
    args = parser.parse_args(argv)
    with duckdb.connect(str(example_database()), read_only=True) as con:
        if args.update:
            write_expected(con)
            print(f"rewrote {EXPECTED.relative_to(ROOT)}: review the diff before committing")
            return 0
        found = [line for mart in marts() for line in differences(con, mart)]
    print("\n".join(found) or "every mart matches its trusted copy")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
