"""Read amounts, dates and text encodings of funding files: the one place where they are parsed.

Every rule here is stated in docs/funding.md; a value that does not follow them raises
`ValueError` with a sentence that can go straight into a Problem.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from decimal import Decimal

from analysis.mapping import match_key

# Spaces people and programs put inside numbers: space, no-break space, narrow no-break space,
# thin space, figure space, and the apostrophe some locales group with.
_GROUPING_SPACE = re.compile(r"[\s\u00a0\u202f\u2009\u2007'’]")
_CURRENCY = re.compile(r"€|\beur(?:o|oa|os)?\b", re.IGNORECASE)
_MINUS = "\u2212\u2012\u2013"  # minus sign, figure dash, en dash written for a minus
_NUMBER = re.compile(r"^[+-]?\d[\d.,]*$")
# An amount as programs write it (`14364.11`, `-250`): read as it is, whatever `human` says
_PLAIN_AMOUNT = re.compile(r"-?\d{1,16}(?:\.\d{1,2})?")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})\.?$")


def parse_amount(value: object, human: bool = False) -> Decimal | None:
    """An amount of euros from a cell or a CSV field; None for an empty one.

    Spaces of any kind, `€` and `EUR` are ignored, and a minus sign may be written as `−`.
    With both `.` and `,` the rightmost one is the decimal separator and the other groups
    thousands (`1.234,50`, `1,234.50`). A separator that occurs more than once groups
    thousands (`1.234.567`). A single one is a decimal separator (`14364,11`, `14364.11`),
    except that in a person's file (`human=True`) a single separator followed by exactly
    three digits (`1,234`, `12.500`) is ambiguous and rejected rather than guessed.
    """
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise ValueError(f"'{value}' is not an amount")
    if isinstance(value, int | float | Decimal):
        return _bounded(Decimal(str(value)), value)
    if isinstance(value, str) and _PLAIN_AMOUNT.fullmatch(value):
        return Decimal(value)  # at most 16 digits of euros: within MAX_AMOUNT
    text = unicodedata.normalize("NFC", str(value))
    for minus in _MINUS:
        text = text.replace(minus, "-")
    text = _GROUPING_SPACE.sub("", _CURRENCY.sub("", text))
    if not text:
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"'{value}' is not an amount of euros")
    sign, digits = ("-", text[1:]) if text[0] in "+-" else ("", text)
    if digits[0] == "+":
        raise ValueError(f"'{value}' is not an amount of euros")
    return _bounded(Decimal(sign + _plain_number(digits, str(value), human)), value)


# the amounts are stored as decimal(18, 2): sixteen digits of euros
MAX_AMOUNT = Decimal(10) ** 16


def _bounded(amount: Decimal, original: object) -> Decimal:
    """`amount`, or a ValueError for one that is not finite or too large to be stored."""
    if not amount.is_finite() or abs(amount) >= MAX_AMOUNT:
        raise ValueError(f"'{original}' is too large to be an amount of euros (at most 16 digits)")
    return amount


def _plain_number(digits: str, original: str, human: bool) -> str:
    """`digits` (only 0-9 . ,) with thousands separators removed and a `.` decimal point."""
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_sep = "." if digits.rfind(".") > digits.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        whole, _, fraction = digits.rpartition(decimal_sep)
        if decimal_sep in whole or not _THOUSANDS.match(whole) or group_sep not in whole:
            raise ValueError(f"'{original}' mixes '.' and ',' in a way that is not an amount")
        return whole.replace(group_sep, "") + "." + fraction
    separators = dots + commas
    if separators == 0:
        return digits
    sep = "." if dots else ","
    if separators > 1:
        if not _THOUSANDS.match(digits):
            raise ValueError(f"'{original}' is not an amount: '{sep}' groups are not thousands")
        return digits.replace(sep, "")
    whole, _, fraction = digits.partition(sep)
    if not fraction or not whole:
        raise ValueError(f"'{original}' is not an amount of euros")
    if human and len(fraction) == 3 and whole[0] != "0" and len(whole) <= 3:
        raise ValueError(
            f"'{original}' is ambiguous: it could be {whole}{fraction} or {whole}.{fraction} euros"
        )
    return whole + "." + fraction


def parse_date(value: object) -> dt.date | None:
    """A date from a cell or a CSV field; None for an empty one.

    Accepted: an Excel date, `2025-03-14` (with or without a time), and day-first
    `14.3.2025` or `14/03/2025` (the Finnish and the Kohesio way). Nothing else is guessed.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            raise ValueError(f"'{value}' is not a date")
        day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{value}' is not a date that exists") from None


def parse_count(value: object) -> int | None:
    """A whole, non-negative number of applications; None for an empty cell."""
    amount = parse_amount(value, human=True)
    if amount is None:
        return None
    if amount != amount.to_integral_value() or amount < 0:
        raise ValueError(f"'{value}' is not a whole number of applications")
    return int(amount)


class UndecodableText(ValueError):
    """A text file whose bytes cannot all be read in one encoding.

    `code` names the case in locales/problems.yml; `line` is the offending line, if one is.
    """

    def __init__(self, message: str, code: str, line: int | None = None, value: int = 0):
        super().__init__(message)
        self.code, self.line, self.value = code, line, value


def _mixed_line(data: bytes) -> int | None:
    """The first line that is not UTF-8 in a file whose other non-ASCII lines are UTF-8."""
    first_bad, utf8_text = None, False
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_text = True
        except UnicodeDecodeError:
            first_bad = first_bad or number
    return first_bad if utf8_text else None


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was read with (detected, not assumed).

    A byte-order mark decides; else UTF-8 if the bytes are valid UTF-8; else Windows-1252
    (what Excel writes as "CSV" on a Finnish Windows) when the file uses its characters in
    0x80-0x9F, else ISO-8859-1 (Latin-1), which reads every byte.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            odd = len(data) % 2 == 1
            raise UndecodableText(
                f"the file is marked as UTF-16 but byte {exc.start:,} cannot be read",
                "funding_utf16_cut" if odd else "funding_utf16_damaged",
                value=len(data) if odd else exc.start,
            ) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mixed_line(data)
    if mixed is not None:  # one line saved in another encoding: guessing would blame the rest
        raise UndecodableText(
            f"line {mixed} is not UTF-8 like the rest of the file", "funding_mixed_encoding", mixed
        )
    if any(0x80 <= byte <= 0x9F for byte in data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def name_starts_with(name: object, prefixes: tuple[str, ...]) -> str | None:
    """The configured prefix that `name` starts with as whole words, or None.

    `Vantaan kaupunki/sivistystoimi` starts with `Vantaan kaupunki`; `Helsingin
    kaupunginosayhdistykset ry` does not start with `Helsingin kaupungin` (the next character
    must not be a letter). Case, spacing and a trailing full stop are ignored.
    """
    key = match_key(name)
    if key is None:
        return None
    for prefix in prefixes:
        wanted = match_key(prefix)
        if wanted and key.startswith(wanted):
            rest = key[len(wanted) :]
            if not rest or not rest[0].isalpha():
                return prefix
    return None


_IDENTIFIER_NOISE = re.compile(r"[\s.\-]")


def identifier_key(value: object) -> str | None:
    """A VAT number, PIC or business id compared without spaces, dashes, dots or case."""
    if value is None:
        return None
    key = _IDENTIFIER_NOISE.sub("", str(value)).upper()
    return key or None
