"""The translation catalogue and the Finnish and English number and date formats."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import pytest

from analysis.i18n import (
    LANGS,
    catalogue,
    fmt_date,
    fmt_decimal,
    fmt_eur,
    fmt_int,
    fmt_percent,
    percent_suffix,
    plotly_separators,
    t,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "analysis"
NBSP = "\u00a0"
# t("key", ...) and Report._t("key", ...) calls with a literal key
KEY_USE = re.compile(r"""\b_?t\(\s*(["'])([\w.]+)\1""")


def keys_used_in_source() -> set[str]:
    return {
        match.group(2)
        for path in SRC.rglob("*.py")
        for match in KEY_USE.finditer(path.read_text(encoding="utf-8"))
    }


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_key_has_text_in_every_language() -> None:
    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        for lang in LANGS:
            assert isinstance(texts[lang], str) and texts[lang].strip(), (key, lang)


def test_placeholders_agree_between_languages() -> None:
    for key, texts in catalogue().items():
        assert placeholders(texts["fi"]) == placeholders(texts["en"]), key


def test_every_key_used_in_the_source_exists() -> None:
    used = keys_used_in_source()
    assert {"report.title", "key_figures.completion_rate", "footer.version"} <= used  # scan works
    assert sorted(used - set(catalogue())) == []


def test_every_key_in_the_catalogue_is_used() -> None:
    assert sorted(set(catalogue()) - keys_used_in_source()) == []


def test_t_fills_placeholders_and_is_strict() -> None:
    assert t("report.title", "fi", period="2025") == "Strategian seuranta 2025"
    assert t("report.title", "en", period="2025") == "Strategy follow-up 2025"
    with pytest.raises(KeyError):
        t("no.such.key", "fi")
    with pytest.raises(KeyError):
        t("report.title", "sv", period="2025")
    with pytest.raises(KeyError):
        t("report.title", "fi")  # placeholder without a value


def test_percent() -> None:
    assert fmt_percent(0.625, "fi", digits=1) == f"62,5{NBSP}%"  # decimal comma, no-break space
    assert fmt_percent(0.625, "en", digits=1) == "62.5%"
    assert fmt_percent(0.5238, "fi") == f"52{NBSP}%"
    assert fmt_percent(1.0, "en") == "100%"
    assert fmt_percent(None, "fi") == fmt_percent(None, "en") == "–"
    assert percent_suffix("fi") == f"{NBSP}%" and percent_suffix("en") == "%"


def test_numbers_and_money() -> None:
    assert fmt_int(1234567, "fi") == f"1{NBSP}234{NBSP}567"
    assert fmt_int(1234567, "en") == "1,234,567"
    assert fmt_eur(1234567, "fi").replace(NBSP, " ") == "1 234 567 €"
    assert fmt_eur(1234567, "en") == "€1,234,567"
    assert fmt_decimal(9.88, "fi", signed=True) == "+9,9"
    assert fmt_decimal(-9.88, "fi", signed=True) == "\u22129,9"  # Finnish minus sign
    assert fmt_decimal(-9.88, "en", signed=True) == "-9.9"
    assert fmt_decimal(0.01, "en", signed=True) == "0.0"


def test_dates_and_plotly_separators() -> None:
    assert fmt_date(date(2025, 3, 5), "fi") == "5. maaliskuuta 2025"
    assert fmt_date(date(2025, 3, 5), "en") == "5 March 2025"
    assert plotly_separators("fi") == f",{NBSP}"  # decimal comma, space between thousands
    assert plotly_separators("en") == ".,"


def test_a_key_defined_in_two_catalogue_files_is_rejected(tmp_path, monkeypatch):
    from importlib import resources

    from analysis import i18n

    folder = tmp_path / "locales"
    folder.mkdir()
    (folder / "a.yml").write_text("x.title: {fi: A, en: A}\n", encoding="utf-8")
    (folder / "b.yml").write_text("x.title: {fi: B, en: B}\n", encoding="utf-8")

    class Package:
        def joinpath(self, name):
            return tmp_path / name

    monkeypatch.setattr(resources, "files", lambda _: Package())
    i18n.catalogue.cache_clear()
    try:
        with pytest.raises(ValueError, match="'x.title' is already defined"):
            i18n.catalogue()
    finally:
        i18n.catalogue.cache_clear()
