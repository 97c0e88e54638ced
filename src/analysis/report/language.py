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

from analysis.report.html import Html, esc, text_of
from analysis.report.pages import Page

MARK_CLASS = "sr-lang-mark"
OTHER_CLASS = "sr-other-lang"


def in_language(text: object, lang: object, page: Page) -> Html:
    """`text` as markup on `page`: as it is in the page's language, else in its own `lang`
    with the marker of that language."""
    shown = esc(text_of(text))
    if not shown or not isinstance(lang, str) or lang == page.lang:
        return Html(shown)
    marker = page.t(f"language.in.{lang}")
    return Html(  # one element: a phone's stacked table cell keeps the text and its marker together
        f'<span class="{OTHER_CLASS}"><span lang="{esc(lang)}">{shown}</span> '
        f'<span class="{MARK_CLASS}">{esc(marker)}</span></span>'
    )


def marked(frame: pd.DataFrame, page: Page, fields: Sequence[str]) -> pd.DataFrame:
    """`frame` with each of `fields` that has a `<field>_lang` column as markup in its language."""
    shown = {
        field: [
            in_language(text, lang, page)
            for text, lang in zip(frame[field], frame[f"{field}_lang"], strict=True)
        ]
        for field in fields
        if field in frame.columns and f"{field}_lang" in frame.columns
    }
    return frame.assign(**shown)
