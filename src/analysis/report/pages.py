"""Where each part of a report belongs: page paths, the output metadata that names them, links.

A report notebook's outputs say which page they belong to in their display metadata
(`{"seuranta": {"page": "divisions/kanslia.html", "title": "..."}}`); render.py splits the
executed notebooks into pages by it. An output without it belongs to the overview, `index.html`;
an output of page `*` belongs to every page that its notebook names (the inline CSS and
plotly.js, for example). Paths are relative to the language folder, `reports/<period>/<lang>/`.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping
from typing import Any

META_KEY = "seuranta"
INDEX = "index.html"
SHARED = "*"
DIVISIONS_DIR = "divisions"

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_PAGE_PATH = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]{0,80}/)?[A-Za-z0-9][A-Za-z0-9_-]{0,80}\.html$")


def file_name(code: str) -> str:
    """A file name for a configured code: the code itself when it is a safe name (letters,
    digits, `_`, `-`), else its safe characters and a short hash, so two codes never share one."""
    if _SAFE_NAME.match(code):
        return code
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", code).strip("-_")[:40] or "x"
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"


def division_page(code: str) -> str:
    """The page of one division, e.g. `divisions/kanslia.html`."""
    return f"{DIVISIONS_DIR}/{file_name(code)}.html"


def check_page(page: str) -> str:
    """`page` if it is a page path a report may write (`name.html` or `folder/name.html`)."""
    if page != SHARED and not _PAGE_PATH.match(page):
        raise ValueError(f"not a report page path: {page!r} (expected e.g. divisions/kanslia.html)")
    return page


def href(from_page: str, to_page: str) -> str:
    """The relative link from one page to another of the same language."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def other_language_href(page: str, lang: str) -> str:
    """The relative link from `page` to the same page in the language folder `lang`."""
    depth = page.count("/") + 1  # up from the page's folder to reports/<period>/
    return "../" * depth + f"{lang}/{page}"


def metadata(page: str, title: str | None = None) -> dict[str, Any]:
    """The display metadata that puts an output on `page` (and gives that page its title)."""
    meta: dict[str, str] = {"page": check_page(page)}
    if title is not None:
        meta["title"] = title
    return {META_KEY: meta}


def page_of(output: Mapping[str, Any]) -> tuple[str, str | None]:
    """(page, title) of a notebook output, from its metadata; the overview when it has none."""
    meta = output.get("metadata", {}).get(META_KEY) or {}
    return check_page(str(meta.get("page", INDEX))), meta.get("title")
