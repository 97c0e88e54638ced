"""Interface text and number/date formats of the reports in Finnish, Swedish and English (Babel
locales: fi_FI, sv_FI, en_GB)."""

from __future__ import annotations

import copy
import decimal
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberPattern,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)

from analysis import yamlfile
from analysis.config import LANGS

__all__ = [
    "LANGS",
    "LOCALES",
    "MISSING",
    "catalogue",
    "fmt_date",
    "fmt_decimal",
    "fmt_eur",
    "fmt_int",
    "fmt_percent",
    "percent_suffix",
    "plotly_separators",
    "t",
]

LOCALES: Mapping[str, str] = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
MISSING = "–"  # shown for a value that cannot be computed (e.g. a rate with no measures)


@cache
def catalogue() -> Mapping[str, Mapping[str, str]]:
    """The translation catalogue: key -> {lang: text}, from every `locales/*.yml` file.

    Each part of the product keeps its interface text in its own file; a key may be defined in
    one file only.
    """
    folder = resources.files("analysis").joinpath("locales")
    merged: dict[str, Mapping[str, str]] = {}
    for source in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not source.name.endswith(".yml"):
            continue
        data = yamlfile.safe_load(source.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{source}: expected a mapping of key -> {{fi:, sv:, en:}}")
        for key, texts in data.items():
            if not isinstance(texts, dict) or sorted(texts) != sorted(LANGS):
                raise ValueError(f"{source}: {key!r} must have exactly the languages {LANGS}")
            if key in merged:
                raise ValueError(f"{source}: {key!r} is already defined in another catalogue file")
            merged[key] = texts
    return merged


def t(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang` with its `{name}` placeholders filled in.

    Strict: an unknown key or language, or a placeholder without a value, raises KeyError.
    """
    return catalogue()[key][lang].format(**values)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def _with_digits(pattern: NumberPattern, digits: int) -> NumberPattern:
    """A copy of a locale's pattern showing exactly `digits` decimals."""
    custom = copy.copy(pattern)
    custom.frac_prec = (digits, digits)
    return custom


def _apply(pattern: NumberPattern, number: float, locale: Locale, **options: object) -> str:
    """`number` in `pattern`, rounded half up to the digits shown (56.25 % is 56.3 %, as Excel
    and LibreOffice show it in indicators.xlsx; Babel alone rounds half to even)."""
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return pattern.apply(number, locale, **options)


@lru_cache(maxsize=65536)  # a report formats the same few values many times
def fmt_int(n: int, lang: str) -> str:
    """A whole number with the locale's grouping: fi and sv `1 234`, en `1,234`."""
    return format_decimal(n, format="#,##0", locale=_locale(lang))


@lru_cache(maxsize=65536)  # a report formats the same few values many times
def fmt_decimal(number: float, lang: str, digits: int = 1, signed: bool = False) -> str:
    """A number with `digits` decimals; `signed` writes the locale's plus or minus sign before it
    unless it rounds to zero (fi `+5,2` / `−5,2`, en `+5.2` / `-5.2`)."""
    locale = _locale(lang)
    pattern = _with_digits(locale.decimal_formats[None], digits)
    if not signed:
        return _apply(pattern, number, locale)
    shown = _apply(pattern, abs(number), locale)
    if shown == _apply(pattern, 0, locale):
        return shown
    sign = get_plus_sign_symbol(locale) if number > 0 else get_minus_sign_symbol(locale)
    return sign + shown


@lru_cache(maxsize=65536)  # a report formats the same few values many times
def fmt_percent(rate: float | None, lang: str, digits: int = 0) -> str:
    """A rate of 0..1 as a percentage: fi and sv `62 %` (no-break space), en `62%`; None
    gives `–`."""
    if rate is None:
        return MISSING
    locale = _locale(lang)
    return _apply(_with_digits(locale.percent_formats[None], digits), rate, locale)


def percent_suffix(lang: str) -> str:
    """What follows the number in a percentage (fi no-break space and `%`), for chart axes."""
    return fmt_percent(0, lang).removeprefix("0")


def fmt_date(d: date, lang: str) -> str:
    """A date written out: fi `5. maaliskuuta 2025`, sv `5 mars 2025`, en `5 March 2025`."""
    return format_date(d, format="long", locale=_locale(lang))


@lru_cache(maxsize=65536)  # a report formats the same few values many times
def fmt_eur(amount: float, lang: str) -> str:
    """Whole euros: fi and sv `1 234 567 €`, en `€1,234,567`."""
    locale = _locale(lang)
    pattern = _with_digits(locale.currency_formats["standard"], 0)
    return _apply(pattern, amount, locale, currency="EUR", currency_digits=False)


def plotly_separators(lang: str) -> str:
    """Plotly's `layout.separators`: the decimal then the thousands separator of the locale."""
    locale = _locale(lang)
    return get_decimal_symbol(locale) + get_group_symbol(locale)
