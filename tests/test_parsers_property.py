"""Property-based tests of the label, number and date parsers, through the real staging SQL."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import db
from analysis.config import load_reference
from analysis.mapping import match_key
from tests.conftest import CONFIG

REFERENCE = load_reference(CONFIG)
FINNISH_TEXT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ -.0123", max_size=30
)
SPACE = st.sampled_from([" ", "  ", "\t", "\u00a0", ""])
PROPERTY = settings(max_examples=60, deadline=None)


@pytest.fixture(scope="module")
def con():
    with db.connect(None) as connection:
        db.apply_models(connection)
        db.load_reference(connection, REFERENCE)
        yield connection


def staged(
    con: duckdb.DuckDBPyConnection, progress: str | None = None, planned_end: str | None = None
) -> tuple:
    con.execute("delete from raw_status")
    con.execute(
        "insert into raw_status (period, source_file, sheet, row_number, file_sha256, loaded_at, "
        "measure_id, division, division_from, status, progress, planned_end, division_key, "
        "status_key, theme_keys) values ('2025', 'f', 's', 2, 'h', now(), 'K-1', 'Kanslia', "
        "'column', 'Valmis', ?, ?, 'kanslia', 'valmis', [])",
        [progress, planned_end],
    )
    return con.execute("select progress_pct, planned_end from stg_measures").fetchone()


@PROPERTY
@given(FINNISH_TEXT)
def test_match_key_is_idempotent(text):
    key = match_key(text)
    assert key is None or match_key(key) == key


@PROPERTY
@given(FINNISH_TEXT, SPACE, SPACE, st.sampled_from(["", ".", ".."]))
def test_match_key_ignores_case_surrounding_space_and_full_stop(text, before, after, stop):
    assert match_key(f"{before}{text.upper()}{stop}{after}") == match_key(text.lower())


@PROPERTY
@given(
    st.sampled_from([(e.code, label) for e in REFERENCE.statuses for label in e.aliases]),
    SPACE,
    SPACE,
    st.booleans(),
    st.booleans(),
)
def test_every_configured_label_maps_to_its_code(pair, before, after, upper, stop):
    code, label = pair
    written = f"{before}{label.upper() if upper else label}{'.' if stop else ''}{after}"
    assert REFERENCE.lookup("status")[match_key(written)] == code


@PROPERTY
@given(
    st.decimals(min_value=0, max_value=100, places=1),
    st.sampled_from(["{n}", "{n} %", "{n}%", "{n}\u00a0%", " {n} % "]),
    st.booleans(),
)
def test_progress_percentages(con, number, pattern, comma):
    text = pattern.format(n=str(number).replace(".", ",") if comma else str(number))
    expected = float(number)
    if "%" not in text and expected <= 1:
        expected *= 100  # a fraction, as Excel stores a percentage-formatted cell
    assert staged(con, progress=text)[0] == pytest.approx(expected)


@PROPERTY
@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["iso", "datetime", "finnish", "finnish_padded", "serial"]),
)
def test_dates_in_every_accepted_form(con, day, form):
    text = {
        "iso": day.isoformat(),
        "datetime": f"{day.isoformat()} 00:00:00",
        "finnish": f"{day.day}.{day.month}.{day.year}",
        "finnish_padded": day.strftime("%d.%m.%Y"),
        "serial": str((day - dt.date(1899, 12, 30)).days),
    }[form]
    assert staged(con, planned_end=text)[1] == day


@PROPERTY
@given(st.text(alphabet="abcxyz,;:/ ", min_size=1, max_size=12))
def test_text_that_is_not_a_number_or_date_is_left_out(con, text):
    assert staged(con, progress=text, planned_end=text) == (None, None)
