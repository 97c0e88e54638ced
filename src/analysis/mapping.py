"""Match keys for free-text labels: the one place where sheet text is normalised for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"\s+")
# Characters pasted from the web or Word that nobody sees: zero-width spaces and joiners, the
# word joiner, BOMs and soft hyphens are dropped; hyphen-like dashes read as "-".
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d"), "-")
_TYPED = {**_INVISIBLE, **_DASHES}


_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def visible(text: str) -> str:
    """The text without the invisible characters that nobody typed on purpose."""
    if text.isascii() or not _INVISIBLE_RE.search(text):
        return text
    return _INVISIBLE_RE.sub("", text)


@lru_cache(maxsize=65536)  # labels repeat: a few statuses and divisions over many rows
def _key(value: str) -> str | None:
    value = unicodedata.normalize("NFC", value).translate(_TYPED)
    value = _SPACE.sub(" ", value).strip().rstrip(". ")  # trailing full stops and spaces
    return value.lower() or None


def match_key(text: object) -> str | None:
    """Return the key a label is matched by, or None for an empty cell.

    Matching ignores case, surrounding and repeated white space (including non-breaking
    spaces), a trailing full stop, invisible characters (zero-width spaces, BOMs, soft
    hyphens) and the kind of hyphen or en dash: "  Toteutettu. ", "toteutettu\u200b" and
    "toteutettu" share a key, as do "Kasvu – ja oppiminen" and "Kasvu - ja oppiminen".
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
