"""Where each part of a report belongs and how it speaks: pages, their paths, metadata, links.

A `Page` is one page of the report in one language: its path, its title, the run's languages
(the pages link to the others) and the locale's texts and number formats, so that a section or
an analyst's chart formats every value the same way.

A report notebook's outputs say which page they belong to in their display metadata
(`{"seuranta": {"page": "divisions/kanslia.html", "title": "..."}}`); render.py splits the
executed notebooks into pages by it. An output without it belongs to the overview, `index.html`;
an output of page `*` belongs to every page that its notebook names (the inline CSS and
plotly.js, for example). Paths are relative to the language folder, `reports/<period>/<lang>/`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from analysis.i18n import LANGS, MISSING, fmt_date, fmt_eur, fmt_int, fmt_percent, t
from analysis.publication import Audience

META_KEY = "seuranta"
INDEX = "index.html"
SHARED = "*"
# the page of an output for every page of its notebook that shows a chart (plotly.js)
CHARTED = "*charts"
DIVISIONS_DIR = "divisions"
# A long list on the overview (measures needing attention, changes, findings) shows this many
# rows, the most urgent first; all of them are in indicators.xlsx.
LIST_ROWS = 50

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


def measure_anchor(measure_id: object) -> str:
    """The id of a measure's row on its division page, e.g. `m-KANS-04`."""
    return f"m-{file_name(str(measure_id))}"


def measure_href(from_page: str, division: object, measure_id: object) -> str:
    """The link from `from_page` to a measure's row on its division's page."""
    return f"{href(from_page, division_page(str(division)))}#{measure_anchor(measure_id)}"


def period_href(page: str, period: str, lang: str) -> str:
    """The relative link from `page` to the same page of another period's report (the
    periods' folders sit side by side: reports/<period>/<lang>/)."""
    return "../" * (page.count("/") + 2) + f"{period}/{lang}/{page}"


def check_page(page: str) -> str:
    """`page` if it is a page path a report may write (`name.html` or `folder/name.html`)."""
    if page not in (SHARED, CHARTED) and not _PAGE_PATH.match(page):
        raise ValueError(f"not a report page path: {page!r} (expected e.g. divisions/kanslia.html)")
    return page


def href(from_page: str, to_page: str) -> str:
    """The relative link from one page to another of the same language."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def other_language_href(page: str, lang: str) -> str:
    """The relative link from `page` to the same page in the language folder `lang`."""
    depth = page.count("/") + 1  # up from the page's folder to reports/<period>/
    return "../" * depth + f"{lang}/{page}"


WORKBOOK = "indicators.xlsx"  # written beside the language folders: reports/<period>/


def workbook_name(lang: str, langs: Sequence[str]) -> str:
    """The workbook of the report in `lang`: indicators.xlsx in the run's first language (the
    name analysts and scripts rely on), indicators.<lang>.xlsx in each further one."""
    return WORKBOOK if lang == langs[0] else WORKBOOK.replace(".xlsx", "." + lang + ".xlsx")


def workbook_href(page: str, name: str = WORKBOOK) -> str:
    """The relative link from `page` to the period's workbook `name`."""
    return "../" * (page.count("/") + 1) + name


OPEN_DATA = "data/datapackage.json"  # the open data, beside the language folders
ACCESSIBILITY = "accessibility.html"  # the accessibility statement, in each language folder


def open_data_href(page: str) -> str:
    """The relative link from `page` to the description of the period's open data."""
    return "../" * (page.count("/") + 1) + OPEN_DATA


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


def missing(value: object) -> bool:
    """Whether a value from a table is missing (NULL, NaN, NaT)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def run_languages(langs: str | Sequence[str]) -> tuple[str, ...]:
    """The run's languages from `"fi,en"` or `("fi", "en")`, each checked."""
    found = tuple(lang.strip() for lang in (langs.split(",") if isinstance(langs, str) else langs))
    unknown = [lang for lang in found if lang not in LANGS]
    if unknown or not found:
        raise ValueError(
            f"unknown report language(s) {', '.join(map(repr, unknown))}: expected one or more "
            f"of {', '.join(LANGS)}"
        )
    return found


@dataclass(frozen=True)
class Page:
    """One page of the report in one language, and the texts and formats of that language."""

    lang: str
    period: str
    langs: tuple[str, ...] = LANGS  # the run's languages: the page links to the others
    path: str = INDEX
    title: str | None = None  # the page's <title>; the overview's comes from the renderer
    rendered_on: dt.date = field(default_factory=dt.date.today)
    audience: Audience = field(default_factory=Audience)  # internal, or public (see publication)

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(
                f"unknown report language {self.lang!r}: expected one of {', '.join(LANGS)}"
            )
        if self.lang not in self.langs:
            raise ValueError(f"the page's language {self.lang!r} is not one of the run's")
        check_page(self.path)

    def on(self, path: str, title: str) -> Page:
        """Another page of the same report: same language, period and run."""
        return replace(self, path=path, title=title)

    @property
    def shows_names(self) -> bool:
        """Whether this page may name the owners of the measures (not on a public report,
        unless publication.yml allows it)."""
        return self.audience.shows_names

    @property
    def shows_quality(self) -> bool:
        """Whether this page shows the data-quality findings and the ingest's warnings."""
        return self.audience.shows_quality

    @property
    def other_langs(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.langs if lang != self.lang)

    def t(self, key: str, **values: object) -> str:
        """The catalogue's text of `key` in the page's language; `{period}` is the report's
        unless `values` say otherwise."""
        return t(key, self.lang, **{"period": self.period, **values})

    def num(self, value: object) -> str:
        """A whole number in the locale (fi `1 234`, en `1,234`); `–` when missing."""
        return MISSING if missing(value) else fmt_int(int(value), self.lang)

    def pct(self, rate: object, digits: int = 1) -> str:
        """A rate of 0..1 as a percentage to one decimal, as everywhere in the report and in
        indicators.xlsx (fi `52,3 %`, en `52.3%`; rounded half up); `–` when missing."""
        return fmt_percent(None if missing(rate) else float(rate), self.lang, digits)

    def eur(self, amount: object) -> str:
        """Whole euros (fi `1 000 €`, en `€1,000`); `–` when missing."""
        return MISSING if missing(amount) else fmt_eur(float(amount), self.lang)

    def long_date(self, value: object) -> str:
        """A date written out (fi `5. maaliskuuta 2025`, en `5 March 2025`); `–` when missing."""
        return MISSING if missing(value) else fmt_date(pd.Timestamp(value).date(), self.lang)

    def progress(self, pct: object) -> str:
        """Progress % from a sheet (0-100) as a percentage; `–` when not given."""
        return self.pct(None if missing(pct) else float(pct) / 100, 0)  # whole, as typed
