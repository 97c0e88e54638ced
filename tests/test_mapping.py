"""Match keys for labels, headers and themes."""

import pytest

from analysis.mapping import header_key, match_key, split_themes


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Toteutettu", "toteutettu"),
        ("  TOTEUTETTU. ", "toteutettu"),
        ("Toteutettu.", "toteutettu"),
        ("Ei\u00a0aloitettu", "ei aloitettu"),
        ("In   progress", "in progress"),
        ("", None),
        ("   ", None),
        (".", None),
        (None, None),
        (2025, "2025"),
    ],
)
def test_match_key(text, key):
    assert match_key(text) == key


def test_match_key_keeps_inner_full_stops():
    assert match_key("Valmis 1.3.") == "valmis 1.3"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Edistyminen %", "edistyminen%"),
        ("edistyminen%", "edistyminen%"),
        (" Tila: ", "tila"),
        ("Progress  %", "progress%"),
        ("Tunnus*", "tunnus"),
        (None, None),
    ],
)
def test_header_key(text, key):
    assert header_key(text) == key


def test_split_themes():
    assert split_themes("EU-vaikuttaminen; Kotoutuminen ;;") == ["eu-vaikuttaminen", "kotoutuminen"]
    assert split_themes(None) == []
    assert split_themes(" ; ") == []
