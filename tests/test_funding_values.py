"""Amounts, dates, counts, encodings and city names of funding files (sources.funding.values)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.sources.funding.values import (
    decode,
    identifier_key,
    name_starts_with,
    parse_amount,
    parse_count,
    parse_date,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1187210", "1187210"),
        ("14364,11", "14364.11"),  # CORDIS totalCost: decimal comma
        ("14364.11", "14364.11"),  # CORDIS ecContribution: decimal point
        ("2999636,25", "2999636.25"),
        ("46551.61", "46551.61"),  # EURA 2014
        ("1 234 567", "1234567"),
        (f"1{NBSP}234{NBSP}567,50{NBSP}€", "1234567.50"),
        (f"1{NNBSP}250{NNBSP}000 €", "1250000"),
        ("€1,234,567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1.234,5", "1234.5"),
        ("250 000 EUR", "250000"),
        ("-1 500", "-1500"),
        ("\u22121 500,5", "-1500.5"),  # a typographic minus
        ("0,125", "0.125"),
        ("56868.983", "56868.983"),  # Kohesio, three decimals
        ("0", "0"),
    ],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", [None, "", "  ", NBSP, "€"])
def test_empty_amount_is_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text",
    ["noin miljoona", "12a", "1,2,3", "1.23.456", "1.234,56,7", "1,5.3", ",5", "5,", "--5", "+-5"],
)
def test_unreadable_amounts_raise(text):
    with pytest.raises(ValueError, match="amount|ambiguous|not"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1,234", "12.500", "250,000"])
def test_a_single_thousands_like_separator_is_ambiguous_in_a_persons_file(text):
    with pytest.raises(ValueError, match="ambiguous"):
        parse_amount(text, human=True)
    assert parse_amount(text) is not None  # a machine export uses it as a decimal separator


def test_numbers_from_excel_are_amounts():
    assert parse_amount(748750.0) == Decimal("748750.0")
    assert parse_amount(12) == Decimal(12)


@given(
    euros=st.integers(min_value=0, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
    group=st.sampled_from([" ", NBSP, NNBSP, ".", ""]),
    suffix=st.sampled_from(["", " €", f"{NBSP}€", " EUR"]),
)
def test_finnish_written_amounts_round_trip(euros, cents, group, suffix):
    digits = f"{euros:,}".replace(",", group)
    text = f"{digits},{cents:02d}{suffix}"
    assert parse_amount(text, human=True) == Decimal(euros) + Decimal(cents) / 100


@given(
    euros=st.integers(min_value=1000, max_value=10**12),
    cents=st.integers(min_value=0, max_value=99),
)
def test_english_written_amounts_round_trip(euros, cents):
    assert parse_amount(f"€{euros:,}.{cents:02d}") == Decimal(euros) + Decimal(cents) / 100


@given(
    amount=st.decimals(min_value=-(10**15), max_value=10**15, places=2),  # rounded: 16 digits
    places=st.sampled_from([0, 1, 2]),
    human=st.booleans(),
)
def test_a_plain_amount_reads_as_the_general_rules_read_it(amount, places, human):
    """Amounts as programs write them (`14364.11`) skip the general rules; a leading space
    sends the same text through them, and both must agree."""
    text = f"{amount:.{places}f}"
    assert parse_amount(text, human=human) == parse_amount(f" {text}", human=human)
    assert parse_amount(text, human=human) == Decimal(text)


@pytest.mark.parametrize(
    "text", ["12345678901234567", "10000000000000000.00", "-99999999999999999"]
)
def test_a_plain_amount_of_more_than_16_digits_of_euros_is_refused(text):
    with pytest.raises(ValueError, match="too large"):
        parse_amount(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-14", dt.date(2025, 3, 14)),
        ("2024-01-08 20:38:34", dt.date(2024, 1, 8)),
        ("1.4.2008", dt.date(2008, 4, 1)),
        ("31.12.2010", dt.date(2010, 12, 31)),
        ("14.3.2025.", dt.date(2025, 3, 14)),
        ("04/09/2023", dt.date(2023, 9, 4)),  # Kohesio: day first
        (dt.datetime(2025, 6, 1, 0, 0), dt.date(2025, 6, 1)),
        (dt.date(2025, 6, 1), dt.date(2025, 6, 1)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.2.2025", "2025-13-01", "14.3.25", "maaliskuu 2025", "45678"])
def test_unreadable_dates_raise(text):
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_in_every_accepted_form(day):
    for text in (day.isoformat(), f"{day.day}.{day.month}.{day.year}", day.strftime("%d/%m/%Y")):
        assert parse_date(text) == day


@pytest.mark.parametrize(("text", "expected"), [("4", 4), ("0", 0), ("12.0", 12), (None, None)])
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["2,5", "-1", "neljä"])
def test_bad_counts_raise(text):
    with pytest.raises(ValueError):
        parse_count(text)


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Hämeen €".encode(), "Hämeen €", "utf-8"),
        ("\ufeffHämeen".encode(), "Hämeen", "utf-8-sig"),
        ("Hämeen".encode("latin-1"), "Hämeen", "latin-1"),
        ("Hämeen 5 €".encode("cp1252"), "Hämeen 5 €", "cp1252"),
        ("Hämeen".encode("utf-16"), "Hämeen", "utf-16"),
    ],
)
def test_decode_detects_the_encoding(data, text, encoding):
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Vantaan kaupunki", "Vantaan kaupunki"),
        ("VANTAAN KAUPUNKI", "Vantaan kaupunki"),
        ("Vantaan kaupunki/sivistystoimi", "Vantaan kaupunki"),
        ("Vantaan kaupunki, nuorisopalvelut", "Vantaan kaupunki"),
        ("Vantaan kaupungin nuorisoasiainkeskus ", "Vantaan kaupungin"),
        ("Vantaan kaupunginosayhdistys ry", None),
        ("Vantaan Energia Oy", None),
        (None, None),
    ],
)
def test_city_names_match_as_whole_words(name, expected):
    assert name_starts_with(name, ("Vantaan kaupunki", "Vantaan kaupungin")) == expected


def test_identifiers_compare_without_punctuation():
    assert identifier_key("0124610-9") == identifier_key("01246109")
    assert identifier_key(" fi01246109 ") == "FI01246109"
