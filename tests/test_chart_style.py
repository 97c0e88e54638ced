"""The charts' house style: colours readable against the page, whole-number count axes, and
trend lines told apart by more than colour."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.report import theme
from analysis.report.charts import count_step
from analysis.report.components import bar_chart
from analysis.report.pages import Page
from tests.conftest import assert_valid_figures

EN = Page(lang="en", period="2025")


def contrast(colour: str, background: str = "#ffffff") -> float:
    """WCAG 2.1 contrast ratio of two sRGB colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted([luminance(colour), luminance(background)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_of_the_reference_pair() -> None:
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#E69F00") == pytest.approx(2.25, abs=0.01)  # Okabe-Ito orange: too light


COLOURS = [
    *theme.STATUS_COLOURS.values(),
    *theme.SERIES_COLOURS,
    theme.RATE_COLOUR,
    theme.OVERALL_COLOUR,
]


@pytest.mark.parametrize("colour", COLOURS)
def test_every_chart_colour_is_at_least_3_to_1_against_the_page(colour: str) -> None:
    assert contrast(colour) >= 3.0, colour  # WCAG 2.1 SC 1.4.11


def test_divisions_are_not_drawn_in_status_colours() -> None:
    assert not set(theme.SERIES_COLOURS) & set(theme.STATUS_COLOURS.values())
    assert len(set(theme.SERIES_COLOURS)) == len(theme.SERIES_COLOURS)


@pytest.mark.parametrize(
    ("largest", "step"),
    [(0, 1), (4, 1), (8, 1), (9, 2), (16, 2), (17, 5), (41, 10), (81, 20), (1000, 200)],
)
def test_a_count_axis_steps_by_whole_numbers(largest: int, step: int) -> None:
    assert count_step(largest) == step
    assert largest / step <= 8


def test_a_count_chart_has_whole_number_ticks(drawn_figures) -> None:
    """The applications axis read '0 1 1 2 2 3 3 4 4': plotly put ticks at halves and wrote
    them as whole numbers."""
    frame = pd.DataFrame({"name": ["A", "B", "C"], "measures": [4, 1, 0]})
    bar_chart(frame, x="name", y="measures", title_key="chart.division.title", page=EN)
    [fig] = drawn_figures
    assert_valid_figures(drawn_figures)
    axis = fig["layout"]["yaxis"]
    assert axis["dtick"] == 1 and axis["tickformat"] == ",d"
