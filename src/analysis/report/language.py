"""Text shown on a page in another language than the page's: in its own `lang`, visibly marked.

A division writes its goals, measures and reports in its own language, and a configuration may
lack a name in Swedish. Where a page shows such a text untranslated, `in_language` wraps it in an
element with its `lang` (so a screen reader pronounces it right, WCAG 2.1 SC 3.1.2) followed by
a marker in the page's language, "(suomeksi)", "(på finska)" or "(in Finnish)": never silently.
Every part of a page that shows free text from the sheets goes through here.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.report.html import Html, concat, esc, escaped, listed, text_array, text_of
from analysis.report.pages import Page

MARK_CLASS = "sr-lang-mark"
OTHER_CLASS = "sr-other-lang"


def in_language(text: object, lang: object, page: Page) -> Html:
    """`text` as markup on `page`: as it is in the page's language, else in its own `lang`
    with the marker of that language."""
    shown = esc(text_of(text))
    if not shown or not isinstance(lang, str) or lang == page.lang:
        return Html(shown)
    before, after = _wrapping(lang, page)
    return Html(f"{before}{shown}{after}")


def _wrapping(lang: str, page: Page) -> tuple[str, str]:
    """The markup before and after a text in `lang` on `page`: its `lang`, then the marker. One
    element: a phone's stacked table cell keeps the text and its marker together."""
    marker = esc(page.t(f"language.in.{lang}"))
    return (
        f'<span class="{OTHER_CLASS}"><span lang="{esc(lang)}">',
        f'</span> <span class="{MARK_CLASS}">{marker}</span></span>',
    )


def marked(frame: pd.DataFrame, page: Page, fields: Sequence[str]) -> pd.DataFrame:
    """`frame` with each of `fields` that has a `<field>_lang` column as markup in its language
    (`in_language` of each cell, a column at a time)."""
    shown = {
        field: in_languages(frame[field], frame[f"{field}_lang"], page)
        for field in fields
        if field in frame.columns and f"{field}_lang" in frame.columns
    }
    return frame.assign(**shown)


def in_languages(texts: pd.Series, langs: pd.Series, page: Page) -> list[Html]:
    """`in_language` of each text of a column with the language beside it."""
    return [Html(markup) for markup in in_languages_markup(texts, langs, page)]


def in_languages_markup(texts: pd.Series, langs: pd.Series, page: Page) -> list[str]:
    """The markup of `in_languages`, built a column at a time (every division's measures)."""
    shown = escaped(text_array(texts))
    codes = [lang if isinstance(lang, str) else None for lang in listed(langs)]
    own = pa.array(codes, type=pa.large_string())
    filled = pc.greater(pc.binary_length(shown), 0)
    for lang in sorted({code for code in codes if code is not None and code != page.lang}):
        before, after = _wrapping(lang, page)
        wrapped = concat(before, shown, after)
        other = pc.fill_null(pc.equal(own, lang), False)
        shown = pc.if_else(pc.and_(other, filled), wrapped, shown)
    return shown.to_pylist()
