"""The report's look: the palette of its charts and swatches, its font, and its CSS (theme.css).

The colours are Okabe-Ito's (and a neutral grey), told apart with the common colour-vision
deficiencies. theme.css styles the report's own parts (key figures, tables, figures); the page
around them comes from the nbconvert template or Quarto.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources

from analysis.report.html import Html, each_once, esc, text_of

# One colour per status: Okabe-Ito's hues, darkened where needed so that every colour has a
# contrast of at least 3:1 against the white page (WCAG 2.1 SC 1.4.11, non-text contrast).
STATUS_COLOURS: Mapping[str, str] = {
    "done": "#00805C",
    "in_progress": "#0072B2",
    "not_started": "#767676",
    "delayed": "#B07800",
    "cancelled": "#AD5A8E",
}
RATE_COLOUR = "#0072B2"  # a chart's bars when one series is shown
OVERALL_COLOUR = "#000000"  # the whole city beside its divisions
# Divisions and other series: hues of Paul Tol's muted scheme, none of them a status colour,
# each at least 3:1 against white; the trend lines also differ by dash and are named at their end.
SERIES_COLOURS = ("#332288", "#117733", "#882255", "#1F6F8B", "#AA4499", "#7A7A2E", "#B34D5E")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'


@cache
def css() -> str:
    """The report's stylesheet, inlined in every page."""
    return resources.files("analysis.report").joinpath("theme.css").read_text(encoding="utf-8")


def swatch(status: str) -> str:
    """A small square in the status's colour, hidden from screen readers (the name follows)."""
    colour = STATUS_COLOURS.get(status, "#ffffff")
    return f'<span class="sr-swatch" aria-hidden="true" style="background-color:{colour}"></span>'


@lru_cache(maxsize=256)  # a page can list thousands of measures with a handful of statuses
def status_cell(status: str, name: str) -> Html:
    """A status shown by its name (in the page's language) with its colour."""
    return Html(f'<span class="sr-nowrap">{swatch(status)}{esc(name)}</span>')


def status_cells(statuses: Iterable[object], names: Mapping[str, str]) -> list[Html]:
    """The cell of each status of a column, named by `names`; an unknown status by its code."""
    return each_once(map(text_of, statuses), lambda code: status_cell(code, names.get(code, code)))
