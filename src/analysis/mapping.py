"""Match keys for free-text labels: the one place where sheet text is normalised for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # labels repeat: a few statuses and divisions over many rows
def _key(value: str) -> str | None:
    value = unicodedata.normalize("NFC", value)
    value = _SPACE.sub(" ", value).strip().rstrip(". ")  # trailing full stops and spaces
    return value.lower() or None


def match_key(text: object) -> str | None:
    """Return the key a label is matched by, or None for an empty cell.

    Matching ignores case, surrounding and repeated white space (including non-breaking
    spaces) and a trailing full stop: "  Toteutettu. " and "toteutettu" share a key.
    """
    if text is None:
        return None
    return _key(str(text))


def header_key(text: object) -> str | None:
    """Return the key a column header is matched by: case-insensitive, all white space removed."""
    key = match_key(text)
    if key is None:
        return None
    return _SPACE.sub("", key).rstrip(":*") or None


def split_themes(text: object) -> list[str]:
    """Split a Teema / Theme cell on `;` into match keys, dropping empty parts."""
    if text is None:
        return []
    return list(_split(str(text)))


@lru_cache(maxsize=65536)
def _split(text: str) -> tuple[str, ...]:
    keys = (match_key(part) for part in text.split(";"))
    return tuple(key for key in keys if key)
